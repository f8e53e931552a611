"""Split a stored text into sections (headings), paragraphs and sentence-level claims.

Every span is a pair of offsets into the stored text, so `text[start:end]` is the claim.
Headings are Markdown ATX lines (`# Title`); plain-text titles are turned into such lines
at ingestion (see ingest.mark_plain_headings), so segmentation never has to guess them. The
one other heading it reads is Markdown's own stand-in for one: a bold line, or a bold lead
ending in a stop, at the start of a paragraph.
List markers (`- `, `* `, `1. `) are structure, like headings: they are not part of claims.
"""

from __future__ import annotations

import re
from collections import Counter

from .model import Claim, Paragraph, Section, Segmentation, content_id

HEADING = re.compile(r"^(#{1,6})[ \t]+(\S.*)$")
# A press release's furniture, not its statements: "FOR IMMEDIATE RELEASE" (with the date
# under it), the "###" or "-30-" that ends it, "Media contact: ...", and paragraphs with no
# word at all. Official statements are a large share of what journalists compare.
BOILERPLATE = re.compile(
    r"(?:for immediate release|embargoed until|for release on)[\s:.,–—-]*[^\n]{0,40}"
    r"|#{3,}|-\s*30\s*-|[-–—*\s]*ends?[-–—*\s]*|(?:media|press)\s+(?:contacts?|enquiries|inquiries)\s*:.*"
    r"|contacts?\s*:[^\n]*(?:@|\+?\d[\d\s().-]{6,}).*|[\W_]+",
    re.I | re.S,
)
# A paragraph that is one bold line ("**Cameras in homes and shops**") is a heading in all
# but name, and so is a bold lead ending in a stop ("**Who leads the fight?** The claim
# is ..."), a run-in heading: neither states anything of its own.
BOLD_HEADING = re.compile(r"^[ \t]*(\*\*|__)(?P<title>[^*_\n]{1,150}?)\1[ \t]*$")
RUN_IN_HEADING = re.compile(r"^[ \t]*(\*\*|__)(?P<title>[^*_\n]{1,150}?[.?!:])\1[ \t]+(?=\S)")
LIST_MARKER = re.compile(r"^(?:[-*+•‣◦▪]|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t]+(?=\S)")
# A sentence may end at ., !, ?, … (or runs of them), then closing quotes/brackets; the
# Arabic question mark and the Urdu and Devanagari full stops end one too, so that a source
# in another language is still listed sentence by sentence (language.py).
BOUNDARY = re.compile(r"(?:[.!?؟۔।]+|…|\.\.\.)[\"”’'»)\]]*(?=\s)")
OPEN_QUOTES = "“«"
CLOSE_QUOTES = "”»"
# Only quote marks change the quote state: visiting just them beats a loop over every character.
_QUOTE_MARK = re.compile(f'[{OPEN_QUOTES}{CLOSE_QUOTES}"]')
# A fact check's rating line ("Verdict: false.", "Our ruling: Mostly false") belongs to
# the sentence before it, the claim it rates: split off, it would rate nothing.
RATING_LABELS = r"(?:Verdict|Rating|Ruling|Our (?:verdict|rating|ruling))\s*:"
RATING_LABEL = re.compile(RATING_LABELS + r"\s")
MAX_CLAIM = 2000  # characters; longer runs without a boundary are cut at a space

ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof rev gen maj lt col sgt capt cpl pvt adm brig cmdr gov sen rep pres st
    ste mt ft no nos vol vols fig figs pp p op para art sec ch jr sr inc ltd co corp bros
    dept univ assn est approx vs etc cf al jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun e.g i.e a.m p.m u.s u.k u.n u.s.a e.u
    """.split()
)
# After a dotted acronym (U.S.) the sentence ends only if one of these words follows.
SENTENCE_STARTERS = frozenset(
    """
    the a an he she it they we i you this that these those there but and so yet in on at his
    her its their our my after before when while however meanwhile then later also
    """.split()
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_NEXT_WORD = re.compile(r"[\"“‘'(\[]*([A-Za-z]+|\d)")


def _is_abbreviation(text: str, end_of_period: int, next_start: int) -> bool:
    """Decide whether the period ending at end_of_period belongs to an abbreviation."""
    head = text[max(0, end_of_period - 12) : end_of_period]
    m = _WORD_BEFORE.search(head)
    if not m:
        return False
    word = m.group(1)
    lower = word.lower().rstrip(".")
    nxt = _NEXT_WORD.match(text, next_start)
    next_word = nxt.group(1) if nxt else ""
    if len(word) == 1 and word.isupper():
        # An initial ("J. Smith"); but "... Plan B. The" ends a sentence.
        return next_word[:1].isupper() and next_word.lower() not in SENTENCE_STARTERS
    if "." in word:  # dotted acronym such as U.S. or e.g.
        return next_word.lower() not in SENTENCE_STARTERS or lower in ("e.g", "i.e")
    if lower in ("no", "nos", "p", "pp", "art", "vol", "sec", "fig"):
        return next_word[:1].isdigit()
    if lower in ABBREVIATIONS:
        return next_word.lower() not in SENTENCE_STARTERS or lower in (
            "mr",
            "mrs",
            "ms",
            "dr",
            "gen",
            "maj",
            "lt",
            "col",
            "sgt",
            "capt",
            "st",
            "prof",
        )
    return False


def _starts_sentence(text: str, pos: int) -> bool:
    """True if the text at pos looks like the start of a sentence."""
    m = re.compile(r"[\"“‘'(\[«]*(\S)").match(text, pos)
    if not m:
        return False
    ch = m.group(1)
    if ch.isalpha() and not ch.islower() and not ch.isupper():
        return True  # a script without capitals (Arabic, Hebrew): no case to go by
    return ch.isupper() or ch.isdigit() or (not ch.isalpha() and ch not in ",;:)]}”’")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    cursor = start
    depth = 0  # open curly quotes
    straight_open = False
    last = start
    for m in BOUNDARY.finditer(text, start, end):
        chunk = text[last : m.end()]
        last = m.end()
        for ch in _QUOTE_MARK.findall(chunk):
            if ch in OPEN_QUOTES:
                depth += 1
            elif ch in CLOSE_QUOTES:
                depth = max(0, depth - 1)
            elif ch == '"':
                straight_open = not straight_open
        next_start = m.end()
        while next_start < end and text[next_start].isspace():
            next_start += 1
        if next_start >= end:
            break
        inside_quote = depth > 0 or straight_open
        if inside_quote and next_start - cursor < 600:
            continue
        if not _starts_sentence(text, next_start):
            continue
        if text[m.start()] == "." and m.end() - m.start() == 1 and _is_abbreviation(text, m.start() + 1, next_start):
            continue
        if RATING_LABEL.match(text, next_start):
            continue
        spans.append((cursor, m.end()))
        cursor = next_start
        depth = 0
        straight_open = False
    spans.append((cursor, end))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.extend(_cap_length(text, s, e))
    return out


def _cap_length(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut pathological run-on spans so no claim exceeds MAX_CLAIM characters."""
    out = []
    while e - s > MAX_CLAIM:
        cut = text.rfind(" ", s + MAX_CLAIM // 2, s + MAX_CLAIM)
        if cut <= s:
            cut = s + MAX_CLAIM
        piece_end = cut
        while piece_end > s and text[piece_end - 1].isspace():
            piece_end -= 1
        out.append((s, piece_end))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if s < e:
        out.append((s, e))
    return out


def segment_text(source_id: str, text: str) -> Segmentation:
    """Segment one stored text; ids depend only on source id and claim text."""
    heads: list[tuple[str, int, int]] = []  # (heading, start, heading_end)
    paragraphs: list[Paragraph] = []
    claims: list[Claim] = []
    seen: Counter[str] = Counter()
    para: list[int] = []  # [start, end] of the open paragraph

    def close_paragraph() -> None:
        if not para:
            return
        p_start, p_end = para
        para.clear()
        if BOILERPLATE.fullmatch(text, p_start, p_end):
            return
        if not heads:  # text before the first heading forms an untitled section
            heads.append(("", p_start, p_start))
        p_index = len(paragraphs)
        section = len(heads) - 1
        paragraphs.append(Paragraph(p_index, section, p_start, p_end))
        for s, e in split_sentences(text, p_start, p_end):
            claim_text = text[s:e]
            seen[claim_text] += 1
            cid = content_id("c", source_id, claim_text, str(seen[claim_text]))
            claims.append(Claim(cid, source_id, s, e, claim_text, section, p_index, len(claims)))

    pos = 0
    for line in text.split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        heading = HEADING.match(line)
        if heading:
            close_paragraph()
            heads.append((heading.group(2).strip().rstrip("#").strip(), line_start, line_end))
            continue
        if not line.strip():
            close_paragraph()
            continue
        bold = None if para else BOLD_HEADING.match(line) or RUN_IN_HEADING.match(line)
        if bold:
            title = bold.group("title").strip().rstrip(":").strip()
            heads.append((title, line_start, line_start + bold.end("title") + len(bold.group(1))))
            if bold.re is BOLD_HEADING:
                continue
            para[:] = [line_start + bold.end(), line_start + len(line.rstrip())]
            continue
        marker = LIST_MARKER.match(line)
        if marker:
            close_paragraph()  # each list item is a paragraph of its own
            para[:] = [line_start + marker.end(), line_start + len(line.rstrip())]
            close_paragraph()
            continue
        if not para:
            para[:] = [line_start + len(line) - len(line.lstrip()), 0]
        para[1] = line_start + len(line.rstrip())
    close_paragraph()
    sections = tuple(
        Section(i, h, s, heads[i + 1][1] if i + 1 < len(heads) else len(text), he) for i, (h, s, he) in enumerate(heads)
    )
    return Segmentation(source_id, sections, tuple(paragraphs), tuple(claims))
