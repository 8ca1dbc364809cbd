"""Whether use is rising and sustained (R26), and which pages are rising or falling. Pure.

The rule, stated once: over the last 12 complete months, page impressions by browsers are
RISING when their total is above the 12 months before, and SUSTAINED when at least 9 of those 12
months are above the same month a year earlier (comparing like with like, so that council tax
in March and bins at Christmas do not pass for a trend). Both need 24 complete months; with
fewer the judgement is "not yet shown".
"""
from __future__ import annotations

from dataclasses import dataclass

from ieg.figures import percent

SUSTAINED_MONTHS = 9
# A page is rising or falling when its impressions moved by at least this share against the
# period before, and by at least MIN_CHANGE impressions (so 1 -> 2 is not "rising").
PAGE_CHANGE_PERCENT = 20
MIN_CHANGE = 10


@dataclass(frozen=True)
class Judgement:
    rising: bool | None     # None: fewer than 24 complete months
    sustained: bool | None
    last_12: int
    previous_12: int
    months_up: int           # of the last 12, how many beat the same month a year before

    @property
    def met(self) -> bool | None:
        return None if self.rising is None else bool(self.rising and self.sustained)

    @property
    def change_percent(self) -> float | None:
        if not self.previous_12:
            return None
        return round(100 * (self.last_12 - self.previous_12) / self.previous_12, 1)

    def words(self) -> str:
        if self.rising is None:
            return "Not yet shown: the rule needs 24 complete months of figures."
        return (f"Last 12 months {self.last_12:,} page impressions against {self.previous_12:,} the 12 before "
                f"({'up' if self.rising else 'not up'}); {self.months_up} of 12 months above the same month "
                f"a year earlier ({'sustained' if self.sustained else 'not sustained'}: needs {SUSTAINED_MONTHS}).")


def judge(monthly: list[int]) -> Judgement:
    """`monthly`: page impressions of complete months, oldest first (the last one the latest)."""
    if len(monthly) < 24:
        last = sum(monthly[-12:])
        return Judgement(None, None, last, 0, 0)
    last, previous = monthly[-12:], monthly[-24:-12]
    up = sum(1 for now, before in zip(last, previous) if now > before)
    return Judgement(sum(last) > sum(previous), up >= SUSTAINED_MONTHS, sum(last), sum(previous), up)


def change(now: int, before: int) -> float | None:
    """Per cent change, one decimal place; None when there was nothing before."""
    if not before:
        return None
    return round(100 * (now - before) / before, 1)


def page_trend(now: int, before: int) -> str:
    """"rising", "falling", "steady" or "not visited" (no impression in the period)."""
    if now == 0:
        return "not visited"
    if abs(now - before) < MIN_CHANGE:
        return "steady"
    if before == 0:
        return "rising"
    moved = percent(abs(now - before), before) or 0
    if moved < PAGE_CHANGE_PERCENT:
        return "steady"
    return "rising" if now > before else "falling"
