"""Who looked at what: auditors' views of casework and every export, in the audit log.

One place for both, so every page and export logs the same way. Like every service they
write in the caller's transaction and leave the commit to it: a view is logged by the
request that shows it. Plain functions taking a session, the user, plain values and `now`.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from ieg import audit
from ieg.evidence import masking
from ieg.people.permissions import AUDITOR, can


def sees_personal_data(user) -> bool:
    """True if `user` sees customers' details unmasked (casework staff, administrators, and
    auditors an administrator has granted it)."""
    return can(user, "personal_data.view")


def is_auditor(user) -> bool:
    return AUDITOR in getattr(user, "role_names", frozenset())


def log_view(session: Session, user, subject: str, details: dict, now: datetime):
    """Record that an auditor saw casework detail ("auditor.view"). Staff views are not logged:
    looking at cases is their job. Returns the entry, or None when nothing was logged."""
    if not is_auditor(user):
        return None
    return audit.record(session, user, "auditor.view", subject,
                        {**details, "masked": not sees_personal_data(user)}, now)


def log_export(session: Session, user, what: str, details: dict, now: datetime):
    """Record an export ("evidence.export") by anyone: `what` names it ("r29-enquiries.csv",
    "evidence-pack"), `details` says which period, how many rows, and so on."""
    return audit.record(session, user, "evidence.export", f"export:{what}",
                        {**details, "masked": not sees_personal_data(user)}, now)


def customer_names(session: Session, references: list[str], chunk: int = 500) -> dict[str, str]:
    """{enquiry reference: its customer's name}, for masking names in what staff typed."""
    from sqlalchemy import select

    from ieg.models import Customer, Enquiry
    names: dict[str, str] = {}
    for start in range(0, len(references), chunk):
        names.update(session.execute(select(Enquiry.reference, Customer.name).join(Customer).where(
            Enquiry.reference.in_(references[start:start + chunk]))).all())
    return names


def masked_rows(session: Session, user, rows: list, fields: tuple[str, ...]) -> list:
    """Enquiry rows (frozen dataclasses with a `reference`) with the free-text `fields` masked,
    the customer's name too, unless `user` sees personal data. The list keeps its type and
    attributes (a report Listing keeps its `total`)."""
    if sees_personal_data(user):
        return rows
    return mask_rows(session, rows, fields)


def mask_rows(session: Session, rows: list, fields: tuple[str, ...]) -> list:
    """`masked_rows` for a caller that has already decided to mask (an evidence pack)."""
    if not fields:
        return rows
    names = customer_names(session, [row.reference for row in rows])
    out = type(rows)(replace(row, **{field: masking.text(getattr(row, field), [names.get(row.reference, "")])
                                     for field in fields}) for row in rows)
    out.__dict__.update(getattr(rows, "__dict__", {}))
    return out
