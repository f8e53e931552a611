"""Research helper: dump the aligner's pair features for ECB+ annotated sentence pairs.

Usage:
    .venv/bin/python benchmarks/ecb_features.py --corpus benchmarks/out/ecb-train \
        --map benchmarks/out/ecb-train-map.json \
        --pairs ../shared/bench/ecbplus/pairs/ecbplus_sentence_pairs_train.tsv --out train.npz
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

from compare.align import Aligner
from compare.cache import open_cache
from compare.corpus import load_corpus
from compare.features import FEATURES
from compare.pipeline import prepare
from compare.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--map", type=Path, required=True)
    ap.add_argument("--pairs", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    t0 = time.perf_counter()
    corpus = load_corpus(args.corpus)
    cache = open_cache(args.corpus)
    prepared = prepare(corpus, cache)
    aligner = Aligner(prepared.align_input, Settings())  # type: ignore[arg-type]
    spans = json.loads(args.map.read_text())
    by_source: dict[str, list[tuple[int, int, int]]] = {}
    for i, c in enumerate(prepared.claims):
        by_source.setdefault(c.source, []).append((c.start, c.end, i))
    print(f"prepared in {time.perf_counter() - t0:.1f}s", file=sys.stderr)

    def claims_of(doc: str, sent: str) -> list[int]:
        s, e = spans[f"{doc}:{sent}"]
        return [i for cs, ce, i in by_source.get("ecb-" + doc.replace("_", "-").lower(), []) if cs < e and s < ce]

    pair_index, labels, subtopic, topics = [], [], [], []
    candidates: list[tuple[int, int]] = []
    with args.pairs.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            a = claims_of(row["doc_a"], row["sent_a"])
            b = claims_of(row["doc_b"], row["sent_b"])
            if not a or not b:
                continue
            pair_index.append((len(candidates), len(a) * len(b)))
            candidates.extend((min(i, j), max(i, j)) for i in a for j in b)
            labels.append(int(row["shares_event"]))
            subtopic.append(int(row["same_subtopic"]))
            topics.append(int(row["topic"]))
    x_all = aligner.feature_matrix(np.array(candidates, dtype=np.int64))
    names = list(FEATURES)
    t_col, c_col = names.index("text"), names.index("cosine")
    rows = []
    for start, count in pair_index:
        block = x_all[start : start + count]
        rows.append(block[int(np.argmax(block[:, t_col] + block[:, c_col]))])
    np.savez(
        args.out,
        X=np.array(rows),
        y=np.array(labels),
        sub=np.array(subtopic),
        topic=np.array(topics),
        names=np.array(names),
    )
    print(f"{len(rows)} pairs in {time.perf_counter() - t0:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
