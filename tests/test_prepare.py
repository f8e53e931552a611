"""Segmentation and extraction through the cache, serial and in worker processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import compare.cache as cache_module
from compare.cache import open_cache
from compare.corpus import load_corpus
from compare.pipeline import prepare

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_worker_processes_give_the_same_claims_and_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus_dir = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus_dir, ignore=shutil.ignore_patterns(".compare"))
    corpus = load_corpus(corpus_dir)
    serial = prepare(corpus, open_cache(None), workers=1)
    monkeypatch.setattr(cache_module, "PARALLEL_MIN_CHARS", 0)
    cache = open_cache(corpus_dir)
    seen: list[tuple[str, int, int]] = []
    parallel = prepare(corpus, cache, progress=lambda p: seen.append((p.stage, p.done, p.total)), workers=2)
    assert cache.stats["misses"] == len(corpus.sources) and cache.stats["hits"] == 0
    assert parallel.claims == serial.claims and parallel.facts == serial.facts
    assert [d for _, d, _ in seen] == list(range(1, len(corpus.sources) + 1))
    cache.close()
    # The results were stored: a second run reads them all back.
    again = open_cache(corpus_dir)
    warm = prepare(corpus, again, workers=2)
    assert again.stats["hits"] == len(corpus.sources) and again.stats["misses"] == 0
    assert warm.claims == serial.claims and warm.facts == serial.facts
    again.close()


def _compare_imports(module: str) -> set[str]:
    """Modules of the compare package that `module` imports, directly or not."""
    import ast
    from importlib import resources

    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        tree = ast.parse(resources.files("compare").joinpath(f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                todo.append(node.module.split(".")[0])
    return seen


def test_the_cache_key_covers_all_the_extractor_code() -> None:
    # A module that segmentation or extraction reads, missing from the fingerprint, would
    # let a changed extractor serve facts cached by the old one.
    assert _compare_imports("extract") | _compare_imports("segment") <= set(cache_module.EXTRACTOR_MODULES)


def test_a_changed_extractor_changes_every_cache_key(monkeypatch: pytest.MonkeyPatch) -> None:
    source = load_corpus(Path(__file__).resolve().parent.parent / "seeds").sources[0]
    before = cache_module.Cache.key(source)
    monkeypatch.setattr(cache_module, "extractor_fingerprint", lambda: "another extractor")
    assert cache_module.Cache.key(source) != before
