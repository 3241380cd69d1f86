"""Build the site: check everything, build into a temporary folder, then swap it in.

A build that fails at any step (a profile problem, a strict-mode warning, a
crash) leaves the previous site/ exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..paths import Project
from ..profile.problems import summary
from ..profile.validate import check_project
from . import engine


def build(project: Project, site_dir: Path | None = None, *, quiet: bool = False,
          env: dict[str, str] | None = None) -> int:
    site_dir = site_dir or project.site_dir
    report = check_project(project)
    if report.problems:
        for problem in report.problems:
            print(problem)
        print(summary(report.problems, len(report.entries)), file=sys.stderr)
        print(f"构建已取消，{project.rel(site_dir)}/ 保持不变。", file=sys.stderr)
        return 1
    tmp_root = project.build_dir / "tmp"
    tmp_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="site-", dir=tmp_root))
    try:
        result = engine.run(engine.build_command(project, staging), project, env=env, quiet=quiet)
        if result.returncode != 0:
            if quiet:
                sys.stderr.write(result.stdout + result.stderr)
            print(f"构建失败（见上方信息），{project.rel(site_dir)}/ 保持不变。", file=sys.stderr)
            return 1
        swap_in(staging, site_dir, tmp_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"已构建 {project.rel(site_dir)}/（{len(report.valid())} 个案例文件通过校验）。", file=sys.stderr)
    return 0


def swap_in(new: Path, target: Path, scratch: Path) -> None:
    """Replace `target` with `new` by renames on one file system; restore on failure."""
    old = Path(tempfile.mkdtemp(prefix="old-", dir=scratch)) / target.name
    had_old = target.exists()
    if had_old:
        os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        if had_old:
            os.replace(old, target)
        raise
    finally:
        shutil.rmtree(old.parent, ignore_errors=True)
