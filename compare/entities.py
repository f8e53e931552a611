"""Named entities (people, organisations, places) and their canonical keys.

No statistical model: capitalised-phrase detection with news-aware rules, typed by an
editable alias file, a place list and cue words. Canonical keys (per mention, and per
corpus with resolve_keys) are made in names.py.

Conventions (what counts as an entity, spans, canonical names) are in docs/extraction.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .names import (
    CONNECTORS,
    _gazetteer,
    _is_cap,
    base_key,
    canonical,
    common_words,
    is_demonym,
    known_places,
    not_entities,
)


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easy to edit)."""
    return frozenset(text.split())


ROLE_WORDS = _words(
    """
    president prime minister secretary general gen maj lt col sgt capt cpl pvt adm brig cmdr
    commander chief leader spokesman spokeswoman spokesperson minister defence defense
    foreign interior sayyed sayyid sheikh shaykh mr mrs ms dr prof rev gov sen rep
    ambassador envoy king queen prince princess crown emir ayatollah imam pope staff
    sergeant major lieutenant colonel captain admiral rear vice mayor governor senator
    representative judge justice chairman chairwoman ceo cfo director head deputy speaker mp
    lawmaker officer coach striker manager founder former late president-elect sultan sir
    lord lady dame father brother sister rabbi bishop cardinal archbishop cleric premier
    chancellor attorney
    """
)
# Capitalised words that start sentences or are not names.
STOP_CAPS = _words(
    """
    the a an in on at by for from with of and or but if as to it its this that these those
    there here he she they we i you his her their our my your after before when while since
    during however meanwhile then later also although though because so yet still despite
    according some many most all both each every other another no not what which who whom
    whose where why how monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december today
    yesterday tomorrow last next this earlier over under about around nearly more than less
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million dozens hundreds thousands millions several few
    such even only just put instead indeed overall besides nonetheless therefore thus hence
    once until unlike like among amid without within against toward towards upon via per do
    does did is are was were be been has have had will would can could should must might
    shall let us let's it's that's there's here's we're they're breaking update updated
    exclusive analysis opinion editorial live watch read note jan feb mar apr jun jul aug
    sep sept oct nov dec mon tue tues wed thu thurs fri sat sun
    """
)
TITLE_HEADS = _words(
    """
    minister secretary spokesman spokeswoman spokesperson president commander leader chief
    director ambassador envoy governor mayor chairman secretary-general premier sheikh
    sayyed king queen prince emir general chancellor judge
    """
)
ORG_HEADS = _words(
    """
    party army forces force council ministry bank corps group agency organization
    organisation university brigades brigade resistance front committee court fund news
    times post press movement authority association union command guard guards company inc
    ltd corp corporation institute foundation federation commission parliament assembly
    congress senate police service services airlines airways network channel radio
    television tv league club team office department fed reuters hospital school college
    center centre board alliance coalition cabinet government embassy consulate mission
    division battalion regiment ag plc gmbh sa llc holdings capital energy motors robotics
    bank pay systems technologies labs industries airline pharma group tribunal prosecutor
    prosecutors agency bureau academy society church house programme program
    """
)
# Organisation words that alone describe rather than name ("the Party", "the Ministry");
# bodies named by convention with one word (Congress, Parliament, the Senate) are not here.
BARE_HEADS = _words(
    """
    party army forces force ministry group movement resistance government council committee
    court agency office department police authority command front division battalion regiment
    brigade brigades organization organisation company bank cabinet coalition alliance militia
    union mission embassy consulate commission bureau tribunal
    """
)
PLACE_HEADS = _words(
    """
    river sea ocean mountain mountains valley city county province region district street
    airport base port square bridge border strip heights island islands lake gulf bay coast
    desert plain plains peninsula village town state kingdom republic emirates canal strait
    cape hills hill crossing camp prefecture oblast governorate neighbourhood neighborhood
    suburb avenue road highway station stadium cathedral mosque palace tower collider
    """
)
# A phrase with one of these words as its last (or, for EVENT_FIRST, first) word is an event,
# a work, a product or a law, not an entity: "Super Bowl", "Storm Daniel", "Resolution 1701".
EVENT_HEADS = _words(
    """
    cup open games olympics olympiad paralympics bowl championship championships prix
    festival awards award oscars oscar grammys emmys trophy marathon tournament telescope
    vaccine rover spacecraft satellite day eve week summit war wars accords accord agreement
    treaty act protocol doctrine crisis revolution uprising intifada massacre strike strikes
    attack attacks offensive raid siege invasion flood ceasefire truce election elections tour
    """
)
EVENT_FIRST = _words(
    """
    storm hurricane typhoon cyclone tropical operation flight resolution category
    """
)
# fmt: off
PLACE_PREPS = (
    "in", "at", "near", "from", "to", "into", "across", "outside", "inside", "towards",
    "toward", "over", "off", "via",
)
# fmt: on
# Lower-case ends of hyphenated modifiers: "Iran-backed", "Hamas-run", "Frankfurt-based".
MODIFIER_TAILS = _words(
    """
    backed based run led born owned funded linked controlled affiliated allied aligned made
    bound style era wide held occupied ruled supported sponsored registered flagged listed
    dominated brokered bred built headquartered friendly focused inspired related area
    region speaking operated administered drafted imposed proposed
    """
)
REPORT_AFTER = re.compile(
    r"\s+(?:has\s+|have\s+|had\s+)?(?:said|says|told|added|stated|announced|warned|claimed|denied|"
    r"wrote|reported|confirmed|insisted|argued|explained|noted)\b"
)

_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x250)) if ch.isupper())
_U = f"[{_UPPER}]"
_WORDCH = r"[\w'’.&]"
_CAPWORD = rf"(?:(?:al|el|Al|El)-)?{_U}{_WORDCH}*(?:-[\w'’.&]+)*"
_CONN = "|".join(CONNECTORS)
CANDIDATE = re.compile(
    rf"(?<![\w'’-])(?:(?:pro|anti|non|ex|post|pre|neo|pan)-)?"
    rf"(?P<first>(?:(?:al|el)[- ])?{_U}{_WORDCH}*(?:-[\w'’.&]+)*)"
    rf"(?:(?: (?:(?:{_CONN}) )*){_CAPWORD}|(?: \d+(?= {_U}))|(?: \d+[a-z]+\b))*"
)
_SENT_START = re.compile(r"(?:^|[.!?:;\"“‘(\[]|[.!?]['’”\"])\s*$")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")


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
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "key": self.key,
            "name": self.name,
            "type": self.type,
            "role": self.role,
        }


@lru_cache(maxsize=65536)
def _plain(word: str) -> str:
    w = word.lower()
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    return w.rstrip(".'’")


@lru_cache(maxsize=65536)
def _known(surface: str) -> bool:
    return canonical(surface)[2] is not None or base_key(surface) in known_places()


def _guess_type(words: list[str], text: str, start: int, end: int) -> str:
    low = [_plain(w) for w in words]
    if low[-1] in PLACE_HEADS:
        return "place"
    if any(w in ORG_HEADS for w in low):
        return "org"
    if low[0] in ("kataib", "harakat", "ansar", "jaish", "liwa", "saraya", "asaib", "hizb", "hezb"):
        return "org"
    if len(words) == 1 and words[0].isupper() and len(words[0]) >= 2:
        return "org"  # an acronym
    before = text[max(0, start - 16) : start].rstrip().lower()
    prev = before.rsplit(" ", 1)[-1] if before else ""
    if len(words) == 1 and _SOURCE_CONTEXT.search(text, max(0, start - 16), start):
        return "org"  # "told People", "according to Gallup"
    if REPORT_AFTER.match(text, end):
        return "person" if 1 < len(words) <= 4 else "org"
    if prev in PLACE_PREPS:
        return "place"
    if 2 <= len(words) <= 4 and all(_is_cap(w) or w.lower() in CONNECTORS for w in words):
        return "person"
    return "other"


_ROLE_BEFORE = re.compile(r"((?:[A-Z][\w'’-]*\s+)?(?:[A-Za-z][\w'’.-]*\s+){0,3})$")
_ROLE_AFTER = re.compile(
    r",\s+(?:the\s+|a\s+|an\s+)?((?:[A-Z][\w'’-]*(?:'s|’s)?\s+)?(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:[A-Za-z][\w-]*))(?=\s*[,.;)]|\s+(?:of|for|who|and)\b)"
)


def _role_before(text: str, start: int) -> str:
    """Role words directly before a name: 'Hezbollah leader', "Israel's Defence Secretary"."""
    m = _ROLE_BEFORE.search(text, max(0, start - 70), start)
    if not m:
        return ""
    words = m.group(1).split()
    kept: list[str] = []
    for w in reversed(words):
        if _plain(w) in ROLE_WORDS or (kept and (w[:1].isupper() or w.lower() in ("of", "the"))):
            kept.insert(0, w)
        else:
            break
    while kept and kept[0].lower() in ("of", "the"):
        kept.pop(0)
    return " ".join(kept) if any(_plain(w) in ROLE_WORDS for w in kept) else ""


def _role_after(text: str, end: int) -> str:
    """An appositive role: 'Hassan Nasrallah, Hezbollah's leader,'."""
    m = _ROLE_AFTER.match(text, end)
    if not m:
        return ""
    words = m.group(1).split()
    if _plain(words[-1]) not in ROLE_WORDS:
        return ""
    return m.group(1)


# A segment: the words of one candidate name, with their offsets.
Seg = list[tuple[str, int, int]]


def _segments(text: str, s: int, e: int, title_case: bool) -> list[tuple[Seg, bool]]:
    """Split one capitalised run into name segments; the flag says the segment ended on a
    hyphenated modifier ('Iran-backed')."""
    out: list[tuple[Seg, bool]] = []
    cur: Seg = []
    pos = s
    for w in text[s:e].split(" "):
        ws, we = pos, pos + len(w)
        pos = we + 1
        if not w:
            continue
        if title_case and _headline_word(_plain(w)) and not _known(w):
            if cur:  # a headline: ordinary words are capitalised too
                out.append((cur, False))
            cur = []
            continue
        if (
            not w.isalpha()
            and _HAS_DIGIT.search(w)
            and not (
                w[:1].isdigit()
                and cur
                and _is_cap(cur[-1][0])
                and _plain(cur[-1][0]) not in STOP_CAPS
                and (w.isdigit() or w.endswith("ers"))
            )
        ):
            if cur:
                out.append((cur, False))  # "B-1", "GPT-4", "COVID-19": codes, not names
            cur = []
            continue
        if ("-" in w and w[:3].lower() not in ("al-", "el-")) or w.count("-") > 1:
            parts = w.split("-")
            tail = parts[-1]
            if tail and tail[:1].islower() and (tail.rstrip(".,") in MODIFIER_TAILS or tail.endswith("ed")):
                head = w[: len(w) - len(tail) - 1]
                if cur or head:
                    cur.append((head, ws, ws + len(head)))
                out.append((cur, True))
                cur = []
                continue
            if (
                len(parts) == 2
                and all(parts)
                and all(_is_cap(p) for p in parts)
                and (_known(parts[0]) and _known(parts[1].rstrip(".,'’s")))
            ):
                # "Lebanon-Syria border", "Israel-Hamas war": two names
                if cur:
                    out.append((cur, False))
                out.append(([(parts[0], ws, ws + len(parts[0]))], False))
                cur = [(parts[1], ws + len(parts[0]) + 1, we)]
                continue
        cur.append((w, ws, we))
        if w.endswith(("'s", "’s", "s'", "s’")) or (w.endswith(".") and not _abbrev(w)):
            out.append((cur, False))
            cur = []
    if cur:
        out.append((cur, False))
    return out


def _headline_word(p: str) -> bool:
    """An ordinary word capitalised because the text is a headline ('Dies', 'Announces')."""
    cw = common_words()
    return (
        p in STOP_CAPS
        or p in cw
        or p in ROLE_WORDS
        or (p.endswith("s") and (p[:-1] in cw or (p.endswith("es") and p[:-2] in cw)))
        or (p.endswith("ed") and (p[:-2] in cw or p[:-1] in cw))
    )


def _abbrev(w: str) -> bool:
    return bool(_INITIALS.fullmatch(w)) or w in (
        "St.",
        "Mt.",
        "Ft.",
        "Jr.",
        "Sr.",
        "Dr.",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Gen.",
        "Lt.",
        "Col.",
        "Sgt.",
        "Maj.",
        "Capt.",
        "Adm.",
        "Brig.",
        "Gov.",
        "Sen.",
        "Rep.",
        "Prof.",
        "Rev.",
        "Cpl.",
        "Pvt.",
        "Cmdr.",
    )


def _split_of(seg: Seg) -> list[Seg]:
    """'University of Cape Town' is one name, 'Nasrallah of Hezbollah' two."""
    for i in range(1, len(seg) - 1):
        if seg[i][0] in ("of", "for"):
            prev = _plain(seg[i - 1][0])
            if (
                prev not in ORG_HEADS
                and prev not in PLACE_HEADS
                and prev not in ROLE_WORDS
                and prev
                not in (
                    "bank",
                    "house",
                    "isle",
                    "republic",
                    "gulf",
                    "sea",
                    "strait",
                    "bay",
                    "city",
                    "state",
                    "department",
                    "secretary",
                    "church",
                    "university",
                    "institute",
                    "school",
                    "museum",
                )
            ):
                return [seg[:i], *_split_of(seg[i + 1 :])]
    return [seg]


def _trim(seg: Seg, text: str) -> Seg:
    """Drop leading function words, roles, titles and demonyms; trailing connectors."""
    words = [w for w, _, _ in seg]
    # "National Security Minister Itamar Ben Gvir": the name starts after the last title head.
    for k in range(len(seg) - 2, -1, -1):
        if _plain(words[k]) in TITLE_HEADS and all(_is_cap(w) for w in words[k + 1 :]):
            seg = seg[k + 1 :]
            break
    org_tail = _plain(seg[-1][0]) in ORG_HEADS if seg else False
    while seg:
        w = seg[0][0]
        p = _plain(w)
        acronym = w.isupper() and len(w) >= 2
        if not acronym and p in STOP_CAPS and (p in ALWAYS_STOP or _sentence_start(text, seg[0][1])):
            seg = seg[1:]
        elif not acronym and p in ROLE_WORDS and len(seg) > 1 and not (org_tail and len(seg) == 2):
            seg = seg[1:]  # "Sayyed Hassan Nasrallah"; but "Foreign Ministry" stays whole
        elif (
            len(seg) > 1
            and is_demonym(w)
            and (
                _plain(seg[1][0]) in ROLE_WORDS
                or _plain(seg[1][0]) in STOP_CAPS
                or is_demonym(seg[1][0])
                or (_known(_surface(seg[1:])) and not _known(_surface(seg)))
            )
        ):
            seg = seg[1:]  # "Israeli Defence Minister ...", "Iraqi Kataib Hezbollah"; "Saudi Aramco" stays
        else:
            break
    while seg and (
        seg[-1][0].lower() in CONNECTORS
        or (_plain(seg[-1][0]) in STOP_CAPS and not seg[-1][0].isupper() and _plain(seg[-1][0]) not in NAME_TAILS)
    ):
        seg = seg[:-1]
    if seg and all(_plain(w) in CLOCK_WORDS for w, _, _ in seg):
        return []  # "8:13 AM PDT": a time of day, not an organisation
    return seg


# Times of day and time zones, which look like acronyms.
CLOCK_WORDS = frozenset(
    "am pm a.m p.m gmt utc bst cet cest eet eest ist pst pdt pt mst mdt cst cdt est edt et ast adt idt".split()
)
# Stop words dropped at the start of a name anywhere, not only at the start of a sentence
# ("All Israel News" keeps its "All" mid-sentence).
ALWAYS_STOP = _words(
    """
    the a an monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december jan feb mar apr jun jul
    aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun today yesterday tomorrow
    last next this according if when while because although though whether unless whereas
    but and or however meanwhile
    """
)
# Words that end names ("Beirut Today", "USA Today"), not only sentences.
NAME_TAILS = frozenset({"today", "tomorrow", "now"})
# Lower-case nouns that make a capitalised word before them a product or a weapon:
# "Katyusha rockets", "Reaper drone", "Windows computers".
PRODUCT_NOUNS = _words(
    """
    rocket rockets missile missiles drone drones launcher launchers jet jets tank tanks
    plane planes aircraft helicopter helicopters warplane warplanes bomber bombers
    fighter-jet vaccine vaccines phone phones smartphone smartphones software computers
    computer laptop laptops app apps chip chips battery batteries system systems rifle
    rifles munitions shells vessel vessels interceptor interceptors engine engines
    """
)
SHIP_WORDS = re.compile(
    r"\b(?:ship|vessel|tanker|freighter|carrier|boat|yacht|ferry|bulk carrier|"
    r"cargo ship|container ship|warship|destroyer|frigate)\s+(?:the\s+)?$",
    re.I,
)


def _surface(seg: Seg) -> str:
    return " ".join(w for w, _, _ in seg)


_NEXT_WORD = re.compile(r" ([a-z][a-z-]*)\b")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_NUMBER_AFTER = re.compile(r" \d+(?![\d,.]*\s*(?:%|-\d|per))")
_TITLE_TOKEN = re.compile(r"[A-Za-z][\w'’-]*")


def extract_entities(text: str) -> list[Entity]:
    """People, organisations and places named in text, once each, in text order."""
    out: list[Entity] = []
    cands = [(m.start("first"), m.end()) for m in CANDIDATE.finditer(text)]
    if not cands:
        return out
    keys: set[str] = set()
    caps = (len(cands) >= 3 or any(text.count(" ", s, e) >= 2 for s, e in cands)) and len(_CAP_START.findall(text))
    title_case = bool(caps) and caps >= 6 and caps >= 0.7 * (text.count(" ") + 1)
    gaz, gfirst = _gazetteer()
    gaz_spans: list[tuple[int, int]] = []
    if gaz is not None:
        for s, e in cands:  # known names a capitalised run cannot delimit start inside one
            pos = s
            for w in text[s:e].split(" "):
                if w.split("-", 1)[0] in gfirst and (m := gaz.match(text, pos)):
                    gaz_spans.append(m.span())
                pos += len(w) + 1
    spans: list[tuple[int, int, bool]] = [(gs, ge, True) for gs, ge in gaz_spans]
    for s, e in cands:
        pieces = [(s, e)]
        for gs, ge in gaz_spans:  # cut around gazetteer names
            nxt = []
            for ps, pe in pieces:
                if gs < pe and ps < ge:
                    if ps < gs:
                        nxt.append((ps, gs - 1 if text[gs - 1] == " " else gs))
                    if ge < pe:
                        nxt.append((ge + 1 if text[ge : ge + 1] == " " else ge, pe))
                else:
                    nxt.append((ps, pe))
            pieces = nxt
        spans.extend((ps, pe, False) for ps, pe in pieces if pe > ps)
    if gaz_spans:
        spans.sort()
    for s, e, known in spans:
        if known:
            _add(out, keys, text, text[s:e], s, e, known=True)
            continue
        word = text[s:e]
        if not title_case and word.isalpha():  # one plain word: the common case
            _add_segment(out, keys, text, [(word, s, e)], False)
            continue
        for seg, modifier in _segments(text, s, e, title_case):
            for part in _split_of(seg) if len(seg) > 2 else (seg,):
                part = _trim(part, text)
                if part:
                    _add_segment(out, keys, text, part, modifier)
    if gaz_spans:
        out.sort(key=lambda x: x.start)
    return out


_HAS_DIGIT = re.compile(r"\d")
_CAP_START = re.compile(r"(?<![\w'’-])[A-Z]")


def _add_segment(out: list[Entity], keys: set[str], text: str, seg: Seg, modifier: bool) -> None:
    start, end = seg[0][1], seg[-1][2]
    surface = text[start:end]
    if surface[-1] in "s'’." and (poss := _POSSESSIVE.search(surface)):
        surface = surface[: poss.start()]
        end = start + len(surface)
    if surface.endswith(".") and not _INITIALS.fullmatch(surface.rsplit(" ", 1)[-1]):
        surface, end = surface[:-1], end - 1
    if not surface:
        return
    known = _known(surface)
    if not known and (nxt := _NEXT_WORD.match(text, end)) and _known(surface + nxt.group(0)):
        # one lower-case word more makes a known name: "Ben-Gurion airport", "Lebanese army"
        surface, end, known = surface + nxt.group(0), end + len(nxt.group(0)), True
    if not known:
        words = surface.split()
        if len(words) > 1 and _plain(words[-1]) in EVENT_HEADS:
            rest = surface[: surface.rfind(" ")]
            if _known(rest):  # "the Safed Strike": the event is not an entity, its place is
                _add(out, keys, text, rest, start, start + len(rest), True)
                return
        if not _plausible(tuple(words), surface) and not (
            len(words) == 1
            and _common_only(words[0])
            and _SOURCE_CONTEXT.search(text, max(0, start - 16), start)
            and not _sentence_start(text, start)
        ):
            return  # ... unless it is a source: "her rep told People", "according to Gallup"
        if len(words) == 1:
            w = words[0]
            if (
                _sentence_start(text, start)
                and not w.isupper()
                and _looks_common(w.lower())
                and not REPORT_AFTER.match(text, end)
            ):
                return  # "Wildfires on ...", "Electoral officials ..."
            nxt = _NEXT_WORD.match(text, end)
            if nxt and nxt.group(1) in PRODUCT_NOUNS:
                return  # "Katyusha rockets", "Windows computers"
        if SHIP_WORDS.search(text, max(0, start - 30), start):
            return  # "the container ship Ever Given"
        if not modifier and _NUMBER_AFTER.match(text, end):
            # "Remus 600", "Category 3", "Flight 417": an identifier; keep what precedes it
            if len(words) == 1:
                return
            cut = surface.rfind(" ")
            surface, end = surface[:cut], start + cut
            if _plain(surface.rsplit(" ", 1)[-1]) in STOP_CAPS:
                return
    _add(out, keys, text, surface, start, end, known)


_SOURCE_CONTEXT = re.compile(r"\b(?:told|according to|reported by|quoted by|wrote in|interview with)\s+(?:the\s+)?$")


def _common_only(w: str) -> bool:
    """A capitalised word rejected only because it is a common word."""
    lw = _plain(w)
    return not is_demonym(w) and lw not in STOP_CAPS and lw not in ROLE_WORDS and lw not in EVENT_HEADS and len(w) > 2


@lru_cache(maxsize=65536)
def _plausible(words: tuple[str, ...], surface: str) -> bool:
    """Whether an unknown capitalised phrase may name a person, organisation or place."""
    low = [_plain(w) for w in words]
    if low[-1] in EVENT_HEADS or low[0] in EVENT_FIRST or base_key(surface) in not_entities():
        return False  # "World Cup", "Storm Daniel"
    if len(words) == 1:
        w, lw = words[0], low[0]
        if is_demonym(w) or len(surface) < 2 or lw in STOP_CAPS or lw in ROLE_WORDS or lw in CLOCK_WORDS:
            return False
        if lw in BARE_HEADS and not w.isupper():
            # "the Party", "the Army": a description that points back to a name, whichever
            # party or army that is; as a key of its own it would join every army in a corpus.
            return False
        # a word written in lower case in running text: "Day", "Fall"
        return w.isupper() or (lw not in common_words() and lw not in _COMMON_WORDS)
    return not all(is_demonym(w) or _plain(w) in ROLE_WORDS for w in words)


def _add(out: list[Entity], keys: set[str], text: str, surface: str, start: int, end: int, known: bool) -> None:
    key, name, typ = canonical(surface)
    if not key or key in keys or key in not_entities():
        return
    if typ is None and key in known_places():
        typ = "place"
    words = surface.split()
    typ = typ or _guess_type(words, text, start, end)
    role = ""
    if typ in ("person", "other"):
        role = _role_before(text, start) or _role_after(text, end)
        if role and typ == "other":
            typ = "person"
    keys.add(key)
    out.append(Entity(surface, start, end, key, name, typ, role))


def _sentence_start(text: str, start: int) -> bool:
    return bool(_SENT_START.search(text, max(0, start - 4), start)) or not text[:start].strip()


_COMMON_SUFFIXES = (
    "ary",
    "ers",
    "ors",
    "ists",
    "ants",
    "ents",
    "ies",
    "ics",
    "ives",
    "ism",
    "ness",
    "ment",
    "ments",
    "tion",
    "tions",
    "al",
    "ous",
    "ful",
    "less",
    "ing",
    "ed",
    "ly",
    "fires",
)


def _looks_common(lw: str) -> bool:
    """A capitalised first word that is most likely an ordinary word ('Wildfires', 'Electoral')."""
    return lw.endswith(_COMMON_SUFFIXES) and len(lw) > 4


_COMMON_WORDS = _words(
    """
    officials residents sources police troops forces fighters witnesses reports critics
    analysts experts rescuers doctors authorities investigators prosecutors voters shares
    markets prices
    """
)


# Corpus-level resolution -------------------------------------------------------------
