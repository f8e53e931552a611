"""How often language detection (compare/language.py) would call an English text another
language, which would leave a source out of every comparison; and what it costs.

    python benchmarks/language_detection.py            # the table, Markdown, on stdout

The collections are English news, with the odd text in another language: each confident
guess other than English is printed under the table, to be read by a person. Texts:
FNC-1 training bodies and headlines (../shared/bench/fnc1), Emergent article headlines,
the ECB+ corpora that benchmarks/ecbplus_corpus.py writes to benchmarks/out/ (skipped when
missing), the demo corpus and a synthetic corpus of 1,000 documents (benchmarks/synth_corpus.py).
No data in another language is at hand, so the other side (a French or Arabic source found
as such) is checked only by the unit tests' own paragraphs (tests/test_language.py).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from compare.corpus import load_corpus  # noqa: E402
from compare.language import detect_language  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"


def _csv_column(path: Path, column: str) -> list[str]:
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8", newline="") as fh:
        return [row[column] for row in csv.DictReader(fh)]


def _corpus_texts(folder: Path) -> list[str]:
    return [s.text for s in load_corpus(folder).sources] if folder.is_dir() else []


def collections(synth_docs: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    fnc = BENCH / "fnc1"
    if fnc.is_dir():
        out["FNC-1 bodies"] = _csv_column(fnc / "train_bodies.csv", "articleBody")
        out["FNC-1 headlines"] = sorted(set(_csv_column(fnc / "train_stances.csv", "Headline")))
    emergent = next((BENCH / "emergent").glob("*.csv"), None) if (BENCH / "emergent").is_dir() else None
    if emergent:
        out["Emergent headlines"] = sorted(set(_csv_column(emergent, "articleHeadline")))
    for name in ("ecb-dev", "ecb-train"):
        texts = _corpus_texts(ROOT / "benchmarks" / "out" / name)
        if texts:
            out[f"ECB+ {name[4:]} documents"] = texts
    out["demo corpus"] = _corpus_texts(ROOT / "seeds")
    if synth_docs:
        from synth_corpus import write_corpus

        with tempfile.TemporaryDirectory(prefix="lang-synth-") as folder:
            write_corpus(synth_docs, Path(folder), seed=7)
            out[f"synthetic, {synth_docs} docs"] = _corpus_texts(Path(folder))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--synth-docs", type=int, default=1000)
    args = ap.parse_args(argv)
    detect_language("warm up: the model loads on first use, which is timed apart below.")
    print("| texts | n | median chars | en | another language (listed below) | too short or unsure | ms per text |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    errors: list[tuple[str, str, float, str]] = []
    for name, texts in collections(args.synth_docs).items():
        counts: Counter[str] = Counter()
        t0 = time.perf_counter()
        for text in texts:
            guess = detect_language(text)
            key = "en" if guess.code == "en" else ("none" if guess.code is None else "other")
            counts[key] += 1
            if key == "other":
                errors.append((name, guess.code or "", guess.confidence, " ".join(text.split())[:90]))
        ms = (time.perf_counter() - t0) * 1000 / max(1, len(texts))
        median = statistics.median(len(t) for t in texts) if texts else 0
        print(
            f"| {name} | {len(texts):,} | {median:,.0f} | {counts['en']:,} | {counts['other']:,} | "
            f"{counts['none']:,} | {ms:.2f} |"
        )
    for name, code, confidence, text in errors:
        print(f"\n- {name}: {code} ({confidence:.3f}): {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
