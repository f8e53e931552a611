"""Group links into events across sources without chaining unrelated claims.

Average-linkage style: strong links are taken best first, and two groups merge only if
the links between them cover at least half of the possible claim pairs, so one generic
sentence linked to two different stories cannot glue them together.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from .extract import Facts
from .model import Claim, Event, Link, content_id
from .settings import Settings


def group_events(
    claims: Sequence[Claim],
    facts: Sequence[Facts],
    links: Sequence[Link],
    settings: Settings,
    independence: dict[str, str] | None = None,
) -> list[Event]:
    """Events reported by at least two independent sources (a reprint does not count)."""
    independence = independence or {}
    index = {c.id: i for i, c in enumerate(claims)}
    strong = sorted(
        (lk for lk in links if lk.score >= settings.event_min_score and lk.verdict != "related"),
        key=lambda lk: (-lk.score, lk.a, lk.b),
    )
    members: dict[int, set[int]] = {}
    owner: dict[int, int] = {}
    linked: dict[int, set[int]] = defaultdict(set)
    for lk in strong:
        i, j = index[lk.a], index[lk.b]
        linked[i].add(j)
        linked[j].add(i)
    for lk in strong:
        i, j = index[lk.a], index[lk.b]
        gi, gj = owner.get(i, i), owner.get(j, j)
        if gi == gj:
            continue
        a = members.get(gi, {gi})
        b = members.get(gj, {gj})
        between = sum(len(linked[x] & b) for x in a)
        if between * 2 < len(a) * len(b):
            continue
        keep, drop = (gi, gj) if len(a) >= len(b) else (gj, gi)
        merged = a | b
        members[keep] = merged
        members.pop(drop, None)
        for x in merged:
            owner[x] = keep
    best_score: dict[int, float] = defaultdict(float)
    for lk in strong:
        for x in (index[lk.a], index[lk.b]):
            best_score[x] = max(best_score[x], lk.score)
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


def _label(claims: Sequence[Claim], facts: Sequence[Facts], chosen: list[int]) -> Event:
    actors: Counter[str] = Counter()
    places: Counter[str] = Counter()
    dates: Counter[str] = Counter()
    names: dict[str, str] = {}
    for x in chosen:
        for e in facts[x].entities:
            names.setdefault(e.key, e.name)
            (places if e.type == "place" else actors)[e.key] += 1
        for d in facts[x].dates:
            if d.value_start and d.precision == "day":
                dates[d.value_start.isoformat()] += 1
    top_actors = tuple(names[k] for k, _ in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
    top_places = tuple(names[k] for k, _ in sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))[:2])
    date = sorted(dates.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if dates else ""
    parts = [", ".join(top_actors) or "Unnamed actors"]
    if top_places:
        parts.append("in " + ", ".join(top_places))
    if date:
        parts.append(f"({date})")
    ids = tuple(claims[x].id for x in chosen)
    return Event(
        id=content_id("e", *sorted(ids)),
        claims=ids,
        label=" ".join(parts),
        date=date,
        actors=top_actors,
        places=top_places,
    )
