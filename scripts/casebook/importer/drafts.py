"""Writing a new draft profile: canonical field order, the editor schema line,
never overwriting an existing file, then checked with the same validator."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from .. import templating
from ..paths import Project
from ..profile import document
from ..profile.problems import Problem
from ..profile.schema import BODY_SECTION_HINTS, BODY_SECTIONS
from ..profile.validate import check_project

TEMPLATES = Path(__file__).parent / "templates"


def body(notes: list[str]) -> str:
    """The recommended sections with what goes in each, then the to-do list."""
    return templating.environment(TEMPLATES).get_template("draft_body.md.j2").render(
        sections=[(s, BODY_SECTION_HINTS[s]) for s in BODY_SECTIONS], notes=notes)


class DraftExists(Exception):
    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def render(data: dict[str, Any], body: str) -> str:
    return document.dumps(document.canonical(data), body.strip())


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
