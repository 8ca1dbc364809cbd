"""The outcomes register in the shape of an IEG self-assessment return: one row per outcome
with its level, priority area, RAG, owner, target date, commentary and evidence, as CSV and
XLSX (values only, no formulas), from the same register the pages show."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from ieg.evidence import exports
from ieg.evidence.items import KIND_LABELS, Linked
from ieg.evidence.register import RAG_LABELS, STATUS_LABELS, Entry
from ieg.evidence.shortfall import Finding

COLUMNS = ("Outcome", "Level", "Priority area", "Priority area number", "Delivered by", "Outcome text", "RAG",
           "Owner", "Target date", "Commentary", "Against the national expectation", "Evidence",
           "Live evidence against the assessment", "Live evidence: what it shows and what green needs")
SCOPES = {"platform": "This system", "content": "Service content", "evidence": "Other systems"}


def _evidence(linked: list[Linked], base_url: str) -> str:
    def one(item: Linked) -> str:
        where = item.url if item.url.startswith("http") else (base_url.rstrip("/") + item.url if item.url else "")
        text = f"{KIND_LABELS[item.kind]}: {item.title}" + (f" <{where}>" if where else "")
        return text + (f" ({item.note})" if item.note and not item.automatic else "")
    return "; ".join(one(item) for item in linked)


def rows(entries: list[Entry], evidence: dict[str, list[Linked]], base_url: str,
         findings: dict[str, Finding]) -> list[list]:
    """`findings`: the live evidence judged against each assessment (ieg.evidence.shortfall),
    for the outcomes this system measures; the rest have none."""
    out = []
    for e in entries:
        a, o, found = e.assessment, e.outcome, findings.get(e.outcome.ref)
        out.append([o.ref, o.level.capitalize(), o.area, o.area_number, SCOPES.get(o.scope, o.scope), o.text,
                    RAG_LABELS[a.rag] if a else "Not assessed", a.owner if a else "",
                    a.target_date if a and a.target_date else None, a.commentary if a else "",
                    STATUS_LABELS[e.status], _evidence(evidence.get(o.ref, []), base_url),
                    found.verdict if found else "", found.detail if found else ""])
    return out


def csv_text(table: list[list]) -> str:
    columns = [(heading, lambda row, i=i: row[i].isoformat() if isinstance(row[i], date) else row[i])
               for i, heading in enumerate(COLUMNS)]
    return exports.csv_text(columns, table)


def xlsx_bytes(table: list[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("IEG return")
    sheet.freeze_panes = "A2"
    sheet.append(list(COLUMNS))
    for row in table:
        # Text that looks like a formula stays text: values only.
        sheet.append([("'" + value) if isinstance(value, str) and value.startswith("=") else value for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
