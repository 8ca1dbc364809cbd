"""Forms of the community directory: a group's entry (signing up, and its editors' changes), a
moderator's decisions, reporting a problem, inviting another editor."""
import dataclasses

from govuk_frontend_wtf.wtforms_widgets import (GovCheckboxesInput, GovCheckboxInput, GovFileInput, GovSubmitInput,
                                                GovTextArea,
                                                GovTextInput)
from wtforms import BooleanField, FileField, HiddenField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ieg.blueprints.form_base import Form
from ieg.directory import logos
from ieg.directory.entries import Entry, Venue

VENUE_SLOTS = 3
PUBLIC_HINT = "Show this on the public directory page"


class EntryForm(Form):
    name = StringField("Name of the group or organisation", widget=GovTextInput(),
                       validators=[InputRequired("Enter the group's name"), Length(max=200)])
    summary = StringField("What the group does, in a line", widget=GovTextInput(),
                          validators=[InputRequired("Enter a line about what the group does"), Length(max=300)],
                          description="Shown in lists and search results.")
    description = TextAreaField("More about what the group does (optional)", widget=GovTextArea(),
                                validators=[Optional(), Length(max=20000)],
                                description="Who it is for, what happens, how to join. You can use Markdown.")
    categories = SelectMultipleField("Categories", widget=GovCheckboxesInput(), choices=[], coerce=int,
                                     validate_choice=False, description="Choose every category that fits.")
    wards = SelectMultipleField("Wards served (optional)", widget=GovCheckboxesInput(), choices=[], coerce=int,
                                validate_choice=False, description="Choose none if the group serves the whole area.")
    opening_times = TextAreaField("Opening or meeting times (optional)", widget=GovTextArea(),
                                  validators=[Optional(), Length(max=2000)], description="For example: Tuesdays 7pm to 9pm")
    contact_name = StringField("Contact name (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    contact_name_public = BooleanField(PUBLIC_HINT, widget=GovCheckboxInput())
    email = StringField("Email address (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=254)])
    email_public = BooleanField(PUBLIC_HINT, widget=GovCheckboxInput())
    phone = StringField("Phone number (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=40)])
    phone_public = BooleanField(PUBLIC_HINT, widget=GovCheckboxInput())
    website = StringField("Website (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=500)])
    links = TextAreaField("Other links (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=5000)],
                          description="Social media pages and the like, one address a line.")
    charity_number = StringField("Registered charity number (optional)", widget=GovTextInput(),
                                 validators=[Optional(), Length(max=20)],
                                 description="Charity Commission for England and Wales, for example 1123456.")
    submit = SubmitField("Save", widget=GovSubmitInput())

    def venue_fields(self):
        return [(i, self[f"venue{i}_name"], self[f"venue{i}_address"], self[f"venue{i}_postcode"],
                 self[f"venue{i}_accessibility"]) for i in range(1, VENUE_SLOTS + 1)]

    def set_choices(self, categories, wards):
        self.categories.choices = [(c.id, c.name) for c in categories]
        self.wards.choices = [(w.id, w.name) for w in wards]

    def entry(self) -> Entry:
        text = lambda name: self[name].data or ""  # noqa: E731
        return Entry(
            name=text("name"), summary=text("summary"), description=text("description"),
            category_ids=list(self.categories.data or []), ward_ids=list(self.wards.data or []),
            venues=[Venue(text(f"venue{i}_name"), text(f"venue{i}_address"), text(f"venue{i}_postcode"),
                          text(f"venue{i}_accessibility")) for i in range(1, VENUE_SLOTS + 1)],
            opening_times=text("opening_times"), contact_name=text("contact_name"),
            contact_name_public=bool(self.contact_name_public.data), email=text("email"),
            email_public=bool(self.email_public.data), phone=text("phone"), phone_public=bool(self.phone_public.data),
            website=text("website"), links=text("links"), charity_number=text("charity_number"))

    def fill(self, group) -> None:
        """Show a group's entry as it is."""
        for name in ("name", "summary", "description", "opening_times", "contact_name", "contact_name_public", "email",
                     "email_public", "phone", "phone_public", "website", "links", "charity_number"):
            self[name].data = getattr(group, name)
        self.categories.data = [c.id for c in group.categories]
        self.wards.data = [w.id for w in group.wards]
        for i, venue in enumerate(group.venues[:VENUE_SLOTS], start=1):
            for part in ("name", "address", "postcode", "accessibility"):
                self[f"venue{i}_{part}"].data = getattr(venue, part)


for _i in range(1, VENUE_SLOTS + 1):
    setattr(EntryForm, f"venue{_i}_name", StringField("Name of the place (optional)", widget=GovTextInput(),
                                                      validators=[Optional(), Length(max=200)]))
    setattr(EntryForm, f"venue{_i}_address", TextAreaField("Address", widget=GovTextArea(),
                                                           validators=[Optional(), Length(max=1000)]))
    setattr(EntryForm, f"venue{_i}_postcode", StringField("Postcode", widget=GovTextInput(),
                                                          validators=[Optional(), Length(max=10)]))
    setattr(EntryForm, f"venue{_i}_accessibility", TextAreaField(
        "Accessibility (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)],
        description="Step-free access, accessible toilet, hearing loop, parking."))


class GroupEntryForm(EntryForm):
    """The entry as its editors keep it, with the logo (a group signing up adds one once approved)."""
    logo = FileField("Logo (optional)", widget=GovFileInput(),
                     description="A PNG, JPEG or GIF image, smaller than 2 MB. A new one replaces the one shown.")
    logo_alt = StringField("Describe the logo for people who cannot see it", widget=GovTextInput(),
                           validators=[Optional(), Length(max=300)],
                           description="Needed with a logo. For example: Riverside Runners, a green running figure.")
    remove_logo = BooleanField("Take the logo away", widget=GovCheckboxInput())

    def entry(self) -> Entry:
        upload = self.logo.data
        data = upload.read(logos.MAX_BYTES + 1) if upload is not None and getattr(upload, "filename", "") else b""
        return dataclasses.replace(super().entry(), logo_filename=upload.filename if data else "", logo_data=data,
                                   logo_alt=self.logo_alt.data or "", remove_logo=bool(self.remove_logo.data))

    def fill(self, group) -> None:
        super().fill(group)
        self.logo_alt.data = group.logo_alt


class SignUpForm(EntryForm):
    person_name = StringField("Your name", widget=GovTextInput(),
                              validators=[InputRequired("Enter your name"), Length(max=200)])
    person_email = StringField("Your email address", widget=GovTextInput(),
                               validators=[InputRequired("Enter your email address"), Length(max=254)],
                               description="We send a link to set your password here. It is not shown publicly.")
    token = HiddenField()
    submit = SubmitField("Send for checking", widget=GovSubmitInput())


class RejectForm(Form):
    reason = TextAreaField("Why it cannot be published", widget=GovTextArea(),
                           validators=[InputRequired("Say why the entry is turned down: the group is told"),
                                       Length(max=2000)], description="The group is sent this.")
    submit = SubmitField("Turn down", widget=GovSubmitInput())


class ProblemForm(Form):
    details = TextAreaField("What is wrong with this entry?", widget=GovTextArea(),
                            validators=[InputRequired("Say what is wrong with the entry"), Length(max=3000)])
    email = StringField("Your email address (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=254)],
                        description="Only if you would like a reply. It is never shown publicly.")
    submit = SubmitField("Send", widget=GovSubmitInput())


class EditorForm(Form):
    name = StringField("Their name", widget=GovTextInput(), validators=[InputRequired("Enter their name"),
                                                                         Length(max=200)])
    person_email = StringField("Their email address", widget=GovTextInput(),
                               validators=[InputRequired("Enter their email address"), Length(max=254)])
    submit = SubmitField("Invite", widget=GovSubmitInput())


class DealtForm(Form):
    outcome = TextAreaField("What was done (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Mark as dealt with", widget=GovSubmitInput())
