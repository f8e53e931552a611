"""`compare eval` on pair files that are not a clean table: one exact line and exit code
each, naming the line where the file goes wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Cli, write

from compare.errors import ExitCode
from compare.evaluate import read_pairs

COLUMNS = ["text_a", "text_b", "label"]


def refused(cli: Cli, args: list[str], line: str, code: ExitCode = ExitCode.INPUT) -> None:
    result = cli("eval", *args, "--positive", "same")
    assert result.exit_code == code, result.output
    assert result.stderr == f"error: {line}\n"
    assert result.stdout == ""


def test_a_row_with_more_fields_than_the_header(cli: Cli, tmp_path: Path) -> None:
    # The quoted field runs over two lines: the bad row is record 3, but it is on line 5.
    path = write(
        tmp_path / "pairs.csv",
        'text_a,text_b,label\n"A storm hit\nthe coast.",A storm hit.,same\nOne.,Two.,other\nA,B,same,extra\n',
    )
    refused(cli, [str(path)], f"{path}: line 5 has 4 fields, the header has 3")


BAD_TABLES = [
    (
        "fewer-fields",
        "pairs.tsv",
        "text_a\ttext_b\tlabel\nOne.\tTwo.\tsame\n\nThree.\tother\n",
        "line 4 has 2 fields, the header has 3",
    ),
    (
        "one-field",
        "pairs.csv",
        "text_a,text_b,label\nOne.,Two.,same\nnothing else\n",
        "line 3 has 1 field, the header has 3",
    ),
    (
        "unclosed-quote",
        "pairs.csv",
        'text_a,text_b,label\n"One.,Two.,same\nThree.,Four.,other\n',
        "the row on lines 2-3 has 1 field, the header has 3",
    ),
    ("empty", "pairs.csv", "", "the file is empty"),
    ("blank-lines", "pairs.csv", "\n\n", "the file is empty"),
    ("white-space", "pairs.csv", " \r\n\t\n", "the file is empty"),
    ("header-only", "pairs.tsv", "text_a\ttext_b\tlabel\n\n", "no rows below the header"),
]


@pytest.mark.parametrize(("name", "content", "message"), [t[1:] for t in BAD_TABLES], ids=[t[0] for t in BAD_TABLES])
def test_a_table_that_is_not_one_is_named_with_its_line(
    cli: Cli, tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = write(tmp_path / name, content)
    refused(cli, [str(path)], f"{path}: {message}")


def test_a_missing_column_is_still_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "pairs.csv", "text_a,text_b,gold\nOne.,Two.,same\n")
    refused(cli, [str(path)], f"{path}: no column 'label' (columns: text_a, text_b, gold)", ExitCode.USAGE)


def test_a_ragged_texts_file_is_named(cli: Cli, tmp_path: Path) -> None:
    pairs = write(tmp_path / "stances.csv", "Headline,Body ID,Stance\nA storm hit.,1,same\n")
    bodies = write(tmp_path / "bodies.csv", "Body ID,articleBody\n1,A storm hit the coast.,extra\n")
    args = [str(pairs), "--text-a", "Headline", "--text-b", "articleBody", "--label", "Stance"]
    refused(
        cli, [*args, "--texts", str(bodies), "--key", "Body ID"], f"{bodies}: line 2 has 3 fields, the header has 2"
    )


def test_blank_lines_and_quoted_newlines_are_not_ragged(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pairs.csv",
        '\ntext_a,text_b,label\r\n"A storm\r\nhit.",B,same\r\n\r\nC,"D, and E",other\r\n',
    )
    assert read_pairs(path, COLUMNS) == [
        {"text_a": "A storm\r\nhit.", "text_b": "B", "label": "same"},
        {"text_a": "C", "text_b": "D, and E", "label": "other"},
    ]
    # Rows past --limit are not read, so they cannot fail.
    write(path, "text_a,text_b,label\nA,B,same\nC,D\n")
    assert read_pairs(path, COLUMNS, limit=1) == [{"text_a": "A", "text_b": "B", "label": "same"}]
