"""Candidate generation (blocking): which claim pairs are worth scoring.

Four sources of candidates, merged as int64 pair codes (i * n + j, i < j):
- the nearest claims of other sources by TF-IDF cosine (a sparse top-k product);
- claims that name the same rare canonical entity;
- claims that carry the same date or figure;
- the best matches of each claim inside the sections of the same story.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .settings import Settings


def top_k_pairs(  # type: ignore[no-untyped-def]
    matrix,
    groups: Sequence[int],
    k: int,
    min_value: float,
    chunk: int = 50_000,
    max_df: int = 0,
    threads: int = 1,
) -> np.ndarray:
    """Top-k most similar rows of other groups for every row, as sorted unique pair codes
    (i * n + j, i < j).

    sparse_dot_topn keeps only the best entries of each row while multiplying, so the
    n x n product is never materialised. It cannot skip a row's own group, so it keeps
    k plus the size of the largest group (capped) and drops same-group entries after.
    Rows of a very large group (one source of 100,000 sentences) are multiplied only with
    the rows of other groups: their products within the group would all be thrown away,
    and would make the work quadratic in the size of that one source.
    """
    from sparse_dot_topn import sp_matmul_topn

    groups_arr = np.asarray(groups)
    n = matrix.shape[0]
    if n == 0 or k <= 0:
        return np.zeros(0, dtype=np.int64)
    matrix = drop_common_terms(matrix.astype(np.float32).tocsr(), max_df)
    sizes = np.bincount(groups_arr)
    big = np.flatnonzero(sizes > max(10_000, n // 5))
    in_big = np.isin(groups_arr, big)
    rest = sizes[np.setdiff1d(np.arange(len(sizes)), big)]
    margin = int(min(rest.max() if len(rest) else 0, 200))
    plans: list[tuple[np.ndarray, np.ndarray | None]] = [(np.flatnonzero(~in_big), None)]
    for g in big.tolist():
        plans.append((np.flatnonzero(groups_arr == g), np.flatnonzero(groups_arr != g)))
    found: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for row_ids, col_ids in plans:
        target = matrix.T.tocsr() if col_ids is None else matrix[col_ids].T.tocsr()
        for lo in range(0, len(row_ids), chunk):
            rows_here = row_ids[lo : lo + chunk]
            top = sp_matmul_topn(
                matrix[rows_here], target, top_n=k + margin, threshold=min_value, sort=True, n_threads=threads
            )
            rows = rows_here[np.repeat(np.arange(top.shape[0]), np.diff(top.indptr))]
            cols = top.indices if col_ids is None else col_ids[top.indices]
            # Entries are sorted by value within each row; ties by column keep it stable.
            order = _by_value_then_column(top.indptr, top.data, cols)
            rows, cols = rows[order], cols[order]
            keep = groups_arr[cols] != groups_arr[rows]
            rows, cols = rows[keep], cols[keep]
            starts = np.searchsorted(rows, rows, side="left")
            sel = (np.arange(len(rows)) - starts) < k
            found.append(pair_codes(rows[sel], cols[sel], n))
    return unique_codes(np.concatenate(found))


def _by_value_then_column(indptr: np.ndarray, data: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Order of the entries of a CSR product: row by row, best value first, ties by column.

    sparse_dot_topn already returns each row best first, so only runs of equal values need
    their columns sorted; a sort of all entries by three keys took 9 s at 10,000 documents.
    Falls back to that sort if a row is not best first.
    """
    n = len(data)
    rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    if n < 2:
        return np.arange(n)
    same_row = rows[1:] == rows[:-1]
    if np.any(same_row & (data[1:] > data[:-1])):
        return np.lexsort((cols, -data, rows))
    order = np.arange(n)
    tie = same_row & (data[1:] == data[:-1])
    if tie.any():
        # Runs of tied entries: each gets an id; sort their columns within the run.
        run = np.cumsum(np.concatenate(([True], ~tie))) - 1
        in_tie = np.zeros(n, dtype=bool)
        in_tie[1:] |= tie
        in_tie[:-1] |= tie
        idx = np.flatnonzero(in_tie)
        order[idx] = idx[np.lexsort((cols[idx], run[idx]))]
    return order


def drop_common_terms(matrix, max_df: int):  # type: ignore[no-untyped-def]
    """The matrix without the columns (terms) found in more than `max_df` rows (0: all kept).

    A word in thousands of claims says little about which two match, and each row's
    product visits every row sharing one of its words: left in, a nearest-neighbour search
    grows with the square of the corpus. Searches drop them; scores keep every term.
    """
    if max_df <= 0:
        return matrix
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    if df.max(initial=0) <= max_df:
        return matrix
    return matrix[:, np.flatnonzero(df <= max_df)].tocsr()


def thread_count(workers: int) -> int:
    """Threads for a `workers` setting (-1: every core). Each row's top-k is computed by one
    thread alone, so the result does not depend on the count."""
    import os

    return max(1, os.cpu_count() or 1) if workers < 0 else max(1, workers)


def unique_codes(codes: np.ndarray) -> np.ndarray:
    """Sorted distinct values: a sort and a mask, faster than np.unique on millions."""
    codes = np.sort(codes, kind="stable")
    if len(codes) < 2:
        return codes
    return codes[np.concatenate(([True], codes[1:] != codes[:-1]))]


def pair_codes(i: np.ndarray, j: np.ndarray, n: int) -> np.ndarray:
    """One int64 per unordered pair: min * n + max (cheap to merge and deduplicate)."""
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    return np.minimum(i, j) * n + np.maximum(i, j)


def rare_entity_pairs(entity, claim_source: np.ndarray, max_block: int = 50) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Every cross-source pair of claims naming one canonical entity that at most
    `max_block` claims name (rarer entities say more about which claims match)."""
    n = entity.shape[0]
    csc = entity.tocsc()
    found: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    sizes = np.diff(csc.indptr)
    for k in np.flatnonzero((sizes >= 2) & (sizes <= max_block)).tolist():
        found.append(_cross_source_pairs(csc.indices[csc.indptr[k] : csc.indptr[k + 1]], claim_source, n))
    return np.concatenate(found)


def _cross_source_pairs(members: np.ndarray, claim_source: np.ndarray, n: int) -> np.ndarray:
    """Codes of every pair of `members` from two different sources."""
    x, y = np.triu_indices(len(members), 1)
    a, b = members[x], members[y]
    other = claim_source[a] != claim_source[b]
    return pair_codes(a[other], b[other], n)


def context_pairs(  # type: ignore[no-untyped-def]
    claim_matrix,
    section_of: np.ndarray,
    unit_source: np.ndarray,
    second,
    story: np.ndarray,
    settings: Settings,
) -> np.ndarray:
    """Claim pairs inside sections that report the same story.

    Two sentences can share an event with few words in common ("the ceremony" and
    "the Oscars"); inside close sections each claim keeps its best few matches.
    """
    s = settings
    n = claim_matrix.shape[0]
    found: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    if s.context_docs <= 0 or s.context_per_claim <= 0:
        return found[0]
    order = np.argsort(section_of, kind="stable")
    bounds = np.searchsorted(section_of[order], np.arange(len(unit_source) + 1))
    position = np.full(claim_matrix.shape[1], -1, dtype=np.int64)
    for a in range(second.shape[0]):
        ia = order[bounds[a] : bounds[a + 1]]
        lo, hi = second.indptr[a], second.indptr[a + 1]
        cols, vals = second.indices[lo:hi], second.data[lo:hi]
        keep = (
            (cols > a)
            & (unit_source[cols] != unit_source[a])
            & ((vals >= s.context_min_similarity) | (story[cols] == story[a]))
        )
        cols, vals = cols[keep], vals[keep]
        if len(cols) > s.context_docs:
            cols = cols[np.argsort(-vals, kind="stable")[: s.context_docs]]
        if not len(ia) or not len(cols):
            continue
        cols = np.sort(cols)
        ib_all = np.concatenate([order[bounds[b] : bounds[b + 1]] for b in cols.tolist()])
        if not len(ib_all):
            continue
        # One product per section against all its context sections, then the best
        # matches within each (row, context section) and (column, section a) block.
        full = _dot_in_shared_terms(claim_matrix[ia], claim_matrix[ib_all], position)
        start = 0
        for b in cols.tolist():
            ib = order[bounds[b] : bounds[b + 1]]
            if not len(ib):
                continue
            block = full[:, start : start + len(ib)]
            start += len(ib)
            m = min(s.context_per_claim, len(ib))
            best_cols = np.argsort(-block, axis=1, kind="stable")[:, :m]
            found.append(pair_codes(np.repeat(ia, m), ib[best_cols.ravel()], n))
            m = min(s.context_per_claim, len(ia))
            best_rows = np.argsort(-block, axis=0, kind="stable")[:m, :]
            found.append(pair_codes(ia[best_rows.T.ravel()], np.repeat(ib, m), n))
    return np.concatenate(found)


def _dot_in_shared_terms(a, b, position: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Dense a @ b.T for two CSR row blocks, computed over the terms of `a` only.

    Transposing `b` costs time in the size of the whole vocabulary (millions of word pairs
    on large corpora) for each block; over the few thousand terms of `a` it is cheap. The
    terms keep their order, so every sum is added up in the same order as a @ b.T.
    `position` is a scratch array of -1s, one per vocabulary term, left as it was found.
    """
    import scipy.sparse as sp

    terms = np.unique(a.indices)
    position[terms] = np.arange(len(terms))
    try:
        local = position[b.indices]
        keep = local >= 0
        indptr = _row_counts(keep, b.indptr)
        b_local = sp.csr_matrix((b.data[keep], local[keep], indptr), shape=(b.shape[0], len(terms)))
        a_local = sp.csr_matrix((a.data, position[a.indices], a.indptr), shape=(a.shape[0], len(terms)))
        return (a_local @ b_local.T).toarray()
    finally:
        position[terms] = -1


def _row_counts(keep: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """CSR indptr of the entries `keep` selects, rows as in `indptr`."""
    kept = np.concatenate(([0], np.cumsum(keep, dtype=np.int64)))
    return kept[indptr]


def shared_fact_pairs(  # type: ignore[no-untyped-def]
    keys,
    claim_source: np.ndarray,
    claim_matrix,
    max_block: int,
    k: int,
) -> np.ndarray:
    """Cross-source pairs of claims that carry one same fact key (a date, a figure).

    `keys` is a claims x keys indicator matrix. A shared date is strong sentence-level
    evidence even between sentences worded differently ("detained on 26 February" and
    "the arrest, on 26 February"), which the word search misses. A key held by at most
    `max_block` claims gives all their pairs; a commoner one gives each claim its `k`
    closest holders by words.
    """
    n = keys.shape[0]
    found: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    if max_block <= 1:
        return found[0]
    csc = keys.tocsc()
    sizes = np.diff(csc.indptr)
    for key in np.flatnonzero(sizes >= 2).tolist():
        members = np.sort(csc.indices[csc.indptr[key] : csc.indptr[key + 1]])
        if len(members) <= max_block:
            found.append(_cross_source_pairs(members, claim_source, n))
        elif claim_matrix is not None:
            local = top_k_pairs(claim_matrix[members], claim_source[members], k, 0.0)
            m = len(members)
            found.append(pair_codes(members[local // m], members[local % m], n))
    return np.concatenate(found)
