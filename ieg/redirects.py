"""Where a redirect taken from the request may go: a path on this site, nothing else.

Pure: no Flask. Browsers drop tabs and line breaks from a URL and read a backslash as a
slash, so "/\\t/evil.example" arrives as "//evil.example", another site; and a line break in a
Location header cannot be sent at all. So the path is refused outright when it holds any
control character, space or backslash, not cleaned: a cleaned value is one the attacker chose.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_LENGTH = 2000
# A path: "/" then anything printable but a second "/" or "\" straight after it (a
# scheme-relative URL); no controls, spaces or backslashes anywhere.
_LOCAL_PATH = re.compile(r"/(?![/\\])[^\x00-\x20\x7f\\]*")


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site ("/staff/?q=1"), else None."""
    if not target or len(target) > MAX_LENGTH or not _LOCAL_PATH.fullmatch(target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
