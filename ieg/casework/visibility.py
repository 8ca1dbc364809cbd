"""Which enquiries and customers a member of staff may see, for lists and for `can()`.

The rule itself is `ieg.people.permissions.casework_scope` (pure): an officer works in
their own service's enquiries, those assigned to them and those they logged. Here it
becomes SQL, so that lists (the dashboard's queues, search results, a customer's
enquiries, report drill-downs) hold only what `can(user, "enquiry.view", enquiry)` allows,
and a customer becomes the plain object `can()` takes for "customer.view".
"""
from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import exists, false, or_, select
from sqlalchemy.orm import Session

from ieg.models import Customer, Enquiry
from ieg.people.permissions import casework_scope


def condition(user, *, change: bool = False):
    """A WHERE clause for the enquiries `user` may see (with `change`: act on), or None
    when that is all of them."""
    scope = casework_scope(user, change=change)
    if scope is None:
        return None
    terms = [Enquiry.section_id.in_(sorted(scope.section_ids))] if scope.section_ids else []
    if scope.user_id is not None:
        terms += [Enquiry.assigned_to_id == scope.user_id, Enquiry.created_by_id == scope.user_id]
    return or_(*terms) if terms else false()


def only_visible(stmt, user, *, change: bool = False):
    """`stmt` (a SELECT over enquiries) narrowed to those `user` may see."""
    where = condition(user, change=change)
    return stmt if where is None else stmt.where(where)


def customer_condition(user):
    """A WHERE clause over customers for the records `user` may see, as `can(user,
    "customer.view", visibility.customer(...))` decides, or None when that is all of them:
    a record with an enquiry the user may act on, or one merged into such a record. (A record
    merged into one that was itself merged later is reached through its survivor: lists leave
    it out rather than walk the chain.)"""
    where = condition(user, change=True)
    if where is None:
        return None
    return exists(select(Enquiry.id).where(
        or_(Enquiry.customer_id == Customer.id, Enquiry.customer_id == Customer.merged_into_id), where))


def surviving_id(session: Session, customer_id: int) -> int:
    """The record a customer's enquiries are on: itself, or the one it was merged into
    (merges can chain)."""
    seen = set()
    while customer_id not in seen:
        seen.add(customer_id)
        merged_into = session.scalar(select(Customer.merged_into_id).where(Customer.id == customer_id))
        if merged_into is None:
            break
        customer_id = merged_into
    return customer_id


def customer(session: Session, person: Customer) -> SimpleNamespace:
    """`person` as `can()` takes a customer: the queue, assignee and author of each enquiry
    on their record. A record merged into another is reached through the enquiries that
    moved to the one it points at."""
    owner = surviving_id(session, person.id)
    enquiries = session.execute(select(Enquiry.section_id, Enquiry.assigned_to_id, Enquiry.created_by_id)
                                .where(Enquiry.customer_id == owner)).all()
    return SimpleNamespace(id=person.id, enquiries=enquiries)
