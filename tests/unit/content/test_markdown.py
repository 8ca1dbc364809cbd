import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ieg.content.markdown import RESERVED_IDS, make_parser, plain_text, render, sanitise

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th",
    "td", "blockquote", "hr", "img", "strong", "em", "del", "code", "pre", "br",
}
ALLOWED_ATTRIBUTES = {"class", "id", "href", "rel", "src", "alt", "title", "scope", "colspan", "rowspan"}
SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}


class Elements(HTMLParser):
    """Every element and comment in a fragment, as a browser's tokeniser sees them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.comments: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_comment(self, data):
        self.comments.append(data)

    def tags(self) -> list[str]:
        return [tag for tag, _ in self.elements]


def assert_safe(html: str) -> None:
    # Text "<" is always escaped as &lt;, so every literal "<" in the output opens real markup.
    lowered = html.lower()
    assert set(re.findall(r"</?([a-z0-9]+)", lowered)) <= ALLOWED_TAGS
    assert "<!" not in lowered
    assert not re.search(r"<[^>]*\s(?:on\w+|style|srcdoc|formaction)\s*=", lowered)
    assert not re.search(r"<[^>]*\s(?:href|src)\s*=\s*[\"']?\s*(?!https?:|mailto:|tel:)[a-z][a-z0-9+.-]*:",
                         lowered)
    parsed = Elements(html)
    assert not parsed.comments
    for tag, attrs in parsed.elements:
        assert tag in ALLOWED_TAGS, tag
        assert set(attrs) <= ALLOWED_ATTRIBUTES, (tag, attrs)
        for name in ("href", "src"):
            if name in attrs:
                # The browser decodes entities before it looks at the scheme: so did the parser.
                assert urlsplit(attrs[name].strip()).scheme.lower() in SAFE_SCHEMES, attrs[name]


def first(html: str, tag: str) -> dict[str, str]:
    return next(attrs for name, attrs in Elements(html).elements if name == tag)


@pytest.mark.parametrize("markdown,tag,classes", [
    ("# Title", "h1", "govuk-heading-xl"),
    ("## Bins", "h2", "govuk-heading-l"),
    ("### Bins", "h3", "govuk-heading-m"),
    ("#### Bins", "h4", "govuk-heading-s"),
    ("Some words", "p", "govuk-body"),
    ("- one\n- two", "ul", "govuk-list govuk-list--bullet"),
    ("1. one\n2. two", "ol", "govuk-list govuk-list--number"),
    ("[Bins](/bins)", "a", "govuk-link"),
    ("![A green bin](/bin.png)", "img", "ieg-content-image"),
    ("> Note this", "blockquote", "govuk-inset-text"),
    ("---", "hr", "govuk-section-break govuk-section-break--l govuk-section-break--visible"),
    ("| Day |\n|---|\n| Mon |", "table", "govuk-table"),
    ("| Day |\n|---|\n| Mon |", "thead", "govuk-table__head"),
    ("| Day |\n|---|\n| Mon |", "tbody", "govuk-table__body"),
    ("| Day |\n|---|\n| Mon |", "tr", "govuk-table__row"),
    ("| Day |\n|---|\n| Mon |", "th", "govuk-table__header"),
    ("| Day |\n|---|\n| Mon |", "td", "govuk-table__cell"),
])
def test_govuk_classes(markdown, tag, classes):
    assert first(render(markdown), tag)["class"] == classes


def test_every_element_of_its_kind_gets_the_class():
    html = render("Para one\n\nPara two\n\n- [a](/a)\n- [b](/b)")
    parsed = Elements(html)
    assert [a["class"] for t, a in parsed.elements if t == "p"] == ["govuk-body", "govuk-body"]
    assert [a["class"] for t, a in parsed.elements if t == "a"] == ["govuk-link", "govuk-link"]


def test_h1_stays_h1_for_the_checker_to_report():
    assert render("# Welcome") == '<h1 class="govuk-heading-xl">Welcome</h1>\n'


def test_h2_and_h3_get_unique_ids():
    html = render("## Bins & recycling\n\n### Fees\n\n## Bins & recycling\n\n### Fees\n\n#### Small print")
    ids = [attrs.get("id") for tag, attrs in Elements(html).elements if tag.startswith("h")]
    assert ids == ["bins-recycling", "fees", "bins-recycling-2", "fees-2", None]


def test_heading_ids_avoid_the_layouts_ids_and_odd_text():
    html = render("## Main content\n\n## Café opening\n\n## ???")
    ids = [attrs["id"] for tag, attrs in Elements(html).elements if tag == "h2"]
    assert ids == ["main-content-2", "cafe-opening", "section"]


def test_reserved_ids_cover_the_layout_around_a_page_body():
    # A heading id equal to one of these would duplicate it on the public page.
    templates = [TEMPLATES / "base.html", *sorted((TEMPLATES / "public").glob("*.html"))]
    layout_ids = {i for t in templates for i in re.findall(r'\bid="([^"{}]+)"', t.read_text())}
    assert layout_ids <= RESERVED_IDS, sorted(layout_ids - RESERVED_IDS)


def test_table_header_has_scope_and_no_alignment_style():
    html = render("| Day | Amount |\n|:---|---:|\n| Mon | £5 |")
    assert first(html, "th") == {"class": "govuk-table__header", "scope": "col"}
    assert first(html, "td") == {"class": "govuk-table__cell"}


def test_external_links_get_rel_internal_ones_do_not():
    html = render("[GOV.UK](https://www.gov.uk/) [Bins](/bins) [Top](#fees) [Email](mailto:a@council.gov.uk) "
                  "[Call](tel:01234567890) [Other](//example.org/x)")
    rels = {a.get("href"): a.get("rel") for tag, a in Elements(html).elements if tag == "a"}
    assert rels == {
        "https://www.gov.uk/": "noopener noreferrer",
        "/bins": None,
        "#fees": None,
        "mailto:a@council.gov.uk": None,
        "tel:01234567890": None,
        "//example.org/x": "noopener noreferrer",
    }


def test_link_and_image_titles():
    html = render('[Bins](/bins "Bin days") ![A bin](/bin.png "Our bins")')
    assert first(html, "a") == {"href": "/bins", "class": "govuk-link"}
    assert first(html, "img") == {"src": "/bin.png", "alt": "A bin", "title": "Our bins",
                                  "class": "ieg-content-image"}


def test_inline_formatting():
    html = render("**bold** *em* ~~gone~~ `code`  \nnext")
    assert html == ('<p class="govuk-body"><strong>bold</strong> <em>em</em> <del>gone</del> '
                    "<code>code</code><br>\nnext</p>\n")


def test_code_block_loses_language_class():
    assert render("```python\nprint(1)\n```") == "<pre><code>print(1)\n</code></pre>\n"


def test_raw_html_is_shown_as_text():
    assert render("Use <b>bold</b>") == '<p class="govuk-body">Use &lt;b&gt;bold&lt;/b&gt;</p>\n'


HOSTILE_MARKDOWN = [
    "<script>alert(1)</script>",
    "Text <script>alert(1)</script> more",
    '<img src="x" onerror="alert(1)">',
    '<a href="/" onclick="alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&#58;alert(1))",
    "[x]( javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    '<p style="position:fixed">x</p>',
    '<object data="evil.swf"></object>',
    "<!-- hidden --> visible",
    "<div><!--\nmultiline\n--></div>",
    '<svg onload="alert(1)">',
    "```\n<script>alert(1)</script>\n```",
    "| <script>alert(1)</script> |\n|---|\n| [x](javascript:alert(1)) |",
]


@pytest.mark.parametrize("markdown", HOSTILE_MARKDOWN)
def test_hostile_markdown_never_becomes_live_markup(markdown):
    assert_safe(render(markdown))


def test_hostile_text_survives_only_as_escaped_text():
    html = render('<img src=x onerror="alert(1)">')
    assert html == '<p class="govuk-body">&lt;img src=x onerror="alert(1)"&gt;</p>\n'
    assert Elements(html).tags() == ["p"]


def test_data_image_url_is_dropped_from_src():
    assert first(render("![A chart](data:image/png;base64,iVBORw0KGgo=)"), "img") == {
        "alt": "A chart", "class": "ieg-content-image"}


HOSTILE_HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)" alt="a">',
    '<a href="/" onclick="alert(1)" class="govuk-link">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">',
    '<a href="data:text/html,hi">x</a>',
    '<iframe src="https://evil.example">inner</iframe>',
    "<style>body{display:none}</style>",
    '<p style="color:red" align="center">x</p>',
    '<object data="evil.swf"><embed src="evil.swf"></object>',
    "<!-- a comment -->",
    '<a href="/" class="govuk-link evil-class" rel="opener">x</a>',
    '<h4 id="x">Not an allowed id</h4>',
    '<form action="/steal"><input name="password"></form>',
]


@pytest.mark.parametrize("html", HOSTILE_HTML)
def test_sanitiser_cleans_raw_html(html):
    # Defence in depth: even if raw HTML ever reached the sanitiser, none of it would stay live.
    cleaned = sanitise(html)
    assert_safe(cleaned)
    for tag, attrs in Elements(cleaned).elements:
        assert "evil-class" not in attrs.get("class", "")
        assert attrs.get("rel") in (None, "noopener noreferrer")
        assert not (tag == "h4" and "id" in attrs)


def test_sanitiser_keeps_what_render_emits():
    html = render("## Fees\n\n[GOV.UK](https://www.gov.uk/)\n\n| A |\n|---|\n| 1 |")
    assert sanitise(html) == html


def test_realistic_council_page():
    markdown = (
        "## When your bins are collected\n"
        "\n"
        "We collect household waste **every week** and recycling every other week.\n"
        "\n"
        "- Put your bin out by 7am\n"
        "- Close the lid\n"
        "\n"
        "[Report a missed bin](https://www.example-council.gov.uk/missed-bin).\n"
        "\n"
        "| Area | Collection day |\n"
        "|---|---|\n"
        "| North | Monday |\n"
        "| South | Thursday |\n"
    )
    assert render(markdown) == (
        '<h2 class="govuk-heading-l" id="when-your-bins-are-collected">When your bins are collected</h2>\n'
        '<p class="govuk-body">We collect household waste <strong>every week</strong> and recycling every '
        "other week.</p>\n"
        '<ul class="govuk-list govuk-list--bullet">\n'
        "<li>Put your bin out by 7am</li>\n"
        "<li>Close the lid</li>\n"
        "</ul>\n"
        '<p class="govuk-body"><a href="https://www.example-council.gov.uk/missed-bin" class="govuk-link" '
        'rel="noopener noreferrer">Report a missed bin</a>.</p>\n'
        '<table class="govuk-table">\n'
        '<thead class="govuk-table__head">\n'
        '<tr class="govuk-table__row">\n'
        '<th class="govuk-table__header" scope="col">Area</th>\n'
        '<th class="govuk-table__header" scope="col">Collection day</th>\n'
        "</tr>\n"
        "</thead>\n"
        '<tbody class="govuk-table__body">\n'
        '<tr class="govuk-table__row">\n'
        '<td class="govuk-table__cell">North</td>\n'
        '<td class="govuk-table__cell">Monday</td>\n'
        "</tr>\n"
        '<tr class="govuk-table__row">\n'
        '<td class="govuk-table__cell">South</td>\n'
        '<td class="govuk-table__cell">Thursday</td>\n'
        "</tr>\n"
        "</tbody>\n"
        "</table>\n"
    )


def test_render_of_nothing_is_nothing():
    assert render("") == ""
    assert plain_text("") == ""


def test_plain_text():
    markdown = (
        "## Bins &amp; recycling\n\n"
        "Put **your**   bin out\nby *7am*.  \nSee [the calendar](/calendar).\n\n"
        "![A green bin](/bin.png)\n\n"
        "- one\n- two\n\n"
        "| Day | Bin |\n|---|---|\n| Mon | Green |\n\n"
        "```\ncode  here\n```\n\n"
        "Typed <b>tags</b> stay as the text shown on the page."
    )
    assert plain_text(markdown) == (
        "Bins & recycling Put your bin out by 7am. See the calendar. A green bin one two Day Bin Mon Green "
        "code here Typed <b>tags</b> stay as the text shown on the page."
    )


def test_parser_is_commonmark_with_tables_and_strikethrough_and_no_html():
    md = make_parser()
    assert md.options["html"] is False
    assert md.options["linkify"] is False
    types = {t.type for t in md.parse("| a |\n|---|\n| b |\n\n~~x~~ https://example.org")}
    assert "table_open" in types
    inline = [c.type for t in md.parse("~~x~~ https://example.org") for c in (t.children or [])]
    assert "s_open" in inline and "link_open" not in inline
