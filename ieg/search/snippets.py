"""Highlighted snippets: the parts of a result's text where the searched words occur.

Written here rather than using whoosh's highlighter, which re-analyses the whole text of
every result and cost more than the search itself. Words match on their start (the stem
or the word as typed, whichever is shorter), so "collection" highlights "collections".
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup
from whoosh.lang.porter import stem

MIN_PREFIX = 3


def _prefix(word: str) -> str:
    root, n = stem(word), 0
    while n < min(len(root), len(word)) and root[n] == word[n]:
        n += 1
    return word[:max(n, MIN_PREFIX)] if len(word) >= MIN_PREFIX else word


def pattern(words) -> re.Pattern | None:
    prefixes = sorted({_prefix(w) for w in words if len(w) >= 2}, key=len, reverse=True)
    if not prefixes:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in prefixes) + r")\w*", re.IGNORECASE)


def snippet(text: str, matcher: re.Pattern | None, *, width: int = 200, fragments: int = 1) -> Markup:
    """Up to `fragments` passages around the first matches, the matches in <mark>, the
    rest escaped; an empty Markup when nothing matches."""
    if not text or matcher is None:
        return Markup("")
    spans, covered = [], -1
    for match in matcher.finditer(text):
        if match.start() < covered:
            continue
        start = max(0, match.start() - width // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        start = max(start, covered)  # never repeat the end of the passage before
        end = min(len(text), start + width)
        end = text.find(" ", end) if end < len(text) and text.find(" ", end) != -1 else len(text)
        spans.append((start, end))
        covered = end
        if len(spans) == fragments:
            break
    if not spans:
        return Markup("")
    parts = []
    for start, end in spans:
        piece, out, last = text[start:end], [], 0
        for match in matcher.finditer(piece):
            out.append(html.escape(piece[last:match.start()], quote=False))
            out.append("<mark>" + html.escape(match.group(0), quote=False) + "</mark>")
            last = match.end()
        out.append(html.escape(piece[last:], quote=False))
        parts.append(("… " if start else "") + "".join(out) + (" …" if end < len(text) else ""))
    return Markup(" ".join(parts))  # every piece of text above was escaped
