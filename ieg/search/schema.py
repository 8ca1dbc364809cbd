"""The whoosh index: its schema and how a process opens it.

The index lives in a directory (instance/search by default, SEARCH_INDEX_PATH). Its name
carries the schema version, so a release that changes the schema starts a new, empty
index beside the old one and the nightly check (or `flask ieg reindex`) fills it.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

from whoosh import index
from whoosh.analysis import CharsetFilter, ShingleFilter, StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

INDEX_NAME = "ieg-v3"
EXCERPT_CHARS = 4000  # body text kept for highlighted snippets

# Words the stemmer would fold into another word that residents mean differently: "housing"
# (the service) is not "house" (their home: "what band is my house"), and "parking" is not
# a park.
UNSTEMMED = frozenset({"housing", "parking"})

# Irregular forms the stemmer cannot see are one word: "my bin was stolen" is about a stolen
# bin, "built without permission" about building, "overpaid" about an overpayment.
IRREGULAR = {
    **dict.fromkeys(("bought",), "buy"), **dict.fromkeys(("broke", "broken"), "break"),
    **dict.fromkeys(("built",), "build"), **dict.fromkeys(("came",), "come"),
    **dict.fromkeys(("caught",), "catch"), **dict.fromkeys(("children",), "child"),
    **dict.fromkeys(("died", "dies", "dying"), "die"), **dict.fromkeys(("drove", "driven"), "drive"),
    **dict.fromkeys(("fed",), "feed"), **dict.fromkeys(("fell", "fallen"), "fall"),
    **dict.fromkeys(("found",), "find"), **dict.fromkeys(("flew", "flown"), "fly"),
    **dict.fromkeys(("froze", "frozen"), "freeze"), **dict.fromkeys(("gave", "given"), "give"),
    **dict.fromkeys(("got", "gotten"), "get"), **dict.fromkeys(("went", "gone"), "go"),
    **dict.fromkeys(("held",), "hold"), **dict.fromkeys(("kept",), "keep"), **dict.fromkeys(("left",), "leave"),
    **dict.fromkeys(("lost",), "lose"), **dict.fromkeys(("made",), "make"), **dict.fromkeys(("men",), "man"),
    **dict.fromkeys(("mice",), "mouse"), **dict.fromkeys(("overpaid",), "overpay"),
    **dict.fromkeys(("paid",), "pay"), **dict.fromkeys(("people",), "person"), **dict.fromkeys(("ran",), "run"),
    **dict.fromkeys(("sent",), "send"), **dict.fromkeys(("sold",), "sell"), **dict.fromkeys(("spent",), "spend"),
    **dict.fromkeys(("stole", "stolen"), "steal"), **dict.fromkeys(("stuck",), "stick"),
    **dict.fromkeys(("taken", "took"), "take"), **dict.fromkeys(("taught",), "teach"),
    **dict.fromkeys(("threw", "thrown"), "throw"), **dict.fromkeys(("told",), "tell"),
    **dict.fromkeys(("underpaid",), "underpay"), **dict.fromkeys(("women",), "woman"),
    **dict.fromkeys(("wore", "worn"), "wear"), **dict.fromkeys(("wrote", "written"), "write"),
}


def stem_word(word: str) -> str:
    """What the index keeps a (lower-case) word as."""
    return word if word in UNSTEMMED else stem(IRREGULAR.get(word, word))


# English stemming ("bins" finds "bin", "collections" finds "collection"), stop words
# dropped, accents folded ("café" finds "cafe").
STEMMED = StemmingAnalyzer(stemfn=stem_word) | CharsetFilter(accent_map)
# Whole words, for "did you mean" suggestions that are real words, not stems.
WORDS = StandardAnalyzer(stoplist=None, minsize=3) | CharsetFilter(accent_map)

# Pairs of adjacent words ("council tax", "tax band"), for the exact-phrase boost: a term
# lookup, where a positional phrase query would cost a scan of every matching document.
PAIRS = StemmingAnalyzer(stemfn=stem_word) | CharsetFilter(accent_map) | ShingleFilter(size=2, sep=" ")

# One field carries all the text, with the title and A-Z labels repeated so a service's
# name counts for more than a passing mention: whoosh scores in pure Python, and one
# posting list per word instead of four keeps queries over 50,000 pages fast. The names
# field (titles and labels alone) then boosts documents whose name matches.
TITLE_WEIGHT = 2
CONTENT, NAMES = "content", "names"


def make_schema() -> Schema:
    return Schema(
        key=ID(stored=True, unique=True),
        kind=ID(stored=True),
        content=TEXT(analyzer=STEMMED, phrase=False),
        names=TEXT(analyzer=STEMMED, phrase=False),
        pairs=TEXT(analyzer=PAIRS, phrase=False),
        spell=TEXT(analyzer=WORDS, phrase=False),
        title=STORED(),
        summary=STORED(),
        excerpt=STORED(),
        section=ID(stored=True, sortable=True),
        section_title=STORED(),
        url=STORED(),
        published=STORED(),
        stamp=STORED(),
    )


def index_path(config) -> Path:
    return Path(config.get("SEARCH_INDEX_PATH") or Path(config["INSTANCE_PATH"]) / "search")


def open_index(path: Path) -> index.Index:
    """Open the index, creating it if this is the first process to need it."""
    path.mkdir(parents=True, exist_ok=True)
    if index.exists_in(str(path), indexname=INDEX_NAME):
        return index.open_dir(str(path), indexname=INDEX_NAME)
    # Two processes starting at once must not both create it.
    with open(path / ".create.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if index.exists_in(str(path), indexname=INDEX_NAME):
                return index.open_dir(str(path), indexname=INDEX_NAME)
            return index.create_in(str(path), make_schema(), indexname=INDEX_NAME)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def fields_of(doc) -> dict:
    """A Document (ieg.search.documents) as the index's fields."""
    names = "\n".join((doc.title, *doc.labels))
    return {
        "key": doc.key, "kind": doc.kind,
        "content": "\n".join([names] * TITLE_WEIGHT + [doc.summary, doc.body]),
        "names": names, "pairs": "\n".join((names, doc.summary, doc.body)), "spell": "\n".join((names, doc.summary, doc.body)),
        "title": doc.title, "summary": doc.summary, "excerpt": doc.body[:EXCERPT_CHARS], "section": doc.section,
        "section_title": doc.section_title, "url": doc.url,
        "published": doc.published.timestamp() if doc.published else 0.0, "stamp": doc.stamp(),
    }


def size_on_disk(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).iterdir() if f.is_file()) if os.path.isdir(path) else 0
