"""How the site engine is invoked. MkDocs today; another engine that reads the
same mkdocs.yml (Zensical) would change this module and mkdocs_hooks.py only.

The engine runs in a child process, so that the core never imports it and a
crash in it cannot leave our process in a half-built state.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from ..paths import Project


def build_command(project: Project, site_dir: Path, *, strict: bool = True) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "--clean",
            "--config-file", str(project.config_file), "--site-dir", str(site_dir)]


def serve_command(project: Project, addr: str) -> list[str]:
    # --dirty: after an edit, render only the pages whose source changed (site/live.py).
    return [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(project.config_file),
            "--dev-addr", addr, "--livereload", "--dirty"]


def _env(extra: dict[str, str] | None) -> dict[str, str]:
    env = {**os.environ, **(extra or {})}
    # Our own messages are Chinese; make sure the child does not choke on them.
    env.setdefault("PYTHONIOENCODING", "utf-8")
    # Material prints an end-of-life banner on every run; the engine is swappable (see above).
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env


def run(command: list[str], project: Project, env: dict[str, str] | None = None,
        quiet: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=project.root, env=_env(env), text=True, capture_output=quiet)


def replace_process(command: list[str], project: Project, env: dict[str, str] | None = None) -> None:
    """Become the engine (for serve): Ctrl+C and signals reach it directly."""
    os.chdir(project.root)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(command[0], command, _env(env))


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its plain settings, ignoring MkDocs' Python tags and !ENV."""


def _ignore(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Any:
    return None


_ConfigLoader.add_multi_constructor("!", _ignore)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)


def read_config(project: Project) -> dict[str, Any]:
    with project.config_file.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_ConfigLoader) or {}


def site_url(project: Project, env: dict[str, str] | None = None) -> str:
    """The public address as the engine will see it: mkdocs.yml reads it from SITE_URL
    (!ENV), so the environment the engine runs with (`env` over ours) decides."""
    merged = {**os.environ, **(env or {})}
    return merged.get("SITE_URL") or str(read_config(project).get("site_url") or "")


def directory_urls(project: Project) -> bool:
    """Whether pages are served as folders (profiles/x/); offline packs turn it off."""
    return read_config(project).get("use_directory_urls", True) is not False
