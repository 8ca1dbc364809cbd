"""The pure rules behind the residents' pages: sorting forms by what residents come to do,
tables that scroll on their own, the sitemap's XML, the payments link and the address."""
import re
from datetime import datetime, timezone
from types import SimpleNamespace
import xml.etree.ElementTree as ElementTree

import pytest

from ieg.casework import form_groups
from ieg.casework.eform_definitions import STANDARD_FORMS
from ieg.content import contact, paying, sitemap, tables
from ieg.content.markdown import render


@pytest.mark.parametrize("title,kind", [
    ("Report a missed bin", "report"), ("report graffiti", "report"),
    ("Apply for an assisted bin collection", "apply"), ("Ask for a bulky waste collection", "apply"),
    ("Order a new or replacement bin", "apply"), ("Join the allotment waiting list", "apply"),
    ("Claim help with rent or council tax", "apply"), ("Ask us a question", "ask"), ("Make a complaint", "ask"),
    ("Tell us you have moved", "ask"), ("Reporting standards", "ask"), ("", "ask")])
def test_a_form_is_sorted_by_the_first_words_of_its_title(title, kind):
    assert form_groups.kind_of(title) == kind


def test_groups_keep_their_order_and_leave_out_empty_ones():
    made = [SimpleNamespace(title=t) for t in ("Report b", "Ask us", "Report a", "Make a complaint")]
    groups = form_groups.group(made)
    assert [g.key for g in groups] == ["report", "ask"]
    assert [f.title for f in groups[0].forms] == ["Report a", "Report b"]
    by_use = form_groups.group(made, order=lambda f: -{"Report b": 5}.get(f.title, 0))
    assert [f.title for f in by_use[0].forms] == ["Report b", "Report a"]
    assert {g.key for g in form_groups.group(STANDARD_FORMS.values())} == {"report", "apply", "ask"}


def test_each_table_scrolls_in_a_named_focusable_region():
    html = str(render("## Which bins we collect\n\n| Bin | When |\n|---|---|\n| Green | Monday |\n\n"
                      "| Plot & size | Rent |\n|---|---|\n| Half | £50 |\n\nText after."))
    wrapped = str(tables.scrollable(html))
    assert wrapped.count('<div class="ieg-table-scroll" role="region"') == 2
    assert wrapped.count('tabindex="0"') == 2 and wrapped.count("</table></div>") == 2
    assert 'aria-labelledby="which-bins-we-collect"' in wrapped  # the heading above it
    assert 'aria-label="Plot &amp; size, Rent"' in wrapped  # the heading is taken: its columns
    assert re.sub(r'<div class="ieg-table-scroll"[^>]*>|(?<=</table>)</div>', "", wrapped) == html  # nothing else
    assert tables.scrollable("<p>No table</p>") == "<p>No table</p>"


def test_the_sitemap_document_is_valid_and_escaped():
    when = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    xml = sitemap.document("https://www.example.gov.uk/", [
        sitemap.Entry("/", when), sitemap.Entry("/a&b"), sitemap.Entry("/", None)])
    root = ElementTree.fromstring(xml)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = root.findall(f"{ns}url")
    assert [u.findtext(f"{ns}loc") for u in urls] == ["https://www.example.gov.uk/", "https://www.example.gov.uk/a&b"]
    assert urls[0].findtext(f"{ns}lastmod") == "2026-03-01T12:00:00+00:00"
    assert urls[1].find(f"{ns}lastmod") is None


@pytest.mark.parametrize("configured,url", [
    (None, None), ("", None), ("  https://pay.example.gov.uk/x  ", "https://pay.example.gov.uk/x"),
    ("http://localhost:8080/pay", "http://localhost:8080/pay"), ("javascript:alert(1)", None),
    ("//pay.example.gov.uk", None), ("https://", None), ("pay online", None)])
def test_only_a_web_address_is_linked_as_the_payments_site(configured, url):
    assert paying.payments_url(configured) == url


def test_the_address_is_split_into_lines():
    assert contact.address_lines(" Town Hall,, Market Place ,Fernley FE1 2AB ") == [
        "Town Hall", "Market Place", "Fernley FE1 2AB"]
    assert contact.address_lines(None) == []
