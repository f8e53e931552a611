"""`compare eval`: score the aligner, or the verdicts, against any labelled pair file.

Each pair is scored as the aligner scores two claims of two different sources: every
distinct text of the file becomes a one-claim source, so corpus statistics (TF-IDF,
document neighbourhoods, stories) are those of the file, as they would be of a corpus.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .errors import InputError, NotFoundError, UsageError
from .model import DIFFERENCE_KINDS, VERDICTS
from .settings import Settings

MAX_FIELD = 50 * 1024 * 1024
STANCE_TARGETS = (*VERDICTS, *DIFFERENCE_KINDS)


def _read_table(
    path: Path, columns: Sequence[str], what: str, limit: int | None = None, optional: Sequence[str] = ()
) -> list[dict[str, str]]:
    """Rows of a CSV or TSV file (by extension), with properly quoted fields. Columns in
    `optional` that the file lacks are left out of the rows; any other is an error, and so
    is a row with more or fewer fields than the header (it would shift or drop a label)."""
    if not path.exists():
        raise NotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".tab", ".txt"):
        raise UsageError(f"{path}: unknown {what} file type '{suffix}' (use .csv or .tsv)")
    delimiter = "," if suffix == ".csv" else "\t"
    csv.field_size_limit(MAX_FIELD)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            # Blank lines before the header are not one; a file of nothing else is empty.
            header = next((r for r in reader if any(f.strip() for f in r)), None)
            if header is None:
                raise InputError(f"{path}: the file is empty")
            missing = [c for c in columns if c not in header and c not in optional]
            if missing:
                raise UsageError(
                    f"{path}: no column {', '.join(repr(m) for m in missing)} (columns: {', '.join(header)})"
                )
            # The last of two same-named columns wins, as with csv.DictReader.
            where = {name: i for i, name in enumerate(header)}
            present = [(c, where[c]) for c in dict.fromkeys(columns) if c in where]
            rows = []
            end = reader.line_num
            for record in reader:
                # A quoted field may run over several lines: the record starts on the line
                # after the one the previous record ended on.
                start, end = end + 1, reader.line_num
                if not record:
                    continue  # a blank line
                if len(record) != len(header):
                    lines = f"line {start}" if start == end else f"the row on lines {start}-{end}"
                    raise InputError(
                        f"{path}: {lines} has {len(record)} field{'' if len(record) == 1 else 's'}, "
                        f"the header has {len(header)}"
                    )
                rows.append({c: record[i] for c, i in present})
                if limit and len(rows) >= limit:
                    break
    except UnicodeDecodeError:
        raise InputError(f"{path}: not valid UTF-8") from None
    except csv.Error as exc:
        raise InputError(f"{path}: malformed {(delimiter == ',' and 'CSV') or 'TSV'} ({exc})") from None
    if not rows:
        raise InputError(f"{path}: no rows below the header")
    return rows


def read_pairs(
    path: Path,
    columns: Sequence[str],
    limit: int | None = None,
    texts: Path | None = None,
    key: str | None = None,
) -> list[dict[str, str]]:
    """Rows of a pair file. With `texts` and `key`, the columns the pair file lacks are
    looked up by `key` in the `texts` file: FNC-1 gives each pair a Body ID and keeps the
    bodies in a file of their own."""
    if texts is None:
        return _read_table(path, columns, "pair", limit)
    if not key:
        raise UsageError("--texts needs --key: the column that names a text in both files")
    rows = _read_table(path, [*columns, key], "pair", limit, optional=columns)
    looked_up = [c for c in columns if c not in rows[0]]
    if not looked_up:
        return rows
    by_key: dict[str, dict[str, str]] = {}
    # Rows are counted after the header, not lines: FNC-1's bodies span many lines.
    for n, row in enumerate(_read_table(texts, [key, *looked_up], "texts"), start=1):
        k = row[key].strip()
        if k in by_key:
            raise InputError(f"{texts}: row {n}: {key} '{k[:40]}' appears twice")
        by_key[k] = row
    for n, row in enumerate(rows, start=1):
        found = by_key.get(row[key].strip())
        if found is None:
            raise InputError(f"{path}: row {n}: {key} '{row[key].strip()[:40]}' is not in {texts}")
        for c in looked_up:
            row[c] = found[c]
    return rows


def _pseudo_corpus(texts: list[str], settings: Settings, segment: bool):  # type: ignore[no-untyped-def]
    """An Aligner over the distinct texts, each one a source."""
    from .align import Aligner, AlignInput
    from .extract import extract_facts, resolve_corpus_entities
    from .model import Claim, content_id
    from .segment import segment_text
    from .textnorm import normalize_text

    claims, facts, section_of, owner = [], [], [], []
    sources: dict[str, str] = {}
    for t, raw in enumerate(texts):
        text = normalize_text(raw, boilerplate=False) or " "
        sid = f"t{t:07d}"
        sources[sid] = text
        spans = [(c.start, c.end) for c in segment_text(sid, text).claims] if segment else []
        if not spans:
            spans = [(0, len(text.rstrip("\n")))]
        for k, (s, e) in enumerate(spans):
            claims.append(Claim(content_id("c", sid, str(k)), sid, s, e, text[s:e], 0, 0, k))
            facts.append(extract_facts(text[s:e], None))
            section_of.append(t)
            owner.append(t)
    facts = resolve_corpus_entities(facts)
    data = AlignInput(
        claims,
        facts,
        sources,
        section_of,
        [sources[f"t{t:07d}"] for t in range(len(texts))],
        list(sources),
    )
    return Aligner(data, settings), np.array(owner)


def roc_auc(y: np.ndarray, s: np.ndarray) -> float | None:
    """Area under the ROC curve by the Mann-Whitney rank formula, ties given average
    ranks; None when one class is missing."""
    from scipy.stats import rankdata

    y = np.asarray(y)
    pos = int((y == 1).sum())
    neg = len(y) - pos
    if not pos or not neg:
        return None
    ranks = rankdata(np.asarray(s, dtype=np.float64), method="average")
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def _at(y: np.ndarray, s: np.ndarray, t: float) -> dict[str, float]:
    pred = s >= t
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "accuracy": float((pred == (y == 1)).mean())}


def best_threshold(y: np.ndarray, s: np.ndarray) -> float:
    """Threshold with the best accuracy (ties: the lowest such threshold)."""
    candidates = np.unique(np.concatenate([s, [101.0]]))
    best_t, best_acc = 101.0, -1.0
    order = np.argsort(s)
    ys, ss = y[order], s[order]
    # accuracy(t) = (#neg below t + #pos at/above t) / n, computed with cumulative sums
    neg_below = np.concatenate([[0], np.cumsum(ys == 0)])
    pos_total = int(ys.sum())
    pos_below = np.concatenate([[0], np.cumsum(ys == 1)])
    idx = np.searchsorted(ss, candidates, side="left")
    acc = (neg_below[idx] + (pos_total - pos_below[idx])) / len(y)
    k = int(np.argmax(acc))
    best_t, best_acc = float(candidates[k]), float(acc[k])
    return best_t if best_acc >= 0 else 101.0


def evaluate_align(
    rows: list[dict[str, str]],
    text_a: str,
    text_b: str,
    label: str,
    positives: frozenset[str],
    threshold: float | None,
    settings: Settings,
    keep: list[dict[str, object]] | None = None,
) -> dict[str, object]:
    """Metrics of the link score as a same-event predictor; with `keep`, each pair's
    score and prediction are appended to it, in file order."""
    texts = sorted({r[text_a] for r in rows} | {r[text_b] for r in rows})
    index = {t: i for i, t in enumerate(texts)}
    aligner, _ = _pseudo_corpus(texts, settings, segment=False)
    pairs = np.array([[index[r[text_a]], index[r[text_b]]] for r in rows], dtype=np.int64)
    same = pairs[:, 0] == pairs[:, 1]
    scores = np.zeros(len(rows))
    ok = ~same
    if ok.any():
        x = aligner.feature_matrix(np.sort(pairs[ok], axis=1), explain=False)
        scores[ok] = aligner.link_scores(x)[0]
    scores[same] = 100.0  # identical texts
    y = np.array([1 if r[label].strip() in positives else 0 for r in rows])
    t = best_threshold(y, scores) if threshold is None else float(threshold)
    metrics = _at(y, scores, t)
    if keep is not None:
        for n, (r, score) in enumerate(zip(rows, scores, strict=True), start=1):
            keep.append(
                {"row": n, "label": r[label].strip(), "score": round(float(score), 2), "predicted": int(score >= t)}
            )
    return {
        "task": "align",
        "n": len(rows),
        "positives": int(y.sum()),
        "threshold": t,
        "threshold_chosen": threshold is None,
        "auc": roc_auc(y, scores),
        **metrics,
    }


def parse_mapping(mapping: str | None) -> dict[str, str]:
    if not mapping:
        raise UsageError("--map is required with --task stance (e.g. for=agree,against=polarity,observing=certainty)")
    out = {}
    for part in mapping.split(","):
        if "=" not in part:
            raise UsageError(f"--map: '{part}' is not LABEL=VERDICT")
        k, v = (x.strip() for x in part.split("=", 1))
        if v not in STANCE_TARGETS:
            raise UsageError(f"--map: unknown verdict or difference '{v}' (one of {', '.join(STANCE_TARGETS)})")
        out[k] = v
    return out


def predict_stance(aligner, owner: np.ndarray, a: int, b: int, settings: Settings, top: int = 3) -> set[str]:  # type: ignore[no-untyped-def]
    """Verdict and difference kinds of the best-matching claims of two texts."""

    from .assess import assess_link
    from .model import Link

    ia = np.flatnonzero(owner == a)
    ib = np.flatnonzero(owner == b)
    pairs = np.array([(i, j) if i < j else (j, i) for i in ia for j in ib], dtype=np.int64)
    x = aligner.feature_matrix(pairs, explain=False)
    scores, evidence = aligner.link_scores(x)
    order = np.argsort(-evidence, kind="stable")[:top]
    found: set[str] = set()
    long_side = ib if len(ib) >= len(ia) else ia
    use_model = len(long_side) >= 3
    lenient = settings.ungated()
    for k in order:
        i, j = int(pairs[k, 0]), int(pairs[k, 1])
        d = aligner.data
        link = Link(d.claims[i].id, d.claims[j].id, float(scores[k]), evidence=float(evidence[k]))
        judged = assess_link(link, d.claims[i], d.facts[i], d.claims[j], d.facts[j], lenient)
        kinds = {diff.kind for diff in judged.differences}
        if use_model:
            # In a long text a denial is usually about something else: the refutation
            # model below reads the text as a whole instead.
            kinds.discard("polarity")
        found.add(judged.verdict)
        found.update(kinds)
    if use_model:
        from .refute import refutes

        d = aligner.data
        short = set((ia if long_side is ib else ib).tolist())
        best = [int(pairs[k, 1]) if int(pairs[k, 0]) in short else int(pairs[k, 0]) for k in order]
        whole = d.source_texts[d.claims[int(long_side[0])].source]
        if refutes(" ".join(d.claims[c].text for c in best), whole):
            found.add("polarity")
    return found


def evaluate_stance(
    rows: list[dict[str, str]],
    text_a: str,
    text_b: str,
    label: str,
    mapping: dict[str, str],
    settings: Settings,
    keep: list[dict[str, object]] | None = None,
) -> dict[str, object]:
    texts = sorted({r[text_a] for r in rows} | {r[text_b] for r in rows})
    index = {t: i for i, t in enumerate(texts)}
    aligner, owner = _pseudo_corpus(texts, settings, segment=True)
    labels = sorted(set(mapping))
    # Precedence: the most specific finding wins (polarity over certainty over agreement).
    precedence = [
        "polarity",
        "actor",
        "place",
        "number",
        "date",
        "attribution",
        "certainty",
        "framing",
        "diverge",
        "compatible",
        "agree",
        "related",
    ]
    fallback = {
        "attribution": "certainty",
        "certainty": "attribution",
        "agree": "compatible",
        "compatible": "agree",
    }
    gold, pred = [], []
    for n, r in enumerate(rows, start=1):
        g = r[label].strip()
        if g not in mapping:
            continue
        found = predict_stance(aligner, owner, index[r[text_a]], index[r[text_b]], settings)
        choice = None
        for kind in precedence:
            if kind in found:
                for lab in labels:
                    if mapping[lab] == kind or mapping[lab] == fallback.get(kind):
                        choice = lab
                        break
            if choice:
                break
        if choice is None:
            choice = next((lab for lab in labels if mapping[lab] in ("agree", "compatible")), labels[0])
        gold.append(g)
        pred.append(choice)
        if keep is not None:
            keep.append({"row": n, "label": g, "predicted": choice, "found": " ".join(sorted(found))})
    if not gold:
        raise InputError(f"no row has a label named in --map ({', '.join(labels)})")
    per_class = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_class[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": gold.count(lab)}
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, pred, strict=True):
        confusion[g][p] += 1
    macro = sum(v["f1"] for v in per_class.values()) / len(per_class)
    return {
        "task": "stance",
        "n": len(gold),
        "macro_f1": macro,
        "per_class": per_class,
        "confusion": confusion,
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold),
    }


def evaluate_file(
    path: Path,
    *,
    text_a: str,
    text_b: str,
    label: str,
    positive: str | None,
    task: str,
    mapping: str | None,
    threshold: float | None,
    settings: Settings,
    limit: int | None = None,
    texts: Path | None = None,
    key: str | None = None,
    predictions: Path | None = None,
) -> dict[str, object]:
    """Metrics of one pair file; with `predictions`, every scored pair is also written to
    that CSV file (its row number in the pair file, gold label, score or verdict)."""
    if key is not None and texts is None:
        raise UsageError("--key needs --texts: the file of texts it looks up")
    if predictions is not None and predictions.is_dir():
        # Checked before the work: scoring a large file takes minutes.
        raise UsageError(f"--predictions {predictions}: is a directory, not a file")
    if task not in ("align", "stance"):
        raise UsageError(f"unknown --task '{task}' (align or stance)")
    if threshold is not None and not 0 <= threshold <= 100:
        raise UsageError("--threshold must be a link score between 0 and 100")
    rows = read_pairs(path, [text_a, text_b, label], limit, texts, key)
    keep: list[dict[str, object]] | None = [] if predictions else None
    if task == "align":
        if positive is None:
            raise UsageError("--positive is required with --task align (the label value meaning 'same event')")
        values = Counter(r[label].strip() for r in rows)
        wanted = [v.strip() for v in positive.split(",") if v.strip()]
        absent = [v for v in wanted if v not in values]
        if absent or not wanted:
            raise UsageError(
                f"--positive '{','.join(absent) or positive}' never occurs in column '{label}' "
                f"(values: {', '.join(sorted(values)[:10])})"
            )
        result = evaluate_align(rows, text_a, text_b, label, frozenset(wanted), threshold, settings, keep)
    else:
        result = evaluate_stance(rows, text_a, text_b, label, parse_mapping(mapping), settings, keep)
    if predictions and keep:
        _write_predictions(predictions, keep)
    return result


def _write_predictions(path: Path, rows: list[dict[str, object]]) -> None:
    import io

    from .corpus import atomic_write

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    try:
        atomic_write(path, buffer.getvalue(), overwrite=True)
    except OSError as exc:
        raise InputError(f"--predictions {path}: cannot write ({exc.strerror or exc})") from None


def render_metrics(result: dict[str, object]) -> str:
    if result["task"] == "align":
        auc = result["auc"]
        lines = [
            f"pairs        {result['n']} ({result['positives']} positive)",
            f"threshold    {result['threshold']:.2f}"
            + (" (best accuracy on this file)" if result["threshold_chosen"] else " (given)"),
            f"accuracy     {result['accuracy']:.4f}",
            f"precision    {result['precision']:.4f}",
            f"recall       {result['recall']:.4f}",
            f"F1           {result['f1']:.4f}",
            f"ROC AUC      {auc:.4f}" if auc is not None else "ROC AUC      n/a (one class only)",
        ]
        return "\n".join(lines)
    per = result["per_class"]
    labels = list(per)  # type: ignore[arg-type]
    lines = [
        f"pairs {result['n']}  macro-F1 {result['macro_f1']:.4f}  accuracy {result['accuracy']:.4f}",
        "",
        f"{'class':<14}{'precision':>10}{'recall':>10}{'F1':>10}{'support':>10}",
    ]
    for lab in labels:
        v = per[lab]  # type: ignore[index]
        lines.append(f"{lab:<14}{v['precision']:>10.4f}{v['recall']:>10.4f}{v['f1']:>10.4f}{v['support']:>10d}")
    lines += [
        "",
        "confusion (rows: gold, columns: predicted)",
        " " * 14 + "".join(f"{lab:>12}" for lab in labels),
    ]
    for g in labels:
        lines.append(f"{g:<14}" + "".join(f"{result['confusion'][g][p]:>12d}" for p in labels))  # type: ignore[index]
    return "\n".join(lines)
