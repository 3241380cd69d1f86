"""Rendering: a golden page, and the listings built from the same fixtures.

Regenerate the golden file after an intended change with
    CASEBOOK_UPDATE_GOLDEN=1 pytest tests/test_render.py
and review the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys

import pytest
import yaml

from casebook.site.history import CST, Dates
from casebook.site.library import Library
from casebook.site.render import Options, render_site
from casebook.profile.validate import check_project

from casebook.paths import Project
from conftest import FIXTURES, ROOT

GOLDEN = FIXTURES / "golden"
# 收录于 / 更新于 as history.py would find them in git.
DATES = {"golden-part": Dates(dt.datetime(2026, 11, 20, 9, 30, tzinfo=CST), dt.datetime(2026, 11, 25, 18, 5, tzinfo=CST),
                              from_git=True)}


@pytest.fixture
def pages(tmp_project) -> dict[str, str]:
    project = tmp_project(profiles=sorted((GOLDEN / "profiles").glob("*.md")))
    report = check_project(project)
    assert report.problems == []
    return render_site(Library.from_report(report), Options(site_url="https://cases.test/", dates=DATES))


def test_profile_page_golden(pages):
    golden = GOLDEN / "golden-part.md"
    if os.environ.get("CASEBOOK_UPDATE_GOLDEN"):
        golden.write_text(pages["profiles/golden-part.md"], encoding="utf-8")
    assert pages["profiles/golden-part.md"] == golden.read_text(encoding="utf-8")


def test_generated_page_set(pages):
    assert sorted(pages) == [
        "explore/index.md", "index.md",
        "practices/hongse-hehuoren.md", "practices/index.md", "practices/shequ-jiaoyu.md",
        "profiles/golden-other.md", "profiles/golden-part.md", "profiles/golden-umbrella.md",
        "regions/fujian.md", "regions/index.md", "regions/shandong.md",
        "stats/hongse-hehuoren.md", "stats/index.md", "stats/shequ-jiaoyu.md",
        "years/2024.md", "years/index.md", "years/unknown.md",
    ]


def test_umbrella_lists_its_parts_and_unknown_year_is_listed(pages):
    umbrella = pages["profiles/golden-umbrella.md"]
    assert re.search(r'<p>本项目下的具体做法：</p>\n<!-- /html -->\n\n<!-- html -->\n<ul>\n<li><a href="../golden-part/">'
                     r'样例社区：“合伙人”办课堂</a> · ', umbrella)
    assert "年份不详" in pages["years/index.md"]
    assert '<a href="../../profiles/golden-other/">另一街道：年份不详的社区教育</a>' in pages["years/unknown.md"]


def test_region_page_has_anchors_the_breadcrumbs_use(pages):
    region = pages["regions/shandong.md"]
    assert "## 济南市 { #济南市 }" in region
    assert "### 济南高新区（功能区） { #济南市-济南高新区 }" in region
    assert 'href="../../regions/shandong/#济南市-济南高新区"' in pages["profiles/golden-part.md"]


def test_home_counts(pages):
    assert "目前共有 **3** 个案例，来自 **2** 个省级行政区，涉及 **2** 种做法。" in pages["index.md"]


def test_drafts_have_pages_in_the_preview_only(tmp_project, seeds):
    """A draft as the importer writes it (TODO placeholders everywhere) renders in
    serve, marked 草稿 with its to-do list; a build or a pack never shows it."""
    from casebook.importer.article import import_article
    from casebook.site.prepare import prepare

    project = tmp_project(all_profiles=True)
    draft = import_article(project, sorted(seeds.glob("*.txt"))[0]).path
    preview = prepare(project, drafts=True)
    page = preview.pages[f"profiles/{draft.stem}.md"]
    assert '<div class="admonition warning">\n<p class="admonition-title">草稿</p>' in page and "待办" in page
    assert f"(profiles/{draft.stem}/)" in preview.pages["index.md"]
    built = prepare(project)
    assert f"profiles/{draft.stem}.md" not in built.pages
    assert draft.stem not in built.extra_files["downloads/casebook-profiles.json"]


@pytest.mark.skipif(sys.platform != "linux", reason="the pool forks: Linux only")
def test_profile_pages_rendered_in_a_pool_are_the_pages_rendered_one_by_one(monkeypatch):
    from casebook.site import render as render_mod

    library = Library.from_report(check_project(Project(ROOT)))
    monkeypatch.setattr(render_mod, "POOL_FROM", 10**9)
    alone = render_mod.Renderer(library, Options()).profile_pages()
    monkeypatch.setattr(render_mod, "POOL_FROM", 2)
    monkeypatch.setattr(render_mod, "jobs", lambda: 2)
    pooled = render_mod.Renderer(library, Options()).profile_pages()
    assert list(pooled) == list(alone) and pooled == alone
    assert len(alone) == len(library.items) > 2


def test_the_templates_html_block_markers_are_theirs_alone(tmp_project):
    """A profile's text cannot open or close one of the template's HTML blocks
    (pages.HTML_BLOCK): a stray marker would swallow the headings after it."""
    from mkdocs.config import load_config

    from casebook.site.pages import render_all

    source = (GOLDEN / "profiles" / "golden-other.md").read_text(encoding="utf-8")
    head, _, body = source.partition("\n## ")
    stray = head + "\n<!-- html -->\n\n甲乙 *强调*\n\n  <!-- /html -->\n\n## " + body
    project = tmp_project(profiles=[])
    (project.root / "profiles" / "golden-other.md").write_text(stray, encoding="utf-8")
    report = check_project(project)
    # The check refuses comments (P031); an unchecked build (prepare's `unchecked`) renders it anyway.
    assert {p.code for p in report.problems} == {"P031"}
    pages = render_site(Library.from_report(report, unchecked=True), Options())
    assert "<!-- html -->\n\n甲乙" not in pages["profiles/golden-other.md"]
    config = load_config(str(ROOT / "mkdocs.yml"))
    page = render_all({"p.md": pages["profiles/golden-other.md"]}, config["markdown_extensions"],
                      config["mdx_configs"], workers=1)["p.md"]
    assert "<em>强调</em>" in page.html  # still Markdown
    headings = [t["name"] for t in page.toc[0]["children"]]
    assert headings[-2:] == ["来源", "引用本页"] or headings[-3:] == ["来源", "相关案例", "引用本页"], headings


def test_converted_pages_leave_only_their_front_matter_for_the_engine():
    """The engine reads a converted page's front matter (title, description) and
    nothing else of its Markdown, which it would otherwise hold twice to the end."""
    from mkdocs.config import load_config

    from casebook.site.pages import take_all

    config = load_config(str(ROOT / "mkdocs.yml"))
    head = '---\ntitle: "府佑社区"\ndescription: "把服务中心搬进大厅"\n---\n'
    pages = {"a.md": head + "\n# 府佑社区\n\n正文 *强调*\n", "b.md": "# 没有前置信息\n\n正文\n"}
    converted = take_all(pages, config["markdown_extensions"], config["mdx_configs"], workers=1)
    assert pages == {"a.md": head, "b.md": ""}
    assert "<em>强调</em>" in converted["a.md"].html and "description" not in converted["a.md"].html
    assert [t["name"] for t in converted["b.md"].toc] == ["没有前置信息"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_long_listings_are_split_into_pages_that_link_each_other(tmp_project, directory_urls):
    import posixpath

    from casebook.site.fragments import fill
    from casebook.site.render import render_site_with_fragments, url_of

    project = tmp_project(profiles=sorted((GOLDEN / "profiles").glob("*.md")))
    library = Library.from_report(check_project(project))
    rendered, fragments = render_site_with_fragments(library, Options(list_page=1, directory_urls=directory_urls))
    pages = {path: fill(text, fragments) for path, text in rendered.items()}
    served = {url_of(path, directory_urls): path for path in pages}
    for year, items in library.by_year:
        first = f"years/{year or 'unknown'}.md"
        split = [first] + [f"years/{year or 'unknown'}/{n}.md" for n in range(2, len(items) + 1)]
        assert [p for p in pages if p == first or p.startswith(first[:-3] + "/")] == split
        listed = []
        for number, path in enumerate(split, 1):
            text = pages[path]
            listed += re.findall(r'<p><a href="[^"]*profiles/([\w-]+)', text)
            assert f"共 {len(items)} 个案例" in text
            if len(split) == 1:
                assert "cb-pager" not in text
                continue
            # The title says which page this is; the pager links every other page and
            # the neighbours, each to a page that exists.
            front = yaml.safe_load(text.split("---\n")[1])
            assert front["title"] == (f"{year}年" if year else "年份不详") + (f"（第 {number} 页）" if number > 1 else "")
            # The local preview's search (Material's) finds the listing by its first page only.
            assert front["search"].get("exclude", False) == (number > 1)
            # A navigation landmark above the list and one below, named apart; the
            # current page is marked for screen readers.
            pagers = re.findall(r'<nav class="cb-pager" aria-label="([^"]+)">\n<p>第 (\d+) 页，共 (\d+) 页：(.*?)</p>\n</nav>',
                                text)
            assert [(label, n, count) for label, n, count, _ in pagers] == [
                ("分页（列表上方）", str(number), str(len(split))), ("分页（列表下方）", str(number), str(len(split)))]
            assert pagers[0][3] == pagers[1][3] and f'<strong aria-current="page">{number}</strong>' in pagers[0][3]
            links = dict((label, href) for href, label in
                         re.findall(r'<a href="([^"]*)"(?: rel="(?:prev|next)")?>([^<]*)</a>', pagers[0][3]))
            here = url_of(path, directory_urls)
            base = here if here.endswith("/") else posixpath.dirname(here) + "/"
            for label, href in links.items():
                target = posixpath.normpath(posixpath.join(base, href)) + ("/" if href.endswith("/") else "")
                want = {"上一页": number - 1, "下一页": number + 1}.get(label, int(label) if label.isdigit() else 0)
                assert served.get(target.removeprefix("./")) == split[want - 1], (path, label, href)
            assert ("上一页" in links) == (number > 1) and ("下一页" in links) == (number < len(split))
        # Every profile of the year once, in the year's order.
        assert listed == [item.id for item in items]
    assert any(len(items) > 1 for _, items in library.by_year)  # the fixture has a year to split
    for practice, items in library.by_practice:  # practices are split the same way
        first = f"practices/{practice.slug}.md"
        assert len([p for p in pages if p == first or p.startswith(first[:-3] + "/")]) == len(items)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_large_province_lists_each_districts_newest_and_the_rest_on_its_own_pages(tmp_project, directory_urls,
                                                                                     monkeypatch):
    import posixpath

    from casebook.site import render
    from casebook.site.fragments import fill
    from casebook.site.render import render_site_with_fragments, url_of

    project = tmp_project(all_profiles=True)
    library = Library.from_report(check_project(project))
    # The 25 profiles' site as it is: every district in full on its province's page.
    small = render_site_with_fragments(library, Options(directory_urls=directory_urls))[0]
    assert not [p for p in small if re.match(r"regions/[\w-]+/", p)]
    assert "以上是最新的" not in "".join(small[g.page] for g in library.regions)
    # Provinces above 3 profiles are large; districts above 1 get pages of their own, 3 profiles each.
    monkeypatch.setattr(render, "REGION_SHOWN", 1)
    rendered, fragments = render_site_with_fragments(library, Options(list_page=3, directory_urls=directory_urls))
    pages = {path: fill(text, fragments) for path, text in rendered.items()}
    served = {url_of(path, directory_urls): path for path in pages}

    def target(path: str, href: str) -> str | None:
        here = url_of(path, directory_urls)
        base = here if here.endswith("/") else posixpath.dirname(here) + "/"
        href, _, anchor = href.partition("#")
        resolved = posixpath.normpath(posixpath.join(base, href)) + ("/" if href.endswith("/") else "")
        return served.get(resolved.removeprefix("./"))

    own_pages = 0
    for group in library.regions:
        text = pages[group.page]
        for city in group.cities:
            for district in city.districts:
                anchor = f"{city.name}-{district.name}"
                assert f'{{ #{anchor} }}' in text  # the breadcrumbs' anchors stay on the province's page
                section = text.split(f'{{ #{anchor} }}')[1].split("\n### ")[0].split("\n## ")[0]
                shown = re.findall(r'<p><a href="[^"]*profiles/([\w-]+)|<li><a href="[^"]*profiles/([\w-]+)', section)
                shown = [a or b for a, b in shown]
                ids = [item.id for item in district.items]
                if group.count <= 3 or len(ids) <= 1:
                    assert shown == ids and "以上是最新的" not in section
                    continue
                assert shown == ids[:1]
                more = re.search(rf"共 {len(ids)} 个案例，以上是最新的 1 个。\[(.+?)的全部案例\]\(([^)]+)\)", section)
                assert more and more.group(1) == district.name
                first = target(group.page, more.group(2))
                assert first is not None and first.startswith(f"regions/{group.province.slug}/")
                split = [first] + [f"{first[:-3]}/{n}.md" for n in range(2, (len(ids) + 2) // 3 + 1)]
                assert [p for p in pages if p == first or p.startswith(first[:-3] + "/")] == split
                listed = []
                for path in split:
                    page = pages[path]
                    listed += re.findall(r'<p><a href="[^"]*profiles/([\w-]+)', page)
                    assert f"共 {len(ids)} 个案例" in page
                    back = re.search(r"\[返回(.+?)\]\(([^)]+)\)", page)
                    assert back.group(1) == group.province.name and target(path, back.group(2)) == group.page
                    assert back.group(2).endswith("#" + render.anchor(anchor))
                    assert ("cb-pager" in page) == (len(split) > 1)
                assert listed == ids  # every profile of the district once, in its order
                own_pages += 1
    assert own_pages  # the fixture has a large province with a district to split


def test_a_pager_shows_the_first_the_last_and_the_pages_near_this_one():
    from casebook.site.render import Pager

    pages = tuple(f"p{n}.md" for n in range(1, 21))
    assert Pager(pages, 1).numbers() == [1, 2, 3, None, 20]
    assert Pager(pages, 5).numbers() == [1, 2, 3, 4, 5, 6, 7, None, 20]
    assert Pager(pages, 10).numbers() == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert Pager(pages, 20).numbers() == [1, None, 18, 19, 20]
    assert Pager(pages[:4], 2).numbers() == [1, 2, 3, 4]


@pytest.mark.skipif(sys.platform != "linux", reason="the pool forks: Linux only")
def test_the_rest_of_the_preparation_runs_while_the_pool_renders_the_profiles(monkeypatch):
    """Renderer.pages(meanwhile): listings, downloads, feeds and citations are made in
    this process while the forked pool renders the profile pages; the result is what
    one process makes alone."""
    from casebook.site import render as render_mod
    from casebook.site.fragments import fill
    from casebook.site.prepare import prepare

    project = Project(ROOT)
    monkeypatch.setattr(render_mod, "POOL_FROM", 10**9)
    alone = prepare(project)
    monkeypatch.setattr(render_mod, "POOL_FROM", 2)
    monkeypatch.setattr(render_mod, "jobs", lambda: 2)
    seen = []
    real = render_mod.Renderer.pages

    def watched(self, meanwhile=None):
        def spy(names):
            seen.append((list(names), render_mod._FORKED is self))  # the pool is at work
            meanwhile(names)
        return real(self, spy)

    monkeypatch.setattr(render_mod.Renderer, "pages", watched)
    pooled = prepare(project)
    assert seen == [(list(pooled.pages), True)]

    def filled(prepared):  # slot ids carry a token of their own per build (fragments.py)
        return {name: fill(text, prepared.fragments) for name, text in prepared.pages.items()}

    assert list(pooled.pages) == list(alone.pages) and filled(pooled) == filled(alone)
    assert list(pooled.extra_files) == list(alone.extra_files) and pooled.extra_files == alone.extra_files
    assert (pooled.words, pooled.folding) == (alone.words, alone.folding)
    assert pooled.publication.lastmod == alone.publication.lastmod
    assert pooled.publication.head == alone.publication.head
    assert len(alone.pages) > len(alone.library.items) > 2


def test_templates_are_compiled_once_per_process_and_again_when_edited(tmp_path, monkeypatch):
    """templating.KeptBytecode: serve makes its environments anew on every rebuild."""
    import jinja2

    from casebook import templating

    compiled = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, source, name=None, *a, **k: compiled.append(name) or real(self, source, name, *a, **k))
    monkeypatch.setattr(templating, "KEPT_BYTECODE", templating.KeptBytecode())
    (tmp_path / "page.md.j2").write_text("{{ who }}，你好", encoding="utf-8")
    renders = [templating.environment(tmp_path).get_template("page.md.j2").render(who=w) for w in ("甲", "乙")]
    assert renders == ["甲，你好", "乙，你好"] and compiled == ["page.md.j2"]
    (tmp_path / "page.md.j2").write_text("{{ who }}，再见", encoding="utf-8")
    assert templating.environment(tmp_path).get_template("page.md.j2").render(who="丙") == "丙，再见"
    assert compiled == ["page.md.j2", "page.md.j2"]
