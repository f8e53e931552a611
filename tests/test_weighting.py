"""TermCounter gives exactly what scikit-learn's CountVectorizer gives: the same vocabulary,
counts and order of stored entries, so every weight, score and report stays byte-identical."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from compare.align import _vectorizer, _with_entity_tokens
from compare.cache import open_cache
from compare.corpus import load_corpus
from compare.features import STOP_WORDS
from compare.pipeline import prepare
from compare.weighting import TermCounter

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

TEXTS = [
    "Rockets hit the northern town on Tuesday; rockets hit it again on Wednesday.",
    "",
    "the of and",  # stop words only
    "Hezbollah’s fighters -- and the army's -- fired 5 rockets at Kiryat Shmona.",
    "Ünïcode wörds, ٣ digits, co-operate, rock--n, 'quoted', x y 7",
    "Rockets hit the northern town on Tuesday; rockets hit it again on Wednesday.",
    "a b c",
    "Twelve.  Twelve.  Twelve twelve twelve",
]
PATTERN = r"(?u)\b\w[\w'’-]*\w\b|\b\d+\b"


def _same(ours, theirs) -> None:  # type: ignore[no-untyped-def]
    assert ours.shape == theirs.shape
    assert ours.indptr.dtype == theirs.indptr.dtype and ours.indices.dtype == theirs.indices.dtype
    assert ours.data.dtype == theirs.data.dtype
    assert np.array_equal(ours.indptr, theirs.indptr)
    assert np.array_equal(ours.indices, theirs.indices)  # the same order within rows too
    assert np.array_equal(ours.data, theirs.data)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"ngram_range": (1, 2)},
        {"ngram_range": (1, 3), "stop_words": sorted(STOP_WORDS)},
        {"ngram_range": (1, 2), "stop_words": sorted(STOP_WORDS), "token_pattern": PATTERN},
        {"lowercase": False, "token_pattern": PATTERN},
    ],
)
def test_counts_vocabulary_and_order_are_scikit_learns(options: dict) -> None:  # type: ignore[type-arg]
    theirs = CountVectorizer(dtype=np.float32, **options)
    ours = TermCounter(**options)
    _same(ours.fit_transform(TEXTS), theirs.fit_transform(TEXTS))
    assert ours.vocabulary_ == theirs.vocabulary_
    unseen = ["Rockets and drones hit the town", "", "zebra"]
    _same(ours.transform(unseen), theirs.transform(unseen))


def test_a_callable_analyzer_counts_its_terms() -> None:
    keys = [["hezbollah", "israel", "hezbollah"], [], ["lebanon"], ["israel", "lebanon"]]
    theirs = CountVectorizer(dtype=np.float32, analyzer=lambda x: x)
    _same(TermCounter(analyzer=lambda x: x).fit_transform(keys), theirs.fit_transform(keys))


def test_an_empty_vocabulary_fails_as_scikit_learns_does() -> None:
    with pytest.raises(ValueError, match="empty vocabulary"):
        TermCounter(stop_words=sorted(STOP_WORDS)).fit_transform(["the of", ""])


def test_blocks_of_documents_number_terms_as_one_pass_would(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TermCounter, "BLOCK_TERMS", 7)
    theirs = CountVectorizer(dtype=np.float32, ngram_range=(1, 2))
    ours = TermCounter(ngram_range=(1, 2))
    _same(ours.fit_transform(TEXTS), theirs.fit_transform(TEXTS))
    assert ours.vocabulary_ == theirs.vocabulary_


def test_the_demo_corpus_is_counted_as_scikit_learn_counts_it() -> None:
    """The aligner's two vocabularies (sections, and claims with entity tokens) on real text."""
    prepared = prepare(load_corpus(SEEDS), open_cache(None))
    data = prepared.align_input
    claims = [_with_entity_tokens(c.text, f) for c, f in zip(data.claims, data.facts, strict=True)]
    options = _vectorizer(1.0).counter
    for texts in (list(data.section_texts), claims):
        theirs = CountVectorizer(
            dtype=np.float32,
            ngram_range=(1, options.max_n),
            stop_words=sorted(options.stop_words),
            token_pattern=options.token_pattern.pattern,
        )
        ours = _vectorizer(1.0).counter
        _same(ours.fit_transform(texts), theirs.fit_transform(texts))
        assert ours.vocabulary_ == theirs.vocabulary_


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rows_are_normalised_to_scikit_learns_bits(dtype: type) -> None:
    """weighting.normalize_rows stands in for scikit-learn's normalize (whose import cost
    0.9 s of every run): the same bits, so no score moves."""
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

    from compare.weighting import normalize_rows

    rng = np.random.default_rng(7)
    dense = rng.random((60, 300)) * (rng.random((60, 300)) < 0.1)
    dense[5] = 0.0  # a row of zeros stays zeros
    matrix = sp.csr_matrix(dense.astype(dtype))
    texts = [s.text for s in load_corpus(SEEDS).sources]
    demo = _vectorizer(1.0).counter.fit_transform(texts).astype(dtype)
    for m in (matrix, demo):
        got, want = normalize_rows(m), normalize(m).tocsr()
        assert got.dtype == want.dtype
        assert np.array_equal(got.indptr, want.indptr) and np.array_equal(got.indices, want.indices)
        assert got.data.tobytes() == want.data.tobytes()
