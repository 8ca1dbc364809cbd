"""E-form questions as Open311 attributes (ieg.open311.services.attributes_of): pure."""
from ieg.casework.eform_definitions import STANDARD_FORMS
from ieg.open311.services import attributes_of


def test_a_problem_forms_questions_without_contact_details_place_or_photo():
    vehicle = attributes_of(STANDARD_FORMS["report-abandoned-vehicle"])
    assert [(a.code, a.datatype, a.required, a.order) for a in vehicle] == [
        ("vehicle", "string", True, 1), ("how_long", "singlevaluelist", True, 2)]
    assert vehicle[1].as_open311()["values"][0] == {"key": "week", "name": "Less than a week"}


def test_every_datatype_the_forms_use():
    moved = attributes_of(STANDARD_FORMS["tell-us-you-have-moved"])
    assert {a.datatype for a in moved} >= {"text", "string", "datetime"}
    assert attributes_of(None) == []
