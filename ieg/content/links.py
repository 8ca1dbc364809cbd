"""The link checker job's database side: which links to check, and their results with history."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ieg.content import linkcheck, markdown
from ieg.models import DeepLink, LinkCheckResult, Page
from ieg.models.content import ARCHIVED


def external_links(body_markdown: str) -> list[str]:
    """The http(s) links in a page body, in order, without repeats."""
    found: list[str] = []
    stack = list(markdown.parse(body_markdown))
    while stack:
        token = stack.pop(0)
        if token.children:
            stack[:0] = token.children
        href = token.attrGet("href") if token.type == "link_open" else None
        if href and href.startswith(("http://", "https://")) and href not in found:
            found.append(href)
    return found


def targets(session: Session) -> list[tuple[str, int | None, int | None, int | None]]:
    """(url, section_id, page_id, deep_link_id) for every external link in live pages and every deep link."""
    rows = []
    live = session.scalars(select(Page).where(Page.live_revision_id.is_not(None), Page.status != ARCHIVED)).all()
    for page in live:
        rows += [(url, page.section_id, page.id, None) for url in external_links(page.live_revision.body_markdown)]
    rows += [(link.url, link.section_id, None, link.id) for link in session.scalars(select(DeepLink))]
    return rows


def check_all(session: Session, now: datetime, *, max_workers: int = 8, per_host: int = 2,
              timeout: float = 10.0) -> dict:
    """Check every link concurrently (bounded per host) and record each result."""
    rows = targets(session)
    deep = {url for url, _, _, deep_id in rows if deep_id is not None}
    results = linkcheck.check_urls([url for url, *_ in rows], deep_links=deep, max_workers=max_workers,
                                   per_host=per_host, timeout=timeout)
    for url, section_id, page_id, deep_id in rows:
        result = results[url]
        session.add(LinkCheckResult(url=url, section_id=section_id, page_id=page_id, deep_link_id=deep_id,
                                    ok=result.ok, status=result.status, final_url=result.final_url or "",
                                    reason=result.reason[:300], checked_at=now))
    broken = sum(1 for r in results.values() if not r.ok)
    return {"links": len(results), "broken": broken}


def broken_links(session: Session, section_id: int) -> list[LinkCheckResult]:
    """The latest result of each link in a section, where that result was a failure."""
    latest = (select(LinkCheckResult.url, func.max(LinkCheckResult.checked_at).label("at"))
              .where(LinkCheckResult.section_id == section_id).group_by(LinkCheckResult.url).subquery())
    return list(session.scalars(select(LinkCheckResult).join(
        latest, (LinkCheckResult.url == latest.c.url) & (LinkCheckResult.checked_at == latest.c.at))
        .where(LinkCheckResult.section_id == section_id, LinkCheckResult.ok.is_(False))
        .order_by(LinkCheckResult.url)))


def history(session: Session, section_id: int, limit: int = 300) -> list[LinkCheckResult]:
    """The section's link checks, newest first: every result kept, so editors see when a link broke."""
    return list(session.scalars(select(LinkCheckResult).where(LinkCheckResult.section_id == section_id)
                                .order_by(LinkCheckResult.checked_at.desc(), LinkCheckResult.url).limit(limit)))
