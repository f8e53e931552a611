"""A conflict carried through a claim that states the same as one side (bridge.py): only a
close match carries, only a date, figure, actor or place conflict is carried, and the
carried link is kept only when its two claims do differ on that slot."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from compare.align import Aligner
from compare.assess import assess_link
from compare.bridge import carry_divergences
from compare.cache import open_cache
from compare.corpus import load_corpus
from compare.model import Link
from compare.pipeline import prepare
from compare.settings import Settings

TEXTS = {
    "column": "The plant stands in the Ridgeway district, east of Marlow, the mayor said.",
    "statement": "Officials said the plant stands in the Ridgeway district, east of Marlow.",
    "factcheck": "The Ridgeway district lies about 12 km north of Marlow.",
    "other": "The Ridgeway plant employs 300 people.",
}


def build_world(root: Path, texts: dict[str, str], published: str, reviews: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """(prepared corpus, aligner, settings, claim by source) of one-claim sources."""
    for sid, text in texts.items():
        extra = f"reviews: {reviews[sid]}\n" if reviews and sid in reviews else ""
        (root / f"{sid}.md").write_text(
            f"---\nid: {sid}\ntitle: {sid}\npublished: {published}\nkind: news\n{extra}---\n{text}\n",
            encoding="utf-8",
        )
    prepared = prepare(load_corpus(root), open_cache(None))
    settings = Settings()
    aligner = Aligner(prepared.align_input, settings)  # type: ignore[arg-type]
    return prepared, aligner, settings, {c.source: c for c in prepared.claims}


@pytest.fixture(scope="module")
def world(tmp_path_factory):  # type: ignore[no-untyped-def]
    return build_world(tmp_path_factory.mktemp("corpus"), TEXTS, "2024-03-01")


def judged(world, a: str, b: str, evidence: float) -> Link:  # type: ignore[no-untyped-def]
    prepared, _, settings, claims = world
    ca, cb = claims[a], claims[b]
    fa = prepared.facts[prepared.claims.index(ca)]
    fb = prepared.facts[prepared.claims.index(cb)]
    return assess_link(Link(ca.id, cb.id, 90.0, evidence=evidence), ca, fa, cb, fb, settings)


def carried(world, links: list[Link]) -> list[Link]:  # type: ignore[no-untyped-def]
    prepared, aligner, settings, _ = world
    return carry_divergences(links, aligner, prepared.claims, prepared.facts, settings)


def test_a_place_conflict_is_carried_through_a_close_match(world) -> None:  # type: ignore[no-untyped-def]
    same = judged(world, "column", "statement", evidence=90.0)
    conflict = judged(world, "statement", "factcheck", evidence=90.0)
    assert same.verdict != "diverge" or {d.kind for d in same.differences} <= {"attribution", "certainty"}
    assert "place" in {d.kind for d in conflict.differences}
    out = carried(world, [same, conflict])
    claims = world[3]
    assert [(lk.via, {lk.a, lk.b}) for lk in out] == [
        (claims["statement"].id, {claims["column"].id, claims["factcheck"].id})
    ]
    assert out[0].verdict == "diverge" and "place" in {d.kind for d in out[0].differences}
    assert out[0].score == min(same.score, conflict.score)


def test_nothing_is_carried_through_a_loose_match(world) -> None:  # type: ignore[no-untyped-def]
    loose = replace(judged(world, "column", "statement", evidence=90.0), evidence=60.0)
    conflict = judged(world, "statement", "factcheck", evidence=90.0)
    assert carried(world, [loose, conflict]) == []


def test_only_a_conflict_on_a_slot_the_pair_shares_is_carried(world) -> None:  # type: ignore[no-untyped-def]
    same = judged(world, "column", "statement", evidence=90.0)
    conflict = judged(world, "statement", "factcheck", evidence=90.0)
    # A stance difference is not carried ...
    stance = replace(conflict, differences=tuple(replace(d, kind="certainty") for d in conflict.differences))
    assert carried(world, [same, stance]) == []
    # ... and a carried link whose own claims do not differ on the slot is dropped.
    number = replace(conflict, differences=tuple(replace(d, kind="number") for d in conflict.differences))
    assert carried(world, [same, number]) == []


def test_pairs_already_linked_are_left_alone(world) -> None:  # type: ignore[no-untyped-def]
    same = judged(world, "column", "statement", evidence=90.0)
    conflict = judged(world, "statement", "factcheck", evidence=90.0)
    direct = judged(world, "column", "factcheck", evidence=90.0)
    assert carried(world, [same, conflict, direct]) == []


def test_a_carried_link_needs_a_free_verdict_place_at_one_of_its_claims(world) -> None:  # type: ignore[no-untyped-def]
    prepared, aligner, settings, _ = world
    same = judged(world, "column", "statement", evidence=90.0)
    conflict = judged(world, "statement", "factcheck", evidence=90.0)
    for cap, expected in ((1, 0), (2, 1)):
        capped = replace(settings, max_verdicts_per_claim=cap)
        out = carry_divergences([same, conflict], aligner, prepared.claims, prepared.facts, capped)
        assert len(out) == expected, cap


REVIEWED = {
    "column": "On 2 March, another spy was caught; this time a Norwegian.",
    "check": "The column dated the arrest of a Norwegian man in the harbour district to 2 March.",
    "timeline": "In late February a Norwegian national was detained in the harbour district.",
}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):  # type: ignore[no-untyped-def]
    return build_world(tmp_path_factory.mktemp("reviewed"), REVIEWED, "2024-03-05", {"check": "column"})


def test_a_conflict_is_carried_through_a_fact_checks_restatement(reviewed) -> None:  # type: ignore[no-untyped-def]
    prepared, aligner, settings, claims = reviewed
    restated = judged(reviewed, "check", "column", evidence=90.0)
    assert restated.verdict == "related"  # a restatement neither confirms nor disputes
    conflict = judged(reviewed, "check", "timeline", evidence=90.0)
    assert "date" in {d.kind for d in conflict.differences}

    def run(reviews):  # type: ignore[no-untyped-def]
        return carry_divergences(
            [restated, conflict], aligner, prepared.claims, prepared.facts, settings, reviews=reviews
        )

    out = run({"check": "column"})
    assert [(lk.via, {lk.a, lk.b}) for lk in out] == [
        (claims["check"].id, {claims["column"].id, claims["timeline"].id})
    ]
    assert out[0].verdict == "diverge" and "date" in {d.kind for d in out[0].differences}
    # Only the fact check's own reviewed source: without "reviews", or for another source,
    # a restatement carries nothing.
    assert run(None) == []
    assert run({"check": "timeline"}) == []
