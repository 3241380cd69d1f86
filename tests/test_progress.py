"""The progress line of builds and bundles: shown on a terminal only, fed by the
engine's report file, and out of the way of what the command prints."""

from __future__ import annotations

import io
import sys

import pytest

from casebook.site import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("env, tty, shown", [
    ({}, True, True),
    ({}, False, False),             # a pipe, a log file, pytest's capture
    ({"CI": "true"}, True, False),  # CI logs keep no carriage returns
    ({"TERM": "dumb"}, True, False),
    ({"CASEBOOK_PROGRESS": "0"}, True, False),
    ({"CASEBOOK_PROGRESS": "1"}, False, True),
])
def test_shown_on_a_terminal_only(monkeypatch, env, tty, shown):
    for name in ("CI", "TERM", "CASEBOOK_PROGRESS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert progress.enabled(_Terminal() if tty else io.StringIO()) is shown


def test_nothing_happens_without_a_line_or_a_report_file():
    assert progress._display is None and progress._reporter is None
    progress.stage("校验案例")
    progress.step(3)  # no error, no output


def test_the_engine_report_round_trip(tmp_path):
    path = tmp_path / "report.txt"
    reporter = progress._Reporter(str(path))
    reporter.stage("准备页面", None)
    reporter.stage("转换页面", 120)
    for _ in range(120):
        reporter.step(1)
    reporter.stage("生成页面", 120)
    reporter.step(5)
    reporter.close()  # at the engine's exit: the steps still buffered are written

    display = progress.Display("构建站点", io.StringIO())
    for line in path.read_text(encoding="utf-8").splitlines():
        progress.apply(display, line)
    display.close()
    assert display.history == [["准备页面", None, 0], ["转换页面", 120, 120], ["生成页面", 120, 5]]
    # Steps are batched: far fewer lines than pages.
    assert len(path.read_text(encoding="utf-8").splitlines()) < 20


def test_printing_goes_above_the_line_and_the_streams_come_back(monkeypatch):
    monkeypatch.setenv("CASEBOOK_PROGRESS", "1")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", terminal)

    @progress.shown("生成课包")
    def work():
        progress.stage("压缩 zip", 3, unit="个文件")
        for _ in range(3):
            progress.step()
        print("已生成 build/bundles/x.zip")
        return 7

    assert work() == 7
    assert sys.stdout is terminal and sys.stderr is terminal
    assert progress._display is None
    assert progress.last.history == [["压缩 zip", 3, 3]]
    output = terminal.getvalue()
    # The message is whole, on its own line: the bar was cleared before it.
    assert "\r已生成 build/bundles/x.zip\n" in output
    assert "生成课包 · 压缩 zip" in output


def test_the_line_closes_when_the_work_fails(monkeypatch):
    monkeypatch.setenv("CASEBOOK_PROGRESS", "1")
    monkeypatch.setattr(sys, "stderr", _Terminal())

    @progress.shown("构建站点")
    def work():
        progress.stage("校验案例")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        work()
    assert progress._display is None and progress._ticker is None


@pytest.mark.slow
def test_a_build_shows_its_stages_and_every_page(tmp_project, monkeypatch, capfd):
    from casebook.site.build import build

    project = tmp_project(all_profiles=True)
    monkeypatch.setenv("CASEBOOK_PROGRESS", "1")
    assert build(project) == 0
    stages = progress.last.history
    names = [s[0] for s in stages]
    # The search index is built beside the engine; its stage shows only if it is still running.
    # MkDocs starts up while we check and prepare: no stage of its own.
    assert names in (["校验案例", "准备页面", "转换页面", "生成页面"],
                     ["校验案例", "准备页面", "转换页面", "生成页面", "搜索索引"]), names
    pages = len(list(project.site_dir.rglob("index.html")))
    (_, generated, converted), (_, total, done) = stages[2:4]
    assert generated == converted == pages - len(list(project.docs_dir.rglob("*.md")))
    assert total == done == pages
    err = capfd.readouterr().err
    # MkDocs' own lines and ours still reach the terminal, after the line.
    assert "Documentation built" in err
    assert "已构建 site/" in err
    # No SITE_URL (conftest clears it): the build says what that means for publishing.
    assert "提示：没有设置 SITE_URL" in err and "SITE_URL=https://你的网址/ make build" in err
