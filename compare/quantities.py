"""Quantities: numerals and number words with qualifier, unit and what is counted.

One pass of a compiled regex finds the number cores (digits, number words, vague plurals,
with a currency sign or code in front); the qualifier is read from the words just before
a core, the range, percentage or unit from the words just after it, and what is counted
from the noun phrase that follows. Conventions are those of docs/extraction.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easy to edit)."""
    return frozenset(text.split())


# fmt: off
UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "lakh": 100_000, "crore": 10_000_000}
SUFFIX_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000,
                 "b": 1_000_000_000, "tn": 1_000_000_000_000, "trn": 1_000_000_000_000}
VAGUE = {  # vague plurals: (low, high); the value stays None
    "dozens": (24, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999), "tens of millions": (20_000_000, 99_999_999),
    "hundreds of millions": (200_000_000, 999_999_999), "billions": (2_000_000_000, 9_999_999_999),
}
QUALIFIERS = {
    "more_than": "more than|over|in excess of|upwards of|above|exceeding|greater than|just over|"
                 "well over|passed|topped|surpassed|exceeded|beyond",
    "at_least": "at least|no fewer than|no less than|a minimum of|minimum of",
    "about": "about|around|roughly|approximately|some|nearly|almost|close to|an estimated|"
             "estimated|circa|approx\\.?|c\\.|an approximate|approximate|more or less|~",
    "up_to": "up to|as many as|at most|no more than|a maximum of|maximum of|as much as",
    "less_than": "fewer than|less than|under|below|just under|not quite",
}
_QUAL_NAME = {}
for _name, _alts in QUALIFIERS.items():
    for _alt in _alts.split("|"):
        _QUAL_NAME[_alt.replace("\\", "")] = _name
VERB_QUALIFIERS = frozenset({"passed", "topped", "surpassed", "exceeded"})

CURRENCY_SIGNS = {
    "$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW", "₹": "INR",
    "₪": "ILS", "₺": "TRY", "₽": "RUB", "₦": "NGN", "r$": "BRL", "c$": "CAD", "a$": "AUD",
    "hk$": "HKD", "nz$": "NZD", "s$": "SGD", "rs": "INR", "rs.": "INR",
}
CURRENCY_CODES = sorted(_words("""
    USD EUR GBP JPY NOK SEK DKK CHF INR KRW BRL CNY RMB RUB ILS AUD CAD ZAR MXN TRY LBP IQD IRR
    SAR AED QAR EGP NGN KES HKD SGD NZD PLN CZK HUF
"""))
CURRENCY_WORDS = {
    "us dollars": "USD", "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
    "pounds sterling": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rupees": "INR", "rupee": "INR", "shekels": "ILS", "shekel": "ILS", "roubles": "RUB",
    "rubles": "RUB", "reais": "BRL", "lebanese pounds": "LBP", "egyptian pounds": "EGP",
    "syrian pounds": "SYP", "lebanese lira": "LBP", "turkish lira": "TRY", "lira": "TRY",
    "liras": "TRY", "iraqi dinars": "IQD", "dinars": "IQD", "riyals": "SAR", "dirhams": "AED",
    "naira": "NGN", "rand": "ZAR", "won": "KRW", "swiss francs": "CHF", "francs": "CHF",
    "kroner": "NOK", "kronor": "SEK", "zloty": "PLN", "pesos": "peso", "rials": "IRR",
    "tomans": "IRR",
}
UNIT_WORDS = {
    "percent": "percent", "per cent": "percent", "pct": "percent", "%": "percent",
    "percentage points": "percentage point", "percentage point": "percentage point",
    "basis points": "basis point", "basis point": "basis point", "bps": "basis point",
    "square kilometres": "square km", "square kilometers": "square km", "sq km": "square km",
    "km2": "square km", "km²": "square km", "square miles": "square mile",
    "km/h": "km/h", "kph": "km/h", "kilometres per hour": "km/h", "kilometers per hour": "km/h",
    "mph": "mph", "miles per hour": "mph", "knots": "knot",
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "miles": "mile", "mile": "mile", "metres": "metre", "meters": "metre", "metre": "metre",
    "meter": "metre", "centimetres": "centimetre", "centimeters": "centimetre",
    "centimetre": "centimetre", "centimeter": "centimetre", "cm": "centimetre",
    "millimetres": "millimetre", "millimeters": "millimetre", "millimetre": "millimetre",
    "millimeter": "millimetre", "mm": "millimetre",
    "feet": "foot", "foot": "foot", "ft": "foot", "inches": "inch", "inch": "inch",
    "kg": "kg", "kilograms": "kg", "kilogrammes": "kg", "kilogram": "kg", "kilos": "kg",
    "tonnes": "tonne", "tonne": "tonne", "tons": "tonne", "ton": "tonne", "metric tons": "tonne",
    "grams": "gram", "gram": "gram", "litres": "litre", "liters": "litre", "litre": "litre",
    "barrels": "barrel", "barrel": "barrel", "acres": "acre", "acre": "acre",
    "hectares": "hectare", "hectare": "hectare", "megawatts": "megawatt", "mw": "megawatt",
    "gigawatts": "gigawatt", "gw": "gigawatt",
    "degrees celsius": "celsius", "degrees centigrade": "celsius", "degrees c": "celsius",
    "°c": "celsius", "ºc": "celsius", "° c": "celsius", "degrees fahrenheit": "fahrenheit",
    "degrees f": "fahrenheit", "°f": "fahrenheit", "ºf": "fahrenheit", "degrees": "degree",
    "magnitude": "magnitude",
    "seconds": "second", "second": "second", "minutes": "minute", "minute": "minute",
    "hours": "hour", "hour": "hour", "days": "day", "day": "day", "weeks": "week",
    "week": "week", "months": "month", "month": "month", "years": "year", "year": "year",
    "decades": "decade", "decade": "decade", "centuries": "century", "century": "century",
}
DURATIONS = _words("second minute hour day week month year decade century")
# Units that make a compound adjective with a hyphen: "four-day", "7.6-magnitude".
HYPHEN_UNITS = DURATIONS | _words("""
    km metre mile magnitude kg tonne foot acre hectare centimetre millimetre percent inch litre
""") | {"square km"}
MONEY_UNITS = (frozenset(CURRENCY_CODES) | frozenset(CURRENCY_WORDS.values())
               | frozenset(CURRENCY_SIGNS.values()))
# fmt: on
_NUMWORD = "|".join(sorted([*UNITS_WORDS, *SCALES, "dozen"], key=len, reverse=True))
_VAGUE = "|".join(sorted((v.replace(" ", r"\s+") for v in VAGUE), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORD = r"(?:\s+(?:hundred|thousand|million|billion|trillion|lakh|crore)\b)?"
_SIGN = r"us\$|r\$|c\$|a\$|hk\$|nz\$|s\$|\$|€|£|¥|₩|₹|₪|₺|₽|₦|rs\.?\s?"
_CODE = "|".join(c.lower() for c in CURRENCY_CODES)
# All patterns below run on the lower-cased text (same offsets): much faster than re.I.
CORE = re.compile(
    rf"(?:(?P<cur>{_SIGN})|(?P<code>\b(?:{_CODE}))\s?)?"
    rf"(?:(?<![\w.,])(?P<num>{_DIGITS})(?:(?P<suffix>k|m|mn|mln|bn|b|tn|trn)(?!\w))?(?P<scale>{_SCALE_WORD})"
    rf"|(?P<words>\b(?:(?:half\s+)?an?\s+(?=dozen|hundred|thousand|million|billion))?"
    rf"(?:{_NUMWORD})(?:(?:\s+and\s+|[\s-]+)(?:{_NUMWORD}))*\b)"
    rf"|(?P<vague>\b(?:{_VAGUE})\b))"
)
_RANGE_TAIL = re.compile(
    rf"\s*(?P<sep>-|–|to|and|or)\s*(?:(?P<cur2>{_SIGN})?(?P<num2>{_DIGITS})(?:(?P<suffix2>k|m|mn|bn|b|tn)(?!\w))?"
    rf"(?P<scale2>{_SCALE_WORD})(?![\d,]|-\d)"
    rf"|(?P<words2>(?:{_NUMWORD})(?:[\s-]+(?:{_NUMWORD}))*)\b)"
)
_QUAL_BEFORE = re.compile(
    r"(?:(?<![\w-])(?P<q>"
    + "|".join(sorted((a for v in QUALIFIERS.values() for a in v.split("|")), key=len, reverse=True))
    + r")|(?P<between>\bbetween))\s*$"
)
_UNIT_AFTER = re.compile(
    r"(?P<sp>\s*-\s*|\s?)(?P<u>"
    + "|".join(sorted((re.escape(u) for u in UNIT_WORDS), key=len, reverse=True))
    + r")(?![\w²])"
)
_DEGREE_LETTER = re.compile(r"\s?°?(?P<u>[CF])(?![\w'’])")  # on the original text: case matters
_CURRENCY_AFTER = re.compile(
    r"\s+(?P<u>"
    + "|".join(sorted((re.escape(w) for w in CURRENCY_WORDS), key=len, reverse=True))
    + "|"
    + _CODE
    + r")\b"
)
_PERCENT_SIGN = re.compile(r"\s?%")
_SCORE = re.compile(r"[-–](\d{1,2})(?![\d.,])")
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude[- ]$")
_TIME_AFTER = re.compile(r"(?:st|nd|rd|th)\b|:\d|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|gmt|utc|hrs\b|o['’]clock)")
_CLOCK_AFTER = re.compile(
    r"\s+(?:in the (?:morning|afternoon|evening)|at night|o['’]clock|a\.m\.|p\.m\.|am\b|pm\b)"
    r"|(?:['’]o|-thirty)\b"
)
_FROM_BEFORE = re.compile(r"\bfrom\s+\S*$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*|[^\sA-Za-z]")
_PREV_WORD = re.compile(r"([A-Za-z][\w'’.]*)\s?$")
_CARRY = re.compile(r"\s+(?:to|and|or|from|versus|vs\.?)\s+")
_ANCHOR = re.compile(rf"\d|\b(?:{_NUMWORD}|dozens|hundreds|thousands|millions|billions|tens)\b")
_CUR_BEFORE = re.compile(rf"(?:{_SIGN}|\b(?:{_CODE})\s?)$")
_A_BEFORE = re.compile(r"\b(?:half\s+)?an?\s+$")
_A_SCALES = ("dozen", "hundred", "thousand", "million", "billion")
_CAMEL = re.compile(r"[a-z]+[A-Z]\w*")

# Words before a number that make "about" a preposition ("a documentary about 26 artworks").
TOPIC_NOUNS = _words(
    """
    documentary film films book books story stories report reports article articles question
    questions information data details concerns complaints talks news movie series play song
    novel lecture worried warned knowledge
    """
)
SENTENCE_START_WORDS = _words(
    """
    only all just some another exactly almost nearly roughly around about over under up
    between fewer less more another killing wounding injuring
    """
)
# On the original text: the title between the noun and "about" is capitalised.
_TOPIC_BEFORE = re.compile(r"\b(?:" + "|".join(TOPIC_NOUNS) + r")(?:\s+[A-Z][\w'’-]*)*,?\s+$")
# Words that end the noun phrase after a number.
PHRASE_STOP = _words(
    """
    a an the and or but nor to in on at by for from with per that which who whom whose of as
    than were was are is be been being have has had will would could should may might can
    must do does did not no this these those it its their his her our them they he she we
    you i so if when while after before since until because into onto over under about
    around between among against during without within across through toward towards up down
    out off again also only just still even each every all both more most less least very
    too
    """
)
MODIFIERS = _words(
    """
    more other additional extra new old heavy light small large big major minor senior
    junior military civilian armed foreign local separate different rival suspected alleged
    reported confirmed main key top leading young elderly female male active retired
    unidentified unknown gold silver bronze full part-time full-time
    """
)
VERB_PEOPLE = re.compile(
    r"\b(?:killing|killed|kills|kill|injuring|injured|wounding|wounded|"
    r"hurting|hurt|arresting|arrested|detaining|detained|evacuating|evacuated|"
    r"displacing|displaced|rescuing|rescued)\s+$",
    re.I,
)
PEOPLE_AFTER = re.compile(
    r"\s+(?:(?:were|have been|had been|was|are|being)\s+)?(?:killed|dead|died|"
    r"wounded|injured|hurt|missing|displaced|arrested|detained|evacuated)\b"
)
# fmt: off
IRREGULAR = {"people": "people", "men": "man", "women": "woman", "children": "child",
             "casualties": "casualty", "aircraft": "aircraft", "series": "series", "news": "news",
             "species": "species", "police": "police", "crew": "crew", "staff": "staff",
             "personnel": "personnel", "feet": "foot", "teeth": "tooth", "mice": "mouse",
             "geese": "goose", "sheep": "sheep", "fish": "fish", "deer": "deer", "data": "data",
             "media": "media", "crises": "crisis", "analyses": "analysis", "buses": "bus",
             "countries": "country", "lives": "life", "wives": "wife", "knives": "knife",
             "militias": "militia", "troops": "troop", "gas": "gas"}
# fmt: on


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
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "unit": self.unit,
            "counted": self.counted,
        }


def words_to_number(words: str) -> float | None:
    """'two million' -> 2e6, 'a dozen' -> 12, 'one hundred and fifty' -> 150."""
    total, current = 0.0, 0.0
    seen = False
    half = False
    for token in re.split(r"[\s-]+", words.lower()):
        if token in ("and", ""):
            continue
        if token in ("a", "an"):
            current = max(current, 1)
            continue
        if token == "half":
            half = True
            continue
        if token in UNITS_WORDS:
            current += UNITS_WORDS[token]
        elif token == "dozen":
            current = max(current, 1) * 12
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in SCALES:
            total += max(current, 1) * SCALES[token]
            current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    value = total + current
    return value / 2 if half else value


def _parse_num(num: str, suffix: str | None, scale: str | None) -> float:
    value = float(num.replace(",", ""))
    if suffix:
        value *= SUFFIX_SCALES[suffix.lower()]
    if scale and scale.strip():
        value *= SCALES[scale.strip().lower()]
    return value


@lru_cache(maxsize=4096)
def lemma(word: str) -> str:
    """Singular of a plural noun; capitalised words keep their case ('Oscars' -> 'Oscar')."""
    low = word.lower()
    if low in IRREGULAR:
        out = IRREGULAR[low]
    elif low.endswith("ies") and len(low) > 4:
        out = low[:-3] + "y"
    elif low.endswith(("sses", "shes", "ches", "xes", "zzes")):
        out = low[:-2]
    elif low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3:
        out = low[:-1]
    else:
        out = low
    return out[:1].upper() + out[1:] if word[:1].isupper() and word[1:2].islower() and out else out


def _counted(text: str, end: int, before: str, one: bool) -> str | None:
    """Head noun of what the number counts, read from the words after `end`: the first
    plural noun of the phrase ("27 gold medals" -> medal), or for "one" its first noun."""
    if PEOPLE_AFTER.match(text, end):
        return "people"
    words = _WORD.findall(text, end, end + 80)[:8]
    i = 0
    if words[:1] == ["of"]:
        # partitives and vague plurals: "Nine of the 11 rockets", "dozens of troops"
        i = 1
        while i < len(words) and words[i].lower() in _DETERMINERS:
            i += 1
        if i < len(words) and (words[i][:1].isdigit() or words[i].lower() in UNITS_WORDS):
            i += 1
            while i < len(words) and (words[i] == "," or words[i][:1].isdigit()):
                i += 1
        elif i < len(words) and words[i].lower() in _PRONOUNS:
            return None  # "40 of them": the noun is elsewhere
    phrase: list[str] = []
    rest = words[i:]
    # "32 US and other foreign military planes": "and other" joins two modifiers of one
    # head noun, it does not end the phrase.
    if len(rest) > 2 and rest[1].lower() == "and" and rest[2].lower() == "other":
        rest = rest[:1] + rest[3:]
    for w in rest[:4]:
        lw = w.lower().strip("'’.")
        if not w[:1].isalpha() or lw in PHRASE_STOP:
            break
        phrase.append(w.strip("'’."))
        if w.endswith((".", "'s", "’s")):
            break
    head = None
    for w in phrase:
        lw = w.lower()
        if one:
            if lw not in MODIFIERS and not lw.endswith("ly"):
                head = w
                break
        elif lw in IRREGULAR or (lw.endswith("s") and not lw.endswith(("ss", "us", "is")) and not w.isupper()):
            head = w
            break
    if head is None and phrase and not one:
        # no plural: the first word that is not a modifier, a participle or a verb
        w = phrase[0]
        lw = w.lower()
        if lw not in MODIFIERS and not lw.endswith(("ly", "ed", "ing")) and not w.isupper():
            head = w
    if head is None:
        if VERB_PEOPLE.search(before) or _TOLL.search(before):
            return "death" if "toll" in before.lower() else "people"
        return None
    return lemma(head.replace("’", "'").removesuffix("'s"))


_DETERMINERS = _words("the their its his her our those these all")
_PRONOUNS = _words("them us whom which these those")
_TOLL = re.compile(r"\b(?:death\s+)?toll\b[^.]{0,30}$", re.I)


def _is_name_number(text: str, s: int) -> bool:
    """A number inside a name or code: 'Tower 22', 'Resolution 1701', 'MQ-9', 'iPhone 16'."""
    before = text[max(0, s - 25) : s]
    if before.endswith("-") and before[-2:-1].isalpha():
        return True  # MQ-9, COVID-19, F-16
    m = _PREV_WORD.search(before)
    if not m or (not before.endswith(" ") and not before.endswith("#")):
        return bool(before and (before[-1].isalpha() or before[-1] == "#"))  # "COP28", "G7"
    word = m.group(1)
    if word.endswith(".") and word.lower() not in ("no.", "nos."):
        return False  # the end of a sentence
    if _CAMEL.fullmatch(word):
        return True  # iPhone 16
    if not word[:1].isupper() or word.lower() in _QUAL_NAME or word.lower() in ("between",):
        return False
    if word.lower() in ("no", "no.", "nos", "nos."):
        return True
    head = before[: m.start(1)].rstrip()
    if not head or head[-1] in ".!?:;\"“(‘'":  # sentence start: "Some 200", but "Flight 417"
        return word.lower() not in PHRASE_STOP and word.lower() not in SENTENCE_START_WORDS
    return True


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a rare character whose lower case is longer: keep offsets
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return low


def extract_quantities(text: str, skip: list[tuple[int, int]] = ()) -> list[Quantity]:  # type: ignore[assignment]
    """Quantities in text; spans in `skip` (dates) are not quantities."""
    low = _lower(text)
    found: list[Quantity] = []
    taken_to = -1
    pos = 0
    # Anchors (a digit, a number word) are cheap to find; the full pattern is then tried
    # only there, a few characters earlier for a currency sign or "a" ("$30", "a dozen").
    while (a := _ANCHOR.search(low, pos)) is not None:
        i = a.start()
        pos = a.end()
        start = i
        if low[i].isdigit():
            if (c := _CUR_BEFORE.search(low, max(0, i - 5), i)) is not None:
                start = c.start()
        elif (b := _A_BEFORE.search(low, max(0, i - 10), i)) is not None and low.startswith(_A_SCALES, i):
            start = b.start()
        m = CORE.match(low, start)
        if m is None or m.end() <= i:
            continue
        pos = max(pos, m.end())
        q = _quantity(text, low, m, skip, taken_to)
        if q is None:
            continue
        if isinstance(q, int):
            taken_to = pos = max(pos, q)
            continue
        if (
            q.unit is None
            and q.counted is None
            and found
            and found[-1].unit
            and (_CARRY.fullmatch(text, found[-1].end, q.start))
        ):
            q = replace(q, unit=found[-1].unit)  # "from 12 years to 10": the 10 is years too
        found.append(q)
        taken_to = q.end
        pos = max(pos, q.end)
    return found


def _quantity(
    text: str, low: str, m: re.Match[str], skip: list[tuple[int, int]], taken_to: int
) -> Quantity | int | None:
    """One quantity from a core match; an int is an offset to skip to (a score)."""
    s, e = m.span()
    if s < taken_to:
        return None
    num, words, vague = m.group("num"), m.group("words"), m.group("vague")
    core_start = m.start("num") if num else m.start("words") if words else m.start("vague")
    for ts, te in skip:
        if core_start < te and ts < e:
            return None
    cur = m.group("cur") or m.group("code")
    unit: str | None = None
    if cur:
        cur = cur.strip()
        unit = CURRENCY_SIGNS.get(cur) or cur.upper()
    if num:
        sc = _SCORE.match(low, e)
        if (sc and float(sc.group(1)) <= float(num.replace(",", ""))) or (
            s >= 2 and text[s - 1] in "-–" and text[s - 2].isdigit()
        ):
            return sc.end() if sc else e  # "1-0": a score
        if not cur and _is_name_number(text, s):
            return None
        if _TIME_AFTER.match(low, e) and not m.group("scale"):
            return None  # times and ordinals
        nxt = text[e : e + 2]
        if nxt[:1].isalpha() and not m.group("suffix") and not m.group("scale") and not _DEGREE_LETTER.match(text, e):
            return None  # "3D", "5G", "49ers"
        if nxt[:1] in ("/", ":") and nxt[1:2].isdigit():
            return None  # 24/7, 3:1
    elif words:
        if _CLOCK_AFTER.match(low, e):
            return None  # "at around seven in the morning"
        if text[s].isupper() and s > 0 and _is_name_number(text, s) and not text[:s].rstrip().endswith((".", ":")):
            return None  # "Channel One", "Formula One"
        if words == "one" and _one_is_pronoun(low, s, e):
            return None
    qual_m = _QUAL_BEFORE.search(low, max(0, s - 30), s)
    qword = qual_m.group("q") if qual_m else None
    between = bool(qual_m and qual_m.group("between"))
    qual = _QUAL_NAME.get(" ".join(qword.split())) if qword else None
    if qual_m and qword == "about" and _TOPIC_BEFORE.search(text, max(0, s - 70), qual_m.start()):
        qual_m = qword = qual = None  # "a documentary about 26 artworks"
    end = e
    value: float | None
    if vague:
        low_v, high_v = (float(x) for x in VAGUE[" ".join(vague.split())])
        value = None
        qual = qual if qual in ("more_than", "up_to", "at_least", "less_than") else "about"
    else:
        value = _parse_num(num, m.group("suffix"), m.group("scale")) if num else words_to_number(words)
        if value is None:
            return None
        low_v = high_v = value
        r = _RANGE_TAIL.match(low, e)
        if r:
            sep = r.group("sep")
            if sep in ("and",) and not between:
                r = None  # "5 and 7" lists two figures
            elif sep == "to" and _FROM_BEFORE.search(low, max(0, s - 12), s):
                r = None  # "from 12 years to 10": two figures, not a range
            elif (r.group("words2") is None) != (words is None):
                r = None  # "three to 5": mixed forms are not read as a range
            elif sep == "or" and not r.group("words2"):
                r = None
        if r:
            if r.group("num2"):
                second = _parse_num(r.group("num2"), r.group("suffix2"), r.group("scale2"))
                if r.group("scale2") and not m.group("scale") and not m.group("suffix"):
                    value = _parse_num(num, None, r.group("scale2"))  # "between 1.5 and 2 million"
            else:
                second = words_to_number(r.group("words2")) or 0.0
            if second > value:
                low_v, high_v, value = value, second, None
                if r.group("sep") == "or":
                    qual = "about"  # "two or three"
                elif qual not in ("up_to", "less_than", "more_than", "at_least"):
                    qual = "range"
                if r.group("cur2") and not unit:
                    unit = CURRENCY_SIGNS.get(r.group("cur2").strip())
                end = r.end()
        qual = qual or "exact"
    # Unit after the number.
    if unit is None:
        pm = _PERCENT_SIGN.match(low, end)
        um = pm or _UNIT_AFTER.match(low, end)
        if um:
            u = "percent" if pm else UNIT_WORDS[um.group("u")]
            if pm or um.group("sp").strip() != "-" or u in HYPHEN_UNITS:
                unit, end = u, um.end()
        elif num and (dm := _DEGREE_LETTER.match(text, end)):
            unit = "celsius" if dm.group("u") == "C" else "fahrenheit"
            end = dm.end()
        elif (cm := _CURRENCY_AFTER.match(low, end)) and (cm.group("u") != "won" or m.group("scale")):
            unit = CURRENCY_WORDS.get(cm.group("u")) or cm.group("u").upper()
            end = cm.end()
        elif _MAGNITUDE_BEFORE.search(low, max(0, s - 10), s):
            unit = "magnitude"
            s = low.rfind("magnitude", 0, s)
    elif (
        m.group("code") is None and (cm := _CURRENCY_AFTER.match(low, end)) and cm.group("u").upper() in CURRENCY_CODES
    ):
        end = cm.end()  # "$30 million USD"
    if qword in ("over", "under", "within") and unit in DURATIONS:
        qual_m = qword = None
        qual = "exact"  # "over three weeks": during, not more than
    counted = None
    if unit is None:
        counted = _counted(text, end, text[max(0, s - 40) : qual_m.start() if qual_m else s], value == 1)
        if qword in VERB_QUALIFIERS and counted and counted not in ("people", "death"):
            qual_m = qword = None  # "passed two laws": a verb, not a qualifier
            qual = "exact" if value is not None else qual
    if qual in ("more_than", "at_least"):
        high_v = None
    elif qual in ("up_to", "less_than"):
        low_v = None
    qs = qual_m.start() if qual_m else s
    span = text[qs:end].rstrip()
    return Quantity(span, qs, qs + len(span), value, low_v, high_v, qual or "exact", unit, counted)


def _one_is_pronoun(low: str, s: int, e: int) -> bool:
    """'one of the factions', 'no one', 'one another': not a count."""
    if not _ONE_NOUN_AFTER.match(low, e) or _ONE_NOT_AFTER.match(low, e):
        return True
    return bool(_ONE_NOT_BEFORE.search(low, max(0, s - 12), s))


_ONE_NOUN_AFTER = re.compile(r"\s+[a-z]")
_ONE_NOT_AFTER = re.compile(
    r"\s+(?:of|another|day|who|that|which|side|thing|way|time|point|more|in|is|was|has|had|"
    r"would|could|can|will|said|says|told|and|or|at|on|to|by|for|with|but)\b"
)
_ONE_NOT_BEFORE = re.compile(r"\b(?:no|any|every|each|the|this|that|which|someone|some)\s+$")
