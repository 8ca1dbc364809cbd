"""The demo council's outcomes register (docs/design.md 5): self-assessments with a year of
history, written through the same service as administrators use (so each is in the
history and the audit log), and a few evidence items by hand. Fictional throughout."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.demo.history import History
from ieg.evidence import items, register
from ieg.reference import outcomes
from ieg.models import OutcomeAssessment, User

OWNERS = {
    "platform": "Head of Customer Services",
    "content": "Web Services Manager",
    "evidence": "Head of ICT",
}
# (ref, rag, target date, commentary); outcomes not listed take their scope's default below.
ASSESSMENTS = (
    ("R1", "not_applicable", None, "School admissions are run by Westshire County Council, the education authority; "
                                   "our A-Z deep-links to its online application."),
    ("R2", "not_applicable", None, "A county service; linked from our A-Z."),
    ("R4", "amber", date(2027, 3, 31), "Secure e-mail with the police and youth offending team is in place; the "
                                       "shared case system with the community safety partnership is being procured."),
    ("R10", "red", date(2026, 9, 30), "Online planning applications go through the national portal, but we cannot "
                                      "yet accept payment online for them. Payment provider contract delayed."),
    ("R13", "amber", date(2027, 6, 30), "Online payments for council tax and rents are live; parking penalty "
                                        "payments follow when the new card provider starts."),
    ("G13", "green", date(2026, 3, 31), "Parking appeals are taken online with PCN validation (the e-form)."),
    ("G20", "green", date(2026, 3, 31), "Every page template is checked with axe-core in the test suite; editors "
                                        "cannot submit pages with accessibility errors."),
    ("E7", "red", date(2027, 12, 31), "Not started: depends on the county's shared customer index."),
)
# The year-old assessments that moved on since: (ref, earlier rag, days before now, why it changed then)
EARLIER = (
    ("R29", "amber", 300, "One-working-day standard measured for email only from the web team's inbox."),
    ("R28", "amber", 280, "Acknowledgements carried the reference only for web forms."),
    ("R24", "amber", 250, "Only four services edited their own pages."),
)
DEFAULT_RAG = {"platform": "green", "content": "green", "evidence": "amber"}  # required ones: green (below)
EVIDENCE = (
    ("R29", "report", "r29", "Monthly figures from the live system, reviewed at each Customer Services board."),
    ("R28", "report", "r28", "Share of acknowledgements that carried the reference, from the live system."),
    ("E19", "report", "fcr", "Measured from the contact centre's logged enquiries."),
    ("R25", "report", "service-standards", "The standards and live performance, published to residents."),
    ("R4", "url", "https://www.westshire-police.example.gov.uk/partnerships/ashdown",
     "The community safety partnership's information-sharing protocol."),
    ("R10", "url", "https://www.planningportal.example.gov.uk/",
     "Applications are made through the national portal and reach us electronically."),
)


def load(session: Session, now: datetime, domain: str, history=None) -> int:
    """Assess every outcome not yet assessed; returns how many will be. Idempotent. Each
    assessment and evidence item is dated as it happened: given the demo's `history`
    (ieg.demo.History), they take their turn in it; without one, they are made at once."""

    if session.scalar(select(OutcomeAssessment.ref).limit(1)) is not None:
        return 0
    own = history is None
    history = history or History()
    admin = session.scalar(select(User).where(User.email == f"admin@{domain}"))
    chosen = {ref: (rag, due, commentary) for ref, rag, due, commentary in ASSESSMENTS}
    for ref, rag, days, why in EARLIER:
        history.once(now - timedelta(days=days), lambda ref=ref, rag=rag, days=days, why=why: register.assess(
            session, admin, ref, rag=rag, owner=OWNERS["platform"], target_date=date(2026, 3, 31), commentary=why,
            reason="Annual self-assessment", now=now - timedelta(days=days)))

    def annual() -> None:
        for item in outcomes.all_outcomes():
            default = "green" if item.level == "required" else DEFAULT_RAG[item.scope]
            rag, due, commentary = chosen.get(item.ref, (default, date(2026, 3, 31), ""))
            if not commentary and item.scope == "platform":
                commentary = "Delivered by the council's IEG system; the live evidence on this page is computed from it."
            elif not commentary:
                commentary = "Met; see the evidence listed."
            register.assess(session, admin, item.ref, rag=rag, owner=OWNERS[item.scope], target_date=due,
                            commentary=commentary, reason="Self-assessment for the annual IEG return",
                            now=now - timedelta(days=30))

    def evidence() -> None:
        for ref, kind, target, note in EVIDENCE:
            items.add(session, admin, ref, kind, target=target, note=note, now=now - timedelta(days=29))
    history.once(now - timedelta(days=30), annual)
    history.once(now - timedelta(days=29), evidence)
    if own:
        history.run()
    return len(outcomes.all_outcomes())
