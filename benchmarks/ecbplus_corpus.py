"""Build a `compare` corpus from the raw ECB+ XML (CAT format).

Every XML document of the chosen topics becomes one corpus file ``DIR/<doc>.md``
(``doc`` e.g. ``2_10ecbplus``). Its body is rebuilt from the tokens, one sentence per
paragraph (paragraphs separated by one blank line), in the XML's sentence order; every
sentence of the document is kept, not only the annotated ones. Beside ``DIR`` it writes
``<basename(DIR)>-map.json``, mapping ``"<doc>:<sent>"`` to ``[start, end]``: the character
(code point) offsets of that sentence in the stored body, end exclusive. ``sent`` is the
XML ``sentence`` attribute, the number the pair files and ``sentences.jsonl`` use.

Tokens are joined with single spaces, except that no space goes before ``, . : ; ! ? ) ] %``,
``'s``, ``n't`` and similar clitics, and none after ``( [ $``: this reproduces the sentence
text of ``pairs/sentences.jsonl`` exactly, which the script checks and reports. Whitespace
inside a token (a few hold tabs) becomes one space and control characters are dropped, so
the body meets the corpus rules (NFC, LF only, no tabs, no trailing spaces). A sentence that
would begin with ``#`` or ``-`` (a heading or list item to the tool) loses those leading
characters; a sentence left empty is not written and is left out of the map.

Usage:
    .venv/bin/python benchmarks/ecbplus_corpus.py --out /tmp/ecb-dev
    .venv/bin/python benchmarks/ecbplus_corpus.py --topics 2,5,12,18,21,23,34,35 --out /tmp/ecb-dev
    .venv/bin/python benchmarks/ecbplus_corpus.py --split train --out /tmp/ecb-train
    .venv/bin/python benchmarks/ecbplus_corpus.py --split test --xml-root ECB+ --out /tmp/ecb-test  # topics 36-45

Then, for example, ``compare`` over ``/tmp/ecb-dev`` and score its report with
``benchmarks/ecbplus_score.py --map /tmp/ecb-dev-map.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ecbplus"
DEFAULT_XML_ROOT = BENCH / "ECB+"
DEFAULT_SENTENCES = BENCH / "pairs" / "sentences.jsonl"

DEV_TOPICS: tuple[int, ...] = (2, 5, 12, 18, 21, 23, 34, 35)
ALL_TOPICS: tuple[int, ...] = tuple(t for t in range(1, 36) if t not in (15, 17))
TRAIN_TOPICS: tuple[int, ...] = tuple(t for t in ALL_TOPICS if t not in DEV_TOPICS)
# The held-out part of the same setup: not in ../shared/bench, but whoever holds its XML can
# build the test corpus the same way (--xml-root, --sentences).
TEST_TOPICS: tuple[int, ...] = tuple(range(36, 46))

ADDED = "2026-11-25"
BASED_ON = "ECB+ corpus (Cybulska and Vossen, LREC 2014), CC BY 3.0"
TITLE_MAX = 120

# Tokens written without a space before them / without a space after them.
NO_SPACE_BEFORE = frozenset(
    {
        ",",
        ".",
        ":",
        ";",
        "!",
        "?",
        ")",
        "]",
        "%",
        "'s",
        "'S",
        "n't",
        "N'T",
        "'re",
        "'RE",
        "'ve",
        "'VE",
        "'ll",
        "'LL",
        "'d",
        "'D",
        "'m",
        "'M",
    }
)
NO_SPACE_AFTER = frozenset({"(", "[", "$"})

_SPACES = re.compile(r" {2,}")


@dataclass
class Document:
    """One ECB+ document: its name, topic and sentences (number -> text)."""

    name: str
    topic: int
    sentences: dict[int, str] = field(default_factory=dict)
    raw: dict[int, str] = field(default_factory=dict)  # tokens joined as they are in the XML


def clean_token(word: str) -> str:
    """Whitespace inside a token becomes one space; control/format characters go."""
    chars = []
    for ch in word:
        if ch.isspace():
            chars.append(" ")
        elif unicodedata.category(ch).startswith("C"):
            continue
        else:
            chars.append(ch)
    return _SPACES.sub(" ", "".join(chars)).strip()


def detokenise(tokens: list[str]) -> str:
    """Join tokens the way ``sentences.jsonl`` does (see the module docstring)."""
    out: list[str] = []
    prev: str | None = None
    for tok in tokens:
        if prev is not None and tok not in NO_SPACE_BEFORE and prev not in NO_SPACE_AFTER:
            out.append(" ")
        out.append(tok)
        prev = tok
    return unicodedata.normalize("NFC", "".join(out))


def safe_line(text: str) -> str:
    """Strip leading ``#``/``-`` (and the spaces after them) so no heading or list item starts."""
    return text.lstrip("#- ") if text[:1] in ("#", "-") else text


def read_document(path: Path, topic: int) -> Document:
    """Parse one CAT XML file into a Document (sentences in XML number order)."""
    root = ET.parse(path).getroot()
    by_sentence: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for tok in root.iter("token"):
        if tok.text:
            key = int(tok.get("sentence", "0"))
            by_sentence[key].append((int(tok.get("number", "0")), tok.text))
    doc = Document(name=path.stem, topic=topic)
    for number in sorted(by_sentence):
        words = [w for _, w in sorted(by_sentence[number])]
        doc.raw[number] = detokenise(words)
        doc.sentences[number] = safe_line(detokenise([c for c in map(clean_token, words) if c]))
    return doc


def slug(doc_name: str) -> str:
    """Source id of a document: ``2_10ecbplus`` -> ``ecb-2-10ecbplus``."""
    s = re.sub(r"[^a-z0-9-]+", "-", doc_name.lower()).strip("-")
    return f"ecb-{s}"


def build_body(doc: Document) -> tuple[str, dict[int, tuple[int, int]]]:
    """Body text (one sentence per paragraph) and each sentence's [start, end) in it."""
    parts: list[str] = []
    spans: dict[int, tuple[int, int]] = {}
    pos = 0
    for number, text in doc.sentences.items():
        if not text:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        spans[number] = (pos, pos + len(text))
        parts.append(text)
        pos += len(text)
    return "".join(parts) + "\n", spans


def check_body(body: str) -> None:
    """Fail loudly if the body breaks a corpus rule."""
    problems = []
    if unicodedata.normalize("NFC", body) != body:
        problems.append("not NFC")
    if not body.endswith("\n") or body.endswith("\n\n") or body.startswith("\n"):
        problems.append("bad start/end")
    if "\n\n\n" in body:
        problems.append("more than one blank line")
    for line in body[:-1].split("\n"):
        if line != line.rstrip() or line != line.lstrip():
            problems.append(f"edge spaces: {line[:40]!r}")
        if line.startswith("#") or line.startswith("- "):
            problems.append(f"heading/list line: {line[:40]!r}")
        if any(unicodedata.category(c).startswith("C") for c in line):
            problems.append(f"control character: {line[:40]!r}")
    if problems:
        raise ValueError("; ".join(problems[:5]))


def render(doc: Document, body: str) -> str:
    """Front matter plus body, in the exact corpus-file format."""
    first = next((t for t in doc.sentences.values() if t), doc.name)
    title = first[:TITLE_MAX].rstrip()
    meta = [
        ("id", slug(doc.name)),
        ("title", json.dumps(title, ensure_ascii=False)),
        ("outlet", f"ECB+ topic {doc.topic}"),
        ("kind", "news"),
        ("language", "en"),
        ("based_on", BASED_ON),
        ("sha256", hashlib.sha256(body.encode("utf-8")).hexdigest()),
        ("added", ADDED),
    ]
    head = "".join(f"{k}: {v}\n" for k, v in meta)
    return f"---\n{head}---\n{body}"


def load_reference(path: Path, topics: set[int]) -> dict[str, str]:
    """``"<doc>:<sent>"`` -> text from sentences.jsonl, for the chosen topics."""
    ref: dict[str, str] = {}
    if not path.is_file():
        return ref
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                if int(rec["topic"]) in topics:
                    ref[f"{rec['doc']}:{rec['sent']}"] = rec["text"]
    return ref


def parse_topics(value: str) -> list[int]:
    """``"2,5,12"`` -> [2, 5, 12]."""
    try:
        return sorted({int(v) for v in value.split(",") if v.strip()})
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"bad topic list: {value!r}") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="corpus folder to write")
    parser.add_argument("--topics", type=parse_topics, help="comma-separated topic numbers")
    parser.add_argument(
        "--split",
        choices=("dev", "train", "all", "test"),
        default="dev",
        help="topic set used when --topics is not given (default: dev)",
    )
    parser.add_argument("--xml-root", type=Path, default=DEFAULT_XML_ROOT)
    parser.add_argument(
        "--sentences",
        type=Path,
        default=DEFAULT_SENTENCES,
        help="sentences.jsonl to check the rebuilt text against",
    )
    args = parser.parse_args(argv)

    splits = {"dev": DEV_TOPICS, "train": TRAIN_TOPICS, "all": ALL_TOPICS, "test": TEST_TOPICS}
    topics: list[int] = args.topics or list(splits[args.split])
    out: Path = args.out.resolve()
    map_path = out.parent / f"{out.name}-map.json"
    if not any(any((args.xml_root / str(t)).glob("*.xml")) for t in topics):
        print(f"error: no XML for any of the topics {topics} under {args.xml_root}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)

    reference = load_reference(args.sentences, set(topics))
    mapping: dict[str, list[int]] = {}
    rows: list[tuple[str, int, int, int, int, int]] = []
    changed = empty = 0
    for topic in topics:
        folder = args.xml_root / str(topic)
        files = sorted(folder.glob("*.xml"), key=_doc_order)
        if not files:
            print(f"warning: no XML for topic {topic} under {folder}", file=sys.stderr)
            continue
        n_docs = n_sents = n_ref = n_match = n_body = 0
        for path in files:
            doc = read_document(path, topic)
            body, spans = build_body(doc)
            check_body(body)
            (out / f"{doc.name}.md").write_text(render(doc, body), encoding="utf-8", newline="\n")
            for number, (start, end) in spans.items():
                mapping[f"{doc.name}:{number}"] = [start, end]
            changed += sum(1 for n, t in doc.raw.items() if t != doc.sentences[n])
            empty += sum(1 for t in doc.sentences.values() if not t)
            for number, raw in doc.raw.items():
                want = reference.get(f"{doc.name}:{number}")
                if want is not None:
                    n_ref += 1
                    n_match += raw == want
                    n_body += doc.sentences[number] == want
            n_docs += 1
            n_sents += len(spans)
        rows.append((str(topic), n_docs, n_sents, n_ref, n_match, n_body))

    lines = [f"  {json.dumps(k)}: [{s}, {e}]" for k, (s, e) in sorted(mapping.items())]
    map_path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    totals = ("total", *(sum(r[i] for r in rows) for i in range(1, 6)))
    header = ("topic", "docs", "sentences", "jsonl sents", "detok exact", "body exact")
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, totals, strict=True)]
    for row in (header, *rows, totals):
        print("  ".join(str(v).rjust(w) for v, w in zip(row, widths, strict=True)))
    n_ref, n_match, n_body = totals[3], totals[4], totals[5]
    print(
        f"\ndetokenisation vs sentences.jsonl: {n_match}/{n_ref} exact ({_pct(n_match, n_ref)}); "
        f"body text after clean-up: {n_body}/{n_ref} ({_pct(n_body, n_ref)})"
    )
    print(
        f"sentences changed by clean-up (whitespace in tokens, leading #/-): {changed}; "
        f"empty sentences dropped: {empty}"
    )
    print(f"wrote {totals[1]} files to {out}\nwrote {len(mapping)} sentence spans to {map_path}")
    return 0


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def _doc_order(path: Path) -> tuple[bool, int, str]:
    """``2_10ecbplus`` sorts after ``2_9ecbplus`` and after every ``*ecb`` document."""
    m = re.match(r"\d+_(\d+)", path.stem)
    return path.stem.endswith("plus"), int(m.group(1)) if m else 0, path.stem


if __name__ == "__main__":
    sys.exit(main())
