"""Build the site: check everything, build into a scratch folder, then swap it in.

A build that fails at any step (a profile problem, a strict-mode warning, a
crash, a kill) leaves the previous site/ exactly as it was, and the next run
removes what a killed one left in build/tmp/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..paths import Project
from ..profile.problems import summary
from ..profile.validate import check_project
from . import engine, staging
from .prepare import prepare


def build(project: Project, site_dir: Path | None = None, *, quiet: bool = False,
          env: dict[str, str] | None = None, check: bool = True) -> int:
    site_dir = site_dir or project.site_dir
    report = check_project(project)
    if report.problems and check:
        for problem in report.problems:
            print(problem)
        print(summary(report.problems, len(report.entries)), file=sys.stderr)
        print(f"构建已取消，{project.rel(site_dir)}/ 保持不变。", file=sys.stderr)
        return 1
    with staging.Scratch(staging.root_beside(site_dir, project.build_dir / "tmp"), "site") as scratch:
        new = scratch / "site"
        # Checked and prepared once, here; the engine's process reads the result.
        prepared = prepare(project, site_url=engine.site_url(project), report=report, unchecked=not check,
                           directory_urls=engine.directory_urls(project))
        prepared.save(scratch / "prepared.pickle")
        env = {**(env or {}), "CASEBOOK_PREPARED": str(scratch / "prepared.pickle")}
        result = engine.run(engine.build_command(project, new, strict=check), project, env=env, quiet=quiet)
        if result.returncode != 0:
            if quiet:
                sys.stderr.write(result.stdout + result.stderr)
            print(f"构建失败（见上方信息），{project.rel(site_dir)}/ 保持不变。", file=sys.stderr)
            return 1
        # One exchange: site/ is the old complete site, then the new one, never missing.
        staging.swap(new, site_dir)
    print(f"已构建 {project.rel(site_dir)}/（{len(report.valid())} 个案例文件通过校验）。", file=sys.stderr)
    return 0
