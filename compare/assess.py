"""Verdicts per link: agree, compatible, or diverge with typed differences (number, date,
actor, place, attribution, certainty, polarity, framing), each quoting both spans.

The claims' own facts come from their profiles (profile.py); the status of each claim and
the independence of sources are in status.py."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from .align import LinkTable, _claim_word
from .cues import FramingTerm, framing_index
from .dates import DateFact
from .entities import Entity
from .extract import Facts
from .model import Claim, Difference, Link
from .profile import _KNOWN_CLASSES, _TIGHT_DAYS, _WORDS, _Profile, _profile, _same_measure
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


def compare_numbers(
    ca: Claim, pa: _Profile, cb: Claim, pb: _Profile, settings: Settings
) -> tuple[list[Difference], bool, bool]:
    """(differences, less specific, agreeing) for quantities of the same thing."""
    less_specific = agreeing = False
    first = None
    for qa, measure, la, ha, va in pa.figures:
        if measure is None:
            continue
        for qb, other, lb, hb, vb in pb.figures:
            if other is None:
                continue
            if not _same_measure(measure, other):
                # The same figure counting things named differently ("40 drivers", "forty
                # motorists") still matches, unless both name known, different kinds of
                # things; small numbers ("three divisions", "three soldiers") say too little.
                known = measure[1] in _KNOWN_CLASSES and other[1] in _KNOWN_CLASSES
                if other[0] == measure[0] and (la, ha) == (lb, hb) and va == vb and not known and (va or 0) >= 10:
                    agreeing = True
                continue
            if la <= hb and lb <= ha:
                agreeing = True
                if (la, ha) != (lb, hb):
                    less_specific = True
            elif first is None:  # only the first conflict is reported
                first = qa, va, qb, vb
    if agreeing or first is None:  # one matching figure for the same thing: the others are other facts
        return [], less_specific, agreeing
    qa, va, qb, vb = first
    gap = abs(va - vb) / max(abs(va), abs(vb), 1e-9) if va is not None and vb is not None else 1.0
    severity = "minor" if gap <= settings.number_minor_gap else "major"
    detail = f"{qa.counted or qa.unit}: relative gap {gap:.0%}"
    return [_diff("number", ca, (qa.start, qa.end), cb, (qb.start, qb.end), detail, severity)], False, False


def _equal_figure(pa: _Profile, pb: _Profile) -> bool:
    """Whether the two claims give one same figure of one same thing."""
    return any(
        ma is not None and mb is not None and _same_measure(ma, mb) and (la, ha) == (lb, hb)
        for _, ma, la, ha, _ in pa.figures
        for _, mb, lb, hb, _ in pb.figures
    )


def _names_day(dates: tuple[DateFact, ...], day: DateFact) -> bool:
    """Whether one of `dates` is the day `day` names."""
    if day.precision != "day":
        return False
    return any(d.precision == "day" and d.value_start == day.value_start for d in dates)


def _dates_bearing(p: _Profile, other: _Profile) -> list[DateFact]:
    """The dates of `p` that bear on what the other claim says (see compare_dates)."""
    reported = any(other.report_days)
    return [
        d
        for d, scope, report in zip(p.dates, p.date_scopes, p.report_days, strict=True)
        if _governs(scope, p, other) and (reported or not report)
    ]


def compare_dates(ca: Claim, pa: _Profile, cb: Claim, pb: _Profile) -> tuple[list[Difference], bool, bool]:
    """(differences, less specific, agreeing) for the dates of two claims. A date in one
    clause of a sentence counts only if that clause bears on the other claim ("Al-Akhbar
    published the story, and MEMRI reported that the arrest happened before 28 February":
    28 February is not when the story was published). The day an outlet reported something
    is compared only with the day of another report: against the day of what happened, it
    says nothing ("Al-Akhbar reported on 21 November that nine planes had landed")."""
    da, db = _dates_bearing(pa, pb), _dates_bearing(pb, pa)
    if not da or not db:
        return [], False, False
    less_specific = False
    for x in da:
        for y in db:
            xe, ye = x.value_end or x.value_start, y.value_end or y.value_start
            if x.value_start <= ye and y.value_start <= xe:  # type: ignore[operator]
                if (x.value_start, xe) != (y.value_start, ye):
                    less_specific = True
                # A day inside "the past month" or "mid-February" is compatible with it,
                # but does not show that two claims report one event: only dates of a
                # week or less on both sides (or the same span) do.
                widest = max((xe - x.value_start).days, (ye - y.value_start).days)  # type: ignore[operator]
                return [], less_specific, not less_specific or widest < _TIGHT_DAYS
    x, y = da[0], db[0]
    if x.relative and y.relative and x.text.lower() == y.text.lower():
        return [], False, False  # "on Monday" in two reports of different days: not comparable
    if _names_day(pa.dates, y) or _names_day(pb.dates, x):
        # "announced on 23 January ..., and the announcement was widely reported on 24
        # January" against "said on 24 January": the sentence names the other's day itself.
        return [], False, False
    if x.precision != "year" and y.precision != "year":
        detail = f"{x.value_start} vs {y.value_start}"
        return [_diff("date", ca, (x.start, x.end), cb, (y.start, y.end), detail)], False, False
    return [], False, False


# "the Kafaat area of the southern suburb": a place named as part of a larger one.
_PART_WORD = r"(?:area|district|neighbou?rhood|quarter|suburb|village|town|camp|region|province)"
_PART_OF = re.compile(
    rf"(?P<part>\s+{_PART_WORD})?\s+(?:of|in)\s+(?:the\s+)?(?P<whole>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){{0,2}})"
)
_ENDS_PART = re.compile(rf"\b{_PART_WORD}$")


def _inside(place: Entity, text_lower: str, other_lower: str) -> bool:
    """Whether `place` is named as part of a larger place that the other claim names
    ("the Kafaat area of the southern suburb" against "Beirut's southern suburb"): a
    more specific place, not a rival one."""
    m = _PART_OF.match(text_lower, place.end)
    if m is None or not (m.group("part") or _ENDS_PART.search(text_lower, 0, place.end)):
        return False
    from .features import STOP_WORDS

    words = m.group("whole").split()
    for k in range(len(words), 0, -1):  # "southern suburb with his phone" -> "southern suburb"
        if words[k - 1] not in STOP_WORDS and re.search(rf"\b{re.escape(' '.join(words[:k]))}\b", other_lower):
            return True
    return False


def _one_actor(e: Entity, other: _Profile) -> bool:
    """Whether the other claim names the person `e` too, by the last word of the name:
    "Ellen DeGeneres" against "Comedian Ellen DeGeneres", "Tony DiLeo" against "DiLeo,
    senior vice president". Not organisations: "Hezbollah" is inside "Kataib Hezbollah"
    and "Israeli army" shares a word with "Lebanese army", and each pair is two actors."""
    words = _WORDS.findall(e.text.lower())
    if e.type != "person" or not words:
        return False
    return re.search(rf"\b{re.escape(words[-1])}\b", other.text_lower) is not None


# A street, road or square: it lies in some city, so it is never a rival of a city's name.
_STREET = re.compile(r"\b(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|square|highway)\.?$", re.I)


def compare_entities(
    ca: Claim, pa: _Profile, cb: Claim, pb: _Profile, topic: frozenset[str] = frozenset()
) -> tuple[list[Difference], int, int]:
    """(actor/place differences, entity slots that agree, slots that agree on a name
    outside `topic`): the names most of a corpus's sources use say what it is about, not
    which statement a claim makes."""
    diffs = []
    agreeing = specific = 0
    # People are compared with people and organisations with organisations: a spokesman
    # against his movement is not a conflict of actors.
    slots = (("actor", pa.people, pb.people), ("actor", pa.orgs, pb.orgs), ("place", pa.places, pb.places))
    for (kind, ea, eb), na, nb in zip(slots, pa.named, pb.named, strict=True):
        if not na or not nb:
            continue  # nothing to agree or differ on (the slots are subsets of the names)
        shared = na & nb
        if shared:
            agreeing += 1
            specific += bool(shared - topic)
            continue
        if not ea or not eb:
            continue
        if kind == "place":
            x, y = pa.lone_place, pb.lone_place
            if x is None or y is None or x.text.lower() in pb.text_lower or y.text.lower() in pa.text_lower:
                continue
            if _inside(y, pb.text_lower, pa.text_lower) or _inside(x, pa.text_lower, pb.text_lower):
                continue
            if _STREET.search(x.name) or _STREET.search(y.name):
                continue  # "40 East Fifth Avenue" against "Vancouver": an address in some city
        else:
            # Different names are different actors only where both name who acted.
            xs = [e for k, e in ea.items() if k in pa.agents]
            ys = [e for k, e in eb.items() if k in pb.agents]
            if not xs or not ys:
                continue
            x, y = xs[0], ys[0]
            if _one_actor(x, pb) or _one_actor(y, pa):
                continue
        diffs.append(_diff(kind, ca, (x.start, x.end), cb, (y.start, y.end), f"{x.name} vs {y.name}"))
    return diffs, agreeing, specific


def _governs(scope: frozenset[str] | None, p: _Profile, other: _Profile) -> bool:
    """Whether a cue of `p` bears on what the other claim says. A cue that governs one
    clause of a sentence ("..., and the Iraqi government said 16 people were killed")
    does only if that clause shares a word for what happened (beyond names and dates)
    with the other claim: else the claims meet on another clause, stated as fact."""
    if scope is None:
        return True
    return not (scope - p.name_words).isdisjoint(other.what)


def _sourced(p: _Profile, other: _Profile) -> bool:
    """Whether `p` relays what it says from an outlet ("..., according to MEMRI") where
    it meets the other claim: it is then no firmer than "reportedly" or "X said"."""
    return any(_governs(scope, p, other) for scope in p.sourcings)


def _attributed(p: _Profile, other: _Profile) -> tuple[int, int] | None:
    """An attribution ("X said", "according to X", "X claimed") of `p` that the other
    claim does not match. When both claims report what was said ("in a speech" against
    "Nasrallah said"), the speech is the fact and neither states it more firmly; nor when
    the other claim names the speaker itself."""
    if other.attributions or other.blames:
        return None
    # A claim sourced to an outlet ("..., according to a report by Al-Akhbar") is not
    # the author's own assertion either: against "the army said", both relay someone.
    if _sourced(other, p):
        return None
    keys = other.entity_keys
    for start, end, who, inside, scope in p.attributions:
        if not _governs(scope, p, other):
            continue
        if (who is None or who not in keys) and inside.isdisjoint(keys):
            return start, end
    return None


def _blamed(p: _Profile, other: _Profile) -> tuple[int, int] | None:
    """A blame ("Israel blamed Hezbollah") of a party the other claim names as the one who
    acted, while the other neither blames nor presumes it: who did it is stated as fact in
    one account and only alleged in the other."""
    if not p.blames or other.hedge_agent:
        return None
    blamed_by_other = frozenset().union(*(keys for _, _, keys in other.blames))
    for start, end, keys in p.blames:
        if not keys.isdisjoint(other.agents) and keys.isdisjoint(blamed_by_other):
            return start, end
    return None


def compare_directions(ca: Claim, pa: _Profile, cb: Claim, pb: _Profile) -> list[Difference]:
    """'north of Beirut' against 'east of Beirut': the same anchor, another direction."""
    da, db = pa.directions, pb.directions
    if not da or not db:
        return []
    out = []
    for anchor in sorted(da.keys() & db.keys()):
        (dx, x), (dy, y) = da[anchor], db[anchor]
        if dx != dy:
            out.append(_diff("place", ca, (x.start, x.end), cb, (y.start, y.end), f"{x.text} vs {y.text}"))
    return out


@lru_cache(maxsize=1)
def _light_words() -> frozenset[str]:
    """Words between a negation and what it negates, as the claim vectoriser reads them:
    "isn't going to be selling", "not having an event", "didn't actually adopt"."""
    words = "going gonna having getting just even yet ever also always quite among".split()
    return frozenset(map(_claim_word, words))


def _negated_word(heads: tuple[str, ...]) -> str | None:
    """The word a negation negates: the first after it, past light words and adverbs
    ("have NOT accidentally cut down"). "has not had a functioning government" negates
    "functioning", not the "government" a sentence about something else names; "a
    channel not named CNN" negates "named", not CNN."""
    for word in heads:
        if word not in _light_words() and not word.endswith("ly"):
            return word
    return None


def _both_negate(pa: _Profile, pb: _Profile) -> bool:
    """Whether the two claims negate a word in common, however each puts it: "no threat
    would be left unanswered" and "it will not leave any threat unanswered"."""
    light = _light_words()
    words_a = {w for _, _, heads, _ in pa.negations for w in heads if w not in light}
    return any(w in words_a for _, _, heads, _ in pb.negations for w in heads if w not in light)


def _negated_shared(p: _Profile, other: _Profile) -> tuple[int, int] | None:
    """A negation right before a word both claims use ("has not been arrested" against
    "was arrested"), or before an outcome when the other claim reports one ("has not
    reported damage" against "were destroyed"): one statement with its polarity flipped."""
    for start, end, heads, outcomes_after in p.negations:
        if _negated_word(heads) in other.content:
            return start, end
        if other.outcomes and ("occurrence" in outcomes_after or not outcomes_after.isdisjoint(other.outcomes)):
            return start, end
    return None


_ANY_CASE_WORDS = re.compile(r"[A-Za-z0-9]+")  # _WORDS on the original text, offsets kept


def _phrase_span(text: str, words: frozenset[str]) -> tuple[int, int] | None:
    """Where `words` (normalised) first occur side by side in `text`."""
    found: list[re.Match[str]] = []
    for m in _ANY_CASE_WORDS.finditer(text):
        if _claim_word(m.group().lower()) in words:
            found.append(m)
            if {_claim_word(w.group().lower()) for w in found} == words:
                return found[0].start(), found[-1].end()
        elif found:
            found = []
    return None


# A contrastive negation naming a party: "used only by the Lebanese army, not by British
# intelligence", "fired from Lebanon, not Syria". "not only watching the Oscars", "never
# before in NBA history" and "he would not host the Oscars" deny no one's account.
_CONTRAST_BEFORE = re.compile(r",\s*$")
_NAMED_AFTER = re.compile(r"\s+(?:(?:by|from|in|at|the)\s+)*[A-Z]")


def _contrastive(text: str, start: int, end: int) -> bool:
    """Whether the negation at text[start:end] follows a comma and comes before a name."""
    return _CONTRAST_BEFORE.search(text, 0, start) is not None and _NAMED_AFTER.match(text, end) is not None


def _contrasts(claim: Claim, facts: Facts) -> bool:
    return any(c.kind == "negation" and _contrastive(claim.text, c.start, c.end) for c in facts.cues)


def compare_denial(ca: Claim, pa: _Profile, cb: Claim, pb: _Profile) -> list[Difference]:
    """One account contrasts its statement with a two-word name the other states, and the
    two share a word for what happened besides: "the watchtowers are used only by the
    Lebanese army, not by British intelligence" against "British intelligence services are
    using dozens of watchtowers". Naming another's words only to deny them ties the two
    sentences to one statement, however little of the rest they share, and a denial by
    another party is what makes a claim contested."""
    for (cx, px, cy, py), x_first in (((ca, pa, cb, pb), True), ((cb, pb, ca, pa), False)):
        for start, end, ordered, _ in px.negations:
            heads = frozenset(ordered)
            if len(heads) < 2 or not heads <= py.content or not (px.what & py.what) - heads:
                continue
            if not _contrastive(cx.text, start, end):
                continue
            if any(not heads.isdisjoint(h) for _, _, h, _ in py.negations):
                continue  # both negate it
            stated = _phrase_span(cy.text, heads)
            if stated is None:
                continue
            after = _phrase_span(cx.text[end:], heads)
            denied = (start, end + after[1] if after else end)
            detail = "one account denies what the other states"
            if x_first:
                return [_diff("polarity", cx, denied, cy, stated, detail)]
            return [_diff("polarity", cy, stated, cx, denied, detail)]
    return []


def denial_mask(table: LinkTable, among: np.ndarray, claims: Sequence[Claim], facts: Sequence[Facts]) -> np.ndarray:
    """Mask of the links of `table` (among those of `among`) where compare_denial finds a
    difference. Only links of a claim with a contrastive negation are looked at: there are
    tens of millions of context links in a large corpus, and few such claims."""
    negating = np.fromiter((_contrasts(c, f) for c, f in zip(claims, facts, strict=True)), bool, len(facts))
    out = np.zeros(len(table), bool)
    if not negating.any():
        return out
    for k in np.flatnonzero(among & (negating[table.i] | negating[table.j])):
        i, j = int(table.i[k]), int(table.j[k])
        ci, cj = claims[i], claims[j]
        if compare_denial(ci, _profile(ci, facts[i]), cj, _profile(cj, facts[j])):
            out[k] = True
    return out


_UNRATED: tuple[list[Difference], bool] = ([], False)


def compare_rating(
    ca: Claim, pa: _Profile, cb: Claim, pb: _Profile, reviews: Mapping[str, str]
) -> tuple[list[Difference], bool]:
    """A fact check's rating of the claim it restates ("The column said X. Verdict:
    false.") against that claim in the source it checks: refuted is a polarity
    difference, unproven (not supported, misleading, overstated) a certainty one. Only
    the checked source's claims are rated: a wire report of the same event is not what the
    fact check judged. Returns (differences, confirmed): a rating of true makes the two
    agree, though one only restates the other."""
    if pa.restates == pb.restates:
        return _UNRATED
    check, claim, p = (ca, cb, pa) if pa.restates else (cb, ca, pb)
    if p.rating is None or reviews.get(check.source) != claim.source:
        return _UNRATED
    cls, start, end, words = p.rating
    if cls == "confirmed":
        return [], True
    kind = "polarity" if cls == "refuted" else "certainty"
    detail = f"a fact check rates this claim: {words}"
    whole = (0, len(claim.text))
    if check is ca:
        return [_diff(kind, ca, (start, end), cb, whole, detail)], False
    return [_diff(kind, ca, whole, cb, (start, end), detail)], False


# Hedges that say something is not known ("did not establish whether", "has not been
# confirmed", "unclear"), unlike those that state it with less force ("reportedly").
_NOT_KNOWN = re.compile(
    r"\b(?:whether|unclear|not|no|none|nobody|unable|failed)\b|n['’]t\b|\bun(?:confirmed|verified)", re.I
)


def _unknown(text: str, hedge: tuple[int, int] | None) -> bool:
    return hedge is not None and _NOT_KNOWN.search(text, hedge[0], hedge[1]) is not None


def compare_stance(ca: Claim, pa: _Profile, cb: Claim, pb: _Profile) -> list[Difference]:
    """Polarity (denied in one), certainty (hedged in one), attribution (attributed in one)."""
    whole_a, whole_b = (0, len(ca.text)), (0, len(cb.text))
    den_a, den_b = pa.denial, pb.denial
    if bool(den_a) != bool(den_b):
        return [_diff("polarity", ca, den_a or whole_a, cb, den_b or whole_b, "denied or refuted in one account only")]
    neg_a, neg_b = _negated_shared(pa, pb), _negated_shared(pb, pa)
    hedge_a = pa.hedge if _governs(pa.hedge_scope, pa, pb) else None
    hedge_b = pb.hedge if _governs(pb.hedge_scope, pb, pa) else None
    # "There were no reports of any incident" against "whether outlets reported any
    # incident was not checked": one is sure it did not happen, the other does not know,
    # which is a difference of certainty (below), not one account contradicting the other.
    # A hedged statement that it did happen ("reportedly died" against "is not dead")
    # still contradicts.
    unknown = _unknown(cb.text, hedge_b) if neg_a else _unknown(ca.text, hedge_a)
    if bool(neg_a) != bool(neg_b) and not unknown and not _both_negate(pa, pb):
        denied = compare_denial(ca, pa, cb, pb)
        if denied:
            return denied  # quotes the denied name on both sides
        return [_diff("polarity", ca, neg_a or whole_a, cb, neg_b or whole_b, "negated in one account only")]
    # Two claims that both relay an outlet where they meet ("..., according to MEMRI"
    # against "MEMRI reported that ...") are no firmer than each other, whatever else one
    # of them hedges. One that relays an outlet against a plain "reportedly" still differs:
    # the outlet is named.
    if bool(hedge_a) != bool(hedge_b) and not (_sourced(pa, pb) and _sourced(pb, pa)):
        hedged_attr = _attributed(pa, pb) if hedge_a else _attributed(pb, pa)
        agent = pa.hedge_agent if hedge_a else pb.hedge_agent
        kind = "attribution" if hedged_attr or agent else "certainty"
        detail = "hedged or only claimed in one account, stated as fact in the other"
        return [_diff(kind, ca, hedge_a or whole_a, cb, hedge_b or whole_b, detail)]
    blame_a, blame_b = _blamed(pa, pb), _blamed(pb, pa)
    if bool(blame_a) != bool(blame_b):
        detail = "who acted is stated as fact in one account, blamed by a party in the other"
        return [_diff("attribution", ca, blame_a or whole_a, cb, blame_b or whole_b, detail)]
    if bool(pa.unclaimed) != bool(pb.unclaimed):
        # "No group had claimed the attack" against "Hezbollah's strike on Safed": who did it
        # is unknown in one account and stated as fact in the other.
        named, other = (pb, pa) if pa.unclaimed else (pa, pb)
        # An organisation that acts, not a person: the soldier killed is named too.
        if named.agents & named.named[1] and not named.hedge and not _attributed(named, other):
            detail = "no one had claimed it in one account; who did it is stated as fact in the other"
            return [_diff("attribution", ca, pa.unclaimed or whole_a, cb, pb.unclaimed or whole_b, detail)]
    attr_a, attr_b = _attributed(pa, pb), _attributed(pb, pa)
    if bool(attr_a) != bool(attr_b):
        detail = "attributed to a party in one account, stated as fact in the other"
        return [_diff("attribution", ca, attr_a or whole_a, cb, attr_b or whole_b, detail)]
    return []


def _context_words(text: str, term: FramingTerm) -> frozenset[str]:
    """Words around a framing term, framing terms themselves left out ("the border
    offensive until the Gaza massacre": 'offensive' is the other side, not context)."""
    terms = framing_index()[1]
    around = text[max(0, term.start - 40) : term.start] + " " + text[term.end : term.end + 40]
    return frozenset(w for w in _WORDS.findall(around.lower()) if len(w) > 3 and w not in terms)


def _facing_terms(
    text_a: str, xs: tuple[FramingTerm, ...], text_b: str, ys: tuple[FramingTerm, ...]
) -> tuple[FramingTerm, FramingTerm]:
    """The two terms that name the same thing: "the Gaza massacre" faces "its offensive in
    Gaza", not "the group's attacks" earlier in the sentence. The first pair when no
    context words are shared."""
    best = (xs[0], ys[0])
    shared = 0
    for x in xs:
        cx = _context_words(text_a, x)
        for y in ys:
            n = len(cx & _context_words(text_b, y))
            if n > shared:
                best, shared = (x, y), n
    return best


def compare_framing(ca: Claim, pa: _Profile, cb: Claim, pb: _Profile) -> list[Difference]:
    ga, gb = pa.framing, pb.framing
    if not ga or not gb:
        return []
    diffs = []
    for group in sorted(ga.keys() & gb.keys()):
        (loaded_a, xs), (loaded_b, ys) = ga[group], gb[group]
        if loaded_a != loaded_b:
            x, y = _facing_terms(ca.text, xs, cb.text, ys)
            detail = f"'{x.text}' vs '{y.text}' ({group})"
            diffs.append(_diff("framing", ca, (x.start, x.end), cb, (y.start, y.end), detail))
    return diffs


_NOTHING: tuple[Sequence[Difference], bool, bool] = ((), False, False)


def _judged(link: Link, verdict: str, diffs: list[Difference]) -> Link:
    # The constructor, not dataclasses.replace: this runs once per assessed link (2.5
    # million at 10,000 documents), and replace() costs several times as much.
    return Link(
        link.a, link.b, link.score, verdict, tuple(diffs), link.explanation, link.evidence, link.context, link.via
    )


def _related(link: Link) -> Link:
    # Links fresh from alignment already say 'related' with no differences: no copy needed.
    if link.verdict == "related" and link.differences == ():
        return link
    return replace(link, verdict="related", differences=())


def assess_link(
    link: Link,
    ca: Claim,
    fa: Facts,
    cb: Claim,
    fb: Facts,
    settings: Settings,
    topic: frozenset[str] = frozenset(),
    reviews: Mapping[str, str] | None = None,
) -> Link:
    """Decide the verdict of one link from the facts of its two claims. `reviews` maps a
    fact check's source id to the id of the source it checks.

    A divergence is one slot (number, date, actor, place) that differs while the others
    agree: two claims that differ in date *and* place most likely report two events, so
    they are 'related', not contradictory. An agreement, and a difference in how firmly
    something is stated, need one statement: two shared words for what happened, two
    agreeing facts, or a near-identical match.
    """
    if link.score < settings.link_threshold:
        return _related(link)
    if link.evidence < settings.claim_evidence_min:
        # Linked through document context only: the same story, not the same statement,
        # unless one sentence names the other's words to deny them.
        denied = compare_denial(ca, _profile(ca, fa), cb, _profile(cb, fb))
        return _judged(link, "diverge", denied) if denied else _related(link)
    pa, pb = _profile(ca, fa), _profile(cb, fb)
    if pa.running != pb.running and (pb.one_day if pa.running else pa.one_day):
        # A running total against the toll of one dated event ("about 1,140 people killed
        # on 7 October" against "600 soldiers killed by 1 April"): two counts of two
        # things, so two statements, whatever date they share.
        return _related(link)
    # Most pairs lack figures, dates or compass directions on one side: skip those calls.
    number_diffs, less_num, num_agree = (
        compare_numbers(ca, pa, cb, pb, settings) if pa.figures and pb.figures else _NOTHING
    )
    if number_diffs and pa.cumulative != pb.cumulative:
        # "14 rifles seized so far, in five operations" against "six rifles seized during the
        # operation": a sum of several events against one of them, two counts of two things.
        return _related(link)
    date_diffs, less_date, date_agree = compare_dates(ca, pa, cb, pb) if pa.dates and pb.dates else _NOTHING
    entity_diffs, entity_agree, entity_specific = compare_entities(ca, pa, cb, pb, topic)
    directions = compare_directions(ca, pa, cb, pb) if pa.directions and pb.directions else []
    hard = [*number_diffs, *date_diffs, *entity_diffs, *directions]
    close = link.evidence >= settings.close_evidence
    # Facts that tie the two claims to one statement: agreeing dates and figures, names
    # other than the corpus's topic names (Hezbollah, Israel), one speaker reported by both
    # ("Nasrallah urged", "Nasrallah repeated the call"); a compass conflict names the same
    # place and the same reference point.
    other_facts = (
        int(num_agree) + int(date_agree) + int(not pa.speakers.isdisjoint(pb.speakers)) + (2 if directions else 0)
    )
    facts = other_facts + entity_specific
    # A conflicting date or figure needs two agreeing slots (topic names count here: the
    # conflict itself is specific) and a word for what happened that both use ("announced
    # a second phase"), beyond names and dates: an attack on Safed and a minister's visit
    # to Safed share only names.
    shared_what = pa.what & pb.what
    event = bool(shared_what)
    if hard and not close and (other_facts + entity_agree < 2 or not (event or directions)):
        return _related(link)
    if len(hard) >= 2 and len({d.kind for d in hard}) >= 2:
        return _related(link)
    if date_diffs and pa.sites and pb.sites and pa.sites.isdisjoint(pb.sites):
        return _related(link)  # another day and another site: two events
    if date_diffs and less_num and not _equal_figure(pa, pb):
        # "At least nine planes from 14 to 20 November" against "32 planes from 8 October
        # to 10 November": figures that only bound each other, on other dates, are two
        # counts of two periods, like figures that conflict outright (above).
        return _related(link)
    if pa.victims and pb.victims and pa.victims.isdisjoint(pb.victims):
        return _related(link)  # casualties of two sides: two counts, not one statement
    # Two parties' statements: what one said does not confirm, nor differ in certainty
    # from, what another said; a conflicting fact or a loaded word is still worth showing.
    # The same holds between a claim and a restatement of what a column or article says
    # (a fact check's "The column placed Jounieh east of Beirut" against the column).
    two_speakers = pa.restates != pb.restates or bool(
        pa.speakers
        and pb.speakers
        and pa.speakers.isdisjoint(pb.entity_keys | pb.speakers)
        and pb.speakers.isdisjoint(pa.entity_keys | pa.speakers)
    )
    diffs = hard
    confirmed = False
    # Agreement, and how firmly a statement is made, compare one statement: two words for
    # what happened in common, two agreeing facts, or a near-identical match. "One of the
    # most serious attacks came on Wednesday, when a salvo hit Safed" and "Nine civilians
    # were killed in Israeli strikes later on Wednesday" share only "strikes" and their day.
    one_statement = facts >= 2 or len(shared_what) >= 2 or link.evidence >= settings.same_statement_evidence
    # A stance or framing difference has no slot of its own to show that the claims make
    # one statement: it needs a close match or two such facts.
    if close or facts >= 2:
        if (pa.stance or pb.stance) and not two_speakers and one_statement:
            diffs += compare_stance(ca, pa, cb, pb)
        if pa.framing and pb.framing:
            diffs += compare_framing(ca, pa, cb, pb)
        rated, confirmed = compare_rating(ca, pa, cb, pb, reviews) if reviews else _UNRATED
        diffs += rated
    if not diffs and not confirmed:
        diffs = compare_denial(ca, pa, cb, pb)  # one party denies what another states
    if two_speakers and not diffs and not confirmed:
        return _related(link)
    if not diffs and not (one_statement and (close or (facts and (event or other_facts)))):
        # Nothing but loosely similar wording, or one shared date or name: calling it
        # agreement would let any sentence of the same story corroborate a claim. Below a
        # close match, names alone ("Ansarallah", "Hezbollah", "the Axis of Resistance")
        # are not enough either: they need a word for what happened or an agreeing date,
        # figure or speaker beside them.
        return _related(link)
    if diffs:
        verdict = "diverge"
    elif less_num or less_date:
        verdict = "compatible"
    else:
        verdict = "agree"
    return _judged(link, verdict, diffs)


def topic_entities(
    claims: Sequence[Claim], facts: Sequence[Facts], counted: Collection[str] | None = None
) -> frozenset[str]:
    """Entity keys named by more than half of the sources (of at least three): in a corpus
    about Hezbollah and Israel, two claims that both name them may still say different
    things, so these names do not anchor a comparison of two statements.

    With `counted`, only those sources count: the pipeline passes the sources linked to
    another one, so that a source about something else does not dilute the topic."""
    kept = [(c, f) for c, f in zip(claims, facts, strict=True) if counted is None or c.source in counted]
    sources: dict[str, set[str]] = {}
    for c, f in kept:
        for e in f.entities:
            sources.setdefault(e.key, set()).add(c.source)
    return _most_named(sources, len({c.source for c, _ in kept}))


def _most_named(sources: Mapping[str, set[str]], n: int) -> frozenset[str]:
    """The keys named by more than half of `n` sources (of at least three)."""
    if n < 3:
        return frozenset()
    return frozenset(k for k, s in sources.items() if 2 * len(s) > n)


def topics_by_source(
    claims: Sequence[Claim], facts: Sequence[Facts], pairs: Sequence[tuple[str, str]]
) -> dict[str, frozenset[str]]:
    """The topic names (topic_entities) of each source's conversation: the sources joined to
    it through `pairs` of linked sources. Counted over the whole corpus, two accounts of a
    flood linked to each other diluted the names of a corpus about a war, and a verdict
    there changed; each group of linked sources now has the topic of its own sources."""
    parent: dict[str, str] = {}

    def root(s: str) -> str:
        parent.setdefault(s, s)
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the smaller id roots it: the same for any order
    named: dict[str, dict[str, set[str]]] = {}
    for c, f in zip(claims, facts, strict=True):
        if c.source in parent:
            by_key = named.setdefault(root(c.source), {})
            for e in f.entities:
                by_key.setdefault(e.key, set()).add(c.source)
    size: dict[str, int] = {}
    for s in parent:
        size[root(s)] = size.get(root(s), 0) + 1
    topic = {r: _most_named(keys, size[r]) for r, keys in named.items()}
    return {s: topic.get(root(s), frozenset()) for s in parent}
