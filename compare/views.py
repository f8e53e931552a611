"""What the HTML and Markdown reports show, derived from the report data alone.

JSON and CSV are complete; these views are for reading, so on large corpora each list is
bounded (settings.report_max_rows) and the source-by-source grids give way to lists
(settings.report_max_grid_sources), each with a line saying what was left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from .model import DIFFERENCE_KINDS, STATUSES, VERDICTS

# How much a verdict says about a pair of sources: one divergence outweighs any agreement.
_WEIGHT = {"diverge": 3, "compatible": 2, "agree": 1, "related": 0}


def index_links(links: Sequence[dict]) -> dict[str, list[tuple[int, dict]]]:  # type: ignore[type-arg]
    """Claim id -> (position in the report, link) of every link that claim takes part in."""
    out: dict[str, list[tuple[int, dict]]] = defaultdict(list)  # type: ignore[type-arg]
    for n, lk in enumerate(links):
        out[lk["a"]].append((n, lk))
        out[lk["b"]].append((n, lk))
    return out


def links_within(claim_ids: Sequence[str], links_of: dict[str, list[tuple[int, dict]]]) -> list[dict]:  # type: ignore[type-arg]
    """The links between claims of one event, in report order (no full scan of all links)."""
    members = set(claim_ids)
    found = {n: lk for cid in members for n, lk in links_of.get(cid, ()) if lk["a"] in members and lk["b"] in members}
    return [found[n] for n in sorted(found)]


def overall_verdict(verdicts: Sequence[str]) -> str:
    """The verdict that says most: diverge over compatible over agree over related."""
    return max(verdicts, key=lambda v: _WEIGHT.get(v, 0), default="related")


def kind_order(kind: str) -> tuple[int, str]:
    return (
        DIFFERENCE_KINDS.index(kind) if kind in DIFFERENCE_KINDS else len(DIFFERENCE_KINDS),
        kind,
    )


def build_views(report: dict[str, object]) -> dict[str, object]:
    """Everything the HTML and Markdown templates show, derived from the report data only."""
    sources = report["sources"]
    source_ids = [s["id"] for s in sources]  # type: ignore[union-attr]
    source_by_id = {s["id"]: s for s in sources}  # type: ignore[union-attr]
    claims = {c["id"]: c for c in report["claims"]}  # type: ignore[union-attr]
    group = {s["id"]: s["near_copy_of"] or s["id"] for s in sources}  # type: ignore[union-attr]
    matrix: dict[str, dict[str, Counter[str]]] = {s: {t: Counter() for t in source_ids} for s in source_ids}
    links_of: dict[str, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    indexed = index_links(report["links"])  # type: ignore[arg-type]
    copies_of: dict[str, set[str]] = defaultdict(set)  # claim -> near-copy sources that repeat it
    for pr in report["context_pairs"]:  # type: ignore[union-attr]
        matrix[pr["a"]][pr["b"]]["related"] += pr["links"]
        matrix[pr["b"]][pr["a"]]["related"] += pr["links"]
    for lk in report["links"]:  # type: ignore[union-attr]
        if lk["context"]:
            continue  # counted in context_pairs and claims[].context_links
        sa, sb = claims[lk["a"]]["source"], claims[lk["b"]]["source"]
        matrix[sa][sb][lk["verdict"]] += 1
        matrix[sb][sa][lk["verdict"]] += 1
        links_of[lk["a"]].append(lk)
        links_of[lk["b"]].append(lk)
        if group[sa] == group[sb] and lk["verdict"] in ("agree", "compatible"):
            copies_of[lk["a"]].add(sb)
            copies_of[lk["b"]].add(sa)
    event_of: dict[str, dict] = {}  # type: ignore[type-arg]
    event_cards = []
    for ev in report["events"]:  # type: ignore[union-attr]
        ev_links = links_within(ev["claims"], indexed)
        rows = []
        for sid in source_ids:
            cs = [claims[cid] for cid in ev["claims"] if claims[cid]["source"] == sid]
            if cs:
                rows.append(
                    {
                        "source": source_by_id[sid],
                        "claims": [_marked_claim(c, ev_links) for c in cs],
                    }
                )
        strong = [lk for lk in ev_links if lk["verdict"] != "related"]
        role = {}
        for sid in ev["sources"]:
            mine = [lk["verdict"] for lk in strong if sid in (claims[lk["a"]]["source"], claims[lk["b"]]["source"])]
            role[sid] = overall_verdict(mine)
        suffix = f" ({ev['date']})" if ev["date"] else ""
        title = ev["label"][: -len(suffix)] if suffix and ev["label"].endswith(suffix) else ev["label"]
        card = {
            **ev,
            "title": title,
            "rows": rows,
            "links": [_link_view(lk, claims) for lk in strong],
            "context_links": sum(pr["links"].get("related", 0) for pr in ev["pairs"]),
            "verdicts": sorted({lk["verdict"] for lk in strong}),
            "kinds": sorted({d["kind"] for lk in strong for d in lk["differences"]}, key=kind_order),
            "role": role,
            "pairs": [{**pr, "near_copy": group[pr["a"]] == group[pr["b"]]} for pr in ev["pairs"]],
        }
        event_cards.append(card)
        for cid in ev["claims"]:
            event_of.setdefault(cid, card)
    focus = None
    base = report.get("base")
    if base:
        focus = []
        for c in report["claims"]:  # type: ignore[union-attr]
            if c["source"] != base:
                continue
            mine = sorted(
                links_of[c["id"]],
                key=lambda lk: (-_WEIGHT[lk["verdict"]], -lk["score"], lk["a"], lk["b"]),
            )
            strong = [lk for lk in mine if lk["verdict"] != "related"]
            link_views = [_link_view(lk, claims, c["id"]) for lk in strong]
            for v in link_views:  # a near-copy's agreement is shown, but it does not count
                v["near_copy"] = group[v["other"]["source"]] == group[base]  # type: ignore[index]
            focus.append(
                {
                    **_marked_claim(c, strong),
                    "links": link_views,
                    "context_links": len(mine) - len(strong) + c["context_links"],
                    "event": event_of.get(c["id"]),
                    "copies": sorted(copies_of[c["id"]]),
                }
            )
    singles: dict[str, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    by_status: dict[str, Counter[str]] = {s: Counter() for s in source_ids}
    for c in report["claims"]:  # type: ignore[union-attr]
        by_status[c["source"]][c["status"]] += 1
        if c["status"] == "uncorroborated":
            singles[c["source"]].append({**c, "copies": sorted(copies_of[c["id"]])})
    divergences = []
    for lk in report["links"]:  # type: ignore[union-attr]
        if lk["verdict"] == "diverge":
            divergences.append({**_link_view(lk, claims), "event": event_of.get(lk["a"]) or event_of.get(lk["b"])})
    divergences.sort(
        key=lambda d: (
            kind_order(d["differences"][0]["kind"]) if d["differences"] else (99, ""),
            d["source_a"],
            d["source_b"],
            d["a"],
            d["b"],
        )
    )
    return {
        "source_ids": source_ids,
        "sources": source_by_id,
        "matrix": matrix,
        "events": event_cards,
        "focus": focus,
        "focus_source": source_by_id.get(base) if base else None,
        "focus_counts": dict(by_status[base]) if base else {},
        "uncorroborated": {k: singles[k] for k in source_ids if singles[k]},
        "by_status": by_status,
        "divergences": divergences,
        "timeline": [e for e in event_cards if e["date"]],
        "coverage": [{"event": e, "cells": [e["role"].get(sid) for sid in source_ids]} for e in event_cards],
        "verdicts": VERDICTS,
        "kinds": DIFFERENCE_KINDS,
        "statuses": STATUSES,
    }


def _marked_claim(claim: dict, links: Sequence[dict]) -> dict[str, object]:  # type: ignore[type-arg]
    """Split a claim's text into plain and highlighted pieces at its differing spans."""
    spans = []
    for lk in links:
        for d in lk["differences"]:
            for side in ("a", "b"):
                if lk[side] == claim["id"] and d[f"{side}_start"] is not None:
                    s, e = d[f"{side}_start"] - claim["start"], d[f"{side}_end"] - claim["start"]
                    # A span that is the whole claim (a stance stated as fact) marks nothing.
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
    """A link with both claims' texts and sources; with `own`, the other side as `other`."""
    ca, cb = claims[lk["a"]], claims[lk["b"]]
    other, diffs = None, []
    if own:
        mine, theirs = ("a", "b") if own == lk["a"] else ("b", "a")
        other = _marked_claim(cb if mine == "a" else ca, [lk])
        own_text, other_text = (ca, cb) if mine == "a" else (cb, ca)
        diffs = [
            {
                "kind": d["kind"],
                "own": d[mine],
                "other": d[theirs],
                "detail": d["detail"],
                "severity": d["severity"],
                "own_whole": d[mine] == own_text["text"],
                "other_whole": d[theirs] == other_text["text"],
            }
            for d in lk["differences"]
        ]
    # A stance difference quotes a whole claim for the side that states it as plain fact.
    marks = [{**d, "a_whole": d["a"] == ca["text"], "b_whole": d["b"] == cb["text"]} for d in lk["differences"]]
    return {
        **lk,
        "differences": marks,
        "other": other,
        "diffs": diffs,
        "text_a": ca["text"],
        "text_b": cb["text"],
        "claim_a": _marked_claim(ca, [lk]),
        "claim_b": _marked_claim(cb, [lk]),
        "source_a": ca["source"],
        "source_b": cb["source"],
        "via_source": claims[lk["via"]]["source"] if lk.get("via") else "",
        "via_text": claims[lk["via"]]["text"] if lk.get("via") else "",
    }
