"""The word filters that let extract_cues skip a pattern must let through every text the
pattern can match. The filters are word lists kept by hand beside the patterns; these tests
spell out what each pattern can match and fail when a pattern gains a word its list lacks."""

from __future__ import annotations

import re
import re._parser as sre  # type: ignore[import-not-found]  # the standard parser of re
from itertools import product

import pytest

from compare import cues
from compare.extract import extract_facts

OPEN = "\x00"  # marks where a match goes on with something unbounded (\w+, \s*)
ANY = "\x01"  # one character of a class (\s, \d): neither a word character nor a fragment


def expand(items: list, limit: int = 20_000) -> list[str]:  # type: ignore[type-arg]
    """Every string a parsed regex can match, with OPEN where it becomes unbounded."""
    out = [""]
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            options = [chr(arg)]
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width: a lookaround only narrows what the rest matches
        elif name == "IN":
            chars = [chr(v) for o, v in arg if str(o) == "LITERAL"]
            options = chars if len(chars) == len(arg) else [ANY]
        elif name == "SUBPATTERN":
            options = expand(list(arg[3]), limit)
        elif name == "BRANCH":
            options = [s for branch in arg[1] for s in expand(list(branch), limit)]
        elif name in ("MAX_REPEAT", "MIN_REPEAT") and arg[1] <= 1:
            options = ["", *expand(list(arg[2]), limit)]
        elif name == "CATEGORY":
            options = [ANY]
        else:  # \w+, \s*: the match goes on unbounded from here
            options = [OPEN]
        out = [a + b if OPEN not in a else a for a, b in product(out, options)]
        out = sorted(set(out))
        assert len(out) <= limit, "pattern too open to enumerate"
    return out


def matches_of(pattern: re.Pattern[str]) -> list[str]:
    return expand(list(sre.parse(pattern.pattern.lower(), pattern.flags & ~re.I)))


def let_through(needs: cues._Needs, sample: str) -> bool:
    complete = sample.split(OPEN)[0]
    words = cues._WORD.findall(complete)
    if OPEN in sample and words and re.search(r"\w$", complete):
        words = words[:-1]  # the last word may go on: only fragments can vouch for it
    return needs.met(frozenset(words), complete)


@pytest.mark.parametrize(
    "pattern,needs",
    [
        (cues.CLAIM_VERBS, cues._CLAIM_NEEDS),
        (cues.HEDGES, cues._HEDGE_NEEDS),
        (cues.DENIALS, cues._DENIAL_NEEDS),
        (cues.NEGATION, cues._NEGATION_NEEDS),
        (cues._ANY_VERB, cues._ANY_VERB_NEEDS),
    ],
    ids=["claim", "hedge", "denial", "negation", "any-verb"],
)
def test_every_possible_match_passes_its_filter(pattern: re.Pattern[str], needs: cues._Needs) -> None:
    samples = matches_of(pattern)
    assert len(samples) > 5
    missed = [s.replace(OPEN, "…") for s in samples if not let_through(needs, s)]
    assert not missed, f"add these to the pattern's word list: {missed[:10]}"


def test_the_check_catches_a_word_missing_from_a_list() -> None:
    weaker = cues._Needs(cues._HEDGE_NEEDS.words - {"reportedly"}, cues._HEDGE_NEEDS.fragments)
    assert not all(let_through(weaker, s) for s in matches_of(cues.HEDGES))


@pytest.mark.parametrize(
    "text",
    [
        "The ministry REPORTEDLY denied it, ALLEGEDLY.",
        "İt was ſaid to be untrue, officials said: no evidence.",
        "He claimed it – and nobody couldn’t verify it.",
        "Police say the blast was 16 km north of Beirut?",
    ],
)
def test_cues_with_filters_equal_the_plain_patterns(text: str) -> None:
    plain = []
    for kind, pattern in (
        ("claim", cues.CLAIM_VERBS),
        ("hedge", cues.HEDGES),
        ("denial", cues.DENIALS),
        ("negation", cues.NEGATION),
    ):
        plain += [(kind, m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
    plain += [("hedge", m.start(), m.start() + 1, "?") for m in cues.QUESTION.finditer(text)]
    kinds = ("claim", "hedge", "denial", "negation")
    got = [(c.kind, c.start, c.end, c.text) for c in extract_facts(text).cues if c.kind in kinds]
    assert sorted(got) == sorted(plain)
