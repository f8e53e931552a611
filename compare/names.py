"""Canonical names: one key per entity however it is spelled.

Per mention (canonical): aliases from data/aliases.yaml, titles, articles, possessives and
"al-" prefixes removed. Per corpus (resolve_keys): transliteration variants merged by a
consonant skeleton plus rapidfuzz similarity, and surnames resolved to the full names they
abbreviate. Also the place lists (countries, demonyms, a gazetteer) that type a name.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from importlib import resources

# Name-internal words: "Bank of England", "Abu Alaa al-Walaei".
# fmt: off
CONNECTORS = (
    "of", "al", "el", "bin", "ibn", "de", "la", "le", "du", "van", "von", "der", "da", "di",
    "dos", "das", "do", "for", "abu", "bint", "ben", "y", "&",
)
# fmt: on


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or (word[:3].lower() in ("al-", "el-") and word[3:4].isupper())


_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_APOS).lower()


_BK_POSS = re.compile(r"'s$|'$")
_BK_THE = re.compile(r"^the\s+")
_BK_AL = re.compile(r"\b(?:al|el)[-\s']")
_BK_PUNCT = re.compile(r"[^a-z0-9& ]+")


@lru_cache(maxsize=65536)
def base_key(text: str) -> str:
    """Spelling-insensitive key of one mention: case, accents, articles, 's, al- removed."""
    t = fold(text).strip()
    t = _BK_POSS.sub("", t)
    t = _BK_THE.sub("", t)
    t = _BK_AL.sub("", t)
    t = _BK_PUNCT.sub(" ", t)
    return " ".join(t.split())


@lru_cache(maxsize=1)
def _alias_data() -> tuple[dict[str, tuple[str, str]], frozenset[str], list[str], frozenset[str]]:
    """(base_key(variant) -> (canonical name, type), keys of non-entities, surface forms
    that need the gazetteer (names with lower-case words, digits or apostrophes), keys known
    only as an acronym: 'WHO' is an alias, 'Who' is not)."""
    import yaml

    raw = resources.files("compare").joinpath("data/aliases.yaml").read_text(encoding="utf-8")
    table: dict[str, tuple[str, str]] = {}
    none: set[str] = set()
    gazetteer: list[str] = []
    spelled: set[str] = set()  # keys with a variant that is not an all-capitals acronym
    for name, info in (yaml.safe_load(raw) or {}).items():
        kind = str(info.get("type", "other"))
        for variant in [str(name), *(str(v) for v in info.get("variants") or [])]:
            if kind == "none":
                none.add(base_key(variant))
                continue
            table[base_key(variant)] = (str(name), kind)
            if not _ACRONYM.fullmatch(variant):
                spelled.add(base_key(variant))
            words = variant.split()
            if (len(words) > 1 and any(not _is_cap(w) for w in words[1:])) or re.search(r"\d|\bd'", variant):
                gazetteer.append(re.sub(r"^the\s+", "", variant, flags=re.I))
    acronyms = frozenset(k for k in table if k not in spelled)
    return table, frozenset(none), gazetteer, acronyms


_ACRONYM = re.compile(r"[A-Z][A-Z.&]*[A-Z]\.?|[A-Z]")


def alias_table() -> dict[str, tuple[str, str]]:
    """base_key(variant) -> (canonical name, type)."""
    return _alias_data()[0]


def not_entities() -> frozenset[str]:
    """Keys of names listed in the alias file with type none (weapons, products, events)."""
    return _alias_data()[1]


@lru_cache(maxsize=65536)
def canonical(text: str) -> tuple[str, str, str | None]:
    """(key, display name, type from the alias file or None) of one mention."""
    k = base_key(text)
    hit = alias_table().get(k)
    if hit and k in _alias_data()[3] and not text.strip().isupper():
        hit = None  # "Who", "Us": words, not the acronyms WHO and US
    if hit:
        return base_key(hit[0]), hit[0], hit[1]
    return k, text.strip(), None


@lru_cache(maxsize=1)
def _place_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(places, countries, demonyms and language names) from places.txt."""
    raw = resources.files("compare").joinpath("data/places.txt").read_text(encoding="utf-8")
    places, countries, demonyms = set(), set(), set()
    section = ""
    for ln in raw.splitlines():
        if ln.startswith("#"):
            head = ln.strip("# ").lower()
            if head in ("countries", "regions and cities") or head.startswith("demonyms"):
                section = head.split()[0]
            continue
        if not ln.strip():
            continue
        if section == "demonyms":
            demonyms.add(fold(ln.strip()))
            continue
        places.add(base_key(ln))
        if section == "countries":
            countries.add(base_key(ln))
    for name, (canon, kind) in alias_table().items():
        if kind == "place" and base_key(canon) in countries:
            countries.add(name)
    countries |= {"united states", "united kingdom", "palestine"}
    return frozenset(places), frozenset(countries), frozenset(demonyms)


def known_places() -> frozenset[str]:
    return _place_lists()[0]


def is_country(key: str) -> bool:
    return key in _place_lists()[1]


@lru_cache(maxsize=65536)
def is_demonym(word: str) -> bool:
    """'Israeli', 'Israelis', 'Iranian', 'Hebrew', 'Shiite': adjectives and peoples, not names."""
    w = fold(word).removesuffix("'s")
    dem = _place_lists()[2]
    if "-" in w.strip("-"):  # "Jordanian-Syrian": a compound of peoples is not a name
        return all(p in dem or (p.endswith("s") and p[:-1] in dem) for p in w.split("-") if p)
    return w in dem or (w.endswith("s") and w[:-1] in dem)


# fmt: off
FACILITY_HEADS = (
    "airport", "base", "port", "airbase", "air base", "hospital", "camp", "crossing", "area",
    "site",
)
# fmt: on


def place_core(key: str) -> str:
    """'rosh pinna airport' -> 'rosh pina': the place a facility is named after."""
    for head in FACILITY_HEADS:
        if key.endswith(" " + head):
            core = key[: -len(head) - 1]
            return canonical(core)[0] if core else key
    return key


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    raw = resources.files("compare").joinpath("data/common_words.txt").read_text(encoding="utf-8")
    return frozenset(ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """Known names a capitalised-phrase scan cannot delimit ('Islamic Resistance in Iraq',
    'Israeli army', 'Tower 22', "Côte d'Ivoire"), and the first words they start with."""
    forms: set[str] = set()
    for variant in _alias_data()[2]:
        forms.add(variant)
        words = variant.split(" ")
        forms.add(
            " ".join(
                [
                    words[0],
                    *(
                        w[:1].upper() + w[1:] if w not in CONNECTORS and w not in ("and", "in", "the") else w
                        for w in words[1:]
                    ),
                ]
            )
        )
    raw = resources.files("compare").joinpath("data/places.txt").read_text(encoding="utf-8")
    for ln in raw.splitlines():
        if ln.startswith("# demonyms"):
            break
        ln = ln.strip()
        if ln and not ln.startswith("#") and ((" " in ln and any(not _is_cap(w) for w in ln.split()[1:])) or "'" in ln):
            forms.add(ln)
    if not forms:
        return None, frozenset()
    alts = "|".join(
        re.escape(f).replace("\\'", "['’]").replace("'", "['’]").replace("\\ ", r"[ -]")
        for f in sorted(forms, key=len, reverse=True)
    )
    first = frozenset(re.split(r"[ -]", f, maxsplit=1)[0] for f in forms)
    return re.compile(rf"(?<![\w'’-])(?:{alts})(?![\w'’]|-\w)"), first


_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")


def skeleton(key: str) -> str:
    """Consonant skeleton: transliteration variants (Hezbollah, Hizballah) share it."""
    s = _VOWELS.sub("", key.replace(" ", ""))
    return _DOUBLES.sub(r"\1", s)


def resolve_keys(entities: list[tuple[str, str, str]]) -> dict[str, str]:
    """Map keys to representative keys across a corpus.

    `entities` holds (key, display name, type) for every mention. Keys whose skeletons
    match, or whose rapidfuzz ratio is at least 88 (same first letter, length >= 5), are
    merged into the most frequent key; a single-word person key equal to the last word of
    a longer person key (Nasrallah -> hassan nasrallah) is mapped to it when unambiguous.
    """
    from collections import Counter

    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process

    counts = Counter(k for k, _, _ in entities)
    types: dict[str, str] = {}
    for k, _, t in entities:
        types.setdefault(k, t)
    keys = sorted(counts, key=lambda k: (-counts[k], k))
    mapping: dict[str, str] = {}
    by_skel: dict[tuple[str, str], str] = {}
    reps: list[str] = []
    # A merge needs the same first letter, and a ratio of 88 needs lengths within about a
    # quarter of each other (2 * shorter / (sum of both) >= 0.88), so each key is compared
    # only with the representatives of its letter and of such lengths, already processed:
    # comparing with all of them was quadratic (a minute and a half on a corpus of 400,000
    # claims). The best match is the first best in the order representatives were made,
    # as one search over all of them would give.
    buckets: dict[tuple[str, int], tuple[list[int], list[str], list[str]]] = {}
    made = 0
    for k in keys:
        sk = (k[:1], skeleton(k))
        if len(sk[1]) >= 4 and sk in by_skel:
            mapping[k] = by_skel[sk]
            continue
        target = None
        pk = default_process(k)
        if len(k) >= 5:
            found: tuple[float, int, str] | None = None
            for length in range(int(len(pk) * 0.78), math.ceil(len(pk) * 1.28) + 1):
                bucket = buckets.get((k[:1], length))
                if bucket is None:
                    continue
                best = process.extractOne(pk, bucket[2], scorer=fuzz.ratio, processor=None, score_cutoff=88)
                if best and (found is None or (best[1], -bucket[0][best[2]]) > (found[0], -found[1])):
                    found = (best[1], bucket[0][best[2]], bucket[1][best[2]])
            if found:
                target = found[2]
        if target:
            mapping[k] = target
        else:
            reps.append(k)
            order, names, processed = buckets.setdefault((k[:1], len(pk)), ([], [], []))
            order.append(made)
            made += 1
            names.append(k)
            processed.append(pk)
            by_skel.setdefault(sk, k)
            mapping[k] = k
    # Surnames: "gallant" -> "yoav gallant" when exactly one longer person key ends with it.
    last_word: dict[str, set[str]] = {}
    for k in reps:
        if " " in k and types.get(k) == "person":
            last_word.setdefault(k.rsplit(" ", 1)[1], set()).add(k)
    # Keys by representative, built once: scanning the whole mapping for each surname was
    # quadratic (minutes on a corpus of 400,000 claims). A remapped key now points to a
    # multi-word key, which no later single-word representative can equal.
    sources_of: dict[str, list[str]] = {}
    for src, dst in mapping.items():
        sources_of.setdefault(dst, []).append(src)
    for k in reps:
        # "Israel" is not the surname of a mis-read "If Israel": places keep their key.
        if " " not in k and len(last_word.get(k, ())) == 1 and types.get(k) != "place" and k not in known_places():
            full = next(iter(last_word[k]))
            for src in sources_of.get(k, ()):
                mapping[src] = full
    return mapping
