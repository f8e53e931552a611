"""Quantities: numerals and number words with qualifier, unit and what is counted."""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
SUFFIX_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
                 "tn": 1_000_000_000_000}
VAGUE = {  # word: (low, high)
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999), "several": (3, 9), "a few": (2, 5), "a handful": (3, 6),
    "a dozen": (12, 12), "half a dozen": (6, 6), "a hundred": (100, 100), "a thousand": (1000, 1000),
    "a couple of": (2, 2), "a pair of": (2, 2),
}
QUALIFIERS = [
    (r"more than|over|in excess of|upwards of|above|exceeding|greater than", "more_than"),
    (r"at least|no fewer than|no less than|a minimum of", "at_least"),
    (r"about|around|roughly|approximately|some|nearly|almost|close to|an estimated|estimated|just under|just over|circa|approx\.?|~", "about"),
    (r"up to|as many as|at most|no more than|a maximum of", "up_to"),
    (r"fewer than|less than|under|below", "less_than"),
]
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "usd": "USD", "eur": "EUR",
              "gbp": "GBP", "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
              "pounds": "GBP", "shekels": "ILS", "lira": "LBP", "liras": "LBP", "dinars": "IQD", "dinar": "IQD"}
UNIT_NOUNS = {
    "percent": "percent", "per cent": "percent", "%": "percent", "percentage points": "pp",
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "miles": "mile", "mile": "mile", "metres": "m", "meters": "m", "kg": "kg", "tonnes": "t", "tons": "t",
    "years": "year", "year": "year", "months": "month", "month": "month", "weeks": "week",
    "week": "week", "days": "day", "day": "day", "hours": "hour", "hour": "hour", "minutes": "minute",
    "barrels": "barrel", "acres": "acre", "hectares": "ha",
}
MODIFIERS = frozenset(
    """
    more other additional extra new old heavy light small large big major minor senior junior
    israeli lebanese iranian iraqi syrian american us u.s. british french palestinian yemeni
    military civilian armed foreign local separate different rival suspected alleged reported
    confirmed hezbollah idf un rocket-propelled long-range short-range ballistic guided suicide
    main key top leading young elderly female male active retired unidentified unknown of
    """.split()
)
NOT_COUNTED = frozenset("a an the and or to in on at by for from with per that which who times".split())

_NUMWORD = "|".join(sorted(list(UNITS_WORDS) + list(SCALES), key=len, reverse=True))
_VAGUE = "|".join(sorted((re.escape(v) for v in VAGUE), key=len, reverse=True))
_QUAL = "|".join(f"(?:{q})" for q, _ in QUALIFIERS)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORD = r"(?:\s+(?:hundred|thousand|million|billion|trillion))?"
_SUFFIX = r"(?:k|m|mn|bn|b|tn)\b"
NUMBER = re.compile(
    rf"(?P<qual>\b(?:{_QUAL})\s+)?"
    rf"(?:(?P<between>between\s+)?(?P<cur>US\$|\$|€|£|¥)?\s?"
    rf"(?:(?P<num>{_DIGITS})(?P<suffix>{_SUFFIX})?(?P<scale>{_SCALE_WORD})"
    rf"|(?P<words>\b(?:{_NUMWORD})(?:[\s-]+(?:and\s+)?(?:{_NUMWORD}))*\b)"
    rf"|(?P<vague>\b(?:{_VAGUE})\b))"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<num2>{_DIGITS})(?P<scale2>{_SCALE_WORD}))?)"
    rf"(?P<pct>\s?(?:%|per\s?cent\b|percent\b))?",
    re.IGNORECASE,
)
# A number inside a name or code: "Tower 22", "F-16", "COVID-19", "G7", "Resolution 1701".
NAME_BEFORE = re.compile(r"(?:\b(?:[A-Z][a-zA-Z]*|No\.|Nos\.|Resolution|Res\.|Flight|Route|Highway|Tower|Article|Section|Chapter|Gate|Level|Phase|Stage|Block|Unit|Room|Building)\s*[- ]?|[A-Za-z]-?)$")
TIME_OR_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th|:\d|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|o'clock))", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str  # exact, about, at_least, more_than, up_to, less_than, range
    unit: str | None
    counted: str | None

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value,
                "low": self.low, "high": self.high, "qualifier": self.qualifier,
                "unit": self.unit, "counted": self.counted}


def words_to_number(words: str) -> float | None:
    total, current = 0, 0
    seen = False
    for token in re.split(r"[\s-]+", words.lower()):
        if token == "and" or not token:
            continue
        if token in UNITS_WORDS:
            current += UNITS_WORDS[token]
            seen = True
        elif token == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif token in SCALES:
            total += max(current, 1) * SCALES[token]
            current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def _parse_num(num: str, suffix: str | None, scale: str | None) -> float:
    value = float(num.replace(",", ""))
    if suffix:
        value *= SUFFIX_SCALES[suffix.lower()]
    if scale and scale.strip():
        value *= SCALES[scale.strip().lower()]
    return value


def _qualifier(text: str | None) -> str:
    if not text:
        return "exact"
    text = text.strip().lower()
    for pattern, name in QUALIFIERS:
        if re.fullmatch(pattern, text):
            return name
    return "exact"


def _counted(text: str, end: int) -> tuple[str | None, str | None, int]:
    """(unit, counted noun, new end) from the words after a number."""
    rest = text[end:end + 60]
    low = rest.lower()
    for phrase, unit in sorted(UNIT_NOUNS.items(), key=lambda kv: -len(kv[0])):
        m = re.match(rf"\s*(?:-\s*)?{re.escape(phrase)}\b", low) if phrase != "%" else None
        if m:
            return unit, None if unit in ("percent", "pp") else _lemma(phrase), end + m.end()
    for phrase, cur in CURRENCIES.items():
        if phrase.isalpha() and re.match(rf"\s+{phrase}\b", low):
            return cur, "dollar" if cur == "USD" else phrase.rstrip("s"), end
    words = []
    for m in _WORD.finditer(rest):
        if text[end + m.start() - 1:end + m.start()] not in (" ", "-") and m.start() != 0:
            break
        words.append(m.group(0))
        if len(words) >= 4:
            break
    for w in words:
        lw = w.lower().strip("'’")
        if lw in NOT_COUNTED:
            return None, None, end
        if lw in MODIFIERS or lw.endswith("ly"):
            continue
        if lw in ("killed", "dead", "wounded", "injured", "missing", "displaced", "arrested"):
            return None, "people", end
        return None, _lemma(lw), end
    return None, None, end


def _lemma(word: str) -> str:
    word = word.lower()
    irregular = {"people": "people", "men": "man", "women": "woman", "children": "child",
                 "casualties": "casualty", "militias": "militia", "aircraft": "aircraft",
                 "series": "series", "news": "news", "troops": "troop"}
    if word in irregular:
        return irregular[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def extract_quantities(text: str, skip: list[tuple[int, int]] = ()) -> list[Quantity]:  # type: ignore[assignment]
    """Quantities in text; spans in `skip` (dates) are not quantities."""
    found: list[Quantity] = []
    for m in NUMBER.finditer(text):
        s, e = m.span()
        core_start = m.start("cur") if m.group("cur") else (
            m.start("num") if m.group("num") else m.start("words") if m.group("words") else m.start("vague"))
        if any(core_start < te and ts < e for ts, te in skip):
            continue
        if m.group("num"):
            before = text[max(0, m.start("num") - 20):m.start("num")]
            if not m.group("cur") and NAME_BEFORE.search(before) and not re.search(r"\b(?:[Mm]ore|[Oo]ver|[Aa]bout|[Aa]t least|[Uu]p to|[Nn]early|[Aa]lmost|[Aa]round)\s*$", before):
                # Capitalised word right before: a name ("Tower 22"), unless sentence-initial "The 16 ..."
                prev = re.search(r"(\S+)\s*$", before)
                if not prev or prev.group(1) not in ("The", "A", "An", "Some", "All", "In", "On", "Of", "And", "But", "Only", "With", "By", "To", "At", "From", "For", "Over", "About", "Nearly", "Around", "Almost", "Roughly", "Between", "Killing", "Wounding", "Another", "Another", "Those", "These"):
                    continue
            if TIME_OR_ORDINAL_AFTER.match(text[m.end("num"):m.end("num") + 8]):
                continue
            if m.end() < len(text) and (text[m.end():m.end() + 1].isalpha() and not m.group("suffix") and not m.group("scale")):
                continue  # "3D", "5G"
        words = m.group("words")
        if words and words.lower() in ("one",) and not m.group("qual"):
            after = text[m.end():m.end() + 12].lower()
            if not re.match(r"\s+(?:of\s+the\s+)?(?:[a-z]+)", after) or re.match(r"\s+(?:of|another|day|who|that|which|side|thing|way)\b", after):
                continue
        qual = _qualifier(m.group("qual"))
        pct = bool(m.group("pct"))
        unit: str | None = "percent" if pct else None
        if m.group("cur"):
            unit = CURRENCIES[m.group("cur").lower()]
        low = high = value = None
        if m.group("vague"):
            lo, hi = VAGUE[m.group("vague").lower()]
            if lo == hi:
                value = low = high = float(lo)
            else:
                low, high = float(lo), float(hi)
                qual = "about" if qual == "exact" else qual
        else:
            if m.group("num"):
                value = _parse_num(m.group("num"), m.group("suffix"), m.group("scale"))
            else:
                value = words_to_number(words)
                if value is None:
                    continue
            if m.group("num2"):
                second = _parse_num(m.group("num2"), None, m.group("scale2") or m.group("scale"))
                if second > value:
                    low, high, value, qual = value, second, None, "range"
                else:
                    continue  # "10-3" scores, not a range
            else:
                low = high = value
        if qual in ("more_than", "at_least"):
            high = None
        elif qual in ("up_to", "less_than"):
            low = None
        end = e
        counted = None
        if unit is None or unit in ("USD", "EUR", "GBP", "JPY"):
            u2, counted, end2 = _counted(text, e)
            if unit is None:
                unit = u2
                end = end2 if u2 else e
        if unit in ("USD", "EUR", "GBP", "JPY", "ILS", "LBP", "IQD"):
            counted = counted or "money"
        qs = s if m.group("qual") else core_start
        found.append(Quantity(text[qs:end].strip(), qs, end, value, low, high, qual, unit, counted))
    return found
