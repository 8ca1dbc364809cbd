"""Consultations over HTTP: the public's pages, responding and changing a response by link, results
and open data redacted by consent, and staff keeping a consultation in their own section."""
import json
import re

from sqlalchemy import select

from ieg.extensions import db
from ieg.models import Consultation, ConsultationResponse, OutboxMessage
from tests.conftest import csrf_from, sign_in
from tests.factories import PASSWORD, make_user

SLUG = "station-parking-zone"
ANSWERS = {"do_you_support_the_zone": "No", "which_streets_do_you_use": ["High Street", "Mill Lane"],
           "any_other_comments": "Ring Jane Smithson on 07700 900123 about Mill Lane"}
ABOUT = {"name": "Jane Smithson", "email": "jane.smithson@example.com", "postcode": "as1 2bc",
         "respondent_type": "resident", "organisation": "", "publish": "anonymous", "satisfaction": "4"}


def _post(client, url, data, token_from):
    return client.post(url, data={**data, "csrf_token": csrf_from(token_from)})


def respond(client, answers=ANSWERS, about=ABOUT, url=f"/consultations/{SLUG}/respond"):
    page = client.get(url)
    step1 = _post(client, url, {**answers, "action": "questions"}, page)
    assert step1.status_code == 200 and "About you" in step1.get_data(as_text=True)
    step2 = _post(client, url, {**answers, **about, "action": "about"}, page)
    assert step2.status_code == 200 and "Check your response" in step2.get_data(as_text=True)
    return _post(client, url, {**answers, **about, "action": "submit"}, page)


def test_lists_the_open_consultation_with_its_feed_and_sets_no_cookie(client, roads):
    index = client.get("/consultations/")
    assert "Station parking zone" in index.get_data(as_text=True) and "Set-Cookie" not in index.headers
    feed = client.get("/consultations/feed.atom")
    assert feed.mimetype == "application/atom+xml" and f"/consultations/{SLUG}</id>" in feed.get_data(as_text=True)
    page = client.get(f"/consultations/{SLUG}")
    assert "full plan" in page.get_data(as_text=True) and "Respond to this consultation" in page.get_data(as_text=True)
    assert "Set-Cookie" not in page.headers


def test_a_draft_consultation_is_not_public(app, client, roads):
    with app.app_context():
        c = db.session.get(Consultation, roads)
        c.page.live_revision_id = None
        db.session.commit()
    assert client.get(f"/consultations/{SLUG}").status_code == 404
    assert "Station parking zone" not in client.get("/consultations/").get_data(as_text=True)


def test_respond_check_send_then_change_by_the_link(app, client, roads):
    done = respond(client)
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "Response sent" in text and "Set-Cookie" not in done.headers
    reference = re.search(r"CON-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", text).group(0)
    link = re.search(r'href="(http[^"]+/response/[^"]+)"', text).group(1)
    with app.app_context():
        stored = db.session.scalar(select(ConsultationResponse))
        assert stored.reference == reference and stored.postcode == "AS1 2BC"
        assert stored.answers["which_streets_do_you_use"] == ["High Street", "Mill Lane"]
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.purpose == "consultation-response"))
        assert reference in mail.subject and link in mail.body_text
    path = link.split("localhost", 1)[-1] if "localhost" in link else "/" + link.split("/", 3)[3]
    form = client.get(path)
    assert form.status_code == 200 and 'value="No" checked' in form.get_data(as_text=True)
    changed = respond(client, {"do_you_support_the_zone": "Yes"}, ABOUT, url=path)
    assert "Response changed" in changed.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ConsultationResponse)).answers == {"do_you_support_the_zone": "Yes"}
    assert client.get(path[:-3] + "xyz").status_code == 404  # a tampered link opens nothing


def test_errors_are_shown_against_the_question_and_nothing_is_stored(app, client, roads):
    url = f"/consultations/{SLUG}/respond"
    page = client.get(url)
    refused = _post(client, url, {"action": "questions", "do_you_support_the_zone": "Banana"}, page)
    assert refused.status_code == 400 and 'href="#do_you_support_the_zone"' in refused.get_data(as_text=True)
    bad_about = _post(client, url, {**ANSWERS, **ABOUT, "postcode": "nowhere", "action": "about"}, page)
    assert bad_about.status_code == 400 and "real postcode" in bad_about.get_data(as_text=True)
    bot = _post(client, url, {**ANSWERS, **ABOUT, "action": "submit", "website": "spam"}, page)
    assert bot.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(ConsultationResponse)) is None


def test_duplicates_are_kept_and_flagged_for_staff(app, client, roads):
    respond(client)
    respond(client)
    with app.app_context():
        first, second = db.session.scalars(select(ConsultationResponse).order_by(ConsultationResponse.id)).all()
        assert second.duplicate_of_id == first.id
    sign_in(client, "roads.author@example.org", PASSWORD)
    results = client.get(f"/consultations/manage/{roads}/results").get_data(as_text=True)
    assert "1 may be duplicates" in results and second.reference in results
    assert "<svg" in results and "<table" in results


def test_public_outputs_never_carry_personal_details(app, client, roads):
    respond(client)
    others = {**ANSWERS, "any_other_comments": "Email me at sam@example.com"}
    respond(client, others, about={**ABOUT, "publish": "named", "name": "Sam Named", "email": "sam@example.com",
                                   "postcode": "AS9 9ZZ"})
    respond(client, others, about={**ABOUT, "publish": "no", "name": "Hidden Person", "email": "hidden@example.com"})
    sign_in(client, "roads.publisher@example.org", PASSWORD)
    page = client.get(f"/consultations/manage/{roads}")
    client.post(f"/consultations/manage/{roads}/close", data={"csrf_token": csrf_from(page)})
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    html = client.get(f"/consultations/{SLUG}").get_data(as_text=True)
    csv = client.get(f"/consultations/{SLUG}/responses.csv").get_data(as_text=True)
    data = client.get(f"/consultations/{SLUG}/responses.json").get_data(as_text=True)
    for output in (html, csv, data):
        for secret in ("jane.smithson@example.com", "Smithson", "AS1 2BC", "900123", "sam@example.com", "AS9 9ZZ",
                       "Hidden Person", "hidden@example.com", "CON-"):
            assert secret not in output
        assert "Sam Named" in output and "Anonymous" in output
    assert {frozenset(r) for r in json.loads(data)["responses"]} == {
        frozenset({"number", "respondent", "respondent_type", "answers"})}
    assert len(json.loads(data)["responses"]) == 2  # the one without consent is not published
    assert "<svg" in html and "Do you support the zone?" in html


def test_open_data_waits_until_it_closes(client, roads):
    assert client.get(f"/consultations/{SLUG}/responses.csv").status_code == 404


def test_staff_of_another_section_cannot_open_it(app, client, roads):
    sign_in(client, "parks.author@example.org", PASSWORD)
    assert client.get(f"/consultations/manage/{roads}").status_code == 403
    assert client.get(f"/consultations/manage/{roads}/export.csv").status_code == 403
    assert "Station parking zone" not in client.get("/consultations/manage/").get_data(as_text=True)


def test_exports_for_staff_hold_every_response(app, client, roads):
    respond(client)
    sign_in(client, "roads.author@example.org", PASSWORD)
    csv = client.get(f"/consultations/manage/{roads}/export.csv")
    assert csv.mimetype == "text/csv" and "jane.smithson@example.com" in csv.get_data(as_text=True)
    xlsx = client.get(f"/consultations/manage/{roads}/export.xlsx")
    assert xlsx.data[:2] == b"PK"
    data = json.loads(client.get(f"/consultations/manage/{roads}/export.json").get_data(as_text=True))
    assert data["responses"][0]["postcode"] == "AS1 2BC"


def test_an_author_creates_one_and_adds_questions(app, client, roads):
    sign_in(client, "roads.author@example.org", PASSWORD)
    form = client.get("/consultations/manage/new")
    with app.app_context():
        section_id = db.session.get(Consultation, roads).section_id
    bad = client.post("/consultations/manage/new", data={
        "csrf_token": csrf_from(form), "section": str(section_id), "title": "Traffic calming on Mill Lane",
        "summary": "Speed humps", "background": "## Why\n\nSpeeding.\n", "opens_date": "29/03/2026",
        "opens_time": "01:30", "closes_date": "20/04/2026", "closes_time": "23:59"})
    assert bad.status_code == 400 and "time that exists" in bad.get_data(as_text=True)
    made = client.post("/consultations/manage/new", data={
        "csrf_token": csrf_from(form), "section": str(section_id), "title": "Traffic calming on Mill Lane",
        "summary": "Speed humps", "background": "## Why\n\nSpeeding.\n", "opens_date": "02/04/2030",
        "opens_time": "09:00", "closes_date": "20/04/2030", "closes_time": "23:59"})
    assert made.status_code == 302
    url = made.headers["Location"]
    question = client.post(url + "/questions/", data={"csrf_token": csrf_from(form), "label": "Do you agree?",
                                                     "kind": "scale", "required": "yes", "hint": "", "options": ""})
    assert question.status_code == 302
    with app.app_context():
        c = db.session.scalar(select(Consultation).where(Consultation.slug == "traffic-calming-on-mill-lane"))
        assert c.status == "upcoming" and c.questions[0]["kind"] == "scale"
        assert c.opens_at.hour == 8  # 09:00 BST
        assert c.page.status == "draft"
    assert client.get("/consultations/traffic-calming-on-mill-lane").status_code == 404  # page not yet published


def test_close_outcome_and_conclude_through_the_pages(app, client, roads):
    sign_in(client, "roads.author@example.org", PASSWORD)
    page = client.get(f"/consultations/manage/{roads}")
    assert client.post(f"/consultations/manage/{roads}/close", data={"csrf_token": csrf_from(page)}).status_code == 403
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    sign_in(client, "roads.publisher@example.org", PASSWORD)
    page = client.get(f"/consultations/manage/{roads}")
    client.post(f"/consultations/manage/{roads}/close", data={"csrf_token": csrf_from(page)})
    client.post(f"/consultations/manage/{roads}/outcome", data={
        "csrf_token": csrf_from(page), "summary": "Most people said no.",
        "outcome": "## What we did\n\nWe will not go ahead with the [zone](/roads-and-transport/).\n"})
    refused = client.post(f"/consultations/manage/{roads}/conclude", data={"csrf_token": csrf_from(page)},
                          follow_redirects=True)
    assert "Publish the" in refused.get_data(as_text=True)
    with app.app_context():
        from ieg.content import pages
        from ieg.models import User
        from ieg.timeutil import utcnow
        c = db.session.get(Consultation, roads)
        publisher = db.session.scalar(select(User).where(User.email == "roads.publisher@example.org"))
        pages.submit(db.session, c.outcome_page, publisher, utcnow())
        pages.publish(db.session, c.outcome_page, publisher, utcnow())
        db.session.commit()
    done = client.post(f"/consultations/manage/{roads}/conclude", data={"csrf_token": csrf_from(page)},
                       follow_redirects=True)
    assert "Concluded" in done.get_data(as_text=True)
    public = client.get(f"/consultations/{SLUG}").get_data(as_text=True)
    assert "We asked, you said, we did" in public and "Most people said no." in public


def test_targets_are_for_administrators_and_show_in_the_evidence(app, client, roads):
    with app.app_context():
        from ieg.people import two_factor
        from ieg.timeutil import utcnow
        make_user(db.session, "boss@example.org", roles=("admin",))
        two_factor.set_required_roles(db.session, [], actor=None, now=utcnow())  # this test is not about 2FA
        db.session.commit()
    sign_in(client, "roads.author@example.org", PASSWORD)
    assert client.get("/consultations/manage/targets").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/consultations/manage/"))})
    sign_in(client, "boss@example.org", PASSWORD)
    form = client.get("/consultations/manage/targets")
    bad = client.post("/consultations/manage/targets", data={"csrf_token": csrf_from(form), "measure": "share_online",
                                                             "baseline": "150", "target": "x"})
    assert bad.status_code == 400 and "0 to 100" in bad.get_data(as_text=True)
    ok = client.post("/consultations/manage/targets", data={"csrf_token": csrf_from(form), "measure": "share_online",
                                                            "baseline": "40", "target": "60", "note": "2025 audit"})
    assert ok.status_code == 302
    for ref, expected in (("E3", "Share of responses made online"), ("R15", "Consultations open now"),
                          ("G3", "Confirmed alert subscribers")):
        page = client.get(f"/evidence/outcomes/{ref}")
        assert page.status_code == 200 and expected in page.get_data(as_text=True), ref


def test_search_and_the_sitemap_find_it(app, client, roads):
    from tests.conftest import wait_until_indexed
    wait_until_indexed(app)
    results = client.get("/search?q=station+parking+zone").get_data(as_text=True)
    assert "k=consultation:" in results and "Station parking zone" in results
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"/consultations/{SLUG}</loc>" in sitemap and "/consultations/</loc>" in sitemap


def _next(month: int, utc_hour: int, after):
    """The next 15th of `month` at `utc_hour`:59 UTC after `after` (11:59pm in London either way)."""
    from datetime import datetime, timezone
    year = after.year + (1 if (month, 15) <= (after.month, after.day) else 0)
    return datetime(year, month, 15, utc_hour, 59, tzinfo=timezone.utc)


def test_the_confirmation_email_gives_the_closing_time_in_uk_time_in_winter_and_summer(app, client, roads):
    from ieg.timeutil import utcnow
    now = utcnow()
    for closes, email in ((_next(1, 23, now), "winter@example.com"), (_next(7, 22, now), "summer@example.com")):
        with app.app_context():
            db.session.scalar(select(Consultation)).closes_at = closes
            db.session.commit()
        respond(client, about={**ABOUT, "email": email}, answers={"do_you_support_the_zone": "No"})
        with app.app_context():
            mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == email))
        assert f"(11:59pm on {closes:%A} 15 {closes:%B %Y})" in mail.body_text and "UTC" not in mail.body_text


def test_staff_mark_duplicates_genuine_or_excluded_and_excluded_ones_are_not_published(app, client, roads):
    from ieg.models import AuditEntry
    first = respond(client)
    respond(client)
    respond(client, about={**ABOUT, "email": "other@example.com", "publish": "named"})
    with app.app_context():
        rows = db.session.scalars(select(ConsultationResponse).order_by(ConsultationResponse.id)).all()
        ids = [r.id for r in rows]
        refs = [r.reference for r in rows]
        assert rows[1].duplicate_of_id == ids[0] and rows[2].duplicate_of_id == ids[0]
    url = f"/consultations/manage/{roads}/responses/{{}}/review"
    page = client.get(f"/consultations/manage/{roads}/results")
    assert page.status_code == 302  # staff only
    sign_in(client, "parks.author@example.org", PASSWORD)
    assert client.post(url.format(ids[1]), data={"review": "excluded", "csrf_token": csrf_from(
        client.get("/edit/"))}).status_code == 403  # another section's staff
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/edit/"))})
    sign_in(client, "roads.author@example.org", PASSWORD)
    page = client.get(f"/consultations/manage/{roads}/results")
    html = page.get_data(as_text=True)
    assert "3 responses online" in html and "2 may be duplicates" in html and f"Exclude<span class=\"govuk-visually-hidden\"> {refs[2]}" in html
    assert client.post(url.format(ids[1]), data={"review": "genuine", "csrf_token": csrf_from(page)}).status_code == 302
    assert client.post(url.format(ids[2]), data={"review": "excluded", "csrf_token": csrf_from(page)}).status_code == 302
    refused = client.post(url.format(ids[0]), data={"review": "excluded", "csrf_token": csrf_from(page)},
                          follow_redirects=True)
    assert "Only a response flagged" in refused.get_data(as_text=True)
    html = client.get(f"/consultations/manage/{roads}/results").get_data(as_text=True)
    assert "2 responses online" in html and "1 excluded and not counted" in html and "may be duplicates" not in html
    assert "Excluded</strong> by Roads Author" in html and "Genuine</strong> by Roads Author" in html
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "consultation.response.review")).all()
        assert [e.details["to"] for e in entries] == ["genuine", "excluded"]
        db.session.scalar(select(Consultation)).status = "closed"
        db.session.commit()
    public = client.get(f"/consultations/{SLUG}/responses.json").get_json()
    assert len(public["responses"]) == 2  # the excluded one (named) is left out
    assert "Jane Smithson" not in json.dumps(public)
    export = client.get(f"/consultations/manage/{roads}/export.json").get_json()
    assert [r["review"] for r in export["responses"]] == ["", "genuine", "excluded"]  # kept for staff
    assert first.status_code == 200
