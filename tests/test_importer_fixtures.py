"""The importer on articles written for these tests in the style of local news pages
(tests/fixtures/articles/, none copied from a real page), one for each kind of trouble
real pages gave it. Each draft's front matter is compared, whole, with the file beside
its article (X.expected.yml); what the draft's to-do list must say is listed below.

ANSWER_KEY lists, by hand and from the article alone, every figure a person would
propose as a metric: recall and precision against it are measured over the whole set.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
import yaml

from casebook.importer.article import import_article
from casebook.profile.validate import check_project

from conftest import FIXTURES

ARTICLES = FIXTURES / "articles"
NEW = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".html")
             and p.with_name(p.name.rsplit(".", 1)[0] + ".expected.yml").is_file())

# Options given on the command line (make import FILE=… URL=…).
OPTIONS = {
    "address-only-date-and-host.txt": {"url": "http://www.cnhubei.com/content/2021-06/18/content_13854921.html"},
    "subdomain-url-date.txt": {"url": "https://zjnews.zjol.com.cn/zjnews/hznews/202109/t20210914_23100000.shtml"},
    "dispatch-two-reporters-url-next-day.txt": {"url": "http://www.news.cn/local/2025-03/06/c_1131234567.htm"},
}

# What the to-do list says, for the facts a person must check or fill in.
NOTES = {
    "quoted-speech-rates-units.txt": ["文中没有写明省、市一级，已按区划表推断为 江苏省苏州市姑苏区"],
    "ratios-addresses-distances.txt": [
        "“每个网格配备1名专职网格员”是配比", "“每栋楼设1名楼长”是配比",
        "“走进旌阳区旌东街道岷江社区5栋”是地址或楼号", "“网格员王芳住在12栋2单元”是地址或楼号",
        "“从社区服务站往东走200米就是她负责的网格”是距离或路程", "“步行5分钟就能到”是距离或路程",
        "“距离社区800米的老菜市场今年完成了改造”是距离或路程"],
    "restated-figures.txt": ["文中重复提到的 3 个数字只列了一次", "取自来源信息行“鹿城新闻网 2022-07-19 10:20:00”",
                             "发布单位：取自页首的网站名"],
    "address-only-date-and-host.txt": ["取自网址中的日期“/2021-06/18”", "按网址的域名 www.cnhubei.com 推断"],
    "unlabelled-header.txt": ["取自来源信息行“浏阳新闻网 2018-08-30 10:20:00”"],
    "masthead-benbao.txt": ["取自来源信息行“2023年06月14日 星期三”", "原文写的是导语“本报讯”，发布单位取自报头"],
    "benbao-unresolved.txt": ["原文写的是导语“本报讯”，没有写明是哪家报纸；请按原网页补全"],
    "zixun-header.txt": ["发布单位：原文没有写明发布单位"],
    "ambiguous-street.txt": ["“解放路街道”在区划表中有多处（山西省临汾市尧都区、安徽省马鞍山市花山区、山东省济南市历下区、"
                             "河南省安阳市北关区、河南省新乡市卫滨区、新疆维吾尔自治区伊犁哈萨克自治州伊宁市等 7 处），"
                             "文中没有写明是哪一处，省、市、区县一级没有填写"],
    "province-only.txt": ["文中没有写明市、区县一级，没有推断"],
    "saved-page-og-meta.html": ["取自网页的 article:published_time", "取自网页的 og:site_name"],
    "gov-site-meta.html": ["取自网页的 pubdate", "取自网页的 contentsource"],
    "wechat-saved.html": ["发布单位：取自页首的网站名"],
    "traditional-visit-two-cities.txt": ["文中写到的几处地方（浙江省杭州市萧山区、浙江省宁波市鄞州区）分量相近",
                                         "原文是繁体，已转为简体"],
    "two-districts-compared.txt": ["文中写到的几处地方（福建省厦门市思明区、福建省厦门市湖里区）分量相近，"
                                   "案例写的是哪一处请按原文确定（考察学习的报道写被考察的一方），区县一级没有填写"],
    "numbers-that-are-not-metrics.txt": ["“每个服务站点配备2名工作人员”是配比", "“站点之间相距不超过800米”是距离或路程"],
    "subdomain-url-date.txt": ["取自网址中的日期“/t20210914”",
                               "按网址的域名 zjnews.zjol.com.cn（zjol.com.cn 的子站）推断"],
    "benwang-title-site.html": ["原文写的是导语“本网讯”，发布单位取自网页标题"],
    "epaper-saved.html": ["原文写的是导语“本报讯"],
    "benbao-title-newspaper.html": ["原文写的是“稿源：本报”，发布单位取自网页标题"],
    "province-and-two-cities.txt": ["文中重复提到的 1 个数字只列了一次"],
    "subtitle-points-village.txt": ["核对原文标题：原文还有副题“——德清县新市镇推进乡村治理积分制”"],
    "dispatch-two-reporters-url-next-day.txt": ["取自网址中的日期“/2025-03/06”；文章开头的日期是3月5日", "两者不同"],
    "forest-district.txt": ["神农架林区由湖北省直辖，没有地级市：city 也写神农架林区"],
}

# (value, unit, approx) of every figure about scale or results, read off each article by hand.
ANSWER_KEY = {
    "quoted-speech-rates-units.txt": [(10, "位", True), (36, "场", False), (120, "个", True), (80, "平米", True),
                                      (2, "支", False), (10000, "人", True), (12, "元/餐", False), (8, "元/餐", False),
                                      (220, "份", True), (16000, "人次", False)],
    "ratios-addresses-distances.txt": [(18, "个", False), (46, "个", False), (2300, "户次", True), (410, "条", False),
                                       (57, "起", False), (32, "万元", False), (6, "幢", False)],
    "restated-figures.txt": [(32, "个", False), (20000, "户", True), (3, "个", False), (5, "支", False),
                             (140, "场", True), (45, "%", False), (91, "%", False)],
    "address-only-date-and-host.txt": [(30, "名", True), (60, "个", False), (21, "场", False), (150, "条", True),
                                       (138, "条", False)],
    "unlabelled-header.txt": [(27, "场", False), (1500, "人次", True), (96, "条", False), (89, "条", False)],
    "runon-source-line.txt": [(20, "户", True), (600, "平方米", True), (40, "块", False), (80, "名", True)],
    "runon-source-no-space.txt": [(42, "名", False), (310, "件", True), (96, "%", False)],
    "masthead-benbao.txt": [(12, "个", False), (47, "个", False), (3100, "户次", True), (85, "件", False)],
    "benbao-unresolved.txt": [(5, "个", False), (28, "栋", False), (860, "户", False),
                              (30, "条", True)],
    "zixun-header.txt": [(14, "个", False), (600, "人", True), (3000, "人次", True)],
    "ambiguous-street.txt": [(150, "平方米", True), (60, "人", False), (420, "人次", False)],
    "municipality-county.txt": [(40, "名", True), (63, "场", False), (280, "条", True), (252, "条", False)],
    "province-administered-city.txt": [(3, "个", False), (1800, "人次", True)],
    "province-only.txt": [(8500, "个", True), (42000, "次", True)],
    "saved-page-og-meta.html": [(260, "平方米", True), (130, "场", True), (8600, "人次", False), (56, "名", False)],
    "gov-site-meta.html": [(620, "名", False), (4100, "户", True), (230, "个", True)],
    "channel-dateline-renmin.txt": [(10, "分钟", False), (42, "个", False), (68, "项", False), (52, "项", False),
                                    (36000, "件", False), (99.2, "%", False), (3, "支", False), (230, "次", True)],
    "dispatch-xinhua.txt": [(6, "个", False), (18, "场", False), (104, "个", False), (97, "个", False), (93, "%", False),
                            (12, "名", False)],
    "gov-page-copy.txt": [(14, "个", False), (32, "名", False), (1860, "件", False), (420, "处", True), (38, "%", False),
                          (96, "万元", True)],
    "wechat-saved.html": [(860, "人", False), (12000, "小时", False), (350, "次", True), (12, "家", False)],
    "traditional-visit-two-cities.txt": [(20, "人", True), (1200, "平方米", True), (150, "个", False), (600, "户", True)],
    "county-site-and-paper.txt": [(21, "个", False), (136, "场", False), (210, "件", False), (185, "件", False),
                                  (85, "万元", False), (3.2, "公里", False), (120, "个", False)],
    "numbers-that-are-not-metrics.txt": [(89, "处", False), (460, "家", True), (220000, "户", True), (58000, "人次", False),
                                         (31000, "件", False), (98.6, "%", False)],
    "city-wide-report.txt": [(37, "个", False), (126, "个", False), (80000, "户", True), (1800, "平方米", True),
                             (300, "人次", True)],
    "full-page-nav-related.txt": [(20, "位", True), (8, "元", False), (5, "元", False), (18000, "人次", False),
                                  (110, "人", True), (4, "家", False)],
    "epaper-saved.html": [(12, "名", False), (96, "名", False), (18, "个", False), (73, "起", False), (95, "%", False)],
    "subdomain-url-date.txt": [(22, "台", False), (450, "户", True), (15, "台", False), (20, "工作日", False)],
    "benwang-title-site.html": [(459, "个", False), (2300, "项", True), (1.6, "亿元", False), (97, "%", True)],
    "two-districts-compared.txt": [(86, "个", False), (47, "件", False), (97, "个", False), (1300, "起", True),
                                   (52, "个", False), (1100, "名", True)],
    "benbao-title-newspaper.html": [(180, "平方米", True), (70, "人", False), (300, "份", True), (9000, "人次", True)],
    "municipality-street-with-city-name.txt": [(17, "个", False), (1100, "个", True), (86, "个", False),
                                               (1500, "名", True)],
    "same-name-district-disambiguated.txt": [(20, "名", True), (12, "个", False), (87, "个", False), (156, "个", False)],
    "subtitle-points-village.txt": [(120, "分", False), (26, "个", False), (9800, "张", True), (360000, "分", False)],
    "province-and-city-same-name.txt": [(16, "家", False), (64, "件", False), (12, "个", False)],
    "table-and-photo-caption.txt": [(326, "件", False), (41, "件", False), (213, "件", False), (72, "件", False),
                                    (96.3, "%", False), (15, "个", False)],
    "passing-mentions-only.txt": [(18, "户", False), (42, "场", False), (65, "件", False)],
    "province-and-two-cities.txt": [(100, "%", False), (92, "%", False), (3.2, "亿元", False), (180, "处", True),
                                    (64, "个", False)],
    "byline-line-street-clauses.txt": [(3, "个", False), (400, "份", True), (6000, "次", True)],
    "dispatch-two-reporters-url-next-day.txt": [(36, "场", False), (52, "件", False)],
    "banner-county.txt": [(60, "场", True), (3000, "份", True)],
    "forest-district.txt": [(42, "个", False), (12000, "户次", False), (37, "起", False)],
}


def expected(article):
    return yaml.safe_load(article.with_name(article.name.rsplit(".", 1)[0] + ".expected.yml").read_text(encoding="utf-8"))


def imported(project, article):
    result = import_article(project, article, **OPTIONS.get(article.name, {}))
    text = result.path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    return result, front, text


def test_every_fixture_has_an_answer_key():
    assert {p.name for p in NEW} == set(ANSWER_KEY)


@pytest.mark.parametrize("article", NEW, ids=lambda p: p.name)
def test_draft_front_matter_is_exactly_as_expected(tmp_project, article):
    project = tmp_project()
    result, front, text = imported(project, article)
    assert front == expected(article)
    assert result.problems == [], [str(p) for p in result.problems]
    for note in NOTES.get(article.name, []):
        assert note in text, note
    assert ("文中没有找到带单位的数字" in text) != bool(front["metrics"])
    for metric in front["metrics"]:
        assert metric["quote"] in result.cleaned.full_text


def test_metric_recall_and_precision_against_the_answer_key(tmp_project):
    project = tmp_project()
    hits = found = wanted = 0
    for article in NEW:
        _, front, _ = imported(project, article)
        got = Counter((m["value"], m["unit"], m["approx"]) for m in front["metrics"])
        key = Counter(ANSWER_KEY[article.name])
        hits += sum((got & key).values())
        found += sum(got.values())
        wanted += sum(key.values())
    assert (hits / wanted, hits / found) == (1.0, 1.0)


def test_no_draft_states_a_place_its_article_does_not_support(tmp_project):
    """Never a confident wrong place: left to do, or what the article says."""
    project = tmp_project()
    places = {}
    for article in NEW:
        _, front, _ = imported(project, article)
        places[article.name] = tuple(front["region"][k] for k in ("province", "city", "district"))
    assert places["ambiguous-street.txt"] == ("TODO：省级行政区全称", "TODO：地级市全称", "TODO：区县全称")
    assert places["province-only.txt"] == ("福建省", "TODO：地级市全称", "TODO：区县全称")
    assert places["municipality-county.txt"] == ("重庆市", "重庆市", "忠县")
    assert places["province-administered-city.txt"] == ("湖北省", "仙桃市", "仙桃市")
    assert places["gov-site-meta.html"] == ("海南省", "琼海市", "琼海市")
    assert places["municipality-street-with-city-name.txt"] == ("上海市", "上海市", "静安区")   # not 临汾市
    assert places["same-name-district-disambiguated.txt"] == ("北京市", "北京市", "朝阳区")     # not 长春市
    assert places["table-and-photo-caption.txt"] == ("重庆市", "重庆市", "江北区")
    assert places["two-districts-compared.txt"] == ("福建省", "厦门市", "TODO：区县全称")
    # 赴武汉市考察, 借鉴了浙江的经验: places named in passing are not where the article is.
    assert places["passing-mentions-only.txt"] == ("TODO：省级行政区全称", "TODO：地级市全称", "TODO：区县全称")
    assert places["traditional-visit-two-cities.txt"] == ("浙江省", "TODO：地级市全称", "TODO：区县全称")


def test_dates_and_publishers_from_every_place_a_page_keeps_them(tmp_project):
    project = tmp_project()
    facts = {}
    for article in NEW:
        _, front, _ = imported(project, article)
        facts[article.name] = (front["date"], front["sources"][0]["publisher"])
    assert facts["address-only-date-and-host.txt"] == (date(2021, 6, 18), "荆楚网")
    assert facts["unlabelled-header.txt"] == (date(2018, 8, 30), "浏阳新闻网")
    assert facts["runon-source-line.txt"] == (date(2021, 4, 12), "宜宾日报")
    assert facts["runon-source-no-space.txt"] == ("TODO", "淄博日报")
    assert facts["masthead-benbao.txt"] == (date(2023, 6, 14), "黄冈日报")
    assert facts["benbao-unresolved.txt"] == ("TODO", "TODO：发布的媒体或单位（见文末待办）")
    assert facts["zixun-header.txt"] == (date(2022, 9, 26), None)     # 邹平社区资讯 is no dateline
    assert facts["saved-page-og-meta.html"] == (date(2021, 6, 18), "金华新闻网")
    assert facts["gov-site-meta.html"] == (date(2020, 10, 9), "琼海市民政局")


def test_title_option_wins_and_a_url_option_is_recorded(tmp_project):
    project = tmp_project()
    result = import_article(project, ARTICLES / "zixun-header.txt", title="“邻里节”让居民走出家门",
                            url="https://www.example.com/news/20220926/123.html")
    front = check_project(project).entries[0].model
    assert front.sources[0].title == "“邻里节”让居民走出家门"
    assert front.sources[0].url == "https://www.example.com/news/20220926/123.html"
    assert result.found.date_note.startswith("取自来源信息行")   # the page's own date before the address's
