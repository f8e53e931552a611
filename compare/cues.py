"""Attribution, certainty and polarity cues, checkability, and framing terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .dates import MONTHS, WEEKDAYS
from .segment import RATING_LABELS

REPORT_VERBS = (
    r"said|says|say|told|tells|stated|states|announced|announces|added|declared|reported|reports|"
    r"claimed|claims|claim|alleged|alleges|allege|insisted|wrote|writes|tweeted|posted|confirmed|confirms|"
    r"acknowledged|admitted|warned|warns|noted|explained|argued|asserted|maintained|denied|denies|"
    r"accused|accuses|blamed|blames|quoted|cited|disclosed|estimated|estimates|"
    r"believes|believed|suggested|suggests|counted|tallied|"
    r"recorded|put the (?:toll|number|figure) at|puts the (?:toll|number|figure) at|repeated|urged|"
    r"called|calling|saying|described|vowed|pledged|threatened|recognized|recognised|boasted|conceded"
)
# Reporting verbs whose object is the name that follows them: a name after these is
# named, described, accused or urged, never the speaker of an inverted "said X".
_OBJECT_VERBS = frozenset(
    "called calling described urged accused accuses blamed blames threatened recognized recognised".split()
)
INVERTING_VERBS = "|".join(v for v in REPORT_VERBS.split("|") if v not in _OBJECT_VERBS)
# "the assault that it called Operation Al-Aqsa Flood", "what they dubbed 'the second
# phase'": a relative clause that names a thing, not a statement reported. After a
# reporting verb, "that" opens what was said: "he said that Hezbollah called on ...".
_NAMING_BEFORE = re.compile(r"(?:\b(?P<verb>[a-z]+)\s+)?\b(?:that|which|what)\s+$", re.I)
_NAMING_VERB = re.compile(r"\b(?:called|calls|dubbed|named|termed)\s+(?:the\s+)?[\"“‘'A-Z]")
# Reporting verbs that are also plural nouns ("Gulf states", "these claims"): followed by a
# verb of their own, they are the noun.
_NOUN_NOT_VERB = re.compile(r"\b(?:states|claims|reports|estimates|posts)$", re.I)
_AUXILIARY_AFTER = re.compile(
    r"\s+(?:had|have|has|were|are|was|is|did|do|does|will|would|could|can|should|must|may|might)\b", re.I
)


def _names_a_thing(text: str, start: int, end: int) -> bool:
    before = _NAMING_BEFORE.search(text, max(0, start - 40), start)
    if before is None or (before.group("verb") or "").lower() in _REPORT_NEEDS.words:
        return False
    verb = _NAMING_VERB.search(text, start, min(len(text), end + 40))
    return verb is not None and verb.start() < end


SPEAKER_NOUNS = (
    r"spokesman|spokeswoman|spokesperson|minister|officials?|sources?|circles|army|military|ministry|"
    r"government|police|group|media|office|leader|commander|chief|secretary|president|agency|"
    r"broadcaster|newspaper|paper|outlet|analysts?|experts?|witnesses|residents|security"
)
# What a strike hits or a report places an event at: "the IDF's Northern Command base",
# "the power station of Haifa airport", "an oil refinery".
TARGET_NOUNS = (
    r"bases?|headquarters|hq|barracks|outposts?|posts?|positions?|sites?|airports?|airbases?|ports?|harbou?rs?|"
    r"facilit(?:y|ies)|camps?|vehicles?|tanks?|buildings?|embass(?:y|ies)|ships?|vessels?|tankers?|batter(?:y|ies)|"
    r"radars?|platforms?|launchers?|refiner(?:y|ies)|hospitals?|schools?|bridges?|dams?|factor(?:y|ies)|depots?|"
    r"warehouses?|pipelines?"
)
# "hit the IDF's Northern Command base": a name that owns or names the target is not the
# agent (while "Hezbollah's strike" names who struck).
OWNED_TARGET = re.compile(rf"(?:['’]s\s+(?:[\w'’-]+\s+){{0,3}}?|\s+)(?:{TARGET_NOUNS})\b", re.I)

# Speakers named by a common noun ("officials said", "Israeli military officials said").
GENERIC_SPEAKERS = r"officials?|sources?|circles|police|witnesses|experts|analysts|residents"

ATTRIBUTION = [
    re.compile(r"\baccording to (?P<who>[^,.;]{2,60}(?![\w'’-]))", re.I),
    re.compile(
        rf"(?P<who>\b[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the|al|{SPEAKER_NOUNS})){{0,5}})"
        rf"\s+(?:has\s+|have\s+|had\s+|was\s+|were\s+)?(?i:{REPORT_VERBS})\b"
    ),
    # Headline conventions: "...: report", "... - CNBC", "Official: ...".
    re.compile(r"(?::|\s[-–—])\s*(?P<who>(?:[A-Z][\w.&'’-]*|reports?|sources?)(?:\s+[\w.&'’-]+){0,3})\s*$"),
    re.compile(
        r"^(?!(?:BREAKING|SHOCKING|UPDATE|WATCH|VIDEO|PHOTOS?|EXCLUSIVE|LIVE|OPINION|ANALYSIS)\b)"
        r"(?P<who>[A-Z][a-z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}):\s+(?=\S)"
    ),
    re.compile(
        rf"\b(?P<who>(?:{GENERIC_SPEAKERS}|reports?|"
        r"media|monitors?|monitoring group|new report|activists)(?:\s+\w+){0,2})\s+(?:say|says|said|claim|claims)\b",
        re.I,
    ),
    re.compile(r"\bper (?P<who>reports?|sources?|officials?)\b", re.I),
    # "..., said Nasrallah": the speaker after the verb. Not after a verb whose object is
    # what follows ("called Operation Al-Aqsa Flood", "accused Israel", "urged Lebanon").
    re.compile(rf"\b(?:{INVERTING_VERBS})\s+(?P<who>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,4}})"),
    re.compile(r"\b(?P<who>(?:\w+\s+){0,2}sources?)\s+(?:told|said|say|close to)\b", re.I),
    re.compile(
        # "the army said", "the enemy army admitted": one lower-case word may qualify the speaker.
        r"\b(?P<who>it|he|she|they|the (?:(?-i:[a-z]+)\s+)?(?:group|army|military|ministry|movement|militia|"
        r"militias|party|government|statement|spokesman|agency|police|company|court|embassy))"
        rf"\s+(?:has\s+|have\s+|had\s+)?(?:{REPORT_VERBS})\b",
        re.I,
    ),
    # "The Islamic Resistance in Iraq (IRI), an umbrella group of armed factions, announced",
    # "Hezbollah's leader, Hassan Nasrallah, said", "Al-Akhbar, relying on flight data,
    # published": the speaker, an apposition, the verb.
    re.compile(
        rf"(?P<who>\b[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the|al|in|for)){{0,6}})(?:\s+\([A-Z]{{2,8}}\))?"
        rf"(?:,\s+(?:an?|the|which|whose|relying|citing|quoting)\s+[^,;:()]{{3,80}})?,\s+"
        rf"(?:has\s+|have\s+|had\s+)?(?i:{REPORT_VERBS}|published)\b"
    ),
    # "Kataib Hezbollah, who on 31 January announced": the speaker is the name before it.
    re.compile(
        r"(?<=, )(?P<who>who)(?:\s+(?:on|in|last|this|earlier|later)(?:\s+[\w'’-]+){1,3}?)?"
        rf"\s+(?:has\s+|have\s+|had\s+)?(?i:{REPORT_VERBS})\b"
    ),
    re.compile(
        r"\b(?:in a statement|in a speech|in an address|in a televised (?:speech|address)|in an interview|on X|"
        r"on Twitter|on Telegram),?"
        r"\s*(?P<who>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})?"
    ),
]
# Words after which "claim" or "claims" is the noun ("the claims", "four specific claims",
# "Israel's claims"), not a speaker claiming something.
_CLAIM_NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|these|those|such|several|many|some|his|her|their|its|our|your|any|all|false|new|similar|"
    r"specific|unverified|unfounded|earlier|previous|same|other|made|make|makes|making|of|about|and|"
    r"two|three|four|five|six|seven|eight|nine|ten)|['’]s)\s+$"
)
# "the suspect", "a 61-year-old suspect", "two suspects": the noun for a person held or
# sought. "Police suspect that ..." stays a hedge.
_SUSPECT_NOUN_BEFORE = re.compile(
    r"\b(?:the|a|an|one|two|three|four|five|six|seven|eight|nine|ten|main|prime|key|lead|murder|"
    r"shooting|second|third|other|his|her|their|its|old|year-old|male|female|armed)\s+$",
    re.I,
)
# Reported speech shifts "will" to "would" ("Nasrallah said calm would return"): after a
# reporting verb in the same sentence, "would be" is what was said, not a hedge.
_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|told|tells|warned|warns|added|stated|announced|vowed|pledged|promised|threatened|"
    r"insisted|declared)\b[^.;!?]*$"
)
_ADVERB = re.compile(r"[A-Za-z]{2,}ally|widely|publicly", re.I)  # not "Kelly", "Sally"
_DETERMINERS = frozenset("these those such several many some all any".split())
CLAIM_VERBS = re.compile(r"\b(claim(?:ed|s)?|alleg(?:e|ed|es)|insist(?:ed|s)?|assert(?:ed|s))\b", re.I)
HEDGES = re.compile(
    r"\b(allegedly|reportedly|reported to|purports? to|purported to|predicted to|"
    r"apparently|possibly|probably|presumably|purportedly|supposedly|"
    r"likely|unlikely|may|might|could(?!\s+not\b)|perhaps|maybe|seemingly|believed to|thought to|"
    r"said to|suspected|unconfirmed|unverified|could not be (?:independently )?(?:verified|confirmed)|"
    r"could not (?:immediately |independently )?(?:verify|confirm|corroborate)|"
    r"not (?:been )?(?:independently )?(?:verified|confirmed|corroborated)|appears? to|appeared to|seems? to|"
    # "which no independent outlet has confirmed", "none of it has been verified"; not "no
    # soldier had confirmed orders to fire", where what is unconfirmed is another object
    r"(?:no|none|nobody)\s[^.;!?]{0,40}?\b(?:has|have|had) (?:yet )?(?:been )?(?:independently )?"
    r"(?:confirmed|verified|corroborated)(?=\s*(?:[,.;:!?)]|$)|\s+(?:it|this|that|them|these|those|the "
    r"(?:reports?|accounts?|claims?|story|stories|allegations?|version))\b)|"
    r"uncorroborated|without (?:independent )?(?:confirmation|verification)|"
    # Absence of evidence: "no IRI statement dated 8 March could be found", "we found no
    # record of it", "the line did not appear in any coverage": not confirmed, not denied.
    r"could not be (?:found|located|traced)|(?:found|find|finds) no (?:[\w-]+ ){0,2}(?:record|trace|report|"
    r"reports|statement|statements|mention|confirmation|coverage)s?|no (?:record|trace|mention) of|"
    r"(?:unable|failed) to (?:confirm|verify|corroborate)|remains? unclear|"
    r"did not appear in any|"
    # "we did not establish whether Israeli outlets reported it", "whether they did was not
    # checked": what was not found out, not what did not happen.
    r"(?:(?:did|do|does|could|can|have|has|had) not|(?:didn|don|doesn|couldn|can|haven|hasn|hadn)['’]t) "
    r"(?:establish|determine|ascertain|check|verify|confirm)"
    r"\s+(?:whether|if)|whether\s[^.;!?]{0,120}?\b(?:was|were|is|are|has been|have been|had been) not "
    r"(?:checked|established|determined|ascertained|verified|confirmed)|"
    r"seemed to|if true|it is unclear|unclear whether|rumou?r(?:s|ed)?|speculat\w+|estimated|possible|"
    r"possibility|possibilities|potential(?:ly)?|in talks|considering|fears?|feared|unconfirmed report|tipped to|"
    r"could be|would be|mulls?|weighs|may have|might have|questions (?:raised|over)|suspects?)\b",
    re.I,
)
# "urged families to deny the enemy any window", "was denied entry", "denied them
# access": to deny someone something withholds it; it does not say a report is false
# (as "denied any involvement" and "denied that" do).
_WITHHELD = r"(?:access|entry|permission|passage|refuge|sanctuary|visas?|permits?)"
_WITHHELD_AFTER = re.compile(
    rf"\s+(?:{_WITHHELD}|(?:him|her|them|us|me|(?:the|its|their|his|our|a|an)\s+[\w'’-]+)\s+"
    rf"(?:any|{_WITHHELD}|(?:the|a) (?:chance|opportunity|right|foothold|window))\b)"
)
DENIALS = re.compile(
    r"\b(denied|denies|deny|denial|refuted|refutes|refute|rejected|rejects|dismissed|dismisses|"
    r"debunked|false|falsely|fake|hoax|baseless|fabricated|fabrication|untrue|not true|no evidence|"
    r"without evidence|no proof|disputed|disputes|contradicted|misleading|nonsense|lies|"
    r"knew of no|aware of no|no damage|no sign of|never happened|nope|debunk\w*|hoax\w*|myths?|"
    r"satir\w+|exposed as|made (?:it|this|that|the story) (?:all )?up|too good to check|"
    r"set(?:ting)? the record straight|fiction|fools?|fooled|phony|bogus|scam|not so fast|"
    r"mistaken|misreported|retract\w*|did not happen|didn['’]t happen|is not dead|isn['’]t dead|"
    r"rebuff\w*|rubbish|inaccurate|cast doubt|raises? doubts?|doubts about|erroneous|pranks?|"
    r"doctored|photoshop\w*|not real|isn['’]t real|exaggerated|alive and well|is alive|still alive)\b",
    re.I,
)
NEGATION = re.compile(r"\b(not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n['’]t\b", re.I)
OPINION = re.compile(
    r"\b(should|must|ought to|need to|needs to|I think|we think|I believe|we believe|in my view|"
    r"clearly|obviously|surely|undoubtedly|of course|put bluntly|bluntly|frankly|sadly|"
    r"joke|disgrace|shameful|absurd|ridiculous|pathetic|heroic|glorious|evil|criminal regime|"
    r"brilliant|terrible|best|worst|greatest|so-called|vision|strategic plan|doomed|stands no chance|"
    r"is dangerous|are dangerous|less of a danger|interest of|must be|would be|will be|is likely to)\b",
    re.I,
)
PAST_TENSE = re.compile(r"\b(?:was|were|had|has been|have been)\b|\b[a-z]{3,}ed\b")
FACTUAL_VERBS = re.compile(
    r"\b(killed|wounded|injured|died|fired|launched|struck|hit|attacked|arrested|detained|"
    r"announced|said|says|reported|deployed|landed|claimed|signed|voted|convicted|sentenced|"
    r"won|lost|rose|fell|increased|decreased|held|met|visited|opened|closed|took place|"
    r"occurred|began|started|ended|published|released|raised|cut|approved|rejected|named|"
    r"appointed|elected|resigned|fined|charged|found|built|destroyed|damaged|intercepted|"
    r"evacuated|displaced|targeted|dropped|seized|carried|transferred|restricted|barred)\b",
    re.I,
)


@dataclass(frozen=True)
class Cue:
    kind: str  # attribution, hedge, claim, denial, negation, direction, rating
    text: str
    start: int
    end: int
    who: str = ""  # the speaker of an attribution; the class of a rating ("refuted")

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
        if self.who:
            d["who"] = self.who
        return d


DIRECTION = re.compile(
    r"\b(?P<dir>north|south|east|west|north-east|northeast|north-west|northwest|south-east|southeast|"
    r"south-west|southwest)(?:ern)?\s+of\s+(?P<anchor>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)",
    re.I,
)


def extract_directions(text: str) -> list[Cue]:
    """Compass relations ("16 km north of Beirut"): a place claim no entity list captures."""
    return [
        Cue(
            "direction",
            m.group(0),
            m.start(),
            m.end(),
            f"{m.group('dir').lower().replace('-', '')}|{m.group('anchor')}",
        )
        for m in DIRECTION.finditer(text)
    ]


@dataclass(frozen=True)
class FramingTerm:
    group: str
    side: str  # loaded or neutral
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return {
            "group": self.group,
            "side": self.side,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


QUESTION = re.compile(r"\?\s*(?:[\"”’'»)]\s*)?$|\?(?=\s+[A-Z])")


# Month and weekday names (and their abbreviations): a date, never a speaker.
CALENDAR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)

_ANY_VERB = re.compile(
    rf"\b(?:{REPORT_VERBS}|published|according|sources?|per|statement|speech|address|televised|interview|on x|"
    r"twitter|telegram)\b"
    r"|:|\s[-–—]\s",
    re.I,
)

# Python's re tries a big re.I alternation at every position, which makes these patterns the
# bulk of the cost of a claim. Two cheaper routes, both giving the same matches:
# - A re.I pattern written in lower case matches the text exactly where its case-sensitive twin
#   matches _fold(text), offset for offset (checked for every code point: the fold keeps lengths
#   and \w / \s classes, and maps the four non-ASCII letters re.I equates with ASCII ones), and
#   case-sensitive matching is several times faster.
# - A pattern need not run at all when the claim lacks every word (or fragment) its matches
#   contain; most claims lack them.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=16)
def _fold(text: str) -> str:
    """The text lower-cased the way re.I compares it; cached because every cue pattern needs it."""
    if not text.isascii() and any(ch in text for ch in "İıſ\u212a"):
        text = text.translate(_FOLD)
    return text.lower()


@lru_cache(maxsize=16)
def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(_fold(text)))


def _case_sensitive_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The re.I pattern for use on _fold(text)."""
    assert not re.search(r"\\[A-Z]", pattern.pattern), "lower() would change an escape such as \\S"
    return re.compile(pattern.pattern.lower(), pattern.flags & ~re.I)


@dataclass(frozen=True)
class _Needs:
    """Whole words or fragments of the folded text, one of which every match of a pattern contains."""

    words: frozenset[str] = frozenset()
    fragments: tuple[str, ...] = ()

    def met(self, words: frozenset[str], folded: str) -> bool:
        if not self.words.isdisjoint(words):
            return True
        for fragment in self.fragments:  # noqa: SIM110 - a plain loop: any() and its generator cost more
            if fragment in folded:
                return True
        return False


# Every REPORT_VERBS alternative starts with a whole word; splitting inside its
# "(?:toll|number|figure)" group merely adds a few words that never match.
_REPORT_NEEDS = _Needs(frozenset(alt.split()[0] for alt in REPORT_VERBS.split("|")))
# What _ANY_VERB needs ("on x" needs the word "x"): most claims fail this, and skip the
# attribution patterns without testing what each needs.
_ANY_VERB_NEEDS = _Needs(
    _REPORT_NEEDS.words
    | frozenset(
        """published according source sources per statement speech address televised interview x
        twitter telegram""".split()
    ),
    (":", "-", "–", "—"),
)
# One per ATTRIBUTION pattern, in the same order.
_ATTRIBUTION_NEEDS = [
    _Needs(frozenset({"according"})),
    _REPORT_NEEDS,
    _Needs(fragments=(":", "-", "–", "—")),
    _Needs(fragments=(":",)),
    _Needs(frozenset({"say", "says", "said", "claim", "claims"})),
    _Needs(frozenset({"per"})),
    _REPORT_NEEDS,
    _Needs(frozenset({"source", "sources"})),
    _REPORT_NEEDS,
    _Needs(_REPORT_NEEDS.words | {"published"}),  # the apposition pattern also takes "published"
    _REPORT_NEEDS,
    _Needs(
        fragments=(
            "in a statement",
            "in a speech",
            "in an address",
            "in a televised",
            "in an interview",
            "on x",
            "on twitter",
            "on telegram",
        )
    ),
]
_DIRECTION_NEEDS = _Needs(fragments=("north", "south", "east", "west"))
_ANY_VERB_FOLDED = _case_sensitive_twin(_ANY_VERB)
# One word of each alternative (a whole word of it, or the stem of a "\w*" alternative).
# Keep these in step with the patterns: a missing word silently loses cues.
_CLAIM_NEEDS = _Needs(
    frozenset(
        "claim claimed claims allege alleged alleges insist insisted insists asserted asserts".split(),
    )
)
_HEDGE_NEEDS = _Needs(
    frozenset(
        """allegedly reportedly reported purport purports purported predicted
        apparently possibly probably presumably purportedly supposedly likely
        unlikely may might could perhaps maybe seemingly believed thought said suspected unconfirmed
        unverified uncorroborated not no none nobody without appear appears appeared seem seems seemed true
        unclear rumor rumour rumors found find finds unable failed did
        rumours rumored rumoured estimated possible possibility possibilities potential potentially talks
        considering fear fears feared tipped would mull mulls weighs questions suspect suspects whether""".split()
    ),
    ("speculat", "n't", "n’t"),
)
_DENIAL_NEEDS = _Needs(
    frozenset(
        """denied denies deny denial refuted refutes refute rejected rejects dismissed dismisses
        debunked false falsely fake hoax baseless fabricated fabrication untrue true evidence proof
        disputed disputes contradicted misleading nonsense lies knew aware damage sign happened nope
        myth myths exposed made check straight fiction fool fools fooled phony bogus scam fast
        mistaken misreported happen dead rubbish inaccurate doubt doubts erroneous prank pranks
        doctored real exaggerated alive""".split()
    ),
    ("debunk", "hoax", "satir", "retract", "rebuff", "photoshop"),
)
_NEGATION_NEEDS = _Needs(
    frozenset("not no never none nobody nothing neither nor without cannot".split()),
    ("n't", "n’t"),
)
_WORD_CUES = [
    (kind, _case_sensitive_twin(pattern), needs)
    for kind, pattern, needs in (
        ("claim", CLAIM_VERBS, _CLAIM_NEEDS),
        ("hedge", HEDGES, _HEDGE_NEEDS),
        ("denial", DENIALS, _DENIAL_NEEDS),
        ("negation", NEGATION, _NEGATION_NEEDS),
    )
]
_OPINION_FOLDED = _case_sensitive_twin(OPINION)
_FACTUAL_VERBS_FOLDED = _case_sensitive_twin(FACTUAL_VERBS)


# A fact check's rating of the claim it restates ("The column said X. Verdict: false.").
RATING = re.compile(rf"\b{RATING_LABELS}\s*(?P<who>[^.;!?\n]{{1,120}})")
# Rating scales differ between fact checkers; each phrase maps to what it says of the claim.
# Order matters: "not supported" and "mostly false" before "supported" and "false".
_RATING_CLASSES = (
    (
        "unproven",
        r"not (?:been )?(?:supported|proven|proved|verified|confirmed)|unsupported|unproven|unverified|"
        r"unsubstantiated|no evidence|insufficient evidence|lacks? evidence|misleading|exaggerat\w*|"
        r"overstat\w*|more certainty|mix(?:ed|ture)|half[- ]true|partly (?:true|false)|mostly false|"
        r"(?:missing|lacks|needs) context|out of context|unclear|disputed",
    ),
    ("refuted", r"false|wrong|incorrect|inaccurate|untrue|fake|fabricated|pants on fire|debunked|baseless"),
    ("confirmed", r"true|correct|accurate|supported|confirmed|verified|right"),
)
_RATING_PATTERNS = tuple((cls, re.compile(rf"\b(?:{words})\b", re.I)) for cls, words in _RATING_CLASSES)


def rating_class(phrase: str) -> str | None:
    """'refuted', 'unproven' or 'confirmed': what a fact check's rating says of a claim.
    A negated confirmation ("not true", "not correct") refutes."""
    for cls, pattern in _RATING_PATTERNS:
        if pattern.search(phrase):
            return "refuted" if cls == "confirmed" and NEGATION.search(phrase) else cls
    return None


def extract_cues(text: str) -> list[Cue]:
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    # Every attribution pattern needs a reporting verb, "according", "sources", "per" or a
    # headline colon or dash: most claims have none, and the patterns are costly.
    folded, words = _fold(text), _words(text)
    patterns: list[re.Pattern[str]] = []
    if _ANY_VERB_NEEDS.met(words, folded):
        patterns = [p for p, needs in zip(ATTRIBUTION, _ATTRIBUTION_NEEDS, strict=True) if needs.met(words, folded)]
        if patterns and not _ANY_VERB_FOLDED.search(folded):
            patterns = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            who = (m.groupdict().get("who") or "").strip()
            who = re.sub(r"^(?:the|The)\s+", "", who)
            words_of_who = who.split()
            if words_of_who and words_of_who[0].lower() in ("no", "none", "nobody", "neither", "not"):
                continue  # "No group claimed responsibility": nobody is quoted
            if who.lower() in _DETERMINERS:
                continue  # "These claims are baseless": the noun, with nobody speaking
            if _ADVERB.fullmatch(who) and re.search(r"recogni[sz]ed\W*$", text[s:e], re.I):
                continue  # "the Internationally Recognised Transit Corridor": an adjective
            if _NOUN_NOT_VERB.search(text, s, e) and _AUXILIARY_AFTER.match(text, e):
                continue  # "nine aircraft from NATO states had landed": the noun, not "X states"
            if _names_a_thing(text, s, e):
                continue  # "the assault that it called Operation Al-Aqsa Flood": a name given
            if words_of_who and words_of_who[0].lower() in CALENDAR_WORDS:
                # "On 13 February Hassan Nasrallah said": the month is a date, not a speaker
                pos = m.start("who")
                while words_of_who and words_of_who[0].lower() in CALENDAR_WORDS:
                    pos = text.index(words_of_who.pop(0), pos) + 1
                if not words_of_who or not words_of_who[0][0].isupper():
                    continue
                s = text.index(words_of_who[0], pos)
                who = " ".join(words_of_who)
            if who.lower() in (
                "it",
                "this",
                "that",
                "there",
                "which",
                "who",
                "he",
                "she",
                "they",
                "we",
                "i",
            ):
                who = who.lower()
            taken.append((s, e))
            cues.append(Cue("attribution", text[s:e], s, e, who))
    for kind, pattern, needs in _WORD_CUES:
        for m in pattern.finditer(folded) if needs.met(words, folded) else ():
            s, e = m.span()
            if (
                kind == "claim"
                and not folded.endswith("ed", s, e)
                and _CLAIM_NOUN_BEFORE.search(folded, max(0, s - 30), s)
            ):
                continue  # "made several specific claims about": the noun, not someone claiming
            if kind == "denial" and folded.startswith("den", s) and _WITHHELD_AFTER.match(folded, e):
                continue  # "deny the enemy any window", "denied entry": a refusal, not a denial
            if kind == "hedge" and folded.startswith("suspect", s) and _SUSPECT_NOUN_BEFORE.search(folded, 0, s):
                continue  # "the suspect entered the building": a person, not a hedge
            if (
                kind == "hedge"
                and folded.startswith("would", s)
                and _REPORTED_BEFORE.search(folded, max(0, s - 150), s)
            ):
                continue  # "he said any attack would be answered": the reported future, not a hedge
            cues.append(Cue(kind, text[s:e], s, e))
    if _DIRECTION_NEEDS.met(words, folded):
        cues.extend(extract_directions(text))
    if ":" in text:
        ratings = [
            Cue("rating", m.group(0), m.start(), m.end(), rating_class(m.group("who")) or "")
            for m in RATING.finditer(text)
        ]
        if ratings:
            # "Verdict: not true" is the rating, not a negation, a denial or a headline kicker.
            cues = [c for c in cues if not any(c.start < r.end and r.start < c.end for r in ratings)] + ratings
    # A question asserts nothing ("Did X really happen?"): it hedges like "reportedly".
    if "?" in text:
        for m in QUESTION.finditer(text):
            cues.append(Cue("hedge", "?", m.start(), m.start() + 1))
    cues.sort(key=lambda c: (c.start, c.kind))
    return cues


def is_checkable(text: str, has_facts: bool) -> bool:
    """A claim is checkable when it reports something that happened or a figure, not a judgement."""
    if text.rstrip().endswith("?"):
        return False
    # A reported event in the past tense is checkable even without a figure or a name.
    factual = bool(PAST_TENSE.search(text) or _FACTUAL_VERBS_FOLDED.search(_fold(text)))
    if factual and has_facts:
        return True
    if not (factual or has_facts):
        return False
    return not _OPINION_FOLDED.search(_fold(text))


@lru_cache(maxsize=1)
def _framing_lexicon() -> dict[str, object]:
    import yaml

    raw = resources.files("compare").joinpath("data/framing.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(raw) or {}


@lru_cache(maxsize=1)
def framing_index() -> tuple[re.Pattern[str], dict[str, tuple[tuple[str, str], ...]]]:
    """One pattern for every framing term (longest first), and term -> (group, side)s."""
    where: dict[str, list[tuple[str, str]]] = {}
    for group, sides in _framing_lexicon().items():
        if group == NAMES_KEY:
            continue
        for side in ("loaded", "neutral"):
            for term in sides.get(side) or ():  # type: ignore[attr-defined]
                where.setdefault(str(term).lower(), []).append((str(group), side))
    terms = sorted(where, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b")
    return pattern, {t: tuple(v) for t, v in where.items()}


# The lexicon's list of names that hold a loaded word ("Islamic Resistance in Iraq"):
# what every outlet calls that body, so the word in them is a name, not a choice of words.
NAMES_KEY = "names"


@lru_cache(maxsize=1)
def _framing_names() -> re.Pattern[str] | None:
    names = sorted((str(n).lower() for n in _framing_lexicon().get(NAMES_KEY) or ()), key=len, reverse=True)  # type: ignore[attr-defined]
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else None


# "US occupation forces", "the Turkish occupation": another state's occupation, not a name
# for Israel (the occupation-israel group).
_OTHER_OCCUPIER_BEFORE = re.compile(
    r"\b(?:us|u\.s\.|american|british|french|turkish|russian|soviet|syrian|iranian|saudi|emirati|egyptian|"
    r"jordanian|moroccan|ottoman|western|foreign|coalition)\s+$"
)


def extract_framing(text: str) -> list[FramingTerm]:
    pattern, where = framing_index()
    lower = text.lower()
    if len(lower) != len(text):  # a few characters change length when lower-cased
        lower = "".join(ch.lower()[0] if ch.lower() else ch for ch in text)
    names = _framing_names()
    named = [m.span() for m in names.finditer(lower)] if names else []
    out = [
        FramingTerm(group, side, text[m.start() : m.end()], m.start(), m.end())
        for m in pattern.finditer(lower)
        if not any(s <= m.start() and m.end() <= e for s, e in named)
        for group, side in where[m.group(0)]
        if not (
            group == "occupation-israel"
            and side == "loaded"
            and m.group(0).startswith("occup")
            and _OTHER_OCCUPIER_BEFORE.search(lower, max(0, m.start() - 20), m.start())
        )
    ]
    out.sort(key=lambda f: (f.start, f.group))
    return out
