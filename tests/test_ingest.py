"""Ingestion: every bad input fails with one exact line on stderr, a named exit code, and a
corpus left byte-for-byte as it was; plus the loaders themselves, fuzzed."""

from __future__ import annotations

import errno
import os
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli, free_port, fuzz_examples, snapshot, write
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from compare.errors import CompareError, ExitCode, InputError
from compare.ingest import (
    decode_bytes,
    is_url,
    load_bytes,
    looks_like_html,
    mark_plain_headings,
)
from compare.segment import segment_text
from compare.textnorm import normalize_text

NEW_TEXT = "A new account of the storm. It adds nothing else.\n"


def refused(
    cli: Cli,
    corpus: Path,
    args: list[str],
    line: str,
    code: ExitCode,
    input: str | bytes | None = None,
) -> None:
    """Run `compare add ARGS` on corpus; it must fail with exactly `line` and `code`,
    print nothing on stdout, and leave every corpus file (and folder) untouched."""
    before = snapshot(corpus)
    assert before  # the fixture corpus is not empty, so "unchanged" means something
    result = cli("add", *args, "--corpus", str(corpus), input=input)
    assert result.exit_code == code, result.output
    assert result.stderr == f"error: {line}\n"
    assert result.stdout == ""
    assert snapshot(corpus) == before


# Bad input, one test each ---------------------------------------------------------------------


def test_missing_path(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = tmp_path / "no-such-file.txt"
    refused(cli, corpus, [str(p)], f"{p}: no such file", ExitCode.NOT_FOUND)


def test_directory(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    d = tmp_path / "a-folder"
    d.mkdir()
    refused(cli, corpus, [str(d)], f"{d}: is a directory, not a file", ExitCode.INPUT)


def test_empty_file(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "empty.txt", "")
    refused(cli, corpus, [str(p)], f"{p}: empty or whitespace-only input", ExitCode.INPUT)


def test_whitespace_only_file(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "blank.txt", " \n\t\r\n   \n")
    refused(cli, corpus, [str(p)], f"{p}: empty or whitespace-only input", ExitCode.INPUT)


def test_invisible_characters_only(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "invisible.txt", "\u200b\u200d\u202e\ufeff\n\u2066\u2069\n")
    refused(
        cli,
        corpus,
        [str(p)],
        f"{p}: no text left after removing markup and boilerplate",
        ExitCode.INPUT,
    )


def test_boilerplate_only(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "widgets.txt", "Leave a Reply\n\nPosts by Month\n\nShare this: Facebook, X\n")
    refused(
        cli,
        corpus,
        [str(p)],
        f"{p}: no text left after removing markup and boilerplate",
        ExitCode.INPUT,
    )


def test_empty_standard_input(cli: Cli, corpus: Path) -> None:
    refused(
        cli,
        corpus,
        ["-"],
        "standard input: empty or whitespace-only input",
        ExitCode.INPUT,
        input="",
    )


def test_binary_data(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = tmp_path / "blob.bin"
    p.write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + bytes(range(256)))
    refused(cli, corpus, [str(p)], f"{p}: binary data, not text", ExitCode.INPUT)


def test_binary_data_on_standard_input(cli: Cli, corpus: Path) -> None:
    refused(
        cli,
        corpus,
        ["-"],
        "standard input: binary data, not text",
        ExitCode.INPUT,
        input=b"abc\x00def\x00",
    )


def test_control_characters_without_nul(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = tmp_path / "ctl.txt"
    p.write_bytes(bytes(range(1, 9)) * 20 + b"some text")
    refused(cli, corpus, [str(p)], f"{p}: binary data, not text", ExitCode.INPUT)


def test_undecodable_bytes(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = tmp_path / "latin1.txt"
    p.write_bytes("Caf\u00e9 owners said prices rose.".encode("latin-1"))
    refused(
        cli,
        corpus,
        [str(p)],
        f"{p}: cannot decode as UTF-8 at byte 3 (try --encoding)",
        ExitCode.INPUT,
    )


def test_undecodable_utf16(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = tmp_path / "utf16.txt"
    p.write_bytes(b"\xff\xfe" + "Odd".encode("utf-16-le") + b"\x00")  # odd number of bytes
    refused(
        cli,
        corpus,
        [str(p)],
        f"{p}: cannot decode as UTF-16 at byte 8 (try --encoding)",
        ExitCode.INPUT,
    )


def test_file_over_the_size_cap(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "big.txt", NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(p), "--max-bytes", "10"],
        f"{p}: larger than the size cap of 10 bytes",
        ExitCode.INPUT,
    )


def test_standard_input_over_the_size_cap(cli: Cli, corpus: Path) -> None:
    refused(
        cli,
        corpus,
        ["-", "--max-bytes", "1000"],
        "standard input: larger than the size cap of 1,000 bytes",
        ExitCode.INPUT,
        input="word " * 1000,
    )


@pytest.mark.parametrize("value", ["2024-02-30", "14/03/2024", "March 2024", "2024-3-14x"])
def test_invalid_published_date(cli: Cli, corpus: Path, tmp_path: Path, value: str) -> None:
    p = write(tmp_path / "new.txt", NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(p), "--published", value],
        f"{p}: invalid date '{value}' (expected YYYY-MM-DD)",
        ExitCode.INPUT,
    )


def a_year_from(today: date) -> date:
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


@pytest.mark.parametrize("value", ["1799-12-31", "0001-01-01", "9999-12-31", "later"])
def test_implausible_published_date(cli: Cli, corpus: Path, tmp_path: Path, value: str) -> None:
    p = write(tmp_path / "new.txt", NEW_TEXT)
    latest = a_year_from(date.today())
    if value == "later":
        value = date.fromordinal(latest.toordinal() + 1).isoformat()
    refused(
        cli,
        corpus,
        [str(p), "--published", value],
        f"{p}: --published {value} is out of range (use a date from 1800-01-01 to {latest})",
        ExitCode.INPUT,
    )


def test_published_dates_at_the_ends_of_the_range_are_taken(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    latest = a_year_from(date.today()).isoformat()
    for n, value in enumerate(("1800-01-01", latest)):
        p = write(tmp_path / f"new{n}.txt", f"Account number {n} of the storm. It adds nothing.\n")
        result = cli("add", str(p), "--corpus", str(corpus), "--id", f"new{n}", "--published", value)
        assert result.exit_code == ExitCode.OK, result.output
        assert result.stderr == ""


def test_the_latest_published_date_is_a_year_after_the_add(tmp_path: Path) -> None:
    from compare.ingest import AddOptions, add_source

    p = write(tmp_path / "new.txt", NEW_TEXT)
    leap = date(2024, 2, 29)  # a year later has no 29 February
    with pytest.raises(InputError) as info:
        add_source(tmp_path / "c", str(p), AddOptions(published="2025-03-01", today=leap))
    assert (
        info.value.message == f"{p}: --published 2025-03-01 is out of range (use a date from 1800-01-01 to 2025-02-28)"
    )
    assert not list((tmp_path / "c").glob("*.md"))
    added = add_source(tmp_path / "c", str(p), AddOptions(published="2025-02-28", today=leap))
    assert added.source.published == date(2025, 2, 28)
    # A date the document gives itself is what it says, however odd: only the user's is checked.
    old = write(tmp_path / "old.md", "---\ntitle: Old\npublished: 1700-05-01\n---\nAn old account. Of a storm.\n")
    assert add_source(tmp_path / "c", str(old), AddOptions(today=leap)).source.published == date(1700, 5, 1)


def test_estimated_without_a_published_date(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "new.txt", NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(p), "--estimated"],
        "--estimated needs --published: it marks that date as an estimate",
        ExitCode.USAGE,
    )
    # Even when the file has a date of its own: --estimated speaks of the date given with it.
    dated = write(tmp_path / "dated.md", "---\ntitle: Dated\npublished: 2024-03-12\n---\n" + NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(dated), str(p), "--estimated"],
        "--estimated needs --published: it marks that date as an estimate",
        ExitCode.USAGE,
    )


def test_id_with_several_inputs(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    one = write(tmp_path / "one.txt", NEW_TEXT)
    two = write(tmp_path / "two.txt", "Another account of the storm. It adds less.\n")
    refused(
        cli,
        corpus,
        [str(one), str(two), "--id", "gamma"],
        "--id names one source, but 2 inputs were given: add them one at a time",
        ExitCode.USAGE,
    )


def test_invalid_date_in_front_matter(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    # YAML's own date parser raises a bare ValueError for this; it must be a clean error.
    p = write(tmp_path / "new.md", "---\ntitle: New\npublished: 2024-02-30\n---\n" + NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(p)],
        f"{p}: invalid date '2024-02-30' (expected YYYY-MM-DD)",
        ExitCode.INPUT,
    )


def test_malformed_front_matter(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "new.md", "---\ntitle: New\nkind: news: wire\n---\n" + NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(p)],
        f"{p}:3: invalid front matter: mapping values are not allowed here",
        ExitCode.INPUT,
    )


def test_front_matter_with_a_bad_tag(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "new.md", "---\ntitle: !!int many\n---\n" + NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(p)],
        f"{p}: invalid front matter: invalid literal for int() with base 10: 'many'",
        ExitCode.INPUT,
    )


def test_front_matter_not_a_mapping(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "new.md", "---\n- just\n- a list\n---\n" + NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(p)],
        f"{p}:2: front matter must be a mapping of field: value",
        ExitCode.INPUT,
    )


def test_front_matter_unknown_field(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "new.md", "---\ntitle: New\ntags: [a, b]\n---\n" + NEW_TEXT)
    refused(cli, corpus, [str(p)], f"{p}: unknown front matter field(s): tags", ExitCode.INPUT)


def test_front_matter_not_closed(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "new.md", "---\ntitle: New\n" + NEW_TEXT)
    refused(cli, corpus, [str(p)], f"{p}: front matter is not closed by a '---' line", ExitCode.INPUT)


def test_duplicate_id(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "new.txt", NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(p), "--id", "alpha"],
        "id 'alpha' already exists in the corpus",
        ExitCode.DUPLICATE,
    )


def test_duplicate_id_from_front_matter(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "new.md", "---\nid: beta\n---\n" + NEW_TEXT)
    refused(cli, corpus, [str(p)], "id 'beta' already exists in the corpus", ExitCode.DUPLICATE)


def test_invalid_id(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "new.txt", NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(p), "--id", "Not A Slug"],
        "invalid id 'Not A Slug': use at most 80 lowercase letters, digits and hyphens, starting and ending "
        "with a letter or digit",
        ExitCode.INPUT,
    )
    refused(
        cli,
        corpus,
        [str(p), "--id", "a" * 81],
        f"invalid id '{'a' * 81}': use at most 80 lowercase letters, digits and hyphens, starting and ending "
        "with a letter or digit",
        ExitCode.INPUT,
    )


def test_duplicate_text(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    # Same text after normalisation: other line endings, spacing and an invisible character.
    p = tmp_path / "copy.txt"
    p.write_bytes(
        b"Officials said 12 people  were injured in the storm on Tuesday.\xe2\x80\x8b "
        b"The port was closed for two days.\r\n\r\n"
    )
    refused(
        cli,
        corpus,
        [str(p)],
        f"{p}: same text as source 'alpha' (use --force to add it anyway)",
        ExitCode.DUPLICATE,
    )


def test_duplicate_text_with_force_is_added(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(
        tmp_path / "copy.txt",
        (corpus / "alpha.md").read_text(encoding="utf-8").split("---\n", 2)[2],
    )
    result = cli("add", str(p), "--corpus", str(corpus), "--force", "--id", "alpha-copy")
    assert result.exit_code == ExitCode.OK
    assert result.stdout == f"added alpha-copy: 2 claims -> {corpus / 'alpha-copy.md'} (same text as alpha)\n"
    assert (corpus / "alpha.md").exists() and (corpus / "alpha-copy.md").exists()


def test_invalid_kind(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "new.txt", NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(p), "--kind", "blog"],
        f"{p}: invalid kind 'blog' (one of news, opinion, official, wire, reference, other)",
        ExitCode.INPUT,
    )


def test_invalid_url_option(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "new.txt", NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(p), "--url", "javascript:alert(1)"],
        f"{p}: url must start with http:// or https://",
        ExitCode.INPUT,
    )


def test_unknown_encoding(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "new.txt", NEW_TEXT)
    refused(
        cli,
        corpus,
        [str(p), "--encoding", "no-such-codec"],
        f"{p}: cannot decode as no-such-codec (try --encoding)",
        ExitCode.INPUT,
    )


def test_unreachable_url(cli: Cli, corpus: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/article.html"
    reason = f"[Errno {errno.ECONNREFUSED}] {os.strerror(errno.ECONNREFUSED)}"
    refused(cli, corpus, [url], f"{url}: cannot connect ({reason})", ExitCode.NETWORK)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/a.txt",
        "javascript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "mailto:someone@example.org",
    ],
)
def test_non_http_url_scheme(cli: Cli, corpus: Path, url: str) -> None:
    refused(cli, corpus, [url], f"{url}: only http and https URLs can be added", ExitCode.INPUT)


@pytest.mark.parametrize("url", ["http://[::1/x", "http://127.0.0.1:notaport/", "http://exa mple.org/"])
def test_malformed_url(cli: Cli, corpus: Path, url: str) -> None:
    refused(cli, corpus, [url], f"{url}: not a valid URL", ExitCode.INPUT)


def test_html_without_main_text(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    p = write(
        tmp_path / "empty.html",
        "<html><head><script>alert('only a script')</script></head><body><form></form></body></html>",
    )
    refused(cli, corpus, [str(p)], f"{p}: no main text found in the HTML page", ExitCode.INPUT)


def test_a_file_named_like_a_scheme_is_still_a_file(cli: Cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "notes:draft.txt", "Notes from the meeting. Nothing else.\n")
    result = cli("add", "notes:draft.txt", "--id", "notes", "--corpus", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output


def test_encoding_option_decodes_legacy_text(cli: Cli, tmp_path: Path) -> None:
    p = tmp_path / "latin1.txt"
    p.write_bytes("Caf\u00e9 owners said prices rose. Customers agreed.".encode("latin-1"))
    result = cli("add", str(p), "--encoding", "latin-1", "--id", "cafe", "--corpus", str(tmp_path / "c"))
    assert result.exit_code == 0
    assert "Caf\u00e9 owners" in (tmp_path / "c" / "cafe.md").read_text(encoding="utf-8")


def test_utf16_with_bom_is_read(cli: Cli, tmp_path: Path) -> None:
    p = tmp_path / "utf16.txt"
    p.write_bytes("Wide text, stored as UTF-16. It is fine.\n".encode("utf-16"))
    result = cli("add", str(p), "--id", "wide", "--corpus", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    assert "Wide text, stored as UTF-16." in (tmp_path / "c" / "wide.md").read_text(encoding="utf-8")


def test_failed_add_into_a_new_corpus_writes_no_source(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    p = write(tmp_path / "new.txt", NEW_TEXT)
    result = cli("add", str(p), "--kind", "nonsense", "--corpus", str(root))
    assert result.exit_code == ExitCode.INPUT
    assert snapshot(root) == {}


# The loaders ------------------------------------------------------------------------------------


def test_decode_bytes_strips_utf8_bom() -> None:
    assert decode_bytes(b"\xef\xbb\xbfHello", name="x") == "Hello"


def test_is_url() -> None:
    assert is_url("https://example.org/a")
    assert is_url("file:///etc/passwd")
    assert not is_url("notes.txt")
    assert not is_url("-")


def test_looks_like_html() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>", "page")
    assert looks_like_html("anything", "page.HTM")
    assert not looks_like_html("Plain text mentioning <html> tags.", "notes.txt")


def test_mark_plain_headings() -> None:
    text = normalize_text(
        "Storm hits the coast\n\nThe storm hit. It was bad.\n\nAftermath\n\n"
        "People cleaned up.\n\n- not a heading\n\nA closing line without stop\n"
    )
    assert mark_plain_headings(text) == (
        "# Storm hits the coast\n\nThe storm hit. It was bad.\n\n"
        "## Aftermath\n\nPeople cleaned up.\n\n"
        "- not a heading\n\nA closing line without stop\n"
    )


def test_mark_plain_headings_leaves_markdown_and_sentences_alone() -> None:
    md = "# Title\n\nShort line\n\nBody. Text.\n"
    assert mark_plain_headings(md) == md
    prose = "He left early.\n\nShe said: yes;\n\nThe end.\n"
    assert mark_plain_headings(prose) == prose


def test_plain_text_titles_become_sections_not_claims() -> None:
    loaded = load_bytes(b"Storm hits the coast\n\nThe storm hit. It was bad.\n", name="s.txt")
    seg = segment_text("s", normalize_text(loaded.text))
    assert [s.heading for s in seg.sections] == ["Storm hits the coast"]
    assert [c.text for c in seg.claims] == ["The storm hit.", "It was bad."]


def test_a_press_release_is_titled_by_its_headline(tmp_path: Path) -> None:
    from compare.ingest import AddOptions, add_source

    release = write(
        tmp_path / "release.txt",
        "FOR IMMEDIATE RELEASE\nMarch 14, 2024\n\nMinistry announces a vaccination campaign\n\n"
        "The ministry said it will vaccinate 50,000 children.\n\n###\n",
    )
    result = add_source(tmp_path / "corpus", str(release), AddOptions())
    assert result.source.title == "Ministry announces a vaccination campaign"
    assert result.claims == 1
    # The date under "FOR IMMEDIATE RELEASE" is the day it was issued, unless the user says otherwise.
    assert result.source.published == date(2024, 3, 14)
    given = add_source(tmp_path / "corpus", str(release), AddOptions(published="2024-03-15", force=True))
    assert given.source.published == date(2024, 3, 15)


def test_markdown_input_is_not_given_extra_headings() -> None:
    loaded = load_bytes(b"Short line\n\nBody text. More.\n", name="s.md")
    assert loaded.text == "Short line\n\nBody text. More.\n"


def test_html_loader_drops_scripts_forms_and_iframes() -> None:
    html = (
        "<html><head><title>T</title></head><body><article><h1>Main title here</h1>"
        "<p>The first paragraph is long enough to count as the main text of the page.</p>"
        "<form action='/x'><input name='q' value='FORM-PAYLOAD'></form>"
        "<iframe src='https://evil.example/'>IFRAME-PAYLOAD</iframe>"
        "<script>document.write('SCRIPT-PAYLOAD')</script>"
        "<p onclick='alert(1)'>A second paragraph follows with more words in it, "
        "as articles do.</p>"
        "</article></body></html>"
    )
    loaded = load_bytes(html.encode(), name="p.html")
    assert "The first paragraph is long enough" in loaded.text
    for payload in ("FORM-PAYLOAD", "IFRAME-PAYLOAD", "SCRIPT-PAYLOAD", "onclick", "<"):
        assert payload not in loaded.text


# Fuzzing: whatever the bytes, a clean CompareError or text that segments cleanly ---------------


def _ingest_or_refuse(data: bytes, name: str) -> None:
    try:
        loaded = load_bytes(data, name=name)
    except CompareError as exc:
        assert exc.message and "\n" not in exc.message
        assert isinstance(exc, InputError)
        event(f"refused: {exc.message.split(': ', 1)[1][:30]}")
        return
    event("loaded")
    text = normalize_text(loaded.text)
    assert normalize_text(text) == text
    for c in segment_text("fuzz", text).claims:
        assert text[c.start : c.end] == c.text


_UNICODE = st.text(st.characters(codec="utf-8"), max_size=300)  # every code point but surrogates


@settings(max_examples=fuzz_examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(st.binary(max_size=600), _UNICODE.map(lambda t: t.encode("utf-8"))),
    name=st.sampled_from(["a.txt", "a.md", "standard input"]),
)
def test_fuzz_random_bytes(data: bytes, name: str) -> None:
    _ingest_or_refuse(data, name)


_LINE = st.sampled_from(
    [
        "---",
        "id: x",
        "title: [unclosed",
        "published: 2024-02-30",
        "kind: !!int x",
        "a: *alias",
        "tags: {a: 1}",
        "",
        "# Heading",
        "Body sentence. Another one.",
        "\u202eevil\u202c",
        "- item",
        "based_on: [1, {a: b}]",
        "note: |",
        "  indented",
        "\t",
        "...",
        ": :",
        "? x",
    ]
)


@settings(max_examples=fuzz_examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(_LINE, st.text(max_size=30)), max_size=12))
def test_fuzz_front_matter(lines: list[str]) -> None:
    raw = "---\n" + "\n".join(lines) + "\n---\nText after the front matter. It is here.\n"
    _ingest_or_refuse(raw.encode("utf-8", "surrogatepass"), "fuzz.md")


_TAGS = st.sampled_from(
    [
        "<html>",
        "<body>",
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<article>",
        "</article>",
        "<script>alert(1)</script>",
        "<script>",
        "<iframe src=x>",
        "<form><input name=a></form>",
        "<a href='javascript:alert(1)'>",
        "</a>",
        "<!--",
        "-->",
        "<![CDATA[",
        "<?xml version='1.0'?>",
        "<title>T</title>",
        "<meta name='author' content='A'>",
        "<h1>",
        "</h1>",
        "&amp;",
        "&#0;",
        "&#xD800;",
        "<",
        ">",
        "<!DOCTYPE html>",
        "<meta charset='utf-16'>",
        "<svg onload=alert(1)>",
        "A sentence long enough to be taken for the main text of a page. ",
        "\u202e",
        "\u0000",
        "<p>Officials said the talks would resume on Monday, after a week of delays.</p>",
    ]
)


_ARTICLE = (
    "<p>Officials said the talks would resume on Monday, after a week of delays. "
    "Both delegations confirmed it in separate statements.</p>"
    "<p>The mediators said 40 observers would attend the first session in Geneva.</p>"
)
_HOSTILE = st.lists(st.one_of(_TAGS, _TAGS, st.text(max_size=20)), max_size=25)


@settings(max_examples=fuzz_examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=_HOSTILE,
    after=_HOSTILE,
    article=st.booleans(),
    depth=st.integers(0, 400),
    page=st.booleans(),
)
def test_fuzz_malformed_html(before: list[str], after: list[str], article: bool, depth: int, page: bool) -> None:
    middle = _ARTICLE if article else ""
    html = "<div>" * depth + "".join(before) + middle + "".join(after) + "</div>" * (depth // 2)
    if page:
        html = f"<!DOCTYPE html><html><head><title>A page</title></head><body>{html}</body></html>"
    _ingest_or_refuse(html.encode("utf-8", "surrogatepass"), "fuzz.html")
