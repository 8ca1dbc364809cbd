"""The pure parts of search: reading what residents type, synonyms, snippets, redaction."""
from hypothesis import given
from hypothesis import strategies as st

from ieg.search.query import MAX_CHARS, MAX_WORDS, Synonyms, Understood, asks_to_do, parse
from ieg.search.searchlog import redact
from ieg.search.snippets import pattern, snippet


def test_parse_keeps_words_and_quoted_phrases_and_drops_syntax():
    parsed = parse('  "Council Tax" AND( band* title:bins ')
    assert parsed.words == ("council", "tax", "and", "band", "title", "bins")
    assert parsed.phrases == (("council", "tax"),)
    assert parsed.text == "council tax and band title bins"


def test_parse_handles_scripts_and_emoji():
    assert parse("🗑️🚮").words == ()
    assert parse("פח אשפה").words == ("פח", "אשפה")
    assert parse("CAFÉ").words == ("café",)


def test_parse_limits_length():
    assert len(parse("x" * 5000).text) <= MAX_CHARS
    assert len(parse("bin " * 100).words) == MAX_WORDS


@given(st.text())
def test_parse_never_fails(raw):
    parsed = parse(raw)
    assert all(word for word in parsed.words)


def test_synonyms_match_the_longest_term_on_stems():
    synonyms = Synonyms.from_lines(["bin, refuse, rubbish, waste collection", "pot hole, pothole, road defect",
                                    "lonely"])
    assert len(synonyms.groups) == 2  # a single term is not a group
    length, terms = synonyms.match(("waste", "collections", "day"), 0)
    weights = dict(terms)
    assert length == 2 and weights[("waste", "collections")] == 1  # as typed
    assert weights[("bin",)] == weights[("refuse",)] < 1  # synonyms count for less
    length, terms = synonyms.match(("pot", "holes"), 0)
    assert length == 2 and ("pothole",) in dict(terms) and ("road", "defect") in dict(terms)
    assert synonyms.match(("library",), 0) == (0, [])
    assert synonyms.knows("bins") and not synonyms.knows("library")


def test_one_way_synonyms_add_the_sites_words_and_not_the_other_way_round():
    synonyms = Synonyms.from_lines(["binmen, bin men => bin collection", "ticket => penalty charge notice"])
    length, terms = synonyms.match(("bin", "men", "came"), 0)
    assert length == 2 and ("bin", "collection") in dict(terms) and ("binmen",) in dict(terms)
    assert synonyms.match(("bin", "collection"), 0) == (0, [])
    assert synonyms.match(("penalty", "charge", "notice"), 0) == (0, [])
    assert synonyms.knows("binmen") and not synonyms.knows("penalty")


def test_snippet_marks_words_and_escapes_everything_else():
    text = "Put your <b>bins</b> out & we collect them. Collections are weekly."
    html = str(snippet(text, pattern(["bin", "collection"])))
    assert "<mark>bins</mark>" in html and "<mark>collect</mark>" in html and "<mark>Collections</mark>" in html
    assert "&lt;b&gt;" in html and "&amp;" in html and "<b>" not in html


def test_snippet_is_empty_without_a_match():
    assert str(snippet("Nothing here", pattern(["bins"]))) == ""
    assert str(snippet("", pattern(["bins"]))) == ""
    assert pattern([]) is None


def test_redact_removes_personal_details_before_logging():
    assert redact("Jo.Bloggs@example.com council tax") == "email council tax"
    assert redact("bins AS1 1AA") == "bins postcode"
    assert redact("call me 07700 900123") == "call me number"
    assert redact("PCN AB12345678 appeal") == "pcn number appeal"
    assert redact("council tax band") == "council tax band"


def test_a_search_asks_to_do_something_when_it_has_a_word_of_doing():
    def asks(text):
        return asks_to_do(Understood((), searched=parse(text).words))
    assert asks("report fly tipping") and asks("brown bin renewal") and asks("foi request")
    assert asks("registering a food business") and asks("complaint form")
    assert not asks("allotment waiting list") and not asks("what band is my house")
    assert not asks("help with bins im disabled")
