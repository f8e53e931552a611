"""Generate a synthetic corpus of N news documents about shared, made-up events.

    python benchmarks/synth_corpus.py --docs 1000 --out /tmp/synth-1000 [--seed 7] [--sentences 40]

Deterministic for a seed. A pool of about N/10 events (attacks, floods, elections, strikes,
trials...) each has made-up actors (people with roles, organisations), a place, a date and
figures (casualties, amounts, counts). Every document reports one to three events in about
`--sentences` sentences (one claim each): a primary event covered at length, background on
one or two other events, and filler. Documents of one event differ the way real reports do:
several wordings per fact, transliteration-style spelling variants of names, figures that
diverge or get updated, dates off by a day or written relative to the publication date
("on Wednesday"), attributions, and different publication dates and outlets.

The files are valid corpus files (written with compare.corpus.render_source_file: slug ids,
sha256 of the body, the body ends with one newline, no trailing spaces). 10,000 documents
take a few seconds.

`generate(n, seed)` yields (file name, content) pairs; `extra_document(n, seed, k)` builds
the k-th document that could be added to that corpus later (same events, new id), for the
incremental benchmark.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from compare.corpus import render_source_file
from compare.model import SourceMeta

# --- made-up names ---------------------------------------------------------------------

ONSETS = [
    "b",
    "d",
    "f",
    "g",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "dr",
    "kr",
    "st",
    "tr",
    "sh",
    "kh",
    "th",
    "gr",
    "vel",
    "mar",
    "or",
    "al",
    "ash",
    "el",
    "tor",
]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ei", "ia", "y"]
CODAS = ["", "", "n", "r", "l", "s", "k", "m", "th", "sh", "nd", "rk", "v"]
PLACE_SUFFIXES = [
    "ville",
    "abad",
    "mora",
    "grad",
    "stad",
    "heim",
    "port",
    "ford",
    "ona",
    "ara",
    "istan",
    "dor",
    "wick",
    "burg",
    "olis",
]
PLACE_PREFIXES = ["Port ", "Fort ", "New ", "Upper ", "San ", "Lake ", "North ", "East "]
ORG_PATTERNS = [
    "{R} Liberation Front",
    "National {R} Party",
    "{P} Regional Council",
    "{R} Relief Agency",
    "{R} Workers Union",
    "{R} Brigades",
    "Ministry of {D}",
    "{R} Energy Company",
    "{R} Mining Corporation",
    "{P} Civil Defence",
    "{R} Human Rights Watch Group",
    "{R} Movement",
    "{P} Police Department",
    "{R} Shipping Line",
    "{R} Medical Association",
]
DOMAINS = [
    "Health",
    "Interior",
    "Defence",
    "Transport",
    "Water",
    "Agriculture",
    "Energy",
    "Finance",
    "Justice",
    "Labour",
]
ROLES = [
    "Minister",
    "Governor",
    "General",
    "Mayor",
    "spokesman",
    "spokeswoman",
    "commander",
    "chief executive",
    "union leader",
    "prosecutor",
    "senator",
    "police chief",
]
OUTLET_WORDS = [
    "Herald",
    "Courier",
    "Post",
    "Tribune",
    "Observer",
    "Dispatch",
    "Times",
    "Gazette",
    "Monitor",
    "Chronicle",
    "Wire",
    "Daily",
    "Record",
    "Sentinel",
    "Echo",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def _word(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables)]
    return ("".join(parts) + rng.choice(CODAS)).capitalize()


def _place(rng: random.Random) -> str:
    root = _word(rng, rng.choice((1, 2)))
    r = rng.random()
    if r < 0.45:
        return root + rng.choice(PLACE_SUFFIXES)
    if r < 0.65:
        return rng.choice(PLACE_PREFIXES) + root
    return _word(rng, 2)


def _spelling_variant(rng: random.Random, name: str) -> str:
    """A transliteration-style variant: Kh/H, ou/u, y/i, k/c, ei/ey, doubled consonants."""
    rules = [
        ("ou", "u"),
        ("kh", "h"),
        ("Kh", "H"),
        ("y", "i"),
        ("ei", "ey"),
        ("k", "c"),
        ("ai", "ay"),
        ("sh", "ch"),
        ("ia", "iya"),
        ("th", "t"),
        ("ph", "f"),
    ]
    rng.shuffle(rules)
    for a, b in rules:
        if a in name:
            return name.replace(a, b, 1)
    # no rule applies: double the last consonant before the final vowel-run
    for k in range(len(name) - 2, 0, -1):
        if name[k].lower() in "lnrst" and name[k - 1].lower() in "aeiou":
            return name[:k] + name[k] + name[k:]
    return name


def _slug(text: str) -> str:
    out = []
    for ch in text.lower():
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    s = "-".join(p for p in "".join(out).split("-") if p)
    return s[:40].strip("-") or "x"


# --- events ---------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    role: str
    org: str


@dataclass
class Event:
    index: int
    kind: str
    place: str
    region: str
    day: date
    people: list[Person]
    orgs: list[str]
    killed: int
    injured: int
    amount: float  # millions
    count: int  # rockets, houses, votes (thousands), arrests...
    duration: int  # hours or days
    slug: str


EVENT_KINDS = [
    "attack",
    "flood",
    "earthquake",
    "election",
    "strike",
    "fire",
    "accord",
    "trial",
    "crash",
    "outbreak",
]


def make_events(n_events: int, rng: random.Random) -> list[Event]:
    events = []
    start = date(2023, 1, 1)
    for k in range(n_events):
        kind = EVENT_KINDS[k % len(EVENT_KINDS)] if k < len(EVENT_KINDS) else rng.choice(EVENT_KINDS)
        place = _place(rng)
        region = _word(rng, 2) + rng.choice(["", " Province", " Valley", " District"])
        orgs = []
        for _ in range(rng.choice((2, 2, 3))):
            pat = rng.choice(ORG_PATTERNS)
            orgs.append(pat.format(R=_word(rng, 2), P=place, D=rng.choice(DOMAINS)))
        people = []
        for p in range(rng.choice((2, 3, 3, 4))):
            name = f"{_word(rng, 2)} {_word(rng, rng.choice((2, 3)))}"
            people.append(Person(name, rng.choice(ROLES), orgs[p % len(orgs)]))
        killed = int(rng.lognormvariate(2.0, 1.1))
        ev = Event(
            index=k,
            kind=kind,
            place=place,
            region=region,
            day=start + timedelta(days=rng.randrange(3 * 365)),
            people=people,
            orgs=orgs,
            killed=killed,
            injured=killed * rng.randint(1, 5) + rng.randint(0, 30),
            amount=round(rng.lognormvariate(2.5, 1.0), 1),
            count=rng.randint(3, 400),
            duration=rng.randint(2, 30),
            slug=_slug(f"{kind} {place}"),
        )
        events.append(ev)
    return events


# Each fact: several wordings. Slots: {P} place, {R} region, {D} date phrase, {K} killed,
# {I} injured, {A} amount, {C} count, {H} duration, {p0} {p1} people (name), {r0} {r1} roles,
# {o0} {o1} organisations, {W} weekday.
KIND_FACTS: dict[str, list[list[str]]] = {
    "attack": [
        [
            "{o0} fighters attacked a checkpoint in {P} {D}, killing {K} people.",
            "At least {K} people were killed when gunmen from {o0} stormed a checkpoint in {P} {D}.",
            "An assault on a checkpoint near {P} {D} left {K} dead, officials said; {o0} was blamed.",
        ],
        [
            "{I} people were wounded in the attack on {P}.",
            "The assault in {P} also wounded {I} people, according to hospital staff.",
            "Medics said {I} others were injured.",
        ],
        [
            "The attackers fired {C} rockets before the raid.",
            "About {C} rockets were launched at {P} ahead of the ground assault.",
            "Witnesses counted some {C} rockets fired at the town.",
        ],
        [
            "{o0} claimed responsibility for the attack in a statement.",
            "In a statement, {o0} said its fighters carried out the raid on {P}.",
            "The {o0} said it was behind the assault.",
        ],
        [
            "{r0} {p0} called the attack on {P} an act of war.",
            "{p0}, the {r0}, described the raid as an act of war.",
            "The assault amounted to a declaration of war, {r0} {p0} said.",
        ],
        [
            "Security forces sealed off {P} for {H} hours after the attack.",
            "Roads into {P} stayed closed for {H} hours, police said.",
            "The town was locked down for {H} hours.",
        ],
    ],
    "flood": [
        [
            "Flash floods swept through {P} {D}, killing {K} people.",
            "At least {K} people died when floodwaters tore through {P} {D}.",
            "{K} people were killed as floods hit {P} in {R} {D}.",
        ],
        [
            "More than {C} homes were destroyed by the water in {P}.",
            "The floods destroyed about {C} houses across {R}.",
            "Some {C} houses were washed away, the {o0} said.",
        ],
        [
            "{I} people were treated in hospital after the floods.",
            "Hospitals in {R} treated {I} flood victims.",
            "Officials said {I} residents were injured.",
        ],
        [
            "The river rose by several metres in {H} hours.",
            "Water levels climbed for {H} hours before the banks burst.",
            "It rained without pause for {H} hours, forecasters said.",
        ],
        [
            "The government released {A} million dollars in emergency aid for {R}.",
            "An emergency fund of ${A} million was approved for the flood zone.",
            "{r0} {p0} announced {A} million dollars of relief for {P}.",
        ],
        [
            "{o1} sent rescue boats to {P}.",
            "Rescue teams from {o1} reached {P} by boat.",
            "Boats from {o1} evacuated residents stranded in {P}.",
        ],
    ],
    "earthquake": [
        [
            "A strong earthquake struck {P} {D}, killing {K} people.",
            "An earthquake shook {R} {D}, leaving at least {K} people dead in {P}.",
            "{K} people were killed when a quake hit near {P} {D}.",
        ],
        [
            "The quake had a magnitude of {M}.",
            "Seismologists measured the tremor at magnitude {M}.",
            "The earthquake, of magnitude {M}, was felt across {R}.",
        ],
        [
            "{I} people were injured and {C} buildings collapsed.",
            "The quake injured {I} people and brought down {C} buildings.",
            "About {C} buildings fell and {I} residents were hurt, the {o0} said.",
        ],
        [
            "Aftershocks continued for {H} hours.",
            "Residents slept outside as aftershocks rattled {P} for {H} hours.",
            "More than a dozen aftershocks followed over {H} hours.",
        ],
        [
            "{r0} {p0} declared a state of emergency in {R}.",
            "A state of emergency was declared in {R} by {r0} {p0}.",
            "{p0} put {R} under a state of emergency.",
        ],
        [
            "Foreign donors pledged {A} million dollars for reconstruction.",
            "Donors promised ${A} million to rebuild {P}.",
            "Reconstruction pledges reached {A} million dollars.",
        ],
    ],
    "election": [
        [
            "Voters in {R} went to the polls {D}.",
            "{R} held a regional election {D}.",
            "Polls opened across {R} {D} for a closely watched vote.",
        ],
        [
            "{o0} won {C} seats in the regional assembly.",
            "The {o0} took {C} seats, according to the election commission.",
            "Official results gave {o0} {C} seats.",
        ],
        [
            "Turnout was {T} percent.",
            "About {T}% of registered voters cast a ballot.",
            "The election commission put turnout at {T} per cent.",
        ],
        [
            "{p0} of {o0} claimed victory in {P}.",
            "In {P}, {p0} declared that {o0} had won.",
            "{o0} leader {p0} told supporters in {P} that the party had won.",
        ],
        [
            "{p1} of {o1} said the vote was marred by fraud.",
            "{o1} rejected the results, with {p1} alleging fraud.",
            "The opposition {o1} refused to accept the count, {p1} said.",
        ],
        [
            "{K} people were killed in clashes near polling stations.",
            "Clashes near polling stations left {K} dead.",
            "Police said {K} people died in election-day violence.",
        ],
    ],
    "strike": [
        [
            "Workers of {o0} walked out {D} over pay.",
            "A strike by {o0} began {D}, halting work in {P}.",
            "Staff at {o0} in {P} went on strike {D}.",
        ],
        [
            "About {C} thousand workers joined the strike.",
            "Union officials said {C},000 workers stopped work.",
            "Some {C} thousand employees took part, the {o1} said.",
        ],
        [
            "The union demands a raise worth {A} million dollars a year.",
            "The pay claim would cost {A} million dollars annually, management said.",
            "Workers want {A} million dollars more in wages.",
        ],
        [
            "{r0} {p0} said talks with {o1} had collapsed.",
            "Negotiations with {o1} broke down, according to {p0}.",
            "{p0}, {r0}, said there was no deal with {o1}.",
        ],
        [
            "The strike is expected to last {H} days.",
            "Organisers said the walkout would run for {H} days.",
            "The stoppage is planned for {H} days.",
        ],
        [
            "{I} protesters were arrested outside the offices of {o1}.",
            "Police detained {I} demonstrators in {P}.",
            "{I} people were arrested during a march in {P}.",
        ],
    ],
    "fire": [
        [
            "A fire broke out at a market in {P} {D}, killing {K} people.",
            "{K} people died when fire tore through a market in {P} {D}.",
            "At least {K} were killed in a market blaze in {P} {D}.",
        ],
        [
            "Firefighters needed {H} hours to bring the blaze under control.",
            "It took {H} hours to put out the fire.",
            "The {o0} fought the flames for {H} hours.",
        ],
        [
            "{C} stalls were destroyed.",
            "The blaze gutted about {C} shops and stalls.",
            "Traders lost {C} stalls, the {o1} said.",
        ],
        [
            "The damage was estimated at {A} million dollars.",
            "Losses could reach ${A} million, insurers said.",
            "{r0} {p0} put the damage at {A} million dollars.",
        ],
        [
            "{I} people were treated for burns and smoke.",
            "Hospitals admitted {I} people with burns.",
            "{I} others were injured, medics said.",
        ],
        [
            "Investigators suspect faulty wiring caused the fire.",
            "An electrical fault is the likely cause, according to {p0}.",
            "Police said the blaze began in a wiring cabinet.",
        ],
    ],
    "accord": [
        [
            "{o0} and {o1} signed an agreement in {P} {D}.",
            "An accord between {o0} and {o1} was signed in {P} {D}.",
            "In {P}, {o0} and {o1} put their names to a deal {D}.",
        ],
        [
            "The deal is worth {A} million dollars.",
            "The agreement is valued at ${A} million.",
            "Officials said the accord covers {A} million dollars of projects.",
        ],
        [
            "It provides for the release of {C} prisoners.",
            "Under the deal, {C} detainees will be freed.",
            "Some {C} prisoners are to be released.",
        ],
        [
            "{r0} {p0} called the accord historic.",
            "{p0}, the {r0}, hailed a historic agreement.",
            "The agreement is historic, {p0} said.",
        ],
        [
            "{p1} warned that {o1} would walk away if the terms were broken.",
            "{o1} could abandon the deal if it is violated, {p1} said.",
            "{p1} said {o1} would withdraw at the first breach.",
        ],
        [
            "The talks lasted {H} days.",
            "Negotiators met for {H} days before reaching the deal.",
            "It took {H} days of negotiations.",
        ],
    ],
    "trial": [
        [
            "A court in {P} sentenced {p1} to {C} months in prison {D}.",
            "{p1} was jailed for {C} months by a court in {P} {D}.",
            "Judges in {P} handed {p1} a {C}-month sentence {D}.",
        ],
        [
            "{p1} was convicted of embezzling {A} million dollars from {o0}.",
            "The court found {p1} guilty of stealing ${A} million from {o0}.",
            "Prosecutors said {A} million dollars went missing from {o0}.",
        ],
        [
            "Prosecutor {p0} had asked for a longer sentence.",
            "{p0}, the prosecutor, sought a tougher penalty.",
            "The prosecution, led by {p0}, wanted more prison time.",
        ],
        [
            "The trial lasted {H} days.",
            "Hearings ran for {H} days.",
            "After {H} days of hearings, the verdict came.",
        ],
        [
            "Lawyers for {p1} said they would appeal.",
            "The defence announced an appeal.",
            "{p1} will appeal the verdict, the lawyers said.",
        ],
        [
            "{o1} welcomed the ruling.",
            "The ruling was welcomed by {o1}.",
            "{o1} called the verdict a victory for justice.",
        ],
    ],
    "crash": [
        [
            "A bus operated by {o0} crashed near {P} {D}, killing {K} passengers.",
            "{K} passengers died when a {o0} bus left the road near {P} {D}.",
            "At least {K} people were killed in a bus crash outside {P} {D}.",
        ],
        [
            "{I} passengers were injured.",
            "The crash injured {I} people, police said.",
            "{I} others were hurt.",
        ],
        [
            "The bus was carrying {C} people.",
            "There were {C} passengers on board.",
            "Some {C} people were on the bus, according to {o0}.",
        ],
        [
            "{r0} {p0} ordered an inquiry into the crash.",
            "An inquiry was ordered by {p0}.",
            "{p0} said the crash would be investigated.",
        ],
        [
            "The road was closed for {H} hours.",
            "Traffic was halted for {H} hours near {P}.",
            "Police shut the highway for {H} hours.",
        ],
        [
            "{o1} said the driver had been working for {H} hours without a break.",
            "The driver had been at the wheel for {H} hours, the {o1} said.",
            "According to {o1}, the driver worked {H} hours straight.",
        ],
    ],
    "outbreak": [
        [
            "Health officials confirmed an outbreak of fever in {P} {D}.",
            "An outbreak of fever was declared in {P} {D}.",
            "The {o0} confirmed a fever outbreak in {P} {D}.",
        ],
        [
            "{K} people have died of the disease.",
            "The outbreak has killed {K} people so far.",
            "Deaths from the fever rose to {K}.",
        ],
        [
            "{I} cases have been recorded in {R}.",
            "There are {I} confirmed cases across {R}.",
            "Officials counted {I} infections.",
        ],
        [
            "{C} health workers were sent to {P}.",
            "The government deployed {C} medical staff to the area.",
            "Some {C} nurses and doctors arrived in {P}.",
        ],
        [
            "{r0} {p0} said vaccines worth {A} million dollars had been ordered.",
            "The {o0} ordered ${A} million of vaccines, according to {p0}.",
            "A {A} million dollar vaccine order was placed.",
        ],
        [
            "Schools in {P} were closed for {H} days.",
            "Classes were suspended for {H} days.",
            "Authorities shut schools in {P} for {H} days.",
        ],
    ],
}
GENERIC_FACTS: list[list[str]] = [
    [
        "The {o0} said more details would be released later.",
        "Further details were expected from the {o0}.",
        "The {o0} promised a fuller account in the coming days.",
    ],
    [
        "{p0} visited {P} the following day.",
        "A day later, {p0} travelled to {P}.",
        "{r0} {p0} toured {P} on the next day.",
    ],
    [
        "Residents of {P} said they had received no warning.",
        "People in {P} complained that nobody had warned them.",
        "There was no warning, residents said.",
    ],
    [
        "The {o1} called for an independent investigation.",
        "An independent inquiry was demanded by the {o1}.",
        "{o1} urged investigators to act independently.",
    ],
    [
        "{p1} of {o1} blamed the government for the events in {P}.",
        "The government was to blame, said {p1} of {o1}.",
        "{p1} accused the authorities of failing {P}.",
    ],
    [
        "Images shared online showed damage across {P}.",
        "Videos posted on social media showed destruction in {P}.",
        "Footage circulating online showed the scene in {P}.",
    ],
    [
        "{P} lies about {X} kilometres from the regional capital.",
        "The town of {P} is some {X} km from the capital of {R}.",
        "{P}, {X} kilometres from the capital, has about {Y} thousand residents.",
    ],
    [
        "The events in {P} drew condemnation from neighbouring states.",
        "Neighbouring governments condemned what happened in {P}.",
        "Several neighbouring states issued statements of concern.",
    ],
    [
        '{r0} {p0} said: "We will not forget {P}."',
        '"We will not forget {P}," {p0} said.',
        "{p0} promised that {P} would not be forgotten.",
    ],
    [
        "The {o0} held an emergency meeting {D2}.",
        "An emergency meeting of the {o0} took place {D2}.",
        "Leaders of the {o0} met in emergency session {D2}.",
    ],
    [
        "Officials in {R} put the number of people affected at {Y} thousand.",
        "About {Y},000 people were affected across {R}, officials said.",
        "Some {Y} thousand residents of {R} were affected.",
    ],
    [
        "It was the worst such event in {R} since {Z}.",
        "{R} had not seen anything similar since {Z}.",
        "Local historians said the region last saw such scenes in {Z}.",
    ],
    [
        "{p2} of {o2} said the response had been too slow.",
        "The response was too slow, according to {p2} of {o2}.",
        "{o2} criticised the slow response, {p2} said.",
    ],
    [
        "Hospitals in {R} appealed for blood donations.",
        "Blood donors were urged to come forward across {R}.",
        "Medical centres in {R} asked residents to give blood.",
    ],
    [
        "Flags flew at half-mast in {P} {D2}.",
        "{P} observed a day of mourning {D2}.",
        "A day of mourning was declared in {P} {D2}.",
    ],
    [
        "The United Nations said it was following events in {P} closely.",
        "UN officials said they were monitoring the situation in {P}.",
        "The UN expressed concern about {P}.",
    ],
    [
        "{p3} said the {o0} had been warned months earlier.",
        "Warnings had been sent to the {o0} months before, {p3} said.",
        "According to {p3}, the {o0} ignored earlier warnings.",
    ],
    [
        "Insurance claims in {R} could exceed {A} million dollars.",
        "Insurers expect claims of up to ${A} million in {R}.",
        "Claims from {R} may pass {A} million dollars, insurers said.",
    ],
    [
        "Schools and offices in {P} reopened after {H} days.",
        "Public offices in {P} stayed shut for {H} days.",
        "Life in {P} returned to normal after {H} days.",
    ],
    [
        "The {o1} said {Y} volunteers had joined relief efforts.",
        "About {Y} volunteers helped in {P}, the {o1} said.",
        "Volunteers, some {Y} of them, arrived in {P}.",
    ],
]
BACKGROUND = [
    "Earlier, {D}, {o0} and {o1} were involved in events in {P}, where {K} people died.",
    "The news follows the {kind} in {P} {D}, in which {K} people were killed.",
    "In {P}, {D}, a {kind} involving {o0} left {K} dead and {I} injured.",
    "Separately, {r0} {p0} commented on the {kind} in {P}.",
    "That came weeks after {o0} was linked to the {kind} in {P} {D}.",
    "{p0} had already spoken about {P} after the {kind} there {D}.",
    "Reports from {R} said {I} people were hurt in the {kind} in {P}.",
    "The {kind} in {P} {D} cost an estimated {A} million dollars.",
]
FILLER = [
    "This story has been updated.",
    "Our correspondent contributed reporting.",
    "The situation remains fluid.",
    "Weather conditions were mild for the season.",
    "Markets opened lower on the day.",
    "Local television interrupted its programmes to cover the news.",
    "Additional reporting by agency staff.",
    "Analysts said the coming weeks would be decisive.",
    "Readers can follow live updates on our website.",
    "Commentators were divided over what the events meant.",
    "Few details could be independently verified.",
    "Prices of basic goods have risen sharply this year.",
    "Traffic in the capital was heavy in the morning.",
    "The region's economy depends largely on farming and trade.",
    "Officials declined to comment further.",
    "The government has faced criticism over its spending plans.",
    "A regional summit is scheduled for next month.",
    "The parliament is due to debate the budget later this year.",
    "Several roads in the region were under repair.",
    "Electricity cuts have been common in recent months.",
]
TOPICS = [
    "the harvest",
    "road repairs",
    "the football season",
    "a new bridge",
    "school fees",
    "bread prices",
    "the water supply",
    "a film festival",
    "rail fares",
    "the fishing fleet",
    "a museum",
    "the old market",
    "tourism",
    "a hospital wing",
    "bus routes",
    "a music school",
]
LOCAL_FILLER = [
    "The {N} {Q} club reported record attendance for {T} this year.",
    "A debate on {T} is planned for {WD} at the {N} hall.",
    "{N} residents have complained about {T} since {y}.",
    "Councillors in {N} voted {n} to {n} on {T}.",
    "The {N} festival, first held in {y}, will focus on {T}.",
    "Spending on {T} rose by {n} percent in {M}, the {N} office said.",
    "A survey found {n} percent of {N} households worried about {T}.",
    "Work on {T} in {N} is due to finish in {M}.",
    "The {N} chamber of commerce discussed {T} and {T2}.",
    "Volunteers in {N} have collected {n} tonnes of goods for {T}.",
    "{T} in {N} has been disrupted several times since {y}.",
    "Local radio in {N} ran a phone-in about {T} on {WD}.",
]
ATTRIBUTIONS = [
    " officials said",
    " witnesses said",
    " local media reported",
    " a source said",
    " according to the police",
]


def _num(rng: random.Random, value: int) -> str:
    if value <= 12 and rng.random() < 0.4:
        return SMALL[value]
    return f"{value:,}" if value >= 1000 and rng.random() < 0.7 else str(value)


def _perturb(rng: random.Random, value: int, p: float) -> int:
    """A divergent or updated figure with probability p."""
    if rng.random() >= p:
        return value
    return max(1, round(value * rng.uniform(0.6, 1.5)) + rng.choice((-1, 1)))


def _date_phrase(rng: random.Random, day: date, published: date) -> str:
    gap = (published - day).days
    r = rng.random()
    if 0 < gap <= 6 and r < 0.3:
        return f"on {WEEKDAYS[day.weekday()]}"
    if r < 0.55:
        return f"on {day.day} {MONTHS[day.month - 1]}"
    if r < 0.8:
        return f"on {MONTHS[day.month - 1]} {day.day}, {day.year}"
    return f"on {day.day} {MONTHS[day.month - 1]} {day.year}"


class DocumentWriter:
    def __init__(self, events: list[Event], seed: int, sentences: int) -> None:
        self.events = events
        self.seed = seed
        self.sentences = sentences
        rng = random.Random(seed * 7919 + 1)
        self.outlets = [f"The {_word(rng, 2)} {rng.choice(OUTLET_WORDS)}" for _ in range(60)]
        # Popularity: a few events get many reports, most get a handful (Zipf-like weights).
        self.weights = [1.0 / (1 + k) ** 0.6 for k in range(len(events))]
        rng.shuffle(self.weights)
        self.cum = []
        total = 0.0
        for w in self.weights:
            total += w
            self.cum.append(total)

    def _pick_event(self, rng: random.Random) -> Event:
        import bisect

        x = rng.random() * self.cum[-1]
        return self.events[min(bisect.bisect_left(self.cum, x), len(self.events) - 1)]

    def _slots(self, rng: random.Random, ev: Event, published: date, divergence: float) -> dict[str, str]:
        people = list(ev.people)
        rng.shuffle(people)
        variant = rng.random() < 0.3
        names = [(_spelling_variant(rng, p.name) if variant and rng.random() < 0.6 else p.name) for p in people]
        orgs = [(_spelling_variant(rng, o) if variant and rng.random() < 0.3 else o) for o in ev.orgs]
        day = ev.day
        if rng.random() < divergence * 0.5:
            day = day + timedelta(days=rng.choice((-1, 1)))
        place = _spelling_variant(rng, ev.place) if variant and rng.random() < 0.4 else ev.place
        slots = {
            "P": place,
            "R": ev.region,
            "D": _date_phrase(rng, day, published),
            "D2": _date_phrase(rng, day + timedelta(days=1), published),
            "K": _num(rng, _perturb(rng, ev.killed, divergence)),
            "I": _num(rng, _perturb(rng, ev.injured, divergence)),
            "A": str(round(ev.amount * (rng.uniform(0.8, 1.2) if rng.random() < divergence else 1), 1)),
            "C": _num(rng, _perturb(rng, ev.count, divergence)),
            "H": _num(rng, _perturb(rng, ev.duration, divergence / 2)),
            "M": f"{5 + (ev.count % 30) / 10:.1f}",
            "T": str(40 + ev.count % 45),
            "X": str(10 + ev.count % 90),
            "Y": str(2 + ev.injured % 60),
            "Z": str(1950 + ev.count % 60),
            "W": WEEKDAYS[day.weekday()],
            "kind": ev.kind,
        }
        for k in range(4):
            p = people[k % len(people)]
            slots[f"p{k}"] = names[k % len(names)]
            slots[f"r{k}"] = p.role
        for k in range(3):
            slots[f"o{k}"] = orgs[k % len(orgs)]
        return slots

    def _fact_sentences(self, rng: random.Random, ev: Event, slots: dict[str, str], count: int) -> list[str]:
        facts = KIND_FACTS[ev.kind] + GENERIC_FACTS
        chosen = facts[:2] + rng.sample(facts[2:], min(count, len(facts)) - 2) if count >= 2 else facts[:count]
        out = []
        for wordings in chosen[:count]:
            s = rng.choice(wordings).format(**slots)
            if rng.random() < 0.12 and s.endswith(".") and not s.endswith("said."):
                s = s[:-1] + "," + rng.choice(ATTRIBUTIONS) + "."
            out.append(s[0].upper() + s[1:])
        return out

    def _filler(self, rng: random.Random, outlet_word: str) -> str:
        """Off-topic sentences: mostly unique local colour, rarely shared boilerplate."""
        if rng.random() < 0.1:
            return rng.choice(FILLER)
        return rng.choice(LOCAL_FILLER).format(
            N=_word(rng, 2),
            Q=_word(rng, 1),
            n=rng.randint(2, 90),
            y=rng.randint(1990, 2022),
            M=rng.choice(MONTHS),
            WD=rng.choice(WEEKDAYS),
            T=rng.choice(TOPICS),
            T2=rng.choice(TOPICS),
        )

    def document(self, i: int, rng: random.Random) -> tuple[str, str]:
        primary = self._pick_event(rng)
        others = []
        for _ in range(rng.choice((0, 1, 1, 2))):
            ev = self._pick_event(rng)
            if ev is not primary and ev not in others:
                others.append(ev)
        published = primary.day + timedelta(days=rng.choice((0, 1, 1, 2, 3, 5, 9)))
        divergence = rng.choice((0.05, 0.1, 0.2, 0.35))
        slots = self._slots(rng, primary, published, divergence)
        n_total = max(4, int(rng.gauss(self.sentences, self.sentences * 0.12)))
        n_filler = max(1, n_total // 8)
        n_other = sum(rng.randint(2, 5) for _ in others)
        n_primary = max(2, n_total - n_filler - n_other)
        primary_sents = self._fact_sentences(rng, primary, slots, n_primary)
        # Longer documents restate facts: pad with other wordings of the same facts.
        seen = set(primary_sents)
        for _ in range(4):
            if len(primary_sents) >= n_primary:
                break
            for s in self._fact_sentences(rng, primary, slots, n_primary - len(primary_sents)):
                if s not in seen:
                    seen.add(s)
                    primary_sents.append(s)
        background: list[str] = []
        for ev in others:
            s2 = self._slots(rng, ev, published, divergence)
            k = rng.randint(2, 5)
            background += [t.format(**s2) for t in rng.sample(BACKGROUND, k)]
            background += self._fact_sentences(rng, ev, s2, 1)
        filler = [self._filler(rng, outlet_word=slots["P"]) for _ in range(n_filler)]
        title = primary_sents[0].rstrip(".")
        if len(title) > 90:
            title = title[:90].rsplit(" ", 1)[0]
        outlet = rng.choice(self.outlets)
        body_sents = primary_sents[1:] + filler
        rng.shuffle(body_sents)
        lead = [primary_sents[0]]
        paras: list[str] = []
        run = lead + body_sents
        k = 0
        while k < len(run):
            size = rng.randint(2, 4)
            paras.append(" ".join(run[k : k + size]))
            k += size
        body = f"# {title}\n\n" + "\n\n".join(paras)
        if background:
            body += "\n\n## Background\n\n" + "\n\n".join(
                " ".join(background[k : k + 3]) for k in range(0, len(background), 3)
            )
        body += "\n"
        source_id = f"{_slug(outlet)}-{primary.slug}-{i:05d}"[:80].strip("-")
        meta = SourceMeta(
            id=source_id,
            title=title,
            outlet=outlet,
            published=published,
            url=f"https://news.example/{source_id}",
            kind=rng.choice(("news", "news", "news", "wire")),
            language="en",
            added=date(2025, 1, 1),
        )
        return f"{source_id}.md", render_source_file(meta, body)


def _writer(n: int, seed: int, sentences: int) -> DocumentWriter:
    rng = random.Random(seed)
    events = make_events(max(1, n // 10), rng)
    return DocumentWriter(events, seed, sentences)


def generate(n: int, seed: int = 7, sentences: int = 40) -> Iterator[tuple[str, str]]:
    """(file name, file content) of the n documents, in order."""
    writer = _writer(n, seed, sentences)
    for i in range(n):
        yield writer.document(i, random.Random(f"{seed}:{i}"))


def extra_document(n: int, seed: int = 7, sentences: int = 40, k: int = 0) -> tuple[str, str]:
    """A new document about the same events as generate(n, seed): document number n + k."""
    writer = _writer(n, seed, sentences)
    return writer.document(n + k, random.Random(f"{seed}:extra:{k}"))


def write_corpus(n: int, out: Path, seed: int = 7, sentences: int = 40) -> int:
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, content in generate(n, seed, sentences):
        with open(out / name, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, required=True, help="number of documents")
    ap.add_argument("--out", type=Path, required=True, help="output folder (created)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sentences", type=int, default=40, help="about this many sentences per document")
    args = ap.parse_args(argv)
    if args.out.exists() and any(p.suffix == ".md" for p in args.out.iterdir()):
        print(f"{args.out} already holds .md files; choose an empty folder", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    n = write_corpus(args.docs, args.out, args.seed, args.sentences)
    print(f"wrote {n} documents to {args.out} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
