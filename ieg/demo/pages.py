"""Demo pages for the fictional Ashdown District Council, read from Markdown files.

Ashdown is a district council in the fictional county of Westshire. Ashdown collects bins, council tax
and business rates, pays housing benefit, decides planning applications, runs car parks, libraries and
leisure centres, and licenses taxis and pubs. Westshire County Council runs schools, adult social care,
children's services, highways maintenance and public transport information, so the demo pages about
those say so and link to the county's service pages (all on .example domains, never real ones).

Each page is a file `content/<section slug>/<page slug>.md` beside this module: front matter between
two `---` lines, then the body as an editor would type it. The front matter is "key: value" lines; a
list is its key alone on a line, then one "  - item" line per item:

    ---
    title: Report a missed bin
    summary: Tell us if we did not empty your bin on your collection day, and we will come back.
    owner: Waste and Recycling Team
    order: 3
    top_task: true
    lgsl:
      - 524
    ---

`order` places the page within its section (a parent before its children); sections come in the
order of `ieg.demo.people.SECTIONS`. Optional keys: parent (a page slug in the same section),
state (published, in_review, draft), top_task and review_overdue (true or false), and the lists
lgsl (numbers), aliases (extra A to Z entries) and outcomes (refs like R14). The parser is our own
and strict: a file it cannot read stops the loading with a message naming the file and the line.
Nothing here touches the database: `ieg.demo` loads the pages through the editors' workflow.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ieg.demo.a_to_z import COUNTY, COUNTY_SITE, DEEP_LINKS, LGSL_SUBSET
from ieg.demo.people import SECTIONS

__all__ = ["COUNTY", "COUNTY_SITE", "DEEP_LINKS", "DRAFT", "DemoPage", "FOLDER", "IN_REVIEW", "LGSL_SUBSET",
           "PAGES", "PUBLISHED", "PageFileError", "STATES", "az_entry_count", "load_pages", "page_path",
           "published_pages"]

PUBLISHED = "published"
IN_REVIEW = "in_review"
DRAFT = "draft"
STATES = (PUBLISHED, IN_REVIEW, DRAFT)

FOLDER = Path(__file__).parent / "content"


@dataclass(frozen=True)
class DemoPage:
    section: str  # a section slug from ieg.demo.people.SECTIONS
    slug: str
    title: str
    summary: str
    body: str  # Markdown, as an editor would type it
    owner: str
    lgsl: tuple[int, ...] = ()
    aliases: tuple[str, ...] = ()  # extra A to Z entries
    outcomes: tuple[str, ...] = ()  # priority outcome refs, like "R14"
    parent: str | None = None  # slug of a page ordered earlier in the same section
    top_task: bool = False
    state: str = PUBLISHED
    review_overdue: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return self.section, self.slug


class PageFileError(ValueError):
    """A demo page file that cannot be read as a page; the message names the file and the line."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}, line {line}: {problem}")
        self.path, self.line, self.problem = path, line, problem


def _text(value: str) -> str:
    return value


def _number(value: str) -> int:
    if not value.isdigit():
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def _flag(value: str) -> bool:
    if value not in ("true", "false"):
        raise ValueError(f"{value!r} is neither true nor false")
    return value == "true"


def _state(value: str) -> str:
    if value not in STATES:
        raise ValueError(f"{value!r} is not one of {', '.join(STATES)}")
    return value


REQUIRED = ("title", "summary", "owner", "order")
SCALARS: dict[str, Callable[[str], object]] = {
    "title": _text, "summary": _text, "owner": _text, "order": _number, "parent": _text,
    "state": _state, "top_task": _flag, "review_overdue": _flag}
LISTS: dict[str, Callable[[str], object]] = {"lgsl": _number, "aliases": _text, "outcomes": _text}
KEY_LINE = re.compile(r"([a-z_]+):(?: (.*))?")
ITEM_LINE = re.compile(r"  - (.*)")


def _read(path: Path) -> tuple[dict[str, object], dict[str, int], str]:
    """A page file's fields, the line each key is on, and its body."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != "---":
        raise PageFileError(path, 1, "a page file starts with a line '---' before its front matter")
    fields: dict[str, object] = {}
    where: dict[str, int] = {}
    listing: str | None = None  # the list key whose items come next
    for number, line in enumerate(lines[1:], start=2):
        if line == "---":
            break
        item, key = ITEM_LINE.fullmatch(line), KEY_LINE.fullmatch(line)
        if listing is not None and not item and not fields[listing]:
            raise PageFileError(path, number - 1, f"{listing} has no items ('  - item' lines)")
        try:
            if item:
                if listing is None:
                    raise ValueError("a list item, but no list key ('aliases:') above it")
                if not item.group(1).strip():
                    raise ValueError(f"an empty item in {listing}")
                fields[listing].append(LISTS[listing](item.group(1).strip()))
                continue
            listing = None
            if not key:
                raise ValueError("expected 'key: value', a list key alone ('aliases:') or '  - item'")
            name, value = key.group(1), (key.group(2) or "").strip()
            if name in where:
                raise ValueError(f"{name} is given twice (first on line {where[name]})")
            if name in LISTS:
                if value:
                    raise ValueError(f"{name} is a list: put each item on its own line as '  - item'")
                fields[name], listing = [], name
            elif name in SCALARS:
                if not value:
                    raise ValueError(f"{name} has no value")
                fields[name] = SCALARS[name](value)
            else:
                raise ValueError(f"unknown key {name!r}; known: {', '.join([*SCALARS, *LISTS])}")
            where[name] = number
        except ValueError as problem:
            raise PageFileError(path, number, str(problem)) from None
    else:
        raise PageFileError(path, len(lines), "the front matter has no closing '---' line")
    closing = number
    if listing is not None and not fields[listing]:
        raise PageFileError(path, closing - 1, f"{listing} has no items ('  - item' lines)")
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        raise PageFileError(path, closing, f"the front matter lacks {', '.join(missing)}")
    body = "\n".join(lines[closing:]).strip()
    if not body:
        raise PageFileError(path, closing, "the page has no body after its front matter")
    return fields, where, body + "\n"


def load_pages(folder: Path = FOLDER) -> tuple[DemoPage, ...]:
    """Every page file under `folder`, section by section, each section's pages in their order."""
    order = {slug: n for n, (slug, *_) in enumerate(SECTIONS)}
    unknown = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name not in order)
    if unknown:
        raise PageFileError(folder / unknown[0], 0, "a folder for a section the demo does not have")
    pages: list[DemoPage] = []
    for section in sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: order[p.name]):
        placed: dict[int, Path] = {}
        found: list[tuple[int, DemoPage, dict[str, int], Path]] = []
        for path in sorted(section.glob("*.md")):
            fields, where, body = _read(path)
            position = fields.pop("order")
            if position in placed:
                raise PageFileError(path, where["order"], f"order {position} is also {placed[position].name}'s")
            placed[position] = path
            page = DemoPage(section=section.name, slug=path.stem, body=body,
                            **{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})
            found.append((position, page, where, path))
        found.sort(key=lambda entry: entry[0])
        earlier: set[str] = set()
        for _, page, where, path in found:
            if page.parent is not None and page.parent not in earlier:
                raise PageFileError(path, where["parent"],
                                    f"parent {page.parent!r} is not a page ordered before it in {section.name}")
            earlier.add(page.slug)
            pages.append(page)
    return tuple(pages)


PAGES: tuple[DemoPage, ...] = load_pages()


def page_path(page: DemoPage) -> str:
    """The public address of a demo page: /section/parent/.../slug."""
    slugs, current, seen = [], page, set()
    by_key = {p.key: p for p in PAGES}
    while current is not None and current.key not in seen:
        seen.add(current.key)
        slugs.append(current.slug)
        current = by_key.get((current.section, current.parent)) if current.parent else None
    return f"/{page.section}/" + "/".join(reversed(slugs))


def published_pages() -> tuple[DemoPage, ...]:
    return tuple(p for p in PAGES if p.state == PUBLISHED)


def az_entry_count() -> int:
    """A to Z entries the demo gives: each published page's LGSL services and aliases, and the deep links."""
    return sum(len(p.lgsl) + len(p.aliases) for p in published_pages()) + len(DEEP_LINKS)
