"""The data README's FNC-1 reference point on our own halves: rapidfuzz token_set_ratio on
stop-word-free texts, threshold chosen on one file and applied to the other. The README
gives 95.7 % on the held-out test part; the gap says how much harder that part is.

Usage:
    .venv/bin/python benchmarks/fnc_baseline.py benchmarks/out/pairs/fnc1_half_a.csv \
        benchmarks/out/pairs/fnc1_half_b.csv
"""

from __future__ import annotations

import csv
import sys

import numpy as np
from rapidfuzz import fuzz, process

from compare.features import strip_stop_words

csv.field_size_limit(1 << 30)


def scores(path: str) -> tuple[np.ndarray, np.ndarray]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    a = [strip_stop_words(r["headline"]) for r in rows]
    b = [strip_stop_words(r["body"]) for r in rows]
    s = process.cpdist(a, b, scorer=fuzz.token_set_ratio, processor=None, workers=-1)
    return np.asarray(s), np.array([r["related"] == "related" for r in rows])


def main(argv: list[str]) -> int:
    sa, ya = scores(argv[0])
    sb, yb = scores(argv[1])
    candidates = np.unique(sa)
    accuracy = [((sa >= t) == ya).mean() for t in candidates]
    best = int(np.argmax(accuracy))
    t = candidates[best]
    print(f"{argv[0]}: best threshold {t:.2f}, accuracy {accuracy[best]:.4f}")
    print(f"{argv[1]}: at {t:.2f}, accuracy {((sb >= t) == yb).mean():.4f} ({yb.mean():.1%} related)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
