import pytest

from ieg.content.accessibility import Document, Finding, blocking, check_page

TITLE = "Bin collections"


def check(body: str, **kwargs) -> list[Finding]:
    kwargs.setdefault("title", TITLE)
    return check_page(body, **kwargs)


# code, level, the page with the problem (body, keyword arguments), the lines reported, a quote the
# message must carry, and a clean counterpart that must yield no findings at all.
CASES = [
    ("image-alt-missing", "error",
     ("Our bins.\n\n![](/images/bins.jpg)", {}), [3], '"bins.jpg"',
     ("Our bins.\n\n![A green wheelie bin](/images/bins.jpg)", {})),
    ("heading-level-1", "error",
     ("# Bins\n\nText.", {}), [1], '"Bins"',
     ("## Bins\n\nText.", {})),
    ("heading-level-skipped", "error",
     ("## Bins\n\nText.\n\n#### Fees\n\nText.", {}), [5], '"Fees"',
     ("## Bins\n\nText.\n\n### Fees\n\nText.", {})),
    ("heading-level-skipped", "error",
     ("Text.\n\n### Fees", {}), [3], '"Fees"',
     ("Text.\n\n## Fees", {})),
    ("heading-empty", "error",
     ("##\n\nText.", {}), [1], "##",
     ("## Fees\n\nText.", {})),
    ("link-text-empty", "error",
     ("Check your day.\n[](/bin-days)", {}), [2], '"/bin-days"',
     ("Check your day.\n[Bin collection days](/bin-days)", {})),
    ("link-text-vague", "error",
     ("To see your day [click here](/bin-days).", {}), [1], '"click here"',
     ("See [your bin collection day](/bin-days).", {})),
    ("table-header-missing", "error",
     ("Days:\n\n| | |\n|---|---|\n| North | Monday |", {}), [3], "header row",
     ("Days:\n\n| Area | Day |\n|---|---|\n| North | Monday |", {})),
    ("page-title-missing", "error",
     ("Text.", {"title": "  "}), [None], "no title",
     ("Text.", {"title": "Bins"})),
    ("document-title-missing", "error",
     ("Text.", {"documents": [Document(" ", "budget-2026.pdf")]}), [None], '"budget-2026.pdf"',
     ("Text.", {"documents": [Document("Budget 2026", "budget-2026.pdf")]})),
    ("link-text-url", "warning",
     ("See <https://www.gov.uk/bins>.", {}), [1], '"https://www.gov.uk/bins"',
     ("See [bins on GOV.UK](https://www.gov.uk/bins).", {})),
    ("link-text-url", "warning",
     ("See [www.gov.uk](https://www.gov.uk/).", {}), [1], '"www.gov.uk"',
     ("See [GOV.UK](https://www.gov.uk/).", {})),
    ("link-text-duplicate", "warning",
     ("[Apply](/parking-permit)\n\n[Apply](/bus-pass)", {}), [3], "line 1",
     ("[Apply](/parking-permit)\n\n[Apply](/parking-permit)", {})),
    ("image-alt-filename", "warning",
     ("![IMG_1234.JPG](/uploads/IMG_1234.JPG)", {}), [1], '"IMG_1234.JPG"',
     ("![The new recycling centre](/uploads/IMG_1234.JPG)", {})),
    ("image-alt-redundant", "warning",
     ("![Image of the town hall](/th.jpg)", {}), [1], '"the town hall"',
     ("![The town hall in spring](/th.jpg)", {})),
    ("image-alt-redundant", "warning",
     ("![Picture of a fox](/fox.jpg)", {}), [1], '"Picture of"',
     ("![A fox by a bin](/fox.jpg)", {})),
    ("paragraph-long", "warning",
     ("## Fees\n\n" + "word " * 101, {}), [3], "101 words",
     ("## Fees\n\n" + "word " * 100, {})),
    ("text-all-capitals", "warning",
     ("Please\nDO NOT PUT GLASS in the bin.", {}), [2], '"DO NOT PUT GLASS"',
     ("Please do NOT PUT GLASS in the NHS or DVLA bin.", {})),
    ("link-document-format", "warning",
     ("Read the [budget 2026](/files/budget.pdf?v=2).", {}), [1], '"budget 2026 (PDF)"',
     ("Read the [budget 2026 (PDF, 1.2 MB)](/files/budget.pdf?v=2).", {})),
    ("link-document-format", "warning",
     ("Fill in the [application form](/files/form.DOCX).", {}), [1], "Word",
     ("Fill in the [application form (Word document)](/files/form.DOCX).", {})),
]


@pytest.mark.parametrize("code,level,bad,lines,quote,clean", CASES,
                         ids=[f"{case[0]}-{i}" for i, case in enumerate(CASES)])
def test_rule_detects(code, level, bad, lines, quote, clean):
    body, kwargs = bad
    found = [f for f in check(body, **kwargs) if f.code == code]
    assert [f.line for f in found] == lines
    assert all(f.level == level for f in found)
    for finding in found:
        assert quote in finding.message
        if finding.line is not None:
            assert finding.message.startswith(f"Line {finding.line}: ")


@pytest.mark.parametrize("code,level,bad,lines,quote,clean", CASES,
                         ids=[f"{case[0]}-{i}" for i, case in enumerate(CASES)])
def test_rule_clean_counterpart(code, level, bad, lines, quote, clean):
    body, kwargs = clean
    assert check(body, **kwargs) == []


@pytest.mark.parametrize("text", [
    "click here", "Click Here!", "here", "HERE.", "Read more…", "read more", "more", "More >>",
    "more information", "link", "this link", "this page", "Find out more.", "download", "Download!",
    "  click   here  ",
])
def test_vague_link_text_ignores_case_and_punctuation(text):
    [finding] = check(f"[{text}](/bins)")
    assert (finding.code, finding.level, finding.line) == ("link-text-vague", "error", 1)


@pytest.mark.parametrize("text,href", [
    ("Download the budget (PDF)", "/files/budget.pdf"), ("Read more about bins", "/bins"),
    ("Here is the form", "/form"),
])
def test_longer_link_text_is_not_vague(text, href):
    assert check(f"[{text}]({href})") == []


def test_vague_or_empty_link_text_is_not_also_reported_as_duplicate():
    findings = check("[click here](/a)\n\n[click here](/b)\n\n[](/c)\n\n[](/d)")
    assert [f.code for f in findings] == ["link-text-vague", "link-text-vague", "link-text-empty",
                                          "link-text-empty"]


def test_link_wrapping_an_image_takes_its_text_from_the_alt_text():
    assert check("[![Report a missed bin](/icon.png)](/missed-bin)") == []
    codes = [f.code for f in check("[![](/icon.png)](/missed-bin)")]
    assert codes == ["image-alt-missing", "link-text-empty"]


def test_body_h1_is_judged_as_h2_for_the_levels_after_it():
    # The fix offered is "make it level 2", so what follows should not also be reported.
    findings = check("# Bins\n\n### Fees")
    assert [(f.code, f.line) for f in findings] == [("heading-level-1", 1)]


def test_going_back_up_heading_levels_is_fine():
    assert check("## A\n\n### B\n\n#### C\n\n## D\n\n### E") == []


def test_line_numbers_across_blocks():
    body = "\n".join([
        "## Bins",                                   # 1
        "",                                          # 2
        "First line of a paragraph",                 # 3
        "and the second has [click here](/a).",      # 4
        "",                                          # 5
        "- a list item",                             # 6
        "- an item with ![](/x.png)",                # 7
        "",                                          # 8
        "> Inset text",                              # 9
        "> with [more](/b)",                         # 10
        "",                                          # 11
        "| Area | Day |",                            # 12
        "|---|---|",                                 # 13
        "| North | Monday |",                        # 14
        "| South | [here](/c) |",                    # 15
        "",                                          # 16
        "##### Too deep",                            # 17
    ])
    findings = check(body, title="")
    assert [(f.line, f.code) for f in findings] == [
        (None, "page-title-missing"),
        (4, "link-text-vague"),
        (7, "image-alt-missing"),
        (10, "link-text-vague"),
        (15, "link-text-vague"),
        (17, "heading-level-skipped"),
    ]


def test_messages_say_how_to_fix_in_plain_english():
    [skip] = check("## Bins\n\n#### Fees")
    assert skip.message == ('Line 3: the heading "Fees" is level 4 (####) but the heading before it is level 2, '
                            "so a level is skipped. Either make it level 3 (###), or add a level 3 heading "
                            "above it.")
    [image] = check("![](/images/bins.jpg)")
    assert "Describe the image inside the square brackets" in image.message


def test_long_quotes_are_shortened():
    [finding] = check("![](/images/" + "a" * 200 + ".jpg)")
    assert "…" in finding.message
    assert "a" * 100 not in finding.message


def test_capitals_in_code_are_ignored():
    assert check("Type `SELECT ALL THE THINGS` here.\n\n    PLEASE DO NOT SHOUT") == []


def test_findings_are_sorted_with_page_level_ones_first():
    findings = check("![](/a.png)\n\n# Title", title="", documents=[Document("", "a.pdf")])
    assert [(f.line, f.code) for f in findings] == [
        (None, "page-title-missing"), (None, "document-title-missing"),
        (1, "image-alt-missing"), (3, "heading-level-1"),
    ]


def test_blocking():
    assert blocking(check("[click here](/a)")) is True
    assert blocking(check("[Apply](/a)\n\n[Apply](/b)")) is False
    assert blocking([]) is False


def test_realistic_clean_council_page():
    body = (
        "## When your bins are collected\n"
        "\n"
        "We collect household waste every week and recycling every other week. Put your bins out by 7am\n"
        "on your collection day. The NHS and DVLA do not collect bins.\n"
        "\n"
        "![A green wheelie bin with its lid closed](/media/green-bin.jpg)\n"
        "\n"
        "### Collection days\n"
        "\n"
        "| Area | Household waste | Recycling |\n"
        "|---|---|---|\n"
        "| North | Monday | Tuesday |\n"
        "| South | Thursday | Friday |\n"
        "\n"
        "### If we missed your bin\n"
        "\n"
        "- [Report a missed bin](/bins/missed)\n"
        "- Email [waste@example-council.gov.uk](mailto:waste@example-council.gov.uk)\n"
        "- Read our [waste policy (PDF, 300 KB)](/files/waste-policy.pdf)\n"
        "- See [recycling advice on GOV.UK](https://www.gov.uk/recycling)\n"
        "\n"
        "> Bank holidays move collections by one day.\n"
        "\n"
        "## Garden waste\n"
        "\n"
        "Garden waste collection is a paid service. [Apply for garden waste collection](/bins/garden).\n"
    )
    documents = [Document("Waste policy 2026", "waste-policy.pdf")]
    assert check_page(body, title="Bin collections", documents=documents) == []


def test_line_numbers_with_windows_line_endings():
    # Browsers submit textareas with CRLF line endings.
    findings = check("## Bins\r\n\r\nText\r\nmore [here](/x)\r\n\r\n#### Fees\r\n")
    assert [(f.line, f.code) for f in findings] == [(4, "link-text-vague"), (6, "heading-level-skipped")]
