"""Finding the right case (issue 15): the explore data, the province map, the
statistics and what a class pack leaves out, without a browser. The browser
tests are in test_browser_find.py (over HTTP) and test_bundle.py (from a pack)."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import defaultdict
from urllib.parse import unquote

import pytest

from casebook import bench
from casebook.profile.validate import check_project
from casebook.site import charts, contributors, explore, geo, stats
from casebook.site.handout import handout_html
from casebook.site.library import Library
from casebook.site.render import Options, rel, render_site_with_fragments

from conftest import ROOT, make_project


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    """The seed profiles (conftest.SEED_PROFILES)."""
    return Library.from_report(check_project(make_project(tmp_path_factory.mktemp("seeded"), all_profiles=True)))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Library:
    from conftest import make_project

    project = make_project(tmp_path_factory.mktemp("synthetic"))
    bench.generate(project, 300)
    report = check_project(project)
    assert report.problems == []
    return Library.from_report(report)


# --- the map --------------------------------------------------------------------------------------

def test_every_provincial_division_has_a_shape(library):
    codes = {s.code for s in geo.outline().shapes}
    assert codes == {p.code for p in library.vocab.provinces}
    assert len(codes) == 34
    for shape in geo.outline().shapes:
        assert re.fullmatch(r"(M\d+ \d+l[-\d ]+z)+", shape.path), shape.code


def test_the_tile_grid_has_a_square_per_division_each_where_it_lies(library):
    """The regions page draws squares, no border (geo.GRID); their order follows the real
    map: a division well east (or south) of another is never to its west (or north)."""
    tiles = {s.code: s for s in geo.tiles().shapes}
    assert set(tiles) == {p.code for p in library.vocab.provinces}
    assert len({(s.label_x, s.label_y) for s in tiles.values()}) == 34  # one square a cell
    for shape in tiles.values():
        assert re.fullmatch(r"M\d+ \d+l\d+ 0 0 \d+ -\d+ 0z", shape.path), shape.code
    places = {s.code: (s.label_x, s.label_y) for s in geo.outline().shapes}
    for a, (ax, ay) in places.items():
        for b, (bx, by) in places.items():
            if ax - bx > 150:
                assert tiles[a].label_x >= tiles[b].label_x, (a, b)
            if ay - by > 150:
                assert tiles[a].label_y >= tiles[b].label_y, (a, b)


def test_the_map_fragment_is_small_and_links_provinces_with_profiles(library):
    pages, items = render_site_with_fragments(library, Options())
    maps = [html for html in items.values() if 'class="cb-map"' in html]
    assert len(maps) == 1
    svg = maps[0]
    assert len(svg.encode("utf-8")) <= 150_000
    shapes = re.findall(r'<(a|g) class="cb-map__province"([^>]*)>', svg)
    assert len(shapes) == 34
    linked = {re.search(r'aria-label="([^"：]+)', attrs).group(1): re.search(r'href="([^"]+)"', attrs).group(1)
              for tag, attrs in shapes if tag == "a"}
    assert linked == {g.province.short: rel("regions/index.md", g.page) for g in library.regions}
    # A shape with profiles is named for screen readers, with its count; its short name is written
    # on it. One without is hidden from them (the title counts those), its tooltip still says so.
    assert "山东省：14 个案例" in svg and "<title>西藏自治区：暂无案例</title>" in svg
    assert all('aria-hidden="true"' in attrs and "aria-label" not in attrs for tag, attrs in shapes if tag == "g")
    assert "：4 个有案例，其余 30 个暂无</title>" in svg
    assert ">内蒙古</text>" in svg and "Natural Earth" not in svg
    # The table fallback, in the page itself.
    table = pages["regions/index.md"]
    assert "| [山东省](shandong/) | 14 |" in table and "| 西藏自治区 | 0 |" in table


def test_colour_classes_are_round_ranges_that_cover_every_count():
    assert geo.classes(14) == [(1, 1), (2, 2), (3, 4), (5, 9), (10, 14)]
    assert geo.classes(3) == [(1, 1), (2, 2), (3, 3)]
    assert geo.classes(0) == []
    for top in (1, 7, 99, 380, 5000):
        ranges = geo.classes(top)
        assert ranges[0][0] == 1 and ranges[-1][1] == top
        assert all(a[1] + 1 == b[0] for a, b in zip(ranges, ranges[1:]))
        assert geo.colour(top, ranges) == geo.COLOURS[-1]
    assert geo.colour(0, geo.classes(14)) == geo.EMPTY


# --- the explore page -----------------------------------------------------------------------------

def test_explore_data_has_what_the_filters_and_the_list_need(library):
    data = explore.data(library)
    assert len(data["items"]) == len(library.items)
    row = next(r for r in data["items"] if r[0] == "fuqing-beida-hongse-wuye")
    ident, title, city, local, year, date, practices = row
    assert data["provinces"][data["cities"][city][0]] == "福建省" and data["cities"][city][1] == "福州市"
    assert local == "福清市 玉屏街道北大社区" and year == 2020
    assert date == library.by_id[ident].profile.date.display()
    assert [data["practices"][i] for i in practices] == library.by_id[ident].profile.practices
    assert [r[0] for r in data["items"]] == [i.id for i in library.items]  # newest first
    # Cities are sorted within provinces, so that sorting by region compares indexes.
    assert data["cities"] == sorted(data["cities"])


def test_explore_script_sets_a_global_and_cannot_close_a_script_element(library):
    from casebook.site.library import Item

    first = library.items[0]
    hostile = Item(first.profile.model_copy(update={"title": "</script><b>\u2028标题"}), "", first.source_path)
    text = explore.script(Library([hostile], library.vocab))
    assert text.startswith("window.casebookExplore=") and text.endswith(";\n")
    assert "<" not in text and "\u2028" not in text
    data = json.loads(text.removeprefix("window.casebookExplore=").removesuffix(";\n"))
    assert data["items"][0][1] == "</script><b>\u2028标题"


def test_explore_data_stays_small_per_profile(synthetic):
    size = len(explore.script(synthetic).encode("utf-8"))
    assert size / len(synthetic.items) < 200, size


def test_explore_page_degrades_to_the_listings(library):
    pages, items = render_site_with_fragments(library, Options())
    page = pages["explore/index.md"]
    assert "[按地区](../regions/)" in page and "[按年份](../years/)" in page
    form = next(html for html in items.values() if 'id="cb-explore"' in html)
    assert re.search(r'<div class="cb-explore" id="cb-explore" hidden', form)  # until the script shows it
    assert 'src="data.js"' in form and 'src="../assets/javascripts/casebook-explore.js"' in form
    assert "on" + "click" not in form and "<form" not in form


# --- statistics -----------------------------------------------------------------------------------

def test_sums_only_within_a_unit(synthetic):
    found = stats.outcomes(synthetic)
    assert found
    expected: dict[tuple[str, str], list[float]] = defaultdict(list)
    for item in synthetic.items:
        for practice in dict.fromkeys(item.profile.practices):
            for m in item.profile.metrics:
                expected[(practice, m.unit)].append(m.value)
    seen = set()
    for entry in found:
        for group in entry.units:
            assert {m.unit for _, m in group.figures} == {group.unit}
            values = expected[(entry.practice.name, group.unit)]
            assert sorted(m.value for _, m in group.figures) == sorted(values)
            from casebook.zh.numbers import format_value

            assert group.total == format_value(math.fsum(values), group.unit)
            seen.add((entry.practice.name, group.unit))
    assert seen == set(expected)


def test_stats_pages_label_sums_and_link_every_figure(synthetic):
    pages, items = render_site_with_fragments(synthetic, Options())
    index = pages["stats/index.md"]
    assert "所报数字之和" in index and "search:\n  exclude: true" in index
    charts_ = [html for html in items.values() if 'class="cb-chart' in html]
    assert len(charts_) == 3
    entry = stats.outcomes(synthetic)[0]
    page = pages[entry.page]
    assert "所报数字之和" in page
    tables = [items[key] for key in re.findall(r'id="(cb-slot-[0-9a-f]+-\d+)"', page)]
    links = [link for table in tables for link in re.findall(r'<a href="([^"]+)">', table)]
    assert len(links) == entry.figures
    assert set(links) <= {rel(entry.page, i.page) for i in synthetic.items}


def test_each_bar_is_named_with_its_visible_text_first(synthetic):
    """WCAG 2.5.3: a link's name contains the words it shows, in the same order (axe label-content-name-mismatch)."""
    _, items = render_site_with_fragments(synthetic, Options())
    bars = [bar for html in items.values() if 'class="cb-chart' in html
            for bar in re.findall(r'<a href="[^"]+" aria-label="([^"]+)">\s*<title>[^<]*</title>(.*?)</a>', html, re.S)]
    assert bars
    for name, inside in bars:
        shown = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", inside))
        assert name.startswith(shown + " "), (name, shown)


def test_charts_scale_bars_to_the_largest_value():
    chart = charts.bars("c", "标题", [charts.Bar("山东省", 14, "regions/shandong.md"), charts.Bar("湖北省", 1)])
    assert [b.width for b in chart.bars] == [charts.PLOT, round(charts.PLOT / 14, 1)]
    assert chart.width == chart.label_width + charts.PLOT + charts.VALUE
    years = charts.columns("y", "年份", [charts.Bar("2020", 7), charts.Bar("2024", 14), charts.Bar("不详", 0)])
    assert [b.height for b in years.bars] == [charts.COLUMN_PLOT / 2, charts.COLUMN_PLOT, 0]


# --- class packs ----------------------------------------------------------------------------------

def test_nav_without_contributor_pages():
    nav = [{"首页": "index.md"}, {"浏览": [{"按地区": "regions/index.md"}]}, {"参与贡献": "contributing.md"},
           {"参考": [{"案例字段": "reference/schema.md"}, {"错误代码": "reference/errors.md"}]},
           {"关于本库": "about.md"}, "extra.md"]
    assert contributors.prune_nav(nav, set(contributors.PAGES)) == [
        {"首页": "index.md"}, {"浏览": [{"按地区": "regions/index.md"}]}, {"关于本库": "about.md"}, "extra.md"]


def test_handout_has_a_qr_code_per_profile_when_the_site_has_an_address(library):
    class Pack:
        title, trainer, intro, date, outside_links = "课", None, None, None, "online"

    with_url = handout_html(library, Pack(), site_url="https://casebook.example.org/", today=dt.date(2026, 12, 1))
    codes = re.findall(r'<img class="qr" src="(data:image/svg\+xml[^"]+)"', with_url)
    assert len(codes) == len(library.items)
    assert "<svg" in unquote(codes[0]).replace("&#39;", "'")
    without = handout_html(library, Pack(), site_url="", today=dt.date(2026, 12, 1))
    assert 'class="qr"' not in without


def test_handout_cover_names_the_content_licence(library):
    class Pack:
        title, trainer, intro, date, outside_links = "课", None, None, None, "online"

    cover = handout_html(library, Pack(), today=dt.date(2026, 12, 1)).split('<nav class="toc">')[0]
    assert f'<a href="{library.vocab.licence.url}" rel="license">' in cover
    assert "CC BY 4.0" in cover



def test_stats_say_one_year_once(tmp_path):
    """A pack of profiles from one year said 报道年份从 2024 年到 2024 年."""
    project = make_project(tmp_path / "one-year", [ROOT / "tests" / "fixtures" / "valid" / "base-profile.md"])
    pages, _ = render_site_with_fragments(Library.from_report(check_project(project)), Options())
    assert "报道年份都是 2024 年" in pages["stats/index.md"] and "到 2024 年" not in pages["stats/index.md"]
