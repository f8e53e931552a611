"""The analysis of a frozen baseline, kept in the cache as the pieces of its report.

A report of 1,000 documents holds about 250,000 links; building their dicts and writing
them takes longer than the budget of a run that adds one document. So the baseline's
report is kept as encoded JSON, one piece per claim, link and event, next to the arrays
that later sources need to bring statuses, events and counts up to date (increment.py).
The file is a numpy archive read with `allow_pickle=False` (outside input is never
unpickled); its zip members carry CRC-32 checksums, and a state that fails any check is
deleted and built again, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path

import numpy as np
import orjson

from . import __version__
from .events import LabelParts, label_parts
from .language import is_compared
from .model import VERDICTS
from .pipeline import Analysis
from .status import near_copy_counts

STATE_VERSION = "1"
STATE_PREFIX = "baseline-state-"
# A claim's JSON is spliced from three pieces: what the baseline fixes before its status,
# its status and counts (brought up to date at every run), and its facts.
HEAD_KEYS = ("id", "source", "text", "start", "end", "section", "paragraph")
MIDDLE_KEYS = ("status", "agreeing_sources", "diverging_sources", "context_links")
# Documents are matched to the baseline's by TF-IDF of hashed words: no vocabulary to keep.
HASH_FEATURES = 1 << 20


def dumps(value: object) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY)


def code_fingerprint() -> str:
    """The bytes of every module and data file of the package: any change to the code that
    analyses a corpus gives a new state key."""
    h = hashlib.sha256()
    root = resources.files("compare")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".json", ".txt", ".tsv", ".csv"):
            h.update(str(path.relative_to(Path(str(root)))).encode("utf-8") + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def state_key(baseline_sha256: str, weights_sha256: str, settings: dict[str, object]) -> str:
    parts = [STATE_VERSION, __version__, code_fingerprint(), baseline_sha256, weights_sha256]
    return hashlib.sha256(dumps(parts) + dumps(settings)).hexdigest()


@dataclass
class State:
    """Arrays of the baseline's report; the claims are in its report order (by source).
    JSON pieces are stored comma-separated in one buffer each, so that runs of them are
    copied as one slice: item k is buf[off[k]:off[k + 1] - 1]."""

    meta: dict  # type: ignore[type-arg]  # source ids, groups, events, counts: see build_state
    claim_source: np.ndarray  # int32 index into meta["sources"]
    claim_start: np.ndarray  # int64
    claim_index: np.ndarray  # int32, the claim's index within its source
    claim_checkable: np.ndarray  # bool
    claim_uncompared: np.ndarray  # bool
    claim_context: np.ndarray  # int64: context links
    # Evidence of each claim's best links with a verdict (claims x max_verdicts_per_claim,
    # best first, -inf where none): a later source's link gets a verdict for a baseline claim
    # only if it is among that claim's best, as in a run of the whole corpus.
    claim_prior: np.ndarray
    agree_ptr: np.ndarray  # CSR of the sources (indices) with an agreeing link to each claim
    agree_src: np.ndarray
    diverge_ptr: np.ndarray
    diverge_src: np.ndarray
    claim_buf: np.ndarray  # each claim's JSON
    claim_off: np.ndarray
    claim_head: np.ndarray  # int32: bytes of a claim's JSON before its status (HEAD_KEYS)
    claim_tail: np.ndarray  # int32: bytes after its counts (its facts)
    label_buf: np.ndarray  # JSON of each claim's LabelParts (empty for claims of no event)
    label_off: np.ndarray
    source_buf: np.ndarray  # each source's JSON up to its claim count (groups come after)
    source_off: np.ndarray
    link_a: np.ndarray  # int32 claim indices, in the report's link order
    link_b: np.ndarray
    link_verdict: np.ndarray  # uint8 index into VERDICTS
    link_kinds: np.ndarray  # uint32 bit mask over meta["kinds"]
    link_context: np.ndarray  # bool
    link_buf: np.ndarray
    link_off: np.ndarray
    context_i: np.ndarray  # int32 claim indices of the context links
    context_j: np.ndarray
    event_buf: np.ndarray
    event_off: np.ndarray
    event_ptr: np.ndarray  # CSR of each event's claim indices, in its order
    event_claims: np.ndarray
    doc_idf_cols: np.ndarray  # hashed word columns and their idf, sorted by column
    doc_idf: np.ndarray
    doc_indptr: np.ndarray  # CSR of the compared sources' normalised vectors (rows: meta["doc_sources"])
    doc_indices: np.ndarray
    doc_data: np.ndarray

    def piece(self, name: str, k: int) -> bytes:
        buf, off = getattr(self, f"{name}_buf"), getattr(self, f"{name}_off")
        return buf[off[k] : off[k + 1] - 1].tobytes()


def _blob(pieces: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    lengths = np.fromiter((len(p) + 1 for p in pieces), dtype=np.int64, count=len(pieces))
    off = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    buf = np.frombuffer(b",".join(pieces) + (b"," if pieces else b""), dtype=np.uint8)
    return buf, off


def _csr(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    flat = np.fromiter((x for r in rows for x in r), dtype=np.int32, count=int(ptr[-1]))
    return ptr, flat


def hashed_counts(texts: list[str]):  # type: ignore[no-untyped-def]
    """Word counts of each text, each word in a column given by its CRC-32: no vocabulary
    to keep or load, and the same columns in any process."""
    import zlib

    import scipy.sparse as sp

    from .features import STOP_WORDS
    from .weighting import TermCounter

    counter = TermCounter(stop_words=STOP_WORDS, token_pattern=r"(?u)\b\w[\w'’-]*\w\b|\b\d+\b")
    rows, cols, data = [], [], []
    for r, text in enumerate(texts):
        found = Counter(counter.analyze(text))
        rows.extend([r] * len(found))
        cols.extend(zlib.crc32(t.encode("utf-8")) & (HASH_FEATURES - 1) for t in found)
        data.extend(found.values())
    matrix = sp.csr_matrix(
        (np.array(data, dtype=np.float32), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
        shape=(len(texts), HASH_FEATURES),
    )
    matrix.sum_duplicates()
    return matrix


def build_state(analysis: Analysis, report: dict, key: str) -> State:  # type: ignore[type-arg]
    """The state of a baseline from its analysis and the report built from it."""
    from .weighting import normalize_rows as normalize

    a = analysis
    source_ids = [s.id for s in a.corpus.sources]
    src_index = {s: k for k, s in enumerate(source_ids)}
    claims = report["claims"]
    index = {c["id"]: k for k, c in enumerate(claims)}
    by_id = {c.id: (c, f) for c, f in zip(a.claims, a.facts, strict=True)}
    agree: list[set[int]] = [set() for _ in claims]
    diverge: list[set[int]] = [set() for _ in claims]
    cap = max(0, a.settings.max_verdicts_per_claim)
    evidence: list[list[float]] = [[] for _ in claims]
    for lk in a.links:
        if not lk.context and not lk.via and lk.evidence >= a.settings.claim_evidence_min:
            evidence[index[lk.a]].append(lk.evidence)
            evidence[index[lk.b]].append(lk.evidence)
    prior = np.full((len(claims), cap), -np.inf)
    for k, values in enumerate(evidence):
        best = sorted(values, reverse=True)[:cap]
        prior[k, : len(best)] = best
    for lk in a.links:
        ka, kb = index[lk.a], index[lk.b]
        sa, sb = src_index[claims[ka]["source"]], src_index[claims[kb]["source"]]
        if lk.verdict in ("agree", "compatible"):
            agree[ka].add(sb)
            agree[kb].add(sa)
        elif lk.verdict == "diverge":
            diverge[ka].add(sb)
            diverge[kb].add(sa)
    pieces, heads, tails = [], [], []
    for c in claims:
        piece = dumps(c)
        head = len(dumps({k: c[k] for k in HEAD_KEYS})[:-1]) + 1
        tail = len(dumps({k: v for k, v in c.items() if k not in HEAD_KEYS and k not in MIDDLE_KEYS})[1:])
        pieces.append(piece)
        heads.append(head)
        tails.append(tail)
    kinds = sorted({d["kind"] for lk in report["links"] for d in lk["differences"]})
    bit = {k: 1 << n for n, k in enumerate(kinds)}
    links = report["links"]
    verdict_code = {v: n for n, v in enumerate(VERDICTS)}
    # Context links: from analysis rows (compared claims first) to report rows.
    row_to_report = np.array([index[c.id] for c in a.claims], dtype=np.int32)
    events = a.events
    member_parts: dict[str, LabelParts] = {}
    for e in events:
        for cid in e.claims:
            if cid not in member_parts:
                member_parts[cid] = label_parts(*by_id[cid])
    doc_sources = [s.id for s in a.corpus.sources if is_compared(s.meta.language)]
    texts = [s.text for s in a.corpus.sources if is_compared(s.meta.language)]
    counts = hashed_counts(texts) if texts else None
    if counts is not None and counts.nnz:
        df = np.bincount(counts.indices, minlength=HASH_FEATURES)
        cols = np.flatnonzero(df).astype(np.int64)
        idf = (np.log((1.0 + len(texts)) / (1.0 + df[cols])) + 1.0).astype(np.float32)
        full = np.zeros(HASH_FEATURES, dtype=np.float32)
        full[cols] = idf
        vectors = normalize(counts.multiply(full).tocsr()).tocsr()
    else:
        cols, idf = np.zeros(0, np.int64), np.zeros(0, np.float32)
        import scipy.sparse as sp

        vectors = sp.csr_matrix((len(texts), HASH_FEATURES), dtype=np.float32)
    meta = {
        "key": key,
        "sources": source_ids,
        "claim_ids": [c["id"] for c in claims],
        "kinds": kinds,
        "near": sorted([a_, b_, n] for (a_, b_), n in near_copy_counts(a.links, {c.id: c for c in a.claims}).items()),
        "differences": dict(Counter(d["kind"] for lk in links for d in lk["differences"])),
        "context_pairs": report["context_pairs"],
        "events": [[e["id"], e["date"], e["label"]] for e in report["events"]],
        "doc_sources": doc_sources,
        "groups": {s.id: a.independence.get(s.id, s.id) for s in a.corpus.sources},
        "status_of": [c["status"] for c in claims],
    }
    agree_ptr, agree_src = _csr([sorted(s) for s in agree])
    diverge_ptr, diverge_src = _csr([sorted(s) for s in diverge])
    claim_buf, claim_off = _blob(pieces)
    label_buf, label_off = _blob(
        [
            dumps([p.actors, p.others, p.places, p.days, p.names]) if (p := member_parts.get(c["id"])) else b""
            for c in claims
        ]
    )
    groups_out = ("near_copy_of", "near_copies")  # rendered at every run: later sources can change them
    source_buf, source_off = _blob(
        [dumps({k: v for k, v in d.items() if k not in groups_out})[:-1] for d in report["sources"]]
    )
    link_buf, link_off = _blob([dumps(lk) for lk in links])
    event_buf, event_off = _blob([dumps(e) for e in report["events"]])
    event_ptr, event_claims = _csr([[index[cid] for cid in e["claims"]] for e in report["events"]])
    return State(
        meta=meta,
        claim_source=np.array([src_index[c["source"]] for c in claims], dtype=np.int32),
        claim_start=np.array([c["start"] for c in claims], dtype=np.int64),
        claim_index=np.array([by_id[c["id"]][0].index for c in claims], dtype=np.int32),
        claim_checkable=np.array([bool(c["facts"]["checkable"]) for c in claims], dtype=bool),
        claim_uncompared=np.array([c["status"] == "uncompared" for c in claims], dtype=bool),
        claim_context=np.array([c["context_links"] for c in claims], dtype=np.int64),
        claim_prior=prior,
        agree_ptr=agree_ptr,
        agree_src=agree_src,
        diverge_ptr=diverge_ptr,
        diverge_src=diverge_src,
        claim_buf=claim_buf,
        claim_off=claim_off,
        claim_head=np.array(heads, dtype=np.int32),
        claim_tail=np.array(tails, dtype=np.int32),
        label_buf=label_buf,
        label_off=label_off,
        source_buf=source_buf,
        source_off=source_off,
        link_a=np.array([index[lk["a"]] for lk in links], dtype=np.int32),
        link_b=np.array([index[lk["b"]] for lk in links], dtype=np.int32),
        link_verdict=np.array([verdict_code[lk["verdict"]] for lk in links], dtype=np.uint8),
        link_kinds=np.array([sum(bit[k] for k in {d["kind"] for d in lk["differences"]}) for lk in links], np.uint32),
        link_context=np.array([bool(lk["context"]) for lk in links], dtype=bool),
        link_buf=link_buf,
        link_off=link_off,
        context_i=row_to_report[a.context.i] if len(a.context) else np.zeros(0, np.int32),
        context_j=row_to_report[a.context.j] if len(a.context) else np.zeros(0, np.int32),
        event_buf=event_buf,
        event_off=event_off,
        event_ptr=event_ptr,
        event_claims=event_claims,
        doc_idf_cols=cols,
        doc_idf=idf,
        doc_indptr=vectors.indptr.astype(np.int64),
        doc_indices=vectors.indices.astype(np.int32),
        doc_data=vectors.data.astype(np.float32),
    )


MAGIC = b"compare-baseline-state\n"


def state_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"{STATE_PREFIX}{key[:24]}.bin"


def save_state(state: State, cache_dir: Path) -> Path:
    """One file: a header (JSON: the meta data, and each array's type, shape, place and
    CRC-32), then the arrays' bytes. Written atomically; states of other keys (older
    baselines, settings or code) are deleted."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = state_path(cache_dir, state.meta["key"])
    arrays = [(f.name, np.ascontiguousarray(getattr(state, f.name))) for f in fields(state) if f.name != "meta"]
    table, at = [], 0
    for name, arr in arrays:
        table.append([name, arr.dtype.str, list(arr.shape), at, arr.nbytes, zlib.crc32(arr.data)])
        at += arr.nbytes
    header = dumps({"meta": state.meta, "arrays": table})
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".compare-tmp", dir=cache_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + len(header).to_bytes(8, "little") + header)
            for _, arr in arrays:
                fh.write(arr.data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    for old in cache_dir.glob(f"{STATE_PREFIX}*"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
    return path


def load_state(cache_dir: Path, key: str) -> State | None:
    """The stored state of `key`, or None when there is none or it fails a check (it is
    then deleted)."""
    path = state_path(cache_dir, key)
    if not path.exists():
        return None
    try:
        raw = path.read_bytes()
        if not raw.startswith(MAGIC):
            raise ValueError("not a baseline state")
        start = len(MAGIC) + 8
        size = int.from_bytes(raw[len(MAGIC) : start], "little")
        header = orjson.loads(raw[start : start + size])
        body = memoryview(raw)[start + size :]
        values: dict[str, np.ndarray] = {}
        names = {f.name for f in fields(State)} - {"meta"}
        for name, dtype, shape, at, nbytes, crc in header["arrays"]:
            chunk = body[at : at + nbytes]
            if name not in names or len(chunk) != nbytes or zlib.crc32(chunk) != crc:
                raise ValueError(f"damaged array {name}")
            values[name] = np.frombuffer(chunk, dtype=np.dtype(dtype)).reshape(shape)
        state = State(meta=header["meta"], **values)
        check_state(state, key)
        return state
    except Exception:  # any damage means the same thing: build it again
        with contextlib.suppress(OSError):
            path.unlink()
        return None


def check_state(st: State, key: str) -> None:
    """Raise ValueError unless the arrays fit together and belong to `key`."""
    m = st.meta
    if not isinstance(m, dict) or m.get("key") != key:
        raise ValueError("state of another key")
    n, n_src, n_links, n_events = len(m["claim_ids"]), len(m["sources"]), len(st.link_a), len(m["events"])
    sized = {
        n: (
            "claim_source",
            "claim_start",
            "claim_index",
            "claim_checkable",
            "claim_uncompared",
            "claim_context",
            "claim_head",
            "claim_tail",
        ),
        n_links: ("link_b", "link_verdict", "link_kinds", "link_context"),
        len(st.context_i): ("context_j",),
        len(st.doc_idf_cols): ("doc_idf",),
    }
    for size, group in sized.items():
        if any(len(getattr(st, name)) != size for name in group):
            raise ValueError("arrays of different lengths")
    for name, count in (("claim", n), ("label", n), ("source", n_src), ("link", n_links), ("event", n_events)):
        off, buf = getattr(st, f"{name}_off"), getattr(st, f"{name}_buf")
        if len(off) != count + 1 or off[0] != 0 or off[-1] != len(buf) or np.any(np.diff(off) < 1):
            raise ValueError(f"bad {name} offsets")
    if n and np.any(st.claim_head + st.claim_tail > np.diff(st.claim_off) - 1):
        raise ValueError("claim pieces longer than their claims")
    for ptr, flat, bound in (
        (st.agree_ptr, st.agree_src, n_src),
        (st.diverge_ptr, st.diverge_src, n_src),
        (st.event_ptr, st.event_claims, n),
    ):
        if len(ptr) < 1 or ptr[0] != 0 or ptr[-1] != len(flat) or np.any(np.diff(ptr) < 0):
            raise ValueError("bad index pointers")
        if len(flat) and (flat.min() < 0 or flat.max() >= bound):
            raise ValueError("index out of range")
    if len(st.agree_ptr) != n + 1 or len(st.diverge_ptr) != n + 1:
        raise ValueError("bad claim rows")
    for arr, bound in (
        (st.claim_source, n_src),
        (st.link_a, n),
        (st.link_b, n),
        (st.context_i, n),
        (st.context_j, n),
        (st.link_verdict, len(VERDICTS)),
    ):
        if len(arr) and (arr.min() < 0 or arr.max() >= bound):
            raise ValueError("index out of range")
    if st.claim_prior.ndim != 2 or len(st.claim_prior) != n:
        raise ValueError("bad verdict caps")
    if n and np.any(np.diff(st.claim_source) < 0):
        raise ValueError("claims not grouped by source")
    if len(m["status_of"]) != n or set(m["groups"]) != set(m["sources"]):
        raise ValueError("bad claim statuses or source groups")
    if len(st.event_ptr) != n_events + 1 or len(st.doc_indptr) != len(m["doc_sources"]) + 1:
        raise ValueError("bad event or document rows")
    if len(st.doc_indices) and (st.doc_indices.min() < 0 or st.doc_indices.max() >= HASH_FEATURES):
        raise ValueError("document column out of range")
