"""'Is this page useful?' answers: kept against the page's own section, for its editors."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ieg.models import Page, PageFeedback

MAX_FEEDBACK = 2000


def record_feedback(session: Session, page: Page, useful: bool, what_wrong: str = "") -> PageFeedback:
    item = PageFeedback(page_id=page.id, section_id=page.section_id, useful=useful,
                        what_wrong=(what_wrong or "").strip()[:MAX_FEEDBACK])
    session.add(item)
    return item
