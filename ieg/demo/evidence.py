"""The demo council's outcomes register (docs/design.md 5): self-assessments with a year of
history, written through the same service as administrators use (so each is in the
history and the audit log), and a few evidence items by hand. Fictional throughout."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.demo.history import History
from ieg.evidence import bvpi, items, register
from ieg.reference import outcomes
from ieg.models import BvpiCell, LgslService, OutcomeAssessment, User, UserRole

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


# (LGSL service, LGIL type, permissible, e-enabled, note): what a district council's routemap
# would mark by hand. Services the demo's list lacks are skipped.
DEMO_PAIRS = (
    (58, 2, True, True, "Council tax is paid online through the council's payments system "
                        "(pay.ashdown.example.gov.uk), which IEG links to but does not run."),
    (485, 0, True, True, "Householder planning applications are made online through the national "
                         "Planning Portal, which sends them to us."),
    (474, 0, True, True, "Residents apply for parking permits online through the permit system "
                         "run with Westshire County Council."),
    (528, 4, True, False, "Bulky waste collections are paid for by phone or at the council offices; "
                          "online payment is planned with the new payments contract."),
    (431, 1, True, False, "Pest control visits are booked by phone; the contractor's booking "
                          "system has no online access yet."),
    (69, 7, True, True, "New housing benefit claims are made online through the benefits system's "
                        "claim form, which IEG links to."),
    (855, 3, True, True, "Comments on planning applications are made online through the planning "
                         "register's public access system."),
    (451, 1, True, True, "Sports halls and courts are booked online through the leisure operator's "
                         "booking system."),
    (437, 1, True, False, "Library meeting rooms are booked by phone or at the counter; online booking "
                          "comes with the new library management system."),
    (1538, 4, True, False, "Burial and cremation fees are paid through funeral directors or at the "
                           "council offices, not yet online."),
    (615, 7, True, False, "Voluntary organisations apply for grants on a paper or emailed form."),
    (632, 9, True, False, "Taxi licence applications need documents checked in person; the "
                          "application itself is not online yet."),
    (1113, 6, True, False, "Volunteering opportunities are matched by the volunteer centre by phone "
                           "and at drop-in sessions."),
    (362, 0, False, None, "Voting in person, by post or by proxy only: electoral law does not "
                          "permit casting a vote online."),
    (319, 0, False, None, "A birth must be registered in person at the register office "
                          "(Births and Deaths Registration Act 1953)."),
)


def load_bvpi_pairs(session: Session, now: datetime) -> int:
    """Mark the demo council's pairs set by hand, as its administrator; pairs already set are
    left alone, so running it again changes nothing. Returns how many were set."""
    admin = session.scalar(select(User).join(UserRole).where(UserRole.role == "admin").order_by(User.id).limit(1))
    known = set(session.scalars(select(LgslService.id)))
    done = {(row.lgsl_id, row.lgil_id) for row in session.execute(select(BvpiCell.lgsl_id, BvpiCell.lgil_id))}
    made = 0
    for lgsl_id, lgil_id, permissible, e_enabled, note in DEMO_PAIRS:
        if lgsl_id in known and (lgsl_id, lgil_id) not in done:
            bvpi.set_pair(session, admin, lgsl_id, lgil_id, permissible, e_enabled, note, now)
            made += 1
    return made
