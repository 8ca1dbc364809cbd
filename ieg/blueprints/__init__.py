"""Thin views: parse -> authorise -> call a service -> commit -> render."""
from flask import Flask


def register(app: Flask) -> None:
    from ieg.blueprints import (account, admin, alerts, audit_log, auth, az, bvpi, casework_lists, consultations,
                                councillors, crawlers, customers, edit, eforms, eforms_admin, evidence,
                                evidence_casework, health, meetings, open311, open311_admin, public, reports, search,
                                search_admin, service_standards, staff, standards_admin, track, usage)
    from ieg.blueprints import whats_on
    from ieg.blueprints import news
    from ieg.blueprints import directory
    from ieg.blueprints import metrics

    for module in (health, auth, account, edit, staff, customers, casework_lists, evidence, admin, eforms_admin, az, search,
                   search_admin, track, eforms, standards_admin, service_standards, reports, bvpi,
                   evidence_casework, audit_log, crawlers, councillors, meetings, consultations, alerts, open311,
                   open311_admin, usage, whats_on, news, directory, metrics):
        app.register_blueprint(module.bp)
    # Last: it owns /<section>/, which must not shadow the fixed paths above.
    app.register_blueprint(public.bp)
