"""Term weights from exact or rounded document frequencies (setting `weight_grid`).

TF-IDF weighs a word by how few texts of the corpus hold it, so with exact counts the
weights belong to the whole corpus: the size of the corpus is in every weight, and any new
source moves every printed score a little (a two-sentence note on a tram budget, added to
the demo corpus, moved 178 of its 307 link scores, by 0.02 at the median and 0.62 at most).

With `weight_grid` above 1, the counts behind the weights are rounded to powers of it
before they become weights: a word's weight changes only when its count crosses a step,
which for a word held by d texts happens about once in `d * ln(grid)` new texts holding it,
and the size of the corpus is rounded the same way. Weights stay a function of the corpus
alone (not of the order its sources came in), within ln(grid) / 2 of the exact ones. At
1,000 documents one more document then changes the vectors of about 2 % of the claims
instead of all of them, which an incremental run could build on, and a source that shares
no word with the corpus moves nothing. But a step crossed by a common word moves many
scores at once: over three added documents, 66 to 565 links moved by 5 points or more,
against 19 to 50 with exact counts (docs/benchmarks.md). So exact counts (1) are the default.

Weights can also be frozen (`TermTable`, compare/frozen.py): counted once on the corpus as
it was, saved in the corpus folder, and read back at every run instead of counted. A new
source then moves no weight of the words already counted.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

DEFAULT_GRID = 1.0


def rounded_counts(counts: np.ndarray, grid: float = DEFAULT_GRID) -> np.ndarray:
    """Counts rounded to the nearest power of `grid` (in log space); grid <= 1 keeps
    them exact. Counts of 0 stay 0."""
    counts = np.asarray(counts, dtype=np.float64)
    if grid <= 1.0:
        return counts
    step = np.log(grid)
    out = np.zeros_like(counts)
    positive = counts > 0
    out[positive] = np.exp(np.round(np.log(counts[positive]) / step) * step)
    return out


def idf_weights(df: np.ndarray, n: int, grid: float = DEFAULT_GRID) -> np.ndarray:
    """Smoothed inverse document frequency, as scikit-learn computes it
    (ln((1 + n) / (1 + df)) + 1), from rounded counts."""
    n_r = float(rounded_counts(np.array([n]), grid)[0])
    # A word held by every text keeps a positive weight even when rounding puts its
    # count above the rounded size of the corpus.
    return (np.log((1.0 + n_r) / (1.0 + np.minimum(rounded_counts(df, grid), n_r))) + 1.0).astype(np.float32)


@dataclass(frozen=True)
class TermTable:
    """Document frequencies counted once: how many of `documents` texts held each term."""

    documents: int
    df: Mapping[str, int]

    def frequencies(self, terms: Iterable[str]) -> np.ndarray:
        """The frequency of each term; 0 for a term the table never saw."""
        get = self.df.get
        return np.fromiter((get(t, 0) for t in terms), dtype=np.int64)

    def weights(self, terms: Iterable[str], counted: np.ndarray, documents: int, grid: float) -> np.ndarray:
        """The idf of each term: from the table for the terms it holds, from the texts' own
        counts (`counted` of `documents`) for the others. Only sources added after the
        freeze hold those, so their weights move no score between two older claims."""
        frozen = self.frequencies(terms)
        return np.where(
            frozen > 0, idf_weights(frozen, self.documents, grid), idf_weights(counted, documents, grid)
        ).astype(np.float32)


def count_table(matrix: sp.csr_matrix, vocabulary: Mapping[str, int]) -> TermTable:
    """The table of a texts x terms count matrix whose columns `vocabulary` names."""
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    return TermTable(matrix.shape[0], {t: int(df[k]) for t, k in vocabulary.items()})


def count_sets(texts: Sequence[Iterable[str]]) -> TermTable:
    """The table of texts given as their terms (a term counts once per text)."""
    df: dict[str, int] = {}
    for terms in texts:
        for t in set(terms):
            df[t] = df.get(t, 0) + 1
    return TermTable(len(texts), df)


class TermCounter:
    """CountVectorizer's counts, vocabulary and even its order of stored entries, for word
    n-grams (lower case, a token pattern, stop words, n-grams of 1 to `ngram_range[1]`
    words) or a callable `analyzer`, without its loop over every term in Python: terms are
    made a document at a time and numbered a block of documents at a time. At 10,000
    documents scikit-learn's loop was most of the aligner's setup (two vocabularies of
    millions of terms); `tests/test_weighting.py` checks the output against it."""

    BLOCK_TERMS = 1_000_000

    def __init__(
        self,
        lowercase: bool = True,
        ngram_range: tuple[int, int] = (1, 1),
        stop_words: Iterable[str] | None = None,
        token_pattern: str = r"(?u)\b\w\w+\b",
        analyzer: Callable[[Any], list[str]] | None = None,
    ) -> None:
        if ngram_range[0] != 1 or ngram_range[1] < 1:
            raise ValueError("ngram_range must be (1, n)")
        self.lowercase = lowercase
        self.max_n = ngram_range[1]
        self.stop_words = frozenset(stop_words or ())
        self.token_pattern = re.compile(token_pattern)
        self.analyzer = analyzer
        self.vocabulary_: dict[str, int] = {}

    def analyze(self, doc: Any) -> list[str]:
        """The terms of one document, in CountVectorizer's order: words, then each longer n-gram."""
        if self.analyzer is not None:
            return self.analyzer(doc)
        words = self.token_pattern.findall(doc.lower() if self.lowercase else doc)
        if self.stop_words:
            stop = self.stop_words
            words = [w for w in words if w not in stop]
        if self.max_n == 1 or len(words) < 2:
            return words
        terms = list(words)
        for n in range(2, min(self.max_n, len(words)) + 1):
            terms.extend(map(" ".join, zip(*(words[k:] for k in range(n)), strict=False)))
        return terms

    def fit_transform(self, docs: Sequence[Any]) -> sp.csr_matrix:
        # Terms are numbered in the order they are first met, as scikit-learn numbers them
        # before sorting its vocabulary; each row's entries are stored in that order.
        first: dict[str, int] = {}
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for block in self._blocks(docs):
            flat = list(itertools.chain.from_iterable(block))
            for t in dict.fromkeys(flat):
                if t not in first:
                    first[t] = len(first)
            ids = np.fromiter(map(first.__getitem__, flat), dtype=np.int64, count=len(flat))
            parts.append(_count_rows(np.fromiter(map(len, block), dtype=np.int64, count=len(block)), ids))
        if not first:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        ordered = sorted(first)
        self.vocabulary_ = {t: k for k, t in enumerate(ordered)}
        to_sorted = np.empty(len(first), dtype=np.int64)
        to_sorted[np.fromiter(map(first.__getitem__, ordered), dtype=np.int64, count=len(ordered))] = np.arange(
            len(ordered)
        )
        return self._matrix(len(docs), parts, to_sorted)

    def transform(self, docs: Sequence[Any]) -> sp.csr_matrix:
        get = self.vocabulary_.get
        parts = []
        for block in self._blocks(docs):
            found = [[k for k in map(get, terms) if k is not None] for terms in block]
            ids = np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64)
            parts.append(_count_rows(np.fromiter(map(len, found), dtype=np.int64, count=len(found)), ids))
        return self._matrix(len(docs), parts, None)

    def _blocks(self, docs: Sequence[Any]) -> Iterator[list[list[str]]]:
        """The documents' terms, a block of about BLOCK_TERMS terms at a time (long
        documents hold thousands each): the term strings of one block are alive at once."""
        block: list[list[str]] = []
        size = 0
        for d in docs:
            terms = self.analyze(d)
            block.append(terms)
            size += len(terms)
            if size >= self.BLOCK_TERMS:
                yield block
                block, size = [], 0
        if block:
            yield block

    def _matrix(
        self, n: int, parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], to_sorted: np.ndarray | None
    ) -> sp.csr_matrix:
        empty = np.zeros(0, dtype=np.int64)
        counts = np.concatenate([empty, *(p[0] for p in parts)])
        cols = np.concatenate([empty, *(p[1] for p in parts)])
        sizes = np.concatenate([empty, *(p[2] for p in parts)])
        if to_sorted is not None:
            cols = to_sorted[cols]
        index = np.int32 if len(cols) <= np.iinfo(np.int32).max else np.int64
        indptr = np.concatenate(([0], np.cumsum(sizes))).astype(index)
        shape = (n, len(self.vocabulary_))
        return sp.csr_matrix((counts.astype(np.float32), cols.astype(index), indptr), shape=shape)


def _count_rows(lengths: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(counts, term ids, entries per row) of a block of rows holding lengths[r] term ids
    each, entries in the order of their ids within each row."""
    rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    width = int(ids.max()) + 1 if len(ids) else 1
    keys, counts = np.unique(rows * width + ids, return_counts=True)
    return counts, keys % width, np.bincount(keys // width, minlength=len(lengths))


class StableTfidf:
    """A TfidfVectorizer (sublinear tf, smoothed idf, l2 rows) whose idf comes from
    rounded document frequencies. Keyword arguments go to TermCounter."""

    def __init__(self, grid: float = DEFAULT_GRID, reference: TermTable | None = None, **count_options: Any) -> None:
        self.grid = grid
        self.reference = reference  # frozen frequencies, used instead of the texts' own
        self.counter = TermCounter(**count_options)
        self.idf_: np.ndarray | None = None

    def fit_transform(self, texts: Sequence[Any], unique_words: np.ndarray | None = None) -> sp.csr_matrix:
        """`unique_words`: per text, how many words it held that no other text holds and
        that were taken out of it: they count in the length of its row, not as columns."""
        counts = self.counter.fit_transform(texts).tocsr()
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        if self.reference is None:
            self.idf_ = idf_weights(df, counts.shape[0], self.grid)
        else:
            # The vocabulary's terms are in column order (TermCounter numbers them sorted).
            self.idf_ = self.reference.weights(self.counter.vocabulary_, df, counts.shape[0], self.grid)
        if unique_words is None or not unique_words.any():
            return self._weigh(counts)
        # A word of one text only weighs what a term counted once does (in the frozen
        # table's corpus when there is one, so that new sources move no length).
        documents = counts.shape[0] if self.reference is None else self.reference.documents
        once = float(idf_weights(np.array([1]), documents, self.grid)[0])
        return self._weigh(counts, unique_words.astype(np.float64) * once * once)

    def transform(self, texts: Sequence[Any]) -> sp.csr_matrix:
        return self._weigh(self.counter.transform(texts).tocsr())

    def _weigh(self, counts: sp.csr_matrix, extra: np.ndarray | None = None) -> sp.csr_matrix:
        assert self.idf_ is not None, "fit_transform first"
        counts = counts.astype(np.float32, copy=False)
        counts.data = (np.log(counts.data) + 1.0) * self.idf_[counts.indices]
        if extra is None:
            return normalize_rows(counts)
        squares = np.bincount(
            np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr)),
            weights=counts.data.astype(np.float64) ** 2,
            minlength=counts.shape[0],
        )
        lengths = np.sqrt(squares + extra)
        lengths[lengths == 0] = 1.0
        counts.data = (counts.data / np.repeat(lengths, np.diff(counts.indptr))).astype(np.float32)
        return counts.tocsr()


def normalize_rows(matrix: sp.spmatrix) -> sp.csr_matrix:
    """Rows scaled to unit length (rows of zeros stay zeros): the same bits as
    scikit-learn's `normalize`, whose import alone took 0.9 s of a run (float32 squares
    summed in double, in the order of the stored values)."""
    m = sp.csr_matrix(matrix, copy=True)
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    lengths = np.sqrt(np.bincount(rows, weights=(m.data * m.data).astype(np.float64), minlength=m.shape[0]))
    lengths[lengths == 0] = 1.0
    m.data = (m.data / lengths[rows]).astype(m.dtype, copy=False)
    return m
