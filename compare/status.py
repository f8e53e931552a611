"""Status per claim (corroborated, contested, uncorroborated, opinion) and the independence
of sources (near-copies counted once), from the assessed links."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .extract import Facts
from .model import Claim, Link
from .settings import Settings


@dataclass(frozen=True)
class ClaimStatus:
    status: str
    agreeing_sources: tuple[str, ...]
    diverging_sources: tuple[str, ...]


def near_copy_groups(
    links: Sequence[Link],
    claims_by_id: dict[str, Claim],
    counts: dict[str, int],
    settings: Settings,
    published: dict[str, str] | None = None,
) -> dict[str, str]:
    """Map each source to the representative of its near-copy group (wire reprints,
    reposts): the earliest published member, so the original is never called the copy."""
    return copy_groups(near_copy_counts(links, claims_by_id), counts, settings, published)


def near_copy_counts(links: Iterable[Link], claims_by_id: Mapping[str, Claim]) -> dict[tuple[str, str], int]:
    """For each ordered pair of sources (a, b): how many claims of a are nearly identical
    to a claim of b."""
    near: dict[tuple[str, str], set[str]] = defaultdict(set)
    for lk in links:
        if lk.score >= 90 and lk.verdict in ("agree", "compatible") and not lk.differences:
            a, b = claims_by_id[lk.a].source, claims_by_id[lk.b].source
            near[(a, b)].add(lk.a)
            near[(b, a)].add(lk.b)
    return {pair: len(copied) for pair, copied in near.items()}


def copy_groups(
    near: Mapping[tuple[str, str], int],
    counts: Mapping[str, int],
    settings: Settings,
    published: Mapping[str, str] | None = None,
) -> dict[str, str]:
    published = published or {}

    def rank(source: str) -> tuple[str, str]:
        return (published.get(source) or "9999-99-99", source)

    parent = {s: s for s in counts}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), copied in sorted(near.items()):
        if copied >= settings.near_copy_threshold * max(1, counts[a]):
            ra, rb = find(a), find(b)
            if ra != rb:
                first, later = sorted((ra, rb), key=rank)
                parent[later] = first
    return {s: find(s) for s in counts}


def status_of(checkable: bool, agree: Collection[str], diverge: Collection[str]) -> ClaimStatus:
    """A claim's status from the groups of sources that agree with it and that diverge."""
    if diverge:
        status = "contested"
    elif agree:
        status = "corroborated"
    elif not checkable:
        status = "opinion"
    else:
        status = "uncorroborated"
    return ClaimStatus(status, tuple(sorted(agree)), tuple(sorted(diverge)))


def claim_statuses(
    claims: Sequence[Claim], facts: Sequence[Facts], links: Sequence[Link], groups: dict[str, str]
) -> dict[str, ClaimStatus]:
    by_id = {c.id: c for c in claims}
    agree: dict[str, set[str]] = defaultdict(set)
    diverge: dict[str, set[str]] = defaultdict(set)
    for lk in links:
        a, b = by_id[lk.a], by_id[lk.b]
        if groups.get(a.source) == groups.get(b.source):
            continue  # a near-copy does not corroborate its original
        if lk.verdict in ("agree", "compatible"):
            agree[a.id].add(groups[b.source])
            agree[b.id].add(groups[a.source])
        elif lk.verdict == "diverge":
            diverge[a.id].add(groups[b.source])
            diverge[b.id].add(groups[a.source])
    return {c.id: status_of(f.checkable, agree[c.id], diverge[c.id]) for c, f in zip(claims, facts, strict=True)}
