"""The R29 and R28 reports as CSV and XLSX, from the same rows the pages show
(`ieg.evidence.reports`). For auditors: a header row naming every column plainly, UTF-8,
values only (no formulas), dates as real dates. The enquiries behind a report carry the
raw facts (UTC instants in ISO 8601, the outcome, the exclusion reason) so the figure can
be re-derived from them alone.

Each layout is a list of (heading, value) columns that both writers share, so the CSV and
the XLSX can never disagree about what a column holds.
"""
from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime, timezone

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from ieg.csv_text import Column, csv_text
from ieg.evidence.reports import EXCLUSIONS, Period, R28Enquiry, R29Enquiry, Report



class Month(str):
    """A "YYYY-MM" month: text in CSV, the first of the month as a date in XLSX."""


def _seconds(value: float | None):
    return None if value is None else round(value, 3)


R29_SUMMARY: list[Column] = [
    ("Month", lambda line: Month(line.month)),
    ("Service", lambda line: line.service),
    ("Email enquiries received", lambda line: line.figures.received),
    *[(f"Excluded: {label}", lambda line, i=i: line.figures.excluded[i]) for i, (_, label) in enumerate(EXCLUSIONS)],
    ("Excluded in total", lambda line: line.figures.excluded_total),
    ("Counted (received less excluded)", lambda line: line.figures.counted),
    ("Responded in time", lambda line: line.figures.in_time),
    ("Breached", lambda line: line.figures.breached),
    ("Pending (no response, deadline not yet passed)", lambda line: line.figures.pending),
    ("% responded in time (of in time and breached)", lambda line: line.figures.percent_in_time),
]

R29_ENQUIRIES: list[Column] = [
    ("Reference", lambda e: e.reference),
    ("Service", lambda e: e.service),
    ("Month received (local)", lambda e: Month(e.month)),
    ("Received (UTC)", lambda e: e.received_at),
    ("Response due (UTC)", lambda e: e.response_due_at),
    ("First response (UTC)", lambda e: e.first_response_at),
    ("First response by", lambda e: e.first_response_kind),
    ("Outcome", lambda e: e.outcome),
    ("Exclusion reason", lambda e: e.excluded_reason or ""),
    ("Exclusion note", lambda e: e.excluded_note),
    ("Breach reason", lambda e: e.breach_reason),
]

R28_SUMMARY: list[Column] = [
    ("Month", lambda line: Month(line.month)),
    ("Service", lambda line: line.service),
    ("Web and email enquiries received (not excluded)", lambda line: line.figures.received),
    ("Acknowledgement sent", lambda line: line.figures.acknowledged),
    ("Acknowledgement carried the reference", lambda line: line.figures.with_reference),
    ("% carrying the reference (of received)", lambda line: line.figures.percent_with_reference),
    ("Sent within the acknowledgement standard", lambda line: line.figures.within_standard),
    ("Median time to acknowledge (seconds)", lambda line: _seconds(line.figures.median)),
    ("95th percentile time to acknowledge (seconds)", lambda line: _seconds(line.figures.p95)),
]

R28_ENQUIRIES: list[Column] = [
    ("Reference", lambda e: e.reference),
    ("Service", lambda e: e.service),
    ("Channel", lambda e: e.channel),
    ("Month received (local)", lambda e: Month(e.month)),
    ("Received (UTC)", lambda e: e.received_at),
    ("Acknowledgement due (UTC)", lambda e: e.acknowledgement_due_at),
    ("First acknowledgement sent (UTC)", lambda e: e.acknowledged_at),
    ("Acknowledgement carried the reference", lambda e: "yes" if e.with_reference else "no"),
    ("Sent within the standard", lambda e: "yes" if e.within_standard else "no"),
    ("Time to acknowledge (seconds)", lambda e: _seconds(e.latency)),
]

LAYOUTS = {"r29": (R29_SUMMARY, R29_ENQUIRIES), "r28": (R28_SUMMARY, R28_ENQUIRIES)}
# The enquiry columns staff type freely, which may name the customer: masked for auditors
# without the personal-data grant (ieg.evidence.access).
FREE_TEXT = {"r29": ("excluded_note", "breach_reason"), "r28": ()}


def summary_csv(name: str, report: Report) -> str:
    """One row a month and service, then the month's all-services row."""
    return csv_text(LAYOUTS[name][0], report.lines())


def enquiries_csv(name: str, items: list[R29Enquiry] | list[R28Enquiry]) -> str:
    return csv_text(LAYOUTS[name][1], items)


def _cell(sheet, value):
    if isinstance(value, Month):
        cell = WriteOnlyCell(sheet, value=date(int(value[:4]), int(value[5:7]), 1))
        cell.number_format = "yyyy-mm"
        return cell
    if isinstance(value, datetime):
        # Excel has no time zones: the heading says UTC, the value is UTC without a zone.
        cell = WriteOnlyCell(sheet, value=value.astimezone(timezone.utc).replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl would write it as a formula: values only
        return cell
    return value


def _sheet(book: Workbook, title: str, columns: list[Column], rows: Iterable) -> None:
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, (heading, _) in enumerate(columns):
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(12, min(40, len(heading) + 2))
    sheet.append([heading for heading, _ in columns])
    for row in rows:
        sheet.append([_cell(sheet, value(row)) for _, value in columns])


def xlsx_bytes(name: str, report: Report, items: list) -> bytes:
    """Two sheets: the summary (as the CSV) and the enquiries behind it."""
    summary, enquiries = LAYOUTS[name]
    book = Workbook(write_only=True)  # streams rows: no cell objects kept for the whole sheet
    _sheet(book, "Summary", summary, report.lines())
    _sheet(book, "Enquiries", enquiries, items)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(name: str, period: Period, extension: str) -> str:
    """"r29-2025-11-01-to-2026-11-20.csv": what and which dates, so downloads do not overwrite each other."""
    return f"{name}-{period.start.isoformat()}-to-{period.end.isoformat()}.{extension}"


def workbook_bytes(sheets: list[tuple[str, list[Column], Iterable]]) -> bytes:
    """Any layout as an XLSX workbook, one sheet per (title, columns, rows), values only."""
    book = Workbook(write_only=True)
    for title, columns, rows in sheets:
        _sheet(book, title, columns, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
