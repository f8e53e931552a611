"""Fact-extraction benchmark: precision, recall and F1 per fact type on the gold set, speed,
and a side-by-side comparison with dateparser (dates) and quantulum3 (quantities).

    .venv/bin/python benchmarks/extract_bench.py             # table
    .venv/bin/python benchmarks/extract_bench.py --verbose   # plus false positives/negatives
    .venv/bin/python benchmarks/extract_bench.py --no-libs   # skip the library comparison

Matching (one-to-one, greedy, per sentence):
* date: the predicted span overlaps an occurrence of the gold text, and the resolved start
  and end agree (a null gold value must be predicted null: "never guess");
* quantity: spans overlap, value/low/high agree and the qualifier agrees (unit and
  counted are reported separately, as agreement on the matched pairs);
* entity: sets of canonical keys per sentence. The gold canonical name goes through
  `canonical()`; the predicted keys go through `resolve_keys()` run over the whole gold
  set as one corpus, as `resolve_corpus_entities` does for a real corpus. A gold key also
  matches the representative the resolver chose for it (so the benchmark does not depend
  on which spelling of a cluster the resolver keeps); matching stays one-to-one, so
  merging two different entities into one still costs a miss.

The libraries are optional: they are not runtime dependencies of compare
(`pip install quantulum3` into the venv to include it; dateparser is in the dev venv).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "benchmarks" / "data" / "extract_gold.jsonl"
SEEDS = ROOT / "seeds"


# Gold and predictions ------------------------------------------------------------------


@dataclass
class Row:
    id: str
    text: str
    published: date | None
    entities: list[dict]
    dates: list[dict]
    quantities: list[dict]


def load_gold(path: Path = GOLD) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                pub = date.fromisoformat(r["published"]) if r["published"] else None
                rows.append(Row(r["id"], r["text"], pub, r["entities"], r["dates"], r["quantities"]))
    return rows


@dataclass
class PDate:
    text: str
    start: int
    end: int
    vstart: date | None
    vend: date | None
    precision: str = ""


@dataclass
class PQuant:
    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None = None
    counted: str | None = None


@dataclass
class Pred:
    dates: list[PDate] = field(default_factory=list)
    quantities: list[PQuant] = field(default_factory=list)
    entities: list[tuple[str, str, str, str]] = field(default_factory=list)  # key, name, type, text


def ours(rows: list[Row]) -> list[Pred]:
    from compare.extract import extract_facts

    out = []
    for r in rows:
        f = extract_facts(r.text, r.published)
        out.append(
            Pred(
                dates=[PDate(d.text, d.start, d.end, d.value_start, d.value_end, d.precision) for d in f.dates],
                quantities=[
                    PQuant(
                        q.text,
                        q.start,
                        q.end,
                        q.value,
                        q.low,
                        q.high,
                        q.qualifier,
                        q.unit,
                        q.counted,
                    )
                    for q in f.quantities
                ],
                entities=[(e.key, e.name, e.type, e.text) for e in f.entities],
            )
        )
    return out


# Scoring -------------------------------------------------------------------------------


def spans_of(text: str, sub: str) -> list[tuple[int, int]]:
    out, i = [], text.find(sub)
    while i >= 0:
        out.append((i, i + len(sub)))
        i = text.find(sub, i + 1)
    return out


def overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < ge and gs < e for gs, ge in spans)


def _num_eq(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fps: list[str] = field(default_factory=list)
    fns: list[str] = field(default_factory=list)
    extra: Counter = field(default_factory=Counter)

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


def _greedy(gold: list, pred: list, ok: Callable[[object, object], bool]) -> tuple[list[tuple], list, list]:
    used: set[int] = set()
    pairs, missed = [], []
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and ok(g, p):
                used.add(i)
                pairs.append((g, p))
                break
        else:
            missed.append(g)
    return pairs, missed, [p for i, p in enumerate(pred) if i not in used]


def score_dates(rows: list[Row], preds: list[Pred]) -> Score:
    sc = Score()
    for r, pr in zip(rows, preds, strict=True):

        def ok(g: dict, p: PDate, r: Row = r) -> bool:
            return (
                overlaps(spans_of(r.text, g["text"]), p.start, p.end)
                and g["start"] == _iso(p.vstart)
                and g["end"] == _iso(p.vend)
            )

        pairs, missed, extra = _greedy(r.dates, pr.dates, ok)
        sc.tp += len(pairs)
        sc.fn += len(missed)
        sc.fp += len(extra)
        sc.extra["precision agrees"] += sum(g["precision"] == p.precision for g, p in pairs)
        for g in missed:
            near = [p for p in pr.dates if overlaps(spans_of(r.text, g["text"]), p.start, p.end)]
            got = f" got {near[0].text!r} {_iso(near[0].vstart)}..{_iso(near[0].vend)}" if near else ""
            sc.fns.append(f"{r.id} {g['text']!r} {g['start']}..{g['end']}{got} | pub {r.published}")
        for p in extra:
            sc.fps.append(f"{r.id} {p.text!r} {_iso(p.vstart)}..{_iso(p.vend)} | {r.text[:90]}")
    return sc


def score_quantities(rows: list[Row], preds: list[Pred], check_qualifier: bool = True) -> Score:
    sc = Score()
    for r, pr in zip(rows, preds, strict=True):

        def ok(g: dict, p: PQuant, r: Row = r) -> bool:
            if not overlaps(spans_of(r.text, g["text"]), p.start, p.end):
                return False
            if not check_qualifier:  # value only: the number the text states
                gv = g["value"] if g["value"] is not None else g["low"] if g["low"] is not None else g["high"]
                pv = p.value if p.value is not None else p.low if p.low is not None else p.high
                return _num_eq(gv, pv)
            return (
                _num_eq(g["value"], p.value)
                and _num_eq(g["low"], p.low)
                and _num_eq(g["high"], p.high)
                and g["qualifier"] == p.qualifier
            )

        pairs, missed, extra = _greedy(r.quantities, pr.quantities, ok)
        sc.tp += len(pairs)
        sc.fn += len(missed)
        sc.fp += len(extra)
        sc.extra["unit agrees"] += sum(g["unit"] == p.unit for g, p in pairs)
        sc.extra["counted agrees"] += sum(g["counted"] == p.counted for g, p in pairs)
        for g in missed:
            near = [p for p in pr.quantities if overlaps(spans_of(r.text, g["text"]), p.start, p.end)]
            got = f" got {_q(near[0])}" if near else ""
            gold = f"v={g['value']} [{g['low']},{g['high']}] {g['qualifier']}"
            sc.fns.append(f"{r.id} {g['text']!r} {gold}{got}")
        for p in extra:
            sc.fps.append(f"{r.id} {p.text!r} v={p.value} [{p.low},{p.high}] {p.qualifier} | {r.text[:80]}")
    return sc


def _q(p: PQuant) -> str:
    return f"{p.text!r} v={p.value} [{p.low},{p.high}] {p.qualifier}"


def score_entities(rows: list[Row], preds: list[Pred]) -> Score:
    from compare.names import canonical, resolve_keys

    mapping = resolve_keys([(k, n, t) for pr in preds for k, n, t, _ in pr.entities])
    sc = Score()
    for r, pr in zip(rows, preds, strict=True):
        pred: dict[str, tuple[str, str]] = {}
        for k, _, t, text in pr.entities:
            pred.setdefault(mapping.get(k, k), (text, t))
        gold: dict[str, dict] = {}
        for g in r.entities:
            gold.setdefault(canonical(g["canonical"])[0], g)

        def ok(gk: str, pk: str) -> bool:
            return pk in (gk, mapping.get(gk, gk))

        pairs, missed, extra = _greedy(list(gold), list(pred), ok)
        sc.tp += len(pairs)
        sc.fn += len(missed)
        sc.fp += len(extra)
        sc.extra["type agrees"] += sum(gold[g]["type"] == pred[p][1] for g, p in pairs)
        for gk in missed:
            sc.fns.append(f"{r.id} {gold[gk]['text']!r} ({gk}) | {r.text[:90]}")
        for pk in extra:
            sc.fps.append(f"{r.id} {pred[pk][0]!r} ({pk}, {pred[pk][1]}) | {r.text[:90]}")
    return sc


# Libraries -----------------------------------------------------------------------------


def dateparser_preds(rows: list[Row]) -> list[Pred]:
    """search_dates with RELATIVE_BASE=published and PREFER_DATES_FROM='past'; the period
    dateparser reports for each hit (day, week, month, year) sets the span of dates."""
    import calendar

    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    out = []
    for r in rows:
        settings: dict[str, object] = {"PREFER_DATES_FROM": "past"}
        if r.published:
            settings["RELATIVE_BASE"] = datetime(r.published.year, r.published.month, r.published.day)
        hits = search_dates(r.text, languages=["en"], settings=settings) or []
        ddp = DateDataParser(languages=["en"], settings=settings)
        pred, pos = Pred(), 0
        for sub, dt in hits:
            s = r.text.find(sub, pos)
            if s < 0:
                s = r.text.find(sub)
            pos = max(pos, s + len(sub))
            period = (ddp.get_date_data(sub).period or "day") if sub else "day"
            d = dt.date()
            lo, hi = d, d
            if period == "month":
                lo, hi = d.replace(day=1), d.replace(day=calendar.monthrange(d.year, d.month)[1])
            elif period == "year":
                lo, hi = date(d.year, 1, 1), date(d.year, 12, 31)
            elif period == "week":
                lo = d - timedelta(days=d.weekday())
                hi = lo + timedelta(days=6)
            pred.dates.append(PDate(sub, s, s + len(sub), lo, hi, period))
        out.append(pred)
    return out


def quantulum_preds(rows: list[Row], date_skip: list[Pred] | None = None) -> list[Pred]:
    """quantulum3's parser.parse; an uncertainty becomes a range. It states no qualifier, so
    every hit is 'exact'. With date_skip, hits overlapping those date spans are dropped."""
    from quantulum3 import parser

    quantulum_mode()
    out = []
    for i, r in enumerate(rows):
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            hits = parser.parse(r.text)
        pred = Pred()
        for q in hits:
            s, e = q.span
            if date_skip and any(s < d.end and d.start < e for d in date_skip[i].dates):
                continue
            unit = None if q.unit.name == "dimensionless" else q.unit.name
            if q.uncertainty:
                lo, hi = q.value - q.uncertainty, q.value + q.uncertainty
                pred.quantities.append(PQuant(q.surface, s, e, None, lo, hi, "range", unit))
            else:
                pred.quantities.append(PQuant(q.surface, s, e, q.value, q.value, q.value, "exact", unit))
        out.append(pred)
    return out


_QUANTULUM_NOTE: list[str] = []


def quantulum_mode() -> str:
    """quantulum3 ships a pickled scikit-learn classifier for ambiguous units; when the
    installed scikit-learn cannot load it, fall back to its documented no-classifier mode."""
    if _QUANTULUM_NOTE:
        return _QUANTULUM_NOTE[0]
    from quantulum3 import classifier, parser

    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            parser.parse("It weighed 40 pounds and cost 30 pounds at 20 C.")
        note = "with its bundled classifier"
    except Exception as exc:  # an unpicklable model raises ImportError, ValueError, ...
        classifier.USE_CLF = False
        note = f"no-classifier mode (bundled classifier does not load: {type(exc).__name__}: {exc})"
    _QUANTULUM_NOTE.append(note)
    return note


# Speed ---------------------------------------------------------------------------------


def _busy(cpus: set[int], interval: float = 0.3) -> dict[int, float]:
    """Share of time each CPU was busy over `interval` seconds (Linux /proc/stat)."""

    def sample() -> dict[int, tuple[int, int]]:
        out = {}
        with open("/proc/stat", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("cpu") and line[3:4].isdigit():
                    name, *vals = line.split()
                    v = [int(x) for x in vals]
                    out[int(name[3:])] = (v[3] + v[4], sum(v))  # idle + iowait, total
        return out

    a = sample()
    time.sleep(interval)
    b = sample()
    return {c: 1 - (b[c][0] - a[c][0]) / max(1, b[c][1] - a[c][1]) for c in cpus if c in a and c in b}


def pin_one_core() -> str:
    """Pin the process to the least busy CPU it may use (other jobs share this machine)."""
    with contextlib.suppress(AttributeError, OSError):
        cpus = set(os.sched_getaffinity(0))
        busy = _busy(cpus)
        cpu = min(busy, key=lambda c: (busy[c], c)) if busy else min(cpus)
        os.sched_setaffinity(0, {cpu})
        load = f", {busy[cpu]:.0%} busy before the runs" if cpu in busy else ""
        return f"pinned to CPU {cpu}{load}"
    return "not pinned"


def seed_claims() -> list[tuple[str, date | None]]:
    from compare.corpus import read_source
    from compare.segment import segment_text

    out = []
    for path in sorted(SEEDS.glob("*.md")):
        src = read_source(path)
        seg = segment_text(src.id, src.text)
        out.extend((c.text, src.meta.published) for c in seg.claims)
    return out


def clear_caches() -> None:
    """Empty the per-mention caches (not the data files) so that a run starts cold."""
    from compare import entities, quantities

    names = {
        entities: ("fold", "base_key", "canonical", "_plain", "_known", "is_demonym", "_plausible"),
        quantities: ("lemma",),
    }
    for mod, fns in names.items():
        for name in fns:
            fn = getattr(mod, name, None)
            if hasattr(fn, "cache_clear"):
                fn.cache_clear()


def rate(
    items: list[tuple[str, date | None]],
    fn: Callable[[str, date | None], object],
    runs: int,
    cold: int = 0,
) -> float:
    """Median claims per second (CPU time) over `runs` passes. With cold=k, a pass goes k
    times over the items, each time after clearing the per-mention caches."""
    speeds = []
    for _ in range(runs):
        n = 0
        t0 = time.process_time()
        for _ in range(max(1, cold)):
            if cold:
                clear_caches()
            for text, pub in items:
                fn(text, pub)
            n += len(items)
        speeds.append(n / (time.process_time() - t0))
    return statistics.median(speeds)


def repeat_to(items: list, n: int) -> list:
    k = max(1, round(n / max(1, len(items))))
    return items * k


# Report --------------------------------------------------------------------------------

FLOORS = {"entities": (0.85, 0.80), "dates": (0.90, 0.85), "quantities": (0.90, 0.85)}
SPEED_FLOOR = 2000


def fmt_row(name: str, sc: Score, extra: str = "") -> str:
    cells = f"{sc.p:9.3f} | {sc.r:6.3f} | {sc.f1:6.3f} | {sc.tp:4d} | {sc.fp:4d} | {sc.fn:4d}"
    return f"| {name:<34} | {cells} |" + (f" {extra:>8} |" if extra is not None else "")


def print_table(title: str, rows_: Iterable[tuple[str, Score, str | None]], speed: bool) -> None:
    print(f"\n{title}\n")
    head = f"| {'':<34} | precision | recall |     F1 |   TP |   FP |   FN |"
    rule = f"|{'-' * 36}|-----------|--------|--------|------|------|------|"
    print(head + (" claims/s |" if speed else ""))
    print(rule + ("----------|" if speed else ""))
    for name, sc, sp in rows_:
        print(fmt_row(name, sc, sp if speed else None))  # type: ignore[arg-type]


def show_errors(name: str, sc: Score, k: int) -> None:
    print(f"\n{name}: {sc.fp} false positives, {sc.fn} false negatives")
    for label, items in (("FP", sc.fps), ("FN", sc.fns)):
        for line in items[:k]:
            print(f"  {label} {line}")
        if len(items) > k:
            print(f"  {label} ... {len(items) - k} more")


def measure_speed(rows: list[Row], runs: int, claims: int) -> dict[str, float]:
    from compare.cues import extract_cues, extract_framing, is_checkable
    from compare.dates import extract_dates
    from compare.entities import extract_entities
    from compare.extract import extract_facts
    from compare.quantities import extract_quantities

    print(f"\nSpeed (one core, {pin_one_core()}; CPU time, median of {runs} runs)")
    extract_facts("Warm-up: Hezbollah said 3 rockets hit Safed on Tuesday.", date(2024, 2, 14))
    speed: dict[str, float] = {}
    gold = [(r.text, r.published) for r in rows]
    seeds = seed_claims()
    for name, items in (
        ("gold sentences", gold),
        (f"demo corpus claims (seeds/, {len(seeds)})", seeds),
    ):
        if not items:
            continue
        rep = repeat_to(items, claims)
        warm = rate(rep, extract_facts, runs)
        cold = rate(items, extract_facts, runs, cold=max(1, len(rep) // len(items)))
        speed[name] = min(warm, cold)
        times = f"x{len(rep) // len(items)} = {len(rep)} claims"
        print(
            f"  extract_facts, {name} {times}: {warm:,.0f} claims/s;"
            f" with the name caches cleared before each pass over them: {cold:,.0f} claims/s"
        )
    rep = repeat_to(gold, claims)
    parts = {
        "extract_dates": lambda t, p: extract_dates(t, p),
        "extract_quantities": lambda t, p: extract_quantities(t, []),
        "extract_entities": lambda t, p: extract_entities(t),
        "cues + framing + checkable (compare.cues)": lambda t, p: (
            extract_cues(t),
            extract_framing(t),
            is_checkable(t, True),
        ),
    }
    for name, fn in parts.items():
        speed[name] = rate(rep, fn, runs)
        print(f"    {name} alone: {speed[name]:,.0f} claims/s ({1e6 / speed[name]:.0f} us/claim)")
    worst = min(v for k, v in speed.items() if not k.startswith(("extract_", "cues")))
    verdict = "OK" if worst >= SPEED_FLOOR else "BELOW"
    print(f"  floor {SPEED_FLOOR:,} claims/s for extract_facts: {verdict}")
    return speed


def compare_libraries(
    rows: list[Row],
    preds: list[Pred],
    scores: dict[str, Score],
    speed: dict[str, float],
    args: argparse.Namespace,
) -> None:
    gold = [(r.text, r.published) for r in rows]
    runs = min(args.runs, 3)
    timed = not args.no_speed

    def sp(key: str) -> str:
        return f"{speed[key]:,.0f}" if key in speed else "-"

    table: list[tuple[str, Score, str]] = [("dates: compare", scores["dates"], sp("extract_dates"))]
    extra: list[tuple[str, Score]] = []
    try:
        from dateparser.search import search_dates

        def dp_one(t: str, p: date | None) -> object:
            s: dict[str, object] = {"PREFER_DATES_FROM": "past"}
            if p:
                s["RELATIVE_BASE"] = datetime(p.year, p.month, p.day)
            return search_dates(t, languages=["en"], settings=s)

        dsc = score_dates(rows, dateparser_preds(rows))
        table.append(
            (
                "dates: dateparser.search_dates",
                dsc,
                f"{rate(gold, dp_one, runs):,.0f}" if timed else "-",
            )
        )
        extra.append(("dateparser", dsc))
    except ImportError as exc:
        print(f"\ndateparser not available: {exc}")
    table.append(("quantities: compare", scores["quantities"], sp("extract_quantities")))
    table.append(
        (
            "  (value only, qualifier ignored)",
            score_quantities(rows, preds, check_qualifier=False),
            "",
        )
    )
    try:
        import quantulum3
        from quantulum3 import parser

        note = quantulum_mode()

        def q_one(t: str, p: date | None) -> object:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return parser.parse(t)

        qsp = f"{rate(gold, q_one, runs):,.0f}" if timed else "-"
        qraw = score_quantities(rows, quantulum_preds(rows))
        qp = quantulum_preds(rows, preds)
        table.append(("quantities: quantulum3", qraw, qsp))
        table.append(("quantulum3 without our date spans", score_quantities(rows, qp), qsp))
        table.append(
            (
                "  (value only, qualifier ignored)",
                score_quantities(rows, qp, check_qualifier=False),
                "",
            )
        )
        extra.append(("quantulum3", qraw))
        print(f"\nquantulum3 {quantulum3.__version__}: {note}")
    except ImportError as exc:
        print(f"\nquantulum3 not installed ({exc}); `pip install quantulum3` to compare")
    print_table("Libraries, same gold set and scoring (speed: claims/s, one core)", table, speed=True)
    if args.verbose:
        for name, sc in extra:
            show_errors(name, sc, args.examples)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--verbose", "-v", action="store_true", help="list false positives/negatives")
    ap.add_argument("--examples", type=int, default=8, help="examples per list with --verbose")
    ap.add_argument("--no-libs", action="store_true", help="skip dateparser and quantulum3")
    ap.add_argument("--no-speed", action="store_true", help="skip the timing runs")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--claims", type=int, default=5000)
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    rows = load_gold(args.gold)
    preds = ours(rows)
    scores = {
        "entities": score_entities(rows, preds),
        "dates": score_dates(rows, preds),
        "quantities": score_quantities(rows, preds),
    }
    counts = ", ".join(f"{sum(len(getattr(r, k)) for r in rows)} {k}" for k in scores)
    print(f"Gold set: {args.gold.name} ({len(rows)} sentences; {counts})")
    print_table("compare's extractor", [(k, v, None) for k, v in scores.items()], speed=False)
    print()
    for k, sc in scores.items():
        fp, fr = FLOORS[k]
        ok = sc.p >= fp and sc.r >= fr
        agree = ", ".join(f"{n} {c}/{sc.tp}" for n, c in sc.extra.items())
        print(f"  {k:<10} floors P>={fp} R>={fr}: {'OK' if ok else 'BELOW'}   ({agree} matched)")
    if args.verbose:
        for k, sc in scores.items():
            show_errors(k, sc, args.examples)
    speed = {} if args.no_speed else measure_speed(rows, args.runs, args.claims)
    if not args.no_libs:
        compare_libraries(rows, preds, scores, speed, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
