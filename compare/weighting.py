"""Term weights that a source about something else does not move.

TF-IDF weighs a word by how few texts of the corpus hold it, so the weights belong to the
whole corpus: with exact counts, adding a two-sentence note about a tram budget to the
demo corpus changed the printed score of 178 of its 307 links and flipped one verdict,
although the note shares no event with any of them. A reader who adds a source expects
the links it takes no part in to stay as they were.

So the counts behind the weights are rounded to a geometric grid before they become
weights: a word's weight changes only when its count crosses a step of the grid, which
for a word held by d texts happens about once in `d * ln(grid)` new texts holding it, and
the size of the corpus is rounded the same way. Weights stay a function of the corpus
alone (not of the order its sources came in), and the rounding moves a weight by at most
half a step, ln(grid) / 2 (0.11 for the default grid of 1.25), on weights of 1 to 12.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

DEFAULT_GRID = 1.25


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


class StableTfidf:
    """A TfidfVectorizer (sublinear tf, smoothed idf, l2 rows) whose idf comes from
    rounded document frequencies. Keyword arguments go to CountVectorizer."""

    def __init__(self, grid: float = DEFAULT_GRID, **count_options: object) -> None:
        from sklearn.feature_extraction.text import CountVectorizer

        self.grid = grid
        self.counter = CountVectorizer(dtype=np.float32, **count_options)  # type: ignore[arg-type]
        self.idf_: np.ndarray | None = None

    def fit_transform(self, texts: list[str]) -> sp.csr_matrix:
        counts = self.counter.fit_transform(texts).tocsr()
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        self.idf_ = idf_weights(df, counts.shape[0], self.grid)
        return self._weigh(counts)

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        return self._weigh(self.counter.transform(texts).tocsr())

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        from sklearn.preprocessing import normalize

        assert self.idf_ is not None, "fit_transform first"
        counts = counts.astype(np.float32, copy=False)
        counts.data = (np.log(counts.data) + 1.0) * self.idf_[counts.indices]
        return normalize(counts).tocsr()
