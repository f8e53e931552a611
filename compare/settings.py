"""Alignment settings: one dataclass with defaults, overridable from a JSON/YAML file.

The settings used are written into every report, so a result can always be reproduced.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from .errors import UsageError


@dataclass(frozen=True)
class Settings:
    # Candidate generation (blocking)
    top_k: int = 20  # nearest claims kept per claim from the TF-IDF product
    min_cosine: float = 0.10  # TF-IDF cosine below which a candidate is dropped
    block_max_df: int = 2000  # words in more claims than this are left out of the top-k search (0: none)
    fact_block_max: int = 50  # claims with the same date (or figure), all paired up to this many
    fact_top_k: int = 5  # beyond that, each claim's closest holders of the date by words
    # Term weights from document frequencies rounded to powers of this ratio (weighting.py):
    # above 1, most weights survive a new source, but a crossed step moves many scores at
    # once; 1: exact frequencies.
    weight_grid: float = 1.0
    # Scoring ladder
    text_scorer: str = "token_set_ratio"  # a rapidfuzz.fuzz scorer name
    text_cutoff: float = 30.0  # rapidfuzz score_cutoff; below it text similarity counts as 0
    workers: int = -1  # rapidfuzz threads (-1: all cores; results do not depend on it)
    link_threshold: float = 50.0  # calibrated score (0-100) from which two claims are linked
    max_links_per_claim: int = 0  # keep only each claim's best links (0: all)
    # Context links (same story, too little in common for a verdict) are counted in reports;
    # listing every one of them makes reports of large corpora huge.
    report_context_links: bool = False
    # HTML and Markdown are for reading: each list (event cards, divergences, pairs of
    # sources, claims only one source makes) shows at most this many rows, and the source
    # x source grids give way to lists above this many sources (0: no bound). JSON and
    # CSV are always complete.
    report_max_rows: int = 500
    report_max_grid_sources: int = 40
    # Verdicts are computed for each claim's closest statements only (by sentence-alone
    # score; a link counts if it is among the best of either claim); 0: all of them.
    max_verdicts_per_claim: int = 10
    # A link needs some support from the sentences themselves: on ECB+ train, context
    # alone (same story, no shared words) is right less often than it is wrong.
    min_link_evidence: float = 20.0
    # Fitted on ECB+ train by benchmarks/fit_weights.py (sign-constrained logistic regression):
    # the score is a calibrated probability that two claims report a common event.
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "bias": -3.972,
            "text": 1.728,
            "cosine": 4.174,
            "entities": 0.0,
            "entity_conflict": -0.057,
            "dates": 2.544,
            "date_conflict": 0.0,
            "numbers": 0.598,
            "places": 0.0,
            "document": 0.0,
            "neighbourhood": 2.115,
            "story": 2.536,
            "section": 0.0,
        }
    )
    # The same ladder without document context, fitted on ECB+ train sentence pairs alone:
    # the probability that two sentences state the same event on their own. It gates
    # verdicts (two claims in one story are not yet the same statement) and, above
    # sentence_link_score, links claims whose sections were not grouped into one story.
    # Refit when a date came to count once (align.replace_dates): the dates weight moved
    # by more than 0.19, the bound within which a refit keeps the weights shipped before.
    sentence_weights: dict[str, float] = field(
        default_factory=lambda: {
            "bias": -1.939,
            "text": 2.044,
            "cosine": 7.084,
            "entities": 0.0,
            "entity_conflict": -0.354,
            "dates": 2.835,
            "date_conflict": 0.0,
            "numbers": 0.969,
            "places": 0.265,
        }
    )
    sentence_link_score: float = 70.0
    sentence_link_min_neighbourhood: float = 0.2  # unless the sections share some neighbours
    # Documents: which sources report the same events
    doc_top_k: int = 10  # neighbours per document for second-order similarity
    story_cut: float = 0.7  # average-linkage distance (1 - second-order similarity) cutting stories
    # Below the cut, two groups stay apart when their similarity is under this share of the
    # lesser of their own (0: off): two similar events told by two groups of sources.
    story_gap: float = 0.5
    context_docs: int = 20  # closest documents whose claims are compared even at low word overlap
    # Best matches kept per claim in each such document. On ECB+ train, 5 left a fifth of
    # the same-event sentence pairs unlinked, a third of them passing the link rule when
    # scored directly (as a corpus: AUC 0.854 with 5, 0.877 with 10, 0.880 with 15, at 1.25x and
    # 1.5x the align time of 5 on 1,000 synthetic documents).
    context_per_claim: int = 10
    context_min_similarity: float = 0.5  # second-order document similarity needed for that
    # With a frozen baseline (baseline.py), a later source is aligned with this many of the
    # baseline's sources, those whose whole text is most alike its own.
    baseline_neighbours: int = 30
    # Events
    max_claims_per_source: int = 3  # per event card
    event_min_score: float = 60.0  # links below this do not join events or get a verdict
    # Two groups of claims merge into one event when the links between them cover at least
    # this share of their pairs of claims (average linkage): lower gathers more of an
    # event's claims into one card, higher guards better against chaining. 0.3 is the
    # lowest share, in steps of 0.1, at which events on ECB+ train keep a B-cubed precision
    # of 0.9 (benchmarks/ecbplus_events.py; 0.5 split one event over more cards).
    event_min_coverage: float = 0.3
    claim_evidence_min: float = 50.0  # sentence-alone score (0-100) from which a link gets a verdict
    close_evidence: float = 70.0  # sentence-alone score from which two claims state the same thing
    # An agreement, or a stance difference (attribution, certainty, polarity), needs two
    # shared words for what happened or two agreeing facts, unless the sentences alone
    # score this much.
    same_statement_evidence: float = 90.0
    # Verdicts
    number_minor_gap: float = 0.15  # relative gap at or under which differing numbers are a minor divergence
    near_copy_threshold: float = 0.8  # share of a source's claims nearly identical to another's

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def ungated(self) -> Settings:
        """The same settings with every evidence gate of a verdict off: for two texts the
        caller already knows to be about one claim (a labelled pair, a fact check's
        restatement), whatever their own wording shares."""
        return replace(
            self,
            claim_evidence_min=-math.inf,
            event_min_score=0.0,
            link_threshold=0.0,
            close_evidence=-math.inf,
            same_statement_evidence=-math.inf,
        )


def _key_lines(raw: str) -> dict[tuple[str, ...], int]:
    """The line (from 1) of each setting and of each key of a mapping setting, read from the
    YAML node tree (JSON is YAML to this parser); empty when the parser cannot place them."""
    import yaml

    try:
        root = yaml.compose(raw, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[tuple[str, ...], int] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            lines[(str(key.value),)] = key.start_mark.line + 1
            if isinstance(value, yaml.MappingNode):
                for sub, _ in value.value:
                    lines[(str(key.value), str(sub.value))] = sub.start_mark.line + 1
    return lines


def _parse(raw: str, path: Path) -> object:
    """The file's data; a syntax error names the line and column the parser stopped at."""
    where = f"--config {path}"
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            return yaml.safe_load(raw) or {}
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid syntax"
            if mark is None:
                raise UsageError(f"{where}: not valid YAML: {problem}") from None
            raise UsageError(f"{where}:{mark.line + 1}: not valid YAML: {problem} (column {mark.column + 1})") from None
        except (yaml.YAMLError, ValueError) as exc:
            # A tag the safe loader cannot build ('!!int many') fails without a position.
            raise UsageError(f"{where}: not valid YAML: {exc}") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{where}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})") from None
    except ValueError as exc:  # e.g. a number too long to convert
        raise UsageError(f"{where}: not valid JSON: {exc}") from None


_EXPECTED = {bool: "true or false", int: "a whole number", float: "a number", str: "a text"}


def _coerce(value: object, default: object) -> object:
    """`value` as the type of `default`, or TypeError. Stricter than calling the type:
    bool("false") is True and int(2.5) is 2, and neither is what the file says."""
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif isinstance(default, str) and isinstance(value, str):
        return value
    raise TypeError(_EXPECTED.get(type(default), type(default).__name__))


def _shown(value: object) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def load_settings(path: Path | None) -> Settings:
    """Defaults, overridden by the keys of a JSON or YAML file; unknown keys are an error."""
    settings = Settings()
    if path is None:
        return settings
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--config {path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"--config {path}: not UTF-8 text (byte {exc.start})") from None
    data = _parse(raw, path)
    if not isinstance(data, dict):
        raise UsageError(f"--config {path}: must hold a mapping of setting: value")
    data = {str(k): v for k, v in data.items()}
    lines = _key_lines(raw)

    def where(*key: str) -> str:
        line = lines.get(key)
        return f"--config {path}:{line}" if line else f"--config {path}"

    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known, key=lambda k: (lines.get((k,), 0), k))
    if unknown:
        raise UsageError(f"{where(unknown[0])}: unknown setting(s): {', '.join(unknown)}")
    for name in ("weights", "sentence_weights"):
        if name in data:
            if not isinstance(data[name], dict):
                raise UsageError(f"{where(name)}: {name} must be a mapping")
            weights = dict(getattr(settings, name))
            given = {str(k): v for k, v in data[name].items()}
            # A misspelt feature would otherwise weigh nothing, without a word.
            strange = sorted(set(given) - set(weights), key=lambda k: (lines.get((name, k), 0), k))
            if strange:
                raise UsageError(
                    f"{where(name, strange[0])}: unknown feature(s) in {name}: {', '.join(strange)} "
                    f"(known: {', '.join(weights)})"
                )
            for k, v in given.items():
                try:
                    weights[k] = float(_coerce(v, 0.0))  # type: ignore[arg-type]
                except TypeError:
                    raise UsageError(
                        f"{where(name, k)}: {name}.{k} has the wrong type: expected a number, got {_shown(v)}"
                    ) from None
            data[name] = weights
    for key, value in data.items():
        if key not in ("weights", "sentence_weights"):
            try:
                data[key] = _coerce(value, getattr(settings, key))
            except TypeError as exc:
                raise UsageError(
                    f"{where(key)}: setting '{key}' has the wrong type: expected {exc}, got {_shown(value)}"
                ) from None
    if not 0.0 <= data.get("event_min_coverage", 0.0) <= 1.0:
        raise UsageError(f"--config {path}: event_min_coverage must be between 0 and 1")
    return replace(settings, **data)
