"""The topic kinds this area registers with the alerts engine (from ieg.hooks): every consultation,
a section's updates (its consultations and its newly published pages), and a ward."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.models import Consultation, Section
from ieg.participation.topics import TopicKind


def _all_consultations(session: Session) -> list[tuple[str, str]]:
    return [("all", "Every new consultation, and its outcome")]


def _sections(session: Session) -> list[tuple[str, str]]:
    return [(slug, title) for slug, title in session.execute(
        select(Section.slug, Section.title).order_by(Section.sort_order, Section.title))]


def _wards(session: Session) -> list[tuple[str, str]]:
    named = sorted({ward for wards in session.scalars(select(Consultation.wards)) for ward in (wards or [])})
    return [(ward, ward) for ward in named]


KINDS = (
    TopicKind("consultations", "Consultations", _all_consultations, order=10),
    TopicKind("section", "A service's updates and consultations", _sections, order=20),
    TopicKind("ward", "Consultations affecting a ward", _wards, order=30),
)
