"""E-form rules without HTTP: the GOV.UK date input (messages, which part is highlighted,
ISO storage, the long display), an administrator's form as a FormDefinition, the
question builder's checks and what stops a form going live."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from ieg.casework import eform_definitions
from ieg.casework import form_builder
from ieg.casework.form_builder import FormBuilderError, QuestionInput

TODAY = date(2026, 11, 5)
MOVED = eform_definitions.STANDARD_FORMS["tell-us-you-have-moved"]
WHEN = eform_definitions.FormDefinition(slug="when", title="When", case_type="x", case_type_name="X", section="", intro="",
                            fields=(eform_definitions.Field("happened_on", "Date it happened", kind="date", latest_days_ahead=0),
                                    eform_definitions.Field("until", "End date", kind="date", required=False)))


def check(day="", month="", year="", form=WHEN, name="happened_on"):
    return eform_definitions.validate(form, {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}, TODAY)


@pytest.mark.parametrize("parts,message,wrong", [
    (("", "", ""), "Enter the date it happened", ("day", "month", "year")),
    (("5", "", "2026"), "Date it happened must include a month", ("month",)),
    (("", "", "2026"), "Date it happened must include a day and month", ("day", "month")),
    (("5", "11", ""), "Date it happened must include a year", ("year",)),
    (("5", "13", "2026"), "Date it happened must be a real date", ("month",)),
    (("32", "1", "2026"), "Date it happened must be a real date", ("day",)),
    (("x", "y", "2026"), "Date it happened must be a real date", ("day", "month")),
    (("31", "6", "2026"), "Date it happened must be a real date", ("day", "month")),
    (("29", "2", "2026"), "Date it happened must be a real date", ("day", "month")),
    (("5", "11", "26"), "Year must include 4 numbers", ("year",)),
    (("6", "11", "2026"), "Date it happened must be today or in the past", ("day", "month", "year")),
])
def test_date_messages_follow_the_govuk_pattern(parts, message, wrong):
    outcome = check(*parts)
    assert outcome.errors == {"happened_on": message}
    assert outcome.wrong_parts["happened_on"] == wrong
    # The error summary links to the first box in error, where the resident starts typing.
    assert list(outcome.summary()) == [f"happened_on-{wrong[0]}"]


@pytest.mark.parametrize("parts,iso", [
    (("5", "11", "2026"), "2026-11-05"),
    ((" 05 ", "11", "2026"), "2026-11-05"),
    (("29", "2", "2024"), "2024-02-29"),
    (("1", "Nov", "2026"), "2026-11-01"),
    (("1", "september", "2025"), "2025-09-01"),
])
def test_a_real_date_is_stored_as_iso(parts, iso):
    outcome = check(*parts)
    assert outcome.ok and outcome.answers["happened_on"] == iso
    assert eform_definitions.display(WHEN, "happened_on", iso) == eform_definitions.long_date(date.fromisoformat(iso))


def test_an_optional_date_may_be_left_empty_but_not_half_typed():
    assert eform_definitions.validate(WHEN, {"happened_on-day": "1", "happened_on-month": "1", "happened_on-year": "2026"},
                          TODAY).ok
    half = eform_definitions.validate(WHEN, {"happened_on-day": "1", "happened_on-month": "1", "happened_on-year": "2026",
                                 "until-day": "3"}, TODAY)
    assert half.errors == {"until": "End date must include a month and year"}


def test_the_move_date_may_be_up_to_about_three_months_ahead():
    def moved(day, month, year):
        return eform_definitions.validate(MOVED, {"moved_on-day": day, "moved_on-month": month, "moved_on-year": year},
                              TODAY).errors.get("moved_on")

    assert moved("5", "2", "2027") is None                      # 92 days ahead: telling us before moving
    assert moved("6", "2", "2027") == "Date you moved must be the same as or before 5 February 2027"
    assert moved("1", "1", "2019") is None
    assert moved("", "", "") == "Enter the date you moved"
    assert eform_definitions.display(MOVED, "moved_on", "2026-11-05") == "5 November 2026"


def test_collect_reads_the_three_boxes_or_the_iso_date_carried_through_check_your_answers():
    assert eform_definitions.collect(MOVED, {"moved_on": "2026-11-05"})["moved_on-month"] == "11"
    boxes = eform_definitions.collect(MOVED, {"moved_on-day": "7", "moved_on-month": "3", "moved_on-year": "2026",
                                  "moved_on": "2026-11-05"})
    assert (boxes["moved_on-day"], boxes["moved_on-month"], boxes["moved_on-year"]) == ("7", "3", "2026")
    assert "moved_on" not in boxes  # only the boxes: what the form page shows


def test_the_move_form_has_exactly_the_fields_the_staff_side_reads():
    assert [f.name for f in MOVED.fields] == ["name", "email", "phone", "old_address", "old_postcode",
                                            "new_address", "new_postcode", "moved_on"]
    assert MOVED.case_type == "change-of-address" and MOVED.outcome_refs == ("G25", "R27", "R28")
    assert not MOVED.field("phone").required and MOVED.field("moved_on").kind == "date"


def test_problem_reports_take_an_optional_photo():
    for slug in ("report-fly-tipping", "report-abandoned-vehicle", "report-graffiti", "bulky-waste-collection"):
        photo = eform_definitions.STANDARD_FORMS[slug].field("photo")
        assert photo is not None and photo.kind == "photo" and not photo.required


def _record(fields, **extra):
    section = SimpleNamespace(slug="waste-and-recycling")
    kind = SimpleNamespace(slug="dog-fouling", name="Dog fouling report", section=section, outcome_refs=["R27"])
    return SimpleNamespace(slug="report-dog-fouling", title="Report dog fouling", intro="Tell us where.",
                           case_type=kind, fields=fields, subject_field=extra.get("subject", "where"),
                           description_fields=extra.get("description", ["where", "when"]),
                           location_field=extra.get("location", "where"), live=extra.get("live", False))


def test_a_form_made_by_an_administrator_becomes_a_form_definition():
    where = form_builder.question(QuestionInput("textarea", "Where is it?", required="yes"), [])
    when = form_builder.question(QuestionInput("radios", "When was it?", required="no",
                                               options="This morning\nEarlier today\nThis morning!"), [where])
    email = form_builder.question(QuestionInput("email", "Email address", required="yes"), [where, when])
    definition = eform_definitions.from_record(_record([where, when, email]))
    assert definition.slug == "report-dog-fouling" and definition.case_type == "dog-fouling"
    assert definition.section == "waste-and-recycling" and definition.outcome_refs == ("R27",)
    assert [f.name for f in definition.fields] == ["where_is_it", "when_was_it", "email"]
    assert definition.field("where_is_it").kind == "textarea" and definition.field("where_is_it").max_length == 5000
    assert definition.field("when_was_it").options == (("this-morning", "This morning"),
                                                       ("earlier-today", "Earlier today"),
                                                       ("this-morning-2", "This morning!"))
    assert definition.field("email").autocomplete == "email" and not definition.field("when_was_it").required
    # The same validation as the built-in forms.
    outcome = eform_definitions.validate(definition, {"where_is_it": "Park Lane", "when_was_it": "nope", "email": "x"})
    assert outcome.errors == {"when_was_it": "Select when was it?",
                              "email": "Enter an email address in the correct format, like name@example.com"}


@pytest.mark.parametrize("data,errors", [
    (QuestionInput(), {"label": "Enter the question", "answer_type": "Select the type of answer",
                       "required": "Select yes if people must answer this question"}),
    (QuestionInput("radios", "Pick", required="yes", options="Only one"),
     {"options": "Enter at least 2 options, one on each line"}),
    (QuestionInput("radios", "Pick", required="yes", options="A\na"), {"options": "Each option must be different"}),
    (QuestionInput("text", "Name it", required="yes", max_length="lots"),
     {"max_length": "The maximum length must be a whole number from 1 to 10000"}),
    (QuestionInput("email", "Your email", required="yes"),
     {"answer_type": "The form already asks for their email address"}),
])
def test_question_checks(data, errors):
    email = {"name": "email", "label": "Email", "kind": "email", "required": True}
    with pytest.raises(FormBuilderError) as refused:
        form_builder.question(data, [email])
    assert refused.value.errors == errors


def test_answer_names_are_stable_unique_and_never_the_pages_own():
    first = form_builder.question(QuestionInput("text", "Action", required="yes"), [])
    assert first["name"] == "action_2"  # "action" is the form page's step field
    again = form_builder.question(QuestionInput("text", "Action", required="yes"), [first])
    assert again["name"] == "action_3"
    renamed = form_builder.question(QuestionInput("text", "What happened?", required="yes"), [], current=first)
    assert renamed["name"] == "action_2"  # changing the wording keeps the answer where it was
    dated = form_builder.question(QuestionInput("date", "2nd date", required="yes", future="no"), [])
    assert dated["name"] == "q_2nd_date" and dated["latest_days_ahead"] == 0


def test_a_form_goes_live_only_with_questions_and_a_required_email_address():
    assert set(form_builder.publish_problems(_record([]))) == {"questions", "email"}
    optional = {"name": "email", "label": "Email", "kind": "email", "required": False}
    assert set(form_builder.publish_problems(_record([optional]))) == {"email"}
    assert form_builder.publish_problems(_record([{**optional, "required": True}])) == {}


def test_outcome_references_are_checked_against_the_73():
    assert form_builder.outcome_refs("r27, G25 e19 R27") == ("R27", "G25", "E19")
    with pytest.raises(FormBuilderError) as refused:
        form_builder.outcome_refs("R27, R30, G26")
    assert refused.value.errors["new_case_type_outcomes"].startswith("R30, G26 are not priority outcomes")
