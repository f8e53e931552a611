"""Text normalisation applied before anything is stored, and sanitising for display.

Offsets everywhere index the *stored* text, so every transformation that changes
characters happens here, once, at ingestion time.
"""

from __future__ import annotations

import re
import unicodedata

# Bidirectional embeddings/overrides/isolates and invisible format characters that can
# reorder or hide what a reader sees (the "Trojan Source" family).
_BIDI_AND_INVISIBLE = (
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_STRIP_TABLE = {ord(c): None for c in _BIDI_AND_INVISIBLE}
# Unicode line and paragraph separators, NEL, vertical tab and form feed end lines.
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\u0085|\x0b|\x0c")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MANY_BLANKS = re.compile(r"\n{3,}")

# Lines that web pages append to articles: comment forms, archive widgets, share bars.
# Matched against a whole line (case-insensitive), only in the tail or as isolated lines.
BOILERPLATE_LINES = [
    r"leave a (reply|comment)",
    r"your email address will not be published\.?( required fields are marked \*)?",
    r"required fields are marked \*",
    r"posts by (month|date|category|year)",
    r"(archives?|categories|recent posts|recent comments|related posts|tags?)",
    # "Share this:" heads WordPress share bars: the colon may end the line.
    r"(share|share this|share this article|share on \w+|tweet|print|email)(\s*[:|/·,]\s*\w+)*:?",
    r"(like this:?|loading\.\.\.|click to share on .*)",
    r"(subscribe( to (our|the) newsletter)?|sign up for .*newsletter.*)",
    r"(read more|continue reading)\s*[.…»›>]*",
    r"(previous|next) (post|article|story)\s*:?.*",
    r"(\d+\s+)?comments?",
    r"(cancel reply|post comment|notify me of .*)",
    r"(select month|search for:?|search)",
    r"(facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|x)(\s*[|,·/]\s*\w+)*",
]
_BOILERPLATE = re.compile(r"^\s*(?:" + "|".join(BOILERPLATE_LINES) + r")\s*$", re.IGNORECASE)


def is_control(ch: str) -> bool:
    """True for characters that must never reach storage or a terminal."""
    if ch in "\n":
        return False
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Cs", "Co", "Cn") and ch != "\t"


def strip_invisible(text: str) -> str:
    """Remove bidi controls, zero-width characters, control characters and surrogates."""
    text = text.translate(_STRIP_TABLE)
    return "".join(ch for ch in text if not is_control(ch) or ch == "\n")


def strip_boilerplate(text: str) -> str:
    """Drop web boilerplate lines (comment forms, archive widgets, share bars).

    Only lines that consist of nothing but boilerplate are dropped, so a sentence that
    merely mentions "comments" is kept.
    """
    lines = text.split("\n")
    kept = [ln for ln in lines if not _BOILERPLATE.match(ln)]
    return "\n".join(kept)


def normalize_text(text: str, *, boilerplate: bool = True) -> str:
    """Return the canonical stored form of a source text.

    NFC, LF line endings, no control/bidi/zero-width characters, single spaces inside
    lines, no trailing spaces, at most one blank line between paragraphs, no leading or
    trailing blank lines, exactly one final newline (or "" if nothing is left).
    Idempotent: normalize_text(normalize_text(t)) == normalize_text(t).
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = strip_invisible(text)
    text = unicodedata.normalize("NFC", text)
    # NFC can (rarely) produce characters that the strip step would remove; repeat once.
    text = strip_invisible(text)
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    text = "\n".join(lines)
    if boilerplate:
        text = strip_boilerplate(text)
    text = _MANY_BLANKS.sub("\n\n", text).strip("\n ")
    return text + "\n" if text else ""


def clean_display(value: object, *, limit: int = 300) -> str:
    """Make an untrusted metadata value safe to show on one line (terminal or report)."""
    text = "" if value is None else str(value)
    text = strip_invisible(_LINE_BREAKS.sub(" ", text)).replace("\n", " ").replace("\t", " ")
    text = unicodedata.normalize("NFC", _SPACES.sub(" ", text)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def slugify(value: str, *, limit: int = 60) -> str:
    """ASCII slug for ids and file names: lowercase letters, digits and single hyphens."""
    value = unicodedata.normalize("NFKD", value)
    value = value.encode("ascii", "ignore").decode("ascii").lower()
    value = re.sub(r"[^a-z0-9]+", "-", value).strip("-")
    return value[:limit].strip("-")
