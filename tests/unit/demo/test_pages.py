"""The demo council's pages and A to Z: complete, consistent with the real LGSL list, and accessible."""
import ast
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ieg.demo import a_to_z, eforms as demo_forms, pages as demo_content
from ieg.casework.eform_definitions import STANDARD_FORMS
from ieg.content import lgsl
from ieg.content.accessibility import ERROR, check_page
from ieg.content.linkcheck import is_home_page
from ieg.content.markdown import parse, plain_text
from ieg.demo import SECTIONS
from ieg.demo.a_to_z import DEEP_LINKS, LGSL_SUBSET
from ieg.demo.pages import FOLDER, PAGES, DemoPage, PageFileError, load_pages, page_path

LGNL_XML = Path(__file__).resolve().parents[2] / "data" / "lgnl-navigation-england-wales-2013.xml"
SECTION_SLUGS = {slug for slug, *_ in SECTIONS}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PAGE_IDS = [f"{p.section}/{p.slug}" for p in PAGES]
PUBLISHED_PATHS = {page_path(p) for p in PAGES if p.state == demo_content.PUBLISHED}
FORM_TITLES = {f.slug: f.title for f in (*STANDARD_FORMS.values(), *demo_forms.FORMS)}
FORM_SLUGS = set(FORM_TITLES)
FIXED_PATHS = {"/forms/", "/track", "/contact", "/pay", "/a-z", "/service-standards", "/accessibility",
               "/councillors/", "/councillors/find", "/meetings/"}


def links(body: str) -> list[str]:
    return [str(child.attrGet("href") or "")
            for token in parse(body) if token.type == "inline"
            for child in token.children or [] if child.type == "link_open"]


def is_example_host(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith(".example") or ".example." in host


@pytest.fixture(scope="module")
def real_services() -> dict[int, lgsl.Service]:
    return {s.identifier: s for s in lgsl.parse_file(LGNL_XML).services}


# --- structure ------------------------------------------------------------------


def test_enough_pages_in_every_section():
    assert len(PAGES) >= 64
    counts = Counter(p.section for p in PAGES)
    assert set(counts) <= SECTION_SLUGS
    assert {slug: counts[slug] for slug in SECTION_SLUGS if counts[slug] < 2} == {}
    busy = ("waste-and-recycling", "council-tax", "benefits", "planning", "parking", "housing")
    assert {slug: counts[slug] for slug in busy if counts[slug] < 5} == {}


def test_slugs_are_valid_and_unique_within_a_section():
    assert all(SLUG.fullmatch(p.slug) for p in PAGES)
    duplicates = [key for key, n in Counter(p.key for p in PAGES).items() if n > 1]
    assert duplicates == []


def test_parents_come_earlier_in_the_same_section():
    seen: set[tuple[str, str]] = set()
    for page in PAGES:
        if page.parent is not None:
            assert (page.section, page.parent) in seen, page.key
        seen.add(page.key)
    sections_with_sub_pages = {p.section for p in PAGES if p.parent}
    assert len(sections_with_sub_pages) >= 3


def test_page_paths_include_parents():
    by_slug = {p.key: p for p in PAGES}
    child = by_slug[("parking", "pay-a-penalty-charge-notice")]
    assert page_path(child) == "/parking/penalty-charge-notices/pay-a-penalty-charge-notice"
    assert page_path(by_slug[("council-tax", "pay-council-tax")]) == "/council-tax/pay-council-tax"


def test_titles_summaries_and_owners_are_filled_in():
    for page in PAGES:
        assert page.title.strip() and len(page.title) <= 200, page.key
        assert page.summary.strip() and len(page.summary) <= 160, page.key
        assert page.owner.strip(), page.key
        assert page.state in demo_content.STATES, page.key


def test_workflow_states_and_top_tasks():
    states = Counter(p.state for p in PAGES)
    assert states[demo_content.IN_REVIEW] == 3
    assert states[demo_content.DRAFT] == 3
    overdue = [p for p in PAGES if p.review_overdue]
    assert len(overdue) == 4
    assert all(p.state == demo_content.PUBLISHED for p in overdue)
    top = [p for p in PAGES if p.top_task]
    assert 6 <= len(top) <= 8
    assert all(p.state == demo_content.PUBLISHED for p in top)


# --- LGSL, outcomes and the A to Z ---------------------------------------------------------


def test_lgsl_subset_is_copied_from_the_real_list(real_services):
    ids = [ident for ident, _, _ in LGSL_SUBSET]
    assert len(ids) == len(set(ids))
    assert 120 <= len(ids) <= 160
    for ident, label, description in LGSL_SUBSET:
        assert ident in real_services, ident
        assert label == real_services[ident].label, ident
        assert description == real_services[ident].description, ident


def test_every_lgsl_id_used_is_in_the_subset():
    known = {ident for ident, _, _ in LGSL_SUBSET}
    used = {i for p in PAGES for i in p.lgsl} | {d[3] for d in DEEP_LINKS if d[3] is not None}
    assert used - known == set()
    for page in PAGES:
        assert len(page.lgsl) == len(set(page.lgsl)), page.key


def test_outcome_refs_exist():
    from ieg.reference.outcomes import all_outcomes

    refs = {o.ref for o in all_outcomes()}
    used = {ref for p in PAGES for ref in p.outcomes}
    assert used - refs == set()
    published = {ref for p in PAGES if p.state == demo_content.PUBLISHED for ref in p.outcomes}
    assert {"R2", "R3", "R5", "R6", "R7", "R14", "R18", "G13"} <= published


def test_az_has_at_least_100_entries():
    published = [p for p in PAGES if p.state == demo_content.PUBLISHED]
    count = sum(len(p.lgsl) + len(p.aliases) for p in published) + len(DEEP_LINKS)
    assert count == demo_content.az_entry_count()
    assert count >= 100
    distinct = ({i for p in published for i in p.lgsl} | {d[3] for d in DEEP_LINKS if d[3] is not None})
    assert len(distinct) >= 100


def test_deep_links_are_county_service_pages():
    assert 12 <= len(DEEP_LINKS) <= 20
    labels = [label for label, *_ in DEEP_LINKS]
    urls = [url for _, url, _, _ in DEEP_LINKS]
    assert len(set(labels)) == len(labels) and len(set(urls)) == len(urls)
    for label, url, provider, _ in DEEP_LINKS:
        assert label.strip() and provider == demo_content.COUNTY
        assert url.startswith("https://www.westshire.example.gov.uk/"), url
        assert is_example_host(url), url
        assert not is_home_page(url), url


# --- page bodies ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_body_passes_accessibility_checks(page: DemoPage):
    findings = check_page(page.body, title=page.title)
    assert [f.message for f in findings if f.level == ERROR] == []
    assert [f.message for f in findings] == []  # warnings too: the demo shows editors good practice


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_body_is_well_formed(page: DemoPage):
    headings = [t for t in parse(page.body) if t.type == "heading_open"]
    assert headings and all(t.tag != "h1" for t in headings)
    assert not any(t.type == "image" for token in parse(page.body) for t in token.children or [])
    words = len(plain_text(page.body).split())
    assert 80 <= words <= 400, words
    assert "click here" not in page.body.lower()


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_links_go_somewhere_real(page: DemoPage):
    for href in links(page.body):
        if href.startswith("/forms/"):
            assert href.removeprefix("/forms/") in FORM_SLUGS, href  # a form that exists
        elif href in FIXED_PATHS:
            pass
        elif href.startswith("/"):
            section = href.strip("/").split("/")[0]
            # Internal links point at a section, or at a page the public can see.
            assert href.rstrip("/") in {f"/{section}"} | PUBLISHED_PATHS, href
            assert section in SECTION_SLUGS, href
        else:
            assert href.startswith("https://"), href
            assert is_example_host(href), href
            assert not is_home_page(href), href
            # The council's own services are IEG's forms: an address for them elsewhere is a placeholder.
            assert urlsplit(href).hostname != "services.ashdown.example.gov.uk", href


def test_every_form_is_linked_from_a_published_page_and_pages_link_their_own_form():
    linked = {href.removeprefix("/forms/") for p in PAGES if p.state == demo_content.PUBLISHED
              for href in links(p.body) if href.startswith("/forms/")}
    assert FORM_SLUGS - linked == set()
    titles = {title: slug for slug, title in FORM_TITLES.items()}
    for page in PAGES:
        if page.title in titles:
            assert f"/forms/{titles[page.title]}" in links(page.body), page.key


def test_module_is_plain_data():
    """The A to Z's data reads no file (nothing outside the repository) and touches no database."""
    source = Path(a_to_z.__file__).read_text(encoding="utf-8")
    imported = {alias.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in node.names} | {node.module for node in ast.walk(ast.parse(source))
                                             if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"annotations", "__future__", "textwrap", "dataclass", "dataclasses"}
    assert "open(" not in source


# --- the page files ---------------------------------------------------------------


def test_pages_are_read_from_files_beside_the_package():
    """One Markdown file per page, in its section's folder inside the package (so a clean clone
    and `make run` find them wherever the checkout is), and the loader touches no database."""
    assert FOLDER == Path(demo_content.__file__).parent / "content"
    files = sorted(FOLDER.glob("*/*.md"))
    assert len(files) == len(PAGES)
    assert {(f.parent.name, f.stem) for f in files} == {p.key for p in PAGES}
    source = Path(demo_content.__file__).read_text(encoding="utf-8")
    assert "sqlalchemy" not in source and "ieg.models" not in source


def test_page_file_round_trip(tmp_path: Path):
    folder = tmp_path / "waste-and-recycling"
    folder.mkdir()
    (folder / "bulky-waste.md").write_text(
        "---\ntitle: Bulky waste: what we take\nsummary: Book a collection.\nowner: Waste Team\norder: 2\n"
        "parent: bins\nstate: in_review\nreview_overdue: true\nlgsl:\n  - 527\naliases:\n  - Sofas\n  - Fridges\n"
        "---\n\n## Book\n\nCall us.\n\n", encoding="utf-8")
    (folder / "bins.md").write_text(
        "---\ntitle: Bins\nsummary: Days.\nowner: Waste Team\norder: 1\ntop_task: true\n---\nBins.\n",
        encoding="utf-8")
    bins, bulky = load_pages(tmp_path)
    assert bins == DemoPage(section="waste-and-recycling", slug="bins", title="Bins", summary="Days.",
                            body="Bins.\n", owner="Waste Team", top_task=True)
    assert bulky == DemoPage(section="waste-and-recycling", slug="bulky-waste", title="Bulky waste: what we take",
                             summary="Book a collection.", body="## Book\n\nCall us.\n", owner="Waste Team",
                             lgsl=(527,), aliases=("Sofas", "Fridges"), parent="bins", state=demo_content.IN_REVIEW,
                             review_overdue=True)


GOOD = "---\ntitle: Bins\nsummary: Days.\nowner: Waste Team\norder: 1\n---\nBins.\n"


@pytest.mark.parametrize("text, line, problem", [
    ("title: Bins\n", 1, "starts with a line '---'"),
    (GOOD.replace("order: 1", "order: first"), 5, "'first' is not a whole number"),
    (GOOD.replace("order: 1", "colour: blue"), 5, "unknown key 'colour'"),
    (GOOD.replace("owner: Waste Team\n", ""), 5, "lacks owner"),
    (GOOD.replace("order: 1\n", "order: 1\ntop_task: yes\n"), 6, "'yes' is neither true nor false"),
    (GOOD.replace("order: 1\n", "order: 1\nstate: live\n"), 6, "'live' is not one of"),
    (GOOD.replace("order: 1\n", "order: 1\nlgsl: 524\n"), 6, "lgsl is a list"),
    (GOOD.replace("order: 1\n", "order: 1\nlgsl:\n---"), 6, "lgsl has no items"),
    (GOOD.replace("order: 1\n", "order: 1\naliases:\n  - \n"), 7, "an empty item in aliases"),
    (GOOD.replace("order: 1\n", "order: 1\n  - 524\n"), 6, "no list key"),
    (GOOD.replace("order: 1\n", "order: 1\ntitle: Again\n"), 6, "title is given twice (first on line 2)"),
    (GOOD.replace("order: 1\n", "order: 1\nparent: nowhere\n"), 6, "parent 'nowhere' is not a page ordered"),
    (GOOD.replace("---\nBins.\n", ""), 5, "no closing '---'"),
    (GOOD.replace("---\nBins.\n", "Bins.\n"), 6, "expected 'key: value'"),
    (GOOD.replace("Bins.\n", "\n"), 6, "no body"),
])
def test_malformed_page_file_names_the_file_and_line(tmp_path: Path, text: str, line: int, problem: str):
    path = tmp_path / "waste-and-recycling" / "bins.md"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PageFileError) as raised:
        load_pages(tmp_path)
    assert str(raised.value).startswith(f"{path}, line {line}: ")
    assert problem in str(raised.value)


def test_two_pages_in_one_place_or_an_unknown_section_are_refused(tmp_path: Path):
    folder = tmp_path / "waste-and-recycling"
    folder.mkdir()
    (folder / "a.md").write_text(GOOD, encoding="utf-8")
    (folder / "b.md").write_text(GOOD, encoding="utf-8")
    with pytest.raises(PageFileError, match=r"b\.md, line 5: order 1 is also a\.md's"):
        load_pages(tmp_path)
    (folder / "b.md").unlink()
    (tmp_path / "bin-day").mkdir()
    with pytest.raises(PageFileError, match="a folder for a section the demo does not have"):
        load_pages(tmp_path)
