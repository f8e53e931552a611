"""Score a `compare` report against the ECB+ sentence pairs.

Inputs: the report JSON (schema 1: ``claims`` with ``id``, ``source``, ``start``, ``end``
offsets into that source's body; undirected ``links`` with ``a``, ``b`` and a 0-100
``score``), the sentence map written by ``benchmarks/ecbplus_corpus.py`` (``"<doc>:<sent>"``
-> ``[start, end]``) and a pair file (``pairs/ecbplus_sentence_pairs_{train,dev}.tsv``).

For each pair the claims of ``doc_a`` overlapping sentence ``sent_a`` are matched (a sentence
may be split into several claims, or one claim may cover it), likewise for ``doc_b``; the
pair's score is the highest link score between the two sides, 0 when no link joins them, and
the pair is predicted positive when it is linked (score > 0). Gold is ``--label``
(``shares_event`` by default, or ``same_subtopic``). Pairs of topics absent from the map are
skipped; pairs whose sentence is missing from the map are counted as not found (should be 0)
and left out of the metrics; sentences that no claim overlaps score 0 and are counted.

Printed: pairs, gold positives, linked, accuracy / precision / recall / F1 of "linked",
ROC AUC of the score (rank formula, ties averaged), and the best accuracy over a threshold on
the score (predict positive when score >= t), against the always-"no" accuracy.

Usage:
    .venv/bin/python benchmarks/ecbplus_score.py --report REPORT.json \\
        --map /tmp/ecb-dev-map.json \\
        --pairs ../shared/bench/ecbplus/pairs/ecbplus_sentence_pairs_dev.tsv \\
        [--label shares_event|same_subtopic] [--json] [--reliability]

``--reliability`` also prints, for the linked pairs in each link-score bin, the mean score
and the share of pairs with the gold label, and the expected calibration error: whether a
link scored 80 is right about four times in five.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from compare.evaluate import roc_auc

LABELS = ("shares_event", "same_subtopic")

Claims = dict[str, list[tuple[int, int, str]]]  # source id -> (start, end, claim id)
Links = dict[tuple[str, str], float]  # (claim a, claim b) -> best score, both orders


@dataclass
class Result:
    """Every number the script prints."""

    label: str
    rows: int
    skipped_topic: int
    not_found: int
    sentences_without_claim: int
    pairs: int
    positives: int
    linked: int
    true_positives: int
    accuracy: float | None
    precision: float | None
    recall: float | None
    f1: float | None
    roc_auc: float | None
    best_threshold: float | None
    best_threshold_accuracy: float | None
    always_no_accuracy: float | None


def slug(doc_name: str) -> str:
    """Source id of a document, as ecbplus_corpus.py writes it."""
    return "ecb-" + re.sub(r"[^a-z0-9-]+", "-", doc_name.lower()).strip("-")


def best_threshold(scores: list[float], gold: list[bool]) -> tuple[float | None, float | None]:
    """Best accuracy of "positive iff score >= t" over every t (t above the max = all "no")."""
    n = len(scores)
    if n == 0:
        return None, None
    n_pos = sum(gold)
    best_t, best_correct = float("inf"), n - n_pos  # nothing predicted positive
    pairs = sorted(zip(scores, gold, strict=True), key=lambda p: -p[0])
    tp = fp = 0
    i = 0
    while i < n:
        t = pairs[i][0]
        while i < n and pairs[i][0] == t:
            tp += pairs[i][1]
            fp += not pairs[i][1]
            i += 1
        correct = tp + (n - n_pos - fp)
        if correct > best_correct:
            best_t, best_correct = t, correct
    return best_t, best_correct / n


def load_report(path: Path) -> tuple[Claims, Links]:
    """Claims by source as (start, end, id), and link scores keyed by both id orders."""
    data = json.loads(path.read_text(encoding="utf-8"))
    # Schema 2 counts context links instead of listing them; scoring a report without them
    # would silently score most same-story pairs as unlinked.
    counted = int(data.get("summary", {}).get("context_links", 0))
    listed = sum(1 for lk in data.get("links", []) if lk.get("context"))
    if counted > listed:
        sys.exit(
            f"{path}: {counted} context links are counted but not listed; "
            "make the report with --config benchmarks/ecb-config.json (report_context_links: true)"
        )
    claims: Claims = defaultdict(list)
    for c in data.get("claims", []):
        claims[str(c["source"])].append((int(c["start"]), int(c["end"]), str(c["id"])))
    links: Links = {}
    for link in data.get("links", []):
        a, b, score = str(link["a"]), str(link["b"]), float(link["score"])
        for key in ((a, b), (b, a)):
            links[key] = max(score, links.get(key, score))
    return claims, links


def overlapping(claims: list[tuple[int, int, str]], start: int, end: int) -> list[str]:
    """Ids of the claims whose [start, end) overlaps the span."""
    return [cid for s, e, cid in claims if s < end and e > start]


@dataclass
class Scored:
    """The pair file read against a report: counts, and per scored pair its best link
    score, gold label and topic."""

    rows: int
    skipped: int
    not_found: int
    no_claim: int
    scores: list[float]
    gold: list[bool]
    topics: list[str]


def read_scores(report: Path, map_path: Path, pairs_path: Path, label: str) -> Scored:
    claims, links = load_report(report)
    spans: dict[str, list[int]] = json.loads(map_path.read_text(encoding="utf-8"))
    topics = {key.split("_", 1)[0] for key in spans}
    out = Scored(0, 0, 0, 0, [], [], [])
    no_claim: set[str] = set()
    with pairs_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out.rows += 1
            if str(row["topic"]) not in topics:
                out.skipped += 1
                continue
            sides = []
            for side in ("a", "b"):
                doc, sent = row[f"doc_{side}"], row[f"sent_{side}"]
                span = spans.get(f"{doc}:{sent}")
                if span is None:
                    break
                ids = overlapping(claims.get(slug(doc), []), span[0], span[1])
                if not ids:
                    no_claim.add(f"{doc}:{sent}")
                sides.append(ids)
            if len(sides) < 2:
                out.not_found += 1
                continue
            out.scores.append(max((links.get((a, b), 0.0) for a in sides[0] for b in sides[1]), default=0.0))
            out.gold.append(row[label].strip() in ("1", "true", "True"))
            out.topics.append(str(row["topic"]))
    out.no_claim = len(no_claim)
    return out


def score_pairs(report: Path, map_path: Path, pairs_path: Path, label: str) -> Result:
    return metrics_of(label, read_scores(report, map_path, pairs_path, label))


def metrics_of(label: str, scored: Scored) -> Result:
    return metrics(label, scored.rows, scored.skipped, scored.not_found, scored.no_claim, scored.scores, scored.gold)


RELIABILITY_BINS = ((50.0, 60.0), (60.0, 70.0), (70.0, 80.0), (80.0, 90.0), (90.0, 95.0), (95.0, 100.0))


def reliability(scores: list[float], gold: list[bool]) -> tuple[list[tuple[str, int, float, float]], float]:
    """Is the link score a calibrated probability? For the linked pairs in each score bin:
    (bin, pairs, mean score / 100, share that is gold positive), and the expected
    calibration error over the linked pairs (bin shares weighted by bin size)."""
    out = []
    linked = sum(1 for s in scores if s > 0)
    error = 0.0
    for k, (lo, hi) in enumerate(RELIABILITY_BINS):
        last = k == len(RELIABILITY_BINS) - 1
        sel = [(s, g) for s, g in zip(scores, gold, strict=True) if lo <= s < hi or (last and s == hi)]
        if not sel:
            continue
        mean = sum(s for s, _ in sel) / len(sel) / 100.0
        share = sum(g for _, g in sel) / len(sel)
        error += len(sel) / linked * abs(mean - share)
        out.append((f"{lo:g}-{hi:g}", len(sel), mean, share))
    return out, error


def metrics(
    label: str,
    rows: int,
    skipped: int,
    not_found: int,
    no_claim: int,
    scores: list[float],
    gold: list[bool],
) -> Result:
    n = len(scores)
    pos = sum(gold)
    pred = [s > 0 for s in scores]
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    linked = sum(pred)
    correct = sum(p == g for p, g in zip(pred, gold, strict=True))
    precision = tp / linked if linked else None
    recall = tp / pos if pos else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall > 0
        else None
    )
    threshold, best_acc = best_threshold(scores, gold)
    return Result(
        label=label,
        rows=rows,
        skipped_topic=skipped,
        not_found=not_found,
        sentences_without_claim=no_claim,
        pairs=n,
        positives=pos,
        linked=linked,
        true_positives=tp,
        accuracy=correct / n if n else None,
        precision=precision,
        recall=recall,
        f1=f1,
        roc_auc=roc_auc(np.array(gold, dtype=int), np.array(scores, dtype=float)),
        best_threshold=threshold,
        best_threshold_accuracy=best_acc,
        always_no_accuracy=(n - pos) / n if n else None,
    )


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return "inf" if value == float("inf") else f"{value:.4f}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", required=True, type=Path, help="compare report JSON")
    parser.add_argument("--map", required=True, type=Path, help="<corpus>-map.json")
    parser.add_argument("--pairs", required=True, type=Path, help="ECB+ sentence pair TSV")
    parser.add_argument("--label", choices=LABELS, default="shares_event")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument(
        "--reliability", action="store_true", help="also print how often linked pairs in each score bin share an event"
    )
    args = parser.parse_args(argv)

    scored = read_scores(args.report, args.map, args.pairs, args.label)
    result = metrics_of(args.label, scored)
    if args.json:
        out = asdict(result)
        if out["best_threshold"] == float("inf"):
            out["best_threshold"] = None  # JSON has no infinity: "predict nothing" is best
        print(json.dumps(out, sort_keys=False))
        return 0
    rows = [
        ("label", result.label),
        ("rows read", result.rows),
        ("skipped (topic not in corpus)", result.skipped_topic),
        ("not found (sentence not in map)", result.not_found),
        ("sentences with no claim", result.sentences_without_claim),
        ("pairs scored", result.pairs),
        ("gold positives", result.positives),
        ("linked (score > 0)", result.linked),
        ("accuracy of linked", result.accuracy),
        ("precision", result.precision),
        ("recall", result.recall),
        ("F1", result.f1),
        ("ROC AUC of score", result.roc_auc),
        ("best threshold (score >=)", result.best_threshold),
        ("best-threshold accuracy", result.best_threshold_accuracy),
        ("always-no accuracy", result.always_no_accuracy),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {_fmt(value)}")
    if args.reliability:
        table, error = reliability(scored.scores, scored.gold)
        print("\n| link score | linked pairs | mean score / 100 | share with gold label |\n|---|---:|---:|---:|")
        for name, n, mean, share in table:
            print(f"| {name} | {n} | {mean:.3f} | {share:.3f} |")
        print(f"\nexpected calibration error over the linked pairs: {error:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
