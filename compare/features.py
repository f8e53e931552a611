"""Comparison features of two claims: the levels of the scoring ladder.

Each feature maps a pair to a small number of ordered levels (like splink's comparison
levels); the scorer turns the levels into one calibrated score with an explanation.
"""

from __future__ import annotations

from .extract import Facts

# Stop words are removed before string similarity: they make unrelated sentences look alike.
STOP_WORDS = frozenset(
    """
    a an the and or but if of to in on at by for from with as is are was were be been being
    has have had do does did this that these those it its he she they we you i his her their
    our my your them him us me who whom which what when where why how than then so such not
    no nor too very can could will would should may might must shall into over under about
    after before during while since until also just only even more most other some any all
    each both few many much said says say told according there here out up down off again
    further once s t
    """.split()
)


def strip_stop_words(text: str) -> str:
    """rapidfuzz processor: lower-case, drop punctuation and stop words."""
    from rapidfuzz.utils import default_process

    return " ".join(w for w in default_process(text).split() if w not in STOP_WORDS)


# The ladder's features, in the order of every feature matrix and explanation.
FEATURES = (
    "text",  # rapidfuzz similarity 0-1 of stop-word-free texts (0 below the cutoff)
    "cosine",  # TF-IDF cosine of the claims 0-1 (stems, synonyms, entity keys)
    "entities",  # idf-weighted overlap of canonical entity keys 0-1
    "entity_conflict",  # 1 when both name people/organisations and share none
    "dates",  # compatibility of resolved dates: 1 same day, 0.5 within a month, 0.2 wider
    "date_conflict",  # 1 when day-precise dates disagree (0.5 for wider ones)
    "numbers",  # 1 when a quantity of the same thing matches
    "places",  # 1 when a place is shared
    "document",  # first-order similarity of the two sources 0-1
    "neighbourhood",  # second-order (shared neighbours) similarity of the two sections 0-1
    "story",  # 1 when the two sections fall in one story cluster
    "section",  # first-order similarity of the two sections 0-1
)


def date_relation(fa: Facts, fb: Facts) -> tuple[float, float]:
    """(compatibility, conflict) of the resolved dates of two claims.

    Compatibility is graded by how much the overlap says: the same day 1.0, overlapping
    spans of a month or less (both of them) 0.5, a wider or open-ended span ("since
    October", "earlier this year") 0.2, unless an open span starts on the day the other
    names ("since 8 October" and "on 8 October").
    """
    da = [d for d in fa.dates if d.value_start]
    db = [d for d in fb.dates if d.value_start]
    if not da or not db:
        return 0.0, 0.0
    best = 0.0
    for x in da:
        for y in db:
            xs, ys = x.value_start, y.value_start
            xe = None if x.since else (x.value_end or xs)
            ye = None if y.since else (y.value_end or ys)
            if (xe is not None and ys > xe) or (ye is not None and xs > ye):  # type: ignore[operator]
                continue
            if xe is None or ye is None:
                # "Since 8 October" names its first day: against "on 8 October" that is
                # the same day; against a wider span it says little.
                same_day = xs == ys and x.precision == "day" and y.precision == "day"
                best = max(best, 1.0 if same_day else 0.2)
            elif x.precision == "day" and y.precision == "day":
                return 1.0, 0.0
            else:
                # A day inside "earlier this year" says little: the wider span decides.
                span = max((xe - xs).days, (ye - ys).days)  # type: ignore[operator]
                best = max(best, 0.5 if span <= 31 else 0.2)
    if best:
        return best, 0.0
    precise_a = any(d.precision == "day" for d in da)
    precise_b = any(d.precision == "day" for d in db)
    return 0.0, 1.0 if precise_a and precise_b else 0.5


def number_match(fa: Facts, fb: Facts) -> float:
    for qa in fa.quantities:
        for qb in fb.quantities:
            if qa.unit != qb.unit:
                continue
            if qa.counted and qb.counted and qa.counted != qb.counted:
                continue
            lo_a = qa.low if qa.low is not None else float("-inf")
            hi_a = qa.high if qa.high is not None else float("inf")
            lo_b = qb.low if qb.low is not None else float("-inf")
            hi_b = qb.high if qb.high is not None else float("inf")
            if lo_a <= hi_b and lo_b <= hi_a:
                return 1.0
    return 0.0
