"""A survey shown one question per page (the editors' choice): each question its own page with a
Back that keeps the answers, then about you, then check your answers with a Change for each
question; answers travel in the pages' hidden fields, never in a cookie."""
import re

from sqlalchemy import select

from ieg.extensions import db
from ieg.models import Consultation, ConsultationResponse
from tests.conftest import csrf_from, sign_in
from tests.factories import PASSWORD

URL = "/consultations/station-parking-zone/respond"
ABOUT = {"name": "", "email": "", "postcode": "", "respondent_type": "resident", "organisation": "",
         "publish": "anonymous", "satisfaction": "5"}


def _one_per_page(app):
    with app.app_context():
        db.session.scalar(select(Consultation)).one_per_page = True
        db.session.commit()


def _post(client, token_from, data):
    response = client.post(URL, data={**data, "csrf_token": csrf_from(token_from)})
    assert "Set-Cookie" not in response.headers
    return response


def _hidden(html: str) -> list[tuple[str, str]]:
    """The hidden fields of the page's main form (the last form on the page)."""
    form = html[html.rindex("<form"):]
    return [(n, v) for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
            if n != "csrf_token"]


def _continue(client, page, answer: dict):
    """Send a question page as a browser would: its hidden fields, with the answer typed."""
    html = page.get_data(as_text=True)
    data: dict[str, list[str]] = {}
    for name, value in _hidden(html):
        data.setdefault(name, []).append(value)
    data.update({k: v if isinstance(v, list) else [v] for k, v in answer.items()})
    return _post(client, page, data)


def test_an_editor_chooses_one_question_per_page(app, client, roads):
    sign_in(client, "roads.author@example.org", PASSWORD)
    page = client.get(f"/consultations/manage/{roads}")
    html = page.get_data(as_text=True)
    assert "One question per page" in html and 'value="all" checked' in html
    fields = dict(re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', html))
    saved = client.post(f"/consultations/manage/{roads}", data={
        **{k: fields.get(k, "") for k in ("title", "summary", "wards", "opens_date", "opens_time", "closes_date",
                                         "closes_time")},
        "background": "## The proposal\n\nA zone.", "layout": "one", "csrf_token": csrf_from(page)})
    assert saved.status_code == 302, re.findall(r"govuk-error-summary.*?</ul>", saved.get_data(as_text=True), re.S)
    with app.app_context():
        assert db.session.scalar(select(Consultation)).one_per_page is True
    assert 'value="one" checked' in client.get(f"/consultations/manage/{roads}").get_data(as_text=True)


def test_each_question_on_its_own_page_then_check_and_change(app, client, roads):
    _one_per_page(app)
    first = client.get(URL)
    html = first.get_data(as_text=True)
    assert "Set-Cookie" not in first.headers
    assert re.search(r'<h1 class="govuk-fieldset__heading">\s*Do you support the zone\?', html)
    assert "question 1 of 3" in html and "Which streets" not in html
    assert 'href="/consultations/station-parking-zone" class="govuk-back-link"' in html

    # An error on one page: shown against that question, on that page.
    missing = _continue(client, first, {})
    text = missing.get_data(as_text=True)
    assert missing.status_code == 400 and "There is a problem" in text and "question 1 of 3" in text
    assert "Select an answer for" in text and "Error:" in text

    second = _continue(client, first, {"do_you_support_the_zone": "No"})
    html = second.get_data(as_text=True)
    assert second.status_code == 200 and "question 2 of 3" in html
    assert ("do_you_support_the_zone", "No") in _hidden(html)

    # Back keeps the answer given on the page before.
    back = re.search(r'(<form[^>]*>(?:(?!</form>).)*?>Back</button>)', html, re.S).group(1)
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', back):
        data.setdefault(name, []).append(value)
    again = client.post(URL, data=data)
    assert "question 1 of 3" in again.get_data(as_text=True)
    assert 'value="No" checked' in again.get_data(as_text=True)

    third = _continue(client, second, {"which_streets_do_you_use": ["High Street", "Mill Lane"]})
    assert "question 3 of 3" in third.get_data(as_text=True)
    about = _continue(client, third, {"any_other_comments": "Fewer signs, please"})
    assert "About you" in about.get_data(as_text=True)
    check = _continue(client, about, {**ABOUT, "action": "about"})
    html = check.get_data(as_text=True)
    assert "Check your response" in html and html.count(">Change<span") == 3
    assert "Fewer signs, please" in html and "High Street, Mill Lane" in html

    # Change the first answer from check your answers: straight back to check your answers.
    change = re.findall(r'(<form[^>]*>(?:(?!</form>).)*?>Change<span)', html, re.S)[0]
    data = {}
    for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', change):
        data.setdefault(name, []).append(value)
    page = client.post(URL, data=data)
    assert "question 1 of 3" in page.get_data(as_text=True) and ("return_to", "check") in _hidden(
        page.get_data(as_text=True))
    checked = _continue(client, page, {"do_you_support_the_zone": "Yes"})
    html = checked.get_data(as_text=True)
    assert "Check your response" in html and "<dd class=\"govuk-summary-list__value ieg-preserve-lines\">Yes</dd>" in html

    submit = dict(_hidden(html))
    send = [f for f in re.findall(r'(<form.*?</form>)', html, re.S) if 'value="submit"' in f][0]
    data = {}
    for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', send):
        data.setdefault(name, []).append(value)
    done = client.post(URL, data=data)
    assert done.status_code == 200 and "Response sent" in done.get_data(as_text=True), submit
    with app.app_context():
        stored = db.session.scalar(select(ConsultationResponse))
        assert stored.answers == {"do_you_support_the_zone": "Yes",
                                  "which_streets_do_you_use": ["High Street", "Mill Lane"],
                                  "any_other_comments": "Fewer signs, please"}


def test_a_crafted_page_is_refused_and_nothing_is_stored(app, client, roads):
    _one_per_page(app)
    first = client.get(URL)
    token = csrf_from(first)
    # An answer carried from an earlier page that was never offered; a page that does not exist.
    assert client.post(URL, data={"action": "page", "page": "1", "do_you_support_the_zone": "Maybe",
                                  "csrf_token": token}).status_code == 400
    assert client.post(URL, data={"action": "goto", "page": "9", "csrf_token": token}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(ConsultationResponse)) is None


def test_all_on_one_page_stays_the_default(client, roads):
    html = client.get(URL).get_data(as_text=True)
    assert "Step 1 of 3" in html and "Which streets do you use?" in html and "Do you support the zone?" in html
