"""Align claims across sources: candidate generation (blocking), then the scoring ladder.

Two levels, because a sentence rarely says on its own which event it reports:
1. documents (and sections) are compared as wholes (TF-IDF cosine, shared entities);
2. within candidate pairs found by a sparse top-k TF-IDF product (plus shared rare
   entities), claims are scored on text, entities, dates, numbers and places, with the
   document and section similarity as context.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .extract import Facts
from .features import PairFeatures, date_relation, number_match, overlap, strip_stop_words
from .model import Claim, Link, Progress
from .settings import Settings


@dataclass(frozen=True)
class AlignInput:
    claims: Sequence[Claim]
    facts: Sequence[Facts]
    source_texts: dict[str, str]  # source id -> stored text
    section_of: Sequence[int]  # index of each claim's section in `section_texts`
    section_texts: Sequence[str]
    section_source: Sequence[str]


def _vectorizer(min_df: int = 1):  # type: ignore[no-untyped-def]
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        lowercase=True, sublinear_tf=True, ngram_range=(1, 2), min_df=min_df,
        stop_words=sorted(_stop_words()), token_pattern=r"(?u)\b\w[\w'’-]*\w\b|\b\d+\b", dtype=np.float32,
    )


def _stop_words() -> frozenset[str]:
    from .features import STOP_WORDS

    return STOP_WORDS


def top_k_pairs(matrix, groups: Sequence[int], k: int, min_value: float,  # type: ignore[no-untyped-def]
                chunk: int = 2000) -> dict[tuple[int, int], float]:
    """Top-k most similar rows of other groups for every row: a chunked sparse product.

    Never materialises the full n x n product, so memory stays bounded for large corpora.
    """
    import numpy as np

    groups_arr = np.asarray(groups)
    t = matrix.T.tocsr()
    out: dict[tuple[int, int], float] = {}
    n = matrix.shape[0]
    for lo in range(0, n, chunk):
        block = (matrix[lo:lo + chunk] @ t).tocsr()
        block.data[block.data < min_value] = 0
        block.eliminate_zeros()
        indptr, indices, data = block.indptr, block.indices, block.data
        for r in range(block.shape[0]):
            i = lo + r
            s, e = indptr[r], indptr[r + 1]
            if s == e:
                continue
            cols = indices[s:e]
            vals = data[s:e]
            keep = groups_arr[cols] != groups_arr[i]
            cols, vals = cols[keep], vals[keep]
            if len(cols) > k:
                top = np.argpartition(-vals, k)[:k]
                cols, vals = cols[top], vals[top]
            for j, v in zip(cols.tolist(), vals.tolist(), strict=True):
                key = (i, j) if i < j else (j, i)
                if v > out.get(key, 0.0):
                    out[key] = float(v)
    return out


def _entity_idf(facts: Sequence[Facts]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for f in facts:
        for k in f.entity_keys():
            df[k] += 1
    n = max(1, len(facts))
    return {k: math.log((n + 1) / (c + 1)) + 1.0 for k, c in df.items()}


def _rare_entity_pairs(claims: Sequence[Claim], facts: Sequence[Facts], idf: dict[str, float],
                       max_block: int = 50) -> set[tuple[int, int]]:
    """Blocking on shared canonical entities that are rare enough to be informative."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        for k in f.entity_keys():
            blocks[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if claims[i].source != claims[j].source:
                    pairs.add((i, j))
    return pairs


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


FEATURE_LABELS = {
    "text": "wording", "cosine": "shared rare words", "entities": "same people/organisations/places",
    "entity_conflict": "different actors named", "dates": "compatible dates",
    "date_conflict": "conflicting dates", "numbers": "matching figures", "places": "same place",
    "document": "documents report the same story", "section": "sections match",
}


def score_features(feats: PairFeatures, settings: Settings) -> tuple[float, tuple[tuple[str, float, str], ...]]:
    """Calibrated 0-100 score and each feature's contribution (in points of log-odds)."""
    w = settings.weights
    z = w.get("bias", 0.0)
    parts = []
    for name, value in feats.as_dict().items():
        contribution = w.get(name, 0.0) * value
        z += contribution
        if value:
            parts.append((name, round(contribution, 3), f"{FEATURE_LABELS.get(name, name)}: {value:.2f}"))
    return round(100.0 * sigmoid(z), 2), tuple(parts)


class Aligner:
    """Holds the corpus-level statistics needed to score any pair of claims."""

    def __init__(self, data: AlignInput, settings: Settings) -> None:
        self.data = data
        self.settings = settings
        self.processed = [strip_stop_words(c.text) for c in data.claims]
        self.idf = _entity_idf(data.facts)
        self._fit_vectors()

    def _fit_vectors(self) -> None:
        from sklearn.preprocessing import normalize

        d = self.data
        self.source_ids = sorted(d.source_texts)
        self.source_index = {s: i for i, s in enumerate(self.source_ids)}
        docs = [d.source_texts[s] for s in self.source_ids]
        doc_vec = _vectorizer()
        try:
            self.doc_matrix = doc_vec.fit_transform(docs)
            self.section_matrix = normalize(doc_vec.transform(list(d.section_texts)))
        except ValueError:  # empty vocabulary: nothing but stop words
            self.doc_matrix = self.section_matrix = None
        claim_vec = _vectorizer()
        try:
            self.claim_matrix = claim_vec.fit_transform([c.text for c in d.claims])
        except ValueError:
            self.claim_matrix = None
        self._doc_sim: dict[tuple[int, int], float] = {}
        self._sec_sim: dict[tuple[int, int], float] = {}

    def doc_similarity(self, a: str, b: str) -> float:
        if self.doc_matrix is None:
            return 0.0
        i, j = sorted((self.source_index[a], self.source_index[b]))
        key = (i, j)
        if key not in self._doc_sim:
            self._doc_sim[key] = float(self.doc_matrix[i].multiply(self.doc_matrix[j]).sum())
        return self._doc_sim[key]

    def section_similarity(self, i: int, j: int) -> float:
        if self.section_matrix is None:
            return 0.0
        a, b = sorted((self.data.section_of[i], self.data.section_of[j]))
        if (a, b) not in self._sec_sim:
            self._sec_sim[(a, b)] = float(self.section_matrix[a].multiply(self.section_matrix[b]).sum())
        return self._sec_sim[(a, b)]

    def candidates(self) -> dict[tuple[int, int], float]:
        d = self.data
        groups = [self.source_index[c.source] for c in d.claims]
        pairs: dict[tuple[int, int], float] = {}
        if self.claim_matrix is not None:
            pairs = top_k_pairs(self.claim_matrix, groups, self.settings.top_k, self.settings.min_cosine)
        for key in _rare_entity_pairs(d.claims, d.facts, self.idf):
            pairs.setdefault(key, self.cosine(*key))
        return pairs

    def cosine(self, i: int, j: int) -> float:
        if self.claim_matrix is None:
            return 0.0
        return float(self.claim_matrix[i].multiply(self.claim_matrix[j]).sum())

    def features(self, i: int, j: int, cosine: float | None = None) -> PairFeatures:
        from rapidfuzz import fuzz

        d = self.data
        ca, cb = d.claims[i], d.claims[j]
        fa, fb = d.facts[i], d.facts[j]
        scorer = getattr(fuzz, self.settings.text_scorer)
        text = scorer(self.processed[i], self.processed[j], processor=None,
                      score_cutoff=self.settings.text_cutoff) / 100.0
        ents_a = fa.entity_keys()
        ents_b = fb.entity_keys()
        actors_a = fa.entity_keys(("person", "org"))
        actors_b = fb.entity_keys(("person", "org"))
        places_a = fa.entity_keys(("place",))
        places_b = fb.entity_keys(("place",))
        compatible, conflict = date_relation(fa, fb)
        return PairFeatures(
            text=text,
            cosine=self.cosine(i, j) if cosine is None else cosine,
            entities=overlap(ents_a, ents_b, self.idf),
            entity_conflict=1.0 if actors_a and actors_b and not actors_a & actors_b else 0.0,
            dates=compatible,
            date_conflict=conflict,
            numbers=number_match(fa, fb),
            places=1.0 if places_a & places_b else 0.0,
            document=self.doc_similarity(ca.source, cb.source),
            section=self.section_similarity(i, j),
        )

    def link(self, i: int, j: int, cosine: float | None = None) -> Link:
        feats = self.features(i, j, cosine)
        score, explanation = score_features(feats, self.settings)
        a, b = self.data.claims[i], self.data.claims[j]
        if (b.source, b.index) < (a.source, a.index):
            a, b = b, a
        return Link(a=a.id, b=b.id, score=score, explanation=explanation)


def align_claims(
    data: AlignInput, settings: Settings,
    progress: Callable[[Progress], None] | None = None,
) -> tuple[list[Link], Aligner]:
    """All links at or above the settings' threshold, sorted for deterministic output."""
    aligner = Aligner(data, settings)
    pairs = aligner.candidates()
    links: list[Link] = []
    total = len(pairs)
    for n, ((i, j), cos) in enumerate(sorted(pairs.items()), 1):
        link = aligner.link(i, j, cos)
        if link.score >= settings.link_threshold:
            links.append(link)
        if progress and (n % 5000 == 0 or n == total):
            progress(Progress("align", n, total, "scoring candidate pairs"))
    links.sort(key=lambda lk: (lk.a, lk.b))
    return links, aligner
