"""Forms administrators build without code (/admin/forms, docs/design.md 3.4).

A form is an `EForm` row: its details, the case type it opens and its questions as data,
the same shape as the built-in forms (ieg.casework.eform_definitions.from_record turns one into a
FormDefinition, so the public site renders, checks and submits it with the same code).

`question()` and `publish_problems()` are pure rules; the rest are services taking a
session that flush but never commit. A refusal is a FormBuilderError holding one message
per field, in the GOV.UK style, for the page to show against each field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields as dataclass_fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import cache
from ieg.casework import eform_definitions
from ieg.input_errors import InputErrors
from ieg.models import CaseType, EForm, LgslService, Section
from ieg.reference import lgil
from ieg.reference.outcomes import all_outcomes

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names the form page itself uses (ieg/blueprints/eforms.py: the submission key, the step,
# the CSRF token and the honeypot): a question may not take them.
_PAGE_NAMES = frozenset({"submission", "action", "csrf_token", "website"})


class FormBuilderError(InputErrors):
    pass


@dataclass(frozen=True)
class AnswerType:
    """What an administrator picks for a question: a field kind, and for the person's own
    details the fixed answer name the submission reads to find or make their customer record
    (ieg/blueprints/eforms.py reads answers "name", "email", "phone", "address", "postcode")."""
    key: str
    label: str
    kind: str
    name: str = ""
    autocomplete: str = ""
    max_length: int = 500


ANSWER_TYPES: dict[str, AnswerType] = {t.key: t for t in (
    AnswerType("text", "Text, one line", "text"),
    AnswerType("textarea", "Text, a paragraph or more", "textarea", max_length=5000),
    AnswerType("radios", "One option from a list", "radios", max_length=200),
    AnswerType("date", "Date", "date", max_length=10),
    AnswerType("photo", "Photo", "photo"),
    AnswerType("pcn", "Penalty charge notice number", "pcn", max_length=20),
    # A postcode, a description of the place and, if the resident asks their browser, where they are.
    AnswerType("location", "Where a problem is (postcode, description or their location)", "location",
               max_length=1000),
    AnswerType("name", "Their full name", "text", "name", "name", 200),
    AnswerType("email", "Their email address", "email", "email", "email", 254),
    AnswerType("phone", "Their telephone number", "phone", "phone", "tel", 40),
    AnswerType("address", "Their address", "textarea", "address", "street-address", 500),
    AnswerType("postcode", "Their postcode", "postcode", "postcode", "postal-code", 10),
)}
_FIXED_NAMES = {t.name for t in ANSWER_TYPES.values() if t.name}
_FREE_LENGTH = ("text", "textarea")  # the types whose maximum length an administrator may set


def answer_type(question: dict) -> AnswerType:
    """The type a saved question was made as."""
    for t in ANSWER_TYPES.values():
        if t.name and t.name == question.get("name") and t.kind == question.get("kind"):
            return t
    return ANSWER_TYPES.get(question.get("kind", "text"), ANSWER_TYPES["text"])


def slugify(text: str, separator: str = "-") -> str:
    return re.sub(r"[^a-z0-9]+", separator, text.lower()).strip(separator)


def outcome_refs(text: str) -> tuple[str, ...]:
    """"r27, G25 r28" -> ("R27", "G25", "R28"); FormBuilderError naming any that is not one of the 73."""
    refs = tuple(dict.fromkeys(part.upper() for part in re.split(r"[\s,;]+", text) if part))
    known = {o.ref for o in all_outcomes()}
    unknown = [ref for ref in refs if ref not in known]
    if unknown:
        verb = "is not a priority outcome" if len(unknown) == 1 else "are not priority outcomes"
        raise FormBuilderError({"new_case_type_outcomes": (
            f"{', '.join(unknown)} {verb}: use references from R1 to R29, G1 to G25 or E1 to E19, like R27")})
    return refs


def services_served(session: Session, services: str, interaction: str) -> tuple[list[int], int | None]:
    """The LGSL codes ("587, 584") and LGIL type ("0".."9", or blank) a new case type declares
    for BVPI 157; FormBuilderError naming any code not in the council's list of services."""
    errors: dict[str, str] = {}
    parts = [part for part in re.split(r"[\s,;]+", services) if part]
    codes = list(dict.fromkeys(int(part) for part in parts if part.isdecimal() and len(part) <= 9))
    known = set(session.scalars(select(LgslService.id).where(LgslService.id.in_(codes)))) if codes else set()
    wrong = [part for part in parts if not part.isdecimal() or len(part) > 9 or int(part) not in known]
    if wrong:
        verb = "is not a service" if len(wrong) == 1 else "are not services"
        errors["new_case_type_services"] = (f"{', '.join(dict.fromkeys(wrong))} {verb} in the council's list "
                                            "(LGSL): use the services' code numbers, like 587")
    lgil_id = int(interaction) if interaction.isdecimal() and int(interaction) in lgil.TOP_LEVEL else None
    if interaction and lgil_id is None:
        errors["new_case_type_interaction"] = "Select one of the interaction types listed"
    elif codes and lgil_id is None and not wrong:
        errors["new_case_type_interaction"] = "Select what residents do with these services through the form"
    elif lgil_id is not None and not codes and not wrong:
        errors["new_case_type_services"] = "Enter the LGSL code of each service the form serves"
    if errors:
        raise FormBuilderError(errors)
    return codes, lgil_id


class _Input:
    """What an administrator typed on one page, every value a stripped string."""

    @classmethod
    def from_mapping(cls, data):
        return cls(**{f.name: (data.get(f.name) or "").strip() for f in dataclass_fields(cls)})


# ---------------------------------------------------------------- details and case type

@dataclass
class DetailsInput(_Input):
    slug: str = ""
    title: str = ""
    intro: str = ""
    case_type: str = ""  # "existing" or "new"
    case_type_id: str = ""
    new_case_type_name: str = ""
    new_case_type_section: str = ""  # a section id
    new_case_type_outcomes: str = ""
    new_case_type_services: str = ""     # LGSL codes, like "587, 584"
    new_case_type_interaction: str = ""  # a top-level LGIL type, "0" to "9"; blank for none

    @classmethod
    def of(cls, record: EForm) -> "DetailsInput":
        return cls(slug=record.slug, title=record.title, intro=record.intro, case_type="existing",
                   case_type_id=str(record.case_type_id))


def _case_type(session: Session, data: DetailsInput, errors: dict[str, str]) -> CaseType | None:
    if data.case_type == "existing":
        kind = session.get(CaseType, int(data.case_type_id)) if data.case_type_id.isdecimal() else None
        if kind is None or not kind.active:
            errors["case_type_id"] = "Select the case type the form opens"
        return kind
    if data.case_type != "new":
        errors["case_type"] = "Select whether the form opens an existing case type or a new one"
        return None
    slug = slugify(data.new_case_type_name)[:80]
    section = (session.get(Section, int(data.new_case_type_section))
               if data.new_case_type_section.isdecimal() else None)
    if not slug:
        errors["new_case_type_name"] = "Enter the name of the new case type"
    elif len(data.new_case_type_name) > 200:
        errors["new_case_type_name"] = "The case type's name must be 200 characters or fewer"
    elif (session.scalar(select(CaseType.id).where(CaseType.slug == slug))
          or slug in {f.case_type for f in eform_definitions.STANDARD_FORMS.values()}):
        errors["new_case_type_name"] = (f"There is already a case type called {data.new_case_type_name}: "
                                        "choose it from the existing case types")
    if section is None:
        errors["new_case_type_section"] = "Select the service that deals with these enquiries"
    refs, (codes, lgil_id) = (), ([], None)
    try:
        refs = outcome_refs(data.new_case_type_outcomes)
    except FormBuilderError as refused:
        errors.update(refused.errors)
    try:
        codes, lgil_id = services_served(session, data.new_case_type_services, data.new_case_type_interaction)
    except FormBuilderError as refused:
        errors.update(refused.errors)
    if errors:
        return None
    kind = CaseType(slug=slug, name=data.new_case_type_name, section=section, outcome_refs=list(refs),
                    lgsl_ids=codes, lgil_id=lgil_id)
    session.add(kind)
    return kind


def save_details(session: Session, record: EForm | None, data: DetailsInput, actor) -> EForm:
    """Create a form (record None, as a draft with no questions) or change its details."""
    errors: dict[str, str] = {}  # in the order the page asks
    if not data.title:
        errors["title"] = "Enter the form's title"
    elif len(data.title) > 200:
        errors["title"] = "The title must be 200 characters or fewer"
    slug = data.slug.lower()
    if not slug:
        errors["slug"] = "Enter the form's web address"
    elif len(slug) > 80 or not SLUG.match(slug):
        errors["slug"] = ("The web address must use only lower case letters, numbers and hyphens, "
                          "like report-a-pothole")
    elif slug in eform_definitions.STANDARD_FORMS or session.scalar(
            select(EForm.id).where(EForm.slug == slug, EForm.id != (record.id if record else 0))):
        errors["slug"] = f"There is already a form at /forms/{slug}: choose another web address"
    if len(data.intro) > 2000:
        errors["intro"] = "The introduction must be 2000 characters or fewer"
    kind = _case_type(session, data, errors)  # made only when nothing else is wrong
    if errors:
        raise FormBuilderError(errors)
    if record is None:
        record = EForm(fields=[], description_fields=[], live=False)
        session.add(record)
    record.slug, record.title, record.intro, record.case_type = slug, data.title, data.intro, kind
    record.updated_by_id = getattr(actor, "id", None)
    if record.live:
        cache.bump(session)  # its title and address show on public pages
    session.flush()
    return record


# ---------------------------------------------------------------- questions

@dataclass
class QuestionInput(_Input):
    answer_type: str = ""
    label: str = ""
    hint: str = ""
    required: str = ""      # "yes" or "no"
    options: str = ""       # radios: one per line
    max_length: str = ""    # text types: blank for the usual limit
    missing: str = ""       # the message when it is left empty; blank for the usual one
    future: str = ""        # dates: "yes" allows dates after today

    @classmethod
    def of(cls, question: dict) -> "QuestionInput":
        kind = answer_type(question)
        return cls(answer_type=kind.key, label=question["label"], hint=question.get("hint", ""),
                   required="yes" if question.get("required", True) else "no",
                   options="\n".join(label for _, label in question.get("options") or ()),
                   max_length=str(question["max_length"]) if kind.key in _FREE_LENGTH
                   and question.get("max_length") != kind.max_length else "",
                   missing=question.get("missing", ""),
                   future="no" if question.get("latest_days_ahead") == 0 else "yes")


def _unique(base: str, taken: set[str], separator: str = "_") -> str:
    name, n = base, 2
    while name in taken:
        name, n = f"{base}{separator}{n}", n + 1
    return name


def question(data: QuestionInput, others: list[dict], current: dict | None = None) -> dict:
    """A question as saved in EForm.fields, or FormBuilderError. `others`: the form's other
    questions; `current`: the question being changed (its answer name stays put unless
    its type says otherwise). Pure."""
    errors: dict[str, str] = {}  # in the order the page asks
    kind = ANSWER_TYPES.get(data.answer_type)
    taken = {q["name"] for q in others}
    if not data.label:
        errors["label"] = "Enter the question"
    elif len(data.label) > 200:
        errors["label"] = "The question must be 200 characters or fewer"
    if len(data.hint) > 500:
        errors["hint"] = "The hint must be 500 characters or fewer"
    if kind is None:
        errors["answer_type"] = "Select the type of answer"
    elif kind.name and kind.name in taken:
        errors["answer_type"] = f"The form already asks for {kind.label[0].lower() + kind.label[1:]}"
    elif kind.kind == "location" and any(q["kind"] == "location" for q in others):
        # One place per report: it is what the back office is sent and the map shows.
        errors["answer_type"] = "The form already asks where the problem is"
    options: list[list[str]] = []
    if kind is not None and kind.kind == "radios":
        labels = [line.strip() for line in data.options.splitlines() if line.strip()]
        values: set[str] = set()
        for number, label in enumerate(labels, 1):
            value = _unique(slugify(label)[:60] or f"option-{number}", values, "-")
            values.add(value)
            options.append([value, label])
        if len(labels) < 2:
            errors["options"] = "Enter at least 2 options, one on each line"
        elif len({label.lower() for label in labels}) != len(labels):
            errors["options"] = "Each option must be different"
        elif any(len(label) > 200 for label in labels):
            errors["options"] = "Each option must be 200 characters or fewer"
    max_length = kind.max_length if kind else 500
    if kind is not None and kind.key in _FREE_LENGTH and data.max_length:
        if not data.max_length.isdecimal() or not 1 <= int(data.max_length) <= 10000:
            errors["max_length"] = "The maximum length must be a whole number from 1 to 10000"
        else:
            max_length = int(data.max_length)
    if data.required not in ("yes", "no"):
        errors["required"] = "Select yes if people must answer this question"
    if len(data.missing) > 200:
        errors["missing"] = "The error message must be 200 characters or fewer"
    if errors:
        raise FormBuilderError(errors)
    if kind.name:
        name = kind.name
    elif current is not None and current["name"] not in _FIXED_NAMES:
        name = current["name"]
    else:
        base = slugify(data.label, "_")[:40].strip("_") or "answer"
        base = base if base[0].isalpha() else f"q_{base}"
        name = _unique(base, taken | _FIXED_NAMES | _PAGE_NAMES)
    saved = {"name": name, "label": data.label, "kind": kind.kind, "required": data.required == "yes",
             "hint": data.hint, "max_length": max_length, "autocomplete": kind.autocomplete,
             "missing": data.missing}
    if options:
        saved["options"] = options
    if kind.kind == "date":
        saved["latest_days_ahead"] = None if data.future == "yes" else 0
    eform_definitions.Field(**{k: tuple(map(tuple, v)) if k == "options" else v for k, v in saved.items()})  # a last check
    return saved


def publish_problems(record: EForm, questions: list[dict] | None = None) -> dict[str, str]:
    """What stops a form going (or staying) live. Pure."""
    questions = record.fields if questions is None else questions
    problems: dict[str, str] = {}
    if not questions:
        problems["questions"] = "Add at least one question"
    email = next((q for q in questions if q["name"] == "email"), None)
    if email is None or not email.get("required", True):
        # Every web enquiry is acknowledged by email with its reference (R28).
        problems["email"] = ("Ask for their email address, and make the answer required: every enquiry gets "
                             "an acknowledgement by email")
    return problems


def _set_questions(record: EForm, questions: list[dict], renamed: dict[str, str | None], actor) -> None:
    """Save the questions, keeping which answers make the enquiry pointing at the right ones.
    A live form must stay publishable."""
    if record.live:
        problems = publish_problems(record, questions)
        if problems:
            raise FormBuilderError({"questions": "The form is live, so this change cannot be made: "
                                    + next(iter(problems.values())).lower()})

    def follow(name: str) -> str | None:
        return renamed.get(name, name)

    record.fields = questions
    record.subject_field = (follow(record.subject_field) or "") if record.subject_field else ""
    record.location_field = (follow(record.location_field) or "") if record.location_field else ""
    record.description_fields = [n for n in map(follow, record.description_fields or ()) if n]
    record.updated_by_id = getattr(actor, "id", None)


def find_question(record: EForm, name: str) -> int | None:
    return next((i for i, q in enumerate(record.fields or ()) if q["name"] == name), None)


def save_question(session: Session, record: EForm, name: str | None, data: QuestionInput, actor) -> dict:
    """Add a question at the end (name None) or change the one with this answer name."""
    questions = list(record.fields or [])
    index = find_question(record, name) if name else None
    current = questions[index] if index is not None else None
    saved = question(data, [q for q in questions if q is not current], current)
    if current is None:
        questions.append(saved)
        renamed: dict[str, str | None] = {}
    else:
        questions[index] = saved
        renamed = {current["name"]: saved["name"]}
    _set_questions(record, questions, renamed, actor)
    if current is None and saved["kind"] != "photo" and saved["name"] not in _FIXED_NAMES:
        # New questions go into the enquiry's description until the administrator says otherwise.
        record.description_fields = [*record.description_fields, saved["name"]]
    if saved["kind"] == "location" and not record.location_field:
        record.location_field = saved["name"]  # the enquiry's location, until the administrator says otherwise
    session.flush()
    return saved


def move_question(session: Session, record: EForm, name: str, offset: int, actor) -> None:
    questions = list(record.fields or [])
    index = find_question(record, name)
    if index is None:
        raise FormBuilderError({"questions": "That question is no longer on the form"})
    target = index + offset
    if 0 <= target < len(questions):
        questions[index], questions[target] = questions[target], questions[index]
        _set_questions(record, questions, {}, actor)
        session.flush()


def remove_question(session: Session, record: EForm, name: str, actor) -> None:
    questions = list(record.fields or [])
    index = find_question(record, name)
    if index is None:
        raise FormBuilderError({"questions": "That question is no longer on the form"})
    del questions[index]
    _set_questions(record, questions, {name: None}, actor)
    session.flush()


def set_enquiry_answers(session: Session, record: EForm, subject: str, description: list[str], location: str,
                        actor) -> None:
    """Which answers become the enquiry's subject, description and location (ieg.casework.eform_definitions.describe)."""
    usable = {q["name"] for q in record.fields or () if q["kind"] != "photo"}
    errors: dict[str, str] = {}
    if subject and subject not in usable:
        errors["subject_field"] = "Select the answer that is the enquiry's subject"
    if any(name not in usable for name in description):
        errors["description_fields"] = "Select answers that are on the form"
    if location and location not in usable:
        errors["location_field"] = "Select the answer that says where"
    if errors:
        raise FormBuilderError(errors)
    record.subject_field, record.location_field = subject, location
    record.description_fields = [q["name"] for q in record.fields if q["name"] in set(description)]
    record.updated_by_id = getattr(actor, "id", None)
    session.flush()


def set_live(session: Session, record: EForm, live: bool, actor) -> None:
    if live:
        problems = publish_problems(record)
        if problems:
            raise FormBuilderError(problems)
    record.live = live
    record.updated_by_id = getattr(actor, "id", None)
    cache.bump(session)  # the home, contact and forms pages and the sitemap list the live forms
    session.flush()
