"""Long lists shown a page at a time (pure): which rows a page holds, from a page number
typed in an address that may be anything."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    total: int     # rows matching, on every page
    page: int      # this page, from 1
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def first(self) -> int:
        """The number of the first row shown (0 when there is none)."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.per_page, self.total)


def window(total: int, asked: object, per_page: int) -> Window:
    """The page asked for (a number as text, or anything else: the first page), kept within
    the pages there are: past the last one shows the last."""
    text = str(asked or "").strip()
    page = int(text) if text.isdecimal() and len(text) < 10 else 1
    pages = max(1, -(-total // per_page))
    return Window(total, min(max(page, 1), pages), per_page)


def numbers(shown: Window) -> list[int | None]:
    """The page numbers a pagination lists: the first, the last and those either side of this
    one, None where some are left out (GOV.UK's pattern)."""
    keep = sorted({1, shown.pages, *range(max(1, shown.page - 1), min(shown.pages, shown.page + 1) + 1)})
    listed: list[int | None] = []
    for number in keep:
        if listed and number - listed[-1] == 2:
            listed.append(number - 1)  # one page left out: show it rather than an ellipsis
        elif listed and number - listed[-1] > 2:
            listed.append(None)
        listed.append(number)
    return listed
