"""How a resident finds their way, over HTTP on the demo council with all its content: every
service page links a form that exists and the tracking page, never a placeholder address;
the home page's Report, Apply, Pay and Track; the contact page's every channel; /pay never
a dead end; /robots.txt, /sitemap.xml and /favicon.ico; and a staff reply's line breaks on
the tracking page."""
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timezone
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from ieg.demo import eforms as demo_forms, pages as demo_content
from ieg.casework import eform_definitions
from ieg.demo.pages import page_path, published_pages
from tests.conftest import make_app

BASE = "https://www.ashdown.example.gov.uk"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
FORM_TITLES = {f.slug: f.title for f in (*eform_definitions.STANDARD_FORMS.values(), *demo_forms.FORMS)}


@pytest.fixture(scope="module")
def site(tmp_path_factory, content_site):
    """The demo council with its content: one copy for this module's reads."""
    folder = tmp_path_factory.mktemp("resident-paths")
    shutil.copytree(content_site, folder, dirs_exist_ok=True)
    return make_app(folder, folder / "ieg.sqlite3", BASE_URL=BASE)


@pytest.fixture
def visitor(site):
    return site.test_client()


@pytest.fixture
def own_site(tmp_path, content_site):
    """A copy of the demo council this test may change."""
    shutil.copytree(content_site, tmp_path, dirs_exist_ok=True)
    return lambda **config: make_app(tmp_path, tmp_path / "ieg.sqlite3", BASE_URL=BASE, **config)


def links(html: str) -> list[str]:
    return HREF.findall(html)


def text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


# --- every service page links its form, /track, and no placeholder ---------------------------


def test_no_page_links_a_placeholder_or_a_form_that_does_not_exist(visitor):
    checked: set[str] = set()
    for page in published_pages():
        response = visitor.get(page_path(page))
        assert response.status_code == 200, page.key
        for href in links(response.get_data(as_text=True)):
            assert urlsplit(href).hostname != "services.ashdown.example.gov.uk", (page.key, href)
            if href.startswith("/forms/") and href not in checked:
                assert visitor.get(href).status_code == 200, (page.key, href)
                checked.add(href)
    # Every one of the council's forms is linked from some page.
    assert {f"/forms/{slug}" for slug in FORM_TITLES} <= checked


def test_a_service_page_links_its_own_form_and_tracking(visitor):
    body = visitor.get("/waste-and-recycling/report-a-missed-bin").get_data(as_text=True)
    assert "/forms/report-a-missed-bin" in links(body)
    assert "/track" in links(body)
    form = visitor.get("/forms/report-a-missed-bin")
    assert form.status_code == 200 and "Which bin did we miss?" in form.get_data(as_text=True)
    fly_tipping = visitor.get("/waste-and-recycling/fly-tipping").get_data(as_text=True)
    assert "map" not in fly_tipping.lower()  # the form has no map
    assert "/forms/report-fly-tipping" in links(fly_tipping)


# --- the home page, the forms index, /contact and /pay ---------------------------------------------


def test_the_home_page_offers_report_apply_pay_and_track(visitor):
    response = visitor.get("/")
    body = response.get_data(as_text=True)
    assert "Do it online" in body
    for heading in ("Report", "Apply", "Pay", "Track"):
        assert f'<h3 class="govuk-heading-m">{heading}</h3>' in body
    hrefs = links(body)
    assert "/forms/#report" in hrefs and "/forms/#apply" in hrefs and "/pay" in hrefs and "/track" in hrefs
    offered = [h for h in hrefs if h.startswith("/forms/") and "#" not in h]
    assert len(offered) == 6 and all(h.removeprefix("/forms/") in FORM_TITLES for h in offered)
    assert "/council-tax/pay-council-tax" in hrefs  # the council's own page about paying
    assert "Set-Cookie" not in response.headers


def test_the_forms_index_groups_every_form(visitor):
    body = visitor.get("/forms/").get_data(as_text=True)
    for key in ("report", "apply", "ask"):
        assert f'id="{key}"' in body
    assert all(f"/forms/{slug}" in links(body) for slug in FORM_TITLES)
    report = body[body.index('id="report"'):body.index('id="apply"')]
    assert "Report a missed bin" in report and "Claim help with rent" not in report


def test_the_contact_page_has_every_channel(visitor):
    response = visitor.get("/contact")
    assert response.status_code == 200
    body, hrefs = text(response), links(response.get_data(as_text=True))
    assert all(f"/forms/{slug}" in hrefs for slug in FORM_TITLES)  # every web form
    assert "/track" in hrefs and "/pay" in hrefs
    assert "mailto:customer.services@ashdown.example.gov.uk" in hrefs  # email
    assert "01632 960000" in body and "Monday to Friday: 9am to 5pm" in body  # phone, in working hours
    assert "Council Offices<br>High Street<br>Ashdown AS1 1AA" in body  # letters
    assert "We are open Monday to Friday, 9am to 4pm" in body  # face to face
    assert "mailto:waste@ashdown.example.gov.uk" in hrefs and "01632 960101" in body  # each service
    assert "/contact" in links(visitor.get("/accessibility").get_data(as_text=True))  # the footer


def test_the_contact_page_follows_the_configuration(own_site):
    client = own_site(CONTACT_ADDRESS="Town Hall, Market Place, Fernley FE1 2AB", OFFICE_HOURS="").test_client()
    body = text(client.get("/contact"))
    assert "Town Hall<br>Market Place<br>Fernley FE1 2AB" in body
    assert "In person" not in body  # no visits offered


def test_pay_without_a_payments_site_says_how_to_pay(visitor):
    response = visitor.get("/pay")
    body, hrefs = text(response), links(response.get_data(as_text=True))
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert "Pay online" not in body
    assert "Call 01632 960000 to pay by debit or credit card" in body
    assert "Send a cheque payable to Ashdown District Council" in body
    assert {"/council-tax/pay-council-tax", "/parking/penalty-charge-notices/pay-a-penalty-charge-notice"} <= set(hrefs)
    assert all(not h.startswith("http") for h in hrefs)  # nothing dead to follow


@pytest.mark.parametrize("configured,linked", [
    ("https://pay.ashdown.example.gov.uk/", True), ("javascript:alert(1)", False), ("pay here", False)])
def test_pay_links_the_payments_site_only_when_it_is_an_address(own_site, configured, linked):
    body = own_site(PAYMENTS_URL=configured).test_client().get("/pay").get_data(as_text=True)
    assert ('href="https://pay.ashdown.example.gov.uk/"' in body) is linked
    assert "Pay online" in body if linked else "Pay online" not in body
    assert "javascript:" not in body


def test_a_form_made_live_shows_at_once_on_the_cached_public_pages(own_site):
    from ieg.casework import form_builder
    from ieg.extensions import db
    from ieg.models import EForm, User

    app = own_site()
    client = app.test_client()
    assert "/forms/report-dog-fouling" in links(client.get("/contact").get_data(as_text=True))
    assert client.get("/contact").headers.get("X-Cache") == "hit"
    with app.app_context():
        record = db.session.scalar(select(EForm).where(EForm.slug == "report-dog-fouling"))
        admin = db.session.scalar(select(User).where(User.email == "admin@ashdown.example.gov.uk"))
        form_builder.set_live(db.session, record, False, admin)
        db.session.commit()
    for path in ("/contact", "/forms/", "/sitemap.xml"):
        assert "/forms/report-dog-fouling" not in client.get(path).get_data(as_text=True), path


# --- robots.txt, sitemap.xml, favicon.ico ------------------------------------------------------------


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_staff_areas(visitor):
    response = visitor.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow: ")}
    assert {"/staff/", "/edit/", "/admin/", "/evidence/", "/account/", "/login", "/track/", "/search?"} <= disallowed
    assert "/track" not in disallowed and "/forms/" not in disallowed  # residents' pages stay findable
    assert "Set-Cookie" not in response.headers and response.cache_control.public


def test_the_sitemap_lists_every_live_page_section_and_form(visitor, site):
    response = visitor.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    assert "Set-Cookie" not in response.headers and response.cache_control.public
    root = ElementTree.fromstring(response.get_data())
    assert root.tag == f"{SITEMAP}urlset"
    entries = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.iter(f"{SITEMAP}url")}
    assert len(entries) == len(root.findall(f"{SITEMAP}url"))  # each address once
    assert all(loc.startswith(BASE + "/") for loc in entries)
    paths = {loc.removeprefix(BASE): lastmod for loc, lastmod in entries.items()}
    published = {page_path(p) for p in published_pages()}
    unpublished = {page_path(p) for p in demo_content.PAGES} - published
    assert published <= set(paths) and not unpublished & set(paths)
    from ieg.demo import SECTIONS
    assert {f"/{slug}/" for slug, *_ in SECTIONS} <= set(paths)
    assert {"/", "/a-z", "/a-z/B", "/forms/", "/track", "/contact", "/pay", "/service-standards",
            "/accessibility"} <= set(paths)
    assert {f"/forms/{slug}" for slug in FORM_TITLES} <= set(paths)
    # When a page was last published, as W3C datetimes; a page's is its publication.
    for path in published:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00", paths[path]), path
    # The home page changed with the newest page of any section (the demo's consultations' pages too);
    # consultations, the meetings diary's councillors, committees and meetings, what's on and the
    # community directory's entries keep their own dates.
    newest = max((lastmod, path) for path, lastmod in paths.items() if lastmod and path != "/" and
                 not path.startswith(("/forms/", "/consultations/", "/meetings/", "/councillors/", "/whats-on/",
                                      "/directory/")))
    assert paths["/"] == newest[0], newest
    assert paths["/"] >= max(paths[path] for path in published)
    # Every address in it answers, and none asks search engines to leave it out.
    for path in paths:
        response = visitor.get(path)
        assert response.status_code == 200, path
        assert 'content="noindex"' not in response.get_data(as_text=True), path


def test_the_favicon_is_an_icon(visitor):
    response = visitor.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/vnd.microsoft.icon"
    assert response.get_data()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert response.cache_control.max_age == 86400
    response.close()


# --- the tracking page keeps a reply's lines ---------------------------------------------------


def enquiry_with_reply(app, email: str, reply: str) -> str:
    """An enquiry from `email` that staff answered with `reply`: its tracking link's token."""
    from ieg.casework import enquiries, handling
    from ieg.casework.enquiries import ContactDetails
    from ieg.config import Council
    from ieg.extensions import db
    from ieg.models import CaseType, User

    received = datetime(2026, 7, 14, 9, 30, tzinfo=timezone.utc)
    with app.app_context():
        agent = db.session.scalar(select(User).where(User.email == "contact.agent@ashdown.example.gov.uk"))
        kind = db.session.scalar(select(CaseType).where(CaseType.slug == "missed-collection"))
        customer = enquiries.find_or_create_customer(db.session, ContactDetails(name="Jo", email=email))
        found, _ = enquiries.open_enquiry(db.session, channel="web", customer=customer, case_type=kind,
                                          subject="Grey bin missed", description="", received_at=received,
                                          now=received)
        handling.reply(db.session, found, agent, reply, Council.from_config(app.config), received)
        db.session.commit()
        return enquiries.tracking_token(app.config["SECRET_KEY"], found)


def test_a_staff_reply_keeps_its_lines_and_stays_text(own_site):
    app = own_site()
    reply = "Dear Jo,\n\nWe will empty your bin on Friday.\nLeave it out, please.\n\n<b>Ashdown</b>"
    body = app.test_client().get(f"/track/{enquiry_with_reply(app, 'jo@example.com', reply)}").get_data(as_text=True)
    shown = re.findall(r'<div class="ieg-preserve-lines">(.*?)</div>', body, re.DOTALL)
    assert "Dear Jo,\n\nWe will empty your bin on Friday.\nLeave it out, please.\n\n&lt;b&gt;Ashdown&lt;/b&gt;" in shown


def test_every_fixed_first_path_segment_is_reserved_from_section_slugs(app):
    # A section at one of the site's own addresses would be shadowed by it, or shadow it.
    from ieg.content.sections import RESERVED_SLUGS

    fixed = {rule.rule.split("/")[1] for rule in app.url_map.iter_rules()} - {"", "<slug>"}
    assert fixed - RESERVED_SLUGS == set()
