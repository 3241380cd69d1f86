"""What publishing adds to a build, in one place: dates from history, feeds,
citation files, sharing cards, robots.txt, sitemap dates and the class-pack
zips published beside the site.

`history()` runs before the pages are rendered (profile pages show 收录于 /
更新于); `publication()` afterwards gathers the rest. Everything absolute
depends on the site address (SITE_URL): without one, nothing here prints an
address, only paths relative to the site.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import Project
from . import citations, feeds, history as history_mod, sharing
from .history import Dates, History
from .library import Library

HOME_DESCRIPTION = "社区实践案例库：收录各地社区治理的具体做法，可按地区、做法和年份浏览，支持中文全文搜索。"
PACKS_FOLDER = "downloads/packs"


@dataclass(frozen=True)
class PackZip:
    """A class pack's zip published with the site (see the deploy workflow)."""
    path: Path  # the zip on disk
    name: str  # the pack's name (packs/<name>.yml, or all)
    title: str
    count: int  # profiles in it
    built: str  # ISO time it was built

    @property
    def target(self) -> str:
        """Docs-relative path in the site."""
        return f"{PACKS_FOLDER}/{self.path.name}"

    @property
    def size_mb(self) -> float:
        return self.path.stat().st_size / 1e6


@dataclass
class Publication:
    history: History
    dates: dict[str, Dates]  # profile id → dates
    files: dict[str, str] = field(default_factory=dict)  # docs-relative path → text
    # page → {"og": [(property, content)], "jsonld": {…}, "share": whether it ends with a share button}
    head: dict[str, dict] = field(default_factory=dict)
    lastmod: dict[str, str] = field(default_factory=dict)  # page → W3C datetime for sitemap.xml
    feeds: bool = False  # whether pages link feed.xml and feed.json
    pack_zips: list[PackZip] = field(default_factory=list)


def history(project: Project, library: Library) -> tuple[History, dict[str, Dates]]:
    """One git log for the profiles and hand-written pages; dates by profile id."""
    docs = sorted(project.docs_dir.rglob("*.md")) if project.docs_dir.is_dir() else []
    found = history_mod.lookup(project.root, [item.source_path for item in library.items] + docs)
    dates = {item.id: found.get(project.rel(item.source_path)) for item in library.items}
    return found, {pid: d for pid, d in dates.items() if d is not None}


def publication(project: Project, library: Library, pages: Iterable[str], found: History,
                dates: dict[str, Dates], *, site_url: str, pack: bool,
                pack_zips: list[PackZip] | None = None) -> Publication:
    pub = Publication(found, dates, feeds=not pack, pack_zips=list(pack_zips or []))
    pub.files.update(citations.files(library, site_url, dates))
    if not pack:
        pub.files.update(feeds.files(library, site_url, dates))
        pub.files["robots.txt"] = sharing.robots(site_url)
        pub.head["index.md"] = {"og": sharing.home_open_graph(site_url, HOME_DESCRIPTION)}
    for item in library.items:
        d = dates.get(item.id)
        pub.head[item.page] = library.per_item("head", item, (site_url, d, pack), lambda: {
            "og": sharing.open_graph(item, site_url, d), "jsonld": sharing.article(item, site_url, d), "share": not pack,
            "profile": True})
        if d and d.newest:
            pub.lastmod[item.page] = d.newest.isoformat()
    # Listing pages change when the profiles they list do: the newest change of any.
    newest = history_mod.newest(dates.values())
    if newest:
        for page in pages:
            pub.lastmod.setdefault(page, newest.isoformat())
    for path in sorted(project.docs_dir.rglob("*.md")) if project.docs_dir.is_dir() else []:
        d = found.get(project.rel(path))
        if d and d.newest:
            pub.lastmod[path.relative_to(project.docs_dir).as_posix()] = d.newest.isoformat()
    return pub


def pack_zips(folder: Path) -> list[PackZip]:
    """The newest zip of each pack in `folder` (build/bundles/ after `make bundle`), by its manifest."""
    newest: dict[str, PackZip] = {}
    for path in sorted(folder.glob("*.zip")):
        try:
            with zipfile.ZipFile(path) as archive:
                name = next(n for n in archive.namelist() if n.count("/") == 1 and n.endswith("/manifest.json"))
                manifest = json.loads(archive.read(name))
        except (OSError, zipfile.BadZipFile, StopIteration, ValueError, KeyError, TypeError):
            continue  # not a class pack
        found = PackZip(path, str(manifest["pack"]["name"]), str(manifest["pack"]["title"]),
                        len(manifest["profiles"]), str(manifest["built_at"]))
        if found.name not in newest or found.built > newest[found.name].built:
            newest[found.name] = found
    return sorted(newest.values(), key=lambda z: (z.name != "all", z.name))
