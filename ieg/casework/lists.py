"""Browsing casework: every enquiry a member of staff may see, filtered, sorted and a page at
a time, and the customer records, searched; both as CSV. Whatever the filters say, a list
holds only what `can()` lets the viewer see: the one rule, as SQL, from
ieg.casework.visibility. Filters come from an address anyone can type, so they are parsed
here into plain values, with a message for each one that cannot be used."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, Select, case, func, select
from sqlalchemy.orm import Session, aliased, joinedload

from ieg import dates, paging
from ieg.casework import deadlines_sql, handling, labels, visibility
from ieg import csv_text
from ieg.input_errors import InputError
from ieg.models import CaseType, Customer, Enquiry, Section, User
from ieg.models.casework import CHANNELS, STATUSES

PER_PAGE = 50
ENQUIRY_SORTS = {"newest": "Newest first", "oldest": "Oldest first",
                 "due": "Resolution due soonest", "reference": "Reference"}
CUSTOMER_SORTS = {"name": "Name", "recent": "Most recent enquiry", "newest": "Newest record"}
NOBODY = "none"  # the officer filter's "not assigned to anyone"


class FilterError(InputError):
    pass


# Enquiries -------------------------------------------------------------------------------

@dataclass(frozen=True)
class EnquiryFilter:
    statuses: tuple[str, ...] = ()
    section_id: int | None = None
    channel: str = ""
    case_type_id: int | None = None
    officer: str = ""                 # "", NOBODY or a user's id
    received_from: date | None = None
    received_to: date | None = None   # inclusive
    breached: bool = False
    sort: str = "newest"

    def params(self) -> dict:
        """The filter as the list's address gives it, for links that keep it (pages, CSV)."""
        values: dict = {"status": list(self.statuses), "service": self.section_id, "channel": self.channel,
                        "case_type": self.case_type_id, "officer": self.officer,
                        "breached": "yes" if self.breached else "",
                        "sort": "" if self.sort == "newest" else self.sort}
        for name, day in (("from", self.received_from), ("to", self.received_to)):
            if day:
                values.update({f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year})
        return {key: value if isinstance(value, list) else str(value) for key, value in values.items()
                if value not in ("", None, [])}

    def described(self) -> dict:
        """For the audit log of an export: which enquiries it held."""
        found = {key: value for key, value in self.params().items() if not key.startswith(("from-", "to-"))}
        found.update({name: day.isoformat() for name, day in (("from", self.received_from),
                                                               ("to", self.received_to)) if day})
        return found


def _number(values, name: str, message: str) -> int | None:
    text = (values.get(name) or "").strip()
    if not text:
        return None
    if not text.isdecimal() or len(text) > 9:
        raise FilterError(message, name)
    return int(text)


def _day(values, name: str, label: str) -> date | None:
    """A GOV.UK date input (name-day, name-month, name-year), or None when left empty."""
    try:
        return dates.day_month_year(values, name)
    except dates.DateTypingError:
        raise FilterError(f"{label} must be a real date, like 14 11 2026", name) from None


def parse_enquiry_filter(values) -> tuple[EnquiryFilter, dict[str, str]]:
    """The filter in a list's address (a MultiDict), and a message for each part that cannot
    be used, by field. A part in error is left out of the filter."""
    errors: dict[str, str] = {}
    parts: dict = {}

    def take(name: str, read):
        try:
            return read()
        except FilterError as error:
            errors[error.field] = str(error)
            return None

    statuses = tuple(dict.fromkeys(s for s in values.getlist("status") if s))
    if any(s not in STATUSES for s in statuses):
        errors["status"] = "Choose statuses from the list"
    else:
        parts["statuses"] = statuses
    parts["section_id"] = take("service", lambda: _number(values, "service", "Choose a service from the list"))
    parts["case_type_id"] = take("case_type", lambda: _number(values, "case_type", "Choose a case type from the list"))
    channel = (values.get("channel") or "").strip()
    if channel and channel not in CHANNELS:
        errors["channel"] = "Choose a channel from the list"
    else:
        parts["channel"] = channel
    officer = (values.get("officer") or "").strip()
    if officer and officer != NOBODY and not (officer.isdecimal() and len(officer) < 10):
        errors["officer"] = "Choose an officer from the list"
    else:
        parts["officer"] = officer
    parts["received_from"] = take("from", lambda: _day(values, "from", "Received from"))
    parts["received_to"] = take("to", lambda: _day(values, "to", "Received to"))
    if parts["received_from"] and parts["received_to"] and parts["received_to"] < parts["received_from"]:
        errors["to"] = "Received to must be the same as or after received from"
        parts["received_to"] = None
    parts["breached"] = values.get("breached") == "yes"
    sort = values.get("sort") or "newest"
    if sort not in ENQUIRY_SORTS:
        errors["sort"] = "Choose how to sort from the list"
        sort = "newest"
    parts["sort"] = sort
    return EnquiryFilter(**{k: v for k, v in parts.items() if v is not None}), errors


def _enquiries_where(flt: EnquiryFilter, viewer, now: datetime, zone: str) -> list:
    where = []
    if flt.statuses:
        where.append(Enquiry.status.in_(flt.statuses))
    if flt.section_id is not None:
        where.append(Enquiry.section_id == flt.section_id)
    if flt.channel:
        where.append(Enquiry.channel == flt.channel)
    if flt.case_type_id is not None:
        where.append(Enquiry.case_type_id == flt.case_type_id)
    if flt.officer == NOBODY:
        where.append(Enquiry.assigned_to_id.is_(None))
    elif flt.officer:
        where.append(Enquiry.assigned_to_id == int(flt.officer))
    if flt.received_from:
        where.append(Enquiry.received_at >= dates.local_midnight(flt.received_from, zone))
    if flt.received_to:
        where.append(Enquiry.received_at < dates.local_midnight(flt.received_to + timedelta(days=1), zone))
    if flt.breached:
        where.append(deadlines_sql.breached(now))
    visible = visibility.condition(viewer)
    return where if visible is None else [*where, visible]


def _enquiry_order(sort: str) -> list:
    return {"newest": [Enquiry.received_at.desc(), Enquiry.id.desc()],
            "oldest": [Enquiry.received_at, Enquiry.id],
            "due": [Enquiry.resolution_due_at.is_(None), Enquiry.resolution_due_at, Enquiry.id],
            "reference": [Enquiry.reference]}[sort]


@dataclass(frozen=True)
class Listing:
    items: list
    window: paging.Window
    extra: dict = field(default_factory=dict)


def enquiries(session: Session, flt: EnquiryFilter, viewer, now: datetime, zone: str,
              page: object = 1, per_page: int = PER_PAGE) -> Listing:
    """One page of the enquiries `viewer` may see that match `flt`, in its order, with the
    customer, case type, service and officer each row shows, and which missed a standard."""
    where = _enquiries_where(flt, viewer, now, zone)
    shown = paging.window(session.scalar(select(func.count()).select_from(Enquiry).where(*where)), page, per_page)
    items = session.scalars(
        select(Enquiry).options(joinedload(Enquiry.customer), joinedload(Enquiry.case_type),
                                joinedload(Enquiry.section), joinedload(Enquiry.assigned_to))
        .where(*where).order_by(*_enquiry_order(flt.sort)).offset(shown.offset).limit(per_page)).all()
    missed = set(session.scalars(select(Enquiry.id).where(Enquiry.id.in_([e.id for e in items]),
                                                          deadlines_sql.breached(now))))
    return Listing(items, shown, {"breached": missed})


Assignee = aliased(User)
ENQUIRY_COLUMNS: list[csv_text.Column] = [
    ("Reference", lambda r: r.reference),
    ("Received (UTC)", lambda r: r.received_at),
    ("Channel", lambda r: labels.channel(r.channel)),
    ("Case type", lambda r: r.case_type),
    ("Service", lambda r: r.service or ""),
    ("Subject", lambda r: r.subject),
    ("Status", lambda r: labels.status(r.status)),
    ("Assigned to", lambda r: r.assignee or ""),
    ("Customer record", lambda r: r.customer_id),
    ("Customer name", lambda r: r.customer_name),
    ("Customer email", lambda r: r.customer_email or ""),
    ("Customer phone", lambda r: r.customer_phone or ""),
    ("Address for this enquiry", lambda r: labels.one_line_address(r.contact_address, r.contact_postcode)),
    ("Response due (UTC)", lambda r: r.response_due_at),
    ("First response (UTC)", lambda r: r.first_response_at),
    ("Resolution due (UTC)", lambda r: r.resolution_due_at),
    ("Resolved (UTC)", lambda r: r.resolved_at),
    ("Resolved at first contact", lambda r: "yes" if r.resolved_at_first_contact else "no"),
    ("Missed a standard", lambda r: "yes" if r.missed else "no"),
    ("Left out of the standards' figures", lambda r: r.excluded_reason or ""),
]


def enquiry_export(flt: EnquiryFilter, viewer, now: datetime, zone: str) -> Select:
    """Every enquiry of the list (not only one page), as plain rows for ENQUIRY_COLUMNS."""
    return (select(Enquiry.reference, Enquiry.received_at, Enquiry.channel, CaseType.name.label("case_type"),
                   Section.title.label("service"), Enquiry.subject, Enquiry.status, Assignee.name.label("assignee"),
                   Enquiry.customer_id, Customer.name.label("customer_name"),
                   Customer.email.label("customer_email"), Customer.phone.label("customer_phone"),
                   Enquiry.contact_address, Enquiry.contact_postcode, Enquiry.response_due_at,
                   Enquiry.first_response_at, Enquiry.resolution_due_at, Enquiry.resolved_at,
                   Enquiry.resolved_at_first_contact,
                   case((deadlines_sql.breached(now), True), else_=False).label("missed"),
                   Enquiry.excluded_reason)
            .join(Customer, Customer.id == Enquiry.customer_id).join(CaseType, CaseType.id == Enquiry.case_type_id)
            .outerjoin(Section, Section.id == Enquiry.section_id)
            .outerjoin(Assignee, Assignee.id == Enquiry.assigned_to_id)
            .where(*_enquiries_where(flt, viewer, now, zone)).order_by(*_enquiry_order(flt.sort)))


def count_enquiries(session: Session, flt: EnquiryFilter, viewer, now: datetime, zone: str) -> int:
    return session.scalar(select(func.count()).select_from(Enquiry).where(*_enquiries_where(flt, viewer, now, zone)))


# Customers -------------------------------------------------------------------------------

@dataclass(frozen=True)
class CustomerFilter:
    text: str = ""
    sort: str = "name"

    def params(self) -> dict:
        return {key: value for key, value in (("q", self.text), ("sort", "" if self.sort == "name" else self.sort))
                if value}

    def described(self) -> dict:
        return {"searched": bool(self.text), "sort": self.sort}  # not what was typed: it may be a name


def parse_customer_filter(values) -> tuple[CustomerFilter, dict[str, str]]:
    errors = {}
    sort = values.get("sort") or "name"
    if sort not in CUSTOMER_SORTS:
        errors["sort"] = "Choose how to sort from the list"
        sort = "name"
    return CustomerFilter(re.sub(r"\s+", " ", values.get("q") or "").strip()[:200], sort), errors


def _customers_where(flt: CustomerFilter, viewer) -> list:
    where = []
    if flt.text:
        where.append(handling.customer_matches(flt.text))
    visible = visibility.customer_condition(viewer)
    return where if visible is None else [*where, visible]


def _last_enquiry(viewer):
    """When the customer last got in touch, among the enquiries `viewer` may see."""
    return visibility.only_visible(select(func.max(Enquiry.received_at))
                                   .where(Enquiry.customer_id == Customer.id), viewer).scalar_subquery()


def _customer_order(sort: str, viewer) -> list:
    if sort == "recent":
        last = _last_enquiry(viewer)
        return [last.is_(None), last.desc(), Customer.id.desc()]
    if sort == "newest":
        return [Customer.created_at.desc(), Customer.id.desc()]
    return [func.lower(Customer.name), Customer.id]


def customers(session: Session, flt: CustomerFilter, viewer, page: object = 1, per_page: int = PER_PAGE) -> Listing:
    """One page of the customer records `viewer` may see that match what was typed, with
    how many of their enquiries the viewer sees and when the last came."""
    where = _customers_where(flt, viewer)
    shown = paging.window(session.scalar(select(func.count()).select_from(Customer).where(*where)), page, per_page)
    items = session.scalars(select(Customer).where(*where).order_by(*_customer_order(flt.sort, viewer))
                            .offset(shown.offset).limit(per_page)).all()
    counts = {customer_id: (int(count), last) for customer_id, count, last in session.execute(
        visibility.only_visible(select(Enquiry.customer_id, func.count(), func.max(Enquiry.received_at))
                                .where(Enquiry.customer_id.in_([c.id for c in items])), viewer)
        .group_by(Enquiry.customer_id))}
    return Listing(items, shown, {"enquiries": counts})


CUSTOMER_COLUMNS: list[csv_text.Column] = [
    ("Customer record", lambda r: r.id),
    ("Name", lambda r: r.name),
    ("Email", lambda r: r.email or ""),
    ("Phone", lambda r: r.phone or ""),
    ("Address", lambda r: labels.one_line_address(r.address, r.postcode)),
    ("Customer since (UTC)", lambda r: r.created_at),
    ("Enquiries", lambda r: r.enquiries),
    ("Last enquiry (UTC)", lambda r: r.last_enquiry),
    ("Merged into record", lambda r: r.merged_into_id or ""),
]


def customer_export(flt: CustomerFilter, viewer) -> Select:
    """Every customer of the list, as plain rows for CUSTOMER_COLUMNS."""
    counted = visibility.only_visible(select(func.count(Enquiry.id)).where(Enquiry.customer_id == Customer.id),
                                      viewer).scalar_subquery()
    return (select(Customer.id, Customer.name, Customer.email, Customer.phone, Customer.address, Customer.postcode,
                   Customer.created_at, counted.label("enquiries"), _last_enquiry(viewer).label("last_enquiry"),
                   Customer.merged_into_id)
            .where(*_customers_where(flt, viewer)).order_by(*_customer_order(flt.sort, viewer)))


def count_customers(session: Session, flt: CustomerFilter, viewer) -> int:
    return session.scalar(select(func.count()).select_from(Customer).where(*_customers_where(flt, viewer)))


# CSV -------------------------------------------------------------------------------------

def stream(engine: Engine, stmt: Select) -> Iterator:
    """The rows of an export's SELECT, a thousand at a time, on a connection of its own: the
    download streams after the request's session has gone, and never sits in memory whole."""
    with engine.connect() as connection:
        yield from connection.execution_options(yield_per=1000).execute(stmt)


def csv_chunks(columns: list[csv_text.Column], rows: Iterable, size: int = 1000) -> Iterator[str]:
    """The CSV exactly as the reports' exports write it (ieg.csv_text: a header row, and
    text a spreadsheet would run as a formula made inert), `size` rows at a time, so a long
    list streams to the browser instead of being built whole."""
    batch: list = []
    header = True
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield _piece(columns, batch, header)
            batch, header = [], False
    if batch or header:
        yield _piece(columns, batch, header)


def _piece(columns: list[csv_text.Column], batch: list, header: bool) -> str:
    text = csv_text.csv_text(columns, batch)
    return text if header else text.split("\r\n", 1)[1]  # headings never hold a line break
