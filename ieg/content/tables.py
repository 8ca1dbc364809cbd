"""Tables in a page's HTML, made to fit a phone: each in a region that scrolls sideways on
its own, so a table wider than the screen never makes the whole page scroll (WCAG 1.4.10
reflow). The region takes keyboard focus, so it can be scrolled without a mouse, and is
named by the heading above it (else by its column headers) for screen readers. Pure.
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup

_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL)
_HEADING = re.compile(r'<h[2-6]\b[^>]*\bid="([^"]+)"[^>]*>', re.IGNORECASE)
_COLUMN = re.compile(r'<th\b[^>]*scope="col"[^>]*>(.*?)</th>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _column_names(table: str) -> str:
    names = [html.unescape(_TAG.sub("", cell)).strip() for cell in _COLUMN.findall(table)]
    return ", ".join(name for name in names if name) or "Table"


def scrollable(body_html: str) -> Markup:
    """`body_html` (already sanitised: stored HTML or our own) with each table wrapped."""
    if "<table" not in body_html:
        return Markup(body_html)
    parts, last, named = [], 0, set()
    for found in _TABLE.finditer(body_html):
        headings = _HEADING.findall(body_html, 0, found.start())
        heading = headings[-1] if headings else None
        if heading and heading not in named:
            named.add(heading)
            label = f'aria-labelledby="{heading}"'
        else:
            label = f'aria-label="{html.escape(_column_names(found.group()))}"'
        parts += [body_html[last:found.start()], f'<div class="ieg-table-scroll" role="region" {label} tabindex="0">',
                  found.group(), "</div>"]
        last = found.end()
    parts.append(body_html[last:])
    return Markup("".join(parts))
