"""A frozen baseline: the sources a corpus held when it was frozen (`compare baseline --freeze`).

Every link of a report depends on the whole corpus: term weights, document neighbourhoods,
stories and the caps on verdicts per claim are corpus-wide, so one more source changes
thousands of scores, and an exact report of 1,000 documents takes half a minute to build
again. A newsroom that adds a few wires a day to a large archive needs the new sources
compared with the archive in seconds, and the archive's own comparison to stay put.

Freezing a baseline records the sources the corpus holds (ids and the hashes of their
texts and metadata) in `baseline.json`, with term weights frozen on the same sources. The
report of a corpus with a baseline is then, by definition:
- the analysis of the baseline's sources on their own, exactly as a corpus of them alone
  would have it (its links, verdicts, events and statuses);
- plus the links of each later source, aligned against the baseline sources whose whole
  text is most alike its own (`Settings.baseline_neighbours`) and against the other later
  sources, with the same aligner and verdict rules (a baseline claim's own best links count
  in the cap on its verdicts);
- with statuses, near-copy groups and events brought up to date by those links
  (increment.py says how).
That is a function of the sources and the file, whatever order the later sources came in,
so the baseline's analysis can be kept in the cache and reused: adding one document to a
frozen corpus of 1,000 costs a few per cent of a full run (docs/performance.md). Links
between two baseline sources are not computed again until the baseline is frozen again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .corpus import ID_PATTERN, Corpus, atomic_write, corpus_lock, existing_corpus, load_corpus
from .errors import CorpusError
from .model import Progress, Source

FILE_NAME = "baseline.json"
FORMAT = "compare-baseline"
VERSION = 1
MAX_BYTES = 64 << 20  # 90 bytes a source: 64 MiB is far beyond any corpus compare can analyse
_HEX64 = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class Baseline:
    sources: dict[str, str]  # id -> sha256 of its text and metadata (source_hash)
    term_weights: str  # sha256 of the term weights frozen with it
    sha256: str  # of the file

    @property
    def label(self) -> str:
        return f"frozen on {len(self.sources)} sources (sha256 {self.sha256[:12]})"


@dataclass(frozen=True)
class BaselineStatus:
    path: Path
    frozen: bool
    sources: int  # sources frozen
    added: tuple[str, ...]  # sources of the corpus added since
    changed: tuple[str, ...]  # frozen sources whose file changed or that were removed
    sha256: str = ""


def baseline_path(root: Path) -> Path:
    return root / FILE_NAME


def source_hash(source: Source) -> str:
    """Of the source's text and metadata: a new publication date changes which day
    "Monday" is. (Not of its file as written: that takes a YAML dump, 0.9 s for 1,000.)"""
    return hashlib.sha256((repr(source.meta) + "\0" + source.text).encode("utf-8")).hexdigest()


def _bad(path: Path, why: str) -> CorpusError:
    return CorpusError(
        f"{path}: {why}; run 'compare baseline --freeze' to freeze it again or '--thaw' to remove the file"
    )


def read_baseline(root: Path) -> Baseline | None:
    """The corpus's baseline, None when it has none. A damaged file is an error, never
    skipped: it decides which links a report holds."""
    from .frozen import read_corpus_file

    path = baseline_path(root)
    found = read_corpus_file(path, MAX_BYTES, FORMAT, VERSION, "baseline", _bad)
    if found is None:
        return None
    data, raw = found
    sources, weights = data.get("sources"), data.get("term_weights")
    if not isinstance(sources, dict) or not all(
        isinstance(k, str) and ID_PATTERN.match(k) and _is_sha256(v) for k, v in sources.items()
    ):
        raise _bad(path, "'sources' must map source ids to sha256 hashes")
    if not sources:
        raise _bad(path, "it lists no source")
    if not _is_sha256(weights):
        raise _bad(path, "'term_weights' must be the sha256 of the frozen term weights")
    return Baseline(dict(sources), str(weights), hashlib.sha256(raw).hexdigest())


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX64


def render_baseline(sources: dict[str, str], term_weights: str) -> str:
    data = {"format": FORMAT, "version": VERSION, "sources": sources, "term_weights": term_weights}
    return json.dumps(data, sort_keys=True, indent=0) + "\n"


def baseline_status(root: Path, corpus: Corpus, baseline: Baseline | None) -> BaselineStatus:
    path = baseline_path(root)
    if baseline is None:
        return BaselineStatus(path, False, 0, (), ())
    now = {s.id: s for s in corpus.sources}
    changed = sorted(sid for sid, h in baseline.sources.items() if sid not in now or source_hash(now[sid]) != h)
    added = sorted(set(now) - set(baseline.sources))
    return BaselineStatus(path, True, len(baseline.sources), tuple(added), tuple(changed), baseline.sha256)


def check_baseline(root: Path, corpus: Corpus, baseline: Baseline, weights_sha256: str | None) -> BaselineStatus:
    """The baseline's status, or a one-line error when it no longer describes the corpus."""
    status = baseline_status(root, corpus, baseline)
    if status.changed:
        n = len(status.changed)
        ids = ", ".join(status.changed[:5]) + (f" and {n - 5} more" if n > 5 else "")
        raise _bad(status.path, f"{n} of its sources changed or were removed since the freeze ({ids})")
    if weights_sha256 != baseline.term_weights:
        raise _bad(status.path, "the term weights were frozen again or thawed after it")
    return status


def corpus_baseline_status(root: Path) -> BaselineStatus:
    existing_corpus(root)
    return baseline_status(root, load_corpus(root), read_baseline(root))


def freeze_baseline(root: Path, progress: Callable[[Progress], None] | None = None) -> BaselineStatus:
    """Freeze the term weights on the corpus as it is, and the corpus's sources as its
    baseline (replacing a baseline already there)."""
    from .frozen import freeze_term_weights

    with corpus_lock(existing_corpus(root)):
        weights = freeze_term_weights(root, progress, locked=True)
        corpus = load_corpus(root)
        sources = {s.id: source_hash(s) for s in corpus.sources}
        atomic_write(baseline_path(root), render_baseline(sources, weights.sha256), overwrite=True)
        return baseline_status(root, corpus, read_baseline(root))


def thaw_baseline(root: Path) -> BaselineStatus:
    """Remove the baseline (the term weights stay frozen): every run analyses the whole
    corpus again."""
    with corpus_lock(existing_corpus(root)):
        corpus = load_corpus(root)
        try:
            before = baseline_status(root, corpus, read_baseline(root))
        except CorpusError:  # a damaged file goes too: thawing is how it is repaired
            before = BaselineStatus(baseline_path(root), True, 0, (), ())
        baseline_path(root).unlink(missing_ok=True)
        return before
