"""Main text and metadata of a PDF, via pypdf.

A PDF is hostile input like any other: pypdf bounds what its decompression filters may
produce, pages are capped, the text is capped at the add size limit, and any parser
failure is bad input, not a compare bug. PDF text comes out line by line, with running
headers, footers and page numbers on every page: lines are joined back into paragraphs
and the repeated page furniture is dropped, so claims are sentences, not lines.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from .errors import InputError
from .textnorm import clean_display

MAX_PAGES = 2_000
_TERMINAL = tuple('.!?…:"”’)')
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$", re.I)
_WORD = re.compile(r"[^\W\d_]+")
_LAST_WORD = re.compile(r"[^\W\d_]+$")
_DIGITS = re.compile(r"\d+")
# A line of a table of contents: "2.1 ASN.1 syntax . . . . . . . 2"
_LEADER = re.compile(r"(?:\.\s?){5,}\s*[\divxlc]+$", re.I)
_BULLET = re.compile(r"^(?:[-*•◦▪]|\d{1,3}[.)])\s")
# /CreationDate and /ModDate: D:YYYYMMDDHHmmSS with optional parts.
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def _pdf_date(raw: object) -> date | None:
    m = _PDF_DATE.match(str(raw or "").strip())
    if not m or not m.group(2) or not m.group(3):
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _masked(line: str) -> str:
    """A line with its numbers masked: "Page 3 of 9" and "Page 4 of 9" are one line."""
    return _DIGITS.sub("#", line)


def _furniture(pages: list[list[str]]) -> set[str]:
    """Lines (masked) that repeat at the top or bottom of pages: running titles, footers."""
    if len(pages) < 3:
        return set()
    edges: Counter[str] = Counter()
    for lines in pages:
        kept = [ln for ln in lines if ln.strip()]
        edges.update({_masked(ln.strip()) for ln in kept[:2] + kept[-2:]})
    # Three pages, not most of them: a chapter's running head repeats on its pages only.
    return {line for line, n in edges.items() if n >= 3}


def _paragraphs(lines: list[str], vocabulary: set[str]) -> list[str]:
    """Join lines into paragraphs: a blank line, a bullet, or a short line that ends a
    sentence closes one; a short line without closing punctuation where a paragraph may
    start is a heading of its own. A hyphen at a line end is kept ("well-" + "known")."""
    # The width of a full line: most lines of a text are full, headings and last lines
    # of paragraphs are the short ones.
    widths = sorted(len(ln) for ln in lines if len(ln) > 20)
    full = widths[3 * len(widths) // 4] if widths else 0
    out: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                out.append(current)
            current = ""
            continue
        heading = (
            len(line) < 0.8 * full
            and not line.endswith((*_TERMINAL, ",", ";", "-"))
            and not line[:1].islower()
            and (not current or current.endswith(_TERMINAL))
        )
        if heading or (current and _BULLET.match(line)):
            if current:
                out.append(current)
            current = ""
        if heading:
            out.append(line)
            continue
        if not current:
            current = line
        elif current.endswith("-") and line[:1].islower():
            # "manip-" + "ulation": the hyphen goes when the document spells the joined
            # word elsewhere; "well-" + "known" keeps it, as does any word not seen.
            head = _LAST_WORD.search(current[:-1])
            tail = _WORD.match(line)
            joined = (head.group() + tail.group()).lower() if head and tail else ""
            current = (current[:-1] if joined in vocabulary else current) + line
        else:
            current += " " + line
        if line.endswith(_TERMINAL) and len(line) < 0.8 * full:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf logs what it repairs in a broken file ("EOF marker not found"); the library
    never prints, and a file it cannot read gets one error line."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


def extract_pdf(data: bytes, *, name: str, max_chars: int) -> tuple[str, dict[str, object]]:
    """(text, metadata) of a PDF document."""
    with _quiet():
        return _extract(data, name=name, max_chars=max_chars)


def _extract(data: bytes, *, name: str, max_chars: int) -> tuple[str, dict[str, object]]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: the PDF is encrypted with a password")
        pages = reader.pages
        if len(pages) > MAX_PAGES:
            raise InputError(f"{name}: the PDF has {len(pages):,} pages, more than the cap of {MAX_PAGES:,}")
        texts: list[list[str]] = []
        size = 0
        for page in pages:
            text = page.extract_text() or ""
            size += len(text)
            if size > max_chars:
                raise InputError(f"{name}: the PDF's text is larger than the size cap of {max_chars:,} characters")
            texts.append([ln.strip() for ln in text.splitlines()])
        # Metadata objects are read lazily: a hostile one fails here, with the rest.
        info = reader.metadata
        fields = {} if info is None else {k: info.get(k) for k in ("/Title", "/Author", "/CreationDate")}
    except InputError:
        raise
    except Exception:  # pypdf raises many kinds of error on broken or hostile files
        raise InputError(f"{name}: the PDF could not be read") from None
    repeated = _furniture(texts)
    lines: list[str] = []
    for page in texts:
        for line in page:
            if _masked(line) in repeated or _PAGE_NUMBER.match(line) or _LEADER.search(line):
                continue
            lines.append(line)
        lines.append("")  # a page break ends a paragraph only if the sentence ended
        if len(lines) > 1 and lines[-2] and not lines[-2].endswith(_TERMINAL):
            lines.pop()
    vocabulary = {w.lower() for line in lines for w in _WORD.findall(line)}
    body = "\n\n".join(_paragraphs(lines, vocabulary))
    if not body.strip():
        raise InputError(f"{name}: no text found in the PDF (a scanned PDF needs OCR first)")
    meta: dict[str, object] = {}
    for key, attr in (("title", "/Title"), ("author", "/Author")):
        value = fields.get(attr)
        if isinstance(value, str) and value.strip():
            meta[key] = clean_display(value, limit=500)
    created = _pdf_date(fields.get("/CreationDate"))
    if created is not None and date(1990, 1, 1) <= created <= date.today():
        # When the file was made, not necessarily when it was published.
        meta["published"] = created
        meta["published_estimated"] = True
    return body, meta
