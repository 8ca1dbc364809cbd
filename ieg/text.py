"""Text that comes in from outside (forms, email, files), made safe to store, show and send.

Pure: no Flask, no database. Two rules, used wherever text enters:
- `clean`: for text that may run over several lines (a description, a page body). Line
  breaks become "\\n"; NUL and every other control character except the tab go; lone
  surrogates (what Python's decoders leave for bytes that are not UTF-8, and which no
  database or mail server accepts) become U+FFFD.
- `single_line`: for a value that must stay on one line (a name, a subject, anything that
  may end up in a mail header): `clean`, then every run of white space, line breaks
  included, becomes one space. A CR or LF in a header value would otherwise let a sender
  add headers of their own, and makes the message impossible to build.
"""
from __future__ import annotations

import re

# C0 controls but tab and the line breaks, DEL, C1 controls; and lone surrogates.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """`text` with line breaks as "\\n" and no other control characters (tabs stay)."""
    if not text:
        return ""
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    return _SURROGATES.sub("\ufffd", text)


def single_line(text: str | None) -> str:
    """`text` on one line: cleaned, white space (line breaks too) folded to single spaces."""
    return _SPACES.sub(" ", clean(text)).strip()


def has_controls(text: str | None) -> bool:
    """Whether `text` holds anything `clean` would remove or change (a CR counts)."""
    return bool(text) and clean(text) != text


# Quotes and characters no file system takes, and the bidirectional controls that make
# "bill\u202egpj.exe" look like "billexe.jpg".
_NOT_IN_FILE_NAMES = re.compile("[\"<>|:*?\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_filename(name: str | None, default_extension: str = "bin") -> str:
    """A file name someone else chose, made safe to store and show: on one line, no path
    (either slash), no control characters, quotes or direction overrides, not only dots,
    never empty."""
    name = single_line(name).replace("\\", "/").rpartition("/")[2]
    name = _NOT_IN_FILE_NAMES.sub("", name).strip(" .")[:200]
    return name or f"file.{default_extension}"
