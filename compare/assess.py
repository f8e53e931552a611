"""Verdicts per link (agree / compatible / diverge with typed differences), status per
claim (corroborated / contested / uncorroborated / opinion) and source independence."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .entities import is_country
from .extract import Facts
from .model import Claim, Difference, Link
from .quantities import Quantity
from .settings import Settings


def _span(claim: Claim, start: int, end: int) -> tuple[str, int, int]:
    return claim.text[start:end], claim.start + start, claim.start + end


def _diff(
    kind: str,
    ca: Claim,
    sa: tuple[int, int],
    cb: Claim,
    sb: tuple[int, int],
    detail: str = "",
    severity: str = "",
) -> Difference:
    ta, a0, a1 = _span(ca, *sa)
    tb, b0, b1 = _span(cb, *sb)
    return Difference(kind, ta, tb, a0, a1, b0, b1, detail, severity)


def _interval(q: Quantity) -> tuple[float, float]:
    lo = q.low if q.low is not None else float("-inf")
    hi = q.high if q.high is not None else float("inf")
    if q.qualifier == "about" and q.value is not None:
        lo, hi = q.value * 0.9, q.value * 1.1
    return lo, hi


# What is counted, coarsely: "losses", "soldiers" and "civilians" all count people.
COUNT_CLASSES = {
    **dict.fromkeys(
        (
            "people",
            "person",
            "soldier",
            "civilian",
            "loss",
            "casualty",
            "death",
            "fighter",
            "troop",
            "victim",
            "resident",
            "child",
            "woman",
            "man",
            "member",
            "operative",
            "militant",
            "hostage",
            "prisoner",
            "dead",
            "killed",
            "wounded",
        ),
        "people",
    ),
    **dict.fromkeys(("rocket", "missile", "projectile", "drone", "launch", "barrage", "katyusha"), "munition"),
    **dict.fromkeys(("plane", "aircraft", "flight", "jet"), "aircraft"),
}


def _count_class(counted: str | None) -> str | None:
    return COUNT_CLASSES.get(counted, counted) if counted else None


def _comparable(qa: Quantity, qb: Quantity) -> bool:
    if qa.unit != qb.unit:
        return False
    if qa.counted and qb.counted:
        return _count_class(qa.counted) == _count_class(qb.counted)
    return bool(qa.counted or qb.counted) is False and qa.unit is not None


def _implied_count(text: str) -> str | None:
    """What a bare figure counts when the claim names it elsewhere: "losses are 10,000"."""
    for w in _WORDS.findall(text.lower()):
        for form in (
            w,
            w[:-3] + "y" if w.endswith("ies") else w,
            w[:-2] if w.endswith("es") else w,
            w[:-1] if w.endswith("s") else w,
        ):
            if form in COUNT_CLASSES:
                return form
    return None


_AGE_BEFORE = re.compile(r"[A-Z][\w'’-]+,\s*$")
_AGE_AFTER = re.compile(r"\s*(?:,|\)|who\b|-year-old)")


def _with_count(q: Quantity, text: str) -> Quantity:
    if q.counted or q.unit:
        return q
    if _AGE_BEFORE.search(text[: q.start]) and _AGE_AFTER.match(text[q.end :]):
        return replace(q, unit="age")  # "Omer Sarah Benjo, 20," is an age, not a count
    return replace(q, counted=_implied_count(text))


def compare_numbers(
    ca: Claim, fa: Facts, cb: Claim, fb: Facts, settings: Settings
) -> tuple[list[Difference], bool, bool]:
    """(differences, less specific, agreeing) for quantities of the same thing."""
    diffs: list[Difference] = []
    less_specific = agreeing = False
    for qa0 in fa.quantities:
        qa = _with_count(qa0, ca.text)
        for qb0 in fb.quantities:
            qb = _with_count(qb0, cb.text)
            if not _comparable(qa, qb):
                continue
            la, ha = _interval(qa)
            lb, hb = _interval(qb)
            if la <= hb and lb <= ha:
                agreeing = True
                if (la, ha) != (lb, hb):
                    less_specific = True
                continue
            va = qa.value if qa.value is not None else (qa.low if qa.low is not None else qa.high)
            vb = qb.value if qb.value is not None else (qb.low if qb.low is not None else qb.high)
            gap = abs(va - vb) / max(abs(va), abs(vb), 1e-9) if va is not None and vb is not None else 1.0
            severity = "minor" if gap <= settings.number_minor_gap else "major"
            diffs.append(
                _diff(
                    "number",
                    ca,
                    (qa.start, qa.end),
                    cb,
                    (qb.start, qb.end),
                    f"{qa.counted or qa.unit}: relative gap {gap:.0%}",
                    severity,
                )
            )
    if agreeing:  # one matching figure for the same thing: the others are other facts
        diffs = []
    return diffs[:1], less_specific, agreeing


def compare_dates(ca: Claim, fa: Facts, cb: Claim, fb: Facts) -> tuple[list[Difference], bool, bool]:
    """(differences, less specific, agreeing) for the dates of two claims."""
    da = [d for d in fa.dates if d.value_start and not d.since]
    db = [d for d in fb.dates if d.value_start and not d.since]
    if not da or not db:
        return [], False, False
    less_specific = False
    for x in da:
        for y in db:
            xe, ye = x.value_end or x.value_start, y.value_end or y.value_start
            if x.value_start <= ye and y.value_start <= xe:  # type: ignore[operator]
                if (x.value_start, xe) != (y.value_start, ye):
                    less_specific = True
                return [], less_specific, True
    x, y = da[0], db[0]
    if x.relative and y.relative and x.text.lower() == y.text.lower():
        return [], False, False  # "on Monday" in two reports of different days: not comparable
    if x.precision != "year" and y.precision != "year":
        detail = f"{x.value_start} vs {y.value_start}"
        return [_diff("date", ca, (x.start, x.end), cb, (y.start, y.end), detail)], False, False
    return [], False, False


def _slot(f: Facts, types: tuple[str, ...]) -> dict[str, object]:
    """Entities of some types, leaving out speakers: in "according to the Israeli army"
    the army reports the event, it is not an actor of it."""
    from .entities import place_core

    spans = [(c.start, c.end) for c in f.cues if c.kind == "attribution"]
    ents = [e for e in f.entities if not any(s <= e.start and e.end <= t for s, t in spans)]
    if types == ("place",):
        return {place_core(e.key): e for e in ents if e.type == "place"}
    return {e.key: e for e in ents if e.type in types}


def compare_entities(ca: Claim, fa: Facts, cb: Claim, fb: Facts) -> tuple[list[Difference], int]:
    """(actor/place differences, number of entity slots that agree)."""
    diffs = []
    agreeing = 0
    # People are compared with people and organisations with organisations: a spokesman
    # against his movement is not a conflict of actors.
    for kind, types in (("actor", ("person",)), ("actor", ("org",)), ("place", ("place",))):
        ea, eb = _slot(fa, types), _slot(fb, types)
        if not ea or not eb:
            continue
        if set(ea) & set(eb):
            agreeing += 1
            continue
        if kind == "place":
            # A country against a city is less specific, not a conflict; several places
            # on each side are usually origin and target, not rival locations.
            ea = {k: e for k, e in ea.items() if not is_country(k)}
            eb = {k: e for k, e in eb.items() if not is_country(k)}
            if len(ea) != 1 or len(eb) != 1:
                continue
            if any(
                e.text.lower() in other.lower()
                for e, other in ((next(iter(ea.values())), cb.text), (next(iter(eb.values())), ca.text))  # type: ignore[attr-defined]
            ):
                continue
        x, y = next(iter(ea.values())), next(iter(eb.values()))
        diffs.append(_diff(kind, ca, (x.start, x.end), cb, (y.start, y.end), f"{x.name} vs {y.name}"))  # type: ignore[attr-defined]
    return diffs, agreeing


def _first(f: Facts, kinds: tuple[str, ...]) -> tuple[int, int] | None:
    for c in f.cues:
        if c.kind in kinds:
            return c.start, c.end
    return None


def _attributed(text: str, f: Facts, other: Facts) -> tuple[int, int] | None:
    """An attribution to a speaker ("X said", "according to X", "X claimed") that the
    other claim does not share. When both claims report what the same speaker said, the
    speech is the fact, and neither states it more firmly than the other."""
    from .entities import canonical

    other_keys = other.entity_keys()
    for c in f.cues:
        if c.kind not in ("attribution", "claim") or c.who.lower() in ("i", "we"):
            continue
        if c.kind == "claim" and _NEGATED_BEFORE.search(text[: c.start][-40:]):
            continue  # "no group claimed it" reports the absence of a claim
        if c.kind == "attribution" and _MEDIA.search(c.text):
            continue  # sourcing to a news report or a tally is not a party's claim
        if c.who and canonical(c.who)[0] in other_keys:
            continue
        if any(e.key in other_keys and c.start <= e.start < c.end for e in f.entities):
            continue
        return c.start, c.end
    return None


_NEGATED_BEFORE = re.compile(r"\b(?:no|not|never|nobody|none|neither)\b(?:\s+\w+){0,2}\s*$", re.I)


_MEDIA = re.compile(
    r"\b(?:reports?|reported by|newspaper|paper|broadcaster|tally|count|site|monitor\w*|agency|"
    r"news|media|journalists?|reporters?|Reuters|AFP|Associated Press|Al-Akhbar|Kan|LBCI|MEMRI|"
    r"CNN|BBC|Al Jazeera|Times|Post|Journal)\b",
    re.I,
)
# "believed to have been fired by Hezbollah": who did it is presumed, not established.
_AGENT_HEDGE = re.compile(r"(?:believed|thought|said|suspected|presumed|assumed) to have been \w+ (?:by|from)\b", re.I)


def compare_directions(ca: Claim, fa: Facts, cb: Claim, fb: Facts) -> list[Difference]:
    """'north of Beirut' against 'east of Beirut': the same anchor, another direction."""
    da = {c.who.split("|")[1].lower(): c for c in fa.cues if c.kind == "direction"}
    db = {c.who.split("|")[1].lower(): c for c in fb.cues if c.kind == "direction"}
    out = []
    for anchor in sorted(set(da) & set(db)):
        x, y = da[anchor], db[anchor]
        if x.who.split("|")[0] != y.who.split("|")[0]:
            out.append(_diff("place", ca, (x.start, x.end), cb, (y.start, y.end), f"{x.text} vs {y.text}"))
    return out


_WORDS = re.compile(r"[a-z0-9]+")


OUTCOMES = frozenset(
    """
    damage damaged destroyed destroy destruction hit hits struck killed dead died casualties
    injuries injured wounded arrested detained intercepted confirmed happened occurred
    """.split()
)


@lru_cache(maxsize=100_000)
def _content_words(text: str) -> tuple[frozenset[str], bool]:
    """(normalised content words, whether an outcome word occurs) of a claim text."""
    from .align import _stem, synonyms
    from .features import STOP_WORDS

    syn = synonyms()
    words = [w for w in _WORDS.findall(text.lower()) if w not in STOP_WORDS and len(w) > 2]
    return frozenset(syn.get(w) or _stem(w) for w in words), any(w in OUTCOMES for w in words)


def _negated_shared(ca: Claim, fa: Facts, cb: Claim) -> tuple[int, int] | None:
    """A negation right before a word both claims use ("has not been arrested" against
    "was arrested"), or before an outcome when the other claim reports one ("has not
    reported damage" against "were destroyed"): one statement with its polarity flipped."""
    from .align import _stem, synonyms
    from .features import STOP_WORDS

    negations = [c for c in fa.cues if c.kind == "negation"]
    if not negations:
        return None
    syn = synonyms()
    other, other_outcome = _content_words(cb.text)
    for c in negations:
        after = [w for w in _WORDS.findall(ca.text[c.end : c.end + 40].lower()) if w not in STOP_WORDS][:3]
        if any((syn.get(w) or _stem(w)) in other for w in after[:2]) or (
            other_outcome and any(w in OUTCOMES for w in after)
        ):
            return c.start, c.end
    return None


def compare_stance(ca: Claim, fa: Facts, cb: Claim, fb: Facts) -> list[Difference]:
    """Polarity (denied in one), certainty (hedged in one), attribution (attributed in one)."""
    diffs = []
    whole_a, whole_b = (0, len(ca.text)), (0, len(cb.text))
    den_a, den_b = _first(fa, ("denial",)), _first(fb, ("denial",))
    if bool(den_a) != bool(den_b):
        diffs.append(
            _diff(
                "polarity",
                ca,
                den_a or whole_a,
                cb,
                den_b or whole_b,
                "denied or refuted in one account only",
            )
        )
        return diffs
    neg_a, neg_b = _negated_shared(ca, fa, cb), _negated_shared(cb, fb, ca)
    if bool(neg_a) != bool(neg_b):
        diffs.append(
            _diff(
                "polarity",
                ca,
                neg_a or whole_a,
                cb,
                neg_b or whole_b,
                "negated in one account only",
            )
        )
        return diffs
    hedge_a, hedge_b = _first(fa, ("hedge",)), _first(fb, ("hedge",))
    attr_a, attr_b = _attributed(ca.text, fa, fb), _attributed(cb.text, fb, fa)
    if bool(hedge_a) != bool(hedge_b):
        hedged_side_attr = attr_a if hedge_a else attr_b
        hedged = ca.text if hedge_a else cb.text
        start, _ = hedge_a or hedge_b  # type: ignore[misc]
        agent = _AGENT_HEDGE.match(hedged, start) is not None
        kind = "attribution" if hedged_side_attr or agent else "certainty"
        diffs.append(
            _diff(
                kind,
                ca,
                hedge_a or whole_a,
                cb,
                hedge_b or whole_b,
                "hedged or only claimed in one account, stated as fact in the other",
            )
        )
    elif bool(attr_a) != bool(attr_b):
        diffs.append(
            _diff(
                "attribution",
                ca,
                attr_a or whole_a,
                cb,
                attr_b or whole_b,
                "attributed to a party in one account, stated as fact in the other",
            )
        )
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
        loaded_a = [t for t in groups_a[group] if t.side == "loaded"]
        loaded_b = [t for t in groups_b[group] if t.side == "loaded"]
        if bool(loaded_a) == bool(loaded_b):
            continue
        x = (loaded_a or groups_a[group])[0]
        y = (loaded_b or groups_b[group])[0]
        diffs.append(
            _diff(
                "framing",
                ca,
                (x.start, x.end),
                cb,
                (y.start, y.end),
                f"'{x.text}' vs '{y.text}' ({group})",
            )
        )
    return diffs


def assess_link(link: Link, ca: Claim, fa: Facts, cb: Claim, fb: Facts, settings: Settings) -> Link:
    """Decide the verdict of one link from the facts of its two claims.

    A divergence is one slot (number, date, actor, place) that differs while the others
    agree: two claims that differ in date *and* place most likely report two events, so
    they are 'related', not contradictory. Stance and framing differences need a close
    match of the claims themselves.
    """
    if link.evidence < settings.claim_evidence_min or link.score < settings.link_threshold:
        # Linked through document context only: the same story, not the same statement.
        return replace(link, verdict="related", differences=())
    number_diffs, less_num, num_agree = compare_numbers(ca, fa, cb, fb, settings)
    date_diffs, less_date, date_agree = compare_dates(ca, fa, cb, fb)
    entity_diffs, entity_agree = compare_entities(ca, fa, cb, fb)
    directions = compare_directions(ca, fa, cb, fb)
    hard = number_diffs + date_diffs + entity_diffs + directions
    # A direction conflict names the same place and the same reference point: two anchors.
    anchors = int(num_agree) + int(date_agree) + entity_agree + (2 if directions else 0)
    close = link.evidence >= settings.close_evidence
    hard_kinds = {d.kind for d in hard}
    if hard and not close and anchors < 2:
        return replace(link, verdict="related", differences=())
    if len(hard_kinds) >= 2 and not (close and anchors):
        return replace(link, verdict="related", differences=())
    diffs = list(hard)
    if close or anchors >= 2:
        diffs += compare_stance(ca, fa, cb, fb) + compare_framing(ca, fa, cb, fb)
    if diffs:
        verdict = "diverge"
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


def near_copy_groups(
    links: Sequence[Link],
    claims_by_id: dict[str, Claim],
    counts: dict[str, int],
    settings: Settings,
    published: dict[str, str] | None = None,
) -> dict[str, str]:
    """Map each source to the representative of its near-copy group (wire reprints,
    reposts): the earliest published member, so the original is never called the copy."""
    published = published or {}

    def rank(source: str) -> tuple[str, str]:
        return (published.get(source) or "9999-99-99", source)

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
                first, later = sorted((ra, rb), key=rank)
                parent[later] = first
    return {s: find(s) for s in counts}


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
