"""What verdicts need from one claim on its own: its figures with what they count, its dates
and the clause each governs, its actors, targets and places, its stance cues (attribution,
hedge, denial, negation, a fact check's rating), its words for what happened, and framing.

A claim takes part in many links; assess.py compares two profiles instead of re-reading
two texts for every link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .cues import GENERIC_SPEAKERS, OWNED_TARGET, SPEAKER_NOUNS, TARGET_NOUNS, Cue, FramingTerm
from .dates import DateFact
from .entities import Entity
from .extract import Facts
from .model import Claim
from .names import canonical, is_country, place_core
from .quantities import Quantity, lemma


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
_AGE_AFTER = re.compile(r"\s*(?:,|\)|;|\.\s*$|$|who\b|-year-old)")
_YEAR_OLD = re.compile(r"\s*-\s*old\s+([A-Za-z]+)")


def _with_count(q: Quantity, text: str) -> Quantity:
    if q.unit == "year" and (m := _YEAR_OLD.match(text, q.end)):
        # "the 36-year-old driver" and "a 66-year-old woman" are the ages of two people:
        # ages are compared only for the same noun.
        return replace(q, unit="age " + m.group(1).lower())
    if q.counted or q.unit:
        return q
    if _AGE_BEFORE.search(text[: q.start]) and _AGE_AFTER.match(text[q.end :]):
        return replace(q, unit="age")  # "Omer Sarah Benjo, 20," or "..., Banky, 40." is an age
    return replace(q, counted=_implied_count(text))


_NEGATED_BEFORE = re.compile(r"\b(?:no|not|never|nobody|none|neither)\b(?:\s+\w+){0,2}\s*$", re.I)


# What an outlet is: "the daily ...", "Beirut's broadcasters", "the flight tracker ...".
_OUTLET_KINDS = (
    r"newspapers?|papers?|dail(?:y|ies)|weekl(?:y|ies)|magazines?|broadcasters?|channels?|radio(?: stations?)?|"
    r"television|tv|websites?|news sites?|outlets?|agenc(?:y|ies)|trackers?"
)
_MEDIA = re.compile(
    rf"\b(?:reports?|reported by|{_OUTLET_KINDS}|tally|count|site|monitor\w*|wire|"
    r"news|media|journalists?|reporters?|Reuters|AFP|Associated Press|Bloomberg|Al-Akhbar|Kan|LBCI|MEMRI|"
    r"CNN|BBC|NPR|NBC|CBS|ABC|Sky|Fox|Al Jazeera|Al Arabiya|Al-Manar|Al Mayadeen|Haaretz|Ynet|i24|JNS|"
    r"Anadolu|TASS|Xinhua|IRNA|Tasnim|Naharnet|Axios|Politico|Guardian|Times|Post|Journal|Telegraph|Monitor)\b",
    re.I,
)
# "the daily Nidaa al-Watan reported", "the flight tracker X reported": an outlet named by
# what it is, right before its name.
_MEDIA_BEFORE = re.compile(rf"\b(?:{_OUTLET_KINDS}|(?:flight-)?tracking (?:account|site|service))\s+$", re.I)
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
    r"(?:made|makes)\s+(?:\w+\s+){0,3}?(?:claims|assertions|allegations))\b"
    # A fact check's "Claim: ..." line, as ClaimReview pages write it.
    r"|^\s*(?:Claim|The claim|What was claimed)\s*:",
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
# "rockets struck the city of Safed and the base housing Israel's Northern Command": a name
# in what a strike hit is a target, whatever word comes just before it.
_STRUCK_BEFORE = re.compile(
    r"\b(?:struck|hit|hits|attacked|shelled|bombed|raided|pounded)\s+(?:the|a|an|its|their)\b[^,.;:()]{0,80}$",
    re.I,
)

# "struck Safed and the base of the Israeli army's Northern Command": the owner of what
# was hit, as in "the Northern Command base" (OWNED_TARGET), not who struck.
_TARGET_OF_BEFORE = re.compile(rf"\b(?:{TARGET_NOUNS})\s+of\s+(?:the\s+)?(?:[\w'’.-]+\s+){{0,3}}$", re.I)
# "Beirut's media kept returning to the speech": whose press, not where the event was.
_PLACES_MEDIA = re.compile(
    rf"['’]s\s+(?:[\w-]+\s+)?(?:media|press|{_OUTLET_KINDS}|journalists|reporters|commentators|columnists|pundits)\b",
    re.I,
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

# "BEIRUT - ...", "SAFED, Israel, Feb 14 — ...", "BEIRUT (Reuters) — ...": a dateline names
# where the report was filed, not where the event happened.
_DATELINE = re.compile(
    r"[A-Z][A-Z'’.-]{2,}(?:[ /-][A-Z][A-Z'’.-]+)*(?:,\s*[A-Z][\w.'’]*(?:\s[\w.'’]+){0,2})*"
    r"(?:\s*\([^()]{1,40}\))?\s*[-–—]\s"
)

# "On 21 November, Al-Akhbar reported that nine planes had landed", "Al-Akhbar published its
# account on 2 March, describing the arrest as days old": the day of an outlet's report, not
# of what it reports. (A party's "announced on 5 March that" keeps its day: the
# announcement is the event.)
_BEFORE_REPORT = re.compile(r",?\s*(?:(?!(?:and|but|while|as|after|before|when|then)\b)[\w'’-]+\s+){0,3}", re.I)
_AFTER_REPORT_VERB = re.compile(r"\s+(?:[\w'’-]+\s+){0,2}?(?:on|in)\s+")
_AFTER_REPORT_DAY = re.compile(r"\s*(?:,|that\b)")


def _report_day(text: str, d: DateFact, start: int, end: int) -> bool:
    """Whether date `d` is the day of the report whose cue spans text[start:end]."""
    if d.end <= start:  # "On 21 November, Al-Akhbar reported that ..."
        return _BEFORE_REPORT.fullmatch(text, d.end, start) is not None
    gap = _AFTER_REPORT_VERB.fullmatch(text, end, d.start)
    return gap is not None and _AFTER_REPORT_DAY.match(text, d.end) is not None


_WHO_BEFORE = re.compile(r",?\s*\bwho\s+$")
_PRONOUN_SPEAKERS = frozenset({"he", "she", "it", "they"})


def _named_before(text: str, f: Facts, c: Cue) -> list[Entity]:
    """Who a cue that names nobody stands for: the name before a relative pronoun ("Kataib
    Hezbollah, who on 31 January announced", "Nasrallah, who in a speech urged"), or the
    last person (or group, for "it" and "they") named before a personal pronoun ("which
    he described as spies")."""
    who = c.who.lower()
    if who in _PRONOUN_SPEAKERS:
        kinds = ("person",) if who in ("he", "she") else ("person", "org")
        return [e for e in f.entities if e.end <= c.start and e.type in kinds][-1:]
    if who == "who":
        anchor = c.start
    elif not who and (lead := _WHO_BEFORE.search(text, max(0, c.start - 12), c.start)):
        anchor = lead.start()
    else:
        return []
    return [e for e in f.entities if 0 <= anchor - e.end <= 3 and e.type in ("person", "org")][-1:]


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


_SUM_WORDS = r"so far|to date|in total|altogether|all told|cumulative"
# A running total rather than the toll of one event: "the army had reported 600 soldiers
# killed by 1 April", "211 fighters since 8 October", "so far".
_RUNNING = re.compile(rf"\b(?:{_SUM_WORDS}|across all fronts)\b", re.I)
# "confiscated a total of 14 rifles in five operations so far" against "six rifles were
# found during the operation": a sum of several events against one of them.
_CUMULATIVE = re.compile(rf"\b(?:{_SUM_WORDS}|a total of|thus far|in all)\b", re.I)


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


_CLAUSE_END = re.compile(r"[,;:.!?()\"“”]")
# "do without", "go without", "make do without": giving something up.
_ABSTAIN_BEFORE = re.compile(r"\b(?:do|does|did|doing|done|go|goes|went|going|gone)\s+$", re.I)
# "not only X but Y" adds; "no one else was injured" excepts what the claim already told.
_NOT_A_DENIAL = re.compile(r"\s*(?:only|(?:one\s+)?else)\b")
_ANSWER_NO = re.compile(r"\s*[,:;.!—–-]\s*")  # the punctuation after a sentence-initial "No"
_COUNT_WORDS = frozenset({"one"})  # "no one was hurt": a pronoun, not the one man killed

# A negation: (start, end, normalised forms of the first two words after it in its clause,
# in order, classes of the outcome words among the three words after it).
_Negation = tuple[int, int, tuple[str, ...], frozenset[str]]
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
_SITE = re.compile(rf"\b(?:(power|electricity)\s+(?:station|plant)s?|({TARGET_NOUNS}))\b", re.I)


def _sites(text: str) -> frozenset[str]:
    out = set()
    for m in _SITE.finditer(text):
        if m.group(1):
            out.add("power plant")
        else:
            word = m.group(2).lower()
            out.add(lemma({"hq": "headquarters", "airbase": "base", "airbases": "base"}.get(word, word)))
    return frozenset(out)


@dataclass(slots=True)
class _Profile:
    """What assess_link needs from one claim on its own. A claim takes part in ~100 links,
    and rebuilding this for every link was most of the time spent assessing."""

    facts: Facts  # the facts it was built from: the cache key alone does not fix them
    figures: tuple[_Figure, ...]
    dates: tuple[DateFact, ...]  # with a value and not open-ended
    date_scopes: tuple[frozenset[str] | None, ...]  # content words of each date's clause (see _governs)
    report_days: tuple[bool, ...]  # whether each date is the day of an outlet's report (see _report_day)
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
    what: frozenset[str]  # content words for what happened: not names, countries, dates, sites or counts
    sites: frozenset[str]  # head nouns of the sites it names ("refinery", "power plant")
    outcomes: frozenset[str]  # classes of the outcome words that occur
    attributions: tuple[_Attribution, ...]
    sourcings: tuple[frozenset[str] | None, ...]  # scopes of its sourcing to outlets ("according to Al-Akhbar")
    stance: bool  # any denial, hedge, negation or attribution: else stance needs no look
    entity_keys: frozenset[str]
    speakers: frozenset[str]  # keys of the named parties whose words the claim reports
    restates: bool  # it reports what a column, article or post says
    rating: tuple[str, int, int, str] | None  # a fact check's rating of what it restates: class, span, words
    blames: tuple[tuple[int, int, frozenset[str]], ...]  # "X blamed Y": span, keys of Y
    unclaimed: tuple[int, int] | None  # "no group claimed the attack": the span saying so
    # Keys of the people, organisations and places, speakers and purpose phrases included:
    # "the IRI announced" and "operations by the IRI" name one party.
    named: tuple[frozenset[str], frozenset[str], frozenset[str]]
    # group -> (a loaded term occurs, the terms of that side: the loaded ones if any)
    framing: dict[str, tuple[bool, tuple[FramingTerm, ...]]]
    victims: frozenset[str]  # classes of the killed or wounded it names (soldiers, civilians)
    running: bool  # its toll is a running total ("killed by 1 April", "since October", "so far")
    cumulative: bool  # its figures add up several events ("so far", "a total of", "to date")
    one_day: bool  # it dates what it reports to one day


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    """Months, weekdays, the words that name a site ("base", "airport") and number words,
    normalised: they say when, where or how many (the date, place and figure slots compare
    those), not what happened."""
    from .align import _claim_word
    from .cues import CALENDAR_WORDS
    from .names import FACILITY_HEADS

    counts = "one two three four five six seven eight nine ten dozen dozens hundreds thousands".split()
    words = (*CALENDAR_WORDS, *(w for head in FACILITY_HEADS for w in head.split()), "headquarters", *counts)
    return frozenset(map(_claim_word, words))


@lru_cache(maxsize=1)
def _place_groups() -> frozenset[str]:
    """The synonym groups of countries and their peoples ("Iraqi" is read as the group of
    Iraq): names of places, whether or not the entity scan caught them."""
    from .align import synonyms
    from .names import is_country, is_demonym

    return frozenset(group for word, group in synonyms().items() if is_country(word) or is_demonym(word))


def _first(f: Facts, kind: str) -> tuple[int, int] | None:
    for c in f.cues:
        if c.kind == kind:
            return c.start, c.end
    return None


# "..., Israeli military and medical officials said": the words before a generic speaker
# noun, back to the clause's start, name who speaks.
_GENERIC_SPEAKER = re.compile(rf"(?:{GENERIC_SPEAKERS})\b", re.I)
# The words before a cue back to the start of the text or a clause mark, 40 characters at most.
_CLAUSE_LEAD = re.compile(r"(?:^|[,;:—(])\s*(?P<words>[^,;:—(]{0,40})$")


def _speaker_span(text: str, cue: Cue) -> tuple[int, int]:
    """The span of an attribution cue, with the words that qualify a generic speaker noun."""
    if not _GENERIC_SPEAKER.match(cue.text):
        return cue.start, cue.end
    lead = _CLAUSE_LEAD.search(text, max(0, cue.start - 45), cue.start)
    return (lead.start("words") if lead else cue.start), cue.end


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
    spans = [_speaker_span(text, c) for c in f.cues if c.kind == "attribution"]
    ents = [e for e in f.entities if not any(s <= e.start and e.end <= t for s, t in spans)]
    dateline = _DATELINE.match(text)
    filed_at = dateline.end() if dateline else 0
    places = {
        place_core(e.key): e
        for e in ents
        if e.type == "place"
        and e.start >= filed_at
        and not _PURPOSE_BEFORE.search(text, max(0, e.start - 80), e.start)
        and not _PLACES_MEDIA.match(text, e.end)
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
    unclaimed: tuple[int, int] | None = None
    sourcings: list[frozenset[str] | None] = []
    reports: list[tuple[int, int]] = []  # spans of the cues that source the claim to an outlet
    hedges = [(c.start, c.end) for c in f.cues if c.kind == "hedge"]
    for c in f.cues:
        if c.kind == "negation":
            if any(s <= c.start and c.end <= e for s, e in hedges):
                continue  # "has not confirmed", "did not establish whether": the hedge says it
            if c.text.lower() == "without" and _ABSTAIN_BEFORE.search(text, max(0, c.start - 20), c.start):
                continue  # "told them to do without phones": to give something up, not a negation
            # The words it negates are in its own clause: "escape without injury, Fanning
            # said" negates no "Fanning". "not only X but Y" and "no one else was injured"
            # deny nothing the claim states. A sentence that opens with "No," (or a kicker's
            # "Brian Williams: No, ...") denies the clause after the comma.
            rest = text[c.end : c.end + 40]
            before = text[: c.start].rstrip()
            if (not before or before.endswith(":")) and (lead := _ANSWER_NO.match(rest)):
                rest = text[c.end + lead.end() : c.end + lead.end() + 40]  # "No, X did Y" denies X
            clause = _CLAUSE_END.split(rest, maxsplit=1)[0].lower()
            if _NOT_A_DENIAL.match(clause):
                continue
            after = [w for w in _WORDS.findall(clause) if w not in STOP_WORDS][:3]
            outcomes_after = frozenset(OUTCOME_CLASS[w] for w in after if w in OUTCOME_CLASS)
            heads = tuple(dict.fromkeys(norm(w) for w in after[:2] if w not in _COUNT_WORDS))
            negations.append((c.start, c.end, heads, outcomes_after))
        if c.kind not in ("attribution", "claim") or c.who.lower() in ("i", "we"):
            continue
        if c.kind == "claim" and (negated := _NEGATED_BEFORE.search(text, max(0, c.start - 40), c.start)):
            unclaimed = unclaimed or (negated.start(), c.end)
            continue  # "no group claimed it" reports the absence of a claim
        if c.kind == "attribution" and (
            _MEDIA.search(c.text) or _MEDIA_BEFORE.search(text, max(0, c.start - 40), c.start)
        ):
            # Sourcing to a named outlet or tally is not a party's claim. An unnamed
            # "report" that opens or closes the sentence ("Apple to shut down Beats:
            # report") says the whole claim is unconfirmed; one in the middle ("and
            # reports said the rockets were not intercepted") hedges only its clause.
            whole = not text[: c.start].strip(_EDGE) or not text[c.end :].strip(_EDGE)
            if whole and hedge is None and _UNNAMED_REPORT.fullmatch(c.who.strip()):
                hedge = (c.start, c.end)
            sourcings.append(scoped(c.start, c.end))
            reports.append((c.start, c.end))
            continue
        # The speaker's name may start before the cue ("The Islamic Resistance in Iraq
        # claimed" is matched from "Iraq"): any name overlapping the cue counts.
        named_inside = [e for e in f.entities if e.start < c.end and c.start < e.end] or _named_before(text, f, c)
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
        speakers.update(inside)
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
        and not _STRUCK_BEFORE.search(text, max(0, e.start - 100), e.start)
        and not OWNED_TARGET.match(text, e.end)
        and not _TARGET_OF_BEFORE.search(text, max(0, e.start - 80), e.start)
    )
    return _Profile(
        facts=f,
        figures=tuple(figures),
        dates=dates,
        date_scopes=tuple(scoped(d.start, d.end, trailing=False) for d in dates),
        report_days=tuple(any(_report_day(text, d, s, e) for s, e in reports) for d in dates),
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
        what=content - name_words - _calendar_words() - _place_groups(),
        sites=_sites(text),
        outcomes=frozenset(OUTCOME_CLASS[w] for w in words if w in OUTCOME_CLASS),
        attributions=tuple(attributions),
        sourcings=tuple(sourcings),
        stance=bool(denial or hedge or negations or attributions or blames or unclaimed),
        entity_keys=f.entity_keys(),
        speakers=frozenset(speakers),
        restates=_RESTATEMENT.search(text) is not None,
        rating=next(((c.who, c.start, c.end, c.text) for c in f.cues if c.kind == "rating" and c.who), None),
        blames=tuple(blames),
        unclaimed=unclaimed,
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
        cumulative=bool(figures) and _CUMULATIVE.search(text) is not None,
    )


# Keyed by claim id and text, so two claims never share an entry; the facts are checked
# as well, since one claim gets other entity keys when the corpus around it changes.
# A claim takes part in many links, met in no useful order (links are sorted by claim id),
# so the memo must hold every claim of one assessment: on 3,000 synthetic documents
# (120,000 claims) a bound of 50,000 doubled the assess loop (56.8 s against 27.1 s). At
# about 2 kB a profile, the bound below is 2 GB at most; the pipeline clears the memo
# (clear_profiles) when the verdicts are done, before the report is built.
_PROFILES: dict[tuple[str, str], _Profile] = {}
_PROFILES_MAX = 1_000_000


def clear_profiles() -> None:
    _PROFILES.clear()


def _profile(claim: Claim, facts: Facts) -> _Profile:
    key = (claim.id, claim.text)
    p = _PROFILES.get(key)
    if p is None or (p.facts is not facts and p.facts != facts):
        if len(_PROFILES) >= _PROFILES_MAX:
            _PROFILES.clear()
        p = _PROFILES[key] = _build_profile(claim.text, facts)
    return p
