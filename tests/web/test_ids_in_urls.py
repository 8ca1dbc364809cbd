"""A number in an address that no row can have (too large for the databases' integer ids) is a
page not found, like any other missing row: never a server error."""
import re

import pytest

from werkzeug.routing import IntegerConverter

from tests.conftest import add_page, csrf_from

HUGE = "9" * 20  # beyond SQLite's 64-bit integers and PostgreSQL's 32-bit ids


@pytest.mark.parametrize("path", [f"/staff/customers/{HUGE}", f"/edit/pages/{HUGE}", f"/edit/pages/{HUGE}/history",
                                  f"/staff/customers/1/address-changes/{HUGE}", "/staff/customers/0"])
def test_staff_addresses_with_an_impossible_id_are_not_found(signed_in, path):
    assert signed_in("admin@staff.example.gov.uk").get(path).status_code == 404


def test_feedback_on_an_impossible_page_is_not_found(app, client, council):
    add_page(app, "waste-and-recycling", "Bulky waste", state="published")
    token = csrf_from(client.get("/waste-and-recycling/bulky-waste"))
    assert client.post(f"/feedback/{HUGE}", data={"useful": "yes", "csrf_token": token}).status_code == 404


def test_an_impossible_customer_number_typed_for_a_merge_is_an_error_on_the_form(signed_in, app):
    from ieg.casework import enquiries
    from ieg.casework.enquiries import ContactDetails
    from ieg.extensions import db

    client = signed_in("admin@staff.example.gov.uk")
    with app.app_context():
        person = enquiries.find_or_create_customer(db.session, ContactDetails(name="Ann Example",
                                                                                    email="ann@example.org"))
        db.session.commit()
        number = person.id
    response = client.get(f"/staff/customers/{number}/merge?other={HUGE}")
    assert response.status_code == 400 and "Enter the number of another customer record" in response.get_data(as_text=True)


def test_no_address_with_an_impossible_number_is_a_server_error(app, signed_in):
    """Every GET address with a number in it, as an administrator (who may open them all): a
    number no row can have is never a 500."""
    client = signed_in("admin@staff.example.gov.uk")
    tried, failed = [], []
    for rule in app.url_map.iter_rules():
        numbers = [name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)]
        if "GET" not in rule.methods or not numbers:
            continue
        path = rule.rule
        for name in rule.arguments:
            path = re.sub(rf"<[^>]*\b{name}>", HUGE if name in numbers else "x", path)
        tried.append(path)
        if client.get(path).status_code == 500:
            failed.append(path)
    assert failed == [] and len(tried) > 20
