"""Pausing Python's cyclic garbage collector while large results are built.

The pipeline allocates millions of small containers (links, their explanations, report
dicts) and keeps nearly all of them. Each allocation burst triggers a collection that scans
everything still young, and the older generations are rescanned as they grow: on 300
synthetic documents this was 60 % of `build_report` and a quarter of `analyse`. None of
these structures form reference cycles that would need the collector, so it is paused
for the duration and restored after (reference counting still frees everything else).
Used on prepare, align_claims, analyse, build_report, write_reports and on reading and
comparing two reports (changes.py).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the previous state is restored on exit,
    so nested uses and callers that disabled it themselves are left as they were."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def pauses_collector(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return fn(*args, **kwargs)

    return wrapper
