"""Meetings as alert topics: a resident may follow a committee's meetings, or the meetings of the
committees a ward's councillors sit on. The `meetings-alerts` job raises one alert when an agenda is
published, when minutes or a decision notice are published, and once for the decisions on a meeting
published together; each carries a source, so a second run never raises it again."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.democracy import calendar, meetings
from ieg.models import Committee, Meeting, MeetingDocument, Ward
from ieg.participation import alerts
from ieg.participation.topics import TopicKind

COMMITTEE, WARD = "committee", "meetings-ward"
LOOK_BACK = timedelta(days=2)  # publications older than this were alerted on by an earlier run
DOCUMENT_WORDS = {"minutes": "minutes published", "decisions": "decisions published"}


def _committees(session: Session) -> list[tuple[str, str]]:
    return [(slug, name) for slug, name in session.execute(select(Committee.slug, Committee.name)
                                                           .order_by(Committee.name))]


def _wards(session: Session) -> list[tuple[str, str]]:
    return [(code, name) for code, name in session.execute(select(Ward.code, Ward.name).order_by(Ward.name))]


KINDS = (
    TopicKind(COMMITTEE, "Meetings of a committee: agendas, minutes and decisions", _committees, order=40),
    TopicKind(WARD, "Meetings of the committees a ward's councillors sit on", _wards, order=50),
)


def _topics(change: dict) -> list[tuple[str, str]]:
    return [(COMMITTEE, change["committee"])] + [(WARD, code) for code in change["wards"]]


def _heading(meeting: Meeting) -> str:
    return f"{meeting.committee.name}, {calendar.local_day(meeting.starts_at):%-d %B %Y}"


def alert_meetings(session: Session, now: datetime, mailing) -> int:
    """Raises the alerts for what was published since LOOK_BACK; returns how many it raised."""
    changes = [c for c in meetings.changes_since(session, now - LOOK_BACK) if c["at"] <= now]
    raised = 0
    decided: dict[int, list[dict]] = {}
    for change in changes:
        if change["kind"] == "decision":
            decided.setdefault(change["meeting_id"], []).append(change)
            continue
        if change["kind"] == "agenda":
            meeting = session.get(Meeting, change["meeting_id"])
            alert = (f"meeting-agenda:{meeting.id}", f"{_heading(meeting)}: agenda published",
                     ", ".join(i.title for i in meeting.items), f"/meetings/{meeting.id}")
        elif change["kind"] in DOCUMENT_WORDS:
            document = session.get(MeetingDocument, change["document_id"])
            alert = (f"meeting-document:{document.id}",
                     f"{_heading(document.meeting)}: {DOCUMENT_WORDS[document.kind]}", document.title,
                     f"/meetings/documents/{document.id}")
        else:
            continue
        raised += _raise(session, now, mailing, _topics(change), *alert)
    for meeting_id, items in decided.items():
        meeting = session.get(Meeting, meeting_id)
        latest = max(c["at"] for c in items)
        raised += _raise(session, now, mailing, _topics(items[0]), f"meeting-decisions:{meeting_id}:{latest.isoformat()}",
                         f"{_heading(meeting)}: decisions published", ", ".join(c["title"] for c in items),
                         f"/meetings/{meeting_id}")
    return raised


def _raise(session: Session, now: datetime, mailing, topics, source: str, title: str, summary: str, path: str) -> int:
    made = alerts.raise_alert(session, now, topics=topics, source=source, title=title, summary=summary, path=path,
                              links=mailing.links, council=mailing.council, sender_domain=mailing.sender_domain)
    return made is not None
