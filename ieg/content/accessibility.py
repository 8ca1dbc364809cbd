"""Accessibility checks run when an editor submits a page for review (docs/design.md 3.3). Pure.

Errors block publishing; warnings are shown. Every message says where the problem is (the line of the
Markdown body and a short quote) and how to fix it, in plain English for editors who are not technical.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it.token import Token

from ieg.content.markdown import inline_text, parse

ERROR = "error"
WARNING = "warning"

VAGUE_LINK_TEXT = frozenset({
    "click here", "here", "read more", "more", "more information", "link", "this link", "this page",
    "find out more", "download",
})
# Screen readers already announce an image, so alt text that starts like this repeats itself.
REDUNDANT_ALT_STARTS = ("image of", "picture of", "photo of", "photograph of", "graphic of")
IMAGE_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|heic|avif)$", re.IGNORECASE)
BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# A document's extension and the words in link text that tell people what it will open as.
DOCUMENT_FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    ".pdf": ("PDF", ("pdf",)),
    ".doc": ("Word", ("word", "doc")),
    ".docx": ("Word", ("word", "docx")),
    ".xls": ("Excel", ("excel", "xls")),
    ".xlsx": ("Excel", ("excel", "xlsx")),
    ".odt": ("OpenDocument text", ("opendocument", "odt")),
    ".ods": ("OpenDocument spreadsheet", ("opendocument", "ods")),
}
LONG_PARAGRAPH_WORDS = 100
CAPITALS_RUN_WORDS = 4
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    code: str  # stable identifier, e.g. "image-alt-missing"
    message: str
    line: int | None  # 1-based line in the Markdown body; None for the title and attachments


@dataclass(frozen=True)
class Document:
    """An attachment to the page."""
    title: str
    filename: str


@dataclass(frozen=True)
class _Link:
    line: int
    text: str
    href: str


def check_page(body: str, *, title: str = "", documents: Sequence[Document] = ()) -> list[Finding]:
    """Every accessibility problem in a page, those without a line first, then by line."""
    findings: list[Finding] = []
    if not title.strip():
        findings.append(Finding(ERROR, "page-title-missing",
                                "The page has no title. Enter a title that says what the page is about, "
                                'like "Bin collection days".', None))
    tokens = parse(body)
    findings += _check_headings(tokens)
    findings += _check_tables(tokens)
    findings += _check_paragraphs(tokens)
    links: list[_Link] = []
    for token in tokens:
        if token.type == "inline" and token.map:
            findings += _check_inline(token, links)
    findings += _check_links(links)
    for document in documents:
        if not document.title.strip():
            findings.append(Finding(ERROR, "document-title-missing",
                                    f"The attached file {_quote(document.filename)} has no title. Enter a title "
                                    'that says what the document is, like "Council tax charges 2026 to 2027".',
                                    None))
    # Stable sort: findings on the same line keep the order the checks found them in.
    return sorted(findings, key=lambda f: (f.line is not None, f.line or 0))


def blocking(findings: Iterable[Finding]) -> bool:
    """True when any finding is an error, which stops the page being published."""
    return any(f.level == ERROR for f in findings)


def _check_headings(tokens: list[Token]) -> Iterator[Finding]:
    previous = 1  # the page title is the page's only level 1 heading
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level, line = int(token.tag[1]), _line(token)
        text = inline_text(tokens[index + 1].children or [])
        where = f"Line {line}: the heading {_quote(text)}"
        if not text.strip():
            yield Finding(ERROR, "heading-empty",
                          f"Line {line}: there is a heading with no words ({'#' * level} on its own). "
                          "Add the heading text after the # marks, or delete the line.", line)
        if level == 1:
            yield Finding(ERROR, "heading-level-1",
                          f"{where} is a level 1 heading (#). The page title is the only level 1 heading, so "
                          f"make this a level 2 heading by starting the line with ## instead of #.", line)
            level = 2  # judge the headings after it as if the editor had made that change
        elif level > previous + 1:
            fix = f"make it level {previous + 1} ({'#' * (previous + 1)})"
            if previous == 1:
                yield Finding(ERROR, "heading-level-skipped",
                              f"{where} is level {level} ({'#' * level}) but it is the first heading on the "
                              f"page. Headings must start at level 2: {fix}.", line)
            else:
                yield Finding(ERROR, "heading-level-skipped",
                              f"{where} is level {level} ({'#' * level}) but the heading before it is level "
                              f"{previous}, so a level is skipped. Either {fix}, or add a level "
                              f"{previous + 1} heading above it.", line)
        previous = level


def _check_tables(tokens: list[Token]) -> Iterator[Finding]:
    for index, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        header: list[str] = []
        for inner in tokens[index + 1:]:
            if inner.type == "thead_close":
                break
            if inner.type == "inline":
                header.append(inline_text(inner.children or []))
        if not any(cell.strip() for cell in header):
            line = _line(token)
            yield Finding(ERROR, "table-header-missing",
                          f"Line {line}: the table has an empty header row. Write a heading in each cell of "
                          "the first row saying what the column holds, like | Day | Bins collected |.", line)


def _check_paragraphs(tokens: list[Token]) -> Iterator[Finding]:
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open":
            continue
        words = inline_text(tokens[index + 1].children or []).split()
        if len(words) > LONG_PARAGRAPH_WORDS:
            line = _line(token)
            yield Finding(WARNING, "paragraph-long",
                          f"Line {line}: the paragraph starting {_quote(' '.join(words[:8]))} is {len(words)} "
                          f"words long. Long paragraphs are hard to read: split it into paragraphs of no more "
                          f"than {LONG_PARAGRAPH_WORDS} words, or use a bulleted list.", line)


def _check_inline(token: Token, links: list[_Link]) -> Iterator[Finding]:
    """Images and capitals in one block's text; links are collected for the checks across the page."""
    line = _line(token)
    capitals: list[tuple[str, int]] = []  # the current run of words in capitals, with their lines
    link: tuple[int, str] | None = None  # line and href of the link being read
    link_text: list[str] = []
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        if link is not None and child.type != "link_close":
            link_text.append(inline_text([child]))
        if child.type == "text":
            for word in WORD.findall(child.content):
                if word.isupper():
                    capitals.append((word, line))
                    continue
                yield from _capitals(capitals)
                capitals = []
        elif child.type == "image":
            yield from _check_image(child, line)
        elif child.type == "link_open":
            link, link_text = (line, str(child.attrGet("href") or "")), []
        elif child.type == "link_close" and link is not None:
            links.append(_Link(link[0], "".join(link_text), link[1]))
            link = None
    yield from _capitals(capitals)


def _capitals(run: list[tuple[str, int]]) -> Iterator[Finding]:
    if len(run) >= CAPITALS_RUN_WORDS:
        line = run[0][1]
        yield Finding(WARNING, "text-all-capitals",
                      f"Line {line}: {_quote(' '.join(word for word, _ in run))} is written in capital letters. "
                      "Capitals are harder to read and some screen readers spell them out letter by letter. "
                      "Write it in sentence case, and make it bold (**like this**) if it must stand out.", line)


def _check_image(image: Token, line: int) -> Iterator[Finding]:
    alt = inline_text(image.children or []).strip()
    src = str(image.attrGet("src") or "")
    if not alt:
        name = src.rstrip("/").rsplit("/", 1)[-1] or src
        yield Finding(ERROR, "image-alt-missing",
                      f"Line {line}: the image {_quote(name)} has no alt text, so people who cannot see it "
                      "will not know what it shows. Describe the image inside the square brackets, like "
                      f"![A green garden waste bin]({_shorten(src)}).", line)
    elif IMAGE_FILE.match(alt) or alt == src.rsplit("/", 1)[-1]:
        yield Finding(WARNING, "image-alt-filename",
                      f"Line {line}: the alt text {_quote(alt)} is a file name. Replace it with a short "
                      "description of what the image shows.", line)
    else:
        start = next((s for s in REDUNDANT_ALT_STARTS if alt.lower().startswith(s)), None)
        if start:
            rest = alt[len(start):].strip()
            yield Finding(WARNING, "image-alt-redundant",
                          f"Line {line}: the alt text {_quote(alt)} starts with {_quote(alt[:len(start)])}. "
                          "Screen readers already say it is an image, so describe what it shows straight "
                          f"away{', like ' + _quote(rest) if rest else ''}.", line)


def _check_links(links: list[_Link]) -> Iterator[Finding]:
    first_use: dict[str, _Link] = {}
    for link in links:
        text, line = " ".join(link.text.split()), link.line
        key = _normalise(text)
        if not text:
            yield Finding(ERROR, "link-text-empty",
                          f"Line {line}: the link to {_quote(link.href)} has no text, so nobody can tell where "
                          "it goes. Put words describing where it goes inside the square brackets, like "
                          "[Apply for a parking permit](...).", line)
            continue
        if key in VAGUE_LINK_TEXT:
            yield Finding(ERROR, "link-text-vague",
                          f"Line {line}: the link text {_quote(text)} does not say where the link goes. Many "
                          "people jump from link to link, so use words that describe the destination, like "
                          '"apply for a parking permit".', line)
            continue
        if BARE_URL.match(text):
            yield Finding(WARNING, "link-text-url",
                          f"Line {line}: the link text is a web address, {_quote(text)}. Screen readers read "
                          "it out character by character; use words that say where it goes instead, like "
                          "[Council tax bands](...).", line)
        earlier = first_use.setdefault(key, link)
        if earlier.href != link.href:
            yield Finding(WARNING, "link-text-duplicate",
                          f"Line {line}: the link text {_quote(text)} is also used on line {earlier.line} for "
                          "a different address. Give each link its own words, so people can tell them apart.",
                          line)
        yield from _check_document_link(link, text)


def _check_document_link(link: _Link, text: str) -> Iterator[Finding]:
    path = urlsplit(link.href).path.lower()
    for extension, (name, words) in DOCUMENT_FORMATS.items():
        if path.endswith(extension):
            if not any(re.search(rf"\b{word}\b", text, re.IGNORECASE) for word in words):
                yield Finding(WARNING, "link-document-format",
                              f"Line {link.line}: the link {_quote(text)} opens a {name} document but does not "
                              f"say so. Add the format to the link text, like {_quote(f'{text} ({name})')}, so "
                              "people know what will open.", link.line)
            return


def _normalise(text: str) -> str:
    # Case and punctuation do not change what a link says: "Click here!" is "click here".
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _quote(text: str) -> str:
    return f'"{_shorten(text)}"'


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1
