"""The corpus on disk: one Markdown file with YAML front matter per source.

The folder is the single source of truth. Everything else (caches, indexes) lives in
`<corpus>/.compare/`, is rebuildable and is never committed.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from .errors import CorpusError, DuplicateError, LockedError, NotFoundError
from .language import LANGUAGE_PATTERN, normalise_language
from .model import KINDS, Source, SourceMeta, text_sha256

FIELD_ORDER = (
    "id",
    "title",
    "outlet",
    "author",
    "published",
    "published_estimated",
    "url",
    "kind",
    "reviews",
    "language",
    "based_on",
    "note",
    "sha256",
    "added",
)
ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
CACHE_DIR = ".compare"
SKIP_NAMES = {"README.md", "readme.md"}
LOCK_TIMEOUT = 30.0


@dataclass(frozen=True)
class Corpus:
    root: Path
    sources: tuple[Source, ...]
    warnings: tuple[str, ...] = ()

    def get(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise NotFoundError(f"no source with id '{source_id}' in {self.root}")


def corpus_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    if not root.is_dir():
        raise CorpusError(f"corpus path is not a directory: {root}")
    return sorted(
        p
        for p in root.iterdir()
        if p.suffix in (".md", ".txt")
        and p.is_file()
        and not p.name.startswith((".", "_"))
        and p.name not in SKIP_NAMES
    )


def parse_date(value: object, *, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):  # an explicit !!timestamp tag: the day is what counts
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise CorpusError(f"{what}: invalid date '{value}' (expected YYYY-MM-DD)") from None


@functools.cache
def _front_matter_loader(fast: bool = False) -> type:
    """A SafeLoader that leaves dates as text: YAML's own date constructor raises a bare
    ValueError for an impossible date (2024-02-30); parse_date explains it instead.

    `fast`: on libyaml's parser when PyYAML has it (the pure-Python one took most of the
    time of loading a corpus of 10,000 sources). Its error messages are worded otherwise,
    so a file it rejects is parsed again by the Python one for the message."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if fast else yaml.SafeLoader

    class FrontMatterLoader(base):  # type: ignore[misc,valid-type]
        pass

    FrontMatterLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return FrontMatterLoader


def split_front_matter(raw: str, *, name: str) -> tuple[dict[str, object], str, int]:
    """Return (front matter, body, line number where the body starts)."""
    import yaml

    if not raw.startswith("---\n"):
        raise CorpusError(f"{name}:1: missing YAML front matter (the file must start with '---')")
    end = raw.find("\n---\n", 3)
    if end < 0:
        raise CorpusError(f"{name}: front matter is not closed by a '---' line")
    head = raw[4 : end + 1]
    try:
        try:
            data = yaml.load(head, Loader=_front_matter_loader(fast=True)) or {}
        except (yaml.YAMLError, ValueError, RecursionError):
            data = yaml.load(head, Loader=_front_matter_loader()) or {}  # its error message
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise CorpusError(f"{name}:{line}: invalid front matter: {problem}") from None
    except (ValueError, RecursionError) as exc:
        # Explicit tags (!!int x, !!timestamp 2024-02-30) and deep nesting fail outside
        # YAMLError; a hand-edited file must still get a clear error, not a traceback.
        raise CorpusError(f"{name}: invalid front matter: {exc}") from None
    if not isinstance(data, dict):
        raise CorpusError(f"{name}:2: front matter must be a mapping of field: value")
    body_line = head.count("\n") + 3
    return data, raw[end + 5 :], body_line


def meta_from_mapping(data: dict[str, object], *, name: str) -> SourceMeta:
    unknown = sorted(set(map(str, data)) - set(FIELD_ORDER))
    if unknown:
        raise CorpusError(f"{name}: unknown front matter field(s): {', '.join(unknown)}")
    source_id = str(data.get("id") or "")
    if not ID_PATTERN.match(source_id):
        raise CorpusError(f"{name}: invalid or missing id '{source_id}' (lowercase letters, digits, hyphens)")
    kind = str(data.get("kind") or "other")
    if kind not in KINDS:
        raise CorpusError(f"{name}: invalid kind '{kind}' (one of {', '.join(KINDS)})")
    based_on = data.get("based_on") or ()
    if isinstance(based_on, (list, tuple)):
        based_on = tuple(
            {str(k): str(v) for k, v in item.items()} if isinstance(item, dict) else {"source": str(item)}
            for item in based_on
        )
    elif not isinstance(based_on, str):
        based_on = str(based_on)

    def text(key: str) -> str:
        value = data.get(key)
        return "" if value is None else str(value)

    reviews = text("reviews")
    if reviews and (not ID_PATTERN.match(reviews) or reviews == source_id):
        raise CorpusError(f"{name}: reviews must be the id of another source, not '{reviews}'")
    estimated = data.get("published_estimated", False)
    if not isinstance(estimated, bool):
        raise CorpusError(f"{name}: published_estimated must be true or false")
    # The language decides whether a source is compared at all (language.py): "English"
    # or a typo must not drop a source from every comparison without a word.
    language = text("language") or "en"
    if not LANGUAGE_PATTERN.match(language):
        raise CorpusError(f"{name}: invalid language '{language}' (a language code such as en, fr or ar)")
    language = normalise_language(language)

    return SourceMeta(
        id=source_id,
        title=text("title"),
        outlet=text("outlet"),
        author=text("author"),
        published=parse_date(data.get("published"), what=f"{name}: published"),
        published_estimated=estimated,
        url=text("url"),
        kind=kind,
        reviews=reviews,
        language=language,
        language_stated=bool(text("language")),
        based_on=based_on,
        note=text("note"),
        sha256=text("sha256"),
        added=parse_date(data.get("added"), what=f"{name}: added"),
    )


def read_source(path: Path) -> Source:
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise CorpusError(f"{path}: not valid UTF-8") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror})") from None
    # A checkout with CRLF line endings (git autocrlf) holds the same source: the text was
    # stored with LF, so reading it back as LF keeps its hash and offsets.
    raw = raw.replace("\r\n", "\n")
    data, body, _ = split_front_matter(raw, name=str(path))
    meta = meta_from_mapping(data, name=str(path))
    return Source(meta=meta, text=body, path=str(path))


def existing_corpus(root: Path) -> Path:
    """`root`, when it is a folder. Commands that read a corpus say a mistyped --corpus is
    not there, rather than list no sources, and never create it (the corpus lock would)."""
    if not root.is_dir():
        raise NotFoundError(f"corpus folder not found: {root}")
    return root


def load_corpus(root: Path) -> Corpus:
    """Read and validate every source; raises CorpusError naming the first bad file."""
    sources: list[Source] = []
    warnings: list[str] = []
    seen: dict[str, str] = {}
    for path in corpus_files(root):
        source = read_source(path)
        if source.id in seen:
            raise CorpusError(f"{path}: duplicate id '{source.id}' (also in {seen[source.id]})")
        seen[source.id] = str(path)
        if source.meta.sha256 and source.meta.sha256 != text_sha256(source.text):
            warnings.append(f"{path}: sha256 does not match the text (edited by hand? run 'compare check --fix')")
        sources.append(source)
    sources.sort(key=lambda s: s.id)
    return Corpus(root=root, sources=tuple(sources), warnings=tuple(warnings))


_OMITTED_WHEN_EMPTY = ("based_on", "note", "author", "url", "outlet", "title", "published_estimated", "reviews")


def render_source_file(meta: SourceMeta, text: str) -> str:
    import yaml

    meta = replace(meta, sha256=text_sha256(text))
    data: dict[str, object] = {}
    for key in FIELD_ORDER:
        value = getattr(meta, key)
        if isinstance(value, tuple):
            value = [dict(item) for item in value]
        if key in _OMITTED_WHEN_EMPTY and not value:
            continue
        data[key] = value
    head = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{head}---\n{text}"


def atomic_write(path: Path, content: str | Iterable[str], *, overwrite: bool) -> None:
    """Write text (or its pieces, in order) via a temporary file in the same folder;
    never leaves a half-written file.

    With overwrite=False the final step is a hard link, which fails if the target
    exists, so a concurrent writer can never be silently replaced.
    """
    pieces = (content,) if isinstance(content, str) else content
    atomic_write_bytes(path, (p.encode("utf-8") for p in pieces), overwrite=overwrite)


def atomic_write_bytes(path: Path, pieces: Iterable[bytes | memoryview], *, overwrite: bool) -> None:
    """atomic_write for encoded pieces (a spliced report is written as it was stored)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".compare-tmp", dir=path.parent)
    try:
        # mkstemp creates the file 0600; corpus files and reports are shared documents, so
        # give them the mode a plain open() would (or keep the mode of the file replaced).
        os.fchmod(fd, _file_mode(path))
        with os.fdopen(fd, "wb") as fh:
            fh.writelines(pieces)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise DuplicateError(f"{path} already exists; not overwritten") from None
            os.unlink(tmp)
        _fsync_dir(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _file_mode(path: Path) -> int:
    with contextlib.suppress(OSError):
        return stat.S_IMODE(path.stat().st_mode)
    umask = os.umask(0o022)  # reading the umask means setting it; restore it at once
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def corpus_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Exclusive lock for commands that change the corpus."""
    from filelock import FileLock, Timeout

    lock_dir = root / CACHE_DIR
    lock_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_dir / "corpus.lock"), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise LockedError(f"corpus {root} is locked by another compare process; try again") from None


def clean_stale_temp_files(root: Path) -> list[Path]:
    """Remove temporary files left by a process killed mid-write (they are never sources)."""
    removed = []
    if root.is_dir():
        for p in root.glob(".*.compare-tmp"):
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed
