"""How well `compare` groups claims into events, scored against ECB+'s gold event coreference.

The pair benchmarks (ecbplus_score.py) score links. This scores the events built from them
(issue 4, item 4): an annotated sentence belongs to the events of the claims that overlap
it, and to a group of its own when none of them is in an event. Gold is the set of event
mentions (``events``) of each sentence in ``sentences.jsonl``; a sentence may mention
several events, so the clustering measure is extended B-cubed (Amigo et al., "A comparison
of extrinsic clustering evaluation metrics based on formal constraints", Information
Retrieval 12, 2009), which allows several classes and several clusters per item. The same
groupings are also scored on the sentence pairs of the pair file (two sentences predicted
to share an event when they share a group).

Groupings, all from the same analysis of the corpus:
- ``events``: what the report shows, with every member of an event listed (the settings'
  ``max_claims_per_source`` lifted: the cap is for reading, not for grouping), at the
  settings' ``event_min_coverage`` and at each share given with ``--coverage``;
- ``connected components``: the same links, merged unconditionally, the chaining that
  group_events is built to avoid;
- ``claims alone``: no grouping at all;
- ``gold documents``: every sentence of the documents of one seminal event in one group,
  the reference the issue quotes for documents ("a perfect same-event grouping of
  documents").

Usage:
    .venv/bin/python benchmarks/ecbplus_events.py --corpus benchmarks/out/ecb-dev \\
        --map benchmarks/out/ecb-dev-map.json --pairs ../shared/bench/ecbplus/pairs/ecbplus_sentence_pairs_dev.tsv
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ecbplus_score as es

from compare import events as events_module
from compare import pipeline
from compare.settings import Settings, load_settings

SENTENCES = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ecbplus" / "pairs" / "sentences.jsonl"

Groups = dict[str, frozenset[str]]  # item -> ids of its groups


def extended_bcubed(predicted: Groups, gold: Groups) -> tuple[float, float, float]:
    """Extended B-cubed precision, recall and F1 over the items of `gold`."""
    items = sorted(gold)
    by_group: dict[str, list[int]] = defaultdict(list)
    by_class: dict[str, list[int]] = defaultdict(list)
    for k, item in enumerate(items):
        for g in predicted[item]:
            by_group[g].append(k)
        for c in gold[item]:
            by_class[c].append(k)
    pred = [predicted[i] for i in items]
    true = [gold[i] for i in items]

    def side(mine: list[frozenset[str]], other: list[frozenset[str]], index: dict[str, list[int]]) -> float:
        total = 0.0
        for k in range(len(items)):
            partners = {m for g in mine[k] for m in index[g]}
            if not partners:
                continue
            total += sum(
                min(len(mine[k] & mine[m]), len(other[k] & other[m])) / len(mine[k] & mine[m]) for m in partners
            ) / len(partners)
        return total / len(items)

    precision = side(pred, true, by_group)
    recall = side(true, pred, by_class)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def merge_always(
    pairs: Iterable[tuple[int, int]], others: object, bounds: Sequence[int], coverage: float
) -> tuple[dict[int, list[int]], list[int], list[tuple[int, int, int]]]:
    """events._merge without its test: connected components, in the same output form."""
    n = len(bounds) - 1
    owner = list(range(n))
    members: dict[int, list[int]] = {}
    history: list[tuple[int, int, int]] = []
    for i, j in pairs:
        gi, gj = owner[i], owner[j]
        if gi == gj:
            continue
        size_i, size_j = len(members.get(gi, [gi])), len(members.get(gj, [gj]))
        keep, drop = (gi, gj) if size_i >= size_j else (gj, gi)
        history.append((gi, gj, keep))
        moved = members.pop(drop, None) or [drop]
        members.setdefault(keep, [keep]).extend(moved)
        for x in moved:
            owner[x] = keep
    return members, owner, history


def load_gold(path: Path, topics: set[str]) -> tuple[Groups, dict[str, str]]:
    """Gold event ids of every annotated sentence of the topics, and its seminal event."""
    gold: Groups = {}
    seminal: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if str(rec["topic"]) not in topics or not rec.get("events"):
                continue
            key = f"{rec['doc']}:{rec['sent']}"
            gold[key] = frozenset(rec["events"])
            seminal[key] = f"{rec['topic']}/{rec['subtopic']}"
    return gold, seminal


def groups_of(
    gold: Groups, spans: dict[str, list[int]], claims: es.Claims, event_of: Callable[[str], frozenset[str]]
) -> Groups:
    out: Groups = {}
    for key in gold:
        doc = key.rsplit(":", 1)[0]
        span = spans.get(key)
        ids = es.overlapping(claims.get(es.slug(doc), []), span[0], span[1]) if span else []
        found = frozenset(g for cid in ids for g in event_of(cid))
        out[key] = found or frozenset({"alone:" + (ids[0] if ids else key)})
    return out


def pair_scores(predicted: Groups, pairs: Path, gold: Groups) -> tuple[int, float, float, float, float]:
    """(pairs, accuracy, precision, recall, F1) of "shares a group" on the pair file."""
    tp = fp = fn = tn = 0
    with pairs.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            a, b = f"{row['doc_a']}:{row['sent_a']}", f"{row['doc_b']}:{row['sent_b']}"
            if a not in predicted or b not in predicted:
                continue
            said = bool(predicted[a] & predicted[b])
            true = row["shares_event"].strip() in ("1", "true", "True")
            tp += said and true
            fp += said and not true
            fn += true and not said
            tn += not said and not true
    n = tp + fp + fn + tn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return n, (tp + tn) / n if n else 0.0, precision, recall, f1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="corpus built by ecbplus_corpus.py")
    ap.add_argument("--map", type=Path, required=True, help="its <corpus>-map.json")
    ap.add_argument("--pairs", type=Path, required=True, help="ECB+ sentence pair TSV of the same topics")
    ap.add_argument("--sentences", type=Path, default=SENTENCES, help="sentences.jsonl (gold event ids)")
    ap.add_argument("--config", type=Path, help="settings file, as for compare report --config")
    ap.add_argument(
        "--coverage", default="", help="comma-separated event_min_coverage values to group the same links at as well"
    )
    args = ap.parse_args(argv)

    settings = load_settings(args.config) if args.config else Settings()
    settings = replace(settings, max_claims_per_source=1_000_000)
    captured: dict[str, tuple] = {}  # type: ignore[type-arg]
    original = pipeline.group_events

    def capture(*a, **k):  # type: ignore[no-untyped-def]
        captured["args"] = (a, k)
        return original(*a, **k)

    pipeline.group_events = capture  # type: ignore[assignment]
    try:
        analysis = pipeline.analyse_corpus(args.corpus, settings)
    finally:
        pipeline.group_events = original  # type: ignore[assignment]

    spans: dict[str, list[int]] = json.loads(args.map.read_text(encoding="utf-8"))
    topics = {key.split("_", 1)[0] for key in spans}
    gold, seminal = load_gold(args.sentences, topics)
    claims: es.Claims = defaultdict(list)
    for c in analysis.claims:
        claims[c.source].append((c.start, c.end, c.id))

    def by_events(events: Sequence) -> Callable[[str], frozenset[str]]:  # type: ignore[type-arg]
        table: dict[str, set[str]] = defaultdict(set)
        for e in events:
            for cid in e.claims:
                table[cid].add(e.id)
        return lambda cid: frozenset(table.get(cid, ()))

    a, k = captured["args"]
    saved = events_module._merge
    events_module._merge = merge_always  # type: ignore[assignment]
    try:
        components = events_module.group_events(*a, **k)
    finally:
        events_module._merge = saved  # type: ignore[assignment]

    groupings: dict[str, Groups] = {
        f"events (compare, coverage {settings.event_min_coverage})": groups_of(
            gold, spans, claims, by_events(analysis.events)
        ),
    }
    for value in (float(v) for v in args.coverage.split(",") if v.strip()):
        # The pipeline passes group_events its arguments in order; the fourth is the settings.
        grouped = events_module.group_events(*a[:3], replace(a[3], event_min_coverage=value), *a[4:], **k)
        groupings[f"events at coverage {value}"] = groups_of(gold, spans, claims, by_events(grouped))
    groupings |= {
        "connected components of the same links": groups_of(gold, spans, claims, by_events(components)),
        "claims alone": groups_of(gold, spans, claims, lambda cid: frozenset()),
        "gold documents (seminal event)": {key: frozenset({seminal[key]}) for key in gold},
    }
    print(
        f"{len(gold)} annotated sentences in topics {', '.join(sorted(topics, key=int))}; {len(analysis.events)} events"
    )
    print()
    print(
        "| grouping | B³ precision | B³ recall | B³ F1 | pairs | pair accuracy | pair precision | pair recall "
        "| pair F1 |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, predicted in groupings.items():
        p, r, f = extended_bcubed(predicted, gold)
        n, acc, pp, pr, pf = pair_scores(predicted, args.pairs, gold)
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {n} | {acc:.3f} | {pp:.3f} | {pr:.3f} | {pf:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
