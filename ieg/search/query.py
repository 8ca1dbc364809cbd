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

from ieg.search import documents, evaluate, snippets, spelling
from ieg.search.schema import CONTENT, NAMES, STEMMED, stem_word

MAX_CHARS = 200     # longer input is cut here (a 5,000-character paste still gets an answer)
MAX_WORDS = 12
PER_PAGE = 10
MAX_PAGE = 50       # deeper pages are not offered; nobody reads page 51 of a council site
NAME_BOOST = 1.5    # the words in a title or A-Z label
PHRASE_BOOST = 2.0  # the words side by side, as typed
SYNONYM_WEIGHT = 0.5  # a synonym's words count for less than the words typed

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
    return tuple(stem_word(w) for w in words)


ONE_WAY = "=>"


def _terms(text: str) -> tuple[tuple[str, ...], ...]:
    """"Bin, wheelie bins" -> (("bin",), ("wheelie", "bins"))."""
    return tuple(dict.fromkeys(t for t in (words_of(part) for part in text.split(",")) if t))


@dataclass(frozen=True)
class Synonyms:
    """Groups of interchangeable terms ("bin, refuse, rubbish"), and one-way rules for words
    residents use that pages do not ("binmen => bin collection": a search for binmen also
    finds bin collection, not the other way round). A term may be several words."""

    # Each group: the terms that call it up, then every term it stands for.
    groups: tuple[tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]], ...] = ()

    @classmethod
    def from_lines(cls, lines) -> "Synonyms":
        return _synonyms(tuple(lines))

    @classmethod
    def _parse(cls, lines: tuple[str, ...]) -> "Synonyms":
        groups = []
        for line in lines:
            said, _, meant = line.partition(ONE_WAY)
            triggers, others = _terms(said), _terms(meant)
            terms = tuple(dict.fromkeys(triggers + others))
            if len(terms) > 1 and triggers:
                groups.append((triggers, terms))
        return cls(tuple(groups))

    def __post_init__(self) -> None:
        index: dict[tuple[str, ...], list[int]] = {}
        for number, (triggers, _) in enumerate(self.groups):
            for term in triggers:
                index.setdefault(_stems(term), []).append(number)
        object.__setattr__(self, "_by_stems", index)
        object.__setattr__(self, "_longest", max((len(k) for k in index), default=0))

    def match(self, words: tuple[str, ...], start: int) -> tuple[int, list[tuple[tuple[str, ...], float]]]:
        """The longest synonym term at words[start:], as (length, every term it stands for with
        its weight: the words typed 1, their synonyms less)."""
        stems = _stems(words[start:start + self._longest])
        for length in range(len(stems), 0, -1):
            numbers = self._by_stems.get(stems[:length])
            if numbers:
                typed = words[start:start + length]
                terms = dict.fromkeys(term for n in numbers for term in self.groups[n][1] if term != typed)
                return length, [(typed, 1.0), *((term, SYNONYM_WEIGHT) for term in terms)]
        return 0, []

    def knows(self, word: str) -> bool:
        return any(stem_word(word) in key for key in self._by_stems)


@functools.lru_cache(maxsize=8)
def _synonyms(lines: tuple[str, ...]) -> Synonyms:
    """Parsed once per process for each version of the list (stemming every term costs)."""
    return Synonyms._parse(lines)


@functools.lru_cache(maxsize=4096)
def _tokens(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t.text for t in STEMMED(" ".join(words), mode="query"))


def _pairs(tokens: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


# Words that make a question or a sentence but say little about what is wanted (and the
# fillers "too", "really", "up", "out"): never required, so "do I pay council tax if I am a student" needs council, tax and student, not
# "do" and "am". They still count a little in the score ("can someone vote for me" is about
# proxy votes). Contractions come apart at the apostrophe ("didn't" -> "didn", "t").
QUESTION_WORDS = frozenset("""
    about again also am any anybody anyone been being came can cant closest come comes coming could
    couldn d did didn do does doesn doing don dont even ever get gets getting got had has hasn have
    haven having he her him his how hows i id if im is isn it its ive just ll m me might my myself near
    nearby nearest need needs our ours out please re really s she should shouldn so some somebody
    someone something still t that the their them there they this too u up ur ve very want wanted wants
    was wasn we were what whats when whens where wheres which who whos why will with won wont would
    wouldn you youre
""".split())
QUESTION_WORD_BOOST = 0.3

# Words that ask to do something rather than to know something. A search without one
# ("allotment waiting list", "what band is my house") is answered first by the page about
# the service, which links its form; the form itself (a task document) counts for less.
TASK_WORDS = frozenset(stem_word(w) for w in """
    appeal appealing application apply applying book booking cancel cancelling challenge claim claiming
    complain complaint form join joining order ordering register registering registration renew renewal
    renewing report reporting request requesting submit subscribe subscription tell telling
""".split())
TASK_WEIGHT = 0.7


def asks_to_do(understood: "Understood") -> bool:
    return any(stem_word(word) in TASK_WORDS for word in understood.searched)


@dataclass(frozen=True)
class Understood:
    """What a search is taken to ask for."""
    # Each thing asked for, as its interchangeable wordings with their weights (the first as
    # typed, then its synonyms).
    units: tuple[tuple[tuple[tuple[str, ...], float], ...], ...]
    optional: tuple[str, ...] = ()   # the question words: scored a little, never required
    phrases: tuple[tuple[str, ...], ...] = ()  # quoted: required, the words side by side
    searched: tuple[str, ...] = ()   # every word as searched, in the order typed
    corrected: bool = False          # a word the site does not use was corrected or split


def _unknown(searcher, word: str, synonyms: Synonyms) -> bool:
    """A word the index has never seen (and the council's synonyms do not know)."""
    tokens = _tokens((word,))
    return bool(tokens) and not word.isdigit() and not synonyms.knows(word) and \
        not searcher.doc_frequency(CONTENT, tokens[0])


def _side_by_side(searcher):
    def check(first: str, second: str) -> bool:
        tokens = _tokens((first, second))
        return len(tokens) == 2 and bool(searcher.doc_frequency("pairs", " ".join(tokens)))
    return check


def _corrected(searcher, word: str, synonyms: Synonyms) -> tuple[str, ...] | None:
    """A misspelt word as the site's own word ("libary" -> library), or two words run together
    as the two ("streetlight" -> street light); None when the word is known or nothing is near."""
    if not _unknown(searcher, word, synonyms):
        return None
    found = spelling.correction(searcher, word)
    if found:
        return (found,)
    return spelling.split(searcher, word, _side_by_side(searcher))


def understand(searcher, parsed: ParsedQuery, synonyms: Synonyms) -> Understood:
    """Every misspelt word corrected, each on its own (a query often has several); the
    council's synonyms found (the longest first; they may hold question words: "how much");
    the other question words set aside."""
    searched, corrected = [], False
    for word in parsed.words:
        replacement = None if word in QUESTION_WORDS else _corrected(searcher, word, synonyms)
        searched.extend(replacement or (word,))
        corrected = corrected or replacement is not None
    units, optional, i = [], [], 0
    while i < len(searched):
        length, terms = synonyms.match(tuple(searched), i)
        if length:
            units.append(tuple(terms))
        elif searched[i] in QUESTION_WORDS:
            optional.append(searched[i])
        else:
            units.append((((searched[i],), 1.0),))
        i += length or 1
    if not units:  # nothing but question words: they are what was asked
        units, optional = [(((w,), 1.0),) for w in optional], []
    return Understood(tuple(units), tuple(dict.fromkeys(optional)), parsed.phrases, tuple(searched), corrected)


def plan(understood: Understood, needed: int = 0) -> evaluate.Plan | None:
    """What to match and how to score it. A unit (a word or a synonym's span of words)
    matches in any of its wordings: the words as typed anywhere in a document, a synonym of
    several words side by side; a quoted phrase must match, its words side by side. The
    score sums BM25 of every word (a synonym's for less), with a boost for words in a title
    or A-Z label and for the query's words side by side, and a little for question words."""
    units, scoring, quoted = [], {}, 0
    asked = [*((terms, False) for terms in understood.units),
             *((((phrase, 1.0),), True) for phrase in understood.phrases)]
    for terms, is_phrase in asked:
        alternatives = []
        for number, (wording, weight) in enumerate(terms):  # the first as typed, then its synonyms
            tokens = tuple(_tokens(wording))
            if not tokens:
                continue  # only stop words
            side_by_side = number > 0 or is_phrase
            alternatives.append(evaluate.Alternative(tokens, tuple(_pairs(list(tokens))) if side_by_side else ()))
            for token in tokens:
                scoring.setdefault((CONTENT, token), weight)
                scoring.setdefault((NAMES, token), NAME_BOOST * weight)
        if alternatives:
            units.append(tuple(alternatives))
            quoted += is_phrase
    if not units:
        return None
    for token in _tokens(understood.optional):
        scoring.setdefault((CONTENT, token), QUESTION_WORD_BOOST)
    for pair in _pairs(_tokens(understood.searched)):
        scoring.setdefault(("pairs", pair), PHRASE_BOOST)
    return evaluate.Plan(tuple(units), tuple((f, t, b) for (f, t), b in scoring.items()), needed,
                         evaluate.NAMED, required=quoted)


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
    corrected: str = ""       # the words searched for, when spelling was corrected

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


def highlight_words(understood: Understood) -> list[str]:
    wordings = [wording for terms in understood.units for wording, _ in terms] + list(understood.phrases)
    return [w for wording in wordings for w in wording if _tokens((w,))]


def suggest(searcher, understood: Understood, synonyms: Synonyms) -> str:
    """"Did you mean": each word the index has never seen, replaced by the nearest word
    it has (from the site's own titles, labels and summaries), if there is one."""
    changed, out = False, []
    for word in understood.searched:
        unknown = len(word) > 2 and _unknown(searcher, word, synonyms)
        found = spelling.nearest(searcher, word) if unknown else None
        out.append(found or word)
        changed = changed or bool(found)
    return " ".join(out) if changed else ""


def run(searcher, parsed: ParsedQuery, synonyms: Synonyms, *, best_bets: tuple[str, ...] = (), section: str = "",
        page: int = 1, per_page: int = PER_PAGE, with_snippets: bool = True) -> Results:
    """Search; `best_bets` are document keys pinned to this query (shown first, if live)."""
    page = max(1, min(page, MAX_PAGE))
    results = Results(query=parsed, page=page, section=section)
    understood = understand(searcher, parsed, synonyms) if parsed else None
    # Any of the things asked for may match: documents matching more of them rank higher
    # (evaluate.COORDINATION), so one word a page does not use never hides it.
    the_plan = plan(understood, needed=1) if understood else None
    if the_plan is None:
        return results
    if understood.corrected:
        results.corrected = " ".join(understood.searched)
    pinned = [fields for fields in (searcher.document(key=key) for key in best_bets)
              if fields is not None and (not section or fields.get("section") == section)]
    pinned_keys = {fields["key"] for fields in pinned}
    # A little beyond the page, so recency can break ties at its edge and best bets can be skipped.
    limit = page * per_page + per_page + len(pinned)
    found = evaluate.run(searcher, the_plan, section, limit)
    results.some_words = found.complete == 0 and found.total > 0
    by_section = found.by_section
    results.total = (by_section.get(section, 0) if section else found.total)

    ranked, doing = [], asks_to_do(understood)
    for docnum, score in zip(found.docnums.tolist(), found.scores.tolist()):
        fields = searcher.stored_fields(docnum)
        if not doing and documents.is_task(fields["key"]):
            score *= TASK_WEIGHT
        if fields["key"] not in pinned_keys:
            ranked.append((-round(score, 3), -(fields.get("published") or 0.0), docnum, fields))
    ranked.sort(key=lambda item: item[:3])
    results.total += len(pinned_keys - {item[3]["key"] for item in ranked}) if pinned else 0
    start = (page - 1) * per_page
    window = [*((True, f) for f in pinned), *((False, item[3]) for item in ranked)][start:start + per_page]
    marker = snippets.pattern(highlight_words(understood)) if with_snippets else None
    results.hits = [_hit(fields, best_bet=True) if best else
                    _hit(fields, snippets.snippet(fields.get("excerpt", ""), marker)) for best, fields in window]
    results.sections = sorted(((slug, "", n) for slug, n in by_section.items() if slug),
                              key=lambda item: (-item[2], item[0]))
    if results.total == 0 or results.some_words:
        results.suggestion = suggest(searcher, understood, synonyms)
    return results
