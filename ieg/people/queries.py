"""Who is listed on the administration pages, as named queries."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ieg.models import SectionGrant, User


def users_with_grants(session: Session) -> list[User]:
    """Every user by name, with their grants and the grants' sections loaded (the table shows them all)."""
    return session.scalars(select(User).order_by(User.name).options(
        selectinload(User.grants).selectinload(SectionGrant.section))).all()


def active_users(session: Session) -> list[User]:
    return session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)).all()
