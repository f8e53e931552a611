"""How much the ECB+ corpus figures move from one set of topics to another.

The held-out ECB+ test part holds 10 topics. This scores each topic of a corpus report on
its own, then draws random sets of `--k` topics and says how often accuracy (linked or not)
and ROC AUC (the link score) fall under the floors of issue 4.

Usage:
    .venv/bin/python benchmarks/ecbplus_topics.py --report benchmarks/out/ecb-train-report/report.json \
        --map benchmarks/out/ecb-train-map.json --pairs ../shared/bench/ecbplus/pairs/ecbplus_sentence_pairs_train.tsv
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ecbplus_score as es


def pairs_by_topic(report: Path, map_path: Path, pairs: Path) -> dict[str, list[tuple[float, bool]]]:
    scored = es.read_scores(report, map_path, pairs, "shares_event")
    out: dict[str, list[tuple[float, bool]]] = {}
    for topic, score, gold in zip(scored.topics, scored.scores, scored.gold, strict=True):
        out.setdefault(topic, []).append((score, gold))
    return out


def metrics(rows: list[tuple[float, bool]]) -> tuple[float, float]:
    accuracy = sum((s > 0) == g for s, g in rows) / len(rows)
    return accuracy, float(roc_auc_score([g for _, g in rows], [s for s, _ in rows]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--report", type=Path, required=True)
    ap.add_argument("--map", type=Path, required=True)
    ap.add_argument("--pairs", type=Path, required=True)
    ap.add_argument("--k", type=int, default=10, help="topics per draw")
    ap.add_argument("--draws", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    by_topic = pairs_by_topic(args.report, args.map, args.pairs)
    print("| topic | pairs | positives | accuracy | ROC AUC |")
    print("|---|---|---|---|---|")
    for topic in sorted(by_topic, key=int):
        acc, auc = metrics(by_topic[topic])
        print(f"| {topic} | {len(by_topic[topic])} | {sum(g for _, g in by_topic[topic])} | {acc:.3f} | {auc:.3f} |")
    rng = random.Random(args.seed)
    topics = sorted(by_topic, key=int)
    k = min(args.k, len(topics))
    draws = [metrics([r for t in rng.sample(topics, k) for r in by_topic[t]]) for _ in range(args.draws)]
    for i, (name, floor) in enumerate((("accuracy", 0.82), ("ROC AUC", 0.85))):
        values = sorted(d[i] for d in draws)
        under = sum(v < floor for v in values) / len(values)
        print(
            f"{name}: {args.draws} draws of {k} topics: 5th percentile {values[len(values) // 20]:.3f}, "
            f"median {values[len(values) // 2]:.3f}, under {floor} in {under:.1%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
