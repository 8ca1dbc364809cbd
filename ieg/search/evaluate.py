"""Running a query over the whoosh index fast: whoosh's own postings, decoded once per
segment and process, matched with set operations and scored with vectorised BM25.

Why: whoosh evaluates queries with a tree of Python matcher objects, several method calls
per posting. Over 50,000 pages a common word ("council" is in most of them) cost hundreds
of milliseconds. Segments never change once written (only their deletions do), so their
decoded posting arrays, field lengths and section codes can be kept per process and
reused by every query until a merge replaces the segment. The ranking is the same BM25
whoosh uses (K1 1.2, B 0.75, idf = log(N / (df + 1)) + 1).

This module reads whoosh 2.7's W3 codec block by block (pinned in requirements.txt); a
posting list in any other form is read through whoosh's public, slower iteration.
"""
from __future__ import annotations

import math
import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh.util.numeric import byte_to_length

K1, B = 1.2, 0.75
CACHE_POSTINGS = 4_000_000  # decoded postings kept per process (about 32 MB)
_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


@dataclass(frozen=True)
class Alternative:
    """One way of saying a thing: words that must all appear, side by side if several."""
    words: tuple[str, ...]   # content tokens
    pairs: tuple[str, ...]   # adjacent pairs (for several words)


@dataclass(frozen=True)
class Plan:
    units: tuple[tuple[Alternative, ...], ...]   # what is asked for, each in its alternative wordings
    scoring: tuple[tuple[str, str, float], ...]  # (field, token, boost) summed into the score
    needed: int = 0                              # how many units a document must match (0: every one)
    named: float = 0.0                           # the boost for naming what was asked (see NAMED)
    required: int = 0                            # the last this many units must match (quoted phrases)


class _SegmentData:
    """What one segment's queries need, decoded once."""

    def __init__(self) -> None:
        self.postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self.lengths: dict[str, np.ndarray] = {}
        self.sections: np.ndarray | None = None
        self.section_names: list[str] = []
        self.warmed = False


class _Cache:
    def __init__(self) -> None:
        self._segments: OrderedDict[str, _SegmentData] = OrderedDict()
        self._sizes: OrderedDict[tuple[str, str, str], int] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def segment(self, key: str) -> _SegmentData:
        with self._lock:
            data = self._segments.get(key)
            if data is None:
                data = self._segments[key] = _SegmentData()
                while len(self._segments) > 64:  # segments merged away long ago
                    old_key, _ = self._segments.popitem(last=False)
                    for size_key in [k for k in self._sizes if k[0] == old_key]:
                        self._total -= self._sizes.pop(size_key)
            return data

    def remember(self, segment_key: str, data: _SegmentData, field: str, token: str, value) -> None:
        with self._lock:
            data.postings[(field, token)] = value
            self._sizes[(segment_key, field, token)] = len(value[0])
            self._total += len(value[0])
            while self._total > CACHE_POSTINGS and self._sizes:
                (seg, f, t), size = self._sizes.popitem(last=False)
                self._total -= size
                owner = self._segments.get(seg)
                if owner is not None:
                    owner.postings.pop((f, t), None)

    def touch(self, segment_key: str, field: str, token: str) -> None:
        with self._lock:
            key = (segment_key, field, token)
            if key in self._sizes:
                self._sizes.move_to_end(key)


_cache = _Cache()


def reset_cache() -> None:
    """Forget everything decoded (benchmarks measure a fresh process this way)."""
    global _cache
    _cache = _Cache()


def _array(values, dtype) -> np.ndarray:
    """A block's numbers as numpy, without a Python loop when they are a typed array."""
    if isinstance(values, array):
        return np.frombuffer(values, dtype=np.dtype(values.typecode)).astype(dtype, copy=False)
    return np.asarray(values, dtype=dtype)


def _decode(reader, field: str, token: str) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of one term in one segment, ignoring deletions."""
    if (field, token) not in reader:
        return _EMPTY
    matcher = reader.postings(field, token)
    matcher = getattr(matcher, "child", matcher)  # deletions are applied by the caller
    ids, weights = [], []
    if all(hasattr(matcher, name) for name in ("_read_data", "_next_block", "_blocklength", "_atend")):
        while not matcher._atend and matcher._blocklength:
            if matcher._data is None:
                matcher._read_data()
            deltas, block_weights = matcher._data[0], matcher._data[1]
            deltas = _array(deltas, np.int64)
            ids.append(deltas if matcher._byteids else np.cumsum(deltas))
            if block_weights is None or isinstance(block_weights, float):
                weights.append(np.full(matcher._blocklength, block_weights or 1.0, dtype=np.float32))
            else:
                weights.append(_array(block_weights, np.float32))
            if matcher._lastblock:
                break
            matcher._next_block()
        if not ids:
            return _EMPTY
        return np.concatenate(ids), np.concatenate(weights)
    items = list(matcher.items_as("weight"))
    return (np.array([i for i, _ in items], dtype=np.int64), np.array([w for _, w in items], dtype=np.float32))


def _segment_key(reader) -> str:
    return reader.segment().segment_id()


class _Leaf:
    """One segment as seen by one query."""

    def __init__(self, reader, offset: int) -> None:
        self.reader, self.offset = reader, offset
        self.key = _segment_key(reader)
        self.data = _cache.segment(self.key)
        self.count = reader.doc_count_all()

    def postings(self, field: str, token: str) -> tuple[np.ndarray, np.ndarray]:
        value = self.data.postings.get((field, token))
        if value is None:
            value = _decode(self.reader, field, token)
            _cache.remember(self.key, self.data, field, token, value)
        else:
            _cache.touch(self.key, field, token)
        return value

    def lengths(self, field: str) -> np.ndarray:
        value = self.data.lengths.get(field)
        if value is None:
            try:  # the W3 codec keeps each document's field length as one byte in a column
                from whoosh.codec.whoosh3 import LENGTHS_COLUMN
                column = self.reader.column_reader("_%s_len" % field, LENGTHS_COLUMN)
                value = _LENGTH_OF_BYTE[np.fromiter(column, dtype=np.uint8, count=self.count)]
            except Exception:  # noqa: BLE001 - any other codec: ask document by document
                value = np.array([self.reader.doc_field_length(d, field, 0) or 0 for d in range(self.count)],
                                 dtype=np.float32)
            self.data.lengths[field] = value
        return value

    def sections(self) -> tuple[np.ndarray, list[str]]:
        if self.data.sections is None:
            names: dict[str, int] = {}
            column = self.reader.column_reader("section")
            codes = np.fromiter((names.setdefault(v.decode() if isinstance(v, bytes) else (v or ""), len(names))
                                 for v in column), dtype=np.int32, count=self.count)
            self.data.section_names = list(names)
            self.data.sections = codes
        return self.data.sections, self.data.section_names

    def deleted(self) -> np.ndarray | None:
        if not self.reader.has_deletions():
            return None
        return np.fromiter(self.reader.deleted_docs_set, dtype=np.int64)


WARM_FIELDS = ("content", "names", "pairs")
WARM_BUDGET = CACHE_POSTINGS * 3 // 4  # leaves room for the rarer words queries bring
WARM_MIN_DOCS = 5000  # smaller segments decode in a moment; not worth warming


def needs_warming(searcher) -> bool:
    for leaf_searcher, _ in searcher.leaf_searchers():
        reader = leaf_searcher.reader()
        if reader.segment() is not None and reader.doc_count_all() >= WARM_MIN_DOCS and \
                not _cache.segment(_segment_key(reader)).warmed:
            return True
    return False


def warm(searcher, budget: int = WARM_BUDGET) -> int:
    """Decode, ahead of any query, the longest posting lists of each large segment this
    process has not seen (the words in most pages, which cost most to read the first
    time), up to `budget` postings. Returns how many postings it decoded."""
    decoded = 0
    for leaf_searcher, offset in searcher.leaf_searchers():
        reader = leaf_searcher.reader()
        if reader.segment() is None or reader.doc_count_all() < WARM_MIN_DOCS:
            continue
        leaf = _Leaf(reader, offset)
        if leaf.data.warmed:
            continue
        leaf.data.warmed = True
        for field in WARM_FIELDS:
            leaf.lengths(field)
        leaf.sections()
        from ieg.search import spelling
        spelling.segment_words(reader)  # "did you mean" for this segment, too
        common = sorted(((info.doc_frequency(), field, term)
                         for field in WARM_FIELDS for term, info in reader.iter_field(field)
                         if info.doc_frequency() >= 200), reverse=True)
        for frequency, field, term in common:
            if decoded + frequency > budget:
                break
            leaf.postings(field, term.decode("utf-8") if isinstance(term, bytes) else term)
            decoded += frequency
    return decoded


def _intersect(arrays: list[np.ndarray], size: int) -> np.ndarray:
    """Documents in every (sorted) array: a mask over the segment, O(total length)."""
    arrays = sorted(arrays, key=len)
    result = arrays[0]
    for other in arrays[1:]:
        if not len(result):
            break
        mask = np.zeros(size, dtype=bool)
        mask[other] = True
        result = result[mask[result]]
    return result


def _union(arrays: list[np.ndarray], size: int) -> np.ndarray:
    arrays = [a for a in arrays if len(a)]
    if len(arrays) <= 1:
        return arrays[0] if arrays else _EMPTY[0]
    mask = np.zeros(size, dtype=bool)
    for a in arrays:
        mask[a] = True
    return np.flatnonzero(mask)


COORDINATION = 1.0  # with some words matching: a document's score times (units it matched / units) ** this
# A document whose title or A-Z labels name everything asked for ("Pay a parking fine" for
# "pay parking ticket") is what was asked for: its score times 1 + this x the share named
# (a plan's `named`; whoosh's own BM25 when 0).
NAMED = 1.0


def _matches(leaf: _Leaf, plan: Plan) -> tuple[np.ndarray, np.ndarray | None]:
    """The matching documents, and when not every unit must match, the share of the units
    each matched (documents matching more of what was asked rank higher)."""
    unit_sets = []
    for unit in plan.units:
        sets = []
        for alternative in unit:
            lists = [leaf.postings("content", w)[0] for w in alternative.words]
            lists += [leaf.postings("pairs", p)[0] for p in alternative.pairs]
            sets.append(_intersect(lists, leaf.count))
        unit_sets.append(_union(sets, leaf.count))
    if not unit_sets:
        return _EMPTY[0], None
    if not plan.needed or plan.needed >= len(unit_sets):
        return _intersect(unit_sets, leaf.count), None
    counts = np.zeros(leaf.count, dtype=np.int32)
    for docs in unit_sets:
        counts[docs] += 1
    docs = np.flatnonzero(counts >= plan.needed)
    if plan.required:
        docs = _intersect([docs, *unit_sets[-plan.required:]], leaf.count)
    return docs, counts[docs] / len(unit_sets)


def _named(leaf: _Leaf, plan: Plan) -> np.ndarray:
    """Per document of the segment, the share of the units its names (title, labels) have."""
    counts = np.zeros(leaf.count, dtype=np.float64)
    for unit in plan.units:
        sets = [_intersect([leaf.postings("names", w)[0] for w in alternative.words], leaf.count)
                for alternative in unit]
        counts[_union(sets, leaf.count)] += 1
    return counts / max(len(plan.units), 1)


@dataclass
class Found:
    docnums: np.ndarray      # global docnums, best first
    scores: np.ndarray
    total: int
    by_section: dict[str, int]
    complete: int = 0        # of the matches in the section asked for, those matching every unit


def run(searcher, plan: Plan, section: str = "", limit: int = 20) -> Found:
    """Every match counted (by section too), the best `limit` returned with scores."""
    total_docs = max(searcher.doc_count_all(), 1)
    idf = {}
    for field, token, _ in plan.scoring:
        if (field, token) not in idf:
            df = searcher.doc_frequency(field, token)
            idf[(field, token)] = math.log(total_docs / (df + 1)) + 1
    average = {field: max(searcher.field_length(field) / total_docs, 1.0) for field, _, _ in plan.scoring}

    all_docs, all_scores, by_section, complete = [], [], {}, 0
    for leaf_searcher, offset in searcher.leaf_searchers():
        if leaf_searcher.reader().segment() is None:
            continue  # an empty index has no segment, and nothing to find
        leaf = _Leaf(leaf_searcher.reader(), offset)
        docs, share = _matches(leaf, plan)
        deleted = leaf.deleted()
        if deleted is not None and len(docs):
            kept = ~np.isin(docs, deleted)
            docs, share = docs[kept], share[kept] if share is not None else None
        if not len(docs):
            continue
        codes, names = leaf.sections()
        counts = np.bincount(codes[docs], minlength=len(names))
        for code, n in enumerate(counts):
            if n:
                by_section[names[code]] = by_section.get(names[code], 0) + int(n)
        if section:
            wanted = names.index(section) if section in names else -1
            in_section = codes[docs] == wanted
            docs, share = docs[in_section], share[in_section] if share is not None else None
            if not len(docs):
                continue
        # Scores accumulate in one array over the segment's documents: each term's work is
        # proportional to its postings, with no search for the matched documents in them.
        accumulated = np.zeros(leaf.count, dtype=np.float64)
        for field, token, boost in plan.scoring:
            ids, weights = leaf.postings(field, token)
            if not len(ids):
                continue
            norm = K1 * ((1 - B) + B * leaf.lengths(field)[ids] / average[field])
            accumulated[ids] += boost * idf[(field, token)] * weights * (K1 + 1) / (weights + norm)
        scores = accumulated[docs]
        if plan.named:
            scores = scores * (1 + plan.named * _named(leaf, plan)[docs])
        if share is not None:
            scores *= share ** COORDINATION
        complete += len(docs) if share is None else int(np.count_nonzero(share == 1))
        all_docs.append(docs + offset)
        all_scores.append(scores)

    if not all_docs:
        return Found(_EMPTY[0], np.zeros(0), 0, by_section, complete)
    docs, scores = np.concatenate(all_docs), np.concatenate(all_scores)
    total = len(docs)
    if total > limit:
        # Everything scoring at least the limit-th best, so ties at the edge stay together.
        threshold = np.partition(scores, total - limit)[total - limit]
        keep = scores >= threshold
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))
    return Found(docs[order], scores[order], total, by_section, complete)
