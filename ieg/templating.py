"""What every template can use: council branding, permissions, date formatting."""
from __future__ import annotations

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from ieg.people.permissions import ROLE_LABELS, can
from ieg.timeutil import format_local


def _staff_navigation() -> list[tuple[str, str, str]]:
    """(endpoint, label, action) for the header links a signed-in user may follow."""
    items = [
        ("edit.dashboard", "Edit", "edit.dashboard"),
        ("staff.dashboard", "Casework", "staff.dashboard"),
        ("evidence.dashboard", "Evidence", "evidence.view"),
        ("admin.dashboard", "Admin", "admin.dashboard"),
        ("account.view", "Your account", "account.view"),
    ]
    return [(endpoint, label) for endpoint, label, action in items if can(current_user, action)]


def init_app(app: Flask) -> None:
    fixed: dict[tuple, str] = {}

    @app.template_global()
    def fixed_url_for(endpoint: str, **values) -> str:
        """url_for for the links every page repeats (the stylesheet, the footer's), built
        once per process: they depend on nothing in the request but where the app is
        mounted. Building them afresh cost a twentieth of a page view."""
        key = (request.script_root, endpoint, *sorted(values.items()))
        if key not in fixed:
            fixed[key] = url_for(endpoint, **values)
        return fixed[key]

    @app.context_processor
    def council():
        cfg = current_app.config
        return {
            "council": {
                "name": cfg["COUNCIL_NAME"],
                "logo_text": cfg["LOGO_TEXT"],
                "area": cfg["COUNCIL_AREA"],
                "email": cfg["CONTACT_EMAIL"],
                "phone": cfg["CONTACT_PHONE"],
            },
            "can": lambda action, obj=None: can(current_user, action, obj),
            "staff_navigation": _staff_navigation,
            "app_version": cfg["VERSION"],
        }

    @app.template_filter("local_datetime")
    def local_datetime(value):
        return format_local(value, current_app.config["TIMEZONE"])

    @app.template_filter("local_date")
    def local_date(value):
        return format_local(value, current_app.config["TIMEZONE"], with_time=False)

    @app.template_filter("file_size")
    def file_size(size: int) -> str:
        from ieg.content.attachments import human_size
        return human_size(size)

    @app.template_filter("attachment_label")
    def attachment_label(attachment) -> str:
        from ieg.content.attachments import label
        return label(attachment)

    @app.template_filter("role_label")
    def role_label(role: str) -> str:
        return ROLE_LABELS.get(role, role)
