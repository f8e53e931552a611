"""Document level: which sources report the same story.

A sentence rarely says on its own which event it reports; its document does. Documents
are compared as wholes (first order), by their neighbourhoods (second order), and grouped
into stories by average-linkage clustering, so the claim scorer knows when two sentences
come from reports of the same event rather than of a similar one.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:
    from .weighting import TermTable


def _identity(x):  # type: ignore[no-untyped-def]
    return x


def top_k_matrix(matrix, k: int, max_df: int = 0, threads: int = 1):  # type: ignore[no-untyped-def]
    """Row-normalised matrix -> symmetric sparse matrix of each row's k best cosines (self included).

    Terms in more than `max_df` rows (0: no limit) are left out of the search for the
    best rows (see blocking.drop_common_terms); the similarities kept are computed on all
    terms.
    """
    from sparse_dot_topn import sp_matmul_topn

    from .blocking import drop_common_terms

    n = matrix.shape[0]
    matrix = matrix.astype(np.float32).tocsr()
    search = drop_common_terms(matrix, max_df)
    top = sp_matmul_topn(search, search.T.tocsr(), top_n=k + 1, sort=True, n_threads=threads)
    rows = np.repeat(np.arange(n), np.diff(top.indptr))
    cols = top.indices.astype(np.int64)
    vals = top.data.astype(np.float32)
    if search is not matrix:
        # Exact cosines of the chosen pairs on all terms, whatever the search dropped.
        vals = np.asarray(matrix[rows].multiply(matrix[cols]).sum(axis=1)).ravel().astype(np.float32)
    m = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
    return m.maximum(m.T).tocsr()


def document_similarity(  # type: ignore[no-untyped-def]
    words,
    entity_keys: list[list[str]],
    k: int,
    max_df: int = 0,
    threads: int = 1,
    grid: float = 1.0,
    frozen: TermTable | None = None,
):
    """(first order, second order) sparse document similarity matrices.

    First order: cosine of word TF-IDF plus, at half weight, of canonical entity keys.
    Second order: cosine of the documents' top-k neighbour profiles. Two reports of the
    same event share their neighbours, while a report of a similar but different event
    (another Oscars host, another earthquake) has its own; on ECB+ train this lifts the
    same-event AUC of document pairs from 0.90 to 0.96.
    """
    from .weighting import StableTfidf
    from .weighting import normalize_rows as normalize

    n = len(entity_keys)
    if words is None or n == 0:
        empty = sp.csr_matrix((n, n), dtype=np.float32)
        return empty, empty
    combined = words
    if any(entity_keys):
        ent = StableTfidf(grid, frozen, analyzer=_identity).fit_transform(entity_keys)
        combined = normalize(sp.hstack([words, ent * math.sqrt(0.5)]).tocsr())
    first = top_k_matrix(combined, k, max_df, threads)
    profile = normalize(first)
    second = (profile @ profile.T).tocsr()
    return first, second


def cluster_stories(second, cut: float, gap: float = 0.0) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Story label per document: average linkage on 1 - second-order similarity.

    Documents with no second-order similarity at all are never merged, so clustering runs
    per connected component and stays far below n^2 memory on large corpora of many stories.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse.csgraph import connected_components

    n = second.shape[0]
    labels = np.arange(n)
    if n < 2:
        return labels
    graph = second.copy()
    graph.data[graph.data < 1 - cut] = 0
    graph.eliminate_zeros()
    count, comp = connected_components(graph, directed=False)
    next_label = 0
    # Members of every component from one sort (a scan of all documents per component
    # was quadratic: thousands of small stories on large corpora).
    order = np.argsort(comp, kind="stable")
    bounds = np.searchsorted(comp[order], np.arange(count + 1))
    for c in range(count):
        members = order[bounds[c] : bounds[c + 1]]
        if len(members) == 1:
            labels[members[0]] = next_label
            next_label += 1
            continue
        z = linkage(_condensed_distances(second[members][:, members]), method="average")
        local = fcluster(z, cut, criterion="distance") if gap <= 0 else _gap_clusters(z, cut, gap)
        labels[members] = local - 1 + next_label
        next_label += int(local.max())
    return labels


def _gap_clusters(z: np.ndarray, cut: float, gap: float) -> np.ndarray:
    """fcluster's labels at `cut`, except that a merge below the cut is undone when the two
    groups are much less alike than each is within: their similarity (1 - the merge's
    average-linkage distance) under `gap` times the lesser of their own mean similarities.
    Each group's mean distance within comes from the tree itself: every pair of members
    meets at one merge, whose distance is the mean over the pairs it joins."""
    n = len(z) + 1
    size = np.ones(2 * n - 1)
    within = np.zeros(2 * n - 1)  # sum of pairwise distances inside each node's group
    for k, (a, b, dist, count) in enumerate(z):
        a, b = int(a), int(b)
        size[n + k] = count
        within[n + k] = within[a] + within[b] + size[a] * size[b] * dist

    def mean_similarity(node: int) -> float:
        pairs = size[node] * (size[node] - 1) / 2
        return 1.0 - within[node] / pairs if pairs else 1.0

    labels = np.zeros(n, dtype=np.int64)
    groups: list[int] = []
    todo = [2 * n - 2]
    while todo:
        node = todo.pop()
        if node < n:
            groups.append(node)
            continue
        a, b, dist = int(z[node - n, 0]), int(z[node - n, 1]), z[node - n, 2]
        apart = dist > cut or (
            size[a] > 1 and size[b] > 1 and 1.0 - dist < gap * min(mean_similarity(a), mean_similarity(b))
        )
        if apart:
            todo.extend((b, a))
        else:
            groups.append(node)

    def leaves(node: int) -> list[int]:
        out, stack = [], [node]
        while stack:
            x = stack.pop()
            if x < n:
                out.append(x)
            else:
                stack.extend((int(z[x - n, 0]), int(z[x - n, 1])))
        return out

    # Numbered in the order of their first member: any numbering from 1 gives the same stories.
    for label, members in enumerate(sorted((leaves(g) for g in groups), key=min), start=1):
        labels[members] = label
    return labels


def _condensed_distances(sub) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Condensed 1 - similarity of a symmetric sparse block, averaged with its transpose.

    The same numbers as squareform of the dense (d + d.T) / 2, in the block's dtype, built
    from the stored entries alone: one component can hold most of a large corpus (15,863
    sections of 17,504 at 10,000 documents), and its dense copies took gigabytes.
    """
    m = sub.shape[0]
    coo = sub.tocoo()
    rows, cols = coo.row.astype(np.int64), coo.col.astype(np.int64)
    dist = 1 - np.clip(coo.data, 0, 1)
    lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
    index = m * lo - lo * (lo + 1) // 2 + (hi - lo - 1)
    # d[i, j] above the diagonal and d[j, i] below it; an unstored entry is a distance of 1.
    upper = np.ones(m * (m - 1) // 2, dtype=dist.dtype)
    lower = np.ones_like(upper)
    above, below = rows < cols, rows > cols
    upper[index[above]] = dist[above]
    lower[index[below]] = dist[below]
    upper += lower
    upper /= 2
    return upper
