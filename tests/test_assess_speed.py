"""assess_link keeps what it derives from each claim between calls: the memo must never
hand one claim's data to another, nor keep data from facts that have since changed."""

from __future__ import annotations

from datetime import date

import pytest

from compare import assess, profile
from compare.entities import Entity
from compare.extract import Facts, extract_facts
from compare.model import Claim, Link
from compare.settings import Settings


def _claim(cid: str, source: str, text: str) -> Claim:
    return Claim(cid, source, 100, 100 + len(text), text, 0, 0, 0)


def _facts(*entities: Entity) -> Facts:
    return Facts(entities=entities, dates=(), quantities=(), cues=(), framing=(), checkable=True)


CLOSE = Link("a", "b", 90.0, evidence=90.0)


def test_changed_facts_of_one_claim_are_not_served_from_the_memo() -> None:
    ca = _claim("a", "s1", "The meeting was held in Oslo.")
    cb = _claim("b", "s2", "The meeting was held in Christiania.")
    fa = _facts(Entity("Oslo", 24, 28, "oslo", "Oslo", "place"))
    apart = _facts(Entity("Christiania", 24, 35, "christiania", "Christiania", "place"))
    # The same claim after corpus-wide resolution found both names to be one city.
    merged = _facts(Entity("Christiania", 24, 35, "oslo", "Oslo", "place"))
    first = assess.assess_link(CLOSE, ca, fa, cb, apart, Settings())
    assert first.verdict == "diverge"
    assert [(d.kind, d.a, d.b, d.a_start, d.b_start) for d in first.differences] == [
        ("place", "Oslo", "Christiania", 124, 124)
    ]
    assert assess.assess_link(CLOSE, ca, fa, cb, merged, Settings()).verdict == "agree"
    assert assess.assess_link(CLOSE, ca, fa, cb, apart, Settings()) == first


def test_claims_sharing_an_id_but_not_a_text_keep_their_own_data() -> None:
    published = date(2024, 3, 5)
    texts = ("Two rockets hit Haifa on 3 March 2024.", "Five rockets hit Haifa on 3 March 2024.")
    ca = _claim("a", "s1", texts[0])
    fa = extract_facts(ca.text, published)
    verdicts = []
    for text in texts:
        cb = _claim("b", "s2", text)
        verdicts.append(assess.assess_link(CLOSE, ca, fa, cb, extract_facts(text, published), Settings()).verdict)
    assert verdicts == ["agree", "diverge"]


def test_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profile, "_PROFILES_MAX", 4)
    monkeypatch.setattr(profile, "_PROFILES", {})
    fa = _facts(Entity("Oslo", 0, 4, "oslo", "Oslo", "place"))
    ca = _claim("a", "s1", "Oslo")
    for n in range(20):
        cb = _claim(f"b{n}", "s2", "Oslo")
        assert assess.assess_link(CLOSE, ca, fa, cb, fa, Settings()).verdict == "agree"
        assert len(profile._PROFILES) <= 4


def test_context_links_come_back_unchanged() -> None:
    weak = Link("a", "b", 40.0, evidence=10.0)
    ca, cb = _claim("a", "s1", "Oslo"), _claim("b", "s2", "Rome")
    assert assess.assess_link(weak, ca, _facts(), cb, _facts(), Settings()) == weak
    judged = Link("a", "b", 40.0, verdict="agree", evidence=10.0)
    assert assess.assess_link(judged, ca, _facts(), cb, _facts(), Settings()) == weak


def test_the_memo_is_emptied_once_the_verdicts_are_done(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from compare.pipeline import analyse_corpus

    root: Path = tmp_path / "c"
    root.mkdir()
    for sid, text in (
        ("a", "On 3 May a drone hit the port of Tel Kari."),
        ("b", "A drone hit the port of Tel Kari on 3 May."),
    ):
        (root / f"{sid}.md").write_text(
            f"---\nid: {sid}\ntitle: {sid}\npublished: 2024-05-04\n---\n{text}\n", encoding="utf-8"
        )
    analysis = analyse_corpus(root, use_cache=False)
    assert any(lk.verdict == "agree" for lk in analysis.links)  # profiles were built ...
    assert profile._PROFILES == {}  # ... and released before the report
