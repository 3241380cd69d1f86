"""Build the site: check everything, build into a scratch folder, then swap it in.

A build that fails at any step (a profile problem, a strict-mode warning, a
crash, a kill) leaves the previous site/ exactly as it was, and the next run
removes what a killed one left in build/tmp/.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from ..paths import Project
from ..profile.problems import summary
from ..profile.validate import check_project
from . import engine, progress, search, staging
from .prepare import abandoned, prepare


# From this many profiles the site a build replaces is removed after the build has
# ended (staging.Scratch.hand_over): 0.8 s at 1,000 profiles, 6.5 s at 10,000. A
# small one goes at once, quicker than starting a process for it.
REMOVE_LATER_FROM = 500


@progress.shown("构建站点")
def build(project: Project, site_dir: Path | None = None, *, quiet: bool = False,
          env: dict[str, str] | None = None, check: bool = True) -> int:
    site_dir = site_dir or project.site_dir
    space = staging.Scratch(staging.root_beside(site_dir, project.build_dir / "tmp"), "site")
    with space as scratch:
        new = scratch / "site"
        saved = scratch / "prepared.pickle"
        engine_env = {**(env or {}), "CASEBOOK_PREPARED": str(saved), "CASEBOOK_SEARCH": "pagefind"}
        with ThreadPoolExecutor(2) as pool:
            # MkDocs starts now and waits for the prepared pages (Prepared.wait): its
            # start-up (0.6-0.9 s of imports) overlaps our check and preparation.
            running = pool.submit(progress.run_engine, engine.build_command(project, new, strict=check), project,
                                  env=engine_env, quiet=quiet, stage_name=None)
            try:
                progress.stage("校验案例")
                report = check_project(project)
                if report.problems and check:
                    abandoned(saved).touch()
                    running.result()
                    for problem in report.problems:
                        print(problem)
                    print(summary(report.problems, len(report.entries)), file=sys.stderr)
                    print(f"构建已取消，{project.rel(site_dir)}/ 保持不变。", file=sys.stderr)
                    return 1
                # Checked and prepared once, here; the engine's process reads the result.
                progress.stage("准备页面")
                # SITE_URL and CASEBOOK_PACK_ZIPS (see mkdocs_hooks.py) from the engine's environment.
                zips = {**os.environ, **(env or {})}.get("CASEBOOK_PACK_ZIPS")
                prepared = prepare(project, site_url=engine.site_url(project, env), report=report,
                                   unchecked=not check, directory_urls=engine.directory_urls(project),
                                   pack_zips=Path(zips) if zips else None)
                prepared.save(saved)
            except BaseException:
                abandoned(saved).touch()
                raise
            # The engine's process has the pages now; this one only indexes the library
            # for search. Letting go of the rest, and handing the freed memory back,
            # keeps the two processes near 1 GB together at 10,000 profiles (this one
            # 611 MB → 286 MB while MkDocs builds).
            valid = len(report.valid())
            prepared, report = replace(prepared, pages={}, extra_files={}, fragments={}, publication=None), None
            _give_back_memory()
            # The search index needs only our data: Pagefind builds it while MkDocs builds the pages.
            index = pool.submit(_search_index, project, [prepared], scratch / "search")
            del prepared
            result = running.result()
            if not index.done():
                progress.stage("搜索索引")
            index_error = index.exception()
        if result.returncode != 0:
            if quiet:
                sys.stderr.write(result.stdout + result.stderr)
            print(f"构建失败（见上方信息），{project.rel(site_dir)}/ 保持不变。", file=sys.stderr)
            return 1
        if index_error is not None:
            print(f"搜索索引没有建成（{index_error}），{project.rel(site_dir)}/ 保持不变。", file=sys.stderr)
            return 1
        (scratch / "search" / search.OUTPUT).rename(new / search.OUTPUT)
        try:
            search.settle_worker(new)
        except (RuntimeError, OSError, ValueError) as exc:
            print(f"搜索脚本没有设置好（{exc}），{project.rel(site_dir)}/ 保持不变。", file=sys.stderr)
            return 1
        # One exchange: site/ is the old complete site, then the new one, never missing.
        staging.swap(new, site_dir)
        if new.exists() and valid >= REMOVE_LATER_FROM:
            space.hand_over()  # the site replaced: removed by a process of its own
    print(f"已构建 {project.rel(site_dir)}/（{valid} 个案例文件通过校验）。", file=sys.stderr)
    if not engine.site_url(project, env):
        # Fine for a look on this machine; a published copy needs absolute links in its
        # feeds, citations and sitemap (the Pages workflow sets it).
        print("提示：没有设置 SITE_URL，订阅源、引文和站点地图中的链接是相对地址。要发布这份站点，"
              "请用 SITE_URL=https://你的网址/ make build 重新构建。", file=sys.stderr)
    return 0


def _give_back_memory() -> None:
    """Collect what was let go and return the free heap to the system (glibc keeps it
    otherwise: the process stays at its peak)."""
    gc.collect()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # another C library (musl): its own policy
            pass


def _search_index(project: Project, holder: list, out: Path) -> None:
    """Index the library (holder: [prepared]) for search. The library is let go once
    its records are written: this process then holds little while Pagefind runs,
    and the two page-building processes stay within 1 GB at 10,000 profiles."""
    out.mkdir()
    prepared = holder.pop()
    pages, fold = search.library_pages(project, prepared, out), prepared.folding
    del prepared
    _give_back_memory()
    search.build_index(out, pages, fold)
