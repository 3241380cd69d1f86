"""The built site in Chromium: Chinese search and browsing to a profile."""

from __future__ import annotations

import pytest

from browser import search

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("query, expected", [
    ("红色物业", "profiles/fuqing-beida-hongse-wuye/"),
    ("府佑社区", "profiles/weifang-fuyou-dangqun-fuwu-zhongxin/"),
    ("1200余人次", "profiles/jinan-yajuyuan-feiyi-jianzhi-ketang/"),
    ("惠及居民1200余人次", "profiles/jinan-yajuyuan-feiyi-jianzhi-ketang/"),
    ("剪纸", "profiles/jinan-yajuyuan-feiyi-jianzhi-ketang/"),
])
def test_search_first_result(page, site_url, query, expected):
    page.goto(site_url)
    results = search(page, query)
    assert results, f"“{query}”没有结果"
    assert results[0].split("?")[0] == site_url + expected, results[:3]


def test_search_box_is_visible(page, site_url):
    page.goto(site_url)
    assert page.locator("input.md-search__input").is_visible()


def test_region_listing_leads_to_profile(page, site_url):
    page.goto(site_url)
    page.get_by_role("link", name="按地区浏览").first.click()
    page.get_by_role("link", name="福建省").first.click()
    assert page.locator("h2#福州市").is_visible()
    page.get_by_role("link", name="北大社区：建小区党支部推“红色物业”，一周清走高豪小区乱停车辆").click()
    assert page.locator("h1").inner_text().startswith("北大社区")
    # The breadcrumb leads back to the district's section.
    page.locator(".cb-crumbs a", has_text="福清市").click()
    assert page.url.endswith("regions/fujian/#福州市-福清市") or "#%E7%A6%8F" in page.url


def test_practice_listing_leads_to_profile(page, site_url):
    page.goto(site_url + "practices/")
    page.get_by_role("link", name="红色合伙人", exact=True).click()
    assert "社区以合作项目的方式" in page.locator(".admonition").first.inner_text()
    page.get_by_role("link", name="雅居园社区：请剪纸艺术家当“红色合伙人”，办非遗剪纸公益课堂").click()
    cards = page.locator(".cb-metric")
    assert cards.count() == 3
    assert cards.nth(2).locator(".cb-metric__value").inner_text() == "1,200余"
