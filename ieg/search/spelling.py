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


def nearest(searcher, word: str, max_distance: int = 2) -> str | None:
    """The site's own word nearest to `word`, or None."""
    frequency: dict[str, int] = {}
    forms = _deletions(word) | {word}
    for leaf, _ in searcher.leaf_searchers():
        if leaf.reader().segment() is None:
            continue  # an empty index
        words, by_deletion = segment_words(leaf.reader())
        for form in forms:
            for candidate in by_deletion.get(form, ()):
                frequency[candidate] = frequency.get(candidate, 0) + words[candidate]
    ranked = sorted((distance(word, c), -n, c) for c, n in frequency.items() if c != word)
    return ranked[0][2] if ranked and ranked[0][0] <= max_distance else None
