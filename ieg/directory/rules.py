"""Rules for what a group's entry may hold. Pure: no Flask, no database.

Charity numbers are the Charity Commission for England and Wales's: a registered charity's number
is 6 or 7 digits (the newer ones 7, starting 1 to 5 in practice), and a linked charity (a subsidiary)
adds a hyphen and its own number, "1123456-1". Scottish (SC...) and Northern Irish (NIC...) numbers
are not the Commission's and are refused with a message saying so.
"""
from __future__ import annotations

import difflib
import re
from urllib.parse import urlsplit

_CHARITY = re.compile(r"^(\d{6,7})(?:-(\d{1,2}))?$")
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def charity_number(value: str) -> tuple[str, str | None]:
    """(the number as stored, a problem or None). Spaces are dropped; an empty value is allowed."""
    typed = re.sub(r"\s+", "", value or "").upper()
    if not typed:
        return "", None
    if typed.startswith(("SC", "NIC")):
        return typed, ("Enter a charity number registered in England and Wales: Scottish and Northern Irish "
                       "charities are registered elsewhere")
    match = _CHARITY.match(typed)
    if match is None or match.group(1).startswith("0"):
        return typed, "Enter a charity number like 1123456 (6 or 7 digits; a linked charity adds -1)"
    return typed, None


def web_address(value: str) -> tuple[str, str | None]:
    """A public web address (http or https with a host), or a problem."""
    typed = (value or "").strip()
    if not typed:
        return "", None
    if "://" not in typed:
        typed = "https://" + typed
    parts = urlsplit(typed)
    if parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname or " " in typed:
        return typed, "Enter a web address like https://www.example.org.uk"
    return typed, None


def link_list(value: str, limit: int = 10) -> tuple[list[str], str | None]:
    """Further web addresses, one a line."""
    found = []
    for line in (value or "").splitlines():
        if line.strip():
            address, problem = web_address(line)
            if problem:
                return found, f"{line.strip()[:60]!r} is not a web address: {problem[6:].lower()}"
            found.append(address)
    if len(found) > limit:
        return found, f"Give at most {limit} further links"
    return found, None


# Addresses under /directory/ the directory itself uses: no group's page may take one.
DIRECTORY_PATHS = frozenset({"sign-up", "manage", "moderate", "openreferral"})


def slug_for(name: str, taken) -> str:
    """An address for a group's page from its name, not one `taken(slug)` says is in use."""
    base = _SLUG_CHARS.sub("-", name.lower()).strip("-")[:70].strip("-") or "group"
    slug, n = base, 1
    while slug in DIRECTORY_PATHS or taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


# The fields a revision keeps, in the order a moderator reads them, with their labels.
SNAPSHOT_FIELDS = (
    ("name", "Name"), ("summary", "Summary"), ("description", "What the group does"),
    ("categories", "Categories"), ("wards", "Wards served"), ("venues", "Venues"),
    ("opening_times", "Opening times"), ("contact_name", "Contact name"),
    ("contact_name_public", "Contact name shown publicly"), ("email", "Email"), ("email_public", "Email shown publicly"),
    ("phone", "Phone"), ("phone_public", "Phone shown publicly"), ("website", "Website"), ("links", "Further links"),
    ("charity_number", "Charity number"), ("logo_name", "Logo"), ("logo_alt", "Logo's description"),
)


def _shown(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "\n".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(str(v) for k, v in value.items() if v and k != "id")  # ids mean nothing to a reader
    return "" if value is None else str(value)


def diff(before: dict, after: dict, fields=SNAPSHOT_FIELDS) -> list[tuple[str, str, str]]:
    """(label, before, after) for each field a change altered, as text, in `fields`' order ((key,
    label) pairs: an entry's by default; an event's or a vacancy's are ieg.whatson.revisions')."""
    changed = []
    for key, label in fields:
        old, new = _shown(before.get(key)), _shown(after.get(key))
        if old != new:
            changed.append((label, old, new))
    return changed


def lines(before: str, after: str) -> list[tuple[str, str]]:
    """A changed field line by line, as the page editor's comparison shows it: (kind, text), kind
    "removed", "added" or "same"."""
    return [({"- ": "removed", "+ ": "added"}.get(line[:2], "same"), line[2:])
            for line in difflib.ndiff(before.splitlines(), after.splitlines()) if not line.startswith("? ")]
