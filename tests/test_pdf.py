"""PDF input: text joined back into paragraphs, page furniture dropped, metadata cleaned,
and every unreadable, encrypted, empty or oversized PDF refused with one line and the
corpus untouched."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli, MisbehavingServer, fuzz_examples, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfmaker import make_pdf
from test_ingest import _ingest_or_refuse, refused

from compare.corpus import load_corpus
from compare.errors import ExitCode
from compare.ingest import load_bytes

PAGES = [
    [
        "Ministry of Examples",
        "Statement on the storm of 3 March",
        "The storm reached the coast on 3 March and damaged forty",
        "homes in the northern district, the ministry said on Monday.",
        "Rescue teams were sent to the area.",
        "Page 1 of 3",
    ],
    [
        "Ministry of Examples",
        "Officials said the well-",
        "known harbour wall held. No one was killed, and the",
        "ministry denied reports that the port had closed.",
        "Page 2 of 3",
    ],
    ["Ministry of Examples", "- Teams cleared the roads.", "- Power was back by the evening.", "Page 3 of 3"],
]
INFO = {"Title": "Storm \u202estatement\u202c", "Author": "Press office", "CreationDate": "D:20240304101500Z"}


def test_a_pdf_is_read_as_paragraphs_without_its_page_furniture() -> None:
    loaded = load_bytes(make_pdf(PAGES, INFO), name="statement.pdf")
    assert loaded.text.split("\n\n") == [
        "# Statement on the storm of 3 March",
        "The storm reached the coast on 3 March and damaged forty homes in the northern district,"
        " the ministry said on Monday. Rescue teams were sent to the area.",
        # A sentence runs on across the line break and the hyphen stays.
        "Officials said the well-known harbour wall held. No one was killed, and the ministry"
        " denied reports that the port had closed.",
        "- Teams cleared the roads.",
        "- Power was back by the evening.\n",
    ]
    # The bidi override in the title is stripped; the creation date is an estimate.
    assert loaded.meta == {
        "title": "Storm statement",
        "author": "Press office",
        "published": date(2024, 3, 4),
        "published_estimated": True,
    }


def test_a_sentence_runs_on_across_a_page_break() -> None:
    pages = [
        ["A long report line that is about as wide as every other line", "of the text, and this sentence goes on"],
        ["to the next page, where it ends.", "Another sentence follows it here."],
    ]
    text = load_bytes(make_pdf(pages), name="r.pdf").text
    assert "this sentence goes on to the next page, where it ends." in text


def test_add_a_pdf(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "statement.pdf"
    original = make_pdf(PAGES, INFO)
    path.write_bytes(original)
    result = cli("add", str(path), "--corpus", str(corpus), "--outlet", "Ministry of Examples")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == original  # the user's file is never modified
    source = load_corpus(corpus).get("storm-statement")
    assert source.meta.title == "Storm statement"
    assert source.meta.published_estimated is True
    assert "No one was killed" in source.text
    assert "Page 2 of 3" not in source.text


def _encrypted(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["One sentence of text."]]))))
    writer.encrypt(user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "data,message",
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "the PDF could not be read"),
        (make_pdf(PAGES)[:900], "the PDF could not be read"),
        (make_pdf([[]]), "no text found in the PDF (a scanned PDF needs OCR first)"),
        (_encrypted("secret"), "the PDF is encrypted with a password"),
    ],
    ids=["no-pages", "truncated", "no-text", "encrypted"],
)
def test_bad_pdf_is_refused(cli: Cli, corpus: Path, tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    refused(cli, corpus, [str(path)], f"{path}: {message}", ExitCode.INPUT)


def test_a_pdf_encrypted_without_a_user_password_is_read() -> None:
    assert load_bytes(_encrypted(""), name="open.pdf").text.strip() == "One sentence of text."


def test_pdf_text_over_the_size_cap_is_refused(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    # Compressed streams can hold more text than the file has bytes: the text is capped too.
    words = "storm harbour ministry coast district rescue power road wall port".split()
    lines = [" ".join(words[k:] + words[:k]) + " and more words of the statement." for k in range(10)]
    data = make_pdf([lines * 4] * 3, compress=True)
    text_size = len(load_bytes(data, name="x.pdf").text)
    cap = len(data) + 10
    assert text_size > cap  # the file is under the cap, its text is not
    path = tmp_path / "long.pdf"
    path.write_bytes(data)
    refused(
        cli,
        corpus,
        [str(path), "--max-bytes", str(cap)],
        f"{path}: the PDF's text is larger than the size cap of {cap:,} characters",
        ExitCode.INPUT,
    )


def test_pdf_on_standard_input(cli: Cli, corpus: Path) -> None:
    before = len(snapshot(corpus))
    result = cli("add", "-", "--corpus", str(corpus), input=make_pdf(PAGES))
    assert result.exit_code == 0, result.output
    assert len(snapshot(corpus)) == before + 1


@settings(max_examples=fuzz_examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.integers(0, 10**6),
)
def test_fuzz_damaged_pdf(flips: list[tuple[int, int]], cut: int) -> None:
    """A damaged PDF is read or refused with one line, never anything else."""
    data = bytearray(make_pdf(PAGES, INFO))
    for at, value in flips:
        data[at % len(data)] = value
    data = data[: max(8, cut % (len(data) + 1))]
    data[:5] = b"%PDF-"
    _ingest_or_refuse(bytes(data), "damaged.pdf")


def test_a_date_given_with_the_pdf_is_not_an_estimate(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "statement.pdf"
    path.write_bytes(make_pdf(PAGES, INFO))
    result = cli("add", str(path), "--corpus", str(corpus), "--published", "2024-03-05")
    assert result.exit_code == 0, result.output
    meta = load_corpus(corpus).get("storm-statement").meta
    assert (str(meta.published), meta.published_estimated) == ("2024-03-05", False)


def test_add_a_pdf_from_a_url(cli: Cli, tmp_path: Path, http_server: MisbehavingServer) -> None:
    root = tmp_path / "c"
    url = http_server.url("/statement")
    result = cli("add", url, "--corpus", str(root), "--kind", "official")
    assert result.exit_code == 0, result.output
    (source,) = load_corpus(root).sources
    assert source.meta.url == url
    assert "The port reopened on Friday, the authority said." in source.text


def test_a_line_end_hyphen_goes_only_when_the_document_spells_the_word_whole() -> None:
    pages = [
        [
            "The agency reported on the manage-",
            "ment of the harbour and on the well-",
            "known wall. Its management plan was published in May.",
        ]
    ]
    text = load_bytes(make_pdf(pages), name="h.pdf").text
    assert "on the management of the harbour and on the well-known wall." in text


def test_table_of_contents_leaders_are_dropped() -> None:
    toc = ["Contents", "1 Introduction . . . . . . . . . . . 1", "2 The storm . . . . . . . . . . . 4"]
    pages = [[*toc, "The storm hit."]]
    text = load_bytes(make_pdf(pages), name="t.pdf").text
    assert ". . ." not in text and "The storm hit." in text
