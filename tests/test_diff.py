"""`compare diff OLD NEW`: what adding a source changed, read from two JSON reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Cli, write

from compare.changes import diff_reports, diff_to_dict, render_diff
from compare.errors import ExitCode


def _report(cli: Cli, corpus: Path, out: Path) -> Path:
    result = cli("report", "--corpus", str(corpus), "--format", "json", "--out", str(out), "--no-cache")
    assert result.exit_code == ExitCode.OK, result.output
    return out / "report.json"


def test_a_report_against_itself_has_no_change(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    path = _report(cli, corpus, tmp_path / "r")
    result = cli("diff", str(path), str(path))
    assert result.exit_code == ExitCode.OK
    assert result.stdout == (
        "# Changes between two reports\n\nNo change: the same sources, links, verdicts, statuses and events.\n"
    )
    data = json.loads(cli("diff", str(path), str(path), "--json").stdout)
    assert data["small_score_moves"] == 0
    assert all(data[k] == [] for k in data if k not in ("diff_version", "generator", "small_score_moves"))


def test_adding_a_source_lists_what_it_changed(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    before = _report(cli, corpus, tmp_path / "before")
    # One claim restating alpha's, one of its own: not a near copy of alpha, so it counts.
    gamma = write(
        tmp_path / "in" / "gamma.txt",
        "The port was closed for two days after the storm. Fishermen said several boats sank at their moorings.\n",
    )
    added = cli("add", str(gamma), "--corpus", str(corpus), "--id", "gamma", "--published", "2024-03-13")
    assert added.exit_code == ExitCode.OK, added.output
    after = _report(cli, corpus, tmp_path / "after")
    data = json.loads(cli("diff", str(before), str(after), "--json").stdout)
    assert data["sources_added"] == ["gamma"] and data["sources_removed"] == []
    assert data["settings_changed"] == []
    new = [(lk["a"]["source"], lk["b"]["source"], lk["after"]) for lk in data["links_added"]]
    assert ("alpha", "gamma", "agree") in new
    port = [s for s in data["statuses_changed"] if s["claim"]["text"].startswith("The port was closed")]
    assert [(s["claim"]["source"], s["before"], s["after"]) for s in port] == [
        ("alpha", "uncorroborated", "corroborated")
    ]
    text = cli("diff", str(before), str(after)).stdout
    assert "Sources added: `gamma`. Sources removed: none." in text.splitlines()
    assert "- uncorroborated → **corroborated**: [alpha] “The port was closed for two days.”" in text.splitlines()


def _claim(cid: str, source: str, text: str, status: str = "uncorroborated") -> dict[str, object]:
    return {"id": cid, "source": source, "text": text, "status": status}


def _made_up(claims: list, links: list, events: list, sources: list[str]) -> dict[str, object]:  # type: ignore[type-arg]
    return {
        "schema_version": "2",
        "settings": {"link_threshold": 50.0},
        "sources": [{"id": s} for s in sources],
        "claims": claims,
        "links": links,
        "events": events,
    }


def test_events_are_matched_by_the_claims_they_share() -> None:
    claims = [_claim("c1", "s1", "One."), _claim("c2", "s2", "Two."), _claim("c3", "s3", "Three.")]
    old = _made_up(
        claims[:2],
        [],
        [
            {"id": "e1", "claims": ["c1", "c2"], "label": "Storm", "sources": ["s1", "s2"], "verdict": "agree"},
            {"id": "e9", "claims": ["c9"], "label": "Gone", "sources": ["s9"], "verdict": "related"},
        ],
        ["s1", "s2"],
    )
    new = _made_up(
        claims,
        [],
        [
            # e1 gained a claim, so its id changed; it is still the same event
            {
                "id": "e2",
                "claims": ["c1", "c2", "c3"],
                "label": "Storm",
                "sources": ["s1", "s2", "s3"],
                "verdict": "diverge",
            },
            {"id": "e3", "claims": ["c4", "c5"], "label": "Flood", "sources": ["s1", "s3"], "verdict": "agree"},
        ],
        ["s1", "s2", "s3"],
    )
    diff = diff_reports(old, new)
    assert [(e.label_after, e.sources_before, e.sources_after) for e in diff.events_changed] == [
        ("Storm", ("s1", "s2"), ("s1", "s2", "s3"))
    ]
    assert [e.label_after for e in diff.events_added] == ["Flood"]
    assert [e.label_before for e in diff.events_removed] == ["Gone"]
    lines = render_diff(diff).splitlines()
    assert "- Storm: joined by `s3`; agree → **diverge**" in lines
    assert "- new: Flood — `s1`, `s3` (agree)" in lines
    assert "- gone: Gone — was `s9` (related)" in lines


def test_outside_text_is_escaped_and_lists_are_bounded() -> None:
    hostile = "See [this](http://example.org/x) \u202eevil\u202c <b>now</b>"
    claims = [_claim("c1", "s1", hostile), *(_claim(f"d{k}", "s2", f"Claim {k}.") for k in range(3))]
    links = [{"a": "c1", "b": f"d{k}", "score": 60.0 + k, "verdict": "related", "differences": []} for k in range(3)]
    diff = diff_reports(_made_up(claims, [], [], ["s1", "s2"]), _made_up(claims, links, [], ["s1", "s2"]))
    text = render_diff(diff, limit=2)
    assert "\u202e" not in text and "\u202c" not in text
    assert "“See \\[this\\](http\\://example.org/x) evil \\<b\\>now\\</b\\>”" in text
    assert "- … and 1 more (`--limit 0` lists them all)" in text.splitlines()
    assert len(diff_to_dict(diff)["links_added"]) == 3  # type: ignore[arg-type]


def test_the_json_envelope_keeps_its_keys(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    path = _report(cli, corpus, tmp_path / "r")
    data = json.loads(cli("diff", str(path), str(path), "--json").stdout)
    assert sorted(data) == sorted(
        [
            "diff_version",
            "generator",
            "sources_added",
            "sources_removed",
            "settings_changed",
            "links_added",
            "links_removed",
            "verdicts_changed",
            "scores_moved",
            "small_score_moves",
            "statuses_changed",
            "events_added",
            "events_removed",
            "events_changed",
        ]
    )
    assert data["diff_version"] == "1"


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (None, ExitCode.NOT_FOUND, "{path}: no such file"),
        ("{not json", ExitCode.INPUT, "{path}: not a compare report (not valid JSON: JSONDecodeError)"),
        ('{"links": []}', ExitCode.INPUT, "{path}: not a compare report (no schema_version)"),
        (
            '{"schema_version": "1"}',
            ExitCode.INPUT,
            "{path}: report schema '1'; this version of compare reads schema 2",
        ),
        (
            '{"schema_version": "2", "sources": [], "claims": [], "links": {}, "events": [], "settings": {}}',
            ExitCode.INPUT,
            "{path}: not a compare report ('links' missing or not a list)",
        ),
    ],
    ids=["missing", "not-json", "no-schema", "old-schema", "wrong-shape"],
)
def test_a_bad_report_is_one_line_and_a_named_exit_code(
    cli: Cli, corpus: Path, tmp_path: Path, content: str | None, code: ExitCode, message: str
) -> None:
    good = _report(cli, corpus, tmp_path / "r")
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    result = cli("diff", str(good), str(bad))
    assert result.exit_code == code
    assert result.stderr == f"error: {message.format(path=bad)}\n"
    assert result.stdout == ""
