"""Fit the refutation model (compare/refute.py) on FNC-1 train half A; report half B.

The vocabulary is limited to words found in the best-matching body sentences of at least
2% of the distinct headlines (claims) of half A: words spread over many unrelated stories
say how a text argues, not what it is about. The decision threshold is chosen by 5-fold
cross-validation grouped by body on half A, then applied unchanged to half B.

Usage:
    .venv/bin/python benchmarks/pairs_prepare.py --out benchmarks/out/pairs
    .venv/bin/python benchmarks/fit_refutation.py --a benchmarks/out/pairs/fnc1_half_a.csv \
        --b benchmarks/out/pairs/fnc1_half_b.csv [--write compare/data/refutation.json]
"""

from __future__ import annotations

import argparse
import json
import re
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold, cross_val_predict

from compare.evaluate import _pseudo_corpus, read_pairs
from compare.settings import Settings

TOKEN = r"(?u)\b[\w']+\b"


def best_matches(path: Path) -> list[tuple[str, str, str, str]]:
    """(stance, headline, best-matching body sentences, body) of every related pair."""
    rows = [r for r in read_pairs(path, ["headline", "body", "stance"]) if r["stance"] != "unrelated"]
    texts = sorted({r["headline"] for r in rows} | {r["body"] for r in rows})
    idx = {t: i for i, t in enumerate(texts)}
    aligner, owner = _pseudo_corpus(texts, Settings(), segment=True)
    out = []
    for r in rows:
        ia = np.flatnonzero(owner == idx[r["headline"]])
        ib = np.flatnonzero(owner == idx[r["body"]])
        pairs = np.array([(i, j) if i < j else (j, i) for i in ia for j in ib])
        evidence = aligner.claim_evidence(aligner.feature_matrix(pairs))
        head = set(ia.tolist())
        ranked = [int(p[1]) if int(p[0]) in head else int(p[0]) for p in pairs[np.argsort(-evidence, kind="stable")]]
        top = " ".join(aligner.data.claims[c].text for c in ranked[:3])
        out.append((r["stance"], r["headline"], top, r["body"]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", type=Path, required=True)
    ap.add_argument("--b", type=Path, required=True)
    ap.add_argument("--C", type=float, default=0.25)
    ap.add_argument("--spread", type=float, default=0.02)
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    a, b = best_matches(args.a), best_matches(args.b)
    spread: dict[str, set[str]] = defaultdict(set)
    for _, head, top, _ in a:
        for w in set(re.findall(TOKEN, top.lower())):
            spread[w].add(head)
    heads = len({d[1] for d in a})
    vocab = sorted(w for w, hs in spread.items() if len(hs) >= args.spread * heads)
    vt = TfidfVectorizer(vocabulary=vocab, token_pattern=TOKEN, sublinear_tf=True).fit([d[2] for d in a])
    vb = TfidfVectorizer(vocabulary=vocab, token_pattern=TOKEN, sublinear_tf=True).fit([d[3] for d in a])

    def features(data: list[tuple[str, str, str, str]]) -> sp.csr_matrix:
        return sp.hstack([vt.transform([d[2] for d in data]), vb.transform([d[3] for d in data])]).tocsr()

    xa, xb = features(a), features(b)
    ya = np.array([d[0] == "disagree" for d in a])
    yb = np.array([d[0] == "disagree" for d in b])
    groups = np.array([zlib.crc32(d[3].encode("utf-8")) % 1000 for d in a])
    lr = LogisticRegression(C=args.C, max_iter=3000, class_weight="balanced")
    cv = cross_val_predict(lr, xa, ya, cv=GroupKFold(5), groups=groups, method="predict_proba")[:, 1]
    f1, threshold = max((f1_score(ya, cv >= t), float(t)) for t in np.arange(0.1, 0.95, 0.025))
    lr.fit(xa, ya)
    pb = lr.predict_proba(xb)[:, 1]
    p, r, fb, _ = precision_recall_fscore_support(yb, pb >= threshold, average="binary")
    print(f"vocabulary {len(vocab)} words; threshold {threshold:.3f} (cross-validated F1 on half A {f1:.3f})")
    print(f"half B disagree: precision {p:.3f} recall {r:.3f} F1 {fb:.3f} ({int(yb.sum())} of {len(yb)})")
    if args.write:
        n = len(vocab)
        model = {
            "about": "Refutation model of compare/refute.py, fitted on FNC-1 train half A "
            "by benchmarks/fit_refutation.py",
            "vocabulary": vocab,
            "idf_top": [round(float(x), 5) for x in vt.idf_],
            "idf_body": [round(float(x), 5) for x in vb.idf_],
            "coef_top": [round(float(x), 5) for x in lr.coef_[0][:n]],
            "coef_body": [round(float(x), 5) for x in lr.coef_[0][n:]],
            "intercept": round(float(lr.intercept_[0]), 5),
            "threshold": round(threshold, 3),
        }
        args.write.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
