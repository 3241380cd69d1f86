"""The hand-over between `casebook build` and the engine it starts before the check is done."""

from __future__ import annotations

import threading
import time

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
