"""Cleaning raw articles: Traditional → Simplified, converter artifacts,
mojibake flags, boilerplate and repeats."""

from __future__ import annotations

import re

import pytest

from casebook.zh import textclean

DAMAGED = "荊楚網(wǎng)訊 黃石市下陸區(qū)團(tuán)城山街道通過“要點(diǎn)講解”"


def test_readings_removed_and_text_simplified():
    cleaned = textclean.clean(DAMAGED)
    assert cleaned.text == "荆楚网讯 黄石市下陆区团城山街道通过“要点讲解”"
    assert cleaned.traditional
    assert cleaned.readings_removed == 4  # 網 區 團 點


@pytest.mark.parametrize("text", [
    "福清新闻网讯8月12日(记者:夏巧鸿)建立党建联盟",
    "参会人员通过观看PPT(PPT)和实地观摩",
    "居民可下载(app)使用",
])
def test_real_parentheses_stay(text):
    assert textclean.clean(text).text == text


def test_fullwidth_brackets_and_toneless_readings_in_a_damaged_text():
    text = "網（wǎng）絡(luò)與(yǔ)社區(qū)的(de)建設(shè)"
    assert textclean.clean(text).text == "网络与社区的建设"


def test_toneless_syllable_in_a_clean_text_is_left_alone():
    assert textclean.clean("这是(de)用法说明").text == "这是(de)用法说明"


@pytest.mark.parametrize("traditional, simplified", [
    ("隨著社區發展，這意味著居民參與，要著眼長遠。", "随着社区发展，这意味着居民参与，要着眼长远。"),
    ("他是著名的學者，著作很多，成效顯著。", "他是著名的学者，著作很多，成效显著。"),
])
def test_zhe_after_t2s(traditional, simplified):
    assert textclean.clean(traditional + "網(wǎng)絡(luò)與(yǔ)").text == simplified + "网络与"


def test_mojibake_flagged_with_line_and_names_not(seeds):
    cleaned = textclean.read(seeds / "001_d4c110d4942fac86.txt")
    # The converter garbled 日(rì)報(bào) into 日?qǐng)?bào): the toned tails go (no Chinese
    # text has tone marks), and the "?" left in their place stay flagged.
    assert [(f.line, f.text) for f in cleaned.flags] == [
        (1, "湖北日??网)讯(通讯"),
        (16, "!皶浬除垺被颙?耗时7个小时"),
    ]
    assert not re.search(f"[{textclean.TONED}]", cleaned.full_text)
    assert "汪梓溦" in cleaned.text  # a rare name is not mojibake


@pytest.mark.parametrize("line", ["近日，\ufffd\ufffd\ufffd社区召开会议", "\ufffd\ufffd网讯 近日", "会议在2024\ufffd\ufffd召开"])
def test_a_run_of_replacement_characters_is_flagged_wherever_it_is(line):
    assert [f.reason for f in textclean.mojibake(line, 1)] == ["问号或替换符夹在文字中间"]


def test_a_reading_left_without_its_bracket_goes_and_its_question_mark_is_flagged():
    cleaned = textclean.clean("他們來自湖北日?qǐng)?bào)網(wǎng)。據(jù)說活動?dòng)持續三天。\n社區今年辦了活動?\n")
    assert cleaned.lines[0][1] == "他们来自湖北日??网。据说活动?持续三天。"
    assert [f.text for f in cleaned.flags] == ["湖北日??网。据说活动?持续三天。"]  # near runs merge
    assert cleaned.lines[1][1] == "社区今年办了活动?"  # a question ending a sentence keeps its mark, unflagged


def test_question_marks_ending_a_sentence_are_not_mojibake(seeds):
    assert textclean.read(seeds / "000_b95445674f7c20b8.txt").flags == []


def test_replacement_character_is_flagged():
    assert textclean.clean("社区\ufffd\ufffd活动").flags[0].reason == "问号或替换符夹在文字中间"


def test_boilerplate_and_repeated_paragraphs_dropped(seeds):
    cleaned = textclean.read(seeds / "000_b95445674f7c20b8.txt")
    assert "版权所有" not in cleaned.full_text and "往期查询" not in cleaned.full_text
    assert cleaned.text.count("近日,潍坊高新区举办第二期社区书记") == 1
    reasons = {why for _, _, why in cleaned.dropped}
    assert reasons == {"网站版权、导航或栏目信息", "重复段落"}
    licence = textclean.read(seeds / "001_d4c110d4942fac86.txt")
    assert "ICP" not in licence.full_text and "许可证" not in licence.full_text
    mood = textclean.read(seeds / "004_b4129c206b39035a.txt")
    assert "心情" not in mood.full_text and "[08-11]" not in mood.full_text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings(tmp_path, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes("济南高新区深入开展“三人行”\n惠及居民1200余人次。".encode(encoding))
    cleaned = textclean.read(path)
    assert cleaned.text == "济南高新区深入开展“三人行”\n惠及居民1200余人次。"


def test_binary_bytes_are_refused_in_one_line_without_quoting_them(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xfe\xff\x00\xd8garbage\x80\x81" * 10 + bytes(range(256)))
    with pytest.raises(textclean.NotAnArticle) as caught:
        textclean.read(path)
    message = str(caught.value)
    assert "\n" not in message and "garbage" not in message and "\ufffd" not in message


def test_a_few_bad_bytes_are_read_as_the_encoding_that_fits_best(tmp_path):
    path = tmp_path / "a.txt"
    text = "济南高新区深入开展“三人行”，惠及居民1200余人次。" * 20
    path.write_bytes(text.encode("gbk") + b"\xff")   # a truncated last character
    cleaned = textclean.read(path)
    assert cleaned.encoding.startswith("gb18030") and "惠及居民1200余人次" in cleaned.text


def test_entities_in_saved_text_are_decoded():
    cleaned = textclean.clean("标题\n&nbsp;&nbsp;社区举办&ldquo;邻里节&rdquo;活动，服务居民&amp;游客&#51;000人次。\n")
    assert cleaned.lines == [(1, "标题"), (2, "社区举办“邻里节”活动，服务居民&游客3000人次。")]


def test_a_saved_web_page_loses_its_markup_but_keeps_line_numbers():
    page = ('<html><head><style>\np { color: red }\n</style>\n<script>var t = "<p>不是正文</p>";</script></head>\n'
            '<body><h1>某某社区：邻里节</h1><p>发布时间：2023-01-02</p>\n'
            '<p>社区举办&ldquo;邻里节&rdquo;活动20余场。</p><p>服务居民3000人次。<br>第二段</p>\n</body></html>')
    cleaned = textclean.clean(page)
    assert cleaned.lines == [(5, "某某社区：邻里节"), (6, "社区举办“邻里节”活动20余场。"), (6, "服务居民3000人次。"),
                             (6, "第二段")]
    assert cleaned.metadata == [(5, "发布时间：2023-01-02")]


def test_angle_brackets_in_plain_text_stay():
    cleaned = textclean.clean("标题\n居民满意度<95%的小区有3个，a<b 不是标签。\n")
    assert cleaned.lines[1] == (2, "居民满意度<95%的小区有3个，a<b 不是标签。")


@pytest.mark.parametrize("line, head, body", [
    ("某某网 2018-08-30 10:20:00", "某某网 2018-08-30 10:20:00", ""),
    ("2023年06月14日 星期三", "2023年06月14日 星期三", ""),
    ("来源：宜宾日报 作者：记者 何静 发布时间：2021年04月12日 浏览量：1356 本报讯 近日，叙州区南岸街道金沙社区的“共享菜园”迎来了第一批收获。",
     "来源：宜宾日报 作者：记者 何静 发布时间：2021年04月12日 浏览量：1356", "本报讯 近日，叙州区南岸街道金沙社区的“共享菜园”迎来了第一批收获。"),
    ("信息来源：淄博日报近日，张店区科苑街道世纪花园社区推行“楼长制”。", "信息来源：淄博日报", "近日，张店区科苑街道世纪花园社区推行“楼长制”。"),
    ("发布时间：2020-05-06　　来源：海曙区民政局　　字体：[大 中 小]", "发布时间：2020-05-06　　来源：海曙区民政局　　字体：[大 中 小]", ""),
    # Not header lines: a title with a date in it, a sentence, a paragraph that quotes a source.
    ("某某社区2023年9月12日举办邻里节", "", "某某社区2023年9月12日举办邻里节"),
    ("2023年9月12日，社区举办了邻里节。", "", "2023年9月12日，社区举办了邻里节。"),
    ("据悉，该项目已累计投入资金1200万元，惠及居民2.3万人，主要用于老旧小区的改造提升；资金来源：区财政拨款和社会捐助。",
     "", "据悉，该项目已累计投入资金1200万元，惠及居民2.3万人，主要用于老旧小区的改造提升；资金来源：区财政拨款和社会捐助。"),
])
def test_header_lines_and_run_on_source_lines(line, head, body):
    assert textclean.split_header(line) == (head, body)


def test_a_saved_page_keeps_its_title_and_meta_tags_and_hides_the_title_from_the_text():
    page = ('<html><head><title>标题_栏目_某某网</title>\n<meta property="og:site_name" content="某某网">\n'
            '<meta name="PubDate" content="2020-10-09 15:30"><link rel="canonical" href="https://www.example.cn/a/1.html">'
            '</head><body><h1>标题</h1><p>正文&ldquo;第一段&rdquo;。</p></body></html>')
    cleaned = textclean.clean(page)
    assert cleaned.page.title == "标题_栏目_某某网"
    assert cleaned.page.meta == {"og:site_name": "某某网", "pubdate": "2020-10-09 15:30"}
    assert cleaned.page.canonical == "https://www.example.cn/a/1.html"
    assert [t for _, t in cleaned.lines] == ["标题", "正文“第一段”。"]


def test_plain_text_has_no_page_facts():
    assert textclean.clean("标题\n<title>不是网页</title>正文").page == textclean.Page()
