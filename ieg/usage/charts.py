"""Charts drawn on the server as SVG (no JavaScript), always shown beside a table of the same
figures: the table is the accessible version, so the drawing is hidden from screen readers
(`aria-hidden`) and carries no information the table lacks. Pure: no Flask, no database."""
from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 12, 36


def nice_top(value: float) -> float:
    """The axis's top: the next 1, 2 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1
    power = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _short(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}m"
    if value >= 1_000:
        return f"{value / 1_000:g}k"
    return f"{value:g}"


def bars(labels: list[str], values: list[float], *, lines: list[float] | None = None, every: int = 1) -> str:
    """A bar per value, labelled every `every` bars; `lines` is an optional second series drawn
    as a line over the bars (last year's figures). Colours are attributes, GOV.UK's blue and red:
    the page needs no style of its own, and the Content-Security-Policy allows no inline style."""
    top = nice_top(max([*values, *(lines or []), 0]))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(values), 1)
    parts = [f'<svg class="ieg-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="presentation" aria-hidden="true" '
             f'focusable="false" width="100%" xmlns="http://www.w3.org/2000/svg" font-family="arial, sans-serif" '
             f'font-size="12">']
    for tick in range(5):
        y = TOP + inner_h - inner_h * tick / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#0b0c0c">'
                     f'{escape(_short(top * tick / 4))}</text>')
    for index, (label, value) in enumerate(zip(labels, values)):
        height = inner_h * value / top
        x = LEFT + index * step
        parts.append(f'<rect x="{x + step * 0.15:.1f}" y="{TOP + inner_h - height:.1f}" width="{step * 0.7:.1f}" '
                     f'height="{height:.1f}" fill="#1d70b8"/>')
        if index % every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                         f'fill="#0b0c0c">{escape(label)}</text>')
    if lines:
        points = " ".join(f"{LEFT + (i + 0.5) * step:.1f},{TOP + inner_h - inner_h * v / top:.1f}"
                          for i, v in enumerate(lines))
        parts.append(f'<polyline points="{points}" fill="none" stroke="#d4351c" stroke-width="3"/>')
    parts.append("</svg>")
    return "".join(parts)
