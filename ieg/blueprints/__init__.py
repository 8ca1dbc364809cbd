"""Thin views: parse -> authorise -> call a service -> commit -> render."""
from flask import Flask


def register(app: Flask) -> None:
    from ieg.blueprints import (account, admin, audit_log, auth, az, bvpi, casework_lists, crawlers, customers, edit,
                                eforms_admin, evidence, evidence_casework, eforms, health, public, reports, search,
                                search_admin, service_standards, staff, standards_admin, track)
    from ieg.blueprints import open311, open311_admin

    for module in (health, auth, account, edit, staff, customers, casework_lists, evidence, admin, eforms_admin, az, search,
                   search_admin, track, eforms, standards_admin, service_standards, reports, bvpi,
                   evidence_casework, audit_log, crawlers):
        app.register_blueprint(module.bp)
    from ieg.blueprints import alerts, consultations, councillors, meetings, usage
    for module in (councillors, meetings, consultations, alerts, open311, open311_admin, usage):
        app.register_blueprint(module.bp)
    # Last: it owns /<section>/, which must not shadow the fixed paths above.
    app.register_blueprint(public.bp)
