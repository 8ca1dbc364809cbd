"""What casework puts in site search: the public e-forms (the built-in ones and the live ones
administrators made) and the pages every resident may need to find, the list of forms and
tracking an enquiry. A resident who types "report fly tipping" or "track my enquiry" wants
the form or the tracking page itself, not only a page about the service.

Registered with ieg.search.documents; the search code knows nothing of forms.
"""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ieg.casework import eform_definitions
from ieg.models import CaseType, EForm, LgslService, Section
from ieg.search.documents import Document, Source, affected_by, parse_tokens, row_source

# The kinds of document this area puts in site search; ieg.hooks registers them when the app
# is built.
SOURCES: list[Source] = []

FORM_KIND = "Online form"
SERVICE_KIND = "Online service"
# A person's own details are asked on every form; they say nothing about what the form is for.
_OWN_DETAILS = frozenset({"name", "email", "phone"})
# The public addresses of the forms blueprint (ieg/blueprints/eforms.py), tracking
# (ieg/blueprints/track.py) and the ways to reach and pay the council (ieg/blueprints/public.py):
# documents are built outside any request, where url_for cannot run.
FORMS_URL, TRACK_URL, CONTACT_URL, PAY_URL = "/forms/", "/track", "/contact", "/pay"
EVERY = "*"  # a queue token naming every document of a kind that has no rows of its own


def _sections(session: Session) -> dict[str, Section]:
    return {s.slug: s for s in session.execute(select(Section.id, Section.slug, Section.title))}


def _services(session: Session, ids: Iterable[int]) -> dict[int, str]:
    ids = set(ids)
    if not ids:
        return {}
    return dict(session.execute(select(LgslService.id, LgslService.label).where(LgslService.id.in_(ids))).all())


def form_document(key: str, form: eform_definitions.FormDefinition, sections: dict, services: dict[int, str]) -> Document:
    """A form as residents find it: its title and introduction, what it asks (the questions,
    their hints and choices, not the person's own details), and what the council calls its
    cases and services as labels."""
    questions = [text for f in form.fields if f.name not in _OWN_DETAILS and f.kind != "photo"
                 for text in (f.label, f.hint, *(label for _, label in f.options)) if text]
    section = sections.get(form.section)
    # "Online form": residents looking for a form say so ("complaint form").
    labels = (FORM_KIND, form.case_type_name, *(services[i] for i in form.lgsl_ids if i in services))
    return Document(key=key, kind=FORM_KIND, title=form.title, url=f"{FORMS_URL}{form.slug}", summary=form.intro,
                    body=" ".join(questions), section=section.slug if section else "",
                    section_title=section.title if section else "",
                    labels=tuple(sorted({label for label in labels if label and label != form.title})))


# Built-in forms: always public; they change only with a release (the nightly check and
# `flask ieg reindex` rewrite them then), or when their section or LGSL service is renamed.

def _built_in(session: Session, slugs: Iterable[str]) -> dict[str, Document]:
    wanted = [eform_definitions.STANDARD_FORMS[slug] for slug in slugs if slug in eform_definitions.STANDARD_FORMS]
    sections = _sections(session)
    services = _services(session, (i for form in wanted for i in form.lgsl_ids))
    return {form.slug: form_document(f"form:{form.slug}", form, sections, services) for form in wanted}


def _load_built_in(session: Session, tokens: list[str]) -> dict[str, Document | None]:
    """"form:<slug>", "form:section=<id>", "form:lgsl=<id>", or "form:*" (every one: queued by
    the migration that first put forms in search)."""
    _, groups = parse_tokens(tokens)
    named = {token.partition(":")[2] for token in tokens}
    slugs = set(eform_definitions.STANDARD_FORMS) if EVERY in named else named & set(eform_definitions.STANDARD_FORMS)
    if groups.get("section"):
        section_slugs = set(session.scalars(select(Section.slug).where(Section.id.in_(groups["section"]))))
        slugs |= {form.slug for form in eform_definitions.STANDARD_FORMS.values() if form.section in section_slugs}
    if groups.get("lgsl"):
        slugs |= {form.slug for form in eform_definitions.STANDARD_FORMS.values() if set(form.lgsl_ids) & groups["lgsl"]}
    return {f"form:{slug}": doc for slug, doc in _built_in(session, slugs).items()}


SOURCES.append(Source(
    "form", (Section, LgslService),
    affected_by("form", {Section: lambda o: f"section={o.id}", LgslService: lambda o: f"lgsl={o.id}"}),
    _load_built_in,
    lambda session: _built_in(session, eform_definitions.STANDARD_FORMS).values(), tasks=True))


# Forms administrators made: in search while live (a slug a built-in form has is never shown).

def _live_eforms(session: Session, where) -> dict[int, Document]:
    records = session.scalars(select(EForm).options(joinedload(EForm.case_type).joinedload(CaseType.section))
                              .where(EForm.live.is_(True), EForm.slug.not_in(list(eform_definitions.STANDARD_FORMS)), where)
                              ).unique().all()
    if not records:
        return {}
    definitions = {record.id: eform_definitions.from_record(record) for record in records}
    sections = _sections(session)
    services = _services(session, (i for form in definitions.values() for i in form.lgsl_ids))
    return {i: form_document(f"eform:{i}", form, sections, services) for i, form in definitions.items()}


SOURCES.append(row_source(
    "eform", EForm.id,
    {EForm: lambda o: o.id, CaseType: lambda o: f"case_type={o.id}", Section: lambda o: f"section={o.id}"},
    {"case_type": lambda ids: EForm.case_type_id.in_(ids),
     "section": lambda ids: EForm.case_type_id.in_(select(CaseType.id).where(CaseType.section_id.in_(ids)))},
    _live_eforms, tasks=True))


# Fixed public pages for reaching the council. Their words say what each page holds, in what
# residents call it.
SERVICES = (
    Document(key="service:track", kind=SERVICE_KIND, title="Track your enquiry", url=TRACK_URL,
             summary="Check the progress of an enquiry, report, request or complaint you sent us, using the "
                     "reference from our email and your email address.",
             body="Use the reference from the email or letter we sent you, and the email address you gave us. "
                  "See what is happening, what we have done and our replies.",
             labels=("Check the progress of a report", "Enquiry reference", "Track a report")),
    Document(key="service:forms", kind=SERVICE_KIND, title="Report, request or ask", url=FORMS_URL,
             summary="Our online forms: report a problem, ask for a service, make a complaint or ask us a question.",
             labels=("Online forms", "Report a problem", "Contact the council online")),
    Document(key="service:contact", kind=SERVICE_KIND, title="Contact us", url=CONTACT_URL,
             summary="Every way to reach the council: online forms, email, phone, post and in person, "
                     "with our phone lines' opening hours.",
             body="Our email address and phone number, and when the phone lines are open. Relay UK if you are "
                  "deaf or hard of hearing. Our postal address, and the council offices' opening hours if you "
                  "want to visit. The email address and phone number of each service.",
             labels=("Contact the council", "Council offices", "Email the council", "Phone the council")),
    Document(key="service:pay", kind=SERVICE_KIND, title="Pay the council", url=PAY_URL,
             summary="Pay online by debit or credit card, by phone or by post.",
             body="Have your bill, notice or account number ready. What you can pay for, and every way to pay "
                  "for each. If you cannot pay, contact us: we can often spread payments.",
             labels=("Make a payment", "Pay a bill", "Payments")),
)


def _services_docs(session: Session, tokens: list[str]) -> dict[str, Document | None]:
    return {doc.key: doc for doc in SERVICES if doc.key in tokens or f"service:{EVERY}" in tokens}


SOURCES.append(Source("service", (), lambda obj: [], _services_docs, lambda session: SERVICES))
