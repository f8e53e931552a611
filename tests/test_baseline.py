"""A frozen baseline (compare/baseline.py, baseline_state.py, increment.py): the report of
its sources as a plain run gives it, later sources spliced in, the same bytes from a stored
state as from none, and a report that agrees with itself wherever it can be recomputed."""

from __future__ import annotations

import json
import shutil
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from conftest import Cli, snapshot, write
from test_report import validator

from compare.baseline import FILE_NAME, read_baseline
from compare.baseline_state import STATE_PREFIX, load_state, state_key
from compare.corpus import CACHE_DIR, load_corpus
from compare.errors import ExitCode
from compare.frozen import FILE_NAME as WEIGHTS_FILE
from compare.frozen import read_term_weights
from compare.increment import neighbour_sources, report_corpus_with_baseline
from compare.pipeline import analyse_corpus
from compare.report import build_report, iter_json, render_csv, render_html, render_markdown
from compare.settings import Settings
from compare.status import status_of
from compare.views import overall_verdict

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Held out of the baseline, then added: a wire on Nasrallah's speech, and the reprint of
# the wire on the rockets fired at Safed (a near-copy of a baseline source).
LATER = ("demo-wire-nasrallah", "demo-wire-reprint")


def _split_demo(tmp_path: Path, later: tuple[str, ...]) -> tuple[Path, Path]:
    root, held = tmp_path / "seeds", tmp_path / "held"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(CACHE_DIR, WEIGHTS_FILE, FILE_NAME))
    held.mkdir()
    for sid in later:
        shutil.move(root / f"{sid}.md", held / f"{sid}.md")
    return root, held


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, Path]:
    """The demo corpus without LATER (frozen as a baseline), and a folder holding LATER."""
    return _split_demo(tmp_path, LATER)


def _freeze(cli: Cli, root: Path) -> None:
    result = cli("baseline", "--freeze", "--corpus", str(root), "--no-progress")
    assert result.exit_code == 0, result.output


def _report(cli: Cli, root: Path, out: Path, *extra: str) -> bytes:
    result = cli("report", "--corpus", str(root), "--out", str(out), "--format", "json", "--no-progress", *extra)
    assert result.exit_code == 0, result.output
    return (out / "report.json").read_bytes()


def _state_files(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).glob(f"{STATE_PREFIX}*"))


def test_with_no_later_source_the_report_is_the_plain_runs_in_every_format(
    cli: Cli, demo: tuple[Path, Path], tmp_path: Path
) -> None:
    root, _ = demo
    _freeze(cli, root)
    label = read_baseline(root).label + "; 0 later"  # type: ignore[union-attr]
    spliced = report_corpus_with_baseline(root, read_baseline(root), Settings())  # type: ignore[arg-type]
    plain = build_report(analyse_corpus(root, Settings(), use_cache=False))
    plain["settings"]["baseline"] = label  # type: ignore[index]
    assert spliced.json_bytes() == "".join(iter_json(plain)).encode("utf-8")
    data = spliced.data()
    html = render_html(data)
    assert html == render_html(plain)
    said = [p.text_content() for p in lxml.html.fromstring(html).iter("p") if "Baseline" in p.text_content()]
    assert said and said[0].startswith(f"Baseline {label}: links between two of its sources")
    assert render_markdown(data) == render_markdown(plain)
    assert render_csv(data) == render_csv(plain)


def test_later_sources_give_the_same_bytes_from_a_stored_state_as_from_none(
    cli: Cli, demo: tuple[Path, Path], tmp_path: Path
) -> None:
    root, held = demo
    _freeze(cli, root)
    _report(cli, root, tmp_path / "r0")  # builds and stores the baseline's state
    assert len(_state_files(root)) == 1
    for sid in LATER:
        shutil.copy(held / f"{sid}.md", root)
    warm = _report(cli, root, tmp_path / "r1")
    again = _report(cli, root, tmp_path / "r2")
    uncached = _report(cli, root, tmp_path / "r3", "--no-cache")
    for p in _state_files(root):
        p.unlink()
    cold = _report(cli, root, tmp_path / "r4")
    assert warm == again == uncached == cold
    every = tmp_path / "all"
    result = cli("report", "--corpus", str(root), "--out", str(every), "--no-progress")
    assert result.exit_code == 0, result.output
    assert (every / "report.json").read_bytes() == warm
    data = json.loads(warm)
    assert (every / "report.html").read_text(encoding="utf-8") == render_html(data)
    assert (every / "report.md").read_text(encoding="utf-8") == render_markdown(data)
    assert (every / "links.csv").read_text(encoding="utf-8") == render_csv(data)
    assert json.loads(warm)["settings"]["baseline"].endswith("; 2 later")


def test_the_order_later_sources_came_in_does_not_matter(cli: Cli, demo: tuple[Path, Path], tmp_path: Path) -> None:
    root, held = demo
    _freeze(cli, root)
    shutil.copy(held / f"{LATER[1]}.md", root)
    _report(cli, root, tmp_path / "one")
    shutil.copy(held / f"{LATER[0]}.md", root)
    both = _report(cli, root, tmp_path / "two")
    other = tmp_path / "other" / "seeds"
    shutil.copytree(root, other, ignore=shutil.ignore_patterns(CACHE_DIR))
    assert _report(cli, other, tmp_path / "three") == both


@pytest.mark.parametrize(
    "later",
    [
        LATER,
        # The original of a baseline source (the reprint) comes later: a baseline source
        # changes near-copy group, so every status is computed again.
        ("demo-wire-safed", "demo-lebanese-outlet"),
    ],
)
def test_the_spliced_report_validates_and_agrees_with_itself(cli: Cli, tmp_path: Path, later: tuple[str, ...]) -> None:
    root, held = _split_demo(tmp_path, later)
    _freeze(cli, root)
    before = json.loads(_report(cli, root, tmp_path / "before"))
    for sid in later:
        shutil.copy(held / f"{sid}.md", root)
    rep = json.loads(_report(cli, root, tmp_path / "after"))
    errors = list(validator().iter_errors(rep))
    assert not errors, errors[:3]
    source_of = {c["id"]: c["source"] for c in rep["claims"]}
    position = {c["id"]: (c["source"], c["start"]) for c in rep["claims"]}
    keys = [(position[lk["a"]], position[lk["b"]]) for lk in rep["links"]]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    # Links between two baseline sources are the baseline's own, untouched.
    old = [lk for lk in rep["links"] if not {source_of[lk["a"]], source_of[lk["b"]]} & set(later)]
    assert old == before["links"]
    new = [lk for lk in rep["links"] if {source_of[lk["a"]], source_of[lk["b"]]} & set(later)]
    assert {source_of[lk["a"]] for lk in new} | {source_of[lk["b"]] for lk in new} > set(later)
    # Near-copy groups, statuses and counts, recomputed from the report's own lists.
    group = {s["id"]: s["near_copy_of"] or s["id"] for s in rep["sources"]}
    assert group["demo-wire-reprint"] == "demo-wire-safed"
    agree: dict[str, set[str]] = defaultdict(set)
    diverge: dict[str, set[str]] = defaultdict(set)
    for lk in rep["links"]:
        ga, gb = group[source_of[lk["a"]]], group[source_of[lk["b"]]]
        if ga == gb:
            continue
        target = {"agree": agree, "compatible": agree, "diverge": diverge}.get(lk["verdict"])
        if target is not None:
            target[lk["a"]].add(gb)
            target[lk["b"]].add(ga)
    for c in rep["claims"]:
        want = status_of(c["facts"]["checkable"], agree[c["id"]], diverge[c["id"]])
        assert (c["status"], c["agreeing_sources"], c["diverging_sources"]) == (
            want.status,
            list(want.agreeing_sources),
            list(want.diverging_sources),
        ), c["id"]
    s = rep["summary"]
    assert s["claims"] == len(rep["claims"]) and s["events"] == len(rep["events"])
    assert s["statuses"] == dict(sorted(Counter(c["status"] for c in rep["claims"]).items()))
    assert sum(c["context_links"] for c in rep["claims"]) == 2 * s["context_links"]
    assert sum(p["links"] for p in rep["context_pairs"]) == s["context_links"]
    verdicts = Counter(lk["verdict"] for lk in rep["links"] if not lk["context"])
    verdicts["related"] += s["context_links"]
    assert s["verdicts"] == dict(sorted(verdicts.items()))
    assert s["differences"] == dict(
        sorted(Counter(d["kind"] for lk in rep["links"] for d in lk["differences"]).items())
    )
    # Each event's verdict and difference kinds, from the links between its claims.
    for e in rep["events"]:
        inside = set(e["claims"])
        links = [lk for lk in rep["links"] if lk["a"] in inside and lk["b"] in inside and not lk["context"]]
        assert e["verdict"] == overall_verdict([lk["verdict"] for lk in links])
        assert e["sources"] == sorted({source_of[c] for c in e["claims"]})
        kinds = {d["kind"] for lk in links for d in lk["differences"]}
        assert {k for p in e["pairs"] for k in p["kinds"]} == kinds
    # Claims of later sources joined baseline events (each keeps all its baseline claims).
    grown = [
        e
        for e in rep["events"]
        if set(later) & set(e["sources"]) and any(set(b["claims"]) < set(e["claims"]) for b in before["events"])
    ]
    assert grown
    claims_of = Counter(source_of.values())
    assert all(s_["claims"] == claims_of[s_["id"]] for s_ in rep["sources"])


def test_a_damaged_or_foreign_state_is_rebuilt_not_trusted(cli: Cli, demo: tuple[Path, Path], tmp_path: Path) -> None:
    root, held = demo
    _freeze(cli, root)
    shutil.copy(held / f"{LATER[0]}.md", root)
    good = _report(cli, root, tmp_path / "r0")
    (state,) = _state_files(root)
    raw = bytearray(state.read_bytes())
    raw[-100] ^= 0xFF  # one flipped bit in the stored links: the CRC-32 catches it
    state.write_bytes(bytes(raw))
    assert _report(cli, root, tmp_path / "r1") == good
    state.write_bytes(b"compare-baseline-state\n" + b"\xff" * 40)
    assert _report(cli, root, tmp_path / "r2") == good
    foreign = state.with_name(f"{STATE_PREFIX}0000.bin")
    shutil.copy(state, foreign)  # a state under another name: never read for this key
    state.unlink()
    assert _report(cli, root, tmp_path / "r3") == good
    assert _state_files(root) == [state]  # storing a state deletes those of other keys


def test_a_changed_baseline_source_is_a_clear_error_and_changes_nothing(
    cli: Cli, demo: tuple[Path, Path], tmp_path: Path
) -> None:
    root, _ = demo
    _freeze(cli, root)
    path = root / "demo-official-idf.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\n\n", "\n\nA new paragraph.\n\n", 1), encoding="utf-8")
    before = snapshot(root)
    result = cli("report", "--corpus", str(root), "--out", str(tmp_path / "r"), "--format", "json")
    assert result.exit_code == ExitCode.CORPUS
    assert result.output.strip() == (
        f"error: {root / FILE_NAME}: 1 of its sources changed or were removed since the freeze "
        "(demo-official-idf); run 'compare baseline --freeze' to freeze it again or '--thaw' to remove the file"
    )
    assert snapshot(root) == before
    status = cli("baseline", "--corpus", str(root), "--json")
    assert json.loads(status.output)["changed_since"] == ["demo-official-idf"]


def test_term_weights_cannot_be_refrozen_or_thawed_under_a_baseline(cli: Cli, demo: tuple[Path, Path]) -> None:
    root, _ = demo
    _freeze(cli, root)
    for option in ("--freeze", "--thaw"):
        result = cli("weights", option, "--corpus", str(root), "--no-progress")
        assert result.exit_code == ExitCode.CORPUS
        assert "'compare baseline --freeze' freezes both again" in result.output
    assert (root / WEIGHTS_FILE).exists()


def test_focus_on_one_source_is_a_usage_error_under_a_baseline(
    cli: Cli, demo: tuple[Path, Path], tmp_path: Path
) -> None:
    root, _ = demo
    _freeze(cli, root)
    result = cli("report", "--corpus", str(root), "--out", str(tmp_path / "r"), "--base", "seed-hezbollah-iran")
    assert result.exit_code == ExitCode.USAGE
    assert "'compare baseline --thaw' removes it" in result.output


def test_baseline_command_states_freezes_and_thaws(cli: Cli, demo: tuple[Path, Path]) -> None:
    root, held = demo
    result = cli("baseline", "--corpus", str(root))
    assert result.exit_code == 0
    assert result.output.startswith("no baseline: every report analyses the whole corpus")
    _freeze(cli, root)
    shutil.copy(held / f"{LATER[0]}.md", root)
    status = json.loads(cli("baseline", "--corpus", str(root), "--json").output)
    assert set(status) == {"path", "frozen", "sources", "added_since", "changed_since", "sha256"}
    assert (status["frozen"], status["sources"], status["added_since"]) == (True, 9, [LATER[0]])
    text = cli("baseline", "--corpus", str(root)).output
    assert f"baseline of 9 sources (sha256 {status['sha256'][:12]})" in text
    assert f"1 source added since: {LATER[0]}" in text
    assert cli("baseline", "--freeze", "--thaw", "--corpus", str(root)).exit_code == ExitCode.USAGE
    thawed = cli("baseline", "--thaw", "--corpus", str(root))
    assert thawed.exit_code == 0 and thawed.output.startswith(f"removed {root / FILE_NAME}")
    assert not (root / FILE_NAME).exists() and (root / WEIGHTS_FILE).exists()


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("{", "not valid JSON"),
        ('{"format": "other"}', "not a baseline file"),
        ('{"format": "compare-baseline", "version": 9}', "version 9"),
        ('{"format": "compare-baseline", "version": 1, "sources": {"Bad Id": "x"}, "term_weights": ""}', "'sources'"),
    ],
)
def test_a_damaged_baseline_file_is_a_clear_error(
    cli: Cli, demo: tuple[Path, Path], tmp_path: Path, content: str, why: str
) -> None:
    root, _ = demo
    write(root / FILE_NAME, content)
    result = cli("report", "--corpus", str(root), "--out", str(tmp_path / "r"), "--format", "json")
    assert result.exit_code == ExitCode.CORPUS
    assert why in result.output and len(result.output.strip().splitlines()) == 1


def test_a_later_source_in_another_language_is_listed_uncompared(
    cli: Cli, demo: tuple[Path, Path], tmp_path: Path
) -> None:
    root, _ = demo
    _freeze(cli, root)
    write(
        root / "note-fr.md",
        "---\nid: note-fr\ntitle: Une note\noutlet: Ailleurs\npublished: 2024-03-20\nkind: news\nlanguage: fr\n---\n"
        "Le conseil municipal a voté le budget du tramway mardi.\n",
    )
    rep = json.loads(_report(cli, root, tmp_path / "r"))
    mine = [c for c in rep["claims"] if c["source"] == "note-fr"]
    assert mine and all(c["status"] == "uncompared" for c in mine)
    assert not any("note-fr" in (lk["a"], lk["b"]) for lk in rep["links"])


def test_neighbour_sources_rank_the_most_alike_text_first(cli: Cli, demo: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = demo
    _freeze(cli, root)
    _report(cli, root, tmp_path / "r")
    baseline, weights = read_baseline(root), read_term_weights(root)
    assert baseline is not None and weights is not None
    state = load_state(root / CACHE_DIR, state_key(baseline.sha256, weights.sha256, Settings().to_dict()))
    assert state is not None
    text = load_corpus(root).get("demo-official-idf").text
    near = neighbour_sources(state, [text, "Zorblat quenfix draptel."], 3)
    assert near[0][0] == "demo-official-idf" and len(near[0]) == 3
    assert near[1] == []  # no word in common with any baseline source


def test_links_later_sources_bring_between_two_baseline_claims_are_left_out(
    cli: Cli, demo: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A divergence carried through a later claim (bridge.py) can join two baseline claims;
    the report keeps the baseline's own links between baseline sources, each listed once."""
    import dataclasses

    import compare.increment as increment

    root, held = demo
    _freeze(cli, root)
    before = json.loads(_report(cli, root, tmp_path / "before"))
    real = increment.link_corpus

    def with_a_carried_link(*args: Any, **kwargs: Any) -> Any:
        linked = real(*args, **kwargs)
        ids = {c.id for c in linked.prepared.claims}
        old = next(lk for lk in before["links"] if lk["a"] in ids and lk["b"] in ids and not lk["context"])
        template = linked.links[0]
        carried = dataclasses.replace(template, a=old["a"], b=old["b"], verdict="diverge", via=template.a)
        return dataclasses.replace(linked, links=[*linked.links, carried])

    monkeypatch.setattr(increment, "link_corpus", with_a_carried_link)
    for sid in LATER:
        shutil.copy(held / f"{sid}.md", root)
    rep = json.loads(_report(cli, root, tmp_path / "after"))
    source_of = {c["id"]: c["source"] for c in rep["claims"]}
    old_links = [lk for lk in rep["links"] if not {source_of[lk["a"]], source_of[lk["b"]]} & set(LATER)]
    assert old_links == before["links"]
