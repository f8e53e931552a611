"""Sources in a language compare does not read (compare/language.py): detected when added,
kept in the front matter, listed in reports with their claims 'uncompared', and left out of
every link, event and status count, so that no such claim passes for one only its source makes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import lxml.html
import pytest
from conftest import Cli, snapshot, write

from compare.cache import open_cache
from compare.corpus import CACHE_DIR, load_corpus
from compare.errors import CorpusError, ExitCode
from compare.frozen import FILE_NAME
from compare.language import detect_language, is_compared, language_name, mismatch
from compare.pipeline import analyse_corpus, prepare
from compare.report import build_report, render_html, render_markdown
from compare.segment import segment_text
from compare.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SCHEMA = json.loads((ROOT / "compare" / "schema" / "report.schema.json").read_text(encoding="utf-8"))

# Written for these tests: the Safed strike of the demo wires, told in French and Arabic.
FRENCH = (
    "Le Hezbollah a tiré une salve de onze roquettes sur la ville de Safed, dans le nord "
    "d'Israël, selon l'armée israélienne. Une soldate a été tuée et huit personnes ont été "
    "blessées. L'armée a répondu par des frappes dans le sud du Liban, où plusieurs civils "
    "ont perdu la vie.\n\nLe ministre de la Défense a promis une riposte ferme.\n"
)
ARABIC = (
    "أطلق حزب الله إحدى عشرة قذيفة صاروخية على مدينة صفد في شمال إسرائيل، بحسب الجيش "
    "الإسرائيلي. قتلت جندية وأصيب ثمانية أشخاص. ورد الجيش بغارات على جنوب لبنان.\n\n"
    "هل ستتوسع الحرب؟ يقول محللون إن ذلك ممكن.\n"
)
ENGLISH = (
    "Hezbollah fired a salvo of eleven rockets at the northern Israeli town of Safed, the "
    "Israeli military said. A soldier was killed and eight people were wounded. The army "
    "answered with strikes in southern Lebanon.\n"
)
FRENCH_ID = "fr-safed"


def _add(cli: Cli, root: Path, path: Path, *extra: str) -> Any:
    return cli("add", str(path), "--corpus", str(root), "--outlet", "Elsewhere", "--kind", "news", *extra)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(CACHE_DIR, FILE_NAME))
    return root


# Detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "code"), [(FRENCH, "fr"), (ARABIC, "ar"), (ENGLISH, "en")])
def test_the_language_of_a_paragraph_is_detected(text: str, code: str) -> None:
    guess = detect_language(text)
    assert guess.code == code
    assert guess.confidence >= 0.95


def test_every_demo_source_reads_as_english() -> None:
    for source in load_corpus(SEEDS).sources:
        assert detect_language(source.text).code == "en", source.id


@pytest.mark.parametrize("text", ["Nasrallah said.", "IDF: 11 rockets, Safed, 14 Feb 2024", "", "12 / 14"])
def test_a_line_too_short_to_tell_gets_no_guess(text: str) -> None:
    assert detect_language(text).code is None


def test_which_languages_are_compared() -> None:
    assert all(is_compared(c) for c in ("en", "EN", "en-GB", "eng"))
    assert not any(is_compared(c) for c in ("fr", "ar", "he", "fr-CA", "ara"))
    assert language_name("fr") == "French (fr)"
    assert language_name("ar-LB") == "Arabic (ar-LB)"
    assert language_name("xx") == "xx"


def test_a_mismatch_is_named_only_when_it_decides_whether_a_source_is_compared() -> None:
    assert mismatch("en", FRENCH) == "the text reads as French (fr) with confidence 1.00, but its language is 'en'"
    assert mismatch("fr", ENGLISH) is not None
    assert mismatch("de", FRENCH) is None  # neither is compared
    assert mismatch("en", ENGLISH) is None
    assert mismatch("en", "Nasrallah said.") is None  # too short to contradict anyone


def test_sentences_of_a_script_without_capitals_are_split() -> None:
    claims = segment_text("ar-safed", ARABIC).claims
    assert [c.text for c in claims] == [
        "أطلق حزب الله إحدى عشرة قذيفة صاروخية على مدينة صفد في شمال إسرائيل، بحسب الجيش الإسرائيلي.",
        "قتلت جندية وأصيب ثمانية أشخاص.",
        "ورد الجيش بغارات على جنوب لبنان.",
        "هل ستتوسع الحرب؟",
        "يقول محللون إن ذلك ممكن.",
    ]
    assert all(ARABIC[c.start : c.end] == c.text for c in claims)


# The corpus and the CLI --------------------------------------------------------------------


def test_add_detects_the_language_and_says_it_will_not_be_compared(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "corpus"
    result = _add(cli, root, write(tmp_path / "in" / "safed.txt", FRENCH), "--id", FRENCH_ID)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"added {FRENCH_ID}: 4 claims -> {root / FRENCH_ID}.md\n"
    assert result.stderr == (
        f"warning: {FRENCH_ID} is in French (fr): compare reads English, so reports list its claims "
        "but do not compare them\n"
    )
    assert load_corpus(root).get(FRENCH_ID).meta.language == "fr"


def test_add_keeps_the_language_a_person_names_and_says_when_the_text_disagrees(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "corpus"
    result = _add(cli, root, write(tmp_path / "in" / "safed.txt", FRENCH), "--id", FRENCH_ID, "--language", "en")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"warning: {FRENCH_ID}: the text reads as French (fr) with confidence 1.00, but its language is 'en'\n"
    )
    assert load_corpus(root).get(FRENCH_ID).meta.language == "en"


def test_an_english_source_is_added_without_a_word_about_language(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "corpus"
    result = _add(cli, root, write(tmp_path / "in" / "safed.txt", ENGLISH), "--id", "en-safed")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert load_corpus(root).get("en-safed").meta.language == "en"


def test_a_language_that_is_not_a_code_is_refused_and_nothing_is_written(
    corpus: Path, cli: Cli, tmp_path: Path
) -> None:
    before = snapshot(corpus)
    path = write(tmp_path / "in" / "x.txt", ENGLISH)
    result = _add(cli, corpus, path, "--language", "English")
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr == f"error: {path}: invalid language 'English' (a language code such as en, fr or ar)\n"
    assert snapshot(corpus) == before


def test_a_hostile_language_in_the_front_matter_stops_the_corpus_from_loading(corpus: Path, cli: Cli) -> None:
    path = corpus / "alpha.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("language: en", 'language: en"><script>alert(1)</script>'),
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match="invalid language"):
        load_corpus(corpus)
    result = cli("report", "--corpus", str(corpus), "--out", str(corpus.parent / "out"))
    assert result.exit_code == ExitCode.CORPUS
    assert result.stderr.count("\n") == 1
    assert not (corpus.parent / "out").exists()


def test_check_names_a_text_in_another_language_than_its_front_matter(demo: Path, cli: Cli) -> None:
    assert cli("check", "--corpus", str(demo)).exit_code == 0
    write(demo / "fr-safed.md", f"---\nid: fr-safed\ntitle: Safed\nlanguage: en\n---\n{FRENCH}")
    result = cli("check", "--corpus", str(demo), "--fix")
    # A person may have meant it: a warning, so that a corpus kept as it is still checks out.
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"warning: {demo / 'fr-safed.md'}: the text reads as French (fr) with confidence 1.00, but its language "
        "is 'en' (edit language: in its front matter if that is wrong)\n"
    )
    assert "language: en" in (demo / "fr-safed.md").read_text(encoding="utf-8"), "a person decides, not --fix"
    assert cli("check", "--corpus", str(demo)).stdout == "corpus OK\n"


def test_show_lists_the_claims_of_an_uncompared_source_without_misread_facts(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "corpus"
    assert _add(cli, root, write(tmp_path / "in" / "safed.txt", FRENCH), "--id", FRENCH_ID).exit_code == 0
    shown = cli("show", FRENCH_ID, "--corpus", str(root), "--facts")
    assert shown.exit_code == 0
    assert "  language: French (fr): not compared (compare reads English); no facts are extracted\n" in shown.stdout
    assert "entities:" not in shown.stdout and "checkable:" not in shown.stdout
    data = json.loads(cli("show", FRENCH_ID, "--corpus", str(root), "--facts", "--json").stdout)
    assert (data["language"], data["compared"]) == ("fr", False)
    claims = [c for s in data["sections"] for p in s["paragraphs"] for c in p["claims"]]
    assert len(claims) == 4 and not any("facts" in c for c in claims)


# The analysis and the report ----------------------------------------------------------------


@pytest.fixture
def with_french(demo: Path) -> Path:
    front = f"---\nid: {FRENCH_ID}\ntitle: Safed\noutlet: Ailleurs\nlanguage: fr\n---\n"
    write(demo / f"{FRENCH_ID}.md", front + FRENCH)
    return demo


def test_an_uncompared_source_leaves_the_analysis_of_the_others_as_it_was(demo: Path, with_french: Path) -> None:
    # Same folder: the French source is removed for the reference run, then put back.
    french = (with_french / f"{FRENCH_ID}.md").read_text(encoding="utf-8")
    (with_french / f"{FRENCH_ID}.md").unlink()
    alone = analyse_corpus(demo, Settings(), use_cache=False)
    write(with_french / f"{FRENCH_ID}.md", french)
    both = analyse_corpus(with_french, Settings(), use_cache=False)
    assert both.links == alone.links
    assert both.events == alone.events
    assert both.independence == {**alone.independence, FRENCH_ID: FRENCH_ID}
    mine = [c for c in both.claims if c.source == FRENCH_ID]
    assert len(mine) == 4
    assert {both.statuses[c.id].status for c in mine} == {"uncompared"}
    assert {k: v for k, v in both.statuses.items() if k not in {c.id for c in mine}} == alone.statuses
    # Every claim has a status: the compared ones as before, the uncompared ones their own.
    assert alone.statuses.keys() | {c.id for c in mine} == both.statuses.keys()


def test_the_aligner_is_given_nothing_of_an_uncompared_source(with_french: Path) -> None:
    prepared = prepare(load_corpus(with_french), open_cache(None))
    data = prepared.align_input
    assert FRENCH_ID not in data.source_texts  # type: ignore[attr-defined]
    assert FRENCH_ID not in data.section_source  # type: ignore[attr-defined]
    assert not any(c.source == FRENCH_ID for c in data.claims)  # type: ignore[attr-defined]
    assert [c.source for c in prepared.uncompared] == [FRENCH_ID] * 4


def test_the_report_lists_uncompared_claims_in_their_place_and_names_the_language(with_french: Path) -> None:
    report = build_report(analyse_corpus(with_french, Settings(), use_cache=False))
    jsonschema.validate(report, SCHEMA)
    order = [s["id"] for s in report["sources"]]
    seen = [c["source"] for c in report["claims"]]
    assert seen == sorted(seen, key=order.index), "claims are listed by source, as the contract says"
    source = next(s for s in report["sources"] if s["id"] == FRENCH_ID)
    assert (source["language"], source["compared"], source["claims"]) == ("fr", False, 4)
    assert all(s["compared"] for s in report["sources"] if s["id"] != FRENCH_ID)
    mine = [c for c in report["claims"] if c["source"] == FRENCH_ID]
    assert {c["status"] for c in mine} == {"uncompared"}
    assert all(c["facts"]["entities"] == [] and c["context_links"] == 0 for c in mine)
    ids = {c["id"] for c in mine}
    assert not any(lk["a"] in ids or lk["b"] in ids for lk in report["links"])
    assert not any(ids & set(e["claims"]) for e in report["events"])
    assert report["summary"]["statuses"]["uncompared"] == 4

    doc = lxml.html.fromstring(render_html(report))
    row = doc.xpath(f'//tr[@id="src-{FRENCH_ID}"]')[0]
    cell = row.xpath('./td[@data-label="independence"]')[0]
    assert " ".join(cell.text_content().split()) == "not compared: in French (fr)"
    notes = [
        " ".join(p.text_content().split())
        for p in doc.xpath('//section[@id="sources"]//p')
        if "not compared" in p.text_content()
    ]
    assert notes == [
        f"1 source is not compared, because compare reads English: {FRENCH_ID} is in French (fr). Its claims are "
        "listed, but no other source is checked against them, so none of them counts as a claim only one "
        "source makes."
    ]
    markdown = render_markdown(report)
    assert f"1 source is not compared, because compare reads English: {FRENCH_ID} is in French (fr)." in markdown
    assert "| not compared: in French (fr) |" in markdown


def test_a_corpus_without_uncompared_sources_shows_no_language_note(demo: Path) -> None:
    report = build_report(analyse_corpus(demo, Settings(), use_cache=False))
    assert "uncompared" not in report["summary"]["statuses"]
    doc = lxml.html.fromstring(render_html(report))
    assert not [p for p in doc.xpath('//section[@id="sources"]//p') if "not compared" in p.text_content()]
    assert "not compared" not in render_markdown(report)


def test_frozen_weights_count_only_the_sources_compare_compares(with_french: Path, cli: Cli) -> None:
    assert cli("weights", "--corpus", str(with_french), "--freeze").exit_code == 0
    status = json.loads(cli("weights", "--corpus", str(with_french), "--json").stdout)
    assert status["frozen"] and status["added_since"] == [] and status["removed_since"] == []
    assert status["sources_counted"] == 11
    frozen = json.loads((with_french / FILE_NAME).read_text(encoding="utf-8"))
    assert FRENCH_ID not in frozen["sources"] and len(frozen["sources"]) == 11


def test_a_corpus_with_no_source_in_english_still_gets_a_report(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "corpus"
    assert _add(cli, root, write(tmp_path / "in" / "safed.txt", FRENCH), "--id", FRENCH_ID).exit_code == 0
    result = cli("report", "--corpus", str(root), "--out", str(tmp_path / "out"), "--format", "json,html")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [c["status"] for c in report["claims"]] == ["uncompared"] * 4
    assert report["links"] == [] and report["events"] == []


def test_the_focus_on_an_uncompared_source_says_why_nothing_is_found(with_french: Path) -> None:
    report = build_report(analyse_corpus(with_french, Settings(), use_cache=False, base=FRENCH_ID), base=FRENCH_ID)
    why = "Not compared: this source is in French (fr), and compare reads English."
    doc = lxml.html.fromstring(render_html(report))
    notes = [" ".join(p.text_content().split()) for p in doc.xpath('//section[@id="focus"]//p')]
    assert notes.count(why) == 4
    assert not [n for n in notes if n.startswith("No other source was found")]
    markdown = render_markdown(report)
    assert markdown.count(f"   - {why}\n") == 4
    assert "No other source was found" not in markdown


# A file written by hand, whose front matter names no language -------------------------------

JAPANESE = "東京都は火曜日、新しい交通計画を発表した。"  # 21 characters; written for this test


def test_a_short_text_in_a_script_without_spaces_counts_its_characters_as_words() -> None:
    assert detect_language(JAPANESE).code == "ja"
    assert detect_language("서울시는 화요일에 새로운 교통 계획을 발표했다.").code == "ko"
    assert detect_language("Officials said the storm closed the port.").code is None  # 33 letters


@pytest.fixture
def unstated(demo: Path) -> Path:
    """The demo with a French account whose front matter, written by hand, has no language."""
    write(demo / f"{FRENCH_ID}.md", f"---\nid: {FRENCH_ID}\ntitle: Safed\noutlet: Ailleurs\n---\n{FRENCH}")
    return demo


UNSTATED_WARNING = (
    f"{FRENCH_ID} names no language and reads as French (fr): it is not compared (compare reads English); "
    "'compare check --fix' writes 'language: fr' into it"
)


def test_a_source_that_names_no_language_is_read_for_it(unstated: Path) -> None:
    path = unstated / f"{FRENCH_ID}.md"
    hand_written = path.read_text(encoding="utf-8")
    assert load_corpus(unstated).get(FRENCH_ID).meta.language == "en"  # the default, not yet checked
    path.write_text(hand_written.replace("---\nLe", "language: fr\n---\nLe", 1), encoding="utf-8")
    stated = analyse_corpus(unstated, Settings(), use_cache=False)
    assert stated.corpus.get(FRENCH_ID).meta.language == "fr" and stated.warnings == ()
    path.write_text(hand_written, encoding="utf-8")
    read = analyse_corpus(unstated, Settings(), use_cache=False)
    assert read.corpus.get(FRENCH_ID).meta.language == "fr"
    assert read.warnings == (UNSTATED_WARNING,)
    assert (read.links, read.events, read.statuses) == (stated.links, stated.events, stated.statuses)
    assert {read.statuses[c.id].status for c in read.claims if c.source == FRENCH_ID} == {"uncompared"}


def test_the_report_says_so_once_and_leaves_the_file_as_it_was(unstated: Path, tmp_path: Path, cli: Cli) -> None:
    before = (unstated / f"{FRENCH_ID}.md").read_bytes()
    result = cli("report", "--corpus", str(unstated), "--out", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr.count(f"warning: {UNSTATED_WARNING}\n") == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    source = next(s for s in report["sources"] if s["id"] == FRENCH_ID)
    assert (source["language"], source["compared"]) == ("fr", False)
    assert (unstated / f"{FRENCH_ID}.md").read_bytes() == before


def test_the_guess_is_cached_with_the_segments(unstated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = analyse_corpus(unstated, Settings())
    monkeypatch.setattr("compare.language.detect_language", lambda text: pytest.fail("detected again"))
    again = analyse_corpus(unstated, Settings())
    assert again.corpus.get(FRENCH_ID).meta.language == "fr"
    assert again.warnings == first.warnings == (UNSTATED_WARNING,)


def test_a_source_in_english_that_names_no_language_is_compared_without_a_word(demo: Path) -> None:
    path = demo / "demo-wire-safed.md"
    before = analyse_corpus(demo, Settings(), use_cache=False)
    path.write_text(path.read_text(encoding="utf-8").replace("language: en\n", "", 1), encoding="utf-8")
    after = analyse_corpus(demo, Settings(), use_cache=False)
    assert not after.corpus.get("demo-wire-safed").meta.language_stated
    assert after.warnings == ()
    assert (after.links, after.events, after.statuses) == (before.links, before.events, before.statuses)


def test_check_fix_writes_the_language_it_reads(unstated: Path, cli: Cli) -> None:
    path = unstated / f"{FRENCH_ID}.md"
    result = cli("check", "--corpus", str(unstated))
    assert result.exit_code == ExitCode.CORPUS
    assert f"error: {path}: no language named; the text reads as French (fr) (run 'compare check --fix')\n" in (
        result.stderr
    )
    assert cli("check", "--corpus", str(unstated), "--fix").exit_code == 0
    assert load_corpus(unstated).get(FRENCH_ID).meta.language == "fr"
    assert cli("check", "--corpus", str(unstated)).exit_code == 0
    assert "language: fr\n" in path.read_text(encoding="utf-8")


def test_show_and_frozen_weights_read_the_language_as_reports_do(unstated: Path, cli: Cli) -> None:
    data = json.loads(cli("show", FRENCH_ID, "--corpus", str(unstated), "--facts", "--json").stdout)
    assert (data["language"], data["compared"]) == ("fr", False)
    assert cli("weights", "--corpus", str(unstated), "--freeze").exit_code == 0
    frozen = json.loads((unstated / FILE_NAME).read_text(encoding="utf-8"))
    assert FRENCH_ID not in frozen["sources"] and len(frozen["sources"]) == 11
    status = json.loads(cli("weights", "--corpus", str(unstated), "--json").stdout)
    assert status["added_since"] == [] and status["removed_since"] == []


def test_language_codes_are_stored_in_their_usual_case(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "corpus"
    assert _add(cli, root, write(tmp_path / "in" / "a.txt", FRENCH), "--id", "a", "--language", "FR").exit_code == 0
    assert _add(cli, root, write(tmp_path / "in" / "b.txt", ENGLISH), "--id", "b", "--language", "en-gb").exit_code == 0
    corpus = load_corpus(root)
    assert [corpus.get("a").meta.language, corpus.get("b").meta.language] == ["fr", "en-GB"]
    assert "language: fr\n" in (root / "a.md").read_text(encoding="utf-8")
