"""The hand-over between `casebook build` and the engine it starts before the check is done."""

from __future__ import annotations

import gc
import sys
import threading
import time

import pytest

from casebook.site.prepare import Prepared, abandoned


def test_the_engine_waits_for_the_prepared_pages(tmp_path):
    path = tmp_path / "prepared.pickle"
    prepared = Prepared(problems=[], library=None, pages={"index.md": "# 首页\n"})
    threading.Timer(0.2, prepared.save, [path]).start()
    started = time.monotonic()
    got = Prepared.wait(path, poll=0.01)
    assert got is not None and got.pages == {"index.md": "# 首页\n"}
    assert time.monotonic() - started >= 0.15
    assert [p.name for p in tmp_path.iterdir()] == ["prepared.pickle"]  # saved under another name, then renamed


def test_the_engine_gives_up_when_the_build_does(tmp_path):
    path = tmp_path / "prepared.pickle"
    threading.Timer(0.1, abandoned(path).touch).start()
    assert Prepared.wait(path, poll=0.01) is None
    assert not path.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked pools are Linux only")
def test_forked_workers_share_the_parents_objects_with_the_collector_kept_away():
    # gc.freeze: a collection in a worker would visit, and so copy, every inherited object.
    from casebook.parallel import fork_pool

    before = gc.get_freeze_count()
    with fork_pool(2) as pool:
        assert gc.get_freeze_count() > before
        assert list(pool.map(abs, [-1, -2])) == [1, 2]
    assert gc.get_freeze_count() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked pools are Linux only")
def test_a_callers_own_freeze_outlasts_a_pool():
    # The engine freezes the prepared pages for the whole build; a pool in between
    # must not hand them back to the collector.
    from casebook.parallel import fork_pool

    kept = [object() for _ in range(100)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with fork_pool(2) as pool:
            assert list(pool.map(abs, [-3])) == [3]
        # Frozen objects still die when their last reference goes, so the count may
        # drift down by a few; an unfreeze would have emptied it.
        assert gc.get_freeze_count() > frozen // 2
    finally:
        gc.unfreeze()
    assert kept


def test_work_is_shared_in_bounded_pieces_that_cover_every_item():
    from casebook.parallel import SHARE_MAX, shares

    for count, workers in [(10_000, 2), (1_000, 2), (60, 8), (0, 2), (7, 1)]:
        parts = shares(count, workers)
        assert [i for r in parts for i in r] == list(range(count))
        assert all(len(r) <= SHARE_MAX for r in parts)
    assert len(shares(1_000, 2)) == 8  # four a worker where that keeps them small
