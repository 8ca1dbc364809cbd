"""Measuring whether search puts the right page first: a judged set of queries (what
residents typed, and the addresses that answer each) scored against a ranking.

Pure: `measure` takes any function from a query to the addresses of its results, so the
tests run it through HTTP and the benchmark through `ieg.search.web.site_search`. The set is
in parts: "tuning", which the vocabulary and ranking were adjusted against; "tuning-2",
held out at first and measured, then tuned against too; and "held-out", written last,
before that second round, and only ever measured: its figures say how search does on
queries nobody tuned it for.

The right answers follow one rule, applied to every part alike when addresses are added to
the site. An online form is right when the query asks to do what the form does: it uses the
form's verb or its noun (report, apply, claim, join, register, book, order, renew, request,
appeal, complain: "foi request", "brown bin renewal"), or it describes the very problem the
form exists to report ("dog barking all night", "my bin wasnt emptied"). A query that asks
about a thing (what it costs, whether one qualifies, when, how) or only names a topic or a
need ("allotment waiting list", "help with bins im disabled") is answered by the page, not
the form. /contact is right wherever the council's contact page is. Right answers are only
ever added, never taken away.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

PARTS = ("tuning", "tuning-2", "held-out")


@dataclass(frozen=True)
class Judged:
    query: str
    right: tuple[str, ...]  # every address that answers it; any of them first counts
    kind: str = ""          # misspelt, typos, paraphrase, question, plural, slang, short
    part: str = "tuning"


def read(path: Path | str) -> list[Judged]:
    """The judged set from a CSV file with the columns query, right (addresses separated
    by spaces), kind and part."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    judged = [Judged(row["query"], tuple(row["right"].split()), row.get("kind", ""), row.get("part") or "tuning")
              for row in rows]
    unknown = {j.part for j in judged} - set(PARTS)
    if unknown:
        raise ValueError(f"unknown part {sorted(unknown)[0]!r} in {path}")
    return judged


@dataclass
class Figures:
    queries: int = 0
    first: int = 0        # the right page first
    top_three: int = 0    # a right page in the first three
    reciprocal: float = 0.0
    misses: list[tuple[Judged, list[str]]] = field(default_factory=list)  # not first: the query and its top three

    def add(self, judged: Judged, found: list[str]) -> None:
        rank = next((n for n, address in enumerate(found[:10], 1) if address in judged.right), None)
        self.queries += 1
        self.first += rank == 1
        self.top_three += rank is not None and rank <= 3
        self.reciprocal += 1 / rank if rank else 0.0
        if rank != 1:
            self.misses.append((judged, found[:3]))

    def rate(self, count: int) -> float:
        return 100 * count / self.queries if self.queries else 0.0

    def line(self, label: str) -> str:
        return (f"{label}: {self.queries} queries, right first {self.rate(self.first):.1f}%, "
                f"in the top three {self.rate(self.top_three):.1f}%, "
                f"mean reciprocal rank {self.reciprocal / max(self.queries, 1):.3f}")


def measure(judged: Iterable[Judged], rank: Callable[[str], list[str]]) -> dict[str, Figures]:
    """Figures for each part and for the whole set ("all")."""
    figures = {name: Figures() for name in (*PARTS, "all")}
    for item in judged:
        found = rank(item.query)
        figures[item.part].add(item, found)
        figures["all"].add(item, found)
    return figures
