"""Actor divergences: two claims of one event disagree on who acted only when both name
the agent; a name given as the target or the origin is not an agent."""

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
