"""The corpus on disk: atomic writes, the file format, validation, locking, concurrent adds."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import write
from filelock import FileLock

from compare.corpus import (
    CACHE_DIR,
    atomic_write,
    clean_stale_temp_files,
    corpus_files,
    corpus_lock,
    load_corpus,
    read_source,
    render_source_file,
    split_front_matter,
)
from compare.errors import CorpusError, DuplicateError, LockedError, NotFoundError
from compare.model import SourceMeta, text_sha256


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".compare-tmp"))


# atomic_write ------------------------------------------------------------------------------------


def test_atomic_write_creates_the_file_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.md"
    atomic_write(target, "héllo\n", overwrite=False)
    assert target.read_bytes() == "héllo\n".encode()
    assert leftovers(target.parent) == []


def test_atomic_write_keeps_lf_line_endings(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    atomic_write(target, "one\ntwo\n", overwrite=True)
    assert target.read_bytes() == b"one\ntwo\n"


def test_atomic_write_overwrite(tmp_path: Path) -> None:
    target = write(tmp_path / "a.md", "old")
    atomic_write(target, "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert leftovers(tmp_path) == []


def test_atomic_write_refuses_an_existing_target(tmp_path: Path) -> None:
    target = write(tmp_path / "a.md", "precious")
    with pytest.raises(DuplicateError) as info:
        atomic_write(target, "intruder", overwrite=False)
    assert info.value.message == f"{target} already exists; not overwritten"
    assert target.read_text(encoding="utf-8") == "precious"
    assert leftovers(tmp_path) == []


def test_atomic_write_failing_midway_leaves_the_target_intact(tmp_path: Path) -> None:
    target = write(tmp_path / "a.md", "precious")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "half written \ud800 then fails", overwrite=True)
    assert target.read_text(encoding="utf-8") == "precious"
    assert leftovers(tmp_path) == []


def test_atomic_write_gives_files_the_usual_mode(tmp_path: Path) -> None:
    # mkstemp makes 0600 files; a corpus file or report must be readable like any other file.
    umask = os.umask(0o022)
    try:
        target = tmp_path / "new.md"
        atomic_write(target, "x", overwrite=False)
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        kept = write(tmp_path / "kept.md", "x")
        kept.chmod(0o640)
        atomic_write(kept, "y", overwrite=True)
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(umask)


def test_clean_stale_temp_files(tmp_path: Path) -> None:
    stale = write(tmp_path / ".a.md.abc123.compare-tmp", "half")
    keep = write(tmp_path / "a.md", "whole")
    assert clean_stale_temp_files(tmp_path) == [stale]
    assert not stale.exists() and keep.exists()
    assert clean_stale_temp_files(tmp_path / "missing") == []


# The file format ---------------------------------------------------------------------------------


def test_render_and_read_round_trip(tmp_path: Path) -> None:
    meta = SourceMeta(
        id="gaza-talks",
        title="Talks: round two",
        outlet="Wire",
        author="A. Writer",
        published=date(2024, 3, 12),
        url="https://example.org/x?a=1&b=2",
        kind="wire",
        language="en",
        based_on=({"outlet": "AP", "date": "2024-03-11"},),
        note="Written for this corpus.",
        added=date(2024, 3, 20),
    )
    text = "# Talks: round two\n\nThey met — again. “Yes,” she said.\n"
    path = tmp_path / "gaza-talks.md"
    path.write_text(render_source_file(meta, text), encoding="utf-8")
    source = read_source(path)
    assert source.text == text
    assert source.meta.sha256 == text_sha256(text)
    assert source.meta == SourceMeta(**{**meta.__dict__, "sha256": text_sha256(text)})


def test_an_estimated_publication_date_round_trips_and_is_written_only_when_set(tmp_path: Path) -> None:
    text = "# Column\n\nOn Wednesday the talks failed.\n"
    estimated = SourceMeta(id="col", published=date(2024, 3, 15), published_estimated=True, kind="opinion")
    rendered = render_source_file(estimated, text)
    assert "published: 2024-03-15\npublished_estimated: true\n" in rendered
    path = write(tmp_path / "col.md", rendered)
    assert read_source(path).meta.published_estimated is True
    known = render_source_file(SourceMeta(id="col", published=date(2024, 3, 15)), text)
    assert "published_estimated" not in known
    bad = write(tmp_path / "bad.md", "---\nid: bad\npublished_estimated: maybe\n---\ntext\n")
    with pytest.raises(CorpusError) as info:
        read_source(bad)
    assert info.value.message == f"{bad}: published_estimated must be true or false"


def test_the_reviewed_source_round_trips_and_must_be_another_id(tmp_path: Path) -> None:
    text = "# Fact check\n\nThe column said the bridge fell. Verdict: false.\n"
    rendered = render_source_file(SourceMeta(id="check", kind="news", reviews="column"), text)
    assert "kind: news\nreviews: column\n" in rendered
    assert read_source(write(tmp_path / "check.md", rendered)).meta.reviews == "column"
    assert "reviews" not in render_source_file(SourceMeta(id="check"), text)
    for value, name in (("Not An Id", "bad"), ("self", "self")):
        bad = write(tmp_path / f"{name}.md", f"---\nid: {name}\nreviews: {value}\n---\ntext\n")
        with pytest.raises(CorpusError) as info:
            read_source(bad)
        assert info.value.message == f"{bad}: reviews must be the id of another source, not '{value}'"


def test_missing_front_matter_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "just text\n")
    with pytest.raises(CorpusError) as info:
        read_source(path)
    assert info.value.message == f"{path}:1: missing YAML front matter (the file must start with '---')"


def test_front_matter_with_an_impossible_date_is_a_clean_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "---\nid: a\npublished: 2024-02-30\n---\ntext\n")
    with pytest.raises(CorpusError) as info:
        read_source(path)
    assert info.value.message == f"{path}: published: invalid date '2024-02-30' (expected YYYY-MM-DD)"


@pytest.mark.parametrize(
    "head",
    [
        "id: !!int x",
        "id: !!float y",
        "id: !!timestamp 2024-02-30",
        "id: " + "[" * 5000 + "]" * 5000,
    ],
)
def test_front_matter_that_yaml_cannot_construct_is_a_clean_error(tmp_path: Path, head: str) -> None:
    with pytest.raises(CorpusError) as info:
        split_front_matter(f"---\n{head}\n---\ntext\n", name="f.md")
    assert info.value.message.startswith("f.md: invalid front matter: ")


def test_dates_stay_dates(tmp_path: Path) -> None:
    data, body, line = split_front_matter("---\npublished: 2024-03-12\nid: a\n---\nBody\n", name="f")
    assert data == {"published": "2024-03-12", "id": "a"}
    assert (body, line) == ("Body\n", 5)
    path = write(tmp_path / "a.md", "---\nid: a\npublished: !!timestamp 2024-03-12T10:00:00Z\n---\nBody\n")
    assert read_source(path).meta.published == date(2024, 3, 12)


def test_unknown_field_and_bad_id(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "---\nid: a\ncolour: red\n---\ntext\n")
    with pytest.raises(CorpusError, match="unknown front matter field"):
        read_source(path)
    path = write(tmp_path / "b.md", "---\nid: Not Valid\n---\ntext\n")
    with pytest.raises(CorpusError, match="invalid or missing id 'Not Valid'"):
        read_source(path)


def test_invalid_utf8_in_a_corpus_file(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\nid: a\n---\n\xff\xfe\n")
    with pytest.raises(CorpusError) as info:
        read_source(path)
    assert info.value.message == f"{path}: not valid UTF-8"


# load_corpus -------------------------------------------------------------------------------------


def _source(root: Path, sid: str, text: str = "Some text.\n", name: str | None = None) -> Path:
    path = root / (name or f"{sid}.md")
    atomic_write(path, render_source_file(SourceMeta(id=sid, added=date(2024, 1, 1)), text), overwrite=False)
    return path


def test_corpus_files_skips_readme_hidden_temp_and_cache(tmp_path: Path) -> None:
    _source(tmp_path, "a")
    write(tmp_path / "README.md", "# About this corpus\n")
    write(tmp_path / ".hidden.md", "x")
    write(tmp_path / "_draft.md", "x")
    write(tmp_path / ".a.md.xyz.compare-tmp", "x")
    write(tmp_path / CACHE_DIR / "inner.md", "x")
    write(tmp_path / "notes.pdf", "x")
    assert [p.name for p in corpus_files(tmp_path)] == ["a.md"]
    assert [s.id for s in load_corpus(tmp_path).sources] == ["a"]


def test_load_corpus_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert load_corpus(tmp_path / "none").sources == ()


def test_load_corpus_of_a_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "f", "x")
    with pytest.raises(CorpusError, match="not a directory"):
        load_corpus(path)


def test_duplicate_ids_are_an_error(tmp_path: Path) -> None:
    _source(tmp_path, "a")
    second = _source(tmp_path, "a", name="copy-of-a.md")
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    assert info.value.message == f"{second}: duplicate id 'a' (also in {tmp_path / 'a.md'})"


def test_hash_mismatch_is_a_warning(tmp_path: Path) -> None:
    path = _source(tmp_path, "a")
    path.write_text(path.read_text(encoding="utf-8").replace("Some", "Other"), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.warnings == (f"{path}: sha256 does not match the text (edited by hand? run 'compare check --fix')",)


def test_get_unknown_id(tmp_path: Path) -> None:
    _source(tmp_path, "a")
    with pytest.raises(NotFoundError):
        load_corpus(tmp_path).get("b")


# Locking and concurrent adds ---------------------------------------------------------------------


def test_lock_held_elsewhere_gives_locked_error(tmp_path: Path) -> None:
    (tmp_path / CACHE_DIR).mkdir()
    holder = FileLock(str(tmp_path / CACHE_DIR / "corpus.lock"))
    with holder, pytest.raises(LockedError) as info, corpus_lock(tmp_path, timeout=0.05):
        pass
    assert info.value.message == f"corpus {tmp_path} is locked by another compare process; try again"
    with corpus_lock(tmp_path, timeout=0.05):  # released again
        pass


def test_parallel_adds_lose_nothing_and_never_share_an_id(tmp_path: Path) -> None:
    root = tmp_path / "c"
    inputs = [
        write(tmp_path / f"in{i}.txt", f"Same headline\n\nAccount number {i} of the event. Fine.\n") for i in range(6)
    ]
    script = (
        "import sys; from pathlib import Path; from compare.ingest import AddOptions, add_source; "
        "add_source(Path(sys.argv[1]), sys.argv[2], AddOptions())"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(root), str(p)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for p in inputs
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    corpus = load_corpus(root)
    assert sorted(s.id for s in corpus.sources) == sorted(
        ["same-headline"] + [f"same-headline-{n}" for n in range(2, 7)]
    )
    assert sorted(s.text.split("number ")[1][0] for s in corpus.sources) == [str(i) for i in range(6)]
    assert leftovers(root) == []


def test_a_crlf_checkout_reads_as_the_same_source(tmp_path: Path) -> None:
    path = _source(tmp_path, "a", "First line.\n\nSecond paragraph.\n")
    lf = read_source(path)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # what git autocrlf does
    crlf = read_source(path)
    assert crlf.text == lf.text
    assert crlf.meta == lf.meta
    assert load_corpus(tmp_path).warnings == ()
