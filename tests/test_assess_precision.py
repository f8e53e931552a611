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
        (
            "On 14 February Hezbollah fired a salvo of rockets at Safed.",
            "On 14 February a salvo of rockets hit Safed and the IDF's Northern Command base.",
        ),
    ],
    ids=["target", "origin-and-target", "owner-of-the-target"],
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


# --- Links between two different statements (the demo report's wrong divergences) ---------


def verdict(text_a: str, text_b: str, evidence: float = 90.0, topic: frozenset[str] = frozenset()) -> assess.Link:
    ca = Claim("a", "s1", 0, len(text_a), text_a, 0, 0, 0)
    cb = Claim("b", "s2", 0, len(text_b), text_b, 0, 0, 0)
    link = Link("a", "b", 90.0, evidence=evidence)
    return assess.assess_link(link, ca, extract_facts(text_a, DAY), cb, extract_facts(text_b, DAY), Settings(), topic)


def test_names_most_sources_use_do_not_anchor_a_stance_difference() -> None:
    a = "He warned that if Israel kept attacking Lebanon, Hezbollah would answer in kind."
    b = "Although Israel attacks Lebanon with drones, the strikes leave Hezbollah's capability intact."
    # Not a close match of the sentences: only shared names could anchor the comparison.
    assert verdict(a, b, evidence=55.0).differences
    assert not verdict(a, b, evidence=55.0, topic=frozenset({"israel", "lebanon", "hezbollah"})).differences
    # A close match still gets its stance compared.
    assert verdict(a, b, evidence=90.0, topic=frozenset({"israel", "lebanon", "hezbollah"})).differences


def test_topic_entities_are_named_by_most_sources() -> None:
    texts = {
        "s1": "Hezbollah fired rockets at Safed.",
        "s2": "Hezbollah said it hit a base in Metula.",
        "s3": "Israel struck Tyre.",
    }
    claims = [Claim(s, s, 0, len(t), t, 0, 0, 0) for s, t in texts.items()]
    facts = [extract_facts(t, DAY) for t in texts.values()]
    assert assess.topic_entities(claims, facts) == frozenset({"hezbollah"})
    assert assess.topic_entities(claims[:2], facts[:2]) == frozenset()  # two sources: no topic


def test_each_group_of_linked_sources_has_its_own_topic() -> None:
    texts = {
        "s1": "Hezbollah fired rockets at Safed.",
        "s2": "Hezbollah said it hit a base in Metula.",
        "s3": "Israel struck Tyre.",
        "f1": "The Varna burst its banks near Kestrel.",
        "f2": "The Varna rose in Kestrel overnight.",
        "f3": "Kestrel closed its schools.",
        "lone": "Ostrava approved a tram budget.",
    }
    claims = [Claim(s, s, 0, len(t), t, 0, 0, 0) for s, t in texts.items()]
    facts = [extract_facts(t, DAY) for t in texts.values()]
    pairs = [("s1", "s2"), ("s2", "s3"), ("f3", "f1"), ("f2", "f3")]
    topics = assess.topics_by_source(claims, facts, pairs)
    assert topics["s3"] == frozenset({"hezbollah"})  # the war's sources alone count it
    assert topics["f1"] == topics["f2"] == frozenset({"kestrel", "varna"})
    assert "lone" not in topics  # linked to nothing: no verdict needs its topic
    # Counted over all six sources, neither group would have a topic name left.
    assert assess.topic_entities(claims[:6], facts[:6]) == frozenset()
    assert assess.topics_by_source(claims, facts, list(reversed(pairs))) == topics


def test_two_parties_statements_neither_agree_nor_differ_in_stance() -> None:
    a = "On 31 January IRGC commander Hossein Salami said Iran did not seek war."
    b = "Kataib Hezbollah, who on 31 January announced a suspension of operations, felt the pressure."
    assert verdict(a, b).verdict == "related"
    # A conflicting figure between two parties' accounts is still a divergence.
    c = "Hezbollah said on 14 February that its rockets had killed 30 soldiers in Safed."
    d = "The IDF said on 14 February that the rockets had killed one soldier in Safed."
    assert "number" in {x.kind for x in verdict(c, d).differences}


def test_different_dates_and_figures_are_two_counts_not_a_conflict() -> None:
    link = verdict(
        "This paper counted 32 military planes landing at Beirut between 8 October and 10 November.",
        "Between 14 and 20 November, nine planes were recorded landing at Beirut airport.",
    )
    assert link.verdict == "related"
    # A figure that only bounds the other ("at least nine" against 32) on other dates: the
    # same two counts of two periods.
    bound = verdict(
        "This paper counted 32 military planes landing at Beirut between 8 October and 10 November.",
        "Between 14 and 20 November, at least nine planes were recorded landing at Beirut airport.",
    )
    assert bound.verdict == "related"
    # One same figure on two dates is one count dated differently.
    same = verdict(
        "Three soldiers were killed in the raid on 30 January.", "Three soldiers were killed in the raid on 31 January."
    )
    assert {d.kind for d in same.differences} == {"date"}


def test_a_negated_outcome_flips_only_the_same_outcome() -> None:
    # "not intercepted" says nothing against "was killed" ...
    assert "polarity" not in kinds(
        "In Safed on 14 February one soldier was killed, and reports said the rockets were not intercepted.",
        "In Safed on 14 February one soldier was killed when rockets hit the base.",
    )
    # ... but "no damage" does against "destroyed".
    assert "polarity" in kinds(
        "The army has not reported damage to any Iron Dome battery in Kfar Blum.",
        "An Iron Dome battery in Kfar Blum was destroyed.",
    )


def test_blame_is_an_attribution_of_who_acted() -> None:
    blamed = "On 14 February a rocket barrage hit Safed; no group claimed it, and Israel blamed Hezbollah."
    # Stated as fact in one, blamed on the party in the other: an attribution difference.
    assert "attribution" in kinds("Hezbollah's strike on Safed on 14 February hit the base.", blamed)
    # A claim that does not say who fired has nothing the blame could differ from.
    assert "attribution" not in kinds("The barrage of 11 rockets was fired at Safed on 14 February.", blamed)


def test_killed_and_wounded_are_different_counts() -> None:
    found = kinds(
        "On 14 February a barrage hit Safed, killing a soldier and wounding eight people.",
        "On 14 February nine people were killed in Safed.",
    )
    assert "number" not in found
    assert "number" in kinds(
        "On 14 February a barrage hit Safed, killing three people.",
        "On 14 February nine people were killed in Safed.",
    )


@pytest.mark.parametrize(
    "text_a,text_b,kind",
    [
        (
            "On 5 March the group said it had attacked the power station of Haifa airport with drones.",
            "On 5 March the group announced a second phase of operations in support of the people in the Gaza Strip.",
            "place",
        ),
        (
            "On 12 March Hezbollah fired 100 rockets at the Golan Heights.",
            "On 12 March Hezbollah fired 100 rockets in response to an Israeli raid near Baalbek.",
            "place",
        ),
        (
            "On 12 March Hezbollah fired 100 rockets at the Golan Heights.",
            "On 12 March fighters from Baalbek fired 100 rockets.",
            "place",
        ),
        (
            "It was in the interest of Lebanon that Israel emerge from the war defeated, he said.",
            "“The national interest of Lebanon is that Israel leaves this battle defeated.”",
            "attribution",
        ),
        (
            "On 14 February a rocket salvo hit the IDF's Northern Command base in Safed, killing one soldier.",
            "On 14 February one soldier was killed in Safed, Lebanese security sources told Reuters.",
            "actor",
        ),
    ],
    ids=["purpose-phrase-place", "answered-event-place", "place-of-origin", "whole-quotation", "who-was-told"],
)
def test_not_a_difference_of_this_kind(text_a: str, text_b: str, kind: str) -> None:
    """A place of those the action is for, of the event it answers, or of origin is not
    where it happened; a sentence that is one quotation is attributed speech; who is told
    something is not an actor."""
    assert kind not in kinds(text_a, text_b)


def test_a_framing_difference_shows_the_terms_that_name_the_same_thing() -> None:
    a = "Nasrallah said the group would keep up its attacks until Israel ended its offensive in Gaza."
    b = "Nasrallah said the Party will continue the border offensive until at least the Gaza massacre stops."
    link = verdict(a, b)
    framing = [(d.a, d.b) for d in link.differences if d.kind == "framing"]
    assert framing == [("offensive", "massacre")]


def test_agreement_needs_a_close_match_or_a_shared_fact() -> None:
    a = "He warned that if Israel kept attacking Lebanon after a truce, Hezbollah would answer in kind."
    b = "The war in Gaza, however, is far from over."
    topic = frozenset({"israel", "lebanon", "hezbollah", "gaza"})
    # Loosely alike, nothing in common but the corpus's topic: not an agreement.
    assert verdict(a, b, evidence=60.0, topic=topic).verdict == "related"
    # The same wording, closely matched, is.
    assert verdict(a, a, evidence=90.0, topic=topic).verdict == "agree"
    # A shared date is enough to call two loosely alike claims the same statement.
    c = "On 13 February Nasrallah said the Lebanese front would stay active."
    d = "On 13 February Nasrallah told supporters that fighting in the south would go on."
    assert verdict(c, d, evidence=60.0, topic=topic).verdict == "agree"


def test_a_day_inside_a_wide_span_does_not_tie_two_loose_matches() -> None:
    topic = frozenset({"israel", "lebanon", "hezbollah", "gaza"})
    day = "On 28 January three soldiers were killed in a drone attack on an outpost in Jordan."
    month = "As an Iranian commander said in January, Iran does not seek a war with the United States."
    # Compatible dates, but "in January" covers the whole month: no shared fact.
    assert verdict(day, month, evidence=60.0, topic=topic).verdict == "related"
    week = "On 28 January a drone hit a US outpost in Jordan, killing three soldiers."
    assert verdict(day, week, evidence=60.0, topic=topic).verdict == "agree"


def test_a_date_conflict_needs_a_word_for_what_happened_in_both() -> None:
    attack = "On 14 February a salvo of rockets hit Safed and the Northern Command base."
    # An attack and a minister's visit share only their names and place.
    visit = "On 25 February Defence Minister Gallant visited the Northern Command base in Safed."
    assert verdict(attack, visit, evidence=60.0).verdict == "related"
    # The same action on another day is a date divergence.
    salvo = "On 13 February a salvo of rockets hit Safed and the Northern Command base."
    assert "date" in {d.kind for d in verdict(attack, salvo, evidence=60.0).differences}


@pytest.mark.parametrize(
    "text_a,text_b,expected",
    [
        (
            "Forty motorists were rescued from their vehicles, police said.",
            "Police said 40 drivers were rescued from their cars.",
            "agree",
        ),
        (
            "In January IDF spokesman Daniel Hagari said three divisions had been deployed to the border.",
            "Three US soldiers were killed on 28 January in a drone attack on Tower 22.",
            "related",
        ),
    ],
    ids=["same-figure-other-words", "small-figure-other-things"],
)
def test_an_equal_figure_ties_two_loose_matches_only_when_it_says_something(
    text_a: str, text_b: str, expected: str
) -> None:
    """40 drivers and forty motorists are one count; three divisions and three soldiers
    are not (small numbers, known kinds of different things)."""
    assert verdict(text_a, text_b, evidence=60.0).verdict == expected


def test_a_restatement_of_a_column_neither_confirms_nor_disputes_it() -> None:
    column = "Israel's losses in the north are more than 10,000."
    restated = "The column put Israel's losses in the north at more than 10,000."
    assert verdict(column, restated).verdict == "related"
    # A figure the restatement gives differently is still a divergence.
    assert "number" in {d.kind for d in verdict("Israel's losses in the north are 16.", restated).differences}


@pytest.mark.parametrize(
    "headline",
    [
        "Apple to shut down Beats Music: report",
        "Apple will shut down Beats Music, report says",
        "Reports say Apple will shut down Beats Music",
        "Apple is reported to be shutting down Beats Music",
        "Leaked memo purports to show Apple will shut down Beats Music",
    ],
)
def test_an_unnamed_report_over_the_whole_claim_hedges_it(headline: str) -> None:
    assert kinds("Apple will shut down Beats Music.", headline) & {"certainty", "attribution"}


def test_a_report_inside_one_clause_does_not_hedge_the_whole_claim() -> None:
    found = kinds(
        "On 14 February a soldier was killed in Safed.",
        "On 14 February a soldier was killed in Safed, and reports said the rockets were not intercepted.",
    )
    assert "certainty" not in found


def test_sourcing_to_a_named_outlet_is_not_a_stance_difference() -> None:
    found = kinds(
        "Between 14 and 20 November nine planes from NATO countries landed at Beirut airport.",
        "Between 14 and 20 November nine planes from NATO countries landed at Beirut airport,"
        " according to a report by Al-Akhbar.",
    )
    assert not found & {"certainty", "attribution"}


def test_two_claims_relaying_outlets_are_equally_firm() -> None:
    sourced = "A Spanish national was detained in Beirut several days before 28 February, according to MEMRI."
    hedged = (
        "That is reportedly the day Al-Akhbar published the story, which said the arrest had taken place"
        " days earlier, and MEMRI reported that he was detained in Beirut several days before 28 February."
    )
    assert "certainty" not in kinds(sourced, hedged)
    # Stated as fact against the same hedge is still a certainty difference.
    assert "certainty" in kinds("A Spanish national was detained in Beirut several days before 28 February.", hedged)


@pytest.mark.parametrize(
    "headline,quoted",
    [
        ("Pentagon: one weapons bundle was seized by the militants", True),
        ("Analyst: Apple will sell 19 million watches in 2015", True),
        ("Rajasthan: angry mob attacks man who tried to rape a teenager", False),
        ("Unbearable: man fends off a bear by playing a pop song", False),
        ("Breaking: soldier shot at the National War Memorial in Ottawa", False),
    ],
)
def test_a_headline_kicker_quotes_only_someone_who_can_speak(headline: str, quoted: bool) -> None:
    plain = headline.split(": ", 1)[1].capitalize() + "."
    assert bool(kinds(plain, headline) & {"certainty", "attribution"}) is quoted


def test_a_sentence_about_what_a_column_claims_is_a_restatement() -> None:
    about = (
        "An opinion column shared widely in March made several specific claims about the war on"
        " Israel's northern border."
    )
    assert verdict(about, "Over the past month, the war on Israel's northern border has intensified.").verdict == (
        "related"
    )


def test_casualties_of_two_sides_are_two_counts() -> None:
    soldier = "An Israeli soldier was killed on Wednesday when a rocket salvo struck a base in Safed."
    civilians = "Nine civilians were killed in strikes on villages in the south later on Wednesday, sources said."
    assert verdict(soldier, civilians).verdict == "related"
    # A claim naming both sides' dead still compares with either.
    both = "An Israeli soldier and nine civilians were killed on Wednesday, sources told Reuters."
    assert verdict(soldier, both).verdict != "related"


def test_an_attribution_in_another_clause_does_not_attribute_the_shared_one() -> None:
    both = (
        "On 12 March over 100 rockets were launched by Hezbollah at the Golan Heights, and on the same day"
        " the Islamic Resistance in Iraq published a claim that it had sent a drone at Ben Gurion Airport."
    )
    rockets = "On 12 March Hezbollah fired more than 100 rockets at the Golan Heights."
    assert "attribution" not in kinds(both, rockets)
    # The clause the claim governs is what the other account states as fact: attributed.
    drone = "On 12 March the Islamic Resistance in Iraq sent a drone at Ben Gurion Airport."
    assert "attribution" in kinds(both, drone)


def test_a_hedge_in_another_clause_does_not_hedge_the_shared_one() -> None:
    both = "On 2 February US aircraft hit 85 targets in Iraq and Syria, and 16 people may have been killed."
    strikes = "On 2 February US forces struck 85 targets in Iraq and Syria."
    assert not kinds(both, strikes) & {"certainty", "attribution"}
    assert "certainty" in kinds(both, "On 2 February 16 people were killed in Iraq and Syria.")


def test_a_speaker_in_a_with_clause_does_not_attribute_the_main_clause() -> None:
    found = kinds(
        "The strike on Safed on 14 February was the gravest attack of the war, with Ben Gvir calling it"
        " a declaration of war.",
        "On 14 February a rocket strike hit Safed.",
    )
    assert "attribution" not in found


def test_a_date_in_another_clause_is_not_the_date_of_the_shared_one() -> None:
    published = "Al-Akhbar published the story on 2 March."
    both = (
        "Al-Akhbar published the story that day, and MEMRI reported that the arrest happened several days"
        " before 28 February."
    )
    assert "date" not in kinds(published, both)
    # The clause that shares what happened keeps its date.
    assert "date" in kinds(published, "Al-Akhbar published the story on 28 February, and MEMRI quoted it.")


def test_a_running_toll_and_the_toll_of_one_event_are_two_counts() -> None:
    event = "On 7 October 2023 Hamas attacked southern Israel, killing about 1,140 people."
    running = "Including the attack of 7 October, the army had reported about 600 soldiers killed by 1 April."
    assert verdict(event, running).verdict == "related"
    # Two tolls of the one event still compare.
    other = "On 7 October 2023 Hamas attacked southern Israel, killing about 600 people."
    assert "number" in {d.kind for d in verdict(event, other).differences}


def test_a_place_named_as_part_of_the_other_claims_place_is_not_a_rival_one() -> None:
    suburb = "A Spanish man was arrested in Beirut's southern suburb on 26 February."
    inside = "A Spanish man was detained on 26 February in the Kafaat area of the southern suburb."
    assert "place" not in kinds(suburb, inside)
    assert "place" in kinds(suburb, "A Spanish man was detained on 26 February in Jounieh.")


@pytest.mark.parametrize(
    "text_a,text_b",
    [
        (
            "On 14 February the enemy army admitted that one of its soldiers was killed in Safed.",
            "On 14 February one soldier was killed in Safed, the army said.",
        ),
        (
            "On 9 March at least nine cargo planes landed at Hamat, according to a report by Al-Akhbar.",
            "On 9 March nine cargo planes landed at Hamat with routine aid, the Lebanese army said.",
        ),
    ],
    ids=["the-enemy-army-admitted", "sourced-to-an-outlet"],
)
def test_two_relayed_accounts_are_not_an_attribution_difference(text_a: str, text_b: str) -> None:
    """'the enemy army admitted' attributes as 'the army said' does; a claim sourced to an
    outlet is not stated as fact by its author either."""
    assert "attribution" not in kinds(text_a, text_b)


def test_a_speaker_named_by_a_plain_word_and_a_role_is_an_attribution() -> None:
    facts = extract_facts("On 3 March the disaster agency said 20 people had died.", DAY)
    assert [c.who for c in facts.cues if c.kind == "attribution"] == ["disaster agency"]


def rated(check: str, other: str, other_source: str = "column") -> Link:
    ca = Claim("a", "check", 0, len(check), check, 0, 0, 0)
    cb = Claim("b", other_source, 0, len(other), other, 0, 0, 0)
    link = Link("a", "b", 90.0, evidence=90.0)
    fa, fb = extract_facts(check, DAY), extract_facts(other, DAY)
    return assess.assess_link(link, ca, fa, cb, fb, Settings(), frozenset(), {"check": "column"})


RESTATED = "The column said the old bridge at Tel Kari was destroyed by a drone on 3 May."
CLAIM = "The old bridge at Tel Kari was destroyed by a drone on 3 May."


@pytest.mark.parametrize(
    "rating,verdict,kind",
    [
        ("Verdict: false.", "diverge", "polarity"),
        ("Rating: Pants on Fire", "diverge", "polarity"),
        ("Verdict: not supported by any official figure.", "diverge", "certainty"),
        ("Our ruling: Mostly false", "diverge", "certainty"),
        ("Verdict: stated with more certainty than the evidence allowed.", "diverge", "certainty"),
        ("Verdict: correct.", "agree", None),
    ],
)
def test_a_fact_check_rating_rates_the_claim_it_restates(rating: str, verdict: str, kind: str | None) -> None:
    link = rated(f"{RESTATED} {rating}", CLAIM)
    assert link.verdict == verdict
    assert [d.kind for d in link.differences] == ([kind] if kind else [])
    if kind:
        assert link.differences[0].a == rating.rstrip(".")


def test_a_fact_check_rates_only_the_source_it_reviews() -> None:
    # The same claim in a wire report: the fact check judged the column, not the wire,
    # and its restatement of the column neither confirms nor disputes the wire.
    assert rated(f"{RESTATED} Verdict: false.", CLAIM, other_source="wire").verdict == "related"
    # Without a rating, a restatement stays a restatement.
    assert rated(RESTATED, CLAIM).verdict == "related"


def test_a_rating_is_read_as_one_cue() -> None:
    from compare.cues import rating_class

    facts = extract_facts("The column said it. Verdict: not true.", DAY)
    assert [(c.kind, c.who) for c in facts.cues] == [("rating", "refuted")]
    assert rating_class("half true") == "unproven"
    assert rating_class("accurate") == "confirmed"
    assert rating_class("not correct") == rating_class("not true") == "refuted"
    assert rating_class("a story worth telling") is None


def test_another_day_and_another_site_are_two_events() -> None:
    link = verdict(
        "On 5 March the Islamic Resistance in Iraq claimed a drone attack on the power station of Haifa airport.",
        "On 8 March the Islamic Resistance in Iraq claimed a drone attack on an oil refinery in Haifa.",
    )
    assert link.verdict == "related"
    # The same site on two days is one event told with two dates.
    link = verdict(
        "On 5 March the Islamic Resistance in Iraq claimed a drone attack on the power station of Haifa airport.",
        "On 8 March the Islamic Resistance in Iraq claimed a drone attack on the power plant of Haifa airport.",
    )
    assert "date" in {d.kind for d in link.differences}


def test_a_sentence_that_names_the_other_day_itself_is_no_date_conflict() -> None:
    link = verdict(
        "On 23 January Abu Alaa al-Walaei announced a second phase of operations on X, and the announcement"
        " was widely reported on 24 January.",
        "Abu Alaa al-Walaei said on 24 January that the second phase had begun.",
    )
    assert "date" not in {d.kind for d in link.differences}
    # Without the second day, the two days conflict.
    link = verdict(
        "On 23 January Abu Alaa al-Walaei announced a second phase of operations on X.",
        "Abu Alaa al-Walaei said on 24 January that the second phase had begun.",
    )
    assert "date" in {d.kind for d in link.differences}


def test_one_shared_word_and_a_day_do_not_make_one_statement() -> None:
    # A close match by score, but the two share only "strikes"/"attacks" and their day:
    # neither an agreement nor a difference in how firmly one statement is made.
    salvo = "One of the most serious attacks came on 14 February, when a salvo of about 10 rockets hit Safed."
    civilians = (
        "Nine civilians were killed in Israeli strikes on villages in the south later on 14 February,"
        " Lebanese security sources told Reuters."
    )
    assert verdict(salvo, civilians, evidence=80.0).verdict == "related"
    visit = "On 25 February, Defence Minister Yoav Gallant visited the Northern Command headquarters in Safed."
    seat = "The headquarters of Northern Command sits in Safed, about 15 km from the Lebanese border."
    # In a corpus about the Safed strike, Safed is a topic name: Northern Command alone ties them.
    topic = frozenset({"safed"})
    assert verdict(visit, seat, evidence=84.0, topic=topic).verdict == "related"
    # A near-identical match (sentence-alone score 90 or more) is one statement.
    assert verdict(visit, seat, evidence=95.0, topic=topic).verdict == "agree"


def test_a_shared_number_word_is_not_a_word_for_what_happened() -> None:
    # "three divisions" and "three soldiers" share a count, not an event: the figure slot
    # compares counts, and these two count different things.
    link = verdict(
        "In January IDF spokesman Daniel Hagari said three divisions had been deployed to the northern border.",
        "Three US soldiers were killed on 28 January in a drone attack on an outpost near the Syrian border.",
        evidence=71.0,
    )
    assert link.verdict == "related"


def test_a_country_word_is_not_a_word_for_what_happened() -> None:
    # "Iraqi" names where, like "Iraq"; with "2023" alone left in common, the two sentences
    # report different things.
    link = verdict(
        "Washington has barred Iraqi banks from dealing in dollars, and by September 2023 the number excluded"
        " had reached 18.",
        "A postponed September 2023 White House visit makes Sudani the only Iraqi prime minister not received.",
        evidence=70.5,
        topic=frozenset({"white house"}),
    )
    assert link.verdict == "related"


def test_a_claim_line_is_a_restatement_a_fact_check_rates() -> None:
    link = rated(f"Claim: {CLAIM} Verdict: false.", CLAIM)
    assert link.verdict == "diverge" and [d.kind for d in link.differences] == ["polarity"]


# --- A party's denial of another's account, however little wording they share ------------
DENIED = (
    "The embassy said its support was limited to training and that the watchtowers are used "
    "only by the Lebanese army, not by British intelligence."
)
STATED = "Military sources said British intelligence services use dozens of watchtowers on the border."


@pytest.mark.parametrize("evidence", [30.0, 60.0, 90.0])
def test_a_contrastive_denial_of_the_others_words_is_a_polarity_difference(evidence: float) -> None:
    link = verdict(DENIED, STATED, evidence=evidence)
    assert link.verdict == "diverge"
    (diff,) = link.differences
    assert (diff.kind, diff.a, diff.b) == ("polarity", "not by British intelligence", "British intelligence")
    # Either order quotes each claim's own span.
    swapped = verdict(STATED, DENIED, evidence=evidence).differences[0]
    assert (swapped.a, swapped.b) == ("British intelligence", "not by British intelligence")


@pytest.mark.parametrize(
    "text_a,text_b",
    [
        # Not contrastive: "not only", "never before", a negated verb of another subject.
        (
            "If you loved his hosting, you are probably not only watching the Oscars, you host a party.",
            "The Oscars watched by 32 million viewers were hosted by Stewart.",
        ),
        ("Never before in NBA history have coaches fallen this early.", "The sixth team in NBA history to rally fell."),
        ("He said he would not host the Oscars again.", "The 2007 Oscars hosted by DeGeneres rated best."),
        # The denied name is in the other claim, but no other word for what happened is.
        ("The strike was carried out by Israel, not by British intelligence.", STATED),
        # Both deny it.
        (DENIED, "The towers are run by the army, not by British intelligence, sources said."),
    ],
)
def test_what_is_not_a_denial_of_the_others_account(text_a: str, text_b: str) -> None:
    for evidence in (30.0, 90.0):
        link = verdict(text_a, text_b, evidence=evidence)
        assert not any(d.detail == "one account denies what the other states" for d in link.differences)


def test_shared_names_alone_do_not_make_a_loose_match_an_agreement() -> None:
    a = (
        "The Iraqi factions say they act alongside Yemen's Ansarallah and Lebanon's Hezbollah"
        " as part of the Axis of Resistance."
    )
    b = "Months later the Resistance Axis, from Hezbollah to Ansarallah, has answered with fire on several fronts."
    assert verdict(a, b, evidence=55.0).verdict == "related"
    # A close match of the same names is still compared.
    assert verdict(a, a.replace("The Iraqi factions say", "Iraqi factions said"), evidence=95.0).verdict == "agree"


@pytest.mark.parametrize(
    "text_a,text_b",
    [
        # The words after "without" end at the comma: "Fanning" is not negated.
        ("The other people at the party escaped without injury, Fanning said.", "Fanning said the gunman fled."),
        # "not only ... but" adds; it negates nothing.
        (
            "An Indian Navy warship not only repulsed an attack on a vessel but nabbed 23 pirates.",
            "The Indian navy captured 23 pirates who attacked a merchant vessel.",
        ),
        # "no one else" is not a negated count of the one man killed.
        ("One man was shot and killed and no one else was injured.", "A gunman killed one man at the party."),
        # What is negated is the word right after the negation, not the next one.
        (
            "Somalia, caught up in an insurgency, has not had a functioning government since 1991.",
            "In November the government of Somalia authorized the navy to pursue pirates.",
        ),
        (
            "I spotted Gupta on a cable news channel not named CNN, mentioned as a candidate.",
            "CNN reported that Obama asked Gupta to be surgeon general.",
        ),
    ],
)
def test_a_negation_that_does_not_negate_the_shared_statement_is_no_polarity_difference(
    text_a: str, text_b: str
) -> None:
    assert "polarity" not in kinds(text_a, text_b)
    assert "polarity" not in kinds(text_b, text_a)


def test_a_negated_shared_word_is_still_a_polarity_difference() -> None:
    assert "polarity" in kinds("The suspect has not been arrested.", "Police said the suspect was arrested on Monday.")
    # Past a light word or an adverb to the word negated.
    tree = "Loggers cut down the oldest tree."
    assert "polarity" in kinds("Loggers have not accidentally cut down the oldest tree.", tree)
    # A headline that answers "No, ..." denies the clause after the comma.
    claim = "Saudi TV blurred out Michelle Obama's face during her visit."
    assert "polarity" in kinds("No, Saudi TV did not hide the face of Michelle Obama", claim)
    assert "polarity" in kinds("Fact check: No, Saudi TV did not hide the face of Michelle Obama", claim)


def test_a_person_named_twice_in_other_words_is_one_actor() -> None:
    host = "Comedian Ellen DeGeneres will host the Oscars."
    assert "actor" not in kinds("Ellen DeGeneres will host the Oscars.", host)
    assert "actor" not in kinds(
        "Tony DiLeo will coach the team for the rest of the season.",
        "Senior Vice President DiLeo will coach the team for the rest of the season.",
    )
    # Organisations are not matched by a shared word: these are two actors.
    assert "actor" in kinds(
        "On 7 March Hezbollah fired a drone at the Rosh Pina airport.",
        "On 7 March Kataib Hezbollah fired a drone at the Rosh Pina airport.",
    )


def test_ages_are_compared_for_one_person() -> None:
    # Two people's ages in one account, one of them matching the other account's.
    assert "number" not in kinds(
        "Police have identified the victim as Benjamin David Banky, 40, of Vancouver.",
        "Police allege Eric Allen Kirkpatrick, 61, opened fire at the party, killing Benjamin David Banky, 40.",
    )
    # "the 36-year-old driver" and "a 66-year-old woman" are two people.
    assert "number" not in kinds(
        "A man outside the club told the 36-year-old driver to stop, but he kept going.",
        "Police named the 66-year-old woman who was struck outside the club.",
    )
    # The same person's age, given differently, still differs.
    assert "number" in kinds(
        "The 36-year-old driver was arrested outside the club.", "The 37-year-old driver was arrested outside the club."
    )


@pytest.mark.parametrize(
    "text_a,text_b,kind",
    [
        (
            "On 13 February Nasrallah said any further Israeli action after a truce would be met with a response.",
            "On 13 February Nasrallah warned that any Israeli action after a truce will be met with a response.",
            "certainty",
        ),
        (
            "On 14 February a salvo of rockets struck the city of Safed and the army base housing Israel's "
            "Northern Command.",
            "On 14 February Hezbollah fired a salvo of rockets at the city of Safed.",
            "actor",
        ),
        (
            "On 14 February a salvo of rockets hit the city of Safed, Israeli military and medical officials said.",
            "On 14 February Hezbollah fired a salvo of rockets at the city of Safed.",
            "actor",
        ),
    ],
    ids=["reported-future-is-not-a-hedge", "named-in-what-a-strike-hit", "words-before-a-speaker-noun"],
)
def test_reported_speech_targets_and_speakers_are_not_divergences(text_a: str, text_b: str, kind: str) -> None:
    assert kind not in kinds(text_a, text_b)


def test_an_unclaimed_attack_against_one_stated_as_a_partys_diverges_on_attribution() -> None:
    unclaimed = "No group had claimed the rocket attack on Safed by Wednesday afternoon."
    assert "attribution" in kinds(unclaimed, "On Wednesday Hezbollah's rocket attack hit Safed.")
    # The soldier the attack killed is named, not who fired: nothing to compare.
    victim = "Staff Sgt. Omer Sarah Benjo was killed in the rocket attack on Safed."
    assert "attribution" not in kinds(unclaimed, victim)


def test_a_version_nobody_confirmed_differs_in_certainty_from_the_same_fact_stated() -> None:
    stated = "Among the spies was an Italian tourist recruited by Israeli intelligence."
    unconfirmed = (
        "In a version no independent outlet has confirmed, an Italian posing as a tourist "
        "had been recruited by Israeli intelligence."
    )
    assert "certainty" in kinds(stated, unconfirmed)
    assert "certainty" not in kinds(
        stated, unconfirmed.replace("no independent outlet has confirmed", "told in Beirut")
    )


@pytest.mark.parametrize("dateline", ["BEIRUT - ", "BEIRUT (Reuters) — ", "METULA, Israel, Feb 14 — "])
def test_a_dateline_is_where_the_report_was_filed_not_a_place_of_the_event(dateline: str) -> None:
    placed = "On 12 March two people were wounded when rockets hit Safed."
    unplaced = "On 12 March two people were wounded when rockets hit."
    assert "place" not in kinds(dateline + unplaced, placed)
    assert "place" in kinds("On 12 March two people were wounded when rockets hit Metula.", placed)


def test_could_not_is_an_inability_not_a_hedge() -> None:
    stated = "Investigators found that his phone held a program that blocked access to its data."
    assert "certainty" not in kinds(
        stated, "Investigators could not open his phone, which held a program that blocked access."
    )
    assert "certainty" in kinds(stated, "Investigators could have found a program on his phone that blocked access.")


@pytest.mark.parametrize(
    "speech",
    [
        "Nasrallah gave a speech on 13 February to mark the Day of the Wounded, urging people to drop smartphones.",
        "Nasrallah spoke on 13 February in an address urging people to drop smartphones.",
    ],
)
def test_a_speech_told_as_fact_does_not_differ_from_the_same_speech_reported(speech: str) -> None:
    reported = "Hassan Nasrallah, who in a speech on 13 February urged people to drop smartphones, called them spies."
    assert "attribution" not in kinds(speech, reported)


def test_a_pronoun_speaker_is_the_person_named_before_it() -> None:
    reported = "On 13 February Hassan Nasrallah urged people to drop smartphones, which he described as spies."
    assert "attribution" not in kinds("On 13 February Nasrallah gave a speech against smartphones.", reported)
    assert "attribution" in kinds("On 13 February a speech was given against smartphones.", reported)


@pytest.mark.parametrize(
    "report",
    [
        "On 21 November the daily Al-Akhbar, citing flight data, reported that nine NATO planes had landed at Hamat.",
        "Al-Akhbar reported on 21 November that nine NATO planes had landed at Hamat.",
    ],
)
def test_the_day_of_an_outlets_report_is_not_the_day_of_what_it_reports(report: str) -> None:
    assert "date" not in kinds(report, "Between 14 and 20 November nine NATO planes landed at Hamat.")


def test_the_day_of_a_partys_announcement_is_the_day_of_the_event() -> None:
    announced = "The group announced on {} that it had begun a second phase of operations."
    assert "date" in kinds(announced.format("24 January"), announced.format("5 March"))


@pytest.mark.parametrize(
    "text,dateline",
    [
        ("TEL AVIV/BEIRUT - Rockets hit Safed.", "TEL AVIV/BEIRUT - "),
        ("SAFED, Israel, Feb 14 — A soldier was killed.", "SAFED, Israel, Feb 14 — "),
        ("IDF troops entered Gaza - officials said.", None),
        ("US strikes - a timeline", None),
    ],
)
def test_what_reads_as_a_dateline(text: str, dateline: str | None) -> None:
    from compare.profile import _DATELINE

    found = _DATELINE.match(text)
    assert (found.group() if found else None) == dateline


@pytest.mark.parametrize(
    "kind,misread,control,other",
    [
        (
            "framing",
            "The Islamic Resistance in Iraq said on 12 March its fighters had targeted Ben Gurion Airport.",
            # The same word used as a label for the militias is still a choice of words.
            "The Iraqi resistance said on 12 March it had targeted Ben Gurion Airport.",
            "In a statement on 12 March, the militias said they had targeted Ben Gurion Airport.",
        ),
        (
            "framing",
            "Drones hit US occupation forces in Syria and reached Ashdod, Haifa and the Golan Heights.",
            "Drones hit occupation forces and reached Ashdod, Haifa and the Golan Heights.",
            "The drones reached Ashdod, Haifa and the Golan Heights in Israel.",
        ),
        (
            "attribution",
            "On 7 October 2023 Hamas launched the assault on southern Israel that it called Operation Al-Aqsa Flood.",
            "On 7 October 2023, it said, Hamas launched the Al-Aqsa Flood assault on southern Israel.",
            "On 7 October 2023 Hamas launched the Al-Aqsa Flood operation against southern Israel.",
        ),
        (
            "polarity",
            "On 13 February Nasrallah urged families in the south to deny the enemy any window into their homes.",
            "On 13 February Nasrallah denied that families in the south gave the enemy a window into their homes.",
            "On 13 February Nasrallah urged families in the south to cut the enemy's window into their homes.",
        ),
        (
            "actor",
            "On Wednesday, 14 February, about ten rockets hit Safed and the base of the Israeli army's "
            "Northern Command.",
            # Who fired is an actor wherever it stands.
            "On Wednesday, 14 February, Hamas fired about ten rockets at Safed and the base of the Israeli army's "
            "Northern Command.",
            "Hezbollah's strike on Safed on Israel's northern regional command HQ on Wednesday is treated in Israel "
            "as the gravest attack since the start of the war, with Ben Gvir calling it a declaration of war.",
        ),
        (
            "place",
            "Beirut's media kept returning this month to Hassan Nasrallah's Day of the Wounded address of 13 February.",
            "In Beirut's southern suburbs, Hassan Nasrallah's Day of the Wounded address of 13 February was given.",
            "In a speech on Tuesday the 13th, Hezbollah leader Nasrallah said the Party will keep up its border "
            "offensive until the Gaza fighting stops.",
        ),
        (
            "polarity",
            "In late January the Revolutionary Guards commander Hossein Salami said Iran did not want war, "
            "but no threat would go unanswered.",
            "In late January the Revolutionary Guards commander Hossein Salami said Iran was seeking war "
            "and would answer every threat.",
            "In January the commander of the Islamic Revolutionary Guard Corps said that, although Iran is not "
            "seeking war, it will not leave any threat unanswered.",
        ),
        (
            "attribution",
            "Police allege a 61-year-old former employee opened fire at the office party on Friday, killing one man.",
            "A 61-year-old former employee opened fire at the office party on Friday, killing one man.",
            "A former employee, 61, opened fire at the office party on Friday and killed one man, police said.",
        ),
        (
            "place",
            "On Friday police were called to the health products store at 40 East Fifth Avenue, where a 61-year-old "
            "former employee had opened fire.",
            "On Friday police were called to the health products store in Burnaby, where a 61-year-old former "
            "employee had opened fire.",
            "On Friday Vancouver police arrested a 61-year-old former employee after the shooting at the health "
            "products store.",
        ),
        (
            "number",
            "In their five operations so far, the sailors have confiscated 14 rifles, 31 magazines and 923 rounds "
            "of ammunition.",
            "During the operation on 12 March, the sailors confiscated 14 rifles, 31 magazines and 923 rounds of "
            "ammunition.",
            "During the operation on 12 March, six rifles, 12 magazines and about 300 rounds of ammunition were "
            "found and confiscated.",
        ),
    ],
    ids=[
        "loaded-word-in-a-name",
        "another-states-occupation",
        "name-given-in-a-relative-clause",
        "deny-someone-something",
        "owner-of-a-target",
        "place-whose-press-is-meant",
        "two-negations-of-one-word",
        "police-allege-and-police-said",
        "street-against-city",
        "a-sum-against-one-operation",
    ],
)
def test_a_word_that_only_looks_like_a_difference_is_not_one(kind: str, misread: str, control: str, other: str) -> None:
    assert kind not in kinds(misread, other)
    assert kind in kinds(control, other)


@pytest.mark.parametrize(
    "unknown",
    [
        "We did not establish whether Israeli outlets reported any incident at the border that day.",
        "Whether Israeli outlets reported any incident at the border that day was not checked.",
    ],
)
def test_not_knowing_whether_differs_in_certainty_not_polarity(unknown: str) -> None:
    none = "Israeli outlets did not report any incident at the border that day."
    assert kinds(unknown, none) == {"certainty"}
    # A hedged statement that it happened still contradicts one that it did not.
    assert "polarity" in kinds("Israeli outlets reportedly reported an incident at the border that day.", none)


def test_a_negation_inside_a_hedge_is_the_hedge() -> None:
    stated = "Some Iron Dome batteries have been destroyed by Hezbollah."
    unconfirmed = "The army has not confirmed damage to any Iron Dome battery hit by Hezbollah."
    assert kinds(unconfirmed, stated) == {"certainty"}


def test_to_do_without_something_is_to_give_it_up_not_a_negation() -> None:
    urged = (
        "On 13 February Hassan Nasrallah urged people in the south to throw away their smartphones, "
        "which he called spies."
    )
    gave_up = (
        "On 13 February Hassan Nasrallah called the mobile phone a deadly agent and told people in border villages "
        "to do without their phones."
    )
    assert "polarity" not in kinds(gave_up, urged)
    # "without" that leaves something out still negates it.
    assert "polarity" in kinds(
        "On 3 March the convoy crossed the border at Naqoura without Israeli permission.",
        "On 3 March the convoy crossed the border at Naqoura with Israeli permission.",
    )


@pytest.mark.parametrize("outlet", ["JNS", "the daily Haaretz", "Anadolu", "the tracker Flightradar24"])
def test_what_an_outlet_reported_is_not_a_partys_claim(outlet: str) -> None:
    stated = (
        "On 12 March Hezbollah launched more than 100 rockets at the Golan and the Galilee, "
        "one of the heaviest barrages."
    )
    sourced = f"On the pace of fire, {outlet} reported that {stated[0].lower()}{stated[1:]}"
    assert "attribution" not in kinds(sourced, stated)
    # What a party to the war said is its claim.
    assert "attribution" in kinds(sourced.replace(f"{outlet} reported", "the IDF said"), stated)
