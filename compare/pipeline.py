"""Run the stages in order: segment, extract, align, assess, group events.

The library never prints: progress goes to an optional callback that the CLI renders.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .assess import ClaimStatus, assess_link, claim_statuses, near_copy_groups
from .corpus import Corpus, load_corpus
from .errors import CorpusError
from .events import group_events
from .extract import Facts, resolve_corpus_entities
from .model import Claim, Event, Link, Progress, Segmentation
from .settings import Settings

ProgressFn = Callable[[Progress], None] | None


@dataclass
class Analysis:
    corpus: Corpus
    settings: Settings
    segmentations: dict[str, Segmentation]
    claims: list[Claim]
    facts: list[Facts]
    links: list[Link]
    events: list[Event]
    statuses: dict[str, ClaimStatus]
    independence: dict[str, str]  # source -> representative of its near-copy group
    timings: dict[str, float] = field(default_factory=dict)
    cache_stats: dict[str, int] = field(default_factory=dict)


def analyse_corpus(
    root: Path,
    settings: Settings | None = None,
    progress: ProgressFn = None,
    use_cache: bool = True,
    base: str | None = None,
) -> Analysis:
    """Load and analyse a corpus; an unknown `base` id fails before any work is done."""
    settings = settings or Settings()
    corpus = load_corpus(root)
    if not corpus.sources:
        raise CorpusError(f"no sources in {root}; add some with 'compare add'")
    if base is not None:
        corpus.get(base)  # raises NotFoundError
    return analyse(corpus, settings, progress, use_cache=use_cache)


@dataclass
class Prepared:
    """Segmented and extracted corpus, ready to align."""

    segmentations: dict[str, Segmentation]
    claims: list[Claim]
    facts: list[Facts]
    align_input: object  # align.AlignInput (typed loosely to keep imports light)


def prepare(corpus: Corpus, cache: object, progress: ProgressFn = None) -> Prepared:
    """Segment and extract every source (through the cache), resolve entities corpus-wide."""
    from .align import AlignInput

    segmentations: dict[str, Segmentation] = {}
    facts_by_source: dict[str, list[Facts]] = {}
    for n, source in enumerate(corpus.sources, 1):
        seg, facts = cache.segment_and_extract(source)  # type: ignore[attr-defined]
        segmentations[source.id] = seg
        facts_by_source[source.id] = facts
        if progress:
            progress(Progress("extract", n, len(corpus.sources), source.id))
    claims: list[Claim] = []
    facts: list[Facts] = []
    section_of: list[int] = []
    section_texts: list[str] = []
    section_source: list[str] = []
    for source in corpus.sources:
        seg = segmentations[source.id]
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
    texts = {s.id: s.text for s in corpus.sources}
    data = AlignInput(claims, facts, texts, section_of, section_texts, section_source)
    return Prepared(segmentations, claims, facts, data)


def analyse(corpus: Corpus, settings: Settings, progress: ProgressFn = None, use_cache: bool = True) -> Analysis:
    from .align import align_claims
    from .cache import open_cache

    timings: dict[str, float] = {}
    cache = open_cache(corpus.root if use_cache else None)
    t0 = time.perf_counter()
    prepared = prepare(corpus, cache, progress)
    claims, facts, segmentations = prepared.claims, prepared.facts, prepared.segmentations
    timings["segment+extract"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    links, _ = align_claims(prepared.align_input, settings, progress)  # type: ignore[arg-type]
    timings["align"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    index = {c.id: i for i, c in enumerate(claims)}
    links = [
        assess_link(
            lk,
            claims[index[lk.a]],
            facts[index[lk.a]],
            claims[index[lk.b]],
            facts[index[lk.b]],
            settings,
        )
        for lk in links
    ]
    counts = {s.id: len(segmentations[s.id].claims) for s in corpus.sources}
    published = {s.id: s.meta.published.isoformat() if s.meta.published else "" for s in corpus.sources}
    independence = near_copy_groups(links, {c.id: c for c in claims}, counts, settings, published)
    statuses = claim_statuses(claims, facts, links, independence)
    events = group_events(claims, facts, links, settings, independence)
    timings["assess+events"] = time.perf_counter() - t0
    cache.close()
    return Analysis(
        corpus,
        settings,
        segmentations,
        claims,
        facts,
        links,
        events,
        statuses,
        independence,
        timings,
        cache.stats,
    )
