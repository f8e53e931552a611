"""The report: JSON contract and schema, HTML checked by parsing (never by substring),
Markdown parsed as CommonMark, CSV parsed as CSV, and hostile input in every field.

Corpora come from tests/golden (small, known cases) or are written here; the analysis
never uses the cache, so the corpus folders are only read.
"""

from __future__ import annotations

import base64
import csv
import functools
import hashlib
import io
import json
import re
import tomllib
from datetime import date
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import lxml.html
import orjson
import pytest

from compare.corpus import render_source_file
from compare.model import SourceMeta
from compare.pipeline import analyse_corpus
from compare.report import (
    build_report,
    build_views,
    csv_cell,
    iter_csv,
    iter_json,
    md_escape,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    write_reports,
)
from compare.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SEEDS = ROOT / "seeds"


@functools.cache
def golden_report(name: str, base: str | None = None) -> dict[str, Any]:
    return build_report(analyse_corpus(GOLDEN / name / "corpus", Settings(), use_cache=False, base=base), base=base)


def parse(html: str) -> Any:
    return lxml.html.document_fromstring(html)


class Census(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in][-1] += data


def census(html: str) -> Census:
    c = Census()
    c.feed(html)
    c.close()
    return c


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def csp_directives(doc: Any) -> dict[str, list[str]]:
    metas = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    assert len(metas) == 1, "exactly one CSP meta tag"
    out = {}
    for part in metas[0].get("content").split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "footer",
    "main",
    "nav",
    "section",
    "h1",
    "h2",
    "h3",
    "p",
    "dl",
    "dt",
    "dd",
    "div",
    "span",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "br",
    "strong",
    "mark",
    "ol",
    "ul",
    "li",
    "details",
    "summary",
    "select",
    "option",
    "label",
    "input",
    "button",
    "time",
    "pre",
    "script",
}


def assert_inert_html(html: str, allowed_hrefs: set[str] = frozenset()) -> Any:  # type: ignore[assignment]
    """The structural safety rules every HTML report must follow; returns the parsed tree."""
    c = census(html)
    for tag, attrs in c.tags:
        assert tag in ALLOWED_TAGS, f"unexpected element <{tag}>"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler attribute {name} on <{tag}>"
            assert name not in ("src", "style", "srcdoc", "formaction", "action", "background"), (
                tag,
                name,
            )
            assert "javascript:" not in (value or "").lower().replace(" ", ""), (tag, name, value)
    scripts = [attrs for tag, attrs in c.tags if tag == "script"]
    assert len(scripts) == 2, "only the JSON data block and the one inline script"
    assert dict(scripts[0]) == {"type": "application/json", "id": "page-data"}
    assert dict(scripts[1]) == {}
    assert len(c.raw["style"]) == 1
    doc = parse(html)
    # CSP: nothing but the two hashed inline blocks may run or style the page.
    csp = csp_directives(doc)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == [f"'{csp_hash(c.raw['script'][1])}'"]
    assert csp["style-src"] == [f"'{csp_hash(c.raw['style'][0])}'"]
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'none'"]
    json.loads(c.raw["script"][0])  # the data block is data
    assert "<" not in c.raw["script"][0]
    ids = set(doc.xpath("//@id"))
    for a in doc.iter("a"):
        href = a.get("href") or ""
        if href.startswith("#"):
            assert href[1:] in ids, f"dangling anchor {href}"
        else:
            assert re.match(r"^https?://", href), href
            assert href in allowed_hrefs, href
            assert {"noopener", "noreferrer"} <= set(a.get("rel", "").split()), a.get("rel")
    return doc


def section(doc: Any, sid: str) -> Any:
    found = doc.xpath(f'//section[@id="{sid}"]')
    assert len(found) == 1, f"section #{sid}"
    return found[0]


def text(el: Any) -> str:
    return " ".join(el.text_content().split())


# JSON contract and schema ----------------------------------------------------------------

SCHEMA_PATH = ROOT / "compare" / "schema" / "report.schema.json"


@functools.cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@functools.cache
def demo_report() -> dict[str, Any]:
    if not any(SEEDS.glob("*.md")):
        pytest.skip("no demo corpus in seeds/")
    return build_report(analyse_corpus(SEEDS, Settings(), use_cache=False))


def validator() -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema())
    return jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_schema_is_shipped_with_the_package() -> None:
    shipped = resources.files("compare").joinpath("schema/report.schema.json")
    assert shipped.is_file()
    assert json.loads(shipped.read_text(encoding="utf-8")) == schema()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "schema/*" in pyproject["tool"]["setuptools"]["package-data"]["compare"]


def test_schema_pins_the_contract_exactly() -> None:
    """The keys of schema 1 are still required in schema 2, and only those: later keys are
    additions. Schema 2 moved context links out of links[] by default (counted instead)."""
    s = schema()
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    props = s["properties"]
    assert props["schema_version"]["const"] == "2"
    assert s["required"] == ["schema_version", "sources", "claims", "links", "events"]
    assert props["sources"]["items"]["required"] == [
        "id",
        "title",
        "outlet",
        "published",
        "kind",
        "url",
    ]
    assert props["claims"]["items"]["required"] == ["id", "source", "text", "start", "end"]
    link = props["links"]["items"]
    assert link["required"] == ["a", "b", "score", "verdict", "differences"]
    assert link["properties"]["differences"]["items"]["required"] == ["kind", "a", "b"]
    assert props["events"]["items"]["required"] == ["id", "claims"]
    assert link["properties"]["verdict"]["enum"] == ["agree", "compatible", "diverge", "related"]


def _walk_schema(node: Any, path: str) -> list[str]:
    """Paths of schema properties that lack a description."""
    missing = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if not sub.get("description"):
                missing.append(f"{path}.{name}")
            missing += _walk_schema(sub, f"{path}.{name}")
        if isinstance(node.get("items"), dict):
            missing += _walk_schema(node["items"], f"{path}[]")
    return missing


def test_every_schema_property_has_a_description() -> None:
    assert schema().get("description")
    assert _walk_schema(schema(), "") == []


def _undocumented(value: Any, node: dict[str, Any], path: str) -> list[str]:
    """Keys of a report that the schema does not name (maps with free keys excepted)."""
    out = []
    if isinstance(value, dict):
        props = node.get("properties")
        if props is None:
            return out  # a free-form map (features, weights, counts)
        for key, sub in value.items():
            if key not in props:
                out.append(f"{path}.{key}")
            else:
                out += _undocumented(sub, props[key], f"{path}.{key}")
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        for item in value:
            out += _undocumented(item, node["items"], f"{path}[]")
    return sorted(set(out))


def test_a_real_report_validates_and_every_key_is_documented() -> None:
    v = validator()
    for rep in (
        demo_report(),
        golden_report("single-source", "valley-echo"),
        golden_report("near-copy"),
    ):
        errors = sorted(v.iter_errors(rep), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
        assert _undocumented(rep, schema(), "") == [], (
            "keys missing from compare/schema/report.schema.json (add them with a description)"
        )


def test_schema_rejects_a_broken_report() -> None:
    rep = json.loads(render_json(golden_report("number")))
    v = validator()
    del rep["claims"][0]["text"]
    rep["links"][0]["verdict"] = "maybe"
    rep["schema_version"] = "3"
    paths = {tuple(e.path) for e in v.iter_errors(rep)}
    assert {("claims", 0), ("links", 0, "verdict"), ("schema_version",)} <= paths


def test_json_offsets_and_spans_index_the_stored_text() -> None:
    from compare.corpus import load_corpus

    rep = golden_report("number")
    texts = {s.id: s.text for s in load_corpus(GOLDEN / "number" / "corpus").sources}
    claims = {c["id"]: c for c in rep["claims"]}
    for c in rep["claims"]:
        assert texts[c["source"]][c["start"] : c["end"]] == c["text"]
        for e in c["facts"]["entities"] + c["facts"]["dates"] + c["facts"]["quantities"]:
            assert c["text"][e["start"] : e["end"]] == e["text"]  # facts index the claim text
    for lk in rep["links"]:
        for d in lk["differences"]:
            for side in ("a", "b"):
                src = claims[lk[side]]["source"]
                assert texts[src][d[f"{side}_start"] : d[f"{side}_end"]] == d[side]


def test_streamed_json_has_the_bytes_of_one_dump() -> None:
    """write_reports streams the JSON a batch of items at a time; the bytes must not change."""
    rep = build_report(analyse_corpus(GOLDEN / "near-copy" / "corpus", Settings(), use_cache=False))
    whole = orjson.dumps(rep, option=orjson.OPT_SERIALIZE_NUMPY).decode("utf-8") + "\n"
    assert json.loads(whole) == json.loads(json.dumps(rep))  # the same values as json writes
    assert len(rep["claims"]) > 3
    for batch in (1, 2, 3, 5_000):
        assert "".join(iter_json(rep, batch=batch)) == whole
    assert render_json(rep) == whole


def test_streamed_csv_has_the_bytes_of_one_table() -> None:
    """links.csv is written a batch of rows at a time; every batch size gives the same rows."""
    rep = demo_report()
    assert len(rep["links"]) > 10
    rows = list(csv.reader(io.StringIO(render_csv(rep))))
    assert len(rows) == len(rep["links"]) + 1
    for batch in (1, 3, 5_000):
        assert "".join(iter_csv(rep, batch=batch)) == render_csv(rep)


def test_html_and_markdown_written_together_are_those_rendered_alone(tmp_path: Path) -> None:
    """write_reports builds the views once for both; the files must not change."""
    rep = golden_report("number", "aegean-times")
    write_reports(rep, ["html", "md", "csv"], tmp_path)
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == render_html(rep)
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == render_markdown(rep)
    assert (tmp_path / "links.csv").read_text(encoding="utf-8") == render_csv(rep)


def test_json_report_is_byte_identical_across_runs() -> None:
    one = render_json(build_report(analyse_corpus(GOLDEN / "number" / "corpus", Settings(), use_cache=False)))
    two = render_json(build_report(analyse_corpus(GOLDEN / "number" / "corpus", Settings(), use_cache=False)))
    assert one.encode("utf-8") == two.encode("utf-8")
    assert one.endswith("}\n") and json.loads(one)["schema_version"] == "2"


def test_event_verdict_and_pairs() -> None:
    rep = golden_report("number")
    claims = {c["id"]: c for c in rep["claims"]}
    for ev in rep["events"]:
        pairs = {(p["a"], p["b"]): p for p in ev["pairs"]}
        members = set(ev["claims"])
        inside = [lk for lk in rep["links"] if lk["a"] in members and lk["b"] in members]
        weight = {"related": 0, "agree": 1, "compatible": 2, "diverge": 3}
        assert ev["verdict"] == max((lk["verdict"] for lk in inside), key=weight.get, default="related")
        for lk in inside:
            sa, sb = sorted((claims[lk["a"]]["source"], claims[lk["b"]]["source"]))
            assert weight[pairs[(sa, sb)]["verdict"]] >= weight[lk["verdict"]]


# HTML: structure --------------------------------------------------------------------------


@functools.cache
def number_html(base: str | None = "aegean-times") -> str:
    return render_html(golden_report("number", base))


def test_html_has_every_section() -> None:
    rep = golden_report("number", "aegean-times")
    doc = assert_inert_html(number_html(), {s["url"] for s in rep["sources"]})
    assert doc.getroottree().docinfo.doctype.lower() == "<!doctype html>"
    assert doc.get("lang") == "en"
    assert doc.xpath('//meta[@name="viewport"]')
    # Sources table: one row per source, with title linked to its URL.
    rows = section(doc, "sources").xpath(".//table/tbody/tr")
    assert [r.get("id") for r in rows] == [f"src-{s['id']}" for s in rep["sources"]]
    # Agreement matrix: a square table over the sources.
    matrix = section(doc, "matrix").xpath(".//table")[0]
    ids = [s["id"] for s in rep["sources"]]
    assert [text(th) for th in matrix.xpath("./thead/tr/th")][1:] == ids
    assert [text(th) for th in matrix.xpath("./tbody/tr/th")] == ids
    assert all(len(tr.xpath("./td")) == len(ids) for tr in matrix.xpath("./tbody/tr"))
    # Coverage: one row per event, one column per source, a mark where the source reports it.
    cov_rows = section(doc, "coverage").xpath(".//table/tbody/tr")
    assert len(cov_rows) == len(rep["events"])
    for tr, ev in zip(cov_rows, rep["events"], strict=True):
        marked = [sid for sid, td in zip(ids, tr.xpath("./td"), strict=True) if text(td)]
        assert marked == ev["sources"]
    # Timeline: the dated events, in order.
    items = section(doc, "timeline").xpath(".//ol/li/time")
    assert [t.get("datetime") for t in items] == [e["date"] for e in rep["events"] if e["date"]]
    # Filters by verdict, difference kind and source.
    events = section(doc, "events")
    options = {sel.get("id"): [o.get("value") for o in sel.xpath("./option")] for sel in events.xpath(".//select")}
    assert options["f-verdict"] == ["", "agree", "compatible", "diverge", "related"]
    assert options["f-kind"] == [
        "",
        "number",
        "date",
        "actor",
        "place",
        "attribution",
        "certainty",
        "polarity",
        "framing",
    ]
    assert options["f-source"] == ["", *ids]
    assert events.xpath('.//*[@id="f-count"]') and events.xpath('.//input[@id="f-text"]')
    assert section(doc, "single") is not None and section(doc, "settings") is not None


def test_html_event_cards_have_claim_tables_pairs_and_marks() -> None:
    rep = golden_report("number", "aegean-times")
    doc = parse(number_html())
    cards = doc.xpath("//section[@data-card]")
    assert len(cards) == len(rep["events"]) >= 1
    claims = {c["id"]: c for c in rep["claims"]}
    for card, ev in zip(cards, rep["events"], strict=True):
        assert card.get("id") == ev["id"]
        assert card.get("data-sources").split() == ev["sources"]
        table = card.xpath('.//table[contains(@class, "claims")]')
        assert len(table) == 1, "one claim-by-source table per card"
        sources = [text(th.xpath(".//a")[0]) for th in table[0].xpath("./tbody/tr/th")]
        assert sources == ev["sources"]
        cells = [text(td) for td in table[0].xpath("./tbody/tr/td[1]")]
        assert len(cells) == len(ev["claims"])
        for cell, cid in zip(cells, ev["claims"], strict=True):
            assert cell.startswith(" ".join(claims[cid]["text"].split()))
        # The verdict per pair of sources, compactly.
        pairs = card.xpath('.//ul[contains(@class, "pairs")]/li')
        assert [
            (
                text(li.xpath(".//span[contains(@class,'badge')]")[0]),
                *[text(s) for s in li.xpath(".//span[@class='pair-src']")],
            )
            for li in pairs
        ] == [(p["verdict"], p["a"], p["b"]) for p in ev["pairs"]]
    # The death tolls differ: the differing numbers are highlighted in the claim table.
    diverging = [c for c, ev in zip(cards, rep["events"], strict=True) if ev["verdict"] == "diverge"]
    assert diverging
    marks = {text(m) for m in diverging[0].xpath(".//table//mark")}
    assert {"12", "31", "13"} <= marks
    assert all(m.get("title") == "number" for m in diverging[0].xpath(".//table//mark"))


def test_html_focus_view_lists_every_claim_with_status_and_evidence() -> None:
    rep = golden_report("number", "aegean-times")
    doc = parse(number_html())
    focus = section(doc, "focus")
    items = focus.xpath('.//li[contains(@class, "fclaim")]')
    own = [c for c in rep["claims"] if c["source"] == "aegean-times"]
    assert [li.get("id") for li in items] == [f"claim-{c['id']}" for c in own]
    for li, c in zip(items, own, strict=True):
        assert li.get("data-status") == c["status"]
        assert text(li.xpath('.//span[contains(@class, "badge")]')[0]) == c["status"]
        evidence = li.xpath('./ul[@class="evidence"]/li')
        if c["status"] in ("corroborated", "contested"):
            assert evidence, f"no evidence for a {c['status']} claim"
            others = set(c["agreeing_sources"]) | set(c["diverging_sources"])
            shown = {text(a) for e in evidence for a in e.xpath('./a[@class="src"]')}
            assert others <= shown
        else:
            assert not evidence
    contested = next(li for li, c in zip(items, own, strict=True) if c["status"] == "contested")
    assert {"31", "13"} <= {text(m) for m in contested.xpath(".//mark")}
    assert focus.xpath('.//select[@id="f-status"]')
    # Without --base there is no focus section.
    plain = parse(render_html(golden_report("number")))
    assert not plain.xpath('//section[@id="focus"]')


def test_html_lists_claims_only_one_source_makes() -> None:
    rep = golden_report("single-source", "valley-echo")
    doc = parse(render_html(rep))
    single = section(doc, "single")
    by_source = {
        text(d.xpath("./summary/strong")[0]): [text(li) for li in d.xpath(".//li")] for d in single.xpath("./details")
    }
    assert any("mayor announced" in t for t in by_source["valley-echo"])
    expected = {c["source"] for c in rep["claims"] if c["status"] == "uncorroborated"}
    assert set(by_source) == expected


def test_html_shows_near_copies() -> None:
    rep = golden_report("near-copy")
    doc = parse(render_html(rep))
    rows = {r.get("id"): r for r in section(doc, "sources").xpath(".//tbody/tr")}
    for s in rep["sources"]:
        cell = text(rows[f"src-{s['id']}"].xpath("./td")[-1])
        if s["near_copy_of"]:
            assert cell == f"near-copy of {s['near_copy_of']}, counted once"
        elif not s["near_copies"]:
            assert cell == "independent"


def test_an_estimated_publication_date_is_shown_as_one() -> None:
    rep = demo_report()
    flags = {s["id"]: s["published_estimated"] for s in rep["sources"]}
    assert flags["seed-hezbollah-iran"] is True
    assert not any(v for k, v in flags.items() if k != "seed-hezbollah-iran")
    rows = {r.get("id"): r for r in section(parse(render_html(rep)), "sources").xpath(".//tbody/tr")}
    cells = {sid: text(rows[f"src-{sid}"].xpath("./td[@data-label='published']")[0]) for sid in flags}
    assert cells["seed-hezbollah-iran"] == "2024-03-15 (estimated)"
    assert cells["demo-wire-safed"] == "2024-02-14"


def test_html_of_every_golden_case_is_inert() -> None:
    for case in sorted(p.name for p in GOLDEN.iterdir() if (p / "case.yaml").is_file()):
        rep = golden_report(case)
        assert_inert_html(render_html(rep), {s["url"] for s in rep["sources"]})


# Markdown: structure ----------------------------------------------------------------------


def md_tokens(md: str) -> list[Any]:
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    out = []
    for tok in parser.parse(md):
        out.append(tok)
        out.extend(tok.children or [])
    return out


def test_markdown_has_the_same_sections() -> None:
    md = render_markdown(golden_report("number", "aegean-times"))
    toks = md_tokens(md)
    headings = [toks[i + 1].content for i, t in enumerate(toks) if t.type == "heading_open" and t.tag == "h2"]
    assert headings == [
        "Sources",
        "Focus: every claim of aegean-times",
        "Divergences at a glance",
        "Agreement matrix",
        "Coverage of events by source",
        "Timeline",
        "Events",
        "Claims only one source makes",
    ]
    assert sum(t.type == "table_open" for t in toks) >= 3


# Hostile input ----------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MDLINK = "[x](javascript:alert(1))"
FORMULAS = (
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)
GOOD_URL = "https://example.org/ok?a=1|2"


def hostile_body(killed: int) -> str:
    return (
        "\n\n".join(
            [
                f"{SCRIPT} The army said {killed} people were killed in Safed on 4 May 2024.",
                f"{IMG} Police said the border crossing at Naqoura was closed on 4 May 2024.",
                f"Click {MDLINK} or ![i](https://evil.example/i.png) or "
                '<a href="javascript:alert(1)" onclick="alert(1)">here</a> '
                "for the statement the ministry published on 4 May 2024.",
                f"{FORMULAS[0]} was painted on the ministry wall in Beirut on 4 May 2024.",
                f"{FORMULAS[1]} appeared in the leaked ministry spreadsheet on 4 May 2024.",
                f"{FORMULAS[2]} was the only figure in the leaked ministry spreadsheet on 4 May 2024.",
                f"{FORMULAS[3]} was found in the ministry file on 4 May 2024.",
                "Visit www.evil.example or https://evil.example/phish or mail admin@evil.example, "
                "the ministry said on "
                "4 May 2024.",
                '<iframe src="https://evil.example"></iframe><style>body{display:none}</style> '
                "| col | **bold** _it_ "
                "`code` ~~gone~~ &lt;b&gt; $x$ the ministry said on 4 May 2024.",
                "</script><script>alert(2)</script> --> <!-- ]]> the ministry said on 4 May 2024.",
            ]
        )
        + "\n"
    )


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three sources with hostile text in every field, written as a hand-edited corpus
    would be (ingestion would strip HTML; the report must be safe on its own)."""
    root = tmp_path_factory.mktemp("hostile")
    fields = dict(
        title=f'{SCRIPT} "quoted" & {IMG} {MDLINK}',
        outlet=f'{IMG} =HYPERLINK("http://evil")',
        author=f"{MDLINK} +cmd -1+1 @SUM(A1) <b onmouseover=alert(1)>x</b>",
        published=date(2024, 5, 4),
        kind="news",
        # A hostile language code is refused when the corpus is read (test_language.py).
        language="en",
    )
    urls = {
        "alpha": "javascript:alert(1)",
        "beta": 'https://example.org/a"onmouseover="alert(1)',
        "gamma": GOOD_URL,
        "delta": "data:text/html,<script>alert(1)</script>",
    }
    for n, (sid, url) in enumerate(urls.items()):
        meta = SourceMeta(id=sid, url=url, **fields)
        (root / f"{sid}.md").write_text(render_source_file(meta, hostile_body(12 + 18 * (n % 2))), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile_report(hostile_corpus: Path) -> dict[str, Any]:
    return build_report(analyse_corpus(hostile_corpus, Settings(), use_cache=False), base="alpha")


def test_hostile_urls_never_reach_the_report(hostile_report: dict[str, Any]) -> None:
    assert {s["id"]: s["url"] for s in hostile_report["sources"]} == {
        "alpha": "",
        "beta": "",
        "gamma": GOOD_URL,
        "delta": "",
    }


def test_hostile_input_is_inert_in_html(hostile_report: dict[str, Any]) -> None:
    html = render_html(hostile_report)
    doc = assert_inert_html(html, {GOOD_URL})
    page = doc.text_content()
    # The hostile text is shown as text, whole, where it belongs.
    for payload in (SCRIPT, IMG, MDLINK, "</script><script>alert(2)</script>", *FORMULAS):
        assert payload in page, payload
    title = section(doc, "sources").xpath(".//tbody/tr[1]/td[2]")[0]
    assert text(title) == " ".join(f'{SCRIPT} "quoted" & {IMG} {MDLINK}'.split())
    assert not title.xpath(".//a"), "a javascript: URL gives no link"
    links = doc.xpath('//a[starts-with(@href, "http")]')
    assert [a.get("href") for a in links] == [GOOD_URL]
    # The claims appear in the focus view and the event cards as text, never as markup.
    assert section(doc, "focus").xpath('.//li[contains(@class, "fclaim")]')
    assert not doc.xpath("//img | //iframe | //object | //embed | //form | //base | //link")


def test_hostile_input_is_inert_in_markdown(hostile_report: dict[str, Any]) -> None:
    md = render_markdown(hostile_report)
    toks = md_tokens(md)
    kinds = {t.type for t in toks}
    assert not kinds & {"html_inline", "html_block", "image"}
    hrefs = [t.attrGet("href") for t in toks if t.type == "link_open"]
    assert hrefs and set(hrefs) == {GOOD_URL.replace("|", "%7C")}
    # Autolinks a GitHub-flavoured renderer would add: bare URLs, www. and e-mail addresses.
    outside_links = re.sub(r"\]\(<https?://[^>\s]*>\)", "", md)
    assert not re.search(r"[A-Za-z]://", outside_links)
    assert not re.search(r"(?<![\\\w.])www\.", outside_links)
    assert not re.search(r"(?<!\\)@", outside_links)
    # Rendered to HTML, the Markdown creates no element from the hostile text.
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)
    c = census(html)
    assert {tag for tag, _ in c.tags} <= {
        "h1",
        "h2",
        "h3",
        "p",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "br",
    }
    assert not any(name.startswith("on") for _, attrs in c.tags for name, _ in attrs)
    visible = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    for payload in (
        SCRIPT,
        IMG,
        MDLINK,
        "**bold**",
        "`code`",
        "~~gone~~",
        "www.evil.example",
        "admin@evil.example",
    ):
        assert payload in visible, payload
    # Table rows keep their shape: a pipe in a value does not add a column.
    for table in lxml.html.fragment_fromstring(html, create_parent="div").xpath(".//table"):
        widths = {len(tr.xpath("./th|./td")) for tr in table.xpath(".//tr")}
        assert len(widths) == 1


def test_hostile_input_cannot_inject_formulas_in_csv(hostile_report: dict[str, Any]) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(hostile_report))))
    assert rows[0][:9] == [
        "a",
        "b",
        "source_a",
        "source_b",
        "score",
        "verdict",
        "differences",
        "text_a",
        "text_b",
    ]
    assert len(rows) > 1
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        assert not re.match(r"^\s*[=+\-@]", cell), cell
    for formula in FORMULAS:
        assert any(cell.startswith("'" + formula) for cell in cells), formula


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("  =1+1", "'  =1+1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),
        ("safe text", "safe text"),
        ("1-1", "1-1"),
        ("", ""),
        (None, ""),
        (42.5, "42.5"),
    ],
)
def test_csv_cell(value: object, expected: str) -> None:
    assert csv_cell(value) == expected


@pytest.mark.parametrize(
    "payload",
    [
        MDLINK,
        "![x](https://evil.example/x.png)",
        "<https://evil.example>",
        "<b>bold</b>",
        SCRIPT,
        IMG,
        "[x]: https://evil.example",
        "https://evil.example/a",
        "www.evil.example",
        "mail a@b.example",
        "`code`",
        "**strong** _em_",
        "a | b",
        "&lt;script&gt;",
        "# heading",
        "- item",
        "1. item",
        "> quote",
    ],
)
def test_md_escape_leaves_no_syntax(payload: str) -> None:
    toks = md_tokens(f"- note: {md_escape(payload)}\n\n| a |\n|---|\n| {md_escape(payload)} |\n")
    kinds = {t.type for t in toks}
    assert not kinds & {
        "link_open",
        "image",
        "html_inline",
        "html_block",
        "code_inline",
        "strong_open",
        "em_open",
        "s_open",
        "heading_open",
        "blockquote_open",
        "ordered_list_open",
    }
    assert sum(t.type == "bullet_list_open" for t in toks) == 1
    shown = ["".join(c.content for c in t.children if c.type == "text") for t in toks if t.type == "inline"]
    assert sum(payload in t for t in shown) == 2, shown  # the list item and the table cell show it as text


def test_hostile_json_is_plain_data(hostile_report: dict[str, Any], hostile_corpus: Path) -> None:
    one = render_json(hostile_report)
    again = render_json(build_report(analyse_corpus(hostile_corpus, Settings(), use_cache=False), base="alpha"))
    assert one == again
    data = json.loads(one)
    assert validator().is_valid(data)
    assert any(SCRIPT in c["text"] for c in data["claims"])  # stored as data, unchanged


def test_views_come_from_the_report_data_only() -> None:
    """HTML and Markdown can be rendered again from the JSON alone."""
    rep = golden_report("number", "aegean-times")
    again = json.loads(render_json(rep))
    assert render_html(again) == render_html(rep)
    assert render_markdown(again) == render_markdown(rep)
    assert build_views(again)["source_ids"] == [s["id"] for s in rep["sources"]]


def test_context_links_counted_in_chunks_give_the_same_counts() -> None:
    from compare.report import _count_context

    analysis = analyse_corpus(SEEDS, Settings(), use_cache=False)
    assert len(analysis.context) > 100
    whole = _count_context(analysis, chunk=len(analysis.context))
    chunked = _count_context(analysis, chunk=7)
    assert whole[0].tolist() == chunked[0].tolist()
    assert whole[1] == chunked[1] and whole[2] == chunked[2]
    assert whole[0].sum() == 2 * len(analysis.context)
    # The source-pair counts, recounted one link at a time.
    from collections import Counter

    source = [c.source for c in analysis.claims]
    pairs = zip(analysis.context.i.tolist(), analysis.context.j.tolist(), strict=True)
    expected = Counter(tuple(sorted((source[i], source[j]))) for i, j in pairs)
    assert {(p["a"], p["b"]): p["links"] for p in chunked[1]} == dict(expected)


def test_focus_lists_the_closest_claims_without_a_verdict_to_check_by_hand() -> None:
    base = "seed-hezbollah-iran"
    analysis = analyse_corpus(SEEDS, Settings(), use_cache=False, base=base)
    rep = build_report(analysis, base)
    claims = {c["id"]: c for c in rep["claims"]}
    judged = {frozenset((lk["a"], lk["b"])) for lk in rep["links"] if lk["verdict"] != "related"}
    linked = {frozenset((lk["a"], lk["b"])): lk for lk in rep["links"]}
    listed = {c["id"]: c["closest_loose"] for c in rep["claims"] if "closest_loose" in c}
    assert listed and set(analysis.neighbours) <= {c["id"] for c in rep["claims"] if c["source"] == base}
    compared = 0
    for cid, found in analysis.neighbours.items():
        shown = listed.get(cid, [])
        # The first claims of the neighbours, in order, that pass the floor and have no verdict.
        wanted = [o for o, ev, _ in found if ev >= 40 and frozenset((cid, o)) not in judged][:3]
        assert [x["claim"] for x in shown] == wanted
        evidence = [x["evidence"] for x in shown]
        assert evidence == sorted(evidence, reverse=True)
        for x in shown:
            assert claims[x["claim"]]["source"] != base
            link = linked.get(frozenset((cid, x["claim"])))
            if link is not None:  # the same pair, scored the same way, as the report's link
                assert (link["evidence"], link["score"]) == pytest.approx((x["evidence"], x["score"]), abs=0.01)
                compared += 1
    assert compared  # the demo lists claims that are also context or related links
    assert not any("closest_loose" in c for c in build_report(analysis)["claims"])
    doc = parse(render_html(rep))
    for li in section(doc, "focus").xpath('.//li[contains(@class, "fclaim")]'):
        cid = li.get("id").removeprefix("claim-")
        boxes = li.xpath('.//details[@class="loose"]')
        assert len(boxes) == (cid in listed)
        if boxes:
            items = boxes[0].xpath(".//li")
            assert [text(item.xpath('./a[@class="src"]')[0]) for item in items] == [
                claims[x["claim"]]["source"] for x in listed[cid]
            ]
            assert all(claims[x["claim"]]["text"] in text(item) for x, item in zip(listed[cid], items, strict=True))
            # Open when no other source was found to state the same thing.
            assert (boxes[0].get("open") is not None) == (not li.xpath('./ul[@class="evidence"]'))
    md = render_markdown(rep)
    assert md.count("Most alike without a verdict, to check by hand:") == len(listed)
