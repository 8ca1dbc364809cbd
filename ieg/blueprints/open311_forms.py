"""Administrators' forms for Open311: services offered, API keys, back-office webhooks."""
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from ieg.blueprints.form_base import Form


class ServiceForm(Form):
    case_type = SelectField("Case type", choices=[], widget=GovSelect(), validate_choice=False,
                            validators=[InputRequired("Choose the case type to offer")])
    code = StringField("Service code", widget=GovTextInput(), description="Letters, digits, dots, hyphens or "
                       "underscores, for example fly-tipping. Clients store it: keep it once published.",
                       validators=[InputRequired("Enter a service code"), Length(max=80)])
    group = StringField("Group", widget=GovTextInput(), description="For example Street care",
                        validators=[Length(max=200)])
    keywords = StringField("Keywords", widget=GovTextInput(), description="Separated by commas",
                           validators=[Length(max=500)])
    description = StringField("Description", widget=GovTextInput(), validators=[Length(max=2000)])
    form_slug = SelectField("Questions asked (the attributes)", choices=[], widget=GovSelect(), validate_choice=False)
    active = BooleanField("Offered through the API", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save service", widget=GovSubmitInput())


class KeyForm(Form):
    client = StringField("Client", widget=GovTextInput(), description="Who will use the key, for example FixMyStreet",
                         validators=[InputRequired("Enter the name of the client that will use the key"),
                                     Length(max=200)])
    submit = SubmitField("Issue key", widget=GovSubmitInput())


class WebhookForm(Form):
    case_type = SelectField("Case type", choices=[], widget=GovSelect(), validate_choice=False,
                            validators=[InputRequired("Choose the case type whose enquiries it is told of")])
    name = StringField("Back-office system", widget=GovTextInput(), description="For example Street works system",
                       validators=[InputRequired("Enter the back-office system's name"), Length(max=200)])
    url = StringField("Address to post to", widget=GovTextInput(), description="Starting https://",
                      validators=[InputRequired("Enter the address to post to, starting https://"), Length(max=1000)])
    active = BooleanField("Send to it", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save webhook", widget=GovSubmitInput())
