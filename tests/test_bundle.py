"""Offline class bundles: the zip, its manifest, the PDF handout, and the
bundle opened from file:// in Chromium with every request intercepted."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from casebook.packs.bundle import bundle
from casebook.profile.validate import check_project

import formats
from conftest import make_project
from pdfpages import bookmarks, ink_ratio, page_texts, render

pytestmark = pytest.mark.slow

DAY = dt.date(2026, 12, 1)
PACK = "hongse-wuye-linli-fuwu"
PACK_IDS = {"fuqing-beida-hongse-wuye", "fuqing-beida-linli-guanjia",
            "fuqing-beida-dangjian-lianmeng", "fuqing-beida-yizhanshi-fuwu"}
LEFT_OUT = "fuqing-beida-hongse-ketang"  # linked from fuqing-beida-linli-guanjia, not in the pack


@pytest.fixture(scope="module")
def online(tmp_path_factory):
    """The whole library built as its online edition and served on localhost:
    the address (SITE_URL) that packs link the profiles they leave out to."""
    from browser import serve
    from casebook.site.build import build

    project = make_project(tmp_path_factory.mktemp("online"), all_profiles=True)
    with serve(project.site_dir) as url:
        with pytest.MonkeyPatch.context() as env:
            env.setenv("SITE_URL", url)
            assert build(project, quiet=True) == 0
        yield url


@pytest.fixture(scope="module")
def built(tmp_path_factory, online):
    """The pack bundled once from a copy of the project, with the online edition's address, and unzipped."""
    project = make_project(tmp_path_factory.mktemp("bundle"), all_profiles=True)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", online)
        result = bundle(project, PACK, today=DAY)
    assert result.problems == [], [str(p) for p in result.problems]
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(result.zip_path) as archive:
        names = archive.namelist()
        archive.extractall(target)
    folder = target / f"{PACK}-{DAY.isoformat()}"
    return project, result, names, folder


def test_zip_is_dated_and_holds_one_folder(built):
    _, result, names, folder = built
    assert result.zip_path.name == f"{PACK}-2026-12-01.zip"
    assert {n.split("/")[0] for n in names} == {folder.name}
    for required in ["index.html", "handout.html", "handout.pdf", "manifest.json", "README.txt",
                     "search/search_index.js", "assets/vendor/iframe-worker/shim.js"]:
        assert f"{folder.name}/{required}" in names, required
    assert not [n for n in names if n.endswith(".map")]  # developers' source maps stay out of a class's pack
    assert not [n for n in names if "/assets/javascripts/lunr/" in n]  # nor Material's lunr, which nothing loads


def pagefind_pages(folder: Path) -> dict[str, dict]:
    """{address: page data} of a pack's Pagefind index, read from its scripts."""
    pages = {}
    for script in (folder / "pagefind" / "fragment").glob("*.pf_fragment.js"):
        call = re.fullmatch(r'casebookPagefindFile\("([^"]+)","([A-Za-z0-9+/=]*)"\);\n', script.read_text("ascii"))
        assert call and call.group(1) == f"fragment/{script.name.removesuffix('.js')}", script.name
        data = base64.b64decode(call.group(2))  # slim fragments are not compressed (search.slim_fragments)
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        pages[fragment["url"]] = fragment
    return pages


def test_every_address_in_a_pack_is_a_file_of_it_or_a_website(built):
    """Crawled from file://, a pack must hold what its pages link to and load. 404.html, which
    only a server shows, linked the site's root (/assets/…): 18 dead links in a folder."""
    import re
    from urllib.parse import unquote, urlsplit

    _, _, _, folder = built
    dead = []
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for address in re.findall(r'\s(?:href|src)="([^"]*)"', text):
            parts = urlsplit(address)
            if parts.scheme in ("http", "https", "mailto", "data") or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if not parts.path.startswith("/") else None
            if target is None or not (target.is_file() or (target / "index.html").is_file()):
                dead.append(f"{page.relative_to(folder)}: {address}")
    assert dead == []


def test_pack_searches_with_pagefind_from_scripts(built):
    """The same engine as the published site; a browser fetches nothing from file://,
    so the pack holds Pagefind's files as scripts (search.pack_for_file)."""
    *_, folder = built
    files = [p.relative_to(folder / "pagefind").as_posix() for p in (folder / "pagefind").rglob("*") if p.is_file()]
    assert "pagefind.classic.js" in files and "pagefind-entry.json.js" in files
    assert all(name.endswith(".js") for name in files), [n for n in files if not n.endswith(".js")][:5]
    assert "pagefind-worker.js" not in files and "pagefind.js" not in files
    # Material's own index stays empty: its worker is ours, told it runs in a pack.
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    worker = next((folder / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    settings, packed = worker.read_text(encoding="utf-8").split("\n")[:2]
    assert settings.startswith("self.casebookSearch = {") and packed == "self.casebookPacked = true;"
    # WebAssembly may compile in the pack's pages (the shim's iframe inherits their policy), JavaScript eval may not.
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                       (folder / "index.html").read_text(encoding="utf-8")).group(1)
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src "))
    assert "'wasm-unsafe-eval'" in script_src and "'unsafe-eval'" not in script_src
    # Addresses as a pack has them (profiles/x.html), found by their practices.
    pages = pagefind_pages(folder)
    assert pages["/profiles/fuqing-beida-hongse-wuye.html"]["meta"]["title"].startswith("北大社区")


def test_zip_contains_only_the_selected_profiles(built):
    _, _, names, folder = built
    profiles = {Path(n).stem for n in names if n.startswith(f"{folder.name}/profiles/")}
    assert profiles == PACK_IDS
    indexed = {url.removeprefix("/profiles/").removesuffix(".html") for url in pagefind_pages(folder)
               if url.startswith("/profiles/")}
    assert indexed == PACK_IDS
    data = json.loads((folder / "downloads" / "casebook-profiles.json").read_text(encoding="utf-8"))
    assert {p["id"] for p in data["profiles"]} == PACK_IDS


def test_manifest_matches_the_files(built):
    project, _, names, folder = built
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["profiles"]) == PACK_IDS
    assert manifest["pack"]["name"] == PACK
    assert manifest["pack"]["definition"]["select"]["practices"] == ["红色物业", "邻里管家", "志愿服务"]
    assert dt.datetime.fromisoformat(manifest["built_at"]).tzinfo is not None
    assert manifest["source_commit"]  # a commit, or "unknown" outside git
    files = manifest["checksums"]["files"]
    on_disk = sorted(n.removeprefix(folder.name + "/") for n in names if not n.endswith("/"))
    assert sorted([*files, "manifest.json"]) == on_disk
    for name, digest in files.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_pdf_has_cover_with_class_title_and_a_page_per_profile(built, tmp_path):
    _, _, _, folder = built
    pdf = folder / "handout.pdf"
    texts = page_texts(pdf)
    # cover + contents + at least one page per profile, and not absurdly many
    assert len(PACK_IDS) + 2 <= len(texts) <= 3 * len(PACK_IDS) + 2
    cover = texts[0].replace("\r", "").replace("\n", "")
    assert "红色物业与邻里服务：小区里的党建引领" in cover
    assert "培训讲义" in cover.replace(" ", "")
    assert "目录" in texts[1]
    for profile_title in ["北大社区：建小区党支部推“红色物业”", "北大社区：与驻区单位结成党建联盟"]:
        assert any(profile_title in t.replace("\r\n", "") for t in texts[2:]), profile_title
    # Numbered pages for a class to find its place: "n / total" on every page but the cover.
    total = len(texts)
    assert f"1 / {total}" not in texts[0]
    for index in range(1, total):
        assert f"{index + 1} / {total}" in texts[index], index + 1
    # Bookmarks: the class title, the contents, and each profile on its own page.
    marks = {title: page for _, title, page in bookmarks(pdf)}
    assert marks["红色物业与邻里服务：小区里的党建引领"] == 0 and marks["目录"] == 1
    for profile_title in ["北大社区：建小区党支部推“红色物业”", "北大社区：与驻区单位结成党建联盟"]:
        page = next(page for title, page in marks.items() if profile_title in title)
        assert profile_title in texts[page].replace("\r\n", ""), profile_title
    # Pages as images: the cover and a profile page carry visible ink (fonts rendered).
    for index in (0, 2):
        width, height, rgb = render(pdf, index, scale=0.5)
        assert ink_ratio(rgb) > 0.005, f"第 {index + 1} 页几乎是空白"


def test_no_half_written_zip_on_failure(tmp_project, monkeypatch):
    project = tmp_project(all_profiles=True)
    monkeypatch.setenv("CHROMIUM", "/bin/false")
    monkeypatch.setattr("casebook.packs.pdf.find_chromium", lambda: "/bin/false")
    result = bundle(project, PACK, today=DAY)
    assert result.zip_path is None
    assert [p.code for p in result.problems] == ["K004"]
    assert "PDF" in result.problems[0].message
    leftovers = list((project.build_dir / "bundles").glob("*")) if (project.build_dir / "bundles").exists() else []
    assert leftovers == []
    assert list((project.build_dir / "tmp").glob("bundle-*")) == []


def test_drop_policy_leaves_no_link_to_left_out_profiles(tmp_project, monkeypatch):
    project = tmp_project(all_profiles=True)
    monkeypatch.setenv("SITE_URL", "https://cases.test/")
    result = bundle(project, "shuji-shalong-pinpai", today=DAY, pdf=False)
    assert result.problems == []
    with zipfile.ZipFile(result.zip_path) as archive:
        pages = [archive.read(n).decode("utf-8") for n in archive.namelist()
                 if "/profiles/" in n and n.endswith(".html")]
    assert pages and all("cb-online-only" not in page for page in pages)
    # (each page's own <link rel="canonical"> names its online address; that is not a link to follow)
    assert not any(re.search(r'<a [^>]*href="https://cases\.test/profiles/', page) for page in pages)


@pytest.fixture
def offline_page(browser, built):
    """A page in a context that lets file: through and records and blocks everything else."""
    context = browser.new_context()
    outside: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith("file:"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    yield page, outside, built[3]
    context.close()


@pytest.mark.browser
def test_pack_opens_from_file_with_search_and_no_network(offline_page):
    from browser import search

    page, outside, folder = offline_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((folder / "index.html").as_uri())
    expect(page.locator("input.md-search__input")).to_be_visible()
    results = search(page, "微心愿")
    assert results and results[0].split("?")[0] == (folder / "profiles" / "fuqing-beida-dangjian-lianmeng.html").as_uri()
    assert search(page, "邻里管家")[0].split("?")[0].endswith("profiles/fuqing-beida-linli-guanjia.html")
    # Search covers only the pack: 剪纸 is in a profile the pack left out.
    assert search(page, "剪纸") == []
    page.goto((folder / "profiles" / "fuqing-beida-hongse-wuye.html").as_uri())
    page.locator(".cb-crumbs a", has_text="福清市").click()
    expect(page.locator("h3#福州市-福清市")).to_be_visible()
    assert outside == []
    assert errors == []


@pytest.mark.browser
def test_a_pack_copied_in_part_answers_its_search_instead_of_waiting_for_ever(browser, built, tmp_path):
    """Pagefind's files are scripts in a pack; the iframe-worker shim waits for ever
    on a script that is not there. The search worker loads them itself and gives up,
    keeping what it had shown: a vocabulary word's best page needs none of them."""
    from browser import search

    folder = tmp_path / "pack"
    shutil.copytree(built[3], folder)
    fragments = list((folder / "pagefind" / "fragment").glob("*.js"))
    assert fragments
    for script in fragments:  # the copy stopped before the pages' data
        script.unlink()
    context = browser.new_context()
    page = context.new_page()
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    page.goto((folder / "index.html").as_uri())
    found = search(page, "微心愿", timeout=5_000)
    assert [link.split("?")[0].split("/pack/")[1] for link in found] == ["profiles/fuqing-beida-dangjian-lianmeng.html"]
    assert any("search failed" in text and "fragment/" in text for text in warnings), warnings
    # The list is final: no "more to come".
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("正在列出")
    context.close()


@pytest.mark.browser
def test_link_to_left_out_profile_points_online_and_says_so(offline_page, online):
    page, outside, folder = offline_page
    page.goto((folder / "profiles" / "fuqing-beida-linli-guanjia.html").as_uri())
    link = page.get_by_role("link", name="北大社区：党群主题活动馆、新思想学习驿站和北大学堂里的红色课堂")
    assert link.get_attribute("href") == online + f"profiles/{LEFT_OUT}/"
    assert "cb-online-only" in link.get_attribute("class")
    marker = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "在线" in marker
    # Links to profiles inside the pack stay relative.
    inside = page.get_by_role("link", name="北大社区：建小区党支部推“红色物业”，一周清走高豪小区乱停车辆").first
    assert inside.get_attribute("href") == "fuqing-beida-hongse-wuye.html"
    link.click()
    assert outside == [online + f"profiles/{LEFT_OUT}/"]  # tried online, blocked here


@pytest.mark.browser
def test_following_a_link_to_a_left_out_profile_opens_it_online(browser, built, online):
    """A trainee online clicks “（在线）” in the unzipped pack and lands on the profile
    in the online edition (served here on localhost), not on an error page."""
    folder = built[3]
    context = browser.new_context()
    elsewhere: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", online)):
            request_route.continue_()
        else:
            elsewhere.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto((folder / "profiles" / "fuqing-beida-linli-guanjia.html").as_uri())
    title = "北大社区：党群主题活动馆、新思想学习驿站和北大学堂里的红色课堂"
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state("load")
    assert page.url == online + f"profiles/{LEFT_OUT}/"
    assert page.locator("h1").inner_text().removesuffix("¶").strip() == title
    # The online edition is the whole library: its search finds what the pack left out.
    from browser import search

    assert search(page, "剪纸")[0].split("?")[0].endswith("profiles/jinan-yajuyuan-feiyi-jianzhi-ketang/")
    assert elsewhere == []
    context.close()


def test_a_pack_carries_no_feeds_and_cites_its_own_profiles(built, online):
    _, _, names, folder = built
    files = {n.removeprefix(folder.name + "/") for n in names}
    assert not files & {"feed.xml", "feed.json", "robots.txt"}
    for path in folder.rglob("*.html"):
        assert "application/atom+xml" not in path.read_text(encoding="utf-8"), path
    cited = {Path(n).stem for n in files if n.startswith("downloads/cite/")}
    assert cited == PACK_IDS
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["online"] == online
    assert "（在线）" in (folder / "README.txt").read_text(encoding="utf-8-sig")


@pytest.fixture(scope="module")
def unconfigured(tmp_path_factory):
    """The same pack bundled without a site address (no SITE_URL), and unzipped."""
    project = make_project(tmp_path_factory.mktemp("no-address"), all_profiles=True)
    result = bundle(project, PACK, today=DAY, pdf=False, out_dir=tmp_path_factory.mktemp("zips"))
    assert result.problems == [], [str(p) for p in result.problems]
    target = tmp_path_factory.mktemp("unzipped-no-address")
    with zipfile.ZipFile(result.zip_path) as archive:
        archive.extractall(target)
    return project, target / f"{PACK}-{DAY.isoformat()}"


def test_without_an_address_a_pack_names_left_out_profiles_and_links_nowhere(unconfigured):
    from casebook.site.render import NOT_CONFIGURED

    project, folder = unconfigured
    written = formats.written_addresses(project.root)
    for path in folder.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert 'rel="canonical"' not in text and 'property="og:url"' not in text, path
        # Absolute addresses only where someone wrote one (a source's address, a link in CONTRIBUTING).
        for url in formats.ABSOLUTE_IN_HTML.findall(text):
            assert url in written, (path, url)
    page = (folder / "profiles" / "fuqing-beida-linli-guanjia.html").read_text(encoding="utf-8")
    assert "北大社区：党群主题活动馆、新思想学习驿站和北大学堂里的红色课堂" + NOT_CONFIGURED in page
    assert "cb-online-only" not in page
    home = (folder / "index.html").read_text(encoding="utf-8")
    readme = (folder / "README.txt").read_text(encoding="utf-8-sig")
    assert "本课包未收录的案例只列出标题" in home and "本课包没有收录的案例只列出标题" in readme
    assert "SITE_URL" not in home + readme  # a word for whoever builds packs, not for a class
    # Bundled without the PDF (pdf=False): nothing points at one.
    assert not (folder / "handout.pdf").exists()
    assert "handout.pdf" not in home + readme and "打印讲义：用浏览器打开 handout.html 后打印" in readme
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["online"] is None


@pytest.mark.browser
def test_without_an_address_a_pack_still_works_offline(browser, unconfigured):
    from browser import search

    _, folder = unconfigured
    context = browser.new_context()
    outside: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith("file:"):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((folder / "index.html").as_uri())
    assert search(page, "邻里管家")[0].split("?")[0].endswith("profiles/fuqing-beida-linli-guanjia.html")
    page.goto((folder / "profiles" / "fuqing-beida-linli-guanjia.html").as_uri())
    expect(page.get_by_text("（本课包未收录）").first).to_be_visible()
    assert outside == [] and errors == []
    context.close()


def test_pack_listings_show_only_the_pack(built):
    project, _, _, folder = built
    regions = sorted(p.name for p in (folder / "regions").glob("*.html"))
    assert regions == ["fujian.html", "index.html"]
    home = (folder / "index.html").read_text(encoding="utf-8")
    assert "红色物业与邻里服务：小区里的党建引领" in home
    assert 'href="handout.pdf"' in home and 'href="handout.html"' in home
    report = check_project(project)
    others = {e.model.title for e in report.entries if e.model.id not in PACK_IDS}
    assert not any(title in home for title in others)


@pytest.fixture(scope="module")
def whole_pack(tmp_path_factory):
    """The pack of every profile, unzipped: the offline search's own answers."""
    project = make_project(tmp_path_factory.mktemp("whole"), all_profiles=True)
    result = bundle(project, "all", today=DAY, pdf=False)
    assert result.problems == [], [str(p) for p in result.problems]
    target = tmp_path_factory.mktemp("whole-unzipped")
    with zipfile.ZipFile(result.zip_path) as archive:
        archive.extractall(target)
    return target / f"all-{DAY.isoformat()}"


@pytest.mark.browser
@pytest.mark.parametrize("query, expected, first", [
    ("紅色物業", "profiles/fuqing-beida-hongse-wuye.html", True),
    ("红色物业", "profiles/fuqing-beida-hongse-wuye.html", True),
    ("山东省", "regions/shandong.html", False),
])
def test_offline_search_forgives_traditional_and_finds_regions(browser, whole_pack, query, expected, first):
    from browser import search

    page = browser.new_page()
    page.goto((whole_pack / "index.html").as_uri())
    results = [r.split("?")[0].split(whole_pack.name + "/")[-1] for r in search(page, query)]
    page.close()
    assert (results[0] == expected) if first else (expected in results[:3]), results[:5]


def test_pack_leaves_out_the_contributor_pages(built):
    _, _, names, folder = built
    inside = {n.removeprefix(folder.name + "/") for n in names}
    assert not {"contributing.html", "reference/schema.html", "reference/errors.html"} & inside
    assert not any(n.startswith("reference/") for n in inside)
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith(("contributing", "reference"))]
    for page in ["index.html", "about.html", "explore/index.html", "profiles/fuqing-beida-hongse-wuye.html"]:
        html = (folder / page).read_text(encoding="utf-8")
        assert "参与贡献" not in html and "错误代码" not in html and "contributing.html" not in html, page
    # The trainees' pages are there.
    assert {"explore/index.html", "explore/data.js", "stats/index.html", "regions/index.html"} <= inside


def test_handout_has_a_qr_code_per_profile(built):
    _, _, _, folder = built
    handout = (folder / "handout.html").read_text(encoding="utf-8")
    assert handout.count('<img class="qr" src="data:image/svg+xml') == len(PACK_IDS)


@pytest.mark.browser
def test_pack_explore_filters_from_file_and_the_address_keeps_them(offline_page):
    from urllib.parse import parse_qs, urlsplit

    from browser import explore_count, explore_state

    page, outside, folder = offline_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((folder / "index.html").as_uri())
    page.locator(".md-tabs__link", has_text="浏览").click()  # the tab opens 筛选案例, the first page under it
    assert page.url.endswith("/explore/index.html")
    everything = explore_state(page)
    assert explore_count(everything) == len(PACK_IDS)
    page.select_option("#cb-explore-province", "福建省")
    page.select_option("#cb-explore-practice", "红色物业")
    both = explore_state(page)
    assert 0 < explore_count(both) < explore_count(everything)
    assert parse_qs(urlsplit(page.url).query) == {"province": ["福建省"], "practice": ["红色物业"]}
    assert page.url.startswith("file://")
    page.reload()
    assert explore_state(page) == both
    page.locator("#cb-explore-results a").first.click()
    assert page.url.endswith("/profiles/fuqing-beida-hongse-wuye.html")
    assert outside == [] and errors == []


@pytest.mark.browser
def test_pack_map_and_stats_from_file(offline_page):
    page, outside, folder = offline_page
    page.goto((folder / "regions" / "index.html").as_uri())
    expect(page.locator("figure.cb-map svg .cb-map__province")).to_have_count(34)
    expect(page.locator("figure.cb-map svg a.cb-map__province")).to_have_count(1)  # only Fujian is in the pack
    page.get_by_role("link", name=f"福建：{len(PACK_IDS)} 个案例").click()
    assert page.url.endswith("/regions/fujian.html")
    page.goto((folder / "stats" / "index.html").as_uri())
    expect(page.locator("figure.cb-chart svg")).to_have_count(3)
    page.get_by_role("link", name="福建省 4 个案例").click()
    assert page.url.endswith("/regions/fujian.html")
    assert outside == []


@pytest.mark.browser
@pytest.mark.parametrize("which", ["built", "unconfigured"])
def test_a_packs_citation_is_dated_and_cites_no_path_on_a_disk(browser, request, which):
    """Opened from file://, a profile's citation said [引用日期] (the script that dates it did not run
    in packs), and without SITE_URL it cited profiles/…/, a path that is not even the pack's own."""
    import datetime as dt

    fixture = request.getfixturevalue(which)
    folder = fixture[-1] if which == "built" else fixture[1]
    online = request.getfixturevalue("online") if which == "built" else None
    page = browser.new_page()
    page.goto((folder / "profiles" / "fuqing-beida-linli-guanjia.html").as_uri())
    cite = page.locator(".cb-cite code").inner_text()
    page.close()
    today = dt.date.today().isoformat()
    assert "[引用日期]" not in cite and f"[{today}]" in cite
    if online:
        assert cite.endswith(f"[{today}]. {online}profiles/fuqing-beida-linli-guanjia/.")
    else:
        assert cite.endswith(f"[{today}].") and "profiles/" not in cite


def test_the_handouts_profile_sections_are_headings_under_its_title(built):
    """A body's 背景 (an h2 with an id) stayed an h2 ended by </h3>: the PDF outline put the
    sections beside the profiles' titles."""
    import re

    _, _, _, folder = built
    html = (folder / "handout.html").read_text(encoding="utf-8")
    opened = re.findall(r"<(h[2-4])[\s>]", html)
    closed = re.findall(r"</(h[2-4])>", html)
    assert opened == closed and "h3" in opened
    assert not re.search(r"<h2[^>]*>[^<]*</h3>", html)
