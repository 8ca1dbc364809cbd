"""Contact details as the council keeps them (ieg.contact_details): no app, no database."""
from __future__ import annotations

import pytest

from ieg.contact_details import is_postcode, normalise_email, normalise_phone, normalise_postcode
from ieg.models import User


@pytest.mark.parametrize("raw, expected", [("as11aa", "AS1 1AA"), ("SW1A 2AA", "SW1A 2AA"), ("m1 1ae", "M1 1AE"),
                                           ("not a postcode", "NOTAPOSTCO"), ("", None)])
def test_postcodes_are_normalised(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw, expected", [("+44 (0)1632 960000", "01632960000"), ("+44 1632 960000", "01632960000"),
                                           ("01632-960000", "01632960000"), ("", None)])
def test_phone_numbers_are_normalised(raw, expected):
    assert normalise_phone(raw) == expected


def test_email_addresses_are_kept_in_lower_case_for_customers_and_staff_alike():
    assert normalise_email("  Helen.Wright@Example.COM ") == "helen.wright@example.com"
    assert normalise_email("  ") is None and normalise_email(None) is None
    assert User.normalise_email("  Officer@Ashdown.Example.GOV.UK ") == "officer@ashdown.example.gov.uk"
    assert User.normalise_email(" ") == ""


@pytest.mark.parametrize("raw, shaped", [("as11aa", True), (" sw1a 2aa ", True), ("AS1", False), ("AS1 1A", False),
                                         ("12345", False), ("", False), (None, False)])
def test_what_has_the_shape_of_a_postcode(raw, shaped):
    assert is_postcode(raw) is shaped
