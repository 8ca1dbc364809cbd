"""Staff's forms for consultations, their questions, outcome and E3 targets; residents' alert forms."""
from govuk_frontend_wtf.wtforms_widgets import (GovCheckboxesInput, GovRadioInput, GovSelect, GovSubmitInput,
                                                GovTextArea, GovTextInput)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ieg.blueprints.form_base import Form
from ieg.participation import surveys
from ieg.participation.measures import MEASURES
from ieg.participation.subscriptions import FREQUENCIES

WHEN_HINT = "For example, 23/11/2026. Times are UK time."


class ConsultationForm(Form):
    section = SelectField("Service area", widget=GovSelect(), validators=[InputRequired("Choose the service area")],
                          description="The section whose editors keep the consultation and publish its pages.")
    title = StringField("Title", widget=GovTextInput(), validators=[InputRequired("Enter a title"), Length(max=200)])
    summary = StringField("Summary", widget=GovTextInput(), validators=[
        InputRequired("Enter a summary of what is proposed"), Length(max=300)],
        description="One sentence: what is proposed and where.")
    background = TextAreaField("Background", widget=GovTextArea(), validators=[
        InputRequired("Enter the background to the proposal"), Length(max=50000)],
        description="In Markdown, as a page is written. Add plans and documents on the background page itself.")
    wards = StringField("Wards affected (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=500)],
                        description="Separate wards with commas. People who follow a ward hear of it.")
    areas = TextAreaField("Streets or area affected (optional)", widget=GovTextArea(), validators=[
        Optional(), Length(max=2000)], description="For a traffic scheme: the streets, or the area in words.")
    opens_date = StringField("Opens on", widget=GovTextInput(), validators=[InputRequired("Enter the opening date")],
                             description=WHEN_HINT)
    opens_time = StringField("at", widget=GovTextInput(), default="09:00", validators=[Optional()],
                             description="24-hour clock, like 09:00")
    closes_date = StringField("Closes on", widget=GovTextInput(), validators=[InputRequired("Enter the closing date")],
                              description=WHEN_HINT)
    closes_time = StringField("at", widget=GovTextInput(), default="23:59", validators=[Optional()],
                              description="24-hour clock, like 23:59")
    layout = RadioField("How the questions are shown", widget=GovRadioInput(), default="all", choices=[
        SelectChoice("all", "All on one page"), SelectChoice("one", "One question per page")],
        description="One question per page, then a page to check the answers, is easier on a phone and for "
                    "longer or harder surveys; all on one page suits a short one.",
        validators=[Optional()], invalid_choice_message="Choose how the questions are shown")
    submit = SubmitField("Save consultation", widget=GovSubmitInput())


class QuestionForm(Form):
    label = StringField("Question", widget=GovTextInput(), validators=[InputRequired("Enter the question"),
                                                                     Length(max=300)])
    hint = StringField("Hint text (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=500)])
    kind = RadioField("Type of answer", widget=GovRadioInput(), choices=[SelectChoice(k, v) for k, v in surveys.KINDS.items()],
                      validators=[InputRequired("Choose the type of answer")],
                      invalid_choice_message="Choose the type of answer")
    options = TextAreaField("Options (for a choice from a list)", widget=GovTextArea(), validators=[Optional()],
                            description="One on each line.")
    required = RadioField("Must people answer it?", widget=GovRadioInput(), choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
                          default="yes", validators=[InputRequired("Say whether people must answer it")])
    submit = SubmitField("Save question", widget=GovSubmitInput())


class OutcomeForm(Form):
    summary = TextAreaField("Summary of the responses", widget=GovTextArea(), validators=[
        InputRequired("Enter a summary of what people said"), Length(max=5000)],
        description="Shown with the charts on the consultation's page once it is concluded.")
    outcome = TextAreaField("You said, we did", widget=GovTextArea(), validators=[
        InputRequired("Enter what the council did in response"), Length(max=50000)],
        description="In Markdown. It becomes a page of the section, published by its publishers like any other.")
    submit = SubmitField("Save the outcome page", widget=GovSubmitInput())


class OfflineForm(Form):
    offline_responses = StringField("Responses taken on paper, by letter or in person", widget=GovTextInput(),
                                    validators=[Optional()], description="Counted in the e-participation figures (E3).")
    submit = SubmitField("Save", widget=GovSubmitInput())


class TargetForm(Form):
    measure = SelectField("Measure", widget=GovSelect(), choices=[SelectChoice(k, v[0]) for k, v in MEASURES.items()],
                          validators=[InputRequired("Choose a measure")])
    baseline = StringField("Baseline", widget=GovTextInput(), validators=[InputRequired("Enter the baseline")])
    target = StringField("Target", widget=GovTextInput(), validators=[InputRequired("Enter the target")])
    note = TextAreaField("How the baseline was agreed (optional)", widget=GovTextArea(), validators=[Optional()])
    submit = SubmitField("Save target", widget=GovSubmitInput())


class SubscribeForm(Form):
    email = StringField("Email address", widget=GovTextInput(), validators=[
        InputRequired("Enter your email address"), Length(max=254)],
        description="We will email you a link to confirm it. We use it only for these alerts.")
    topics = SelectMultipleField("What do you want to hear about?", widget=GovCheckboxesInput(), choices=[],
                                 validate_choice=False)
    frequency = RadioField("How often?", widget=GovRadioInput(), choices=[SelectChoice(k, v) for k, v in FREQUENCIES.items()], default="immediate",
                           validators=[InputRequired("Choose how often you want emails")],
                           invalid_choice_message="Choose how often you want emails")
    submit = SubmitField("Subscribe", widget=GovSubmitInput())


class ManageForm(Form):
    topics = SelectMultipleField("What you follow", widget=GovCheckboxesInput(), choices=[], validate_choice=False)
    frequency = RadioField("How often?", widget=GovRadioInput(), choices=[SelectChoice(k, v) for k, v in FREQUENCIES.items()],
                           validators=[InputRequired("Choose how often you want emails")],
                           invalid_choice_message="Choose how often you want emails")
    submit = SubmitField("Save changes", widget=GovSubmitInput())
