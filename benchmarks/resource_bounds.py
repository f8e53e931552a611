"""Resource bounds of issue 6: a 50 MB text file, one source of 100,000 sentences, a corpus
of 5,000 sources. Each case runs the real CLI in a subprocess and records wall time and
peak memory (GNU time), so growth can be compared across sizes (no quadratic blow-up).

Usage:
    .venv/bin/python benchmarks/resource_bounds.py [--quick] [--out benchmarks/out/bounds]
--quick runs the same cases at a tenth of the size.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
from pathlib import Path

WORDS = [
    "council",
    "approved",
    "the",
    "new",
    "budget",
    "after",
    "a",
    "long",
    "debate",
    "in",
    "the",
    "city",
    "hall",
    "on",
    "Tuesday",
    "while",
    "residents",
    "protested",
    "outside",
    "and",
    "police",
    "closed",
    "two",
    "streets",
    "near",
    "the",
    "river",
]


def sentence(rng: random.Random, i: int) -> str:
    words = rng.sample(WORDS, 12)
    return f"{words[0].capitalize()} {' '.join(words[1:])} {i} times."


def write_text(path: Path, sentences: int, seed: int) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Generated report\n\n")
        for i in range(sentences):
            fh.write(sentence(rng, i))
            fh.write("\n\n" if i % 8 == 7 else " ")
    return path


def timed(cmd: list[str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in MiB, exit code) of one command."""
    proc = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], capture_output=True, text=True)
    last = proc.stderr.strip().splitlines()[-1].split()
    return float(last[0]), int(last[1]) // 1024, proc.returncode


def report_cmd(compare: str, corpus: Path, out: Path) -> list[str]:
    return [compare, "report", "--corpus", str(corpus), "--format", "json", "--out", str(out)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/out/bounds"))
    args = ap.parse_args()
    scale = 10 if args.quick else 1
    compare = str(Path(sys.executable).with_name("compare"))
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    rows = []

    # 1. A 50 MB text file: add (read, normalise, segment) and list it.
    big = write_text(args.out / "big.txt", 600_000 // scale, 1)
    corpus = args.out / "c-big"
    secs, mib, code = timed([compare, "add", str(big), "--corpus", str(corpus), "--id", "big"])
    rows.append((f"add a {big.stat().st_size / 1e6:.0f} MB text file", secs, mib, code))
    secs, mib, code = timed([compare, "sources", "--corpus", str(corpus)])
    rows.append(("sources on it (segments it)", secs, mib, code))

    # 2. One source of 100,000 sentences beside a small one: a full report.
    corpus = args.out / "c-long"
    long_src = write_text(args.out / "long.txt", 100_000 // scale, 2)
    small = write_text(args.out / "small.txt", 40, 3)
    timed([compare, "add", str(long_src), str(small), "--corpus", str(corpus)])
    secs, mib, code = timed(report_cmd(compare, corpus, args.out / "r-long"))
    rows.append((f"report: one source of {100_000 // scale:,} sentences + one small", secs, mib, code))

    # 3. A corpus of 5,000 small sources about shared events (benchmarks/synth_corpus.py).
    corpus = args.out / "c-many"
    n = 5000 // scale
    subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("synth_corpus.py")),
            "--docs",
            str(n),
            "--out",
            str(corpus),
            "--sentences",
            "10",
        ],
        check=True,
        capture_output=True,
    )
    secs, mib, code = timed(report_cmd(compare, corpus, args.out / "r-many"))
    rows.append((f"report: {n:,} sources of ~10 sentences", secs, mib, code))
    secs, mib, code = timed([compare, "check", "--corpus", str(corpus)])
    rows.append((f"check: {n:,} sources", secs, mib, code))

    print("| case | wall s | peak MiB | exit |\n|---|---|---|---|")
    for name, secs, mib, code in rows:
        print(f"| {name} | {secs:.1f} | {mib:,} | {code} |")


if __name__ == "__main__":
    main()
