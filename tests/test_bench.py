"""The benchmark's own accounting (casebook.bench): what `make bench` reports beside
each command's time. The benchmark itself runs for minutes and is not a test."""

from __future__ import annotations

import os
import sys

import pytest

from casebook import bench

# /proc/stat as Linux writes it: the first line sums every processor, the eighth
# number after "cpu" is steal (clock ticks).
STAT = """cpu  79242 0 74306 842486413 756859 0 6140 4213 0 0
cpu0 39621 0 37153 421243206 378429 0 3070 2107 0 0
intr 114930548 1 9 0
"""


def test_steal_is_read_from_the_machine_line_of_proc_stat():
    assert bench.steal_seconds(STAT) == 4213 / os.sysconf("SC_CLK_TCK")


@pytest.mark.parametrize("stat", ["", "cpu0 1 2 3 4 5 6 7 8\n", "cpu  1 2 3 4\n", "cpu  1 2 3 4 5 6 7 x\n"])
def test_steal_is_unknown_without_a_machine_line_that_has_it(stat):
    assert bench.steal_seconds(stat) is None


def test_a_measure_counts_the_processor_time_of_the_commands_children(tmp_path):
    # The command spends its time in a child of its own, as `casebook build` does in
    # MkDocs and Pagefind: the figure must include it.
    child = "import time; t = time.process_time()\nwhile time.process_time() - t < 0.3: pass"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}], check=True)"
    result = bench.measure("busy", [sys.executable, "-c", parent], tmp_path)
    assert result.returncode == 0
    assert result.cpu_user + result.cpu_system >= 0.3
    assert result.steal is None or result.steal >= 0


def test_a_measure_runs_its_command_with_the_settings_given(tmp_path):
    # "build, nothing stored" is the build with CASEBOOK_CACHE=0.
    told = "import os, sys; sys.exit(0 if os.environ.get('CASEBOOK_CACHE') == '0' else 3)"
    assert bench.measure("told", [sys.executable, "-c", told], tmp_path, env={"CASEBOOK_CACHE": "0"}).returncode == 0
    assert bench.measure("other", [sys.executable, "-c", told], tmp_path, env={"CASEBOOK_CACHE": "1"}).returncode == 3


def test_the_table_shows_processor_time_and_steal_and_reads_older_reports():
    report = {"profiles": 1000, "generate_seconds": 1.8, "cpus": 2, "results": [
        {"name": "build", "seconds": 8.56, "peak_mb": 193.5, "returncode": 0, "site_mb": 47.0, "timed_out": False,
         "cpu_user": 12.34, "cpu_system": 4.56, "steal": 0.7},
        # A report from before the CPU columns.
        {"name": "validate", "seconds": 0.96, "peak_mb": 60.9, "returncode": 0, "site_mb": None, "timed_out": False},
    ]}
    lines = bench.table(report).splitlines()
    assert lines[2].split() == ["build", "8.56", "12.3/4.6", "0.7", "193.5", "47.0", "成功"]
    assert lines[3].split() == ["validate", "0.96", "60.9", "成功"]


def _process(proc, pid, ppid, comm, program, utime, stime, exe=True):
    folder = proc / str(pid)
    folder.mkdir()
    # Fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    (folder / "stat").write_text(f"{pid} ({comm}) S {ppid} 1 1 0 -1 0 0 0 0 0 {utime} {stime} 0 0 20 0 1\n")
    if exe:
        (folder / "exe").symlink_to(program)
    # Chromium's helpers rewrite their command line into one string.
    (folder / "cmdline").write_bytes(program.encode() + b" --type=renderer --lang=zh\0")


def test_the_browsers_processor_time_is_its_processes_under_the_driver(tmp_path):
    # As Playwright runs it: this process → the driver (node) → chromium → its zygote →
    # renderers. Only chromium's processes under this one count, whatever their names.
    proc = tmp_path / "proc"
    proc.mkdir()
    _process(proc, 100, 1, "python", "/usr/bin/python3", 500, 50)
    _process(proc, 101, 100, "node", "/x/playwright/driver/node", 50, 10)
    _process(proc, 102, 101, "chromium", "/usr/lib/chromium/chromium", 30, 5)
    _process(proc, 103, 102, "chromium", "/usr/lib/chromium/chromium", 7, 3)
    _process(proc, 104, 103, "Web Content (x) y", "/usr/lib/chromium/chromium", 20, 0, exe=False)
    _process(proc, 200, 1, "chromium", "/usr/lib/chromium/chromium", 999, 0)  # another browser
    (proc / "105").mkdir()  # gone while the table was read: no stat
    (proc / "self").mkdir()
    tick = os.sysconf("SC_CLK_TCK")
    assert bench.tree_cpu_seconds(100, "chromium", proc) == pytest.approx(65 / tick)
    assert bench.tree_cpu_seconds(100, None, proc) == pytest.approx(125 / tick)
    assert bench.tree_cpu_seconds(103, "chromium", proc) == pytest.approx(20 / tick)
    assert bench.tree_cpu_seconds(100, "firefox", proc) == 0
    assert bench.tree_cpu_seconds(100, "chromium", tmp_path / "no-proc") is None


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="Linux /proc")
def test_the_processor_time_of_a_running_child_is_read_from_proc():
    import subprocess
    import time

    busy = "import time; t = time.process_time()\nwhile time.process_time() - t < 0.3: pass\ntime.sleep(30)"
    child = subprocess.Popen([sys.executable, "-c", busy])
    try:
        deadline, used = time.monotonic() + 20, 0.0
        # /proc counts in clock ticks, sampled: 0.3 s of process time can read as 0.29 s for ever.
        while time.monotonic() < deadline and used < 0.25:
            time.sleep(0.05)
            used = bench.tree_cpu_seconds(os.getpid(), os.path.basename(os.readlink("/proc/self/exe")))
        assert 0.25 <= used < 5
        assert bench.tree_cpu_seconds(os.getpid(), "no-such-program") == 0
    finally:
        child.kill()
        child.wait()


def test_the_table_shows_the_browsers_processor_time_and_reads_older_reports():
    report = {"profiles": 1000, "generate_seconds": 1.8, "cpus": 2, "results": [],
              "queries": {"rare": "剪纸", "common": "社区", "unique": "qzx"},
              "browser": [
                  {"name": "search, our site over HTTP", "timings": {"剪纸": [0.61, 0.55, 0.58]},
                   "cpu": {"剪纸": [1.07, 1.12, 0.98]}},
                  # Before this figure: no "cpu".
                  {"name": "search, stock site over HTTP", "timings": {"剪纸": [2.1, 2.0, 2.2]}},
              ]}
    lines = bench.table(report).splitlines()
    assert lines[-2] == f"  {'search, our site over HTTP':<36}剪纸 0.58（0.61/0.55/0.58）；浏览器 CPU 剪纸 1.07"
    assert lines[-1] == f"  {'search, stock site over HTTP':<36}剪纸 2.10（2.10/2.00/2.20）"
    assert lines[-3] == "  “浏览器 CPU”：同一次搜索中浏览器各进程的处理器时间之和（秒，中位数）"
    older = {**report, "browser": report["browser"][1:]}
    assert "浏览器 CPU" not in bench.table(older)
