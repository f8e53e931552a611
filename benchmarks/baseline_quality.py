"""What a frozen baseline (`compare baseline --freeze`) costs in quality, and saves in time.

With a baseline, sources added after the freeze are aligned only against their
`baseline_neighbours` most similar baseline sources, the baseline's own links stay as they
were, and term weights stay frozen on the baseline. This script holds K sources out of a
corpus (seeded), and builds three reports through the CLI, each in a fresh folder:

- A, the full run: every source, no baseline (what a user gets without one);
- B, the baseline run: the corpus without the held-out sources is frozen and reported
  (cold), then the held-out sources are copied in and the report is built again (the
  "+K documents" run), twice, to check that it is deterministic;
- C, the full run with the baseline's frozen term weights (term-weights.json, no
  baseline.json): it separates what the frozen weights change from what the baseline does.

It compares the links touching a held-out source (A, C against B: same pair, same verdict),
the links between two baseline sources (identical pair, verdict and score), and the
statuses of the held-out sources' claims. Only listed links count: context links are
listed only with `report_context_links` (benchmarks/ecb-config.json). It times every run
(wall clock of the CLI process). On ECB+ as a corpus (`--map`, `--pairs`), it scores A, B
and C with benchmarks/ecbplus_score.py on all pairs, on the pairs with a sentence in a
held-out document and on the pairs between two baseline documents. Reports are made with
`--config` if given, else with benchmarks/ecb-config.json when `--map` is given (the
scorer needs context links listed).

    .venv/bin/python benchmarks/baseline_quality.py --corpus seeds --holdout 2
    .venv/bin/python benchmarks/baseline_quality.py --corpus benchmarks/out/ecb-dev --holdout 20 \\
        --seed 7 --map benchmarks/out/ecb-dev-map.json \\
        --pairs ../shared/bench/ecbplus/pairs/ecbplus_sentence_pairs_dev.tsv --json /tmp/bq.json
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ecbplus_score import LABELS, Result, score_pairs, slug  # noqa: E402

WEIGHTS = "term-weights.json"
SCORE_FIELDS = (
    "pairs",
    "positives",
    "linked",
    "not_found",
    "sentences_without_claim",
    "accuracy",
    "precision",
    "recall",
    "f1",
    "roc_auc",
    "best_threshold_accuracy",
    "always_no_accuracy",
)

Pair = tuple[str, str]
Link = tuple[str, float, bool]  # verdict, score, context


@dataclass
class Report:
    source_of: dict[str, str]  # claim id -> source id
    status: dict[str, str]  # claim id -> status
    links: dict[Pair, Link]  # (claim, claim), sorted
    listed: int
    duplicates: int  # links listed again for a pair already listed (should be 0)
    baseline: str | None


def load_report(path: Path) -> Report:
    data = json.loads(path.read_text(encoding="utf-8"))
    claims = data["claims"]
    links: dict[Pair, Link] = {}
    duplicates = 0
    for lk in data["links"]:
        a, b = sorted((str(lk["a"]), str(lk["b"])))
        score = float(lk["score"])
        # A pair listed twice keeps its best link, as the ECB+ scorer does.
        if (a, b) in links:
            duplicates += 1
            if links[(a, b)][1] >= score:
                continue
        links[(a, b)] = (str(lk["verdict"]), score, bool(lk["context"]))
    return Report(
        source_of={str(c["id"]): str(c["source"]) for c in claims},
        status={str(c["id"]): str(c["status"]) for c in claims},
        links=links,
        listed=len(data["links"]),
        duplicates=duplicates,
        baseline=data.get("settings", {}).get("baseline"),
    )


def source_id(path: Path) -> str:
    """The `id` of a source file's YAML front matter."""
    head = path.read_text(encoding="utf-8").split("---\n", 2)[1]
    return str(yaml.safe_load(head)["id"])


def copy_sources(files: list[Path], into: Path) -> None:
    into.mkdir(parents=True, exist_ok=True)
    for p in files:
        shutil.copy2(p, into / p.name)


def cli(*args: str | Path) -> float:
    """Run the compare CLI from /tmp; wall-clock seconds. Any failure stops the benchmark."""
    cmd = [sys.executable, "-m", "compare", *map(str, args)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd="/tmp", env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(f"failed ({done.returncode}): {shlex.join(cmd)}\n{done.stdout}{done.stderr}")
        sys.exit(1)
    return elapsed


def report(corpus: Path, out: Path, config: Path | None) -> tuple[float, Path]:
    extra = ["--config", str(config)] if config else []
    seconds = cli("report", "--corpus", corpus, "--out", out, "--format", "json", "--no-progress", *extra)
    return seconds, out / "report.json"


def touching(rep: Report, held: set[str]) -> dict[Pair, Link]:
    return {p: v for p, v in rep.links.items() if rep.source_of[p[0]] in held or rep.source_of[p[1]] in held}


def among(rep: Report, sources: set[str]) -> dict[Pair, Link]:
    return {p: v for p, v in rep.links.items() if rep.source_of[p[0]] in sources and rep.source_of[p[1]] in sources}


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def compare_links(rows: dict[str, object], name: str, ref: Report, b: Report, held: set[str], base: set[str]) -> None:
    """Figures of B against a reference report (A or C), added to rows."""
    ref_held, b_held = touching(ref, held), touching(b, held)
    shared = [p for p in ref_held if p in b_held]
    same_verdict = sum(ref_held[p][0] == b_held[p][0] for p in shared)
    rows[f"held-out links: {name}'s also in B"] = len(shared)
    rows[f"held-out links: {name}'s also in B, share"] = share(len(shared), len(ref_held))
    rows[f"held-out links: {name}'s in B with the same verdict"] = same_verdict
    rows[f"held-out links: same verdict, share of {name}'s in B"] = share(same_verdict, len(shared))
    # Without report_context_links only non-context links are listed, so a link whose context
    # flag differs shows up as missing on one side.
    same_context = sum(ref_held[p][2] == b_held[p][2] for p in shared)
    rows[f"held-out links: same context flag, share of {name}'s in B"] = share(same_context, len(shared))
    rows[f"held-out links: mean abs(score B - {name}) on shared pairs"] = (
        sum(abs(ref_held[p][1] - b_held[p][1]) for p in shared) / len(shared) if shared else None
    )
    rows[f"held-out links: B's not in {name}"] = sum(p not in ref_held for p in b_held)
    ref_base, b_base = among(ref, base), among(b, base)
    rows[f"baseline links: B's pairs also in {name}"] = sum(p in ref_base for p in b_base)
    identical = sum(p in ref_base and ref_base[p][:2] == v[:2] for p, v in b_base.items())
    rows[f"baseline links: identical in B and {name} (pair, verdict, score)"] = identical
    rows[f"baseline links: identical in B and {name}, share of B's"] = share(identical, len(b_base))
    for label, sources in (("held-out", held), ("baseline", base)):
        ids = [c for c, s in b.source_of.items() if s in sources and c in ref.status]
        same = sum(b.status[c] == ref.status[c] for c in ids)
        rows[f"{label} claims: in B and {name}"] = len(ids)
        rows[f"{label} claims: same status in B and {name}, share"] = share(same, len(ids))


def split_pairs(pairs: Path, held: set[str], work: Path) -> dict[str, tuple[Path, int]]:
    """The pair file split in two files: rows with a sentence in a held-out document, and
    rows between two baseline documents (which B takes from the baseline's own analysis)."""
    paths = {name: work / f"pairs-{name}.tsv" for name in ("held-out", "baseline")}
    counts = dict.fromkeys(paths, 0)
    with ExitStack() as stack:
        src = stack.enter_context(pairs.open(encoding="utf-8", newline=""))
        reader = csv.DictReader(src, delimiter="\t")
        assert reader.fieldnames is not None
        writers = {}
        for name, path in paths.items():
            dst = stack.enter_context(path.open("w", encoding="utf-8", newline=""))
            writers[name] = csv.DictWriter(dst, reader.fieldnames, delimiter="\t", lineterminator="\n")
            writers[name].writeheader()
        for row in reader:
            name = "held-out" if slug(row["doc_a"]) in held or slug(row["doc_b"]) in held else "baseline"
            writers[name].writerow(row)
            counts[name] += 1
    return {name: (paths[name], counts[name]) for name in paths}


def result_json(result: Result) -> dict[str, object]:
    out = asdict(result)
    if out["best_threshold"] == float("inf"):
        out["best_threshold"] = None  # JSON has no infinity: "predict nothing" is best
    return out


def fmt(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "inf" if value == float("inf") else f"{value:.4f}"
    return str(value)


def score_table(scores: dict[str, dict[str, Result]]) -> list[str]:
    cols = [(run, subset) for subset in ("all", "held-out", "baseline") for run in ("A", "B", "C")]
    lines = [
        "| metric | " + " | ".join(f"{run} {subset}" for run, subset in cols) + " |",
        "|---|" + "---:|" * len(cols),
    ]
    for field in SCORE_FIELDS:
        cells = [fmt(getattr(scores[run][subset], field)) for run, subset in cols]
        lines.append(f"| {field} | " + " | ".join(cells) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True, type=Path, help="corpus folder (only its .md files are read)")
    parser.add_argument("--holdout", required=True, type=int, help="sources to add after the freeze")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("/tmp/me/bq-work"), help="parent of the work folder")
    parser.add_argument("--config", type=Path, help="settings file for every report")
    parser.add_argument("--map", type=Path, help="ECB+ sentence map (<corpus>-map.json)")
    parser.add_argument("--pairs", type=Path, help="ECB+ sentence pair TSV")
    parser.add_argument("--label", choices=LABELS, default="shares_event")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    if (args.map is None) != (args.pairs is None):
        parser.error("--map and --pairs go together")
    command = shlex.join([Path(sys.executable).as_posix(), *sys.argv]) if argv is None else shlex.join(argv)
    config = args.config or (ROOT / "benchmarks" / "ecb-config.json" if args.map else None)
    config = config.resolve() if config else None

    files = {source_id(p): p for p in sorted(args.corpus.resolve().glob("*.md"))}
    if not 0 < args.holdout < len(files):
        parser.error(f"--holdout must be between 1 and {len(files) - 1}")
    held = set(random.Random(args.seed).sample(sorted(files), args.holdout))
    base = set(files) - held
    args.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{args.corpus.resolve().name}-k{args.holdout}-s{args.seed}-", dir=args.work))
    out = work / "reports"

    rows: dict[str, object] = {
        "sources": len(files),
        "held-out sources": len(held),
        "held-out ids": ", ".join(sorted(held)),
        "config": str(config) if config else None,
        "work folder": str(work),
    }
    # A: every source, no baseline, cold.
    copy_sources(list(files.values()), work / "full")
    rows["time A: full report, cold (s)"], path_a = report(work / "full", out / "A", config)

    # B: freeze the corpus without the held-out sources, report it cold, then add them.
    frozen = work / "baseline"
    copy_sources([files[i] for i in sorted(base)], frozen)
    rows["time: baseline --freeze (s)"] = cli("baseline", "--freeze", "--corpus", frozen, "--no-progress")
    rows["time: baseline report, cold (s)"], _ = report(frozen, out / "B-baseline-only", config)
    copy_sources([files[i] for i in sorted(held)], frozen)
    rows[f"time B: report +{len(held)} documents (s)"], path_b = report(frozen, out / "B", config)
    rows["time B again, unchanged (s)"], path_b2 = report(frozen, out / "B-again", config)
    rows["B reports byte-identical"] = path_b.read_bytes() == path_b2.read_bytes()

    # C: the full corpus with the baseline's frozen term weights but no baseline.
    copy_sources(list(files.values()), work / "full-frozen-weights")
    shutil.copy2(frozen / WEIGHTS, work / "full-frozen-weights" / WEIGHTS)
    rows["time C: full report with frozen weights, cold (s)"], path_c = report(
        work / "full-frozen-weights", out / "C", config
    )

    reps = {"A": load_report(path_a), "B": load_report(path_b), "C": load_report(path_c)}
    rows["B settings.baseline"] = reps["B"].baseline
    for name, rep in reps.items():
        rows[f"{name}: claims"] = len(rep.source_of)
        rows[f"{name}: links listed"] = rep.listed
        rows[f"{name}: links listed again for the same pair"] = rep.duplicates
        rows[f"{name}: held-out links (pairs)"] = len(touching(rep, held))
        rows[f"{name}: baseline links (pairs)"] = len(among(rep, base))
    compare_links(rows, "A", reps["A"], reps["B"], held, base)
    compare_links(rows, "C", reps["C"], reps["B"], held, base)

    scores: dict[str, dict[str, Result]] = {}
    if args.map and args.pairs:
        subsets = split_pairs(args.pairs, held, work)
        rows["pair rows with a held-out document"] = subsets["held-out"][1]
        rows["pair rows between two baseline documents"] = subsets["baseline"][1]
        for name, path in (("A", path_a), ("B", path_b), ("C", path_c)):
            scores[name] = {"all": score_pairs(path, args.map, args.pairs, args.label)}
            for sub, (pair_file, _) in subsets.items():
                scores[name][sub] = score_pairs(path, args.map, pair_file, args.label)

    lines = [f"`{command}`", "", "| figure | value |", "|---|---:|"]
    lines += [f"| {name} | {fmt(value)} |" for name, value in rows.items()]
    if scores:
        lines += ["", f"ECB+ pairs, gold = {args.label}:", "", *score_table(scores)]
    print("\n".join(lines))
    if args.json:
        data = {
            "command": command,
            "work": str(work),
            "figures": rows,
            "scores": {run: {sub: result_json(r) for sub, r in by.items()} for run, by in scores.items()},
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
