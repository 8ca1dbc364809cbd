"""Bar charts as SVG drawn on the server: pure, no Flask, no database. The chart is an image with
a text alternative (`role="img"` and a title); the page shows the same figures as a table beside it,
so nothing is only in the picture. Text is escaped: options are typed by editors."""
from __future__ import annotations

from html import escape

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH, COUNT_WIDTH = 22, 8, 260, 300, 70


def bar_chart(title: str, rows: list[tuple[str, int]], chart_id: str) -> str:
    total = sum(count for _, count in rows)
    top = max((count for _, count in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="ieg-chart" viewBox="0 0 {width} {height}" '
             f'role="img" aria-labelledby="{chart_id}-title" focusable="false">',
             f'<title id="{chart_id}-title">{escape(title)}: '
             + escape("; ".join(f"{label} {count}" for label, count in rows)) + "</title>"]
    for n, (label, count) in enumerate(rows):
        y = GAP + n * (BAR_HEIGHT + GAP)
        length = round(BAR_WIDTH * count / top)
        share = f" ({round(100 * count / total)}%)" if total else ""
        shown = label if len(label) <= 38 else label[:37] + "\u2026"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end" font-size="14">'
                     f"{escape(shown)}</text>")
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="#1d70b8"/>')
        parts.append(f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 16}" font-size="14">{count}{share}</text>')
    parts.append("</svg>")
    return "".join(parts)
