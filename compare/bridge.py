"""Conflicts carried through an agreement.

Claim A of one source states what claim H of a second source states; H conflicts with
claim F of a third source on a date, a figure, an actor or a place. A and F then disagree
on that slot too, even when their own wording was too far apart to link them: the column's
"Jounieh, east of Beirut" against the fact check's "Jounieh is 16 km north of Beirut",
through a statement that also put Jounieh east of Beirut.

Only conflicts are carried, and only through a close match: agreement is not transitive
enough to be inferred (A agrees with H, H with F, yet A and F may report two events), but
a slot on which A repeats H and H contradicts F is one on which A contradicts F. A and F
are then compared on their own, and the link is kept only when they do differ on that
slot.

A fact check's restatement of the source it reviews ("The column dated the arrest to 2
March") also counts as H: it says what the column's matching claim states, so its conflict
with a third account is the column's, however few words the column and that account share.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from .align import Aligner, LinkTable, make_links
from .assess import assess_link
from .extract import Facts
from .features import FEATURES
from .model import Claim, Link
from .profile import restates
from .settings import Settings

HARD_KINDS = frozenset({"number", "date", "actor", "place"})
# Differences that leave two claims one statement: how firmly it is stated, in which words.
_SAME_STATEMENT_KINDS = frozenset({"attribution", "certainty", "framing"})


def _same_statement(link: Link, settings: Settings) -> bool:
    """A close match that agrees, or differs only in how firmly or in which words."""
    if link.evidence < settings.close_evidence:
        return False
    if link.verdict in ("agree", "compatible"):
        return True
    return link.verdict == "diverge" and all(d.kind in _SAME_STATEMENT_KINDS for d in link.differences)


def carry_divergences(
    links: Sequence[Link],
    aligner: Aligner,
    claims: Sequence[Claim],
    facts: Sequence[Facts],
    settings: Settings,
    topics: Mapping[str, frozenset[str]] | None = None,
    table: LinkTable | None = None,
    reviews: Mapping[str, str] | None = None,
) -> list[Link]:
    """New links between claims not linked yet (`table`: every link the aligner kept,
    context links included), each a divergence carried through a claim that states the
    same as one of them (`Link.via`)."""
    if len({c.source for c in claims}) < 3:
        return []  # a carried conflict joins a third source
    index = {c.id: k for k, c in enumerate(claims)}
    n = len(claims)
    # Each claim's verdicts go to its closest statements (settings.max_verdicts_per_claim):
    # a carried link fills a place left free at one of its two claims, strongest first.
    # The same bound keeps the work linear: through each claim H, only its strongest close
    # matches and its strongest conflicts are paired (a claim of a small source can hold
    # links to thousands of claims of a long one).
    cap = settings.max_verdicts_per_claim or len(links) + 1
    conflicts: dict[str, list[Link]] = defaultdict(list)
    close: dict[str, list[Link]] = defaultdict(list)
    for lk in links:
        if lk.verdict == "diverge" and any(d.kind in HARD_KINDS for d in lk.differences):
            conflicts[lk.a].append(lk)
            conflicts[lk.b].append(lk)
        if _same_statement(lk, settings):
            close[lk.a].append(lk)
            close[lk.b].append(lk)
    # A fact check's restatement of the source it reviews ("The column dated the arrest to
    # 2 March") states what that source's matching claim says: the fact check vouches for
    # the match, so a conflict of the restatement is the reviewed claim's conflict, even
    # when the reviewed claim and the third account share too few words to be linked.
    vouched: set[tuple[str, str]] = set()
    for lk in links if reviews else ():
        if lk.evidence < settings.close_evidence or _same_statement(lk, settings):
            continue
        ca, cb = claims[index[lk.a]], claims[index[lk.b]]
        for h, a in ((ca, cb), (cb, ca)):
            if reviews.get(h.source) == a.source and restates(h.text):  # type: ignore[union-attr]
                close[h.id].append(lk)
                vouched.add((lk.a, lk.b))
    if not conflicts or not close:
        return []

    def strongest(links_of_h: list[Link]) -> list[Link]:
        return sorted(links_of_h, key=lambda lk: (-lk.score, lk.a, lk.b))[:cap]

    verdicts = Counter(index[c] for lk in links for c in (lk.a, lk.b))
    full = {k for k, v in verdicts.items() if v >= cap}
    # (i, j) -> (path score, via claim id, kinds the path carries, vouched by a fact check);
    # the strongest path wins, ties to the smallest via id, so the result does not depend
    # on the order of links.
    paths: dict[tuple[int, int], tuple[float, str, frozenset[str], bool]] = {}
    for h in sorted(close.keys() & conflicts.keys()):
        hfs = [(hf, frozenset(d.kind for d in hf.differences) & HARD_KINDS) for hf in strongest(conflicts[h])]
        for lk in strongest(close[h]):
            a = lk.b if lk.a == h else lk.a
            for hf, kinds in hfs:
                f = hf.b if hf.a == h else hf.a
                ia, jf = index[a], index[f]
                if (ia in full and jf in full) or f == a or claims[jf].source == claims[ia].source:
                    continue
                key = (min(ia, jf), max(ia, jf))
                path = (min(lk.score, hf.score), h, kinds, (lk.a, lk.b) in vouched)
                best = paths.get(key)
                if best is None or (path[0], best[1]) > (best[0], path[1]):
                    paths[key] = path
    # Pairs the aligner kept already (with a verdict or as context) stay as they are.
    if table is not None:
        known = table.i.astype(np.int64) * n + table.j
        known.sort()  # in place: at 10,000 documents this is 32 million codes
    else:
        known = np.sort(np.array([min(index[lk.a], index[lk.b]) * n + max(index[lk.a], index[lk.b]) for lk in links]))
    codes = np.array([i * n + j for i, j in paths], dtype=np.int64)
    if len(codes) and len(known):
        at = np.minimum(np.searchsorted(known, codes), len(known) - 1)
        seen = (known[at] == codes).tolist()
        paths = {key: path for (key, path), old in zip(paths.items(), seen, strict=True) if not old}
    if not paths:
        return []
    kept = {}
    for key in sorted(paths, key=lambda k: (-paths[k][0], k)):
        if verdicts[key[0]] < cap or verdicts[key[1]] < cap:
            kept[key] = paths[key]
            verdicts[key[0]] += 1
            verdicts[key[1]] += 1
    paths = kept
    keys = sorted(paths)
    pairs = np.array(keys, dtype=np.int64)
    x = aligner.feature_matrix(pairs, explain=False)
    _, evidence = aligner.link_scores(x)
    candidates = LinkTable(
        pairs[:, 0],
        pairs[:, 1],
        np.array([paths[key][0] for key in keys]),
        evidence,
        x[:, FEATURES.index("cosine")] > 0,
    )
    fact_checked = np.array([paths[key][3] for key in keys], dtype=bool)
    # Two claims joined through a fact check's restatement are compared whatever their own
    # wording shares: the fact check has said they are one statement.
    lenient = settings.ungated()
    out = []
    keep = candidates.supported(settings.claim_evidence_min) | fact_checked
    for lk in make_links(aligner, candidates.subset(keep)):
        i, j = index[lk.a], index[lk.b]
        _, via, kinds, vouched_path = paths[(min(i, j), max(i, j))]
        rules = lenient if vouched_path else settings
        topic = (topics or {}).get(claims[i].source, frozenset())
        judged = assess_link(lk, claims[i], facts[i], claims[j], facts[j], rules, topic, reviews)
        if judged.verdict == "diverge" and kinds & {d.kind for d in judged.differences}:
            out.append(replace(judged, via=via))
    return out
