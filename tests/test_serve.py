"""`serve` rebuilds when a profile changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def start_serve(project, temp: Path | None = None) -> tuple[subprocess.Popen, int]:
    """`casebook serve` on a free port; with `temp`, as the system's temporary folder."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "casebook", "--root", str(project.root), "serve",
                               "--addr", f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              env={**os.environ, "TMPDIR": str(temp)} if temp else None)
    return server, port


def preview_folders(temp: Path) -> list[str]:
    """The folders MkDocs serves from (it makes one under the temporary folder)."""
    return [p.name for p in temp.iterdir() if p.name.startswith("mkdocs_")]


def wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return None


def test_serve_reloads_on_profile_change(tmp_project):
    project = tmp_project(all_profiles=True)
    server, port = start_serve(project)
    url = f"http://127.0.0.1:{port}/profiles/fuqing-beida-hongse-wuye/"
    try:
        first = wait_for(lambda: fetch(url))
        assert first and "高豪小区" in first
        profile = project.profiles_dir / "fuqing-beida-hongse-wuye.md"
        profile.write_text(profile.read_text(encoding="utf-8").replace("高豪小区的车辆", "高豪小区（改动测试）的车辆"),
                           encoding="utf-8")
        assert wait_for(lambda: "改动测试" in (fetch(url) or "")), "修改案例后页面没有更新"
        # A broken profile drops out of the preview; the rest stays up.
        profile.write_text(profile.read_text(encoding="utf-8").replace("status: published", "status: publishd"),
                           encoding="utf-8")
        assert wait_for(lambda: fetch(url) is None), "有问题的案例仍在预览中"
        assert fetch(f"http://127.0.0.1:{port}/") is not None
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode("utf-8", "replace")
    assert "P006 status" in output
    # live.py keeps a dirty rebuild's links right: MkDocs' warning that they may be stale is dropped.
    assert "dirty" not in output


def test_serve_stopped_by_a_signal_removes_its_preview_folder(tmp_project, tmp_path):
    """MkDocs serves from a folder under the system's temporary folder and removes it on
    Ctrl+C only; a terminate() (an editor's stop button) left 0.5 GB behind each time."""
    temp = tmp_path / "temp"
    temp.mkdir()
    server, port = start_serve(tmp_project(), temp)
    try:
        assert wait_for(lambda: fetch(f"http://127.0.0.1:{port}/"))
        assert preview_folders(temp)  # where it serves from
    finally:
        server.terminate()
        server.communicate(timeout=20)
    assert preview_folders(temp) == []


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_serve_stopped_by_repeated_signals_still_ends(tmp_project, tmp_path):
    """A signal to a process group often comes twice (make serve passes its SIGTERM on to
    MkDocs). One that interrupted MkDocs' shutdown left its server thread running, and
    the process never ended."""
    temp = tmp_path / "temp"
    temp.mkdir()
    server, port = start_serve(tmp_project(), temp)
    try:
        assert wait_for(lambda: fetch(f"http://127.0.0.1:{port}/"))
        deadline = time.monotonic() + 2
        while server.poll() is None and time.monotonic() < deadline:
            server.send_signal(signal.SIGTERM)
            time.sleep(0.01)
        server.communicate(timeout=20)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert preview_folders(temp) == []


@pytest.mark.parametrize("addr, message", [
    (None, "端口 {port} 已被占用（也许另一个预览还开着）。关掉它，或换一个端口：make serve HOST=127.0.0.1:{next}"),
    ("8000", "地址要写成 主机:端口，如 127.0.0.1:8000（make serve HOST=127.0.0.1:8000）"),
    ("127.0.0.1:²", "地址要写成 主机:端口，如 127.0.0.1:8000（make serve HOST=127.0.0.1:8000）"),
    ("192.0.2.1:8000", "这台机器没有这个地址。换一个地址，如 make serve HOST=127.0.0.1:8000"),
])
def test_serve_on_an_address_it_cannot_use_says_so_before_building(tmp_project, addr, message):
    project = tmp_project()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "casebook", "--root", str(project.root), "serve",
                                 "--addr", addr or f"127.0.0.1:{port}"],
                                capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == f"无法在 {addr or f'127.0.0.1:{port}'} 预览：" + message.format(port=port, next=port + 1)
    assert not (project.root / "build" / "serve").exists()
