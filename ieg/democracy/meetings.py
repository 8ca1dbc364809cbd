"""Committees, meetings, agenda items, documents, minutes, decisions and attendance (R5).

Every change to what a meeting's calendar entry shows raises its `sequence` and `updated_at`, which
the feeds carry and key their cache on. A cancelled meeting is never deleted: it stays listed."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ieg import audit
from ieg.content import attachments, markdown
from ieg.content.pages import slugify
from ieg.democracy import calendar
from ieg.democracy.councillors import DemocracyError, set_end
from ieg.files_store import FileStore
from ieg.models import (AgendaItem, Attendance, Committee, CommitteeMember, Councillor, DocumentFile, Meeting,
                        MeetingDocument)
from ieg.models.democracy import (ATTENDANCE, CANCELLED, DOCUMENT_KINDS, KEY_DECISION_NOTICE, MOVED, SCHEDULED,
                                    SUBSTITUTE)

EXEMPT_PARAGRAPHS = {
    1: "Information relating to any individual",
    2: "Information which is likely to reveal the identity of an individual",
    3: "Information relating to the financial or business affairs of any particular person",
    4: "Information relating to consultations or negotiations in labour relations matters",
    5: "Information in respect of which a claim to legal professional privilege could be maintained",
    6: "Information revealing an intention to give a notice or make an order or direction",
    7: "Information relating to the prevention, investigation or prosecution of crime",
}


def save_committee(session: Session, actor, now: datetime, *, name: str, description: str = "",
                   committee: Committee | None = None) -> Committee:
    name = name.strip()
    if not name:
        raise DemocracyError("Enter the committee's name", "name")
    clash = session.scalar(select(Committee).where(func.lower(Committee.name) == name.lower()))
    if clash is not None and clash is not committee:
        raise DemocracyError("Another committee already has this name", "name")
    if committee is None:
        slug, n = slugify(name)[:70], 2
        base = slug
        while session.scalar(select(Committee.id).where(Committee.slug == slug)) is not None:
            slug, n = f"{base}-{n}", n + 1
        committee = Committee(slug=slug)
        session.add(committee)
    elif committee.name != name:
        _bump_meetings(session, committee, now)
    committee.name, committee.description, committee.updated_at = name, description.strip(), now
    session.flush()
    audit.record(session, actor, "democracy.committee", f"committee {committee.slug}", {"name": name}, now)
    return committee


def add_member(session: Session, actor, now: datetime, committee: Committee, councillor: Councillor, *,
               role: str = "Member", starts: date, ends: date | None = None) -> CommitteeMember:
    if ends is not None and ends < starts:
        raise DemocracyError("Membership must end after it starts", "ends")
    member = CommitteeMember(committee=committee, councillor=councillor, role=role.strip() or "Member",
                             starts=starts, ends=ends)
    session.add(member)
    committee.updated_at = now
    session.flush()
    audit.record(session, actor, "democracy.member", f"committee {committee.slug}",
                 {"councillor": councillor.slug, "role": member.role}, now)
    return member


def current_members(committee: Committee, today: date) -> list[CommitteeMember]:
    return [m for m in committee.members if m.starts <= today and (m.ends is None or m.ends >= today)]


@dataclass
class MeetingInput:
    starts_at: datetime
    ends_at: datetime | None = None
    place: str = ""
    remote_url: str = ""
    key_decision: bool = False


CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "remote_url")


def _check_meeting(data: MeetingInput) -> None:
    if not data.place.strip() and not data.remote_url.strip():
        raise DemocracyError("Enter where the meeting is, or the link to join it remotely", "place")
    if data.remote_url and not re.match(r"^https://\S+$", data.remote_url.strip()):
        raise DemocracyError("Enter the link to join starting https://", "remote_url")
    if data.ends_at is not None and data.ends_at <= data.starts_at:
        raise DemocracyError("The meeting must end after it starts", "ends_at")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _changed(meeting: Meeting, now: datetime) -> None:
    meeting.sequence = (meeting.sequence or 0) + 1
    meeting.updated_at = now


def create_meeting(session: Session, actor, now: datetime, committee: Committee, data: MeetingInput) -> Meeting:
    _check_meeting(data)
    meeting = Meeting(committee=committee, starts_at=data.starts_at, ends_at=data.ends_at, place=data.place.strip(),
                      remote_url=data.remote_url.strip(), key_decision=data.key_decision, status=SCHEDULED,
                      sequence=0, created_at=now, updated_at=now)
    session.add(meeting)
    session.flush()
    audit.record(session, actor, "democracy.meeting", f"meeting {meeting.id}",
                 {"committee": committee.slug, "starts_at": data.starts_at.isoformat()}, now)
    return meeting


def change_meeting(session: Session, actor, now: datetime, meeting: Meeting, data: MeetingInput, note: str = "") -> list[str]:
    """Change when or where; a change of time marks the meeting as moved."""
    if meeting.status == CANCELLED:
        raise DemocracyError("A cancelled meeting cannot be changed; add a new meeting instead", "starts_at")
    _check_meeting(data)
    given = {f: _strip(getattr(data, f)) for f in CALENDAR_FIELDS}
    changed = [f for f in CALENDAR_FIELDS if getattr(meeting, f) != given[f]]
    if meeting.key_decision != data.key_decision:
        changed.append("key_decision")
    if not changed:
        return []
    if "starts_at" in changed:
        meeting.status = MOVED
        meeting.status_note = note.strip() or "The meeting has moved to a new date or time."
    for field in CALENDAR_FIELDS:
        setattr(meeting, field, given[field])
    meeting.key_decision = data.key_decision
    _changed(meeting, now)
    session.flush()
    audit.record(session, actor, "democracy.meeting_change", f"meeting {meeting.id}", {"changed": changed}, now)
    return changed


def cancel_meeting(session: Session, actor, now: datetime, meeting: Meeting, reason: str) -> None:
    if meeting.status == CANCELLED:
        raise DemocracyError("This meeting is already cancelled", "reason")
    if not reason.strip():
        raise DemocracyError("Say why the meeting is cancelled", "reason")
    meeting.status, meeting.status_note = CANCELLED, reason.strip()
    _changed(meeting, now)
    session.flush()
    audit.record(session, actor, "democracy.meeting_cancel", f"meeting {meeting.id}", {"reason": reason.strip()}, now)


def _check_item(title: str, exempt_paragraph: int | None) -> None:
    if not title.strip():
        raise DemocracyError("Enter the item's title", "title")
    if exempt_paragraph is not None and exempt_paragraph not in EXEMPT_PARAGRAPHS:
        raise DemocracyError("Choose the paragraph of Schedule 12A that makes the item exempt", "exempt_paragraph")


def add_item(session: Session, actor, now: datetime, meeting: Meeting, *, title: str, body: str = "",
             exempt_paragraph: int | None = None, key_decision: bool = False) -> AgendaItem:
    _check_item(title, exempt_paragraph)
    number = (session.scalar(select(func.max(AgendaItem.number)).where(AgendaItem.meeting_id == meeting.id)) or 0) + 1
    item = AgendaItem(meeting=meeting, number=number, title=title.strip(), exempt_paragraph=exempt_paragraph,
                      key_decision=key_decision, body="" if exempt_paragraph else body,
                      body_html="" if exempt_paragraph else markdown.render(body))
    session.add(item)
    if key_decision and not meeting.key_decision:
        meeting.key_decision = True
    _changed(meeting, now)
    session.flush()
    audit.record(session, actor, "democracy.item", f"meeting {meeting.id}", {"item": number, "title": item.title}, now)
    return item


def publish_agenda(session: Session, actor, now: datetime, meeting: Meeting) -> None:
    """Makes the agenda, its items and their reports public. Refused with no items."""
    if meeting.agenda_published_at is not None:
        raise DemocracyError("The agenda is already published", "agenda")
    if not meeting.items:
        raise DemocracyError("Add the agenda's items before publishing it", "agenda")
    meeting.agenda_published_at = now
    for document in meeting.documents:
        if document.published_at is None and document.publish_at is None and document.kind != "minutes":
            _publish_document(document, now)
    _changed(meeting, now)
    session.flush()
    audit.record(session, actor, "democracy.agenda_publish", f"meeting {meeting.id}", {}, now)


def _check_document(kind: str, title: str, body: str) -> None:
    if kind not in DOCUMENT_KINDS:
        raise DemocracyError("Choose what kind of document this is", "kind")
    if not title.strip():
        raise DemocracyError("Enter the document's title", "title")
    if not body.strip():
        raise DemocracyError("Enter the document's text: documents are web pages, not only attachments", "body")


def add_document(session: Session, actor, now: datetime, meeting: Meeting, *, kind: str, title: str, body: str,
                 item: AgendaItem | None = None, publish_at: datetime | None = None) -> MeetingDocument:
    """A report, minutes or notice as an HTML page. Reports on a published agenda, and minutes,
    go public at once unless `publish_at` schedules them."""
    _check_document(kind, title, body)
    if item is not None and item.meeting_id != meeting.id:
        raise DemocracyError("Choose an item of this meeting's agenda", "item")
    if item is not None and item.exempt_paragraph:
        raise DemocracyError("An exempt item's reports are not published", "item")
    document = MeetingDocument(meeting=meeting, agenda_item=item, kind=kind, title=title.strip(), body=body,
                               body_html=markdown.render(body), publish_at=publish_at, created_at=now, updated_at=now)
    session.add(document)
    if publish_at is None and (meeting.agenda_published_at is not None or kind != "report"):
        _publish_document(document, now)
        _changed(meeting, now)
    session.flush()
    audit.record(session, actor, "democracy.document", f"meeting {meeting.id}",
                 {"document": document.id, "kind": kind, "published": document.published_at is not None}, now)
    return document


def _publish_document(document: MeetingDocument, now: datetime) -> None:
    document.published_at = now
    document.publish_at = None
    document.updated_at = now


def record_decision(session: Session, actor, now: datetime, item: AgendaItem, decision: str) -> None:
    if not decision.strip():
        raise DemocracyError("Enter the decision", "decision")
    item.decision, item.decision_html = decision, markdown.render(decision)
    item.decision_published_at = item.decision_published_at or now
    _changed(item.meeting, now)
    session.flush()
    audit.record(session, actor, "democracy.decision", f"meeting {item.meeting_id}", {"item": item.number}, now)


def record_attendance(session: Session, actor, now: datetime, meeting: Meeting, councillor: Councillor, status: str,
                      substitute_for: Councillor | None = None) -> Attendance:
    if status not in ATTENDANCE:
        raise DemocracyError("Choose present, apologies, absent or substitute", "status")
    if status == SUBSTITUTE and substitute_for is None:
        raise DemocracyError("Choose the member this councillor is substituting for", "substitute_for")
    row = session.scalar(select(Attendance).where(Attendance.meeting_id == meeting.id,
                                                  Attendance.councillor_id == councillor.id))
    if row is None:
        row = Attendance(meeting=meeting, councillor=councillor)
        session.add(row)
    row.status, row.substitute_for = status, substitute_for if status == SUBSTITUTE else None
    meeting.updated_at = now
    session.flush()
    audit.record(session, actor, "democracy.attendance", f"meeting {meeting.id}",
                 {"councillor": councillor.slug, "status": status}, now)
    return row


def publish_due(session: Session, now: datetime) -> int:
    """The daily roll-forward: documents whose scheduled time has come go public; returns how many."""
    due = session.scalars(select(MeetingDocument).where(MeetingDocument.publish_at.is_not(None),
                                                        MeetingDocument.publish_at <= now)).all()
    for document in due:
        _publish_document(document, now)
        _changed(document.meeting, now)
        audit.record(session, None, "democracy.document_publish", f"meeting {document.meeting_id}",
                     {"document": document.id, "scheduled": True}, now)
    session.flush()
    return len(due)


def changes_since(session: Session, since: datetime) -> list[dict]:
    """What changed in the diary since `since`, per committee and ward, for alerts to plug in:
    meetings added or changed, agendas, decisions and documents published. Wards are those of the committee's
    members at the meeting's date."""
    meetings = session.scalars(select(Meeting).where(Meeting.updated_at > since).order_by(Meeting.updated_at)).all()
    documents = session.scalars(select(MeetingDocument).where(MeetingDocument.published_at > since)
                                .order_by(MeetingDocument.published_at)).all()
    out = []
    for meeting in meetings:
        out.append({"kind": "meeting", "meeting_id": meeting.id, "committee": meeting.committee.slug,
                    "wards": _wards(meeting), "status": meeting.status, "at": meeting.updated_at,
                    "new": meeting.created_at > since})
    for meeting in session.scalars(select(Meeting).where(Meeting.agenda_published_at > since)
                                   .order_by(Meeting.agenda_published_at)):
        out.append({"kind": "agenda", "meeting_id": meeting.id, "committee": meeting.committee.slug,
                    "wards": _wards(meeting), "at": meeting.agenda_published_at})
    for item in session.scalars(select(AgendaItem).where(AgendaItem.decision_published_at > since)
                                .order_by(AgendaItem.decision_published_at)):
        out.append({"kind": "decision", "item_id": item.id, "meeting_id": item.meeting_id,
                    "committee": item.meeting.committee.slug, "wards": _wards(item.meeting), "title": item.title,
                    "at": item.decision_published_at})
    for document in documents:
        out.append({"kind": document.kind, "document_id": document.id, "meeting_id": document.meeting_id,
                    "committee": document.meeting.committee.slug, "wards": _wards(document.meeting),
                    "title": document.title, "at": document.published_at})
    return out


def _wards(meeting: Meeting) -> list[str]:
    day = meeting.starts_at.date()
    return sorted({w.code for m in current_members(meeting.committee, day) for w in m.councillor.wards})


def feed_version(session: Session) -> tuple:
    """Changes whenever any feed's content could: the key the feeds' cache uses. The sum of the
    sequences rises with every change a feed shows, even one stamped no later than the latest."""
    return tuple(session.execute(select(func.max(Meeting.updated_at), func.count(Meeting.id),
                                        func.sum(Meeting.sequence))).one()) + \
        tuple(session.execute(select(func.max(Committee.updated_at), func.count(Committee.id))).one())


def _bump_meetings(session: Session, committee: Committee, now: datetime) -> None:
    """A committee's name is in every one of its meetings' entries: raise their sequence."""
    session.execute(update(Meeting).where(Meeting.committee_id == committee.id)
                    .values(sequence=Meeting.sequence + 1, updated_at=now), execution_options={"synchronize_session": "fetch"})


def overdue_agendas(session: Session, now: datetime, today: date) -> int:
    """Meetings still to come whose agenda is unpublished past the five-clear-days deadline."""
    rows = session.execute(select(Meeting.starts_at).where(
        Meeting.starts_at >= now, Meeting.agenda_published_at.is_(None), Meeting.status != CANCELLED)).scalars()
    return sum(calendar.agenda_state(starts, None, today) == "overdue" for starts in rows)


def attach_file(session: Session, actor, now: datetime, document: MeetingDocument, files: FileStore, *,
                filename: str, data: bytes, title: str) -> DocumentFile:
    """A file with a meeting document, under the CMS's rules for attachments (formats checked by
    content, sizes, a title); public with its document. Images need alt text a meeting's papers
    have no place for, so they go in the document's text instead."""
    kind = attachments.check_upload(filename, data, title, alt_text="-")
    if kind.kind != "document":
        raise attachments.UploadError("Attach documents here (PDF, Word, Excel, OpenDocument or CSV)")
    stored = f"{secrets.token_hex(16)}.{kind.extension}"
    files.put(file_name(stored), data, now)
    file = DocumentFile(document=document, title=title.strip(), filename=Path(filename).name[:200], stored_name=stored,
                        content_type=kind.content_type, size=len(data), created_at=now)
    session.add(file)
    document.updated_at = now
    if document.published_at is not None:
        _changed(document.meeting, now)
    session.flush()
    audit.record(session, actor, "democracy.file", f"meeting {document.meeting_id}",
                 {"document": document.id, "file": stored, "title": file.title}, now)
    return file


def file_name(stored_name: str) -> str:
    """A meeting document's file's name in the file store."""
    return f"meetings/{stored_name}"


def _is_public(meeting: Meeting) -> bool:
    return meeting.agenda_published_at is not None


def item_is_public(item: AgendaItem) -> bool:
    """An item is public once its agenda is, or once its decision is."""
    return _is_public(item.meeting) or item.decision_published_at is not None


def document_is_public(document: MeetingDocument) -> bool:
    return document.published_at is not None


def change_item(session: Session, actor, now: datetime, item: AgendaItem, *, title: str, body: str = "",
                exempt_paragraph: int | None = None, key_decision: bool = False) -> list[str]:
    """The same rules as adding; an item made exempt loses its text, and cannot keep reports."""
    _check_item(title, exempt_paragraph)
    if exempt_paragraph and _item_documents(session, item):
        raise DemocracyError("Remove this item's reports before making it exempt: an exempt item's reports are "
                             "not published", "exempt_paragraph")
    body = "" if exempt_paragraph else body
    given = {"title": title.strip(), "body": body, "exempt_paragraph": exempt_paragraph, "key_decision": key_decision}
    changed = [f for f, v in given.items() if getattr(item, f) != v]
    if not changed:
        return []
    for field, value in given.items():
        setattr(item, field, value)
    item.body_html = markdown.render(body) if body else ""
    if key_decision and not item.meeting.key_decision:
        item.meeting.key_decision = True
    _changed(item.meeting, now)
    session.flush()
    audit.record(session, actor, "democracy.item_change", f"meeting {item.meeting_id}",
                 {"item": item.number, "changed": changed, "public": item_is_public(item)}, now)
    return changed


def _item_documents(session: Session, item: AgendaItem) -> list[MeetingDocument]:
    return list(session.scalars(select(MeetingDocument).where(MeetingDocument.agenda_item_id == item.id)))


def move_item(session: Session, actor, now: datetime, item: AgendaItem, *, up: bool) -> bool:
    """Swaps the item with its neighbour; False at either end. The numbers stay 1..n."""
    items = list(item.meeting.items)
    at = items.index(item)
    other_at = at - 1 if up else at + 1
    if not 0 <= other_at < len(items):
        return False
    other = items[other_at]
    mine, theirs = item.number, other.number
    item.number = -1  # the (meeting, number) pair is unique: step aside first
    session.flush()
    other.number = mine
    session.flush()
    item.number = theirs
    _changed(item.meeting, now)
    session.flush()
    session.expire(item.meeting, ["items"])
    audit.record(session, actor, "democracy.item_move", f"meeting {item.meeting_id}",
                 {"title": item.title, "from": mine, "to": theirs, "public": item_is_public(item)}, now)
    return True


def remove_item(session: Session, actor, now: datetime, item: AgendaItem) -> None:
    """Removes an item and numbers the rest 1..n again. Refused for a decided item (the decision is
    on record) and for one with reports (remove them first, so nothing is left pointing nowhere)."""
    if item.decision_published_at is not None:
        raise DemocracyError("A decided item cannot be removed: its decision is on record", "item")
    if _item_documents(session, item):
        raise DemocracyError("Remove this item's documents first", "item")
    meeting, number, public = item.meeting, item.number, item_is_public(item)
    meeting.items.remove(item)
    session.delete(item)
    session.flush()
    rest = sorted((i for i in meeting.items if i.number > number), key=lambda i: i.number)
    for other in rest:  # one at a time, in order, so no two share a number
        other.number -= 1
        session.flush()
    _changed(meeting, now)
    session.flush()
    audit.record(session, actor, "democracy.item_remove", f"meeting {meeting.id}",
                 {"item": number, "title": item.title, "public": public}, now)


def change_document(session: Session, actor, now: datetime, document: MeetingDocument, *, kind: str, title: str,
                    body: str) -> list[str]:
    """The same rules as adding. A published document stays published and shows when it was updated;
    an unpublished one that now qualifies for publication at once (not a report before its agenda)
    is published."""
    _check_document(kind, title, body)
    given = {"kind": kind, "title": title.strip(), "body": body}
    changed = [f for f, v in given.items() if getattr(document, f) != v]
    if not changed:
        return []
    for field, value in given.items():
        setattr(document, field, value)
    document.body_html = markdown.render(body)
    document.updated_at = now
    meeting = document.meeting
    if document.published_at is None and document.publish_at is None and (
            meeting.agenda_published_at is not None or kind != "report"):
        _publish_document(document, now)
    if document.published_at is not None:
        _changed(meeting, now)
    session.flush()
    audit.record(session, actor, "democracy.document_change", f"meeting {meeting.id}",
                 {"document": document.id, "changed": changed, "public": document.published_at is not None}, now)
    return changed


def remove_document(session: Session, actor, now: datetime, document: MeetingDocument, files: FileStore) -> None:
    """Removes a document with its files; its public page is gone and the meeting's page no longer
    lists it. A removal of a published document is audited with its title, so the record says what was public."""
    meeting, public = document.meeting, document.published_at is not None
    stored = [f.stored_name for f in document.files]
    record = {"document": document.id, "title": document.title, "kind": document.kind, "public": public}
    meeting.documents.remove(document)
    session.delete(document)
    if public:
        _changed(meeting, now)
    session.flush()
    audit.record(session, actor, "democracy.document_remove", f"meeting {meeting.id}", record, now)
    for name in stored:
        files.delete(file_name(name))


def remove_file(session: Session, actor, now: datetime, file: DocumentFile, files: FileStore) -> None:
    document = file.document
    record = {"document": document.id, "file": file.stored_name, "title": file.title,
              "public": document.published_at is not None}
    document.files.remove(file)
    session.delete(file)
    document.updated_at = now
    if document.published_at is not None:
        _changed(document.meeting, now)
    session.flush()
    audit.record(session, actor, "democracy.file_remove", f"meeting {document.meeting_id}", record, now)
    files.delete(file_name(record["file"]))


def key_notice(item: AgendaItem) -> MeetingDocument | None:
    """A key decision's notice: the first published key decision notice attached to the item."""
    notices = [d for d in item.meeting.documents
               if d.agenda_item_id == item.id and d.kind == KEY_DECISION_NOTICE and d.published_at is not None]
    return min(notices, key=lambda d: d.published_at, default=None)


def key_notices(meeting: Meeting, today: date) -> list[tuple[AgendaItem, MeetingDocument | None, str]]:
    """Each key decision on the agenda with its notice and the notice's state."""
    out = []
    for item in meeting.items:
        if item.key_decision:
            notice = key_notice(item)
            out.append((item, notice, calendar.key_notice_state(
                meeting.starts_at, notice.published_at if notice else None, today)))
    return out


def end_membership(session: Session, actor, now: datetime, member: CommitteeMember, *, ends: date) -> None:
    """A membership that ends keeps its dates: past meetings' committees stay as they were."""
    member.committee.updated_at = now
    set_end(session, actor, now, member, field="ends", ends=ends, starts=member.starts,
            refusals=("This membership has already ended", "Membership must end after it starts"),
            action="democracy.member_end", target=f"committee {member.committee.slug}",
            details={"councillor": member.councillor.slug, "role": member.role, "ends": ends.isoformat()})
