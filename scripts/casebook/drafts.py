"""Writing a new draft profile: canonical field order, the editor schema line,
never overwriting an existing file, then checked with the same validator."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from . import document
from .paths import Project
from .problems import Problem
from .schema import FIELD_ORDER, NESTED_ORDER
from .validate import check_project


class DraftExists(Exception):
    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def canonical(data: dict[str, Any]) -> dict[str, Any]:
    """Fields in schema order, nested ones too; unknown fields kept, after the known ones."""
    def order(mapping: dict, keys: list[str]) -> dict:
        known = {k: mapping[k] for k in keys if k in mapping}
        return {**known, **{k: v for k, v in mapping.items() if k not in known}}

    out = order(data, FIELD_ORDER)
    for key, keys in NESTED_ORDER.items():
        value = out.get(key)
        if isinstance(value, dict):
            out[key] = order(value, keys)
        elif isinstance(value, list):
            out[key] = [order(item, keys) if isinstance(item, dict) else item for item in value]
    return out


def render(data: dict[str, Any], body: str) -> str:
    return document.dumps(canonical(data), body.strip())


def write(project: Project, profile_id: str, text: str) -> tuple[Path, list[Problem]]:
    """Create profiles/<id>.md; refuse if it exists. Returns the path and any problems found."""
    path = project.profiles_dir / f"{profile_id}.md"
    project.profiles_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{profile_id}-", suffix=".tmp", dir=project.profiles_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            os.link(tmp, path)  # fails if the file exists: no overwrite, even in a race
        except FileExistsError:
            raise DraftExists(path) from None
    finally:
        os.unlink(tmp)
    return path, check_project(project, [path]).problems
