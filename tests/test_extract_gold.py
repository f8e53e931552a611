"""The hand-labelled extraction gold set (benchmarks/data/extract_gold.jsonl, scored as
benchmarks/extract_bench.py scores it): every date and quantity is extracted with its value,
and entities keep the issue's floors. A change to the date or figure rules that breaks one
of the set's conventions ("since the 2006 war" is 2006) fails here, not only in the
benchmark."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "extract_bench.py"
spec = importlib.util.spec_from_file_location("extract_bench", BENCH)
assert spec and spec.loader
bench = importlib.util.module_from_spec(spec)
sys.modules["extract_bench"] = bench  # its dataclasses look their module up by name
spec.loader.exec_module(bench)


@pytest.fixture(scope="module")
def scored():  # type: ignore[no-untyped-def]
    rows = bench.load_gold()
    preds = bench.ours(rows)
    return {
        "dates": bench.score_dates(rows, preds),
        "quantities": bench.score_quantities(rows, preds),
        "entities": bench.score_entities(rows, preds),
    }


@pytest.mark.parametrize("kind", ["dates", "quantities"])
def test_every_gold_date_and_figure_is_extracted_with_its_value(scored, kind: str) -> None:  # type: ignore[no-untyped-def]
    score = scored[kind]
    assert score.tp > 150
    assert (score.fps, score.fns) == ([], [])


def test_entities_keep_the_floors(scored) -> None:  # type: ignore[no-untyped-def]
    score = scored["entities"]
    assert score.p >= 0.85 and score.r >= 0.80, (score.fps, score.fns)
