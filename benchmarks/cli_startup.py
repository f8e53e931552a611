"""How fast `compare --help` answers (target: under 0.5 s): heavy libraries load lazily.

Usage: .venv/bin/python benchmarks/cli_startup.py [--runs 10]
Prints the median and the slowest wall time of `compare --help` and `compare sources --help`,
and which heavy modules (sklearn, scipy, trafilatura, jinja2, yaml) `import compare.cli` loads.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    exe = shutil.which("compare") or str(__import__("pathlib").Path(sys.executable).with_name("compare"))
    print(f"{'command':<28}{'median s':>10}{'max s':>8}")
    for cmd in (["--help"], ["sources", "--help"]):
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            subprocess.run([exe, *cmd], check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
        print(f"{'compare ' + ' '.join(cmd):<28}{statistics.median(times):>10.3f}{max(times):>8.3f}")
    probe = (
        "import sys, compare.cli; heavy = ['sklearn', 'scipy', 'trafilatura', 'jinja2', 'yaml', 'numpy'];"
        "print(','.join(m for m in heavy if m in sys.modules) or 'none')"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout.strip()
    print(f"heavy modules loaded by `import compare.cli`: {out}")


if __name__ == "__main__":
    main()
