"""Turning what a resident typed into a whoosh query, and running it.

Nothing a resident types is ever handed to a query parser: quotes, brackets, `AND(`, `*`,
`field:value`, 5,000 characters, emoji and right-to-left text all become plain words
(and quoted phrases), so no input can raise a syntax error or run an expensive wildcard.

Ranking: BM25 over the content field (titles and A-Z labels weighted by repetition, see
schema.py), English stemming, the council's synonyms as alternatives for the words they
match, a boost when the title or an A-Z label has the words, a boost when the words
appear together as typed (adjacent pairs), and the more recently published first when
scores tie.
"""
from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone

from markupsafe import Markup
from whoosh.lang.porter import stem

from ieg.search import evaluate, snippets, spelling
from ieg.search.schema import CONTENT, NAMES, STEMMED

MAX_CHARS = 200     # longer input is cut here (a 5,000-character paste still gets an answer)
MAX_WORDS = 12
PER_PAGE = 10
MAX_PAGE = 50       # deeper pages are not offered; nobody reads page 51 of a council site
NAME_BOOST = 1.5    # the words in a title or A-Z label
PHRASE_BOOST = 2.0  # the words side by side, as typed

_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")


@dataclass(frozen=True)
class ParsedQuery:
    text: str                         # normalised: lower-case words, single spaces
    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words)


def words_of(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


def parse(raw: str | None) -> ParsedQuery:
    text = unicodedata.normalize("NFKC", raw or "")[:MAX_CHARS]
    phrases = tuple(p for p in (words_of(m) for m in _QUOTED.findall(text)) if len(p) > 1)
    words = words_of(text)[:MAX_WORDS]
    return ParsedQuery(" ".join(words), words, phrases[:3])


def _stems(words) -> tuple[str, ...]:
    return tuple(stem(w) for w in words)


@dataclass(frozen=True)
class Synonyms:
    """Groups of interchangeable terms; a term may be several words ("waste collection")."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()

    @classmethod
    def from_lines(cls, lines) -> "Synonyms":
        return _synonyms(tuple(lines))

    @classmethod
    def _parse(cls, lines: tuple[str, ...]) -> "Synonyms":
        groups = []
        for line in lines:
            terms = tuple(dict.fromkeys(t for t in (words_of(part) for part in line.split(",")) if t))
            if len(terms) > 1:
                groups.append(terms)
        return cls(tuple(groups))

    def __post_init__(self) -> None:
        index: dict[tuple[str, ...], list[int]] = {}
        for number, group in enumerate(self.groups):
            for term in group:
                index.setdefault(_stems(term), []).append(number)
        object.__setattr__(self, "_by_stems", index)
        object.__setattr__(self, "_longest", max((len(k) for k in index), default=0))

    def match(self, words: tuple[str, ...], start: int) -> tuple[int, list[tuple[str, ...]]]:
        """The longest synonym term at words[start:], as (length, every term it stands for)."""
        stems = _stems(words[start:start + self._longest])
        for length in range(len(stems), 0, -1):
            numbers = self._by_stems.get(stems[:length])
            if numbers:
                terms = [term for n in numbers for term in self.groups[n]]
                return length, list(dict.fromkeys([words[start:start + length], *terms]))
        return 0, []

    def knows(self, word: str) -> bool:
        return any(stem(word) in key for key in self._by_stems)


@functools.lru_cache(maxsize=8)
def _synonyms(lines: tuple[str, ...]) -> Synonyms:
    """Parsed once per process for each version of the list (stemming every term costs)."""
    return Synonyms._parse(lines)


@functools.lru_cache(maxsize=4096)
def _tokens(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t.text for t in STEMMED(" ".join(words), mode="query"))


def _pairs(tokens: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def _expansions(parsed: ParsedQuery, synonyms: Synonyms) -> list[list[tuple[str, ...]]]:
    """Each thing asked for as its list of interchangeable wordings: a word (or a synonym's
    span of words) with its synonyms, then each quoted phrase."""
    result, words, i = [], parsed.words, 0
    while i < len(words):
        length, terms = synonyms.match(words, i)
        if not length:
            length, terms = 1, [words[i:i + 1]]
        result.append(terms)
        i += length
    return result + [[phrase] for phrase in parsed.phrases]


def plan(parsed: ParsedQuery, synonyms: Synonyms, match_all: bool = True) -> evaluate.Plan | None:
    """What to match and how to score it: every unit (a word or synonym span, or a quoted
    phrase) must match in one of its wordings; the score sums BM25 of every word, with a
    boost for words in a title or A-Z label and for the query's words side by side."""
    units, scoring = [], {}
    for terms in _expansions(parsed, synonyms):
        alternatives = []
        for wording in terms:
            tokens = tuple(_tokens(wording))
            if not tokens:
                continue  # only stop words
            alternatives.append(evaluate.Alternative(tokens, tuple(_pairs(list(tokens)))))
            for token in tokens:
                scoring.setdefault(("content", token), 1.0)
            if len(tokens) == 1:
                scoring.setdefault((NAMES, tokens[0]), NAME_BOOST)
        if alternatives:
            units.append(tuple(alternatives))
    if not units:
        return None
    for pair in _pairs(_tokens(parsed.words)):
        scoring.setdefault(("pairs", pair), PHRASE_BOOST)
    return evaluate.Plan(tuple(units), tuple((f, t, b) for (f, t), b in scoring.items()), match_all)


@dataclass(frozen=True)
class Hit:
    key: str
    kind: str
    title: str
    url: str
    summary: str
    snippet: Markup  # already escaped, with <mark> around the searched words
    section: str
    section_title: str
    published: datetime | None
    best_bet: bool = False


@dataclass
class Results:
    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    section: str = ""
    sections: list[tuple[str, str, int]] = field(default_factory=list)  # slug, title, count
    suggestion: str = ""
    some_words: bool = False  # nothing matched every word, so these match some of them

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, math.ceil(self.total / PER_PAGE))


def _published(value) -> datetime | None:
    return datetime.fromtimestamp(value, timezone.utc) if value else None


def _hit(fields, snippet: Markup = Markup(""), best_bet: bool = False) -> Hit:
    return Hit(key=fields["key"], kind=fields["kind"], title=fields["title"], url=fields["url"],
               summary=fields.get("summary", ""), snippet=snippet, section=fields.get("section", ""),
               section_title=fields.get("section_title", ""), published=_published(fields.get("published")),
               best_bet=best_bet)


def highlight_words(parsed: ParsedQuery, synonyms: Synonyms) -> list[str]:
    return [w for terms in _expansions(parsed, synonyms) for wording in terms for w in wording
            if _tokens((w,))]


def suggest(searcher, parsed: ParsedQuery, synonyms: Synonyms) -> str:
    """"Did you mean": each word the index has never seen, replaced by the nearest word
    it has (from the site's own titles, labels and summaries), if there is one."""
    changed, out = False, []
    for word in parsed.words:
        tokens = _tokens((word,))
        unknown = (tokens and len(word) > 2 and not word.isdigit() and not synonyms.knows(word)
                   and not searcher.doc_frequency(CONTENT, tokens[0]))
        found = spelling.nearest(searcher, word) if unknown else None
        out.append(found or word)
        changed = changed or bool(found)
    return " ".join(out) if changed else ""


def run(searcher, parsed: ParsedQuery, synonyms: Synonyms, *, best_bets: tuple[str, ...] = (), section: str = "",
        page: int = 1, per_page: int = PER_PAGE, with_snippets: bool = True) -> Results:
    """Search; `best_bets` are document keys pinned to this query (shown first, if live)."""
    page = max(1, min(page, MAX_PAGE))
    results = Results(query=parsed, page=page, section=section)
    the_plan = plan(parsed, synonyms) if parsed else None
    if the_plan is None:
        return results
    pinned = [fields for fields in (searcher.document(key=key) for key in best_bets)
              if fields is not None and (not section or fields.get("section") == section)]
    pinned_keys = {fields["key"] for fields in pinned}
    # A little beyond the page, so recency can break ties at its edge and best bets can be skipped.
    limit = page * per_page + per_page + len(pinned)
    found = evaluate.run(searcher, the_plan, section, limit)
    if found.total == 0 and len(the_plan.units) > 1:
        found = evaluate.run(searcher, plan(parsed, synonyms, match_all=False), section, limit)
        results.some_words = found.total > 0
    by_section = found.by_section
    results.total = (by_section.get(section, 0) if section else found.total)

    ranked = []
    for docnum, score in zip(found.docnums.tolist(), found.scores.tolist()):
        fields = searcher.stored_fields(docnum)
        if fields["key"] not in pinned_keys:
            ranked.append((-round(score, 3), -(fields.get("published") or 0.0), docnum, fields))
    ranked.sort(key=lambda item: item[:3])
    results.total += len(pinned_keys - {item[3]["key"] for item in ranked}) if pinned else 0
    start = (page - 1) * per_page
    window = [*((True, f) for f in pinned), *((False, item[3]) for item in ranked)][start:start + per_page]
    marker = snippets.pattern(highlight_words(parsed, synonyms)) if with_snippets else None
    results.hits = [_hit(fields, best_bet=True) if best else
                    _hit(fields, snippets.snippet(fields.get("excerpt", ""), marker)) for best, fields in window]
    results.sections = sorted(((slug, "", n) for slug, n in by_section.items() if slug),
                              key=lambda item: (-item[2], item[0]))
    if results.total == 0 or results.some_words:
        results.suggestion = suggest(searcher, parsed, synonyms)
    return results
