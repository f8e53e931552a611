"""The commands, run in-process with typer's runner: output, exit codes, files written."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pytest
import yaml
from conftest import ARTICLE_HTML, Cli, MisbehavingServer, snapshot, write

from compare.corpus import read_source, split_front_matter
from compare.errors import ExitCode
from compare.model import text_sha256


def front_matter(path: Path) -> dict[str, object]:
    data, _, _ = split_front_matter(path.read_text(encoding="utf-8"), name=str(path))
    return data


def body(path: Path) -> str:
    return read_source(path).text


# add -----------------------------------------------------------------------------------


def test_add_plain_text_file(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    src = write(
        tmp_path / "storm.txt",
        "Storm hits the coast\r\n\r\nA storm struck on Tuesday. Twelve people were hurt.\r\n",
    )
    result = cli(
        "add",
        str(src),
        "--corpus",
        str(root),
        "--kind",
        "news",
        "--outlet",
        "Gazette",
        "--published",
        "2024-03-12",
    )
    assert result.exit_code == ExitCode.OK
    assert result.stdout == f"added storm-hits-the-coast: 2 claims -> {root / 'storm-hits-the-coast.md'}\n"
    assert result.stderr == ""
    stored = root / "storm-hits-the-coast.md"
    meta = front_matter(stored)
    assert meta["id"] == "storm-hits-the-coast"
    assert meta["title"] == "Storm hits the coast"
    assert meta["outlet"] == "Gazette"
    assert meta["kind"] == "news"
    assert str(meta["published"]) == "2024-03-12"
    # The title line became a heading; CRLF became LF; the hash is of the stored text.
    text = body(stored)
    assert text == "# Storm hits the coast\n\nA storm struck on Tuesday. Twelve people were hurt.\n"
    assert meta["sha256"] == text_sha256(text)
    assert src.read_bytes().count(b"\r\n") == 3  # the input file itself is never modified


def test_add_with_an_estimated_date(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    src = write(tmp_path / "column.txt", "A column\n\nOn Tuesday the 13th the envoy left. On Wednesday talks failed.\n")
    result = cli(
        "add", str(src), "--corpus", str(root), "--kind", "opinion", "--published", "2024-03-15", "--estimated"
    )
    assert result.exit_code == ExitCode.OK
    meta = front_matter(root / "a-column.md")
    assert str(meta["published"]) == "2024-03-15"
    assert meta["published_estimated"] is True
    # Without --estimated the field is left out.
    plain = write(tmp_path / "news.txt", "News\n\nOn Wednesday talks failed again.\n")
    assert cli("add", str(plain), "--corpus", str(root), "--published", "2024-03-15").exit_code == ExitCode.OK
    assert "published_estimated" not in front_matter(root / "news.md")
    # Listings mark the estimate.
    table = cli("sources", "--corpus", str(root)).stdout
    assert "~2024-03-15" in table.split("\n")[1] and "~" not in table.split("\n")[2]
    rows = json.loads(cli("sources", "--corpus", str(root), "--json").stdout)
    assert [r["published_estimated"] for r in rows] == [True, False]


def test_add_a_fact_check_of_another_source(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    column = write(
        tmp_path / "column.txt", "Bridge\n\nThe old bridge at Tel Kari was destroyed by a drone on 3 May 2024.\n"
    )
    assert cli("add", str(column), "--corpus", str(root), "--id", "column").exit_code == ExitCode.OK
    check = write(
        tmp_path / "check.txt",
        "Check\n\nThe column said the old bridge at Tel Kari was destroyed by a drone on 3 May 2024. Verdict: false.\n",
    )
    early = cli("add", str(check), "--corpus", str(tmp_path / "other"), "--id", "check", "--reviews", "column")
    assert early.exit_code == ExitCode.OK  # the checked source may come next ...
    assert early.stderr == "warning: check reviews 'column', which is not a source of this corpus yet\n"
    result = cli("add", str(check), "--corpus", str(root), "--id", "check", "--reviews", "column")
    assert result.exit_code == ExitCode.OK and result.stderr == ""
    assert front_matter(root / "check.md")["reviews"] == "column"
    shown = json.loads(cli("show", "check", "--corpus", str(root), "--json").stdout)
    assert shown["reviews"] == "column"
    assert "  fact check of: column" in cli("show", "check", "--corpus", str(root)).stdout.split("\n")[1]
    bad = cli("add", str(check), "--corpus", str(root), "--id", "check2", "--reviews", "No Such", "--force")
    assert bad.exit_code == ExitCode.INPUT
    assert bad.stderr.strip() == f"error: {check}: reviews must be the id of another source, not 'No Such'"
    assert not (root / "check2.md").exists()


def test_add_markdown_keeps_front_matter_metadata(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    src = write(
        tmp_path / "council.md",
        """---
id: council-vote
title: Council backs the plan
outlet: The Gazette
author: Jane Roe
published: 2024-03-12
url: https://example.org/council
kind: official
language: en
sha256: 0000
added: 2001-01-01
---
# Council backs the plan

The council voted 7 to 2 on Monday. Gen. Smith spoke afterwards.
""",
    )
    result = cli("add", str(src), "--corpus", str(root))
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout.startswith("added council-vote: 2 claims -> ")
    meta = front_matter(root / "council-vote.md")
    assert {k: str(v) for k, v in meta.items() if k not in ("sha256", "added")} == {
        "id": "council-vote",
        "title": "Council backs the plan",
        "outlet": "The Gazette",
        "author": "Jane Roe",
        "published": "2024-03-12",
        "url": "https://example.org/council",
        "kind": "official",
        "language": "en",
    }
    text = body(root / "council-vote.md")
    # The incoming sha256 and added date are not trusted: both are recomputed.
    assert meta["sha256"] == text_sha256(text)
    assert str(meta["added"]) != "2001-01-01"
    assert text == ("# Council backs the plan\n\nThe council voted 7 to 2 on Monday. Gen. Smith spoke afterwards.\n")


def test_add_options_override_front_matter(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    src = write(tmp_path / "a.md", "---\ntitle: Old title\nkind: news\n---\nSome text here. More.\n")
    result = cli(
        "add",
        str(src),
        "--corpus",
        str(root),
        "--title",
        "New title",
        "--kind",
        "wire",
        "--id",
        "chosen",
    )
    assert result.exit_code == 0, result.output
    meta = front_matter(root / "chosen.md")
    assert (meta["title"], meta["kind"]) == ("New title", "wire")


def test_add_html_extracts_main_text_and_metadata(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    src = write(tmp_path / "page.html", ARTICLE_HTML)
    result = cli("add", str(src), "--corpus", str(root), "--kind", "news")
    assert result.exit_code == ExitCode.OK, result.output
    stored = root / "storm-hits-the-northern-coast.md"
    assert result.stdout.startswith("added storm-hits-the-northern-coast: ")
    meta = front_matter(stored)
    assert meta["title"] == "Storm hits the northern coast"
    assert meta["author"] == "Lois Lane"
    assert meta["outlet"] == "Daily Planet"
    assert str(meta["published"]) == "2024-03-14"
    text = body(stored)
    assert "At least 12 people were injured and 3,000 homes lost power" in text
    assert "The mayor thanked the volunteers" in text
    for junk in ("SCRIPT-PAYLOAD", "alert(", "<script", "<p>", "Copyright", "Sport"):
        assert junk not in text


def test_add_from_standard_input(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    result = cli(
        "add",
        "-",
        "--corpus",
        str(root),
        "--id",
        "piped",
        "--title",
        "Piped text",
        input="From standard input we read this. And then another sentence.\n",
    )
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout == f"added piped: 2 claims -> {root / 'piped.md'}\n"
    assert body(root / "piped.md") == "From standard input we read this. And then another sentence.\n"
    assert front_matter(root / "piped.md")["title"] == "Piped text"


def test_add_several_paths_one_bad_gives_partial(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    one = write(tmp_path / "one.txt", "The first account says ten people fled.\n")
    two = write(tmp_path / "two.txt", "The second account says twenty people fled.\n")
    missing = tmp_path / "missing.txt"
    result = cli("add", str(one), str(missing), str(two), "--corpus", str(root))
    assert result.exit_code == ExitCode.PARTIAL
    first, second = (
        "the-first-account-says-ten-people-fled",
        "the-second-account-says-twenty-people-fled",
    )
    assert result.stdout.splitlines() == [
        f"added {first}: 1 claim -> {root / (first + '.md')}",
        f"added {second}: 1 claim -> {root / (second + '.md')}",
    ]
    assert result.stderr == f"error: {missing}: no such file\n"
    assert sorted(p.name for p in root.glob("*.md")) == [
        "the-first-account-says-ten-people-fled.md",
        "the-second-account-says-twenty-people-fled.md",
    ]


def test_add_several_paths_all_bad_gives_the_last_code(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    empty = write(tmp_path / "empty.txt", "")
    result = cli("add", str(tmp_path / "nope.txt"), str(empty), "--corpus", str(root))
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / 'nope.txt'}: no such file",
        f"error: {empty}: empty or whitespace-only input",
    ]
    assert result.stdout == ""


def test_add_same_title_gets_a_fresh_id(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    a = write(tmp_path / "a.txt", "Same title\n\nFirst text. It differs.\n")
    b = write(tmp_path / "b.txt", "Same title\n\nSecond text. It differs too.\n")
    assert cli("add", str(a), str(b), "--corpus", str(root)).exit_code == 0
    assert sorted(p.name for p in root.glob("*.md")) == ["same-title-2.md", "same-title.md"]
    assert body(root / "same-title.md").startswith("# Same title\n\nFirst text.")


def test_add_id_with_several_inputs_is_refused(cli: Cli, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "One text. Here.\n")
    b = write(tmp_path / "b.txt", "Two text. Here.\n")
    result = cli("add", str(a), str(b), "--id", "x", "--corpus", str(tmp_path / "c"))
    assert result.exit_code == ExitCode.USAGE  # an option that cannot apply, not a bad input
    assert result.stderr == "error: --id names one source, but 2 inputs were given: add them one at a time\n"
    assert result.stdout == ""
    assert not (tmp_path / "c").exists()


def test_add_url(cli: Cli, tmp_path: Path, http_server: MisbehavingServer) -> None:
    root = tmp_path / "c"
    url = http_server.url("/page.html")
    result = cli("add", url, "--corpus", str(root), "--kind", "news")
    assert result.exit_code == ExitCode.OK, result.output
    stored = root / "storm-hits-the-northern-coast.md"
    assert result.stdout.startswith("added storm-hits-the-northern-coast: ")
    meta = front_matter(stored)
    assert meta["url"] == url
    assert meta["author"] == "Lois Lane"
    text = body(stored)
    assert "winds reached 140 kilometres per hour" in text
    assert "SCRIPT-PAYLOAD" not in text


# sources / show / remove --------------------------------------------------------------------


def test_sources_table(cli: Cli, corpus: Path) -> None:
    result = cli("sources", "--corpus", str(corpus))
    assert result.exit_code == ExitCode.OK
    assert result.stdout == (
        "id     outlet  published   kind  claims\n"
        "alpha  Alpha   2024-03-12  news  2\n"
        "beta   Beta    2024-03-12  wire  2\n"
    )


def test_sources_json(cli: Cli, corpus: Path) -> None:
    result = cli("sources", "--corpus", str(corpus), "--json")
    rows = json.loads(result.stdout)
    assert [(r["id"], r["outlet"], r["published"], r["kind"], r["claims"]) for r in rows] == [
        ("alpha", "Alpha", "2024-03-12", "news", 2),
        ("beta", "Beta", "2024-03-12", "wire", 2),
    ]


def test_sources_of_an_empty_corpus(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = cli("sources", "--corpus", str(tmp_path / "empty"))
    assert result.exit_code == 0
    assert result.stdout == "id  outlet  published  kind  claims\n"


@pytest.mark.parametrize(
    "command", [("sources",), ("show", "x"), ("remove", "x"), ("report",), ("check",), ("weights",)]
)
def test_a_missing_corpus_folder_is_named_and_not_created(cli: Cli, tmp_path: Path, command: tuple[str, ...]) -> None:
    missing = tmp_path / "nocorpus"
    result = cli(
        *command, "--corpus", str(missing), *(["--out", str(tmp_path / "out")] if command == ("report",) else [])
    )
    assert result.exit_code == ExitCode.NOT_FOUND, result.output
    assert result.stderr == f"error: corpus folder not found: {missing}\n"
    assert not missing.exists() and not (tmp_path / "out").exists()


def test_show_sections_paragraphs_claims_with_offsets(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    src = write(
        tmp_path / "doc.md",
        "Lead text before any heading.\n\n# Part one\n\nGen. Smith said 3.5 tonnes arrived. "
        "Nobody disputed it.\n\n- A list item\n\n## Part two\n\n"
        "“It is over. We go home,” he said.\n",
    )
    assert cli("add", str(src), "--corpus", str(root), "--id", "doc").exit_code == 0
    text = body(root / "doc.md")

    data = json.loads(cli("show", "doc", "--corpus", str(root), "--json").stdout)
    assert data["claims"] == 5
    assert [s["heading"] for s in data["sections"]] == ["", "Part one", "Part two"]
    claims = [c for s in data["sections"] for p in s["paragraphs"] for c in p["claims"]]
    assert [c["text"] for c in claims] == [
        "Lead text before any heading.",
        "Gen. Smith said 3.5 tonnes arrived.",
        "Nobody disputed it.",
        "A list item",
        "“It is over. We go home,” he said.",
    ]
    for c in claims:
        assert text[c["start"] : c["end"]] == c["text"]
    for s in data["sections"]:
        for p in s["paragraphs"]:
            assert s["start"] <= p["start"] < p["end"] <= s["end"]
    assert text[data["sections"][1]["start"] :].startswith("# Part one\n")

    shown = cli("show", "doc", "--corpus", str(root))
    assert shown.exit_code == 0
    lines = shown.stdout.splitlines()
    assert lines[0] == "doc: Lead text before any heading."
    second = data["sections"][1]
    assert f"§1 Part one  [{second['start']}-{second['end']}]" in lines
    assert any(re.fullmatch(r"  ¶\d+  \[\d+-\d+\]", ln) for ln in lines)
    first = claims[1]
    assert f"    {first['id']} [{first['start']}-{first['end']}] {first['text']}" in lines


def test_show_facts(cli: Cli, corpus: Path) -> None:
    plain = cli("show", "alpha", "--corpus", str(corpus)).stdout
    result = cli("show", "alpha", "--corpus", str(corpus), "--facts")
    assert result.exit_code == 0
    assert "checkable:" not in plain
    assert result.stdout.count("      checkable: ") == 2  # one facts block per claim
    data = json.loads(cli("show", "alpha", "--corpus", str(corpus), "--facts", "--json").stdout)
    claims = [c for s in data["sections"] for p in s["paragraphs"] for c in p["claims"]]
    assert len(claims) == 2
    assert all(isinstance(c["facts"], dict) and "checkable" in c["facts"] for c in claims)


def test_show_unknown_id(cli: Cli, corpus: Path) -> None:
    result = cli("show", "nope", "--corpus", str(corpus))
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == f"error: no source with id 'nope' in {corpus}\n"


def test_remove(cli: Cli, corpus: Path) -> None:
    result = cli("remove", "alpha", "--corpus", str(corpus))
    assert result.exit_code == ExitCode.OK
    assert result.stdout == f"removed alpha ({corpus / 'alpha.md'})\n"
    assert not (corpus / "alpha.md").exists()
    assert (corpus / "beta.md").exists()
    assert [r["id"] for r in json.loads(cli("sources", "--corpus", str(corpus), "--json").stdout)] == ["beta"]


def test_remove_unknown_id_changes_nothing(cli: Cli, corpus: Path) -> None:
    before = snapshot(corpus)
    result = cli("remove", "gamma", "--corpus", str(corpus))
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == f"error: no source with id 'gamma' in {corpus}\n"
    assert snapshot(corpus) == before


# report ------------------------------------------------------------------------------------


def test_report_writes_every_format(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = snapshot(corpus)
    result = cli("report", "--corpus", str(corpus), "--format", "html,md,json,csv", "--out", str(out))
    assert result.exit_code == ExitCode.OK, result.output
    names = ["report.html", "report.md", "report.json", "links.csv"]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    assert result.stdout.splitlines()[1:] == [f"wrote {out / n}" for n in names]
    assert re.fullmatch(r"2 sources, 4 claims, \d+ links, \d+ events", result.stdout.splitlines()[0])
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == "2"
    assert {"sources", "claims", "links", "events"} <= set(data)
    assert [s["id"] for s in data["sources"]] == ["alpha", "beta"]
    assert {"id", "title", "outlet", "published", "kind", "url"} <= set(data["sources"][0])
    texts = {c["id"]: (c["source"], c["text"], c["start"], c["end"]) for c in data["claims"]}
    assert len(texts) == 4
    stored = {"alpha": body(corpus / "alpha.md"), "beta": body(corpus / "beta.md")}
    for source, text, start, end in texts.values():
        assert stored[source][start:end] == text
    for link in data["links"]:
        assert link["a"] in texts and link["b"] in texts
        assert link["verdict"] in ("agree", "compatible", "diverge", "related")
    assert (out / "report.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert (out / "links.csv").read_text(encoding="utf-8").startswith("a,b,")
    assert "alpha" in (out / "report.md").read_text(encoding="utf-8")
    assert snapshot(corpus) == before  # a report never changes the corpus


def test_report_is_deterministic(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    for name in ("one", "two"):
        assert (
            cli(
                "report",
                "--corpus",
                str(corpus),
                "--format",
                "json,md",
                "--out",
                str(tmp_path / name),
            ).exit_code
            == 0
        )
    for f in ("report.json", "report.md"):
        assert (tmp_path / "one" / f).read_bytes() == (tmp_path / "two" / f).read_bytes()


def test_report_base(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli(
        "report",
        "--corpus",
        str(corpus),
        "--base",
        "beta",
        "--format",
        "json,md",
        "--out",
        str(out),
    )
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["base"] == "beta"
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "report.md"]


def test_report_unknown_base_is_not_found(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("report", "--corpus", str(corpus), "--base", "gamma", "--out", str(out))
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == f"error: no source with id 'gamma' in {corpus}\n"
    assert not out.exists()
    assert not (corpus / ".compare" / "cache.sqlite").exists()  # failed before any analysis


def test_report_unknown_format(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    result = cli("report", "--corpus", str(corpus), "--format", "html,pdf", "--out", str(tmp_path / "o"))
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "error: unknown format 'pdf' (choose from html, md, json, csv)\n"


def test_report_of_an_empty_corpus(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    result = cli("report", "--corpus", str(root), "--out", str(tmp_path / "o"))
    assert result.exit_code == ExitCode.CORPUS
    assert result.stderr == f"error: no sources in {root}; add some with 'compare add'\n"


def test_report_warns_about_a_hand_edited_source(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    path = corpus / "alpha.md"
    path.write_text(path.read_text(encoding="utf-8").replace("two days", "three days"), encoding="utf-8")
    result = cli("report", "--corpus", str(corpus), "--format", "json", "--out", str(tmp_path / "o"))
    assert result.exit_code == ExitCode.OK
    assert result.stderr == (
        f"warning: {path}: sha256 does not match the text (edited by hand? run 'compare check --fix')\n"
    )


# --corpus and COMPARE_CORPUS ---------------------------------------------------------------


def test_corpus_from_environment_variable(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    result = cli("sources", "--json", env={"COMPARE_CORPUS": str(corpus)})
    assert [r["id"] for r in json.loads(result.stdout)] == ["alpha", "beta"]
    src = write(tmp_path / "g.txt", "Gamma text. Added through the environment.\n")
    added = cli("add", str(src), "--id", "gamma", env={"COMPARE_CORPUS": str(corpus)})
    assert added.exit_code == 0
    assert (corpus / "gamma.md").exists()


def test_corpus_option_wins_over_environment(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    src = write(tmp_path / "g.txt", "Gamma text. Added with the option.\n")
    result = cli(
        "add",
        str(src),
        "--id",
        "gamma",
        "--corpus",
        str(other),
        env={"COMPARE_CORPUS": str(corpus)},
    )
    assert result.exit_code == 0
    assert (other / "gamma.md").exists()
    assert not (corpus / "gamma.md").exists()


def test_default_corpus_is_seeds_in_the_working_folder(cli: Cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "x.txt", "A default corpus text. It lands in seeds.\n")
    assert cli("add", "x.txt", "--id", "x").exit_code == 0
    assert (tmp_path / "seeds" / "x.md").is_file()


def test_corpus_that_is_a_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    not_a_dir = write(tmp_path / "file.txt", "x")
    result = cli("sources", "--corpus", str(not_a_dir))
    assert result.exit_code == ExitCode.USAGE


# check ----------------------------------------------------------------------------------------


def test_check_ok(cli: Cli, corpus: Path) -> None:
    result = cli("check", "--corpus", str(corpus))
    assert result.exit_code == ExitCode.OK
    assert result.stdout == "corpus OK\n"
    assert result.stderr == ""


def test_check_detects_hand_edit_and_fix_repairs_it(cli: Cli, corpus: Path) -> None:
    path = corpus / "alpha.md"
    edited = path.read_text(encoding="utf-8").replace("two days", "three days")
    path.write_text(edited, encoding="utf-8")

    result = cli("check", "--corpus", str(corpus))
    assert result.exit_code == ExitCode.CORPUS
    assert result.stderr == f"error: {path}: sha256 does not match the text (run 'compare check --fix')\n"
    assert path.read_text(encoding="utf-8") == edited  # check alone never writes

    fixed = cli("check", "--corpus", str(corpus), "--fix")
    assert fixed.exit_code == ExitCode.OK
    assert fixed.stdout == f"fixed: {path}: sha256 does not match the text\ncorpus OK\n"
    source = read_source(path)
    assert "three days" in source.text
    assert source.meta.sha256 == text_sha256(source.text)
    assert cli("check", "--corpus", str(corpus)).stdout == "corpus OK\n"


def test_check_reports_a_fact_check_of_a_missing_source(cli: Cli, corpus: Path) -> None:
    path = corpus / "alpha.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\nkind:", "\nreviews: gamma\nkind:", 1), encoding="utf-8")
    result = cli("check", "--corpus", str(corpus))
    assert result.exit_code == ExitCode.CORPUS
    assert result.stderr == f"error: {path}: reviews 'gamma', which is not a source of this corpus\n"
    path.write_text(path.read_text(encoding="utf-8").replace("reviews: gamma", "reviews: beta"), encoding="utf-8")
    assert cli("check", "--corpus", str(corpus)).stdout == "corpus OK\n"


def test_check_fix_normalises_a_hand_edited_text(cli: Cli, corpus: Path) -> None:
    path = corpus / "beta.md"
    raw = path.read_text(encoding="utf-8")
    path.write_bytes(raw.replace("Schools stayed", "Schools  stayed\u200b").encode("utf-8") + b"\n\n\n")
    result = cli("check", "--corpus", str(corpus))
    assert result.exit_code == ExitCode.CORPUS
    assert f"error: {path}: text is not normalised (run 'compare check --fix')" in result.stderr.splitlines()
    assert cli("check", "--corpus", str(corpus), "--fix").exit_code == 0
    assert "Schools stayed shut" in read_source(path).text
    assert cli("check", "--corpus", str(corpus)).exit_code == 0


def test_check_reports_bad_front_matter_with_file_and_line(cli: Cli, corpus: Path) -> None:
    path = corpus / "beta.md"
    raw = path.read_text(encoding="utf-8")
    path.write_text(raw.replace("kind: wire", "kind: wire: agency"), encoding="utf-8")
    result = cli("check", "--corpus", str(corpus))
    assert result.exit_code == ExitCode.CORPUS
    line = raw.split("\n").index("kind: wire") + 1
    assert result.stderr == (f"error: {path}:{line}: invalid front matter: mapping values are not allowed here\n")


def test_check_reports_invalid_kind_and_date(cli: Cli, corpus: Path) -> None:
    path = corpus / "beta.md"
    raw = path.read_text(encoding="utf-8")
    path.write_text(raw.replace("kind: wire", "kind: blog"), encoding="utf-8")
    result = cli("check", "--corpus", str(corpus))
    assert result.exit_code == ExitCode.CORPUS
    assert result.stderr == (
        f"error: {path}: invalid kind 'blog' (one of news, opinion, official, wire, reference, other)\n"
    )
    path.write_text(raw.replace("published: 2024-03-12", "published: 2024-02-30"), encoding="utf-8")
    result = cli("check", "--corpus", str(corpus))
    assert result.stderr == f"error: {path}: published: invalid date '2024-02-30' (expected YYYY-MM-DD)\n"


def test_check_fix_removes_stale_temp_files(cli: Cli, corpus: Path) -> None:
    stale = corpus / ".alpha.md.x1y2.compare-tmp"
    stale.write_text("half a file", encoding="utf-8")
    result = cli("check", "--corpus", str(corpus), "--fix")
    assert result.stdout == f"fixed: removed stale temporary file {stale.name}\ncorpus OK\n"
    assert not stale.exists()


def test_written_front_matter_is_plain_yaml(corpus: Path) -> None:
    raw = (corpus / "alpha.md").read_text(encoding="utf-8")
    head = raw.split("---\n")[1]
    assert list(yaml.safe_load(head)) == [
        "id",
        "title",
        "outlet",
        "published",
        "kind",
        "language",
        "sha256",
        "added",
    ]


def test_an_unwritable_output_folder_is_one_line_not_a_traceback(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    blocker = write(tmp_path / "blocker", "a file where a folder should be")
    out = blocker / "reports"
    result = cli("report", "--corpus", str(corpus), "--format", "json", "--out", str(out))
    assert result.exit_code == ExitCode.FAILURE
    assert result.stderr == f"error: {out}: {os.strerror(errno.ENOTDIR)}\n"


def test_a_corpus_below_a_file_is_one_line_not_a_traceback(cli: Cli, tmp_path: Path) -> None:
    blocker = write(tmp_path / "blocker", "x")
    src = write(tmp_path / "a.txt", "Some text. More text.\n")
    result = cli("add", str(src), "--corpus", str(blocker / "corpus"))
    assert result.exit_code == ExitCode.FAILURE
    assert result.stderr == f"error: {blocker / 'corpus' / '.compare'}: {os.strerror(errno.ENOTDIR)}\n"


def test_max_bytes_must_be_positive(cli: Cli, tmp_path: Path) -> None:
    src = write(tmp_path / "a.txt", "Some text.\n")
    result = cli("add", str(src), "--corpus", str(tmp_path / "c"), "--max-bytes", "0")
    assert result.exit_code == ExitCode.USAGE
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize("inside", [".", "reports", "a/b"])
def test_reports_are_not_written_into_the_corpus(corpus: Path, cli: Cli, inside: str) -> None:
    before = snapshot(corpus)
    out = corpus / inside
    result = cli("report", "--corpus", str(corpus), "--out", str(out))
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == f"error: --out {out} is inside the corpus folder {corpus}; write reports elsewhere\n"
    assert snapshot(corpus) == before


def test_removing_a_checked_source_names_its_fact_check(corpus: Path, cli: Cli, tmp_path: Path) -> None:
    check = write(tmp_path / "in" / "check.txt", "A fact check says the port was closed for one day, not two.\n")
    assert cli("add", str(check), "--corpus", str(corpus), "--id", "fc", "--reviews", "alpha").exit_code == 0
    result = cli("remove", "alpha", "--corpus", str(corpus))
    assert result.exit_code == 0
    assert result.stderr == "warning: fc is a fact check of alpha: remove it, or edit its 'reviews:' field\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["reprot"], "error: No such command 'reprot'. Did you mean 'report'? (see 'compare --help')\n"),
        (
            ["report", "--fromat", "md"],
            "error: No such option: --fromat (Possible options: --format, --out) (see 'compare report --help')\n",
        ),
        (["add"], "error: Missing argument 'INPUT'. (see 'compare add --help')\n"),
    ],
)
def test_a_usage_error_is_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    from compare.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == ExitCode.USAGE
    assert capsys.readouterr().err == message


# metadata cut short -----------------------------------------------------------------------------


def test_a_title_over_500_characters_is_cut_with_a_warning(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    src = write(tmp_path / "a.txt", "A storm hit the coast on Tuesday. Twelve people were hurt.\n")
    title = "Storm " + "very " * 160 + "long title"
    author = "A" * 500  # at the limit: kept whole, no warning
    result = cli("add", str(src), "--corpus", str(root), "--id", "long", "--title", title, "--author", author)
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout == f"added long: 2 claims -> {root / 'long.md'}\n"
    assert result.stderr == f"warning: long: the title is {len(title):,} characters long and was cut to 500\n"
    meta = front_matter(root / "long.md")
    assert len(str(meta["title"])) == 500 and str(meta["title"]).startswith("Storm very very")
    assert str(meta["title"]).endswith("…")
    assert meta["author"] == author


def test_long_page_metadata_is_cut_with_a_warning(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "c"
    title = "Storm " + "very " * 150 + "long title"
    outlet = "Planet " * 100
    page = ARTICLE_HTML.replace('og:site_name" content="Daily Planet"', f'og:site_name" content="{outlet}"')
    page = page.replace('og:title" content="Storm hits the northern coast"', f'og:title" content="{title}"')
    src = write(tmp_path / "page.html", page)
    result = cli("add", str(src), "--corpus", str(root), "--id", "page")
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stderr.splitlines() == [
        f"warning: page: the title is {len(title):,} characters long and was cut to 500",
        f"warning: page: the outlet is {len(outlet.strip()):,} characters long and was cut to 500",
    ]
    meta = front_matter(root / "page.md")
    assert len(str(meta["title"])) == len(str(meta["outlet"])) == 500


# help and version ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ([], "Usage: compare [OPTIONS] COMMAND [ARGS]..."),
        (["add"], "Usage: compare add [OPTIONS] INPUT..."),
        (["sources"], "Usage: compare sources [OPTIONS]"),
        (["show"], "Usage: compare show [OPTIONS] ID"),
        (["remove"], "Usage: compare remove [OPTIONS] ID"),
        (["report"], "Usage: compare report [OPTIONS]"),
        (["weights"], "Usage: compare weights [OPTIONS]"),
        (["check"], "Usage: compare check [OPTIONS]"),
        (["diff"], "Usage: compare diff [OPTIONS] OLD NEW"),
        (["eval"], "Usage: compare eval [OPTIONS] FILE"),
    ],
)
def test_help_shows_no_placeholders_or_type_names(
    command: list[str], usage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from compare.cli import main

    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == ExitCode.OK
    out = capsys.readouterr().out
    assert out.splitlines()[0] == usage
    # typer's own rendering put '{inputs}' in usage lines and '<list[str]>', '<int range>' in lists.
    for leftover in ("{", "}", "list[", " range>"):
        assert leftover not in out
    if not command:  # the list of commands: every summary whole, none cut off with '...'
        listed = out.split("Commands:\n")[1].splitlines()
        assert len(listed) == 10 and not any(line.endswith("...") for line in listed)


def test_argument_help_names_match_the_usage_line(capsys: pytest.CaptureFixture[str]) -> None:
    from compare.cli import main

    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    out = capsys.readouterr().out
    assert "  OLD  The earlier report.json.  [required]\n" in out
    assert "  --limit <n>  Rows listed per section (0: all).  [default: 50; x>=0]\n" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    from compare.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == ExitCode.OK
    out = capsys.readouterr()
    assert out.out == f"compare {version('compare')}\n"
    assert re.fullmatch(r"compare \d+\.\d+\.\d+\n", out.out)
    assert out.err == ""


def test_version_of_a_source_tree_that_was_never_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    import compare
    from compare.cli import package_version

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert package_version() == compare.__version__


# settings files (--config) ---------------------------------------------------------------------

KNOWN_WEIGHTS = "bias, text, cosine, entities, entity_conflict, dates, date_conflict, numbers, places, document, "
KNOWN_WEIGHTS += "neighbourhood, story, section"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "syntax.yaml",
            "link_threshold: 65\nscorer: token: ratio\n",
            ":2: not valid YAML: mapping values are not allowed here (column 14)",
        ),
        (
            "syntax.json",
            '{\n  "link_threshold": 65\n  "top_k": 5\n}\n',
            ":3: not valid JSON: Expecting ',' delimiter (column 3)",
        ),
        ("unknown.yaml", "link_threshold: 65\n\nlink_treshold: 60\n", ":3: unknown setting(s): link_treshold"),
        ("unknown.json", '{\n  "top_k": 5,\n  "zz": 1,\n  "aa": 2\n}\n', ":3: unknown setting(s): zz, aa"),
        (
            "type.yaml",
            "top_k: 20\nlink_threshold: high\n",
            ":2: setting 'link_threshold' has the wrong type: expected a number, got \"high\"",
        ),
        (
            "type.json",
            '{"link_threshold": 60,\n "top_k": 2.5}',
            ":2: setting 'top_k' has the wrong type: expected a whole number, got 2.5",
        ),
        (
            "flag.yaml",
            "report_context_links: 'no'\n",
            ":1: setting 'report_context_links' has the wrong type: expected true or false, got \"no\"",
        ),
        (
            "feature.yaml",
            "weights:\n  text: 2.5\n  txt: 1\n",
            f":3: unknown feature(s) in weights: txt (known: {KNOWN_WEIGHTS})",
        ),
        (
            "weight.json",
            '{"weights": {\n  "text": "lots"}}',
            ':2: weights.text has the wrong type: expected a number, got "lots"',
        ),
        # Tabs: valid JSON the YAML node reader cannot place; the key is named without a line.
        ("tabs.json", '{\n\t"top_k": 5,\n\t"zz": 1\n}\n', ": unknown setting(s): zz"),
    ],
)
def test_settings_file_errors_name_the_file_and_line(
    cli: Cli, tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = write(tmp_path / name, text)
    (tmp_path / "c").mkdir()
    out = tmp_path / "out"
    result = cli("report", "--corpus", str(tmp_path / "c"), "--out", str(out), "--config", str(path))
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == f"error: --config {path}{message}\n"
    assert not out.exists()
    pairs = write(tmp_path / "pairs.csv", "text_a,text_b,label\nx,y,1\n")
    same = cli("eval", str(pairs), "--positive", "1", "--config", str(path))  # eval reads it the same way
    assert (same.exit_code, same.stderr) == (result.exit_code, result.stderr)


def test_settings_values_of_the_right_type_are_taken(tmp_path: Path) -> None:
    from compare.settings import load_settings

    path = write(
        tmp_path / "ok.yaml", "top_k: 30.0\nlink_threshold: 55\nreport_context_links: true\nweights:\n  text: 2\n"
    )
    settings = load_settings(path)
    assert settings.top_k == 30 and isinstance(settings.top_k, int)
    assert settings.link_threshold == 55.0 and isinstance(settings.link_threshold, float)
    assert settings.report_context_links is True
    assert settings.weights["text"] == 2.0


def test_the_size_cap_the_help_shows_is_the_one_ingest_applies() -> None:
    from compare import cli, ingest

    assert cli.MAX_BYTES == ingest.DEFAULT_MAX_BYTES
