"""Align claims across sources: candidate generation (blocking), then the scoring ladder.

Two levels, because a sentence rarely says on its own which event it reports:
1. documents are compared as wholes and grouped into stories (documents.py);
2. candidate claim pairs come from a sparse top-k TF-IDF product, shared rare entities,
   and the best matches inside same-story documents; each pair is then scored on text,
   entities, dates, numbers and places, with its documents' similarity as context.

Features are computed for all candidate pairs at once (rapidfuzz cpdist, sparse products),
so scoring costs a few vectorised passes rather than a Python loop per pair.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import IO, Generic, TypeVar

import numpy as np

from . import blocking
from .dates import DateFact
from .documents import cluster_stories, document_similarity
from .extract import Facts
from .features import FEATURES, date_relation, number_match, strip_stop_words
from .gcpause import pauses_collector
from .model import Claim, Link, Progress
from .settings import Settings
from .weighting import TermTable, count_sets, count_table, idf_weights

T = TypeVar("T")
# From this many claims on, the native steps that hold the GIL run in a process of their
# own (see _Offloaded).
PROCESS_MIN_CLAIMS = 50_000

FEATURE_LABELS = {
    "text": "wording",
    "cosine": "shared distinctive words",
    "entities": "same people, organisations, places",
    "entity_conflict": "different actors named",
    "dates": "compatible dates",
    "date_conflict": "conflicting dates",
    "numbers": "matching figures",
    "places": "same place",
    "document": "documents alike",
    "neighbourhood": "sections have the same neighbours",
    "story": "sections grouped in one story",
    "section": "sections alike",
}
CLAIM_LEVEL = ("text", "cosine", "entities", "dates", "numbers", "places")


@dataclass(frozen=True)
class AlignInput:
    claims: Sequence[Claim]
    facts: Sequence[Facts]
    source_texts: dict[str, str]  # source id -> stored text
    section_of: Sequence[int]  # index of each claim's section in `section_texts`
    section_texts: Sequence[str]
    section_source: Sequence[str]
    # Frozen document frequencies (compare/frozen.py) by role, used instead of the corpus's
    # own: "sections", "section_entities", "claims", "claim_entities".
    term_tables: Mapping[str, TermTable] | None = None


def _vectorizer(grid: float, reference: TermTable | None = None):  # type: ignore[no-untyped-def]
    from .features import STOP_WORDS
    from .weighting import StableTfidf

    return StableTfidf(
        grid,
        reference,
        lowercase=True,
        ngram_range=(1, 2),
        stop_words=sorted(STOP_WORDS),
        token_pattern=r"(?u)\b\w[\w'’-]*\w\b|\b\d+\b",
    )


_TOKEN = re.compile(r"[\w'’-]+")
_POSSESSIVE = re.compile(r"['’]s$")  # "Hezbollah’s" is read as "Hezbollah"


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    import yaml

    raw = resources.files("compare").joinpath("data/synonyms.yaml").read_text(encoding="utf-8")
    return {str(w).lower(): f"syn{group}" for group, words in (yaml.safe_load(raw) or {}).items() for w in words}


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """A light suffix stripper: enough for 'towers'/'tower', 'using'/'used'."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith(("ss", "us", "is")):
            return word[: len(word) - len(suffix)] + keep
    return word


@lru_cache(maxsize=500_000)
def _claim_word(token: str) -> str:
    """A lower-cased token as the claim vectoriser reads it: its synonym group or its stem."""
    w = _POSSESSIVE.sub("", token).strip("'’-")
    return synonyms().get(w) or _stem(w)


def _with_entity_tokens(text: str, facts: Facts) -> str:
    """The text as the claim vectoriser reads it: words stemmed or mapped to their
    synonym group, plus canonical entity tokens so spellings (Hizballah, Hezbollah) meet."""
    words = " ".join(map(_claim_word, _TOKEN.findall(text.lower())))
    keys = " ".join("ent" + e.key.replace(" ", "") for e in facts.entities)
    return words + (" " + keys if keys else "")


def date_token(fact: DateFact) -> str:
    """One word for a resolved date, whatever its wording: "12 March" and "Tuesday" (the
    12th) meet, and a date counts as one word, not three."""
    value = fact.value_start
    assert value is not None
    return "d" + (value.strftime("%Y%m%d") if fact.precision == "day" else value.strftime("%Y%m"))


def replace_dates(text: str, facts: Facts, tokens: bool) -> str:
    """The text with each resolved date replaced by its date token, or blanked.

    The dates feature weighs a shared date; its words counted as well made "on Tuesday,
    12 March" link a flood report to a drone strike of the same day on the date alone
    (three shared words of text, and TF-IDF weight for each). The string similarity keeps
    one token per date, so a different date still counts against two sentences; the
    TF-IDF vectors drop it (a rare token would weigh a shared date twice again) and count
    it in their length only (_date_counts).
    """
    parts, at = [], 0
    for d in _replaced(facts):
        parts.append(text[at : d.start])
        parts.append(f" {date_token(d)} " if tokens else " ")
        at = d.end
    parts.append(text[at:])
    return "".join(parts)


def _replaced(facts: Facts) -> list[DateFact]:
    """The resolved dates replace_dates takes out, in text order, none inside another's span."""
    out: list[DateFact] = []
    for d in sorted((d for d in facts.dates if d.value_start), key=lambda d: (d.start, d.end)):
        if not out or d.start >= out[-1].end:
            out.append(d)
    return out


def _date_counts(data: AlignInput) -> np.ndarray:
    """How many resolved dates each claim's vector leaves out (replace_dates): each counts
    in the vector's length as a word no other claim uses, so "Published: 19 December 2005"
    is not close to "Published: 29 July 2004" because both say "Published"."""
    return np.array([len(_replaced(f)) for f in data.facts], dtype=np.int64)


def _claim_texts(data: AlignInput) -> list[str]:
    return [
        _with_entity_tokens(replace_dates(c.text, f, tokens=False), f)
        for c, f in zip(data.claims, data.facts, strict=True)
    ]


def _unit_keys(data: AlignInput) -> list[list[str]]:
    """The canonical entity keys of each section's claims."""
    keys: list[list[str]] = [[] for _ in data.section_texts]
    for u, f in zip(data.section_of, data.facts, strict=True):
        keys[u].extend(e.key for e in f.entities)
    return keys


def count_term_tables(data: AlignInput) -> dict[str, TermTable]:
    """The document frequencies the aligner counts on a corpus, by role (AlignInput.term_tables):
    what freezing the term weights saves."""
    tables: dict[str, TermTable] = {}
    for role, texts in (("sections", list(data.section_texts)), ("claims", _claim_texts(data))):
        counter = _vectorizer(1.0).counter
        try:
            tables[role] = count_table(counter.fit_transform(texts).tocsr(), counter.vocabulary_)
        except ValueError:  # nothing but stop words
            tables[role] = TermTable(len(texts), {})
    tables["section_entities"] = count_sets(_unit_keys(data))
    tables["claim_entities"] = count_sets([[e.key for e in f.entities] for f in data.facts])
    return tables


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


class Aligner:
    """Holds the corpus-level statistics needed to score any pair of claims."""

    def __init__(self, data: AlignInput, settings: Settings) -> None:
        import scipy.sparse as sp

        from .weighting import normalize_rows as normalize

        self.data = data
        self.settings = settings
        self.source_ids = sorted(data.source_texts)
        self.source_index = {s: i for i, s in enumerate(self.source_ids)}
        self.claim_source = np.array([self.source_index[c.source] for c in data.claims], dtype=np.int64)
        # Context units are sections (a source without headings is one unit): a long
        # opinion piece covers many events, each of its sections only a few.
        self.section_of = np.asarray(data.section_of, dtype=np.int64)
        self.unit_source = np.array([self.source_index[s] for s in data.section_source], dtype=np.int64)
        frozen = data.term_tables or {}
        self._section_vectorizer = _vectorizer(settings.weight_grid, frozen.get("sections"))
        try:
            self.section_matrix = normalize(self._section_vectorizer.fit_transform(list(data.section_texts))).tocsr()
        except ValueError:  # empty vocabulary: nothing but stop words
            self.section_matrix = None
        # Which sections report one story: mostly native code (the top-k product, the
        # clustering) that runs elsewhere while this thread fits the claim vectors.
        large = len(data.claims) >= PROCESS_MIN_CLAIMS
        stories = _Offloaded(
            _stories,
            (self.section_matrix, _unit_keys(data), settings, frozen.get("section_entities")),
            process=large,
        )
        self.processed = np.array(
            [
                strip_stop_words(replace_dates(c.text, f, tokens=True))
                for c, f in zip(data.claims, data.facts, strict=True)
            ]
            or [""],
            dtype=object,
        )
        # Context features that weigh nothing in either model only explain links: scoring
        # skips them (the document vectors alone took 4 s to build on 10,000 documents).
        self.explain_only = frozenset(
            name
            for name in ("document", "section")
            if not settings.weights.get(name) and not settings.sentence_weights.get(name)
        )
        try:
            self.claim_matrix = (
                _vectorizer(settings.weight_grid, frozen.get("claims"))
                .fit_transform(_claim_texts(data), _date_counts(data))
                .tocsr()
            )
        except ValueError:
            self.claim_matrix = None
        # Canonical entities as sparse indicator matrices, weighted by inverse frequency.
        vocab: dict[str, int] = {}
        rows, cols, kinds = [], [], []
        for i, f in enumerate(data.facts):
            for e in f.entities:
                rows.append(i)
                cols.append(vocab.setdefault(e.key, len(vocab)))
                kinds.append(e.type)
        n, m = len(data.claims), max(1, len(vocab))
        ent = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, m))
        ent.data[:] = 1.0
        self.entity = ent
        df = np.asarray((ent > 0).sum(axis=0)).ravel()
        table = frozen.get("claim_entities")
        if table is None or not vocab:
            self.entity_idf = idf_weights(df, n, settings.weight_grid)
        else:
            self.entity_idf = table.weights(vocab, df, n, settings.weight_grid)
        kinds_arr = np.array(kinds)
        mask = np.isin(kinds_arr, ("person", "org"))
        self.actors = sp.csr_matrix(
            (
                np.ones(int(mask.sum()), dtype=np.float32),
                (np.array(rows)[mask], np.array(cols)[mask]),
            ),
            shape=(n, m),
        )
        mask = kinds_arr == "place"
        self.places = sp.csr_matrix(
            (
                np.ones(int(mask.sum()), dtype=np.float32),
                (np.array(rows)[mask], np.array(cols)[mask]),
            ),
            shape=(n, m),
        )
        self.vocab = vocab
        self.entity_weighted = self.entity.multiply(self.entity_idf).tocsr()
        self.entity_totals = np.asarray(self.entity_weighted.sum(axis=1)).ravel()
        self.actor_counts = np.asarray(self.actors.sum(axis=1)).ravel()
        self.doc_first, self.doc_second, self.story = stories.result()
        self.has_dates = np.array([any(d.value_start for d in f.dates) for f in data.facts])
        self.has_numbers = np.array([bool(f.quantities) for f in data.facts])
        # Claims with the same dates (or quantities) compare alike: date_relation and
        # number_match run once per distinct pair of signatures, not once per claim pair.
        self.date_sig, self.date_rep = _signatures(
            [tuple((d.value_start, d.value_end, d.since, d.precision) for d in f.dates) for f in data.facts]
        )
        self.fact_keys = _fact_key_matrix(data.facts)
        self._date_cache: dict[int, tuple[float, ...]] = {}
        self._number_cache: dict[int, tuple[float, ...]] = {}
        self.number_sig, self.number_rep = _signatures(
            [tuple((q.unit, q.counted, q.low, q.high) for q in f.quantities) for f in data.facts]
        )

    @cached_property
    def source_matrix(self):  # type: ignore[no-untyped-def]
        """Whole-source TF-IDF vectors in the section vocabulary (the `document` feature)."""
        from .weighting import normalize_rows as normalize

        texts = [self.data.source_texts[s] for s in self.source_ids]
        return normalize(self._section_vectorizer.transform(texts)).tocsr()

    # Candidates -----------------------------------------------------------------------

    def candidates(self) -> np.ndarray:
        """Candidate pairs (i < j, different sources) as an (n, 2) array, sorted."""
        n = len(self.data.claims)
        # The TF-IDF top-k product runs in native threads (on large corpora in a process of
        # its own, as it holds the GIL): it overlaps with the other candidate sources,
        # computed in this thread.
        top = None
        if self.claim_matrix is not None:
            top = _Offloaded(
                blocking.top_k_pairs,
                (self.claim_matrix, self.claim_source, self.settings.top_k, self.settings.min_cosine),
                process=n >= PROCESS_MIN_CLAIMS,
                max_df=self.settings.block_max_df,
                threads=blocking.thread_count(self.settings.workers),
            )
        parts = [blocking.rare_entity_pairs(self.entity, self.claim_source)]
        parts.append(
            blocking.shared_fact_pairs(
                self.fact_keys,
                self.claim_source,
                self.claim_matrix,
                self.settings.fact_block_max,
                self.settings.fact_top_k,
            )
        )
        if self.claim_matrix is not None:
            parts.append(
                blocking.context_pairs(
                    self.claim_matrix, self.section_of, self.unit_source, self.doc_second, self.story, self.settings
                )
            )
        if top is not None:
            parts.append(top.result())
        codes = blocking.unique_codes(np.concatenate(parts))
        return np.stack([codes // max(n, 1), codes % max(n, 1)], axis=1) if len(codes) else np.zeros((0, 2), np.int64)

    # Features and scores ----------------------------------------------------------------

    def feature_matrix(self, pairs: np.ndarray, explain: bool = True) -> np.ndarray:
        """Features of many pairs at once: an (n, len(FEATURES)) float array. Without
        `explain`, the features in `explain_only` are left at 0: they do not change a score."""
        from rapidfuzz import fuzz, process

        n = len(pairs)
        x = np.zeros((n, len(FEATURES)), dtype=np.float64)
        if n == 0:
            return x
        ia, ib = pairs[:, 0], pairs[:, 1]
        col = {name: k for k, name in enumerate(FEATURES)}
        scorer = getattr(fuzz, self.settings.text_scorer)
        # rapidfuzz scores the texts in its own threads, without the GIL, while this
        # thread computes the sparse features: the two overlap instead of taking turns.
        text = _in_background(
            process.cpdist,
            self.processed[ia].tolist(),
            self.processed[ib].tolist(),
            scorer=scorer,
            processor=None,
            score_cutoff=self.settings.text_cutoff,
            workers=self.settings.workers,
        )
        self._sparse_features(x, ia, ib, col, explain)
        x[:, col["text"]] = text.result() / 100.0
        return x

    def _sparse_features(
        self, x: np.ndarray, ia: np.ndarray, ib: np.ndarray, col: dict[str, int], explain: bool
    ) -> None:
        """Every feature but `text`, into x."""
        n = len(ia)
        if self.claim_matrix is not None:
            x[:, col["cosine"]] = _rowwise_dot(self.claim_matrix, ia, ib)
        common = _rowwise_dot(self.entity_weighted, ia, ib, other=self.entity)
        denom = np.minimum(self.entity_totals[ia], self.entity_totals[ib])
        x[:, col["entities"]] = np.divide(common, denom, out=np.zeros(n), where=denom > 0)
        actors_a = self.actor_counts
        shared_actors = _rowwise_dot(self.actors, ia, ib)
        x[:, col["entity_conflict"]] = (actors_a[ia] > 0) & (actors_a[ib] > 0) & (shared_actors == 0)
        x[:, col["places"]] = _rowwise_dot(self.places, ia, ib) > 0
        facts = self.data.facts
        both = np.flatnonzero(self.has_dates[ia] & self.has_dates[ib])
        values = _by_signature(
            lambda a, b: date_relation(facts[a], facts[b]),
            self.date_sig,
            self.date_rep,
            ia[both],
            ib[both],
            2,
            self._date_cache,
        )
        x[both, col["dates"]], x[both, col["date_conflict"]] = values[:, 0], values[:, 1]
        both = np.flatnonzero(self.has_numbers[ia] & self.has_numbers[ib])
        values = _by_signature(
            lambda a, b: (number_match(facts[a], facts[b]),),
            self.number_sig,
            self.number_rep,
            ia[both],
            ib[both],
            1,
            self._number_cache,
        )
        x[both, col["numbers"]] = values[:, 0]
        ua, ub = self.section_of[ia], self.section_of[ib]
        x[:, col["neighbourhood"]] = _lookup(self.doc_second, ua, ub)
        x[:, col["story"]] = self.story[ua] == self.story[ub]
        if self.section_matrix is not None:
            if explain or "document" not in self.explain_only:
                x[:, col["document"]] = _unique_pair_dot(
                    self.source_matrix, self.claim_source[ia], self.claim_source[ib]
                )
            if explain or "section" not in self.explain_only:
                x[:, col["section"]] = _unique_pair_dot(self.section_matrix, ua, ub)

    @property
    def weight_vector(self) -> np.ndarray:
        w = self.settings.weights
        return np.array([w.get(name, 0.0) for name in FEATURES])

    def scores(self, x: np.ndarray) -> np.ndarray:
        bias = self.settings.weights.get("bias", 0.0)
        return np.round(100.0 * sigmoid(bias + x @ self.weight_vector), 2)

    def claim_evidence(self, x: np.ndarray) -> np.ndarray:
        """Score 0-100 of the two sentences alone, without document context."""
        w = self.settings.sentence_weights
        weights = np.array(
            [
                w.get(name, 0.0) if name in (*CLAIM_LEVEL, "entity_conflict", "date_conflict") else 0.0
                for name in FEATURES
            ]
        )
        return np.round(100.0 * sigmoid(w.get("bias", 0.0) + x @ weights), 2)

    def link_scores(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(link score, sentence-alone score): the context score, raised to the sentence
        score when the sentences alone are convincing (sections not grouped in a story)."""
        full = self.scores(x)
        alone = self.claim_evidence(x)
        # On ECB+ train, sentence-alone matches between sections with no shared neighbours
        # are mostly different events (13% positive): they need the context score.
        near = x[:, FEATURES.index("neighbourhood")] >= self.settings.sentence_link_min_neighbourhood
        strong = (alone >= self.settings.sentence_link_score) & near
        return np.where(strong, np.maximum(full, alone), full), alone


def _in_background(fn: Callable[..., T], *args: object, **kwargs: object) -> Future[T]:
    """fn(*args, **kwargs) started in a thread of its own. Only for work that spends its
    time in native code that lets go of the GIL (rapidfuzz, scipy's sparse products), so
    that it overlaps with Python work in the calling thread; the caller combines the
    results in a fixed order, so the output does not depend on timing."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(fn, *args, **kwargs)
    finally:
        pool.shutdown(wait=False)


class _Offloaded(Generic[T]):
    """fn(*args, **kwargs) in a process of its own when `process` is true, else in a thread.

    sparse_dot_topn's product and scipy's average linkage hold the GIL while they run
    (measured: a Python loop in another thread waits for all of it), so in a thread they
    stop the Python work they were meant to overlap with. Starting a process costs about
    0.4 s of one core, which pays only on large corpora. Should the process not start or
    fail, the work is done here instead: the result is the same either way.

    The process is `python -m compare.helper`, not multiprocessing: its spawn and
    forkserver modes import the caller's main script again in the child, and a script
    without a `__main__` guard would run twice. It is started from the calling thread,
    with call and result in unnamed temporary files: a helper thread feeding a pipe gets
    the GIL back only between the calling thread's turns (5 ms each), and took seconds
    longer at 10,000 documents."""

    def __init__(self, fn: Callable[..., T], args: tuple[object, ...], process: bool, **kwargs: object) -> None:
        self._call = (fn, args, kwargs)
        self._proc: subprocess.Popen[bytes] | None = None
        self._future: Future[T] | None = None
        self._files: list[IO[bytes]] = []  # call, result, errors: open until result()
        if process:
            try:
                self._files = [tempfile.TemporaryFile() for _ in range(3)]  # noqa: SIM115
                call, out, err = self._files
                # By name: the helper imports the function itself, whatever wraps it here.
                pickle.dump((fn.__module__, fn.__qualname__, args, kwargs), call, protocol=pickle.HIGHEST_PROTOCOL)
                call.seek(0)
                # This process's import path, so that the helper imports the same code.
                env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
                self._proc = subprocess.Popen(
                    [sys.executable, "-m", "compare.helper"], stdin=call, stdout=out, stderr=err, env=env
                )
            except (OSError, pickle.PicklingError, TypeError, AttributeError):
                self._close()
        if self._proc is None:
            self._future = _in_background(fn, *args, **kwargs)

    def result(self) -> T:
        if self._future is not None:
            return self._future.result()
        assert self._proc is not None
        try:
            if self._proc.wait() == 0:
                out = self._files[1]
                out.seek(0)
                return pickle.load(out)  # type: ignore[no-any-return]
        except (OSError, pickle.UnpicklingError, EOFError):
            pass
        finally:
            if self._proc.poll() is None:  # interrupted while waiting: the helper goes too
                self._proc.kill()
                self._proc.wait()
            self._close()
        # The process failed (or fn did, and then it fails again here).
        fn, args, kwargs = self._call
        return fn(*args, **kwargs)

    def _close(self) -> None:
        for f in self._files:
            f.close()
        self._files = []


def _stories(  # type: ignore[no-untyped-def]
    section_matrix, unit_keys: list[list[str]], settings: Settings, frozen: TermTable | None = None
):
    """(first-order, second-order section similarity, story label per section)."""
    first, second = document_similarity(
        section_matrix,
        unit_keys,
        settings.doc_top_k,
        settings.block_max_df,
        blocking.thread_count(settings.workers),
        settings.weight_grid,
        frozen,
    )
    return first, second, cluster_stories(second, settings.story_cut, settings.story_gap)


def _fact_key_matrix(facts: Sequence[Facts]):  # type: ignore[no-untyped-def]
    """Claims x fact keys indicator: each dated day or span, and each figure with its unit."""
    import scipy.sparse as sp

    vocab: dict[tuple, int] = {}  # type: ignore[type-arg]
    rows: list[int] = []
    cols: list[int] = []
    for i, f in enumerate(facts):
        keys = {("d", d.value_start, d.value_end) for d in f.dates if d.value_start}
        keys |= {("n", q.unit, q.low, q.high) for q in f.quantities}
        for key in sorted(keys, key=repr):
            rows.append(i)
            cols.append(vocab.setdefault(key, len(vocab)))
    shape = (len(facts), max(1, len(vocab)))
    return sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)


def _signatures(keys: Sequence[tuple]) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    """(signature id of every claim, one claim index per signature id)."""
    ids: dict[tuple, int] = {}  # type: ignore[type-arg]
    sig = np.array([ids.setdefault(k, len(ids)) for k in keys], dtype=np.int64)
    rep = np.zeros(len(ids), dtype=np.int64)
    rep[sig] = np.arange(len(sig))  # any claim of a signature stands for all of them
    return sig, rep


def _by_signature(
    fn: Callable[[int, int], tuple[float, ...]],
    sig: np.ndarray,
    rep: np.ndarray,
    ia: np.ndarray,
    ib: np.ndarray,
    width: int,
    cache: dict[int, tuple[float, ...]],
) -> np.ndarray:
    """fn on every pair (ia[k], ib[k]), computed once per distinct pair of signatures;
    `cache` keeps the values across calls (the same pairs recur in every block)."""
    out = np.zeros((len(ia), width))
    if not len(ia):
        return out
    codes = sig[ia] * len(rep) + sig[ib]
    uniq = blocking.unique_codes(codes)
    found = []
    for c in uniq.tolist():
        value = cache.get(c)
        if value is None:
            value = cache[c] = fn(int(rep[c // len(rep)]), int(rep[c % len(rep)]))
        found.append(value)
    values = np.array(found, dtype=np.float64)
    return values.reshape(len(uniq), width)[np.searchsorted(uniq, codes)]


def _rowwise_dot(  # type: ignore[no-untyped-def]
    matrix, ia: np.ndarray, ib: np.ndarray, other=None, chunk: int = 200_000
) -> np.ndarray:
    """Dot products of row ia[k] and row ib[k], for all k, in chunks."""
    other = matrix if other is None else other
    out = np.empty(len(ia), dtype=np.float64)
    for lo in range(0, len(ia), chunk):
        a = matrix[ia[lo : lo + chunk]]
        b = other[ib[lo : lo + chunk]]
        out[lo : lo + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def _unique_pair_dot(matrix, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Dot products of rows ia[k], ib[k] computed once per distinct pair of rows: section
    and document vectors are long, and thousands of claim pairs share the same two."""
    if len(ia) == 0:
        return np.zeros(0)
    keys = ia.astype(np.int64) * matrix.shape[0] + ib.astype(np.int64)
    uniq = blocking.unique_codes(keys)
    inverse = np.searchsorted(uniq, keys)
    values = _rowwise_dot(matrix, uniq // matrix.shape[0], uniq % matrix.shape[0], chunk=2_000)
    return values[inverse]


def _lookup(matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    if len(rows) == 0:
        return np.zeros(0)
    return np.asarray(matrix[rows, cols]).ravel().astype(np.float64)


def cap_per_claim(
    i: np.ndarray, j: np.ndarray, score: np.ndarray, cap: int, prior: np.ndarray | None = None
) -> np.ndarray:
    """Mask of links among the `cap` best of at least one of their two claims. `prior`
    (claims x cap, best first, -inf where none): scores of each claim's links that are not
    in this table (a frozen baseline's), which rank above the ones here that they beat."""
    n = len(score)
    # Each link seen from both of its claims, so a claim's rank covers all its links.
    ends = np.concatenate([i, j]).astype(np.int64)
    other = np.concatenate([j, i]).astype(np.int64)
    both = np.concatenate([score, score])
    order = np.lexsort((other, -both, ends))  # by claim, best first, stable ties
    sorted_ends = ends[order]
    rank = np.arange(2 * n) - np.searchsorted(sorted_ends, sorted_ends, side="left")
    if prior is not None and n:
        rank = rank + (prior[sorted_ends] > both[order][:, None]).sum(axis=1)
    keep = np.zeros(n, dtype=bool)
    keep[order[rank < cap] % n] = True
    return keep


@dataclass(frozen=True)
class LinkTable:
    """Every link as parallel arrays (claim indices i < j, scores): at newsroom scale there
    are millions, and most are context links that never need a Python object."""

    i: np.ndarray
    j: np.ndarray
    score: np.ndarray
    evidence: np.ndarray
    # Whether the two sentences have a word, name or figure in common (TF-IDF cosine > 0).
    # Two sentences with none are not compared as statements, whatever their dates: on
    # ECB+ train, 2 of the 6,065 pairs at or above claim_evidence_min had none, and neither
    # reported a common event; in large corpora such pairs are mostly a shared month.
    shared: np.ndarray

    def __len__(self) -> int:
        return len(self.score)

    def subset(self, mask: np.ndarray) -> LinkTable:
        return LinkTable(self.i[mask], self.j[mask], self.score[mask], self.evidence[mask], self.shared[mask])

    def supported(self, claim_evidence_min: float) -> np.ndarray:
        """Mask of the links the sentences themselves support enough for a verdict."""
        return (self.evidence >= claim_evidence_min) & self.shared

    @staticmethod
    def empty() -> LinkTable:
        return LinkTable(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0), np.zeros(0, bool))


def make_links(aligner: Aligner, table: LinkTable, context: bool = False) -> list[Link]:
    """Link objects with explanations, for the links that are assessed or reported.

    Features are computed again for these pairs: cheaper than keeping a feature row for
    each of millions of links, and the same deterministic computation."""
    if not len(table):
        return []
    claims = aligner.data.claims
    pairs = np.stack([table.i, table.j], axis=1)
    weights = aligner.weight_vector
    links: list[Link] = []
    # Explanation entries repeat across links (rounded values of a few features): one tuple
    # per distinct entry, not one per link. With the report's dicts shared the same way, the
    # full run of 10,000 documents peaked at 9.0 GiB instead of 12.8. A zero keeps its sign
    # in the key: -0.0 == 0.0, but the JSON writes them apart.
    entries: dict[tuple, tuple[str, float, float]] = {}  # type: ignore[type-arg]
    for lo in range(0, len(pairs), 100_000):
        rows = aligner.feature_matrix(pairs[lo : lo + 100_000])
        # Rounded on arrays, turned into Python floats once: per-value round() calls
        # dominated this loop.
        values = np.round(rows, 3).tolist()
        contributions = np.round(rows * weights, 3).tolist()
        present = [np.flatnonzero(r).tolist() for r in rows]
        for k in range(len(rows)):
            n = lo + k
            a, b = claims[int(table.i[n])], claims[int(table.j[n])]
            if (b.source, b.index) < (a.source, a.index):
                a, b = b, a
            v, c = values[k], contributions[k]
            links.append(
                Link(
                    a=a.id,
                    b=b.id,
                    score=float(table.score[n]),
                    explanation=tuple(_entry(entries, f, v[f], c[f]) for f in present[k]),
                    evidence=round(float(table.evidence[n]), 3),
                    context=context,
                )
            )
    links.sort(key=lambda lk: (lk.a, lk.b))
    return links


def _entry(
    entries: dict[tuple, tuple[str, float, float]],  # type: ignore[type-arg]
    f: int,
    value: float,
    contribution: float,
) -> tuple[str, float, float]:
    key = (f, value, contribution, math.copysign(1.0, value) < 0, math.copysign(1.0, contribution) < 0)
    found = entries.get(key)
    if found is None:
        found = entries[key] = (FEATURES[f], value, contribution)
    return found


def sentence_neighbours(aligner: Aligner, rows: Sequence[int], pool: int) -> dict[int, list[tuple[int, float, float]]]:
    """For each claim index of `rows`, the `pool` claims of other sources that share the
    most TF-IDF weight with it, as (claim index, sentence-alone score, link score), the
    sentences most alike on their own first. The pairs need not be candidates or links: a
    paraphrase in another story is found here when the link rule passes it over."""
    if aligner.claim_matrix is None or not len(rows):
        return {}
    rows_arr = np.asarray(rows, dtype=np.int64)
    transposed = aligner.claim_matrix.T.tocsr()  # once: a product converts its right side to CSR
    chosen: list[tuple[int, np.ndarray]] = []
    # A row of the product holds every claim sharing a word with it (most of a large corpus
    # for a sentence of common words): a few rows at a time bound the memory.
    for lo in range(0, len(rows_arr), 64):
        block = rows_arr[lo : lo + 64]
        sims = (aligner.claim_matrix[block] @ transposed).tocsr()
        for r, row in enumerate(block.tolist()):
            cols = sims.indices[sims.indptr[r] : sims.indptr[r + 1]]
            vals = sims.data[sims.indptr[r] : sims.indptr[r + 1]]
            keep = (aligner.claim_source[cols] != aligner.claim_source[row]) & (vals > 0)
            cols, vals = cols[keep], vals[keep]
            chosen.append((row, cols[np.lexsort((cols, -vals))][:pool].astype(np.int64)))
    pairs = np.concatenate(
        [np.stack([np.minimum(row, top), np.maximum(row, top)], axis=1) for row, top in chosen if len(top)]
        or [np.zeros((0, 2), np.int64)]
    )
    scores, alone = aligner.link_scores(aligner.feature_matrix(pairs, explain=False))
    out: dict[int, list[tuple[int, float, float]]] = {}
    at = 0
    for row, top in chosen:
        found = zip(top.tolist(), alone[at : at + len(top)].tolist(), scores[at : at + len(top)].tolist(), strict=True)
        at += len(top)
        if len(top):
            out[row] = sorted(found, key=lambda t: (-t[1], -t[2], t[0]))
    return out


@pauses_collector
def align_claims(
    data: AlignInput,
    settings: Settings,
    progress: Callable[[Progress], None] | None = None,
    touching: np.ndarray | None = None,
) -> tuple[LinkTable, Aligner]:
    """Links at or above the settings' threshold (at most max_links_per_claim per claim,
    the best ones), ordered by claim indices for deterministic output. With `touching` (a
    mask of claims), only pairs with at least one such claim: the links later sources bring
    to a frozen baseline (baseline.py)."""
    aligner = Aligner(data, settings)
    pairs = aligner.candidates()
    if touching is not None and len(pairs):
        pairs = pairs[touching[pairs[:, 0]] | touching[pairs[:, 1]]]
    chunk = 200_000
    kept_pairs, kept_scores, kept_evidence, kept_shared = [], [], [], []
    cosine = FEATURES.index("cosine")
    for lo in range(0, len(pairs), chunk):
        block = pairs[lo : lo + chunk]
        x = aligner.feature_matrix(block, explain=False)
        scores, evidence = aligner.link_scores(x)
        sel = (scores >= settings.link_threshold) & (evidence >= settings.min_link_evidence)
        kept_pairs.append(block[sel])
        kept_scores.append(scores[sel])
        kept_evidence.append(evidence[sel])
        kept_shared.append(x[sel, cosine] > 0)
        if progress:
            progress(Progress("align", min(lo + chunk, len(pairs)), len(pairs), "scoring candidate pairs"))
    if not kept_pairs:
        return LinkTable.empty(), aligner
    pairs_k = np.concatenate(kept_pairs)
    # Claim indices fit in 32 bits: at 10,000 documents there are tens of millions of
    # links, and each copy of the table is a quarter smaller.
    index_type = np.int32 if len(data.claims) < 2**31 else np.int64
    table = LinkTable(
        pairs_k[:, 0].astype(index_type),
        pairs_k[:, 1].astype(index_type),
        np.concatenate(kept_scores),
        np.concatenate(kept_evidence),
        np.concatenate(kept_shared),
    )
    if settings.max_links_per_claim > 0 and len(table):
        table = table.subset(cap_per_claim(table.i, table.j, table.score, settings.max_links_per_claim))
    return table, aligner
