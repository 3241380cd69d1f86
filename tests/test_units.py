"""Small pieces: dates, numbers as Chinese text writes them, YAML line numbers."""

from __future__ import annotations

import re

import pytest
import yaml

from casebook.profile import yamlio
from casebook.zh.dates import DateError, PartialDate
from casebook.zh.numbers import chinese_to_int, find_quantities, format_value, markers

from conftest import ROOT

UNITS = ["人次", "人", "名", "个", "个月", "场", "次", "种", "册", "平方米", "元", "万元", "亿元", "小时", "星期", "%"]


@pytest.mark.parametrize("text, canonical, shown, precision", [
    ("2024-06-28", "2024-06-28", "2024年6月28日", "day"),
    ("2024-06", "2024-06", "2024年6月", "month"),
    (2024, "2024", "2024年", "year"),
    ("--02-21", "--02-21", "2月21日（年份不详）", "month-day"),
    ("--02-29", "--02-29", "2月29日（年份不详）", "month-day"),
    ("TODO", "TODO", "日期待补", "todo"),
])
def test_partial_dates(text, canonical, shown, precision):
    date = PartialDate.parse(text)
    assert (str(date), date.display(), date.precision) == (canonical, shown, precision)


@pytest.mark.parametrize("text", ["2024-13", "2023-02-29", "24-06-28", "2024/06/28", "", "1800", True, 3.5])
def test_bad_dates(text):
    with pytest.raises(DateError):
        PartialDate.parse(text)


def test_unknown_year_sorts_last():
    dates = [PartialDate.parse(x) for x in ["--02-21", "2020-08-13", "2024", "2024-06-28"]]
    assert [str(d) for d in sorted(dates, key=PartialDate.sort_key, reverse=True)] == \
        ["2024-06-28", "2024", "2020-08-13", "--02-21"]


@pytest.mark.parametrize("text, expected", [
    ("惠及居民1200余人次", [(1200, 1200, "人次", True)]),
    ("受益居民1万余人次", [(1, 10_000, "人次", True)]),
    ("投资15亿元建设", [(15, 15, "亿元", False)]),
    ("2.1万平方米的商业金街", [(2.1, 21_000, "平方米", False)]),
    ("搭建拥有近千册图书", [(1000, 1000, "册", True)]),
    ("带动居民参与自治实践活动约30余次", [(30, 30, "次", True)]),
    ("耗时7个小时", [(7, 7, "小时", False)]),
    ("仅用一个星期的时间", [(1, 1, "星期", False)]),
    ("１，２００人", [(1200, 1200, "人", False)]),
    ("约30人左右", [(30, 30, "人", True)]),
    # A range: both bounds approximate, with the range's unit and multiplier.
    ("开展活动200至300场", [(200, 200, "场", True), (300, 300, "场", True)]),
    ("2至3万人", [(2, 20_000, "人", True), (3, 30_000, "人", True)]),
    ("电话0591-85551234", [(591, 591, None, False), (85551234, 85551234, None, False)]),
    # A marker a verb separates from the figure; 约 inside a word (签约, 合约) is none.
    ("老人约占30%", [(30, 30, "%", True)]),
    ("辖区居民大约有3000人", [(3000, 3000, "人", True)]),
    ("家庭医生签约达3000人", [(3000, 3000, "人", False)]),
    # Tenths: 六成 is 60 %; 一成不变 and 三成员 are words.
    ("党员约占六成", [(60, 60, "%", True)]),
    ("投诉下降了三成", [(30, 30, "%", False)]),
    ("八成以上的居民", [(80, 80, "%", True)]),
    ("一成不变", [(1, 1, None, False)]),
    ("二十几名志愿者", [(20, 20, "名", True)]),    # as 二十余
    ("收缴率由不足50%提高到92%", [(50, 50, "%", True), (92, 92, "%", False)]),
    ("上万人次", [(10_000, 10_000, "人次", False)]),   # 万 alone was read as 0
])
def test_find_quantities(text, expected):
    found = [(q.number, q.value, q.unit, q.approx) for q in find_quantities(text, UNITS)]
    assert found == expected


def test_markers_come_from_the_quote():
    assert markers("搭建拥有近千册图书", 1000, UNITS) == ("近", "")
    assert markers("惠及居民1200余人次", 1200, UNITS) == ("", "余")
    assert markers("开展活动200至300场", 200, UNITS) == ("", "至300")  # a card shows 200至300 场


@pytest.mark.parametrize("value, unit, shown", [
    (1200, "人次", "1,200"), (10_000, "人次", "1万"), (21_000, "平方米", "2.1万"),
    (15, "亿元", "15"), (1_500_000_000, "元", "15亿"), (12_345, "人", "12,345"), (2.5, "小时", "2.5"),
])
def test_format_value(value, unit, shown):
    assert format_value(value, unit) == shown


@pytest.mark.parametrize("text, value", [("一千二百", 1200), ("十", 10), ("二十", 20), ("一百零五", 105),
                                         ("两万", 20_000), ("一亿二千万", 120_000_000), ("千", 1000), ("二三", None)])
def test_chinese_numerals(text, value):
    assert chinese_to_int(text) == value


def test_yaml_keeps_lines_and_finds_duplicates():
    loaded = yamlio.load("id: a\nregion:\n  city: x\nmetrics:\n  - label: y\nid: b\n", first_line=2)
    assert loaded.line_of(("region", "city")) == 4
    assert loaded.line_of(("metrics", 0, "quote")) == 6  # nearest present ancestor
    assert loaded.duplicate_keys == [(("id",), 7)]
    assert loaded.data["region"] == {"city": "x"}


def test_yaml_builds_what_pyyaml_builds():
    text = ("a: 1\nb: [x, 2.5, true, null, '3']\nbase: {x: 1}\nm:\n  y: 2\n"
            "'7': seven\nints: [0, 12, 012, 0x1f, 1_000, -3, +4]\nstr: !!str 12\n")
    text += "plain: [中文, yes, No, ~, null, '', .5, +4, -3, 1e3, .inf, 0o17, 12:30, 'x: y', 社区: 1]\n"
    assert yamlio.load(text).data == yaml.safe_load(text)  # PyYAML's own loader: no shortcuts


@pytest.mark.parametrize("value", ["!!binary aGk=", "!!set {a, b}", "!!omap [a: 1]", "!!timestamp 2024-01-01",
                                   "!local x", "!!python/str x"])
def test_yaml_refuses_every_other_tag(value):
    """Only text, numbers, yes/no, null, lists and mappings: bytes or a set would pass by the text checks."""
    with pytest.raises(yamlio.YamlError) as info:
        yamlio.load(f"a: 1\nb: {value}\n", first_line=2)
    assert info.value.line == 3 and "YAML 标记" in info.value.message


@pytest.mark.parametrize("text, line, words", [("a: 1\n? [1, 2]\n: 3\n", 3, "字段名"),
                                                ("a: 1\n7: seven\n", 3, "字段名“7”应是文字"),
                                                ("a: 1\n~: x\n", 3, "字段名“~”应是文字"),
                                                ("a: 1\n<<: {title: !!binary aGk=}\n", 3, "合并键"),
                                                ("a: 1\nregion:\n  <<: {community: x}\n", 4, "合并键"),
                                                ("a: 1\nb: &x [1, *x]\n", 3, "别名")])
def test_yaml_refuses_odd_keys_and_recursive_aliases(text, line, words):
    with pytest.raises(yamlio.YamlError) as info:
        yamlio.load(text, first_line=2)
    assert info.value.line == line and words in info.value.message


@pytest.mark.parametrize("text, line", [
    ("a: 1\nbase: &b {x: 1}\nm:\n  <<: *b\n", 3),          # merge key
    ("a: &x 1\nb: 2\n", 2),                                 # an anchor alone
    ("a: [1]\nb:\n  - *x\n", 4),                             # an alias alone (undefined, still refused)
    ("a: &a [1, 1]\nb: &b [*a, *a]\nc: &c [*b, *b]\n", 2),  # the start of a billion laughs
])
def test_yaml_refuses_anchors_and_aliases(text, line):
    with pytest.raises(yamlio.YamlError) as info:
        yamlio.load(text, first_line=2)
    assert (info.value.line, info.value.alias) == (line, True)


def test_yaml_with_ampersands_and_stars_in_text_is_fine():
    text = "a: 3*4\nb: A&B\nc: '*x'\nd: \"&y\"\n"
    assert yamlio.load(text).data == {"a": "3*4", "b": "A&B", "c": "*x", "d": "&y"}


def test_yaml_keeps_dates_as_written():
    assert yamlio.load("date: 2024-06-28\n").data == {"date": "2024-06-28"}


@pytest.mark.parametrize("text, line", [('a: 1\nb: "x\nc: 2\n', 3), ("a: [1, 2\nb: 3\n", 2), ("a: 1\n\tb: 2\n", 3)])
def test_yaml_error_lines(text, line):
    with pytest.raises(yamlio.YamlError) as info:
        yamlio.load(text, first_line=2)
    assert info.value.line == line
    assert info.value.message


@pytest.mark.parametrize("text, line, message", [
    # A key without its colon is noticed on the next line; the key's own line is meant.
    ("region:\n  province: 浙江省\n  city 杭州市\n  district: 西湖区\n", 4, "缺少冒号：每个字段应写成“字段名: 值”"),
    ("practices [议事协商]\nstatus: draft\n", 2, "缺少冒号"),
    ("region:\n  city：杭州市\n  district: 西湖区\n", 3, "这一行用了中文冒号“：”"),
    ("region:\n  city: 杭州市\n\t district: y\n", 4, "YAML 不允许用 Tab 缩进，请改用空格"),
    ('title: "翠苑：议事"x\nstatus: draft\n', 2, "引号后面还有文字"),
    ("id: x\ntitle: 翠苑: 议事\nstatus: draft\n", 3, "这里不能出现“键: 值”"),
    # A plain value's second line and a list item have no colon either: they are no key.
    ("summary: 第一行\n  第二行\n  第三行: 说明\nid: a\n", 4, "这里不能出现“键: 值”"),
    ("practices:\n  - 议事协商\n    note: x\n", 4, "这里不能出现“键: 值”"),
    # A full-width colon in the words is no key's: the missing colon is after summary.
    ("id: a\nsummary 书记说：好\nstatus: x\n", 3, "缺少冒号"),
])
def test_yaml_errors_are_explained_in_chinese_on_the_line_to_mend(text, line, message):
    with pytest.raises(yamlio.YamlError) as info:
        yamlio.load(text, first_line=2)
    assert (info.value.line, info.value.message.startswith(message)) == (line, True), info.value.message
    assert not re.search(r"[A-Za-z]{4,}", info.value.message.replace("YAML", "")), info.value.message


def test_words_command_shows_the_indexer_cut(capsys):
    from casebook.cli import main

    assert main(["--root", str(ROOT), "words", "办非遗剪纸公益课堂", "党支部书记赵雨蒙为建设初期"]) == 0
    assert capsys.readouterr().out.splitlines() == ["办 / 非遗 / 剪纸 / 公益课堂",
                                                     "党支部 / 书记 / 赵雨蒙 / 为 / 建设 / 初期"]




@pytest.mark.parametrize("text, expected", [
    ("助餐标准为12元/餐", [(12, "元/餐", False)]),
    ("人均补贴约300元／人", [(300, "元/人", True)]),          # a full-width slash reads as /
    ("租金降至25元/平方米", [(25, "元/平方米", False)]),
    ("收费10元/台", [(10, "元", False)]),                      # 元/台 is no unit: the figure is 元, the importer drops it
    ("面积约1.2公顷", [(1.2, "公顷", True)]),
    ("辖区面积3.5平方公里", [(3.5, "平方公里", False)]),
    ("改造老楼6幢", [(6, "幢", False)]),
    ("走访2300余户次", [(2300, "户次", True)]),
    ("化解纠纷57起", [(57, "起", False)]),
    ("缩短至20个工作日", [(20, "工作日", False)]),
])
def test_units_from_the_unit_list(text, expected):
    units = [u["name"] for u in yaml.safe_load((ROOT / "data" / "units.yml").read_text(encoding="utf-8"))]
    found = [(q.number, q.unit, q.approx) for q in find_quantities(text, units)]
    assert found == expected


def test_every_slash_unit_is_a_rate_of_a_listed_unit():
    """元/人 is 元 per 人: both sides are units or nouns a reader knows, and the kind says it is a rate."""
    units = yaml.safe_load((ROOT / "data" / "units.yml").read_text(encoding="utf-8"))
    names = {u["name"] for u in units}
    for unit in units:
        if "/" in unit["name"]:
            amount, per = unit["name"].split("/")
            assert amount in names and unit["kind"] == "单价", unit


@pytest.mark.parametrize("value, shape", [([2024], "列表"), ({"year": 2024}, "“字段: 值”的映射"), (2024.5, "数字")])
def test_a_date_of_another_shape_is_named_in_chinese(value, shape):
    with pytest.raises(DateError) as caught:
        PartialDate.parse(value)
    assert str(caught.value) == f"日期应是一个 2024-06-28 这样的日期，而不是{shape}"


@pytest.mark.parametrize("text, found", [
    ("百分之八十五的居民表示满意", [("百分之八十五", 85, "%", False)]),
    ("满意率达百分之九十九点二", [("百分之九十九点二", 99.2, "%", False)]),
    ("近百分之六十的家庭参加了12轮议事", [("近百分之六十", 60, "%", True), ("12轮", 12, "轮", False)]),
    ("百分之85以上", [("百分之85以上", 85, "%", True)]),
    ("上了260多节课", [("260多节", 260, "节", True)]),
])
def test_shares_written_out_and_rounds_and_lessons(text, found):
    """百分之… is a share like 85%: before, it was no figure at all (or 100 分, from its 百)."""
    units = [*UNITS, "%", "轮", "节"]
    assert [(q.text, q.value, q.unit, q.approx) for q in find_quantities(text, units)] == found
