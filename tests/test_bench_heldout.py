"""The held-out accounts of benchmarks/data/heldout and heldout-c to -g: every label
points at one place in its account and one in the seed as stored, so a change to either text
cannot silently make the benchmark score other sentences (or none)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compare.corpus import read_source
from compare.model import DIFFERENCE_KINDS

ROOT = Path(__file__).resolve().parent.parent
SETS = [
    ROOT / "benchmarks" / "data" / name
    for name in ("heldout", "heldout-c", "heldout-d", "heldout-e", "heldout-f", "heldout-g")
]
LABELS = [
    (f"{data.name}/{path.name}", n, json.loads(line))
    for data in SETS
    for path in sorted(data.glob("labels-*.jsonl"))
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
    if line.strip()
]


@pytest.mark.parametrize(
    "data,accounts,labels",
    [(SETS[0], 6, 40), (SETS[1], 4, 25), (SETS[2], 4, 30), (SETS[3], 4, 30), (SETS[4], 4, 60), (SETS[5], 4, 60)],
    ids=["a-b", "c", "d", "e", "f", "g"],
)
def test_there_are_accounts_and_labels(data: Path, accounts: int, labels: int) -> None:
    assert len(list(data.glob("heldout-*.md"))) >= accounts
    assert sum(name.startswith(data.name + "/") for name, _, _ in LABELS) >= labels


@pytest.mark.parametrize("name,line,label", LABELS, ids=[f"{n}:{k}" for n, k, _ in LABELS])
def test_a_label_names_one_place_in_each_text(name: str, line: int, label: dict) -> None:  # type: ignore[type-arg]
    account = read_source(ROOT / "benchmarks" / "data" / name.split("/")[0] / f"{label['account']}.md")
    seed = read_source(ROOT / "seeds" / "seed-hezbollah-iran.md")
    assert account.id == label["account"]
    assert account.text.count(label["account_phrase"]) == 1
    assert seed.text.count(label["seed_phrase"]) == 1
    assert label["expected"] in ("agree", "diverge")
    assert set(label["kinds"]) <= set(DIFFERENCE_KINDS)
    assert bool(label["kinds"]) == (label["expected"] == "diverge")
