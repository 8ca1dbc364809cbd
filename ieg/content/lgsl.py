"""Read the Local Government Services List (LGSL) in the official esd-toolkit formats.

Two formats are accepted: the esd navigation XML (LGNL headings with their LGSL
services) and the esd CSV export of the services list. Everything bad about the
input is reported as ListFormatError so the import command can show it as is.

LGSL and LGNL: esd-toolkit programme (standards.esd.org.uk), Open Government Licence.
"""
from __future__ import annotations

import csv
import io
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ieg.input_errors import InputError

XML_FORMAT = "esd-xml"
CSV_FORMAT = "esd-csv"

_BOM = b"\xef\xbb\xbf"
# Only plain ASCII digits: int() alone would also take "+5", "1_000" and other scripts' digits.
_INTEGER = re.compile(r"[0-9]+")
# Entity declarations only ever live in a DOCTYPE; refusing both stops "billion laughs" expansion.
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class ListFormatError(InputError):
    """The file is not a usable esd services list; the message says why."""


@dataclass(frozen=True)
class Service:
    identifier: int
    label: str
    description: str = ""
    uri: str = ""
    # LGNL top-level heading labels, in document order; empty for CSV.
    headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heading:
    identifier: int
    label: str
    parent: int | None


@dataclass(frozen=True)
class ServiceList:
    services: tuple[Service, ...]
    headings: tuple[Heading, ...]
    source_format: str


def _label(text: str | None) -> str:
    # esd labels carry stray doubled spaces ("Council  expenditure").
    return " ".join((text or "").split())


def _description(text: str | None) -> str:
    # Keep paragraph breaks, which are meaningful in descriptions, but tidy each line.
    lines = (" ".join(line.split()) for line in (text or "").splitlines())
    return "\n".join(lines).strip()


def _identifier(value: str | None, where: str) -> int:
    value = (value or "").strip()
    if not _INTEGER.fullmatch(value):
        raise ListFormatError(f"{where}: identifier {value!r} is not a whole number")
    return int(value)


def _require_content(data: bytes) -> None:
    if not data.removeprefix(_BOM).strip():
        raise ListFormatError("the file is empty")


# --- XML ---------------------------------------------------------------------


class _NoDoctypeBuilder(ET.TreeBuilder):
    # Second line of defence for encodings the byte check cannot read (UTF-16):
    # expat reports the DOCTYPE before reading any entity declaration in it.
    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise ListFormatError("XML with a DOCTYPE or ENTITY declaration is not accepted")


def _local(tag: object) -> str:
    # Tolerate a namespaced export: compare local names only.
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: ET.Element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "") if found else ""


def parse_esd_xml(data: bytes) -> ServiceList:
    """Parse the esd website navigation XML (LGNL headings containing LGSL services)."""
    _require_content(data)
    if _DECLARATION.search(data):
        raise ListFormatError("XML with a DOCTYPE or ENTITY declaration is not accepted")
    parser = ET.XMLParser(target=_NoDoctypeBuilder())
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":", 1)[0]
        raise ListFormatError(f"malformed XML at line {line}, column {column}: {reason}") from None
    except LookupError as exc:  # an encoding="..." Python does not know
        raise ListFormatError(f"the XML declares an unusable encoding: {exc}") from None

    headings: list[Heading] = []
    services: dict[int, Service] = {}
    tops: dict[int, list[str]] = {}
    # Iterative pre-order walk: document order, and deep nesting cannot hit the recursion
    # limit. Each entry carries the nearest heading above and its top-level label, because
    # some <WebsiteNavigation> elements are bare wrappers with no Identifier of their own.
    stack: list[tuple[ET.Element, int | None, str | None]] = [(root, None, None)]
    while stack:
        element, parent, top = stack.pop()
        name = _local(element.tag)
        if name == "Service":
            label = _label(_text(element, "Label"))
            ident = _identifier(_text(element, "Identifier"), f"service {label!r}")
            if not label:
                raise ListFormatError(f"service {ident} has no label")
            # A service listed under several headings keeps its first details.
            services.setdefault(ident, Service(
                ident, label, _description(_text(element, "Description")),
                _text(element, "URI").strip()))
            seen = tops.setdefault(ident, [])
            if top is not None and top not in seen:
                seen.append(top)
            continue
        if name == "WebsiteNavigation" and _children(element, "Identifier"):
            label = _label(_text(element, "Label"))
            ident = _identifier(_text(element, "Identifier"), f"navigation heading {label!r}")
            if not label:
                raise ListFormatError(f"navigation heading {ident} has no label")
            headings.append(Heading(ident, label, parent))
            parent, top = ident, (top if parent is not None else label)
        stack.extend((child, parent, top) for child in reversed(element)
                     if _local(child.tag) in ("WebsiteNavigation", "Services", "Service"))

    if not services:
        raise ListFormatError("the XML contains no <Service> elements")
    return ServiceList(
        services=tuple(
            Service(s.identifier, s.label, s.description, s.uri, tuple(tops[s.identifier]))
            for s in sorted(services.values(), key=lambda s: s.identifier)
        ),
        headings=tuple(headings),
        source_format=XML_FORMAT,
    )


# --- CSV ---------------------------------------------------------------------


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    # Short rows simply lack their trailing fields; optional columns may be absent.
    index = columns.get(name, len(row))
    return row[index] if index < len(row) else ""


def parse_esd_csv(data: bytes) -> ServiceList:
    """Parse the esd CSV export: Identifier, Label, Description, then any other columns."""
    _require_content(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ListFormatError(f"the CSV is not UTF-8 (byte {exc.start})") from None
    # newline="" lets the csv module handle CRLF and newlines inside quoted fields.
    reader = csv.reader(io.StringIO(text, newline=""))
    services: dict[int, Service] = {}
    first_row: dict[int, int] = {}
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        for required in ("identifier", "label"):
            if required not in header:
                raise ListFormatError(f"the CSV header has no {required.title()} column")
        columns = {name: header.index(name) for name in ("identifier", "label", "description", "uri")
                   if name in header}
        # Rows are counted as a spreadsheet shows them: the header is row 1.
        for row_number, row in enumerate(reader, start=2):
            if not any(value.strip() for value in row):
                continue
            ident = _identifier(_cell(row, columns, "identifier"), f"row {row_number}")
            label = _label(_cell(row, columns, "label"))
            if not label:
                raise ListFormatError(f"row {row_number}: service {ident} has no label")
            if ident in services:
                if services[ident].label != label:
                    raise ListFormatError(
                        f"row {row_number}: identifier {ident} is already used by row "
                        f"{first_row[ident]} with a different label "
                        f"({services[ident].label!r}, not {label!r})")
                continue
            services[ident] = Service(ident, label,
                                      _description(_cell(row, columns, "description")),
                                      _cell(row, columns, "uri").strip())
            first_row[ident] = row_number
    except csv.Error as exc:
        raise ListFormatError(f"unreadable CSV at line {reader.line_num}: {exc}") from None
    if not services:
        raise ListFormatError("the CSV has a header but no services")
    return ServiceList(
        services=tuple(sorted(services.values(), key=lambda s: s.identifier)),
        headings=(),
        source_format=CSV_FORMAT,
    )


# --- Either ------------------------------------------------------------------


def sniff(data: bytes) -> str:
    """Say which esd format the data is in: XML_FORMAT or CSV_FORMAT."""
    _require_content(data)
    body = data.removeprefix(_BOM).lstrip()
    if body.startswith(b"<"):
        return XML_FORMAT
    first_line = body.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    # A StringIO with newline="" lets the reader treat a stray CR as a line end, not an error.
    first_row = next(csv.reader(io.StringIO(first_line, newline="")), None) or [""]
    if first_row[0].strip().lower() == "identifier":
        return CSV_FORMAT
    raise ListFormatError(
        "unrecognised format: expected esd navigation XML, or esd CSV starting with an Identifier column")


def parse(data: bytes) -> ServiceList:
    """Parse an esd services list in either format, sniffed from its content."""
    return parse_esd_xml(data) if sniff(data) == XML_FORMAT else parse_esd_csv(data)


def parse_file(path: str | os.PathLike[str]) -> ServiceList:
    """Read and parse a file; OSError (missing, unreadable) is left to the caller."""
    with open(path, "rb") as fh:
        return parse(fh.read())
