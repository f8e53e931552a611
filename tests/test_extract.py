"""Fact extraction: entities (spelling variants, roles), dates (absolute, relative, never
guessed) and quantities (every form the issue lists). No file outside the repository is read."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import fuzz_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.dates import extract_dates
from compare.entities import extract_entities
from compare.extract import extract_facts, resolve_corpus_entities
from compare.names import canonical, is_country, place_core, resolve_keys
from compare.quantities import extract_quantities

# Entities ------------------------------------------------------------------------------


def corpus_keys(sentences: list[str]) -> list[dict[str, str]]:
    """Entities of each sentence as surface -> key, after corpus-wide resolution."""
    facts = resolve_corpus_entities([extract_facts(s, date(2024, 2, 14)) for s in sentences])
    return [{e.text: e.key for e in f.entities} for f in facts]


@pytest.mark.parametrize(
    "variants",
    [
        ["Hezbollah", "Hizbullah", "Hizballah"],
        ["Ansarallah", "Ansar Allah", "Houthis"],
        ["Kataib Hezbollah", "Kata'ib Hizballah"],
        ["Safed", "Tzfat", "Safad"],
        ["Rafik Harriri", "Rafic Hariri"],
        ["al-Saadi", "al Saadi"],
    ],
)
def test_spelling_variants_share_one_key(variants: list[str]) -> None:
    assert len({canonical(v)[0] for v in variants}) == 1


def test_variants_found_in_running_text_share_one_key() -> None:
    found = corpus_keys(
        [
            "Hezbollah fired rockets at Safed on Tuesday.",
            "Hizbullah said its fighters hit a base near Tzfat.",
            "A Hizballah commander was killed in Safad.",
            "Ansarallah claimed the attack on the ship.",
            "The Houthis said they would continue.",
            "Ansar Allah fighters paraded in Sanaa.",
        ]
    )
    assert found[0]["Hezbollah"] == found[1]["Hizbullah"] == found[2]["Hizballah"]
    assert found[0]["Safed"] == found[1]["Tzfat"] == found[2]["Safad"]
    assert found[3]["Ansarallah"] == found[4]["Houthis"] == found[5]["Ansar Allah"]


def test_nasrallah_variants_and_title_resolve_to_the_full_name() -> None:
    found = corpus_keys(
        [
            "Hezbollah leader Hassan Nasrallah said the front would stay open.",
            "Nasrullah urged families to give up their phones.",
            "Speaking on Tuesday, Sayyed Hassan Nasrallah warned Israel.",
            "Nasrallah did not say when.",
        ]
    )
    keys = {
        found[0]["Hassan Nasrallah"],
        found[1]["Nasrullah"],
        found[2]["Hassan Nasrallah"],
        found[3]["Nasrallah"],
    }
    assert len(keys) == 1
    assert "Sayyed Hassan Nasrallah" not in found[2]  # the title is not part of the name


def test_nested_name_is_one_entity() -> None:
    ents = extract_entities("Kata'ib Hizballah announced it was suspending operations.")
    assert [e.text for e in ents] == ["Kata'ib Hizballah"]
    assert ents[0].key == canonical("Kataib Hezbollah")[0] != canonical("Hezbollah")[0]


def test_al_prefix_variants_and_surname_resolve_in_a_corpus() -> None:
    found = corpus_keys(
        [
            "A US drone strike in Baghdad killed Abu Baqir al-Saadi, a senior commander.",
            "Hundreds of mourners joined the funeral of al Saadi in Baghdad.",
        ]
    )
    assert found[0]["Abu Baqir al-Saadi"] == found[1]["al Saadi"]


def test_unlisted_transliterations_merge_across_a_corpus() -> None:
    # Neither spelling is in the alias file: the resolver's consonant skeleton merges them.
    mapping = resolve_keys(
        [
            ("hossein amir abdollahian", "Hossein Amir-Abdollahian", "person"),
            ("hossein amir abdollahian", "Hossein Amir-Abdollahian", "person"),
            ("hossein amir abdullahian", "Hossein Amir-Abdullahian", "person"),
        ]
    )
    assert mapping["hossein amir abdullahian"] == "hossein amir abdollahian"


def test_different_names_do_not_merge() -> None:
    mapping = resolve_keys(
        [
            ("iran", "Iran", "place"),
            ("iraq", "Iraq", "place"),
            ("austria", "Austria", "place"),
            ("australia", "Australia", "place"),
        ]
    )
    assert len(set(mapping.values())) == 4


def test_a_conjunction_does_not_start_a_name() -> None:
    # A stray capital after a comma ("efforts, If Israel can") is not the name "If Israel".
    ents = [e.text for e in extract_entities("Lebanon has been watched closely, If Israel can hack phones.")]
    assert "Israel" in ents and not any(t.startswith("If ") for t in ents)


@pytest.mark.parametrize(
    "text,kept",
    [
        ("Nasrallah said that the Party will continue the offensive.", {"Nasrallah"}),
        ("The statement said the Army had withdrawn.", set()),
        ("The Labour Party won the vote, the Army said.", {"Labour Party"}),
        ("Congress passed the bill and the Senate agreed.", {"Congress", "Senate"}),
    ],
)
def test_a_bare_organisation_word_is_not_a_name(text: str, kept: set[str]) -> None:
    # "the Party", "the Army" point back to a name; a key of their own would join every army.
    assert {e.text for e in extract_entities(text)} == kept


def test_a_place_is_not_taken_for_a_surname() -> None:
    mapping = resolve_keys(
        [
            ("israel", "Israel", "place"),
            ("israel", "Israel", "place"),
            ("jacob israel", "Jacob Israel", "person"),
        ]
    )
    assert mapping["israel"] == "israel"


def test_roles_attach_to_the_person() -> None:
    ents = {
        e.text: e
        for e in extract_entities(
            "Hezbollah leader Hassan Nasrallah and Israel's Defence Secretary Yoav Gallant traded threats."
        )
    }
    assert ents["Hassan Nasrallah"].type == "person"
    assert ents["Hassan Nasrallah"].role == "Hezbollah leader"
    assert ents["Yoav Gallant"].role == "Israel's Defence Secretary"
    assert ents["Hezbollah"].type == "org" and ents["Israel"].type == "place"


def test_appositive_role_after_the_name() -> None:
    ents = {
        e.text: e for e in extract_entities("Daniel Hagari, the army spokesman, said three divisions were deployed.")
    }
    assert ents["Daniel Hagari"].role == "army spokesman"


def test_acronyms_aliases_and_demonyms() -> None:
    ents = {
        e.text: e.key
        for e in extract_entities(
            "The IDF said Israeli troops and US soldiers were fired on near the Lebanon-Syria border."
        )
    }
    assert ents == {
        "IDF": canonical("Israel Defense Forces")[0],
        "US": "united states",
        "Lebanon": "lebanon",
        "Syria": "syria",
    }
    assert [e.text for e in extract_entities("Who said the Iranian-backed group was behind it?")] == []
    # A compound of peoples, a number word and a common abbreviation are not names.
    assert [e.text for e in extract_entities("A drone hit near the Jordanian-Syrian border.")] == []
    assert [e.text for e in extract_entities("Seventeen people have been killed in the north.")] == []
    assert [e.text for e in extract_entities("The strike hit the northern command HQ.")] == []


def test_names_inside_modifiers_and_prepositions() -> None:
    texts = {
        e.text
        for e in extract_entities(
            "Iran-backed militias and Hamas-run Gaza were named by the British Embassy in Beirut."
        )
    }
    assert texts == {"Iran", "Hamas", "Gaza", "British Embassy", "Beirut"}


def test_events_products_and_codes_are_not_entities() -> None:
    texts = {
        e.text
        for e in extract_entities(
            "Hurricane Milton hit Florida before the World Cup as B-1 bombers and Katyusha rockets flew."
        )
    }
    assert texts == {"Florida"}


def test_headline_words_are_not_names() -> None:
    texts = {e.text for e in extract_entities("President Obama Announces Nominee for Surgeon General")}
    assert "Obama" in texts and "Obama Announces Nominee" not in texts


def test_place_helpers() -> None:
    assert is_country("lebanon") and not is_country("beirut")
    assert place_core("rosh pinna airport") == canonical("Rosh Pina")[0]


# Dates -----------------------------------------------------------------------------------

PUB = date(2024, 2, 14)  # a Wednesday


def one_date(text: str, published: date | None = PUB) -> tuple[str, date | None, date | None, str]:
    found = extract_dates(text, published)
    assert len(found) == 1, found
    d = found[0]
    return d.text, d.value_start, d.value_end, d.precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The strike came on 2 March 2023.",
            ("2 March 2023", date(2023, 3, 2), date(2023, 3, 2), "day"),
        ),
        ("It happened on 2 March.", ("2 March", date(2023, 3, 2), date(2023, 3, 2), "day")),
        (
            "The talks ran 14-20 November.",
            ("14-20 November", date(2023, 11, 14), date(2023, 11, 20), "range"),
        ),
        (
            "Voting ended March 5, 2024.",
            ("March 5, 2024", date(2024, 3, 5), date(2024, 3, 5), "day"),
        ),
        ("He arrived March 5.", ("March 5", date(2023, 3, 5), date(2023, 3, 5), "day")),
        (
            "The blast came in August 2020.",
            ("August 2020", date(2020, 8, 1), date(2020, 8, 31), "month"),
        ),
        ("He was killed in 2005.", ("2005", date(2005, 1, 1), date(2005, 12, 31), "year")),
        ("Feb. 2 was the day.", ("Feb. 2", date(2024, 2, 2), date(2024, 2, 2), "day")),
        (
            "It was built between 2015 and 2019.",
            ("2015 and 2019", date(2015, 1, 1), date(2019, 12, 31), "range"),
        ),
        (
            "Sales fell in the second half of 2023.",
            ("second half of 2023", date(2023, 7, 1), date(2023, 12, 31), "range"),
        ),
        ("It was popular in the 1990s.", ("1990s", date(1990, 1, 1), date(1999, 12, 31), "range")),
        (
            "Planes landed between 8 October and 10 November.",
            ("8 October and 10 November", date(2023, 10, 8), date(2023, 11, 10), "range"),
        ),
        (
            "From 8 October to 10 November 2023 the count rose.",
            ("8 October to 10 November 2023", date(2023, 10, 8), date(2023, 11, 10), "range"),
        ),
        (
            "Talks stalled from 28 December 2022 to 3 January.",
            ("28 December 2022 to 3 January", date(2022, 12, 28), date(2023, 1, 3), "range"),
        ),
        (
            "It ran between October 8 and November 10, 2023.",
            ("October 8 and November 10, 2023", date(2023, 10, 8), date(2023, 11, 10), "range"),
        ),
    ],
)
def test_absolute_dates(text: str, expected: tuple) -> None:
    assert one_date(text) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "He spoke on Tuesday the 13th.",
            date(2024, 3, 16),
            ("Tuesday the 13th", date(2024, 2, 13), date(2024, 2, 13), "day"),
        ),
        (
            "Talks failed last week.",
            PUB,
            ("last week", date(2024, 2, 5), date(2024, 2, 11), "week"),
        ),
        (
            "The base was hit on Tuesday.",
            PUB,
            ("Tuesday", date(2024, 2, 13), date(2024, 2, 13), "day"),
        ),
        (
            "The bank is expected to act on Thursday.",
            PUB,
            ("Thursday", date(2024, 2, 15), date(2024, 2, 15), "day"),
        ),
        (
            "Fighting has gone on since 8 October.",
            PUB,
            ("since 8 October", date(2023, 10, 8), None, "day"),
        ),
        (
            "Earlier this year, prices rose.",
            PUB,
            ("Earlier this year", date(2024, 1, 1), PUB, "range"),
        ),
        (
            "Officials said so yesterday.",
            PUB,
            ("yesterday", date(2024, 2, 13), date(2024, 2, 13), "day"),
        ),
        (
            "Rents rose last month.",
            PUB,
            ("last month", date(2024, 1, 1), date(2024, 1, 31), "month"),
        ),
        (
            "Over the past month, the conflict intensified.",
            PUB,
            ("past month", date(2024, 1, 15), PUB, "range"),
        ),
        (
            "In the past week, ten rockets were fired.",
            PUB,
            ("past week", date(2024, 2, 7), PUB, "range"),
        ),
        (
            "The plant opens next year.",
            PUB,
            ("next year", date(2025, 1, 1), date(2025, 12, 31), "year"),
        ),
        (
            "They met two days ago.",
            PUB,
            ("two days ago", date(2024, 2, 12), date(2024, 2, 12), "day"),
        ),
        (
            "The quake struck on New Year's Day.",
            date(2024, 1, 2),
            ("New Year's Day", date(2024, 1, 1), date(2024, 1, 1), "day"),
        ),
        (
            "Flights will resume in October.",
            date(2023, 9, 1),
            ("October", date(2023, 10, 1), date(2023, 10, 31), "month"),
        ),
    ],
)
def test_relative_dates_resolve_against_publication(text: str, published: date, expected: tuple) -> None:
    assert one_date(text, published) == expected


def test_a_day_later_follows_its_anchor() -> None:
    found = extract_dates("Troops entered on 2 September and withdrew a day later.", date(2023, 9, 15))
    assert [(d.text, d.value_start) for d in found] == [
        ("2 September", date(2023, 9, 2)),
        ("a day later", date(2023, 9, 3)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "He spoke on Tuesday the 13th.",
        "Talks failed last week.",
        "It was hit on Tuesday.",
        "Shelling went on since 8 October.",
        "Earlier this year, prices rose.",
        "A day later, he left.",
        "The ceremony is on Feb. 14.",
        "Officials said so yesterday.",
    ],
)
def test_relative_date_without_publication_date_stays_unresolved(text: str) -> None:
    found = extract_dates(text, None)
    assert len(found) == 1 and found[0].value_start is None and found[0].value_end is None
    assert found[0].precision  # the precision is still given


def test_absolute_date_with_a_year_resolves_without_publication_date() -> None:
    assert one_date("It began on 14 February 2005.", None)[1] == date(2005, 2, 14)


@pytest.mark.parametrize("text", ["In December, Hezbollah claimed hits.", "Since October, 200 have died."])
def test_a_month_after_a_capitalised_preposition_is_a_date(text: str) -> None:
    found = extract_dates(text, date(2024, 3, 24))
    assert [d.precision for d in found] == ["month"], found


def test_two_days_joined_by_and_are_two_days_not_a_span() -> None:
    found = extract_dates("Attacks on 8 October and 10 November killed two.", date(2024, 3, 1))
    assert [(d.text, d.precision) for d in found] == [("8 October", "day"), ("10 November", "day")]


def test_names_and_numbers_that_are_not_dates() -> None:
    assert extract_dates("L'Orient Today reported that Theresa May met about 2000 people.", PUB) == []


# Quantities ------------------------------------------------------------------------------


def one_quantity(text: str) -> tuple:
    found = extract_quantities(text, [(d.start, d.end) for d in extract_dates(text, PUB)])
    assert len(found) == 1, found
    q = found[0]
    return q.text, q.value, q.low, q.high, q.qualifier, q.unit, q.counted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three US soldiers were killed.", ("Three", 3, 3, 3, "exact", None, "soldier")),
        (
            "The plan moved two million settlers.",
            ("two million", 2e6, 2e6, 2e6, "exact", None, "settler"),
        ),
        ("Dozens of rockets were fired.", ("Dozens", None, 24, 99, "about", None, "rocket")),
        ("It sent nine planes.", ("nine", 9, 9, 9, "exact", None, "plane")),
        ("A bounty of $10k was offered.", ("$10k", 1e4, 1e4, 1e4, "exact", "USD", None)),
        ("The video had 10k views.", ("10k", 1e4, 1e4, 1e4, "exact", None, "view")),
        (
            "A drone worth $30 million was lost.",
            ("$30 million", 3e7, 3e7, 3e7, "exact", "USD", None),
        ),
        ("Turnout fell to 25 %.", ("25 %", 25, 25, 25, "exact", "percent", None)),
        (
            "It lost more than 10,000 fighters.",
            ("more than 10,000", 1e4, 1e4, None, "more_than", None, "fighter"),
        ),
        ("At least 150 people died.", ("At least 150", 150, 150, None, "at_least", None, "people")),
        (
            "It claimed around 188 operations.",
            ("around 188", 188, 188, 188, "about", None, "operation"),
        ),
        ("He served eight years in prison.", ("eight years", 8, 8, 8, "exact", "year", None)),
        ("It will cut up to 3,000 jobs.", ("up to 3,000", 3000, None, 3000, "up_to", None, "job")),
        (
            "It has fewer than 10k subscribers.",
            ("fewer than 10k", 1e4, None, 1e4, "less_than", None, "subscriber"),
        ),
        ("A salvo of 10-11 rockets hit.", ("10-11", None, 10, 11, "range", None, "rocket")),
        (
            "They reached between 1.5 and 2 million households.",
            ("between 1.5 and 2 million", None, 1.5e6, 2e6, "range", None, "household"),
        ),
        (
            "Tens of thousands of residents fled.",
            ("Tens of thousands", None, 2e4, 99999, "about", None, "resident"),
        ),
        ("A dozen airlines cancelled flights.", ("A dozen", 12, 12, 12, "exact", None, "airline")),
        ("Nearly 40 percent voted.", ("Nearly 40 percent", 40, 40, 40, "about", "percent", None)),
        (
            "A 7.6-magnitude earthquake hit.",
            ("7.6-magnitude", 7.6, 7.6, 7.6, "exact", "magnitude", None),
        ),
        ("It agreed a four-day truce.", ("four-day", 4, 4, 4, "exact", "day", None)),
        (
            "Kessler Bank announced a €4.5bn buyback.",
            ("€4.5bn", 4.5e9, 4.5e9, 4.5e9, "exact", "EUR", None),
        ),
        (
            "It was sold for about NOK 1.2 billion.",
            ("about NOK 1.2 billion", 1.2e9, 1.2e9, 1.2e9, "about", "NOK", None),
        ),
        ("A record 40.3C was measured.", ("40.3C", 40.3, 40.3, 40.3, "exact", "celsius", None)),
        (
            "Cases have passed 5 million.",
            ("passed 5 million", 5e6, 5e6, None, "more_than", None, None),
        ),
        (
            "Rates rose by 25 basis points.",
            ("25 basis points", 25, 25, 25, "exact", "basis point", None),
        ),
        (
            "It counted 32 US and other foreign military planes.",
            ("32", 32, 32, 32, "exact", None, "plane"),
        ),
    ],
)
def test_quantity_forms(text: str, expected: tuple) -> None:
    got = one_quantity(text)
    assert got[0] == expected[0] and got[4:] == expected[4:]
    for g, e in zip(got[1:4], expected[1:4], strict=True):
        assert (g is None and e is None) or g == pytest.approx(e)


@pytest.mark.parametrize(
    "text",
    [
        "One of the factions claimed it.",
        "Spain beat England 1-0 in Sydney.",
        "Flight 417 landed safely.",
        "GPT-4 and COVID-19 were in the news.",
        "The strike on Tower 22 came at 3 p.m.",
        "Nadal won his 14th title.",
        "It fired a drone.",
        "Several top executives left.",
    ],
)
def test_not_quantities(text: str) -> None:
    assert extract_quantities(text, [(d.start, d.end) for d in extract_dates(text, PUB)]) == []


def test_unit_carries_over_an_elided_parallel() -> None:
    found = extract_quantities("The sentence was cut from 12 years to 10.", [])
    assert [(q.value, q.unit) for q in found] == [(12, "year"), (10, "year")]


def test_over_a_duration_is_not_a_qualifier() -> None:
    assert one_quantity("The tournament ran over three weeks.")[:5] == (
        "three weeks",
        3,
        3,
        3,
        "exact",
    )


def test_date_numbers_are_not_quantities() -> None:
    text = "On 7 October 2023, 1,200 people were killed."
    found = extract_quantities(text, [(d.start, d.end) for d in extract_dates(text, PUB)])
    assert [(q.text, q.counted) for q in found] == [("1,200", "people")]


# Robustness ------------------------------------------------------------------------------


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "A",
                "b",
                " ",
                "1",
                ",",
                ".",
                "-",
                "$",
                "%",
                "'",
                "’",
                "é",
                "İ",
                "Hezbollah",
                " said ",
                " on Tuesday",
                " 3 ",
                " million",
                " about ",
                "March",
                " al-",
            ]
        ),
        max_size=40,
    ).map("".join),
    st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))),
)
def test_spans_always_point_into_the_text(text: str, published: date | None) -> None:
    f = extract_facts(text, published)
    for item in (*f.entities, *f.dates, *f.quantities):
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start : item.end] == item.text
    if published is None:
        assert all(d.value_start is None for d in f.dates if d.relative)


@pytest.mark.parametrize(
    "text,span",
    [
        ("After the events of 7 October, he joined the team in Beirut.", "After the events of 7 October"),
        ("Prices rose following 7 October.", "following 7 October"),
        ("He has lived there since 7 October.", "since 7 October"),
    ],
)
def test_a_date_after_since_or_following_opens_an_interval(text: str, span: str) -> None:
    # "after 7 October" does not date an event to 7 October: the claim is not about that day.
    (found,) = extract_dates(text, date(2024, 3, 1))
    assert (found.text, found.since, found.value_start, found.value_end) == (span, True, date(2023, 10, 7), None)
    assert text[found.start : found.end] == found.text


@pytest.mark.parametrize("text", ["On 7 October the attack began.", "Prices rose after the 7 October attack."])
def test_a_date_of_an_event_is_that_day(text: str) -> None:
    (found,) = extract_dates(text, date(2024, 3, 1))
    assert (found.text, found.since, found.value_end) == ("7 October", False, date(2023, 10, 7))


@pytest.mark.parametrize(
    "text,speaker,cue",
    [
        (
            "The Islamic Resistance in Iraq (IRI), an umbrella group of armed factions, announced a second phase.",
            "Islamic Resistance in Iraq",
            "The Islamic Resistance in Iraq (IRI), an umbrella group of armed factions, announced",
        ),
        (
            "Hezbollah's secretary-general, Sayyed Hassan Nasrallah, said the attacks would go on.",
            "Sayyed Hassan Nasrallah",
            "Sayyed Hassan Nasrallah, said",
        ),
        ("On 13 February Hassan Nasrallah said villagers should give up their phones.", "Hassan Nasrallah", None),
        ("Kataib Hezbollah, who on 31 January announced a pause, felt the pressure.", "who", None),
        ("Security circles said an Italian tourist was caught in Jounieh.", "Security circles", None),
    ],
    ids=["apposition", "name-then-comma", "date-before-name", "relative-pronoun", "circles"],
)
def test_attribution_speakers(text: str, speaker: str, cue: str | None) -> None:
    found = [(c.who, c.text) for c in extract_facts(text).cues if c.kind == "attribution"]
    assert [w for w, _ in found] == [speaker]
    if cue is not None:
        assert found[0][1] == cue


def test_a_month_is_not_a_speaker() -> None:
    cues = extract_facts("Nasrallah, who in a speech on 13 February urged villagers to leave, knew it.").cues
    assert all("February" not in c.who for c in cues)


def test_possibility_hedges() -> None:
    assert extract_facts("The situation raises the possibility of a wider war.").hedged


def test_nobody_is_not_a_speaker() -> None:
    cues = extract_facts("No group claimed responsibility for the attack.").cues
    assert not [c for c in cues if c.kind == "attribution"]


@pytest.mark.parametrize(
    "text,speaker",
    [
        ("In its statement the movement urged Lebanon to switch off the cameras.", "movement"),
        ("Yesterday it accused Israel of hacking cameras in the south.", "it"),
        ('"We will answer," said Hassan Nasrallah.', "Hassan Nasrallah."),
    ],
    ids=["urged", "accused", "said-inverted"],
)
def test_the_name_after_a_verb_that_takes_an_object_is_not_the_speaker(text: str, speaker: str) -> None:
    assert [c.who for c in extract_facts(text).cues if c.kind == "attribution"] == [speaker]


@pytest.mark.parametrize(
    "text,speakers",
    [
        ("Nine aircraft from NATO states had landed at Beirut airport.", []),
        ("Hezbollah claims were hard to check.", []),
        ("The IDF states that no soldier was hurt.", ["IDF"]),
    ],
    ids=["states-noun", "claims-noun", "states-verb"],
)
def test_a_plural_noun_followed_by_its_verb_is_not_a_speaker(text: str, speakers: list[str]) -> None:
    assert [c.who for c in extract_facts(text).cues if c.kind == "attribution"] == speakers


@pytest.mark.parametrize(
    "text,kinds",
    [
        ("An opinion column made several specific claims about surveillance.", set()),
        ("These claims are baseless.", {"denial"}),
        ("The group claims responsibility for the attack.", {"attribution", "claim"}),
        ("Hezbollah claimed the strike on the base.", {"attribution", "claim"}),
    ],
    ids=["noun-after-adjective", "noun-after-determiner", "verb-present", "verb-past"],
)
def test_claims_the_noun_is_not_someone_claiming(text: str, kinds: set[str]) -> None:
    assert {c.kind for c in extract_facts(text).cues} == kinds


# Narratives ------------------------------------------------------------------------------


def _source_dates(sentences: list[tuple[int, str]], kind: str, estimated: bool = False) -> list[list[date | None]]:
    from compare.extract import extract_source_facts
    from compare.model import Claim

    claims = [Claim(f"c{k}", "s", 0, len(t), t, section, 0, k) for k, (section, t) in enumerate(sentences)]
    facts = extract_source_facts(claims, date(2024, 3, 15), kind, estimated)  # a Friday in March
    return [[d.value_start for d in f.dates] for f in facts]


SAFED = [
    (0, "In a speech on Tuesday the 13th, Nasrallah said the attacks would go on."),
    (0, "The strike on Safed on Wednesday is treated in Israel as the gravest attack of the war."),
    (1, "The group said on Wednesday that it would keep firing."),
]


@pytest.mark.parametrize("kind,estimated", [("reference", False), ("opinion", True)])
def test_a_narrative_reads_a_bare_weekday_in_the_week_it_last_named(kind: str, estimated: bool) -> None:
    found = _source_dates(SAFED, kind, estimated)
    assert found[0] == [date(2024, 2, 13)]
    assert found[1] == [date(2024, 2, 14)]  # the day after the Tuesday just told of
    assert found[2] == [date(2024, 3, 13)]  # a new section: the week of publication again


@pytest.mark.parametrize("kind", ["news", "opinion", "wire"])
def test_a_dated_report_reads_a_bare_weekday_in_its_week_of_publication(kind: str) -> None:
    assert _source_dates(SAFED, kind)[1] == [date(2024, 3, 13)]


def test_a_weekday_with_next_and_a_since_date_do_not_use_the_narrative_day() -> None:
    text = [
        (0, "Some 3,500 rockets were fired since 8 October."),
        (0, "The army said on Wednesday that the count was still rising."),
        (0, "On 2 February, the ministers met."),
        (0, "They meet again next Wednesday."),
    ]
    found = _source_dates(text, "reference")
    assert found[1] == [date(2024, 3, 13)]  # "since 8 October" names no day of the story
    assert found[3] == [date(2024, 3, 20)]  # "next" counts from publication


def test_the_month_may_is_not_a_hedge() -> None:
    hedges = lambda t: [c.text for c in extract_facts(t, date(2024, 6, 1)).cues if c.kind == "hedge"]  # noqa: E731
    assert hedges("The bridge was destroyed on 3 May.") == []
    assert hedges("In May the talks failed.") == []
    assert hedges("The talks may fail in May.") == ["may"]
    assert hedges("Apple May Launch New iPhone") == ["May"]  # a title-case headline's hedge


def test_a_rating_on_a_line_of_its_own_rates_the_claim_before_it() -> None:
    from compare.extract import extract_source_facts
    from compare.segment import segment_text

    text = (
        "# Check\n\nThe column said the bridge at Tel Kari fell on 3 May.\n\nVerdict: False.\n\n"
        "Images show it standing.\n"
    )
    seg = segment_text("check", text)
    facts = extract_source_facts(seg.claims, date(2024, 5, 9), "news")
    ratings = [[(c.who, c.text) for c in f.cues if c.kind == "rating"] for f in facts]
    assert ratings == [[("refuted", "Verdict: False")], [("refuted", "Verdict: False")], []]


@pytest.mark.parametrize(
    "text",
    [
        "Posted: 08/02/2013 11:10 am EDT",
        "Friday August 2, 2013 @ 8:13am PDT",
        "8:13 AM PDT 8/2/2013",
        "The attack began at 1100 hrs IST, officials said.",
    ],
)
def test_times_of_day_and_time_zones_are_not_organisations(text: str) -> None:
    assert [e.text for e in extract_entities(text)] == []


@pytest.mark.parametrize(
    "text,hedged",
    [
        ("The suspect entered the business and opened fire.", False),
        ("A 61-year-old suspect was arrested after a chase.", False),
        ("Police suspect that the driver was drunk.", True),
        ("He is suspected of shooting three people.", True),
    ],
)
def test_the_suspect_is_a_person_not_a_hedge(text: str, hedged: bool) -> None:
    assert any(c.kind == "hedge" for c in extract_facts(text, date(2013, 8, 2)).cues) == hedged


@pytest.mark.parametrize(
    "text,speaker",
    [
        ("Ships passed through the Internationally Recognised Transit Corridor at noon.", None),
        ("Kelly recognised that the plan had failed.", "Kelly"),
    ],
)
def test_internationally_recognised_is_not_a_speaker(text: str, speaker: str | None) -> None:
    whos = [c.who for c in extract_facts(text, date(2013, 8, 2)).cues if c.kind == "attribution"]
    assert whos == ([speaker] if speaker else [])


@pytest.mark.parametrize(
    "text,hedge",
    [
        (
            "The story, which no independent outlet has confirmed, named an Italian.",
            "no independent outlet has confirmed",
        ),
        (
            "None of these accounts has been independently verified.",
            "None of these accounts has been independently verified",
        ),
        ("No outlet has confirmed the report of ten dead.", "No outlet has confirmed"),
        ("The figure was given without independent confirmation.", "without independent confirmation"),
        ("The account remains uncorroborated.", "uncorroborated"),
        ("The army has not corroborated it.", "not corroborated"),
        ("Police could not immediately confirm the report.", "could not immediately confirm"),
        ("Rescuers could not reach the site.", None),  # an inability, not a hedge
        ("We found no record of the strike.", "found no record"),  # absence of evidence
        ("The line did not appear in any coverage of the speech.", "did not appear in any"),
        ("The size of the force remains unclear.", "remains unclear"),
        ("Police found no bodies at the site.", None),
        ("No soldier had confirmed orders to fire.", None),  # what is unconfirmed is another object
        ("No group has claimed the attack.", None),
    ],
)
def test_nobody_confirming_hedges_the_claim(text: str, hedge: str | None) -> None:
    hedges = [c.text for c in extract_facts(text, date(2024, 3, 1)).cues if c.kind == "hedge"]
    assert hedges == ([hedge] if hedge else [])


@pytest.mark.parametrize(
    "text,who",
    [
        ("Al-Akhbar, a Beirut daily close to Hezbollah, reported that a Spaniard was held.", "Al-Akhbar"),
        ("Hezbollah, which fired 100 rockets on Tuesday, said it would go on.", "Hezbollah"),
        ("The daily Al-Akhbar, relying on flight-tracking data, published the list.", "Al-Akhbar"),
    ],
)
def test_a_speaker_with_an_apposition_before_the_verb(text: str, who: str) -> None:
    assert [c.who for c in extract_facts(text, date(2024, 3, 1)).cues if c.kind == "attribution"] == [who]


def _resolve_by_full_search(entities: list[tuple[str, str, str]]) -> dict[str, str]:
    """resolve_keys's merge of spellings as it was before its search was limited to close
    lengths: every key against every representative of its first letter."""
    from collections import Counter

    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process

    from compare.names import skeleton

    counts = Counter(k for k, _, _ in entities)
    mapping: dict[str, str] = {}
    by_skel: dict[tuple[str, str], str] = {}
    reps: dict[str, tuple[list[str], list[str]]] = {}
    for k in sorted(counts, key=lambda k: (-counts[k], k)):
        sk = (k[:1], skeleton(k))
        if len(sk[1]) >= 4 and sk in by_skel:
            mapping[k] = by_skel[sk]
            continue
        names, processed = reps.setdefault(k[:1], ([], []))
        best = None
        if len(k) >= 5 and names:
            best = process.extractOne(default_process(k), processed, scorer=fuzz.ratio, processor=None, score_cutoff=88)
        if best:
            mapping[k] = names[best[2]]
        else:
            names.append(k)
            processed.append(default_process(k))
            by_skel.setdefault(sk, k)
            mapping[k] = k
    return mapping


def test_spellings_merge_as_a_search_of_every_representative_would() -> None:
    import random

    rng = random.Random(3)
    letters = "abdeiklmnorstuy"
    stems = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 16))) for _ in range(300)]
    keys = []
    for stem in stems:
        for _ in range(rng.randint(1, 6)):  # spelling variants: a letter changed, added or dropped
            w = list(stem)
            at = rng.randrange(len(w))
            w[at : at + rng.randint(0, 1)] = rng.choice(["", rng.choice(letters), rng.choice(letters) * 2])
            keys.append("".join(w) or stem)
    entities = [(k, k, "org") for k in keys for _ in range(rng.randint(1, 3))]
    got = resolve_keys(entities)
    want = _resolve_by_full_search(entities)
    assert {k: v for k, v in got.items() if k in want} == want
    assert sum(k != v for k, v in want.items()) > 50  # the test merges many spellings
