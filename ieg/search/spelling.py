""""Did you mean": the nearest word the site itself uses, found by symmetric deletion.

whoosh's corrector walks the whole word list with an edit-distance automaton in Python,
over a second on a 50,000-page site. Here each segment's words (from the `spell` field:
titles, A-Z labels, summaries) are indexed once per process by every form with one letter
removed; a misspelt word finds its candidates by looking up its own such forms. That finds
every word within one edit, and two-edit words that share a one-deletion form (most
transpositions and double slips), ranked by edit distance, then by how many pages use them.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

_lock = threading.Lock()
_segments: OrderedDict[str, tuple[dict[str, int], dict[str, list[str]]]] = OrderedDict()


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def segment_words(reader) -> tuple[dict[str, int], dict[str, list[str]]]:
    key = reader.segment().segment_id()
    with _lock:
        found = _segments.get(key)
        if found is not None:
            _segments.move_to_end(key)
            return found
    words: dict[str, int] = {}
    for term, info in reader.iter_field("spell"):
        word = term.decode("utf-8") if isinstance(term, bytes) else term
        if len(word) >= 3 and word.isalpha():
            words[word] = info.doc_frequency()
    by_deletion: dict[str, list[str]] = {}
    for word in words:
        for form in _deletions(word) | {word}:
            by_deletion.setdefault(form, []).append(word)
    with _lock:
        _segments[key] = (words, by_deletion)
        while len(_segments) > 64:
            _segments.popitem(last=False)
    return words, by_deletion


def distance(a: str, b: str) -> int:
    """Levenshtein distance, with a swap of neighbouring letters counting as one."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def _site_segments(searcher):
    for leaf, _ in searcher.leaf_searchers():
        if leaf.reader().segment() is not None:  # an empty index has none
            yield segment_words(leaf.reader())


def nearest(searcher, word: str, max_distance: int = 2) -> str | None:
    """The site's own word nearest to `word`, or None."""
    frequency: dict[str, int] = {}
    forms = _deletions(word) | {word}
    for words, by_deletion in _site_segments(searcher):
        for form in forms:
            for candidate in by_deletion.get(form, ()):
                frequency[candidate] = frequency.get(candidate, 0) + words[candidate]
    ranked = sorted((distance(word, c), -n, c) for c, n in frequency.items() if c != word)
    return ranked[0][2] if ranked and ranked[0][0] <= max_distance else None


def allowed_distance(word: str) -> int:
    """How far a correction may be from what was typed: none for words of 3 letters or fewer
    (too many words are one slip from them), one edit up to 5 letters, two beyond."""
    return 0 if len(word) <= 3 else 1 if len(word) <= 5 else 2


def correction(searcher, word: str) -> str | None:
    """The site's own word a word it does not use was most likely meant to be."""
    limit = allowed_distance(word)
    return nearest(searcher, word, limit) if limit and word.isalpha() else None


def split(searcher, word: str, side_by_side) -> tuple[str, str] | None:
    """Two of the site's words run together ("flytipping", "streetlight"): the split whose
    halves the site uses, and uses side by side (`side_by_side(first, second)`), the halves
    most used first."""
    if len(word) < 6 or not word.isalpha():
        return None
    segments = [words for words, _ in _site_segments(searcher)]
    found = []
    for cut in range(3, len(word) - 2):
        first, second = word[:cut], word[cut:]
        uses = [sum(words.get(w, 0) for words in segments) for w in (first, second)]
        if min(uses) and side_by_side(first, second):
            found.append((-min(uses), cut))
    return (word[:min(found)[1]], word[min(found)[1]:]) if found else None
