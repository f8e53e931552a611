"""Does a long text refute a claim? A small logistic model over non-topical words.

Cue lists catch "hoax" and "denied"; a report that refutes a claim also reads
differently as a whole ("the story, which went viral, turned out to be ..."). The model
weighs the words of the sentences that best match the claim and of the whole text, over
a vocabulary limited to words spread across many unrelated stories, so it learns how
refutation is written, not what was refuted. Weights are fitted on FNC-1 train by
benchmarks/fit_refutation.py and shipped in data/refutation.json. It is a weak signal: on
claims it has not seen, its F1 for refutations is about 0.2 (docs/benchmarks.md).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

TOKEN = re.compile(r"(?u)\b[\w']+\b")


@lru_cache(maxsize=1)
def model() -> dict[str, object] | None:
    try:
        raw = resources.files("compare").joinpath("data/refutation.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    data = json.loads(raw)
    data["index"] = {w: i for i, w in enumerate(data["vocabulary"])}
    return data


def _vector(text: str, index: dict[str, int], idf: list[float]) -> dict[int, float]:
    counts = Counter(index[w] for w in TOKEN.findall(text.lower()) if w in index)
    vec = {i: (1.0 + math.log(c)) * idf[i] for i, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {i: v / norm for i, v in vec.items()}


def refutation_probability(best_matches: str, whole_text: str) -> float | None:
    """Probability that `whole_text` refutes the claim its `best_matches` sentences match."""
    m = model()
    if m is None:
        return None
    index = m["index"]  # type: ignore[index]
    top = _vector(best_matches, index, m["idf_top"])  # type: ignore[arg-type, index]
    body = _vector(whole_text, index, m["idf_body"])  # type: ignore[arg-type, index]
    z = float(m["intercept"])  # type: ignore[arg-type]
    z += sum(v * m["coef_top"][i] for i, v in top.items())  # type: ignore[index]
    z += sum(v * m["coef_body"][i] for i, v in body.items())  # type: ignore[index]
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def refutes(best_matches: str, whole_text: str) -> bool:
    m = model()
    p = refutation_probability(best_matches, whole_text)
    return p is not None and p >= float(m["threshold"])  # type: ignore[index]
