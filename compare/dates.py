"""Date expressions: absolute and relative, resolved against the publication date.

A relative date in a source without a publication date stays unresolved (None): the
extractor never guesses a reference date. Conventions (spans, precisions, past and
future context) are those of docs/extraction.md.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

# fmt: off
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
# Holidays on a fixed day: (month, day).
HOLIDAYS = {
    "new year's day": (1, 1), "new year’s day": (1, 1), "new year's eve": (12, 31),
    "new year’s eve": (12, 31), "christmas day": (12, 25), "christmas eve": (12, 24),
    "boxing day": (12, 26), "valentine's day": (2, 14), "valentine’s day": (2, 14),
    "halloween": (10, 31),
}

# fmt: on
_M = (
    r"(?P<{name}>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|"
    r"Nov\.?|Dec\.?)"
)
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:19|20)\d\d)"
_PART = (
    r"(?P<part>early|mid|late|the end of|end of|the beginning of|beginning of|the start of|"
    r"start of|the middle of|middle of)[- ]"
)
_TOD = r"(?:\s+(?:morning|afternoon|evening|night|midday|noon))?"
_DASH = r"\s*(?:-|–|—|to|until|through)\s*"


def _m(name: str) -> str:
    return _M.format(name=name)


def _d(name: str) -> str:
    return _DAY.format(name=name)


def _y(name: str) -> str:
    return _YEAR.format(name=name)


_PART_KEYS = ("early", "mid", "late", "end of", "beginning", "start of", "middle")
_RANGE_KEYS = ("-", "–", " and ", " to ", "through", "until")
_MONTH_KEYS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_M_LOW = _M.replace(
    "January|February|March|April|May|June|July|August|September|October|November|December",
    "january|february|march|april|may|june|july|august|september|october|november|december",
).replace(
    "Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?",
    "jan\\.?|feb\\.?|mar\\.?|apr\\.?|jun\\.?|jul\\.?|aug\\.?|sept?\\.?|oct\\.?|nov\\.?|dec\\.?",
)

# (kind, flags, keys, lower, pattern). A pattern runs only when the text has what `flags`
# asks for ("d" a digit, "y" four digits that may be a year, "m" a capitalised month, "w" a
# weekday) and, when `keys` is set,
# one of those substrings (lower-cased text). Patterns with lower=True run on text.lower()
# (same offsets): far faster than re.IGNORECASE.
# fmt: off
PATTERNS: list[tuple[str, str, tuple[str, ...] | None, bool, re.Pattern[str]]] = [
    # between 2015 and 2019 / from 2015 to 2019 / 2015-2019 / 2015–19
    ("year_range", "y", _RANGE_KEYS, False, re.compile(
        rf"\b(?:(?:between|from)\s+)?{_y('y1')}(?:\s+and\s+|{_DASH}){_y('y2')}(?!\d)"
        r"|\b(?P<y3>(?:19|20)\d\d)[-–](?P<y4>\d\d)\b(?![-–]\d)")),
    # between 8 October and 10 November 2023 / from 8 October to 10 November / 8 Oct.–10 Nov.
    # ("8 October and 10 November" alone names two days: only "between" makes it a span)
    ("span_dmy", "dm", _RANGE_KEYS, False, re.compile(
        rf"\b(?P<lead>(?i:between|from)\s+)?{_d('d1')}\s+(?:of\s+)?{_m('m1')}(?:,?\s+{_y('y1')})?"
        rf"(?P<sep>\s+and\s+|{_DASH}){_d('d2')}\s+(?:of\s+)?{_m('m2')}(?:,?\s+{_y('y2')})?(?![\w-])")),
    # between October 8 and November 10, 2023 / from Oct. 8 to Nov. 10
    ("span_mdy", "dm", _RANGE_KEYS, False, re.compile(
        rf"\b(?P<lead>(?i:between|from)\s+)?{_m('m1')}\s+{_d('d1')}(?:,?\s+{_y('y1')})?"
        rf"(?P<sep>\s+and\s+|{_DASH}){_m('m2')}\s+{_d('d2')}(?!\d)(?:,?\s+{_y('y2')})?\b")),
    # 14-20 November 2023 / 14 to 20 November / between 14 and 20 November
    ("day_range_dmy", "dm", _RANGE_KEYS, False, re.compile(
        rf"\b{_d('d1')}(?:{_DASH}|\s+and\s+){_d('d2')}\s+(?:of\s+)?{_m('m')}(?:,?\s+{_y('y')})?(?![\w-])")),
    # November 14-20, 2023
    ("day_range_mdy", "dm", _RANGE_KEYS, False, re.compile(
        rf"\b{_m('m')}\s+{_d('d1')}{_DASH}{_d('d2')}(?!\d)(?:,?\s+{_y('y')})?\b")),
    # Tuesday, 13 February 2024 / 13 February 2024 / 13 Feb. / the 13th of February
    ("dmy", "dm", None, False, re.compile(
        rf"\b(?:{_WD},?\s+(?:the\s+)?)?{_d('d')}\s+(?:of\s+)?{_m('m')}(?:,?\s+{_y('y')})?(?![\w-])")),
    # Tuesday, February 13, 2024 / March 5 / Feb. 14
    ("mdy", "dm", None, False, re.compile(
        rf"\b(?:{_WD},?\s+)?{_m('m')}\s+{_d('d')}(?!\d|\s*%|\.\d|,\d)(?:,?\s+{_y('y')})?(?![\w-])")),
    # 2024-03-05
    ("iso", "y", ("-",), False, re.compile(
        r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)\b")),
    # Tuesday the 13th
    ("weekday_the_nth", "dw", (" the ",), False, re.compile(
        rf"\b{_WD}\s+the\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)\b")),
    # the second half of 2024 / the first quarter of 2023 / Q3 2024 / H1 2024
    ("half_quarter", "y", ("half", "quarter", "q1", "q2", "q3", "q4", "h1", "h2"), True, re.compile(
        r"\b(?:the\s+)?(?P<nth>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+"
        r"(?P<unit>half|quarter)\s+of\s+(?P<y>(?:19|20)\d\d)\b"
        r"|\b(?P<code>[qh][1-4])\s+(?P<y2>(?:19|20)\d\d)\b")),
    # mid-February, early March 2024, end of January
    ("part_month", "m", _PART_KEYS, True, re.compile(
        rf"\b{_PART}{_M_LOW.format(name='m')}(?:\s+{_y('y')})?\b")),
    # August 2020
    ("month_year", "ym", None, False, re.compile(rf"\b{_m('m')}\s+(?:of\s+)?{_y('y')}\b")),
    # late 2023, early 2024
    ("part_year", "y", _PART_KEYS, True, re.compile(rf"\b{_PART}{_y('y')}\b")),
    # the 1990s, the early 2000s
    ("decade", "y", ("0s", "0's", "0’s"), True, re.compile(
        r"\b(?:(?P<part>early|mid|late)[- ])?(?P<y>(?:1[89]|20)\d0)['’]?s\b")),
    # in 2005, since 2006, the 2006 war
    ("year", "y", None, False, re.compile(
        r"(?<![\d$€£¥₩₹,.:/-])\b(?P<y>(?:1[89]\d|20[0-4])\d)\b(?![,.:]\d|\d|-\w|\s*(?:%|per\s?cent|percent|"
        r"people|persons|killed|dead|deaths|troops|soldiers|km|kilometres|kilometers|miles|"
        r"metres|meters|feet|rockets|missiles|homes|houses|jobs|votes|seats|tonnes|tons|"
        r"times|points|units|workers|residents|families|children|members|fighters|civilians)\b)")),
    ("holiday", "", ("new year", "christmas", "boxing day", "valentine", "halloween"), False,
     re.compile(
        r"\b(?P<h>New Year['’]s (?:Day|Eve)|Christmas (?:Day|Eve)|Boxing Day|Valentine['’]s Day|"
        r"Halloween)\b")),
    ("relative_day", "", ("yesterday", "today", "tomorrow", "tonight", "last night", "this morning",
                          "this afternoon", "this evening"), True, re.compile(
        r"\b(?P<rel>the day before yesterday|the day after tomorrow|yesterday|today|tomorrow|"
        r"last night|tonight|this (?:morning|afternoon|evening))\b")),
    ("earlier_this", "", ("earlier this", "later this"), True, re.compile(
        r"\b(?P<which>earlier|later)\s+this\s+(?P<unit>year|month|week)\b")),
    ("relative_period", "", ("week", "month", "year"), True, re.compile(
        r"\b(?P<which>last|this|next|past|previous|coming)\s+(?P<unit>week|month|year|weekend)\b")),
    ("ago", "", (" ago",), True, re.compile(
        r"\b(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
        r"(?P<unit>day|week|month|year)s?\s+ago\b")),
    ("weekday", "w", None, False, re.compile(
        rf"\b(?:(?P<which>last|next|this|coming|on|early|late|since|by|until|from|before|after)\s+)?{_WD}{_TOD}\b")),
    ("month_alone", "m", None, False, re.compile(
        r"\b(?P<prep>(?i:in|since|during|until|by|last|this|next|early|late|mid-?|end of|from|through|"
        r"before|after|of|between))\s+(?P<m>January|February|March|April|May|June|July|August|"
        r"September|October|November|December)\b(?!\s+\d)")),
    ("anchored", "",
     ("later", "earlier", "before", "after", "following day", "next day", "previous day"),
     True, re.compile(
         r"\b(?:(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
         r"(?P<unit>day|week)s?\s+(?P<dir>later|earlier|before|after)\b(?!\s+(?:than|that))"
         r"|the\s+(?P<rel>next|following|previous)\s+day|the\s+day\s+(?P<rel2>before|after)(?=\s*[,.;]|\s*$))")),
]

# fmt: on
# The same table with its tests compiled: a pattern runs when `needs` <= what the text has
# and, if it has keys, one of them is in the lower-cased text. Keys are looked up only for a
# pattern whose needs are met, each pattern's with one search of a plain alternation: testing
# every key with `in` cost more than the patterns.
_COMPILED = [
    (kind, frozenset(needs), re.compile("|".join(map(re.escape, keys))) if keys else None, lower, pattern)
    for kind, needs, keys, lower, pattern in PATTERNS
]
_MONTH_KEY = re.compile("|".join(_MONTH_KEYS))
_DIGIT = re.compile(r"\d")
_YEAR4 = re.compile(r"(?:1[89]|20)\d\d")
_WEEKDAY_WORD = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")

# Tense around a date: the nearest marker before it in the same sentence decides.
_TENSE = re.compile(
    r"\b(?P<fut>will|shall|won['’]t|(?:is|are|be)\s+(?:expected|due|scheduled|set|slated|poised|"
    r"planned|forecast|predicted|projected|likely)(?:\s+to)?|plans?\s+to|intends?\s+to|"
    r"going\s+to|upcoming|forecast)\b|['’]ll\b"
    r"|\b(?P<unk>would|could|might|may)\b"
    r"|\b(?P<past>said|says|told|was|were|had|did|ago|became|began|broke|brought|built|came|"
    r"drew|fell|flew|fought|found|gave|got|grew|held|hit|kept|knew|led|left|lost|made|met|"
    r"paid|ran|rose|sank|saw|sent|shot|sold|spent|spoke|stood|stole|struck|swept|took|tore|"
    r"told|went|won|wrote)\b"
    r"|\b(?P<past2>(?-i:(?!(?:hundred|indeed|need|speed|seed|feed|proceed|succeed|exceed|shed|"
    r"sacred|kindred|naked|wicked|beloved|alleged|armed|wounded|United|red)\b)[a-z]{2,}ed))\b",
    re.I,
)
_SENTENCE_STOP = re.compile(r"[.;!?]\s")


@dataclass(frozen=True)
class DateFact:
    text: str
    start: int  # offsets within the claim text
    end: int
    value_start: date | None
    value_end: date | None
    precision: str  # day, week, month, year, range
    relative: bool = False
    since: bool = False  # "since 8 October": an open interval

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value_start": self.value_start.isoformat() if self.value_start else None,
            "value_end": self.value_end.isoformat() if self.value_end else None,
            "precision": self.precision,
            "relative": self.relative,
        }


def _month(value: str) -> int:
    return MONTHS[value.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _tense(text: str, pos: int) -> str:
    """'future', 'past' or '' for a date at pos: the last tense marker before it in its
    sentence, else the first after it."""
    lo = 0
    for m in _SENTENCE_STOP.finditer(text, 0, pos):
        lo = m.end()
    last = None
    for m in _TENSE.finditer(text, lo, pos):
        last = m
    if last is None:
        stop = _SENTENCE_STOP.search(text, pos)
        last = _TENSE.search(text, pos, stop.start() if stop else len(text))
    if last is None or last.group("unk"):
        return ""
    return "future" if last.group("fut") else "past"


def _infer_year(month: int, day: int, ref: date | None, tense: str) -> int | None:
    """Year of a day/month written without one: the most recent on or before the reference
    in a past context, the next on or after it in a future one; without a tense marker, the
    most recent unless that lies more than a week behind a date just ahead."""
    if ref is None:
        return None
    candidate = _safe_date(ref.year, month, day) or _safe_date(ref.year, month, min(day, 28))
    assert candidate is not None
    if tense == "future":
        return ref.year if candidate >= ref else ref.year + 1
    if tense == "past":
        return ref.year if candidate <= ref else ref.year - 1
    return ref.year - 1 if candidate > ref + timedelta(days=7) else ref.year


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _shift_month(y: int, m: int, step: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + step
    return k // 12, k % 12 + 1


def _part_span(part: str, start: date, end: date) -> tuple[date, date]:
    part = part.lower()
    days = (end - start).days + 1
    third = max(1, days // 3)
    if part.startswith("early") or "beginning" in part or "start" in part:
        return start, start + timedelta(days=third - 1)
    if part.startswith("mid") or "middle" in part:
        return start + timedelta(days=third), end - timedelta(days=third)
    return end - timedelta(days=third - 1), end  # late, end of


def _weekday(wd: int, ref: date, which: str, tense: str) -> date:
    if which in ("next", "coming") or (tense == "future" and which not in ("last", "this")):
        return ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
    if which == "this":
        return ref - timedelta(days=ref.weekday()) + timedelta(days=wd)
    # Past: the most recent such day ("on Tuesday" in a Tuesday story is that day).
    delta = (ref.weekday() - wd) % 7
    if which == "last" and delta == 0:
        delta = 7
    return ref - timedelta(days=delta)


Resolved = tuple[date | None, date | None, str, bool]


def _resolve(kind: str, m: re.Match[str], ref: date | None, text: str, found: list[DateFact]) -> Resolved:
    g = m.groupdict()
    if kind == "year_range":
        if g.get("y3"):
            y1 = int(g["y3"])
            y2 = y1 // 100 * 100 + int(g["y4"])
        else:
            y1, y2 = int(g["y1"]), int(g["y2"])
        if y2 <= y1:
            return None, None, "", False
        return date(y1, 1, 1), date(y2, 12, 31), "range", False
    if kind in ("span_dmy", "span_mdy"):
        if "and" in g["sep"] and not (g.get("lead") or "").lower().startswith("between"):
            return None, None, "", False  # "on 8 October and 10 November": two days
        m1, d1, m2, d2 = _month(g["m1"]), int(g["d1"]), _month(g["m2"]), int(g["d2"])
        if not (1 <= d1 <= 31 and 1 <= d2 <= 31):
            return None, None, "", False
        y2 = int(g["y2"]) if g.get("y2") else None
        y1 = int(g["y1"]) if g.get("y1") else None
        wrap = int(m2 < m1)  # "28 December to 3 January" runs into the next year
        if y2 is None:
            y2 = y1 + wrap if y1 is not None else _infer_year(m2, d2, ref, _tense(text, m.start()))
        if y2 is None:
            return None, None, "range", True
        if y1 is None:
            y1 = y2 - wrap
        start, end = _safe_date(y1, m1, d1), _safe_date(y2, m2, d2)
        if start is None or end is None or end <= start:
            return None, None, "", False
        return start, end, "range", not (g.get("y1") or g.get("y2"))
    if kind in ("day_range_dmy", "day_range_mdy"):
        mo, d1, d2 = _month(g["m"]), int(g["d1"]), int(g["d2"])
        if d2 <= d1:
            return None, None, "", False
        y = int(g["y"]) if g.get("y") else _infer_year(mo, d1, ref, _tense(text, m.start()))
        if y is None:
            return None, None, "range", True
        return _safe_date(y, mo, d1), _safe_date(y, mo, d2), "range", not g.get("y")
    if kind in ("dmy", "mdy"):
        mo, d = _month(g["m"]), int(g["d"])
        if not 1 <= d <= 31:
            return None, None, "", False
        y = int(g["y"]) if g.get("y") else _infer_year(mo, d, ref, _tense(text, m.start()))
        value = _safe_date(y, mo, d) if y else None
        return value, value, "day", not g.get("y")
    if kind == "iso":
        value = _safe_date(int(g["y"]), int(g["mo"]), int(g["d"]))
        return value, value, "day", False
    if kind == "weekday_the_nth":
        if ref is None:
            return None, None, "day", True
        wd, d = WEEKDAYS[g["wd"].lower()], int(g["d"])
        y, mo = ref.year, ref.month
        for _ in range(24):  # walk back month by month to the latest match on or before ref
            value = _safe_date(y, mo, d)
            if value and value <= ref and value.weekday() == wd:
                return value, value, "day", True
            y, mo = _shift_month(y, mo, -1)
        return None, None, "day", True
    if kind == "half_quarter":
        if g.get("code"):
            unit = "half" if g["code"][0].upper() == "H" else "quarter"
            n, y = int(g["code"][1]), int(g["y2"])
        else:
            unit, y = g["unit"].lower(), int(g["y"])
            n = {
                "first": 1,
                "1st": 1,
                "second": 2,
                "2nd": 2,
                "third": 3,
                "3rd": 3,
                "fourth": 4,
                "4th": 4,
                "final": 4 if unit == "quarter" else 2,
                "last": 4 if unit == "quarter" else 2,
            }[g["nth"].lower()]
        size = 6 if unit == "half" else 3
        if n * size > 12:
            return None, None, "", False
        s = date(y, (n - 1) * size + 1, 1)
        return s, _month_span(y, n * size)[1], "range", False
    if kind == "part_month":
        mo = _month(g["m"])
        y = int(g["y"]) if g.get("y") else _infer_year(mo, 1, ref, _tense(text, m.start()))
        if y is None:
            return None, None, "range", True
        s, e = _part_span(g["part"], *_month_span(y, mo))
        return s, e, "range", not g.get("y")
    if kind == "month_year":
        s, e = _month_span(int(g["y"]), _month(g["m"]))
        return s, e, "month", False
    if kind == "part_year":
        s, e = _part_span(g["part"], date(int(g["y"]), 1, 1), date(int(g["y"]), 12, 31))
        return s, e, "range", False
    if kind == "decade":
        y = int(g["y"])
        s, e = date(y, 1, 1), date(y + 9, 12, 31)
        if g.get("part"):
            s, e = _part_span(g["part"], s, e)
        return s, e, "range", False
    if kind == "year":
        y = int(g["y"])
        if _QUALIFIER_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            return None, None, "", False  # "about 2000 people": a number
        return date(y, 1, 1), date(y, 12, 31), "year", False
    if kind == "holiday":
        mo, d = HOLIDAYS[g["h"].lower()]
        if ref is None:
            return None, None, "day", True
        y = _infer_year(mo, d, ref, "past" if (mo, d) == (1, 1) else _tense(text, m.start()))
        value = _safe_date(y, mo, d) if y else None
        return value, value, "day", True
    if kind == "relative_day":
        if ref is None:
            return None, None, "day", True
        rel = g["rel"].lower()
        offset = {
            "yesterday": -1,
            "today": 0,
            "tomorrow": 1,
            "the day before yesterday": -2,
            "the day after tomorrow": 2,
            "last night": -1,
            "tonight": 0,
        }.get(rel, 0)
        value = ref + timedelta(days=offset)
        return value, value, "day", True
    if kind == "relative_period":
        which, unit = g["which"].lower(), g["unit"].lower()
        precision = "range" if unit == "weekend" else unit
        if ref is None:
            return None, None, precision, True
        if which == "past" and unit != "weekend":
            # "over the past month" is the month up to publication, not the calendar month before
            span = {"week": timedelta(days=7), "month": timedelta(days=30), "year": timedelta(days=365)}[unit]
            return ref - span, ref, "range", True
        step = {"last": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
        if unit in ("week", "weekend"):
            monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
            if unit == "weekend":
                if which == "this" and ref.weekday() < 5 and _tense(text, m.start()) != "future":
                    monday -= timedelta(weeks=1)  # "this weekend" in a weekday story: the one just past
                return monday + timedelta(days=5), monday + timedelta(days=6), "range", True
            return monday, monday + timedelta(days=6), "week", True
        if unit == "month":
            s, e = _month_span(*_shift_month(ref.year, ref.month, step))
            return s, e, "month", True
        y = ref.year + step
        return date(y, 1, 1), date(y, 12, 31), "year", True
    if kind == "earlier_this":
        if ref is None:
            return None, None, "range", True
        unit = g["unit"].lower()
        s = {
            "year": date(ref.year, 1, 1),
            "month": date(ref.year, ref.month, 1),
            "week": ref - timedelta(days=ref.weekday()),
        }[unit]
        if g["which"].lower() == "earlier":
            return s, ref, "range", True
        e = {
            "year": date(ref.year, 12, 31),
            "month": _month_span(ref.year, ref.month)[1],
            "week": s + timedelta(days=6),
        }[unit]
        return ref, e, "range", True
    if kind == "ago":
        unit = g["unit"].lower()
        if ref is None:
            return None, None, unit, True
        n = int(g["n"]) if g["n"].isdigit() else SMALL_NUMBERS[g["n"].lower()]
        if unit == "day":
            value = ref - timedelta(days=n)
            return value, value, "day", True
        if unit == "week":
            day = ref - timedelta(weeks=n)
            monday = day - timedelta(days=day.weekday())
            return monday, monday + timedelta(days=6), "week", True
        if unit == "month":
            s, e = _month_span(*_shift_month(ref.year, ref.month, -n))
            return s, e, "month", True
        return date(ref.year - n, 1, 1), date(ref.year - n, 12, 31), "year", True
    if kind == "anchored":
        # "a day later": relative to the last day-precise date before it in the claim.
        anchor = next((f for f in reversed(found) if f.end <= m.start() and f.precision == "day"), None)
        if g.get("n"):
            n = int(g["n"]) if g["n"].isdigit() else SMALL_NUMBERS[g["n"].lower()]
            days = n * (7 if g["unit"].lower() == "week" else 1)
            sign = 1 if g["dir"].lower() in ("later", "after") else -1
        else:
            days, sign = (
                1,
                1 if (g.get("rel") or g.get("rel2") or "").lower() in ("next", "following", "after") else -1,
            )
        if anchor is None or anchor.value_start is None:
            return None, None, "day", True
        value = anchor.value_start + timedelta(days=sign * days)
        return value, value, "day", True
    if kind == "weekday":
        if ref is None:
            return None, None, "day", True
        which = (g.get("which") or "").lower()
        value = _weekday(WEEKDAYS[g["wd"].lower()], ref, which, _tense(text, m.start()))
        return value, value, "day", True
    if kind == "month_alone":
        mo = _month(g["m"])
        prep = g["prep"].lower()
        tense = "future" if prep == "next" else "past" if prep in ("last", "since") else _tense(text, m.start())
        y = _infer_year(mo, 1, ref, tense)
        if y is None:
            return None, None, "month", True
        if prep == "last" and y == ref.year and mo >= ref.month:  # type: ignore[union-attr]
            y -= 1
        s, e = _month_span(y, mo)
        return s, e, "month", True
    raise AssertionError(kind)


_QUALIFIER_BEFORE = re.compile(
    r"\b(?:about|around|nearly|almost|some|over|than|least|roughly|approximately|estimated|"
    r"killing|killed|wounding|injuring)\s+$",
    re.I,
)
# "since 8 October", "after the events of 7 October": an open interval from that day, not
# the day itself (a report dated "after 7 October" does not tell of the 7 October attack).
# A date that names an event stays that event's date: "since the 2006 war" is 2006.
_SINCE = re.compile(
    r"\b(?:[Ss]ince|[Aa]fter|[Ff]ollowing|[Ii]n the wake of)\s+"
    r"(?:the\s+(?:events?|attacks?|start|outbreak|beginning)\s+of\s+)?$"
)
_NAME_BEFORE_TODAY = re.compile(r"[A-Z][\w'’-]*\s+$")


def _nearest_weekday(wd: int, anchor: date) -> date:
    """The day of weekday `wd` nearest to `anchor` (the later one on a tie)."""
    ahead = (wd - anchor.weekday()) % 7
    return anchor + timedelta(days=ahead) if ahead <= 3 else anchor - timedelta(days=7 - ahead)


def extract_dates(text: str, published: date | None, narrative: date | None = None) -> list[DateFact]:
    """All date expressions in text, longest match first, non-overlapping, in text order.

    `narrative`: the day a narrative text (a timeline, or a text whose publication date is
    only an estimate) last named before this claim. A bare weekday ("the strike on Safed on Wednesday") then means
    that day's week, not the week of publication: an essay of mid-March that has just
    told of Tuesday the 13th (February) means the Wednesday after it."""
    low = text.lower()
    if len(low) != len(text):  # a rare character whose lower case is longer: keep offsets
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    present: set[str] = set()
    if _DIGIT.search(text):
        present.add("d")
        if _YEAR4.search(text):
            present.add("y")
    if _MONTH_KEY.search(text):
        present.add("m")
    if "day" in low and _WEEKDAY_WORD.search(text):
        present.add("w")
    taken: list[tuple[int, int]] = []
    found: list[DateFact] = []
    for kind, needs, keys, lower, pattern in _COMPILED:
        if not needs <= present or (keys and not keys.search(low)):
            continue
        for m in pattern.finditer(low if lower else text):
            s, e = m.span()
            if kind == "weekday":
                if m.group("which") in ("on", "since", "by", "until", "from", "before", "after"):
                    s = m.start("wd")
                e = m.end("wd")  # "Tuesday evening" -> Tuesday
            elif kind == "month_alone":
                s = m.start("m")
            elif kind in ("span_dmy", "span_mdy") and m.group("lead"):
                s = m.end("lead")  # "between 8 October and 10 November" -> 8 October ...
            elif kind == "year_range" and m.group(0)[:1].isalpha():
                s = m.start("y1")
            elif kind == "half_quarter" and text[s : s + 4].lower() == "the ":
                s += 4
            elif (
                kind == "relative_day"
                and text[s] == "T"
                and s > 0
                and (_NAME_BEFORE_TODAY.search(text, max(0, s - 30), s))
            ):
                continue  # "L'Orient Today", "USA Today": a name, not a date
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "mdy" and _may_is_verb(m):
                continue
            start_v, end_v, precision, relative = _resolve(kind, m, published, text, found)
            if kind == "weekday" and narrative is not None and (m.group("which") or "").lower() in ("", "on"):
                start_v = end_v = _nearest_weekday(WEEKDAYS[m.group("wd").lower()], narrative)
            if not precision:
                continue  # not a date after all ("10-3", "31 February")
            if kind in ("dmy", "mdy", "iso") and start_v is None and not relative:
                continue
            opening = _SINCE.search(text, max(0, s - 40), s)
            since = opening is not None
            if opening is not None:
                s = opening.start()
                end_v = None
            taken.append((s, e))
            found.append(DateFact(text[s:e], s, e, start_v, end_v, precision, relative, since))
            if kind == "anchored":
                found.sort(key=lambda f: f.start)
        found.sort(key=lambda f: f.start)
    return found


def _may_is_verb(m: re.Match[str]) -> bool:
    """'May' followed by a small number is a date; 'may 3 people' is not worth the risk."""
    month = m.group("m")
    return month == "may"
