"""The LGIL interaction types (ieg/data/lgil_interaction_types.csv): the ways a council
deals with a resident about a service, by id. BVPI 157 counts the ten top-level ones."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

TOP_LEVEL = range(10)  # the interaction types BVPI 157 counts; 10-19 are sub-types


@dataclass(frozen=True)
class InteractionType:
    id: int
    label: str
    parent_id: int | None

    @property
    def top_level(self) -> bool:
        return self.id in TOP_LEVEL


@cache
def interaction_types() -> tuple[InteractionType, ...]:
    """Every LGIL type in the package's list (ieg/data/lgil_interaction_types.csv), by id."""
    with resources.files("ieg.data").joinpath("lgil_interaction_types.csv").open(encoding="utf-8") as fh:
        return tuple(sorted((InteractionType(int(row["id"]), row["label"],
                                             int(row["parent_id"]) if row["parent_id"] else None)
                             for row in csv.DictReader(fh)), key=lambda t: t.id))


def counted_types() -> tuple[InteractionType, ...]:
    """The 10 top-level types BVPI 157 is counted over (0-9)."""
    return tuple(t for t in interaction_types() if t.top_level)


def interaction(lgil_id: int) -> InteractionType | None:
    return next((t for t in interaction_types() if t.id == lgil_id), None)
