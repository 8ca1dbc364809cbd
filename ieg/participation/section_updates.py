"""A section's updates as alerts: each publication of a page (new, or a new version) is an alert on
the section's topic. Pages that are a consultation's background or outcome are left out: the
consultation raises its own alerts when it opens and concludes."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ieg.models import Alert, Consultation, Page, PageEvent
from ieg.participation import alerts

LOOK_BACK = timedelta(days=2)  # publications older than this were alerted on by an earlier run


def alert_publications(session: Session, now: datetime, mailing) -> int:
    consultation_pages = select(Consultation.page_id).union(
        select(Consultation.outcome_page_id).where(Consultation.outcome_page_id.is_not(None)))
    events = session.execute(
        select(PageEvent.id, Page).join(Page, Page.id == PageEvent.page_id)
        .where(PageEvent.action == "published", PageEvent.at >= now - LOOK_BACK, PageEvent.at <= now,
               Page.id.not_in(consultation_pages), Page.live_revision_id.is_not(None))
        .order_by(PageEvent.id)).all()
    done = set(session.scalars(select(Alert.source).where(
        or_(*(Alert.source == f"page-event:{event_id}" for event_id, _ in events))))) if events else set()
    raised = 0
    for event_id, page in events:
        if f"page-event:{event_id}" in done:
            continue
        revision = page.live_revision
        alerts.raise_alert(session, now, topics=[("section", page.section.slug)], source=f"page-event:{event_id}",
                           title=f"{page.section.title}: {revision.title}", summary=revision.summary,
                           path=page.public_path, links=mailing.links, council=mailing.council,
                           sender_domain=mailing.sender_domain)
        raised += 1
    return raised
