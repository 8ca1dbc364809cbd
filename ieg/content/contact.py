"""What the contact page (/contact) shows besides the forms: the council's address as lines,
and each service's own email address and phone number."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ieg.models import Section


def address_lines(configured: str | None) -> list[str]:
    """IEG_CONTACT_ADDRESS's lines: it is one line in the environment, with commas between. Pure."""
    return [line.strip() for line in (configured or "").split(",") if line.strip()]


def service_contacts(session: Session) -> list[Section]:
    """The sections that give an email address or a phone number, by title."""
    return list(session.scalars(select(Section).where(or_(Section.contact_email != "", Section.contact_phone != ""))
                                .order_by(Section.title)))
