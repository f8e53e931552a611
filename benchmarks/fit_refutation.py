"""Fit the refutation model (compare/refute.py) on FNC-1 train; measure it on unseen claims.

The topic halves come from benchmarks/pairs_prepare.py and share no claim: fitted on one,
the model is measured on the other, on claims it has never seen, as it will be used. The
shipped model is then fitted on both halves, with the same procedure. Everything is
grouped by topic, because each FNC-1 claim is paired with dozens of bodies and a model learns the words of
the claims that happen to be refuted in its training data:
- the vocabulary is limited to words found in the best-matching body sentences of at least
  a share (`spread`) of the topics it is fitted on: words spread over many unrelated stories say
  how a text argues, not what it is about;
- `spread`, the regularisation C and the decision threshold are chosen by 5-fold
  cross-validation grouped by topic on the fitting data, then applied unchanged.

Until session 10 the halves were split by body and the vocabulary spread counted
headlines: half B then held the claims of half A, and the model scored `disagree` F1 0.344
on half B but 0.02-0.05 on claims it had not seen (docs/benchmarks.md).

Usage:
    .venv/bin/python benchmarks/pairs_prepare.py --out benchmarks/out/pairs
    # held out: fit on one topic half, measure on the other (--stance: the whole evaluation)
    .venv/bin/python benchmarks/fit_refutation.py --a benchmarks/out/pairs/fnc1_topic_a.csv \
        --b benchmarks/out/pairs/fnc1_topic_b.csv --stance
    # the shipped model: both halves
    .venv/bin/python benchmarks/fit_refutation.py --a benchmarks/out/pairs/fnc1_topic_a.csv \
        benchmarks/out/pairs/fnc1_topic_b.csv --write compare/data/refutation.json
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from pairs_prepare import Topics  # benchmarks/ is on the path when this script runs
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_fscore_support, roc_auc_score
from sklearn.model_selection import GroupKFold

from compare.evaluate import _pseudo_corpus, read_pairs
from compare.settings import Settings

TOKEN = r"(?u)\b[\w']+\b"
SPREADS = (0.05, 0.1, 0.2)
CS = (0.05, 0.25, 1.0)
THRESHOLDS = np.arange(0.1, 0.95, 0.025)

Match = tuple[str, str, str, str]  # stance, headline, best-matching body sentences, body


def best_matches(path: Path) -> list[Match]:
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


def topics(data: list[Match]) -> list[int]:
    """Topic number of each pair: headlines and bodies joined by a (related) pair."""
    joined = Topics()
    for _, head, _, body in data:
        joined.join("h:" + head, "b:" + body)
    roots = sorted({joined.find("h:" + d[1]) for d in data})
    number = {r: i for i, r in enumerate(roots)}
    return [number[joined.find("h:" + d[1])] for d in data]


class Fitted:
    def __init__(self, data: list[Match], groups: list[int], spread: float, C: float) -> None:
        seen: dict[str, set[int]] = defaultdict(set)
        for (_, _, top, _), g in zip(data, groups, strict=True):
            for w in set(re.findall(TOKEN, top.lower())):
                seen[w].add(g)
        total = len(set(groups))
        self.vocab = sorted(w for w, gs in seen.items() if len(gs) >= spread * total)
        self.vt = TfidfVectorizer(vocabulary=self.vocab, token_pattern=TOKEN, sublinear_tf=True)
        self.vb = TfidfVectorizer(vocabulary=self.vocab, token_pattern=TOKEN, sublinear_tf=True)
        self.vt.fit([d[2] for d in data])
        self.vb.fit([d[3] for d in data])
        self.lr = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")

    def features(self, data: list[Match]) -> sp.csr_matrix:
        return sp.hstack([self.vt.transform([d[2] for d in data]), self.vb.transform([d[3] for d in data])]).tocsr()


def cross_validate(data: list[Match], groups: list[int], spread: float, C: float) -> tuple[float, float]:
    """(best F1, its threshold) of 5-fold predictions grouped by topic; the vocabulary is
    chosen on the training folds only."""
    y = np.array([d[0] == "disagree" for d in data])
    g = np.array(groups)
    proba = np.zeros(len(data))
    for train, test in GroupKFold(5).split(np.zeros(len(data)), y, g):
        part = [data[i] for i in train]
        fitted = Fitted(part, [groups[i] for i in train], spread, C)
        fitted.lr.fit(fitted.features(part), y[train])
        proba[test] = fitted.lr.predict_proba(fitted.features([data[i] for i in test]))[:, 1]
    return max((float(f1_score(y, proba >= t)), float(t)) for t in THRESHOLDS)


def model_json(fitted: Fitted, threshold: float, fitted_on: str) -> dict[str, object]:
    n = len(fitted.vocab)
    return {
        "about": f"Refutation model of compare/refute.py, fitted on {fitted_on} by benchmarks/fit_refutation.py",
        "vocabulary": fitted.vocab,
        "idf_top": [round(float(x), 5) for x in fitted.vt.idf_],
        "idf_body": [round(float(x), 5) for x in fitted.vb.idf_],
        "coef_top": [round(float(x), 5) for x in fitted.lr.coef_[0][:n]],
        "coef_body": [round(float(x), 5) for x in fitted.lr.coef_[0][n:]],
        "intercept": round(float(fitted.lr.intercept_[0]), 5),
        "threshold": round(threshold, 3),
    }


def stance_with(model: dict[str, object], path: Path) -> str:
    """`compare eval --task stance` on `path` with `model` in place of the shipped one."""
    import compare.refute as refute
    from compare.evaluate import evaluate_stance, render_metrics

    loaded = dict(model, index={w: i for i, w in enumerate(model["vocabulary"])})  # type: ignore[call-overload]
    shipped = refute.model
    refute.model = lambda: loaded  # type: ignore[assignment]
    try:
        rows = read_pairs(path, ["headline", "body", "stance"])
        mapping = {"agree": "agree", "disagree": "polarity", "discuss": "certainty"}
        return render_metrics(evaluate_stance(rows, "headline", "body", "stance", mapping, Settings()))
    finally:
        refute.model = shipped  # type: ignore[assignment]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", type=Path, nargs="+", required=True, help="pair files to fit on (their related pairs)")
    ap.add_argument("--b", type=Path, help="a pair file of other claims, to measure the model on")
    ap.add_argument("--stance", action="store_true", help="also run the whole stance evaluation on --b")
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    a = [d for path in args.a for d in best_matches(path)]
    groups = topics(a)
    grid = {(spread, C): cross_validate(a, groups, spread, C) for spread in SPREADS for C in CS}
    for (spread, C), (f1, t) in grid.items():
        print(f"  spread {spread:.2f} C {C:<5} cross-validated F1 {f1:.3f} at threshold {t:.3f}")
    (spread, C), (f1, threshold) = max(grid.items(), key=lambda kv: (kv[1][0], -kv[0][1], -kv[0][0]))
    fitted = Fitted(a, groups, spread, C)
    fitted.lr.fit(fitted.features(a), np.array([d[0] == "disagree" for d in a]))
    print(
        f"chosen: spread {spread}, C {C}; vocabulary {len(fitted.vocab)} words; threshold {threshold:.3f} "
        f"(cross-validated F1 {f1:.3f}; {len(a)} pairs, {len(set(groups))} topics)"
    )
    fitted_on = "FNC-1 train: " + " + ".join(path.stem for path in args.a)
    model = model_json(fitted, threshold, fitted_on)
    if args.b:
        b = best_matches(args.b)
        yb = np.array([d[0] == "disagree" for d in b])
        pb = fitted.lr.predict_proba(fitted.features(b))[:, 1]
        p, r, fb, _ = precision_recall_fscore_support(yb, pb >= threshold, average="binary", zero_division=0)
        print(
            f"{args.b.name}, model alone, disagree: precision {p:.3f} recall {r:.3f} F1 {fb:.3f} "
            f"AUC {roc_auc_score(yb, pb):.3f} ({int(yb.sum())} of {len(yb)})"
        )
        if args.stance:
            print(f"\n{args.b.name}, compare eval --task stance with this model:\n")
            print(stance_with(model, args.b))
    if args.write:
        args.write.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
