"""Frozen term weights (compare/frozen.py, `compare weights`): counted once, read back at
every run, so a new source leaves the scores of the others where they were."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import Cli, snapshot, write

from compare.corpus import CACHE_DIR
from compare.errors import CorpusError, ExitCode
from compare.frozen import FILE_NAME, ROLES, freeze_term_weights, read_term_weights
from compare.pipeline import analyse_corpus
from compare.settings import Settings
from compare.weighting import StableTfidf, count_sets

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
NOTE = "---\nid: {id}\ntitle: A note\noutlet: Elsewhere\npublished: 2024-03-20\nkind: news\n---\n{text}"
NO_SHARED_WORD = "Velkoran quenfixes plonked zorblat draptels.\n\nMirnoth yastrels uvvaric snelbows.\n"
TRAM_BUDGET = (
    "The city council of Ostrava approved a new budget for its tram network on Tuesday.\n\n"
    "Councillors voted 31 to 9 to spend 2.4 billion crowns on new rolling stock over five years.\n"
)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(CACHE_DIR, FILE_NAME))
    return root


def _links(root: Path) -> dict[tuple[str, str], tuple[float, float, str, tuple[str, ...]]]:
    a = analyse_corpus(root, Settings(), use_cache=False)
    return {(lk.a, lk.b): (lk.score, lk.evidence, lk.verdict, lk.differences) for lk in a.links}


def _add_note(root: Path, text: str, source_id: str = "unrelated-note") -> None:
    write(root / f"{source_id}.md", NOTE.format(id=source_id, text=text))


def test_weights_frozen_on_the_corpus_itself_change_nothing(demo: Path) -> None:
    counted = analyse_corpus(demo, Settings(), use_cache=False)
    freeze_term_weights(demo)
    frozen = analyse_corpus(demo, Settings(), use_cache=False)
    assert frozen.term_weights.startswith("frozen on 11 sources (sha256 ")
    assert counted.term_weights == "counted on the corpus"
    assert frozen.links == counted.links
    assert frozen.events == counted.events
    assert frozen.statuses == counted.statuses


def test_with_frozen_weights_a_source_sharing_no_word_moves_no_score(demo: Path) -> None:
    freeze_term_weights(demo)
    before = _links(demo)
    _add_note(demo, NO_SHARED_WORD)
    assert _links(demo) == before


def test_with_frozen_weights_a_source_about_something_else_moves_few_scores(demo: Path) -> None:
    def moved(freeze: bool) -> tuple[int, int]:
        (demo / "unrelated-note.md").unlink(missing_ok=True)
        (demo / FILE_NAME).unlink(missing_ok=True)
        if freeze:
            freeze_term_weights(demo)
        before = _links(demo)
        _add_note(demo, TRAM_BUDGET)
        after = _links(demo)
        return sum(after.get(k) != v for k, v in before.items()), len(before)

    counted, n = moved(False)
    frozen, _ = moved(True)
    # Counted weights hold the corpus size: most scores move by hundredths.
    assert counted > n // 3
    # Frozen ones move only what document neighbourhoods move.
    assert frozen * 20 < counted


def test_freezing_twice_writes_the_same_bytes_and_leaves_the_sources_alone(demo: Path) -> None:
    sources = {p.name: p.read_bytes() for p in demo.glob("*.md")}
    freeze_term_weights(demo)
    first = (demo / FILE_NAME).read_bytes()
    freeze_term_weights(demo)
    assert (demo / FILE_NAME).read_bytes() == first
    assert {p.name: p.read_bytes() for p in demo.glob("*.md")} == sources
    data = json.loads(first)
    assert sorted(data["tables"]) == sorted(ROLES)
    assert data["sources"] == sorted(p.stem for p in demo.glob("*.md"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"format": "other"}', "not a term weights file"),
        ('{"format": "compare-term-weights", "version": 9}', "version 9, this compare reads version 1"),
        (
            '{"format": "compare-term-weights", "version": 1, "sources": ["a\\u202eb"], "tables": {}}',
            "'sources' must be a list of source ids",
        ),
        (
            '{"format": "compare-term-weights", "version": 1, "sources": ["a"], "tables": {}}',
            "'tables' must hold exactly sections, section_entities, claims, claim_entities",
        ),
    ],
)
def test_a_damaged_file_is_an_error_naming_it(demo: Path, content: str, message: str) -> None:
    write(demo / FILE_NAME, content)
    with pytest.raises(CorpusError) as err:
        read_term_weights(demo)
    assert str(err.value) == (
        f"{demo / FILE_NAME}: {message}; run 'compare weights --freeze' to count the weights again "
        "or '--thaw' to remove the file"
    )


def test_a_count_above_the_documents_is_refused(demo: Path) -> None:
    freeze_term_weights(demo)
    data = json.loads((demo / FILE_NAME).read_text(encoding="utf-8"))
    term = next(iter(data["tables"]["claims"]["df"]))
    data["tables"]["claims"]["df"][term] = data["tables"]["claims"]["documents"] + 1
    write(demo / FILE_NAME, json.dumps(data))
    with pytest.raises(CorpusError, match="table 'claims' holds a count that is not between 1 and its"):
        read_term_weights(demo)


# The command ------------------------------------------------------------------------------


def test_weights_command_freezes_reports_and_thaws(cli: Cli, demo: Path, tmp_path: Path) -> None:
    result = cli("weights", "--corpus", str(demo))
    assert result.exit_code == ExitCode.OK
    assert (
        result.stdout == "term weights are counted on the corpus at every run ('compare weights --freeze' keeps them)\n"
    )

    result = cli("weights", "--corpus", str(demo), "--freeze")
    assert result.exit_code == ExitCode.OK
    sha = read_term_weights(demo).sha256  # type: ignore[union-attr]
    assert result.stdout == f"wrote {demo / FILE_NAME}: term weights frozen on 11 sources (sha256 {sha[:12]})\n"

    _add_note(demo, TRAM_BUDGET)
    result = cli("weights", "--corpus", str(demo))
    assert result.stdout.splitlines() == [
        f"{demo / FILE_NAME}: term weights frozen on 11 sources (sha256 {sha[:12]})",
        "1 source added since: unrelated-note",
    ]

    out = tmp_path / "out"
    result = cli("report", "--corpus", str(demo), "--format", "json", "--out", str(out), "--no-cache")
    assert result.exit_code == ExitCode.OK
    assert result.stderr == ""  # 1 of 12 sources came later: under half, no warning
    settings = json.loads((out / "report.json").read_text(encoding="utf-8"))["settings"]
    assert settings["term_weights"] == f"frozen on 11 sources (sha256 {sha[:12]})"

    result = cli("weights", "--corpus", str(demo), "--thaw")
    assert result.exit_code == ExitCode.OK
    assert result.stdout == f"removed {demo / FILE_NAME}: term weights are counted on the corpus at every run\n"
    assert not (demo / FILE_NAME).exists()
    result = cli("weights", "--corpus", str(demo), "--thaw")
    assert result.stdout == "term weights were not frozen: they are counted on the corpus at every run\n"


def test_weights_json_states_what_the_text_says(cli: Cli, demo: Path) -> None:
    keys = {"path", "frozen", "sources_counted", "added_since", "removed_since", "sha256"}
    state = json.loads(cli("weights", "--corpus", str(demo), "--json").stdout)
    assert state == {
        "path": str(demo / FILE_NAME),
        "frozen": False,
        "sources_counted": 0,
        "added_since": [],
        "removed_since": [],
        "sha256": None,
    }
    state = json.loads(cli("weights", "--corpus", str(demo), "--freeze", "--json").stdout)
    assert set(state) == keys and state["frozen"] is True and state["sources_counted"] == 11
    assert state["sha256"] == read_term_weights(demo).sha256  # type: ignore[union-attr]
    _add_note(demo, TRAM_BUDGET)
    (demo / "demo-wire-reprint.md").unlink()
    state = json.loads(cli("weights", "--corpus", str(demo), "--json").stdout)
    assert (state["added_since"], state["removed_since"]) == (["unrelated-note"], ["demo-wire-reprint"])
    state = json.loads(cli("weights", "--corpus", str(demo), "--thaw", "--json").stdout)
    assert set(state) == keys | {"thawed"} and state["frozen"] is False and state["thawed"] is True
    assert not (demo / FILE_NAME).exists()


def test_report_warns_once_half_of_the_sources_came_after_the_freeze(cli: Cli, demo: Path, tmp_path: Path) -> None:
    later = sorted(demo.glob("demo-*.md"))[:5]
    aside = tmp_path / "aside"
    aside.mkdir()
    for p in later:
        p.rename(aside / p.name)
    freeze_term_weights(demo)  # 6 sources
    for p in later:
        (aside / p.name).rename(p)
    out = tmp_path / "out"
    result = cli("report", "--corpus", str(demo), "--format", "json", "--out", str(out), "--no-cache")
    assert result.exit_code == ExitCode.OK
    assert result.stderr == ""  # 5 of 11 came later
    _add_note(demo, TRAM_BUDGET)
    result = cli("report", "--corpus", str(demo), "--format", "json", "--out", str(out), "--no-cache")
    assert result.exit_code == ExitCode.OK
    assert result.stderr == (
        "warning: term weights were frozen on 6 sources; 6 of the corpus's 12 came later, and the frozen counts "
        "leave them out: 'compare weights --freeze' counts them again\n"
    )


def test_words_the_frozen_counts_lack_are_weighed_by_the_corpus() -> None:
    texts = ["rockets hit the town", "rockets hit the base", "a drone hit the base", "zorblat plonked quenfix"]
    counted = StableTfidf()
    counted.fit_transform(texts)
    frozen = StableTfidf(reference=count_sets([t.split() for t in texts[:3]]))
    frozen.fit_transform(texts)
    vocab = counted.counter.vocabulary_
    assert frozen.counter.vocabulary_ == vocab
    # Words of the first three texts weigh as they did among those three...
    three = StableTfidf()
    three.fit_transform(texts[:3])
    for word, k in three.counter.vocabulary_.items():
        assert frozen.idf_[vocab[word]] == three.idf_[k]  # type: ignore[index]
    # ... and the fourth text's words as the four texts weigh them.
    for word in ("zorblat", "plonked", "quenfix"):
        assert frozen.idf_[vocab[word]] == counted.idf_[vocab[word]]  # type: ignore[index]


def test_a_damaged_file_stops_the_report_and_thaw_repairs_it(cli: Cli, demo: Path, tmp_path: Path) -> None:
    write(demo / FILE_NAME, "{")
    out = tmp_path / "out"
    result = cli("report", "--corpus", str(demo), "--format", "json", "--out", str(out), "--no-cache")
    assert result.exit_code == ExitCode.CORPUS
    assert result.stderr == (
        f"error: {demo / FILE_NAME}: not valid JSON; run 'compare weights --freeze' to count the weights "
        "again or '--thaw' to remove the file\n"
    )
    assert not out.exists()
    result = cli("weights", "--corpus", str(demo), "--thaw")
    assert result.exit_code == ExitCode.OK
    assert not (demo / FILE_NAME).exists()


def test_check_names_a_damaged_file(cli: Cli, demo: Path) -> None:
    write(demo / FILE_NAME, '{"format": "other"}')
    result = cli("check", "--corpus", str(demo))
    assert result.exit_code == ExitCode.CORPUS
    assert result.stderr == (
        f"error: {demo / FILE_NAME}: not a term weights file; run 'compare weights --freeze' to count the "
        "weights again or '--thaw' to remove the file\n"
    )


def test_freeze_and_thaw_together_is_a_usage_error(cli: Cli, demo: Path) -> None:
    before = snapshot(demo)
    result = cli("weights", "--corpus", str(demo), "--freeze", "--thaw")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "error: --freeze and --thaw cannot be used together\n"
    assert snapshot(demo) == before


@pytest.mark.parametrize("option", [[], ["--freeze"], ["--thaw"]])
def test_a_missing_corpus_folder_is_named_and_not_made(cli: Cli, tmp_path: Path, option: list[str]) -> None:
    root = tmp_path / "typo"
    result = cli("weights", "--corpus", str(root), *option)
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == f"error: corpus folder not found: {root}\n"
    assert not root.exists()


def test_freezing_an_empty_corpus_fails_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    result = cli("weights", "--corpus", str(root), "--freeze")
    assert result.exit_code == ExitCode.CORPUS
    assert result.stderr == f"error: no sources in {root}; add some with 'compare add'\n"
    assert snapshot(root) == {}  # the lock's folder (the rebuildable cache) aside


def test_frozen_tables_reach_the_helper_process(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On large corpora the stories are computed in a helper process: the frozen counts
    of section entities go with them."""
    from dataclasses import replace

    import compare.align as align_module
    from compare.align import Aligner, count_term_tables
    from compare.cache import open_cache
    from compare.corpus import load_corpus
    from compare.pipeline import prepare
    from compare.weighting import TermTable

    data = prepare(load_corpus(demo), open_cache(None)).align_input
    tables = count_term_tables(data)  # type: ignore[arg-type]
    # Counts of a larger corpus than this one: weights that differ from counted ones.
    tables = {role: TermTable(t.documents * 3, t.df) for role, t in tables.items()}
    frozen = replace(data, term_tables=tables)  # type: ignore[type-var]
    counted = Aligner(data, Settings())  # type: ignore[arg-type]
    here = Aligner(frozen, Settings())
    monkeypatch.setattr(align_module, "PROCESS_MIN_CLAIMS", 0)
    there = Aligner(frozen, Settings())
    # Every table reaches the aligner: sections, section entities, claims, claim entities.
    assert (here.section_matrix != counted.section_matrix).nnz > 0
    assert (here.doc_second != counted.doc_second).nnz > 0
    assert (here.claim_matrix != counted.claim_matrix).nnz > 0
    assert not np.array_equal(here.entity_idf, counted.entity_idf)
    assert (there.doc_second != here.doc_second).nnz == 0
    assert np.array_equal(there.story, here.story)
    assert np.array_equal(there.candidates(), here.candidates())
