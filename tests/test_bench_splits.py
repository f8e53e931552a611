"""The FNC-1 topic split of benchmarks/pairs_prepare.py: the `disagree` figure of
docs/benchmarks.md is held out only if no claim of one half is told in the other."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


prepare = _load("pairs_prepare")


def _row(headline: str, body_id: str, stance: str) -> dict[str, str]:
    return {
        "headline": headline,
        "body": f"body {body_id}",
        "stance": stance,
        "related": "unrelated" if stance == "unrelated" else "related",
        "body_id": body_id,
    }


def _fnc_like() -> dict[str, list[dict[str, str]]]:
    # Three claims told by several bodies each (one headline per claim is reused, as in
    # FNC-1), split by body the way the body halves are: each claim lands in both, which
    # is why the benchmark splits by topic.
    rows = [
        _row("Claim one", "1", "agree"),
        _row("Claim one", "2", "disagree"),
        _row("Claim one, retold", "2", "discuss"),
        _row("Claim two", "3", "agree"),
        _row("Claim two", "4", "discuss"),
        _row("Claim three", "5", "disagree"),
        _row("Claim three", "6", "agree"),
        _row("Claim three", "7", "discuss"),
        _row("Claim one", "5", "unrelated"),
        _row("Claim two", "1", "unrelated"),
        _row("Claim three", "3", "unrelated"),
    ]
    return {"a": rows[::2], "b": rows[1::2]}


def test_topic_halves_share_no_headline_and_no_body() -> None:
    halves, topics, dropped = prepare.topic_halves(_fnc_like())
    assert topics == 3
    heads = [{r["headline"] for r in halves[h]} for h in "ab"]
    bodies = [{r["body_id"] for r in halves[h]} for h in "ab"]
    assert not heads[0] & heads[1]
    assert not bodies[0] & bodies[1]
    related = [r for h in "ab" for r in halves[h] if r["related"] == "related"]
    assert len(related) == 8  # every related pair is kept
    assert dropped + sum(len(v) for v in halves.values()) == 11


def test_topic_halves_balance_related_pairs_largest_topic_first() -> None:
    halves, _, _ = prepare.topic_halves(_fnc_like())
    counts = sorted(sum(r["related"] == "related" for r in halves[h]) for h in "ab")
    # Topics of 3 (claim one, with its retold headline), 3 (claim three) and 2 pairs.
    assert counts == [3, 5]
