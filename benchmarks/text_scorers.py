"""Which rapidfuzz scorer and preprocessing separate same-event sentence pairs best (ECB+ train).

Usage: .venv/bin/python benchmarks/text_scorers.py
"""

import csv

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process
from sklearn.metrics import roc_auc_score

from compare.features import strip_stop_words

with open("../shared/bench/ecbplus/pairs/ecbplus_sentence_pairs_train.tsv", encoding="utf-8") as fh:
    rows = list(csv.DictReader(fh, delimiter="\t"))
y = np.array([int(r["shares_event"]) for r in rows])
for proc_name, proc in (("default", default_process), ("nostop", strip_stop_words)):
    A = [proc(r["text_a"]) for r in rows]
    B = [proc(r["text_b"]) for r in rows]
    for name in (
        "ratio",
        "token_set_ratio",
        "token_sort_ratio",
        "partial_ratio",
        "WRatio",
        "QRatio",
        "partial_token_set_ratio",
        "token_ratio",
    ):
        s = process.cpdist(A, B, scorer=getattr(fuzz, name), processor=None, workers=1)
        print(f"{proc_name:8s} {name:25s} train AUC {roc_auc_score(y, s):.3f}")
