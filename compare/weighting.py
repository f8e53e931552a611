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
"""

from __future__ import annotations

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
