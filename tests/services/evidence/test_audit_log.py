"""The audit log as read on /evidence/audit, without HTTP: filters, paging, masking."""
from __future__ import annotations

from datetime import datetime, timezone

from ieg import audit
from ieg.evidence import audit_log
from ieg.extensions import db

ZONE = "Europe/London"


def test_dates_and_action_filter_and_bad_dates_are_named_by_field(app):
    with app.app_context():
        summer = datetime(2026, 7, 1, 23, 30, tzinfo=timezone.utc)  # 2 July, 00:30 in London
        audit.record(db.session, None, "test.first", "thing:1", {}, summer)
        audit.record(db.session, None, "test.second", "thing:2", {}, datetime(2026, 7, 3, 9, tzinfo=timezone.utc))
        db.session.flush()
        on_the_2nd = audit_log.parse_filter({"from": "2026-07-02", "to": "2026-07-02"}, ZONE)
        assert on_the_2nd.errors == {}
        shown = audit_log.read(db.session, on_the_2nd, None, masked=False)
        assert [row["entry"].action for row in shown.rows] == ["test.first"]
        by_action = audit_log.read(db.session, audit_log.parse_filter({"action": "test.second"}, ZONE), "1", masked=False)
        assert (by_action.total, by_action.rows[0]["subject"]) == (1, "thing:2")
        backwards = audit_log.parse_filter({"from": "2026-07-03", "to": "2026-07-02"}, ZONE)
        assert backwards.errors == {"from": "The start date must be the same as or before the end date"}
        assert set(audit_log.parse_filter({"to": "31/02/2026"}, ZONE).errors) == {"to"}


def test_pages_of_fifty_newest_first_a_page_past_the_end_is_the_last_and_personal_data_masked(app):
    with app.app_context():
        now = datetime(2026, 7, 1, 9, tzinfo=timezone.utc)
        for n in range(audit_log.PER_PAGE + 3):
            audit.record(db.session, None, "test.action", f"customer:{n}", {"email": "jo.bloggs@example.com"}, now)
        db.session.flush()
        everything = audit_log.parse_filter({}, ZONE)
        first = audit_log.read(db.session, everything, None, masked=False)
        assert (first.page, first.pages, len(first.rows)) == (1, 2, audit_log.PER_PAGE)
        assert first.rows[0]["subject"] == f"customer:{audit_log.PER_PAGE + 2}"
        assert "test.action" in first.actions
        last = audit_log.read(db.session, everything, "99", masked=True)
        assert (last.page, len(last.rows)) == (2, 3)
        assert "jo.bloggs@example.com" not in str(last.rows[0]["details"]) + last.rows[0]["in_full"]
        assert audit_log.page_number("x") == audit_log.page_number("0") == audit_log.page_number(None) == 1
        assert audit_log.text(["a", 1]) == "a, 1" and audit_log.text({"k": 1}) == '{"k": 1}'
