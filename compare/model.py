"""The data model: frozen dataclasses shared by every pipeline stage.

Ids are derived from content (sha256), so a claim keeps its id across runs as long as
its source id and its text do not change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

KINDS = ("news", "opinion", "official", "wire", "reference", "other")
VERDICTS = ("agree", "compatible", "diverge", "related")
DIFFERENCE_KINDS = ("number", "date", "actor", "place", "attribution", "certainty", "polarity", "framing")
STATUSES = ("corroborated", "contested", "uncorroborated", "opinion", "uncompared")


def content_id(prefix: str, *parts: str, length: int = 12) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:length]}"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SourceMeta:
    """Front matter of one corpus file."""

    id: str
    title: str = ""
    outlet: str = ""
    author: str = ""
    published: date | None = None
    # The date is someone's estimate ("about mid-March"): relative dates in the text are
    # not read against it where the text itself names a nearer day (extract_source_facts).
    published_estimated: bool = False
    url: str = ""
    kind: str = "other"
    # The id of the source this one fact-checks (schema.org ClaimReview's itemReviewed):
    # its ratings ("Verdict: false") then apply to that source's claims.
    reviews: str = ""
    language: str = "en"
    # False when the front matter names no language: "en" above is then a default, which
    # the analysis checks against the text (language.read_language). Never written out.
    language_stated: bool = True
    based_on: tuple[dict[str, str], ...] | str = ()
    note: str = ""
    sha256: str = ""
    added: date | None = None


@dataclass(frozen=True)
class Source:
    meta: SourceMeta
    text: str  # the stored, normalised text; every offset indexes it
    path: str = ""

    @property
    def id(self) -> str:
        return self.meta.id


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    index: int
    heading: str  # "" for text before the first heading
    start: int  # offset of the heading (or of the section's first text)
    end: int
    heading_end: int  # end of the heading line; == start when there is no heading


@dataclass(frozen=True)
class Paragraph:
    index: int
    section: int
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    id: str
    source: str
    start: int
    end: int
    text: str
    section: int
    paragraph: int
    index: int  # position of the claim within its source


@dataclass(frozen=True)
class Segmentation:
    source: str
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Difference:
    kind: str  # number, date, actor, place, attribution, certainty, polarity, framing
    a: str  # the span of claim a that differs
    b: str
    a_start: int | None = None  # offsets into each claim's source text
    a_end: int | None = None
    b_start: int | None = None
    b_end: int | None = None
    detail: str = ""
    severity: str = ""  # minor / major where it applies (numbers)


@dataclass(frozen=True, slots=True)  # millions of them on large corpora: no __dict__ each
class Link:
    a: str  # claim id (the one whose source sorts first)
    b: str
    score: float  # 0-100
    verdict: str = "related"  # agree, compatible, diverge, related
    differences: tuple[Difference, ...] = ()
    explanation: tuple[tuple[str, float, float], ...] = ()  # (feature, value, contribution)
    evidence: float = 0.0  # score 0-100 of the two sentences alone, without document context
    context: bool = False  # linked through document context only (no verdict possible)
    via: str = ""  # id of the claim that carried a conflict to this pair (bridge.py); "" if direct


@dataclass(frozen=True)
class Event:
    id: str
    claims: tuple[str, ...]
    label: str = ""
    date: str = ""
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddResult:
    source: SourceMeta
    path: str
    claims: int
    forced_duplicate_of: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class RemoveResult:
    id: str
    path: str
    warnings: tuple[str, ...] = ()


@dataclass
class Progress:
    """A progress report the library hands to an optional callback; the CLI renders it."""

    stage: str
    done: int
    total: int
    detail: str = ""
    extra: dict[str, object] = field(default_factory=dict)
