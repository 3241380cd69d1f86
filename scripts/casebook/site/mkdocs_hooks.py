"""MkDocs glue, listed under `hooks:` in mkdocs.yml. The only module besides
engine.py that knows about MkDocs: it asks the core for the generated pages
and adds them as virtual files, so nothing generated lands in docs/.

Environment (set by `casebook bundle`):
  CASEBOOK_PACK       name of a class pack in packs/ (or "all"): build only its profiles
  CASEBOOK_UNCHECKED  "1": build despite problems (the hostile-input tests: the
                      sanitiser alone must keep the pages safe)
  CASEBOOK_PACK_ZIPS  a folder of class-pack zips (build/bundles/) to publish with
                      the site under downloads/packs/ (the deploy workflow)
The site's address is SITE_URL, read by mkdocs.yml itself (site_url: !ENV SITE_URL).
"""

from __future__ import annotations

import functools
import gc
import html
import json
import logging
import os
import re
import signal
import sys
import types
from pathlib import Path

try:
    import casebook  # noqa: F401
except ImportError:  # `mkdocs serve` run without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import jieba
from mkdocs.commands import build as engine_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from casebook import parallel, templating
from casebook.paths import Project
from casebook.profile import markup
from casebook.profile.validate import check_project
from casebook.site import contributors, csp, fragments, live, pages, progress, render
from casebook.site.prepare import Prepared, prepare, user_dictionary

log = logging.getLogger("mkdocs.plugins.casebook")
jieba.setLogLevel(logging.WARNING)

_state: dict[str, object] = {"command": "build"}


# What stops `serve` besides Ctrl+C (Windows has no SIGHUP).
STOP_SIGNALS = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command
    if command == "serve":
        # MkDocs serves from a folder of its own in the system's temporary folder
        # (about 0.5 GB at 1,000 profiles) and removes it when Ctrl+C stops it. Stopped
        # by a signal (a closed terminal, an editor's stop button, a test's terminate()),
        # it would leave the folder behind: end the same way as on Ctrl+C.
        for stop in STOP_SIGNALS:
            signal.signal(stop, _stop_once)
    if command == "serve" and dirty:
        # Our preview always runs with --dirty (engine.py) and live.py marks every page an
        # edit affects (listings, related pages, search) as changed, so MkDocs' warning that
        # a dirty build leaves navigation and links stale is not true here; printed in
        # English on every rebuild, it only alarmed contributors.
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _stop_once(signum, frame) -> None:
    """Stop `serve` as Ctrl+C does, once. A signal to a process group often arrives
    twice (`make serve` passes its own SIGTERM on to MkDocs): a second interrupt in
    the middle of MkDocs' shutdown left its server thread running, and the process
    waited for it for ever (1 of 4 stops of make serve by a group SIGTERM)."""
    for stop in STOP_SIGNALS:
        signal.signal(stop, signal.SIG_IGN)
    raise KeyboardInterrupt


@event_priority(100)  # before Material's search plugin reads anything
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project = Project(Path(config.config_file_path).resolve().parent)
    saved = os.environ.get("CASEBOOK_PREPARED")
    unchecked = os.environ.get("CASEBOOK_UNCHECKED") == "1"  # hostile-input tests only: see prepare()
    if saved:
        # `casebook build` checks and prepares everything (once), while this process
        # starts up; it may still be at it.
        prepared = Prepared.wait(Path(saved))
        if prepared is None:
            raise SystemExit(3)  # the build stopped (its check failed): nothing to say
    elif _serving():
        # A rebuild after an edit: only changed files are checked again (site/live.py).
        report = check_project(project, cache=live.STATE.checked)
        prepared = prepare(project, site_url=config.site_url or "", report=report, drafts=True,
                           directory_urls=config.use_directory_urls, render_cache=live.STATE.rendered,
                           memo=live.STATE.memo)
    else:  # `mkdocs build` run directly
        pack = os.environ.get("CASEBOOK_PACK") or None
        offline = os.environ.get("CASEBOOK_OFFLINE", "").lower() == "true"
        zips = os.environ.get("CASEBOOK_PACK_ZIPS")
        prepared = prepare(project, site_url=config.site_url or "", pack_name=pack, unchecked=unchecked,
                           directory_urls=config.use_directory_urls and not offline,
                           pack_zips=Path(zips) if zips else None)
    for note in prepared.publication.history.notes:
        log.info(note)  # not a warning: a shallow clone must not fail a --strict check build
    if prepared.problems and not unchecked:
        lines = "\n".join(str(p) for p in prepared.problems)
        if _state["command"] != "serve":
            # MkDocs prints a PluginError as one clean message, no traceback.
            raise PluginError(f"案例校验未通过，共 {len(prepared.problems)} 处问题：\n{lines}")
        # While serving, keep the preview alive with the profiles that are fine.
        for problem in prepared.problems:
            log.warning(str(problem))
    _state["prepared"] = prepared
    config.copyright = render.licence_footer(config.copyright or "", prepared.licence)
    progress.stage("转换页面", len(prepared.pages))  # progress.py: the line on `casebook build`'s terminal
    # The generated pages as HTML, converted in parallel with the site's own
    # Markdown settings; MkDocs only puts them into the theme (on_page_markdown).
    if _serving():
        _state["html"] = live.STATE.html(prepared.pages, config.markdown_extensions, config.mdx_configs or {})
    else:
        _state["html"] = pages.take_all(prepared.pages, config.markdown_extensions, config.mdx_configs or {})
        # The prepared pages and their HTML live until the build ends: out of the cyclic
        # collector's full passes (1 s of a 10,000-profile build). Not while serving,
        # where each rebuild replaces them.
        gc.freeze()
    if not _pagefind():  # Material's search (serve) cuts Chinese with jieba and our dictionary
        _load_search_words(project, prepared)
    elif not _offline():
        # The iframe-worker shim lets search run from file:// (packs); online it
        # would only be one more blocking request ahead of everything else.
        config.extra["polyfills"] = []
    if prepared.left_out and config.nav:  # a class pack: no contributor pages (contributors.py)
        config.nav = contributors.prune_nav(config.nav, set(prepared.left_out))
    return config


def _load_search_words(project: Project, prepared: Prepared) -> None:
    # A file as well as the calls, so the dictionary can be inspected (build/ is gitignored).
    path = project.build_dir / "search" / "jieba_userdict.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(user_dictionary(prepared.words), encoding="utf-8")
    jieba.load_userdict(str(path))


CONTRIBUTING_INCLUDE = '--8<-- "CONTRIBUTING.md"'


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    # MkDocs renders its theme without autoescaping, and Material prints the
    # page's title and description as they are (<title>, <meta>, the header):
    # front matter reaches the theme only as escaped text.
    page.meta = _escaped(page.meta)
    if _pagefind():
        page.meta["search"] = {"exclude": True}  # Pagefind indexes the site; Material's index stays empty
    rendered = _state.get("html", {}).get(page.file.src_uri)
    if rendered is not None:
        # Already HTML (site/pages.py): skip MkDocs' own conversion, and its new
        # Markdown object, for this page.
        page.render = types.MethodType(_use_rendered(rendered), page)
    # docs/contributing.md shows CONTRIBUTING.md, whose links are written for
    # GitHub (docs/reference/…); on the site those pages sit one level up. The
    # include is done here, not by pymdownx.snippets, which runs too late to
    # let us adjust the links.
    if CONTRIBUTING_INCLUDE in markdown:
        source = Path(config.config_file_path).parent / "CONTRIBUTING.md"
        text = source.read_text(encoding="utf-8").replace("](docs/", "](")
        markdown = markdown.replace(CONTRIBUTING_INCLUDE, text)
    return markdown


def _use_rendered(rendered: pages.Html):
    def render(page, config: MkDocsConfig, files: Files) -> None:
        page.content = rendered.html
        page.toc = get_toc(rendered.toc)
        page.present_anchor_ids = set(_anchor_ids(rendered.toc))
    return render


def _anchor_ids(tokens: list) -> list[str]:
    return [i for token in tokens for i in (token["id"], *_anchor_ids(token.get("children", [])))]


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value


@event_priority(-100)  # after every other plugin has changed the page's HTML
def on_page_content(content: str, page, config: MkDocsConfig, files: Files) -> str:
    # Every page passes the allowlist sanitiser: contributor text (profiles,
    # vocabularies, packs, CONTRIBUTING) can become neither markup nor script.
    # Then our own generated blocks (maps, charts) go into their slots.
    prepared: Prepared = _state["prepared"]  # type: ignore[assignment]
    if page.file.src_uri not in _state.get("html", {}):  # generated pages were sanitised as they were rendered
        content = markup.clean(content)
    # The table of contents is printed by the theme as it is, and its titles come
    # from the headings' Markdown, not from the sanitised page: text only.
    for link in _toc_links(page.toc):
        link.title = markup.text_only(link.title)
    return fragments.fill(content, prepared.fragments)


def _toc_links(items):
    for item in items:
        yield item
        yield from _toc_links(item.children)


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    progress.step()
    return _protect(output, page.url, page.file.src_uri, config)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is a theme template, not a page: it needs the policy as much.
    return _protect(output, "", template_name, config) if template_name.endswith(".html") else output


def _protect(output: str, url: str, name: str, config: MkDocsConfig) -> str:
    if _serving():
        return output  # livereload injects an inline script; the policy is for published pages
    worker = _worker_path(config)
    try:
        return csp.protect(output, Path(config.docs_dir), get_relative_url(worker, url) if worker else None,
                           wasm=_offline() and _pagefind(), inline=_theme_inline(config))
    except csp.PolicyError as exc:
        raise PluginError(f"{name}: {exc}") from None


def _theme_inline(config: MkDocsConfig) -> frozenset[str]:
    if "inline" not in _state:
        _state["inline"] = csp.theme_inline(config.theme.dirs)
    return _state["inline"]


def _theme_text(config: MkDocsConfig, name: str) -> str:
    path = csp.theme_file(config.theme.dirs, name)
    if path is None:
        raise PluginError(f"主题中缺少 {name}：请从仓库恢复 overrides/{name}")
    return path.read_text(encoding="utf-8")


def _worker_path(config: MkDocsConfig) -> str | None:
    """Material's search worker, as a site path (its name carries a hash): the one
    address the shim's inline script may name, taken from the theme, never from a page."""
    if "worker" not in _state:
        found = [p for d in config.theme.dirs for p in Path(d, "assets", "javascripts", "workers").glob("search.*.min.js")]
        _state["worker"] = f"assets/javascripts/workers/{found[0].name}" if found else None
    return _state["worker"]


# The theme's files that are sources, not assets: the inline scripts' text is in
# every page (csp.THEME_INLINE) and the search worker's takes the place of
# Material's (on_post_build). Copied to the site as well, nothing would load them.
THEME_SOURCES = frozenset([*(path.as_posix() for path in csp.THEME_INLINE), "assets/casebook/search-worker.js"])

# Material's lunr languages, for its own search worker (see on_files).
LUNR = "assets/javascripts/lunr/"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    prepared: Prepared = _state["prepared"]  # type: ignore[assignment]
    for src_uri in THEME_SOURCES:
        if (source := files.get_file_from_path(src_uri)) is not None:
            files.remove(source)
    if _pagefind():
        # Material's lunr languages are read only by its own search worker, which ours
        # replaces (on_post_build): 1 MB of every site and class pack that nothing loads.
        for unused in [f for f in files if f.src_uri.startswith(LUNR)]:
            files.remove(unused)
    for src_uri in prepared.left_out:
        if (left_out := files.get_file_from_path(src_uri)) is not None:
            files.remove(left_out)
    generated = {**prepared.pages, **prepared.extra_files}
    # Both sides are normalised paths (posix, no "./"): their common keys are the clashes.
    # get_file_from_path would parse each of some 30,000 paths at 10,000 profiles (0.18 s
    # of every build and of every rebuild under serve).
    clashes = sorted(generated.keys() & files.src_uris.keys())
    if clashes:
        raise PluginError(f"docs/{clashes[0]} 与生成的页面同名：请删除或改名 docs/{clashes[0]}")
    if _serving():
        # Real files, rewritten only when they change: MkDocs' dirty mode then renders
        # only the pages an edit touched.
        folder = Path(config.config_file_path).resolve().parent / "build" / "serve" / "files"
        _, removed = live.STATE.write(folder, generated)
        for src_uri in removed:  # a profile that now has a problem, or was deleted: its page goes
            stale = File(src_uri, str(folder), config.site_dir, config.use_directory_urls)
            Path(stale.abs_dest_path).unlink(missing_ok=True)
        kept = live.STATE.engine_files
        for src_uri in generated:
            if src_uri.endswith(".md"):  # pages: MkDocs attaches this build's page to the file
                files.append(File(src_uri, str(folder), config.site_dir, config.use_directory_urls))
                continue
            key = (src_uri, str(folder), config.site_dir, config.use_directory_urls)
            if key not in kept:
                kept[key] = File(src_uri, str(folder), config.site_dir, config.use_directory_urls)
            files.append(kept[key])
        for key in [k for k in kept if k[0] not in generated]:
            del kept[key]
        return files
    for src_uri, content in generated.items():
        files.append(File.generated(config, src_uri, content=content))
    for pack_zip in prepared.publication.pack_zips:
        files.append(File.generated(config, pack_zip.target, abs_src_path=str(pack_zip.path)))
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    progress.stage("生成页面", len(files.documentation_pages()))
    # Jinja checks a template file's time on every include (some 40 per page);
    # the environment is made anew for each build, also under `serve`: its
    # templates compiled once per process (templating.KeptBytecode), not per rebuild.
    env.auto_reload = False
    env.bytecode_cache = templating.KEPT_BYTECODE
    # overrides/main.html links the feeds from every page's head (none in a class pack).
    publication = _state["prepared"].publication  # type: ignore[attr-defined]
    env.globals["casebook_feeds"] = publication.feeds
    # overrides/main.html asks for the theme's scripts from the top of <head>, so
    # that they load side by side instead of one after another as the parser
    # reaches each (measured: 60-80 ms earlier DOMContentLoaded over HTTP).
    env.globals["casebook_preload"] = _theme_scripts(config)
    # The navigation (tabs and sidebar) of a page that is not in it is the same
    # for every such page at the same depth: the thousands of profile pages.
    # Rendered once per depth, not once per page (a third of the theme's time).
    in_nav = {page.file.src_uri for page in _state["nav"].pages} if _state.get("nav") else set()  # type: ignore[attr-defined]
    shared: dict[tuple, str] = {}

    def shared_key(page, part: str) -> tuple | None:
        if page is None or getattr(page, "file", None) is None or page.file.src_uri in in_nav:
            return None
        return (part, page.url.count("/"), page.url.endswith("/"))

    def keep(key: tuple | None, html: str) -> str:
        if key is not None:
            shared[key] = html
        return html

    env.globals.update(casebook_shared=shared, casebook_shared_key=shared_key, casebook_keep=keep)
    env.globals["casebook_translate"] = _translator(env, config.theme["language"])
    # sitemap.xml's lastmod: each page's last change in git, not the build date.
    # Here, because MkDocs writes the sitemap before it renders the pages.
    for file in files.documentation_pages():
        if file.page is not None and file.src_uri in publication.lastmod:
            file.page.update_date = publication.lastmod[file.src_uri]
    _plan_sharing(files, in_nav)
    return env


def _translator(env, language: str):
    """The theme's phrase for a key (overrides/partials/language.html), each asked
    of Material's language macros once."""
    own = env.get_template(f"partials/languages/{language}.html").module
    fallback = env.get_template("partials/languages/en.html").module

    @functools.cache
    def translate(key: str) -> str:
        return own.t(key) or fallback.t(key) or key

    return translate


# Below this many pages a helper's start costs more than it saves.
SHARE_FROM = 50
# A theming helper writes to about 11 KB of the memory it shares with MkDocs' process
# for each page of the site, and so holds its own copy (at 10,000 profiles: 110 MB
# more per helper; the page build 932 MB with one helper, 1,033 MB with two).
# Unless CASEBOOK_JOBS says how many processes, helpers past the first are started
# only while each costs under 100 MB: 9,000 pages' worth.
EXTRA_HELPER_PAGES = 9_000


def theming_helpers(pages: int) -> int:
    """How many helpers put `pages` generated pages into the theme beside MkDocs' process."""
    told = parallel.chosen_jobs()
    if told is not None:
        return told - 1
    return min(parallel.jobs() - 1, 1 + EXTRA_HELPER_PAGES // max(pages, 1))


class _Sharing:
    """The generated pages outside the navigation, put into the theme by forked helpers
    as well as by this process. MkDocs does it one page at a time in one process:
    at 10,000 profiles that was the last 10 s of the build with the other
    processor idle (the search index done).

    It stands in for MkDocs' _build_page while the build runs: its first call (all
    pages read, the static files written) starts the helpers; then it passes on the
    pages this process keeps and skips the helpers' ones."""

    def __init__(self, build_page, portions: list[list]) -> None:
        self.build_page = build_page  # MkDocs' own
        self.portions = portions  # one per helper
        self.elsewhere = {page.file.src_uri for portion in portions for page in portion}
        self.helpers: parallel.Helpers | None = None

    def __call__(self, page, config, doc_files, nav, env, dirty=False, excluded=False):
        if self.helpers is None:
            def build(other) -> None:
                self.build_page(other, config, doc_files, nav, env, False, other.file.inclusion.is_excluded())
            progress.flush()  # or the helpers would report this process's buffered steps again
            self.helpers = parallel.Helpers.start(self.portions, build, logger="mkdocs", before_exit=progress.flush)
            log.debug(f"套用主题：{len(self.portions)} 个辅助进程，各 {min(map(len, self.portions))}–"
                      f"{max(map(len, self.portions))} 页；其余 {len(doc_files) - len(self.elsewhere)} 页在本进程")
        if page.file.src_uri in self.elsewhere:
            return None
        return self.build_page(page, config, doc_files, nav, env, dirty, excluded)

    def end(self) -> str | None:
        """Wait for the helpers and give MkDocs its function back; the helpers' first error."""
        engine_build._build_page = self.build_page
        return self.helpers.finish() if self.helpers is not None else None

    def stop(self) -> None:
        engine_build._build_page = self.build_page
        if self.helpers is not None:
            self.helpers.stop()


def _plan_sharing(files: Files, in_nav: set[str]) -> None:
    """Only for a build that Pagefind indexes: Material's search plugin collects
    pages as they are rendered, and what a helper collects stays in the helper."""
    if _serving() or not _pagefind() or not parallel.can_fork():
        return
    build_page = getattr(engine_build, "_build_page", None)
    if not callable(build_page) or isinstance(build_page, _Sharing):
        log.debug("MkDocs 的逐页生成函数已变化：页面在一个进程中生成")
        return
    html = _state.get("html", {})
    generated = [file.page for file in files.documentation_pages()
                 if file.page is not None and file.src_uri in html and file.src_uri not in in_nav]
    helpers = theming_helpers(len(generated))
    if helpers < 1 or len(generated) < SHARE_FROM:
        return
    # Every n-th page: each share has as many profile pages and listings as the others.
    workers = helpers + 1
    sharing = _Sharing(build_page, [generated[k::workers] for k in range(1, workers)])
    _state["sharing"] = engine_build._build_page = sharing


def on_build_error(error: Exception) -> None:
    sharing: _Sharing | None = _state.pop("sharing", None)  # type: ignore[assignment]
    if sharing is not None:
        sharing.stop()


def _theme_scripts(config: MkDocsConfig) -> list[str]:
    """Site paths of the scripts every page loads from files: Material's bundle."""
    bundles = [path for folder in config.theme.dirs
               for path in sorted(Path(folder, "assets", "javascripts").glob("bundle.*.min.js"))]
    return [f"assets/javascripts/{bundles[0].name}"] if bundles else []


def on_nav(nav, config: MkDocsConfig, files: Files):
    _state["nav"] = nav
    return nav


def on_page_context(context: dict, page, config: MkDocsConfig, nav) -> dict:
    # Structured data for the head (overrides/main.html): Open Graph pairs, which
    # the template escapes, and JSON-LD, which it serialises with tojson. Plain
    # values from the profile, not page.meta (escaped for HTML already).
    publication = _state["prepared"].publication  # type: ignore[attr-defined]
    context["casebook_head"] = publication.head.get(page.file.src_uri)
    return context


# Material's search worker (9.x) mishandles Chinese queries in two ways; we
# mend the built copy rather than fork the theme. Each fix must apply exactly
# once: if Material changes, the build stops here instead of search silently
# getting worse.
WORKER_FIXES = [
    (
        # segment() never tries a slice that ends at the query's last character,
        # so 红色物业 was searched as 红色* and matched 红色合伙人 just as well.
        "查询分词漏掉最后一个字",
        re.compile(r"(for\(let (\w+)=(\w+)\+1;\2)<(\w+\.length;\2\+\+\)\w+\.slice\(\3,\2\)in )"),
        r"\1<=\4",
    ),
    (
        # A metric phrase is a number next to Chinese (15亿元, 1200余人次, 服务520):
        # the number is required, and so is a segment right after it, so that
        # 15分钟 or 11个 no longer compete with it.
        "数字与紧邻的中文一并作为必需词",
        re.compile(r'(\w)=\1\.replace\((new RegExp\("\\\\p\{sc=Han\}\+","gu"\)),'),
        r'\1=\1.replace(/(?<![\\w.+])(\\d+(?:\\.\\d+)?)(?=\\p{sc=Han})/gu,"+$1 +")'
        r'.replace(/(?<=\\p{sc=Han})(\\d+(?:\\.\\d+)?)(?![\\w.])/gu," +$1").replace(\2,',
    ),
    (
        # Segmented Chinese was glued to neighbouring digits: 1200余人次 became
        # the single term 1200余*, which no indexed token (1200, 余人次) matches.
        # A segment right after a required number keeps its +.
        "中文片段与相邻数字粘连",
        re.compile(r'(\w+)=>(\[\.\.\.\w+\(\1,this\.index\.invertedIndex\)\]\.join\("\* "\))'),
        r'(\1,_o,_a)=>(_a[_o-1]==="+"?"":" ")+\2+" "',
    ),
    (
        # A query in Traditional characters (紅色物業) is searched in Simplified
        # (the table is prepended to the worker by on_post_build).
        "繁体查询转为简体",
        re.compile(r"(search\((\w)\)\{)(if\(\2=\2\.replace\()"),
        r"\1\2=[...\2].map(c=>self.__casebookFold[c]||c).join('');\3",
    ),
    (
        # Every term got a trailing wildcard, so 15 also matched 150 and 1500.
        "数字按原样匹配",
        re.compile(r"(\.map\(\w+=>/\(\^\[\+-\]\|\[~\^\]\\d\+\$)(\)/\.test\()"),
        r"\1|^\\d+(\\.\\d+)?$\2",
    ),
]


WATCHED_EVENTS = ["FileCreatedEvent", "FileModifiedEvent", "FileDeletedEvent", "FileMovedEvent", "FileClosedEvent",
                  "DirCreatedEvent", "DirDeletedEvent", "DirMovedEvent"]


def on_serve(server, config: MkDocsConfig, builder):
    """MkDocs watches with a polling observer: twice a second it lists and stats every
    watched file, 10,000 profiles included, in the process that rebuilds (a third of
    its time during a rebuild at 10,000 profiles). The system's change notifications
    (inotify, FSEvents, ReadDirectoryChangesW) cost nothing between edits.
    CASEBOOK_WATCH=poll keeps polling, for file systems that do not report changes
    (some network and container mounts)."""
    from watchdog import events
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    # Whatever interrupts MkDocs' shutdown (a second Ctrl+C), the process can end: the
    # server's thread does not keep it alive (MkDocs' own request threads do not either).
    thread = getattr(server, "serve_thread", None)
    if thread is not None and not thread.is_alive():
        thread.daemon = True
    if os.environ.get("CASEBOOK_WATCH") == "poll" or Observer is PollingObserver:
        return server
    # Changes only: the native observers also report files opened, and closed
    # without a write, and every rebuild reads all the profiles, so each rebuild
    # would set off the next.
    changes = [getattr(events, name) for name in WATCHED_EVENTS]

    class ChangesOnly(Observer):  # type: ignore[misc, valid-type]
        def schedule(self, handler, path, *, recursive=False, event_filter=None, **options):
            return super().schedule(handler, path, recursive=recursive, event_filter=event_filter or changes,
                                    **options)
    # MkDocs has scheduled these on its observer before this event; the rest (mkdocs.yml's
    # watch list) comes after it and goes to the new one.
    watched = [path for path in (config.docs_dir, config.config_file_path) if path]
    try:
        for path in watched:
            server.unwatch(path)
    except (KeyError, AttributeError):  # another MkDocs: leave its observer alone
        log.debug("serve: MkDocs' watched paths changed; keeping its polling observer")
        return server
    server.observer = ChangesOnly()
    for path in watched:
        server.watch(path)
    return server


def _serving() -> bool:
    return _state["command"] == "serve"


def _pagefind() -> bool:
    """The published site and packs search with Pagefind (casebook build, bundle); serve with Material's own."""
    return os.environ.get("CASEBOOK_SEARCH") == "pagefind"


def _offline() -> bool:
    """A class pack's build (casebook bundle): pages to open from file://."""
    return os.environ.get("CASEBOOK_OFFLINE", "").lower() == "true"


# Appended to the mended worker, so that a dirty rebuild, which keeps the copy
# already in site/, does not mend it twice.
FIXED_MARK = "\n/* casebook: WORKER_FIXES applied */\n"


def on_post_build(config: MkDocsConfig) -> None:
    sharing: _Sharing | None = _state.pop("sharing", None)  # type: ignore[assignment]
    if sharing is not None and (error := sharing.end()) is not None:
        raise PluginError(f"有的页面没有生成：{error}")
    gc.unfreeze()  # the pages are written (on_config froze them)
    workers = sorted(Path(config.site_dir, "assets", "javascripts", "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise PluginError(f"找不到 Material 的搜索脚本（{len(workers)} 个候选）：中文搜索修正无法应用")
    worker = workers[0]
    text = worker.read_text(encoding="utf-8")
    if FIXED_MARK in text:
        return  # a dirty rebuild of `serve` kept the mended copy
    if _pagefind():
        # Material's search box, answered by Pagefind (site/search.py); what the
        # worker is told (its settings, a pack's) search.settle_worker adds.
        worker.write_text(_theme_text(config, "assets/casebook/search-worker.js"), encoding="utf-8")
        worker.with_name(worker.name + ".map").unlink(missing_ok=True)
        return
    prepared: Prepared = _state["prepared"]  # type: ignore[assignment]
    # Queries in Traditional characters fold to the Simplified ones the index holds.
    fold = json.dumps(prepared.folding, ensure_ascii=True, separators=(",", ":"))
    text = f"self.__casebookFold={fold};\n" + text
    for name, pattern, replacement in WORKER_FIXES:
        text, count = pattern.subn(replacement, text)
        if count != 1:
            raise PluginError(f"Material 的搜索脚本已变化，“{name}”修正匹配到 {count} 处（应为 1 处）："
                              f"请检查 scripts/casebook/site/mkdocs_hooks.py 中的 WORKER_FIXES")
    worker.write_text(text + FIXED_MARK, encoding="utf-8")
