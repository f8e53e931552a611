"""A source about something else leaves the comparison of the others as it was: no verdict,
status or event moves (the topic names are counted over the sources linked to another
one), and with rounded term weights (compare/weighting.py) not even a score."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from compare.corpus import CACHE_DIR
from compare.pipeline import analyse_corpus
from compare.settings import Settings
from compare.weighting import StableTfidf, rounded_counts

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

TEXTS = [
    "Rockets hit the northern town on Tuesday.",
    "The army said it struck a launch site in the south.",
    "Two rockets landed near the town, police said.",
    "Schools in the north stayed shut on Wednesday.",
    "The group said it fired at a base near the border.",
    "A drone struck a car on the coastal road.",
    "Officials counted three wounded in the town.",
]
UNRELATED = "Velkoran quenfixes plonked zorblat draptels."  # no word in common with TEXTS


def _rows(matrix, vocabulary: dict[str, int]) -> list[dict[str, float]]:  # type: ignore[no-untyped-def]
    terms = {j: t for t, j in vocabulary.items()}
    return [{terms[j]: float(v) for j, v in zip(row.indices, row.data, strict=True)} for row in matrix]


def test_exact_counts_give_scikit_learns_weights() -> None:
    ours = StableTfidf(grid=1.0).fit_transform(TEXTS).toarray()
    theirs = TfidfVectorizer(sublinear_tf=True, dtype=np.float32).fit_transform(TEXTS).toarray()
    assert np.array_equal(ours, theirs)


def test_counts_round_to_the_nearest_step_of_the_grid() -> None:
    assert list(rounded_counts(np.array([0, 1, 2, 3]), 1.0)) == [0, 1, 2, 3]
    got = rounded_counts(np.array([0, 1, 100, 110, 125]), 1.25)
    assert got[0] == 0 and got[1] == 1
    assert got[2] == got[3]  # 100 and 110 share a step
    assert got[2] != got[4]


@pytest.mark.parametrize(("grid", "stable"), [(1.25, True), (1.0, False)])
def test_a_text_sharing_no_word_moves_no_weight_of_the_others(grid: float, stable: bool) -> None:
    # 7 and 8 texts round to one step: the size of the corpus moves no weight either.
    assert rounded_counts(np.array([len(TEXTS)]), 1.25) == rounded_counts(np.array([len(TEXTS) + 1]), 1.25)
    before = StableTfidf(grid=grid)
    rows_before = _rows(before.fit_transform(TEXTS), before.counter.vocabulary_)
    after = StableTfidf(grid=grid)
    rows_after = _rows(after.fit_transform([*TEXTS, UNRELATED]), after.counter.vocabulary_)
    # Exact counts move every weight, because the size of the corpus is in every one.
    assert (rows_after[: len(TEXTS)] == rows_before) is stable


def _comparison(root: Path, settings: Settings):  # type: ignore[no-untyped-def]
    a = analyse_corpus(root, settings, use_cache=False)
    links = sorted((lk.a, lk.b, lk.score, lk.evidence, lk.verdict, lk.differences) for lk in a.links)
    return links, a.events, a.statuses


NO_SHARED_WORD = "Velkoran quenfixes plonked zorblat draptels.\n\nMirnoth yastrels uvvaric snelbows.\n"
TRAM_BUDGET = (
    "The city council of Ostrava approved a new budget for its tram network on Tuesday.\n\n"
    "Councillors voted 31 to 9 to spend 2.4 billion crowns on new rolling stock over five years.\n"
)


# Two accounts of one flood on the days of the demo's drone claim (Monday 11 and Tuesday 12
# March 2024): they link to each other, and share nothing with the war but their dates.
FLOODS = (
    "Heavy rain on Monday, 11 March 2024, pushed the Varna river over its banks, and by Tuesday, "
    "12 March, at least 14 villages were cut off, the regional emergency office said.\n\n"
    "Rescue crews took about 2,300 residents out by boat overnight. The office said two people "
    "had died and four were missing.\n",
    "The Varna river rose above its record level on Tuesday, 12 March 2024, after a night of rain "
    "that began on Monday, 11 March.\n\nLocal officials said about 1,900 people had left their "
    "homes and three people had died.\n",
)


def _before_and_after(tmp_path: Path, texts: str | tuple[str, ...], settings: Settings):  # type: ignore[no-untyped-def]
    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    before = _comparison(root, settings)
    for k, text in enumerate((texts,) if isinstance(texts, str) else texts):
        (root / f"unrelated-note-{k}.md").write_text(
            f"---\nid: unrelated-note-{k}\ntitle: A note\noutlet: Elsewhere {k}\npublished: 2024-03-12\n"
            "kind: news\n---\n" + text,
            encoding="utf-8",
        )
    return before, _comparison(root, settings)


@pytest.mark.parametrize(
    "texts", [NO_SHARED_WORD, TRAM_BUDGET, FLOODS], ids=["no-shared-word", "tram-budget", "floods-of-the-same-days"]
)
def test_a_source_about_something_else_changes_no_verdict_status_or_event(
    tmp_path: Path, texts: str | tuple[str, ...]
) -> None:
    (links, events, statuses), (links_after, events_after, statuses_after) = _before_and_after(
        tmp_path, texts, Settings()
    )
    # The notes' own links aside, scores may move by hundredths (exact weights hold the
    # corpus size); verdicts may not.
    old = set(statuses)  # every claim of the corpus before the notes, linked or not
    links_after = [lk for lk in links_after if lk[0] in old or lk[1] in old]
    assert [lk[:2] + lk[4:] for lk in links_after] == [lk[:2] + lk[4:] for lk in links]
    assert [e for e in events_after if set(e.claims) & old] == events
    assert {k: v for k, v in statuses_after.items() if k in statuses} == statuses


@pytest.mark.parametrize(("grid", "stable"), [(1.25, True), (1.0, False)])
def test_with_rounded_weights_a_source_sharing_no_word_moves_no_score(
    tmp_path: Path, grid: float, stable: bool
) -> None:
    (links, _, _), (links_after, _, _) = _before_and_after(tmp_path, NO_SHARED_WORD, Settings(weight_grid=grid))
    assert (links_after == links) is stable
