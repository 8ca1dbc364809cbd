"""BVPI 157 (docs/design.md 3.6): the council's services (LGSL) x the interaction types (LGIL), each
pair permissible or not and e-enabled or not; the percentage e-enabled is computed, never typed.

A pair is decided automatically from what the site does: a published page serving service S
makes (S, 8 "Providing information") permissible and e-enabled; a live form whose case type
declares services S.. and interaction I makes each (S, I) permissible and e-enabled. An
administrator may set either value by hand (a `BvpiCell` row, with a note): a pair is not
permissible (the law wants it done in person), permissible but not e-enabled yet (a gap the
percentage should show), or e-enabled by a system outside IEG. A value set by hand wins; None
means automatic. A pair e-enabled by hand is permissible unless set otherwise, and a pair that
is not permissible is never counted as e-enabled.

`grid()` reads everything in a fixed number of queries however many services there are;
`set_pair()` flushes, records the change in the audit log and never commits. A refusal is a
BvpiError holding one message per field, in the GOV.UK style.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ieg import audit, figures
from ieg.casework import eform_definitions
from ieg.evidence import exports
from ieg.input_errors import InputErrors
from ieg.models import BvpiCell, LgslService, Page, PageRevision, PageService, User
from ieg.models.content import ARCHIVED
# The LGIL list is reference data; its names stay importable from here, where BVPI 157 uses them.
from ieg.reference.lgil import TOP_LEVEL, InteractionType, counted_types, interaction, interaction_types  # noqa: F401
from ieg.timeutil import format_local

PROVIDING_INFORMATION = 8  # what a published page about a service does
NOTE_LENGTH = 2000


class BvpiError(InputErrors):
    pass


# One pair ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """Something on the site that serves a pair: a published page or a live form."""
    kind: str  # "page" or "form"
    title: str
    url: str   # its public address


@dataclass(frozen=True)
class Setting:
    """What an administrator set by hand (None: automatic), by whom, when, and why."""
    permissible: bool | None
    e_enabled: bool | None
    note: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Pair:
    lgsl_id: int
    service: str
    lgil_id: int
    sources: tuple[Source, ...] = ()
    setting: Setting | None = None

    @property
    def served(self) -> bool:
        return bool(self.sources)

    def _by_hand(self, name: str) -> bool | None:
        return getattr(self.setting, name) if self.setting is not None else None

    @property
    def permissible(self) -> bool:
        by_hand = self._by_hand("permissible")
        return by_hand if by_hand is not None else self.served or self._by_hand("e_enabled") is True

    @property
    def e_enabled(self) -> bool:
        by_hand = self._by_hand("e_enabled")
        return self.permissible and (by_hand if by_hand is not None else self.served)

    def set_by_hand(self, name: str) -> bool:
        """Whether `permissible` / `e_enabled` was set by hand rather than decided automatically."""
        return self._by_hand(name) is not None

    def why(self, zone: str = "Europe/London") -> list[str]:
        """The reasons for the pair's state, in words, most decisive first."""
        reasons = []
        if self.setting is not None:
            hand = [f"{word} {'yes' if value else 'no'}" for word, value in
                    (("permissible", self.setting.permissible), ("e-enabled", self.setting.e_enabled))
                    if value is not None]
            note = f": {self.setting.note}" if self.setting.note else ""
            reasons.append(f"Set by hand ({', '.join(hand)}) by {self.setting.by or 'someone no longer a user'} "
                           f"on {format_local(self.setting.at, zone, with_time=False)}{note}")
        reasons.extend(f"{'Published page' if s.kind == 'page' else 'Live form'} “{s.title}” ({s.url})"
                       for s in self.sources)
        if not reasons:
            reasons.append("No published page or live form serves it")
        return reasons


# The grid ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Count:
    """One row of the routemap table: a type (None for the overall figure) and its counts."""
    interaction: InteractionType | None
    permissible: int
    e_enabled: int

    @property
    def percent(self) -> float | None:
        """Percentage of permissible pairs that are e-enabled; None when nothing is permissible."""
        return figures.percent(self.e_enabled, self.permissible)


def percent_words(value: float | None) -> str:
    """66.7 -> "66.7%", 50.0 -> "50%", None -> "Not applicable" (nothing permissible)."""
    return figures.percent_text(value, "Not applicable")


@dataclass
class Grid:
    services: list[tuple[int, str]]  # the council's services (id, label), by label
    pairs: dict[tuple[int, int], Pair] = field(default_factory=dict)  # only those served or set by hand

    def pair(self, lgsl_id: int, lgil_id: int) -> Pair:
        found = self.pairs.get((lgsl_id, lgil_id))
        if found is not None:
            return found
        return Pair(lgsl_id, dict(self.services).get(lgsl_id, ""), lgil_id)

    def column(self, lgil_id: int) -> list[Pair]:
        """Every service's pair for one interaction type, in the services' order."""
        return [self.pair(lgsl_id, lgil_id) for lgsl_id, _ in self.services]

    def counts(self) -> list[Count]:
        """One Count a counted type (0-9), in id order."""
        tally = {t.id: [0, 0] for t in counted_types()}
        for (_, lgil_id), pair in self.pairs.items():  # a pair with neither source nor setting counts nothing
            if lgil_id in tally and pair.permissible:
                tally[lgil_id][0] += 1
                tally[lgil_id][1] += pair.e_enabled
        return [Count(t, *tally[t.id]) for t in counted_types()]

    def overall(self) -> Count:
        """BVPI 157 itself: e-enabled over permissible, across all the counted types."""
        counts = self.counts()
        return Count(None, sum(c.permissible for c in counts), sum(c.e_enabled for c in counts))


def _page_sources(session: Session) -> dict[int, list[Source]]:
    """Service id -> the published pages serving it (page_services holds live revisions' only)."""
    rows = session.execute(select(PageService.lgsl_id, PageService.page_id)
                           .join(Page, Page.id == PageService.page_id)
                           .where(Page.live_revision_id.is_not(None), Page.status != ARCHIVED)
                           .order_by(PageService.lgsl_id, PageService.page_id)).all()
    if not rows:
        return {}
    # Every page, as the A-Z does: a page's address runs through its parents, which then come
    # from the identity map instead of one query each.
    pages = {page.id: page for page in session.scalars(select(Page).options(
        selectinload(Page.section), selectinload(Page.live_revision).load_only(PageRevision.title)))}
    found: dict[int, list[Source]] = {}
    for lgsl_id, page_id in rows:
        page = pages[page_id]
        found.setdefault(lgsl_id, []).append(Source("page", page.live_revision.title, page.public_path))
    return found


def grid(session: Session) -> Grid:
    """The whole grid: the services, then what serves each pair, then what was set by hand."""
    services = [(row.id, row.label) for row in session.execute(
        select(LgslService.id, LgslService.label).order_by(LgslService.label, LgslService.id))]
    labels = dict(services)
    sources: dict[tuple[int, int], list[Source]] = {}
    for lgsl_id, pages in _page_sources(session).items():
        sources.setdefault((lgsl_id, PROVIDING_INFORMATION), []).extend(pages)
    for form in eform_definitions.listed(session):  # the built-in forms (always live) and the live ones administrators made
        if form.lgil_id in TOP_LEVEL:
            for lgsl_id in dict.fromkeys(form.lgsl_ids):
                if lgsl_id in labels:  # only the council's services count
                    sources.setdefault((lgsl_id, form.lgil_id), []).append(
                        Source("form", form.title, f"/forms/{form.slug}"))
    settings = {(cell.lgsl_id, cell.lgil_id): Setting(cell.permissible, cell.e_enabled, cell.note or "",
                                                      name or "", cell.updated_at)
                for cell, name in session.execute(
                    select(BvpiCell, User.name).outerjoin(User, User.id == BvpiCell.updated_by_id))}
    result = Grid(services)
    for key in sources.keys() | settings.keys():
        if key[0] in labels:
            result.pairs[key] = Pair(key[0], labels[key[0]], key[1], tuple(sources.get(key, ())), settings.get(key))
    return result


# Setting a pair by hand --------------------------------------------------------------------

def _state(cell: BvpiCell | None) -> dict:
    if cell is None:
        return {"permissible": None, "e_enabled": None, "note": ""}
    return {"permissible": cell.permissible, "e_enabled": cell.e_enabled, "note": cell.note or ""}


def set_pair(session: Session, actor, lgsl_id: int, lgil_id: int, permissible: bool | None,
             e_enabled: bool | None, note: str, now: datetime) -> BvpiCell | None:
    """Set one pair by hand (None for a value: decided automatically). Both None clears the
    pair back to automatic. Records the change, from what to what, in the audit log; a change
    that changes nothing records nothing. Returns the pair's row, or None once cleared."""
    errors: dict[str, str] = {}
    service = session.get(LgslService, lgsl_id) if isinstance(lgsl_id, int) and 0 <= lgsl_id < 2**31 else None
    kind = interaction(lgil_id) if isinstance(lgil_id, int) else None
    if service is None:
        errors["lgsl_id"] = f"There is no service {lgsl_id} in the council's list of services (LGSL)"
    if kind is None or not kind.top_level:
        errors["lgil_id"] = (f"Interaction type {lgil_id} is not one BVPI 157 counts: "
                             "use a top-level interaction type, from 0 to 9")
    if permissible is False and e_enabled is True:
        errors["e_enabled"] = ("A pair that is not permissible cannot be e-enabled: "
                               "select no or automatic for e-enabled, or say it is permissible")
    note = (note or "").strip()
    if len(note) > NOTE_LENGTH:
        errors["note"] = f"The note must be {NOTE_LENGTH} characters or fewer"
    elif not note and (permissible is not None or e_enabled is not None):
        errors["note"] = "Enter why this pair is set by hand, for auditors"
    if errors:
        raise BvpiError(errors)
    cell = session.get(BvpiCell, (lgsl_id, lgil_id))
    before = _state(cell)
    clearing = permissible is None and e_enabled is None
    after = {"permissible": permissible, "e_enabled": e_enabled, "note": "" if clearing else note}
    if before == after:
        return cell
    if clearing:
        session.delete(cell)
        cell = None
    else:
        if cell is None:
            cell = BvpiCell(lgsl_id=lgsl_id, lgil_id=lgil_id)
            session.add(cell)
        cell.permissible, cell.e_enabled, cell.note = permissible, e_enabled, note
        cell.updated_at, cell.updated_by_id = now, getattr(actor, "id", None)
    audit.record(session, actor, "bvpi.set", f"bvpi:{lgsl_id}/{lgil_id}", {
        "service": f"{lgsl_id} {service.label}", "interaction": f"{lgil_id} {kind.label}",
        "from": before, "to": after, **({"reason": note} if clearing and note else {})}, now)
    session.flush()
    return cell


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _decided(pair: Pair, name: str) -> str:
    return "by hand" if pair.set_by_hand(name) else "automatically"


# The CSV of every pair: its state, how each value was decided and what it rests on.
COLUMNS: list[exports.Column] = [
    ("LGSL service code", lambda p: p.lgsl_id),
    ("Service", lambda p: p.service),
    ("LGIL interaction type", lambda p: p.lgil_id),
    ("Interaction type", lambda p: interaction(p.lgil_id).label),
    ("Permissible", lambda p: _yes_no(p.permissible)),
    ("Permissible decided", lambda p: _decided(p, "permissible")),
    ("E-enabled", lambda p: _yes_no(p.e_enabled)),
    ("E-enabled decided", lambda p: _decided(p, "e_enabled")),
    ("Served by", lambda p: "; ".join(f"{s.kind} {s.title} ({s.url})" for s in p.sources)),
    ("Note", lambda p: p.setting.note if p.setting else ""),
    ("Set by hand by", lambda p: p.setting.by if p.setting else ""),
    ("Set by hand at (UTC)", lambda p: p.setting.at if p.setting else None),
]


def export_csv(result: Grid) -> str:
    """Every pair of the counted types, type by type, each service in turn."""
    return exports.csv_text(COLUMNS, (pair for kind in counted_types() for pair in result.column(kind.id)))
