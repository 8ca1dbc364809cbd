"""The sitemap search engines read (/sitemap.xml): every address the public can open, with
when it last changed where that is known.

`site_entries` reads the database; `document` (pure) writes the XML of the sitemaps
protocol (sitemaps.org, version 0.9). Addresses are absolute, on the site's public address
(IEG_BASE_URL), as in emails: a sitemap's addresses must be on the host that serves it,
and the request's own Host header is not to be trusted in a response that is cached.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from xml.sax.saxutils import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.casework import eform_definitions
from ieg.content.sections import RESERVED_SLUGS
from ieg.models import EForm, Page, Section
from ieg.models.content import ARCHIVED


@dataclass(frozen=True)
class Entry:
    path: str  # from the site's root, like /council-tax/pay-council-tax
    lastmod: datetime | None = None


def _latest(*moments: datetime | None) -> datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def content_entries(session: Session) -> tuple[list[Entry], datetime | None]:
    """Each section and each page the public can reach (live, and under live parents all
    the way up), and when the newest of them changed. A section changes with its own
    details and with the pages it lists (its top-level ones)."""
    sections = {row.id: row for row in session.execute(select(Section.id, Section.slug, Section.updated_at))}
    rows = session.execute(select(Page.id, Page.section_id, Page.parent_id, Page.slug, Page.last_published_at)
                           .where(Page.live_revision_id.is_not(None), Page.status != ARCHIVED)
                           .order_by(Page.section_id, Page.sort_order, Page.slug)).all()
    children: dict[int | None, list] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    pages: list[Entry] = []
    changed: dict[int, datetime | None] = {sid: s.updated_at for sid, s in sections.items()}
    waiting = [(row, f"/{sections[row.section_id].slug}/{row.slug}") for row in children.get(None, ())]
    for row, _ in waiting:
        changed[row.section_id] = _latest(changed[row.section_id], row.last_published_at)
    while waiting:
        row, path = waiting.pop(0)
        pages.append(Entry(path, row.last_published_at))
        waiting += [(child, f"{path}/{child.slug}") for child in children.get(row.id, ())]
    # A section whose own address the site uses (the community directory's moderators' section: its
    # address leads to /directory/) is listed there, by its area, not as a section.
    found = [Entry(f"/{s.slug}/", changed[sid]) for sid, s in sorted(sections.items(), key=lambda i: i[1].slug)
             if s.slug not in RESERVED_SLUGS]
    return found + pages, _latest(*(e.lastmod for e in found + pages))


def form_entries(session: Session) -> list[Entry]:
    """The forms index and every public form; an administrator's form changed when it was last saved."""
    saved = dict(session.execute(select(EForm.slug, EForm.updated_at).where(EForm.live.is_(True))).all())
    return [Entry("/forms/"), *(Entry(f"/forms/{f.slug}", saved.get(f.slug)) for f in eform_definitions.listed(session))]


def _w3c(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def document(base_url: str, entries: list[Entry]) -> str:
    """The sitemap XML for `entries` (each address once, in the order given). Pure."""
    base, seen, lines = base_url.rstrip("/"), set(), ['<?xml version="1.0" encoding="UTF-8"?>',
                                                      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for entry in entries:
        if entry.path in seen:
            continue
        seen.add(entry.path)
        lastmod = f"<lastmod>{_w3c(entry.lastmod)}</lastmod>" if entry.lastmod else ""
        lines.append(f"  <url><loc>{escape(base + entry.path)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
