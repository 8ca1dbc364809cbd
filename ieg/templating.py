"""What every template can use: council branding, permissions, date formatting."""
from __future__ import annotations

from types import SimpleNamespace

from flask import Flask, current_app, has_request_context, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from ieg import figures
from ieg.people.permissions import ROLE_LABELS, can
from ieg.timeutil import format_local


def _staff_navigation() -> list[tuple[str, str, str]]:
    """(endpoint, label, action) for the header links a signed-in user may follow."""
    items = [
        ("edit.dashboard", "Edit", "edit.dashboard"),
        ("consultations.manage", "Consultations", "edit.dashboard"),
        ("staff.dashboard", "Casework", "staff.dashboard"),
        ("evidence.dashboard", "Evidence", "evidence.view"),
        ("admin.dashboard", "Admin", "admin.dashboard"),
        ("whats_on.manage", "Events and vacancies", "whatson.dashboard"),
        ("account.view", "Your account", "account.view"),
    ]
    return [(endpoint, label) for endpoint, label, action in items if can(current_user, action)]


def egms(council, title, creator, created=None, modified=None, subjects=(), coverage=None,
         keywords="") -> Markup:
    """e-GMS metadata (docs/design.md 3.3): Dublin Core in every public page's head (G21).

    Written out here rather than as a Jinja macro: importing and calling the macro cost
    about a twentieth of a page view. The markup, blank lines included, is the macro's.
    """
    parts = ['<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">\n'
             '  <link rel="schema.DCTERMS" href="http://purl.org/dc/terms/">\n'
             '  <link rel="schema.eGMS" href="http://www.esd.org.uk/standards/egms/3.1/egms-schema#">\n'
             '  <meta name="DC.title" content="', escape(title),
             '">\n  <meta name="DC.creator" content="', escape(creator),
             '">\n  <meta name="DC.publisher" content="', escape(council.name), '">\n']
    # The dates as strftime('%Y-%m-%d') writes them, at a third of the cost.
    if created:
        parts.append(f'<meta name="DCTERMS.created" scheme="DCTERMS.W3CDTF" content="'
                     f'{created.year}-{created.month:02d}-{created.day:02d}">')
    if modified:
        parts.append(f'<meta name="DCTERMS.modified" scheme="DCTERMS.W3CDTF" content="'
                     f'{modified.year}-{modified.month:02d}-{modified.day:02d}">')
    for code, label in subjects:
        parts += ('<meta name="DC.subject" scheme="eGMS.LGSL" content="', escape(code), " ", escape(label),
                  '">\n')
    if keywords:
        parts += ('<meta name="DC.subject" content="', escape(keywords), '">')
    parts += ('  <meta name="DC.language" scheme="DCTERMS.ISO639-2" content="eng">\n'
              '  <meta name="DCTERMS.spatial" content="', escape(coverage or council.area),
              '">\n  <meta name="eGMS.accessibility" scheme="eGMS.WCAG22" content="AA">')
    return Markup("".join(parts))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["egms"] = egms
    app.jinja_env.filters["percent"] = figures.percent_text  # the one way a percentage is written

    fixed: dict[tuple, str] = {}
    layouts: dict[str, SimpleNamespace] = {}

    @app.template_global()
    def fixed_url_for(endpoint: str, **values) -> str:
        """url_for for the links public pages repeat (a section's, a page's feedback form),
        built once per process: a link depends on nothing in the request but where the app
        is mounted, and there are as many as the site has sections and pages. Building them
        afresh cost a twentieth of a page view."""
        key = (request.script_root, endpoint, *values.items())
        found = fixed.get(key)
        if found is None:
            found = fixed[key] = url_for(endpoint, **values)
        return found

    def layout_links() -> SimpleNamespace | None:
        """The links base.html puts on every page (`links.stylesheet`), built once per
        process and mount point: as attributes they cost a template less than calls."""
        if not has_request_context():
            return None
        root = request.script_root
        found = layouts.get(root)
        if found is None:
            found = layouts[root] = SimpleNamespace(
                favicon=url_for("static", filename="favicon.svg"),
                stylesheet=url_for("static", filename="dist/ieg.css"),
                branding=url_for("public.branding"),
                script=url_for("static", filename="dist/init.mjs"),
                home=url_for("public.home"),
                accessibility=url_for("public.accessibility"),
                sign_in=url_for("auth.login"),
            )
        return found

    @app.context_processor
    def council():
        cfg = current_app.config
        return {
            "links": layout_links(),
            # Attributes, not a dict: Jinja tries getattr before [], and a dict's miss
            # raises, a microsecond each time a page shows the council's name.
            "council": SimpleNamespace(
                name=cfg["COUNCIL_NAME"],
                logo_text=cfg["LOGO_TEXT"],
                area=cfg["COUNCIL_AREA"],
                email=cfg["CONTACT_EMAIL"],
                phone=cfg["CONTACT_PHONE"],
            ),
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

    @app.template_filter("browser_name")
    def browser_name(user_agent: str) -> str:
        from ieg.people.sessions import browser_name as name
        return name(user_agent)

    @app.template_filter("role_label")
    def role_label(role: str) -> str:
        return ROLE_LABELS.get(role, role)

    # Casework values read the same everywhere (ieg.casework.labels).
    from ieg.casework import labels as casework_labels
    app.add_template_filter(casework_labels.status, "status_label")
    app.add_template_filter(casework_labels.channel, "channel_label")
    app.add_template_filter(casework_labels.event, "event_label")

    @app.template_filter("postal_address")
    def postal_address(address, postcode=None) -> Markup:
        """An address with its postcode on a line of its own, as lines a screen reader and a
        copy keep apart (not only a style)."""
        return Markup("<br>").join(escape(line) for line in casework_labels.address_lines(address, postcode))

    from ieg.paging import numbers as page_numbers
    app.jinja_env.globals["page_numbers"] = page_numbers
