""""Tell us you have moved" through HTTP: the GOV.UK date input, its messages with only the
wrong box highlighted, the date shown in words on check your answers and carried as ISO,
and the enquiry it opens (G25). Applying the change to records is the staff side's job."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from tests.conftest import csrf_from

FORM = "/forms/tell-us-you-have-moved"
ANSWERS = {"name": "Jo Bloggs", "email": "jo@example.com", "old_address": "1 Mill Lane\nAshdown",
           "old_postcode": "as1 1aa", "new_address": "22 High Street\nAshdown", "new_postcode": "AS2 2BB"}


def send(client, action, **extra):
    page = client.get(FORM)
    key = re.search(r'name="submission" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    return client.post(FORM, data={**ANSWERS, **extra, "action": action, "submission": extra.get("submission", key),
                                   "csrf_token": csrf_from(page)})


def boxes(when: date) -> dict[str, str]:
    return {"moved_on-day": str(when.day), "moved_on-month": str(when.month), "moved_on-year": str(when.year)}


def test_the_form_uses_the_govuk_date_input(client, council):
    body = client.get(FORM).get_data(as_text=True)
    for part in ("day", "month", "year"):
        assert f'id="moved_on-{part}" name="moved_on-{part}" type="text" inputmode="numeric"' in body
    assert '<div class="govuk-date-input" id="moved_on">' in body and 'role="group"' in body


def test_a_missing_month_is_named_and_only_its_box_highlighted(client, council):
    response = send(client, "check", **{"moved_on-day": "5", "moved_on-month": "", "moved_on-year": "2026"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#moved_on-month">Date you moved must include a month' in body
    assert 'govuk-input--width-2 govuk-input--error" id="moved_on-month"' in body
    assert 'govuk-input--width-2" id="moved_on-day"' in body and 'value="5"' in body  # kept, not highlighted


def test_impossible_and_too_distant_dates_are_refused(client, council):
    impossible = send(client, "check", **{"moved_on-day": "31", "moved_on-month": "6", "moved_on-year": "2026"})
    assert "Date you moved must be a real date" in impossible.get_data(as_text=True)
    empty = send(client, "check")
    assert 'href="#moved_on-day">Enter the date you moved' in empty.get_data(as_text=True)
    later = send(client, "check", **boxes(date.today() + timedelta(days=200)))
    assert later.status_code == 400 and "Date you moved must be the same as or before" in later.get_data(as_text=True)


def test_the_date_is_shown_in_words_carried_as_iso_and_stored(app, client, council):
    from ieg.extensions import db
    from ieg.models import Enquiry

    when = date.today() - timedelta(days=3)
    words = f"{when.day} {when:%B} {when.year}"
    check = send(client, "check", **boxes(when))
    body = check.get_data(as_text=True)
    assert check.status_code == 200 and words in body
    assert f'name="moved_on" value="{when.isoformat()}"' in body
    change = send(client, "change", moved_on=when.isoformat())
    assert f'id="moved_on-month" name="moved_on-month" type="text" inputmode="numeric" value="{when.month}"' in \
        change.get_data(as_text=True)
    done = send(client, "submit", moved_on=when.isoformat())
    assert done.status_code == 200 and "govuk-panel--confirmation" in done.get_data(as_text=True)
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry))
        assert enquiry.answers["moved_on"] == when.isoformat() and enquiry.answers["old_postcode"] == "AS1 1AA"
        assert enquiry.case_type.slug == "change-of-address" and enquiry.case_type.name == "Change of address"
        assert enquiry.case_type.section.slug == "council-tax"
        assert enquiry.case_type.outcome_refs == ["G25", "R27", "R28"]
        assert enquiry.subject == "Tell us you have moved" and f"Date you moved: {words}" in enquiry.description
