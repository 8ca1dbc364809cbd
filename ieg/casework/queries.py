"""What the casework pages list, as named queries: the views ask for these by name rather than
building statements. Each takes the session (and the viewer where what they see depends on who
they are)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ieg.casework import visibility
from ieg.models import AddressChange, CaseType, Customer, CustomerMerge, EForm, Enquiry, Section, User


def enquiry(session: Session, reference: str) -> Enquiry | None:
    return session.scalar(select(Enquiry).where(Enquiry.reference == reference))


def services(session: Session) -> list[Section]:
    """Every service an enquiry can be queued to, by title."""
    return session.scalars(select(Section).order_by(Section.title)).all()


def case_types(session: Session, active_only: bool = True) -> list[CaseType]:
    """What enquiries are about, by name: those staff can log now, or every one (for filters)."""
    query = select(CaseType)
    if active_only:
        query = query.where(CaseType.active.is_(True))
    return session.scalars(query.order_by(CaseType.name)).all()


def others(session: Session, item: Enquiry, viewer) -> list[Enquiry]:
    """The customer's other enquiries that `viewer` may see, on every channel, newest first."""
    return session.scalars(visibility.only_visible(
        select(Enquiry).where(Enquiry.customer_id == item.customer_id, Enquiry.id != item.id), viewer)
        .order_by(Enquiry.received_at.desc())).all()


def customer_enquiries(session: Session, person: Customer, viewer) -> list[Enquiry]:
    """The customer's enquiries that `viewer` may see, newest first."""
    return session.scalars(visibility.only_visible(select(Enquiry).where(Enquiry.customer_id == person.id), viewer)
                           .order_by(Enquiry.received_at.desc())).all()


def address_changes(session: Session, person: Customer) -> list[AddressChange]:
    return session.scalars(select(AddressChange).where(AddressChange.customer_id == person.id)
                           .order_by(AddressChange.recorded_at.desc())).all()


def merges_into(session: Session, person: Customer) -> list[CustomerMerge]:
    """The records merged into this one, latest first."""
    return session.scalars(select(CustomerMerge).where(CustomerMerge.survivor_id == person.id)
                           .order_by(CustomerMerge.at.desc())).all()


def actor_names(session: Session, item: Enquiry) -> dict[int, str]:
    """The names of the people who acted on the enquiry, by user id."""
    actor_ids = {e.actor_id for e in item.events if e.actor_id}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(actor_ids))).all()) if actor_ids else {}


def eforms(session: Session) -> list[EForm]:
    """The forms the council made, by title, with their case types."""
    return session.scalars(select(EForm).options(joinedload(EForm.case_type)).order_by(EForm.title)).all()


def case_types_with_services(session: Session) -> list[CaseType]:
    """The case types staff can log now, by name, with the service each goes to."""
    return session.scalars(select(CaseType).where(CaseType.active.is_(True))
                           .options(joinedload(CaseType.section)).order_by(CaseType.name)).all()
