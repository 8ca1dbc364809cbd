"""The fast evaluator against whoosh's own searcher on the same index: the same documents
match, the same BM25 scores, deletions and several segments handled."""
from __future__ import annotations

import pytest
from whoosh import scoring
from whoosh.query import And, Or, Term

from ieg.search import evaluate
from ieg.search.documents import Document
from ieg.search.schema import fields_of, open_index

TEXTS = [
    ("Bin collection days", "We collect your bins every week. Bins go out by 7am."),
    ("Report a missed bin", "If we missed your bin collection, report it within two days."),
    ("Council tax bands", "Your council tax band depends on the value of your home."),
    ("Pay your council tax", "Pay council tax by direct debit, online or by phone."),
    ("Garden waste", "Garden waste collections every two weeks from March. Brown bins only."),
    ("Recycling centres", "Take bulky waste and garden waste to a recycling centre."),
]


@pytest.fixture
def index(tmp_path):
    ix = open_index(tmp_path / "ix")
    with ix.writer() as w:  # two segments: the first commit, then the rest
        for n, (title, body) in enumerate(TEXTS[:3]):
            w.add_document(**fields_of(Document(key=f"page:{n}", kind="page", title=title, url=f"/p/{n}",
                                                body=body, section="waste" if n < 2 else "tax")))
    with ix.writer() as w:
        for n, (title, body) in enumerate(TEXTS[3:], start=3):
            w.add_document(**fields_of(Document(key=f"page:{n}", kind="page", title=title, url=f"/p/{n}",
                                                body=body, section="tax" if n == 3 else "waste")))
    return ix


def plan(*words, needed=0):
    units = tuple((evaluate.Alternative((w,), ()),) for w in words)
    return evaluate.Plan(units, tuple(("content", w, 1.0) for w in words), needed)


def whoosh_scores(ix, query):
    with ix.searcher(weighting=scoring.BM25F(B=evaluate.B, K1=evaluate.K1)) as searcher:
        return {searcher.stored_fields(hit.docnum)["key"]: hit.score for hit in searcher.search(query, limit=None)}


def our_scores(ix, the_plan, section=""):
    with ix.searcher() as searcher:
        found = evaluate.run(searcher, the_plan, section, limit=100)
        return ({searcher.stored_fields(d)["key"]: s for d, s in zip(found.docnums.tolist(), found.scores.tolist())},
                found.total, found.by_section)


@pytest.mark.parametrize("words", [("bin",), ("council", "tax"), ("wast",), ("collect", "bin")])
def test_matches_and_scores_agree_with_whoosh(index, words):
    expected = whoosh_scores(index, And([Term("content", w) for w in words]))
    ours, total, _ = our_scores(index, plan(*words))
    assert set(ours) == set(expected) and total == len(expected)
    for key, score in expected.items():
        assert ours[key] == pytest.approx(score, rel=1e-4)


def test_any_word_when_not_all_must_match(index):
    expected = whoosh_scores(index, Or([Term("content", "tax"), Term("content", "garden")]))
    ours, _, _ = our_scores(index, plan("tax", "garden", needed=1))
    assert set(ours) == set(expected)


def test_deleted_and_replaced_documents_count_once(index):
    with index.writer() as w:
        w.delete_by_term("key", "page:0")
        w.update_document(**fields_of(Document(key="page:1", kind="page", title="Missed bins", url="/p/1",
                                               body="Report a missed bin.", section="waste")))
    ours, total, by_section = our_scores(index, plan("bin"))
    assert "page:0" not in ours and list(ours).count("page:1") == 1
    assert total == len(ours) == 2 and by_section == {"waste": 2}


def test_section_filter_and_counts(index):
    ours, total, by_section = our_scores(index, plan("council"), section="tax")
    assert set(ours) == {"page:2", "page:3"} and total == 2
    assert by_section == {"tax": 2}
    assert our_scores(index, plan("council"), section="nowhere")[0] == {}
