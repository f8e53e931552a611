"""The recall measure of benchmarks/perf.py: the floor of issue 4 is quoted from it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

PERF = Path(__file__).resolve().parent.parent / "benchmarks" / "perf.py"
spec = importlib.util.spec_from_file_location("perf", PERF)
assert spec and spec.loader
perf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(perf)


def test_tie_aware_top_counts_a_tied_link_as_found() -> None:
    values = np.array([90.0, 80.0, 80.0, 80.0, 10.0])
    kept = np.array([True, False, True, False, True])
    # Best 2 over all pairs: 90, 80. Over the kept ones: 90, 80 (a different 80): both found.
    assert perf.tie_aware_top(values, kept, 2) == (2, 2)


def test_tie_aware_top_counts_a_missed_better_link() -> None:
    values = np.array([90.0, 85.0, 80.0, 70.0])
    kept = np.array([True, False, True, True])
    # Best 3: 90, 85, 80; the candidates give 90, 80, 70: the 70 is under the third best.
    assert perf.tie_aware_top(values, kept, 3) == (3, 2)
    # Fewer links than slots: the slots are the links there are.
    assert perf.tie_aware_top(values[:2], kept[:2], 10) == (2, 1)
    assert perf.tie_aware_top(np.zeros(0), np.zeros(0, bool), 10) == (0, 0)


def test_wilson_interval_brackets_the_proportion() -> None:
    lo, hi = perf.wilson(3710, 3738)
    assert lo < 3710 / 3738 < hi
    assert 0.988 < lo < 0.990 and 0.994 < hi < 0.996
