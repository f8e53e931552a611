"""Facts of a claim: entities, dates, quantities, attribution and stance cues, framing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from .cues import Cue, FramingTerm, extract_cues, extract_framing, is_checkable
from .dates import DateFact, extract_dates
from .entities import Entity, extract_entities
from .model import Claim
from .names import resolve_keys
from .quantities import Quantity, extract_quantities


@dataclass(frozen=True)
class Facts:
    entities: tuple[Entity, ...]
    dates: tuple[DateFact, ...]
    quantities: tuple[Quantity, ...]
    cues: tuple[Cue, ...]
    framing: tuple[FramingTerm, ...]
    checkable: bool

    @property
    def hedged(self) -> bool:
        return any(c.kind in ("hedge", "claim") for c in self.cues)

    @property
    def denied(self) -> bool:
        return any(c.kind == "denial" for c in self.cues)

    @property
    def attributed(self) -> bool:
        return any(c.kind == "attribution" for c in self.cues)

    @property
    def negated(self) -> bool:
        return any(c.kind == "negation" for c in self.cues)

    def entity_keys(self, types: tuple[str, ...] = ("person", "org", "place", "other")) -> frozenset[str]:
        return frozenset(e.key for e in self.entities if e.type in types)

    def to_dict(self) -> dict[str, object]:
        return {
            "entities": [e.to_dict() for e in self.entities],
            "dates": [d.to_dict() for d in self.dates],
            "quantities": [q.to_dict() for q in self.quantities],
            "attribution": [c.to_dict() for c in self.cues if c.kind == "attribution"],
            "hedges": [c.to_dict() for c in self.cues if c.kind in ("hedge", "claim")],
            "denials": [c.to_dict() for c in self.cues if c.kind == "denial"],
            "negated": self.negated,
            "checkable": self.checkable,
            "framing": [f.to_dict() for f in self.framing],
        }


def extract_facts(text: str, published: date | None = None, narrative: date | None = None) -> Facts:
    """Facts of one claim; offsets are relative to the claim text. `narrative`: the last
    day the text named before this claim, when the text is a narrative (see
    extract_source_facts)."""
    dates = extract_dates(text, published, narrative)
    quantities = extract_quantities(text, [(d.start, d.end) for d in dates])
    entities = extract_entities(text)
    # "on 3 May", "in May": the month, not the hedge "may". (Names are not checked: in a
    # title-case headline the name scan takes in "Apple May", which is the hedge.)
    spans = [(d.start, d.end) for d in dates]
    cues = [
        c for c in extract_cues(text) if not (c.kind == "hedge" and any(s <= c.start and c.end <= e for s, e in spans))
    ]
    has_facts = bool(dates or quantities or entities)
    return Facts(
        entities=tuple(entities),
        dates=tuple(dates),
        quantities=tuple(quantities),
        cues=tuple(cues),
        framing=tuple(extract_framing(text)),
        checkable=is_checkable(text, has_facts),
    )


# Kinds of source read as narratives, as temporal taggers read narratives apart from news:
# a bare weekday in a timeline or an encyclopedic entry belongs to the week the text last
# named, not to the week the page was written. News, opinion and statements speak of the
# week they were published in, unless that date is only an estimate.
NARRATIVE_KINDS = ("reference",)


def extract_source_facts(
    claims: Sequence[Claim], published: date | None, kind: str, estimated: bool = False
) -> list[Facts]:
    """Facts of every claim of one source, in order. In a narrative source (by its kind,
    or because its publication date is only an estimate) each claim knows the last day
    named (with its day number) earlier in its section."""
    narrate = kind in NARRATIVE_KINDS or estimated
    out: list[Facts] = []
    narrative: date | None = None
    section = None
    for k, c in enumerate(claims):
        if c.section != section:
            narrative, section = None, c.section
        f = extract_facts(c.text, published, narrative if narrate else None)
        out.append(f)
        if k and claims[k - 1].section == c.section and (rating := _lone_rating(c.text, f)) is not None:
            out[k - 1] = _rated(claims[k - 1].text, out[k - 1], rating)
        for d in f.dates:
            if d.precision == "day" and d.value_start and not d.since and any(ch.isdigit() for ch in d.text):
                narrative = d.value_start
    return out


def _lone_rating(text: str, f: Facts) -> Cue | None:
    """The rating of a claim that is nothing but a fact check's rating ("Verdict: False",
    on a line of its own after the claim it rates)."""
    for c in f.cues:
        if c.kind == "rating" and c.who and c.start == 0 and not text[c.end :].strip(" .!"):
            return c
    return None


def _rated(text: str, f: Facts, rating: Cue) -> Facts:
    """Facts of a restatement followed by a rating line of its own: the rating covers the
    whole restatement (its words are in another claim, so the cue keeps them as its text)."""
    if any(c.kind == "rating" for c in f.cues):
        return f
    cue = Cue("rating", rating.text, 0, len(text), rating.who)
    return replace(f, cues=(*f.cues, cue))


def resolve_corpus_entities(facts: list[Facts]) -> list[Facts]:
    """Give every spelling of one entity the same key across the whole corpus."""
    mapping = resolve_keys([(e.key, e.name, e.type) for f in facts for e in f.entities])
    # Only keys that change matter; most claims name none of them (half a million
    # mentions at 10,000 documents).
    moved = {k: v for k, v in mapping.items() if k != v}
    out = []
    for f in facts:
        if any(e.key in moved for e in f.entities):
            seen: set[str] = set()
            ents = []
            for e in f.entities:
                k = moved.get(e.key, e.key)
                if k not in seen:
                    seen.add(k)
                    ents.append(e if k == e.key else Entity(e.text, e.start, e.end, k, e.name, e.type, e.role))
            f = replace(f, entities=tuple(ents))
        out.append(f)
    return out
