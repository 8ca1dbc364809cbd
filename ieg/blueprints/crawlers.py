"""The files crawlers and browsers ask every site for by fixed names: /robots.txt,
/sitemap.xml and /favicon.ico. Registered before `public`, whose /<section>/ would
otherwise redirect them to a section that does not exist."""
from flask import Blueprint, Response, current_app, send_from_directory, url_for

from ieg.cache import cacheable
from ieg.content import az, sitemap
from ieg.participation import consultations
from ieg.democracy import queries as democracy_queries
from ieg.directory import queries as directory_queries
from ieg.extensions import db
from ieg.timeutil import to_local, utcnow
from ieg.whatson import queries as whatson_queries

bp = Blueprint("crawlers", __name__)

# Where nobody but staff has business, and pages of one visitor's own (search results,
# an enquiry opened from its tracking link): crawlers keep out.
PRIVATE = ("/staff/", "/edit/", "/admin/", "/evidence/", "/account/", "/login", "/logout", "/signed-out",
           "/forgot-password", "/reset-password/", "/track/", "/search?", "/search/", "/feedback/")
PRIVATE += ("/whats-on/manage/",)
# The public pages at fixed addresses, besides sections, pages and forms.
FIXED = ("public.home", "az.index", "public.contact", "public.pay", "track.track", "service_standards.index",
         "public.accessibility")
FIXED += ("usage.statistics",)


def _base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


@bp.get("/robots.txt")
@cacheable
def robots():
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE), "",
             f"Sitemap: {_base_url()}{url_for('crawlers.sitemap_xml')}"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.get("/sitemap.xml")
@cacheable
def sitemap_xml():
    content, newest = sitemap.content_entries(db.session)
    fixed = [sitemap.Entry(url_for(endpoint), newest if endpoint == "public.home" else None) for endpoint in FIXED]
    letters = [sitemap.Entry(url_for("az.letter", letter=letter))
               for letter, present in az.letters(az.entries(db.session)) if present]
    entries = fixed + letters + content + sitemap.form_entries(db.session) + consultations.sitemap_entries(db.session)
    entries += democracy_queries.sitemap_entries(db.session)
    entries += whatson_queries.sitemap_entries(db.session, to_local(utcnow(), current_app.config["TIMEZONE"]).date())
    entries += directory_queries.sitemap_entries(db.session)
    return Response(sitemap.document(_base_url(), entries), mimetype="application/xml")


@bp.get("/favicon.ico")
def favicon():
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=86400)
