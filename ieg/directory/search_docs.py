"""What the directory puts in site search: published groups' entries, with only what the group
shows publicly (never a private contact detail). Registered by ieg.hooks when the app is built."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ieg.content.search_docs import text_of
from ieg.directory.queries import SECTION_SLUG
from ieg.models import CommunityGroup, GroupCategory, GroupVenue, GroupWard
from ieg.models.directory import PUBLISHED
from ieg.search.documents import Document, Source, row_source

SOURCES: list[Source] = []


def _groups(session: Session, where) -> dict[int, Document]:
    groups = session.scalars(select(CommunityGroup).where(CommunityGroup.status == PUBLISHED, where).options(
        selectinload(CommunityGroup.categories), selectinload(CommunityGroup.wards),
        selectinload(CommunityGroup.venues)))
    docs = {}
    for group in groups:
        places = " ".join(f"{v.name} {v.address} {v.postcode} {v.accessibility}" for v in group.venues)
        docs[group.id] = Document(
            key=f"group:{group.id}", kind="Community group", title=group.name, url=f"/directory/{group.slug}",
            summary=group.summary,
            body=" ".join(filter(None, (text_of(group.description_html or ""), group.opening_times, places,
                                        " ".join(w.name for w in group.wards)))),
            section=SECTION_SLUG, section_title="Community directory",
            labels=tuple(c.name for c in group.categories), published=group.updated_at)
    return docs


SOURCES.append(row_source(
    "group", CommunityGroup.id,
    {CommunityGroup: lambda o: o.id, GroupVenue: lambda o: o.group_id, GroupCategory: lambda o: o.group_id,
     GroupWard: lambda o: o.group_id},
    {}, _groups))
