"""Where things live in a checkout. Every command takes a `Project`, so tests and
the benchmark can point the tools at a temporary copy."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CONFIG_NAME = "mkdocs.yml"


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
        if ".." not in path.parts:
            try:
                return path.relative_to(self.root).as_posix()
            except ValueError:
                pass
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    @classmethod
    def discover(cls, start: Path | None = None) -> "Project":
        """The nearest folder upwards holding mkdocs.yml and data/; else this checkout."""
        env = os.environ.get("CASEBOOK_ROOT")
        if env:
            return cls(Path(env).resolve())
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).is_file() and (folder / "data").is_dir():
                return cls(folder)
        return cls(Path(__file__).resolve().parents[2])
