"""Fit the aligner's ladder weights on ECB+ train, check them on dev.

A logistic regression whose weights are constrained to the sign of the evidence
(similarities may only raise the score, conflicts may only lower it), so every link's
explanation reads the right way round. The fitted score is a calibrated probability of
"these two sentences report a common event" on ECB+ train.

Usage (after benchmarks/ecb_features.py has written train.npz and dev.npz):
    .venv/bin/python benchmarks/fit_weights.py --train benchmarks/out/train.npz --dev benchmarks/out/dev.npz
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from scipy.optimize import minimize

from compare.evaluate import roc_auc

POSITIVE = (
    "text",
    "cosine",
    "entities",
    "dates",
    "numbers",
    "places",
    "document",
    "neighbourhood",
    "section",
)
NEGATIVE = ("entity_conflict", "date_conflict")


def fit(x: np.ndarray, y: np.ndarray, names: list[str], l2: float = 1.0) -> tuple[float, np.ndarray]:
    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = w[0] + x @ w[1:]
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        eps = 1e-12
        value = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + l2 * np.sum(w[1:] ** 2) / (2 * len(y))
        grad = np.concatenate([[np.mean(p - y)], x.T @ (p - y) / len(y) + l2 * w[1:] / len(y)])
        return value, grad

    bounds = [(None, None)] + [
        (0, None) if n in POSITIVE else (None, 0) if n in NEGATIVE else (None, None) for n in names
    ]
    res = minimize(loss, np.zeros(len(names) + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    return float(res.x[0]), res.x[1:]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--dev", required=True)
    ap.add_argument(
        "--features",
        default="text,cosine,entities,entity_conflict,dates,date_conflict,numbers,places,neighbourhood,section",
    )
    args = ap.parse_args()
    tr, dv = np.load(args.train), np.load(args.dev)
    all_names = [str(n) for n in tr["names"]]
    names = args.features.split(",")
    ix = [all_names.index(n) for n in names]
    bias, w = fit(tr["X"][:, ix], tr["y"], names)
    print(f"{'set':6s} {'pairs':>6s} {'AUC':>6s} {'acc@50':>7s}")
    for label, d in (("train", tr), ("dev", dv)):
        z = bias + d["X"][:, ix] @ w
        p = 1 / (1 + np.exp(-z))
        print(f"{label:6s} {len(p):6d} {roc_auc(d['y'], p):6.3f} {np.mean((p >= 0.5) == d['y']):7.3f}")
    weights = {
        "bias": round(bias, 3),
        **{n: round(float(v), 3) for n, v in zip(names, w, strict=True)},
    }
    print(json.dumps(weights))


if __name__ == "__main__":
    main()
