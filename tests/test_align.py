"""Candidate generation, the link table and how reports count links without verdicts."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from compare.align import Aligner, align_claims, cap_per_claim, make_links
from compare.blocking import shared_fact_pairs, top_k_pairs, unique_codes
from compare.cache import open_cache
from compare.corpus import load_corpus
from compare.extract import extract_facts
from compare.features import FEATURES, date_relation, number_match
from compare.pipeline import analyse_corpus, prepare
from compare.report import build_report, build_views
from compare.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def brute_top_k(matrix: sp.csr_matrix, groups: np.ndarray, k: int, min_value: float) -> set[tuple[int, int]]:
    dense = (matrix @ matrix.T).toarray()
    out = set()
    for i in range(dense.shape[0]):
        others = [j for j in range(dense.shape[0]) if groups[j] != groups[i] and dense[i, j] >= min_value]
        for j in sorted(others, key=lambda j: (-dense[i, j], j))[:k]:
            out.add((min(i, j), max(i, j)))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_top_k_pairs_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    matrix = sp.random(120, 40, density=0.15, random_state=rng, format="csr", dtype=np.float32)
    groups = rng.integers(0, 9, size=120)
    codes = top_k_pairs(matrix, groups, 4, 0.05)
    got = {(int(c // 120), int(c % 120)) for c in codes}
    assert got == brute_top_k(matrix, groups, 4, 0.05)
    assert np.all(np.diff(codes) > 0)


def test_top_k_pairs_within_one_very_large_source() -> None:
    """A source too big to multiply with itself is compared with the others only."""
    rng = np.random.default_rng(5)
    matrix = sp.random(60, 30, density=0.2, random_state=rng, format="csr", dtype=np.float32)
    groups = np.array([0] * 50 + [1] * 5 + [2] * 5)
    got = {(int(c // 60), int(c % 60)) for c in top_k_pairs(matrix, groups, 3, 0.01)}
    assert got == brute_top_k(matrix, groups, 3, 0.01)


def test_shared_fact_pairs_small_groups_pair_all_and_large_ones_by_words() -> None:
    """A date held by few claims pairs all of them across sources, even with no word in
    common; one held by many pairs each claim with its closest holders only."""
    n = 12
    keys = sp.lil_matrix((n, 2), dtype=np.float32)
    for i in (0, 1, 2):  # a rare date: claims 0, 1 (same source) and 2
        keys[i, 0] = 1
    for i in range(3, 12):  # a common date held by 9 claims
        keys[i, 1] = 1
    source = np.array([0, 0, 1] + [k % 3 for k in range(9)])
    words = sp.csr_matrix(np.eye(n, dtype=np.float32))  # no two claims share a word...
    words = sp.lil_matrix(words)
    words[3, 0], words[4, 0] = 1, 1  # ...except 3 and 4
    words = normalize_rows(sp.csr_matrix(words))
    got = {(int(c // n), int(c % n)) for c in shared_fact_pairs(sp.csr_matrix(keys), source, words, 5, 1)}
    assert {(0, 2), (1, 2)} <= got and (0, 1) not in got  # all cross-source pairs of the rare date
    common = {p for p in got if p[0] >= 3}
    assert (3, 4) in common and len(common) < 9 * 8 // 2  # top-k by words, not all pairs
    assert all(source[a] != source[b] for a, b in got)


def normalize_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    from sklearn.preprocessing import normalize

    return normalize(matrix).tocsr()


def test_unique_codes() -> None:
    assert unique_codes(np.array([5, 1, 5, 3, 1], dtype=np.int64)).tolist() == [1, 3, 5]
    assert unique_codes(np.zeros(0, dtype=np.int64)).tolist() == []


def test_cap_per_claim_keeps_the_best_of_either_end() -> None:
    i = np.array([0, 0, 0, 1, 2])
    j = np.array([1, 2, 3, 2, 3])
    score = np.array([90.0, 80.0, 70.0, 60.0, 50.0])
    # Claim 0's best is 0-1, claim 2's is 0-2, claim 3's is 0-3; 1-2 and 2-3 are nobody's.
    assert cap_per_claim(i, j, score, 1).tolist() == [True, True, True, False, False]
    assert cap_per_claim(i, j, score, 2).tolist() == [True, True, True, True, True]


@pytest.fixture(scope="module")
def demo() -> tuple[Aligner, np.ndarray]:
    prepared = prepare(load_corpus(SEEDS), open_cache(None))
    aligner = Aligner(prepared.align_input, Settings())  # type: ignore[arg-type]
    return aligner, aligner.candidates()


def test_candidates_are_sorted_distinct_cross_source_pairs(demo: tuple[Aligner, np.ndarray]) -> None:
    aligner, pairs = demo
    assert len(pairs) > 1000
    assert np.all(pairs[:, 0] < pairs[:, 1])
    codes = pairs[:, 0] * len(aligner.data.claims) + pairs[:, 1]
    assert np.all(np.diff(codes) > 0)
    assert not np.any(aligner.claim_source[pairs[:, 0]] == aligner.claim_source[pairs[:, 1]])


def test_date_and_number_features_equal_the_pairwise_functions(demo: tuple[Aligner, np.ndarray]) -> None:
    """They are computed once per distinct pair of date (number) signatures."""
    aligner, pairs = demo
    x = aligner.feature_matrix(pairs)
    facts = aligner.data.facts
    col = {name: k for k, name in enumerate(FEATURES)}
    checked = 0
    for k, (a, b) in enumerate(pairs.tolist()):
        if aligner.has_dates[a] and aligner.has_dates[b]:
            assert (x[k, col["dates"]], x[k, col["date_conflict"]]) == date_relation(facts[a], facts[b])
            checked += 1
        if aligner.has_numbers[a] and aligner.has_numbers[b]:
            assert x[k, col["numbers"]] == number_match(facts[a], facts[b])
            checked += 1
    assert checked > 100


def test_link_explanations_add_up_to_the_score() -> None:
    prepared = prepare(load_corpus(SEEDS), open_cache(None))
    settings = Settings()
    table, aligner = align_claims(prepared.align_input, settings)  # type: ignore[arg-type]
    assert len(table) and np.all(table.i < table.j)
    assert np.all(table.score >= settings.link_threshold)
    assert np.all(table.evidence >= settings.min_link_evidence)
    links = make_links(aligner, table.subset(np.arange(len(table)) < 200))
    assert len(links) == 200
    for lk in links:
        z = settings.weights["bias"] + sum(c for _, _, c in lk.explanation)
        full = 100 / (1 + np.exp(-z))
        # The link score is the context score, or the sentence-alone score when higher.
        assert lk.score == pytest.approx(full, abs=0.05) or lk.score == pytest.approx(lk.evidence, abs=0.01)


def test_context_links_are_counted_and_listed_on_request() -> None:
    counted = build_report(analyse_corpus(SEEDS, Settings(), use_cache=False))
    listed = build_report(analyse_corpus(SEEDS, replace(Settings(), report_context_links=True), use_cache=False))
    context = [lk for lk in listed["links"] if lk["context"]]
    assert context and all(lk["verdict"] == "related" and not lk["differences"] for lk in context)
    assert not any(lk["context"] for lk in counted["links"])
    assert counted["summary"]["context_links"] == len(context) == listed["summary"]["context_links"]
    assert counted["summary"]["links"] == len(counted["links"]) + len(context) == listed["summary"]["links"]
    per_claim = Counter(cid for lk in context for cid in (lk["a"], lk["b"]))
    assert {c["id"]: c["context_links"] for c in counted["claims"]} == {
        c["id"]: per_claim.get(c["id"], 0) for c in counted["claims"]
    }
    source = {c["id"]: c["source"] for c in counted["claims"]}
    per_pair = Counter(tuple(sorted((source[lk["a"]], source[lk["b"]]))) for lk in context)
    assert {(p["a"], p["b"]): p["links"] for p in counted["context_pairs"]} == dict(per_pair)
    assert counted["events"] == listed["events"]
    # Listing them changes nothing the HTML and Markdown show.
    one, two = build_views(counted), build_views(listed)
    assert one["matrix"] == two["matrix"]
    assert [e["context_links"] for e in one["events"]] == [e["context_links"] for e in two["events"]]


def test_verdicts_go_to_each_claims_closest_statements() -> None:
    full = analyse_corpus(SEEDS, replace(Settings(), max_verdicts_per_claim=0), use_cache=False)
    capped = analyse_corpus(SEEDS, replace(Settings(), max_verdicts_per_claim=1), use_cache=False)
    # Conflicts carried through a third claim (bridge.py) are added after the cap.
    full_links = [lk for lk in full.links if not lk.via]
    capped_links = [lk for lk in capped.links if not lk.via]
    assert len(capped_links) < len(full_links)
    assert len(capped_links) + len(capped.context) == len(full_links) + len(full.context)
    best: dict[str, float] = {}
    for lk in full_links:
        for cid in (lk.a, lk.b):
            best[cid] = max(best.get(cid, 0.0), lk.evidence)
    for lk in capped_links:
        assert lk.evidence == best[lk.a] or lk.evidence == best[lk.b]


def test_statements_with_no_word_in_common_get_no_verdict() -> None:
    """A verdict compares two statements: links whose sentences share no word, name or
    figure are context links, whatever their sentence-alone score."""
    prepared = prepare(load_corpus(SEEDS), open_cache(None))
    # With no evidence gate and no cap, sharing a term is the only thing that decides.
    settings = replace(Settings(), claim_evidence_min=0.0, max_verdicts_per_claim=0)
    table, aligner = align_claims(prepared.align_input, settings)  # type: ignore[arg-type]
    rows = aligner.claim_matrix
    words = [set(rows[int(a)].indices) & set(rows[int(b)].indices) for a, b in zip(table.i, table.j, strict=True)]
    assert table.shared.tolist() == [bool(w) for w in words]
    assert table.shared.any() and not table.shared.all()  # both kinds occur, so the rule is tested
    analysis = analyse_corpus(SEEDS, settings, use_cache=False)
    ids = [c.id for c in prepared.claims]
    expected = {
        tuple(sorted((ids[i], ids[j]))) for i, j in zip(table.i[table.shared], table.j[table.shared], strict=True)
    }
    direct = [lk for lk in analysis.links if not lk.via]  # carried conflicts share words too (below)
    assert {(lk.a, lk.b) if lk.a < lk.b else (lk.b, lk.a) for lk in direct} == expected
    words_of = {c.id: set(rows[k].indices) for k, c in enumerate(prepared.claims)}
    assert all(words_of[lk.a] & words_of[lk.b] for lk in analysis.links if lk.via)


def test_possessives_meet_the_bare_name() -> None:
    from compare.align import _with_entity_tokens
    from compare.extract import extract_facts

    text = "Hezbollah’s strike on Safed and Israel's answer"
    words = _with_entity_tokens(text, extract_facts(text)).split()
    assert "hezbollah" in words
    assert "synisrael" in words  # the synonym group of "Israel"
    assert not any(w.endswith(("’", "'")) for w in words)


def test_features_that_weigh_nothing_are_skipped_in_scoring_only() -> None:
    prepared = prepare(load_corpus(SEEDS), open_cache(None))
    aligner = Aligner(prepared.align_input, Settings())  # type: ignore[arg-type]
    pairs = aligner.candidates()
    full = aligner.feature_matrix(pairs)
    fast = aligner.feature_matrix(pairs, explain=False)
    doc = FEATURES.index("document")
    assert aligner.explain_only == {"document", "section"}
    assert full[:, doc].any() and not fast[:, doc].any()
    for got, want in zip(aligner.link_scores(fast), aligner.link_scores(full), strict=True):
        np.testing.assert_array_equal(got, want)
    weights = {**Settings().weights, "document": 1.0}
    weighted = Aligner(prepared.align_input, Settings(weights=weights))  # type: ignore[arg-type]
    assert weighted.explain_only == {"section"}
    assert weighted.feature_matrix(pairs, explain=False)[:, doc].any()


@pytest.mark.parametrize("seed", range(6))
def test_condensed_distances_equal_the_dense_computation(seed: int) -> None:
    from scipy.spatial.distance import squareform

    from compare.documents import _condensed_distances

    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 40))
    m = sp.random(n, n, density=0.3, random_state=seed, dtype=np.float32).tocsr()
    m = (m + m.T).tocsr()  # similarities, a few above 1, with rounding noise between i,j and j,i
    m.data = (m.data * 1.1 + rng.normal(0, 1e-6, len(m.data))).astype(np.float32)
    dense = 1 - np.clip(m.toarray(), 0, 1)
    np.fill_diagonal(dense, 0)
    want = squareform((dense + dense.T) / 2, checks=False)
    got = _condensed_distances(m)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("seed", range(4))
def test_section_products_over_shared_terms_equal_the_full_product(seed: int) -> None:
    from compare.blocking import _dot_in_shared_terms

    rng = np.random.default_rng(seed)
    matrix = sp.random(60, 500, density=0.05, random_state=rng, format="csr", dtype=np.float32)
    a, b = matrix[:15], matrix[15:]
    position = np.full(500, -1, dtype=np.int64)
    np.testing.assert_array_equal(_dot_in_shared_terms(a, b, position), (a @ b.T).toarray())
    assert (position == -1).all()


def test_a_day_inside_a_wide_span_is_a_loose_date_match() -> None:
    day = extract_facts("Nasrallah spoke on Tuesday.", date(2024, 3, 15))
    wide = extract_facts("Earlier this year the army refused a permit.", date(2024, 3, 15))
    same_month = extract_facts("In March 2024 the army refused a permit.")
    assert date_relation(day, wide) == (0.2, 0.0)
    assert date_relation(wide, day) == (0.2, 0.0)
    day_in_march = extract_facts("On 12 March 2024 the army refused a permit.")
    assert date_relation(day_in_march, same_month) == (0.5, 0.0)


def test_an_open_span_from_the_day_the_other_names_is_the_same_day() -> None:
    since = extract_facts("Hezbollah and Israel have traded fire since 8 October.", date(2024, 3, 15))
    on_the_day = extract_facts("On 8 October 2023 Hezbollah fired at three posts.")
    later = extract_facts("On 9 October 2023 Hezbollah fired at three posts.")
    since_month = extract_facts("Hezbollah has fired at Israel since October.", date(2024, 3, 15))
    assert date_relation(since, on_the_day) == (1.0, 0.0)
    assert date_relation(on_the_day, since) == (1.0, 0.0)
    assert date_relation(since, later) == (0.2, 0.0)  # inside the span, not its first day
    assert date_relation(since_month, on_the_day) == (0.2, 0.0)


def test_a_date_is_one_token_of_the_text_and_no_word_of_the_vectors() -> None:
    from compare.align import replace_dates, strip_stop_words

    weekday = extract_facts("The river rose on Tuesday after a night of rain.", date(2024, 3, 14))
    spelled = extract_facts("The river rose on 12 March 2024 after a night of rain.")
    a = strip_stop_words(replace_dates("The river rose on Tuesday after a night of rain.", weekday, tokens=True))
    b = strip_stop_words(replace_dates("The river rose on 12 March 2024 after a night of rain.", spelled, tokens=True))
    assert a == b == "river rose d20240312 night rain"  # two wordings of one day meet
    blank = replace_dates("The river rose on 12 March 2024 after a night of rain.", spelled, tokens=False)
    assert "12" not in blank and "March" not in blank and blank.startswith("The river rose on ")
    unresolved = extract_facts("The river rose on Tuesday.")  # no publication date: no day to name
    assert replace_dates("The river rose on Tuesday.", unresolved, tokens=True) == "The river rose on Tuesday."


def test_top_k_entries_are_ordered_best_first_ties_by_column_as_a_full_sort_orders_them() -> None:
    from compare.blocking import _by_value_then_column

    rng = np.random.default_rng(7)
    for _ in range(500):
        lengths = rng.integers(0, 9, rng.integers(1, 8))
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        rows = np.repeat(np.arange(len(lengths)), lengths)
        best_first = np.concatenate(
            [np.sort(rng.choice(np.array([0.1, 0.2, 0.5, 0.7], dtype=np.float32), k))[::-1] for k in lengths]
        ).astype(np.float32)
        cols = rng.permutation(40)[: len(rows)] if len(rows) <= 40 else rng.integers(0, 40, len(rows))
        for data in (best_first, rng.random(len(rows)).astype(np.float32)):  # the second: not best first
            assert np.array_equal(_by_value_then_column(indptr, data, cols), np.lexsort((cols, -data, rows)))


def test_explanation_entries_are_shared_but_keep_the_sign_of_a_zero() -> None:
    import math

    from compare.align import _entry

    entries: dict = {}  # type: ignore[type-arg]
    one = _entry(entries, 0, 0.25, 0.432)
    assert _entry(entries, 0, 0.25, 0.432) is one and one == (one[0], 0.25, 0.432)
    plus, minus = _entry(entries, 4, 0.0, 0.0), _entry(entries, 4, 0.0, -0.0)
    assert plus is not minus
    assert math.copysign(1.0, plus[2]) == 1.0 and math.copysign(1.0, minus[2]) == -1.0
    assert _entry(entries, 4, 0.0, -0.0) is minus


def _dies_elsewhere(pid: int) -> str:
    import os

    if os.getpid() != pid:
        os._exit(3)  # a helper process that dies, as one killed for memory would
    return "done here"


def test_helper_processes_give_the_same_candidates_and_stories(
    demo: tuple[Aligner, np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On large corpora the top-k product and the story clustering run in processes of
    their own; the demo corpus, run that way, gives the same stories and candidates."""
    import compare.align as align_module

    aligner, pairs = demo
    monkeypatch.setattr(align_module, "PROCESS_MIN_CLAIMS", 0)
    offloaded = Aligner(aligner.data, Settings())
    assert np.array_equal(offloaded.story, aligner.story)
    assert (offloaded.doc_second != aligner.doc_second).nnz == 0
    assert np.array_equal(offloaded.candidates(), pairs)


def test_work_whose_helper_process_dies_is_done_here() -> None:
    import os

    from compare.align import _Offloaded

    assert _Offloaded(os.getpid, (), process=True).result() != os.getpid()  # another process
    assert _Offloaded(os.getpid, (), process=False).result() == os.getpid()
    assert _Offloaded(_dies_elsewhere, (os.getpid(),), process=True).result() == "done here"


def test_a_script_without_a_main_guard_runs_once(tmp_path: Path) -> None:
    """multiprocessing's spawn would import the calling script again in the helper."""
    import subprocess
    import sys

    script = tmp_path / "unguarded.py"
    script.write_text(
        "import os\n"
        "from compare.align import _Offloaded\n"
        "print('script ran', flush=True)\n"
        "print(_Offloaded(os.getpid, (), process=True).result() != os.getpid(), flush=True)\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.splitlines() == ["script ran", "True"]


def test_an_interrupted_wait_stops_the_helper() -> None:
    import time

    from compare.align import _Offloaded

    job = _Offloaded(time.sleep, (60,), process=True)
    proc = job._proc
    assert proc is not None
    real_wait = proc.wait
    calls = []

    def interrupted(timeout: float | None = None) -> int:
        calls.append(timeout)
        if len(calls) == 1:
            raise KeyboardInterrupt  # Ctrl-C while the helper works
        return real_wait(timeout)

    proc.wait = interrupted  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        job.result()
    assert proc.poll() is not None  # killed, not left running for a minute


def test_two_groups_far_less_alike_than_within_stay_two_stories() -> None:
    """story_gap: two similar events, each told by its own group of sections, whose merge
    falls just under the cut (topic 35 of ECB+ dev without 20 of its documents)."""
    import scipy.sparse as sp

    from compare.documents import cluster_stories

    within, across = 0.68, 0.31  # second-order similarities, as measured on that topic
    sim = np.full((6, 6), across)
    sim[:3, :3] = within
    sim[3:, 3:] = within
    np.fill_diagonal(sim, 1.0)
    second = sp.csr_matrix(sim)
    merged = cluster_stories(second, 0.7)  # 1 - 0.31 = 0.69: under the cut, one story
    assert len(set(merged.tolist())) == 1
    apart = cluster_stories(second, 0.7, gap=0.5)  # 0.31 < 0.5 * 0.68: two stories
    assert len(set(apart[:3].tolist())) == 1 and len(set(apart[3:].tolist())) == 1 and apart[0] != apart[3]
    alike = np.full((6, 6), 0.6)
    np.fill_diagonal(alike, 1.0)
    assert len(set(cluster_stories(sp.csr_matrix(alike), 0.7, gap=0.5).tolist())) == 1


def test_stories_cut_by_the_tree_walk_are_fcluster_s_when_no_gap_applies() -> None:
    """_gap_clusters with gap 0 cuts the tree as scipy's fcluster does (the same groups)."""
    from scipy.cluster.hierarchy import fcluster, linkage

    from compare.documents import _gap_clusters

    rng = np.random.default_rng(1)
    for _ in range(100):
        n = int(rng.integers(2, 30))
        z = linkage(rng.random(n * (n - 1) // 2), method="average")
        for cut in (0.3, 0.5, 0.7):
            want, got = fcluster(z, cut, criterion="distance"), _gap_clusters(z, cut, 0.0)
            assert {frozenset(np.flatnonzero(want == v).tolist()) for v in set(want.tolist())} == {
                frozenset(np.flatnonzero(got == v).tolist()) for v in set(got.tolist())
            }
