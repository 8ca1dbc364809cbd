"""Forms for keeping a group's or a section's events and vacancies."""
from govuk_frontend_wtf.wtforms_widgets import (GovCheckboxesInput, GovCheckboxInput, GovRadioInput, GovSelect,
                                                GovSubmitInput, GovTextArea, GovTextInput)
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ieg.blueprints.form_base import DateInputField, Form
from ieg.whatson.recurrence import (DAILY, MONTHLY_DATE, MONTHLY_WEEKDAY, NONE, WEEKDAY_NAMES, WEEKDAYS, WEEKLY)

REPEATS = [SelectChoice(*c) for c in (
    (NONE, "It happens once"), (DAILY, "Every day"), (WEEKLY, "Every week, on the days chosen below"),
    (MONTHLY_DATE, "Every month, on the same date as the first (like the 15th)"),
    (MONTHLY_WEEKDAY, "Every month, on the same weekday as the first (like the second Tuesday)"))]


class EventForm(Form):
    title = StringField("Event name", widget=GovTextInput(), validators=[InputRequired("Enter the event's name"),
                                                                         Length(max=200)])
    description = TextAreaField("What happens", widget=GovTextArea(), validators=[Length(max=20000)],
                                description="You can use Markdown: **bold**, lists with -, "
                                            "links as [text](https://...).")
    start_date = DateInputField("Date (the first date, if it repeats)",
                                validators=[InputRequired("Enter the date of the event")],
                                description="For example, 27 3 2027")
    start_time = StringField("Start time", widget=GovTextInput(), validators=[InputRequired("Enter the start time")],
                             description="24-hour clock, like 19:00")
    end_time = StringField("Finish time (optional)", widget=GovTextInput(), validators=[Optional()],
                           description="On the same day, like 21:00")
    frequency = RadioField("Does it repeat?", widget=GovRadioInput(), choices=REPEATS, default=NONE)
    interval = StringField("Repeat every how many days, weeks or months?", widget=GovTextInput(), default="1",
                           description="1 for every week (or day, or month), 2 for every other one")
    weekdays = SelectMultipleField("Days of the week (for a weekly event)", widget=GovCheckboxesInput(),
                                   choices=[SelectChoice(*c) for c in zip(WEEKDAYS, WEEKDAY_NAMES)],
                                   validate_choice=False)
    until = DateInputField("Last date it repeats on", validators=[Optional()],
                           description="Give this or the number of times. For example, 30 6 2027")
    count = StringField("Or: how many times it happens in all", widget=GovTextInput(), validators=[Optional()])
    skip_bank_holidays = BooleanField("It does not happen on bank holidays", widget=GovCheckboxInput())
    venue_name = StringField("Venue", widget=GovTextInput(), validators=[Length(max=200)],
                             description="Leave the venue and address empty for an event only online.")
    venue_address = StringField("Venue address", widget=GovTextInput(), validators=[Length(max=300)])
    online_url = StringField("Link to join online", widget=GovTextInput(), validators=[Length(max=500)])
    price = StringField("Price", widget=GovTextInput(), validators=[Length(max=200)],
                        description="Leave empty if it is free. For example: £3, children free")
    booking_url = StringField("Booking link (optional)", widget=GovTextInput(), validators=[Length(max=500)])
    accessibility = TextAreaField("Accessibility", widget=GovTextArea(), validators=[Length(max=4000)],
                                  description="Step-free access, hearing loop, accessible toilets, quiet space...")
    categories = SelectMultipleField("Categories", widget=GovCheckboxesInput(), choices=[], coerce=int,
                                     validate_choice=False)
    wards = SelectMultipleField("Wards it is for", widget=GovCheckboxesInput(), choices=[], coerce=int,
                                validate_choice=False, description="Leave empty for the whole council area.")
    submit = SubmitField("Save event", widget=GovSubmitInput())


class CancelDateForm(Form):
    day = SelectField("Date to call off", widget=GovSelect(), validators=[InputRequired("Choose the date")])
    submit = SubmitField("Call off this date", widget=GovSubmitInput())


class ConfirmForm(Form):
    submit = SubmitField("Confirm", widget=GovSubmitInput())


class VacancyForm(Form):
    title = StringField("Job or role title", widget=GovTextInput(),
                        validators=[InputRequired("Enter the job or role's title"), Length(max=200)])
    kind = RadioField("Is it paid?", widget=GovRadioInput(),
                      choices=[SelectChoice("paid", "Paid"), SelectChoice("volunteer", "Volunteer")],
                      validators=[InputRequired("Say whether it is paid or a volunteer role")])
    pay = StringField("Pay (for a paid job)", widget=GovTextInput(), validators=[Length(max=200)],
                      description="For example, £11.44 an hour")
    hours = StringField("Hours", widget=GovTextInput(), validators=[Length(max=200)],
                        description="For example, 2 hours a week, Thursday evenings")
    location = StringField("Where", widget=GovTextInput(), validators=[Length(max=300)])
    closing_date = DateInputField("Closing date", validators=[InputRequired("Enter the closing date")],
                                  description="Applications until the end of this day. For example, 31 3 2027")
    description = TextAreaField("About the role", widget=GovTextArea(), validators=[Length(max=20000)],
                                description="You can use Markdown.")
    how_to_apply = TextAreaField("How to apply", widget=GovTextArea(), validators=[Length(max=4000)])
    apply_url = StringField("Link to apply (optional)", widget=GovTextInput(), validators=[Length(max=500)])
    submit = SubmitField("Save vacancy", widget=GovSubmitInput())
