"""Forked helpers (parallel.Helpers): the engine's one-page-at-a-time work shared out,
with what the helpers log and the errors that stop them given back to the engine."""

from __future__ import annotations

import logging
import os
import sys
import time

import pytest

from casebook.parallel import Helpers, jobs

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="helpers are forked: Linux only")


class PolicyProblem(Exception):
    """An engine's own error, which says what happened in its message (MkDocs' PluginError)."""


def make_work(folder):
    def work(item: str) -> None:
        if item == "warn":
            logging.getLogger("mkdocs.plugins.casebook").warning("页面 %s 的链接找不到", item)
        if item == "info":
            logging.getLogger("mkdocs.plugins.casebook").info("只是说明")
        if item == "boom":
            raise ValueError("模板出错")
        if item == "policy":
            raise PolicyProblem("profiles/x.md: 页面里有第三方脚本")
        if item == "die":
            os._exit(3)
        if item == "sleep":
            time.sleep(60)
        (folder / item).write_text(str(os.getpid()), encoding="utf-8")
    return work


def test_each_helper_does_its_share_in_its_own_process_and_its_warnings_come_back(tmp_path, caplog):
    with caplog.at_level(logging.INFO):
        helpers = Helpers.start([["a", "warn", "info"], ["b"], []], make_work(tmp_path), logger="mkdocs")
        assert len(helpers.helpers) == 2  # none for an empty share
        assert helpers.finish() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "info", "warn"]
    pids = {p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    assert len(pids) == 2 and str(os.getpid()) not in pids
    # Given again here, under the logger that wrote it (MkDocs' strict mode counts it);
    # below WARNING the helpers keep quiet.
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        ("mkdocs.plugins.casebook", logging.WARNING, "页面 warn 的链接找不到")]


def test_an_error_stops_the_helper_and_is_reported(tmp_path):
    helpers = Helpers.start([["a", "boom", "b"], ["c"]], make_work(tmp_path), logger="mkdocs")
    assert helpers.finish() == "ValueError: 模板出错"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "c"]
    helpers = Helpers.start([["policy"]], make_work(tmp_path), logger="mkdocs")
    assert helpers.finish() == "profiles/x.md: 页面里有第三方脚本"


def test_a_helper_that_dies_without_a_report_is_an_error(tmp_path):
    helpers = Helpers.start([["a", "die"]], make_work(tmp_path), logger="mkdocs")
    error = helpers.finish()
    assert error is not None and "异常结束" in error


def test_stop_ends_the_helpers_at_once(tmp_path):
    helpers = Helpers.start([["sleep"], ["sleep"]], make_work(tmp_path), logger="mkdocs")
    pids = [h.pid for h in helpers.helpers]
    started = time.monotonic()
    helpers.stop()
    assert time.monotonic() - started < 10
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_jobs_follows_casebook_jobs(monkeypatch):
    monkeypatch.setenv("CASEBOOK_JOBS", "1")
    assert jobs() == 1
    monkeypatch.setenv("CASEBOOK_JOBS", "3")
    assert jobs() == 3
    monkeypatch.setenv("CASEBOOK_JOBS", "12")
    assert jobs() == 12  # the user's choice, past the default's cap
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    for wrong in ["0", "-2", "many", ""]:
        monkeypatch.setenv("CASEBOOK_JOBS", wrong)
        assert jobs() == 4  # one per processor, at most four by default
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert jobs() == 2


def test_theming_helpers_fewer_for_big_sites_unless_told(monkeypatch):
    """At 10,000 profiles each theming helper adds about 110 MB: one helper by default."""
    from casebook.site.mkdocs_hooks import theming_helpers

    monkeypatch.delenv("CASEBOOK_JOBS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert [theming_helpers(n) for n in (60, 1_100, 4_600, 5_000, 10_100, 40_000)] == [3, 3, 2, 2, 1, 1]
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert [theming_helpers(n) for n in (60, 10_100)] == [1, 1]
    monkeypatch.setenv("CASEBOOK_JOBS", "8")
    assert [theming_helpers(n) for n in (60, 10_100)] == [7, 7]
    monkeypatch.setenv("CASEBOOK_JOBS", "1")
    assert theming_helpers(10_100) == 0
