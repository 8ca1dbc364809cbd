"""The A-Z of services (R3): the LGSL list it is keyed on, and the entries residents browse.

Entries come from published pages (their LGSL services and A-Z aliases) and from deep
links to services another tier of government delivers. Plain functions taking a session;
the caller commits.
"""
from __future__ import annotations

import string
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ieg import cache
from ieg.content import lgsl
from ieg.models.content import ARCHIVED, AzAlias, DeepLink, LgslService, Page, PageRevision, PageService

DIGITS = "0-9"
LETTERS = (*string.ascii_uppercase, DIGITS)


def import_services(session: Session, service_list: lgsl.ServiceList) -> dict[str, int]:
    """Add new LGSL services and update changed ones. Never deletes: pages and deep links
    may still refer to a service the new list dropped. Running it twice changes nothing."""
    existing = {row.id: row for row in session.scalars(select(LgslService))}
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for service in service_list.services:
        values = {"label": service.label, "description": service.description, "uri": service.uri,
                  "headings": "; ".join(service.headings)}
        row = existing.get(service.identifier)
        if row is None:
            session.add(LgslService(id=service.identifier, **values))
            counts["added"] += 1
            continue
        if service_list.source_format == lgsl.CSV_FORMAT:
            # The CSV export carries no LGNL headings: keep those an XML import gave.
            values["headings"] = row.headings
        changed = {name: value for name, value in values.items() if getattr(row, name) != value}
        for name, value in changed.items():
            setattr(row, name, value)
        counts["updated" if changed else "unchanged"] += 1
    session.flush()
    if counts["added"] or counts["updated"]:
        cache.bump(session)  # service labels show in the A-Z
    return counts


@dataclass(frozen=True)
class Entry:
    label: str
    url: str
    kind: str  # "page" | "alias" | "deep_link"
    provider: str = ""  # deep links: who delivers the service, e.g. Westshire County Council
    section: str = ""
    description: str = ""


def _published():
    return Page.live_revision_id.is_not(None), Page.status != ARCHIVED


def _sort_key(label: str) -> str:
    # "The Mayor" files under M and "École" under E; leading quotes or brackets are ignored.
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().casefold().strip()
    if plain.startswith("the ") and plain[4:].strip():
        plain = plain[4:]
    return plain.lstrip(string.punctuation + string.whitespace)


def letter_of(label: str) -> str:
    """The A-Z letter an entry files under: A-Z, or 0-9 for digits and anything else
    (so no entry can drop out of the A-Z)."""
    first = _sort_key(label)[:1].upper()
    return first if first and first in string.ascii_uppercase else DIGITS


# Sections whose pages are not services: a press release is news, never an A-Z entry.
NOT_SERVICES = frozenset({"news"})


def entries(session: Session) -> list[Entry]:
    """Every A-Z entry, sorted, in a fixed number of queries however many pages there are."""
    # All pages, not only live ones: a live page's path runs through its parents, which need
    # not be live, and with every page in the session Page.public_path reads them from the
    # identity map instead of one query per parent.
    pages = {page.id: page for page in session.scalars(select(Page).options(
        selectinload(Page.section),
        selectinload(Page.live_revision).load_only(PageRevision.summary)))}

    found: dict[tuple[str, str], Entry] = {}

    def add(entry: Entry) -> None:
        found.setdefault((entry.label, entry.url), entry)

    def from_page(page_id: int, label: str, kind: str) -> Entry:
        page = pages[page_id]
        return Entry(label=label, url=page.public_path, kind=kind, section=page.section.title,
                     description=page.live_revision.summary)

    # Services before aliases, so an alias repeating its page's service label adds nothing.
    services = session.execute(select(PageService.page_id, LgslService.label).join(LgslService)
                               .join(Page, Page.id == PageService.page_id).where(*_published()))
    for page_id, label in services:
        if pages[page_id].section.slug not in NOT_SERVICES:
            add(from_page(page_id, label, "page"))
    aliases = session.execute(select(AzAlias.page_id, AzAlias.label).join(Page, Page.id == AzAlias.page_id)
                              .where(*_published()))
    for page_id, label in aliases:
        if pages[page_id].section.slug not in NOT_SERVICES:
            add(from_page(page_id, label, "alias"))
    for link in session.scalars(select(DeepLink).options(selectinload(DeepLink.section))):
        # The URL becomes an href: only web addresses, never javascript: or data: ones.
        if urlsplit(link.url).scheme in ("http", "https"):
            add(Entry(label=link.label, url=link.url, kind="deep_link", provider=link.provider,
                      section=link.section.title if link.section else ""))

    return sorted(found.values(), key=lambda e: (_sort_key(e.label), e.label.casefold(), e.url))


def letters(items: list[Entry]) -> list[tuple[str, bool]]:
    """A to Z then 0-9, each with whether any entry files under it (for the letter navigation)."""
    used = {letter_of(entry.label) for entry in items}
    return [(letter, letter in used) for letter in LETTERS]


def for_letter(items: list[Entry], letter: str) -> list[Entry]:
    return [entry for entry in items if letter_of(entry.label) == letter]


def by_letter(items: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """The entries grouped under their letters, in navigation order, skipping empty letters."""
    return [(letter, for_letter(items, letter)) for letter, present in letters(items) if present]
