"""Verdicts per link (agree / compatible / diverge with typed differences), status per
claim (corroborated / contested / uncorroborated / opinion) and source independence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .extract import Facts
from .model import Claim, Difference, Link
from .quantities import Quantity
from .settings import Settings

VERDICTS = ("agree", "compatible", "diverge", "related")
DIFFERENCE_KINDS = ("number", "date", "actor", "place", "attribution", "certainty", "polarity", "framing")
STATUSES = ("corroborated", "contested", "uncorroborated", "opinion")


def _span(claim: Claim, start: int, end: int) -> tuple[str, int, int]:
    return claim.text[start:end], claim.start + start, claim.start + end


def _diff(kind: str, ca: Claim, sa: tuple[int, int], cb: Claim, sb: tuple[int, int],
          detail: str = "", severity: str = "") -> Difference:
    ta, a0, a1 = _span(ca, *sa)
    tb, b0, b1 = _span(cb, *sb)
    return Difference(kind, ta, tb, a0, a1, b0, b1, detail, severity)


def _interval(q: Quantity) -> tuple[float, float]:
    lo = q.low if q.low is not None else float("-inf")
    hi = q.high if q.high is not None else float("inf")
    if q.qualifier == "about" and q.value is not None:
        lo, hi = q.value * 0.9, q.value * 1.1
    return lo, hi


def _comparable(qa: Quantity, qb: Quantity) -> bool:
    if qa.unit != qb.unit:
        return False
    if qa.counted and qb.counted:
        return qa.counted == qb.counted
    return bool(qa.counted or qb.counted) is False and qa.unit is not None


def compare_numbers(ca: Claim, fa: Facts, cb: Claim, fb: Facts, settings: Settings) -> tuple[list[Difference], bool]:
    """(differences, less_specific) for quantities of the same thing."""
    diffs: list[Difference] = []
    less_specific = False
    for qa in fa.quantities:
        for qb in fb.quantities:
            if not _comparable(qa, qb):
                continue
            la, ha = _interval(qa)
            lb, hb = _interval(qb)
            if la <= hb and lb <= ha:
                if (la, ha) != (lb, hb):
                    less_specific = True
                continue
            va = qa.value if qa.value is not None else (qa.low if qa.low is not None else qa.high)
            vb = qb.value if qb.value is not None else (qb.low if qb.low is not None else qb.high)
            gap = abs(va - vb) / max(abs(va), abs(vb), 1e-9) if va is not None and vb is not None else 1.0
            severity = "minor" if gap <= settings.number_minor_gap else "major"
            diffs.append(_diff("number", ca, (qa.start, qa.end), cb, (qb.start, qb.end),
                               f"relative gap {gap:.0%}", severity))
    return diffs, less_specific


def compare_dates(ca: Claim, fa: Facts, cb: Claim, fb: Facts) -> tuple[list[Difference], bool]:
    da = [d for d in fa.dates if d.value_start]
    db = [d for d in fb.dates if d.value_start]
    if not da or not db:
        return [], False
    less_specific = False
    for x in da:
        for y in db:
            xe, ye = x.value_end or x.value_start, y.value_end or y.value_start
            if x.since or y.since:
                continue
            if x.value_start <= ye and y.value_start <= xe:  # type: ignore[operator]
                if (x.value_start, xe) != (y.value_start, ye):
                    less_specific = True
                return [], less_specific
    x, y = da[0], db[0]
    if x.precision in ("day", "range", "week") and y.precision in ("day", "range", "week"):
        detail = f"{x.value_start} vs {y.value_start}"
        return [_diff("date", ca, (x.start, x.end), cb, (y.start, y.end), detail)], False
    return [], False


def compare_entities(ca: Claim, fa: Facts, cb: Claim, fb: Facts) -> list[Difference]:
    diffs = []
    for kind, types in (("actor", ("person", "org")), ("place", ("place",))):
        ea = {e.key: e for e in fa.entities if e.type in types}
        eb = {e.key: e for e in fb.entities if e.type in types}
        if not ea or not eb:
            continue
        only_a = [e for k, e in ea.items() if k not in eb]
        only_b = [e for k, e in eb.items() if k not in ea]
        shared = set(ea) & set(eb)
        # Different actors/places for the same event: each side names one the other lacks.
        if only_a and only_b and (len(shared) < max(1, min(len(ea), len(eb)) // 2 + 1) or kind == "place"):
            x, y = only_a[0], only_b[0]
            diffs.append(_diff(kind, ca, (x.start, x.end), cb, (y.start, y.end), f"{x.name} vs {y.name}"))
    return diffs


def compare_stance(ca: Claim, fa: Facts, cb: Claim, fb: Facts) -> list[Difference]:
    diffs = []

    def first(f: Facts, kinds: tuple[str, ...]) -> tuple[int, int] | None:
        for c in f.cues:
            if c.kind in kinds:
                return c.start, c.end
        return None

    whole_a, whole_b = (0, len(ca.text)), (0, len(cb.text))
    den_a, den_b = first(fa, ("denial",)), first(fb, ("denial",))
    if bool(den_a) != bool(den_b):
        diffs.append(_diff("polarity", ca, den_a or whole_a, cb, den_b or whole_b,
                           "denied or refuted in one account only"))
    hedge_a, hedge_b = first(fa, ("hedge", "claim")), first(fb, ("hedge", "claim"))
    attr_a = first(fa, ("attribution",))
    attr_b = first(fb, ("attribution",))
    if bool(hedge_a) != bool(hedge_b):
        kind = "attribution" if (hedge_a and attr_a) or (hedge_b and attr_b) else "certainty"
        diffs.append(_diff(kind, ca, hedge_a or whole_a, cb, hedge_b or whole_b,
                           "hedged or attributed in one account, stated as fact in the other"))
    elif bool(attr_a) != bool(attr_b) and not (den_a or den_b):
        diffs.append(_diff("attribution", ca, attr_a or whole_a, cb, attr_b or whole_b,
                           "attributed to a party in one account only"))
    return diffs


def compare_framing(ca: Claim, fa: Facts, cb: Claim, fb: Facts) -> list[Difference]:
    groups_a = defaultdict(list)
    groups_b = defaultdict(list)
    for t in fa.framing:
        groups_a[t.group].append(t)
    for t in fb.framing:
        groups_b[t.group].append(t)
    diffs = []
    for group in sorted(set(groups_a) & set(groups_b)):
        sides_a = {t.side for t in groups_a[group]}
        sides_b = {t.side for t in groups_b[group]}
        if sides_a != sides_b and ("loaded" in sides_a) != ("loaded" in sides_b):
            x = next(t for t in groups_a[group] if ("loaded" in sides_a) == (t.side == "loaded"))
            y = next(t for t in groups_b[group] if ("loaded" in sides_b) == (t.side == "loaded"))
            diffs.append(_diff("framing", ca, (x.start, x.end), cb, (y.start, y.end),
                               f"'{x.text}' vs '{y.text}' ({group})"))
    return diffs


def assess_link(link: Link, ca: Claim, fa: Facts, cb: Claim, fb: Facts, settings: Settings) -> Link:
    """Decide the verdict of one link from the facts of its two claims."""
    number_diffs, less_num = compare_numbers(ca, fa, cb, fb, settings)
    date_diffs, less_date = compare_dates(ca, fa, cb, fb)
    diffs = number_diffs + date_diffs
    strong = link.score >= max(settings.link_threshold, settings.event_min_score)
    if strong:
        diffs += compare_entities(ca, fa, cb, fb)
    diffs += compare_stance(ca, fa, cb, fb) + compare_framing(ca, fa, cb, fb)
    if diffs:
        verdict = "diverge"
    elif not strong:
        verdict = "related"
    elif less_num or less_date:
        verdict = "compatible"
    else:
        verdict = "agree"
    return replace(link, verdict=verdict, differences=tuple(diffs))


@dataclass(frozen=True)
class ClaimStatus:
    status: str
    agreeing_sources: tuple[str, ...]
    diverging_sources: tuple[str, ...]


def near_copy_groups(links: Sequence[Link], claims_by_id: dict[str, Claim], counts: dict[str, int],
                     settings: Settings) -> dict[str, str]:
    """Map each source to the representative of its near-copy group (wire reprints, reposts)."""
    near: dict[tuple[str, str], set[str]] = defaultdict(set)
    for lk in links:
        if lk.score >= 90 and lk.verdict in ("agree", "compatible") and not lk.differences:
            a, b = claims_by_id[lk.a].source, claims_by_id[lk.b].source
            near[(a, b)].add(lk.a)
            near[(b, a)].add(lk.b)
    parent = {s: s for s in counts}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), copied in sorted(near.items()):
        if len(copied) >= settings.near_copy_threshold * max(1, counts[a]):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {s: find(s) for s in counts}


def claim_statuses(claims: Sequence[Claim], facts: Sequence[Facts], links: Sequence[Link],
                   groups: dict[str, str]) -> dict[str, ClaimStatus]:
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
    out = {}
    for c, f in zip(claims, facts, strict=True):
        if diverge[c.id]:
            status = "contested"
        elif agree[c.id]:
            status = "corroborated"
        elif not f.checkable:
            status = "opinion"
        else:
            status = "uncorroborated"
        out[c.id] = ClaimStatus(status, tuple(sorted(agree[c.id])), tuple(sorted(diverge[c.id])))
    return out
