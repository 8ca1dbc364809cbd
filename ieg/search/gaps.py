"""Following an ordered log whose numbers may commit out of order: pure rules.

The search change log numbers its entries from a sequence. On PostgreSQL a number is
handed out at insert, but transactions commit in any order: a reader can see entry 10
while 9 is still uncommitted, and "read everything after the highest number I have seen"
would skip 9 for ever. So a follower keeps, beside the highest number it has applied, the
numbers below it that it has not seen (gaps), and asks for them again on every read until
no transaction that could still commit one is running.

Which transactions could: a writer has its transaction id before it takes a log number
(ieg.search.changelog.record makes sure), and the number we saw above the gap was taken
after the gap's and committed before our snapshot. So the gap's writer had its
transaction id before our snapshot began: it is below that snapshot's xmax. Once a later
snapshot's xmin (the oldest transaction still running) reaches that xmax, every such
writer has finished, and a gap still missing in that same snapshot was rolled back: it is
forgotten. SQLite runs one writer at a time (a number commits only after every smaller
one has committed or rolled back), so there a gap is forgotten at once (no snapshot).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

MAX_GAPS = 10_000  # beyond this the oldest gaps are forgotten (the nightly check repairs any loss)


@dataclass(frozen=True)
class Mark:
    """How far a node's index has followed the log."""

    position: int = 0  # the highest number applied
    gaps: dict[int, int] = field(default_factory=dict)  # number not yet seen -> xmax of the snapshot that missed it

    @property
    def safe(self) -> int:
        """Every entry up to here is in the index (what pruning and lag may rely on)."""
        return min(self.gaps) - 1 if self.gaps else self.position

    def to_json(self) -> str:
        return json.dumps({"position": self.position, "gaps": [[n, since] for n, since in sorted(self.gaps.items())]})

    @classmethod
    def from_json(cls, text: str) -> "Mark":
        data = json.loads(text)
        return cls(position=int(data["position"]), gaps={int(n): int(since) for n, since in data.get("gaps", [])})


def advance(mark: Mark, seen, xmin: int | None, xmax: int | None, *, limit: int = MAX_GAPS) -> Mark:
    """The mark after applying the entries `seen` (numbers read after mark.position, or
    among its gaps) in a snapshot whose oldest running transaction is `xmin` and whose
    next transaction id is `xmax` (None on SQLite, where no gap can still be filled)."""
    seen = set(seen)
    top = max(seen | {mark.position})
    gaps: dict[int, int] = {}
    if xmin is not None:
        for number, since in mark.gaps.items():
            if number not in seen and xmin < since:  # a writer that could add it may still be running
                gaps[number] = since
        if xmax is not None:
            gaps.update((number, xmax) for number in range(mark.position + 1, top) if number not in seen)
    if len(gaps) > limit:
        gaps = dict(sorted(gaps.items())[-limit:])
    return Mark(position=top, gaps=gaps)


def condition(built: bool, safe: int, pruned_through: int, behind: int) -> str:
    """A node's search as /healthz reports it: "building" (no index yet, or entries it never
    read were pruned: it must rebuild before taking traffic), "behind" (entries waiting),
    or "ok"."""
    if not built or safe < pruned_through:
        return "building"
    return "behind" if behind else "ok"


def prune_point(positions: list[int], head: int) -> int:
    """Entries up to this number every node still followed has passed."""
    return min(positions) if positions else head
