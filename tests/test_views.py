"""HTML and Markdown views of large corpora: bounded lists that say what they leave out,
lists instead of source-by-source grids, and JSON and CSV that stay complete."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from compare.pipeline import analyse_corpus
from compare.report import build_report, build_views, render_csv, render_html, render_markdown
from compare.settings import Settings
from compare.views import _strongest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BOUNDED = (5, 4)  # most rows per list, most sources for a grid
DEFAULT = (Settings.report_max_rows, Settings.report_max_grid_sources)


@functools.cache
def demo(bounds: tuple[int, int]) -> dict[str, Any]:
    if not any(SEEDS.glob("*.md")):
        pytest.skip("no demo corpus in seeds/")
    settings = Settings(report_max_rows=bounds[0], report_max_grid_sources=bounds[1])
    return build_report(analyse_corpus(SEEDS, settings, use_cache=False))


def section(doc: Any, sid: str) -> Any:
    (found,) = doc.xpath(f'//section[@id="{sid}"]')
    return found


def text(el: Any) -> str:
    return " ".join(el.text_content().split())


def test_bounded_html_lists_at_most_max_rows_and_says_what_it_left_out() -> None:
    rep = demo(BOUNDED)
    full = demo(DEFAULT)
    doc = lxml.html.document_fromstring(render_html(rep))
    diverging = sum(1 for lk in rep["links"] if lk["verdict"] == "diverge")
    singles = sum(1 for c in rep["claims"] if c["status"] == "uncorroborated")
    assert len(rep["events"]) > 5 and diverging > 5 and singles > 5  # the demo needs the bounds

    divergences = section(doc, "divergences")
    assert len(divergences.xpath(".//table/tbody/tr")) == 5
    assert f"Showing 5 of {diverging} diverging pairs" in text(divergences)
    # The first rows of the bounded table are the first rows of the whole one.
    whole = lxml.html.document_fromstring(render_html(full))
    assert [text(tr) for tr in divergences.xpath(".//table/tbody/tr")] == [
        text(tr) for tr in section(whole, "divergences").xpath(".//table/tbody/tr")[:5]
    ]

    cards = doc.xpath("//section[@data-card]")
    assert len(cards) == 5
    assert f"Showing 5 of {len(rep['events'])} events" in text(section(doc, "events"))
    # The cards are the events told by the most sources, still in date order.
    shown = {c.get("id") for c in cards}
    most = min(len(e["sources"]) for e in rep["events"] if e["id"] in shown)
    assert all(len(e["sources"]) <= most for e in rep["events"] if e["id"] not in shown)
    assert [c.get("id") for c in cards] == [e["id"] for e in rep["events"] if e["id"] in shown]

    single = section(doc, "single")
    assert len(single.xpath(".//ol/li")) == 5
    assert f"Showing 5 of {singles} such claims" in text(single)

    # Every link inside the page lands on something: events without a card are named, not linked.
    ids = set(doc.xpath("//@id"))
    targets = [href[1:] for href in doc.xpath("//a/@href") if href.startswith("#")]
    assert targets and all(t in ids for t in targets), sorted(set(targets) - ids)
    for item in section(doc, "timeline").xpath(".//ol/li/a"):
        assert item.get("href")[1:] in shown


def test_above_the_grid_bound_lists_replace_the_grids() -> None:
    rep = demo(BOUNDED)
    doc = lxml.html.document_fromstring(render_html(rep))
    matrix, coverage = section(doc, "matrix"), section(doc, "coverage")
    assert not matrix.xpath('.//table[contains(@class, "matrix")]')
    assert not coverage.xpath('.//table[contains(@class, "cov ")] | .//table[@class="cov"]')
    pairs = matrix.xpath('.//table[contains(@class, "spairs")]/tbody/tr')
    assert len(pairs) == 5
    assert f"{len(rep['sources'])} sources are too many for a grid" in text(matrix)
    # The pairs with the most divergences come first.
    diverge = [int(text(tr.xpath('./td[@data-label="diverge"]')[0])) for tr in pairs]
    assert diverge == sorted(diverge, reverse=True) and diverge[0] > 0
    # Per source, the events it reports: as many as the events list it in.
    rows = coverage.xpath('.//table[contains(@class, "covsum")]/tbody/tr')
    reported = {text(tr.xpath("./td")[0]): int(text(tr.xpath("./td")[1])) for tr in rows}
    expected: dict[str, int] = {}
    for ev in rep["events"]:
        for sid in ev["sources"]:
            expected[sid] = expected.get(sid, 0) + 1
    assert reported == expected


def test_bounded_markdown_says_what_it_left_out() -> None:
    md = render_markdown(demo(BOUNDED))
    events = md.split("\n## Events\n", 1)[1].split("\n## Claims only one source makes\n", 1)[0]
    assert sum(1 for line in events.splitlines() if line.startswith("### ")) == 5
    assert "Showing 5 of" in events
    assert "sources are too many for a grid" in md
    assert "| sources | agree | compatible | diverge | related |" in md


def test_bounds_leave_json_and_csv_complete() -> None:
    bounded, full = demo(BOUNDED), demo(DEFAULT)
    assert render_csv(bounded) == render_csv(full)
    strip = {k: v for k, v in bounded.items() if k != "settings"}
    assert json.dumps(strip, sort_keys=True) == json.dumps(
        {k: v for k, v in full.items() if k != "settings"}, sort_keys=True
    )
    assert bounded["settings"]["report_max_rows"] == 5


def test_zero_means_no_bound() -> None:
    views = build_views(demo((0, 0)))
    assert len(views["events"]) == views["events_total"]
    assert len(views["divergences"]) == views["divergences_total"]
    assert views["uncorroborated_shown"] == views["uncorroborated_total"]
    assert views["grid"] and views["matrix"] and not views["source_pairs"]


def test_a_card_lists_the_strongest_items_in_their_own_order() -> None:
    items = [
        {"verdict": "related", "score": 90},
        {"verdict": "agree", "score": 80},
        {"verdict": "diverge", "score": 60},
        {"verdict": "agree", "score": 95},
        {"verdict": "diverge", "score": 70},
    ]
    assert _strongest(items, 3) == [items[2], items[3], items[4]]
    assert _strongest(items, 0) == items
    assert _strongest(items, 9) == items
