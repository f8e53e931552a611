"""Write generic labelled pair files for ``compare eval`` from the benchmark data.

Files written to ``--out``:

- ``fnc1_half_a.csv``, ``fnc1_half_b.csv``: FNC-1 train stances joined with their bodies, split
  by Body ID into two halves (a body is in exactly one half: ids sorted, each assigned by the
  parity of the SHA-1 of its decimal id, so the split is deterministic and about even).
  Columns: headline, body, stance, related (``related`` unless the stance is ``unrelated``).
- ``fnc1_topic_a.csv``, ``fnc1_topic_b.csv``: the same pairs split by claim (topic), so that
  no claim of one half is told in the other. Headlines and bodies joined by a related pair
  form one topic (connected components); topics go, largest first, to the half with fewer
  related pairs so far (ties: the SHA-1 of the topic's smallest Body ID). Every related pair
  is kept; an unrelated pair is kept when its headline and body fall in one half, and
  dropped otherwise. A body-split half shares its claims with the other half (each headline
  is paired with many bodies): a model fitted on one half has seen the other half's topics.
- ``emergent_train.csv``: Emergent train; columns claim, headline, stance (for / against /
  observing).
- ``ecbplus_train.tsv``, ``ecbplus_dev.tsv``: the ECB+ sentence pairs restricted to text_a,
  text_b, shares_event, same_subtopic (TAB-separated, csv-quoted where needed).

All files are UTF-8 with a header row, LF line ends, and are quoted by the csv module
(FNC-1 bodies hold newlines and quotes). Counts per file and label are printed.

Usage:
    .venv/bin/python benchmarks/pairs_prepare.py --out /tmp/pairs
    .venv/bin/python benchmarks/pairs_prepare.py --out /tmp/pairs --bench ../shared/bench
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"

Row = dict[str, str]


def read_csv(path: Path, delimiter: str = ",") -> list[Row]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def write_rows(path: Path, columns: list[str], rows: Iterable[Row], delimiter: str = ",") -> int:
    """Write rows (only ``columns``, in that order); returns how many were written."""
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row[c] for c in columns])
            n += 1
    return n


def half_of(body_id: str) -> str:
    """``a`` or ``b``: parity of the SHA-1 of the id, stable across runs and machines."""
    return "ab"[hashlib.sha1(body_id.strip().encode("utf-8")).digest()[-1] & 1]


def fnc1_rows(folder: Path) -> dict[str, list[Row]]:
    """FNC-1 train pairs joined with bodies, split into halves by Body ID."""
    bodies = {r["Body ID"].strip(): r["articleBody"] for r in read_csv(folder / "train_bodies.csv")}
    stances = read_csv(folder / "train_stances.csv")
    halves: dict[str, list[Row]] = {"a": [], "b": []}
    assigned = {bid: half_of(bid) for bid in sorted(bodies, key=int)}
    for r in stances:
        bid = r["Body ID"].strip()
        if bid not in bodies:
            raise SystemExit(f"FNC-1: stance row names unknown Body ID {bid}")
        stance = r["Stance"].strip()
        halves[assigned[bid]].append(
            {
                "headline": r["Headline"],
                "body": bodies[bid],
                "stance": stance,
                "related": "unrelated" if stance == "unrelated" else "related",
                "body_id": bid,
            }
        )
    return halves


class Topics:
    """Union-find over headlines and bodies: a related pair puts its two in one topic. Each
    topic is named by its smallest node, so the names do not depend on the order of joins."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def topic_halves(halves: dict[str, list[Row]]) -> tuple[dict[str, list[Row]], int, int]:
    """All FNC-1 pairs split by topic: (halves, number of topics, unrelated pairs dropped)."""
    rows = halves["a"] + halves["b"]
    topics = Topics()
    find = topics.find
    for r in rows:
        find("h:" + r["headline"])
        find("b:" + r["body_id"])
        if r["related"] == "related":
            topics.join("h:" + r["headline"], "b:" + r["body_id"])
    members: dict[str, list[str]] = {}
    for node in sorted(topics.parent):
        members.setdefault(find(node), []).append(node)
    related = Counter(find("h:" + r["headline"]) for r in rows if r["related"] == "related")

    def tie(topic: str) -> str:
        ids = sorted((n[2:] for n in members[topic] if n.startswith("b:")), key=int)
        return hashlib.sha1((ids[0] if ids else topic).encode("utf-8")).hexdigest()

    side: dict[str, str] = {}
    load = {"a": 0, "b": 0}
    for topic in sorted(members, key=lambda t: (-related[t], tie(t))):
        half = "a" if load["a"] <= load["b"] else "b"
        side[topic] = half
        load[half] += related[topic]
    out: dict[str, list[Row]] = {"a": [], "b": []}
    dropped = 0
    for r in rows:
        h, b = side[find("h:" + r["headline"])], side[find("b:" + r["body_id"])]
        if h == b:
            out[h].append(r)
        else:
            dropped += 1
    return out, len(members), dropped


def emergent_rows(path: Path) -> list[Row]:
    return [
        {
            "claim": r["claimHeadline"],
            "headline": r["articleHeadline"],
            "stance": r["articleHeadlineStance"].strip(),
        }
        for r in read_csv(path)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="folder to write the files to")
    parser.add_argument(
        "--bench",
        type=Path,
        default=DEFAULT_BENCH,
        help="benchmark data folder (default: ../shared/bench)",
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    bench: Path = args.bench

    table: list[tuple[str, int, str, str]] = []

    def record(name: str, n: int, rows: list[Row], *labels: str) -> None:
        for label in labels:
            counts = Counter(r[label] for r in rows)
            table.append((name, n, label, ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))))

    halves = fnc1_rows(bench / "fnc1")
    bodies_a = {r["body_id"] for r in halves["a"]}
    bodies_b = {r["body_id"] for r in halves["b"]}
    if bodies_a & bodies_b:
        raise SystemExit("FNC-1: a body landed in both halves")
    for half, rows in halves.items():
        name = f"fnc1_half_{half}.csv"
        n = write_rows(out / name, ["headline", "body", "stance", "related"], rows)
        record(name, n, rows, "stance", "related")

    by_topic, topics, dropped = topic_halves(halves)
    for half, rows in by_topic.items():
        name = f"fnc1_topic_{half}.csv"
        n = write_rows(out / name, ["headline", "body", "stance", "related"], rows)
        record(name, n, rows, "stance", "related")

    rows = emergent_rows(bench / "emergent" / "url-versions-2015-06-14-clean-train.csv")
    n = write_rows(out / "emergent_train.csv", ["claim", "headline", "stance"], rows)
    record("emergent_train.csv", n, rows, "stance")

    for split in ("train", "dev"):
        src = bench / "ecbplus" / "pairs" / f"ecbplus_sentence_pairs_{split}.tsv"
        rows = read_csv(src, delimiter="\t")
        name = f"ecbplus_{split}.tsv"
        cols = ["text_a", "text_b", "shares_event", "same_subtopic"]
        n = write_rows(out / name, cols, rows, delimiter="\t")
        record(name, n, rows, "shares_event", "same_subtopic")

    header = ("file", "rows", "label", "counts")
    widths = [max(len(str(x)) for x in col) for col in zip(header, *table, strict=True)]
    for row in (header, *table):
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    print(f"\nFNC-1 bodies: {len(bodies_a)} in half a, {len(bodies_b)} in half b, none in both")
    print(f"FNC-1 topics: {topics}; unrelated pairs across the topic halves, dropped: {dropped}")
    print(f"wrote {len({r[0] for r in table})} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
