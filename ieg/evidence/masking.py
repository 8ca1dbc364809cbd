"""Personal data masked for auditors without an administrator's grant.

Pure functions, no Flask: a name becomes initials, an email address keeps only the first
letter of its local part and domain (and the top-level domain), a phone number keeps its
last three digits, an address keeps only its postcode district, and free text has every
email address and phone number in it masked. The masks have a fixed width, so they do not
even reveal how long the original was. Masking a masked value changes nothing.

`personal_data.view` (ieg.people.permissions) decides who sees the originals; templates use
the `personal` filter (ieg.blueprints.evidence_casework) and data going into exports
`mask_text`.
"""
from __future__ import annotations

import re

STARS = "***"
WITHHELD = "[withheld]"

# An email address as people type them: a local part, "@", and a domain with at least one dot
# or none (intranet names). Generous on purpose: a false match only masks a little more.
_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+")
# A phone number: "07700 900123", "+44 (0)1632 960 123", "0161-496-0000", "01632.960123",
# or a plain run of nine or more digits. It must start with + or 0, or be an unbroken run.
_PHONE = re.compile(r"(?<![\w*])(?:\+|0)[\d\s\-().]{7,}\d(?!\w)|(?<![\w*])\d{9,}(?!\w)")
_DIGITS = re.compile(r"\d")
# A UK postcode; its outward code (the district: "AS1", "SW1A") is group 1.
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?[0-9][A-Z]{2}\b", re.IGNORECASE)
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$", re.IGNORECASE)
PHONE_MIN_DIGITS, PHONE_MAX_DIGITS = 9, 15


def initials(name: str | None) -> str:
    """"Jane Smith" -> "J. S."; "" -> ""."""
    words = re.findall(r"\w[\w'’-]*", name or "")
    return " ".join(f"{word[0].upper()}." for word in words)


def email(address: str | None) -> str:
    """"jane.smith@example.com" -> "j***@e***.com": the first letter of the local part (none when it is a
    single letter), the first letter of the domain, and its last label."""
    address = (address or "").strip()
    if not address:
        return ""
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return STARS
    shown_local = local[0] if len(local) > 1 and local[0] != "*" else ""
    tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
    return f"{shown_local}{STARS}@{domain[0]}{STARS}{'.' + tld if tld else ''}"


def phone(number: str | None) -> str:
    """"07700 900123" -> "***123": its last three digits only (none if it has three or fewer)."""
    digits = "".join(_DIGITS.findall(number or ""))
    if not digits:
        return ""
    return STARS + (digits[-3:] if len(digits) > 3 else "")


def postcode(value: str | None) -> str:
    """"AS1 1AA" -> "AS1": the postcode district. Anything that is not a postcode is withheld."""
    value = (value or "").strip()
    if not value:
        return ""
    found = _POSTCODE.search(value)
    if found:
        return found.group(1).upper()
    return value.upper() if _DISTRICT.match(value) else WITHHELD


def address(value: str | None, code: str | None = None) -> str:
    """An address (and its postcode, if held apart) -> the postcode district, or withheld."""
    district = postcode(code) if code else ""
    if district and district != WITHHELD:
        return district
    found = _POSTCODE.search(value or "")
    if found:
        return found.group(1).upper()
    return WITHHELD if (value or "").strip() else ""


def _mask_email(match: re.Match) -> str:
    found = match.group(0)
    kept = found.rstrip(".")  # the full stop ending a sentence is not part of the address
    return email(kept) + found[len(kept):]


def _mask_phone(match: re.Match) -> str:
    text = match.group(0)
    count = len(_DIGITS.findall(text))
    if count < PHONE_MIN_DIGITS or count > PHONE_MAX_DIGITS:
        return text
    return phone(text)


def text(value: str | None, names: tuple[str, ...] | list[str] = ()) -> str:
    """Free text with every email address and phone number in it masked, and the people in
    `names` (the customer: "Dear Jane Smith", "Jane") shown by their initials."""
    if not value:
        return value or ""
    value = _EMAIL.sub(_mask_email, value)
    value = _PHONE.sub(_mask_phone, value)
    for name in names:
        value = _mask_name(value, name)
    return value


def _mask_name(value: str, name: str | None) -> str:
    """The whole name, then each word of it (three letters or more), as initials."""
    words = [word for word in re.findall(r"\w[\w'’-]*", name or "") if len(word) >= 3]
    if not words:
        return value
    whole = re.compile(r"\b" + r"\s+".join(map(re.escape, re.findall(r"\w[\w'’-]*", name))) + r"\b", re.IGNORECASE)
    value = whole.sub(initials(name), value)
    return re.sub(r"\b(" + "|".join(map(re.escape, words)) + r")\b", lambda m: m.group(0)[0].upper() + ".", value,
                  flags=re.IGNORECASE)


def data(value):
    """A JSON-like value (an audit entry's details) with every string in it masked as text."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {key: data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [data(item) for item in value]
    return value


KINDS = {"name": initials, "email": email, "phone": phone, "postcode": postcode, "address": address,
         "text": text}


def mask(value, kind: str = "text", names=()):
    """Mask `value` as a `kind` of personal data (see KINDS); `names` for free text."""
    return text(value, names) if kind == "text" else KINDS[kind](value)
