"""Build the report data once, then render it as JSON, Markdown, HTML and CSV.

JSON is serialised from the data itself (never from a template); HTML and Markdown are
rendered from the same data through one jinja2 Environment (autoescape, StrictUndefined).
Nothing here depends on the clock, the file system order or hash seeds, so the same corpus
and options give identical bytes. The JSON contract is documented in schema/report.schema.json.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import orjson

from . import __version__
from .align import FEATURE_LABELS
from .corpus import atomic_write
from .errors import NotFoundError, UsageError
from .extract import Facts
from .gcpause import pauses_collector
from .language import is_compared
from .model import VERDICTS, Claim, Link, Source
from .pipeline import Analysis
from .status import ClaimStatus
from .textnorm import clean_display, strip_invisible
from .views import build_views, index_links, kind_order, links_within, overall_verdict

SCHEMA_VERSION = "2"
FORMATS = ("html", "md", "json", "csv")
FILE_NAMES = {"html": "report.html", "md": "report.md", "json": "report.json", "csv": "links.csv"}


def _safe_url(url: object) -> str:
    """Only http(s) links survive into a report; anything else becomes empty."""
    text = clean_display(url, limit=2000)
    return text if re.match(r"^https?://[^\s<>\"'`\\]+$", text, re.I) else ""


def source_dict(source: Source, claims: int, group: list[str], rep: str) -> dict[str, object]:
    """`rep` is the original of the source's near-copy group (the earliest published)."""
    m = source.meta
    return {
        "id": m.id,
        "title": clean_display(m.title),
        "outlet": clean_display(m.outlet),
        "published": m.published.isoformat() if m.published else None,
        "published_estimated": m.published_estimated,
        "kind": m.kind,
        "reviews": m.reviews or None,
        "url": _safe_url(m.url),
        "author": clean_display(m.author),
        "language": clean_display(m.language),
        "compared": is_compared(m.language),
        "claims": claims,
        "near_copy_of": rep if rep != m.id else None,
        "near_copies": [s for s in group if s != m.id],
    }


@pauses_collector
def build_report(analysis: Analysis, base: str | None = None) -> dict[str, object]:
    """The report as plain data: the JSON contract (schema SCHEMA_VERSION)."""
    a = analysis
    if base is not None:
        a.corpus.get(base)  # raises NotFoundError for an unknown id
    groups: dict[str, list[str]] = defaultdict(list)
    for s in a.corpus.sources:
        groups[a.independence.get(s.id, s.id)].append(s.id)
    sources = [
        source_dict(
            s,
            len(a.segmentations[s.id].claims),
            sorted(groups[a.independence.get(s.id, s.id)]),
            a.independence.get(s.id, s.id),
        )
        for s in a.corpus.sources
    ]
    context_counts, context_pairs, context_by_event = _count_context(a)
    closest = _closest_loose(a, base) if base is not None else {}
    claims = []
    position: dict[str, tuple[str, int]] = {}
    for n, (c, f) in enumerate(zip(a.claims, a.facts, strict=True)):
        st = a.statuses[c.id]
        position[c.id] = (c.source, c.start)
        claims.append(claim_dict(c, f, st, int(context_counts[n]), closest.get(c.id)))
    if any(c["status"] == "uncompared" for c in claims):
        # The analysis lists uncompared claims last; the contract lists claims by source.
        order = {s.id: n for n, s in enumerate(a.corpus.sources)}
        claims.sort(key=lambda c: order[c["source"]])  # stable: each source keeps its order
    links = []
    # One dict per distinct explanation entry (make_links shares the entries' tuples), not
    # one per entry of every link (see make_links for what it saves). Nothing mutates them.
    entry_dicts: dict[int, dict[str, object]] = {}
    for lk in sorted(a.links, key=lambda lk: (position[lk.a], position[lk.b], lk.a, lk.b)):
        links.append(link_dict(lk, entry_dicts))
    source_of = {c["id"]: c["source"] for c in claims}
    links_of = index_links(links)
    events = []
    for e in a.events:
        ev_links = [lk for lk in links_within(e.claims, links_of) if not lk["context"]]
        events.append(
            {
                "id": e.id,
                "claims": list(e.claims),
                "label": clean_display(e.label),
                "date": e.date or None,
                "actors": list(e.actors),
                "places": list(e.places),
                "sources": sorted({source_of[cid] for cid in e.claims}),
                "verdict": overall_verdict([lk["verdict"] for lk in ev_links]),
                "pairs": render_pairs(pair_stats(ev_links, source_of), context_by_event.get(e.id, {})),
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "compare", "version": __version__},
        "settings": {**a.settings.to_dict(), "term_weights": a.term_weights, "baseline": None},
        "features": dict(FEATURE_LABELS),
        "base": base,
        "sources": sources,
        "claims": claims,
        "links": links,
        "events": events,
        "context_pairs": context_pairs,
        "summary": _summary(sources, claims, links, events, len(a.context)),
    }


def claim_dict(
    c: Claim, f: Facts, st: ClaimStatus, context_links: int, closest: list[dict[str, object]] | None = None
) -> dict[str, object]:
    return {
        "id": c.id,
        "source": c.source,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "section": c.section,
        "paragraph": c.paragraph,
        "status": st.status,
        "agreeing_sources": list(st.agreeing_sources),
        "diverging_sources": list(st.diverging_sources),
        "context_links": context_links,
        "facts": f.to_dict(),
        **({"closest_loose": closest} if closest else {}),
    }


def link_dict(lk: Link, entry_dicts: dict[int, dict[str, object]]) -> dict[str, object]:
    return {
        "a": lk.a,
        "b": lk.b,
        "score": lk.score,
        "verdict": lk.verdict,
        "differences": [
            {
                "kind": d.kind,
                "a": d.a,
                "b": d.b,
                "a_start": d.a_start,
                "a_end": d.a_end,
                "b_start": d.b_start,
                "b_end": d.b_end,
                "detail": d.detail,
                "severity": d.severity,
            }
            for d in lk.differences
        ],
        "evidence": lk.evidence,
        "context": lk.context,
        "explanation": [_entry_dict(entry_dicts, e) for e in lk.explanation],
        **({"via": lk.via} if lk.via else {}),
    }


def _entry_dict(shared: dict[int, dict[str, object]], entry: tuple[str, float, float]) -> dict[str, object]:
    # Keyed by identity: equal tuples can differ in the sign of a zero, and every entry
    # stays alive (in its link) while the report is built, so no id is reused.
    found = shared.get(id(entry))
    if found is None:
        found = shared[id(entry)] = {"feature": entry[0], "value": entry[1], "contribution": entry[2]}
    return found


CLOSEST_LOOSE = 3
# Sentence-alone score from which a pair without a verdict is worth a reader's check: the
# score reads as a probability that the sentences report a common event, and two in five is
# worth a look. Below it the list would be mostly sentences that share a name or a date.
CLOSEST_LOOSE_MIN = 40.0


def _closest_loose(a: Analysis, base: str) -> dict[str, list[dict[str, object]]]:
    """For each claim of `base`, the claims of other sources whose sentences are most alike
    on their own and that have no verdict with it (Analysis.neighbours, computed when the
    analysis had `base` as its focus), at most CLOSEST_LOOSE, closest first: what a reader
    should check by hand when no other source is found to state the same thing. Sentences
    that paraphrase each other share few words, so many same-fact pairs get no verdict
    (benchmarks/heldout_accounts.py), yet rank high here (benchmarks/heldout_rank.py)."""
    if a.focus != base:
        return {}
    judged = {frozenset((lk.a, lk.b)) for lk in a.links if lk.verdict != "related"}
    out: dict[str, list[dict[str, object]]] = {}
    for cid, found in a.neighbours.items():
        keep = [
            {"claim": other, "evidence": evidence, "score": score}
            for other, evidence, score in found
            if evidence >= CLOSEST_LOOSE_MIN and frozenset((cid, other)) not in judged
        ][:CLOSEST_LOOSE]
        if keep:
            out[cid] = keep
    return out


def _count_context(
    a: Analysis, chunk: int = 2_000_000
) -> tuple[np.ndarray, list[dict[str, object]], dict[str, dict[tuple[str, str], int]]]:
    """Context links counted per claim, per pair of sources and per event and source pair,
    with array operations: a large corpus has tens of millions of them, so they are counted
    in chunks and no temporary array grows with their number."""
    table, claims = a.context, a.claims
    per_claim = np.zeros(len(claims), dtype=np.int64)
    source_ids = sorted({c.source for c in claims})
    n_src = len(source_ids)
    code = {s: k for k, s in enumerate(source_ids)}
    source_of = np.array([code[c.source] for c in claims], dtype=np.int64)
    event_of = np.full(len(claims), -1, dtype=np.int64)
    index = {c.id: n for n, c in enumerate(claims)}
    for e_n, e in enumerate(a.events):
        event_of[[index[cid] for cid in e.claims]] = e_n
    pair_counts: Counter[int] = Counter()
    event_counts: Counter[int] = Counter()
    for lo_n in range(0, len(table), chunk):
        ti, tj = table.i[lo_n : lo_n + chunk], table.j[lo_n : lo_n + chunk]
        per_claim += np.bincount(ti, minlength=len(claims))
        per_claim += np.bincount(tj, minlength=len(claims))
        sa, sb = source_of[ti], source_of[tj]
        keys = np.minimum(sa, sb) * n_src + np.maximum(sa, sb)
        _tally(pair_counts, keys)
        ea = event_of[ti]
        inside = (ea >= 0) & (ea == event_of[tj])
        if inside.any():
            _tally(event_counts, ea[inside] * n_src * n_src + keys[inside])
    pairs = [
        {"a": source_ids[k // n_src], "b": source_ids[k % n_src], "links": n} for k, n in sorted(pair_counts.items())
    ]
    by_event: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for k, n in sorted(event_counts.items()):
        e_n, rest = divmod(k, n_src * n_src)
        by_event[a.events[e_n].id][(source_ids[rest // n_src], source_ids[rest % n_src])] = n
    return per_claim, pairs, by_event


def _tally(counter: Counter[int], keys: np.ndarray) -> None:
    uniq, counts = np.unique(keys, return_counts=True)
    for k, n in zip(uniq.tolist(), counts.tolist(), strict=True):
        counter[k] += n


PairStats = dict[tuple[str, str], tuple[Counter[str], set[str]]]


def pair_stats(links: Sequence[dict], source_of: dict[str, str]) -> PairStats:  # type: ignore[type-arg]
    """Verdict counts and difference kinds of links, per pair of sources (a <= b)."""
    stats: PairStats = {}
    for lk in links:
        sa, sb = source_of[lk["a"]], source_of[lk["b"]]
        counts, kinds = stats.setdefault((sa, sb) if sa <= sb else (sb, sa), (Counter(), set()))
        counts[lk["verdict"]] += 1
        kinds.update(d["kind"] for d in lk["differences"])
    return stats


def render_pairs(stats: PairStats, context: dict[tuple[str, str], int]) -> list[dict[str, object]]:
    """One entry per pair of sources: its overall verdict, difference kinds and link counts
    (context links, which have no verdict, count as related)."""
    out = []
    for pair in sorted(set(stats) | set(context)):
        found, kinds = stats.get(pair, (Counter(), set()))
        counts = Counter({v: n for v, n in found.items() if n})
        counts["related"] += context.get(pair, 0)
        out.append(
            {
                "a": pair[0],
                "b": pair[1],
                "verdict": overall_verdict(list(counts)),
                "kinds": sorted(kinds, key=kind_order),
                "links": {v: counts[v] for v in VERDICTS if counts[v]},
            }
        )
    return out


def _summary(sources: list, claims: list, links: list, events: list, context: int) -> dict[str, object]:  # type: ignore[type-arg]
    verdicts = Counter(lk["verdict"] for lk in links if not lk["context"])
    if context:
        verdicts["related"] += context
    return {
        "sources": len(sources),
        "claims": len(claims),
        "links": sum(verdicts.values()),
        "context_links": context,
        "events": len(events),
        "independent_sources": sum(1 for s in sources if not s["near_copy_of"]),
        "verdicts": dict(sorted(verdicts.items())),
        "differences": dict(sorted(Counter(d["kind"] for lk in links for d in lk["differences"]).items())),
        "statuses": dict(sorted(Counter(c["status"] for c in claims).items())),
    }


def render_json(report: dict[str, object]) -> str:
    return "".join(iter_json(report))


def iter_json(report: dict[str, object], batch: int = 5_000) -> Iterator[str]:
    """The JSON report in pieces, the same bytes as one orjson.dumps call.

    A report of a large corpus holds millions of links: one string of it (and its encoded
    bytes) would double the memory peak. Long lists go out a batch of items at a time.
    orjson encodes them six to seven times as fast as json's C encoder (1,000 documents:
    about 1 s against 7 s for 226 MB), with the same values.
    """

    def dumps(value: object) -> str:
        return orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY).decode("utf-8")

    yield "{"
    for n, (key, value) in enumerate(report.items()):
        yield ("," if n else "") + dumps(key) + ":"
        if isinstance(value, list) and len(value) > batch:
            yield "["
            for lo in range(0, len(value), batch):
                yield ("," if lo else "") + dumps(value[lo : lo + batch])[1:-1]
            yield "]"
        else:
            yield dumps(value)
    yield "}\n"


# A cell a spreadsheet could read as a formula: = + - @ first (also after blanks or as
# their full-width forms), or a tab or carriage return that some importers strip.
_FORMULA = re.compile(r"^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]")


def csv_cell(value: object) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def render_csv(report: dict[str, object]) -> str:
    return "".join(iter_csv(report))


def iter_csv(report: dict[str, object], batch: int = 5_000) -> Iterator[str]:
    """links.csv a batch of rows at a time: one string of it all took most of a gigabyte
    for 10,000 documents."""
    claims = {c["id"]: c for c in report["claims"]}  # type: ignore[union-attr]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "a",
            "b",
            "source_a",
            "source_b",
            "score",
            "verdict",
            "differences",
            "text_a",
            "text_b",
            "evidence",
            "spans",
        ]
    )
    for n, lk in enumerate(report["links"], start=1):  # type: ignore[arg-type]
        ca, cb = claims[lk["a"]], claims[lk["b"]]
        kinds = ";".join(sorted({d["kind"] for d in lk["differences"]}, key=kind_order))
        spans = " | ".join(f"{d['kind']}: “{d['a']}” vs “{d['b']}”" for d in lk["differences"])
        writer.writerow(
            [
                csv_cell(v)
                for v in (
                    lk["a"],
                    lk["b"],
                    ca["source"],
                    cb["source"],
                    f"{lk['score']:.2f}",
                    lk["verdict"],
                    kinds,
                    ca["text"],
                    cb["text"],
                    f"{lk['evidence']:.2f}",
                    spans,
                )
            ]
        )
        if n % batch == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


# HTML and Markdown: one jinja2 environment over the views of views.py ----------------------


@lru_cache(maxsize=1)
def environment():  # type: ignore[no-untyped-def]
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("compare", "templates"),
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["safe_url"] = _safe_url
    env.filters["md_url"] = md_url
    env.filters["md_marked"] = md_marked
    return env


# Characters that can start Markdown or inline HTML syntax anywhere in a line.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>|~&$]")
# Autolinks a GFM renderer would make from bare text: scheme://, www., e-mail addresses.
_MD_AUTOLINK = re.compile(r"(?<=[A-Za-z0-9]):(?=//)|(?<![\w.])(?i:www)(\.)|@")
# Syntax that only counts at the start of a line (the start of a table cell or list item
# is where a value can land): headings, block quotes, list markers, thematic breaks.
_MD_LINE_START = re.compile(r"^\s*(?:([#>+\-=])|\d+([.)]))")
_MD_BREAKS = re.compile(r"[\r\n\t\v\f\u0085\u2028\u2029]")


def _md_positions(text: str, line_start: bool) -> set[int]:
    """Indices of the characters of text that need a backslash in Markdown."""
    marks = {m.start() for m in _MD_SPECIAL.finditer(text)}
    for m in _MD_AUTOLINK.finditer(text):
        marks.add(m.start(1) if m.group(1) else m.start())
    if line_start and (m := _MD_LINE_START.match(text)):
        marks.add(m.start(1) if m.group(1) else m.start(2))
    return marks


def _md_join(text: str, marks: set[int], start: int = 0) -> str:
    return "".join(f"\\{ch}" if start + i in marks else ch for i, ch in enumerate(text))


def md_escape(value: object) -> str:
    """Escape Markdown and inline HTML so outside text cannot add links, images or markup.

    Only the characters that could start a construct are escaped, so the raw file stays
    readable: emphasis, code, links, images, raw HTML, tables, strikethrough, math, the
    bare URLs and e-mail addresses that GitHub turns into links, and block syntax at the
    start of the value.
    """
    text = clean_display(value, limit=5000)
    return _md_join(text, _md_positions(text, line_start=True))


def md_marked(pieces: Sequence[tuple[str, str]]) -> str:
    """A claim's text on one line with its differing spans in bold, escaped as a whole (so
    no construct can straddle two pieces)."""
    parts = [(strip_invisible(_MD_BREAKS.sub(" ", t)), kind) for t, kind in pieces]
    full = "".join(t for t, _ in parts)
    lead = len(full) - len(full.lstrip())
    marks = _md_positions(full.strip(), line_start=True)
    out, pos = [], -lead
    for t, kind in parts:
        piece = _md_join(t, marks, pos)
        if kind and t.strip():
            left, right = len(t) - len(t.lstrip()), len(t.rstrip())
            piece = (
                f"{_md_join(t[:left], marks, pos)}**{_md_join(t[left:right], marks, pos + left)}**"
                f"{_md_join(t[right:], marks, pos + right)}"
            )
        out.append(piece)
        pos += len(t)
    return "".join(out).strip()


def md_url(value: object) -> str:
    """An http(s) URL for a Markdown link destination in <...>; a table pipe is percent-encoded."""
    return _safe_url(value).replace("|", "%7C")


def render_markdown(report: dict[str, object], views: dict[str, object] | None = None) -> str:
    views = views if views is not None else build_views(report)
    return environment().get_template("report.md.j2").render(report=report, views=views)


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    """Static CSS and JS, inlined, with the hashes the Content-Security-Policy allows."""
    import base64
    import hashlib
    from importlib import resources

    out = {}
    for name, ext in (("css", "report.css"), ("js", "report.js")):
        text = resources.files("compare").joinpath(f"templates/{ext}").read_text(encoding="utf-8")
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        out[name], out[f"{name}_hash"] = text, f"sha256-{digest}"
    return out


def render_html(report: dict[str, object], views: dict[str, object] | None = None) -> str:
    import markupsafe

    views = views if views is not None else build_views(report)
    data = {"sources": views["source_ids"], "events": len(views["events"])}  # type: ignore[arg-type]
    # Inside <script type="application/json"> only "</" could end the block early.
    page_data = json.dumps(data, ensure_ascii=True, sort_keys=True).replace("<", "\\u003c")
    assets = _assets()
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            views=views,
            page_data=markupsafe.Markup(page_data),
            css=markupsafe.Markup(assets["css"]),
            js=markupsafe.Markup(assets["js"]),
            css_hash=assets["css_hash"],
            js_hash=assets["js_hash"],
            settings_json=json.dumps(report["settings"], indent=1, sort_keys=True),
        )
    )


RENDERERS = {"json": render_json, "md": render_markdown, "html": render_html, "csv": render_csv}
STREAMED = {"json": iter_json, "csv": iter_csv}  # formats written piece by piece


def parse_formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(f"unknown format '{','.join(bad) or value}' (choose from {', '.join(FORMATS)})")
    return list(dict.fromkeys(formats))


@pauses_collector
def write_reports(report: dict[str, object], formats: Sequence[str], out_dir: Path) -> list[Path]:
    written = []
    # HTML and Markdown show the same views: built once for both.
    views = build_views(report) if {"html", "md"} & set(formats) else None
    for fmt in formats:
        path = out_dir / FILE_NAMES[fmt]
        if fmt in STREAMED:
            content = STREAMED[fmt](report)
        else:
            content = render_html(report, views) if fmt == "html" else render_markdown(report, views)
        atomic_write(path, content, overwrite=True)
        written.append(path)
    return written


__all__ = [
    "FORMATS",
    "NotFoundError",
    "build_report",
    "build_views",
    "iter_csv",
    "iter_json",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "write_reports",
]
