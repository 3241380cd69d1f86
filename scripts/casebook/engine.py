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

from .paths import Project


def build_command(project: Project, site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
            "--config-file", str(project.config_file), "--site-dir", str(site_dir)]


def serve_command(project: Project, addr: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(project.config_file),
            "--dev-addr", addr, "--livereload"]


def run(command: list[str], project: Project, env: dict[str, str] | None = None,
        quiet: bool = False) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    # Our own messages are Chinese; make sure the child does not choke on them.
    full_env.setdefault("PYTHONIOENCODING", "utf-8")
    # Material prints an end-of-life banner on every run; the engine is swappable (see above).
    full_env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return subprocess.run(command, cwd=project.root, env=full_env, text=True,
                          capture_output=quiet)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its plain settings, ignoring MkDocs' Python tags and !ENV."""


def _ignore(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Any:
    return None


_ConfigLoader.add_multi_constructor("!", _ignore)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)


def read_config(project: Project) -> dict[str, Any]:
    with project.config_file.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_ConfigLoader) or {}


def site_url(project: Project) -> str:
    return str(read_config(project).get("site_url") or "")
