"""What changed between two reports: after a source is added, which links, verdicts, claim
statuses and events it changed.

A reader who adds a wire report to a corpus wants to know what the wire changed: a claim
only one source made that it now confirms or disputes, a new divergence, an event it
joins. The reports are compared as data (their JSON), so any two reports of schema 2 can
be compared, whatever corpus or settings made them; settings that differ are named,
because they change results on their own. With term weights counted at every run, a new
source moves most scores by hundredths: those moves are counted, not listed. Frozen term
weights (frozen.py) keep the scores of links a new source takes no part in, so what is
listed is mostly what the source changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TypeVar

from . import __version__
from .errors import InputError, NotFoundError
from .gcpause import pauses_collector

T = TypeVar("T")

DIFF_VERSION = "1"
REPORT_SCHEMA = "2"
# A printed score moves by hundredths when a shared common word's weight crosses a step:
# moves under this are counted, not listed.
SCORE_MOVE_LISTED = 5.0


@dataclass(frozen=True)
class ClaimRef:
    id: str
    source: str
    text: str


@dataclass(frozen=True)
class LinkChange:
    a: ClaimRef
    b: ClaimRef
    before: str  # verdict before, "" when the two claims were not linked
    after: str  # verdict after, "" when they are no longer linked
    kinds_before: tuple[str, ...]
    kinds_after: tuple[str, ...]
    score_before: float | None
    score_after: float | None


@dataclass(frozen=True)
class StatusChange:
    claim: ClaimRef
    before: str
    after: str


@dataclass(frozen=True)
class EventChange:
    label_before: str
    label_after: str
    sources_before: tuple[str, ...]
    sources_after: tuple[str, ...]
    verdict_before: str
    verdict_after: str


@dataclass(frozen=True)
class ReportDiff:
    sources_added: tuple[str, ...]
    sources_removed: tuple[str, ...]
    settings_changed: tuple[str, ...]
    links_added: tuple[LinkChange, ...]
    links_removed: tuple[LinkChange, ...]
    verdicts_changed: tuple[LinkChange, ...]
    scores_moved: tuple[LinkChange, ...]  # same verdict, score moved by SCORE_MOVE_LISTED or more
    small_score_moves: int  # same verdict, score moved by less
    statuses_changed: tuple[StatusChange, ...]
    events_added: tuple[EventChange, ...]
    events_removed: tuple[EventChange, ...]
    events_changed: tuple[EventChange, ...]

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@pauses_collector
def read_report(path: Path) -> dict[str, object]:
    """A report.json written by `compare report`; anything else fails with one line."""
    if not path.is_file():
        raise NotFoundError(f"{path}: no such file")
    import orjson

    try:
        data = orjson.loads(path.read_bytes())  # a report of 1,000 sources is 100 MB or more
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a compare report (not valid JSON: {exc.__class__.__name__})") from None
    if not isinstance(data, dict) or "schema_version" not in data:
        raise InputError(f"{path}: not a compare report (no schema_version)")
    if data["schema_version"] != REPORT_SCHEMA:
        raise InputError(
            f"{path}: report schema {str(data['schema_version'])[:20]!r}; "
            f"this version of compare reads schema {REPORT_SCHEMA}"
        )
    for key, kind in (("sources", list), ("claims", list), ("links", list), ("events", list), ("settings", dict)):
        if not isinstance(data.get(key), kind):
            raise InputError(f"{path}: not a compare report ('{key}' missing or not a {kind.__name__})")
    return data


def _rows(data: Mapping[str, object], key: str, required: tuple[str, ...]) -> list[dict[str, object]]:
    rows = data[key]
    assert isinstance(rows, list)
    for row in rows:
        if not isinstance(row, dict) or any(k not in row for k in required):
            raise InputError(f"a report's '{key}' entry lacks one of {', '.join(required)}")
    return rows


def _claims(data: Mapping[str, object]) -> dict[str, tuple[ClaimRef, str]]:
    """Each claim of a report by id, with its status."""
    return {
        str(c["id"]): (ClaimRef(str(c["id"]), str(c["source"]), str(c["text"])), str(c["status"]))
        for c in _rows(data, "claims", ("id", "source", "text", "status"))
    }


def _links(data: Mapping[str, object]) -> dict[tuple[str, str], dict[str, object]]:
    return {(str(lk["a"]), str(lk["b"])): lk for lk in _rows(data, "links", ("a", "b", "score", "verdict"))}


def _kinds(link: Mapping[str, object] | None) -> tuple[str, ...]:
    if not link:
        return ()
    return tuple(sorted({str(d.get("kind", "")) for d in link.get("differences") or [] if isinstance(d, dict)}))  # type: ignore[union-attr]


def _change(
    key: tuple[str, str],
    old: Mapping[str, object] | None,
    new: Mapping[str, object] | None,
    claims: Mapping[str, ClaimRef],
) -> LinkChange:
    a, b = (claims.get(k, ClaimRef(k, "", "")) for k in key)
    return LinkChange(
        a,
        b,
        str(old["verdict"]) if old else "",
        str(new["verdict"]) if new else "",
        _kinds(old),
        _kinds(new),
        float(old["score"]) if old else None,  # type: ignore[arg-type]
        float(new["score"]) if new else None,  # type: ignore[arg-type]
    )


def _events(data: Mapping[str, object]) -> list[dict[str, object]]:
    return _rows(data, "events", ("claims", "label", "sources", "verdict"))


def _event_change(old: Mapping[str, object] | None, new: Mapping[str, object] | None) -> EventChange:
    return EventChange(
        str(old["label"]) if old else "",
        str(new["label"]) if new else "",
        tuple(sorted(map(str, old["sources"]))) if old else (),  # type: ignore[call-overload]
        tuple(sorted(map(str, new["sources"]))) if new else (),  # type: ignore[call-overload]
        str(old["verdict"]) if old else "",
        str(new["verdict"]) if new else "",
    )


def _diff_events(old: list[dict[str, object]], new: list[dict[str, object]]) -> tuple[list, list, list]:  # type: ignore[type-arg]
    """Events are matched by the claims they share (an event that gains a claim gets a new
    id): each event to the one of the other report sharing most claims with it."""
    holder: dict[str, int] = {}
    for k, ev in enumerate(old):
        for c in ev["claims"]:  # type: ignore[attr-defined]
            holder.setdefault(str(c), k)
    matched_old: set[int] = set()
    added, changed = [], []
    for ev in new:
        shared: dict[int, int] = {}
        for c in ev["claims"]:  # type: ignore[attr-defined]
            if (k := holder.get(str(c))) is not None:
                shared[k] = shared.get(k, 0) + 1
        if not shared:
            added.append(_event_change(None, ev))
            continue
        k = min(shared, key=lambda j: (-shared[j], j))
        matched_old.add(k)
        change = _event_change(old[k], ev)
        if (change.sources_before, change.verdict_before) != (change.sources_after, change.verdict_after):
            changed.append(change)
    removed = [_event_change(ev, None) for k, ev in enumerate(old) if k not in matched_old]
    return added, removed, changed


@pauses_collector
def diff_reports(old: Mapping[str, object], new: Mapping[str, object]) -> ReportDiff:
    """What changed from report `old` to report `new` (both as read by read_report)."""
    old_sources = {str(s["id"]) for s in _rows(old, "sources", ("id",))}
    new_sources = {str(s["id"]) for s in _rows(new, "sources", ("id",))}
    settings_old, settings_new = old["settings"], new["settings"]
    assert isinstance(settings_old, dict) and isinstance(settings_new, dict)
    keys = set(settings_old) | set(settings_new)
    settings_changed = sorted(k for k in keys if settings_old.get(k) != settings_new.get(k))
    claims_old, claims_new = _claims(old), _claims(new)
    claims = {cid: ref for cid, (ref, _) in (claims_old | claims_new).items()}
    links_old, links_new = _links(old), _links(new)
    added = [_change(k, None, links_new[k], claims) for k in sorted(set(links_new) - set(links_old))]
    removed = [_change(k, links_old[k], None, claims) for k in sorted(set(links_old) - set(links_new))]
    changed, moved, small = [], [], 0
    for k in sorted(set(links_old) & set(links_new)):
        lo, ln = links_old[k], links_new[k]
        # Most links of a large report are untouched: compare the raw fields first.
        same = lo["verdict"] == ln["verdict"] and lo["score"] == ln["score"]
        if same and (lo.get("differences") == ln.get("differences") or _kinds(lo) == _kinds(ln)):
            continue
        change = _change(k, lo, ln, claims)
        if (change.before, change.kinds_before) != (change.after, change.kinds_after):
            changed.append(change)
        elif change.score_before != change.score_after:
            if abs(change.score_after - change.score_before) >= SCORE_MOVE_LISTED:  # type: ignore[operator]
                moved.append(change)
            else:
                small += 1
    statuses = [
        StatusChange(ref, claims_old[cid][1], status)
        for cid, (ref, status) in claims_new.items()
        if cid in claims_old and claims_old[cid][1] != status
    ]
    ev_added, ev_removed, ev_changed = _diff_events(_events(old), _events(new))
    return ReportDiff(
        tuple(sorted(new_sources - old_sources)),
        tuple(sorted(old_sources - new_sources)),
        tuple(settings_changed),
        tuple(added),
        tuple(removed),
        tuple(changed),
        tuple(moved),
        small,
        tuple(sorted(statuses, key=lambda s: (s.claim.source, s.claim.id))),
        tuple(ev_added),
        tuple(ev_removed),
        tuple(ev_changed),
    )


def diff_to_dict(diff: ReportDiff) -> dict[str, object]:
    """The diff as the versioned JSON envelope `compare diff --json` prints."""
    body = asdict(diff)
    return {"diff_version": DIFF_VERSION, "generator": f"compare {__version__}", **body}


_VERDICT_ORDER = {"diverge": 0, "agree": 1, "compatible": 2, "related": 3, "": 4}


def _quote(ref: ClaimRef) -> str:
    from .report import md_escape
    from .textnorm import clean_display

    source = md_escape(ref.source) if ref.source else "?"
    return f"[{source}] “{md_escape(clean_display(ref.text, limit=160))}”"


def _verdict(verdict: str, kinds: tuple[str, ...]) -> str:
    if not verdict:
        return "not linked"
    return f"{verdict} ({', '.join(kinds)})" if kinds else verdict


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _section(title: str, items: Sequence[T], line: Callable[[T], str], limit: int) -> list[str]:
    """A titled list of `items`, the first `limit` of them (0: all) rendered by `line`."""
    if not items:
        return []
    shown = items[:limit] if limit > 0 else items
    out = ["", f"## {title} ({len(items)})", "", *map(line, shown)]
    if len(shown) < len(items):
        out.append(f"- … and {len(items) - len(shown)} more (`--limit 0` lists them all)")
    return out


def _counts(changes: Sequence[LinkChange], attr: str) -> str:
    tally = Counter(getattr(ch, attr) for ch in changes)
    return ", ".join(f"{v} {tally[v]}" for v in sorted(tally, key=lambda v: _VERDICT_ORDER.get(v, 5)))


def _ordered(changes: Sequence[LinkChange], side: str) -> list[LinkChange]:
    """Divergences first, then agreements, ...; the highest score first within each."""
    return sorted(
        changes,
        key=lambda ch: (
            _VERDICT_ORDER.get(getattr(ch, side), 5),
            -((ch.score_after if side == "after" else ch.score_before) or 0.0),
            ch.a.id,
            ch.b.id,
        ),
    )


def _link_line(ch: LinkChange) -> str:
    if ch.before and ch.after:
        was, now = _verdict(ch.before, ch.kinds_before), _verdict(ch.after, ch.kinds_after)
        what = now if was == now else f"{was} → **{now}**"
        score = f"score {_score(ch.score_before)} → {_score(ch.score_after)}"
    elif ch.after:
        what, score = f"**{_verdict(ch.after, ch.kinds_after)}**", f"score {_score(ch.score_after)}"
    else:
        what, score = f"was {_verdict(ch.before, ch.kinds_before)}", f"score {_score(ch.score_before)}"
    return f"- {what}, {score}: {_quote(ch.a)} ↔ {_quote(ch.b)}"


def render_diff(diff: ReportDiff, limit: int = 50) -> str:
    """The diff as Markdown: each list at most `limit` rows (0: all), divergences first."""
    from .report import md_escape

    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(f"`{md_escape(s)}`" for s in ids) if ids else "none"

    lines = ["# Changes between two reports", ""]
    if diff.empty:
        return "\n".join([*lines, "No change: the same sources, links, verdicts, statuses and events.", ""])
    lines.append(f"Sources added: {names(diff.sources_added)}. Sources removed: {names(diff.sources_removed)}.")
    if diff.settings_changed:
        lines.append(f"Settings changed: {names(diff.settings_changed)}; results can differ for that reason alone.")
    lines += _section(
        "Claim statuses changed",
        diff.statuses_changed,
        lambda st: f"- {st.before} → **{st.after}**: {_quote(st.claim)}",
        limit,
    )
    lines += _section(
        f"Links added: {_counts(diff.links_added, 'after')}", _ordered(diff.links_added, "after"), _link_line, limit
    )
    lines += _section(
        f"Links removed: {_counts(diff.links_removed, 'before')}",
        _ordered(diff.links_removed, "before"),
        _link_line,
        limit,
    )
    lines += _section("Verdicts changed", _ordered(diff.verdicts_changed, "after"), _link_line, limit)
    lines += _section(
        f"Scores moved by {SCORE_MOVE_LISTED:g} or more, same verdict",
        _ordered(diff.scores_moved, "after"),
        _link_line,
        limit,
    )
    if diff.small_score_moves:
        lines += [
            "",
            f"{diff.small_score_moves} other links kept their verdict; "
            f"their scores moved by less than {SCORE_MOVE_LISTED:g}.",
        ]

    def event_line(ev: EventChange) -> str:
        label = md_escape(ev.label_after or ev.label_before)
        if not ev.sources_before:
            return f"- new: {label} — {names(ev.sources_after)} ({ev.verdict_after})"
        if not ev.sources_after:
            return f"- gone: {label} — was {names(ev.sources_before)} ({ev.verdict_before})"
        gained = tuple(s for s in ev.sources_after if s not in ev.sources_before)
        lost = tuple(s for s in ev.sources_before if s not in ev.sources_after)
        parts = []
        if gained:
            parts.append(f"joined by {names(gained)}")
        if lost:
            parts.append(f"left by {names(lost)}")
        if ev.verdict_before != ev.verdict_after:
            parts.append(f"{ev.verdict_before} → **{ev.verdict_after}**")
        return f"- {label}: {'; '.join(parts)}"

    events = [*diff.events_added, *diff.events_changed, *diff.events_removed]
    lines += _section("Events", events, event_line, limit)
    return "\n".join(lines) + "\n"
