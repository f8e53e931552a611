"""The HTML report in a real browser: headless Chromium (Debian package `chromium`, which
.ci/run installs) loads the report from a file, runs its JavaScript under the report's own
Content-Security-Policy without a console message, and takes screenshots.

Skipped cleanly when `chromium` is not on PATH. The screenshot in the docs comes from here:
    COMPARE_UPDATE_SCREENSHOT=1 .venv/bin/python -m pytest tests/test_browser.py
writes docs/screenshot.png from the demo corpus in seeds/.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import lxml.html
import pytest

from compare.pipeline import analyse_corpus
from compare.report import build_report, render_html
from compare.settings import Settings

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SEEDS = ROOT / "seeds"
CHROMIUM = shutil.which("chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
)
# Chromium logs every console message of the page, errors and CSP violations included:
# [pid:tid:time:INFO:CONSOLE:1] "Uncaught Error: boom", source: file:///... (1)
CONSOLE = re.compile(r":CONSOLE[^\]]*\]\s*(.*)")

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    profile.mkdir()
    cmd = [CHROMIUM or "chromium", *FLAGS, f"--user-data-dir={profile}", *args]
    try:
        return subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
            env={**os.environ, "LANG": "C.UTF-8"},
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def console_messages(stderr: str) -> list[str]:
    return [m.group(1) for m in CONSOLE.finditer(stderr)]


def dump_dom(tmp_path: Path, page: Path, query: str = "") -> tuple[lxml.html.HtmlElement, list[str]]:
    result = chromium(tmp_path, "--dump-dom", page.as_uri() + query)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip(), "chromium printed no DOM"
    return lxml.html.document_fromstring(result.stdout), console_messages(result.stderr)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def write_report(case: str, out: Path, base: str | None = None, settings: Settings | None = None) -> Path:
    root = GOLDEN / case / "corpus" if case != "seeds" else SEEDS
    report = build_report(analyse_corpus(root, settings or Settings(), use_cache=False, base=base), base=base)
    out.mkdir(parents=True, exist_ok=True)
    page = out / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    return page


@needs_chromium
def test_console_errors_and_csp_violations_are_detected(tmp_path: Path) -> None:
    """A control: the console check below would see a script error or a blocked script."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; script-src 'sha256-AAAA'\"></head><body>"
        "<script>document.title = 'ran'</script></body></html>",
        encoding="utf-8",
    )
    _, messages = dump_dom(tmp_path, bad)
    assert any("Content Security Policy" in m for m in messages), messages
    boom = tmp_path / "boom.html"
    boom.write_text(
        "<!DOCTYPE html><html><body><script>throw new Error('boom')</script></body></html>",
        encoding="utf-8",
    )
    _, messages = dump_dom(tmp_path, boom)
    assert any("Uncaught Error: boom" in m for m in messages), messages


@needs_chromium
def test_report_runs_its_javascript_without_console_messages(tmp_path: Path) -> None:
    page = write_report("number", tmp_path / "out", base="aegean-times")
    doc, messages = dump_dom(tmp_path, page)
    assert messages == []
    # The script ran under the report's CSP: it marked the page and filled the counters.
    assert "js" in (doc.get("class") or "").split()
    cards = doc.xpath("//section[@data-card]")
    assert doc.get_element_by_id("f-count").text_content() == f"{len(cards)} of {len(cards)} events shown"
    claims = doc.xpath('//li[contains(@class, "fclaim")]')
    assert doc.get_element_by_id("f-status-count").text_content() == f"{len(claims)} of {len(claims)} claims shown"


@needs_chromium
def test_a_bounded_report_runs_its_javascript_without_console_messages(tmp_path: Path) -> None:
    """The layout of large corpora (lists instead of grids, fewer cards) with the same script."""
    if not any(SEEDS.glob("*.md")):
        pytest.skip("no demo corpus in seeds/")
    bounded = Settings(report_max_rows=4, report_max_grid_sources=3)
    page = write_report("seeds", tmp_path / "out", base="demo-wire-safed", settings=bounded)
    doc, messages = dump_dom(tmp_path, page, "?verdict=diverge")
    assert messages == []
    cards = doc.xpath("//section[@data-card]")
    assert len(cards) == 4
    shown = [c for c in cards if "hidden" not in (c.get("class") or "").split()]
    assert doc.get_element_by_id("f-count").text_content() == f"{len(shown)} of 4 events shown"
    assert doc.xpath('//table[contains(@class, "spairs")]') and not doc.xpath('//table[contains(@class, "matrix")]')


@needs_chromium
def test_filters_from_the_query_string(tmp_path: Path) -> None:
    page = write_report("attribution", tmp_path / "out")
    doc, messages = dump_dom(tmp_path, page, "?verdict=diverge&kind=certainty")
    assert messages == []
    cards = doc.xpath("//section[@data-card]")
    shown = [c for c in cards if "hidden" not in c.get("class", "").split()]
    expected = [
        c for c in cards if "diverge" in c.get("data-verdicts").split() and "certainty" in c.get("data-kinds").split()
    ]
    assert [c.get("id") for c in shown] == [c.get("id") for c in expected]
    assert doc.get_element_by_id("f-count").text_content() == f"{len(expected)} of {len(cards)} events shown"
    # A value that is not an option is ignored rather than hiding everything.
    doc, messages = dump_dom(tmp_path, page, "?verdict=%3Cscript%3E&source=nobody")
    assert messages == []
    assert doc.get_element_by_id("f-count").text_content() == f"{len(cards)} of {len(cards)} events shown"


@needs_chromium
@pytest.mark.parametrize(("width", "height"), [(1280, 2000), (390, 1600)])
def test_screenshot(tmp_path: Path, width: int, height: int) -> None:
    """Desktop and phone width: the page renders and the screenshot is a PNG of that size."""
    page = write_report("near-copy", tmp_path / "out", base="global-wire")
    shot = tmp_path / f"shot-{width}.png"
    result = chromium(tmp_path, f"--screenshot={shot}", f"--window-size={width},{height}", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    assert png_size(shot) == (width, height)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


@needs_chromium
def test_demo_report_screenshot(tmp_path: Path) -> None:
    """The screenshot used in docs/report.md: the demo corpus report, focused on one source."""
    if not any(SEEDS.glob("*.md")):
        pytest.skip("no demo corpus in seeds/")
    page = write_report("seeds", tmp_path / "out", base="demo-wire-safed")
    doc, messages = dump_dom(tmp_path, page)
    assert messages == []
    assert doc.xpath("//section[@data-card]"), "the demo corpus has events"
    shot = tmp_path / "screenshot.png"
    result = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert png_size(shot) == (1280, 2000)
    if os.environ.get("COMPARE_UPDATE_SCREENSHOT", "") not in ("", "0"):
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / "screenshot.png")
