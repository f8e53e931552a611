"""Read-only views of the corpus for `sources`, `show` and `check`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .cache import open_cache
from .corpus import (
    ID_PATTERN,
    atomic_write,
    clean_stale_temp_files,
    corpus_files,
    corpus_lock,
    existing_corpus,
    load_corpus,
    read_source,
    render_source_file,
)
from .errors import CompareError
from .language import is_compared, language_name, mismatch, read_language
from .model import text_sha256
from .segment import segment_text
from .textnorm import clean_display, normalize_text


def list_sources(root: Path) -> list[dict[str, object]]:
    """One row per source. Counting claims needs segmentation only, not fact extraction."""
    corpus = load_corpus(existing_corpus(root))
    rows = []
    for s in corpus.sources:
        seg = segment_text(s.id, s.text)
        rows.append(
            {
                "id": s.id,
                "outlet": s.meta.outlet,
                "published": s.meta.published.isoformat() if s.meta.published else None,
                "published_estimated": s.meta.published_estimated,
                "kind": s.meta.kind,
                "claims": len(seg.claims),
                "title": s.meta.title,
            }
        )
    return rows


def describe_source(root: Path, source_id: str, *, with_facts: bool = False) -> dict[str, object]:
    corpus = load_corpus(existing_corpus(root))
    source = corpus.get(source_id)
    cache = open_cache(root)
    seg, facts = cache.segment_and_extract(source)
    m = replace(source.meta, language=read_language(source, cache))  # as reports read it
    cache.close()
    # Facts read from a language the extractor does not read would be misreadings.
    with_facts = with_facts and is_compared(m.language)
    sections = []
    for sec in seg.sections:
        paragraphs = []
        for p in seg.paragraphs:
            if p.section != sec.index:
                continue
            claims = []
            for c, f in zip(seg.claims, facts, strict=True):
                if c.paragraph == p.index:
                    item: dict[str, object] = {
                        "id": c.id,
                        "start": c.start,
                        "end": c.end,
                        "text": c.text,
                    }
                    if with_facts:
                        item["facts"] = f.to_dict()
                    claims.append(item)
            paragraphs.append({"index": p.index, "start": p.start, "end": p.end, "claims": claims})
        sections.append(
            {
                "index": sec.index,
                "heading": sec.heading,
                "start": sec.start,
                "end": sec.end,
                "paragraphs": paragraphs,
            }
        )
    return {
        "id": m.id,
        "title": m.title,
        "outlet": m.outlet,
        "author": m.author,
        "published": m.published.isoformat() if m.published else None,
        "published_estimated": m.published_estimated,
        "kind": m.kind,
        "reviews": m.reviews or None,
        "url": m.url,
        "language": m.language,
        "compared": is_compared(m.language),
        "claims": len(seg.claims),
        "sections": sections,
    }


def published_label(row: dict[str, object]) -> str:
    """The publication date for display: '-' when unknown, '~' before an estimate."""
    if not row["published"]:
        return "-"
    return f"~{row['published']}" if row.get("published_estimated") else str(row["published"])


def render_source(data: dict[str, object]) -> str:
    out = [
        f"{data['id']}: {clean_display(data['title'])}",
        f"  outlet: {clean_display(data['outlet']) or '-'}  published: {published_label(data)}  "
        f"kind: {data['kind']}  claims: {data['claims']}"
        + (f"  fact check of: {data['reviews']}" if data.get("reviews") else ""),
    ]
    if not data["compared"]:
        out.append(
            f"  language: {language_name(str(data['language']))}: not compared (compare reads English); "
            "no facts are extracted"
        )
    for sec in data["sections"]:  # type: ignore[union-attr]
        heading = clean_display(sec["heading"]) or "(untitled)"
        out.append(f"\n§{sec['index']} {heading}  [{sec['start']}-{sec['end']}]")
        for p in sec["paragraphs"]:
            out.append(f"  ¶{p['index']}  [{p['start']}-{p['end']}]")
            for c in p["claims"]:
                out.append(f"    {c['id']} [{c['start']}-{c['end']}] {clean_display(c['text'], limit=400)}")
                if "facts" in c:
                    out.extend("      " + line for line in _fact_lines(c["facts"]))
    return "\n".join(out)


def _fact_lines(f: dict) -> list[str]:  # type: ignore[type-arg]
    lines = []
    if f["entities"]:
        lines.append(
            "entities: "
            + "; ".join(
                f"{e['text']} -> {e['name']} ({e['type']}{', ' + e['role'] if e['role'] else ''})"
                for e in f["entities"]
            )
        )
    if f["dates"]:
        lines.append(
            "dates: "
            + "; ".join(
                f"{d['text']} -> {d['value_start'] or '?'}"
                + (f"..{d['value_end']}" if d["value_end"] and d["value_end"] != d["value_start"] else "")
                + f" ({d['precision']})"
                for d in f["dates"]
            )
        )
    if f["quantities"]:
        lines.append(
            "quantities: "
            + "; ".join(
                f"{q['text']} -> {q['qualifier']} {q['value'] if q['value'] is not None else (q['low'], q['high'])}"
                f"{' ' + q['unit'] if q['unit'] else ''}{' of ' + q['counted'] if q['counted'] else ''}"
                for q in f["quantities"]
            )
        )
    for key in ("attribution", "hedges", "denials"):
        if f[key]:
            lines.append(f"{key}: " + "; ".join(c["text"] for c in f[key]))
    if f["framing"]:
        lines.append("framing: " + "; ".join(f"{t['text']} ({t['group']}, {t['side']})" for t in f["framing"]))
    lines.append(f"checkable: {'yes' if f['checkable'] else 'no (opinion)'}{'; negated' if f['negated'] else ''}")
    return [clean_display(ln, limit=600) for ln in lines]


def check_corpus(root: Path, *, fix: bool = False) -> tuple[list[str], list[str], list[str]]:
    """(problems left, repairs made, warnings). Repairs: stale temp files, hashes and
    normalisation of hand-edited texts, missing 'added' dates, a language the front matter
    does not name. Ids, dates and kinds need a person. Warnings: a text that reads as another
    language than its front matter names, which a person may have meant."""
    problems: list[str] = []
    fixed: list[str] = []
    warnings: list[str] = []
    existing_corpus(root)
    with corpus_lock(root):
        if fix:
            fixed += [f"removed stale temporary file {p.name}" for p in clean_stale_temp_files(root)]
        seen: dict[str, Path] = {}
        reviews: list[tuple[Path, str]] = []
        for path in corpus_files(root):
            try:
                source = read_source(path)
            except CompareError as exc:
                problems.append(exc.message)
                continue
            m = source.meta
            if path.stem != m.id:
                problems.append(f"{path}: id '{m.id}' does not match the file name")
            if m.id in seen:
                problems.append(f"{path}: duplicate id '{m.id}' (also in {seen[m.id]})")
            seen[m.id] = path
            if m.reviews:
                reviews.append((path, m.reviews))
            if not ID_PATTERN.match(m.id):
                problems.append(f"{path}: invalid id '{m.id}'")
            normal = normalize_text(source.text, boilerplate=False)
            issues = []
            if not source.text.strip():
                problems.append(f"{path}: empty text")
                continue
            if normal != source.text:
                issues.append("text is not normalised")
            if m.sha256 != text_sha256(source.text):
                issues.append("sha256 does not match the text")
            if m.added is None:
                issues.append("'added' date missing")
            language = read_language(source)
            if language != m.language:
                # What reports already do; a fix writes it down, and a person can still correct it.
                issues.append(f"no language named; the text reads as {language_name(language)}")
            elif m.language_stated and (note := mismatch(m.language, source.text)):
                # Whether a source is compared at all turns on this. A person decides, and may
                # have: a warning, so that a corpus kept as it is still checks out.
                warnings.append(f"{path}: {note} (edit language: in its front matter if that is wrong)")
            if not issues:
                continue
            if fix:
                from datetime import date

                meta = replace(m, added=m.added or date.today(), language=language)
                atomic_write(path, render_source_file(meta, normal), overwrite=True)
                fixed.append(f"{path}: " + ", ".join(issues))
            else:
                problems.extend(f"{path}: {i} (run 'compare check --fix')" for i in issues)
        # Frozen term weights decide every score: a damaged file is a problem, not a cache.
        from .frozen import read_term_weights

        try:
            read_term_weights(root)
        except CompareError as exc:
            problems.append(exc.message)
    # A fact check of a source not in the corpus rates nothing: most likely a typo.
    problems += [
        f"{path}: reviews '{sid}', which is not a source of this corpus" for path, sid in reviews if sid not in seen
    ]
    return problems, fixed, warnings
