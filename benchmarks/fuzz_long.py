"""The long fuzz run of issue 6: the suite's hypothesis tests at a larger scale.

The test suite runs about 2,150 fuzz examples (ingestion, segmentation, extraction); this
multiplies them (default x50, about 100,000 examples) and prints the time taken.

Usage: .venv/bin/python benchmarks/fuzz_long.py [--scale 50]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

FUZZ_TESTS = [
    "tests/test_ingest.py",
    "tests/test_segment.py",
    "tests/test_fuzz_extract.py",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=50)
    args = ap.parse_args()
    env = dict(os.environ, COMPARE_FUZZ_SCALE=str(args.scale))
    t0 = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-k",
            "fuzz or random or property or hostile",
            "-p",
            "no:cacheprovider",
            "--hypothesis-show-statistics",
            *FUZZ_TESTS,
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - t0
    passing = [ln for ln in proc.stdout.splitlines() if "passing examples" in ln]
    total = sum(int(ln.split(" passing examples")[0].split()[-1]) for ln in passing)
    print(proc.stdout.strip().splitlines()[-1])
    print(f"scale x{args.scale}: {total:,} passing examples in {elapsed:.0f} s; exit code {proc.returncode}")
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
