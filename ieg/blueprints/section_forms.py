"""Administrators' form for a section."""
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional

from ieg.blueprints.form_base import Form
from ieg.content.navigation import LGNL_HEADINGS


class SectionForm(Form):
    title = StringField("Section title", widget=GovTextInput(), validators=[
        InputRequired("Enter the section title"), Length(max=200)],
        description="The service area as residents know it, like Waste and recycling.")
    slug = StringField("Web address", widget=GovTextInput(), validators=[InputRequired(
        "Enter the web address for the section"), Length(max=80)],
        description="Lower-case letters, numbers and hyphens: waste-and-recycling gives /waste-and-recycling/.")
    summary = TextAreaField("Summary", widget=GovTextArea(), validators=[Length(max=1000)],
                            description="One or two sentences shown on the home page and the section page.")
    lgnl_heading = SelectField("Heading on the home page", widget=GovSelect(),
                               choices=[SelectChoice("", "Choose a heading")] + [SelectChoice(h, h) for h in LGNL_HEADINGS],
                               validators=[InputRequired("Choose a heading")],
                               invalid_choice_message="Choose a heading from the list")
    contact_email = EmailField("Contact email address", widget=GovTextInput(), validators=[
        Optional(), Email("Enter an email address in the correct format, like name@example.gov.uk"),
        Length(max=254)])
    contact_phone = StringField("Contact telephone number", widget=GovTextInput(), validators=[
        Optional(), Length(max=40)])
    contact_address = TextAreaField("Contact address", widget=GovTextArea(), validators=[Optional(), Length(max=500)])
    submit = SubmitField("Save section", widget=GovSubmitInput())
