"""What the HTML and Markdown reports show, derived from the report data alone.

JSON and CSV are complete; these views are for reading, so on large corpora each list is
bounded (settings.report_max_rows) and the source-by-source grids give way to lists
(settings.report_max_grid_sources), each with a line saying what was left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from .language import language_name
from .model import DIFFERENCE_KINDS, STATUSES, VERDICTS
from .settings import Settings

# How much a verdict says about a pair of sources: one divergence outweighs any agreement.
_WEIGHT = {"diverge": 3, "compatible": 2, "agree": 1, "related": 0}
_CARD_ROWS = 40  # pairs of sources, and links, listed on one event card


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


def _bounds(report: dict[str, object]) -> tuple[int, int]:
    """(most rows per list, most sources for a grid); 0 means no bound."""
    given = report.get("settings") or {}
    rows = given.get("report_max_rows", Settings.report_max_rows)  # type: ignore[union-attr]
    grid = given.get("report_max_grid_sources", Settings.report_max_grid_sources)  # type: ignore[union-attr]
    return int(rows), int(grid)


def _first(items: list, bound: int) -> list:  # type: ignore[type-arg]
    return items if bound <= 0 else items[:bound]


def build_views(report: dict[str, object]) -> dict[str, object]:
    """Everything the HTML and Markdown templates show, derived from the report data only."""
    max_rows, max_grid = _bounds(report)
    # An event told by thirty sources has 435 pairs of them: a card lists the ones that
    # say most (divergences first) and counts the rest.
    card_rows = 0 if max_rows <= 0 else _CARD_ROWS
    sources = report["sources"]
    source_ids = [s["id"] for s in sources]  # type: ignore[union-attr]
    position = {sid: n for n, sid in enumerate(source_ids)}
    source_by_id = {s["id"]: s for s in sources}  # type: ignore[union-attr]
    claims = {c["id"]: c for c in report["claims"]}  # type: ignore[union-attr]
    group = {s["id"]: s["near_copy_of"] or s["id"] for s in sources}  # type: ignore[union-attr]
    base = report.get("base")
    # Counts per pair of sources that have links at all: a full grid of Counters would
    # take a million of them for 1,000 sources.
    pair_counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    links_of: dict[str, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    indexed = index_links(report["links"])  # type: ignore[arg-type]
    copies_of: dict[str, set[str]] = defaultdict(set)  # claim -> near-copy sources that repeat it
    for pr in report["context_pairs"]:  # type: ignore[union-attr]
        pair_counts[_ordered(pr["a"], pr["b"], position)]["related"] += pr["links"]
    for lk in report["links"]:  # type: ignore[union-attr]
        if lk["context"]:
            continue  # counted in context_pairs and claims[].context_links
        sa, sb = claims[lk["a"]]["source"], claims[lk["b"]]["source"]
        pair_counts[_ordered(sa, sb, position)][lk["verdict"]] += 1
        if base:  # only the focus view reads them
            links_of[lk["a"]].append(lk)
            links_of[lk["b"]].append(lk)
        if group[sa] == group[sb] and lk["verdict"] in ("agree", "compatible"):
            copies_of[lk["a"]].add(sb)
            copies_of[lk["b"]].add(sa)
    events = report["events"]
    # The events with the most sources (then the diverging ones) get cards; the others are
    # named where a divergence or a claim belongs to them, and are all in the JSON.
    ranked = sorted(
        range(len(events)),  # type: ignore[arg-type]
        key=lambda n: (-len(events[n]["sources"]), -_WEIGHT.get(events[n]["verdict"], 0), n),  # type: ignore[index]
    )
    shown = set(_first(ranked, max_rows))
    event_of: dict[str, dict] = {}  # type: ignore[type-arg]
    event_cards = []
    roles = []
    for n, ev in enumerate(events):  # type: ignore[arg-type]
        role = _roles(ev)
        roles.append(role)
        if n not in shown:
            stub = {"id": ev["id"], "label": ev["label"], "shown": False}
            for cid in ev["claims"]:
                event_of.setdefault(cid, stub)
            continue
        ev_links = links_within(ev["claims"], indexed)
        strong = [lk for lk in ev_links if lk["verdict"] != "related"]
        by_source: dict[str, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
        for cid in ev["claims"]:
            by_source[claims[cid]["source"]].append(claims[cid])
        rows = [
            {"source": source_by_id[sid], "claims": [_marked_claim(c, ev_links) for c in by_source[sid]]}
            for sid in sorted(by_source, key=position.__getitem__)
        ]
        suffix = f" ({ev['date']})" if ev["date"] else ""
        title = ev["label"][: -len(suffix)] if suffix and ev["label"].endswith(suffix) else ev["label"]
        card = {
            **ev,
            "shown": True,
            "title": title,
            "rows": rows,
            "links": [_link_view(lk, claims) for lk in _strongest(strong, card_rows)],
            "links_total": len(strong),
            "context_links": sum(pr["links"].get("related", 0) for pr in ev["pairs"]),
            "verdicts": sorted({lk["verdict"] for lk in strong}),
            "kinds": sorted({d["kind"] for lk in strong for d in lk["differences"]}, key=kind_order),
            "role": role,
            "pairs": [
                {**pr, "near_copy": group[pr["a"]] == group[pr["b"]]} for pr in _strongest(ev["pairs"], card_rows)
            ],
            "pairs_total": len(ev["pairs"]),
        }
        event_cards.append(card)
        for cid in ev["claims"]:
            event_of.setdefault(cid, card)
    focus = None
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
                    "closest_loose": [
                        {"other": claims[x["claim"]], "evidence": x["evidence"]} for x in c.get("closest_loose", ())
                    ],
                    "event": event_of.get(c["id"]),
                    "copies": sorted(copies_of[c["id"]]),
                }
            )
    singles: dict[str, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    by_status: dict[str, Counter[str]] = {s: Counter() for s in source_ids}
    single_total = 0
    for c in report["claims"]:  # type: ignore[union-attr]
        by_status[c["source"]][c["status"]] += 1
        if c["status"] == "uncorroborated":
            single_total += 1
            if max_rows <= 0 or single_total <= max_rows:
                singles[c["source"]].append({**c, "copies": sorted(copies_of[c["id"]])})
    diverging = [lk for lk in report["links"] if lk["verdict"] == "diverge"]  # type: ignore[union-attr]
    diverging.sort(
        key=lambda lk: (
            kind_order(lk["differences"][0]["kind"]) if lk["differences"] else (99, ""),
            claims[lk["a"]]["source"],
            claims[lk["b"]]["source"],
            lk["a"],
            lk["b"],
        )
    )
    divergences = [
        {**_link_view(lk, claims), "event": event_of.get(lk["a"]) or event_of.get(lk["b"])}
        for lk in _first(diverging, max_rows)
    ]
    grid = max_grid <= 0 or len(source_ids) <= max_grid
    verdict_pairs = [(pair, c) for pair, c in pair_counts.items() if c["agree"] or c["compatible"] or c["diverge"]]
    verdict_pairs.sort(
        key=lambda pc: (
            -pc[1]["diverge"],
            -(pc[1]["agree"] + pc[1]["compatible"]),
            position[pc[0][0]],
            position[pc[0][1]],
        )
    )
    dated = [e for e in event_cards if e["date"]]
    return {
        "source_ids": source_ids,
        "sources": source_by_id,
        "grid": grid,
        "matrix": _grid(pair_counts, source_ids) if grid else {},
        "source_pairs": [] if grid else [_pair_row(a, b, c) for (a, b), c in _first(verdict_pairs, max_rows)],
        "source_pairs_total": len(verdict_pairs),
        "events": event_cards,
        "events_total": len(events),  # type: ignore[arg-type]
        "focus": focus,
        "focus_source": source_by_id.get(base) if base else None,
        "focus_counts": dict(by_status[base]) if base else {},
        "uncorroborated": {k: singles[k] for k in source_ids if singles[k]},
        "uncorroborated_shown": sum(map(len, singles.values())),
        "uncorroborated_total": single_total,
        "by_status": by_status,
        "divergences": divergences,
        "divergences_total": len(diverging),
        "timeline": dated,
        "timeline_total": sum(1 for e in events if e["date"]),  # type: ignore[union-attr]
        "coverage": [{"event": e, "cells": [e["role"].get(sid) for sid in source_ids]} for e in event_cards]
        if grid
        else [],
        "coverage_by_source": [] if grid else _coverage_by_source(roles, source_ids),
        "verdicts": VERDICTS,
        "kinds": DIFFERENCE_KINDS,
        "statuses": STATUSES,
        # Sources in a language compare does not read: named in the sources table.
        "uncompared": {
            s["id"]: language_name(s["language"])  # type: ignore[index]
            for s in sources  # type: ignore[union-attr]
            if not s.get("compared", True)  # type: ignore[union-attr]
        },
    }


def _roles(ev: dict) -> dict[str, str]:  # type: ignore[type-arg]
    """Each source's overall verdict in an event, from the event's pairs of sources (their
    verdicts already sum up the links between them)."""
    role = {sid: "related" for sid in ev["sources"]}
    for pr in ev["pairs"]:
        for sid in (pr["a"], pr["b"]):
            role[sid] = overall_verdict([role[sid], pr["verdict"]])
    return role


def _strongest(items: list[dict], bound: int) -> list[dict]:  # type: ignore[type-arg]
    """The `bound` items with the strongest verdicts (then the highest scores), in their
    own order; all of them when bound is 0."""
    if bound <= 0 or len(items) <= bound:
        return items
    ranked = sorted(
        range(len(items)), key=lambda n: (-_WEIGHT.get(items[n]["verdict"], 0), -items[n].get("score", 0), n)
    )
    return [items[n] for n in sorted(ranked[:bound])]


def _ordered(a: str, b: str, position: dict[str, int]) -> tuple[str, str]:
    return (a, b) if position[a] <= position[b] else (b, a)


def _grid(
    pair_counts: dict[tuple[str, str], Counter[str]], source_ids: list[str]
) -> dict[str, dict[str, Counter[str]]]:
    """Source x source counts, both ways round, for the agreement matrix."""
    out: dict[str, dict[str, Counter[str]]] = {s: {t: Counter() for t in source_ids} for s in source_ids}
    for (a, b), counts in pair_counts.items():
        out[a][b] = out[b][a] = counts
    return out


def _coverage_by_source(roles: list[dict[str, str]], source_ids: list[str]) -> list[dict[str, object]]:
    """Per source: how many events it reports, and in how many it agrees, diverges or is
    only loosely related (the grid's rows summed, for corpora too large to draw it)."""
    tally: dict[str, Counter[str]] = {sid: Counter() for sid in source_ids}
    for role in roles:
        for sid, verdict in role.items():
            tally[sid]["events"] += 1
            tally[sid]["diverge" if verdict == "diverge" else "related" if verdict == "related" else "agree"] += 1
    return [
        {"source": sid, **{k: tally[sid][k] for k in ("events", "agree", "diverge", "related")}}
        for sid in source_ids
        if tally[sid]["events"]
    ]


def _pair_row(a: str, b: str, counts: Counter[str]) -> dict[str, object]:
    return {"a": a, "b": b, **{v: counts[v] for v in VERDICTS}}


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
