"""BVPI 157 (ieg/evidence/bvpi.py): pairs decided automatically by published pages and live
forms, overridden by hand both ways, counted by interaction type against a grid worked out by
hand, with every hand change in the audit log and refusals naming the field at fault."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import event, select

from ieg import audit
from ieg.casework import eform_definitions
from ieg.casework import enquiries
from ieg.demo import evidence as demo_evidence
from ieg.content import pages
from ieg.evidence import bvpi
from ieg.evidence.bvpi import BvpiError
from ieg.extensions import db
from ieg.models import AuditEntry, BvpiCell, CaseType, EForm, LgslService, Page, Section, User
from tests.conftest import add_page

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)
ADMIN = "admin@staff.example.gov.uk"
# A small council: fly-tipping and bulky waste have built-in forms (Applications for service),
# the other two have none.
SERVICES = ((587, "Flytipping"), (528, "Bulky household waste collections"), (524, "Household waste collection"),
            (362, "Voting"))
APPLICATIONS, BOOKING, REVENUE, INFORMATION, REGULATION = 0, 1, 2, 8, 9


@pytest.fixture
def small_council(app, council):
    with app.app_context():
        db.session.add_all(LgslService(id=i, label=label) for i, label in SERVICES)
        db.session.commit()
    return app


@pytest.fixture
def session(small_council):
    with small_council.app_context():
        yield db.session


def _admin() -> User:
    return db.session.scalar(select(User).where(User.email == ADMIN))


def _live_form(slug: str, lgsl_ids: list[int], lgil_id: int | None, live: bool = True) -> EForm:
    section = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
    kind = CaseType(slug=f"{slug}-case", name=slug, section=section, lgsl_ids=lgsl_ids, lgil_id=lgil_id)
    record = EForm(slug=slug, title=slug.replace("-", " ").capitalize(), case_type=kind, fields=[], live=live)
    db.session.add(record)
    db.session.commit()
    return record


def _state(grid: bvpi.Grid, lgsl_id: int, lgil_id: int) -> tuple[bool, bool]:
    pair = grid.pair(lgsl_id, lgil_id)
    return pair.permissible, pair.e_enabled


# ------------------------------------------------------------------ the interaction types

def test_the_ten_counted_types_come_from_the_package_list():
    counted = bvpi.counted_types()
    assert [t.id for t in counted] == list(range(10))
    assert counted[INFORMATION].label == "Providing information"
    assert bvpi.interaction(10).label == "Appealing" and not bvpi.interaction(10).top_level
    assert bvpi.interaction(42) is None


# ------------------------------------------------------------------ automatic

def test_a_published_page_e_enables_providing_information_about_its_services(small_council, session):
    add_page(small_council, "waste-and-recycling", "Bin collection days", state="published", lgsl_ids=[524])
    grid = bvpi.grid(session)
    assert _state(grid, 524, INFORMATION) == (True, True)
    pair = grid.pair(524, INFORMATION)
    assert pair.sources == (bvpi.Source("page", "Bin collection days", "/waste-and-recycling/bin-collection-days"),)
    assert pair.why() == ["Published page “Bin collection days” (/waste-and-recycling/bin-collection-days)"]
    assert _state(grid, 524, APPLICATIONS) == (False, False)  # a page only provides information


def test_a_draft_page_or_one_taken_down_gives_nothing(small_council, session):
    add_page(small_council, "waste-and-recycling", "Bin collection days", state="draft", lgsl_ids=[524])
    add_page(small_council, "waste-and-recycling", "Voting", state="in_review", lgsl_ids=[362])
    gone = add_page(small_council, "waste-and-recycling", "Old voting page", state="published", lgsl_ids=[362])
    pages.unpublish(session, session.get(Page, gone), _admin(), NOW)
    session.commit()
    grid = bvpi.grid(session)
    assert _state(grid, 524, INFORMATION) == (False, False)
    assert _state(grid, 362, INFORMATION) == (False, False)
    assert grid.pair(362, INFORMATION).why() == ["No published page or live form serves it"]


def test_the_built_in_forms_e_enable_what_they_declare(session):
    grid = bvpi.grid(session)
    assert _state(grid, 587, APPLICATIONS) == (True, True)  # Report fly-tipping
    assert grid.pair(587, APPLICATIONS).sources == (bvpi.Source("form", "Report fly-tipping", "/forms/report-fly-tipping"),)
    assert _state(grid, 528, APPLICATIONS) == (True, True)  # Ask for a bulky waste collection
    # Services the council's list lacks (the parking appeal's 471) count nothing.
    assert all(lgsl in dict(SERVICES) for lgsl, _ in grid.pairs)


def test_every_built_in_form_declares_a_counted_type_or_nothing():
    for form in eform_definitions.STANDARD_FORMS.values():
        assert (form.lgil_id in bvpi.TOP_LEVEL) == bool(form.lgsl_ids), form.slug


def test_a_built_in_forms_case_type_is_made_declaring_its_services(session):
    kind = enquiries.case_type(session, "pcn-challenge", "Penalty charge notice challenge", "parking")
    assert (kind.lgsl_ids, kind.lgil_id) == ([471], REGULATION)
    assert enquiries.case_type(session, "email-enquiry", "Email enquiry").lgsl_ids == []


def test_a_live_form_e_enables_its_case_types_services_and_interaction(session):
    _live_form("book-a-bin-delivery", [524, 528], BOOKING)
    grid = bvpi.grid(session)
    assert _state(grid, 524, BOOKING) == (True, True)
    assert _state(grid, 528, BOOKING) == (True, True)
    assert grid.pair(524, BOOKING).why() == ["Live form “Book a bin delivery” (/forms/book-a-bin-delivery)"]


def test_an_offline_form_or_one_declaring_no_interaction_gives_nothing(session):
    _live_form("draft-form", [524], BOOKING, live=False)
    _live_form("no-interaction", [524], None)
    _live_form("unknown-service", [99999], BOOKING)
    grid = bvpi.grid(session)
    assert _state(grid, 524, BOOKING) == (False, False)
    assert (99999, BOOKING) not in grid.pairs


# ------------------------------------------------------------------ by hand

def test_by_hand_overrides_an_automatic_pair_to_not_permissible(small_council, session):
    add_page(small_council, "waste-and-recycling", "Voting", state="published", lgsl_ids=[362])
    bvpi.set_pair(session, _admin(), 362, INFORMATION, False, None, "Not ours to say", NOW)
    session.commit()
    pair = bvpi.grid(session).pair(362, INFORMATION)
    assert (pair.permissible, pair.e_enabled) == (False, False)
    assert pair.set_by_hand("permissible") and not pair.set_by_hand("e_enabled")
    assert pair.why() == ["Set by hand (permissible no) by Ada Admin on 2 November 2026: Not ours to say",
                          "Published page “Voting” (/waste-and-recycling/voting)"]


def test_by_hand_marks_pairs_no_page_or_form_serves(session):
    # e-enabled by a system outside IEG: permissible follows
    bvpi.set_pair(session, _admin(), 524, REVENUE, None, True, "Paid through the payments system", NOW)
    # permissible but not online yet: counts against the percentage
    bvpi.set_pair(session, _admin(), 524, BOOKING, True, None, "Bookings by phone only", NOW)
    # a form serves it but it is not e-enabled by the council's reckoning
    bvpi.set_pair(session, _admin(), 587, APPLICATIONS, None, False, "The form only takes reports", NOW)
    session.commit()
    grid = bvpi.grid(session)
    assert _state(grid, 524, REVENUE) == (True, True)
    assert _state(grid, 524, BOOKING) == (True, False)
    assert _state(grid, 587, APPLICATIONS) == (True, False)


def test_clearing_returns_the_pair_to_automatic_and_is_audited(session):
    bvpi.set_pair(session, _admin(), 587, APPLICATIONS, False, None, "Wrongly counted", NOW)
    session.commit()
    assert _state(bvpi.grid(session), 587, APPLICATIONS) == (False, False)
    assert bvpi.set_pair(session, _admin(), 587, APPLICATIONS, None, None, "", NOW) is None
    session.commit()
    assert session.get(BvpiCell, (587, APPLICATIONS)) is None
    assert _state(bvpi.grid(session), 587, APPLICATIONS) == (True, True)
    entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "bvpi.set").order_by(AuditEntry.id)).all()
    assert [e.subject for e in entries] == ["bvpi:587/0", "bvpi:587/0"]
    assert entries[0].details["from"] == {"permissible": None, "e_enabled": None, "note": ""}
    assert entries[0].details["to"] == {"permissible": False, "e_enabled": None, "note": "Wrongly counted"}
    assert entries[1].details["to"] == {"permissible": None, "e_enabled": None, "note": ""}
    assert entries[0].actor.startswith("Ada Admin") and audit.verify(session) is None


def test_saving_the_same_values_again_records_nothing(session):
    for _ in range(2):
        bvpi.set_pair(session, _admin(), 524, BOOKING, True, False, "Phone only", NOW)
    assert len(session.scalars(select(AuditEntry).where(AuditEntry.action == "bvpi.set")).all()) == 1


@pytest.mark.parametrize("args, field, message", [
    ((99999, 0, True, True, "x"), "lgsl_id", "There is no service 99999 in the council's list of services (LGSL)"),
    ((524, 10, True, True, "x"), "lgil_id", "Interaction type 10 is not one BVPI 157 counts"),
    ((524, 42, True, True, "x"), "lgil_id", "Interaction type 42 is not one BVPI 157 counts"),
    ((524, 0, False, True, "x"), "e_enabled", "A pair that is not permissible cannot be e-enabled"),
    ((524, 0, True, None, ""), "note", "Enter why this pair is set by hand"),
    ((524, 0, True, None, "x" * 2001), "note", "The note must be 2000 characters or fewer"),
])
def test_refusals_name_the_field_and_save_nothing(session, args, field, message):
    with pytest.raises(BvpiError) as refused:
        bvpi.set_pair(session, _admin(), *args, NOW)
    assert refused.value.errors[field].startswith(message)
    assert session.scalar(select(BvpiCell)) is None
    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "bvpi.set")) is None


# ------------------------------------------------------------------ the percentages

def test_the_percentages_match_a_grid_worked_out_by_hand(small_council, session):
    """
    pair (service, type)          how                                  permissible  e-enabled
    587 Flytipping, 0             built-in form                        yes          yes
    528 Bulky waste, 0            built-in form                        yes          yes
    524 Household waste, 0        by hand: permissible, not online     yes          no
    362 Voting, 0                 by hand: not permissible             no           no
    524 Household waste, 8        published page                       yes          yes
    362 Voting, 8                 published page                       yes          yes
    528 Bulky waste, 4            by hand: permissible, phone only     yes          no
    524 Household waste, 1        live form                            yes          yes
    528 Bulky waste, 1            live form, by hand: not e-enabled    yes          no
    587 Flytipping, 9             by hand: e-enabled elsewhere         yes          yes
    => 0: 3 permissible, 2 e-enabled (66.7%); 1: 2, 1 (50%); 4: 1, 0 (0%); 8: 2, 2 (100%);
       9: 1, 1 (100%); the rest none permissible. Overall 9 permissible, 6 e-enabled: 66.7%.
    """
    add_page(small_council, "waste-and-recycling", "Bin collection days", state="published", lgsl_ids=[524, 362])
    _live_form("book-a-bin-delivery", [524, 528], BOOKING)
    admin = _admin()
    bvpi.set_pair(session, admin, 524, APPLICATIONS, True, None, "Phone only", NOW)
    bvpi.set_pair(session, admin, 362, APPLICATIONS, False, None, "Not permitted online", NOW)
    bvpi.set_pair(session, admin, 528, 4, True, False, "Paid by phone", NOW)
    bvpi.set_pair(session, admin, 528, BOOKING, None, False, "Bulky waste goes elsewhere", NOW)
    bvpi.set_pair(session, admin, 587, REGULATION, None, True, "Fixed penalties online elsewhere", NOW)
    session.commit()

    queries = []

    def count(*args):
        queries.append(args[2])
    connection = session.connection()  # this session's only: the search indexer's thread shares the engine
    event.listen(connection, "before_cursor_execute", count)
    grid = bvpi.grid(session)
    event.remove(connection, "before_cursor_execute", count)
    counts = {c.interaction.id: (c.permissible, c.e_enabled, c.percent) for c in grid.counts()}
    # Services, pages serving them, the pages with their sections and titles, forms, pairs set
    # by hand: a fixed few, never one a pair.
    assert len(queries) <= 8, queries

    assert counts[APPLICATIONS][:2] == (3, 2) and counts[APPLICATIONS][2] == 66.7
    assert counts[BOOKING] == (2, 1, 50.0)
    assert counts[4] == (1, 0, 0.0)
    assert counts[INFORMATION] == (2, 2, 100.0)
    assert counts[REGULATION] == (1, 1, 100.0)
    assert all(counts[t] == (0, 0, None) for t in (REVENUE, 3, 5, 6, 7))
    overall = grid.overall()
    assert (overall.permissible, overall.e_enabled) == (9, 6)
    assert bvpi.percent_words(overall.percent) == "66.7%"
    assert [bvpi.percent_words(counts[t][2]) for t in (BOOKING, 4, 5)] == ["50%", "0%", "Not applicable"]


def test_no_services_means_no_percentage(app, council):
    with app.app_context():
        grid = bvpi.grid(db.session)
        assert grid.services == [] and grid.overall().percent is None
        assert bvpi.export_csv(grid).count("\r\n") == 1  # the header alone


def test_the_csv_has_every_pair_of_the_counted_types(session):
    bvpi.set_pair(session, _admin(), 524, REVENUE, None, True, "=HYPERLINK(\"x\")", NOW)
    session.commit()
    lines = bvpi.export_csv(bvpi.grid(session)).splitlines()
    assert len(lines) == 1 + len(SERVICES) * 10
    assert lines[0].startswith("LGSL service code,Service,LGIL interaction type,Interaction type,Permissible")
    row = next(line for line in lines if line.startswith("524,") and ",2,Collecting revenue," in line)
    assert ",yes,automatically,yes,by hand," in row  # permissible follows from e-enabled by hand
    assert "'=HYPERLINK" in row  # a note never runs as a formula
    fly = next(line for line in lines if line.startswith("587,") and ",0,Applications for service," in line)
    assert "form Report fly-tipping (/forms/report-fly-tipping)" in fly


# ------------------------------------------------------------------ demo

def test_the_demo_pairs_load_once(session):
    session.add_all([LgslService(id=58, label="Council tax account enquiries"),
                     LgslService(id=319, label="Birth registration")])
    session.commit()
    assert demo_evidence.load_bvpi_pairs(session, NOW) == 4  # 58, 528 and 362 and 319 are known; the rest are skipped
    session.commit()
    assert demo_evidence.load_bvpi_pairs(session, NOW) == 0
    grid = bvpi.grid(session)
    assert _state(grid, 58, REVENUE) == (True, True)
    assert _state(grid, 362, APPLICATIONS) == (False, False)
    assert _state(grid, 528, 4) == (True, False)
    assert grid.pair(58, REVENUE).setting.by == "Ada Admin"
