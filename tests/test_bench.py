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
