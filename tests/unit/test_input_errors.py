"""The one shape of a refused input (ieg.input_errors) and the one way a view shows it on a
WTForms form (ieg.blueprints.common)."""
import subprocess
import sys
from pathlib import Path

import pytest
from wtforms import Form, StringField

from ieg.blueprints.common import errors_by_field, show_on_form
from ieg.casework.customers import CustomerError
from ieg.casework.form_builder import FormBuilderError
from ieg.casework.handling import HandlingError
from ieg.casework.intake_rows import EnquiryError
from ieg.casework.lists import FilterError
from ieg.casework.standards import StandardsError
from ieg.casework.standards_admin import StandardsAdminError
from ieg.content.attachments import UploadError
from ieg.content.home_alert import AlertError
from ieg.content.lgsl import ListFormatError
from ieg.content.pages import PageError, WorkflowError
from ieg.content.sections import SectionError
from ieg.evidence.bvpi import BvpiError
from ieg.evidence.items import EvidenceError
from ieg.evidence.register import AssessmentError
from ieg.evidence.reports import ReportError
from ieg.input_errors import InputError, InputErrors
from ieg.people.accounts import AccountError
from ieg.people.two_factor import TwoFactorError
from ieg.search.vocabulary import VocabularyError

ONE_FIELD = [AccountError, AlertError, CustomerError, EnquiryError, FilterError, HandlingError, ListFormatError,
             PageError, ReportError, SectionError, StandardsError, TwoFactorError, UploadError, VocabularyError]
SEVERAL_FIELDS = [AssessmentError, BvpiError, EvidenceError, FormBuilderError, StandardsAdminError]


def test_an_input_error_is_its_message_and_the_field_at_fault():
    error = InputError("Enter the title", "title")
    assert isinstance(error, ValueError)
    assert (str(error), error.message, error.field) == ("Enter the title", "Enter the title", "title")
    assert error.errors == {"title": "Enter the title"}
    assert InputError("The file is empty").errors == {None: "The file is empty"}


def test_several_fields_at_once_keep_their_order_and_read_as_one_message():
    error = InputErrors({"title": "Enter the title", "summary": "Enter a summary"})
    assert str(error) == "Enter the title; Enter a summary"
    assert error.field == "title"
    assert list(error.errors.items()) == [("title", "Enter the title"), ("summary", "Enter a summary")]


@pytest.mark.parametrize("kind", ONE_FIELD, ids=lambda kind: kind.__name__)
def test_every_area_error_takes_the_message_first_then_the_field(kind):
    error = kind("Choose a heading from the list", "lgnl_heading")
    assert isinstance(error, InputError)
    assert (str(error), error.message, error.field) == ("Choose a heading from the list",) * 2 + ("lgnl_heading",)


@pytest.mark.parametrize("kind", SEVERAL_FIELDS, ids=lambda kind: kind.__name__)
def test_every_several_fields_error_is_an_input_error(kind):
    error = kind({"reason": "Enter the reason"})
    assert isinstance(error, InputErrors)
    assert (str(error), error.field, error.errors) == ("Enter the reason", "reason", {"reason": "Enter the reason"})


def test_a_default_field_stays_where_the_area_puts_it():
    assert UploadError("Choose a file").field == "file"
    assert TwoFactorError("Enter the code").field == "code"


def test_a_state_that_forbids_an_action_is_not_an_input_error():
    assert not issubclass(WorkflowError, InputError)


class _Section(Form):
    title = StringField()
    slug = StringField()


def _messages(form) -> dict:
    return {field.short_name: list(field.errors) for field in form if field.errors}


def test_the_message_goes_on_the_field_it_names():
    form = _Section()
    show_on_form(form, SectionError("Another section already uses /planning/", "slug"))
    assert _messages(form) == {"slug": ["Another section already uses /planning/"]}
    assert form.errors == {"slug": ["Another section already uses /planning/"]}


def test_a_field_the_form_lacks_goes_on_the_default_else_the_first_field():
    form = _Section()
    show_on_form(form, AccountError("This link has expired", "token"), "slug")
    show_on_form(form, AccountError("Not allowed"))
    assert _messages(form) == {"slug": ["This link has expired"], "title": ["Not allowed"]}
    assert not form.form_errors  # the error summary would link to no box on the page


def test_a_name_that_is_not_a_field_is_never_taken_for_one():
    form = _Section()
    show_on_form(form, AccountError("Refused", "validate"))
    assert _messages(form) == {"title": ["Refused"]}


def test_several_messages_each_go_on_their_field_after_those_already_there():
    form = _Section()
    form.title.errors = ["Enter the title"]
    show_on_form(form, FormBuilderError({"title": "Title is too long", "slug": "Enter the web address"}))
    assert _messages(form) == {"title": ["Enter the title", "Title is too long"], "slug": ["Enter the web address"]}


def test_errors_by_field_for_pages_that_show_a_dict():
    assert errors_by_field(CustomerError("Enter the new address"), "new_address") == {
        "new_address": "Enter the new address"}
    assert errors_by_field(CustomerError("Enter a real postcode", "new_postcode"), "new_address") == {
        "new_postcode": "Enter a real postcode"}
    assert errors_by_field(BvpiError({"note": "Note too long"}), "permissible") == {"note": "Note too long"}


def test_the_base_is_pure_so_any_area_and_pure_rule_may_raise_it():
    script = ("import sys, ieg.input_errors\n"
              "print(sorted(m for m in ('flask', 'werkzeug', 'sqlalchemy', 'wtforms') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[2],
                            capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
