"""Segmentation: sentence boundaries on hard cases, structure, exact offsets (property tests)."""

from __future__ import annotations

import re

import pytest
from conftest import fuzz_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.ingest import mark_plain_headings
from compare.model import content_id
from compare.segment import BOILERPLATE, HEADING, LIST_MARKER, MAX_CLAIM, segment_text
from compare.textnorm import normalize_text


def claims(text: str) -> list[str]:
    return [c.text for c in segment_text("s", normalize_text(text)).claims]


# Sentence boundaries ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Army said it would respond. Officials declined to comment.",
            ["The U.S. Army said it would respond.", "Officials declined to comment."],
        ),
        (
            "The talks were held in the U.S. The delegates left on Friday.",
            ["The talks were held in the U.S.", "The delegates left on Friday."],
        ),
        (
            "Gen. Smith and Maj. Jones met at St. Mary church. They talked for an hour.",
            ["Gen. Smith and Maj. Jones met at St. Mary church.", "They talked for an hour."],
        ),
        ("Maj. Gen. Ali spoke first. He left.", ["Maj. Gen. Ali spoke first.", "He left."]),
        (
            "Building No. 5 was hit. Nobody was inside.",
            ["Building No. 5 was hit.", "Nobody was inside."],
        ),
        ("The answer was No. The vote failed.", ["The answer was No.", "The vote failed."]),
        (
            "Mr. and Mrs. Haddad were evacuated by Dr. Levi. They are safe.",
            ["Mr. and Mrs. Haddad were evacuated by Dr. Levi.", "They are safe."],
        ),
        (
            "The treaty, e.g. its Art. 5 clause, applies. It was signed.",
            ["The treaty, e.g. its Art. 5 clause, applies.", "It was signed."],
        ),
        ("J. R. Smith wrote it. He died in 1990.", ["J. R. Smith wrote it.", "He died in 1990."]),
    ],
)
def test_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert claims(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Growth was 3.5 percent. About 10,000 people attended.",
            ["Growth was 3.5 percent.", "About 10,000 people attended."],
        ),
        (
            "It cost $1,250.75 in all. The bill was paid.",
            ["It cost $1,250.75 in all.", "The bill was paid."],
        ),
        (
            "Turnout rose to 62.3% from 58.1%. Analysts were surprised.",
            ["Turnout rose to 62.3% from 58.1%.", "Analysts were surprised."],
        ),
        ("Version 2.0.1 shipped. It broke.", ["Version 2.0.1 shipped.", "It broke."]),
    ],
)
def test_decimals_and_thousands_separators(text: str, expected: list[str]) -> None:
    assert claims(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We will fight. We will win,” he said. Then he left.",
            ["“We will fight. We will win,” he said.", "Then he left."],
        ),
        (
            '"We will fight. We will win," he said. Then he left.',
            ['"We will fight. We will win," he said.', "Then he left."],
        ),
        (
            "He said: “It is easier to move the river. They want us to pay.” Nobody replied.",
            ["He said: “It is easier to move the river. They want us to pay.”", "Nobody replied."],
        ),
        (
            "«Nous resterons. Nous gagnerons», a-t-il dit. Fin.",
            ["«Nous resterons. Nous gagnerons», a-t-il dit.", "Fin."],
        ),
        ("“Is this real?” he asked. Yes.", ["“Is this real?” he asked.", "Yes."]),
    ],
)
def test_quotations_spanning_sentences_stay_in_one_claim(text: str, expected: list[str]) -> None:
    assert claims(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The column said the bridge fell. Verdict: false. Images show it standing.",
            ["The column said the bridge fell. Verdict: false.", "Images show it standing."],
        ),
        ("The post said so. Our ruling: Mostly false", ["The post said so. Our ruling: Mostly false"]),
        # Only a rating label at the start of the next sentence: "verdict" elsewhere splits as usual.
        (
            "The court read its verdict. Rating agencies cut the bond.",
            ["The court read its verdict.", "Rating agencies cut the bond."],
        ),
    ],
)
def test_a_fact_check_rating_stays_with_the_claim_it_rates(text: str, expected: list[str]) -> None:
    assert claims(text) == expected


def test_an_unclosed_quote_does_not_swallow_the_rest_forever() -> None:
    text = "“An unclosed quote starts here. " + "Another sentence follows it. " * 40
    out = claims(text)
    assert len(out) > 1
    assert all(len(c) < 700 for c in out)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He paused... Then he spoke.", ["He paused...", "Then he spoke."]),
        ("Wait… What happened?", ["Wait…", "What happened?"]),
        ("The list goes on … and on. The end.", ["The list goes on … and on.", "The end."]),
        ("Is it? Yes! Really?! Ok.", ["Is it?", "Yes!", "Really?!", "Ok."]),
    ],
)
def test_ellipses_and_other_terminators(text: str, expected: list[str]) -> None:
    assert claims(text) == expected


def test_list_items_are_claims_without_their_markers() -> None:
    text = "Demands:\n- A ceasefire now\n- Return of hostages. All of them.\n1. First step\n2) Second step\n"
    stored = normalize_text(text)
    seg = segment_text("s", stored)
    assert [c.text for c in seg.claims] == [
        "Demands:",
        "A ceasefire now",
        "Return of hostages.",
        "All of them.",
        "First step",
        "Second step",
    ]
    # each item is its own paragraph
    assert len(seg.paragraphs) == 5
    for c in seg.claims:
        assert stored[c.start : c.end] == c.text


def test_headline_without_final_full_stop_is_its_own_claim() -> None:
    assert claims("Storm batters the coast\n\nThe storm hit. It was bad.") == [
        "Storm batters the coast",
        "The storm hit.",
        "It was bad.",
    ]


HEADING_CASES = [
    (
        "Lead line. Before any heading.\n\n# First part\n\nBody one. Body two.\n\n## Second part ##\n\nMore body.\n",
        ["", "First part", "Second part"],
        ["Lead line.", "Before any heading.", "Body one.", "Body two.", "More body."],
        [0, 0, 1, 1, 2],
        "# First part",
    ),
    (
        "Lead line.\n\n**Cameras in homes and shops**\n\nThe group urged residents to unplug cameras.\n\n"
        "**Who leads the fight?** Four groups do. Others help.\n\n"
        "**Hezbollah fired 100 rockets** on Tuesday, the army said.\n\n"
        "Text then\n**a bold line inside a paragraph**\n",
        ["", "Cameras in homes and shops", "Who leads the fight?"],
        [
            "Lead line.",
            "The group urged residents to unplug cameras.",
            "Four groups do.",
            "Others help.",
            "**Hezbollah fired 100 rockets** on Tuesday, the army said.",  # bold emphasis, no stop: text
            "Text then\n**a bold line inside a paragraph**",
        ],
        [0, 1, 2, 2, 2, 2],
        "**Cameras in homes and shops**",
    ),
]


@pytest.mark.parametrize(
    "raw,headings,claims,sections,first_heading",
    HEADING_CASES,
    ids=["markdown-headings", "bold-lines-and-bold-leads"],
)
def test_headings_are_sections_not_claims(
    raw: str, headings: list[str], claims: list[str], sections: list[int], first_heading: str
) -> None:
    stored = normalize_text(raw)
    seg = segment_text("s", stored)
    assert [s.heading for s in seg.sections] == headings
    assert [c.text for c in seg.claims] == claims
    assert [c.section for c in seg.claims] == sections
    first = seg.sections[1]
    assert stored[first.start : first.heading_end] == first_heading
    assert all(s.heading in stored[s.start : s.heading_end] for s in seg.sections[1:])
    assert seg.sections[-1].end == len(stored)
    for a, b in zip(seg.sections, seg.sections[1:], strict=False):
        assert a.end == b.start
    _check_claims_cover_text(stored)


def test_hashtags_are_text() -> None:
    # A paragraph with no word in it ("#", "***") states nothing: it is not a claim.
    assert claims("#breaking news today. Yes.\n\n#\n") == ["#breaking news today.", "Yes."]


def test_a_press_releases_furniture_is_not_a_claim() -> None:
    release = (
        "FOR IMMEDIATE RELEASE\nMarch 14, 2024\n\n"
        "The Ministry of Health said on Thursday that it will vaccinate 50,000 children.\n\n"
        "###\n\nMedia contact: press@example.org\n\n- ENDS -\n"
    )
    assert claims(release) == ["The Ministry of Health said on Thursday that it will vaccinate 50,000 children."]
    # A statement after the label is kept, and so is a paragraph that only starts like a contact line.
    kept = "FOR IMMEDIATE RELEASE: the ministry will vaccinate 50,000 children from 18 March.\n"
    assert claims(kept) == ["FOR IMMEDIATE RELEASE: the ministry will vaccinate 50,000 children from 18 March."]
    assert claims("Contacts: Israel and Hezbollah exchanged fire on the border.\n") == [
        "Contacts: Israel and Hezbollah exchanged fire on the border."
    ]


def test_plain_text_title_lines_become_headings_at_ingestion() -> None:
    raw = normalize_text(
        "Storm batters the coast\n\nThe storm hit on Tuesday. It was bad.\n\nAftermath\n\nCrews cleared roads.\n"
    )
    marked = mark_plain_headings(raw)
    assert marked.startswith("# Storm batters the coast\n\n")
    assert "\n## Aftermath\n" in marked
    seg = segment_text("s", marked)
    assert [s.heading for s in seg.sections] == ["Storm batters the coast", "Aftermath"]
    assert [c.text for c in seg.claims] == [
        "The storm hit on Tuesday.",
        "It was bad.",
        "Crews cleared roads.",
    ]


def test_a_long_run_on_is_cut_at_spaces() -> None:
    text = normalize_text(("word " * 1000).strip())
    seg = segment_text("s", text)
    assert len(seg.claims) > 1
    assert all(len(c.text) <= MAX_CLAIM for c in seg.claims)
    assert all(not c.text.startswith(" ") and not c.text.endswith(" ") for c in seg.claims)


def test_a_long_line_without_spaces_is_cut() -> None:
    text = normalize_text("x" * (MAX_CLAIM * 2 + 5))
    seg = segment_text("s", text)
    assert [len(c.text) for c in seg.claims] == [MAX_CLAIM, MAX_CLAIM, 5]


def test_claim_ids_depend_on_source_and_text_only() -> None:
    text = normalize_text("One fact. Two facts.\n\nOne fact.\n")
    seg = segment_text("src", text)
    ids = [c.id for c in seg.claims]
    assert len(set(ids)) == 3  # the repeated sentence gets its own id
    assert ids[0] == content_id("c", "src", "One fact.", "1")
    assert ids[2] == content_id("c", "src", "One fact.", "2")
    # moving text around does not change the id of an untouched claim
    moved = segment_text("src", normalize_text("# New heading\n\nPreface here.\n\nTwo facts. One fact.\n"))
    assert {c.text: c.id for c in moved.claims}["Two facts."] == ids[1]
    assert segment_text("other", text).claims[0].id != ids[0]


# Property tests ----------------------------------------------------------------------------------

PIECES = [
    "The U.S. Army said so.",
    "Gen. Smith arrived.",
    "It cost 3.5 million.",
    "About 10,000 fled.",
    "“We will fight. We will win,” he said.",
    "He paused...",
    "Wait… what?",
    "- item one",
    "1. first",
    "# Heading",
    "## Sub heading",
    "No. 5 was hit.",
    "St. Mary's church.",
    '"Quoted. Text."',
    "قال المتحدث إن المحادثات ستستأنف.",
    "אמר הדובר כי השיחות יימשכו.",
    "e\u0301",
    "\u0627\u0651\u064e",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u061c",
    "\ufeff",
    "\u00ad",
    "a. b",
    "(a) c",
    "#",
    "#x",
    "\t",
    "\r\n",
    "\r",
    "\u2028",
    "\u0085",
    "\x0c",
    "...",
    "!",
    "?",
    "”",
    "“",
    "«",
    "Leave a Reply",
    "Share this:",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\u00a0",
    "\u3000",
]
_UNICODE = st.characters(codec="utf-8")  # every code point except surrogates
TEXTS = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(_UNICODE, max_size=30),
        st.text(st.sampled_from("ab. \n"), min_size=200, max_size=2500),
    ),
    max_size=30,
).map("".join)


def _check_claims_cover_text(stored: str) -> None:
    seg = segment_text("src", stored)
    covered = bytearray(len(stored))
    previous_end = 0
    for i, c in enumerate(seg.claims):
        assert c.text == stored[c.start : c.end]
        assert previous_end <= c.start < c.end  # non-empty, in order, no overlap
        assert c.text == c.text.strip()
        assert c.index == i
        previous_end = c.end
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    for section in seg.sections:  # a heading is structure, not a claim
        covered[section.start : section.heading_end] = b"\x01" * (section.heading_end - section.start)
    pos = 0
    uncovered = bytearray(len(stored))
    for line in stored.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if HEADING.match(line):
            continue
        marker = LIST_MARKER.match(line)
        for i in range(start + (marker.end() if marker else 0), end):
            if not stored[i].isspace() and not covered[i]:
                uncovered[i] = 1
    # What no claim covers must be a press release's furniture, a whole paragraph of it.
    pieces = re.split(r"\n\s*\n", "".join(ch if uncovered[i] or ch == "\n" else " " for i, ch in enumerate(stored)))
    for piece in pieces:
        lines = [ln.strip() for ln in piece.split("\n") if ln.strip()]
        if lines:
            assert BOILERPLATE.fullmatch(piece.strip()) or all(BOILERPLATE.fullmatch(ln) for ln in lines), piece


@settings(max_examples=fuzz_examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_claims_are_exact_ordered_disjoint_and_cover_the_text(raw: str) -> None:
    stored = normalize_text(raw)
    _check_claims_cover_text(stored)
    _check_claims_cover_text(mark_plain_headings(stored))


@settings(max_examples=fuzz_examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXTS, st.text(st.characters(codec=None, exclude_categories=()), max_size=200)))
def test_normalize_is_idempotent_and_clean(raw: str) -> None:
    stored = normalize_text(raw)
    assert normalize_text(stored) == stored
    assert stored == "" or (stored.endswith("\n") and not stored.endswith("\n\n"))
    assert "\r" not in stored and "\u202e" not in stored and "\u200b" not in stored
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in stored)  # no lone surrogates survive
    stored.encode("utf-8")  # always storable


@settings(max_examples=fuzz_examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=TEXTS, source=st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True))
def test_claim_ids_are_stable_across_runs(raw: str, source: str) -> None:
    stored = normalize_text(raw)
    first = segment_text(source, stored)
    second = segment_text(source, stored)
    assert first == second
    seen: dict[str, int] = {}
    for c in first.claims:
        seen[c.text] = seen.get(c.text, 0) + 1
        assert c.id == content_id("c", source, c.text, str(seen[c.text]))
    assert len({c.id for c in first.claims}) == len(first.claims)
