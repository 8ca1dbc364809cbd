"""Every look-up the directory's views make."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ieg.content.sitemap import Entry
from ieg.models import (CommunityGroup, DirectoryCategory, GroupCategory, GroupEditor, GroupRevision, GroupWard, Section,
                        User, Ward)
from ieg.models.directory import PENDING, PUBLISHED, REVISION_WAITING
from ieg.paging import Window, window

SECTION_SLUG = "community-directory"  # its publishers moderate the directory


def moderation_section(session: Session) -> Section | None:
    return session.scalar(select(Section).where(Section.slug == SECTION_SLUG))


def categories(session: Session) -> list[DirectoryCategory]:
    return list(session.scalars(select(DirectoryCategory).order_by(DirectoryCategory.position, DirectoryCategory.name)))


def wards(session: Session) -> list[Ward]:
    return list(session.scalars(select(Ward).order_by(Ward.name)))


PER_PAGE = 50


def _published(category: DirectoryCategory | None, ward: Ward | None, letter: str):
    stmt = select(CommunityGroup).where(CommunityGroup.status == PUBLISHED)
    if category is not None:
        stmt = stmt.where(CommunityGroup.id.in_(select(GroupCategory.group_id)
                                                .where(GroupCategory.category_id == category.id)))
    if ward is not None:
        # A group serving no ward in particular serves the whole council area, this ward too.
        stmt = stmt.where(CommunityGroup.id.in_(select(GroupWard.group_id).where(GroupWard.ward_id == ward.id))
                          | ~CommunityGroup.id.in_(select(GroupWard.group_id)))
    if letter:
        stmt = stmt.where(func.upper(func.substr(CommunityGroup.name, 1, 1)) == letter)
    return stmt


def published(session: Session, *, category: DirectoryCategory | None = None, ward: Ward | None = None,
              letter: str = "", page: object = 1) -> tuple[list[CommunityGroup], Window]:
    """A page of published entries, A to Z, narrowed by category, ward served (or the whole area) and
    first letter, and which page it is."""
    stmt = _published(category, ward, letter)
    shown = window(session.scalar(select(func.count()).select_from(stmt.subquery())), page, PER_PAGE)
    rows = session.scalars(stmt.options(selectinload(CommunityGroup.categories), selectinload(CommunityGroup.wards))
                           .order_by(func.lower(CommunityGroup.name), CommunityGroup.id)
                           .offset(shown.offset).limit(PER_PAGE))
    return list(rows), shown


def published_ids(session: Session) -> list[int]:
    return list(session.scalars(select(CommunityGroup.id).where(CommunityGroup.status == PUBLISHED)
                                .order_by(CommunityGroup.id)))


def first_letters(session: Session) -> set[str]:
    return set(session.scalars(select(func.upper(func.substr(CommunityGroup.name, 1, 1))).distinct()
                               .where(CommunityGroup.status == PUBLISHED)))


def by_slug(session: Session, slug: str) -> CommunityGroup | None:
    return session.scalar(select(CommunityGroup).where(CommunityGroup.slug == slug))


def for_editor(session: Session, user_id: int) -> list[CommunityGroup]:
    return list(session.scalars(select(CommunityGroup).join(GroupEditor).where(GroupEditor.user_id == user_id)
                                .order_by(CommunityGroup.name)))


def editors(session: Session, group: CommunityGroup) -> list[User]:
    return list(session.scalars(select(User).join(GroupEditor, GroupEditor.user_id == User.id)
                                .where(GroupEditor.group_id == group.id).order_by(GroupEditor.added_at, User.id)))


def pending(session: Session) -> list[CommunityGroup]:
    return list(session.scalars(select(CommunityGroup).where(CommunityGroup.status == PENDING)
                                .order_by(CommunityGroup.created_at)))


def waiting_revisions(session: Session) -> list[GroupRevision]:
    return list(session.scalars(select(GroupRevision).where(GroupRevision.state == REVISION_WAITING)
                                .order_by(GroupRevision.created_at)))


def revisions(session: Session, group: CommunityGroup) -> list[GroupRevision]:
    return list(session.scalars(select(GroupRevision).where(GroupRevision.group_id == group.id)
                                .order_by(GroupRevision.id.desc())))


def published_page(session: Session, page: int, per_page: int, search: str = "",
                   category_id: int | None = None) -> tuple[list[CommunityGroup], int]:
    """A page of published entries in a stable order (by id), and how many there are in all."""
    stmt = select(CommunityGroup).where(CommunityGroup.status == PUBLISHED)
    if search:
        like = f"%{search.lower()}%"
        stmt = stmt.where(func.lower(CommunityGroup.name).like(like) | func.lower(CommunityGroup.summary).like(like))
    if category_id is not None:
        stmt = stmt.where(CommunityGroup.id.in_(select(GroupCategory.group_id)
                                                .where(GroupCategory.category_id == category_id)))
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = session.scalars(stmt.options(selectinload(CommunityGroup.categories), selectinload(CommunityGroup.wards),
                                        selectinload(CommunityGroup.venues))
                           .order_by(CommunityGroup.id).offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def sitemap_entries(session: Session) -> list[Entry]:
    """The directory and each published entry, for /sitemap.xml."""
    rows = session.execute(select(CommunityGroup.slug, CommunityGroup.updated_at)
                           .where(CommunityGroup.status == PUBLISHED).order_by(CommunityGroup.slug)).all()
    return [Entry("/directory/", max((r.updated_at for r in rows), default=None)),
            *(Entry(f"/directory/{r.slug}", r.updated_at) for r in rows)]
