"""How much of a corpus's term weighting one more document moves, with exact and rounded
document frequencies (compare/weighting.py, setting `weight_grid`).

For a synthetic corpus of N documents (benchmarks/synth_corpus.py), adds each of K new
documents about the same events in turn and counts, for every grid, the claims of the
corpus whose TF-IDF vector (the `cosine` feature, the top-k candidate search) changed,
and the terms whose weight changed. With exact frequencies the size of the corpus is in
every weight, so every vector moves; an incremental aligner can only reuse the features
of pairs whose vectors stayed as they were.

    .venv/bin/python benchmarks/stability.py --docs 1000 --extra 5 --grids 1,1.1,1.25,1.5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from compare.align import _vectorizer, _with_entity_tokens  # noqa: E402
from compare.cache import open_cache  # noqa: E402
from compare.corpus import load_corpus  # noqa: E402
from compare.pipeline import prepare  # noqa: E402


def claim_texts(root: Path) -> tuple[list[str], list[str]]:
    """(claim ids, texts as the claim vectoriser reads them)."""
    cache = open_cache(root)
    try:
        p = prepare(load_corpus(root), cache)
    finally:
        cache.close()
    return [c.id for c in p.claims], [_with_entity_tokens(c.text, f) for c, f in zip(p.claims, p.facts, strict=True)]


def weighted_rows(texts: list[str], grid: float) -> tuple[list[dict[str, float]], dict[str, float]]:
    vec = _vectorizer(grid)
    matrix = vec.fit_transform(texts)
    terms = np.empty(len(vec.counter.vocabulary_), dtype=object)
    for term, j in vec.counter.vocabulary_.items():
        terms[j] = term
    rows = [dict(zip(terms[r.indices], r.data.tolist(), strict=True)) for r in matrix]
    return rows, dict(zip(terms, vec.idf_.tolist(), strict=True))


def main(argv: list[str] | None = None) -> int:
    from synth_corpus import extra_document, write_corpus

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--extra", type=int, default=5, help="new documents, each added on its own")
    ap.add_argument("--grids", default="1,1.25", help="comma list of weight_grid values (1: exact)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", type=Path, help="corpus folder to reuse (default: a temporary one)")
    args = ap.parse_args(argv)
    grids = [float(g) for g in args.grids.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        root = args.workdir or Path(tmp) / "corpus"
        if not any(root.glob("*.md")):
            write_corpus(args.docs, root, seed=args.seed)
        ids, texts = claim_texts(root)
        base = {g: weighted_rows(texts, g) for g in grids}
        changed: dict[float, list[float]] = {g: [] for g in grids}
        moved: dict[float, list[int]] = {g: [] for g in grids}
        for k in range(args.extra):
            name, content = extra_document(args.docs, seed=args.seed, k=k)
            path = root / name
            path.write_text(content, encoding="utf-8")
            try:
                ids_after, texts_after = claim_texts(root)
            finally:
                path.unlink()
            where = {c: i for i, c in enumerate(ids_after)}
            for g in grids:
                rows_after, idf_after = weighted_rows(texts_after, g)
                rows, idf = base[g]
                n_changed = sum(rows[i] != rows_after[where[c]] for i, c in enumerate(ids))
                changed[g].append(100.0 * n_changed / len(ids))
                moved[g].append(sum(idf[t] != idf_after.get(t) for t in idf))
        print(f"{args.docs} documents, {len(ids)} claims; each of {args.extra} new documents added on its own\n")
        print("| weight_grid | claim vectors changed, median (range) | terms whose weight changed, median (of all) |")
        print("|---|---:|---:|")
        for g in grids:
            c = changed[g]
            print(
                f"| {g:g}{' (exact)' if g <= 1 else ''} | {statistics.median(c):.2f} % ({min(c):.2f}-{max(c):.2f} %) "
                f"| {statistics.median(moved[g]):.0f} (of {len(base[g][1])}) |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
