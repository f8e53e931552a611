"""The report of a corpus with a frozen baseline (baseline.py): the baseline's analysis,
kept as the pieces of its report (baseline_state.py), and the links of the later sources,
spliced into one report.

What later sources change, and how:
- links: each later source is aligned, with the usual aligner and verdict rules, in a
  corpus of the later sources and the `baseline_neighbours` baseline sources whose whole
  text is most alike each of them; only pairs with a claim of a later source are kept;
- near-copy groups, statuses, context-link counts and summary counts: computed from the
  baseline's links and the new ones together, as a full run computes them;
- events: a claim of a later source joins the baseline event of the claim it links to
  most strongly (a link that would join events); the claims that join none form events
  with each other and with baseline claims of no event, by the usual event grouping. An
  event that gains claims is labelled again. Baseline events are not split or merged.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from . import __version__
from .align import FEATURE_LABELS
from .baseline import Baseline, check_baseline
from .baseline_state import (
    MIDDLE_KEYS,
    State,
    build_state,
    dumps,
    hashed_counts,
    load_state,
    save_state,
    state_key,
)
from .corpus import CACHE_DIR, Corpus
from .events import LabelParts, group_events, label_event, label_parts
from .extract import Facts
from .frozen import TermWeights, counted_sources, drift_warning, read_term_weights, weights_status
from .language import is_compared, settle_languages
from .model import VERDICTS, Claim, Link, Progress, Source
from .pipeline import NO_FACTS, analyse, link_corpus
from .report import SCHEMA_VERSION, build_report, claim_dict, link_dict, pair_stats, render_pairs, source_dict
from .settings import Settings
from .status import ClaimStatus, copy_groups, near_copy_counts, status_of
from .views import overall_verdict

ProgressFn = Callable[[Progress], None] | None


@dataclass
class SplicedReport:
    """A report as the pieces of its JSON, and its summary (for the CLI's one line)."""

    pieces: list[bytes | memoryview]
    summary: dict[str, object]
    warnings: tuple[str, ...]
    timings: dict[str, float] = field(default_factory=dict)
    state: str = ""  # "loaded", "built" or "" (not cached)

    def json_bytes(self) -> bytes:
        return b"".join(self.pieces)

    def data(self) -> dict[str, object]:
        """The report as data, for the formats rendered from it (HTML, Markdown, CSV)."""
        return orjson.loads(self.json_bytes())  # type: ignore[no-any-return]


@dataclass
class _Merged:
    """A claim of the merged report: a baseline claim (row `k` of the state) or a new one."""

    id: str
    source: str
    start: int
    index: int
    k: int = -1
    claim: Claim | None = None
    facts: Facts | None = None
    uncompared: bool = False


def report_with_baseline(
    corpus: Corpus,
    baseline: Baseline,
    settings: Settings,
    progress: ProgressFn = None,
    use_cache: bool = True,
) -> SplicedReport:
    """The report of `corpus` (loaded, every source) with its frozen baseline."""
    from .cache import open_cache

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    frozen = read_term_weights(corpus.root)
    status = check_baseline(corpus.root, corpus, baseline, frozen.sha256 if frozen else None)
    assert frozen is not None  # check_baseline fails without the weights frozen with it
    cache = open_cache(corpus.root if use_cache else None)
    try:
        corpus, notes = settle_languages(corpus, cache)
        counted = counted_sources(corpus)
        drift = drift_warning(weights_status(corpus.root, counted, frozen), len(counted))
        key = state_key(baseline.sha256, frozen.sha256, settings.to_dict())
        cache_dir = corpus.root / CACHE_DIR
        state = load_state(cache_dir, key) if use_cache else None
        how = "loaded" if state is not None else ("built" if use_cache else "")
        timings["baseline state"] = time.perf_counter() - t0
        if state is None:
            t0 = time.perf_counter()
            in_base = [s for s in corpus.sources if s.id in baseline.sources]
            analysis = analyse(replace(corpus, sources=tuple(in_base)), settings, progress, use_cache=use_cache)
            state = build_state(analysis, build_report(analysis), key)
            del analysis
            if use_cache:
                save_state(state, cache_dir)
            timings["baseline analysis"] = time.perf_counter() - t0
        later = [s for s in corpus.sources if s.id not in baseline.sources]
        t0 = time.perf_counter()
        delta = _align_later(corpus, later, state, settings, cache, progress, frozen)
        timings["later sources"] = time.perf_counter() - t0
    finally:
        cache.close()
    t0 = time.perf_counter()
    label = f"{baseline.label}; {len(status.added)} later"
    out = _splice(corpus, state, delta, settings, frozen.label, label)
    timings["splice"] = time.perf_counter() - t0
    out.warnings = notes + ((drift,) if drift else ())
    out.timings = timings
    out.state = how
    return out


def report_corpus_with_baseline(
    root: Path, baseline: Baseline, settings: Settings, progress: ProgressFn = None, use_cache: bool = True
) -> SplicedReport:
    """report_with_baseline for the corpus in `root`."""
    from .corpus import existing_corpus, load_corpus
    from .errors import CorpusError

    corpus = load_corpus(existing_corpus(root))
    if not corpus.sources:
        raise CorpusError(f"no sources in {root}; add some with 'compare add'")
    out = report_with_baseline(corpus, baseline, settings, progress, use_cache)
    out.warnings = corpus.warnings + out.warnings
    return out


# Later sources --------------------------------------------------------------------------


@dataclass
class _Delta:
    claims: list[Claim] = field(default_factory=list)  # the aligned corpus's compared claims
    facts: list[Facts] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # each with a claim of a later source
    context: tuple[np.ndarray, np.ndarray] = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    extra: tuple[np.ndarray, np.ndarray, np.ndarray] = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    by_source: dict[str, list[tuple[Claim, Facts, bool]]] = field(default_factory=dict)  # later sources' claims


def neighbour_sources(state: State, texts: list[str], k: int) -> list[list[str]]:
    """For each text, the ids of the `k` baseline sources whose whole text is most alike
    (TF-IDF cosine of hashed words, weighed as in the baseline), closest first."""
    import scipy.sparse as sp

    from .weighting import normalize_rows as normalize

    docs = state.meta["doc_sources"]
    if not texts or not docs or k <= 0:
        return [[] for _ in texts]
    counts = hashed_counts(texts)
    weights = np.zeros(counts.shape[1], dtype=np.float32)
    weights[state.doc_idf_cols] = state.doc_idf  # a word no baseline source holds matches none
    vectors = normalize(counts.multiply(weights).tocsr())
    matrix = sp.csr_matrix((state.doc_data, state.doc_indices, state.doc_indptr), shape=(len(docs), counts.shape[1]))
    sims = (vectors @ matrix.T).toarray()
    out = []
    for row in sims:
        ranked = np.argsort(-row, kind="stable")  # ties by id: docs are in corpus order
        out.append([docs[j] for j in ranked[:k] if row[j] > 0])
    return out


def _align_later(
    corpus: Corpus,
    later: list[Source],
    state: State,
    settings: Settings,
    cache: object,
    progress: ProgressFn,
    weights: TermWeights | None,
) -> _Delta:
    delta = _Delta()
    if not later:
        return delta
    compared = [s for s in later if is_compared(s.meta.language)]
    near = neighbour_sources(state, [s.text for s in compared], settings.baseline_neighbours)
    chosen = {s.id for s in later} | {sid for ids in near for sid in ids}
    if compared:
        sub = replace(corpus, sources=tuple(s for s in corpus.sources if s.id in chosen))
        base_index = {sid: k for k, sid in enumerate(state.meta["sources"])}
        in_sub = [base_index[s.id] for s in sub.sources if s.id in base_index]
        rows = np.flatnonzero(np.isin(state.claim_source, in_sub))
        ids = state.meta["claim_ids"]
        prior = {ids[k]: state.claim_prior[k].tolist() for k in rows.tolist()}
        linked = link_corpus(
            sub, settings, cache, progress, touching=frozenset(s.id for s in later), weights=weights, prior=prior
        )
        prepared = linked.prepared
        delta.claims, delta.facts = list(prepared.claims), list(prepared.facts)
        # A divergence carried through a later claim (bridge.py) can join two baseline
        # claims: links between two baseline sources stay the baseline's own.
        later_ids = {s.id for s in later}
        source_of = {c.id: c.source for c in prepared.claims}
        delta.links = [lk for lk in linked.links if source_of[lk.a] in later_ids or source_of[lk.b] in later_ids]
        delta.context = (linked.context.i.astype(np.int64), linked.context.j.astype(np.int64))
        delta.extra = linked.extra
        facts_of = {c.id: f for c, f in zip(prepared.claims, prepared.facts, strict=True)}
        segmentations = prepared.segmentations
    else:
        results = cache.segment_and_extract_many(later, workers=1)  # type: ignore[attr-defined]
        segmentations = {s.id: seg for s, (seg, _) in zip(later, results, strict=True)}
        facts_of = {}
    for s in later:
        on = is_compared(s.meta.language)
        delta.by_source[s.id] = [(c, facts_of[c.id] if on else NO_FACTS, not on) for c in segmentations[s.id].claims]
    return delta


# Splicing -------------------------------------------------------------------------------


def _splice(
    corpus: Corpus, st: State, delta: _Delta, settings: Settings, weights_label: str, baseline_label: str
) -> SplicedReport:
    m = st.meta
    base_sources: list[str] = m["sources"]
    claim_ids: list[str] = m["claim_ids"]
    # The state's claims are grouped by source, in the order of m["sources"] (check_state).
    per_source = np.bincount(st.claim_source, minlength=len(base_sources)).tolist()
    first = np.concatenate([[0], np.cumsum(per_source)]).tolist()
    base_counts = dict(zip(base_sources, per_source, strict=True))
    first_of = dict(zip(base_sources, first, strict=False))
    # The merged claims, in the report's order: by source (sources are sorted by id), each
    # source's claims in the order of their text. That is also the order of their
    # positions (source, start), by which the report sorts its links.
    merged: list[_Merged] = []
    for s in corpus.sources:
        if s.id in base_counts:
            k0 = first_of[s.id]
            starts = st.claim_start[k0 : k0 + base_counts[s.id]].tolist()
            idx = st.claim_index[k0 : k0 + base_counts[s.id]].tolist()
            for n in range(base_counts[s.id]):
                merged.append(_Merged(claim_ids[k0 + n], s.id, starts[n], idx[n], k=k0 + n))
        else:
            for c, f, unc in delta.by_source.get(s.id, []):
                merged.append(_Merged(c.id, s.id, c.start, c.index, claim=c, facts=f, uncompared=unc))
    row = {c.id: n for n, c in enumerate(merged)}
    base_row = np.array([row[cid] for cid in claim_ids], dtype=np.int64)
    source_of = {c.id: c.source for c in merged}
    n = len(merged)

    # Near-copy groups: the baseline's pairs of sources, and those the new links bring.
    near = {(a, b): c for a, b, c in m["near"]}
    near.update(near_copy_counts(delta.links, {c.id: c for c in delta.claims}))
    counts = {s.id: base_counts.get(s.id, len(delta.by_source.get(s.id, []))) for s in corpus.sources}
    published = {s.id: s.meta.published.isoformat() if s.meta.published else "" for s in corpus.sources}
    groups = copy_groups(near, counts, settings, published)

    # Context links: the baseline's counts, and those of the new ones.
    delta_rows = np.array([row[c.id] for c in delta.claims], dtype=np.int64)
    ci, cj = delta_rows[delta.context[0]], delta_rows[delta.context[1]]
    context = np.zeros(n, dtype=np.int64)
    context[base_row] = st.claim_context
    context += np.bincount(ci, minlength=n) + np.bincount(cj, minlength=n)
    pair_context: Counter[tuple[str, str]] = Counter({(p["a"], p["b"]): p["links"] for p in m["context_pairs"]})
    for a, b in zip(ci.tolist(), cj.tolist(), strict=True):
        sa, sb = merged[a].source, merged[b].source
        pair_context[(sa, sb) if sa <= sb else (sb, sa)] += 1

    # Statuses: a claim's status changes with its own links, or with the groups of the
    # sources it links to. When no baseline source changed group, only the claims with a
    # new link or context link need theirs again; the others keep their stored JSON.
    same_groups = all(groups[src] == rep for src, rep in m["groups"].items())
    touched: set[int] = {r for r, c in enumerate(merged) if c.k < 0}
    for lk in delta.links:
        touched.update((row[lk.a], row[lk.b]))
    touched.update(ci.tolist())
    touched.update(cj.tolist())
    redo = sorted(touched) if same_groups else list(range(n))
    statuses = _statuses(st, merged, redo, delta, row, groups)
    status_counts: Counter[str] = Counter(m["status_of"]) if same_groups else Counter()
    if same_groups:
        for r in redo:
            if merged[r].k >= 0:
                status_counts[m["status_of"][merged[r].k]] -= 1
    status_counts.update(st_.status for st_ in statuses.values())

    # Links, in the report's order: by the positions of their two claims, which is the
    # order of their rows.
    entry_dicts: dict[int, dict[str, object]] = {}
    new_links = [link_dict(lk, entry_dicts) for lk in delta.links]
    new_keys = np.array([row[d["a"]] * n + row[d["b"]] for d in new_links], dtype=np.int64)
    order = np.argsort(new_keys, kind="stable")
    new_links = [new_links[o] for o in order.tolist()]
    new_keys = new_keys[order]
    base_keys = base_row[st.link_a] * n + base_row[st.link_b]
    at = np.searchsorted(base_keys, new_keys, side="right").tolist()
    link_items: list[tuple[int, int] | bytes] = []
    done = 0
    for pos, d in zip(at, new_links, strict=True):
        link_items += [(done, pos), dumps(d)]
        done = pos
    link_items.append((done, len(st.link_a)))

    # Events.
    events = _merge_events(st, merged, row, base_row, delta, groups, settings)
    ev_pieces = _event_pieces(st, merged, row, base_row, delta, new_links, events, source_of)

    # Summary and the small parts.
    base_verdicts = np.bincount(st.link_verdict[~st.link_context], minlength=len(VERDICTS)).tolist()
    verdicts = Counter({v: c for v, c in zip(VERDICTS, base_verdicts, strict=True) if c})
    verdicts.update(d["verdict"] for d in new_links if not d["context"])
    differences = Counter(m["differences"]) + Counter(x["kind"] for d in new_links for x in d["differences"])
    context_total = len(st.context_i) + len(ci)
    if context_total:
        verdicts["related"] += context_total
    members: dict[str, list[str]] = defaultdict(list)
    for s in corpus.sources:
        members[groups[s.id]].append(s.id)
    base_index = {sid: k for k, sid in enumerate(base_sources)}
    source_pieces = [_source_piece(st, base_index.get(s.id), s, counts[s.id], members, groups) for s in corpus.sources]
    summary = {
        "sources": len(corpus.sources),
        "claims": n,
        "links": sum(verdicts.values()),
        "context_links": context_total,
        "events": len(events),
        "independent_sources": sum(1 for s in corpus.sources if groups[s.id] == s.id),
        "verdicts": dict(sorted(verdicts.items())),
        "differences": dict(sorted(differences.items())),
        "statuses": dict(sorted((k, v) for k, v in status_counts.items() if v)),
    }
    head = {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "compare", "version": __version__},
        "settings": {**settings.to_dict(), "term_weights": weights_label, "baseline": baseline_label},
        "features": dict(FEATURE_LABELS),
        "base": None,
    }
    pieces: list[bytes | memoryview] = [dumps(head)[:-1], b',"sources":[', b",".join(source_pieces), b'],"claims":[']
    pieces.extend(_claim_pieces(st, merged, statuses, context))
    pieces.append(b'],"links":[')
    pieces.extend(_runs(st.link_buf, st.link_off, link_items))
    pieces.append(b'],"events":[')
    pieces.extend(_runs(st.event_buf, st.event_off, ev_pieces))
    pieces.append(b'],"context_pairs":')
    pairs = [{"a": a, "b": b, "links": c} for (a, b), c in sorted(pair_context.items())]
    pieces.append(dumps(pairs))
    pieces.append(b',"summary":' + dumps(summary) + b"}\n")
    return SplicedReport(pieces, summary, ())


def _statuses(
    st: State, merged: list[_Merged], rows: list[int], delta: _Delta, row: dict[str, int], groups: dict[str, str]
) -> dict[int, ClaimStatus]:
    """The statuses of claims `rows`, from their baseline links and their new ones."""
    base_sources: list[str] = st.meta["sources"]
    agree: dict[int, set[str]] = defaultdict(set)
    diverge: dict[int, set[str]] = defaultdict(set)
    for lk in delta.links:
        target = agree if lk.verdict in ("agree", "compatible") else diverge if lk.verdict == "diverge" else None
        if target is not None:
            a, b = row[lk.a], row[lk.b]
            target[a].add(merged[b].source)
            target[b].add(merged[a].source)
    out = {}
    for r in rows:
        c = merged[r]
        k = c.k
        if c.uncompared or (k >= 0 and st.claim_uncompared[k]):
            out[r] = ClaimStatus("uncompared", (), ())
            continue
        ag, dv = agree.get(r, set()), diverge.get(r, set())
        if k >= 0:
            ag = ag | {base_sources[x] for x in st.agree_src[st.agree_ptr[k] : st.agree_ptr[k + 1]].tolist()}
            dv = dv | {base_sources[x] for x in st.diverge_src[st.diverge_ptr[k] : st.diverge_ptr[k + 1]].tolist()}
        own = groups[c.source]
        checkable = bool(st.claim_checkable[k]) if k >= 0 else bool(c.facts and c.facts.checkable)
        out[r] = status_of(
            checkable, {groups[s] for s in ag if groups[s] != own}, {groups[s] for s in dv if groups[s] != own}
        )
    return out


def _claim_pieces(
    st: State, merged: list[_Merged], statuses: dict[int, ClaimStatus], context: np.ndarray
) -> Iterator[bytes | memoryview]:
    """Each claim's JSON: stored when neither its status nor its counts changed; else its
    stored text and facts around a new status (or all new, for a claim of a later source)."""
    ctx = context.tolist()
    items: list[tuple[int, int] | bytes] = []
    for r, c in enumerate(merged):
        s = statuses.get(r)
        if s is None:
            items.append((c.k, c.k + 1))
            continue
        if c.k < 0:
            assert c.claim is not None and c.facts is not None
            items.append(dumps(claim_dict(c.claim, c.facts, s, ctx[r])))
            continue
        mid = dumps(
            {
                MIDDLE_KEYS[0]: s.status,
                MIDDLE_KEYS[1]: list(s.agreeing_sources),
                MIDDLE_KEYS[2]: list(s.diverging_sources),
                MIDDLE_KEYS[3]: ctx[r],
            }
        )
        k = c.k
        lo, hi = int(st.claim_off[k]), int(st.claim_off[k + 1]) - 1
        whole = st.claim_buf[lo:hi].tobytes()
        items.append(whole[: int(st.claim_head[k])] + mid[1:-1] + b"," + whole[hi - lo - int(st.claim_tail[k]) :])
    return _runs(st.claim_buf, st.claim_off, items)


def _runs(buf: np.ndarray, off: np.ndarray, items: list[tuple[int, int] | bytes]) -> Iterator[bytes | memoryview]:
    """Comma-separated JSON items: (lo, hi) is stored items lo to hi - 1, bytes a new item.
    Adjacent stored items go out as one slice of `buf`, where they are stored
    comma-separated (each run's last comma dropped)."""
    parts: list[tuple[int, int] | bytes] = []
    for item in items:
        if isinstance(item, tuple):
            if item[1] <= item[0]:
                continue
            last = parts[-1] if parts else None
            if isinstance(last, tuple) and last[1] == item[0]:
                parts[-1] = (last[0], item[1])
                continue
        parts.append(item)
    view = memoryview(buf)
    for n, part in enumerate(parts):
        if n:
            yield b","
        yield view[int(off[part[0]]) : int(off[part[1]]) - 1] if isinstance(part, tuple) else part


def _source_piece(
    st: State, k: int | None, source: Source, claims: int, members: dict[str, list[str]], groups: dict[str, str]
) -> bytes:
    rep = groups[source.id]
    group = sorted(members[rep])
    if k is None:
        return dumps(source_dict(source, claims, group, rep))
    tail = {"near_copy_of": rep if rep != source.id else None, "near_copies": [s for s in group if s != source.id]}
    return st.piece("source", k) + b"," + dumps(tail)[1:]


# Events ---------------------------------------------------------------------------------


@dataclass
class _Event:
    members: list[int]  # merged rows, in the event's order
    stored: int = -1  # the baseline event it is, unchanged (-1: new or changed)
    id: str = ""
    date: str = ""
    label: str = ""
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


def _parts(st: State, c: _Merged) -> LabelParts:
    if c.k >= 0:
        p = orjson.loads(st.piece("label", c.k))
        return LabelParts(tuple(p[0]), tuple(p[1]), tuple(p[2]), tuple(p[3]), tuple((a, b) for a, b in p[4]))
    assert c.claim is not None and c.facts is not None
    return label_parts(c.claim, c.facts)


def _merge_events(
    st: State,
    merged: list[_Merged],
    row: dict[str, int],
    base_row: np.ndarray,
    delta: _Delta,
    groups: dict[str, str],
    settings: Settings,
) -> list[_Event]:
    m = st.meta
    ptr = st.event_ptr.tolist()
    events = [
        _Event([int(base_row[k]) for k in st.event_claims[ptr[e] : ptr[e + 1]].tolist()], e, ev[0], ev[1] or "", ev[2])
        for e, ev in enumerate(m["events"])
    ]
    event_of = {r: e for e, ev in enumerate(events) for r in ev.members}
    # Links strong enough to join events, as (new claim row, other row, score).
    strong: list[tuple[int, int, float]] = []
    for lk in delta.links:
        if lk.score >= settings.event_min_score and lk.verdict != "related":
            strong.append((row[lk.a], row[lk.b], lk.score))
    drows = [row[c.id] for c in delta.claims]
    for a, b, s in zip(delta.extra[0].tolist(), delta.extra[1].tolist(), delta.extra[2].tolist(), strict=True):
        if s >= settings.event_min_score:
            strong.append((drows[a], drows[b], float(s)))
    best: dict[int, tuple[float, str, int]] = {}  # new row -> (score, event id, event)
    for a, b, s in strong:
        for new, old in ((a, b), (b, a)):
            if merged[new].k < 0 and merged[old].k >= 0 and old in event_of:
                e = event_of[old]
                cand = (s, events[e].id, e)
                if new not in best or (-cand[0], cand[1]) < (-best[new][0], best[new][1]):
                    best[new] = cand
    joining: dict[int, dict[str, list[tuple[float, int, int]]]] = defaultdict(lambda: defaultdict(list))
    for new, (s, _, e) in best.items():
        joining[e][merged[new].source].append((s, merged[new].index, new))
    joined: set[int] = set()
    for e, by_source in joining.items():
        ev = events[e]
        for src in sorted(by_source):
            for _, _, new in sorted(by_source[src], key=lambda t: (-t[0], t[1]))[: settings.max_claims_per_source]:
                ev.members.append(new)
                joined.add(new)
        ev.members.sort(key=lambda r: (merged[r].source, merged[r].index))
        ev.stored = -1
        _relabel(st, merged, ev)
    # New claims that joined no event: events of their own, with baseline claims of none.
    free = {r for r, c in enumerate(merged) if c.k < 0 and r not in joined} | {
        r for r, c in enumerate(merged) if c.k >= 0 and r not in event_of
    }
    sub_links = [lk for lk in delta.links if row[lk.a] in free and row[lk.b] in free]
    keep = np.array([drows[a] in free and drows[b] in free for a, b in zip(*delta.extra[:2], strict=True)], bool)
    extra = (delta.extra[0][keep], delta.extra[1][keep], delta.extra[2][keep]) if len(keep) else delta.extra
    if sub_links or len(extra[0]):
        for e in group_events(delta.claims, delta.facts, sub_links, settings, groups, extra):
            members = [row[cid] for cid in e.claims]
            events.append(_Event(members, -1, e.id, e.date, e.label, e.actors, e.places))
    events.sort(key=lambda ev: (ev.date or "9999", ev.label, ev.id))
    return events


def _relabel(st: State, merged: list[_Merged], ev: _Event) -> None:
    e = label_event([_parts(st, merged[r]) for r in ev.members], [merged[r].id for r in ev.members])
    ev.id, ev.date, ev.label, ev.actors, ev.places = e.id, e.date, e.label, e.actors, e.places


def _event_pieces(
    st: State,
    merged: list[_Merged],
    row: dict[str, int],
    base_row: np.ndarray,
    delta: _Delta,
    new_links: list[dict[str, Any]],
    events: list[_Event],
    source_of: dict[str, str],
) -> list[tuple[int, int] | bytes]:
    """Each event's JSON: stored when the event is the baseline's unchanged; else built
    from the links and context links between its claims, baseline and new."""
    n = len(merged)
    owner = np.full(n, -1, dtype=np.int64)
    redo = [e for e, ev in enumerate(events) if ev.stored < 0]
    for e in redo:
        owner[events[e].members] = e
    stats: dict[int, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    ctx: dict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
    kinds: list[str] = st.meta["kinds"]
    base_owner = owner[base_row]
    ea = base_owner[st.link_a]
    inside = (ea >= 0) & (ea == base_owner[st.link_b]) & ~st.link_context
    for x in np.flatnonzero(inside).tolist():
        bits = int(st.link_kinds[x])
        diffs = [{"kind": k} for i, k in enumerate(kinds) if bits >> i & 1]
        a, b = merged[int(base_row[st.link_a[x]])].id, merged[int(base_row[st.link_b[x]])].id
        stats[int(ea[x])].append({"a": a, "b": b, "verdict": VERDICTS[int(st.link_verdict[x])], "differences": diffs})
    for d in new_links:
        e = owner[row[d["a"]]]
        if e >= 0 and e == owner[row[d["b"]]] and not d["context"]:
            stats[int(e)].append(d)
    ci, cj = base_owner[st.context_i], base_owner[st.context_j]
    delta_rows = np.array([row[c.id] for c in delta.claims], dtype=np.int64)
    di, dj = owner[delta_rows[delta.context[0]]], owner[delta_rows[delta.context[1]]]
    for pairs_i, pairs_j, rows_i, rows_j in (
        (ci, cj, base_row[st.context_i], base_row[st.context_j]),
        (di, dj, delta_rows[delta.context[0]], delta_rows[delta.context[1]]),
    ):
        for x in np.flatnonzero((pairs_i >= 0) & (pairs_i == pairs_j)).tolist():
            sa, sb = merged[int(rows_i[x])].source, merged[int(rows_j[x])].source
            ctx[int(pairs_i[x])][(sa, sb) if sa <= sb else (sb, sa)] += 1
    pieces: list[tuple[int, int] | bytes] = []
    for e, ev in enumerate(events):
        if ev.stored >= 0:
            pieces.append((ev.stored, ev.stored + 1))
            continue
        ids = [merged[r].id for r in ev.members]
        ev_links = stats.get(e, [])
        d = {
            "id": ev.id,
            "claims": ids,
            "label": ev.label,
            "date": ev.date or None,
            "actors": list(ev.actors),
            "places": list(ev.places),
            "sources": sorted({source_of[cid] for cid in ids}),
            "verdict": overall_verdict([lk["verdict"] for lk in ev_links]),
            "pairs": render_pairs(pair_stats(ev_links, source_of), dict(ctx.get(e, {}))),
        }
        pieces.append(dumps(d))
    return pieces


def write_spliced(report: SplicedReport, formats: list[str], out: Path) -> list[Path]:
    """The report files: JSON as spliced, the others rendered from its data."""
    from .corpus import atomic_write_bytes
    from .report import FILE_NAMES, write_reports

    written = []
    if "json" in formats:
        written.append(out / FILE_NAMES["json"])
        atomic_write_bytes(written[0], report.pieces, overwrite=True)
    others = [f for f in formats if f != "json"]
    if others:
        written.extend(write_reports(report.data(), others, out))
    return written


__all__ = [
    "SplicedReport",
    "neighbour_sources",
    "report_corpus_with_baseline",
    "report_with_baseline",
    "write_spliced",
]
