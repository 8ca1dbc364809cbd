"""CSV for people who open it in a spreadsheet: a header row naming every column, then one
row per item, each column a (heading, value-of-row) pair, so every export that shares a
layout writes the same columns. No Flask, no database."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime, timezone

Column = tuple[str, Callable]


# Text a spreadsheet would run as a formula when the CSV is opened (staff type the notes and
# reasons): it gets a leading apostrophe, as OWASP advises; numbers are never text here.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


def csv_text(columns: list[Column], rows: Iterable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([heading for heading, _ in columns])
    for row in rows:
        writer.writerow([cell_text(value(row)) for _, value in columns])
    return out.getvalue()


