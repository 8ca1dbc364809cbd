"""Page bodies: editors' Markdown to sanitised, GOV.UK-styled HTML, and to plain text. Pure.

The HTML is made once, when a page is saved (docs/design.md 3.3), and stored with the revision.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token


def make_parser() -> MarkdownIt:
    """The one Markdown configuration, shared by rendering and the accessibility checker."""
    # html=False: editors never write HTML, so any they type is shown as text, not passed through.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])


_MD = make_parser()


def parse(text: str) -> list[Token]:
    """The block token stream for `text`; each call returns fresh tokens the caller may change."""
    return _MD.parse(text or "")


CLASSES: dict[str, str] = {
    "h1": "govuk-heading-xl",  # kept as h1 so the accessibility checker can report it
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "h5": "govuk-heading-s",
    "h6": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--l govuk-section-break--visible",
    "img": "ieg-content-image",
}
EXTERNAL_REL = "noopener noreferrer"
# Ids the layout around a body uses (templates/base.html, templates/public/): a heading taking one
# would break the skip link or duplicate an id. tests/unit/content/test_markdown.py keeps this list in step.
RESERVED_IDS = frozenset({
    "main-content", "contact-heading", "related-heading", "track-heading", "feedback", "useful-yes", "useful-no",
    "what-wrong", "what-wrong-hint", "site-search", "home-search", "home-search-hint", "search-page-q",
    "filter-heading",
})

_CLEANER = nh3.Cleaner(
    tags=set(CLASSES) | {"li", "strong", "em", "del", "code", "pre", "br"},
    clean_content_tags={"script", "style", "iframe", "object", "noscript", "template"},
    attributes={
        "*": set(),  # without this nh3 allows its default generic attributes, lang and title, everywhere
        "a": {"href"},
        "img": {"src", "alt", "title"},
        "h2": {"id"},
        "h3": {"id"},
        "th": {"colspan", "rowspan"},
        "td": {"colspan", "rowspan"},
    },
    # rel and scope may carry only the values this module sets.
    tag_attribute_values={"a": {"rel": {EXTERNAL_REL}}, "th": {"scope": {"col", "row"}}},
    allowed_classes={tag: set(classes.split()) for tag, classes in CLASSES.items()},
    url_schemes={"http", "https", "mailto", "tel"},
    # nh3 would put rel on every link, internal ones too; the renderer adds it to external links only.
    link_rel=None,
    strip_comments=True,
)


def render(text: str) -> str:
    """Markdown to safe HTML with GOV.UK Frontend classes. The sanitiser always runs last."""
    tokens = parse(text)
    _decorate(tokens)
    return sanitise(_MD.renderer.render(tokens, _MD.options, {}))


def sanitise(html: str) -> str:
    """Keep only the tags, attributes, classes and URL schemes a rendered body may contain."""
    return _CLEANER.clean(html)


def plain_text(text: str) -> str:
    """The body's words without markup, whitespace collapsed (for search and summaries).

    Image alt text is kept: it is the text equivalent of the image. Anything an editor typed that looks
    like HTML is kept as the literal text it is shown as on the page.
    """
    parts: list[str] = []
    for token in parse(text):
        if token.type == "inline":
            parts.append(inline_text(token.children or []))
        elif token.type in ("code_block", "fence"):
            parts.append(token.content)
    return " ".join(" ".join(parts).split())


def inline_text(children: Iterable[Token]) -> str:
    """The readable text of inline tokens: text, code and image alt text, line breaks as spaces."""
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(inline_text(child.children or []))
    return "".join(out)


def heading_slug(text: str) -> str:
    """A URL fragment for a heading: lower-case ASCII letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def is_external(href: str) -> bool:
    # Protocol-relative links ("//example.org") leave the site too.
    return urlsplit(href).scheme.lower() in ("http", "https") or href.startswith("//")


def _decorate(tokens: list[Token]) -> None:
    """Add GOV.UK classes, heading ids and rel to the token stream before it is rendered."""
    used_ids = set(RESERVED_IDS)
    for index, token in enumerate(tokens):
        if token.nesting == 1 and token.tag in CLASSES:
            token.attrSet("class", CLASSES[token.tag])
        elif token.type == "hr":
            token.attrSet("class", CLASSES["hr"])
        if token.tag in ("th", "td") and token.nesting == 1:
            # Column alignment comes as a style attribute, which the sanitiser would drop anyway.
            token.attrs.pop("style", None)
            if token.tag == "th":
                token.attrSet("scope", "col")
        if token.type == "fence":
            token.info = ""  # no language-* class: it is not on the allow-list
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            token.attrSet("id", _unique(heading_slug(inline_text(tokens[index + 1].children or [])), used_ids))
        if token.children:
            _decorate_inline(token.children)


def _decorate_inline(children: list[Token]) -> None:
    for child in children:
        if child.type == "link_open":
            child.attrSet("class", CLASSES["a"])
            if is_external(str(child.attrGet("href") or "")):
                child.attrSet("rel", EXTERNAL_REL)
        elif child.type == "image":
            child.attrSet("class", CLASSES["img"])
        elif child.type in ("s_open", "s_close"):
            child.tag = "del"


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in used:
        n += 1
        candidate = f"{slug}-{n}"
    used.add(candidate)
    return candidate
