"""Forms for councillors' records and democratic services' meetings."""
from govuk_frontend_wtf.wtforms_widgets import (GovCheckboxInput, GovSelect, GovSubmitInput, GovTextArea,
                                                GovTextInput)
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ieg.blueprints.form_base import DateInputField, Form
from ieg.democracy.meetings import EXEMPT_PARAGRAPHS
from ieg.models.democracy import DOCUMENT_KINDS

INTEREST_CATEGORIES = ("Employment, office, trade, profession or vocation", "Sponsorship", "Contracts", "Land",
                       "Licences", "Corporate tenancies", "Securities", "Other registrable interest")
DOCUMENT_LABELS = dict(zip(DOCUMENT_KINDS, ("Report", "Minutes", "Decision notice", "Key decision notice")))


class ProfileForm(Form):
    name = StringField("Name", widget=GovTextInput(), validators=[InputRequired("Enter the councillor's name"),
                                                                 Length(max=200)])
    party = StringField("Party", widget=GovTextInput(), validators=[Length(max=120)],
                        description="Leave empty for an independent councillor with no party.")
    photo_url = StringField("Photo address", widget=GovTextInput(), validators=[Length(max=300)],
                            description="Upload the photo to one of your pages and paste its address here.")
    photo_alt = StringField("Describe the photo", widget=GovTextInput(), validators=[Length(max=300)],
                            description="For people who cannot see it, like: Councillor Shah outside the library.")
    email = StringField("Email address to publish", widget=GovTextInput(), validators=[Length(max=254)],
                        description="Only what you enter here is published. Leave empty to publish none.")
    phone = StringField("Phone number to publish", widget=GovTextInput(), validators=[Length(max=40)])
    address = TextAreaField("Address to publish", widget=GovTextArea(), validators=[Length(max=500)])
    surgeries = TextAreaField("Surgeries", widget=GovTextArea(), validators=[Length(max=4000)],
                              description="When and where residents can meet you.")
    submit = SubmitField("Publish changes", widget=GovSubmitInput())


class InterestForm(Form):
    category = SelectField("Kind of interest", widget=GovSelect(),
                           choices=[SelectChoice("", "Choose the kind of interest")] + [SelectChoice(c, c) for c in INTEREST_CATEGORIES],
                           validators=[InputRequired("Choose the kind of interest")])
    description = TextAreaField("Describe the interest", widget=GovTextArea(),
                                validators=[InputRequired("Describe the interest"), Length(max=2000)])
    declared_on = DateInputField("Date declared", validators=[InputRequired("Enter the date declared")],
                                 description="For example, 27 3 2026")
    submit = SubmitField("Publish in the register", widget=GovSubmitInput())


class InterestEndForm(Form):
    removed_on = DateInputField("Date it ended", validators=[InputRequired("Enter the date the interest ended")])
    submit = SubmitField("Show as ended", widget=GovSubmitInput())


class CommitteeForm(Form):
    name = StringField("Committee name", widget=GovTextInput(),
                       validators=[InputRequired("Enter the committee's name"), Length(max=200)])
    description = TextAreaField("What it does", widget=GovTextArea(), validators=[Length(max=2000)])
    submit = SubmitField("Save committee", widget=GovSubmitInput())


class MeetingForm(Form):
    committee = SelectField("Committee", widget=GovSelect(), coerce=str,
                            validators=[InputRequired("Choose the committee")])
    day = DateInputField("Date", validators=[InputRequired("Enter the date of the meeting")],
                         description="For example, 27 3 2027")
    starts = StringField("Start time", widget=GovTextInput(), validators=[InputRequired("Enter the start time")],
                         description="24-hour clock, like 18:30")
    ends = StringField("Finish time (if known)", widget=GovTextInput(), validators=[Optional()])
    place = StringField("Place", widget=GovTextInput(), validators=[Length(max=300)])
    remote_url = StringField("Link to join or watch remotely", widget=GovTextInput(), validators=[Length(max=500)])
    key_decision = BooleanField("A key decision will be taken", widget=GovCheckboxInput())
    note = StringField("Reason for a change of date or time (shown publicly)", widget=GovTextInput(),
                       validators=[Length(max=300)])
    submit = SubmitField("Save meeting", widget=GovSubmitInput())


class CancelForm(Form):
    reason = StringField("Why is the meeting cancelled?", widget=GovTextInput(),
                         validators=[InputRequired("Say why the meeting is cancelled"), Length(max=300)])
    submit = SubmitField("Cancel the meeting", widget=GovSubmitInput())


class ItemForm(Form):
    title = StringField("Item title", widget=GovTextInput(), validators=[InputRequired("Enter the item's title"),
                                                                        Length(max=300)])
    body = TextAreaField("What the item is about", widget=GovTextArea(), validators=[Length(max=20000)],
                         description="Markdown, as in the page editor. Not published for an exempt item.")
    exempt_paragraph = SelectField(
        "Exempt from publication", widget=GovSelect(), coerce=str,
        choices=[SelectChoice("", "Not exempt: publish")] + [SelectChoice(str(n), f"Schedule 12A paragraph {n}: {text}")
                                                              for n, text in EXEMPT_PARAGRAPHS.items()])
    key_decision = BooleanField("This is a key decision", widget=GovCheckboxInput())
    submit = SubmitField("Add item", widget=GovSubmitInput())


class DocumentForm(Form):
    kind = SelectField("Kind of document", widget=GovSelect(), choices=[SelectChoice(k, v) for k, v in DOCUMENT_LABELS.items()])
    item = SelectField("Agenda item", widget=GovSelect(), coerce=str)
    title = StringField("Title", widget=GovTextInput(), validators=[InputRequired("Enter the document's title"),
                                                                   Length(max=300)])
    body = TextAreaField("Text", widget=GovTextArea(), validators=[InputRequired("Enter the document's text")],
                         description="Markdown, as in the page editor: documents are web pages, not only files.")
    submit = SubmitField("Add document", widget=GovSubmitInput())


class ItemChangeForm(ItemForm):
    submit = SubmitField("Save item", widget=GovSubmitInput())


class DocumentChangeForm(Form):
    kind = SelectField("Kind of document", widget=GovSelect(), choices=[SelectChoice(k, v) for k, v in DOCUMENT_LABELS.items()])
    title = DocumentForm.title
    body = DocumentForm.body
    submit = SubmitField("Save document", widget=GovSubmitInput())


class RemoveForm(Form):
    submit = SubmitField("Remove", widget=GovSubmitInput())


class DecisionForm(Form):
    decision = TextAreaField("Decision", widget=GovTextArea(), validators=[InputRequired("Enter the decision")])
    submit = SubmitField("Publish decision", widget=GovSubmitInput())


class ConfirmForm(Form):
    submit = SubmitField("Publish the agenda", widget=GovSubmitInput())


class WardForm(Form):
    code = StringField("Ward code", widget=GovTextInput(), validators=[InputRequired("Enter the ward's code")],
                       description="The ONS code, like E05012345.")
    name = StringField("Ward name", widget=GovTextInput(), validators=[InputRequired("Enter the ward's name"),
                                                                      Length(max=120)])
    submit = SubmitField("Add ward", widget=GovSubmitInput())


class NewCouncillorForm(Form):
    name = StringField("Name", widget=GovTextInput(), validators=[InputRequired("Enter the councillor's name"),
                                                                 Length(max=200)])
    party = StringField("Party", widget=GovTextInput(), validators=[Length(max=120)])
    ward = SelectField("Ward", widget=GovSelect(), validators=[InputRequired("Choose the councillor's ward")])
    term_starts = DateInputField("Elected on", validators=[InputRequired("Enter the date the term began")])
    email = StringField("Their sign-in email address (optional)", widget=GovTextInput(),
                        validators=[Length(max=254)],
                        description="An account an administrator has made. Leave empty if officers keep the pages.")
    self_publish = BooleanField("Their changes publish at once (otherwise democratic services approve them)",
                                widget=GovCheckboxInput())
    submit = SubmitField("Add councillor", widget=GovSubmitInput())


class MemberForm(Form):
    councillor = SelectField("Councillor", widget=GovSelect(), validators=[InputRequired("Choose the councillor")])
    role = SelectField("Role", widget=GovSelect(), choices=[SelectChoice(r, r) for r in ("Member", "Chair", "Vice-chair")])
    starts = DateInputField("From", validators=[InputRequired("Enter the date the membership starts")])
    submit = SubmitField("Add member", widget=GovSubmitInput())


class AttendanceForm(Form):
    councillor = SelectField("Councillor", widget=GovSelect(), validators=[InputRequired("Choose the councillor")])
    status = SelectField("Attendance", widget=GovSelect(), choices=[
        SelectChoice("present", "Present"), SelectChoice("apologies", "Apologies"), SelectChoice("absent", "Absent"),
        SelectChoice("substitute", "Substitute")])
    substitute_for = SelectField("Substituting for (substitutes only)", widget=GovSelect())
    submit = SubmitField("Record attendance", widget=GovSubmitInput())


class RoleForm(Form):
    title = StringField("Role", widget=GovTextInput(), validators=[InputRequired("Enter the role"), Length(max=200)],
                        description="Like Cabinet member for housing, or Chair of the council.")
    starts = DateInputField("From", validators=[InputRequired("Enter the date the role starts")])
    submit = SubmitField("Add role", widget=GovSubmitInput())


class EndForm(Form):
    ends = DateInputField("Date it ends", validators=[InputRequired("Enter the date it ends")])
    submit = SubmitField("End", widget=GovSubmitInput())
