"""Where a problem is: coordinates checked and rounded, the British National Grid inside Great
Britain only, and a form's location question (postcode, description, position)."""
from __future__ import annotations

import pytest

from ieg import places
from ieg.casework import eform_definitions
from ieg.casework.eform_definitions import Field, FormDefinition

FORM = FormDefinition(slug="report-it", title="Report it", case_type="it", case_type_name="It", section="s",
                      intro="", fields=(Field("where", "Where is it?", kind="location", max_length=100,
                                              missing="Enter where it is"),),
                      location_field="where", description_fields=("where",))


@pytest.mark.parametrize("lat, long, message", [
    ("91", "0", "The latitude must be between -90 and 90"),
    ("-90.0001", "0", "The latitude must be between -90 and 90"),
    ("51", "180.5", "The longitude must be between -180 and 180"),
    ("nan", "0", "The latitude must be between -90 and 90"),
    ("51", "inf", "The longitude must be between -180 and 180"),
    ("north", "0", "The latitude must be a number"),
    ("51.5", "", "Give both the latitude and the longitude, or neither"),
])
def test_coordinates_off_the_globe_are_refused(lat, long, message):
    assert places.coordinates(lat, long) == (None, message)


def test_coordinates_are_rounded_to_about_a_metre():
    assert places.coordinates(" 51.500729 ", "-0.124625") == ((51.50073, -0.12462), "")
    assert places.coordinates("90", "-180") == ((90.0, -180.0), "")
    assert places.coordinates("", " ") == (None, "")


def test_a_place_in_great_britain_has_a_grid_reference_and_one_outside_has_none():
    # The Elizabeth Tower (Big Ben): TQ 30268 79644 on the Ordnance Survey's grid.
    assert places.british_national_grid(51.50073, -0.12463) == (530268, 179644)
    assert places.british_national_grid(48.85837, 2.29448) is None  # Paris
    assert places.british_national_grid(40.7, -74.0) is None  # New York
    assert places.in_words(51.50073, -0.12463) == "51.50073\u00b0 N, 0.12463\u00b0 W"


def _check(**given):
    return eform_definitions.validate(FORM, {"where": "", "where-postcode": "", "where-lat": "", "where-long": "",
                                             **given})


def test_a_location_needs_a_postcode_a_description_or_a_position():
    assert _check().errors == {"where": "Enter where it is"}
    assert _check(**{"where-postcode": "as1 1aa"}).answers["where-postcode"] == "AS1 1AA"
    assert _check(where="By the bus stop").ok
    position = _check(**{"where-lat": "51.500729", "where-long": "-0.124625"})
    assert position.ok and (position.answers["where-lat"], position.answers["where-long"]) == ("51.50073", "-0.12462")


def test_a_wrong_postcode_or_position_or_a_long_description_is_explained():
    wrong = _check(**{"where-postcode": "nowhere"})
    assert wrong.errors == {"where": "Enter a real postcode, like AS1 1AA"}
    assert wrong.summary() == {"where-postcode": "Enter a real postcode, like AS1 1AA"}  # the link goes to the box
    assert "could not be used" in _check(where="Here", **{"where-lat": "95", "where-long": "0"}).errors["where"]
    assert _check(where="x" * 101).errors == {"where": "Where is it? must be 100 characters or fewer"}


def test_an_optional_location_may_be_left_empty():
    optional = FormDefinition(**{**FORM.__dict__, "fields": (Field("where", "Where?", kind="location",
                                                                    required=False),)})
    assert eform_definitions.validate(optional, {}).ok
    assert eform_definitions.location_of(optional, {"where": ""}) is None


def test_the_location_kept_for_the_back_office_and_shown_in_words():
    answers = _check(where="By the bus stop", **{"where-postcode": "AS1 1AA", "where-lat": "51.50073",
                                                 "where-long": "-0.12463"}).answers
    assert eform_definitions.location_of(FORM, answers) == {
        "postcode": "AS1 1AA", "description": "By the bus stop", "lat": 51.50073, "long": -0.12463,
        "easting": 530268, "northing": 179644}
    _, description, location = eform_definitions.describe(FORM, answers)
    assert location == "By the bus stop\nPostcode: AS1 1AA\nPosition: 51.50073\u00b0 N, 0.12463\u00b0 W"
    assert description == f"Where is it? {location}"
    abroad = eform_definitions.location_of(FORM, {"where": "", "where-lat": "48.85837", "where-long": "2.29448"})
    assert abroad["lat"] == 48.85837 and abroad["easting"] is None and abroad["northing"] is None
