"""Offline class bundles: the zip, its manifest, the PDF handout, and the
bundle opened from file:// in Chromium with every request intercepted."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from casebook.packs.bundle import bundle
from casebook.profile.validate import check_project

from conftest import make_project
from pdfpages import ink_ratio, page_texts, render

pytestmark = pytest.mark.slow

DAY = dt.date(2026, 12, 1)
PACK = "hongse-wuye-linli-fuwu"
PACK_IDS = {"fuqing-beida-hongse-wuye", "fuqing-beida-linli-guanjia",
            "fuqing-beida-dangjian-lianmeng", "fuqing-beida-yizhanshi-fuwu"}
SITE_URL = "https://casebook.example.org/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The pack bundled once from a copy of the project, and unzipped."""
    project = make_project(tmp_path_factory.mktemp("bundle"), all_profiles=True)
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


def test_pack_search_index_keeps_practice_terms_whole(built):
    """Packs search with Material's own index (Pagefind cannot work from file://)."""
    *_, folder = built
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [d["text"] for d in index["docs"] if d["location"].startswith("profiles/fuqing-beida-hongse-wuye")]
    # jieba alone cuts 红色物业 into 红色 / 物业; the user dictionary keeps it whole.
    assert any("\u200b红色物业\u200b" in t for t in texts)
    # Region and year listings are excluded: they would outrank the profiles they list.
    assert not any(d["location"].startswith(("regions/", "years/", "practices/index")) for d in index["docs"])
    # A practice page is found by its definition and synonyms, not by the profiles it lists,
    # and ranks below them; the profiles carry their practices as tags, which rank first.
    practice = [d for d in index["docs"] if d["location"].startswith("practices/hongse-wuye")]
    assert practice and all(d["boost"] < 1 for d in practice)
    assert "物业党建" in "".join(d["text"] for d in practice).replace("\u200b", "")
    assert not any("北大社区" in d["text"] for d in practice)
    assert all(d["tags"] == ["红色物业", "志愿服务"] for d in index["docs"]
               if d["location"].startswith("profiles/fuqing-beida-hongse-wuye"))


def test_zip_contains_only_the_selected_profiles(built):
    _, _, names, folder = built
    profiles = {Path(n).stem for n in names if n.startswith(f"{folder.name}/profiles/")}
    assert profiles == PACK_IDS
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = {d["location"].split("/")[1].split("#")[0].removesuffix(".html") for d in index["docs"]
               if d["location"].startswith("profiles/")}
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


def test_drop_policy_leaves_no_link_to_left_out_profiles(tmp_project):
    project = tmp_project(all_profiles=True)
    result = bundle(project, "shuji-shalong-pinpai", today=DAY, pdf=False)
    assert result.problems == []
    with zipfile.ZipFile(result.zip_path) as archive:
        pages = [archive.read(n).decode("utf-8") for n in archive.namelist()
                 if "/profiles/" in n and n.endswith(".html")]
    assert pages and all("cb-online-only" not in page for page in pages)
    # (each page's own <link rel="canonical"> names its online address; that is not a link to follow)
    assert not any(re.search(r'<a [^>]*href="https://casebook\.example\.org/profiles/', page) for page in pages)


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
    assert results and results[0].split("?")[0].endswith("profiles/fuqing-beida-dangjian-lianmeng.html")
    assert search(page, "邻里管家")[0].split("?")[0].endswith("profiles/fuqing-beida-linli-guanjia.html")
    # Search covers only the pack: 剪纸 is in a profile the pack left out.
    assert search(page, "剪纸") == []
    page.goto((folder / "profiles" / "fuqing-beida-hongse-wuye.html").as_uri())
    page.locator(".cb-crumbs a", has_text="福清市").click()
    expect(page.locator("h3#福州市-福清市")).to_be_visible()
    assert outside == []
    assert errors == []


@pytest.mark.browser
def test_link_to_left_out_profile_points_online_and_says_so(offline_page):
    page, outside, folder = offline_page
    page.goto((folder / "profiles" / "fuqing-beida-linli-guanjia.html").as_uri())
    link = page.get_by_role("link", name="北大社区：党群主题活动馆、新思想学习驿站和北大学堂里的红色课堂")
    assert link.get_attribute("href") == SITE_URL + "profiles/fuqing-beida-hongse-ketang/"
    assert "cb-online-only" in link.get_attribute("class")
    marker = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "在线" in marker
    # Links to profiles inside the pack stay relative.
    inside = page.get_by_role("link", name="北大社区：建小区党支部推“红色物业”，一周清走高豪小区乱停车辆").first
    assert inside.get_attribute("href") == "fuqing-beida-hongse-wuye.html"
    link.click()
    assert outside == [SITE_URL + "profiles/fuqing-beida-hongse-ketang/"]  # tried online, blocked here


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
    page.get_by_role("link", name=f"福建省：{len(PACK_IDS)} 个案例").click()
    assert page.url.endswith("/regions/fujian.html")
    page.goto((folder / "stats" / "index.html").as_uri())
    expect(page.locator("figure.cb-chart svg")).to_have_count(3)
    page.get_by_role("link", name="福建省：4 个案例").click()
    assert page.url.endswith("/regions/fujian.html")
    assert outside == []
