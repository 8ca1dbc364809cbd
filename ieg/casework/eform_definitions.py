"""E-forms as data: each form is a list of fields with their validation, the case type it
opens and the outcomes it serves, so a new simple form needs no code (docs/design.md 3.4).

Definitions, `collect()` and `validate()` are pure: they turn what was submitted into clean
answers or messages per field in the GOV.UK style, with no Flask and no database. Forms an
administrator made (the `eforms` table) become the same `FormDefinition` through
`from_record()`; `definition()` and `listed()` are the one way the public site finds a form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ieg.contact_details import is_postcode, normalise_phone, normalise_postcode
from ieg.dates import DATE_PARTS, ISO_DATE, typed_parts
from ieg import places
from ieg.models import CaseType, EForm

KINDS = ("text", "textarea", "email", "phone", "postcode", "radios", "pcn", "date", "photo", "location")
# A location question's parts beyond its description (the answer under the question's own name):
# a postcode the resident types, and the latitude and longitude the browser found when they asked.
LOCATION_PARTS = ("postcode", "lat", "long")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# People type "nov", "November" or "11": GOV.UK's date input guidance asks us to accept all.
_MONTH_NAMES = {name.lower()[:n]: i for i, name in enumerate(MONTHS, 1) for n in (3, len(name))} | {"sept": 9}
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
    # A date: how many days after today it may be (0: today or earlier); None: any date.
    latest_days_ahead: int | None = None

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
    # BVPI 157 (ieg/evidence/bvpi.py): the LGSL services the form serves and the top-level LGIL
    # interaction type (0-9) it offers; its case type declares the same. A live form e-enables
    # each (service, interaction) pair.
    lgsl_ids: tuple[int, ...] = ()
    lgil_id: int | None = None

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass
class Outcome:
    answers: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message, in form order
    # A date's parts in error ("day", "month", "year"): only those are highlighted.
    wrong_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict[str, str]:
        """The error summary's links: element id -> message. A date links to its first wrong box."""
        return {f"{name}-{self.wrong_parts[name][0]}" if self.wrong_parts.get(name) else name: message
                for name, message in self.errors.items()}


def _label(f: Field) -> str:
    return f.label[0].lower() + f.label[1:]


def collect(form: FormDefinition, data) -> dict[str, str]:
    """What was sent for each field, from any mapping with .get (a request's form). A date
    comes as three boxes (<name>-day, -month, -year) from the form page, or as one ISO
    value carried through check your answers; either way it comes out as the three boxes."""
    collected: dict[str, str] = {}
    for f in form.fields:
        if f.kind == "location":
            collected.update({name: data.get(name, "") for name in location_names(f.name)})
            continue
        if f.kind != "date":
            collected[f.name] = data.get(f.name, "")
            continue
        parts = [data.get(f"{f.name}-{part}", "") for part in DATE_PARTS]
        carried = ISO_DATE.fullmatch(data.get(f.name, "") or "")
        if not any(parts) and carried:
            parts = [str(int(carried.group(3))), str(int(carried.group(2))), carried.group(1)]
        collected.update({f"{f.name}-{part}": value for part, value in zip(DATE_PARTS, parts)})
    return collected


def _number(text: str, names: dict[str, int] | None = None) -> int | None:
    text = text.strip().lower().rstrip(".")
    if text.isdecimal():
        return int(text)
    return (names or {}).get(text)


def _date(f: Field, submitted: dict[str, str], today: date) -> tuple[str, str, tuple[str, ...]]:
    """(ISO date, "", ()) or ("", message, parts in error), the messages GOV.UK's date input
    pattern gives: missing parts named, an impossible part highlighted on its own."""
    typed = typed_parts(submitted, f.name)
    missing = tuple(part for part in DATE_PARTS if not typed[part])
    if len(missing) == 3:
        return "", f.missing or f"Enter the {_label(f)}", DATE_PARTS if f.required else ()
    if missing:
        return "", f"{f.label} must include a {' and '.join(missing)}", missing
    day, month, year = _number(typed["day"]), _number(typed["month"], _MONTH_NAMES), _number(typed["year"])
    wrong = tuple(part for part, value, low, high in (("day", day, 1, 31), ("month", month, 1, 12))
                  if value is None or not low <= value <= high)
    if wrong:
        return "", f"{f.label} must be a real date", wrong
    if year is None or len(typed["year"]) != 4:
        return "", "Year must include 4 numbers", ("year",)
    try:
        when = date(year, month, day)
    except ValueError:  # 31 June, 29 February in a common year
        return "", f"{f.label} must be a real date", ("day", "month")
    latest = today + timedelta(days=f.latest_days_ahead) if f.latest_days_ahead is not None else None
    if latest is not None and when > latest:
        if latest == today:
            return "", f"{f.label} must be today or in the past", DATE_PARTS
        return "", f"{f.label} must be the same as or before {long_date(latest)}", DATE_PARTS
    return when.isoformat(), "", ()


def location_names(name: str) -> tuple[str, ...]:
    """The answers a location question sends: its description, then each of LOCATION_PARTS."""
    return (name, *(f"{name}-{part}" for part in LOCATION_PARTS))


def _location(f: Field, submitted: dict[str, str]) -> tuple[dict[str, str], str, tuple[str, ...]]:
    """(answers, message, parts in error) of a location question: a description, a postcode
    and the browser's latitude and longitude, each optional, but at least one when required."""
    description = (submitted.get(f.name) or "").strip()
    postcode = re.sub(r"\s+", " ", submitted.get(f"{f.name}-postcode") or "").strip()
    where, wrong = places.coordinates(submitted.get(f"{f.name}-lat", ""), submitted.get(f"{f.name}-long", ""))
    answers = {f.name: description, f"{f.name}-postcode": postcode,
               f"{f.name}-lat": f"{where[0]:.{places.DECIMALS}f}" if where else "",
               f"{f.name}-long": f"{where[1]:.{places.DECIMALS}f}" if where else ""}
    if wrong:  # only a changed page sends these: say so, and let them clear it
        return answers, "Your location could not be used: clear it and try again, or describe the place", ()
    if postcode:
        answers[f"{f.name}-postcode"] = normalise_postcode(postcode) or ""
        if not is_postcode(answers[f"{f.name}-postcode"]):
            return answers, "Enter a real postcode, like AS1 1AA", ("postcode",)
    if len(description) > f.max_length:
        return answers, f"{f.label} must be {f.max_length} characters or fewer", ()
    if f.required and not (description or postcode or where):
        return answers, f.missing or "Enter a postcode or describe the place", ()
    return answers, "", ()


def location_words(name: str, answers: dict[str, str]) -> str:
    """A location answer in words: the description, the postcode and the position found."""
    lat, long = answers.get(f"{name}-lat"), answers.get(f"{name}-long")
    position = places.in_words(float(lat), float(long)) if lat and long else ""
    postcode = answers.get(f"{name}-postcode", "")
    return "\n".join(part for part in (answers.get(name, ""), f"Postcode: {postcode}" if postcode else "",
                                        f"Position: {position}" if position else "") if part)


def location_of(form: FormDefinition, answers: dict[str, str]) -> dict | None:
    """The report's place from its first location question, as stored for the back office
    (postcode, description, lat, long, easting, northing); None when the resident gave none."""
    f = next((f for f in form.fields if f.kind == "location"), None)
    if f is None:
        return None
    lat, long = answers.get(f"{f.name}-lat") or "", answers.get(f"{f.name}-long") or ""
    where = (float(lat), float(long)) if lat and long else None
    grid = places.british_national_grid(*where) if where else None
    values = {"postcode": answers.get(f"{f.name}-postcode") or "", "description": answers.get(f.name) or "",
              "lat": where[0] if where else None, "long": where[1] if where else None,
              "easting": grid[0] if grid else None, "northing": grid[1] if grid else None}
    return values if values["postcode"] or values["description"] or where else None


def long_date(when: date) -> str:
    """"5 November 2026", the GOV.UK style."""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def validate(form: FormDefinition, submitted: dict[str, str], today: date | None = None,
             refused: dict[str, str] | None = None) -> Outcome:
    """Clean answers, or a message per field. `today` (the council's local date) bounds
    dates; `refused` holds messages already decided elsewhere (a photo the file check
    refused), kept in form order with the others. A photo's value is an opaque token."""
    outcome, today, refused = Outcome(), today or date.today(), refused or {}
    for f in form.fields:
        if f.name in refused:
            outcome.errors[f.name] = refused[f.name]
            outcome.answers[f.name] = ""
            continue
        if f.kind == "location":
            answers, message, parts = _location(f, submitted)
            outcome.answers.update(answers)
            if message:
                outcome.errors[f.name], outcome.wrong_parts[f.name] = message, parts
            continue
        if f.kind == "date":
            outcome.answers[f.name], message, parts = _date(f, submitted, today)
            if message and (f.required or any(submitted.get(f"{f.name}-{p}", "").strip() for p in DATE_PARTS)):
                outcome.errors[f.name], outcome.wrong_parts[f.name] = message, parts
            continue
        value = (submitted.get(f.name) or "").strip()
        if f.kind != "textarea":
            value = re.sub(r"\s+", " ", value)
        if not value:
            if f.required:
                outcome.errors[f.name] = f.missing or ("Select a photo" if f.kind == "photo" else
                                                       f"Select {_label(f)}" if f.kind == "radios"
                                                       else f"Enter your {_label(f)}")
            outcome.answers[f.name] = ""
            continue
        if f.kind == "photo":
            pass  # a signed token for the file kept server-side, checked by the caller
        elif len(value) > f.max_length:
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
            if not is_postcode(value):
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


def display(form: FormDefinition, name: str, value: str, answers: dict[str, str] | None = None) -> str:
    """An answer as the check-your-answers page shows it (a radio's label, not its value; a
    location's parts, from all the `answers`, in words)."""
    f = form.field(name)
    if f is not None and f.kind == "radios":
        return dict(f.options).get(value, value)
    if f is not None and f.kind == "location":
        return location_words(name, answers if answers is not None else {name: value})
    if f is not None and f.kind == "date" and ISO_DATE.fullmatch(value or ""):
        return long_date(date.fromisoformat(value))
    return value


def describe(form: FormDefinition, answers: dict[str, str]) -> tuple[str, str, str]:
    """(subject, description, location) of the enquiry a completed form opens."""
    def shown(name: str) -> str:
        return display(form, name, answers.get(name, ""), answers)
    subject = shown(form.subject_field) if form.subject_field else ""
    subject = (subject or form.title).splitlines()[0][:200]
    lines = [f"{_as_heading(form.field(n).label)} {shown(n)}" for n in form.description_fields if shown(n)]
    return subject, "\n\n".join(lines), shown(form.location_field) if form.location_field else ""


def _as_heading(label: str) -> str:
    """A question's label before its answer: a colon, unless the label ends in its own
    punctuation ("What has been dumped? A mattress", not "dumped?: A mattress")."""
    label = label.strip()
    return label if label.endswith(("?", ":", ".", "!")) else f"{label}:"


_CONTACT = (
    Field("name", "Full name", autocomplete="name", max_length=200),
    Field("email", "Email address", kind="email", autocomplete="email", max_length=254,
          hint="We will send your reference and our reply to this address."),
    Field("phone", "Telephone number", kind="phone", required=False, autocomplete="tel", max_length=40,
          hint="Optional. In case we need to call you about this."),
)
# A photo helps the crew find and judge a problem; never required (not everyone can take one).
_PHOTO = Field("photo", "Photo", kind="photo", required=False,
               hint="A JPG, PNG, GIF, WEBP or HEIC image smaller than 10 MB.")

# The top-level LGIL interaction types (ieg/data/lgil_interaction_types.csv) the built-in forms
# offer. Reporting a problem (LGIL sub-type 17) asks the council to do something about it
# (clear the rubbish, remove the vehicle or the graffiti, collect the items): a routemap
# counts it under Applications for service.
REQUEST_FOR_SERVICE, COLLECTING_REVENUE, CONSULTATION, REGULATION = 0, 2, 3, 9

STANDARD_FORMS: dict[str, FormDefinition] = {f.slug: f for f in (
    FormDefinition(
        slug="general-enquiry", title="Ask us a question", case_type="general-enquiry",
        case_type_name="General enquiry", section="about-the-council",
        intro="Ask about any council service. We reply by email within one working day.",
        fields=(Field("question", "Your question", kind="textarea", max_length=5000, missing="Enter your question",
                      hint="Do not include bank details."), *_CONTACT),
        # No LGSL service: a question may be about anything, so it e-enables no particular pair.
        outcome_refs=("R27", "R28", "R29"), subject_field="question", description_fields=("question",)),
    FormDefinition(
        slug="report-fly-tipping", title="Report fly-tipping", case_type="fly-tipping",
        case_type_name="Fly-tipping report", section="waste-and-recycling",
        intro="Tell us where rubbish has been dumped. Do not touch it: it may be dangerous.",
        fields=(Field("location", "Where is it?", kind="location", max_length=1000, missing="Enter where the rubbish is",
                      hint="The street and the nearest house number or landmark."),
                Field("what", "What has been dumped?", kind="textarea", max_length=2000, missing="Enter what has been dumped",
                      hint="For example, 6 black bags and a mattress."), _PHOTO, *_CONTACT),
        outcome_refs=("R7", "R27", "R28"), subject_field="what", description_fields=("what", "location"),
        location_field="location", lgsl_ids=(587,), lgil_id=REQUEST_FOR_SERVICE),
    FormDefinition(
        slug="report-abandoned-vehicle", title="Report an abandoned vehicle", case_type="abandoned-vehicle",
        case_type_name="Abandoned vehicle report", section="roads-and-transport",
        intro="Tell us about a vehicle that seems to have been left for good.",
        fields=(Field("location", "Where is the vehicle?", kind="location", max_length=1000,
                      missing="Enter where the vehicle is"),
                Field("vehicle", "Make, model, colour and registration (if it has one)", max_length=300,
                      missing="Enter what the vehicle looks like"),
                Field("how_long", "How long has it been there?", kind="radios", missing="Select how long it has been there",
                      options=(("week", "Less than a week"), ("month", "1 to 4 weeks"),
                               ("longer", "More than 4 weeks"))), _PHOTO, *_CONTACT),
        outcome_refs=("R7", "R27", "R28"), subject_field="vehicle",
        description_fields=("vehicle", "how_long", "location"), location_field="location",
        lgsl_ids=(372,), lgil_id=REQUEST_FOR_SERVICE),
    FormDefinition(
        slug="report-graffiti", title="Report graffiti", case_type="graffiti",
        case_type_name="Graffiti report", section="roads-and-transport",
        intro="Tell us about graffiti on a street, wall or public building. We remove offensive graffiti "
              "within 24 hours.",
        fields=(Field("location", "Where is the graffiti?", kind="location", max_length=1000,
                      missing="Enter where the graffiti is"),
                Field("offensive", "Is it offensive?", kind="radios", options=(("yes", "Yes"), ("no", "No")),
                      missing="Select yes if the graffiti is offensive"),
                _PHOTO, *_CONTACT),
        outcome_refs=("R7", "R27", "R28"), subject_field="location", description_fields=("offensive", "location"),
        location_field="location", lgsl_ids=(584,), lgil_id=REQUEST_FOR_SERVICE),
    FormDefinition(
        slug="bulky-waste-collection", title="Ask for a bulky waste collection", case_type="bulky-waste",
        case_type_name="Bulky waste collection request", section="waste-and-recycling",
        intro="We collect up to 3 large items from outside your home. We will email you a date.",
        fields=(Field("items", "What do you want collected?", kind="textarea", max_length=1000,
                      missing="Enter what you want collected",
                      hint="For example, a sofa and a fridge freezer."),
                Field("address", "Collection address", kind="textarea", max_length=500, autocomplete="street-address"),
                Field("postcode", "Postcode", kind="postcode", autocomplete="postal-code", max_length=10),
                _PHOTO, *_CONTACT),
        outcome_refs=("R7", "R27", "R28"), subject_field="items", description_fields=("items", "address", "postcode"),
        location_field="address", lgsl_ids=(528,), lgil_id=REQUEST_FOR_SERVICE),
    FormDefinition(
        slug="parking-fine-appeal", title="Challenge a parking fine", case_type="pcn-challenge",
        case_type_name="Penalty charge notice challenge", section="parking",
        intro="Tell us why you think you should not pay. You need the penalty charge notice (PCN) number.",
        fields=(Field("pcn", "Penalty charge notice number", kind="pcn", max_length=20,
                      hint="It is 2 letters then 8 numbers, for example AD12345678. It is at the top of the notice."),
                Field("registration", "Vehicle registration", max_length=10, autocomplete="off"),
                Field("grounds", "Why should you not pay?", kind="textarea", max_length=5000,
                      missing="Enter why you should not pay"), *_CONTACT),
        outcome_refs=("G13", "R27", "R28"), subject_field="pcn", description_fields=("pcn", "registration", "grounds"),
        # Appealing is an LGIL sub-type (10); BVPI 157 counts top-level types only. A penalty
        # charge notice is parking enforcement, and challenging one is a step of that
        # enforcement process, so a routemap counts it under Regulation.
        lgsl_ids=(471,), lgil_id=REGULATION),
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
        description_fields=("about", "what_happened", "put_right"),
        # Complaints is an LGIL sub-type (13): a complaint is the resident's view of a service,
        # heard and answered, which a routemap counts under Consultation.
        lgsl_ids=(353,), lgil_id=CONSULTATION),
    FormDefinition(
        # G25: told once. Staff apply the change to the customer's records from these answers.
        slug="tell-us-you-have-moved", title="Tell us you have moved", case_type="change-of-address",
        case_type_name="Change of address", section="council-tax",
        intro="Tell us your old and new address once. We will update your council tax and the other "
              "council services you use.",
        fields=(*_CONTACT,
                Field("old_address", "Old address", kind="textarea", max_length=500),
                Field("old_postcode", "Old postcode", kind="postcode", max_length=10),
                Field("new_address", "New address", kind="textarea", max_length=500, autocomplete="street-address"),
                Field("new_postcode", "New postcode", kind="postcode", max_length=10, autocomplete="postal-code"),
                # People tell us before they move too: up to about 3 months ahead.
                Field("moved_on", "Date you moved", kind="date", latest_days_ahead=92,
                      hint="For example, 27 3 2026. If you have not moved yet, enter the date you will move.")),
        outcome_refs=("G25", "R27", "R28"),
        description_fields=("old_address", "old_postcode", "new_address", "new_postcode", "moved_on"),
        # Changes in circumstances is an LGIL sub-type (11): the move changes who is billed
        # council tax for which address, so a routemap counts it under Collecting revenue.
        lgsl_ids=(58, 370), lgil_id=COLLECTING_REVENUE),
)}


def from_record(record: EForm) -> FormDefinition:
    """An administrator's form (a row of `eforms`, its case type loaded) as a FormDefinition.
    The fields were checked when saved (ieg/casework/form_builder.py)."""
    kind = record.case_type
    fields = tuple(Field(name=f["name"], label=f["label"], kind=f.get("kind", "text"),
                         required=bool(f.get("required", True)), hint=f.get("hint", ""),
                         max_length=int(f.get("max_length") or 500),
                         options=tuple((str(v), str(label)) for v, label in f.get("options") or ()),
                         autocomplete=f.get("autocomplete", ""), missing=f.get("missing", ""),
                         latest_days_ahead=f.get("latest_days_ahead"))
                   for f in record.fields or ())
    return FormDefinition(
        slug=record.slug, title=record.title, case_type=kind.slug, case_type_name=kind.name,
        section=kind.section.slug if kind.section else "", intro=record.intro or "", fields=fields,
        outcome_refs=tuple(kind.outcome_refs or ()), subject_field=record.subject_field or "",
        description_fields=tuple(record.description_fields or ()), location_field=record.location_field or "",
        # A case type made before BVPI 157 (or a stand-in without the columns) declares nothing.
        lgsl_ids=tuple(getattr(kind, "lgsl_ids", None) or ()), lgil_id=getattr(kind, "lgil_id", None))


def built_in_declaration(case_type_slug: str) -> tuple[tuple[int, ...], int | None]:
    """The LGSL services and LGIL type a built-in form declares for its case type (none: ((), None))."""
    form = next((f for f in STANDARD_FORMS.values() if f.case_type == case_type_slug), None)
    return (form.lgsl_ids, form.lgil_id) if form is not None else ((), None)


def _records(session: Session):
    return select(EForm).options(joinedload(EForm.case_type).joinedload(CaseType.section))


def definition(session: Session, slug: str) -> FormDefinition | None:
    """The public form at /forms/<slug>: a built-in one, else a live one an administrator made.
    A draft is not found (administrators see it through the preview)."""
    built_in = STANDARD_FORMS.get(slug)
    if built_in is not None:
        return built_in
    record = session.scalar(_records(session).where(EForm.slug == slug, EForm.live.is_(True)))
    return from_record(record) if record is not None else None


def listed(session: Session) -> list[FormDefinition]:
    """Every public form: the built-in ones, then the live ones administrators made, by title."""
    made = session.scalars(_records(session).where(EForm.live.is_(True)).order_by(EForm.title)).all()
    return [*STANDARD_FORMS.values(), *(from_record(record) for record in made
                                        if record.slug not in STANDARD_FORMS)]
