"""Appending to and checking the hash-chained audit log (docs/design.md 3.6).

hash = SHA-256(prev_hash + canonical JSON of the entry's own fields). The canonical form is
fixed here (sorted keys, no spaces, UTC times as ISO strings) and never changes, so anyone
can recompute the chain from an export. The caller commits, so the entry lands in the same
transaction as the change it records: no change without its entry, no entry without it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ieg.models import AuditEntry

GENESIS = "0" * 64

# Every action the log records, with what it means: the audit-log page's labels and filter.
# Names never change once used (they are in the chain); add new ones here.
ACTIONS = {
    "auth.login": "Signed in",
    "auth.login_failed": "Sign-in refused (wrong details, account stopped, or too many tries)",
    "auth.logout": "Signed out",
    "user.create": "User added",
    "user.role_add": "Role given to a user",
    "user.role_remove": "Role taken from a user",
    "user.grant_add": "Section access given to a user",
    "user.grant_remove": "Section access taken from a user",
    "user.deactivate": "User stopped from signing in",
    "user.reactivate": "User allowed to sign in again",
    "user.password_reset": "Password set by an administrator",
    "user.password_change": "Password changed by its owner",
    "user.sessions_end": "User signed out of their other sessions",
    "auth.password_reset_request": "Password-reset link asked for (sent only to an active account)",
    "user.password_reset_link": "Password set through a reset link",
    "user.two_factor_enable": "Two-factor sign-in turned on, or moved to a new app",
    "user.two_factor_disable": "Two-factor sign-in turned off by its owner",
    "user.two_factor_reset": "Two-factor sign-in turned off by an administrator (a lost phone)",
    "user.recovery_codes_new": "New recovery codes made",
    "auth.recovery_code_used": "Recovery code used to sign in",
    "policy.two_factor": "Roles that must use two-factor sign-in changed",
    "user.personal_data_grant": "Auditor allowed to see personal data unmasked",
    "user.personal_data_revoke": "Auditor's unmasked view of personal data withdrawn",
    "page.publish": "Page published",
    "page.unpublish": "Page unpublished",
    "page.archive": "Page archived",
    "page.placement": "Page's address or place changed as it was published",
    "page.document_add": "Document or image uploaded to a page (public once the page is published)",
    "page.document_publish": "Document or image made public with its page",
    "page.document_remove_request": "Removal of a public document or image asked for (done at the next publication)",
    "page.document_keep": "Request to remove a document or image withdrawn",
    "page.document_remove": "Document or image removed from a page",
    "standards.change": "Calendar or service standards changed (a new version)",
    "standards.resolution_target": "A case type's resolution target changed",
    "enquiry.exclude": "Enquiry left out of the standards' figures",
    "enquiry.include": "Enquiry counted in the standards' figures again",
    "enquiry.breach_reason": "Reason recorded for a missed standard",
    "customer.update_from_enquiry": "Customer record updated from details given with an enquiry",
    "outcome.assess": "Outcome's self-assessment changed",
    "evidence.add": "Evidence linked to an outcome",
    "evidence.remove": "Evidence removed from an outcome",
    "bvpi.set": "BVPI 157 pair set by hand",
    "evidence.export": "Report or evidence exported",
    "auditor.view": "Auditor viewed casework",
    "consultation.create": "Consultation created",
    "consultation.close": "Consultation closed early by its editors",
    "consultation.conclude": "Consultation concluded (its outcome published)",
    "participation.target": "E-participation baseline and target set",
    "open311.service": "Case type offered through Open311 (or how it is offered changed)",
    "open311.key_issue": "Open311 API key issued",
    "open311.key_revoke": "Open311 API key revoked",
    "open311.webhook": "Back-office webhook set up or changed",
    "usage.channel_target": "Channel take-up baseline or target set",
    "usage.channel_target_remove": "Channel take-up baseline or target removed",
    "democracy.ward": "Ward added or changed",
    "democracy.councillor": "Councillor added",
    "democracy.profile": "Councillor's public record changed",
    "democracy.role": "Councillor's role (portfolio, chair) added",
    "democracy.interest_add": "Entry added to a councillor's register of interests",
    "democracy.interest_end": "Entry in a councillor's register of interests ended",
    "democracy.committee": "Committee added or changed",
    "democracy.member": "Councillor added to a committee",
    "democracy.meeting": "Meeting added to the diary",
    "democracy.meeting_change": "Meeting's time or place changed",
    "democracy.meeting_cancel": "Meeting cancelled",
    "democracy.item": "Agenda item added",
    "democracy.agenda_publish": "Agenda published",
    "democracy.document": "Meeting document added (report, minutes, notice)",
    "democracy.document_publish": "Scheduled meeting document published",
    "democracy.decision": "Decision recorded",
    "democracy.attendance": "Attendance recorded",
    "democracy.file": "File attached to a meeting document",
    "democracy.item_change": "Agenda item changed",
    "democracy.item_move": "Agenda item moved in the order",
    "democracy.item_remove": "Agenda item removed",
    "democracy.document_change": "Meeting document changed",
    "democracy.document_remove": "Meeting document removed",
    "democracy.file_remove": "File removed from a meeting document",
    "democracy.role": "Councillor's role added",
    "democracy.role_end": "Councillor's role ended",
    "democracy.term_end": "Councillor's term of office ended",
    "democracy.member_end": "Committee membership ended",
    "whatson.event_add": "Event added",
    "whatson.event_change": "Event changed",
    "whatson.event_date_cancel": "One date of an event called off",
    "whatson.event_date_restore": "A called-off date of an event put back",
    "whatson.event_cancel": "Event cancelled",
    "whatson.event_remove": "Event removed",
    "whatson.vacancy_add": "Vacancy added",
    "whatson.vacancy_change": "Vacancy changed",
    "whatson.vacancy_remove": "Vacancy removed",
    "whatson.vacancies_close": "Vacancies closed after their closing date",
    "news.details": "News article's category, contact or image set",
    "news.category": "News category added or renamed",
    "news.category_removed": "News category removed",
    "directory.signup": "Group signed up to the community directory (its entry waits for a check)",
    "directory.approve": "Group's first directory entry approved and published",
    "directory.reject": "Group's first directory entry turned down",
    "directory.change": "Group's directory entry changed (live at once)",
    "directory.confirm": "Group's directory entry confirmed as still right",
    "directory.review": "Change to a group's directory entry, event or vacancy reviewed",
    "directory.roll_back": "Change to a group's directory entry, event or vacancy rolled back",
    "directory.publish": "Group's directory entry published again by a moderator",
    "directory.unpublish": "Group's directory entry taken down by a moderator",
    "directory.editor_add": "Editor added to a group's directory entry",
    "directory.stale_remind": "Group reminded to confirm its directory entry (12 months)",
    "directory.stale_second_reminder": "Group reminded again to confirm its directory entry (13 months)",
    "directory.stale_unpublish": "Group's directory entry unpublished: not confirmed for 14 months",
    "directory.problem_dealt": "Problem reported with a directory entry dealt with",
}


def label(action: str) -> str:
    """What an action means, in words; an action not listed here shows as its name."""
    return ACTIONS.get(action, action)


def canonical(entry: AuditEntry) -> str:
    at = entry.at.astimezone(timezone.utc).replace(tzinfo=None) if entry.at.tzinfo else entry.at
    return json.dumps({"at": at.isoformat(timespec="microseconds"), "actor_id": entry.actor_id,
                       "actor": entry.actor, "action": entry.action, "subject": entry.subject,
                       "details": entry.details}, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode()).hexdigest()


def who(actor) -> str:
    """How an actor is named in the log, as they were then: "Name <email>", or "system"."""
    if actor is None:
        return "system"
    return f"{getattr(actor, 'name', '')} <{getattr(actor, 'email', '')}>".strip()


CHAIN_LOCK = 0x1E6A0D17  # PostgreSQL advisory lock key: one appender at a time


def _lock_chain(session: Session) -> None:
    """Hold the right to append until the transaction ends, before reading the head: two
    requests appending at once (two sign-ins) would otherwise both read the same head, and
    the unique prev_hash would refuse the second with an error. On SQLite a no-op UPDATE
    takes the database's write lock (waiting up to busy_timeout), so the head read next is
    the latest; on PostgreSQL a transaction-scoped advisory lock does the same."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    else:
        session.execute(text("UPDATE audit_log SET id = id WHERE 1 = 0"))


def record(session: Session, actor, action: str, subject: str, details: dict, now: datetime) -> AuditEntry:
    """Append one entry after the current head of the chain."""
    _lock_chain(session)
    head = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or GENESIS
    entry = AuditEntry(at=now, actor_id=getattr(actor, "id", None), actor=who(actor)[:254], action=action,
                       subject=subject[:120], details=json.loads(json.dumps(details, default=str)), prev_hash=head)
    entry.hash = entry_hash(head, entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    problem: str


def verify(session: Session) -> Break | None:
    """The first place the chain is broken (an entry changed, removed or moved), or None."""
    return _walk(session, 0, GENESIS)[0]


def _plain_rows():
    """Every column canonical() and the links need, as plain rows."""
    columns = AuditEntry.__table__.c
    return select(columns.id, columns.at, columns.actor_id, columns.actor, columns.action, columns.subject,
                  columns.details, columns.prev_hash, columns.hash)


def _walk(session: Session, after_id: int, expected_prev: str) -> tuple[Break | None, int, str]:
    """Check the entries after `after_id`, the first of which must follow `expected_prev`:
    (the first break or None, the last entry checked, its hash). Reads plain rows, not ORM
    objects (a quarter of the time per entry), so it judges what the database holds, never
    an object this session remembers."""
    columns = AuditEntry.__table__.c
    rows = session.execute(_plain_rows().where(columns.id > after_id).order_by(columns.id)
                           .execution_options(yield_per=1000))
    last_id = after_id
    for entry in rows:
        if entry.prev_hash != expected_prev:
            return Break(entry.id, "does not follow the entry before it: one was removed, added or reordered"), 0, ""
        if entry_hash(entry.prev_hash, entry) != entry.hash:
            return Break(entry.id, "its content does not match its hash: it was changed"), 0, ""
        last_id, expected_prev = entry.id, entry.hash
    return None, last_id, expected_prev


@dataclass(frozen=True)
class Check:
    broken: Break | None
    full_at: datetime  # when the whole chain was last checked
    entries_since: bool  # the entries added since then were checked now


FULL_CHECK_EVERY = timedelta(minutes=5)
_checked: dict[str, tuple[datetime, int, str]] = {}  # database -> (full check at, last id, its hash)


def _unchanged(session: Session, entry_id: int, expected_hash: str) -> bool:
    """The entry is still there, with its hash, and its content still makes that hash."""
    entry = session.execute(_plain_rows().where(AuditEntry.__table__.c.id == entry_id)).first()
    return entry is not None and entry.hash == expected_hash and entry_hash(entry.prev_hash, entry) == expected_hash


def verify_for_page(session: Session, now: datetime) -> Check:
    """What the audit-log page shows. The whole chain costs about 50 microseconds an entry, too
    much on every view of a log that grows by every sign-in: so each process checks it all at
    most every FULL_CHECK_EVERY, and in between only the entries added since, after making sure
    the last one it checked is still there unchanged. `flask ieg verify-audit` always checks all."""
    key = str(session.get_bind().url)
    known = _checked.get(key)
    if known is not None and now - known[0] < FULL_CHECK_EVERY and (known[1] == 0 or _unchanged(session, *known[1:])):
        broken, last_id, last_hash = _walk(session, known[1], known[2] if known[1] else GENESIS)
        full_at, since = known[0], True
    else:
        broken, last_id, last_hash = _walk(session, 0, GENESIS)
        full_at, since = now, False
    if broken is None:
        _checked[key] = (full_at, last_id, last_hash)
    else:
        _checked.pop(key, None)  # a broken chain is checked in full every time
    return Check(broken, full_at, since)
