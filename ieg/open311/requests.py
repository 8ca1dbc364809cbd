"""Open311 service requests: one taken in becomes an enquiry on the `api` channel by the rule
the web form's is taken in by (casework.fast_intake.take_in: one customer record, a reference
that is its service_request_id, an acknowledgement when an email address is given, deadlines
and queues as for any enquiry); requests and their updates read back. Only requests that came
in through Open311 are published by it, unless the council chooses to publish its web-form
reports too (OPEN311_PUBLISH_WEB_REPORTS), and never who made them (docs/design.md 3.11).
Services taking a session; the caller commits, but take_in_committed, which owns its
transaction as the web form's submission does."""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Select, and_, cast, func, literal, null, or_, select, union_all
from sqlalchemy.orm import Session, joinedload

from ieg import fast_rows
from ieg.casework import fast_intake, files, labels, references
from ieg.casework.deadlines import FINISHED
from ieg.casework.enquiries import ContactDetails
from ieg.config import Council
from ieg.files_store import FileStore
from ieg.models import CaseType, Enquiry, EnquiryEvent, InboundUpdate, Open311Request, Open311Service, ReportLocation
from ieg.open311 import keys
from ieg.open311.keys import Live
from ieg.open311 import grid
from ieg.open311 import services as catalogue
from ieg.open311.formats import MAX_RECORDS, Open311Error, codes, coordinate, extended_status, \
    open_or_closed, parse_w3c, period, w3c
from ieg.text import clean, single_line

DESCRIPTION_MAX = 4000
MEDIA_MAX = 10
EXTRA_ATTRIBUTES_MAX = 50
# A system actor for changes the API makes (no person): events record no one.
API_ACTOR = SimpleNamespace(id=None)
_STATUS_BY_LABEL = {label: status for status, label in labels.STATUS_LABELS.items()}


class Params:
    """What the views pass: a mapping with getlist (a MultiDict), read as the standard says,
    an empty parameter the same as an absent one."""

    def __init__(self, data):
        self.data = data

    def get(self, name: str) -> str:
        value = self.data.get(name)
        return value.strip() if isinstance(value, str) else ""

    def getlist(self, name: str) -> list[str]:
        return [v.strip() for v in self.data.getlist(name) if isinstance(v, str) and v.strip()]

    def attributes(self) -> dict[str, list[str]]:
        """attribute[code] (one value) and attribute[code][] (several), by code."""
        found: dict[str, list[str]] = {}
        for name in self.data.keys():
            if name.startswith("attribute[") and "]" in name:
                code = name[len("attribute["):name.index("]")]
                values = self.getlist(name)
                if code and values:
                    found.setdefault(code, []).extend(values)
        return found


@dataclass(frozen=True)
class Photo:
    filename: str
    data: bytes


def _check_attributes(attributes: list[catalogue.Attribute], given: dict[str, list[str]], zone: str,
                      errors: list) -> dict:
    answers = {}
    for attribute in attributes:
        values = given.pop(attribute.code, [])
        label = f"attribute[{attribute.code}]"
        if not values:
            if attribute.required:
                errors.append((400, f"{label} is required: {attribute.description}"))
            continue
        keys = {key for key, _ in attribute.values}
        if attribute.datatype == "singlevaluelist":
            if len(values) > 1 or values[0] not in keys:
                errors.append((400, f"{label} must be one of: {', '.join(sorted(keys))}"))
                continue
            answers[attribute.code] = values[0]
        elif attribute.datatype == "multivaluelist":
            if any(value not in keys for value in values):
                errors.append((400, f"{label} values must be among: {', '.join(sorted(keys))}"))
                continue
            answers[attribute.code] = ",".join(values)
        elif attribute.datatype == "datetime":
            try:
                answers[attribute.code] = parse_w3c(values[0], label, zone).isoformat()
            except Open311Error as error:
                errors.extend(error.errors)
        elif attribute.datatype == "number":
            try:
                answers[attribute.code] = str(coordinate(values[0], label, -1e15, 1e15))
            except Open311Error as error:
                errors.extend(error.errors)
        else:
            value = clean(values[0]) if attribute.datatype == "text" else single_line(values[0])
            if len(value) > attribute.max_length:
                errors.append((400, f"{label} must be {attribute.max_length} characters or fewer"))
                continue
            answers[attribute.code] = value
    return answers


def _media(urls: list[str], errors: list) -> list[str]:
    kept = []
    for url in urls[:MEDIA_MAX]:
        if not url.lower().startswith(("http://", "https://")) or len(url) > 1000 or any(c.isspace() for c in url):
            errors.append((400, "media_url must be an http or https address"))
            break
        kept.append(single_line(url))
    return kept


@dataclass(frozen=True)
class Accepted:
    """A request taken in: its Open311Request's id, the service_request_id and the token."""
    id: int
    reference: str
    token: str


@dataclass(frozen=True)
class _Checked:
    """A request found valid: what taking it in writes, worked out before anything is."""
    service: catalogue.Offered
    contact: ContactDetails
    subject: str
    shown: str
    where: str
    answers: dict
    request: dict  # the Open311Request's own columns
    photos: list
    acknowledge: bool


def submit(session: Session, now: datetime, council: Council, key: Live | None, data,
           photos: Iterable[Photo] = (), file_store: FileStore | None = None) -> Open311Request:
    """Take in one request (POST requests), as take_in does, and read it back."""
    return session.get(Open311Request, take_in(session, now, council, key, data, photos, file_store).id)


def take_in(session: Session, now: datetime, council: Council, key: Live | None, data,
            photos: Iterable[Photo] = (), file_store: FileStore | None = None) -> Accepted:
    """Take in one request (POST requests) in the session's transaction (the caller commits);
    Open311Error with every error found, before anything is written."""
    return _write(session, now, council, key, _check(session, council, data, photos), file_store)


def take_in_committed(session: Session, now: datetime, council: Council, key: Live | None, data,
                      photos: Iterable[Photo] = (), file_store: FileStore | None = None, *,
                      note_key_use: bool = False) -> Accepted:
    """take_in, committed, as the web form's submission is: checked on the session (reads
    only), then written in a fast_rows.Transaction of its own (the ORM session when photos
    come, as files are stored through it), so SQLite's write lock is held only for the
    writes. `note_key_use`: keys.note_used, in the same transaction (keys.check said so)."""
    checked = _check(session, council, data, photos)
    with nullcontext(session) if checked.photos else fast_rows.Transaction(session.get_bind()) as transaction:
        if note_key_use and key is not None:
            keys.note_used(transaction, key, now)
        accepted = _write(transaction, now, council, key, checked, file_store)
        transaction.commit()
    return accepted


def _check(session: Session, council: Council, data, photos: Iterable[Photo]) -> _Checked:
    """The request checked (reads only): Open311Error with every error found."""
    given = Params(data)
    zone = council.timezone
    code = given.get("service_code")
    if not code:
        raise Open311Error(400, "service_code is required")
    service = catalogue.lookup(session, code)
    if service is None:
        raise Open311Error(404, f"No service has the code {single_line(code)[:80]!r}")
    errors: list[tuple[int, str]] = []
    lat = long = None
    lat_text, long_text = given.get("lat"), given.get("long")
    if lat_text or long_text:
        if not (lat_text and long_text):
            errors.append((400, "lat and long must be given together"))
        else:
            for name, text, low, high in (("lat", lat_text, -90, 90), ("long", long_text, -180, 180)):
                try:
                    value = coordinate(text, name, low, high)
                except Open311Error as error:
                    errors.extend(error.errors)
                    continue
                if name == "lat":
                    lat = value
                else:
                    long = value
    address = clean(given.get("address_string"))[:1000]
    address_id = single_line(given.get("address_id"))[:100]
    if not (lat_text or long_text or address or address_id):
        errors.append((400, "A location is required: lat and long, address_string or address_id"))
    description = clean(given.get("description"))
    if len(description) > DESCRIPTION_MAX:
        errors.append((400, f"description must be {DESCRIPTION_MAX:,} characters or fewer"))
    email = given.get("email")
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            errors.append((400, "email must be an email address"))
    form = catalogue.form_of(session, service)
    supplied = given.attributes()
    answers = _check_attributes(catalogue.attributes_of(form), supplied, zone, errors)
    # Attributes the service does not define (FixMyStreet sends uprn, easting, report_url...)
    # are kept as given, bounded, for staff and the back office.
    for extra, values in list(supplied.items())[:EXTRA_ATTRIBUTES_MAX]:
        answers[single_line(extra)[:80]] = single_line(",".join(values))[:1000]
    media = _media(given.getlist("media_url"), errors)
    checked = []
    for photo in photos:
        try:
            checked.append(files.check_photo(photo.filename, photo.data))
        except files.FileRefused as refused:
            errors.append((400, f"media: {refused}"))
    if errors:
        raise Open311Error(400, errors)

    name = single_line(" ".join(part for part in (given.get("first_name"), given.get("last_name")) if part))
    contact = ContactDetails(name=name[:200], email=email or None, phone=given.get("phone")[:40] or None)
    grid_ref = grid.british_national_grid(lat, long) if lat is not None else None
    where = address or (f"{lat:.6f}, {long:.6f}" if lat is not None else f"Address {address_id}")
    if grid_ref:
        where += f" (OS grid {grid_ref[0]:.0f}, {grid_ref[1]:.0f})"
    first_line = (description.splitlines() or [""])[0]
    subject = single_line(f"{service.case_type_name}: {first_line or where}")[:200]
    shown = [description] if description else []
    for attribute in catalogue.attributes_of(form):
        if attribute.code in answers:
            value = dict(attribute.values).get(answers[attribute.code], answers[attribute.code])
            shown.append(f"{attribute.description}: {value}")
    request = dict(lat=lat, long=long, easting=grid_ref[0] if grid_ref else None,
                   northing=grid_ref[1] if grid_ref else None, address_string=address, address_id=address_id,
                   description=description,
                   device_id=single_line(given.get("deviceid") or given.get("device_id"))[:200],
                   media_urls=media, attributes=answers, external_status="")
    return _Checked(service=service, contact=contact, subject=subject, shown="\n\n".join(shown), where=where,
                    answers=answers, request=request, photos=checked, acknowledge=bool(email))


def _write(session, now: datetime, council: Council, key: Live | None, checked: _Checked,
           file_store: FileStore | None) -> Accepted:
    """Write a checked request, in a Session or a fast_rows.Transaction (the caller commits)."""
    # Written as the web form's submission is (fast_intake: rows, no ORM objects), by the same
    # rule; the acknowledgement only when this request gave an email address.
    service = checked.service
    enquiry, _ = fast_intake.take_in(
        session, channel="api", given=checked.contact, kind=fast_intake.case_type(
            session, service.case_type_slug, service.case_type_name), subject=checked.subject,
        description=checked.shown, location=checked.where, answers=checked.answers, now=now, council=council,
        acknowledge=checked.acknowledge)
    row = fast_rows.insert_dict(session, Open311Request, dict(
        enquiry_id=enquiry.id, service_id=service.id, api_key_id=getattr(key, "id", None),
        token=secrets.token_urlsafe(18), requested_at=now, **checked.request))
    if checked.photos and file_store is not None:
        stored = session.get(Enquiry, enquiry.id)
        for photo in checked.photos:
            files.store(session, file_store, stored, filename=photo.filename, data=photo.data,
                        content_type=photo.content_type, source="api")
        session.flush()
    return Accepted(id=row["id"], reference=enquiry.reference, token=row["token"])


def created(accepted: Accepted) -> dict:
    """The answer to POST requests: the id at once (our requests are taken in synchronously),
    and the token too, for clients that poll tokens/{token}."""
    return {"service_request_id": accepted.reference, "token": accepted.token,
            "service_notice": "", "account_id": ""}


def _updated():
    return (select(func.max(EnquiryEvent.at)).where(EnquiryEvent.enquiry_id == Enquiry.id,
                                                    EnquiryEvent.public.is_(True))
            .correlate(Enquiry).scalar_subquery().label("updated_at"))


def _base() -> Select:
    """The columns a request is shown from, as plain rows: a page is up to 1,000 of them, and
    making ORM objects of each cost several times the query."""
    updated = _updated()
    return (select(Enquiry.id, Enquiry.reference, updated, Enquiry.status, Enquiry.excluded_reason,
                   Enquiry.resolution_due_at,
                   Open311Request.external_status, Open311Request.description, Open311Request.requested_at,
                   Open311Request.address_string, Open311Request.address_id, Open311Request.lat, Open311Request.long,
                   Open311Request.media_urls, Open311Service.service_code, CaseType.name)
            .join(Enquiry, Enquiry.id == Open311Request.enquiry_id)
            .join(Open311Service, Open311Service.id == Open311Request.service_id)
            .join(CaseType, CaseType.id == Enquiry.case_type_id))


def _web_base() -> Select:
    """Problems reported on the council's own forms, as _base's columns, for a council that
    publishes them: those of case types open to the API, not set aside as spam or an automatic
    reply. Their subject (what the problem is) and place, never the resident's other answers."""
    return (select(Enquiry.id, Enquiry.reference, _updated(), Enquiry.status, Enquiry.excluded_reason,
                   Enquiry.resolution_due_at, literal("").label("external_status"),
                   Enquiry.subject.label("description"), Enquiry.received_at.label("requested_at"),
                   func.coalesce(ReportLocation.description, "").label("address_string"),
                   literal("").label("address_id"), ReportLocation.lat, ReportLocation.long,
                   cast(null(), Open311Request.media_urls.type).label("media_urls"), Open311Service.service_code,
                   CaseType.name)
            .join(Open311Service, and_(Open311Service.case_type_id == Enquiry.case_type_id,
                                       Open311Service.active.is_(True)))
            .join(CaseType, CaseType.id == Enquiry.case_type_id)
            .outerjoin(ReportLocation, ReportLocation.enquiry_id == Enquiry.id)
            .where(Enquiry.channel == "web", or_(Enquiry.excluded_reason.is_(None),
                                                 Enquiry.excluded_reason.not_in(("spam", "auto_reply")))))


def _shown(rows, council: Council) -> list[dict]:
    zone = council.timezone
    return [{
        "service_request_id": row.reference,
        "status": open_or_closed(row.status),
        "extended_status": extended_status(row.status, row.excluded_reason, row.external_status),
        "status_notes": labels.status(row.status),
        "service_name": row.name,
        "service_code": row.service_code,
        "description": row.description,
        "agency_responsible": council.name,
        "service_notice": "",
        "requested_datetime": w3c(row.requested_at, zone),
        "updated_datetime": w3c(max(filter(None, (row.updated_at, row.requested_at))), zone),
        "expected_datetime": w3c(row.resolution_due_at, zone) if row.status not in FINISHED else "",
        "address": row.address_string,
        "address_id": row.address_id,
        "zipcode": "",
        "lat": row.lat if row.lat is not None else "",
        "long": row.long if row.long is not None else "",
        "media_url": row.media_urls[0] if row.media_urls else "",
    } for row in rows]


def search(session: Session, now: datetime, council: Council, data, web: bool = False) -> list[dict]:
    """GET requests: by service_request_id (then nothing else filters), or by service_code,
    status and start_date/end_date (at most 90 days, the last 90 by default), newest first,
    at most 1,000; `page` (from 1) reads further. `web`: web-form reports too (_web_base)."""
    given = Params(data)
    newest_first = (Open311Request.requested_at.desc(), Open311Request.id.desc())
    if web:
        both = union_all(_filtered(_base(), Open311Request.requested_at, given, now, council),
                         _filtered(_web_base(), Enquiry.received_at, given, now, council)).subquery()
    else:
        # The page's ids first, from the index on (requested_at, id) alone where no filter needs
        # the enquiry or the service; then the columns of those 1,000. Reading the columns (and
        # each one's last update) of every row skipped on the way to page 50 took 0.7 s.
        ids = _filtered(select(Open311Request.id), Open311Request.requested_at, given, now, council,
                        join=_join_enquiry_and_service)
    page_text = given.get("page") or "1"
    if not page_text.isdecimal() or not 1 <= int(page_text) <= 1_000_000:
        raise Open311Error(400, "page must be a whole number from 1")
    offset = (int(page_text) - 1) * MAX_RECORDS
    if web:
        rows = session.execute(select(both).order_by(both.c.requested_at.desc(), both.c.id.desc())
                               .limit(MAX_RECORDS).offset(offset)).all()
    else:
        page = ids.order_by(*newest_first).limit(MAX_RECORDS).offset(offset)
        rows = session.execute(_base().where(Open311Request.id.in_(page)).order_by(*newest_first)).all()
    return _shown(rows, council)


def _join_enquiry_and_service(query: Select) -> Select:
    return (query.join(Enquiry, Enquiry.id == Open311Request.enquiry_id)
            .join(Open311Service, Open311Service.id == Open311Request.service_id))


def _filtered(query: Select, requested_at, given: "Params", now: datetime, council: Council,
              join=None) -> Select:
    """GET requests' filters on one of the selects (`requested_at`: its column for when). `join`
    adds the enquiry and the service to a select without them, once a filter needs them."""
    def needing_them(query: Select) -> Select:
        nonlocal join
        if join is not None:
            query, join = join(query), None
        return query

    ids = codes(given.get("service_request_id"))
    if ids:
        query = needing_them(query)
        wanted = []
        for text in ids[:MAX_RECORDS]:
            try:
                wanted.append(references.normalise(text))
            except references.InvalidReference:
                continue
        query = query.where(Enquiry.reference.in_(wanted))
    else:
        start, end = period(given.get("start_date"), given.get("end_date"), now, council.timezone)
        query = query.where(requested_at >= start, requested_at <= end)
        service_codes = codes(given.get("service_code"))
        if service_codes:
            query = needing_them(query).where(Open311Service.service_code.in_(service_codes[:100]))
        statuses = {s.lower() for s in codes(given.get("status"))}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, "status must be open or closed")
        if statuses == {"open"}:
            query = needing_them(query).where(Enquiry.status.not_in(FINISHED))
        elif statuses == {"closed"}:
            query = needing_them(query).where(Enquiry.status.in_(FINISHED))
    return query


def one(session: Session, council: Council, reference_text: str, web: bool = False) -> list[dict]:
    """GET requests/{id}: the request in a list, as the standard has it; 404 when none."""
    try:
        reference = references.normalise(reference_text)
    except references.InvalidReference:
        raise Open311Error(404, "No service request has this id") from None
    rows = session.execute(_base().where(Enquiry.reference == reference)).all()
    if not rows and web:
        rows = session.execute(_web_base().where(Enquiry.reference == reference)).all()
    if not rows:
        raise Open311Error(404, "No service request has this id")
    return _shown(rows, council)


def by_token(session: Session, token: str) -> list[dict]:
    row = session.execute(select(Open311Request.token, Enquiry.reference).join(Enquiry)
                          .where(Open311Request.token == token[:40])).first()
    if row is None:
        raise Open311Error(404, "No request has this token")
    return [{"token": row.token, "service_request_id": row.reference}]


def updates(session: Session, now: datetime, council: Council, data) -> list[dict]:
    """GET servicerequestupdates (FixMyStreet's extension): the public status changes and
    back-office updates on Open311 requests in the period, oldest first, at most 1,000."""
    given = Params(data)
    start, end = period(given.get("start_date"), given.get("end_date"), now, council.timezone)
    rows = session.execute(
        select(EnquiryEvent, Enquiry.reference, Enquiry.excluded_reason, InboundUpdate.status)
        .join(Enquiry, Enquiry.id == EnquiryEvent.enquiry_id)
        .join(Open311Request, Open311Request.enquiry_id == Enquiry.id)
        .outerjoin(InboundUpdate, InboundUpdate.event_id == EnquiryEvent.id)
        .where(EnquiryEvent.at >= start, EnquiryEvent.at <= end, EnquiryEvent.public.is_(True),
               EnquiryEvent.kind.in_(("status", "backoffice")))
        .order_by(EnquiryEvent.at, EnquiryEvent.id).limit(MAX_RECORDS)).all()
    shown = []
    for event, reference, excluded, external in rows:
        label = event.body.split(".")[0].removeprefix("Status: ")
        status = _STATUS_BY_LABEL.get(label, "")
        shown.append({"update_id": str(event.id), "service_request_id": reference,
                      "status": external or (extended_status(status, excluded) if status else "OPEN"),
                      "updated_datetime": w3c(event.at, council.timezone), "description": event.body,
                      "media_url": ""})
    return shown


def add_update(session: Session, now: datetime, council: Council, data) -> dict:
    """POST servicerequestupdates: a comment on a request from the client's user (FixMyStreet
    sends one when someone updates a report). It goes on the enquiry's timeline as the
    customer coming back, for staff; it changes no status (staff decide that)."""
    given = Params(data)
    errors = []
    for needed in ("service_request_id", "description", "updated_datetime"):
        if not given.get(needed):
            errors.append((400, f"{needed} is required"))
    at = now
    if given.get("updated_datetime"):
        try:
            at = min(parse_w3c(given.get("updated_datetime"), "updated_datetime", council.timezone), now)
        except Open311Error as error:
            errors.extend(error.errors)
    status = single_line(given.get("status"))[:40]  # FixMyStreet sends REOPEN, FOR_TRIAGE... too: noted only
    if len(given.get("description")) > DESCRIPTION_MAX:
        errors.append((400, f"description must be {DESCRIPTION_MAX:,} characters or fewer"))
    media = _media(given.getlist("media_url"), errors)
    if errors:
        raise Open311Error(400, errors)
    try:
        reference = references.normalise(given.get("service_request_id"))
    except references.InvalidReference:
        raise Open311Error(404, "No service request has this id") from None
    enquiry = session.scalar(select(Enquiry).join(Open311Request).where(Enquiry.reference == reference))
    if enquiry is None:
        raise Open311Error(404, "No service request has this id")
    name = single_line(" ".join(p for p in (given.get("first_name"), given.get("last_name")) if p))
    lines = [clean(given.get("description"))]
    if name or given.get("email"):
        lines.append(f"From {name} {given.get('email')}".strip())
    if status:
        lines.append(f"They marked it {status.upper()}")
    lines.extend(f"Photo: {url}" for url in media)
    event = EnquiryEvent(enquiry=enquiry, kind="reply_in", public=False, at=at, body="\n".join(lines))
    session.add(event)
    session.flush()
    return {"update_id": str(event.id)}


def set_external_status(session: Session, enquiry: Enquiry, status: str) -> None:
    session.execute(Open311Request.__table__.update().where(Open311Request.enquiry_id == enquiry.id)
                    .values(external_status=status))


def for_enquiry(session: Session, enquiry_id: int) -> Open311Request | None:
    return session.scalar(select(Open311Request).options(joinedload(Open311Request.service))
                          .where(Open311Request.enquiry_id == enquiry_id))

