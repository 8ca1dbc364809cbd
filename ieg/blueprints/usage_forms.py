"""Administrators' form for a channel take-up baseline or target (G22, E18)."""
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ieg.blueprints.form_base import Form
from ieg.models.casework import CHANNELS
from ieg.usage.channels import CHANNEL_LABELS


class TargetForm(Form):
    section_id = SelectField("Service", widget=GovSelect(), choices=[SelectChoice("", "Whole council")],
                             validate_choice=False)
    channel = SelectField("Channel", widget=GovSelect(), choices=[SelectChoice(c, CHANNEL_LABELS[c]) for c in CHANNELS],
                          validators=[InputRequired("Choose a channel")],
                          invalid_choice_message="Choose a channel from the list")
    measure = RadioField("Baseline or target", widget=GovRadioInput(),
                         choices=[SelectChoice("baseline", "Baseline: the share in a month gone by"),
                                  SelectChoice("target", "Target: the share wanted by a month")],
                         validators=[InputRequired("Choose baseline or target")],
                         invalid_choice_message="Choose baseline or target")
    percent = StringField("Share of the service's enquiries on this channel (%)", widget=GovTextInput(),
                          validators=[InputRequired("Enter the share as a whole number from 0 to 100"),
                                      Length(max=4)])
    month = StringField("Month", widget=GovTextInput(), validators=[
        InputRequired("Enter the month as YYYY-MM, for example 2027-03"), Length(max=7)],
        description="As YYYY-MM: the baseline's month, or the month the target is for. For example, 2027-03.")
    submit = SubmitField("Save", widget=GovSubmitInput())
