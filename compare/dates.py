"""Date expressions: absolute and relative, resolved against the publication date.

A relative date in a source without a publication date stays unresolved (None): the
extractor never guesses a reference date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
_M = r"(?P<{name}>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:19|20)\d\d)"
_PART = r"(?P<part>early|mid|late|end of|the end of|beginning of|the beginning of|start of|the start of)[- ]"


def _m(name: str) -> str:
    return _M.format(name=name)


def _d(name: str) -> str:
    return _DAY.format(name=name)


def _y(name: str) -> str:
    return _YEAR.format(name=name)


PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 14-20 November 2023 / 14 to 20 November
    ("day_range_dmy", re.compile(rf"\b{_d('d1')}\s*(?:-|–|to|and)\s*{_d('d2')}\s+(?:of\s+)?{_m('m')}(?:,?\s+{_y('y')})?\b")),
    # November 14-20, 2023
    ("day_range_mdy", re.compile(rf"\b{_m('m')}\s+{_d('d1')}\s*(?:-|–|to)\s*{_d('d2')}(?:,?\s+{_y('y')})?\b")),
    # Tuesday, 13 February 2024 / 13 February 2024 / 13 Feb.
    ("dmy", re.compile(rf"\b(?:{_WD},?\s+(?:the\s+)?)?{_d('d')}\s+(?:of\s+)?{_m('m')}(?:,?\s+{_y('y')})?(?![\w-])")),
    # Tuesday, February 13, 2024 / March 5 / Feb. 14
    ("mdy", re.compile(rf"\b(?:{_WD},?\s+)?{_m('m')}\s+{_d('d')}(?!\d)(?:,?\s+{_y('y')})?(?![\w-])")),
    # 2024-03-05
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)\b")),
    # Tuesday the 13th
    ("weekday_the_nth", re.compile(rf"\b{_WD}\s+the\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)\b")),
    # mid-February, early March 2024, end of January
    ("part_month", re.compile(rf"\b{_PART}{_m('m')}(?:\s+{_y('y')})?\b", re.I)),
    # August 2020
    ("month_year", re.compile(rf"\b{_m('m')}\s+(?:of\s+)?{_y('y')}\b")),
    # late 2023, early 2024
    ("part_year", re.compile(rf"\b{_PART}{_y('y')}\b", re.I)),
    # in 2005, since 2006, the 2006 war
    ("year", re.compile(r"(?<![\d$€£,.])\b(?P<y>(?:19[0-9]|20[0-4])\d)\b(?!,\d|\.\d|\d|\s*%|\s*(?:people|killed|troops|soldiers|km|kilometres|miles|metres|rockets|missiles|%))")),
    ("relative_day", re.compile(r"\b(?P<rel>yesterday|today|tomorrow|the day before yesterday)\b", re.I)),
    ("earlier_this_year", re.compile(r"\b(?P<which>earlier|later)\s+this\s+(?P<unit>year|month|week)\b", re.I)),
    ("relative_period", re.compile(r"\b(?P<which>last|this|next|past|previous)\s+(?P<unit>week|month|year|weekend)\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(?P<which>last|next|this|on|early|late)\s+)?{_WD}(?:\s+(?:morning|afternoon|evening|night))?\b")),
    ("month_alone", re.compile(r"\b(?:in|since|during|until|by|last|this|early|late|mid-?|end of)\s+(?P<m>January|February|March|April|June|July|August|September|October|November|December)\b")),
]


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
            "text": self.text, "start": self.start, "end": self.end,
            "value_start": self.value_start.isoformat() if self.value_start else None,
            "value_end": self.value_end.isoformat() if self.value_end else None,
            "precision": self.precision, "relative": self.relative,
        }


def _month(value: str) -> int:
    return MONTHS[value.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _infer_year(month: int, day: int, ref: date | None) -> int | None:
    """Most recent year in which month/day falls on or before the reference (news is past tense)."""
    if ref is None:
        return None
    candidate = _safe_date(ref.year, month, day) or _safe_date(ref.year, month, min(day, 28))
    if candidate and candidate > ref + timedelta(days=7):
        return ref.year - 1
    return ref.year


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _part_span(part: str, start: date, end: date) -> tuple[date, date]:
    part = part.lower()
    days = (end - start).days + 1
    third = max(1, days // 3)
    if part.startswith("early") or "beginning" in part or "start" in part:
        return start, start + timedelta(days=third - 1)
    if part.startswith("mid"):
        return start + timedelta(days=third), end - timedelta(days=third)
    return end - timedelta(days=third - 1), end  # late, end of


def _resolve(kind: str, m: re.Match[str], ref: date | None) -> tuple[date | None, date | None, str, bool]:
    g = m.groupdict()
    if kind in ("day_range_dmy", "day_range_mdy"):
        mo = _month(g["m"])
        y = int(g["y"]) if g.get("y") else _infer_year(mo, int(g["d1"]), ref)
        if y is None:
            return None, None, "range", True
        return _safe_date(y, mo, int(g["d1"])), _safe_date(y, mo, int(g["d2"])), "range", not g.get("y")
    if kind in ("dmy", "mdy"):
        mo, d = _month(g["m"]), int(g["d"])
        y = int(g["y"]) if g.get("y") else _infer_year(mo, d, ref)
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
            mo -= 1
            if mo == 0:
                y, mo = y - 1, 12
        return None, None, "day", True
    if kind == "part_month":
        mo = _month(g["m"])
        y = int(g["y"]) if g.get("y") else _infer_year(mo, 1, ref)
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
    if kind == "year":
        y = int(g["y"])
        return date(y, 1, 1), date(y, 12, 31), "year", False
    if kind == "relative_day":
        if ref is None:
            return None, None, "day", True
        offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "the day before yesterday": -2}[g["rel"].lower()]
        value = ref + timedelta(days=offset)
        return value, value, "day", True
    if kind == "relative_period":
        which, unit = g["which"].lower(), g["unit"].lower()
        if ref is None:
            return None, None, unit if unit != "weekend" else "range", True
        step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1}[which]
        if unit in ("week", "weekend"):
            monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
            if unit == "weekend":
                return monday + timedelta(days=5), monday + timedelta(days=6), "range", True
            return monday, monday + timedelta(days=6), "week", True
        if unit == "month":
            y, mo = ref.year, ref.month + step
            if mo == 0:
                y, mo = y - 1, 12
            elif mo == 13:
                y, mo = y + 1, 1
            s, e = _month_span(y, mo)
            return s, e, "month", True
        y = ref.year + step
        return date(y, 1, 1), date(y, 12, 31), "year", True
    if kind == "earlier_this_year":
        if ref is None:
            return None, None, "range", True
        unit = g["unit"].lower()
        s = {"year": date(ref.year, 1, 1), "month": date(ref.year, ref.month, 1),
             "week": ref - timedelta(days=ref.weekday())}[unit]
        if g["which"].lower() == "earlier":
            return s, ref, "range", True
        e = {"year": date(ref.year, 12, 31), "month": _month_span(ref.year, ref.month)[1],
             "week": s + timedelta(days=6)}[unit]
        return ref, e, "range", True
    if kind == "weekday":
        if ref is None:
            return None, None, "day", True
        wd = WEEKDAYS[g["wd"].lower()]
        which = (g.get("which") or "").lower()
        if which == "next":
            delta = (wd - ref.weekday()) % 7 or 7
            value = ref + timedelta(days=delta)
        elif which == "this":
            value = ref - timedelta(days=ref.weekday()) + timedelta(days=wd)
        else:  # news reports the most recent such day; "on Tuesday" on a Tuesday means today
            delta = (ref.weekday() - wd) % 7
            if which == "last" and delta == 0:
                delta = 7
            value = ref - timedelta(days=delta)
        return value, value, "day", True
    if kind == "month_alone":
        mo = _month(g["m"])
        y = _infer_year(mo, 1, ref)
        if y is None:
            return None, None, "month", True
        s, e = _month_span(y, mo)
        return s, e, "month", True
    raise AssertionError(kind)


def extract_dates(text: str, published: date | None) -> list[DateFact]:
    """All date expressions in text, longest match first, non-overlapping, in text order."""
    taken: list[tuple[int, int]] = []
    found: list[DateFact] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if kind == "weekday" and m.group("which") == "on":
                s = m.start("wd")
            if kind == "month_alone":
                s = m.start("m")
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "mdy" and g_may_is_verb(m):
                continue
            start_v, end_v, precision, relative = _resolve(kind, m, published)
            if kind in ("dmy", "mdy", "iso") and start_v is None and not relative:
                continue  # "31 February" is not a date
            since = bool(re.search(r"\bsince\s*$", text[max(0, s - 8):s], re.I))
            if since:
                end_v = None
            taken.append((s, e))
            found.append(DateFact(text[s:e], s, e, start_v, end_v, precision, relative, since))
    found.sort(key=lambda f: f.start)
    return found


def g_may_is_verb(m: re.Match[str]) -> bool:
    """'May' followed by a small number is a date; 'may 3 people' is not worth the risk."""
    month = m.group("m")
    return month == "may" or (month == "May" and m.start() > 0 and not m.group("d"))
