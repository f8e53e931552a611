"""What alignment quality would cost if term weights were frozen from an earlier snapshot
of the corpus instead of counted on the whole corpus at every run.

An exact incremental run (issue 4, floor (e)) needs pair scores that one more document
does not move. With corpus-wide weights every score moves; with weights frozen from a
snapshot (the document frequencies of the corpus as it was, saved as a setting), a new
document would leave every old pair's features as they were. This script measures the
quality side of that trade on ECB+ dev as a corpus, with weights counted on:

- the whole corpus (today's behaviour; the harness must reproduce the published figures);
- a snapshot of a share of its documents (a random share, a fixed seed), as if the rest
  had been added one by one without refreshing the weights;
- another corpus altogether (ECB+ train: other topics), as a fixed reference table would be.

The weights are frozen as `compare weights --freeze` freezes them (compare/frozen.py):
section and claim TF-IDF, the section entity keys of the document similarity and the claim
entity weights. Terms the snapshot never saw weigh as a term seen in no document.

With `--churn CORPUS` it measures the other side, on a synthetic corpus
(benchmarks/synth_corpus.py): what one more document changes in the report (the
`compare diff` of the reports before and after), with weights counted on the corpus and
with weights frozen on the corpus before the document came.

    .venv/bin/python benchmarks/frozen_weights.py --corpus benchmarks/out/ecb-dev \\
        --map benchmarks/out/ecb-dev-map.json \\
        --pairs ../shared/bench/ecbplus/pairs/ecbplus_sentence_pairs_dev.tsv \\
        --shares 0.9,0.5 --seeds 1,2 --reference benchmarks/out/ecb-train
    .venv/bin/python benchmarks/frozen_weights.py --churn /tmp/compare-perf/synth-1000 --extras 0,1,2
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ecbplus_score import score_pairs  # noqa: E402

from compare.frozen import FILE_NAME, freeze_term_weights  # noqa: E402
from compare.pipeline import analyse_corpus  # noqa: E402
from compare.report import build_report, write_reports  # noqa: E402
from compare.settings import Settings, load_settings  # noqa: E402


def report(root: Path, settings: Settings, out: Path, use_cache: bool = False) -> Path:
    analysis = analyse_corpus(root, settings, use_cache=use_cache)
    write_reports(build_report(analysis), ["json"], out)
    return out / "report.json"


def copy_corpus(corpus: Path, into: Path, share: float = 1.0, seed: int = 0) -> int:
    """The corpus's sources (a random share of them) in a new folder, without its cache."""
    files = sorted(corpus.glob("*.md"))
    if share < 1.0:
        files = random.Random(seed).sample(files, max(1, round(share * len(files))))
    into.mkdir(parents=True)
    for p in files:
        shutil.copy2(p, into / p.name)
    return len(files)


def quality(args: argparse.Namespace) -> None:
    settings = load_settings(args.config)
    rows: list[tuple[str, int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "corpus"
        copy_corpus(args.corpus, work)
        snapshots: list[tuple[str, Path, float, int]] = [("the whole corpus", args.corpus, 1.0, 0)]
        for share in (float(s) for s in args.shares.split(",") if s):
            for seed in (int(s) for s in args.seeds.split(",")):
                snapshots.append((f"a random {share:.0%} of it (seed {seed})", args.corpus, share, seed))
        snapshots += [(f"another corpus: {ref.name}", ref, 1.0, 0) for ref in args.reference]
        for k, (label, source, share, seed) in enumerate(
            [("nothing: counted at each run", args.corpus, 0, 0), *snapshots]
        ):
            if share:
                snap = Path(tmp) / f"snapshot-{k}"
                docs = copy_corpus(source, snap, share, seed)
                freeze_term_weights(snap)
                shutil.copy2(snap / FILE_NAME, work / FILE_NAME)
            else:
                docs = 0
                (work / FILE_NAME).unlink(missing_ok=True)
            res = score_pairs(report(work, settings, Path(tmp) / f"out-{k}"), args.map, args.pairs, "shares_event")
            rows.append((label, docs, res.accuracy or 0.0, res.roc_auc or 0.0))
            print(f"{label:<40} {docs:>5} acc {res.accuracy:.4f} auc {res.roc_auc:.4f}", file=sys.stderr, flush=True)
    print("| weights frozen on | documents | accuracy | ROC AUC |")
    print("|---|---:|---:|---:|")
    for label, docs, acc, auc in rows:
        print(f"| {label} | {docs or ''} | {acc:.4f} | {auc:.4f} |")


def churn(corpus: Path, extras: list[int], seed: int, out: Path) -> None:
    """What one more document changes in the report, with weights counted on the corpus and
    with weights frozen on the corpus before it: the `compare diff` of the two reports."""
    from synth_corpus import extra_document

    from compare.changes import diff_reports, read_report

    if (corpus / FILE_NAME).exists():
        raise SystemExit(f"{corpus / FILE_NAME} exists: this benchmark writes and removes its own")
    n = len(list(corpus.glob("*.md")))
    settings = Settings()
    out.mkdir(parents=True, exist_ok=True)
    print(
        "| added document | weights | scores moved by less than 5 / by 5 or more | verdicts changed "
        "| statuses changed | links removed | links added between old sources | events added / removed / changed |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    try:
        before = {"counted": report(corpus, settings, out / "counted-before", use_cache=True)}
        freeze_term_weights(corpus)
        before["frozen"] = report(corpus, settings, out / "frozen-before", use_cache=True)
        for k in extras:
            name, content = extra_document(n, seed=seed, k=k)
            path = corpus / name
            path.write_text(content, encoding="utf-8")
            try:
                for label in ("counted", "frozen"):
                    table = corpus / FILE_NAME
                    if label == "counted":
                        table.rename(out / FILE_NAME)
                    try:
                        after = report(corpus, settings, out / f"{label}-after-{k}", use_cache=True)
                    finally:
                        if label == "counted":
                            (out / FILE_NAME).rename(table)
                    d = diff_reports(read_report(before[label]), read_report(after))
                    new = set(d.sources_added)
                    old = sum(1 for c in d.links_added if c.a.source not in new and c.b.source not in new)
                    print(
                        f"| extra {k} | {label} | {d.small_score_moves:,} / {len(d.scores_moved):,} "
                        f"| {len(d.verdicts_changed)} | {len(d.statuses_changed)} | {len(d.links_removed)} | {old} "
                        f"| {len(d.events_added)} / {len(d.events_removed)} / {len(d.events_changed)} |",
                        flush=True,
                    )
            finally:
                path.unlink()
    finally:
        (corpus / FILE_NAME).unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="an ECB+ corpus (benchmarks/ecbplus_corpus.py)")
    parser.add_argument("--map", type=Path)
    parser.add_argument("--pairs", type=Path)
    parser.add_argument("--config", type=Path, default=ROOT / "benchmarks" / "ecb-config.json")
    parser.add_argument("--shares", default="0.9,0.5", help="snapshot shares of the corpus's documents")
    parser.add_argument("--seeds", default="1", help="random seeds of the snapshots")
    parser.add_argument("--reference", type=Path, action="append", default=[], help="another corpus")
    parser.add_argument("--churn", type=Path, help="a synthetic corpus: what one more document changes")
    parser.add_argument("--extras", default="0,1,2", help="with --churn: the extra documents, one at a time")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "frozen")
    args = parser.parse_args(argv)
    if args.churn:
        churn(args.churn, [int(k) for k in args.extras.split(",")], 7, args.out)
    elif args.corpus and args.map and args.pairs:
        quality(args)
    else:
        parser.error("give --churn CORPUS, or --corpus, --map and --pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
