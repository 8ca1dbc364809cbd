"""Administrators' Open311 and back-office pages (/admin/open311): the services the API
offers, API keys (shown once when issued, revocable) and webhooks (their secret shown once);
and an enquiry's webhook delivery log for staff."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ieg.blueprints.common import get_or_404, get_typed, show_on_form
from ieg.blueprints.open311_forms import KeyForm, ServiceForm, WebhookForm
from ieg.casework import eform_definitions, queries as casework_queries
from ieg.extensions import db
from ieg.input_errors import InputError
from ieg.models import ApiKey, CaseType, Webhook
from ieg.open311 import keys, outbound, services
from ieg.security import require
from ieg.timeutil import utcnow

bp = Blueprint("open311_admin", __name__)


def _choices(service_form: ServiceForm, webhook_form: WebhookForm) -> None:
    kinds = [("", "Choose a case type")] + [(str(k.id), k.name) for k in casework_queries.case_types(db.session)]
    service_form.case_type.choices = webhook_form.case_type.choices = kinds
    service_form.form_slug.choices = [("", "None (no attributes)")] + [
        (f.slug, f.title) for f in eform_definitions.listed(db.session)]


def _page(service_form=None, key_form=None, webhook_form=None, issued=None, secret=None, status=200):
    service_form = service_form or ServiceForm(formdata=None, prefix="service")
    key_form = key_form or KeyForm(formdata=None, prefix="key")
    webhook_form = webhook_form or WebhookForm(formdata=None, prefix="webhook")
    _choices(service_form, webhook_form)
    return render_template("open311/admin.html", services=services.every(db.session), keys=keys.listed(db.session),
                           webhooks=outbound.listed(db.session), service_form=service_form, key_form=key_form,
                           webhook_form=webhook_form, issued=issued, secret=secret), status


def _case_type(value: str):
    return get_typed(CaseType, value)


@bp.get("/admin/open311")
def overview():
    require("open311.manage")
    return _page()


@bp.post("/admin/open311/services")
def save_service():
    require("open311.manage")
    form = ServiceForm(prefix="service")  # three forms on one page: their fields' ids must differ
    _choices(form, WebhookForm(formdata=None, prefix="webhook"))
    if form.validate():
        try:
            services.configure(db.session, current_user, utcnow(), _case_type(form.case_type.data),
                               code=form.code.data, group=form.group.data, keywords=form.keywords.data,
                               description=form.description.data, form_slug=form.form_slug.data,
                               active=form.active.data)
        except InputError as error:
            db.session.rollback()
            show_on_form(form, error, "code")
        else:
            db.session.commit()
            flash(f"Service {form.code.data} saved.", "success")
            return redirect(url_for("open311_admin.overview"))
    return _page(service_form=form, status=400)


@bp.post("/admin/open311/keys")
def issue_key():
    require("open311.manage")
    form = KeyForm(prefix="key")
    if form.validate():
        try:
            record, key = keys.issue(db.session, current_user, utcnow(), form.client.data)
        except InputError as error:
            db.session.rollback()
            show_on_form(form, error, "client")
        else:
            db.session.commit()
            # Shown on this response only: it is kept hashed and never shown again.
            return _page(issued=(record, key))
    return _page(key_form=form, status=400)


@bp.post("/admin/open311/keys/<int:key_id>/revoke")
def revoke_key(key_id: int):
    require("open311.manage")
    record = get_or_404(ApiKey, key_id)
    keys.revoke(db.session, current_user, utcnow(), record)
    db.session.commit()
    flash(f"The key for {record.client} ({record.prefix}...) is revoked: requests with it are refused.", "success")
    return redirect(url_for("open311_admin.overview"))


@bp.post("/admin/open311/webhooks", defaults={"webhook_id": None})
@bp.post("/admin/open311/webhooks/<int:webhook_id>")
def save_webhook(webhook_id):
    require("open311.manage")
    hook = get_or_404(Webhook, webhook_id) if webhook_id else None
    form = WebhookForm(prefix="webhook")
    _choices(ServiceForm(formdata=None, prefix="service"), form)
    if form.validate():
        try:
            hook, secret = outbound.configure(db.session, current_user, utcnow(), hook,
                                              case_type=_case_type(form.case_type.data), name=form.name.data,
                                              url=form.url.data, active=form.active.data)
        except InputError as error:
            db.session.rollback()
            show_on_form(form, error, "url")
        else:
            db.session.commit()
            if secret:
                return _page(secret=(hook, secret))
            flash(f"Webhook {hook.name} saved.", "success")
            return redirect(url_for("open311_admin.overview"))
    return _page(webhook_form=form, status=400)


@bp.get("/staff/enquiries/<reference>/deliveries")
def deliveries(reference: str):
    enquiry = casework_queries.enquiry(db.session, reference[:40])
    if enquiry is None:
        abort(404)
    require("enquiry.view", enquiry)
    return render_template("open311/deliveries.html", enquiry=enquiry,
                           deliveries=outbound.deliveries_for(db.session, enquiry))
