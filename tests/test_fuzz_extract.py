"""Fuzzing of fact extraction and of the whole claim pipeline: any text gives facts with
offsets inside the claim, and never crashes or hangs."""

from __future__ import annotations

from datetime import date

from conftest import fuzz_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.extract import extract_facts
from compare.segment import segment_text
from compare.textnorm import normalize_text

WORDS = st.sampled_from(
    [
        "Hezbollah",
        "Hizballah",
        "said",
        "on",
        "Tuesday",
        "the",
        "13th",
        "2 March",
        "14-20 November",
        "more than",
        "10,000",
        "about",
        "25 %",
        "$30 million",
        "dozens",
        "of",
        "rockets",
        "killed",
        "U.S.",
        "Gen.",
        "No.",
        "5",
        "allegedly",
        "denied",
        "hoax",
        "settlers",
        "residents",
        "north of Beirut",
        "“",
        "”",
        "…",
        "?",
        "\u202e",
        "\u200b",
        "\u0301",
        "שלום",
        "مرحبا",
        "\n\n",
        "# Heading\n",
        "- item\n",
        "since 8 October",
        "last week",
        "earlier this year",
        "Tzfat",
        "Nasrallah",
        "according to",
        "IDF",
    ]
)
TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=80).map(" ".join),
)


@settings(max_examples=fuzz_examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))))
def test_extract_facts_never_crashes_and_offsets_hold(text: str, published: date | None) -> None:
    facts = extract_facts(text, published)
    for group in (facts.entities, facts.dates, facts.quantities, facts.cues, facts.framing):
        for item in group:
            assert 0 <= item.start <= item.end <= len(text)
    for d in facts.dates:
        if d.relative and published is None:
            assert d.value_start is None  # never guess a reference date
        if d.value_start and d.value_end:
            assert d.value_start <= d.value_end


@settings(max_examples=fuzz_examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_pipeline_on_random_text(text: str) -> None:
    stored = normalize_text(text)
    seg = segment_text("fuzz", stored)
    for claim in seg.claims:
        assert stored[claim.start : claim.end] == claim.text
        extract_facts(claim.text, date(2024, 3, 15))
