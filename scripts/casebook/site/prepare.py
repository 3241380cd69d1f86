"""Everything a site build needs from the core, in one call, engine-agnostic.

`prepare()` checks the profiles, selects what to publish (all published
profiles, or a class pack), renders the generated pages and the open-data
downloads, and lists the words the Chinese segmenter must keep whole. The
MkDocs hook only adds the pages and feeds the words to jieba.
"""

from __future__ import annotations

import os
import pickle
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..paths import Project
from ..profile.problems import Problem
from ..profile.validate import Report, check_project, collector_paused
from ..profile.vocab import Licence
from . import contributors, explore, export, publish, search
from .library import Item, ItemMemo, Library
from .render import Options, RenderCache, render_site_with_fragments

# Quoted names in titles and bodies (“邻里管家”, “老肖直通车”) are brand names
# readers search for; keep short ones whole.
QUOTED_RE = re.compile(r"[“\"]([\u4e00-\u9fff0-9A-Za-z]{2,8})[”\"]")
HAN_RUN_RE = re.compile(r"[\u4e00-\u9fff]{2,}")


@dataclass
class Prepared:
    """What the engine needs, in one picklable object: `casebook build` prepares it
    once and hands it to the engine's process in a file (save/load)."""

    problems: list[Problem]
    library: Library
    pages: dict[str, str] = field(default_factory=dict)
    extra_files: dict[str, str | bytes] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    fragments: dict[str, str] = field(default_factory=dict)  # slot id → our own HTML (fragments.py)
    folding: dict[str, str] = field(default_factory=dict)    # Traditional → Simplified, for queries (search.py)
    # Dates, feeds, citations, sharing cards, sitemap dates (publish.py).
    publication: publish.Publication | None = None
    left_out: list[str] = field(default_factory=list)  # docs pages this build leaves out (contributors.py)
    licence: Licence | None = None  # the content licence, for the footer (render.licence_footer)

    def save(self, path: Path) -> None:
        """For the engine's process, which needs the pages, not the library they came from.
        Written under another name and renamed: a process waiting for it (`wait`) never
        reads half a file."""
        part = path.with_name(path.name + ".part")
        with part.open("wb") as f:
            pickle.dump(replace(self, library=None), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, path)

    @staticmethod
    def load(path: Path) -> "Prepared":
        with path.open("rb") as f:
            return pickle.load(f)

    @staticmethod
    def wait(path: Path, poll: float = 0.02) -> "Prepared | None":
        """The engine's side when `casebook build` starts it before the check is done
        (its start-up overlaps ours): the prepared pages once saved, or None if the
        build gave up (`abandon`) or its process is gone."""
        parent = os.getppid()
        while not path.exists():
            if abandoned(path).exists() or os.getppid() != parent:
                return None
            time.sleep(poll)
        return Prepared.load(path)


def abandoned(path: Path) -> Path:
    """The file whose presence tells a waiting engine that nothing will be prepared."""
    return path.with_name(path.name + ".abandoned")


def prepare(project: Project, *, site_url: str = "", pack_name: str | None = None,
            unchecked: bool = False, report: Report | None = None, directory_urls: bool = True,
            drafts: bool = False, pack_zips: Path | None = None, render_cache: RenderCache | None = None,
            memo: ItemMemo | None = None, pack_pdf: bool = True) -> Prepared:
    """`report`: the check already run by the caller (a build checks once).
    `directory_urls`: False for offline packs, whose pages are files (x.html).
    `drafts`: give drafts pages too (the local preview, never a build or a pack).
    `unchecked` builds from every profile whose shape is valid, whatever else the
    validator says. Only the hostile-input tests use it: it shows that the
    sanitiser alone keeps every page safe, with the validator out of the way.
    `pack_zips`: a folder of class-pack zips to publish with the site (the deploy workflow).
    `render_cache`, `memo`: the local preview's, kept between its rebuilds (render.RenderCache,
    library.ItemMemo)."""
    # Without the cyclic collector, as the check: 1.5 s less at 10,000 profiles, the same memory.
    with collector_paused():
        return _prepare(project, site_url=site_url, pack_name=pack_name, unchecked=unchecked, report=report,
                        directory_urls=directory_urls, drafts=drafts, pack_zips=pack_zips, render_cache=render_cache,
                        memo=memo, pack_pdf=pack_pdf)


def _prepare(project: Project, *, site_url: str, pack_name: str | None, unchecked: bool, report: Report | None,
             directory_urls: bool, drafts: bool, pack_zips: Path | None, render_cache: RenderCache | None,
             memo: ItemMemo | None, pack_pdf: bool) -> Prepared:
    report = report or check_project(project)
    ids = None
    pack = None
    if pack_name:
        from ..profile.packs import load_pack

        pack, pack_problems = load_pack(project, pack_name, report, strict=not unchecked)
        report.problems += pack_problems
        ids = pack.ids if pack else []
    library = Library.from_report(report, ids, unchecked=unchecked, drafts=drafts and pack is None)
    library.memo = memo
    found, dates = publish.history(project, library)
    zips = publish.pack_zips(pack_zips) if pack_zips and pack is None else []
    options = Options(site_url=site_url, pack=pack, outside_links=pack.outside_links if pack else "online",
                      directory_urls=directory_urls, dates=dates, pack_zips=tuple(zips), pack_pdf=pack_pdf)
    prepared = Prepared(report.problems, library, licence=library.vocab.licence)

    def meanwhile(names: list[str]) -> None:  # while the pool renders the profile pages
        prepared.words = search_words(library)
        prepared.folding = search.folding(search.library_text(library))
        prepared.extra_files.update(export.files(library, site_url))
        prepared.publication = publish.publication(project, library, names, found, dates, site_url=site_url,
                                                   pack=pack is not None, pack_zips=zips)
        prepared.extra_files.update(prepared.publication.files)
        prepared.extra_files.update(explore.files(library))

    prepared.pages, prepared.fragments = render_site_with_fragments(library, options, render_cache, meanwhile)
    if pack is not None:
        from .handout import handout_html

        prepared.extra_files["handout.html"] = handout_html(library, pack, site_url=site_url)
        prepared.left_out = list(contributors.PAGES)
    return prepared


def search_words(library: Library) -> list[str]:
    """Practice names and synonyms, place names, quoted brand names, metric labels
    and the search glossary (data/search_terms.yml), longest first."""
    words: set[str] = {t.term for t in library.vocab.search_terms}
    for practice in library.vocab.practices:
        words.add(practice.name)
        words.update(practice.synonyms)
    for item in library.items:
        words.update(library.per_item("words", item, None, lambda: _own_words(item)))
    # jieba's dictionary is one word per line, then an optional frequency and tag
    # after spaces: a label such as “服务 520” would be read as 服务 with frequency 520.
    return sorted((w for w in words if len(w) >= 2 and not any(c.isspace() for c in w)), key=lambda w: (-len(w), w))


def _own_words(item: Item) -> tuple[str, ...]:
    """search_words' part from one profile: its places, quoted names and metric labels."""
    r = item.profile.region
    words = [x for x in (r.province, r.city, r.district, r.street, r.community) if x]
    for text in (item.profile.title, item.body):
        for quoted in QUOTED_RE.findall(text):
            words.append(quoted)
            # The indexer hands jieba only the Chinese runs: K23幸福家园 → 幸福家园.
            words.extend(HAN_RUN_RE.findall(quoted))
    words.extend(m.label for m in item.profile.metrics if len(m.label) <= 8)
    return tuple(words)


def segmenter(words: list[str], hmm: bool = True) -> Callable[[str], list[str]]:
    """How the search indexer cuts text once `words` are in jieba's dictionary
    (the same dictionary the build gives Material's search plugin)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in words:
        jieba.add_word(word)
    return lambda text: [w for w in jieba.cut(text, HMM=hmm) if w.strip()]


def user_dictionary(words: list[str]) -> str:
    """jieba's user dictionary format: one word per line (frequency left to jieba)."""
    return "".join(f"{w}\n" for w in words)
