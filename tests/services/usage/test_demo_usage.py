"""The demo's two years of website use and its channel targets: the shape it claims, loaded once."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import func, select

from ieg.demo import usage as demo_usage
from ieg.demo.history import History
from ieg.extensions import db
from ieg.models import ChannelTarget, UsageDay, UsagePageDay
from ieg.usage import reports

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


def section_month(section: str, month: str) -> int:
    year, mon = int(month[:4]), int(month[5:])
    start, end = date(year, mon, 1), date(year + mon // 12, mon % 12 + 1, 1)
    return db.session.scalar(select(func.sum(UsagePageDay.impressions)).where(
        UsagePageDay.section == section, UsagePageDay.day >= start, UsagePageDay.day < end)) or 0


def test_two_years_seasonal_and_rising_with_targets(app, demo):
    with app.app_context():
        assert demo_usage.load(db.session, NOW) == 730
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(UsageDay)) == 730
        stats = reports.statistics(db.session, NOW.date())
        assert stats.judgement.met is True and stats.year_on_year > 0
        # Council tax in March, bins at Christmas.
        assert section_month("council-tax", "2026-03") > 1.8 * section_month("council-tax", "2026-02")
        assert section_month("waste-and-recycling", "2025-12") > 1.3 * section_month("waste-and-recycling", "2025-11")
        history = History()
        demo_usage.schedule_targets(db.session, NOW, "ashdown.example.gov.uk", history)
        history.run()
        assert db.session.scalar(select(func.count()).select_from(ChannelTarget)) == 6
        assert db.session.scalar(select(func.max(ChannelTarget.set_at))) < NOW.replace(year=2026, month=1)
        lines = reports.pages(db.session, "business", [], NOW.date()).lines
        assert lines  # seen pages
        assert demo_usage.load(db.session, NOW) == 0  # idempotent
