"""Read outside documents (files, standard input, URLs) and add them to the corpus.

All outside input is hostile: sizes are bounded before decoding, binary data and
undecodable bytes are refused, HTML is reduced to its main text by trafilatura, and
the text is normalised (textnorm) before anything is stored.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path

from .corpus import (
    FIELD_ORDER,
    ID_PATTERN,
    atomic_write,
    corpus_lock,
    existing_corpus,
    load_corpus,
    meta_from_mapping,
    render_source_file,
    split_front_matter,
)
from .errors import CompareError, DuplicateError, InputError, NetworkError, NotFoundError, UsageError
from .language import detect_language, is_compared, language_name, mismatch
from .model import KINDS, AddResult, Progress, RemoveResult, SourceMeta, text_sha256
from .segment import BOILERPLATE, segment_text
from .textnorm import clean_display, normalize_text, slugify
from .webpage import text_from_xml

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
URL_TIMEOUT = 20.0
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")
PDF_TYPE = "application/pdf"
_TERMINAL = ".!?…:;,\"”'’)]"
METADATA_LIMIT = 500  # characters kept of a title, outlet, author or url
EARLIEST_PUBLISHED = date(1800, 1, 1)


@dataclass(frozen=True)
class AddOptions:
    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    published_estimated: bool | None = None
    url: str | None = None
    kind: str | None = None
    reviews: str | None = None
    language: str | None = None
    force: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: str | None = None
    today: date | None = None  # for tests; the 'added' date


@dataclass(frozen=True)
class Loaded:
    """A document read from outside, before it has an id."""

    text: str
    meta: dict[str, object]
    origin: str  # what the user named (path, '-', URL), for messages


def is_url(value: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", value))


def read_bounded(stream, limit: int, *, name: str) -> bytes:  # type: ignore[no-untyped-def]
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{name}: larger than the size cap of {limit:,} bytes")
    return data


def decode_bytes(data: bytes, *, name: str, encoding: str | None = None) -> str:
    if not data.strip():
        raise InputError(f"{name}: empty or whitespace-only input")
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: binary data, not text")
    # A byte-order mark announces UTF-16; name it in the message when decoding fails.
    detected = "UTF-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "UTF-8"
    try:
        if encoding:
            return data.decode(encoding)
        if detected == "UTF-16":
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except (UnicodeDecodeError, LookupError) as exc:
        where = f" at byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else ""
        raise InputError(f"{name}: cannot decode as {encoding or detected}{where} (try --encoding)") from None


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / max(1, len(sample))


def looks_like_html(text: str, name: str) -> bool:
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower()


def extract_html(html: str, *, name: str, url: str | None = None) -> Loaded:
    """Main text and metadata of a web page, via trafilatura."""
    import trafilatura

    # trafilatura and the parsers under it (lxml, htmldate) can fail on hostile markup with
    # AssertionError, ValueError or RecursionError: that is bad input, not a compare bug.
    try:
        body = ""
        # Precision first; a page it finds no text in gets a second, more lenient pass.
        for favour in ({"favor_precision": True}, {"favor_recall": True}):
            xml = trafilatura.extract(
                html, url=url, output_format="xml", include_comments=False, include_tables=False, **favour
            )
            body = text_from_xml(xml) if xml else ""
            if body.strip():
                break
    except Exception:
        raise InputError(f"{name}: the HTML page could not be parsed") from None
    if not body or not body.strip():
        raise InputError(f"{name}: no main text found in the HTML page")
    meta: dict[str, object] = {}
    try:
        # Not `extensive`: past the page's metadata, htmldate takes the first date in the
        # text, which in a story about an earlier event is the event's ("collapsed on 25
        # January 2019"), and would be stored as the publication date.
        doc = trafilatura.extract_metadata(html, default_url=url, extensive=False)
    except Exception:
        doc = None  # metadata is optional: keep the main text, drop what could not be read
    if doc is not None:
        for key, attr in (
            ("title", "title"),
            ("author", "author"),
            ("outlet", "sitename"),
            ("published", "date"),
            ("url", "url"),
        ):
            value = getattr(doc, attr, None)
            if value:
                # Uncut: build_meta cuts long values and tells the user, whatever their origin.
                meta[key] = clean_display(value, limit=sys.maxsize)
    if meta.get("published"):
        try:
            date.fromisoformat(str(meta["published"]))
        except ValueError:
            meta.pop("published")
    return Loaded(text=body, meta=meta, origin=name)


def mark_plain_headings(text: str) -> str:
    """Turn title lines of a plain-text document into Markdown headings.

    A title is a one-line paragraph of at most 12 words without closing punctuation,
    not the last paragraph. The first becomes '# ', later ones '## '. Text that
    already has Markdown headings is left alone.
    """
    if re.search(r"(?m)^#{1,6} \S", text):
        return text
    paragraphs = text.split("\n\n")
    out = []
    seen_title = False
    for i, para in enumerate(paragraphs):
        line = para.strip()
        is_title = (
            "\n" not in line
            and 0 < len(line) <= 100
            and len(line.split()) <= 12
            and line[-1] not in _TERMINAL
            and i < len(paragraphs) - 1
            and any(ch.isalpha() for ch in line)
            and not re.match(r"^([-*+•]|\d+[.)])\s", line)
        )
        if is_title:
            out.append(("## " if seen_title else "# ") + line)
            seen_title = True
        else:
            out.append(para)
    return "\n\n".join(out)


def load_text_document(raw: str, *, name: str, markdown: bool) -> Loaded:
    meta: dict[str, object] = {}
    if raw.startswith("---\n") or raw.startswith("---\r\n"):
        try:
            data, body, _ = split_front_matter(raw.replace("\r\n", "\n"), name=name)
        except CompareError as exc:
            raise InputError(exc.message) from None
        meta = {k: v for k, v in data.items() if k not in ("sha256", "added")}
        raw, markdown = body, True
    if not markdown:
        raw = mark_plain_headings(normalize_text(raw))
    return Loaded(text=raw, meta=meta, origin=name)


def load_path(path_str: str, *, max_bytes: int, encoding: str | None = None) -> Loaded:
    path = Path(path_str)
    if not path.exists():
        raise NotFoundError(f"{path_str}: no such file")
    if path.is_dir():
        raise InputError(f"{path_str}: is a directory, not a file")
    if path.stat().st_size > max_bytes:
        raise InputError(f"{path_str}: larger than the size cap of {max_bytes:,} bytes")
    try:
        with path.open("rb") as fh:
            data = read_bounded(fh, max_bytes, name=path_str)
    except OSError as exc:
        raise InputError(f"{path_str}: cannot read ({exc.strerror})") from None
    return load_bytes(data, name=path_str, encoding=encoding, max_bytes=max_bytes)


def load_bytes(
    data: bytes,
    *,
    name: str,
    encoding: str | None = None,
    content_type: str = "",
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Loaded:
    if data.startswith(b"%PDF-") or content_type == PDF_TYPE:
        from .pdf import extract_pdf

        # Compressed streams can hold more text than the file has bytes: the extracted
        # text gets the same cap as the input.
        body, meta = extract_pdf(data, name=name, max_chars=max_bytes)
        return Loaded(text=mark_plain_headings(normalize_text(body)), meta=meta, origin=name)
    text = decode_bytes(data, name=name, encoding=encoding)
    if _control_ratio(text) > 0.05:
        raise InputError(f"{name}: binary data, not text")
    if content_type in HTML_TYPES or (not content_type and looks_like_html(text, name)):
        return extract_html(text, name=name, url=url)
    markdown = name.lower().endswith((".md", ".markdown")) or content_type in TEXT_TYPES[1:]
    return load_text_document(text, name=name, markdown=markdown)


def load_url(url: str, *, max_bytes: int, timeout: float = URL_TIMEOUT) -> Loaded:
    from .fetch import fetch_url

    data, content_type, final_url = fetch_url(url, max_bytes=max_bytes, timeout=timeout)
    loaded = load_bytes(data, name=url, content_type=content_type, url=final_url, max_bytes=max_bytes)
    meta = dict(loaded.meta)
    meta.setdefault("url", final_url)
    return replace(loaded, meta=meta)


def load_input(item: str, options: AddOptions) -> Loaded:
    if item == "-":
        data = read_bounded(sys.stdin.buffer, options.max_bytes, name="standard input")
        return load_bytes(data, name="standard input", encoding=options.encoding, max_bytes=options.max_bytes)
    if is_url(item):
        if not item.lower().startswith(("http://", "https://")):
            raise InputError(f"{item}: only http and https URLs can be added")
        return load_url(item, max_bytes=options.max_bytes)
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+:", item) and not Path(item).exists():
        # 'javascript:...', 'data:...' and 'mailto:...' are URLs without '//': refuse the
        # scheme rather than report a missing file (two letters at least: not 'C:').
        raise InputError(f"{item}: only http and https URLs can be added")
    return load_path(item, max_bytes=options.max_bytes, encoding=options.encoding)


_RELEASE_HEADER = re.compile(r"(?:for immediate release|for release on)\b", re.I)


def _paragraphs(text: str) -> Iterator[str]:
    """The non-empty paragraphs of a text, stripped, in order (lazily: callers want the first few)."""
    start = 0
    for m in re.finditer(r"\n\s*\n", text):
        if part := text[start : m.start()].strip():
            yield part
        start = m.end()
    if part := text[start:].strip():
        yield part


def _release_date(text: str) -> date | None:
    """The day a press release gives under "FOR IMMEDIATE RELEASE": its date of issue, as
    authoritative as a page's metadata. Only a full day counts, and only in that furniture."""
    from .dates import extract_dates

    lead = next(_paragraphs(text), "")
    if not (_RELEASE_HEADER.match(lead) and BOILERPLATE.fullmatch(lead)):
        return None
    days = [d.value_start for d in extract_dates(lead, None) if d.precision == "day" and d.value_start]
    return days[0] if len(days) == 1 else None


def latest_published(today: date) -> date:
    """The latest --published date accepted: a year after today (a scheduled release may
    carry a date ahead; a typo in the year usually lands further off)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def check_options(options: AddOptions, inputs: int = 1) -> None:
    """Refuse option combinations that cannot mean anything, before any input is read."""
    if inputs > 1 and options.id:
        raise UsageError(f"--id names one source, but {inputs} inputs were given: add them one at a time")
    if options.published_estimated and not options.published:
        raise UsageError("--estimated needs --published: it marks that date as an estimate")


def build_meta(
    loaded: Loaded, text: str, options: AddOptions, taken: set[str], warnings: list[str] | None = None
) -> SourceMeta:
    """Merge metadata: command-line options win over front matter and page metadata.
    What had to be changed on the way (a value cut short) is appended to `warnings`."""
    data: dict[str, object] = dict(loaded.meta)
    if options.published is not None:
        data.pop("published_estimated", None)  # the user's date replaces an estimated one
    for key in (f.name for f in fields(AddOptions) if f.name in FIELD_ORDER):
        value = getattr(options, key)
        if value is not None:
            data[key] = value
    cut: list[tuple[str, int]] = []
    for key in ("title", "outlet", "author", "url"):
        if key in data:
            full = clean_display(data[key], limit=sys.maxsize)
            data[key] = clean_display(full, limit=METADATA_LIMIT)
            if len(full) > METADATA_LIMIT:
                cut.append((key, len(full)))
    if data.get("url") and not re.match(r"^https?://", str(data["url"]), re.I):
        raise InputError(f"{loaded.origin}: url must start with http:// or https://")
    if not data.get("title"):
        # The first line of the first paragraph that is not a press release's furniture
        # ("FOR IMMEDIATE RELEASE" and the date under it).
        lead = next((p for p in _paragraphs(text) if not BOILERPLATE.fullmatch(p)), "")
        first = lead.split("\n", 1)[0].lstrip("# ").strip()
        data["title"] = clean_display(first, limit=120)
    kind = str(data.get("kind") or "other")
    if kind not in KINDS:
        raise InputError(f"{loaded.origin}: invalid kind '{kind}' (one of {', '.join(KINDS)})")
    data["kind"] = kind
    published = data.get("published")
    if published in (None, "") and not data.get("published_estimated"):
        published = _release_date(text)  # the date line under "FOR IMMEDIATE RELEASE"
    if published not in (None, ""):
        try:
            data["published"] = published if isinstance(published, date) else date.fromisoformat(str(published))
        except ValueError:
            raise InputError(f"{loaded.origin}: invalid date '{published}' (expected YYYY-MM-DD)") from None
        # Only the user's date is checked against the clock: a page's or a file's own date
        # is what it says, and `add` writes no report, so no output depends on the day.
        latest = latest_published(options.today or date.today())
        if options.published is not None and not EARLIEST_PUBLISHED <= data["published"] <= latest:
            raise InputError(
                f"{loaded.origin}: --published {data['published']} is out of range "
                f"(use a date from {EARLIEST_PUBLISHED} to {latest})"
            )
    requested = data.get("id")
    if requested:
        requested = str(requested)
        if not ID_PATTERN.match(requested):
            raise InputError(
                f"invalid id '{clean_display(requested, limit=100)}': use at most 80 lowercase letters, digits "
                "and hyphens, starting and ending with a letter or digit"
            )
        if requested in taken:
            raise DuplicateError(f"id '{requested}' already exists in the corpus")
        source_id = requested
    else:
        stem = "" if is_url(loaded.origin) or loaded.origin == "standard input" else Path(loaded.origin).stem
        base = slugify(str(data.get("title") or "")) or slugify(stem) or "source"
        source_id, n = base, 2
        while source_id in taken:
            source_id, n = f"{base}-{n}", n + 1
    data["id"] = source_id
    if warnings is not None:
        warnings.extend(
            f"{source_id}: the {key} is {length:,} characters long and was cut to {METADATA_LIMIT}"
            for key, length in cut
        )
    data["added"] = options.today or date.today()
    data.pop("sha256", None)
    try:
        return meta_from_mapping(data, name=loaded.origin)
    except CompareError as exc:
        raise InputError(exc.message) from None


def add_source(corpus_root: Path, item: str, options: AddOptions) -> AddResult:
    """Add one document; on any error the corpus is left exactly as it was."""
    check_options(options)
    loaded = load_input(item, options)
    text = normalize_text(loaded.text)
    if not text.strip():
        raise InputError(f"{loaded.origin}: no text left after removing markup and boilerplate")
    digest = text_sha256(text)
    declared = options.language or str(loaded.meta.get("language") or "")
    if not declared:
        # Outside the lock: the classifier takes a moment to load.
        guess = detect_language(text)
        if guess.code:
            options = replace(options, language=guess.code)
    with corpus_lock(corpus_root):
        corpus = load_corpus(corpus_root)
        duplicate_of = ""
        for source in corpus.sources:
            if text_sha256(source.text) == digest:
                if not options.force:
                    raise DuplicateError(
                        f"{loaded.origin}: same text as source '{source.id}' (use --force to add it anyway)"
                    )
                duplicate_of = source.id
        taken = {s.id for s in corpus.sources}
        warnings: list[str] = []
        meta = build_meta(loaded, text, options, taken, warnings)
        path = corpus_root / f"{meta.id}.md"
        atomic_write(path, render_source_file(meta, text), overwrite=False)
    claims = len(segment_text(meta.id, text).claims)
    if meta.reviews and meta.reviews not in taken:
        # Allowed (the checked source may be added next), but a typo would rate nothing.
        warnings.append(f"{meta.id} reviews '{meta.reviews}', which is not a source of this corpus yet")
    if not is_compared(meta.language):
        warnings.append(
            f"{meta.id} is in {language_name(meta.language)}: compare reads English, so reports list "
            "its claims but do not compare them"
        )
    if declared:
        # A person named the language; say so when the text reads otherwise.
        note = mismatch(meta.language, text)
        if note:
            warnings.append(f"{meta.id}: {note}")
    return AddResult(
        source=replace(meta, sha256=digest),
        path=str(path),
        claims=claims,
        forced_duplicate_of=duplicate_of,
        warnings=tuple(warnings),
    )


def add_sources(
    corpus_root: Path,
    items: Iterable[str],
    options: AddOptions,
    progress: Callable[[Progress], None] | None = None,
) -> list[AddResult | CompareError]:
    """Add several documents one by one; one failure does not stop the others."""
    items = list(items)
    # A usage error stops the command as a whole, rather than failing every input alike.
    check_options(options, len(items))
    results: list[AddResult | CompareError] = []
    for n, item in enumerate(items, 1):
        try:
            results.append(add_source(corpus_root, item, options))
        except CompareError as exc:
            results.append(exc)
        if progress:
            progress(Progress("add", n, len(items), item))
    return results


def remove_source(corpus_root: Path, source_id: str) -> RemoveResult:
    with corpus_lock(existing_corpus(corpus_root)):
        corpus = load_corpus(corpus_root)
        source = corpus.get(source_id)
        os.unlink(source.path)
    # A fact check of the removed source now rates nothing; 'compare check' would fail on it.
    checks = [s.id for s in corpus.sources if s.meta.reviews == source_id]
    warnings = tuple(f"{c} is a fact check of {source_id}: remove it, or edit its 'reviews:' field" for c in checks)
    return RemoveResult(id=source_id, path=source.path, warnings=warnings)


__all__ = ["AddOptions", "NetworkError", "add_source", "add_sources", "remove_source"]
