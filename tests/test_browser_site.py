"""The built site in Chromium: Chinese search, and browsing to a profile
through the region and practice listings."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casebook.site.library import Library
from casebook.profile.validate import check_project

from browser import search

pytestmark = pytest.mark.browser

# Each seed article's key practice: a query that must find it first, and the
# province and practice listings that must lead to it.
ARTICLES = {
    "000 潍坊高新区": ("思享荟", "weifang-gaoxin-shuji-sixianghui", "shandong", "shequ-shuji-shalong"),
    "001 团城山街道": ("团城山街道", "huangshi-tuanchengshan-shuji-shalong", "hubei", "shequ-pinpai-chuangjian"),
    "002 济南高新区": ("三人行", "jinan-gaoxin-sanrenxing", "shandong", "hongse-hehuoren"),
    "003 义桥镇": ("强社惠民", "xiaoshan-yiqiao-qiangshe-huimin", "zhejiang", "guanmo-xuexi"),
    "004 北大社区": ("邻里管家", "fuqing-beida-linli-guanjia", "fujian", "linli-guanjia"),
}

# Practice terms, places and metric phrases, each with the profiles that are a right first answer.
QUERIES = [
    ("红色物业", {"fuqing-beida-hongse-wuye"}),
    ("四点半课堂", {"jinan-yunhai-sidianban-ketang"}),
    ("府佑社区", {"weifang-fuyou-dangqun-fuwu-zhongxin", "weifang-fuyou-wanzheng-shequ"}),
    ("高豪小区", {"fuqing-beida-hongse-wuye"}),
    ("1200余人次", {"jinan-yajuyuan-feiyi-jianzhi-ketang"}),
    ("惠及居民1200余人次", {"jinan-yajuyuan-feiyi-jianzhi-ketang"}),
    ("15亿元", {"weifang-fuyou-wanzheng-shequ"}),
    ("2.1万平方米", {"weifang-fuyou-wanzheng-shequ"}),
    ("1万余人次", {"jinan-xingfu-yigong"}),
    ("28个社区社会组织", {"xiaoshan-xiuboyuan-tongxinyuan"}),
    ("微心愿", {"fuqing-beida-dangjian-lianmeng"}),
    ("服务520", {"huangshi-tuanchengshan-shuji-shalong"}),
    # Kept whole only through data/search_terms.yml (jieba cut them 办非/遗, 赵雨/蒙为, 吾/悦/广场).
    ("非遗", {"jinan-yajuyuan-feiyi-jianzhi-ketang"}),
    ("赵雨蒙", {"jinan-fengyuan-huodongshi"}),
    ("吾悦广场", {"weifang-fuyou-wanzheng-shequ"}),
    # A practice name opens a profile that uses it; a synonym opens the practice's page.
    ("网格化管理", {"fuqing-beida-siji-wangge"}),
    # Pinyin, from a keyboard without Chinese input: the words of the profiles' ids (found only
    # the reference page that shows an id as an example).
    ("hongse wuye", {"fuqing-beida-hongse-wuye"}),
    ("fuyou", {"weifang-fuyou-dangqun-fuwu-zhongxin", "weifang-fuyou-wanzheng-shequ"}),
]


@pytest.fixture(scope="module")
def titles(built_site):
    project, _ = built_site
    library = Library.from_report(check_project(project))
    return {item.id: item.profile.title for item in library.items}


def heading(page) -> str:
    """The page's h1 without the permalink sign MkDocs appends."""
    return page.locator("h1").inner_text().removesuffix("¶").strip()


def first_profile(results: list[str], base: str) -> str:
    assert results, "没有搜索结果"
    path = results[0].split("?")[0].removeprefix(base)
    return path.removeprefix("profiles/").rstrip("/")


@pytest.mark.parametrize("query, expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_search_first_result(page, site_url, query, expected):
    page.goto(site_url)
    assert first_profile(search(page, query), site_url) in expected


@pytest.mark.parametrize("query", ["民主协商", "议事会"])
def test_a_synonym_opens_its_practice_page(page, site_url, query):
    page.goto(site_url)
    results = search(page, query)
    assert results and results[0].split("?")[0].removeprefix(site_url).startswith("practices/yishi-xieshang")


@pytest.mark.parametrize("article", ARTICLES)
def test_article_key_practice_found_by_search(page, site_url, article):
    query, profile_id, _, _ = ARTICLES[article]
    page.goto(site_url)
    assert first_profile(search(page, query), site_url) == profile_id


@pytest.mark.parametrize("article", ARTICLES)
def test_article_key_practice_reached_by_region(page, site_url, titles, article):
    _, profile_id, province, _ = ARTICLES[article]
    page.goto(site_url + "regions/")
    page.locator(f'a[href="{province}/"]').first.click()
    page.get_by_role("link", name=titles[profile_id], exact=True).first.click()
    assert page.url.rstrip("/").endswith(f"profiles/{profile_id}")
    assert heading(page) == titles[profile_id]


@pytest.mark.parametrize("article", ARTICLES)
def test_article_key_practice_reached_by_practice(page, site_url, titles, article):
    _, profile_id, _, practice = ARTICLES[article]
    page.goto(site_url + "practices/")
    page.locator(f'a[href="{practice}/"]').first.click()
    expect(page.locator(".admonition").first).to_be_visible()  # the practice's definition
    page.get_by_role("link", name=titles[profile_id], exact=True).first.click()
    assert heading(page) == titles[profile_id]


def test_search_box_is_visible(page, site_url):
    page.goto(site_url)
    expect(page.locator("input.md-search__input")).to_be_visible()


TRANSITIONS = """() => Object.fromEntries(['.md-search__overlay', '.md-search__inner', '.md-search__form',
  '.md-search__icon', '.md-search__output'].map(s =>
  [s, getComputedStyle(document.querySelector(s)).transitionDuration]))"""


def test_the_search_opens_and_lists_results_without_transitions(page, site_url):
    # casebook.css: nothing is animated (and drawn again frame by frame) while the first
    # results load. Read while open, under the theme's rules for an open search.
    page.goto(site_url)
    assert search(page, "红色物业")
    durations = page.evaluate(TRANSITIONS)
    assert {s: set(d.split(", ")) for s, d in durations.items()} == {s: {"0s"} for s in durations}


def test_home_page_gives_the_sidebar_to_the_cards_and_keeps_the_drawer_on_a_phone(browser, site_url):
    # On a desktop the home page's left column held one link (首页, which the tabs show
    # too): hidden there, as on Material's own home page, the cards take three columns.
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = desktop.new_page()
        page.goto(site_url)
        assert not page.locator(".md-sidebar--primary").is_visible()
        cards = page.locator(".grid.cards > ul > li")
        assert len({round(cards.nth(i).bounding_box()["y"]) for i in range(3)}) == 1
        # A phone's drawer is that sidebar, and still holds the whole navigation.
        page = phone.new_page()
        page.goto(site_url)
        page.locator("label.md-header__button[for=__drawer]").click()
        expect(page.locator(".md-sidebar--primary").get_by_role("link", name="关于本库")).to_be_visible()
    finally:
        desktop.close()
        phone.close()


def test_each_icon_shows_its_own_slot_of_the_sprite(page, site_url):
    # Pixels, not CSS: a mask that fails to load draws nothing, a wrong position another
    # icon or a blank. Every icon is drawn in the same place (the first card's), so that
    # equal pictures mean equal icons.
    page.goto(site_url)
    icons = page.locator(".md-typeset .cb-icon")
    kinds = [icons.nth(i).get_attribute("class").split("--")[-1] for i in range(icons.count())]
    assert kinds == ["search", "map", "tag", "calendar", "search"]
    icon = icons.first
    shots = {}
    for kind in ("calendar", "tag", "map", "search", "print", "none"):
        icon.evaluate("(el, kind) => { el.className = 'cb-icon cb-icon--' + kind }", kind)
        if kind == "none":
            icon.evaluate("el => { el.style.mask = el.style.webkitMask = 'none'; el.style.background = 'none' }")
        shots[kind] = icon.screenshot(animations="disabled")
    assert len(set(shots.values())) == len(shots), "icons equal to each other or blank"


def test_text_names_chinese_fonts_before_latin_ones(page, site_url):
    page.goto(site_url)
    family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).fontFamily")
    # Named before Material's Latin list (Helvetica, Arial), which has no Chinese glyphs.
    assert family.index('"Noto Sans CJK SC"') < family.index("Helvetica")


def test_home_to_profile_through_listings(page, site_url):
    page.goto(site_url)
    page.get_by_role("link", name="按地区浏览").first.click()
    page.get_by_role("link", name="福建省").first.click()
    expect(page.locator("h2#福州市")).to_be_visible()
    page.get_by_role("link", name="北大社区：建小区党支部推“红色物业”，一周清走高豪小区乱停车辆").click()
    assert heading(page).startswith("北大社区")
    # The breadcrumb leads back to the district's section of the province page.
    page.locator(".cb-crumbs a", has_text="福清市").click()
    expect(page.locator("h3#福州市-福清市")).to_be_visible()


def test_metric_cards_show_value_unit_and_quote(page, site_url):
    page.goto(site_url + "profiles/jinan-yajuyuan-feiyi-jianzhi-ketang/")
    cards = page.locator(".cb-metric")
    assert cards.count() == 3
    last = cards.nth(2)
    assert last.locator(".cb-metric__value").inner_text() == "1,200余"
    assert last.locator(".cb-metric__unit").inner_text() == "人次"
    assert "惠及居民1200余人次" in last.locator(".cb-metric__quote").inner_text()


def test_umbrella_lists_its_parts(page, site_url, titles):
    page.goto(site_url + "profiles/jinan-gaoxin-sanrenxing/")
    page.get_by_role("link", name=titles["jinan-yunhai-sidianban-ketang"], exact=True).click()
    assert heading(page) == titles["jinan-yunhai-sidianban-ketang"]
    expect(page.get_by_text("所属项目")).to_be_visible()


@pytest.mark.parametrize("traditional, simplified", [("紅色物業", "红色物业"), ("議事協商", "议事协商"),
                                                      ("網格化管理", "网格化管理")])
def test_traditional_queries_find_what_simplified_ones_find(page, site_url, traditional, simplified):
    page.goto(site_url)
    found = search(page, traditional)
    assert found and found == search(page, simplified)
    if simplified == "红色物业":
        assert found[0].split("?")[0].removeprefix(site_url) == "profiles/fuqing-beida-hongse-wuye/"


@pytest.mark.parametrize("query, expected", [("山东省", "regions/shandong/"), ("山东", "regions/shandong/"),
                                             ("2024年", "years/2024/")])
def test_region_and_year_pages_are_found_by_name(page, site_url, query, expected):
    page.goto(site_url)
    results = [r.split("?")[0].removeprefix(site_url) for r in search(page, query)]
    assert expected in results[:3]


def test_reference_pages_rank_below_profiles_for_words_profiles_hold(page, site_url):
    page.goto(site_url)
    results = [r.split("?")[0].removeprefix(site_url) for r in search(page, "1200")]
    first_reference = min((i for i, r in enumerate(results) if r.startswith(("reference/", "about/"))), default=99)
    assert results[0].startswith("profiles/") and all(r.startswith("profiles/") for r in results[:first_reference])


def test_a_page_load_asks_for_no_sitemap(page, site_url):
    # Material fetches and parses sitemap.xml once for each link[rel=alternate] (language
    # versions); the feeds' links say "alternate feed", so none is asked for.
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site_url)
    expect(page.locator("input.md-search__input")).to_be_attached()
    page.wait_for_load_state("networkidle")
    assert asked and not [url for url in asked if "sitemap" in url]


def test_text_pasted_into_the_search_box_is_searched_without_a_key(page, site_url):
    """Material searches on keyup; pasted, dictated or suggested text comes with no key
    (search-meta.js passes such input on)."""
    page.goto(site_url)
    first = search(page, "剪纸")
    box = page.locator("input.md-search__input")
    box.evaluate("box => box.setSelectionRange(0, box.value.length)")
    page.keyboard.insert_text("红色物业")  # an input event, and no key
    page.wait_for_function(
        "first => { const a = document.querySelector('.md-search-result__item a');"
        " return a && a.href !== first }", arg=first[0], timeout=5_000)
    assert page.evaluate("() => document.querySelector('.md-search-result__item a').href").split("?")[0].endswith(
        "profiles/fuqing-beida-hongse-wuye/")


SHARED = "北大社区：建小区党支部推“红色物业”，一周清走高豪小区乱停车辆"


def test_a_profile_is_shared_and_cited_with_the_date_it_is_read(browser, site_url, built_site):
    address = site_url + "profiles/fuqing-beida-hongse-wuye/"
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.add_init_script("""window.__shared = [];
      Object.defineProperty(navigator, "share", { value: async data => { window.__shared.push(data); } });""")
    page = context.new_page()
    try:
        page.goto(address + "?h=红色物业#背景")  # from a search result, at a section
        # The citation carries the day it is read (GB/T 7714's 引用日期), in the reader's time zone,
        # and, from a site built without its address, the address the reader sees (not profiles/…/).
        today = page.evaluate("""() => { const n = new Date();
          return [n.getFullYear(), n.getMonth() + 1, n.getDate()].map(x => String(x).padStart(2, "0")).join("-"); }""")
        cite = page.locator(".cb-cite code").inner_text()
        assert cite.endswith(f"[{today}]. {address}.") and "[引用日期]" not in cite
        button = page.get_by_role("button", name="分享本页")
        button.click()
        # The address the reader can open: no search words, no section.
        assert page.evaluate("window.__shared") == [{"title": SHARED, "url": address}]
    finally:
        context.close()
    # No share sheet (a desktop browser): the title and address are copied.
    context = browser.new_context()
    context.add_init_script("""window.__copied = [];
      Object.defineProperty(navigator, "share", { value: undefined });
      Object.defineProperty(navigator, "clipboard", { value: { writeText: async text => { window.__copied.push(text); } } });""")
    page = context.new_page()
    try:
        page.goto(address)
        page.get_by_role("button", name="分享本页").click()
        expect(page.locator(".cb-share__done")).to_have_text("已复制标题和链接")
        assert page.evaluate("window.__copied") == [f"{SHARED} {address}"]
        # Opened from disk (file://) the address is nobody else's to open: no button.
        page.goto((built_site[1] / "profiles" / "fuqing-beida-hongse-wuye" / "index.html").as_uri())
        page.wait_for_load_state("load")
        assert page.locator(".cb-share").is_hidden()
        # Only profiles end with it.
        page.goto(site_url + "about/")
        assert page.locator(".cb-share").count() == 0
    finally:
        context.close()


def test_back_from_a_result_the_query_and_its_results_are_there_again(browser, site_url):
    """On a phone, a reader opens results one by one: the search was closed and empty after
    the back button each time, and the query had to be typed again."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(site_url)
        search(page, "议事会")
        page.locator(".md-search-result__item > .md-search-result__link").first.click()
        page.wait_for_load_state("load")
        page.go_back()
        page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=10_000)
        assert page.locator("input.md-search__input").input_value() == "议事会"
        # Another page of the site, reached otherwise, opens with the search closed.
        page.goto(site_url + "about/")
        page.wait_for_timeout(300)
        assert not page.evaluate("document.getElementById('__search').checked")
    finally:
        context.close()
