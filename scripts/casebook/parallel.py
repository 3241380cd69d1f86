"""Process pools for work shared out over the processors: checking profiles,
rendering and converting pages. Shared by the stages (profile, site), like paths.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

# Below this many pages, a pool costs more than it saves.
POOL_FROM = 200
SHARE_MAX = 250


def jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def shares(count: int, workers: int) -> list[range]:
    """`count` items in about four shares per worker (at least 50 each), so that a
    slow share does not leave the other workers idle; at most SHARE_MAX each, so that
    a worker holds few results at a time (at 10,000 pages the page build's peak fell
    1.03 → 0.97 GB, as fast)."""
    size = min(max(50, count // (workers * 4)), SHARE_MAX)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


@contextmanager
def fork_pool(workers: int, **options) -> Iterator[ProcessPoolExecutor]:
    """A pool whose processes are forked where the platform can (Linux): they start
    at once with everything the parent has loaded.

    Meanwhile the parent's objects are kept out of the garbage collector (gc.freeze):
    a collection in a worker visits every object it inherited, which copies the
    memory it would otherwise share with the parent."""
    if not sys.platform.startswith("linux"):
        with ProcessPoolExecutor(workers, **options) as pool:
            yield pool
        return
    import multiprocessing

    # A caller's own freeze (the engine's, for a whole build) outlasts the pool.
    frozen = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), **options) as pool:
            yield pool
    finally:
        if not frozen:
            gc.unfreeze()

