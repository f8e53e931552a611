"""Held-out accounts: does compare find agreement and divergence in text it was not tuned on?

The demo corpus (`seeds/`) was written alongside the verdict rules, and its tests check
divergences the rules were built to find. The accounts in `benchmarks/data/heldout/` were
written afterwards, from the same fact sheet of public reporting, by writers who saw neither
the code, the tests nor the demo accounts. Each `labels-*.jsonl` pairs a sentence of an
account with a sentence of the seed article that reports the same fact, and says whether the
two agree or diverge (and how).

This builds a corpus of the seed article and the held-out accounts in a temporary folder
(with `--with-demo`, the demo accounts too), analyses it as `compare report` does, and for
every labelled pair reports what the tool made of it:
- agree expected: `agree` or `compatible` is right, `diverge` is a false divergence;
- diverge expected: `diverge` is found, with the right kind when one of its differences is
  of a labelled kind; `agree`/`compatible` is a missed divergence;
- `related` or no link at all: missed (the pair was not compared as one statement).
For a missed pair it says whether the focus view of the seed (`compare report --base`) lists
the account's claim among the closest claims without a verdict, to check by hand. It then
lists the divergences the tool reports between a held-out account and the seed that no
label covers, to be read by hand: some are facts the writers did not label, others are
false divergences.

Usage:
    .venv/bin/python benchmarks/heldout_accounts.py [--with-demo] [--json]
    .venv/bin/python benchmarks/heldout_accounts.py --data benchmarks/data/heldout-c   # set C
    .venv/bin/python benchmarks/heldout_accounts.py --data benchmarks/data/heldout \
        --data benchmarks/data/heldout-c --data benchmarks/data/heldout-d             # each, and totals
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from compare.corpus import Corpus
from compare.ingest import AddOptions, add_source
from compare.model import Claim
from compare.pipeline import analyse_corpus
from compare.report import build_report
from compare.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data" / "heldout"
SEED = "seed-hezbollah-iran"


def read_labels(data: Path, pattern: str = "labels-*.jsonl") -> list[dict]:  # type: ignore[type-arg]
    return [
        json.loads(line)
        for path in sorted(data.glob(pattern))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def build_corpus(root: Path, data: Path, with_demo: bool = False) -> None:
    """The seed article and the held-out accounts (and the demo accounts) in `root`."""
    shutil.copy(ROOT / "seeds" / f"{SEED}.md", root)
    if with_demo:
        for path in sorted((ROOT / "seeds").glob("demo-*.md")):
            shutil.copy(path, root)
    for path in sorted(data.glob("*.md")):
        add_source(root, str(path), AddOptions())


def claims_at(corpus: Corpus, claims: Sequence[Claim], source: str, phrase: str) -> set[str]:
    """Ids of the claims of `source` that overlap the one occurrence of `phrase` in its text."""
    text = corpus.get(source).text
    start = text.find(phrase)
    if start < 0 or text.find(phrase, start + 1) >= 0:
        raise SystemExit(f"error: {source}: phrase found {text.count(phrase)} times, not once: {phrase!r}")
    end = start + len(phrase)
    return {c.id for c in claims if c.source == source and c.start < end and c.end > start}


def outcome(expected: str, kinds: set[str], links: list) -> tuple[str, str]:  # type: ignore[type-arg]
    """(outcome, what the tool said) for one labelled pair, from the links between its claims."""
    judged = [lk for lk in links if lk.verdict != "related"]
    if not judged:
        return "missed", "related" if links else "not linked"
    # The pair's verdict is that of its strongest judged link.
    best = max(judged, key=lambda lk: (lk.score, lk.a, lk.b))
    found = {d.kind for d in best.differences}
    said = best.verdict + (f" ({', '.join(sorted(found))})" if found else "")
    if expected == "agree":
        return ("right" if best.verdict in ("agree", "compatible") else "false divergence"), said
    if best.verdict != "diverge":
        return "missed", said
    return ("right" if found & kinds else "diverge, other kind"), said


def score_set(data: Path, pattern: str, with_demo: bool, config: Path | None) -> dict:  # type: ignore[type-arg]
    """The outcome of every label of one set, and the divergences no label covers."""
    accounts = sorted(data.glob("*.md"))
    labels = read_labels(data, pattern)
    if not accounts or not labels:
        raise SystemExit(f"error: no accounts or no labels in {data}")
    with tempfile.TemporaryDirectory() as tmp:
        build_corpus(Path(tmp), data, with_demo)
        analysis = analyse_corpus(Path(tmp), load_settings(config), use_cache=False, base=SEED)
    focus = build_report(analysis, SEED)["claims"]
    closest = {c["id"]: {x["claim"] for x in c.get("closest_loose", ())} for c in focus}  # type: ignore[union-attr]

    by_pair: dict[frozenset[str], list] = {}  # type: ignore[type-arg]
    for lk in analysis.links:
        by_pair.setdefault(frozenset((lk.a, lk.b)), []).append(lk)
    rows = []
    covered: set[frozenset[str]] = set()
    for label in labels:
        mine = claims_at(analysis.corpus, analysis.claims, label["account"], label["account_phrase"])
        theirs = claims_at(analysis.corpus, analysis.claims, SEED, label["seed_phrase"])
        pairs = {frozenset((a, b)) for a in mine for b in theirs}
        covered |= pairs
        links = [lk for p in pairs for lk in by_pair.get(p, [])]
        result, said = outcome(label["expected"], set(label.get("kinds", [])), links)
        listed = result == "missed" and any(a in closest.get(b, ()) for a in mine for b in theirs)
        rows.append({**label, "outcome": result, "said": said, "listed_to_check": listed})

    claim_source = {c.id: c.source for c in analysis.claims}
    text = {c.id: c.text for c in analysis.claims}
    heldout = {p.stem for p in accounts}
    unlabelled = [
        {"kinds": [d.kind for d in lk.differences], "a": text[lk.a], "b": text[lk.b]}
        for lk in analysis.links
        if lk.verdict == "diverge"
        and {claim_source[lk.a], claim_source[lk.b]} & heldout
        and SEED in (claim_source[lk.a], claim_source[lk.b])
        and frozenset((lk.a, lk.b)) not in covered
    ]
    return {"claims": len(analysis.claims), "rows": rows, "unlabelled": unlabelled}


def summarise(rows: list[dict]) -> dict[str, dict[str, int]]:  # type: ignore[type-arg]
    return {
        expected: dict(Counter(r["outcome"] for r in rows if r["expected"] == expected))
        for expected in ("agree", "diverge")
    }


def print_summary(rows: list[dict], unlabelled: int) -> None:  # type: ignore[type-arg]
    for expected, counts in summarise(rows).items():
        n = sum(counts.values())
        if not n:
            continue
        parts = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
        print(f"expected {expected}: {n} pairs: {parts}")
    missed = sum(r["outcome"] == "missed" for r in rows)
    listed = sum(r["listed_to_check"] for r in rows)
    print(f"missed pairs the seed's focus view lists among the closest claims to check by hand: {listed} of {missed}")
    print(f"\ndivergences between a held-out account and the seed that no label covers: {unlabelled}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data", type=Path, action="append", help="a folder of accounts and labels (repeat for several sets)"
    )
    ap.add_argument("--with-demo", action="store_true", help="also put the demo accounts in the corpus")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    ap.add_argument("--config", type=Path, help="settings file, as for compare report --config")
    ap.add_argument("--labels", default="labels-*.jsonl", help="which label files of --data to score (a glob)")
    args = ap.parse_args(argv)
    sets = args.data or [DATA]

    results = {str(data): score_set(data, args.labels, args.with_demo, args.config) for data in sets}
    if args.json:
        out = {
            name: {
                "labels": r["rows"],
                "summary": summarise(r["rows"]),
                "listed_to_check": sum(x["listed_to_check"] for x in r["rows"]),
                "unlabelled_divergences": len(r["unlabelled"]),
            }
            for name, r in results.items()
        }
        print(json.dumps(next(iter(out.values())) if len(out) == 1 else {"sets": out}, indent=1))
        return 0
    corpus = "seed, demo and held-out accounts" if args.with_demo else "seed and held-out accounts"
    for name, r in results.items():
        rows = r["rows"]
        print(f"## {name}\n\ncorpus: {corpus}; {r['claims']} claims; {len(rows)} labelled pairs\n")
        print("| item | account | expected | the tool said | outcome |\n|---|---|---|---|---|")
        for row in rows:
            want = row["expected"] + (f" ({', '.join(row['kinds'])})" if row.get("kinds") else "")
            check = ", listed to check by hand" if row["listed_to_check"] else ""
            print(f"| {row['item']} | {row['account']} | {want} | {row['said']} | {row['outcome']}{check} |")
        print()
        print_summary(rows, len(r["unlabelled"]))
        for u in r["unlabelled"]:
            print(f"- ({', '.join(u['kinds'])}) {u['a'][:150]!r} / {u['b'][:150]!r}")
        print()
    if len(results) > 1:
        every = [row for r in results.values() for row in r["rows"]]
        print(f"## all {len(results)} sets: {len(every)} labelled pairs\n")
        print_summary(every, sum(len(r["unlabelled"]) for r in results.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
