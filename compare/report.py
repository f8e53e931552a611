"""Build the report data once, then render it as JSON, Markdown, HTML and CSV.

JSON is serialised from the data itself (never from a template); HTML and Markdown are
rendered from the same data through one jinja2 Environment (autoescape, StrictUndefined).
Nothing here depends on the clock, so the same corpus and options give identical bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from . import __version__
from .align import FEATURE_LABELS
from .corpus import atomic_write
from .errors import NotFoundError, UsageError
from .model import Source
from .pipeline import Analysis
from .textnorm import clean_display

SCHEMA_VERSION = "1"
FORMATS = ("html", "md", "json", "csv")
FILE_NAMES = {"html": "report.html", "md": "report.md", "json": "report.json", "csv": "links.csv"}


def _safe_url(url: str) -> str:
    """Only http(s) links survive into a report; anything else becomes empty."""
    url = clean_display(url, limit=2000)
    return url if re.match(r"^https?://[^\s<>\"']+$", url, re.I) else ""


def _source_dict(source: Source, claims: int, copy_of: str) -> dict[str, object]:
    m = source.meta
    return {
        "id": m.id, "title": clean_display(m.title), "outlet": clean_display(m.outlet),
        "published": m.published.isoformat() if m.published else None, "kind": m.kind,
        "url": _safe_url(m.url), "author": clean_display(m.author), "language": m.language,
        "claims": claims, "near_copy_of": copy_of if copy_of != m.id else None,
    }


def build_report(analysis: Analysis, base: str | None = None) -> dict[str, object]:
    """The report as plain data: the JSON contract (schema 1) plus derived views."""
    a = analysis
    if base is not None:
        a.corpus.get(base)  # raises NotFoundError for an unknown id
    sources = [_source_dict(s, len(a.segmentations[s.id].claims), a.independence.get(s.id, s.id))
               for s in a.corpus.sources]
    claims = []
    for c, f in zip(a.claims, a.facts, strict=True):
        st = a.statuses[c.id]
        claims.append({
            "id": c.id, "source": c.source, "text": c.text, "start": c.start, "end": c.end,
            "section": c.section, "paragraph": c.paragraph, "status": st.status,
            "agreeing_sources": list(st.agreeing_sources), "diverging_sources": list(st.diverging_sources),
            "facts": f.to_dict(),
        })
    links = []
    for lk in a.links:
        links.append({
            "a": lk.a, "b": lk.b, "score": lk.score, "verdict": lk.verdict,
            "differences": [{
                "kind": d.kind, "a": d.a, "b": d.b, "a_start": d.a_start, "a_end": d.a_end,
                "b_start": d.b_start, "b_end": d.b_end, "detail": d.detail, "severity": d.severity,
            } for d in lk.differences],
            "evidence": lk.evidence,
            "explanation": [{"feature": n, "value": v, "contribution": c} for n, v, c in lk.explanation],
        })
    by_id = {c["id"]: c for c in claims}
    events = []
    for e in a.events:
        srcs = sorted({by_id[cid]["source"] for cid in e.claims})
        events.append({"id": e.id, "claims": list(e.claims), "label": e.label, "date": e.date or None,
                       "actors": list(e.actors), "places": list(e.places), "sources": srcs})
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "compare", "version": __version__},
        "settings": a.settings.to_dict(),
        "features": dict(FEATURE_LABELS),
        "base": base,
        "sources": sources,
        "claims": claims,
        "links": links,
        "events": events,
        "summary": _summary(sources, claims, links, events),
    }


def _summary(sources: list, claims: list, links: list, events: list) -> dict[str, object]:  # type: ignore[type-arg]
    return {
        "sources": len(sources), "claims": len(claims), "links": len(links), "events": len(events),
        "verdicts": dict(sorted(Counter(lk["verdict"] for lk in links).items())),
        "differences": dict(sorted(Counter(d["kind"] for lk in links for d in lk["differences"]).items())),
        "statuses": dict(sorted(Counter(c["status"] for c in claims).items())),
    }


def render_json(report: dict[str, object]) -> str:
    # Compact: the C encoder is only used without indent, and reports can be large.
    return json.dumps(report, ensure_ascii=False, separators=(",", ":")) + "\n"


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def csv_cell(value: object) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def render_csv(report: dict[str, object]) -> str:
    claims = {c["id"]: c for c in report["claims"]}  # type: ignore[union-attr]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["a", "b", "source_a", "source_b", "score", "verdict", "differences", "text_a", "text_b"])
    for lk in report["links"]:  # type: ignore[union-attr]
        ca, cb = claims[lk["a"]], claims[lk["b"]]
        kinds = ";".join(sorted({d["kind"] for d in lk["differences"]}))
        writer.writerow([csv_cell(v) for v in (lk["a"], lk["b"], ca["source"], cb["source"],
                                               f"{lk['score']:.2f}", lk["verdict"], kinds, ca["text"], cb["text"])])
    return out.getvalue()


# Views shared by HTML and Markdown -------------------------------------------------------

def build_views(report: dict[str, object]) -> dict[str, object]:
    sources = report["sources"]
    claims = {c["id"]: c for c in report["claims"]}  # type: ignore[union-attr]
    source_ids = [s["id"] for s in sources]  # type: ignore[union-attr]
    matrix: dict[str, dict[str, Counter[str]]] = {s: {t: Counter() for t in source_ids} for s in source_ids}
    links_of: dict[str, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    for lk in report["links"]:  # type: ignore[union-attr]
        sa, sb = claims[lk["a"]]["source"], claims[lk["b"]]["source"]
        matrix[sa][sb][lk["verdict"]] += 1
        matrix[sb][sa][lk["verdict"]] += 1
        links_of[lk["a"]].append(lk)
        links_of[lk["b"]].append(lk)
    event_cards = []
    for ev in report["events"]:  # type: ignore[union-attr]
        ids = set(ev["claims"])
        ev_links = [lk for cid in ev["claims"] for lk in links_of[cid] if lk["a"] in ids and lk["b"] in ids]
        uniq = {(lk["a"], lk["b"]): lk for lk in ev_links}
        ev_links = [uniq[k] for k in sorted(uniq)]
        rows = []
        for sid in source_ids:
            cs = [claims[cid] for cid in ev["claims"] if claims[cid]["source"] == sid]
            rows.append({"source": sid, "claims": [_marked_claim(c, ev_links) for c in cs]})
        verdicts = sorted({lk["verdict"] for lk in ev_links})
        kinds = sorted({d["kind"] for lk in ev_links for d in lk["differences"]})
        event_cards.append({**ev, "rows": rows, "links": [_link_view(lk, claims) for lk in ev_links],
                            "verdicts": verdicts, "kinds": kinds,
                            "verdict": "diverge" if "diverge" in verdicts else (verdicts[-1] if verdicts else "related")})
    focus = None
    base = report.get("base")
    if base:
        focus = [{**c, "links": [_link_view(lk, claims, c["id"]) for lk in links_of[c["id"]]]}
                 for c in report["claims"] if c["source"] == base]  # type: ignore[union-attr]
    singles = defaultdict(list)
    for c in report["claims"]:  # type: ignore[union-attr]
        if c["status"] == "uncorroborated":
            singles[c["source"]].append(c)
    return {
        "source_ids": source_ids, "matrix": matrix, "events": event_cards, "focus": focus,
        "uncorroborated": {k: singles[k] for k in source_ids if singles[k]},
        "timeline": [e for e in event_cards if e["date"]],
        "coverage": [{"event": e, "present": [sid in e["sources"] for sid in source_ids]} for e in event_cards],
    }


def _marked_claim(claim: dict, links: Sequence[dict]) -> dict[str, object]:  # type: ignore[type-arg]
    """Split a claim's text into plain and highlighted pieces at its differing spans."""
    spans = []
    for lk in links:
        for d in lk["differences"]:
            for side in ("a", "b"):
                if lk[side] == claim["id"] and d[f"{side}_start"] is not None:
                    s, e = d[f"{side}_start"] - claim["start"], d[f"{side}_end"] - claim["start"]
                    if 0 <= s < e <= len(claim["text"]) and e - s < len(claim["text"]):
                        spans.append((s, e, d["kind"]))
    spans.sort()
    pieces: list[tuple[str, str]] = []
    pos = 0
    for s, e, kind in spans:
        if s < pos:
            continue
        if s > pos:
            pieces.append((claim["text"][pos:s], ""))
        pieces.append((claim["text"][s:e], kind))
        pos = e
    if pos < len(claim["text"]):
        pieces.append((claim["text"][pos:], ""))
    return {**claim, "pieces": pieces}


def _link_view(lk: dict, claims: dict, own: str | None = None) -> dict[str, object]:  # type: ignore[type-arg]
    other = lk["b"] if own == lk["a"] else lk["a"]
    return {**lk, "other": claims[other] if own else None,
            "text_a": claims[lk["a"]]["text"], "text_b": claims[lk["b"]]["text"],
            "source_a": claims[lk["a"]]["source"], "source_b": claims[lk["b"]]["source"]}


@lru_cache(maxsize=1)
def environment():  # type: ignore[no-untyped-def]
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("compare", "templates"),
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["safe_url"] = _safe_url
    return env


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def md_escape(value: object) -> str:
    """Escape Markdown and inline HTML so outside text cannot add links or markup."""
    text = clean_display(value, limit=5000)
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(report: dict[str, object]) -> str:
    return environment().get_template("report.md.j2").render(report=report, views=build_views(report))


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


def render_html(report: dict[str, object]) -> str:
    import markupsafe

    views = build_views(report)
    data = json.dumps({"sources": views["source_ids"]}, ensure_ascii=True).replace("<", "\\u003c")
    assets = _assets()
    return environment().get_template("report.html.j2").render(
        report=report, views=views, page_data=markupsafe.Markup(data),
        css=markupsafe.Markup(assets["css"]), js=markupsafe.Markup(assets["js"]),
        css_hash=assets["css_hash"], js_hash=assets["js_hash"],
        settings_json=json.dumps(report["settings"], indent=1, sort_keys=True),
    )


RENDERERS = {"json": render_json, "md": render_markdown, "html": render_html, "csv": render_csv}


def parse_formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(f"unknown format '{','.join(bad) or value}' (choose from {', '.join(FORMATS)})")
    return list(dict.fromkeys(formats))


def write_reports(report: dict[str, object], formats: Sequence[str], out_dir: Path) -> list[Path]:
    written = []
    for fmt in formats:
        path = out_dir / FILE_NAMES[fmt]
        atomic_write(path, RENDERERS[fmt](report), overwrite=True)
        written.append(path)
    return written


__all__ = ["FORMATS", "NotFoundError", "build_report", "write_reports"]
