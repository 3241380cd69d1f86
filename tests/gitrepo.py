"""Git repositories with commits at chosen dates, for the history tests (not collected)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(root: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "test@cases.test",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "test@cases.test",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def init(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")


def commit(root: Path, paths: list[str], when: str, message: str = "change") -> None:
    """Commit `paths` (relative to root) at `when` (ISO 8601 with offset)."""
    git(root, "add", "--", *paths)
    git(root, "commit", "-q", "-m", message, when=when)
