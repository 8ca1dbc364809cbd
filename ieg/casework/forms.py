"""E-forms as data: each form is a list of fields with their validation, the case type it
opens and the outcomes it serves, so a new simple form needs no code (DESIGN.md 3.3).

Pure: definitions and `validate()`, which turns what was submitted into clean answers or
messages per field in the GOV.UK style. No Flask, no database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from ieg.casework.enquiries import normalise_phone, normalise_postcode

KINDS = ("text", "textarea", "email", "phone", "postcode", "radios", "pcn")
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$")
# A penalty charge notice number: two letters then eight digits (the usual format of
# English councils' handheld-issued PCNs), e.g. AD12345678.
_PCN = re.compile(r"^[A-Z]{2}\d{8}$")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"
    required: bool = True
    hint: str = ""
    max_length: int = 500
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for radios
    autocomplete: str = ""
    missing: str = ""  # the message when a required answer is empty ("Enter where the rubbish is")

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r}")


@dataclass(frozen=True)
class FormDefinition:
    slug: str
    title: str
    case_type: str               # case type slug
    case_type_name: str
    section: str                 # section slug (the service area that answers)
    intro: str
    fields: tuple[Field, ...]
    outcome_refs: tuple[str, ...] = ()
    subject_field: str = ""      # the answer used as the enquiry's subject ("" = the form's title)
    description_fields: tuple[str, ...] = ()
    location_field: str = ""

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass
class Outcome:
    answers: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message, in form order

    @property
    def ok(self) -> bool:
        return not self.errors


def _label(f: Field) -> str:
    return f.label[0].lower() + f.label[1:]


def validate(form: FormDefinition, submitted: dict[str, str]) -> Outcome:
    outcome = Outcome()
    for f in form.fields:
        value = (submitted.get(f.name) or "").strip()
        if f.kind != "textarea":
            value = re.sub(r"\s+", " ", value)
        if not value:
            if f.required:
                outcome.errors[f.name] = f.missing or (f"Select {_label(f)}" if f.kind == "radios"
                                                       else f"Enter your {_label(f)}")
            outcome.answers[f.name] = ""
            continue
        if len(value) > f.max_length:
            outcome.errors[f.name] = f"{f.label} must be {f.max_length} characters or fewer"
        elif f.kind == "email":
            try:
                value = validate_email(value, check_deliverability=False).normalized
            except EmailNotValidError:
                outcome.errors[f.name] = "Enter an email address in the correct format, like name@example.com"
        elif f.kind == "phone":
            digits = normalise_phone(value) or ""
            if not 10 <= len(digits) <= 13:
                outcome.errors[f.name] = "Enter a telephone number, like 01632 960 001 or 07700 900 982"
        elif f.kind == "postcode":
            value = normalise_postcode(value) or ""
            if not _POSTCODE.match(value):
                outcome.errors[f.name] = "Enter a real postcode, like AS1 1AA"
        elif f.kind == "pcn":
            value = re.sub(r"[\s-]", "", value.upper())
            if not _PCN.match(value):
                outcome.errors[f.name] = ("Enter the penalty charge notice number as it is on the notice: "
                                          "2 letters then 8 numbers, like AD12345678")
        elif f.kind == "radios" and value not in {v for v, _ in f.options}:
            outcome.errors[f.name] = f"Select {_label(f)}"
        outcome.answers[f.name] = value
    return outcome


def display(form: FormDefinition, name: str, value: str) -> str:
    """An answer as the check-your-answers page shows it (a radio's label, not its value)."""
    f = form.field(name)
    if f is not None and f.kind == "radios":
        return dict(f.options).get(value, value)
    return value


def describe(form: FormDefinition, answers: dict[str, str]) -> tuple[str, str, str]:
    """(subject, description, location) of the enquiry a completed form opens."""
    subject = answers.get(form.subject_field, "") if form.subject_field else ""
    subject = (subject or form.title).splitlines()[0][:200]
    lines = [f"{form.field(n).label}: {display(form, n, answers[n])}" for n in form.description_fields
             if answers.get(n)]
    return subject, "\n\n".join(lines), answers.get(form.location_field, "") if form.location_field else ""


_CONTACT = (
    Field("name", "Full name", autocomplete="name", max_length=200),
    Field("email", "Email address", kind="email", autocomplete="email", max_length=254,
          hint="We will send your reference and our reply to this address."),
    Field("phone", "Telephone number", kind="phone", required=False, autocomplete="tel", max_length=40,
          hint="Optional. In case we need to call you about this."),
)

STANDARD_FORMS: dict[str, FormDefinition] = {f.slug: f for f in (
    FormDefinition(
        slug="general-enquiry", title="Ask us a question", case_type="general-enquiry",
        case_type_name="General enquiry", section="about-the-council",
        intro="Ask about any council service. We reply by email within one working day.",
        fields=(Field("question", "Your question", kind="textarea", max_length=5000, missing="Enter your question",
                      hint="Do not include bank details."), *_CONTACT),
        outcome_refs=("R27", "R28", "R29"), subject_field="question", description_fields=("question",)),
    FormDefinition(
        slug="report-fly-tipping", title="Report fly-tipping", case_type="fly-tipping",
        case_type_name="Fly-tipping report", section="waste-and-recycling",
        intro="Tell us where rubbish has been dumped. Do not touch it: it may be dangerous.",
        fields=(Field("location", "Where is it?", kind="textarea", max_length=1000, missing="Enter where the rubbish is",
                      hint="The street and the nearest house number or landmark."),
                Field("what", "What has been dumped?", kind="textarea", max_length=2000, missing="Enter what has been dumped",
                      hint="For example, 6 black bags and a mattress."), *_CONTACT),
        outcome_refs=("R7", "R27", "R28"), subject_field="what", description_fields=("what", "location"),
        location_field="location"),
    FormDefinition(
        slug="report-abandoned-vehicle", title="Report an abandoned vehicle", case_type="abandoned-vehicle",
        case_type_name="Abandoned vehicle report", section="roads-and-transport",
        intro="Tell us about a vehicle that seems to have been left for good.",
        fields=(Field("location", "Where is the vehicle?", kind="textarea", max_length=1000,
                      missing="Enter where the vehicle is"),
                Field("vehicle", "Make, model, colour and registration (if it has one)", max_length=300,
                      missing="Enter what the vehicle looks like"),
                Field("how_long", "How long has it been there?", kind="radios", missing="Select how long it has been there",
                      options=(("week", "Less than a week"), ("month", "1 to 4 weeks"),
                               ("longer", "More than 4 weeks"))), *_CONTACT),
        outcome_refs=("R7", "R27", "R28"), subject_field="vehicle",
        description_fields=("vehicle", "how_long", "location"), location_field="location"),
    FormDefinition(
        slug="report-graffiti", title="Report graffiti", case_type="graffiti",
        case_type_name="Graffiti report", section="roads-and-transport",
        intro="Tell us about graffiti on a street, wall or public building. We remove offensive graffiti "
              "within 24 hours.",
        fields=(Field("location", "Where is the graffiti?", kind="textarea", max_length=1000,
                      missing="Enter where the graffiti is"),
                Field("offensive", "Is it offensive?", kind="radios", options=(("yes", "Yes"), ("no", "No")),
                      missing="Select yes if the graffiti is offensive"),
                *_CONTACT),
        outcome_refs=("R7", "R27", "R28"), subject_field="location", description_fields=("offensive", "location"),
        location_field="location"),
    FormDefinition(
        slug="bulky-waste-collection", title="Ask for a bulky waste collection", case_type="bulky-waste",
        case_type_name="Bulky waste collection request", section="waste-and-recycling",
        intro="We collect up to 3 large items from outside your home. We will email you a date.",
        fields=(Field("items", "What do you want collected?", kind="textarea", max_length=1000,
                      missing="Enter what you want collected",
                      hint="For example, a sofa and a fridge freezer."),
                Field("address", "Collection address", kind="textarea", max_length=500, autocomplete="street-address"),
                Field("postcode", "Postcode", kind="postcode", autocomplete="postal-code", max_length=10),
                *_CONTACT),
        outcome_refs=("R7", "R27", "R28"), subject_field="items", description_fields=("items", "address", "postcode"),
        location_field="address"),
    FormDefinition(
        slug="parking-fine-appeal", title="Challenge a parking fine", case_type="pcn-challenge",
        case_type_name="Penalty charge notice challenge", section="parking",
        intro="Tell us why you think you should not pay. You need the penalty charge notice (PCN) number.",
        fields=(Field("pcn", "Penalty charge notice number", kind="pcn", max_length=20,
                      hint="It is 2 letters then 8 numbers, for example AD12345678. It is at the top of the notice."),
                Field("registration", "Vehicle registration", max_length=10, autocomplete="off"),
                Field("grounds", "Why should you not pay?", kind="textarea", max_length=5000,
                      missing="Enter why you should not pay"), *_CONTACT),
        outcome_refs=("G13", "R27", "R28"), subject_field="pcn", description_fields=("pcn", "registration", "grounds")),
    FormDefinition(
        slug="complaint", title="Make a complaint", case_type="complaint", case_type_name="Complaint",
        section="about-the-council",
        intro="Tell us what went wrong and what you would like us to do. We reply within 10 working days.",
        fields=(Field("about", "Which service is it about?", max_length=200, missing="Enter which service it is about"),
                Field("what_happened", "What went wrong?", kind="textarea", max_length=5000,
                      missing="Enter what went wrong"),
                Field("put_right", "What would you like us to do to put it right?", kind="textarea", required=False,
                      max_length=2000), *_CONTACT),
        outcome_refs=("R27", "R28"), subject_field="about",
        description_fields=("about", "what_happened", "put_right")),
)}
