"""Run the stages in order: segment, extract, align, assess, group events.

The library never prints: progress goes to an optional callback that the CLI renders.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .align import LinkTable
from .assess import assess_link, denial_mask, topics_by_source
from .bridge import carry_divergences
from .corpus import Corpus, existing_corpus, load_corpus
from .errors import CorpusError
from .events import group_events
from .extract import Facts, resolve_corpus_entities
from .frozen import COUNTED, TermWeights, counted_sources, drift_warning, read_term_weights, weights_status
from .gcpause import pauses_collector
from .language import is_compared, settle_languages
from .model import Claim, Event, Link, Progress, Segmentation
from .profile import clear_profiles
from .settings import Settings
from .status import ClaimStatus, claim_statuses, near_copy_groups
from .weighting import TermTable

ProgressFn = Callable[[Progress], None] | None
# Claims of other sources scored against each claim of a focus source: those sharing the
# most TF-IDF weight with it. On the held-out accounts, 50 and 100 list the same claims.
NEIGHBOUR_POOL = 50
# The facts of a claim in a language the extractor does not read: none, rather than
# English patterns misread ("Un soldat" as a name, "14 février" as 14 of something).
NO_FACTS = Facts((), (), (), (), (), False)


@dataclass
class Analysis:
    corpus: Corpus
    settings: Settings
    segmentations: dict[str, Segmentation]
    claims: list[Claim]  # the compared claims first (link tables index them), then the uncompared
    facts: list[Facts]
    links: list[Link]  # links with claim-level evidence, assessed (and context links when reported)
    events: list[Event]
    statuses: dict[str, ClaimStatus]
    independence: dict[str, str]  # source -> representative of its near-copy group
    timings: dict[str, float] = field(default_factory=dict)
    cache_stats: dict[str, int] = field(default_factory=dict)
    # Links through document context only (same story, sentences too far apart for a
    # verdict), as arrays of claim indices: there can be millions of them.
    context: LinkTable = field(default_factory=lambda: LinkTable.empty())
    # With a focus source (--base): for each of its claims, the claims of other sources whose
    # sentences are most alike on their own, as (claim id, sentence-alone score, link score).
    focus: str | None = None
    neighbours: dict[str, list[tuple[str, float, float]]] = field(default_factory=dict)
    term_weights: str = COUNTED  # how the term weights were had (frozen.py), for the report
    warnings: tuple[str, ...] = ()


def analyse_corpus(
    root: Path,
    settings: Settings | None = None,
    progress: ProgressFn = None,
    use_cache: bool = True,
    base: str | None = None,
) -> Analysis:
    """Load and analyse a corpus; an unknown `base` id fails before any work is done."""
    settings = settings or Settings()
    corpus = load_corpus(existing_corpus(root))
    if not corpus.sources:
        raise CorpusError(f"no sources in {root}; add some with 'compare add'")
    if base is not None:
        corpus.get(base)  # raises NotFoundError
    return analyse(corpus, settings, progress, use_cache=use_cache, focus=base)


@dataclass
class Prepared:
    """Segmented and extracted corpus, ready to align."""

    segmentations: dict[str, Segmentation]
    claims: list[Claim]  # the claims compared: row k of the aligner is claims[k]
    facts: list[Facts]
    align_input: object  # align.AlignInput (typed loosely to keep imports light)
    # Claims of sources in a language compare does not read (language.py), in source order.
    uncompared: list[Claim] = field(default_factory=list)


@pauses_collector
def prepare(
    corpus: Corpus,
    cache: object,
    progress: ProgressFn = None,
    workers: int = 0,
    term_tables: Mapping[str, TermTable] | None = None,
) -> Prepared:
    """Segment and extract every source (through the cache, cache misses in `workers`
    processes, 0: one per core), resolve entities corpus-wide. `term_tables`: frozen
    document frequencies for the aligner (frozen.py)."""
    from .align import AlignInput

    segmentations: dict[str, Segmentation] = {}
    facts_by_source: dict[str, list[Facts]] = {}
    total = len(corpus.sources)

    def report(done: int, source: object) -> None:
        if progress:
            progress(Progress("extract", done, total, source.id))  # type: ignore[attr-defined]

    results = cache.segment_and_extract_many(  # type: ignore[attr-defined]
        corpus.sources, workers=workers if workers > 0 else (os.cpu_count() or 1), progress=report
    )
    for source, (seg, facts) in zip(corpus.sources, results, strict=True):
        segmentations[source.id] = seg
        facts_by_source[source.id] = facts
    claims: list[Claim] = []
    facts: list[Facts] = []
    section_of: list[int] = []
    section_texts: list[str] = []
    section_source: list[str] = []
    texts: dict[str, str] = {}
    uncompared: list[Claim] = []
    for source in corpus.sources:
        seg = segmentations[source.id]
        if not is_compared(source.meta.language):
            # Not in the term weights, the stories, the entity spellings or the source
            # vectors either: the aligner gets what it would without this source.
            uncompared.extend(seg.claims)
            continue
        texts[source.id] = source.text
        base = len(section_texts)
        for sec in seg.sections:
            section_texts.append(source.text[sec.start : sec.end])
            section_source.append(source.id)
        if not seg.sections:
            section_texts.append(source.text)
            section_source.append(source.id)
        for claim, f in zip(seg.claims, facts_by_source[source.id], strict=True):
            claims.append(claim)
            facts.append(f)
            section_of.append(base + max(0, claim.section))
    facts = resolve_corpus_entities(facts)
    data = AlignInput(claims, facts, texts, section_of, section_texts, section_source, term_tables)
    return Prepared(segmentations, claims, facts, data, uncompared)


@dataclass
class Linked:
    """What the link stages give: the claims, their assessed links, and the links kept as
    arrays (context links; supported links counted but not assessed one by one)."""

    corpus: Corpus
    prepared: Prepared
    links: list[Link]
    context: LinkTable
    extra: tuple[np.ndarray, np.ndarray, np.ndarray]  # claim indices a, b and scores
    neighbours: dict[str, list[tuple[str, float, float]]]
    timings: dict[str, float]
    term_weights: str
    warnings: tuple[str, ...]


@pauses_collector
def link_corpus(
    corpus: Corpus,
    settings: Settings,
    cache: object,
    progress: ProgressFn = None,
    focus: str | None = None,
    touching: frozenset[str] | None = None,
    weights: TermWeights | None = None,
    prior: Mapping[str, Sequence[float]] | None = None,
) -> Linked:
    """Segment, extract, align and assess. With `touching` (source ids), only the links of
    a claim of those sources are aligned and assessed (baseline.py); `prior` then gives, by
    claim id, the evidence of each claim's best links outside them (a frozen baseline's),
    which count in the cap on verdicts per claim. `weights`: the corpus's frozen term
    weights when the caller has read them already."""
    from .align import align_claims, cap_per_claim, make_links, sentence_neighbours

    timings: dict[str, float] = {}
    # Before any work: a damaged file fails fast.
    frozen = weights if weights is not None else read_term_weights(corpus.root)
    corpus, notes = settle_languages(corpus, cache)
    counted = counted_sources(corpus)
    status = weights_status(corpus.root, counted, frozen)
    drift = drift_warning(status, len(counted))
    t0 = time.perf_counter()
    prepared = prepare(corpus, cache, progress, term_tables=frozen.tables if frozen else None)
    claims, facts = prepared.claims, prepared.facts
    timings["segment+extract"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    mask = None
    if touching is not None:
        mask = np.fromiter((c.source in touching for c in claims), dtype=bool, count=len(claims))
    table, aligner = align_claims(prepared.align_input, settings, progress, touching=mask)  # type: ignore[arg-type]
    timings["align"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    supported = table.supported(settings.claim_evidence_min)
    claim_level = supported.copy()
    if settings.max_verdicts_per_claim > 0 and claim_level.any():
        # An event told by sixty sources has 1,770 pairs per fact; each claim's closest
        # statements carry its verdict, the rest are counted, not assessed one by one.
        idx = np.flatnonzero(claim_level)
        cap = settings.max_verdicts_per_claim
        before = None
        if prior:
            before = np.full((len(claims), cap), -np.inf)
            for k, c in enumerate(claims):
                best = prior.get(c.id)
                if best:
                    before[k, : min(cap, len(best))] = best[:cap]
        keep = cap_per_claim(table.i[idx], table.j[idx], table.evidence[idx], cap, before)
        claim_level[idx[~keep]] = False
    # A context link whose sentences share a word (cosine > 0) but too little for a
    # verdict still gets one when a claim names the other's words to deny them.
    claim_level |= denial_mask(table, ~supported & table.shared, claims, facts)
    context = table.subset(~claim_level)
    links = make_links(aligner, table.subset(claim_level))
    index = {c.id: i for i, c in enumerate(claims)}
    source_of = aligner.claim_source
    source_pairs = np.unique(
        np.stack([source_of[table.i[claim_level]], source_of[table.j[claim_level]]], axis=1), axis=0
    )
    topics = topics_by_source(
        claims, facts, [(aligner.source_ids[a], aligner.source_ids[b]) for a, b in source_pairs.tolist()]
    )
    reviews = {s.id: s.meta.reviews for s in corpus.sources if s.meta.reviews}
    links = [
        assess_link(
            lk,
            claims[index[lk.a]],
            facts[index[lk.a]],
            claims[index[lk.b]],
            facts[index[lk.b]],
            settings,
            topics.get(claims[index[lk.a]].source, frozenset()),
            reviews,
        )
        for lk in links
    ]
    carried = carry_divergences(links, aligner, claims, facts, settings, topics, table, reviews)
    clear_profiles()  # the verdicts are done: the memory goes to events and the report
    if carried:
        links = sorted(links + carried, key=lambda lk: (lk.a, lk.b))
    if settings.report_context_links:
        links = sorted(links + make_links(aligner, context, context=True), key=lambda lk: (lk.a, lk.b))
    unassessed = supported & ~claim_level
    extra = (table.i[unassessed], table.j[unassessed], table.score[unassessed])
    neighbours: dict[str, list[tuple[str, float, float]]] = {}
    if focus is not None:
        rows = [k for k, c in enumerate(claims) if c.source == focus]
        found = sentence_neighbours(aligner, rows, NEIGHBOUR_POOL)
        neighbours = {claims[r].id: [(claims[o].id, ev, sc) for o, ev, sc in near] for r, near in found.items()}
    timings["assess"] = time.perf_counter() - t0
    return Linked(
        corpus,
        prepared,
        links,
        context,
        extra,
        neighbours,
        timings,
        frozen.label if frozen else COUNTED,
        notes + ((drift,) if drift else ()),
    )


@pauses_collector
def analyse(
    corpus: Corpus, settings: Settings, progress: ProgressFn = None, use_cache: bool = True, focus: str | None = None
) -> Analysis:
    """Every stage after loading. With a `focus` source, also the claims of other sources most
    alike each of its claims (Analysis.neighbours), for the report's focus view."""
    from .cache import open_cache

    cache = open_cache(corpus.root if use_cache else None)
    linked = link_corpus(corpus, settings, cache, progress, focus)
    corpus, prepared, links = linked.corpus, linked.prepared, linked.links
    claims, facts, segmentations = prepared.claims, prepared.facts, prepared.segmentations
    t0 = time.perf_counter()
    counts = {s.id: len(segmentations[s.id].claims) for s in corpus.sources}
    published = {s.id: s.meta.published.isoformat() if s.meta.published else "" for s in corpus.sources}
    independence = near_copy_groups(links, {c.id: c for c in claims}, counts, settings, published)
    statuses = claim_statuses(claims, facts, links, independence)
    events = group_events(claims, facts, links, settings, independence, linked.extra)
    for c in prepared.uncompared:
        statuses[c.id] = ClaimStatus("uncompared", (), ())
    timings = linked.timings
    timings["assess+events"] = timings.pop("assess") + time.perf_counter() - t0
    cache.close()
    return Analysis(
        corpus,
        settings,
        segmentations,
        # After the compared claims, so that row k of every link table is still claims[k].
        claims + prepared.uncompared,
        facts + [NO_FACTS] * len(prepared.uncompared),
        links,
        events,
        statuses,
        independence,
        timings,
        cache.stats,  # type: ignore[attr-defined]
        linked.context,
        focus,
        linked.neighbours,
        linked.term_weights,
        linked.warnings,
    )
