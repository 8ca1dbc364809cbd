"""What an entry may hold: charity numbers of England and Wales, web addresses, slugs, the diff."""
import pytest

from ieg.directory import rules


@pytest.mark.parametrize("typed, stored", [
    ("1123456", "1123456"), (" 1 123 456 ", "1123456"), ("220949", "220949"), ("1123456-1", "1123456-1"),
    ("", ""),
])
def test_good_charity_numbers(typed, stored):
    assert rules.charity_number(typed) == (stored, None)


@pytest.mark.parametrize("typed, says", [
    ("12345", "6 or 7 digits"), ("12345678", "6 or 7 digits"), ("0123456", "6 or 7 digits"),
    ("1123456-", "6 or 7 digits"), ("112345A", "6 or 7 digits"), ("1123456-123", "6 or 7 digits"),
    ("SC012345", "England and Wales"), ("NIC100001", "England and Wales"),
])
def test_bad_charity_numbers(typed, says):
    assert says in rules.charity_number(typed)[1]


def test_web_addresses():
    assert rules.web_address("www.example.org.uk") == ("https://www.example.org.uk", None)
    assert rules.web_address("http://example.org/a?b=1") == ("http://example.org/a?b=1", None)
    for bad in ("javascript:alert(1)", "ftp://example.org", "https://localhost", "not a site"):
        assert rules.web_address(bad)[1], bad
    assert rules.link_list("example.org\n\nhttps://b.example.org/x\n") == (
        ["https://example.org", "https://b.example.org/x"], None)
    assert "not a web address" in rules.link_list("example.org\njavascript:x")[1]
    assert rules.link_list("\n".join(f"e{i}.org" for i in range(11)))[1] == "Give at most 10 further links"


def test_slugs_are_made_from_the_name_and_never_clash():
    taken = {"hilltop-allotments", "hilltop-allotments-2"}
    assert rules.slug_for("Hilltop Allotments!", taken.__contains__) == "hilltop-allotments-3"
    assert rules.slug_for("Café & Co", set().__contains__) == "caf-co"
    assert rules.slug_for("!!!", set().__contains__) == "group"
    assert rules.slug_for("Sign up", set().__contains__) == "sign-up-2"  # the directory's own address


def test_the_diff_lists_changed_fields_in_order_as_text():
    before = {"name": "Old", "summary": "Same", "email_public": False, "venues": [{"name": "Hall", "address": "1 St"}],
              "wards": ["Abbey"]}
    after = {"name": "New", "summary": "Same", "email_public": True, "venues": [{"name": "Hall", "address": "2 St"}],
             "wards": ["Abbey"]}
    assert rules.diff(before, after) == [("Name", "Old", "New"), ("Venues", "Hall, 1 St", "Hall, 2 St"),
                                         ("Email shown publicly", "No", "Yes")]
    assert rules.diff(after, after) == []
    # Another kind's fields (an event's), in their own order; a field it does not list is not compared.
    fields = (("title", "Name"), ("cancelled_days", "Dates called off"))
    assert rules.diff({"title": "Run", "cancelled_days": [], "name": "x"},
                      {"title": "Run", "cancelled_days": ["2027-03-11", "2027-03-18"], "name": "y"}, fields) == [
        ("Dates called off", "", "2027-03-11\n2027-03-18")]


def test_a_changed_field_line_by_line():
    assert rules.lines("Mondays\nTuesdays", "Mondays\nFridays") == [
        ("same", "Mondays"), ("removed", "Tuesdays"), ("added", "Fridays")]
