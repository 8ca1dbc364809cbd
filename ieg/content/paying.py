"""Paying the council. IEG takes no payments: /pay links to the council's payments site when
one is configured (IEG_PAYMENTS_URL), and otherwise says how to pay by phone and by post,
so a "Pay" link never leads nowhere. The council's own pages about paying for something
("Pay your council tax") are listed with it."""
from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.content import public_read
from ieg.models import Page, PageRevision, Section
from ieg.models.content import ARCHIVED


def payments_url(configured: str | None) -> str | None:
    """The configured payments site if it is a web address, else None (nothing to link to)."""
    value = (configured or "").strip()
    parts = urlsplit(value)
    return value if parts.scheme in ("https", "http") and parts.hostname else None


def payment_pages(session: Session) -> list[public_read.PageLink]:
    """The live pages whose title says they are about paying ("Pay ..."), by title, at their
    public addresses (a page under a parent the public cannot see is left out)."""
    rows = session.execute(select(Page.id, Section.id.label("section_id"), Section.slug)
                           .join(Section, Page.section_id == Section.id)
                           .join(PageRevision, Page.live_revision_id == PageRevision.id)
                           .where(Page.status != ARCHIVED, PageRevision.title.like("Pay %"))).all()
    found = []
    for row in rows:
        tree = public_read.tree(session, row.section_id)
        by_id = {link.id: link for link in tree.by_place.values()}
        chain, link = [], by_id.get(row.id)
        while link is not None:
            chain.append(link)
            link = by_id.get(link.parent_id) if link.parent_id is not None else None
        if chain and chain[-1].parent_id is None:
            path = f"/{row.slug}/" + "/".join(link.slug for link in reversed(chain))
            found.append(public_read.PageLink(chain[0].title, path))
    return sorted(found, key=lambda link: link.title.lower())
