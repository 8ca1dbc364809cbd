"""Survey questions as data: building them and checking answers."""
import pytest

from ieg.participation import surveys
from ieg.participation.surveys import QuestionInput, SurveyError


def _questions():
    made = []
    for data in (QuestionInput("one_choice", "Do you support the zone?", options="Yes\nNo\nNot sure"),
                 QuestionInput("several_choices", "Which streets do you use?", required=False,
                               options="High Street\nMill Lane\nStation Road"),
                 QuestionInput("scale", "Parking is hard to find"),
                 QuestionInput("long_text", "Any other comments?", required=False),
                 QuestionInput("short_text", "Your street", required=False)):
        made.append(surveys.make_question(data, made))
    return made


def test_questions_get_unique_names_clear_of_the_page_fields():
    a = surveys.make_question(QuestionInput("short_text", "Name"), [])
    b = surveys.make_question(QuestionInput("short_text", "Name"), [a])
    assert a["name"] == "name_2" and b["name"] == "name_3"


def test_choice_questions_need_two_options_and_a_label():
    with pytest.raises(SurveyError) as caught:
        surveys.make_question(QuestionInput("one_choice", "", options="Only one"), [])
    assert set(caught.value.errors) == {"label", "options"}
    with pytest.raises(SurveyError) as caught:
        surveys.make_question(QuestionInput("banana", "Q"), [])
    assert set(caught.value.errors) == {"kind"}


def test_answers_are_checked_against_the_options_and_required_flags():
    qs = _questions()
    given = {"do_you_support_the_zone": ["Maybe"], "parking_is_hard_to_find": []}
    answers, errors = surveys.collect(qs, lambda name: given.get(name, []))
    assert set(errors) == {"do_you_support_the_zone", "parking_is_hard_to_find"}
    assert "Choose from the options" in errors["do_you_support_the_zone"]
    given = {"do_you_support_the_zone": ["Yes"], "parking_is_hard_to_find": ["Agree"],
             "which_streets_do_you_use": ["Station Road", "High Street"], "any_other_comments": ["  Fine\x07 "]}
    answers, errors = surveys.collect(qs, lambda name: given.get(name, []))
    assert errors == {}
    assert answers == {"do_you_support_the_zone": "Yes", "parking_is_hard_to_find": "Agree",
                       "which_streets_do_you_use": ["High Street", "Station Road"], "any_other_comments": "Fine"}


def test_text_longer_than_allowed_is_refused():
    qs = _questions()
    given = {"do_you_support_the_zone": ["Yes"], "parking_is_hard_to_find": ["Agree"], "your_street": ["x" * 201]}
    _, errors = surveys.collect(qs, lambda name: given.get(name, []))
    assert "200 characters" in errors["your_street"]


def test_tally_counts_each_option_in_the_order_offered():
    qs = _questions()
    counts = surveys.tally(qs, [{"do_you_support_the_zone": "No", "which_streets_do_you_use": ["Mill Lane"]},
                                {"do_you_support_the_zone": "No"}, {"do_you_support_the_zone": "Yes"}])
    assert counts["do_you_support_the_zone"] == [("Yes", 1), ("No", 2), ("Not sure", 0)]
    assert counts["which_streets_do_you_use"] == [("High Street", 0), ("Mill Lane", 1), ("Station Road", 0)]
    assert counts["parking_is_hard_to_find"][0] == ("Strongly agree", 0)
