"""The 73 priority outcomes for local e-government, shipped as package data.

Source: ODPM (2004), restated; ieg/data/priority_outcomes.csv is the product's own copy.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

LEVELS = ("required", "good", "excellent")


@dataclass(frozen=True)
class Outcome:
    ref: str
    level: str
    area_number: int
    area: str
    scope: str
    text: str


@cache
def all_outcomes() -> tuple[Outcome, ...]:
    with resources.files("ieg.data").joinpath("priority_outcomes.csv").open(encoding="utf-8") as fh:
        return tuple(
            Outcome(row["ref"], row["level"], int(row["area_number"]), row["area"], row["scope"], row["outcome"])
            for row in csv.DictReader(fh))


def by_area() -> list[tuple[int, str, list[Outcome]]]:
    """Outcomes grouped by the 14 priority areas, in area order, required first within each."""
    groups: dict[tuple[int, str], list[Outcome]] = {}
    for outcome in all_outcomes():
        groups.setdefault((outcome.area_number, outcome.area), []).append(outcome)
    return [(number, area, sorted(items, key=lambda o: (LEVELS.index(o.level), int(o.ref[1:]))))
            for (number, area), items in sorted(groups.items())]


def count_by(field: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome in all_outcomes():
        key = getattr(outcome, field)
        counts[key] = counts.get(key, 0) + 1
    return counts
