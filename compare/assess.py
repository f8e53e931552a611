"""Verdicts per link (agree / compatible / diverge with typed differences), status per
claim (corroborated / contested / uncorroborated / opinion) and source independence."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .cues import OWNED_TARGET, SPEAKER_NOUNS, Cue, FramingTerm, framing_index
from .dates import DateFact
from .entities import Entity, canonical, is_country, place_core
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


_KNOWN_CLASSES = frozenset(COUNT_CLASSES.values())


def _count_class(counted: str | None) -> str | None:
    return COUNT_CLASSES.get(counted, counted) if counted else None


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


_NEGATED_BEFORE = re.compile(r"\b(?:no|not|never|nobody|none|neither)\b(?:\s+\w+){0,2}\s*$", re.I)


_MEDIA = re.compile(
    r"\b(?:reports?|reported by|newspaper|paper|broadcaster|tally|count|site|monitor\w*|agency|"
    r"news|media|journalists?|reporters?|Reuters|AFP|Associated Press|Al-Akhbar|Kan|LBCI|MEMRI|"
    r"CNN|BBC|Al Jazeera|Times|Post|Journal)\b",
    re.I,
)
_UNNAMED_REPORT = re.compile(r"(?:(?:a|the|new|media|news|several|some|unconfirmed|local)\s+)*reports?", re.I)
_SPEAKER_WORD = re.compile(
    rf"\b(?:{SPEAKER_NOUNS}|analysts?|source|insiders?|congressman|congresswoman|senator|mayor|governor|"
    r"rep|judge|court|ceo|founder|report|study|survey|poll)\b",
    re.I,
)
_TIGHT_DAYS = 7
_EDGE = " \t.,:;!?-–—\"'“”‘’()"


# "The column placed Jounieh east of Beirut", "the article said": a claim that restates
# what a text says; next to that text's own claim it neither confirms nor disputes it.
def restates(text: str) -> bool:
    """Whether a claim reports what a column, article or post says ("The column said")."""
    return _RESTATEMENT.search(text) is not None


_RESTATEMENT = re.compile(
    r"\b(?:the|this|that|an?|his|her|its|their)\s+(?:opinion\s+|original\s+)?"
    r"(?:column|article|op-ed|piece|post|blog(?:\s+post)?|essay|columnist|commentary)\s+(?:\w+\s+){0,4}?"
    r"(?:said|says|claimed|claims|called|calls|placed|places|put|puts|dated|dates|wrote|writes|argued|argues|"
    r"stated|states|asserted|asserts|described|describes|attributed|attributes|"
    r"(?:made|makes)\s+(?:\w+\s+){0,3}?(?:claims|assertions|allegations))\b",
    re.I,
)
_BLAME = re.compile(r"\b(?:blamed|blames|accused|accuses)\s*$", re.I)
# "believed to have been fired by Hezbollah": who did it is presumed, not established.
_AGENT_HEDGE = re.compile(r"(?:believed|thought|said|suspected|presumed|assumed) to have been \w+ (?:by|from)\b", re.I)


_WORDS = re.compile(r"[a-z0-9]+")
# A name after one of these is a target, an origin or a place of the event ("at a position
# of the IDF", "for use against Hezbollah", "planes from NATO countries"), not its agent:
# two claims naming different ones do not disagree on who acted.
_OBLIQUE_BEFORE = re.compile(
    r"\b(?:against|at|on|of|from|to|into|onto|toward|towards|targeting|targeted|near|with|for|over|"
    r"inside|across|upon|told|tells|tell)\s+(?:(?:the|a|an|its|their)\s+)?(?:[A-Z][\w'’.-]*\s+){0,2}$"
)

# "operations against Israel in support of the Palestinian people in the Gaza Strip": a
# place named in a purpose phrase is who the action is for, not where it happened.
# "in response to an enemy raid near Baalbek": the place of the event it answers.
# "a coordinator from Moshav Ge'a": where a person comes from.
_PURPOSE_BEFORE = re.compile(
    r"\b(?:in support of|in solidarity with|on behalf of|for the sake of|in defen[cs]e of|in response to|"
    r"in retaliation for|in revenge for)\b[^,.;:()]{0,60}$|\bfrom\s+(?:the\s+)?$",
    re.I,
)

_WHOLE_QUOTE = re.compile(r"\s*([“\"«])[^“”\"«»]{20,}[”\"»][.!?]?\s*$|\s*([“\"«])[^“”\"«»]{20,}[.!?][”\"»]\s*$")

# Outcome words by what they say happened: "has not reported damage" flips "were
# destroyed", but "were not intercepted" says nothing against "one soldier was killed".
# Words of occurrence ("did not happen") flip any outcome.
OUTCOME_CLASS = {
    **dict.fromkeys("damage damaged destroyed destroy destruction hit hits struck".split(), "damage"),
    **dict.fromkeys("killed dead died casualties injuries injured wounded".split(), "casualties"),
    **dict.fromkeys("arrested detained".split(), "arrest"),
    "intercepted": "interception",
    **dict.fromkeys("confirmed happened occurred".split(), "occurrence"),
}

# A figure: (quantity with its implied count, what it measures as (unit, count class,
# killed or wounded) or None when it measures nothing comparable, interval low, interval
# high, point value).
_Figure = tuple[Quantity, tuple[str | None, str | None, str | None] | None, float, float, float | None]

# "killing a soldier and wounding eight people": eight counts the wounded, not the dead.
_HARM = re.compile(
    r"\b(?P<killed>kill\w*|dead|died|deaths?|fatalit\w+|martyr\w*)\b|"
    r"\b(?P<wounded>wound\w*|injur\w*|hurt)\b",
    re.I,
)


# A running total rather than the toll of one event: "the army had reported 600 soldiers
# killed by 1 April", "211 fighters since 8 October", "so far".
_RUNNING = re.compile(r"\b(?:so far|to date|in total|altogether|all told|across all fronts|cumulative)\b", re.I)


# Who was killed or wounded, by side of the fighting: a soldier's death and nine civilians'
# deaths are two facts, whatever else two such sentences share.
VICTIM_CLASS = {
    **dict.fromkeys("soldier soldiers troops servicemen servicemembers".split(), "military"),
    **dict.fromkeys("civilian civilians children child residents villagers women".split(), "civilian"),
}


def _harm_near(text: str, start: int, end: int) -> str | None:
    """'killed' or 'wounded': the nearer of the two within 50 characters of a figure, in
    its clause (not across a semicolon); None when neither is near."""
    lo = max(text.rfind(";", 0, start) + 1, start - 50)
    hi = text.find(";", end)
    hi = min(end + 50, len(text) if hi < 0 else hi)
    best: tuple[int, str] | None = None
    for m in _HARM.finditer(text, lo, hi):
        distance = start - m.end() if m.end() <= start else m.start() - end
        if distance >= 0 and (best is None or distance < best[0]):
            best = (distance, m.lastgroup or "")
    return best[1] if best else None


def _same_measure(a: tuple[str | None, str | None, str | None], b: tuple[str | None, str | None, str | None]) -> bool:
    return a[:2] == b[:2] and (a[2] is None or b[2] is None or a[2] == b[2])


# A negation: (start, end, normalised forms of the two words after it, classes of the
# outcome words among the three words after it).
_Negation = tuple[int, int, frozenset[str], frozenset[str]]
# An attribution that may be the claim's own: (start, end, key of the speaker or None,
# keys of the entities inside the cue, normalised content words of the clause it governs
# when that is only a part of the claim).
_Attribution = tuple[int, int, str | None, frozenset[str], frozenset[str] | None]

# Where one clause of a sentence ends and another begins: "Over 100 rockets were launched
# by Hezbollah, and on the same day the IRI published a claim that ..." attributes only
# its second clause.
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas|with)\s+|\s[–—]\s")


def _scope(text: str, start: int, end: int, trailing: bool = True) -> tuple[int, int]:
    """The span a cue at text[start:end] governs: what comes before a cue that ends the
    sentence ("..., the army said") if `trailing`, else the clause that holds the cue."""
    if trailing and not text[end:].strip(_EDGE):
        return 0, start
    lo, hi = 0, len(text)
    for m in _CLAUSE_BREAK.finditer(text):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


# What was struck or named as the scene: a site's head noun. Two claims of different days
# about different sites ("the power station of Haifa airport" on 5 March, "an oil refinery
# in Haifa" on 8 March) report two events in one city, not one event on two dates.
_SITE = re.compile(
    r"\b(?:(power|electricity)\s+(?:station|plant)s?|(airports?|airbases?|bases?|ports?|harbou?rs?|refiner(?:y|ies)|"
    r"headquarters|hq|barracks|outposts?|hospitals?|schools?|bridges?|dams?|factor(?:y|ies)|depots?|"
    r"warehouses?|radars?|embass(?:y|ies)|camps?|ships?|vessels?|tankers?|pipelines?))\b",
    re.I,
)


def _sites(text: str) -> frozenset[str]:
    out = set()
    for m in _SITE.finditer(text):
        if m.group(1):
            out.add("power plant")
        else:
            word = m.group(2).lower()
            out.add({"hq": "headquarters", "airbase": "base", "airbases": "base"}.get(word, _singular(word)))
    return frozenset(out)


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "headquarters", "barracks")):
        return word[:-1]
    return word


@dataclass(slots=True)
class _Profile:
    """What assess_link needs from one claim on its own. A claim takes part in ~100 links,
    and rebuilding this for every link was most of the time spent assessing."""

    facts: Facts  # the facts it was built from: the cache key alone does not fix them
    figures: tuple[_Figure, ...]
    dates: tuple[DateFact, ...]  # with a value and not open-ended
    date_scopes: tuple[frozenset[str] | None, ...]  # content words of each date's clause (see _governs)
    people: dict[str, Entity]  # entity slots by key, speakers left out
    orgs: dict[str, Entity]
    agents: frozenset[str]  # keys of the people and organisations not named as a target or origin
    places: dict[str, Entity]  # by the place a facility is named after
    lone_place: Entity | None  # the only place that is not a country, if exactly one
    text_lower: str
    directions: dict[str, tuple[str, Cue]]  # anchor -> (compass direction, cue)
    denial: tuple[int, int] | None
    hedge: tuple[int, int] | None
    hedge_agent: bool  # the hedge presumes who did it ("believed to have been fired by")
    hedge_scope: frozenset[str] | None  # content words of the clause it hedges, if only a part
    negations: tuple[_Negation, ...]
    content: frozenset[str]  # normalised content words
    name_words: frozenset[str]  # normalised words of its names
    what: frozenset[str]  # content words for what happened: not names, dates or sites
    sites: frozenset[str]  # head nouns of the sites it names ("refinery", "power plant")
    outcomes: frozenset[str]  # classes of the outcome words that occur
    attributions: tuple[_Attribution, ...]
    sourcings: tuple[frozenset[str] | None, ...]  # scopes of its sourcing to outlets ("according to Al-Akhbar")
    stance: bool  # any denial, hedge, negation or attribution: else stance needs no look
    entity_keys: frozenset[str]
    speakers: frozenset[str]  # keys of the named parties whose words the claim reports
    restates: bool  # it reports what a column, article or post says
    rating: tuple[str, int, int] | None  # a fact check's rating of what it restates: class, span
    blames: tuple[tuple[int, int, frozenset[str]], ...]  # "X blamed Y": span, keys of Y
    # Keys of the people, organisations and places, speakers and purpose phrases included:
    # "the IRI announced" and "operations by the IRI" name one party.
    named: tuple[frozenset[str], frozenset[str], frozenset[str]]
    # group -> (a loaded term occurs, the terms of that side: the loaded ones if any)
    framing: dict[str, tuple[bool, tuple[FramingTerm, ...]]]
    victims: frozenset[str]  # classes of the killed or wounded it names (soldiers, civilians)
    running: bool  # its toll is a running total ("killed by 1 April", "since October", "so far")
    one_day: bool  # it dates what it reports to one day


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    """Months, weekdays and the words that name a site ("base", "airport"), normalised:
    they say when or where, not what happened."""
    from .align import _claim_word
    from .cues import CALENDAR_WORDS
    from .entities import FACILITY_HEADS

    words = (*CALENDAR_WORDS, *(w for head in FACILITY_HEADS for w in head.split()), "headquarters")
    return frozenset(map(_claim_word, words))


def _first(f: Facts, kind: str) -> tuple[int, int] | None:
    for c in f.cues:
        if c.kind == kind:
            return c.start, c.end
    return None


def _build_profile(text: str, f: Facts) -> _Profile:
    from .align import _claim_word as norm  # words as the claim vectoriser reads them
    from .features import STOP_WORDS

    figures = []
    for q0 in f.quantities:
        q = _with_count(q0, text)
        cls = _count_class(q.counted)
        lo, hi = _interval(q)
        value = q.value if q.value is not None else (q.low if q.low is not None else q.high)
        # Figures are comparable when they have the same unit and count the same class of
        # things; a figure with neither is compared with nothing.
        measure = None if q.unit is None and cls is None else (q.unit, cls, _harm_near(text, q.start, q.end))
        figures.append((q, measure, lo, hi, value))

    # In "according to the Israeli army" the army reports the event, it is not an actor of it.
    spans = [(c.start, c.end) for c in f.cues if c.kind == "attribution"]
    ents = [e for e in f.entities if not any(s <= e.start and e.end <= t for s, t in spans)]
    places = {
        place_core(e.key): e
        for e in ents
        if e.type == "place" and not _PURPOSE_BEFORE.search(text, max(0, e.start - 80), e.start)
    }
    # A country against a city is less specific, not a conflict; several places on each
    # side are usually origin and target, not rival locations.
    local = [e for k, e in places.items() if not is_country(k)]

    denial, hedge = _first(f, "denial"), _first(f, "hedge")

    def content_words(part: str) -> list[str]:
        return [w for w in _WORDS.findall(part.lower()) if w not in STOP_WORDS and len(w) > 2]

    words = content_words(text)
    content = frozenset(map(norm, words))
    name_words = frozenset(norm(w) for e in f.entities for w in _WORDS.findall(e.text.lower()))

    def scoped(start: int, end: int, trailing: bool = True) -> frozenset[str] | None:
        lo, hi = _scope(text, start, end, trailing)
        if hi == start or (lo == 0 and hi == len(text)):
            return None  # the cue governs the whole claim
        return frozenset(map(norm, content_words(text[lo:hi])))

    negations = []
    attributions = []
    speakers: set[str] = set()
    blames: list[tuple[int, int, frozenset[str]]] = []
    sourcings: list[frozenset[str] | None] = []
    for c in f.cues:
        if c.kind == "negation":
            after = [w for w in _WORDS.findall(text[c.end : c.end + 40].lower()) if w not in STOP_WORDS][:3]
            outcomes_after = frozenset(OUTCOME_CLASS[w] for w in after if w in OUTCOME_CLASS)
            negations.append((c.start, c.end, frozenset(map(norm, after[:2])), outcomes_after))
        if c.kind not in ("attribution", "claim") or c.who.lower() in ("i", "we"):
            continue
        if c.kind == "claim" and _NEGATED_BEFORE.search(text[: c.start][-40:]):
            continue  # "no group claimed it" reports the absence of a claim
        if c.kind == "attribution" and _MEDIA.search(c.text):
            # Sourcing to a named outlet or tally is not a party's claim. An unnamed
            # "report" that opens or closes the sentence ("Apple to shut down Beats:
            # report") says the whole claim is unconfirmed; one in the middle ("and
            # reports said the rockets were not intercepted") hedges only its clause.
            whole = not text[: c.start].strip(_EDGE) or not text[c.end :].strip(_EDGE)
            if whole and hedge is None and _UNNAMED_REPORT.fullmatch(c.who.strip()):
                hedge = (c.start, c.end)
            sourcings.append(scoped(c.start, c.end))
            continue
        # The speaker's name may start before the cue ("The Islamic Resistance in Iraq
        # claimed" is matched from "Iraq"): any name overlapping the cue counts.
        named_inside = [e for e in f.entities if e.start < c.end and c.start < e.end]
        inside = frozenset(e.key for e in named_inside)
        # A headline's "X: ..." quotes X only when X can speak ("Pentagon:", "Analyst:");
        # a place or a topic label is a kicker ("Rajasthan:", "Unbearable:").
        if (
            c.kind == "attribution"
            and c.start == 0
            and c.text.rstrip().endswith(":")
            and not _SPEAKER_WORD.search(c.who)
            and not any(e.type in ("person", "org") for e in named_inside)
        ):
            continue
        if _BLAME.search(c.text):
            # "Israel blamed Hezbollah": what is attributed is who did it
            blamed = frozenset(e.key for e in f.entities if 0 <= e.start - c.end <= 5)
            if blamed:
                blames.append((c.start, c.end, blamed))
                continue
        attributions.append((c.start, c.end, canonical(c.who)[0] if c.who else None, inside, scoped(c.start, c.end)))
        if inside:
            speakers.update(inside)
        elif c.who == "who":  # a relative pronoun: the name just before it spoke
            before = [e for e in f.entities if e.end <= c.start and c.start - e.end <= 3]
            if before:
                speakers.add(before[-1].key)
    quoted = _WHOLE_QUOTE.match(text)
    if quoted and not attributions:
        # A sentence that is one quotation is someone's words (its speaker named in the
        # sentence before), not the author's own assertion.
        attributions.append(
            (quoted.start(quoted.lastindex or 0), quoted.end(quoted.lastindex or 0), None, frozenset(), None)
        )

    framing: dict[str, tuple[bool, tuple[FramingTerm, ...]]] = {}
    for t in f.framing:
        loaded = t.side == "loaded"
        if t.group not in framing or (loaded and not framing[t.group][0]):
            framing[t.group] = (loaded, (t,))
        elif loaded == framing[t.group][0]:
            framing[t.group] = (loaded, (*framing[t.group][1], t))
    dates = tuple(d for d in f.dates if d.value_start and not d.since)
    agents = frozenset(
        e.key
        for e in ents
        if e.type in ("person", "org")
        and not _OBLIQUE_BEFORE.search(text, max(0, e.start - 80), e.start)
        and not OWNED_TARGET.match(text, e.end)
    )
    return _Profile(
        facts=f,
        figures=tuple(figures),
        dates=dates,
        date_scopes=tuple(scoped(d.start, d.end, trailing=False) for d in dates),
        people={e.key: e for e in ents if e.type == "person"},
        orgs={e.key: e for e in ents if e.type == "org"},
        agents=agents,
        places=places,
        lone_place=local[0] if len(local) == 1 else None,
        text_lower=text.lower(),
        directions={c.who.split("|")[1].lower(): (c.who.split("|")[0], c) for c in f.cues if c.kind == "direction"},
        denial=denial,
        hedge=hedge,
        hedge_agent=hedge is not None and _AGENT_HEDGE.match(text, hedge[0]) is not None,
        hedge_scope=None if hedge is None else scoped(*hedge),
        negations=tuple(negations),
        content=content,
        name_words=name_words,
        what=content - name_words - _calendar_words(),
        sites=_sites(text),
        outcomes=frozenset(OUTCOME_CLASS[w] for w in words if w in OUTCOME_CLASS),
        attributions=tuple(attributions),
        sourcings=tuple(sourcings),
        stance=bool(denial or hedge or negations or attributions or blames),
        entity_keys=f.entity_keys(),
        speakers=frozenset(speakers),
        restates=_RESTATEMENT.search(text) is not None,
        rating=next(((c.who, c.start, c.end) for c in f.cues if c.kind == "rating" and c.who), None),
        blames=tuple(blames),
        named=(
            frozenset(e.key for e in f.entities if e.type == "person"),
            frozenset(e.key for e in f.entities if e.type == "org"),
            frozenset(place_core(e.key) for e in f.entities if e.type == "place"),
        ),
        framing=framing,
        victims=frozenset(VICTIM_CLASS[w] for w in words if w in VICTIM_CLASS) if _HARM.search(text) else frozenset(),
        running=bool(figures)
        and _HARM.search(text) is not None
        and (
            any(d.since or text[max(0, d.start - 3) : d.start].lower() == "by " for d in f.dates)
            or _RUNNING.search(text) is not None
        ),
        one_day=any(d.precision == "day" for d in dates),
    )


# Keyed by claim id and text, so two claims never share an entry; the facts are checked
# as well, since one claim gets other entity keys when the corpus around it changes.
_PROFILES: dict[tuple[str, str], _Profile] = {}
_PROFILES_MAX = 50_000  # ~2 kB each; a 1,000-document corpus has some 6,000 claims in links


def _profile(claim: Claim, facts: Facts) -> _Profile:
    key = (claim.id, claim.text)
    p = _PROFILES.get(key)
    if p is None or (p.facts is not facts and p.facts != facts):
        if len(_PROFILES) >= _PROFILES_MAX:
            _PROFILES.clear()
        p = _PROFILES[key] = _build_profile(claim.text, facts)
    return p


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


def compare_dates(ca: Claim, pa: _Profile, cb: Claim, pb: _Profile) -> tuple[list[Difference], bool, bool]:
    """(differences, less specific, agreeing) for the dates of two claims. A date in one
    clause of a sentence counts only if that clause bears on the other claim ("Al-Akhbar
    published the story, and MEMRI reported that the arrest happened before 28 February":
    28 February is not when the story was published)."""
    da = [d for d, scope in zip(pa.dates, pa.date_scopes, strict=True) if _governs(scope, pa, pb)]
    db = [d for d, scope in zip(pb.dates, pb.date_scopes, strict=True) if _governs(scope, pb, pa)]
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
        else:
            # Different names are different actors only where both name who acted.
            xs = [e for k, e in ea.items() if k in pa.agents]
            ys = [e for k, e in eb.items() if k in pb.agents]
            if not xs or not ys:
                continue
            x, y = xs[0], ys[0]
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


def _attributed(p: _Profile, other: _Profile) -> tuple[int, int] | None:
    """An attribution ("X said", "according to X", "X claimed") of `p` that the other
    claim does not match. When both claims report what was said ("in a speech" against
    "Nasrallah said"), the speech is the fact and neither states it more firmly; nor when
    the other claim names the speaker itself."""
    if other.attributions or other.blames:
        return None
    # A claim sourced to an outlet ("..., according to a report by Al-Akhbar") is not
    # the author's own assertion either: against "the army said", both relay someone.
    if any(_governs(scope, other, p) for scope in other.sourcings):
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


def _negated_shared(p: _Profile, other: _Profile) -> tuple[int, int] | None:
    """A negation right before a word both claims use ("has not been arrested" against
    "was arrested"), or before an outcome when the other claim reports one ("has not
    reported damage" against "were destroyed"): one statement with its polarity flipped."""
    for start, end, heads, outcomes_after in p.negations:
        if not heads.isdisjoint(other.content):
            return start, end
        if other.outcomes and ("occurrence" in outcomes_after or not outcomes_after.isdisjoint(other.outcomes)):
            return start, end
    return None


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
    cls, start, end = p.rating
    if cls == "confirmed":
        return [], True
    kind = "polarity" if cls == "refuted" else "certainty"
    detail = f"a fact check rates this claim: {check.text[start:end]}"
    whole = (0, len(claim.text))
    if check is ca:
        return [_diff(kind, ca, (start, end), cb, whole, detail)], False
    return [_diff(kind, ca, whole, cb, (start, end), detail)], False


def compare_stance(ca: Claim, pa: _Profile, cb: Claim, pb: _Profile) -> list[Difference]:
    """Polarity (denied in one), certainty (hedged in one), attribution (attributed in one)."""
    whole_a, whole_b = (0, len(ca.text)), (0, len(cb.text))
    den_a, den_b = pa.denial, pb.denial
    if bool(den_a) != bool(den_b):
        return [_diff("polarity", ca, den_a or whole_a, cb, den_b or whole_b, "denied or refuted in one account only")]
    neg_a, neg_b = _negated_shared(pa, pb), _negated_shared(pb, pa)
    if bool(neg_a) != bool(neg_b):
        return [_diff("polarity", ca, neg_a or whole_a, cb, neg_b or whole_b, "negated in one account only")]
    hedge_a = pa.hedge if _governs(pa.hedge_scope, pa, pb) else None
    hedge_b = pb.hedge if _governs(pb.hedge_scope, pb, pa) else None
    if bool(hedge_a) != bool(hedge_b):
        hedged_attr = _attributed(pa, pb) if hedge_a else _attributed(pb, pa)
        agent = pa.hedge_agent if hedge_a else pb.hedge_agent
        kind = "attribution" if hedged_attr or agent else "certainty"
        detail = "hedged or only claimed in one account, stated as fact in the other"
        return [_diff(kind, ca, hedge_a or whole_a, cb, hedge_b or whole_b, detail)]
    blame_a, blame_b = _blamed(pa, pb), _blamed(pb, pa)
    if bool(blame_a) != bool(blame_b):
        detail = "who acted is stated as fact in one account, blamed by a party in the other"
        return [_diff("attribution", ca, blame_a or whole_a, cb, blame_b or whole_b, detail)]
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
    they are 'related', not contradictory. Stance and framing differences need a close
    match of the claims themselves.
    """
    if link.evidence < settings.claim_evidence_min or link.score < settings.link_threshold:
        # Linked through document context only: the same story, not the same statement.
        return _related(link)
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
    event = not pa.what.isdisjoint(pb.what)
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
    # A stance or framing difference has no slot of its own to show that the claims make
    # one statement: it needs a close match or two such facts.
    if close or facts >= 2:
        if (pa.stance or pb.stance) and not two_speakers:
            diffs += compare_stance(ca, pa, cb, pb)
        if pa.framing and pb.framing:
            diffs += compare_framing(ca, pa, cb, pb)
        rated, confirmed = compare_rating(ca, pa, cb, pb, reviews) if reviews else _UNRATED
        diffs += rated
    if two_speakers and not diffs and not confirmed:
        return _related(link)
    if not diffs and not close and not facts:
        # Nothing but loosely similar wording: calling it agreement would let any sentence
        # of the same story corroborate a claim.
        return _related(link)
    if diffs:
        verdict = "diverge"
    elif less_num or less_date:
        verdict = "compatible"
    else:
        verdict = "agree"
    # The constructor, not dataclasses.replace: this runs once per assessed link (2.5
    # million at 10,000 documents), and replace() costs several times as much.
    return Link(
        link.a, link.b, link.score, verdict, tuple(diffs), link.explanation, link.evidence, link.context, link.via
    )


def topic_entities(claims: Sequence[Claim], facts: Sequence[Facts]) -> frozenset[str]:
    """Entity keys named by more than half of the sources (of at least three): in a corpus
    about Hezbollah and Israel, two claims that both name them may still say different
    things, so these names do not anchor a comparison of two statements."""
    sources: dict[str, set[str]] = {}
    for c, f in zip(claims, facts, strict=True):
        for e in f.entities:
            sources.setdefault(e.key, set()).add(c.source)
    n = len({c.source for c in claims})
    if n < 3:
        return frozenset()
    return frozenset(k for k, s in sources.items() if 2 * len(s) > n)


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
