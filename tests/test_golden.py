"""Golden-file tests: small corpora with known agreements and divergences, discovered from
tests/golden/<case>/.

Each case folder holds
- corpus/*.md   the sources, in the corpus file format (front matter + text);
- case.yaml     a description, an optional `base` (the --base focus view), what the
                comparison must find (`expect`), and optionally `xfail: <reason>`;
- report.json, report.md, report.html, links.csv: the expected outputs, byte for byte
                (report.json indented, so that a change shows as a readable diff).

Regenerate the expected outputs after an intended change with
    COMPARE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
and review the diff before committing it. The expectations in case.yaml are never
regenerated: they say what a journalist must see, whatever the outputs look like.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from compare import corpus as corpus_module
from compare.pipeline import analyse_corpus
from compare.report import FILE_NAMES, RENDERERS, build_report, build_views
from compare.settings import Settings

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("COMPARE_UPDATE_GOLDEN", "") not in ("", "0")
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "case.yaml").is_file())
FORMATS = ("json", "md", "html", "csv")


def case_data(name: str) -> dict[str, Any]:
    return yaml.safe_load((GOLDEN / name / "case.yaml").read_text(encoding="utf-8"))


def render_case(root: Path, base: str | None) -> dict[str, str]:
    """Analyse a corpus without touching it (no cache) and render every format."""
    report = build_report(analyse_corpus(root, Settings(), use_cache=False, base=base), base=base)
    return {fmt: RENDERERS[fmt](report) for fmt in FORMATS}


@functools.cache
def outputs(name: str) -> dict[str, str]:
    return render_case(GOLDEN / name / "corpus", case_data(name).get("base"))


@functools.cache
def report(name: str) -> dict[str, Any]:
    base = case_data(name).get("base")
    return build_report(analyse_corpus(GOLDEN / name / "corpus", Settings(), use_cache=False, base=base), base=base)


def expectation_marks(name: str) -> list[pytest.MarkDecorator]:
    reason = case_data(name).get("xfail")
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def test_cases_are_discovered() -> None:
    assert {
        "agreement",
        "number",
        "date",
        "attribution",
        "polarity",
        "framing",
        "near-copy",
        "single-source",
        "fact-check",
    } <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_corpus_files_are_valid(name: str) -> None:
    """Every golden source loads, and its sha256 matches its text (no hand-edit warning)."""
    corpus = corpus_module.load_corpus(GOLDEN / name / "corpus")
    assert 2 <= len(corpus.sources) <= 4
    assert corpus.warnings == ()


def pretty_json(text: str) -> str:
    """The stored form of a golden report.json: one key per line, for reviewable diffs."""
    return json.dumps(json.loads(text), indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", CASES)
def test_golden_output(name: str, fmt: str) -> None:
    """The output equals the stored one. report.json is stored indented (a compact report is
    one long line): its content is compared, and its exact bytes are those of render_json
    applied to the stored data."""
    path = GOLDEN / name / FILE_NAMES[fmt]
    got = outputs(name)[fmt]
    shown = pretty_json(got) if fmt == "json" else got
    if UPDATE:
        path.write_bytes(shown.encode("utf-8"))
    assert path.is_file(), f"{path} is missing: run with COMPARE_UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes().decode("utf-8")
    if shown != expected:
        got_lines, exp_lines = shown.splitlines(), expected.splitlines()
        first = next(
            (i for i, (g, e) in enumerate(zip(got_lines, exp_lines, strict=False)) if g != e),
            min(len(got_lines), len(exp_lines)),
        )
        pytest.fail(
            f"{path.relative_to(GOLDEN.parent)} differs from the output, "
            f"first at line {first + 1}:\n"
            f"expected: {exp_lines[first][:300] if first < len(exp_lines) else '<end>'}\n"
            f"got:      {got_lines[first][:300] if first < len(got_lines) else '<end>'}\n"
            "If the change is intended, regenerate with COMPARE_UPDATE_GOLDEN=1 "
            "and review the diff."
        )
    if fmt == "json":
        assert RENDERERS["json"](json.loads(expected)) == got


# What each case must show ---------------------------------------------------------------


def find_claim(rep: dict[str, Any], source: str, fragment: str) -> dict[str, Any]:
    found = [c for c in rep["claims"] if c["source"] == source and fragment in c["text"]]
    assert len(found) == 1, f"expected one claim of {source} containing {fragment!r}, found {len(found)}"
    return found[0]


def find_link(rep: dict[str, Any], ca: dict[str, Any], cb: dict[str, Any]) -> dict[str, Any] | None:
    for lk in rep["links"]:
        if {lk["a"], lk["b"]} == {ca["id"], cb["id"]}:
            return lk
    return None


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check_link(rep: dict[str, Any], spec: dict[str, Any]) -> list[str]:
    ca, cb = find_claim(rep, *spec["a"]), find_claim(rep, *spec["b"])
    what = f"{spec['a'][0]} “{ca['text']}” ~ {spec['b'][0]} “{cb['text']}”"
    lk = find_link(rep, ca, cb)
    if lk is None:
        return [f"{what}: not linked at all"]
    problems = []
    if lk["verdict"] not in as_list(spec["verdict"]):
        problems.append(
            f"{what}: verdict {lk['verdict']} (score {lk['score']}, evidence {lk['evidence']}), "
            f"expected {' or '.join(as_list(spec['verdict']))}"
        )
    if "kind" in spec:
        kinds = as_list(spec["kind"])
        diffs = [d for d in lk["differences"] if d["kind"] in kinds]
        if not diffs:
            got = ", ".join(f"{d['kind']} ({d['a']!r} vs {d['b']!r})" for d in lk["differences"]) or "none"
            problems.append(f"{what}: no {' or '.join(kinds)} difference; differences: {got}")
        else:
            d = diffs[0]
            flipped = lk["a"] != ca["id"]
            span_a, span_b = (d["b"], d["a"]) if flipped else (d["a"], d["b"])
            for want, got_span, side in zip(spec.get("spans", [None, None]), (span_a, span_b), "ab", strict=True):
                if want is not None and want not in got_span:
                    problems.append(
                        f"{what}: {d['kind']} span of {side} is {got_span!r}, expected it to quote {want!r}"
                    )
            if "severity" in spec and d["severity"] != spec["severity"]:
                problems.append(f"{what}: severity {d['severity']!r}, expected {spec['severity']!r}")
            # Each quoted span must be the text at its offsets.
            for side in ("a", "b"):
                claim = ca if (lk[side] == ca["id"]) else cb
                if d[f"{side}_start"] is not None:
                    s, e = d[f"{side}_start"] - claim["start"], d[f"{side}_end"] - claim["start"]
                    if claim["text"][s:e] != d[side]:
                        problems.append(f"{what}: span {side} {d[side]!r} is not the text at its offsets")
    return problems


def check_expectations(name: str) -> list[str]:
    rep = report(name)
    expect = case_data(name).get("expect", {})
    problems: list[str] = []
    for spec in expect.get("links", []):
        problems += check_link(rep, spec)
    source_of = {c["id"]: c["source"] for c in rep["claims"]}
    for pair in expect.get("no_divergence", []):
        for lk in rep["links"]:
            if lk["verdict"] == "diverge" and {source_of[lk["a"]], source_of[lk["b"]]} == set(pair):
                claims = {c["id"]: c["text"] for c in rep["claims"]}
                kinds = ", ".join(
                    f"{d['kind']} ({d['a']!r} vs {d['b']!r}{', ' + d['detail'] if d['detail'] else ''})"
                    for d in lk["differences"]
                )
                problems.append(
                    f"unexpected divergence between {pair[0]} and {pair[1]}: "
                    f"“{claims[lk['a']]}” vs “{claims[lk['b']]}”: {kinds}"
                )
    for spec in expect.get("statuses", []):
        c = find_claim(rep, *spec["claim"])
        if c["status"] != spec["status"]:
            problems.append(f"{spec['claim'][0]} “{c['text']}”: status {c['status']}, expected {spec['status']}")
        for key in ("agreeing_sources", "diverging_sources"):
            if key in spec and c[key] != spec[key]:
                problems.append(f"{spec['claim'][0]} “{c['text']}”: {key} {c[key]}, expected {spec[key]}")
    sources = {s["id"]: s for s in rep["sources"]}
    for sid, rep_of in expect.get("near_copy_of", {}).items():
        if sources[sid]["near_copy_of"] != rep_of:
            problems.append(f"{sid}: near_copy_of {sources[sid]['near_copy_of']}, expected {rep_of}")
    if "independent_sources" in expect and rep["summary"]["independent_sources"] != expect["independent_sources"]:
        problems.append(
            f"independent_sources {rep['summary']['independent_sources']}, expected {expect['independent_sources']}"
        )
    singles = build_views(rep)["uncorroborated"]
    for sid, fragments in expect.get("only_one_source", {}).items():
        for fragment in fragments:
            if not any(fragment in c["text"] for c in singles.get(sid, [])):  # type: ignore[union-attr]
                problems.append(f"{sid}: “{fragment}” is not listed among the claims only one source makes")
    return problems


@pytest.mark.parametrize("name", [pytest.param(n, marks=expectation_marks(n)) for n in CASES])
def test_golden_expectations(name: str) -> None:
    problems = check_expectations(name)
    assert not problems, f"case {name}: " + case_data(name)["description"] + "\n- " + "\n- ".join(problems)


# Determinism ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_rendering_twice_gives_identical_bytes(name: str) -> None:
    """Two independent analyses and renderings of the same corpus are byte-identical."""
    base = case_data(name).get("base")
    first = render_case(GOLDEN / name / "corpus", base)
    second = render_case(GOLDEN / name / "corpus", base)
    for fmt in FORMATS:
        assert first[fmt] == second[fmt], fmt
    rep = report(name)
    for fmt in FORMATS:
        assert RENDERERS[fmt](rep) == RENDERERS[fmt](rep), fmt


@pytest.mark.parametrize("name", CASES)
def test_output_does_not_depend_on_file_order(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files read in reverse order, under other names, give the same bytes."""
    root = tmp_path / "corpus"
    root.mkdir()
    files = sorted((GOLDEN / name / "corpus").glob("*.md"))
    # Names that sort the other way round than the ids.
    for n, path in enumerate(files):
        shutil.copyfile(path, root / f"{len(files) - n:02d}-{path.name}")
    real = corpus_module.corpus_files
    monkeypatch.setattr(corpus_module, "corpus_files", lambda r: list(reversed(real(r))))
    assert render_case(root, case_data(name).get("base")) == outputs(name)


def test_output_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    """The CLI in separate processes with different hash seeds writes identical files."""
    name = "near-copy"
    results = []
    for seed in ("1", "4242"):
        out = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env.pop("COMPARE_CORPUS", None)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "compare",
                "report",
                "--corpus",
                str(GOLDEN / name / "corpus"),
                "--format",
                ",".join(FORMATS),
                "--out",
                str(out),
                "--no-cache",
                "--no-progress",
            ],
            check=True,
            env=env,
            capture_output=True,
            timeout=300,
        )
        results.append({fmt: (out / FILE_NAMES[fmt]).read_bytes() for fmt in FORMATS})
    assert results[0] == results[1]
    assert results[0]["json"] == outputs(name)["json"].encode("utf-8")
    assert results[0]["md"] == outputs(name)["md"].encode("utf-8")
