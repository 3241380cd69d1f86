"""Render a Library into Markdown pages, from Jinja2 templates in templates/.

`render_site` returns {docs-relative path: Markdown}; the engine glue adds
them to the site as virtual pages, and the benchmark writes them to a folder
for a stock MkDocs build. Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from jinja2 import Environment
from markupsafe import Markup

from .. import templating
from ..parallel import POOL_FROM, can_fork, fork_pool, jobs, shares
from ..profile import markup
from ..profile.checks import PROFILE_LINK_RE
from ..zh.numbers import format_value, markers
from . import explore, export, geo, pages, stats
from .fragments import Fragments
from .history import Dates
from .library import Item, Library

TEMPLATES = Path(__file__).parent / "templates"
LinkPolicy = Literal["online", "drop"]
LEVEL_NAMES = {"province": "省", "city": "市", "district": "区县", "street": "街道（乡镇）", "community": "社区"}


@dataclass(frozen=True)
class Options:
    site_url: str = ""
    # What happens to links to published profiles left out of a class pack.
    outside_links: LinkPolicy = "online"
    pack: object | None = None  # packs.Pack, for a class pack build
    # Pages served as folders (profiles/x/), or as files (profiles/x.html: offline packs).
    directory_urls: bool = True
    # 收录于 / 更新于 of each profile, by id (history.py); a profile without dates shows none.
    dates: Mapping[str, Dates] = field(default_factory=dict)
    # Class-pack zips published with the site (publish.PackZip), listed on the home page.
    pack_zips: tuple = ()
    # A class pack printed to handout.pdf as well (bundle --no-pdf: only handout.html).
    pack_pdf: bool = True
    # Profiles per page of a year's or a practice's listing (Pager).
    list_page: int = 100


# A class pack's home lists its profiles with their summaries; a pack of the whole
# library lists this many and leaves the rest to the filter, region and practice
# pages and to search: 1,000 summaries made a 450 KB home page that took 0.7 s to
# open from file:// before search could start.
PACK_HOME_LIST = 50


@dataclass(frozen=True)
class Pager:
    """Page `number` (from 1) of a listing split into `pages` (docs paths, the first
    the listing's own: years/2020.md, then years/2020/2.md …). A year or a practice
    lists every profile it has; at 10,000 profiles one year's page was 4.3 MB,
    more than a phone should load to show its first screen."""
    pages: tuple[str, ...]
    number: int

    @property
    def count(self) -> int:
        return len(self.pages)

    def numbers(self, around: int = 2) -> list[int | None]:
        """The page numbers a pager shows: all of a few, else the first, the last and
        those near this one, None where some are left out."""
        near = set(range(self.number - around, self.number + around + 1)) | {1, self.count}
        out: list[int | None] = []
        last = 0
        for n in sorted(near & set(range(1, self.count + 1))):
            if n - last > 1:  # one page left out is shown; more become "…"
                out.append(n - 1 if n - last == 2 else None)
            out.append(n)
            last = n
        return out


def paged(first: str, items: list, size: int) -> list[tuple[str, list, Pager]]:
    """A listing as (docs path, its items, Pager) for each page of at most `size` items."""
    size = max(1, size)
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
    stem = first.removesuffix(".md")
    pages = (first, *(f"{stem}/{number}.md" for number in range(2, len(chunks) + 1)))
    return [(pages[n], chunk, Pager(pages, n + 1)) for n, chunk in enumerate(chunks)]


# A province with more profiles than a listing page lists under each district its
# newest few, and each district in full on pages of its own: at 10,000 profiles one
# province's page was 1.2 MB. The headings stay on the province's page, with the
# anchors that the breadcrumbs and the list of regions link to.
REGION_SHOWN = 5


def district_pages(group, size: int) -> list[tuple]:
    """(city, district, docs path of the district's own listing) for each district
    with more than REGION_SHOWN profiles, where the province has more than `size`.
    Named by a digest of the city's and the district's names (regions/fujian/1f0c2a9e.md):
    ASCII, as a class pack's files must be for an old unzip program, the same from
    build to build, and with no pinyin dictionary to load (0.36 s of a build)."""
    if group.count <= size:
        return []
    out: list[tuple] = []
    taken: set[str] = set()
    for city in group.cities:
        for district in city.districts:
            if len(district.items) <= REGION_SHOWN:
                continue
            base = hashlib.blake2b(f"{city.name}\n{district.name}".encode(), digest_size=4).hexdigest()
            name, n = base, 2
            while name in taken:
                name, n = f"{base}-{n}", n + 1
            taken.add(name)
            out.append((city, district, f"regions/{group.province.slug}/{name}.md"))
    return out


# A left-out profile in a pack that links online, built without a site address:
# named, with the reason it cannot be opened, rather than linked nowhere.
NOT_CONFIGURED = "（本课包未收录）"
ONLINE_ONLY = "在线内容：课包未收录，需联网打开"


@dataclass(frozen=True)
class Target:
    """A link to a profile: href None when it is outside a pack and no address is configured."""
    href: str | None
    online: bool = False


def environment() -> Environment:
    env = templating.environment(TEMPLATES)
    env.filters["md"] = md_text
    env.filters["text"] = html_text
    env.filters["url"] = md_url
    env.filters["anchor"] = anchor
    env.filters["figure"] = _figure
    env.filters["level_name"] = LEVEL_NAMES.get
    env.filters["day"] = lambda when: f"{when.year}年{when.month}月{when.day}日"
    return env


def url_of(path: str, directory_urls: bool = True) -> str:
    """Where a docs path is served, relative to the site root, as MkDocs places it:
    profiles/x.md → profiles/x/ (or profiles/x.html in packs), index.md → "" (index.html)."""
    path, hash_, anchor = path.partition("#")
    if path.endswith(".md"):
        stem = path[:-3]
        if not directory_urls:
            path = stem + ".html"
        elif stem == "index" or stem.endswith("/index"):
            path = stem[:-5]
        else:
            path = stem + "/"
    return path + hash_ + anchor


def rel(here: str, target: str, directory_urls: bool = True) -> str:
    """The link from page `here` to `target` (both docs paths, #anchors kept), as a
    final relative URL: the pages we render are HTML that no engine rewrites.

    Pure string work: posixpath.relpath consults the working directory on every
    call, which showed up at 10,000 profiles."""
    source = url_of(here, directory_urls)
    target_url = url_of(target, directory_urls)
    path, hash_, anchor = target_url.partition("#")
    base = source.split("/")[:-1]  # the folder the page is served from
    parts = path.split("/")
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    link = "/".join([".."] * (len(base) - common) + parts[common:])
    if not link or link.endswith(".."):
        link = (link + "/") if link else "./"
    return link + hash_ + anchor


def _figure(metric, units: list[str] | None = None) -> str:
    """1,200余 · 近1,000 · 2.1万: the value as a card shows it, markers from the quote."""
    before, after = markers(metric.quote, metric.value, units or [])
    if not metric.approx:
        before, after = "", ""
    return f"{before}{format_value(metric.value, metric.unit)}{after}"


class Renderer:
    def __init__(self, library: Library, options: Options = Options()):
        self.library = library
        self.options = options
        self.env = environment()
        self.env.globals.update(lib=library, opts=options, link=self.link, target=self.target,
                                not_configured=NOT_CONFIGURED, online_only=ONLINE_ONLY, online_url=self.online_url,
                                units=library.vocab.unit_names, rel=self.rel, dates=options.dates,
                                page_url=self.page_url, cite_path=cite_path)
        self.env.filters["shown"] = self.shown
        self.env.globals["visible"] = self.visible
        self.fragments = Fragments()
        self.env.globals["trusted"] = self.trusted
        self.env.globals["province_map"] = lambda: geo.province_map(library)

    def trusted(self, template: str, **context) -> Markup:
        """A block of our own HTML (an .html.j2 template, autoescaped) that the
        sanitiser would strip (svg, form controls): a slot now, filled after sanitising."""
        if not template.endswith(".html.j2"):
            raise ValueError(f"{template}: trusted fragments come from autoescaped .html.j2 templates")
        html = self.env.get_template(template).render(here=context.pop("here", ""), **context)
        return Markup(self.fragments.slot(html))

    def rel(self, here: str, target: str) -> str:
        return rel(here, target, self.options.directory_urls)

    def online_url(self, item: Item) -> str:
        return f"{self.options.site_url.rstrip('/')}/profiles/{item.id}/"

    def page_url(self, item: Item) -> str:
        """The profile's public address; its site-relative path when no address is configured."""
        return export.page_url(item, self.options.site_url)

    def visible(self, item: Item) -> bool:
        """Whether a page may list `item`: in this build, or outside it when the policy links online
        (without a site address it is named, not linked: see NOT_CONFIGURED)."""
        return item.id in self.library.by_id or self.options.outside_links == "online"

    def shown(self, items: list) -> list:
        """The visible items of a list; accepts (item, extra) pairs, as shared_practices returns them."""
        return [entry for entry in items if self.visible(entry[0] if isinstance(entry, tuple) else entry)]

    def target(self, item: Item, here: str) -> Target | None:
        """Where a link to a profile goes, by policy when it is outside this build;
        None when the page must not name it."""
        if item.id in self.library.by_id or item.profile.status == "draft":
            return Target(self.rel(here, item.page))
        if self.options.outside_links == "online" and self.options.site_url:
            return Target(self.online_url(item), online=True)
        if self.options.outside_links == "online":
            return Target(None, online=True)
        return None

    def link(self, item: Item, here: str) -> str | None:
        """A Markdown link to a profile (target())."""
        title = md_text(item.profile.title)
        to = self.target(item, here)
        if to is None:
            return None
        if to.href is None:
            return title + NOT_CONFIGURED
        if to.online:
            return f'[{title}]({to.href}){{ .cb-online-only title="{ONLINE_ONLY}" }}'
        return f"[{title}]({to.href})"

    def body(self, item: Item) -> str:
        """The profile's own Markdown: links to other profiles as final addresses, and
        links to profiles outside the build handled by policy."""
        def replace(match: re.Match) -> str:
            text, ref, anchor = match.group(1), match.group(2), match.group(3) or ""
            if ref in self.library.by_id:
                return f"[{text}]({self.rel(item.page, f'profiles/{ref}.md')}{anchor})"
            target = self.library.outside.get(ref)
            if target is None:
                return match.group(0)
            return self._outside_link(text, target, anchor)

        # The markers of the template's own HTML blocks (pages.HtmlBlocks) are ours alone, and
        # an element the body leaves open must not take in the sections the page adds after it.
        return markup.closed(pages.HTML_MARKER.sub("", PROFILE_LINK_RE.sub(replace, item.body)))

    def _outside_link(self, text: str, target: Item, anchor: str) -> str:
        if self.options.outside_links == "online" and self.options.site_url:
            return f'[{text}]({self.online_url(target)}{anchor}){{ .cb-online-only title="在线内容：课包未收录，需联网打开" }}'
        if self.options.outside_links == "online":
            return text + NOT_CONFIGURED
        return text

    def render(self, template: str, here: str, **context) -> str:
        return self.env.get_template(template).render(here=here, **context)

    def profile_page(self, item: Item) -> str:
        return self.render("profile.md.j2", item.page, item=item, p=item.profile, body=self.body(item))

    def profile_pages(self) -> dict[str, str]:
        with self.profile_pages_meanwhile() as profiles:
            return profiles()

    @contextmanager
    def profile_pages_meanwhile(self) -> Iterator[Callable[[], dict[str, str]]]:
        """Every profile's page: in a pool of forked processes where there are many
        (the renderer and its library are inherited, only page texts come back).
        The pool starts on entering; this process is free for other work inside the
        block, where the yielded function gives the pages."""
        global _FORKED
        items = self.library.with_pages
        workers = jobs()
        if workers == 1 or len(items) < POOL_FROM or not can_fork():
            yield lambda: {item.page: self.profile_page(item) for item in items}
            return
        _FORKED = self
        try:
            with fork_pool(workers) as pool:
                parts = pool.map(_render_profiles, shares(len(items), workers))
                yield lambda: {page: text for part in parts for page, text in part}
        finally:
            _FORKED = None

    def pages(self, meanwhile: Callable[[list[str]], None] | None = None) -> dict[str, str]:
        """Every generated page. `meanwhile(names)` (the pages' names) runs in this
        process while the pool renders the profile pages: at 10,000 profiles the
        listings and the rest of the preparation had one processor to themselves
        for 4-6 s, the other idle."""
        with self.profile_pages_meanwhile() as profiles:
            listings = self.listing_pages()
            if meanwhile is not None:
                meanwhile([*(item.page for item in self.library.with_pages), *listings])
            out = profiles()
        out.update(listings)
        return out

    def listing_pages(self) -> dict[str, str]:
        lib = self.library
        out: dict[str, str] = {}
        home = "pack_home.md.j2" if self.options.pack is not None else "home.md.j2"
        out["index.md"] = self.render(home, "index.md", pack=self.options.pack, home_list=PACK_HOME_LIST)
        out["regions/index.md"] = self.render("regions_index.md.j2", "regions/index.md")
        size = self.options.list_page
        for group in lib.regions:
            own = {}
            for city, district, first in district_pages(group, size):
                own[city.name, district.name] = first
                for page, part, pager in paged(first, district.items, size):
                    out[page] = self.render("district.md.j2", page, group=group, city=city, district=district,
                                            items=part, total=len(district.items), pager=pager)
            out[group.page] = self.render("region.md.j2", group.page, group=group, own=own, shown=REGION_SHOWN)
        out["practices/index.md"] = self.render("practices_index.md.j2", "practices/index.md")
        for practice, items in lib.by_practice:
            for page, part, pager in paged(f"practices/{practice.slug}.md", items, size):
                out[page] = self.render("practice.md.j2", page, practice=practice, items=part, total=len(items),
                                        pager=pager)
        out["years/index.md"] = self.render("years_index.md.j2", "years/index.md")
        for year, items in lib.by_year:
            for page, part, pager in paged(f"years/{year or 'unknown'}.md", items, size):
                out[page] = self.render("year.md.j2", page, year=year, items=part, total=len(items), pager=pager)
        out.update(explore.pages(self))
        out.update(stats.pages(self))
        return out


# Python-Markdown's backslash escapes (with the tables extension): each of these
# may start a link, an emphasis, a heading, a list, an attribute list or a table.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")
_UNSAFE_IN_URL = re.compile(r"[\s<>()\[\]\\\"'`{}|^]")


def md_text(value: object) -> str:
    """A field's text, shown as written wherever a template puts it in Markdown:
    it cannot open a link, a tag, an attribute list or a new block."""
    text = " ".join(str(value).split())  # a newline in a field would start a new block
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    # At the start of a line some punctuation opens a block that no backslash
    # escapes (??? details, ~~~ code, === …): written as a character reference.
    if text[:1] in _BLOCK_START:
        text = f"&#{ord(text[0])};{text[1:]}"
    return text


_BLOCK_START = set("?~=:;/$%^'\"")


def html_text(value: object) -> str:
    """A field's text inside an HTML block (<!-- html -->): escaped, on one line like md_text."""
    return html.escape(" ".join(str(value).split()))


def md_url(value: object) -> str:
    """An address as a Markdown link destination: characters that could end it, percent-encoded."""
    return _UNSAFE_IN_URL.sub(lambda m: "%{:02X}".format(ord(m.group(0))) if ord(m.group(0)) < 128
                              else quote(m.group(0)), str(value))


def anchor(value: object) -> str:
    """A heading id from a place name: letters (Chinese included) and digits, joined by hyphens."""
    return re.sub(r"[\W_]+", "-", str(value)).strip("-") or "x"


def cite_path(item: Item, kind: str) -> str:
    """Docs-relative path of a profile's citation file: kind is bib, ris or json (CSL-JSON)."""
    return f"{export.FOLDER}/cite/{item.id}.{kind}"


def licence_footer(note: str, licence) -> Markup:
    """The theme's footer line: the configured note (mkdocs.yml `copyright`,
    escaped) and the content licence (data/licence.yml)."""
    env = environment()
    html = env.get_template("licence.html.j2").render(licence=licence).strip()
    return Markup("{} {}").format(note, Markup(html)) if note else Markup(html)


_FORKED: Renderer | None = None  # the renderer a pool's forked processes inherit


def _render_profiles(indexes: range) -> list[tuple[str, str]]:
    items = _FORKED.library.with_pages
    return [(items[i].page, _FORKED.profile_page(items[i])) for i in indexes]


def render_site(library: Library, options: Options = Options()) -> dict[str, str]:
    return Renderer(library, options).pages()


def render_site_with_fragments(library: Library, options: Options = Options(), cache: RenderCache | None = None,
                               meanwhile: Callable[[list[str]], None] | None = None,
                               ) -> tuple[dict[str, str], dict[str, str]]:
    """The pages and the trusted fragments their slots stand for. With a `cache`
    (the local preview keeps one between rebuilds), an edit to profile bodies only
    renders those profiles' pages again. `meanwhile`: see Renderer.pages."""
    renderer = Renderer(library, options)
    if cache is None:
        return renderer.pages(meanwhile), renderer.fragments.items
    signature = _signature(library, options)
    own = {item.page: (item.body, options.dates.get(item.id)) for item in library.with_pages}
    if signature != cache.signature:
        pages = renderer.pages(meanwhile)
        cache.signature, cache.pages, cache.fragments, cache.own = signature, pages, dict(renderer.fragments.items), own
        return dict(pages), dict(cache.fragments)
    for item in library.with_pages:
        if cache.own.get(item.page) != own[item.page]:
            cache.pages[item.page] = renderer.profile_page(item)
            cache.own[item.page] = own[item.page]
    if meanwhile is not None:
        meanwhile(list(cache.pages))
    return dict(cache.pages), dict(cache.fragments)


@dataclass
class RenderCache:
    """The pages of the last render and what they were rendered from."""
    signature: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    fragments: dict[str, str] = field(default_factory=dict)
    # profile page → what only that page shows: the body, and the dates (an edited
    # file not yet committed is "updated" at its time on disk)
    own: dict[str, tuple] = field(default_factory=dict)


def _signature(library: Library, options: Options) -> str:
    """Everything a page may show except what only a profile's own page shows (its
    body and dates): every profile's fields (links, listings, related lists,
    statistics), the vocabularies and the build's other options."""
    digest = hashlib.sha256(repr(replace(options, dates={})).encode("utf-8"))
    for item in [*library.items, *library.drafts, *library.outside.values()]:
        digest.update(library.per_item("fields", item, None, lambda: item.profile.model_dump_json().encode("utf-8")))
        digest.update(item.page.encode("utf-8") + b"\0")
    vocab = library.vocab
    for entry in [*vocab.practices, *vocab.units, *vocab.provinces, *vocab.search_terms, vocab.licence]:
        digest.update((entry.model_dump_json() if entry is not None else "-").encode("utf-8") + b"\0")
    return digest.hexdigest()
