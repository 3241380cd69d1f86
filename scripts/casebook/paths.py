"""Where things live in a checkout. Every command takes a `Project`, so tests and
the benchmark can point the tools at a temporary copy."""

from __future__ import annotations

import errno
import os
import time
from dataclasses import dataclass
from pathlib import Path

CONFIG_NAME = "mkdocs.yml"


def lexically_under(path: Path, root: Path) -> str | None:
    """`path` relative to `root` as a posix string when it is written under it (no ".."),
    else None. What PurePath.relative_to gives, read off the two strings: that made a
    new path object each time, 0.1 s of every rebuild under serve at 10,000 profiles."""
    text, base = str(path), str(root)
    if len(text) <= len(base) + 1 or not text.startswith(base) or text[len(base)] not in (os.sep, os.altsep):
        return None
    found = text[len(base) + 1:].replace(os.sep, "/")
    return None if ".." in found.split("/") else found


class ProjectNotFound(SystemExit):
    """No project folder around: the command ends with this message (exit status 1)."""


def is_project(folder: Path) -> bool:
    return (folder / CONFIG_NAME).is_file() and (folder / "data").is_dir()


def checkout_of(path: Path) -> Path | None:
    """The nearest project folder holding `path`, or None."""
    path = path.resolve()
    return next((folder for folder in (path, *path.parents) if is_project(folder)), None)


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def profiles_dir(self) -> Path:
        return self.root / "profiles"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def packs_dir(self) -> Path:
        return self.root / "packs"

    @property
    def schema_file(self) -> Path:
        return self.root / "schema" / "profile.schema.json"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def build_dir(self) -> Path:
        # All generated output other than site/ goes here (gitignored).
        return self.root / "build"

    def rel(self, path: Path) -> str:
        """A path as printed in messages: relative to the project when possible."""
        # Lexical first: the paths we print are built from root, and resolving
        # every one of 10,000 profile paths cost a second of a check run.
        found = lexically_under(path, self.root)
        if found is not None:
            return found
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    @classmethod
    def discover(cls, start: Path | None = None) -> "Project":
        """CASEBOOK_ROOT if set; else the nearest folder upwards from `start` (the current
        directory) holding mkdocs.yml and data/, so that any folder of a checkout works;
        else the checkout holding this code (an editable install, run from elsewhere)."""
        env = os.environ.get("CASEBOOK_ROOT")
        if env:
            return cls(Path(env).resolve())
        found = checkout_of(start or Path.cwd()) or checkout_of(Path(__file__))
        if found is None:
            raise ProjectNotFound(f"casebook: 在 {start or Path.cwd()} 及其上级目录中找不到案例库（含 {CONFIG_NAME} 和 data/ "
                                  "的目录）。请在案例库的目录中运行，或用 --root 或 CASEBOOK_ROOT 指定。")
        return cls(found)


# What the system says when a file cannot be read, in the contributor's language.
OS_ERRORS = {errno.ENOENT: "文件不存在", errno.EACCES: "没有读取它的权限", errno.EISDIR: "这是一个文件夹，不是文件",
             errno.ENOTDIR: "路径中有一段不是文件夹"}


def os_error(exc: OSError) -> str:
    return OS_ERRORS.get(exc.errno, "系统无法读取它")


def older_than(path: Path, seconds: float) -> bool:
    """Whether `path` was last changed more than `seconds` ago: how leftovers of runs that
    ended without tidying up (temporary folders, partial files, stored shards) are told
    from the files of a run still at work. False when it cannot be asked (already gone)."""
    try:
        return time.time() - path.stat().st_mtime > seconds
    except OSError:
        return False
