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

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone

from markupsafe import Markup
from whoosh.lang.porter import stem
from whoosh.query import And, AndMaybe, Or, Term

from ieg.search import snippets
from ieg.search.schema import CONTENT, NAMES, STEMMED

MAX_CHARS = 200     # longer input is cut here (a 5,000-character paste still gets an answer)
MAX_WORDS = 12
PER_PAGE = 10
MAX_PAGE = 50       # deeper pages are not offered; nobody reads page 51 of a council site
NAME_BOOST = 1.5    # the words in a title or A-Z label
PHRASE_BOOST = 2.0  # the words side by side, as typed
COUNT_LIMIT = 2000  # results counted exactly (and by section) up to here; beyond, "more than"

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


def _tokens(words: tuple[str, ...]) -> list[str]:
    return [t.text for t in STEMMED(" ".join(words), mode="query")]


def _pairs(tokens: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def _alternative(words: tuple[str, ...]):
    """One way of saying it: a word, or words that must appear side by side."""
    tokens = _tokens(words)
    if not tokens:
        return None  # only stop words
    if len(tokens) == 1:
        return Term(CONTENT, tokens[0])
    return And([Term(CONTENT, t) for t in tokens] + [Term("pairs", p) for p in _pairs(tokens)])


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


def units(parsed: ParsedQuery, synonyms: Synonyms) -> list:
    result = []
    for terms in _expansions(parsed, synonyms):
        alternatives = [q for q in (_alternative(t) for t in terms) if q is not None]
        if alternatives:
            result.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
    return result


def build(parsed: ParsedQuery, synonyms: Synonyms, match_all: bool = True):
    parts = units(parsed, synonyms)
    if not parts:
        return None
    main = (And(parts) if match_all else Or(parts)) if len(parts) > 1 else parts[0]
    boosts = [Term(NAMES, token, boost=NAME_BOOST)
              for terms in _expansions(parsed, synonyms) for wording in terms if len(_tokens(wording)) == 1
              for token in _tokens(wording)]
    boosts += [Term("pairs", pair, boost=PHRASE_BOOST) for pair in _pairs(_tokens(parsed.words))]
    return AndMaybe(main, Or(boosts)) if boosts else main


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
    exact: bool = True        # False: more than COUNT_LIMIT matched, and `total` is that limit
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


def _rank(hit) -> tuple[float, float]:
    """Score first; between equal scores, the more recently published first."""
    return -round(hit.score, 3), -(hit.get("published") or 0.0)


def count(searcher, query, section: str = "") -> tuple[int, bool, dict[str, int]]:
    """How many documents match, and how many in each section, without scoring them:
    exact up to COUNT_LIMIT; beyond that (a word in most pages) it stops counting."""
    total, by_section = 0, {}
    for leaf, offset in searcher.leaf_searchers():
        matcher = query.matcher(leaf)
        if not matcher.is_active():
            continue
        sections = leaf.reader().column_reader("section") if leaf.reader().has_column("section") else None
        for docnum in matcher.all_ids():
            if leaf.reader().is_deleted(docnum):
                continue
            slug = sections[docnum] if sections is not None else leaf.stored_fields(docnum).get("section", "")
            if isinstance(slug, bytes):
                slug = slug.decode()
            if section and slug != section:
                continue
            total += 1
            by_section[slug] = by_section.get(slug, 0) + 1
            if total >= COUNT_LIMIT:
                return total, False, by_section
    return total, True, by_section


def suggest(searcher, parsed: ParsedQuery, synonyms: Synonyms) -> str:
    """"Did you mean": each word the index has never seen, replaced by the nearest word
    it has (from the site's own titles, labels and summaries), if there is one."""
    corrector, changed, out = None, False, []
    for word in parsed.words:
        tokens = _tokens((word,))
        unknown = (tokens and len(word) > 2 and not word.isdigit() and not synonyms.knows(word)
                   and not searcher.doc_frequency(CONTENT, tokens[0]))
        if unknown:
            corrector = corrector or searcher.corrector("spell")
            found = corrector.suggest(word, limit=1, maxdist=2)
            if found and found[0] != word:
                out.append(found[0])
                changed = True
                continue
        out.append(word)
    return " ".join(out) if changed else ""


def run(searcher, parsed: ParsedQuery, synonyms: Synonyms, *, best_bets: tuple[str, ...] = (), section: str = "",
        page: int = 1, per_page: int = PER_PAGE, with_snippets: bool = True) -> Results:
    """Search; `best_bets` are document keys pinned to this query (shown first, if live)."""
    page = max(1, min(page, MAX_PAGE))
    results = Results(query=parsed, page=page, section=section)
    query = build(parsed, synonyms) if parsed else None
    if query is None:
        return results
    limit = page * per_page + per_page  # a little beyond the page, so recency can break ties at its edge
    only = Term("section", section) if section else None
    found = searcher.search(query, limit=limit, filter=only)
    if found.scored_length() == 0 and len(units(parsed, synonyms)) > 1:
        query = build(parsed, synonyms, match_all=False)
        found = searcher.search(query, limit=limit, filter=only)
        results.some_words = found.scored_length() > 0
    total, results.exact, by_section = count(searcher, query)
    results.total = by_section.get(section, 0) if section else total

    pinned = [hit for hit in (searcher.document(key=key) for key in best_bets)
              if hit is not None and (not section or hit.get("section") == section)]
    pinned_keys = {fields["key"] for fields in pinned}
    results.total += len(pinned_keys - {hit["key"] for hit in found})

    marker = snippets.pattern(highlight_words(parsed, synonyms)) if with_snippets else None
    ranked = sorted((hit for hit in found if hit["key"] not in pinned_keys), key=_rank)
    start = (page - 1) * per_page
    window = [*pinned, *ranked][start:start + per_page]
    results.hits = [_hit(item, best_bet=True) if item in pinned else
                    _hit(item, snippets.snippet(item.get("excerpt", ""), marker)) for item in window]
    results.sections = sorted(((slug, "", n) for slug, n in by_section.items() if slug),
                              key=lambda item: (-item[2], item[0]))
    if results.total == 0 or results.some_words:
        results.suggestion = suggest(searcher, parsed, synonyms)
    return results
