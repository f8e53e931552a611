"""Content-addressed cache of segmentations and facts, in SQLite next to the corpus.

Entries are keyed by a hash of the extractor version, the source id, its publication
date, its kind and whether that date is an estimate (narratives resolve weekdays
differently) and its text, and stored as JSON (never pickle: the file is outside input
too). A missing, unreadable or corrupt cache is deleted and rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from importlib import resources
from pathlib import Path

from .cues import Cue, FramingTerm
from .dates import DateFact
from .entities import Entity
from .extract import Facts, extract_source_facts
from .language import LANGUAGE_PATTERN
from .model import Claim, Paragraph, Section, Segmentation, Source
from .quantities import Quantity
from .segment import segment_text

CACHE_VERSION = "17"  # bump when the stored format changes
# The code and data that segmentation and extraction read: their bytes are part of every
# cache key, so a change to any of them rebuilds the cache (a forgotten version bump would
# otherwise serve the facts of an older extractor).
EXTRACTOR_MODULES = ("segment", "extract", "entities", "names", "dates", "quantities", "cues", "model", "textnorm")
CACHE_FILE = "cache.sqlite"
# Below this much text to segment and extract, starting worker processes costs more than
# it saves (about 0.1 s per process against roughly 2 MB of text per second per core).
PARALLEL_MIN_CHARS = 500_000
# Cache entries written per transaction when many sources are extracted: a commit per source
# cost about half a millisecond each (10,000 of them at 10,000 documents).
STORE_BATCH = 200


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def encode(seg: Segmentation, facts: list[Facts]) -> str:
    return json.dumps(
        {
            "sections": [[s.index, s.heading, s.start, s.end, s.heading_end] for s in seg.sections],
            "paragraphs": [[p.index, p.section, p.start, p.end] for p in seg.paragraphs],
            "claims": [[c.id, c.start, c.end, c.section, c.paragraph, c.index] for c in seg.claims],
            "facts": [
                {
                    "e": [[e.text, e.start, e.end, e.key, e.name, e.type, e.role] for e in f.entities],
                    "d": [
                        [
                            d.text,
                            d.start,
                            d.end,
                            d.value_start and d.value_start.isoformat(),
                            d.value_end and d.value_end.isoformat(),
                            d.precision,
                            d.relative,
                            d.since,
                        ]
                        for d in f.dates
                    ],
                    "q": [
                        [
                            q.text,
                            q.start,
                            q.end,
                            q.value,
                            q.low,
                            q.high,
                            q.qualifier,
                            q.unit,
                            q.counted,
                        ]
                        for q in f.quantities
                    ],
                    "c": [[c.kind, c.text, c.start, c.end, c.who] for c in f.cues],
                    "f": [[t.group, t.side, t.text, t.start, t.end] for t in f.framing],
                    "k": f.checkable,
                }
                for f in facts
            ],
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


def decode(source: Source, raw: str) -> tuple[Segmentation, list[Facts]]:
    data = json.loads(raw)
    text = source.text
    seg = Segmentation(
        source.id,
        tuple(Section(*s) for s in data["sections"]),
        tuple(Paragraph(*p) for p in data["paragraphs"]),
        tuple(Claim(cid, source.id, s, e, text[s:e], sec, par, idx) for cid, s, e, sec, par, idx in data["claims"]),
    )
    facts = [
        Facts(
            entities=tuple(Entity(*e) for e in f["e"]),
            dates=tuple(DateFact(t, s, e, _d(a), _d(b), p, r, si) for t, s, e, a, b, p, r, si in f["d"]),
            quantities=tuple(Quantity(*q) for q in f["q"]),
            cues=tuple(Cue(*c) for c in f["c"]),
            framing=tuple(FramingTerm(*t) for t in f["f"]),
            checkable=bool(f["k"]),
        )
        for f in data["facts"]
    ]
    if len(facts) != len(seg.claims):
        raise ValueError("facts and claims differ in number")
    return seg, facts


@functools.cache
def extractor_fingerprint() -> str:
    """Hash of the extractor's modules and data files (read once per process)."""
    package = resources.files("compare")
    h = hashlib.sha256()
    for name in EXTRACTOR_MODULES:
        h.update(package.joinpath(f"{name}.py").read_bytes())
    data = package.joinpath("data")
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            h.update(entry.name.encode("utf-8") + b"\0" + entry.read_bytes())
    return h.hexdigest()[:16]


def compute(source: Source) -> tuple[Segmentation, list[Facts]]:
    seg = segment_text(source.id, source.text)
    meta = source.meta
    facts = extract_source_facts(seg.claims, meta.published, meta.kind, meta.published_estimated)
    return seg, facts


class Cache:
    """SQLite-backed when a corpus folder is given, otherwise a pass-through."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.stats = {"hits": 0, "misses": 0, "rebuilt": 0}
        if path is not None:
            self._open()

    def _open(self) -> None:
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=10)
            self.db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self.db.execute("PRAGMA journal_mode=WAL")
            # A cache can be rebuilt, so a commit need not reach the disk before the run
            # goes on: in WAL mode NORMAL can lose the last commits to a power cut, never
            # the database's consistency.
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("SELECT count(*) FROM facts").fetchone()
        except (sqlite3.DatabaseError, OSError):
            self._rebuild()

    def _rebuild(self) -> None:
        """Delete a damaged cache and start again; on failure, work without a cache."""
        assert self.path is not None
        self.stats["rebuilt"] += 1
        with contextlib.suppress(Exception):
            if self.db is not None:
                self.db.close()
        self.db = None
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(str(self.path) + suffix).unlink()
        try:
            self.db = sqlite3.connect(self.path, timeout=10)
            self.db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        except (sqlite3.DatabaseError, OSError):
            self.db = None

    @staticmethod
    def key(source: Source) -> str:
        published = source.meta.published.isoformat() if source.meta.published else ""
        narrative = f"{source.meta.kind}:{source.meta.published_estimated}"
        parts = [CACHE_VERSION, extractor_fingerprint(), source.id, published, narrative, source.text]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    def segment_and_extract(self, source: Source) -> tuple[Segmentation, list[Facts]]:
        result = self._lookup(source)
        if result is None:
            result = compute(source)
            self._store(source, result)
        return result

    def segment_and_extract_many(
        self,
        sources: Sequence[Source],
        workers: int = 1,
        progress: Callable[[int, Source], None] | None = None,
    ) -> list[tuple[Segmentation, list[Facts]]]:
        """The same for many sources; cache misses are computed in `workers` processes
        when there are enough of them to pay for starting the processes."""
        results: list[tuple[Segmentation, list[Facts]] | None] = [self._lookup(s) for s in sources]
        missing = [n for n, r in enumerate(results) if r is None]
        done = len(sources) - len(missing)
        todo = [sources[n] for n in missing]
        parallel = workers > 1 and len(todo) >= 2 * workers and sum(len(s.text) for s in todo) >= PARALLEL_MIN_CHARS
        with contextlib.ExitStack() as stack:
            computed: Iterable[tuple[Segmentation, list[Facts]]] = map(compute, todo)
            if parallel:
                from concurrent.futures import ProcessPoolExecutor

                pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
                computed = pool.map(compute, todo, chunksize=max(1, min(32, len(todo) // (8 * workers))))
            for k, (n, result) in enumerate(zip(missing, computed, strict=True)):
                results[n] = result
                self._store(sources[n], result, commit=(k + 1) % STORE_BATCH == 0 or k + 1 == len(todo))
                done += 1
                if progress:
                    progress(done, sources[n])
        return results  # type: ignore[return-value]

    def _get(self, key: str) -> object:
        """The stored value of `key`, None when absent or when there is no cache."""
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT value FROM facts WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            self._rebuild()
            return None
        return None if row is None else row[0]

    def _put(self, key: str, value: str, commit: bool = True) -> None:
        if self.db is None:
            return
        try:
            self.db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)", (key, value))
            if commit:
                self.db.commit()
        except sqlite3.DatabaseError:
            self._rebuild()

    def _lookup(self, source: Source) -> tuple[Segmentation, list[Facts]] | None:
        raw = self._get(self.key(source))
        if raw is None:
            return None
        try:
            result = decode(source, raw)  # type: ignore[arg-type]
        except (ValueError, KeyError, TypeError, IndexError):
            return None  # a bad entry: recompute and overwrite it
        self.stats["hits"] += 1
        return result

    def _store(self, source: Source, result: tuple[Segmentation, list[Facts]], commit: bool = True) -> None:
        self.stats["misses"] += 1
        if self.db is not None:
            self._put(self.key(source), encode(*result), commit)

    def detected_language(self, text: str) -> str | None:
        """The language detect_language finds in `text` (None: unsure), through the cache:
        loading the model costs more than a small corpus's whole report."""
        from .language import detect_language, detector_fingerprint

        key = hashlib.sha256(f"language\x1f{detector_fingerprint()}\x1f{text}".encode()).hexdigest()
        raw = self._get(key)
        if isinstance(raw, str) and (raw == "" or LANGUAGE_PATTERN.match(raw)):
            return raw or None
        code = detect_language(text).code
        self._put(key, code or "")
        return code

    def close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            self.db = None


def open_cache(corpus_root: Path | None) -> Cache:
    if corpus_root is None or not corpus_root.is_dir():
        return Cache(None)
    return Cache(corpus_root / ".compare" / CACHE_FILE)
