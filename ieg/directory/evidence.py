"""Live evidence for G2: local groups keeping their own directory entries. Computed from the
database when viewed; ieg.hooks adds it to ieg.evidence.live.LIVE (as `G2`)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ieg.directory import staleness
from ieg.evidence.live import LiveEvidence, sql
from ieg.evidence.reports import Period
from ieg.figures import share_text
from ieg.models import CommunityGroup, GroupEditor, GroupRevision
from ieg.models.directory import PENDING, PUBLISHED, UNPUBLISHED
from ieg.timeutil import format_local


def g2_directory(session: Session, period: Period | None, now: datetime, zone: str) -> LiveEvidence:
    """Published entries, the share kept by the group's own editors, the share the group confirmed or
    changed in the last 12 months, what waits for a moderator and what was taken down as stale."""
    editors = (select(GroupEditor.group_id, func.count(GroupEditor.user_id).label("editors"))
               .group_by(GroupEditor.group_id).subquery())
    stmt = (select(CommunityGroup.name, CommunityGroup.status, CommunityGroup.confirmed_at,
                   func.coalesce(editors.c.editors, 0))
            .outerjoin(editors, editors.c.group_id == CommunityGroup.id)
            .where(CommunityGroup.status.in_((PUBLISHED, UNPUBLISHED, PENDING)))
            .order_by(CommunityGroup.name))
    year_ago = staleness.add_months(now, -staleness.REMIND_MONTHS)
    rows, published, kept, confirmed, pending, stale = [], 0, 0, 0, 0, 0
    for name, status, confirmed_at, count in session.execute(stmt):
        recent = confirmed_at is not None and confirmed_at >= year_ago
        if status == PUBLISHED:
            published += 1
            kept += count > 0
            confirmed += recent
        pending += status == PENDING
        stale += status == UNPUBLISHED and not recent
        rows.append([name, {"published": "Published", "unpublished": "Not published",
                            "pending": "Waiting for a check"}[status], count,
                     format_local(confirmed_at, zone, with_time=False) if confirmed_at else "Never"])
    changes = session.scalar(select(func.count()).select_from(GroupRevision).where(
        GroupRevision.created_at >= year_ago, GroupRevision.author_id.in_(select(GroupEditor.user_id))))
    return LiveEvidence(
        "G2", "Local groups keep their own entries in the community directory", None,
        [("Groups published in the directory", str(published)),
         ("Kept by the group's own editors", share_text(kept, published)),
         ("Confirmed or changed by the group in the last 12 months", share_text(confirmed, published)),
         ("Changes made by groups in the last 12 months", str(changes)),
         ("New groups waiting for a moderator's check", str(pending)),
         ("Taken down as not confirmed", str(stale))],
        sql(session, stmt), ("directory.index", {}),
        ["Group", "Status", "Editors", "Last confirmed or changed"], rows,
        measures={"total": published, "passing": confirmed})
