"""The installed console script, run as a real process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from compare.errors import ExitCode


def compare_command() -> list[str]:
    script = Path(sys.executable).parent / "compare"
    if script.exists():
        return [str(script)]
    found = shutil.which("compare")
    return [found] if found else [sys.executable, "-m", "compare"]


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COMPARE_CORPUS"}
    return subprocess.run(
        [*compare_command(), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=env,
        check=False,
    )


def test_help(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == ExitCode.OK, result.stderr
    for command in ("add", "sources", "show", "remove", "report", "check"):
        assert command in result.stdout
    assert result.stderr == ""


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "compare", "add", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert "--corpus" in result.stdout


def test_add_and_report_round_trip(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Storm hits the coast\n\nA storm struck the northern coast on Tuesday, officials said. "
        "At least 12 people were injured.\n",
        encoding="utf-8",
    )
    added = run(
        "add",
        "a.txt",
        "--corpus",
        "corp",
        "--kind",
        "news",
        "--published",
        "2024-03-12",
        cwd=tmp_path,
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout == f"added storm-hits-the-coast: 2 claims -> {Path('corp') / 'storm-hits-the-coast.md'}\n"

    piped = run(
        "add",
        "-",
        "--corpus",
        "corp",
        "--id",
        "wire",
        "--kind",
        "wire",
        cwd=tmp_path,
        stdin="Officials said at least 15 people were injured when the storm struck on Tuesday.\n",
    )
    assert piped.returncode == 0, piped.stderr

    bad = run("add", "missing.txt", "--corpus", "corp", cwd=tmp_path)
    assert bad.returncode == ExitCode.NOT_FOUND
    assert bad.stderr == "error: missing.txt: no such file\n"

    report = run(
        "report",
        "--corpus",
        "corp",
        "--out",
        "out",
        "--format",
        "html,md,json,csv",
        "--no-progress",
        cwd=tmp_path,
    )
    assert report.returncode == 0, report.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "links.csv",
        "report.html",
        "report.json",
        "report.md",
    ]
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == "2"
    assert sorted(s["id"] for s in data["sources"]) == ["storm-hits-the-coast", "wire"]
    assert len(data["claims"]) == 3
