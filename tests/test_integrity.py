"""Crashes and damage: a process killed mid-write leaves a valid corpus, a damaged cache
is rebuilt and never trusted, a hand-edited corpus gets a clear error naming the file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compare.cache import CACHE_FILE
from compare.corpus import CACHE_DIR, load_corpus
from compare.inspect import check_corpus
from compare.pipeline import analyse_corpus

SCRIPT_ADD = (
    "import sys; from pathlib import Path; from compare.ingest import AddOptions, add_source; "
    "add_source(Path(sys.argv[1]), sys.argv[2], AddOptions())"
)


def _big_text(path: Path, sentences: int) -> Path:
    lines = [f"Report {i} says the council met on Tuesday and approved {i} new homes." for i in range(sentences)]
    path.write_text("Council news\n\n" + " ".join(lines) + "\n", encoding="utf-8")
    return path


def _seed(root: Path, n: int = 3) -> None:
    from compare.ingest import AddOptions, add_source

    for i in range(n):
        src = root.parent / f"seed{i}.txt"
        src.write_text(
            f"Story {i}\n\nThe mayor of Springfield opened bridge number {i} on Monday.\n",
            encoding="utf-8",
        )
        add_source(root, str(src), AddOptions())


def _files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.8])
def test_kill_9_during_add_leaves_a_valid_corpus(tmp_path: Path, delay: float) -> None:
    root = tmp_path / "corpus"
    _seed(root)
    before = _files(root)
    big = _big_text(tmp_path / "big.txt", 20_000)
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT_ADD, str(root), str(big)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    corpus = load_corpus(root)  # never raises on what a killed add leaves behind
    after = _files(root)
    for name, data in before.items():
        assert after[name] == data  # nothing that was there is lost or changed
    new = set(after) - set(before)
    # Either nothing new, or the complete new source, never a half-written one.
    assert all(name.startswith(".") for name in new) or len(corpus.sources) == 4
    problems, _, _ = check_corpus(root, fix=True)
    assert problems == []
    assert not any(p.name.endswith(".compare-tmp") for p in root.iterdir())


def test_kill_9_during_report_keeps_the_previous_report_whole(tmp_path: Path) -> None:
    from compare.report import build_report, write_reports

    root = tmp_path / "corpus"
    _seed(root, 4)
    out = tmp_path / "reports"
    write_reports(build_report(analyse_corpus(root)), ["json"], out)
    first = (out / "report.json").read_bytes()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "compare",
            "report",
            "--corpus",
            str(root),
            "--out",
            str(out),
            "--format",
            "json,html,md",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.4)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    data = (out / "report.json").read_bytes()
    json.loads(data)  # the report on disk is complete: the old one or the new one
    assert data == first  # same corpus: identical bytes either way


def test_damaged_cache_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _seed(root)
    clean = analyse_corpus(root)
    cache = root / CACHE_DIR / CACHE_FILE
    assert cache.exists()
    cache.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(cache) + suffix).unlink(missing_ok=True)
    again = analyse_corpus(root)
    assert [c.id for c in again.claims] == [c.id for c in clean.claims]
    assert again.cache_stats["rebuilt"] == 1
    third = analyse_corpus(root)
    assert third.cache_stats["hits"] == len(third.corpus.sources)


def test_bad_cache_entry_is_recomputed(tmp_path: Path) -> None:
    import sqlite3

    root = tmp_path / "corpus"
    _seed(root)
    clean = analyse_corpus(root)
    db = sqlite3.connect(root / CACHE_DIR / CACHE_FILE)
    db.execute("UPDATE facts SET value = '{\"claims\": 5}'")
    db.commit()
    db.close()
    again = analyse_corpus(root)
    assert [c.text for c in again.claims] == [c.text for c in clean.claims]
    assert again.cache_stats["misses"] == len(again.corpus.sources)


def test_deleted_cache_is_rebuilt(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "corpus"
    _seed(root)
    first = analyse_corpus(root)
    shutil.rmtree(root / CACHE_DIR)
    second = analyse_corpus(root)
    assert [lk.score for lk in second.links] == [lk.score for lk in first.links]


def test_hand_edited_text_is_found_and_fixed(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _seed(root)
    path = sorted(root.glob("*.md"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("Monday", "Friday  "), encoding="utf-8")
    problems, _, _ = check_corpus(root)
    assert any(path.name in p and "sha256" in p for p in problems)
    assert any(path.name in p and "not normalised" in p for p in problems)
    problems, fixed, _ = check_corpus(root, fix=True)
    assert problems == [] and len(fixed) == 1
    assert check_corpus(root) == ([], [], [])
    assert "Friday" in path.read_text(encoding="utf-8")


def test_killed_add_leaves_no_lock_held(tmp_path: Path) -> None:
    from compare.corpus import corpus_lock

    root = tmp_path / "corpus"
    _seed(root, 1)
    big = _big_text(tmp_path / "big.txt", 20_000)
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT_ADD, str(root), str(big)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    with corpus_lock(root, timeout=2):  # the OS released the dead process's lock
        pass
