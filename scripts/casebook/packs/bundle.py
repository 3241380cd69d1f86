"""Offline class bundles: a dated zip holding one folder whose index.html opens
from file:// with search working and no request to any other host.

    build/bundles/<pack>-<YYYY-MM-DD>.zip
      <pack>-<YYYY-MM-DD>/
        index.html …        the site, only the pack's profiles (offline build)
        handout.html/.pdf   the printable handout
        manifest.json       pack definition, profile ids, build time, commit, checksums
        README.txt          how to open it, in Chinese

Safe: everything is built in build/tmp/ and the zip is renamed into place only
when complete, so a failed run leaves no half-written zip behind.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..paths import Project
from ..profile.packs import Pack, load_pack
from ..profile.problems import Problem
from ..profile.validate import check_project
from ..site import engine, progress, search, staging
from ..site.prepare import prepare
from .pdf import PdfError, print_pdf

README = """社区实践案例库 · 离线课包

课包：{title}
案例：{count} 个
生成时间：{built}

怎样打开
  1. 先把整个 zip 解压到电脑或 U 盘上（不要直接在压缩包里打开）。
  2. 打开解压出来的文件夹 {folder}，双击 index.html，用浏览器（Edge、Chrome、Firefox 等）打开。
  3. 不需要网络：浏览、搜索都能用。{outside}

请把文件夹里的所有文件一起保留，只复制 index.html 是打不开其他页面的。

{handout}
清单：manifest.json 记录了本课包收录的案例和每个文件的校验值。
"""

# Tags whose URL the browser fetches on its own (a plain <a href> is only a link).
FETCHED = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*?\bsrc=[\"'](https?:)?//[^\"']+"
    r"|<link\b(?=[^>]*\brel=[\"'](?:stylesheet|preload|prefetch|icon|shortcut icon|manifest|modulepreload)[\"'])"
    r"[^>]*?\bhref=[\"'](https?:)?//[^\"']+", re.IGNORECASE)
CSS_FETCHED = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])(https?:)?//[^\"')\s]+", re.IGNORECASE)


@dataclass
class Result:
    zip_path: Path | None
    problems: list[Problem]
    pack: Pack | None = None
    files: int = 0
    size: int = 0


class BundleError(RuntimeError):
    pass


@progress.shown("生成课包")
def bundle(project: Project, name: str, *, out_dir: Path | None = None, pdf: bool = True,
           today: dt.date | None = None, quiet: bool = True, check: bool = True) -> Result:
    """`check=False` is for the hostile-input tests only (see site.prepare)."""
    progress.stage("校验案例")
    report = check_project(project)
    if report.problems and check:
        return Result(None, report.problems)
    pack, problems = load_pack(project, name, report, strict=check)
    if pack is None:
        return Result(None, problems)
    today = today or dt.date.today()
    folder_name = f"{pack.name}-{today.isoformat()}"
    out_dir = out_dir or project.build_dir / "bundles"
    shown = project.rel(pack.path) if pack.path else "packs"
    try:
        with staging.Scratch(project.build_dir / "tmp", "bundle") as scratch:
            folder = scratch / folder_name
            # Checked and prepared once, here; the engine's process reads the result.
            progress.stage("准备页面")
            prepared = prepare(project, site_url=engine.site_url(project), report=report, unchecked=not check, pack_pdf=pdf,
                               pack_name=str(pack.path.resolve()) if pack.path else pack.name, directory_urls=False)
            prepared.save(scratch / "prepared.pickle")
            env = {"CASEBOOK_PREPARED": str(scratch / "prepared.pickle"), "CASEBOOK_OFFLINE": "true",
                   "CASEBOOK_SEARCH": "pagefind", **({} if check else {"CASEBOOK_UNCHECKED": "1"})}
            result = progress.run_engine(engine.build_command(project, folder, strict=check), project, env=env,
                                         quiet=quiet)
            if result.returncode != 0:
                detail = (result.stderr or "") + (result.stdout or "") if quiet else ""
                raise BundleError(f"站点构建失败，未生成课包。MkDocs 的输出：\n{detail.strip()[-2000:]}")
            # The same engine as the published site, its files made readable from file://.
            progress.stage("搜索索引")
            try:
                search.index_library(project, prepared, folder, scratch, directory_urls=False)
                search.settle_worker(folder, packed=True)
                search.pack_for_file(folder)
            except (RuntimeError, search.PackError) as exc:
                raise BundleError(f"搜索索引没有建成，未生成课包：{exc}") from None
            # Source maps are for a developer's tools, not for a class: 1.1 MB of every pack.
            for source_map in (folder / "assets").rglob("*.map"):
                source_map.unlink()
            # A server shows 404.html for an address it lacks; from file:// nothing does, and its
            # links are the site's root addresses (/assets/…), dead in a folder.
            (folder / "404.html").unlink(missing_ok=True)
            progress.stage("检查外部资源")
            external = external_requests(folder)
            if external:
                raise BundleError("课包中仍有指向外部网站的资源：" + "；".join(external[:10]))
            if pdf:
                progress.stage("打印 PDF 讲义")
                print_pdf(folder / "handout.html", folder / "handout.pdf")
            built = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
            (folder / "README.txt").write_text(
                "\ufeff" + README.format(title=pack.title, count=len(pack.ids), built=built.isoformat(),
                                         folder=folder_name, outside=outside_note(project, pack),
                                         handout="打印讲义：handout.pdf（也可以用浏览器打开 handout.html 后打印）。" if pdf
                                         else "打印讲义：用浏览器打开 handout.html 后打印。"
                                         ).replace("\n", "\r\n"), encoding="utf-8")
            progress.stage("写入清单")
            write_manifest(project, pack, folder, built)
            final, count = publish_zip(folder, out_dir, folder_name)
        return Result(final, [], pack, count, final.stat().st_size)
    except (BundleError, PdfError) as exc:
        return Result(None, [Problem(shown, 1, "K004", "", str(exc))], pack)
    except OSError as exc:
        # A full disk, a folder we may not write: one line, and nothing half-written left.
        reason = "磁盘空间不足" if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) else (exc.strerror or str(exc))
        return Result(None, [Problem(shown, 1, "K004", "", f"写入课包时出错（{reason}）：请腾出空间或用 --out 换一个目录后重试")], pack)


def outside_note(project: Project, pack: Pack) -> str:
    """What README.txt says of the profiles the pack leaves out, by its policy and the site address."""
    if pack.outside_links == "drop":
        return "本课包没有收录的案例不列出。"
    if engine.site_url(project):
        return "页面上标有“（在线）”的链接指向本课包没有收录的案例，需要联网。"
    return "本课包没有收录的案例只列出标题。"


def publish_zip(folder: Path, out_dir: Path, name: str) -> tuple[Path, int]:
    """Zip `folder` into out_dir/<name>.zip: written as a locked hidden .part file, renamed
    when complete. A .part left by a killed run is removed here, by the next one."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging.sweep_parts(out_dir, ".*.zip.part")
    partial, handle = staging.locked_part(out_dir, name, ".zip.part")
    try:
        with handle:
            count = write_zip(folder, handle)
            handle.flush()
            os.fsync(handle.fileno())
            os.chmod(partial, 0o644)  # mkstemp makes it private; a handout zip is not
            final = out_dir / f"{name}.zip"
            os.replace(partial, final)
        return final, count
    finally:
        partial.unlink(missing_ok=True)


def external_requests(folder: Path) -> list[str]:
    """Resources in HTML and CSS files that a browser would fetch from another host."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".html":
            pattern = FETCHED
        elif path.suffix == ".css":
            pattern = CSS_FETCHED
        else:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in pattern.finditer(text):
            found.append(f"{path.relative_to(folder).as_posix()}: {match.group(0)[:120]}")
    return found


def write_manifest(project: Project, pack: Pack, folder: Path, built: dt.datetime) -> None:
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        files[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = {
        "pack": {"name": pack.name, "title": pack.title, "definition": _jsonable(pack.definition)},
        "profiles": pack.ids,
        "built_at": built.isoformat(),
        "source_commit": source_commit(project),
        "online": engine.site_url(project) or None,  # the site that "（在线）" links lead to
        "generator": {"casebook": _version("casebook"), "mkdocs": _version("mkdocs"),
                      "mkdocs-material": _version("mkdocs-material"), "python": sys.version.split()[0]},
        "checksums": {"algorithm": "sha256", "files": files},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _jsonable(value):
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def source_commit(project: Project) -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project.root, capture_output=True, text=True)
        if head.returncode != 0:
            return "unknown"
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "profiles", "data", "packs"],
                               cwd=project.root, capture_output=True, text=True).stdout.strip()
        return head.stdout.strip() + ("+dirty" if dirty else "")
    except OSError:
        return "unknown"


def write_zip(folder: Path, target) -> int:
    """Zip `folder` as a single top-level folder; entries sorted for a stable layout."""
    count = 0
    paths = [p for p in sorted(folder.rglob("*")) if p.is_file()]
    progress.stage("压缩 zip", len(paths), unit="个文件")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in paths:
            archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
            count += 1
            progress.step()
    return count
