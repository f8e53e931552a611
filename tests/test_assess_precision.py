"""Differences a journalist would not call one. Actors: two claims of one event disagree on
who acted only when both name the agent; a name given as the target or the origin is not an
agent. Attribution: two claims that both report what was said do not differ in how firmly
they state it, whoever each names as the speaker."""

from __future__ import annotations

from datetime import date

import pytest

from compare import assess
from compare.extract import extract_facts
from compare.model import Claim, Link
from compare.settings import Settings

CLOSE = Link("a", "b", 90.0, evidence=90.0)
DAY = date(2024, 3, 12)


def kinds(text_a: str, text_b: str) -> set[str]:
    ca = Claim("a", "s1", 0, len(text_a), text_a, 0, 0, 0)
    cb = Claim("b", "s2", 0, len(text_b), text_b, 0, 0, 0)
    link = assess.assess_link(CLOSE, ca, extract_facts(text_a, DAY), cb, extract_facts(text_b, DAY), Settings())
    return {d.kind for d in link.differences}


def test_different_agents_of_one_strike_diverge() -> None:
    found = kinds(
        "On 7 March Hezbollah fired a drone at the Rosh Pina airport.",
        "On 7 March Kataib Hezbollah fired a drone at the Rosh Pina airport.",
    )
    assert "actor" in found


@pytest.mark.parametrize(
    "text_a,text_b",
    [
        (
            "On 7 March the Islamic Resistance in Iraq claimed a drone strike on a base at Rosh Pina airport.",
            "On 7 March the group said it had launched a drone at a position of the IDF at Rosh Pina airport.",
        ),
        (
            "In November nine cargo planes from NATO countries landed at Beirut airport.",
            "In November cargo flights carrying equipment for use against Hezbollah landed at Beirut airport.",
        ),
    ],
    ids=["target", "origin-and-target"],
)
def test_a_target_or_an_origin_is_not_a_rival_actor(text_a: str, text_b: str) -> None:
    assert "actor" not in kinds(text_a, text_b)


@pytest.mark.parametrize(
    "text_a,text_b",
    [
        (
            "On 13 February Hassan Nasrallah said villagers should give up their phones.",
            "Hezbollah leader Hassan Nasrallah, who in a speech on 13 February urged villagers to give up"
            " their phones, knew the risk.",
        ),
    ],
    ids=["unnamed-and-named-speaker"],
)
def test_a_speaker_both_claims_name_is_not_an_attribution_difference(text_a: str, text_b: str) -> None:
    assert "attribution" not in kinds(text_a, text_b)


def test_stated_as_fact_against_attributed_is_an_attribution_difference() -> None:
    found = kinds(
        "On 5 March a drone attack hit the power station of Haifa airport.",
        "On 5 March a drone attack hit the power station of Haifa airport, the Islamic Resistance in Iraq said.",
    )
    assert "attribution" in found


def test_merely_claimed_against_asserted_is_a_difference() -> None:
    # "claimed" marks the claim as the party's own, even when the other account names it.
    found = kinds(
        "On 5 March the Islamic Resistance in Iraq claimed a drone attack on Haifa airport.",
        "On 5 March the Islamic Resistance in Iraq attacked Haifa airport with drones.",
    )
    assert found & {"attribution", "certainty"}
