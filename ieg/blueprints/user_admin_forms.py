"""Administrators' forms for users, roles and section grants."""
from govuk_frontend_wtf.wtforms_widgets import (GovCheckboxesInput, GovCheckboxInput, GovPasswordInput, GovRadioInput,
                                                GovSelect, GovSubmitInput, GovTextInput)
from wtforms import (BooleanField, EmailField, PasswordField, RadioField, SelectField, SelectMultipleField, StringField,
                     SubmitField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ieg.blueprints.form_base import Form
from ieg.people.permissions import GLOBAL_ROLES, ROLE_LABELS, SECTION_ROLES

ROLE_CHOICES = [SelectChoice(role, ROLE_LABELS[role]) for role in GLOBAL_ROLES]
NO_ACCESS = "none"
GRANT_CHOICES = [SelectChoice(NO_ACCESS, "No access")] + [SelectChoice(r, ROLE_LABELS[r]) for r in SECTION_ROLES]


class UserDetailsForm(Form):
    name = StringField("Full name", widget=GovTextInput(), validators=[
        InputRequired("Enter the person's full name"), Length(max=200)])
    email = EmailField("Email address", widget=GovTextInput(), validators=[
        InputRequired("Enter the person's email address"), Length(max=254)])
    roles = SelectMultipleField("Roles across the council", choices=ROLE_CHOICES, widget=GovCheckboxesInput(),
                                description="Section editing is granted per section, below.",
                                invalid_choice_message="Choose roles from the list")
    active = BooleanField("This person can sign in", widget=GovCheckboxInput(), default=True)
    # Choices are the sections, filled in by the view; checked by the service.
    casework_section = SelectField("Casework service queue", choices=[], widget=GovSelect(), validate_choice=False,
                                   description="Officers see this service's open enquiries on their casework page.")
    submit = SubmitField("Save details", widget=GovSubmitInput())


class NewUserForm(UserDetailsForm):
    password = PasswordField("Initial password", widget=GovPasswordInput(), validators=[
        InputRequired("Enter an initial password")],
        description="At least 12 characters. Give it to the person securely; they can change it in Your account.")
    submit = SubmitField("Add user", widget=GovSubmitInput())


class ResetPasswordForm(Form):
    password = PasswordField("New password", widget=GovPasswordInput(), validators=[
        InputRequired("Enter a new password")],
        description="At least 12 characters. The person is signed out everywhere.")
    submit = SubmitField("Set password", widget=GovSubmitInput())


class TwoFactorResetForm(Form):
    submit = SubmitField("Turn off their two-factor sign-in", widget=GovSubmitInput())


class SignInPolicyForm(Form):
    two_factor_roles = SelectMultipleField(
        "Which roles must use two-factor sign-in?", choices=ROLE_CHOICES, widget=GovCheckboxesInput(),
        description="Holders of these roles enter a code from an authenticator app after their password, and set "
                    "one up at their next sign-in if they have none. Administrators should always be included.",
        invalid_choice_message="Choose roles from the list")
    submit = SubmitField("Save sign-in rules", widget=GovSubmitInput())


class PersonalDataForm(Form):
    sees_personal_data = RadioField(
        "How does this auditor see customers' personal data?",
        choices=[SelectChoice("no", "Masked: initials, the first letter of email addresses, the last 3 digits of "
                                    "phone numbers, the postcode district"),
                 SelectChoice("yes", "In full: names, email addresses, phone numbers and addresses as the customer "
                                     "gave them")],
        widget=GovRadioInput(), validators=[InputRequired("Choose masked or in full")],
        description="Give full view only when the audit needs it, and withdraw it afterwards. Every page and "
                    "export the auditor opens is in the audit log either way, and so is this choice.")
    submit = SubmitField("Save personal data view", widget=GovSubmitInput())


def grants_form(sections, user=None):
    """A form with one select per section: no access, author or publisher."""
    class GrantsForm(Form):
        submit = SubmitField("Save section access", widget=GovSubmitInput())

    for section in sections:
        held = user.section_roles(section.id) if user else frozenset()
        current = "publisher" if "publisher" in held else "author" if "author" in held else NO_ACCESS
        setattr(GrantsForm, f"section_{section.id}", SelectField(
            section.title, choices=GRANT_CHOICES, default=current, widget=GovSelect(),
            invalid_choice_message="Choose no access, author or publisher"))
    return GrantsForm
