"""The public forms, the tracking, contact and payment pages are in site search, through HTTP: residents who
type what they want to do find the form itself, and an administrator's form is found while
it is live and not after."""
from __future__ import annotations

import pytest

from tests.conftest import wait_until_indexed
from tests.web.casework.test_eforms_admin import ADMIN, build_dog_fouling, post
from tests.web.search.test_search import result_paths, site, web  # noqa: F401  (fixtures)


@pytest.mark.parametrize("q, expected", [
    ("report fly tipping", "/forms/report-fly-tipping"),
    ("appeal a parking ticket", "/forms/parking-fine-appeal"),
    ("complaint form", "/forms/complaint"),
    ("tell you I have moved", "/forms/tell-us-you-have-moved"),
])
def test_a_form_is_found_by_what_residents_want_to_do(web, q, expected):  # noqa: F811
    assert expected in result_paths(web, q)[:3]


@pytest.mark.parametrize("q, page, form", [
    ("council tax discount", "/council-tax/discounts-and-exemptions", "/forms/apply-for-a-council-tax-discount"),
    ("freedom of information", "/about-the-council/freedom-of-information",
     "/forms/make-a-freedom-of-information-request"),
    ("assisted bin collection", "/waste-and-recycling/bin-collection-days/assisted-collections",
     "/forms/apply-for-an-assisted-bin-collection"),
])
def test_a_search_that_does_not_ask_to_do_something_finds_the_page_before_its_form(web, q, page, form):  # noqa: F811
    found = result_paths(web, q)
    assert found[0].startswith(page) and form in found[:3]


@pytest.mark.parametrize("q, form", [
    ("apply for a council tax discount", "/forms/apply-for-a-council-tax-discount"),
    ("apply for assisted bin collection", "/forms/apply-for-an-assisted-bin-collection"),
    ("claim housing benefit", "/forms/claim-help-with-rent-or-council-tax"),
])
def test_a_search_that_asks_to_do_something_finds_the_form_first(web, q, form):  # noqa: F811
    assert result_paths(web, q)[0] == form


@pytest.mark.parametrize("q", ["track my enquiry", "track an enquiry", "check the progress of my report"])
def test_tracking_comes_first_for_tracking(web, q):  # noqa: F811
    assert result_paths(web, q)[0] == "/track"


@pytest.mark.parametrize("q, expected", [
    ("contact us", "/contact"), ("council phone number", "/contact"), ("email the council", "/contact"),
    ("pay the council", "/pay"), ("make a payment", "/pay"),
])
def test_the_ways_to_reach_and_pay_the_council_are_found(web, q, expected):  # noqa: F811
    assert result_paths(web, q)[0] == expected
    assert web.get(expected).status_code == 200


def test_forms_say_what_they_are_and_lead_to_the_form(web):  # noqa: F811
    body = web.get("/search?q=report+graffiti").get_data(as_text=True)
    assert "Online form" in body and "Report graffiti" in body
    assert "/forms/report-graffiti" in result_paths(web, "report graffiti")
    assert web.get("/forms/report-graffiti").status_code == 200


def test_an_administrators_form_is_in_search_only_while_live(app, signed_in):
    admin = signed_in(ADMIN)
    resident = app.test_client()
    number = build_dog_fouling(admin)
    post(admin, f"/admin/forms/{number}/answers", {"subject_field": "what_did_you_see",
                                                   "description_fields": ["what_did_you_see"],
                                                   "location_field": "where_was_it"}, page=f"/admin/forms/{number}")
    wait_until_indexed(app)
    assert "/forms/report-dog-fouling" not in result_paths(resident, "dog fouling")  # a draft

    assert post(admin, f"/admin/forms/{number}/live", {"live": "yes"}, page=f"/admin/forms/{number}").status_code == 302
    wait_until_indexed(app)
    assert result_paths(resident, "dog fouling")[0] == "/forms/report-dog-fouling"
    assert "/forms/report-dog-fouling" in result_paths(resident, "someone not clearing up")  # what it asks

    assert post(admin, f"/admin/forms/{number}/live", {"live": "no"}, page=f"/admin/forms/{number}").status_code == 302
    wait_until_indexed(app)
    assert "/forms/report-dog-fouling" not in result_paths(resident, "dog fouling")
