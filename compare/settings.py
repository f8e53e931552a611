"""Alignment settings: one dataclass with defaults, overridable from a JSON/YAML file.

The settings used are written into every report, so a result can always be reproduced.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from .errors import UsageError


@dataclass(frozen=True)
class Settings:
    # Candidate generation (blocking)
    top_k: int = 20  # nearest claims kept per claim from the TF-IDF product
    min_cosine: float = 0.10  # TF-IDF cosine below which a candidate is dropped
    # Scoring ladder
    text_scorer: str = "token_set_ratio"  # a rapidfuzz.fuzz scorer name
    text_cutoff: float = 30.0  # rapidfuzz score_cutoff; below it text similarity counts as 0
    link_threshold: float = 50.0  # calibrated score (0-100) from which two claims are linked
    weights: dict[str, float] = field(default_factory=lambda: {
        "bias": -4.2,
        "text": 3.4,
        "cosine": 3.0,
        "entities": 1.6,
        "entity_conflict": -0.4,
        "dates": 0.9,
        "date_conflict": -0.6,
        "numbers": 0.8,
        "places": 0.6,
        "document": 2.4,
        "section": 0.8,
    })
    # Documents: which sources report the same events
    doc_top_k: int = 30
    # Events
    max_claims_per_source: int = 3  # per event card
    event_min_score: float = 60.0  # links below this do not join events
    # Verdicts
    number_minor_gap: float = 0.15  # relative gap at or under which differing numbers are a minor divergence
    near_copy_threshold: float = 0.8  # share of a source's claims nearly identical to another's

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def load_settings(path: Path | None) -> Settings:
    """Defaults, overridden by the keys of a JSON or YAML file; unknown keys are an error."""
    settings = Settings()
    if path is None:
        return settings
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--config {path}: cannot read ({exc.strerror})") from None
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(raw) or {}
        else:
            data = json.loads(raw)
    except Exception as exc:  # both parsers raise their own error types
        raise UsageError(f"--config {path}: not valid {path.suffix[1:] or 'JSON'} ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise UsageError(f"--config {path}: must hold a mapping of setting: value")
    known = {f.name: f for f in fields(Settings)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise UsageError(f"--config {path}: unknown setting(s): {', '.join(unknown)}")
    if "weights" in data:
        if not isinstance(data["weights"], dict):
            raise UsageError(f"--config {path}: weights must be a mapping")
        weights = dict(settings.weights)
        weights.update({str(k): float(v) for k, v in data["weights"].items()})
        data["weights"] = weights
    try:
        for key, value in data.items():
            if key != "weights":
                default = getattr(settings, key)
                data[key] = type(default)(value)
    except (TypeError, ValueError):
        raise UsageError(f"--config {path}: setting '{key}' has the wrong type") from None
    return replace(settings, **data)
