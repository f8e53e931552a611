"""Group links into events across sources without chaining unrelated claims.

Average-linkage style: strong links are taken best first, and two groups merge only if
the links between them cover a share of the possible claim pairs (the settings'
event_min_coverage), so one generic sentence linked to two different stories cannot glue
them together.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from .cues import OWNED_TARGET
from .extract import Facts
from .model import Claim, Event, Link, content_id
from .settings import Settings


def group_events(
    claims: Sequence[Claim],
    facts: Sequence[Facts],
    links: Sequence[Link],
    settings: Settings,
    independence: dict[str, str] | None = None,
    extra: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> list[Event]:
    """Events reported by at least two independent sources (a reprint does not count).

    `extra` holds links without a verdict that still join events (claim indices a, b and
    scores): statements close enough for a verdict that were not assessed one by one."""
    independence = independence or {}
    index = {c.id: i for i, c in enumerate(claims)}
    n = len(claims)
    strong = [lk for lk in links if lk.score >= settings.event_min_score and lk.verdict != "related"]
    # Large corpora bring millions of links: read them once, in their own order (visiting
    # the objects in score order is slow on cache misses alone), and do the ordering,
    # deduplication and best scores on arrays.
    first = np.fromiter(map(index.__getitem__, map(attrgetter("a"), strong)), dtype=np.intp, count=len(strong))
    second = np.fromiter(map(index.__getitem__, map(attrgetter("b"), strong)), dtype=np.intp, count=len(strong))
    scores = np.fromiter(map(attrgetter("score"), strong), dtype=np.float64, count=len(strong))
    del strong
    if extra is not None:
        keep = extra[2] >= settings.event_min_score
        first = np.concatenate([first, extra[0][keep].astype(np.intp)])
        second = np.concatenate([second, extra[1][keep].astype(np.intp)])
        scores = np.concatenate([scores, extra[2][keep].astype(np.float64)])
    # Best first, ties by the claim ids as strings, which compare as their ranks do.
    rank = np.zeros(n, dtype=np.int64)
    rank[[index[cid] for cid in sorted(index)]] = np.arange(len(index))
    order = np.lexsort((rank[first] * n + rank[second], -scores))
    best = np.zeros(n)
    np.maximum.at(best, first, scores)
    np.maximum.at(best, second, scores)
    best_score = best.tolist()
    del scores, best
    members, owner, history = _merge(
        _in_order(first, second, order), *_neighbours(first, second, n), settings.event_min_coverage
    )
    tied = {g for g, group in members.items() if len({(claims[x].source, claims[x].index) for x in group}) < len(group)}
    if tied:
        members.update(_replay_sets(history, owner, tied))
    events = []
    for group in members.values():
        if len({independence.get(claims[x].source, claims[x].source) for x in group}) < 2:
            continue
        by_source: dict[str, list[int]] = defaultdict(list)
        for x in group:
            by_source[claims[x].source].append(x)
        chosen: list[int] = []
        for src in sorted(by_source):
            ranked = sorted(by_source[src], key=lambda x: (-best_score[x], claims[x].index))
            chosen.extend(ranked[: settings.max_claims_per_source])
        chosen.sort(key=lambda x: (claims[x].source, claims[x].index))
        events.append(_label(claims, facts, chosen))
    events.sort(key=lambda e: (e.date or "9999", e.label, e.id))
    return events


def _in_order(
    first: np.ndarray, second: np.ndarray, order: np.ndarray, chunk: int = 1_000_000
) -> Iterator[tuple[int, int]]:
    """The linked pairs in merge order, as Python ints a chunk at a time: lists of all of
    them took about 70 bytes a link, most of a gigabyte on large corpora."""
    for lo in range(0, len(order), chunk):
        part = order[lo : lo + chunk]
        yield from zip(first[part].tolist(), second[part].tolist(), strict=True)


def _neighbours(first: np.ndarray, second: np.ndarray, n: int) -> tuple[np.ndarray, list[int]]:
    """Linked claims of each claim x, as others[bounds[x]:bounds[x + 1]].

    The merge test counts linked claim pairs, not links: a pair listed twice, in either
    order, is one neighbour.
    """
    apart = first != second
    lo = np.minimum(first[apart], second[apart])
    hi = np.maximum(first[apart], second[apart])
    # Not np.unique: on numpy 2 it is an order of magnitude slower than sort and compare.
    keys = np.sort(lo * n + hi)
    lo, hi = np.divmod(np.concatenate((keys[:1], keys[1:][keys[1:] != keys[:-1]])), n)
    ends = np.concatenate([lo, hi])
    order = np.argsort(ends, kind="stable")
    others = np.concatenate([hi, lo])[order]
    return others, np.searchsorted(ends[order], np.arange(n + 1)).tolist()


def _merge(
    pairs: Iterable[tuple[int, int]], others: np.ndarray, bounds: list[int], coverage: float
) -> tuple[dict[int, list[int]], list[int], list[tuple[int, int, int]]]:
    """Merge groups along the links, in order: (members, owner, history). Two groups merge
    when their linked claim pairs are at least `coverage` of all their pairs.

    members holds the groups of two or more by id, in the order the merges first created
    them (events are built in that order); owner maps each claim to its group's id;
    history lists the merges as (group of first, group of second, id kept).
    """
    n = len(bounds) - 1
    owner = list(range(n))
    size = [1] * n
    members: dict[int, list[int]] = {}
    history: list[tuple[int, int, int]] = []
    # rows[g][h]: linked claim pairs between groups g and h, kept up to date on every
    # merge so the test is one lookup, where rescanning both groups was quadratic in
    # event size. Only groups of two or more keep a row: a single claim's follows from
    # its neighbours' owners whenever it is needed, so merges need not update it.
    rows: dict[int, dict[int, int]] = {}
    group_of = owner.__getitem__
    for i, j in pairs:
        gi, gj = owner[i], owner[j]
        if gi == gj:
            continue
        na, nb = size[gi], size[gj]
        # Two single claims are one linked pair out of one: they always merge.
        if na > 1:
            if rows[gi].get(gj, 0) < coverage * na * nb:
                continue
        elif nb > 1 and rows[gj].get(gi, 0) < coverage * na * nb:
            continue
        keep, drop = (gi, gj) if na >= nb else (gj, gi)
        history.append((gi, gj, keep))
        row = rows.get(keep)
        if row is None:
            row = rows[keep] = Counter(map(group_of, others[bounds[keep] : bounds[keep + 1]].tolist()))
        gone = rows.pop(drop, None)
        if gone is None:
            gone = Counter(map(group_of, others[bounds[drop] : bounds[drop + 1]].tolist()))
        group = members.get(keep)
        if group is None:
            group = members[keep] = [keep]
        moved = members.pop(drop, None) or [drop]
        group.extend(moved)
        for x in moved:  # union by size: a claim is relabelled at most log2(n) times
            owner[x] = keep
        size[keep] = na + nb
        # Fold the smaller group's row in: each claim's links are folded at most log2(n)
        # times. Rows of single claims are not stored, so they need no update.
        row.pop(drop)
        gone.pop(keep)
        for k, c in gone.items():
            row[k] = row.get(k, 0) + c
            other = rows.get(k)
            if other is not None:
                other.pop(drop)
                other[keep] = other.get(keep, 0) + c
    return members, owner, history


def _replay_sets(
    history: Sequence[tuple[int, int, int]], owner: Sequence[int], roots: Collection[int]
) -> dict[int, list[int]]:
    """Members of the given groups in the iteration order of the sets the merges used to build.

    Two claims of one source at the same position tie in both sorts of group_events, so
    the order they come in decides, and it used to be that of a Python set; the same
    unions rebuild the same sets. Segmentations number claims uniquely, so this is for
    odd input only.
    """
    sets: dict[int, set[int]] = {}
    for gi, gj, keep in history:
        if owner[keep] in roots:
            sets[keep] = sets.get(gi, {gi}) | sets.get(gj, {gj})
            sets.pop(gj if keep == gi else gi, None)
    return {g: list(sets[g]) for g in roots}


# "sources told Reuters", "according to Al-Akhbar": the channel of a statement, not an
# actor of the event.
_CHANNEL_BEFORE = re.compile(
    r"\b(?i:told|tells|tell|according to|reported by|quoted by|in an interview with|speaking to|citing)\s+"
    r"(?:[a-z][\w'’-]*\s+){0,4}$"  # "according to a report by", "citing the flight-tracking site"
)


def _most(counts: Counter[str], n: int) -> list[str]:
    """The n most frequent keys, ties in key order (so labels do not depend on input order)."""
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


@dataclass(frozen=True)
class LabelParts:
    """What one claim gives its event's label: the keys of the actors, other names and
    places it names (not channels or targets), its days, and each key's first spelling."""

    actors: tuple[str, ...]
    others: tuple[str, ...]
    places: tuple[str, ...]
    days: tuple[str, ...]
    names: tuple[tuple[str, str], ...]


def label_parts(claim: Claim, facts: Facts) -> LabelParts:
    actors: list[str] = []
    others: list[str] = []
    places: list[str] = []
    names: dict[str, str] = {}
    text = claim.text
    for e in facts.entities:
        if e.type != "place" and (
            _CHANNEL_BEFORE.search(text, max(0, e.start - 60), e.start) or OWNED_TARGET.match(text, e.end)
        ):
            continue  # a channel of the news ("told Reuters") or a target ("the Yoav base")
        names.setdefault(e.key, e.name)
        # Works, products and names of unknown kind ("Floodwater", "Silwan") are not who
        # acted; they name the event only when no person or organisation does.
        (places if e.type == "place" else actors if e.type in ("person", "org") else others).append(e.key)
    days = tuple(d.value_start.isoformat() for d in facts.dates if d.value_start and d.precision == "day")
    return LabelParts(tuple(actors), tuple(others), tuple(places), days, tuple(names.items()))


def label_event(parts: Sequence[LabelParts], ids: Sequence[str]) -> Event:
    """The event of claims `ids` (in their order), labelled by its main actors, places and day."""
    actors: Counter[str] = Counter()
    others: Counter[str] = Counter()
    places: Counter[str] = Counter()
    dates: Counter[str] = Counter()
    names: dict[str, str] = {}
    for p in parts:
        for key, name in p.names:
            names.setdefault(key, name)
        actors.update(p.actors)
        others.update(p.others)
        places.update(p.places)
        dates.update(p.days)
    top_actors = tuple(names[k] for k in _most(actors, 3))
    top_places = tuple(names[k] for k in _most(places, 2))
    date = next(iter(_most(dates, 1)), "")
    label = [", ".join(top_actors or tuple(names[k] for k in _most(others, 3))) or "Unnamed actors"]
    if top_places:
        label.append("in " + ", ".join(top_places))
    if date:
        label.append(f"({date})")
    return Event(
        id=content_id("e", *sorted(ids)),
        claims=tuple(ids),
        label=" ".join(label),
        date=date,
        actors=top_actors,
        places=top_places,
    )


def _label(claims: Sequence[Claim], facts: Sequence[Facts], chosen: list[int]) -> Event:
    return label_event([label_parts(claims[x], facts[x]) for x in chosen], [claims[x].id for x in chosen])
