"""Would a cache of pair features pay for itself? (issue 4, item 7)

Computes the feature rows of every candidate pair of a corpus, as the align stage does,
then stores them in SQLite keyed by the two claims' content-hash ids (the cache's own
engine) and reads them back two ways: one query per pair, and the whole table read into a
dict. Prints the times side by side. The corpus's segment and fact cache should be warm
(run `compare report` on it once), so that preparing it is not timed.

Usage:
    .venv/bin/python benchmarks/pair_cache.py /tmp/compare-perf/synth-1000
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from compare.align import Aligner
from compare.cache import open_cache
from compare.corpus import load_corpus
from compare.pipeline import prepare
from compare.settings import Settings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    args = ap.parse_args(argv)
    corpus = load_corpus(args.corpus)
    prepared = prepare(corpus, open_cache(args.corpus))
    times: dict[str, float] = {}

    t = time.perf_counter()
    aligner = Aligner(prepared.align_input, Settings())  # type: ignore[arg-type]
    times["Aligner setup (corpus statistics, stories)"] = time.perf_counter() - t
    t = time.perf_counter()
    pairs = aligner.candidates()
    times["candidate pairs"] = time.perf_counter() - t
    t = time.perf_counter()
    rows = np.concatenate(
        [aligner.feature_matrix(pairs[lo : lo + 200_000], explain=False) for lo in range(0, len(pairs), 200_000)]
    ).astype(np.float32)
    times["features of every pair, computed"] = time.perf_counter() - t

    ids = [c.id for c in prepared.claims]
    t = time.perf_counter()
    keys = [(ids[i] + ids[j]).encode() for i, j in pairs.tolist()]
    times["cache keys of every pair, built"] = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        con = sqlite3.connect(Path(tmp) / "pairs.sqlite")
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("CREATE TABLE pair (k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID")
        t = time.perf_counter()
        con.executemany("INSERT INTO pair VALUES (?, ?)", zip(keys, (r.tobytes() for r in rows), strict=True))
        con.commit()
        times["stored in SQLite"] = time.perf_counter() - t
        size = (Path(tmp) / "pairs.sqlite").stat().st_size
        con.close()

        con = sqlite3.connect(Path(tmp) / "pairs.sqlite")
        cur = con.cursor()
        t = time.perf_counter()
        got = [cur.execute("SELECT v FROM pair WHERE k = ?", (k,)).fetchone()[0] for k in keys]
        read = np.frombuffer(b"".join(got), dtype=np.float32).reshape(rows.shape)
        times["read back, one query per pair"] = time.perf_counter() - t
        if not np.array_equal(read, rows):
            print("error: the rows read back differ from those stored", file=sys.stderr)
            return 1
        del got, read
        t = time.perf_counter()
        table = dict(con.execute("SELECT k, v FROM pair"))
        read = np.frombuffer(b"".join(table[k] for k in keys), dtype=np.float32).reshape(rows.shape)
        times["read back, whole table into a dict"] = time.perf_counter() - t
        con.close()
        if not np.array_equal(read, rows):
            print("error: the rows read back differ from those stored", file=sys.stderr)
            return 1

    print(f"{len(ids)} claims, {len(pairs)} candidate pairs, {size / 2**20:.0f} MiB of cached rows\n")
    print("| step | seconds |\n|---|---:|")
    for name, seconds in times.items():
        print(f"| {name} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
