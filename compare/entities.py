"""Named entities (people, organisations, places) and their canonical keys.

No statistical model: capitalised-phrase detection with news-aware rules, typed by an
editable alias file and by cue words, then canonicalised in two steps:
1. per mention: aliases, titles, articles, possessives and "al-" prefixes removed;
2. per corpus (resolve_keys): transliteration variants merged by a consonant skeleton
   plus rapidfuzz similarity, and surnames resolved to the full names they abbreviate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ROLE_WORDS = frozenset(
    """
    president prime minister secretary general gen maj lt col sgt capt cpl pvt adm brig cmdr
    commander chief leader spokesman spokeswoman spokesperson minister defence defense foreign
    interior sayyed sayyid sheikh shaykh mr mrs ms dr prof rev gov sen rep ambassador envoy
    king queen prince crown emir ayatollah imam pope staff sergeant major lieutenant colonel
    captain admiral mayor governor senator representative judge justice chairman ceo director
    head deputy speaker mp lawmaker officer coach striker manager founder former late
    """.split()
)
# Capitalised words that start sentences or are not names.
STOP_CAPS = frozenset(
    """
    the a an in on at by for from with of and or but if as to it its this that these those
    there here he she they we i you his her their our my your after before when while since
    during however meanwhile then later also although though because so yet still despite
    according some many most all both each every other another no not what which who whom
    whose where why how monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december today
    yesterday tomorrow last next this earlier over under about around nearly more than less
    one two three four five six seven eight nine ten dozens hundreds thousands several few
    such even only just put by-the-way instead indeed overall besides nonetheless therefore
    thus hence meanwhile once until unlike like among amid without within against toward
    towards upon via per do does did is are was were be been has have had will would can
    could should must might shall let us let's it's that's there's here's we're they're
    breaking update updated exclusive analysis opinion editorial live watch read note
    """.split()
)
TITLE_HEADS = frozenset(
    """
    minister secretary spokesman spokeswoman spokesperson president commander leader chief
    director ambassador envoy governor mayor chairman secretary-general premier sheikh sayyed
    king queen prince emir general
    """.split()
)
DEMONYMS = frozenset(
    """
    israeli israelis lebanese iranian iranians iraqi iraqis syrian syrians american americans
    british french german russian chinese palestinian palestinians yemeni arab arabs western
    jewish muslim muslims christian shia shiite sunni european spanish italian canadian
    egyptian jordanian saudi turkish kurdish hebrew zionist islamic
    """.split()
)
ORG_HEADS = frozenset(
    """
    party army forces force council ministry bank corps group agency organization organisation
    university brigades brigade resistance front committee court fund news times post press
    movement authority association union command guard guards company inc ltd corp corporation
    institute foundation federation commission parliament assembly congress senate police
    service services airlines airways network channel radio television tv league club team
    office department fed reuters hospital school college center centre board alliance
    coalition cabinet government embassy consulate mission division battalion regiment
    """.split()
)
PLACE_HEADS = frozenset(
    """
    river sea ocean mountain mountains valley city county province region district street
    airport base port square bridge border strip heights island islands lake gulf bay coast
    desert plain plains peninsula village town state kingdom republic emirates
    """.split()
)
PLACE_PREPS = ("in", "at", "near", "from", "to", "into", "across", "outside", "inside", "towards", "toward", "over")
CONNECTORS = frozenset({"of", "al", "el", "bin", "ibn", "de", "la", "le", "du", "van", "von", "der", "da", "di", "for", "in", "abu", "bint", "ben", "&"})

TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’.-]*|&")


@dataclass(frozen=True)
class Entity:
    text: str
    start: int
    end: int
    key: str  # canonical key, stable across spellings
    name: str  # canonical display name
    type: str  # person, org, place, other
    role: str = ""  # "Hezbollah leader", "Defence Secretary"

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end, "key": self.key,
                "name": self.name, "type": self.type, "role": self.role}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'")
    return text.lower()


def base_key(text: str) -> str:
    """Spelling-insensitive key of one mention: case, accents, articles, 's, al- removed."""
    t = fold(text)
    t = re.sub(r"'s$|'$", "", t.strip())
    t = re.sub(r"^the\s+", "", t)
    t = re.sub(r"\b(al|el|al|el)[-\s']", "", t)
    t = re.sub(r"[^a-z0-9& ]+", " ", t)
    return " ".join(t.split())


@lru_cache(maxsize=1)
def alias_table() -> dict[str, tuple[str, str]]:
    """base_key(variant) -> (canonical name, type)."""
    import yaml

    raw = resources.files("compare").joinpath("data/aliases.yaml").read_text(encoding="utf-8")
    table: dict[str, tuple[str, str]] = {}
    for name, info in (yaml.safe_load(raw) or {}).items():
        kind = str(info.get("type", "other"))
        for variant in [name, *(info.get("variants") or [])]:
            table[base_key(str(variant))] = (str(name), kind)
    return table


def canonical(text: str) -> tuple[str, str, str | None]:
    """(key, display name, type from the alias file or None) of one mention."""
    k = base_key(text)
    hit = alias_table().get(k)
    if hit:
        return base_key(hit[0]), hit[0], hit[1]
    return k, text.strip(), None


def _guess_type(words: list[str], before: str, after: str) -> str:
    low = [w.lower().strip(".") for w in words]
    if low[-1] in PLACE_HEADS:
        return "place"
    if any(w in ORG_HEADS for w in low):
        return "org"
    if " ".join(low) in known_places():
        return "place"
    if low[0] in ("kataib", "harakat", "ansar", "al-akhbar", "jaish", "liwa", "saraya", "asaib"):
        return "org"
    prev = before.rstrip().rsplit(" ", 1)[-1].lower() if before.strip() else ""
    if re.search(r"\b(said|says|told|added|stated|announced|warned|claimed|denied|wrote)\b", after[:25]):
        return "person" if 1 < len(words) <= 3 else "org"
    if prev in PLACE_PREPS:
        return "place"
    if len(words) in (2, 3) and all(w[:1].isupper() for w in words):
        return "person"
    return "other"


def _role_before(text: str, start: int) -> str:
    """Role words directly before a name: 'Hezbollah leader', 'Defence Secretary'."""
    window = text[max(0, start - 60):start]
    m = re.search(r"((?:[A-Z][\w'’-]*\s+)?(?:[A-Za-z][\w'’.-]*\s+){0,2})$", window)
    if not m:
        return ""
    words = m.group(1).split()
    kept: list[str] = []
    for w in reversed(words):
        if w.lower().strip(".’'s") in ROLE_WORDS or (kept and w[:1].isupper()):
            kept.insert(0, w)
        else:
            break
    return " ".join(kept) if any(w.lower().strip(".") in ROLE_WORDS for w in kept) else ""


def extract_entities(text: str) -> list[Entity]:
    tokens = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]
    caps = sum(1 for t in tokens if t[0][:1].isupper())
    title_case = len(tokens) >= 4 and caps >= 0.7 * len(tokens)
    out: list[Entity] = []
    i = 0
    n = len(tokens)
    while i < n:
        word, s, _ = tokens[i]
        if not _is_cap(word) or word.lower().strip(".") in ROLE_WORDS and _next_is_cap(tokens, i):
            i += 1
            continue
        j = i
        words = [word]
        idxs = [i]
        while j + 1 < n:
            nxt, ns, _ = tokens[j + 1]
            gap = text[tokens[j][2]:ns]
            if gap not in (" ", "-", " - ") or tokens[j][0].endswith((".", "'s", "’s")) and not re.fullmatch(r"(?:[A-Z]\.)+", tokens[j][0]):
                break
            if title_case and _plain(nxt) in STOP_CAPS:
                break
            if _is_cap(nxt) or (nxt.lower() in CONNECTORS and j + 2 < n and _is_cap(tokens[j + 2][0])
                                 and text[tokens[j + 1][2]:tokens[j + 2][1]] in (" ", "-")):
                words.append(nxt)
                idxs.append(j + 1)
                j += 1
            else:
                break
        i = j + 1
        start = s
        end = tokens[j][2]
        for c in ("of", "for"):
            if c in words[1:-1]:
                at = words.index(c)
                if _plain(words[at - 1]) not in ORG_HEADS | PLACE_HEADS | ROLE_WORDS:
                    i = idxs[at] + 1  # the rest is looked at again as its own entity
                    end = tokens[idxs[at - 1]][2]
                    words = words[:at]
                    break
        # Trim sentence-initial function words and stop words at the edges.
        for k in range(len(words) - 2, -1, -1):
            if _plain(words[k]) in TITLE_HEADS and all(w[:1].isupper() for w in words[k + 1:]):
                words = words[k + 1:]  # "National Security Minister Itamar Ben Gvir"
                break
        while words and (_plain(words[0]) in STOP_CAPS or _plain(words[0]) in ROLE_WORDS
                         or (_plain(words[0]) in DEMONYMS and len(words) > 1
                             and _plain(words[1]) in ROLE_WORDS | STOP_CAPS | DEMONYMS)):
            words.pop(0)
        while words and (words[-1].lower() in CONNECTORS or words[-1].lower().strip(".") in STOP_CAPS):
            words.pop()
        if not words:
            continue
        surface_start = text.index(words[0], start)
        surface = text[surface_start:end]
        # Cut back to the last kept word.
        last = words[-1]
        surface = surface[: surface.rfind(last) + len(last)]
        surface = re.sub(r"(?:'s|’s|'|’)$", "", surface)
        if not re.search(r"\b(?:[A-Za-z]\.){2,}$", surface):
            surface = surface.rstrip(".")
        if len(words) == 1:
            lw = _plain(words[0])
            if lw in DEMONYMS or lw.rstrip("s") in DEMONYMS or len(surface) < 2:
                continue
            if (lw in common_words() or lw in _COMMON_WORDS) and not _known(surface) and (
                    title_case or not text[:surface_start].strip(" \"“‘'(")
                    or re.search(r"[.!?:;]\s*[\"“‘']?\s*$", text[:surface_start])):
                continue
        if surface.lower() in DEMONYMS:
            continue
        key, name, typ = canonical(surface)
        if not key:
            continue
        surface_end = surface_start + len(surface)
        if typ is None and key in known_places():
            typ = "place"
        typ = typ or _guess_type(surface.split(), text[max(0, surface_start - 20):surface_start], text[surface_end:])
        role = _role_before(text, surface_start) if typ == "person" or typ == "other" else ""
        if role and typ == "other":
            typ = "person"
        if any(e.key == key for e in out):
            continue
        out.append(Entity(surface, surface_start, surface_end, key, name, typ, role))
    return out


_COMMON_WORDS = frozenset(
    """
    officials residents sources police troops forces fighters witnesses reports critics analysts
    experts rescuers doctors authorities investigators prosecutors voters shares markets prices
    """.split()
)


def _plain(word: str) -> str:
    return re.sub(r"(?:'s|’s|['’.])$", "", word.lower())


@lru_cache(maxsize=1)
def _place_lists() -> tuple[frozenset[str], frozenset[str]]:
    raw = resources.files("compare").joinpath("data/places.txt").read_text(encoding="utf-8")
    places, countries = set(), set()
    in_countries = False
    for ln in raw.splitlines():
        if ln.startswith("#"):
            in_countries = ln.strip() == "# countries"
            continue
        if ln.strip():
            places.add(base_key(ln))
            if in_countries:
                countries.add(base_key(ln))
    for name, (canon, kind) in alias_table().items():
        if kind == "place" and base_key(canon) in countries:
            countries.add(name)
    return frozenset(places), frozenset(countries | {"united states", "united kingdom", "palestine"})


def known_places() -> frozenset[str]:
    return _place_lists()[0]


def is_country(key: str) -> bool:
    return key in _place_lists()[1]


FACILITY_HEADS = ("airport", "base", "port", "airbase", "air base", "hospital", "camp", "crossing", "area", "site")


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


def _known(surface: str) -> bool:
    return base_key(surface) in alias_table()


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or (word[:3].lower() in ("al-", "el-") and word[3:4].isupper())


def _next_is_cap(tokens: list[tuple[str, int, int]], i: int) -> bool:
    return i + 1 < len(tokens) and _is_cap(tokens[i + 1][0])


# Corpus-level resolution -------------------------------------------------------------

def skeleton(key: str) -> str:
    """Consonant skeleton: transliteration variants (Hezbollah, Hizballah) share it."""
    s = re.sub(r"[aeiouy]", "", key.replace(" ", ""))
    return re.sub(r"(.)\1+", r"\1", s)


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
    for k in keys:
        sk = (k[:1], skeleton(k))
        if len(sk[1]) >= 4 and sk in by_skel:
            mapping[k] = by_skel[sk]
            continue
        target = None
        if len(k) >= 5 and reps:
            best = process.extractOne(k, reps, scorer=fuzz.ratio, processor=default_process, score_cutoff=88)
            if best and best[0][:1] == k[:1]:
                target = best[0]
        if target:
            mapping[k] = target
        else:
            reps.append(k)
            by_skel.setdefault(sk, k)
            mapping[k] = k
    # Surnames: "gallant" -> "yoav gallant" when exactly one longer person key ends with it.
    last_word: dict[str, set[str]] = {}
    for k in reps:
        if " " in k and types.get(k) == "person":
            last_word.setdefault(k.rsplit(" ", 1)[1], set()).add(k)
    for k in reps:
        if " " not in k and len(last_word.get(k, ())) == 1:
            full = next(iter(last_word[k]))
            for src, dst in mapping.items():
                if dst == k:
                    mapping[src] = full
    return mapping
