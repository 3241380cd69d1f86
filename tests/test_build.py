"""The build command: a good build, and failures that leave the last site alone."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES

pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "casebook", "--root", str(root), "build"],
                          capture_output=True, text=True, encoding="utf-8")


def test_site_has_generated_pages(built_site):
    project, site = built_site
    ids = [p.stem for p in project.profiles_dir.glob("*.md")]
    for profile_id in ids:
        assert (site / "profiles" / profile_id / "index.html").is_file()
    for page in ["index.html", "regions/index.html", "practices/index.html", "years/index.html",
                 "reference/schema/index.html", "reference/errors/index.html"]:
        assert (site / page).is_file(), page
    html = (site / "profiles" / "jinan-yajuyuan-feiyi-jianzhi-ketang" / "index.html").read_text(encoding="utf-8")
    assert '<span class="cb-metric__value">1,200余</span> <span class="cb-metric__unit">人次</span>' in html
    assert 'lang="zh"' in html
    assert "fonts.googleapis.com" not in html


def test_profile_pages_stay_out_of_the_sidebar(built_site):
    project, site = built_site
    html = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "profiles/" not in html.split('<div class="md-content"')[0]


def test_search_index_keeps_practice_terms_whole(built_site):
    """The published site's Pagefind index (site/search.py): what each page is found by."""
    from casebook.profile.validate import check_project
    from casebook.site import search
    from casebook.site.library import Library
    from casebook.site.prepare import search_words, segmenter

    project, site = built_site
    assert (site / "pagefind" / "pagefind.js").is_file()
    # Its settings are in the search worker, not in a file beside Pagefind's (search.settle_worker).
    assert not (site / "pagefind" / "casebook-search.json").exists()
    worker, = (site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    settled = json.loads(worker.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("self.casebookSearch = ")[:-1])
    assert settled["folding"]["紅"] == "红" and settled["entry"]["languages"]
    library = Library.from_report(check_project(project))
    records = {r.url: r for r in search.library_records(library)}
    cut = segmenter(search_words(library))
    profile = records["profiles/fuqing-beida-hongse-wuye/"]
    # jieba alone cuts 红色物业 into 红色 / 物业; the site dictionary keeps it a whole word,
    # and the profile's practices are its weightiest text, so the name finds it first.
    assert search.whole_word("红色物业") in search.tokens(profile.parts[0][1], cut)
    assert profile.parts[0] == (10.0, "红色物业 志愿服务")
    # A practice page is found by its name, definition and synonyms, not by the profiles it
    # lists, and weighs less than any profile's text.
    practice = records["practices/yishi-xieshang/"]
    text = " ".join(t for _, t in practice.parts)
    assert "民主协商" in text and "北大社区" not in text
    assert max(w for w, _ in practice.parts) < min(w for w, _ in profile.parts)
    # Region and year pages are found by their names.
    assert records["regions/shandong/"].parts[0] == (5.0, "山东省 山东 shandong")   # pinyin too
    assert any(url.startswith("years/") for url in records)


def test_broken_profile_fails_and_keeps_previous_site(tmp_project):
    project = tmp_project(all_profiles=True)
    assert run_build(project.root).returncode == 0
    before = snapshot(project.site_dir)
    broken = FIXTURES / "broken" / "profiles" / "broken-example.md"
    (project.profiles_dir / broken.name).write_text(broken.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_build(project.root)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("profiles/broken-example.md:2: P008 id: ")
    assert "site/ 保持不变" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project.site_dir) == before
    # MkDocs was started while the check ran; it leaves quietly, and nothing behind.
    assert "INFO" not in result.stderr and "mkdocs" not in result.stderr.lower()
    assert not list((project.build_dir / "tmp").iterdir())


def test_strict_warning_fails_and_keeps_previous_site(tmp_project):
    project = tmp_project(all_profiles=True)
    assert run_build(project.root).returncode == 0
    before = snapshot(project.site_dir)
    about = project.docs_dir / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[坏链接](no-such-page.md)\n", encoding="utf-8")
    result = run_build(project.root)
    assert result.returncode == 1
    assert "no-such-page.md" in result.stdout + result.stderr
    assert snapshot(project.site_dir) == before
    assert not list((project.build_dir / "tmp").glob("site-*"))


def test_hand_written_page_where_a_generated_one_goes_fails_the_build(tmp_project):
    project = tmp_project()
    assert run_build(project.root).returncode == 0
    before = snapshot(project.site_dir)
    (project.docs_dir / "regions").mkdir()
    (project.docs_dir / "regions" / "index.md").write_text("# 按地区\n\n手写的页面。\n", encoding="utf-8")
    result = run_build(project.root)
    assert result.returncode == 1
    assert "docs/regions/index.md 与生成的页面同名：请删除或改名 docs/regions/index.md" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project.site_dir) == before


def test_home_page_links_the_open_data_downloads(built_site):
    _, site = built_site
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="downloads/casebook-profiles.json"' in home and 'href="downloads/casebook-metrics.csv"' in home
    data = json.loads((site / "downloads" / "casebook-profiles.json").read_text(encoding="utf-8"))
    assert data["count"] == len(list((site / "profiles").glob("*/index.html")))


def test_every_page_footer_names_the_content_licence(built_site):
    _, site = built_site
    licence = '<a href="https://creativecommons.org/licenses/by/4.0/deed.zh-hans" rel="license">'
    for page in ["index.html", "about/index.html", "profiles/weifang-fuyou-wanzheng-shequ/index.html", "404.html"]:
        footer = (site / page).read_text(encoding="utf-8").split('class="md-copyright"', 1)[1].split("</footer>")[0]
        assert licence in footer, page
        assert "案例由编者依据公开报道整理" in footer  # mkdocs.yml's own note stays


def test_online_pages_preload_their_scripts_and_load_no_file_shim(built_site):
    _, site = built_site
    for page in ["index.html", "profiles/weifang-fuyou-wanzheng-shequ/index.html"]:
        html = (site / page).read_text(encoding="utf-8")
        preloaded = re.findall(r'<link rel="preload" as="script" href="([^"]+)">', html)
        scripts = re.findall(r'<script src="([^"]+)"', html)
        # Each script the page runs from a file is asked for from the top of <head>: Material's
        # bundle (the header's three small scripts are inline, partials/javascripts/).
        assert [p for p in preloaded if "bundle." in p] == preloaded and len(preloaded) == 1, page
        assert len(re.findall(r"<script( data-root=\"[./]+\")?>", html)) == 3, page
        assert set(preloaded) <= set(scripts), page
        for path in preloaded:
            assert (site / page).parent.joinpath(path).resolve().is_file(), path
        # The iframe-worker shim is for file:// (class packs) only.
        assert not any("iframe-worker" in s for s in scripts), page


def test_theme_script_sources_are_in_the_pages_not_beside_them(built_site):
    """The inline scripts' text is in every page and the search worker's is under
    Material's worker name: no second, unused copy of any of them in the site."""
    from casebook.site import csp
    from casebook.site.mkdocs_hooks import THEME_SOURCES

    project, site = built_site
    overrides = project.root / "overrides"
    home = (site / "index.html").read_text(encoding="utf-8")
    for name in csp.THEME_INLINE:
        assert (overrides / name).read_text(encoding="utf-8").removesuffix("\n") in home, name
    worker, = (site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    adapter = (overrides / "assets" / "casebook" / "search-worker.js").read_text(encoding="utf-8")
    assert worker.read_text(encoding="utf-8").endswith(adapter)
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert len(THEME_SOURCES) == 4 and not THEME_SOURCES & published
    assert not [p for p in published if p.startswith("assets/javascripts/lunr/")]  # Material's own search's


def _nav_links(html: str) -> list[str]:
    """Links of the tabs and of the primary sidebar."""
    parts = re.findall(r'<nav class="md-tabs".*?</nav>', html, re.S)
    parts += re.findall(r'data-md-type="navigation".*?</nav>\s*</div>', html, re.S)
    return [href for part in parts for href in re.findall(r'href="([^"#]*)"', part)]


def test_navigation_shared_between_pages_links_right_from_each(built_site):
    """Pages outside the navigation share one rendering of it per depth (overrides/main.html)."""
    _, site = built_site
    pages = ["index.html", "about/index.html", "regions/fujian/index.html", "profiles/fuqing-beida-hongse-wuye/index.html",
             "profiles/weifang-fuyou-wanzheng-shequ/index.html", "practices/hongse-wuye/index.html",
             "stats/hongse-wuye/index.html", "reference/errors/index.html"]
    for page in pages:
        html = (site / page).read_text(encoding="utf-8")
        links = _nav_links(html)
        assert len(links) > 10, page
        for href in links:
            target = (site / page).parent.joinpath(href)
            assert target.is_file() or (target / "index.html").is_file(), (page, href)
    about = (site / "about/index.html").read_text(encoding="utf-8")
    assert re.search(r'md-tabs__item--active">\s*<a href="./"', about) or "md-nav__link--active" in about


def test_navigation_shared_at_one_depth_is_not_reused_at_another(tmp_project):
    from casebook.site.build import build

    project = tmp_project()
    for path in ["notes.md", "guides/two.md", "guides/deep/three.md", "guides/deep/four.md"]:
        (project.root / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (project.root / "docs" / path).write_text(f"# {path}\n\n不在导航中的页面。\n", encoding="utf-8")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "not_in_nav: |\n  /notes.md\n  /guides/\n", encoding="utf-8")
    assert build(project, quiet=True) == 0
    for page in ["notes/index.html", "guides/two/index.html", "guides/deep/three/index.html", "guides/deep/four/index.html"]:
        links = _nav_links((project.site_dir / page).read_text(encoding="utf-8"))
        assert len(links) > 5, page
        for href in links:
            target = (project.site_dir / page).parent.joinpath(href)
            assert target.is_file() or (target / "index.html").is_file(), (page, href)


def test_pages_themed_by_helper_processes_are_the_pages_one_process_makes(built_site, tmp_path):
    """MkDocs puts pages into the theme one at a time in its one process; the hook
    shares the generated pages with forked helpers (mkdocs_hooks._Sharing).
    CASEBOOK_JOBS=1 keeps everything in one process."""
    import os

    project, _ = built_site
    runs = {}
    for jobs in ["1", "3"]:
        out = tmp_path / f"jobs{jobs}"
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose", "--site-dir", str(out)],
                                cwd=project.root, capture_output=True, text=True, encoding="utf-8",
                                env={**os.environ, "CASEBOOK_SEARCH": "pagefind", "CASEBOOK_JOBS": jobs})
        assert result.returncode == 0, result.stderr[-2000:]
        runs[jobs] = (snapshot(out), result.stderr)
    assert "套用主题" not in runs["1"][1]
    assert re.search(r"套用主题：2 个辅助进程，各 \d+–\d+ 页", runs["3"][1])
    assert runs["3"][0] == runs["1"][0]
    assert len([name for name in runs["1"][0] if name.endswith(".html")]) > 60


def test_theme_phrases_looked_up_once_are_materials_phrases():
    """overrides/partials/language.html: the language's phrase, else English, else the key,
    each asked of the theme's macros once (mkdocs_hooks._translator)."""
    import jinja2

    from casebook.site.mkdocs_hooks import _translator

    calls = []
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "partials/languages/xx.html": '{% macro t(key) %}{{ {"search": "搜索"}[key] }}{% endmacro %}',
        "partials/languages/en.html": '{% macro t(key) %}{{ note(key) }}{{ {"search": "Search", "top": "Back to top"}[key] }}'
                                      '{% endmacro %}',
    }))
    env.globals["note"] = lambda key: calls.append(key) or ""
    translate = _translator(env, "xx")
    assert [translate("search"), translate("top"), translate("nothing"), translate("top")] == [
        "搜索", "Back to top", "nothing", "Back to top"]
    assert calls == ["top", "nothing"]


def test_pages_carry_the_themes_chinese_phrases(built_site):
    _, site = built_site
    html = (site / "profiles/fuqing-beida-hongse-wuye/index.html").read_text(encoding="utf-8")
    for phrase in ['aria-label="页眉"', 'placeholder="搜索"', "回到页面顶部", 'aria-label="目录"', "跳转至"]:
        assert phrase in html, phrase
    assert "casebook_translate" not in html and "search.placeholder" not in html
