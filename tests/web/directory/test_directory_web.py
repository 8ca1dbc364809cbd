"""The directory over HTTP: the public list, filters and A-Z, an entry with only public fields and its
JSON-LD, signing up (once however often sent), reporting a problem, a group editor keeping only their
own group, a moderator's checks, review and roll back, and the Open Referral UK feed."""
import json
import re

import pytest
from sqlalchemy import func, select

from ieg import files_store
from ieg.directory import entries
from ieg.extensions import db
from ieg.models import CommunityGroup, GroupProblemReport, GroupRevision, OutboxMessage, User
from ieg.models.directory import PENDING, PUBLISHED, REVISION_WAITING
from ieg.timeutil import utcnow

from tests.conftest import csrf_from, sign_in
from tests.directory_support import MAILING, NOW, entry, make_group, make_moderator, make_places
from tests.factories import DOMAIN, _password_hash, PASSWORD

MODERATOR = f"moderator@{DOMAIN}"
EDITOR_A, EDITOR_B = f"editor.a@{DOMAIN}", f"editor.b@{DOMAIN}"


@pytest.fixture
def site(app):
    """Two published groups (A serves Abbey, B the whole area) with an editor each, one pending
    group, and a moderator."""
    with app.app_context():
        session = db.session
        sport, older, abbey, bridge = make_places(session)
        make_moderator(session, MODERATOR)
        a, editor_a = make_group(session, sport, abbey, editor_email=EDITOR_A)
        b, editor_b = make_group(session, older, editor_email=EDITOR_B, name="Bridge Lunch Club",
                                 summary="Lunch for older people", email_public=True, phone_public=False,
                                 contact_name="Quentin Pendleton", contact_name_public=False)
        pending, _ = make_group(session, sport, editor_email="new@example.org", name="Pending Group",
                                published=False)
        for user in (editor_a, editor_b):
            user.password_hash = _password_hash(PASSWORD)
        session.commit()
        yield {"a": a.id, "b": b.id, "pending": pending.id, "a_slug": a.slug, "b_slug": b.slug,
               "pending_slug": pending.slug, "sport": sport.id, "older": older.id, "abbey": abbey.id}


def _text(response):
    return response.get_data(as_text=True)


def test_the_public_directory_lists_filters_and_shows_only_public_fields(client, site):
    page = client.get("/directory/")
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    body = _text(page)
    assert "Hilltop Walking Club" in body and "Bridge Lunch Club" in body and "Pending Group" not in body
    assert "2 groups" in body
    # By category, by ward (a group serving the whole area serves every ward), by letter.
    assert "Bridge Lunch Club" not in _text(client.get("/directory/?category=sport"))
    by_ward = _text(client.get("/directory/?ward=E05000002"))
    assert "Bridge Lunch Club" in by_ward and "Hilltop Walking Club" not in by_ward
    assert "Hilltop" not in _text(client.get("/directory/?letter=B")).split("<h2")[1]
    assert "1 group" in _text(client.get("/directory/?letter=h"))
    assert client.get("/directory/?category=nonsense&ward=x&letter=%F0").status_code == 200
    assert client.get("/community-directory/").headers["Location"].endswith("/directory/")

    entry_page = client.get(f"/directory/{site['a_slug']}")
    assert entry_page.status_code == 200 and "Set-Cookie" not in entry_page.headers
    shown = _text(entry_page)
    assert "<strong>walk</strong>" in shown and "Step-free entrance" in shown and "0113 496 0123" in shown
    assert "walks@example.org" not in shown  # the email is private
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', shown, re.S).group(1))
    assert ld["@type"] == "Organization" and ld["name"] == "Hilltop Walking Club"
    assert ld["telephone"] == "0113 496 0123" and "email" not in ld and ld["areaServed"] == ["Abbey"]
    assert ld["identifier"]["value"] == "1123456"
    other = _text(client.get(f"/directory/{site['b_slug']}"))
    assert "walks@example.org" in other and "0113 496 0123" not in other  # B shows email, hides phone
    assert "Pendleton" not in other
    assert client.get(f"/directory/{site['pending_slug']}").status_code == 404
    assert client.get("/directory/no-such-group").status_code == 404


def _sign_up_data(page, site, **extra):
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', _text(page)).group(1)
    data = {"csrf_token": csrf_from(page), "token": token, "person_name": "Robin Green",
            "person_email": "robin@example.org", "name": "Townley Chess Club", "summary": "Chess on Thursdays",
            "categories": str(site["sport"]), "wards": str(site["abbey"]), "venue1_address": "Library\nTownley",
            "venue1_postcode": "TS1 2BB", "email": "chess@example.org", "charity_number": ""}
    data.update(extra)
    return data


def test_the_list_is_paged_keeping_its_filters(client, site, monkeypatch):
    from ieg.directory import queries
    monkeypatch.setattr(queries, "PER_PAGE", 1)
    first = _text(client.get("/directory/?ward=E05000001"))
    assert "2 groups" in first and "Showing 1 to 1" in first and "Bridge Lunch Club" in first
    assert "/directory/?ward=E05000001&amp;page=2" in first
    second = _text(client.get("/directory/?ward=E05000001&page=2"))
    assert "Hilltop Walking Club" in second and "Bridge Lunch Club" not in second.split("<h2")[-1].split("Open data")[0]
    assert "Hilltop Walking Club" in _text(client.get("/directory/?page=99"))  # past the end: the last page


def test_a_group_signs_up_once_however_often_the_form_is_sent(client, app, site):
    page = client.get("/directory/sign-up")
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    bad = client.post("/directory/sign-up", data=_sign_up_data(page, site, summary="", charity_number="SC1"))
    assert bad.status_code == 400
    assert "Enter a line about what the group does" in _text(bad) and "England and Wales" in _text(bad)
    data = _sign_up_data(page, site)
    done = client.post("/directory/sign-up", data=data)
    assert done.status_code == 200 and "waiting for a check" in _text(done)
    assert client.post("/directory/sign-up", data=data).status_code == 200  # sent twice
    trap = client.post("/directory/sign-up", data={**data, "token": "x" * 30, "website_address": "spam"})
    assert trap.status_code == 400
    with app.app_context():
        groups = db.session.scalars(select(CommunityGroup).where(CommunityGroup.name == "Townley Chess Club")).all()
        assert len(groups) == 1 and groups[0].status == PENDING
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.to_address == "robin@example.org")) == 1
        user = db.session.scalar(select(User).where(User.email == "robin@example.org"))
        assert user.role_names == {"group_editor"} and user.id in groups[0].editor_ids
    assert "Townley Chess Club" not in _text(client.get("/directory/"))


def test_a_problem_report_reaches_moderators_and_nothing_of_it_is_public(client, app, site):
    page = client.get(f"/directory/{site['a_slug']}/report")
    assert page.status_code == 200
    empty = client.post(f"/directory/{site['a_slug']}/report", data={"csrf_token": csrf_from(page), "details": ""})
    assert empty.status_code == 400 and "Say what is wrong" in _text(empty)
    sent = client.post(f"/directory/{site['a_slug']}/report", data={
        "csrf_token": csrf_from(page), "details": "They moved to Bridge Hall", "email": "reporter@example.org"})
    assert sent.status_code == 200 and "Thank you" in _text(sent)
    assert "reporter@example.org" not in _text(client.get(f"/directory/{site['a_slug']}"))
    assert client.post(f"/directory/{site['pending_slug']}/report", data={"csrf_token": csrf_from(page)}).status_code == 404
    sign_in(client, MODERATOR)
    queue = _text(client.get("/directory/moderate/"))
    assert "They moved to Bridge Hall" in queue and "Pending Group" in queue
    with app.app_context():
        report_id = db.session.scalar(select(GroupProblemReport.id))
    dealt = client.post(f"/directory/moderate/problems/{report_id}",
                        data={"csrf_token": csrf_from(client.get("/directory/moderate/")), "outcome": "Updated"})
    assert dealt.status_code == 302
    assert "They moved to Bridge Hall" not in _text(client.get("/directory/moderate/"))


def test_a_group_editor_keeps_their_own_group_and_cannot_touch_another(client, app, site):
    landed = sign_in(client, EDITOR_A)
    assert landed.headers["Location"].endswith("/directory/manage/")
    mine = _text(client.get("/directory/manage/"))
    assert "Hilltop Walking Club" in mine and "Bridge Lunch Club" not in mine
    assert f'href="/whats-on/manage/group/{site["a"]}/events"' in mine
    assert f'href="/whats-on/manage/group/{site["a"]}/vacancies"' in mine
    form = client.get(f"/directory/manage/{site['a']}")
    assert form.status_code == 200 and "walks@example.org" in _text(form)  # their own private email
    token = csrf_from(form)
    data = {"csrf_token": token, "name": "Hilltop Walking Club", "summary": "Walks on Saturdays and Sundays",
            "categories": str(site["sport"]), "wards": str(site["abbey"]), "email": "walks@example.org"}
    saved = client.post(f"/directory/manage/{site['a']}", data=data)
    assert saved.status_code == 302
    assert "Walks on Saturdays and Sundays" in _text(client.get(f"/directory/{site['a_slug']}"))  # live at once
    bad = client.post(f"/directory/manage/{site['a']}", data={**data, "website": "javascript:alert(1)"})
    assert bad.status_code == 400 and "Enter a web address" in _text(bad)
    # Another group's entry: every action refused.
    assert client.get(f"/directory/manage/{site['b']}").status_code == 403
    assert client.post(f"/directory/manage/{site['b']}", data={**data, "name": "Taken"}).status_code == 403
    assert client.post(f"/directory/manage/{site['b']}/confirm", data={"csrf_token": token}).status_code == 403
    assert client.post(f"/directory/manage/{site['b']}/editors", data={
        "csrf_token": token, "name": "X", "person_email": "x@example.org"}).status_code == 403
    assert client.get("/directory/moderate/").status_code == 403
    confirmed = client.post(f"/directory/manage/{site['a']}/confirm", data={"csrf_token": token})
    assert confirmed.status_code == 302
    invited = client.post(f"/directory/manage/{site['a']}/editors", data={
        "csrf_token": token, "name": "Sam Jones", "person_email": "sam@example.org"})
    assert invited.status_code == 302
    with app.app_context():
        assert db.session.get(CommunityGroup, site["b"]).name == "Bridge Lunch Club"
        assert db.session.scalar(select(func.count()).select_from(GroupRevision)
                                 .where(GroupRevision.state == REVISION_WAITING)) == 1
        sam = db.session.scalar(select(User).where(User.email == "sam@example.org"))
        assert sam.id in db.session.get(CommunityGroup, site["a"]).editor_ids


def test_a_moderator_approves_rejects_and_rolls_back(client, app, site):
    with app.app_context():
        group = db.session.get(CommunityGroup, site["a"])
        editor = db.session.scalar(select(User).where(User.email == EDITOR_A))
        revision = entries.update_entry(db.session, editor, NOW, group, entry(
            db.session.get(type(group.categories[0]), site["sport"]), name="Hilltop Walking Club",
            summary="Spam spam spam"))
        db.session.commit()
        revision_id = revision.id
    assert client.get("/directory/moderate/").status_code == 302  # sign in first
    sign_in(client, MODERATOR)
    assert "Moderate the community directory" in _text(client.get("/edit/"))
    queue = client.get("/directory/moderate/")
    token = csrf_from(queue)
    change = _text(client.get(f"/directory/moderate/changes/{revision_id}"))
    assert "Spam spam spam" in change and "Friendly walks every week" in change and "Removed: " in change
    rolled = client.post(f"/directory/moderate/changes/{revision_id}/roll-back", data={"csrf_token": token})
    assert rolled.status_code == 302
    assert "Spam spam spam" not in _text(client.get(f"/directory/{site['a_slug']}"))
    refused = client.post(f"/directory/moderate/groups/{site['pending']}/reject", data={"csrf_token": token, "reason": ""})
    assert refused.status_code == 400 and "Say why" in _text(refused)
    assert client.post(f"/directory/moderate/groups/{site['pending']}/approve",
                       data={"csrf_token": token}).status_code == 302
    assert client.get(f"/directory/{site['pending_slug']}").status_code == 200
    again = client.post(f"/directory/moderate/groups/{site['pending']}/approve", data={"csrf_token": token},
                        follow_redirects=True)
    assert "Only an entry waiting" in _text(again)
    assert client.post(f"/directory/moderate/groups/{site['b']}/unpublish", data={"csrf_token": token}).status_code == 302
    assert client.get(f"/directory/{site['b_slug']}").status_code == 404
    assert client.post(f"/directory/moderate/groups/{site['b']}/nonsense", data={"csrf_token": token}).status_code == 404
    with app.app_context():
        assert db.session.get(CommunityGroup, site["pending"]).status == PUBLISHED


def test_the_open_referral_feed_pages_services_and_keeps_private_fields_out(client, site):
    about = client.get("/directory/openreferral/")
    assert about.json["version"] == "3.0"
    first = client.get("/directory/openreferral/services?per_page=1")
    assert first.headers["Access-Control-Allow-Origin"] == "*" and "Set-Cookie" not in first.headers
    body = first.json
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (2, 2, 1, 1)
    assert body["first_page"] and not body["last_page"] and not body["empty"]
    second = client.get("/directory/openreferral/services?per_page=1&page=2").json
    assert second["last_page"] and second["contents"][0]["id"] != body["contents"][0]["id"]
    beyond = client.get("/directory/openreferral/services?page=9").json
    assert beyond["empty"] and beyond["contents"] == []
    names = {s["name"]: s for s in client.get("/directory/openreferral/services").json["contents"]}
    assert set(names) == {"Hilltop Walking Club", "Bridge Lunch Club"}
    full = client.get(f"/directory/openreferral/services/{names['Hilltop Walking Club']['id']}").json
    assert full["service_areas"][0]["name"] == "Abbey" and full["email"] == ""  # private email left out
    assert full["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "TS1 1AA"
    assert "walks@example.org" not in json.dumps(full)
    term = full["attributes"][0]["taxonomy_term_id"]
    filtered = client.get(f"/directory/openreferral/services?taxonomy_term_id={term}").json
    assert [s["name"] for s in filtered["contents"]] == ["Hilltop Walking Club"]
    searched = client.get("/directory/openreferral/services?text=lunch").json
    assert [s["name"] for s in searched["contents"]] == ["Bridge Lunch Club"]
    org = client.get(f"/directory/openreferral/organizations/{full['organization_id']}").json
    assert org["name"] == "Hilltop Walking Club" and org["services"][0]["id"] == full["id"]
    assert client.get("/directory/openreferral/organizations").json["total_items"] == 2
    taxonomies = client.get("/directory/openreferral/taxonomies").json["contents"]
    terms = client.get(f"/directory/openreferral/taxonomies/{taxonomies[0]['id']}").json["taxonomy_terms"]
    assert [t["name"] for t in terms] == ["Sport and leisure", "Older people"]
    assert client.get(f"/directory/openreferral/taxonomy_terms/{term}").json["name"] == "Sport and leisure"
    assert client.get("/directory/openreferral/taxonomy_terms").json["total_items"] == 2
    for missing in ("services/nope", "organizations/nope", "taxonomies/nope", "taxonomy_terms/nope"):
        assert client.get(f"/directory/openreferral/{missing}").status_code == 404


def test_wiring_search_sitemap_the_staleness_job_and_g2_evidence(client, app, site):
    from datetime import timedelta

    from ieg.evidence import live
    from ieg.jobs import JOBS
    from tests.conftest import wait_until_indexed

    wait_until_indexed(app)
    found = _text(client.get("/search?q=walking+club"))
    assert "Hilltop Walking Club" in found and "Community group" in found
    assert "Pending Group" not in _text(client.get("/search?q=pending+group"))
    assert "Bridge Lunch Club" in _text(client.get("/search?q=lunch"))
    assert "Bridge Lunch Club" not in _text(client.get("/search?q=pendleton"))  # a private contact name
    sitemap = _text(client.get("/sitemap.xml"))
    assert f"/directory/{site['a_slug']}</loc>" in sitemap and site["pending_slug"] not in sitemap
    with app.app_context():
        g2 = live.for_ref(db.session, "G2", None, NOW + timedelta(days=30), "Europe/London")
        figures = dict(g2.figures)
        assert figures["Groups published in the directory"] == "2"
        assert figures["Confirmed or changed by the group in the last 12 months"] == "2 of 2 (100%)"
        assert figures["New groups waiting for a moderator's check"] == "1"
        assert g2.finding("green").state == "supports"
        assert JOBS["directory-staleness"].func(NOW + timedelta(days=366)) == (
            "reminded 2, reminded again 0, unpublished 0 stale entries")
        assert JOBS["directory-staleness"].func(NOW + timedelta(days=367)).startswith("reminded 0,")
        late = live.for_ref(db.session, "G2", None, NOW + timedelta(days=367), "Europe/London")
        assert late.finding("green").state == "short"


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.mark.parametrize("file_store", files_store.BACKENDS)
def test_a_group_editor_adds_a_logo_with_its_description_and_a_moderator_can_roll_it_back(client, app, site):
    import io

    sign_in(client, EDITOR_A)
    form = client.get(f"/directory/manage/{site['a']}")
    assert 'enctype="multipart/form-data"' in _text(form) and 'name="logo"' in _text(form)
    data = {"csrf_token": csrf_from(form), "name": "Hilltop Walking Club", "summary": "Friendly walks every week",
            "categories": str(site["sport"]), "wards": str(site["abbey"]), "email": "walks@example.org"}
    # No description: refused, nothing stored.
    refused = client.post(f"/directory/manage/{site['a']}", data={**data, "logo": (io.BytesIO(PNG), "logo.png")},
                          content_type="multipart/form-data")
    assert refused.status_code == 400 and "Describe the logo for people who cannot see it" in _text(refused)
    # Not an image (a renamed text file): refused.
    fake = client.post(f"/directory/manage/{site['a']}", data={
        **data, "logo_alt": "A hill", "logo": (io.BytesIO(b"hello, not a picture"), "logo.png")},
        content_type="multipart/form-data")
    assert fake.status_code == 400 and "not a real PNG image" in _text(fake)
    with app.app_context():
        assert db.session.get(CommunityGroup, site["a"]).logo_name == ""
    saved = client.post(f"/directory/manage/{site['a']}", data={
        **data, "logo_alt": "Hilltop Walking Club: a green hill", "logo": (io.BytesIO(PNG), "Our Logo.PNG")},
        content_type="multipart/form-data")
    assert saved.status_code == 302
    with app.app_context():
        name = db.session.get(CommunityGroup, site["a"]).logo_name
    assert name.endswith(".png")
    public = _text(client.get(f"/directory/{site['a_slug']}"))
    assert f'src="/directory/{site["a_slug"]}/logo/{name}" alt="Hilltop Walking Club: a green hill"' in public
    served = client.get(f"/directory/{site['a_slug']}/logo/{name}")
    assert served.status_code == 200 and served.data == PNG and served.mimetype == "image/png"
    data_ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', public, re.S).group(1))
    assert data_ld["logo"].endswith(f"/directory/{site['a_slug']}/logo/{name}")
    organisations = client.get("/directory/openreferral/organizations").get_json()
    assert any(o["logo"].endswith(name) for o in organisations["contents"])
    # Only the group's current logo, only while it is published.
    assert client.get(f"/directory/{site['a_slug']}/logo/other.png").status_code == 404
    assert client.get(f"/directory/{site['pending_slug']}/logo/{name}").status_code == 404
    # A moderator reads the change (the logo and its description) and rolls it back: the entry has no
    # logo again, and the file is no longer served. (In the session the requests share: the fixture
    # holds the app context.)
    waiting = db.session.scalar(select(GroupRevision).where(GroupRevision.group_id == site["a"],
                                                            GroupRevision.state == REVISION_WAITING))
    changed = {label: after for label, _, after in entries.changes(db.session, waiting)}
    assert changed["Logo"] == name and changed["Logo's description"] == "Hilltop Walking Club: a green hill"
    entries.roll_back(db.session, db.session.scalar(select(User).where(User.email == MODERATOR)), utcnow(), waiting,
                      MAILING)
    db.session.commit()
    assert client.get(f"/directory/{site['a_slug']}/logo/{name}").status_code == 404
    assert "ieg-group-logo" not in _text(client.get(f"/directory/{site['a_slug']}"))
