"""The explore page, the regions map and the statistics in Chromium, over HTTP
(test_bundle.py opens the same pages from an unzipped class pack)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from browser import explore_count, explore_state

pytestmark = pytest.mark.browser


def test_explore_filters_by_province_and_practice_and_the_address_keeps_them(page, site_url):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_url + "explore/")
    expect(page.locator("#cb-explore")).to_be_visible()
    expect(page.locator(".cb-explore-nojs")).to_be_hidden()
    everything = explore_state(page)
    assert explore_count(everything) == 25 == len(everything["titles"])

    page.select_option("#cb-explore-province", "山东省")
    shandong = explore_state(page)
    page.select_option("#cb-explore-practice", "红色合伙人")
    both = explore_state(page)
    assert explore_count(everything) > explore_count(shandong) > explore_count(both) > 0
    assert both["count"] == f"符合条件的案例：{explore_count(both)} 个（共 25 个）"
    assert len(both["titles"]) == explore_count(both)
    assert "幸福益工：年轻的社会组织当“红色合伙人”，服务覆盖全区社区" in both["titles"]
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"province": ["山东省"], "practice": ["红色合伙人"]}

    page.reload()
    assert explore_state(page) == both  # same filters, same count, same list
    page.locator("#cb-explore-results a").first.click()
    assert "/profiles/" in page.url
    expect(page.locator(".cb-crumbs")).to_contain_text("山东省")
    assert errors == []


def test_explore_with_nothing_found_says_which_filter_to_loosen(page, site_url):
    page.goto(site_url + "explore/?province=山东省&practice=红色物业")
    state = explore_state(page)
    assert explore_count(state) == 0 and state["titles"] == []
    page.goto(site_url + "explore/?practice=红色物业")
    practice = explore_count(explore_state(page))
    page.goto(site_url + "explore/?province=山东省")
    province = explore_count(explore_state(page))
    page.goto(site_url + "explore/?province=山东省&practice=红色物业")
    assert explore_state(page)["count"] == (f"符合条件的案例：0 个（共 25 个）。放宽一个条件试试：不限做法有 {province} 个，"
                                            f"不限省级行政区有 {practice} 个")
    page.goto(site_url + "explore/?from=2024&to=2020")
    assert explore_state(page)["count"].endswith("。起始年份晚于截止年份：把两个年份对调")


def test_explore_tidies_an_address_with_values_it_does_not_offer(page, site_url):
    page.goto(site_url + "explore/?province=山东&practice=xx&from=1999&sort=region")
    state = explore_state(page)
    assert state["count"] == "共 25 个案例"
    assert parse_qs(urlsplit(page.url).query) == {"sort": ["region"]}


def test_explore_narrows_by_city_and_years_and_sorts(page, site_url):
    page.goto(site_url + "explore/?province=山东省&city=潍坊市")
    weifang = explore_state(page)
    assert weifang["values"]["city"] == "潍坊市" and explore_count(weifang) == 3
    page.select_option("#cb-explore-from", "2020")
    page.select_option("#cb-explore-to", "2022")
    assert explore_count(explore_state(page)) == 0  # Weifang's are from 2024
    page.select_option("#cb-explore-to", "")
    assert explore_count(explore_state(page)) == 3
    page.goto(site_url + "explore/?from=2022&to=2022")
    assert explore_count(explore_state(page)) == 3
    page.goto(site_url + "explore/?sort=title")
    titles = explore_state(page)["titles"]
    assert titles == page.evaluate("t => [...t].sort(new Intl.Collator('zh-CN').compare)", titles)
    page.goto(site_url + "explore/?sort=region")
    places = page.locator("#cb-explore-results .cb-explore__meta").all_inner_texts()
    provinces = [p[:3] for p in places]
    assert provinces == sorted(provinces, key=["浙江省", "福建省", "山东省", "湖北省"].index)  # GB/T 2260 order
    # An address with a value the data does not have falls back to "all".
    page.goto(site_url + "explore/?province=火星&practice=红色物业")
    state = explore_state(page)
    assert state["values"]["province"] == "" and explore_count(state) == 1


def test_explore_without_javascript_offers_the_listings(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "explore/")
    expect(page.locator("#cb-explore")).to_be_hidden()
    expect(page.locator(".cb-explore-nojs")).to_be_visible()
    page.get_by_role("link", name="按地区").last.click()
    assert page.url.endswith("/regions/")
    context.close()


def test_map_has_a_shape_per_province_each_with_profiles_a_link(page, site_url):
    page.goto(site_url + "regions/")
    shapes = page.locator("figure.cb-map svg .cb-map__province")
    expect(shapes).to_have_count(34)
    links = page.locator("figure.cb-map svg a.cb-map__province")
    expect(links).to_have_count(4)  # 山东、福建、浙江、湖北
    assert page.locator("figure.cb-map svg path").count() == 34
    # Named for screen readers, and each leads to its region page.
    page.get_by_role("link", name="福建：7 个案例").click()
    assert page.url.endswith("/regions/fujian/")
    expect(page.locator("h1")).to_contain_text("福建省")
    page.go_back()
    # The table fallback lists every province, with the same links.
    page.locator("details summary", has_text="地图中的数字").click()
    row = page.locator("details table tr", has_text="山东省")
    expect(row).to_contain_text("14")
    expect(page.locator("details table tr", has_text="西藏自治区")).to_contain_text("0")


def test_stats_has_its_charts_and_links_every_figure(page, site_url):
    page.goto(site_url + "stats/")
    charts = page.locator("figure.cb-chart svg")
    expect(charts).to_have_count(3)
    for index, bars in enumerate((4, 25, 4)):  # provinces, practices, years (2020, 2022, 2024, unknown)
        expect(charts.nth(index).locator("rect.cb-chart__bar")).to_have_count(bars)
    box = charts.first.bounding_box()
    assert box["width"] > 300 and box["height"] > 50
    page.get_by_role("link", name="山东省 14 个案例").click()
    assert page.url.endswith("/regions/shandong/")
    page.goto(site_url + "stats/")
    page.get_by_role("link", name="红色合伙人", exact=True).first.click()
    assert page.url.endswith("/stats/hongse-hehuoren/")
    expect(page.locator("article")).to_contain_text("所报数字之和")
    figure = page.locator("article table a").first
    figure.click()
    assert "/profiles/" in page.url
