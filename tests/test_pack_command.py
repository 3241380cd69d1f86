"""`casebook pack NAME …`: a trainer defines a class pack from options, without writing YAML."""

from __future__ import annotations

import pytest

from casebook.cli import main
from casebook.profile.packs import load_pack
from casebook.profile.validate import check_project

from conftest import ROOT

# The profiles a selection is tested on: named, so that a profile a contributor adds
# (another 红色物业 in 福州, say) changes no expected result here.
FUQING = [ROOT / "profiles" / f"fuqing-beida-{name}.md" for name in (
    "dangjian-lianmeng", "hongse-ketang", "hongse-wuye", "linli-guanjia", "liufang-yishi", "siji-wangge", "yizhanshi-fuwu")]


def test_pack_command_writes_a_pack_that_bundles_the_selection(tmp_project, capsys):
    project = tmp_project(FUQING)
    (project.packs_dir / "hongse-2027.yml").unlink(missing_ok=True)  # made by the README's example, perhaps
    code = main(["--root", str(project.root), "pack", "hongse-2027", "--title", "红色物业专题", "--date", "2027-03-15",
                 "--practice", "红色物业", "--practice", "议事协商", "--region", "福建省/福州市", "--year", "2020"])
    assert code == 0
    path = project.packs_dir / "hongse-2027.yml"
    assert path.read_text(encoding="utf-8") == (
        "# 课包：红色物业专题。重建：make bundle PACK=hongse-2027\n"
        "title: 红色物业专题\ndate: 2027-03-15\nselect:\n  practices: [红色物业, 议事协商]\n"
        "  regions: [福建省/福州市]\n  years: [2020]\n")
    pack, problems = load_pack(project, "hongse-2027", check_project(project))
    assert problems == []
    assert sorted(pack.ids) == ["fuqing-beida-hongse-wuye", "fuqing-beida-liufang-yishi"]
    assert "选中 2 个案例" in capsys.readouterr().err


def test_pack_command_names_the_option_to_fix_and_writes_nothing(tmp_project, capsys):
    project = tmp_project(all_profiles=True)
    code = main(["--root", str(project.root), "pack", "bad", "--title", "x",
                 "--practice", "民主协商", "--id", "no-such-profile", "--year", "去年"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert not (project.packs_dir / "bad.yml").exists()
    # One round names every mistake, the file's shape (K001) and what it refers to (K002) alike.
    assert [line.split(":")[0] for line in out] == ["--practice", "--year", "--id"]
    assert out[0].startswith("--practice: K002: 做法“民主协商”不在词表中。写规范名称“议事协商”")
    assert out[1].startswith("--year: K001: 年份“去年”应写成四位数字")
    assert out[2].startswith("--id: K002: 案例“no-such-profile”不存在。写案例的 id")


@pytest.mark.parametrize("select, message", [
    ("select:\n  practices: [紅色物業]", "select.practices[0]: 做法“紅色物業”不在词表中。写成简体：“红色物业”"),
    ("select:\n  practices: [红色合伙]", "select.practices[0]: 做法“红色合伙”不在词表中。是不是“红色合伙人”"),
    ("select:\n  regions: [山东/济南]", "select.regions[0]: 没有已发布的案例位于“山东/济南”。是不是“山东省/济南市”？"),
    ("select:\n  regions: [福建]", "select.regions[0]: 没有已发布的案例位于“福建”。是不是“福建省”？"),
    ("select:\n  regions: [火星]", "select.regions[0]: 没有已发布的案例位于“火星”。有已发布案例的省级行政区：山东省、浙江省、湖北省、福建省。"),
    ("selcet: {}\nselect:\n  years: [2024]", "selcet: 未知字段“selcet”。是不是“select”？课包可写的字段：title、date"),
])
def test_a_pack_s_unknown_name_is_told_with_the_likely_one(tmp_project, select, message):
    project = tmp_project(all_profiles=True)
    (project.packs_dir / "x.yml").write_text(f"title: x\n{select}\n", encoding="utf-8")
    problems = load_pack(project, "x", check_project(project))[1]
    assert [f"{p.field}: {p.message}"[:len(message)] for p in problems] == [message]


def test_a_draft_in_a_pack_is_told_apart_from_a_missing_profile(tmp_project):
    project = tmp_project(all_profiles=True)
    draft = project.profiles_dir / "fuqing-beida-hongse-wuye.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace("status: published", "status: draft"), encoding="utf-8")
    (project.packs_dir / "x.yml").write_text(
        "title: x\nids: [fuqing-beida-hongse-wuye, fuqing-beida-liufang-yishe]\n", encoding="utf-8")
    draft_problem, missing = load_pack(project, "x", check_project(project))[1]
    assert draft_problem.message == ("案例“fuqing-beida-hongse-wuye”还是草稿。"
                                     "草稿不进课包：发布它（status: published），或从 ids 中删去")
    assert missing.message.startswith("案例“fuqing-beida-liufang-yishe”不存在。是不是“fuqing-beida-liufang-yishi”？")
    assert "hongse-wuye" not in missing.message  # a draft is never suggested


def test_pack_command_never_overwrites(tmp_project, capsys):
    project = tmp_project(all_profiles=True)
    existing = project.packs_dir / "hongse-wuye-linli-fuwu.yml"
    before = existing.read_text(encoding="utf-8")
    assert main(["--root", str(project.root), "pack", "hongse-wuye-linli-fuwu", "--title", "x",
                 "--practice", "红色物业"]) == 1
    assert existing.read_text(encoding="utf-8") == before
    assert "已存在，没有覆盖它" in capsys.readouterr().err


def test_html_in_a_pack_s_text_is_refused(tmp_project, capsys):
    project = tmp_project(all_profiles=True)
    assert main(["--root", str(project.root), "pack", "x", "--title", "红色物业", "--practice", "红色物业",
                 "--intro", "<script>alert(1)</script>"]) == 1
    assert capsys.readouterr().out.startswith("--intro: K001: 有标签 <script>")
    assert not (project.packs_dir / "x.yml").exists()


def test_the_whole_library_s_pack_name_is_not_given_to_another(tmp_project, capsys):
    project = tmp_project(FUQING)
    assert main(["--root", str(project.root), "pack", "all", "--title", "冲突", "--practice", "红色物业"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("课包: K001: 课包名“all”留给整个案例库的离线包（make bundle PACK=all）。换一个课包名")
    assert not (project.packs_dir / "all.yml").exists()


@pytest.mark.parametrize("select, message", [
    ("regions: [福州市]", "select.regions[0]: 没有已发布的案例位于“福州市”。要写从省开始的完整路径，如“福建省/福州市”"),
    ("regions: [福建省/福清市]", "select.regions[0]: 没有已发布的案例位于“福建省/福清市”。要写从省开始的完整路径，如“福建省/福州市/福清市”"),
    ("years: 2020", "select.years: years 要写成列表，一项也要加方括号：years: [2020]"),
])
def test_a_pack_s_mistake_is_told_with_what_to_write(tmp_project, select, message):
    project = tmp_project(FUQING)
    (project.packs_dir / "x.yml").write_text(f"title: x\nselect:\n  {select}\n", encoding="utf-8")
    (problem,) = load_pack(project, "x", check_project(project))[1]
    assert f"{problem.field}: {problem.message}".startswith(message)


@pytest.mark.parametrize("text, told", [
    # Below a level that has profiles: what it holds. Spaces and a full-width slash are no mistake.
    ("select:\n  regions: [福建省/厦门市]", ["select.regions[0]: 没有已发布的案例位于“福建省/厦门市”。“福建省”下有已发布案例的是：福州市。"]),
    ("select:\n  regions: [' 福建省 ／ 福州市 ']", []),
    ("select:\n  regions: ['']", ["select.regions[0]: 没有已发布的案例位于“”。地区不能空着"]),
    # A selector written beside select, or an id under it.
    ("practices: [红色物业]", ["practices: practices 要缩进写在 select 下"]),
    ("select:\n  ids: [fuqing-beida-hongse-wuye]", ["select.ids: ids 要写在顶层，不在 select 下"]),
    # A misspelt select: what it selects is unknown, so nothing is said about the selection.
    ("selct:\n  practices: [红色物业]", ["selct: 未知字段“selct”。是不是“select”？"]),
    # A mistake that selects nothing does not hide that nothing is selected (K003).
    ("colour: red\nselect:\n  years: [1999]", ["colour: 未知字段“colour”", "select: 没有任何已发布的案例符合条件"]),
    # A community named below a level the profile leaves out (no street) is no path to suggest.
    ("select:\n  regions: [福建省/无街道社区]", ["select.regions[0]: 没有已发布的案例位于“福建省/无街道社区”。“福建省”下有已发布案例的是：福州市。"]),
    # A draft may be excluded: no harm in it.
    ("select:\n  practices: [红色物业]\nexclude: [draft-copy]", []),
])
def test_a_pack_s_other_mistakes(tmp_project, text, told):
    project = tmp_project(all_profiles=True)
    source = (project.profiles_dir / "fuqing-beida-hongse-wuye.md").read_text(encoding="utf-8")
    (project.profiles_dir / "draft-copy.md").write_text(
        source.replace("id: fuqing-beida-hongse-wuye", "id: draft-copy").replace("status: published", "status: draft"),
        encoding="utf-8")
    streetless = project.profiles_dir / "fuqing-beida-liufang-yishi.md"
    streetless.write_text("".join(line for line in streetless.read_text(encoding="utf-8").splitlines(keepends=True)
                                  if not line.lstrip().startswith("street:")).replace("community: 北大社区", "community: 无街道社区"),
                          encoding="utf-8")
    (project.packs_dir / "x.yml").write_text(f"title: x\n{text}\n", encoding="utf-8")
    problems = load_pack(project, "x", check_project(project))[1]
    assert [f"{p.field}: {p.message}"[:len(t)] for p, t in zip(problems, told)] == told
    assert len(problems) == len(told)


@pytest.mark.parametrize("name, guess", [
    ("hongse-wuye", "hongse-wuye-linli-fuwu"),            # the start of a name
    ("shuji-shalong-pinpia", "shuji-shalong-pinpai"),     # a slip of the keys
    ("kecheng", None),
])
def test_an_unknown_pack_name_is_told_with_the_one_meant(tmp_project, name, guess):
    project = tmp_project(all_profiles=True)
    pack, problems = load_pack(project, name, check_project(project))
    assert pack is None and [p.code for p in problems] == ["K001"]
    message = problems[0].message
    assert message.startswith(f"找不到课包“{name}”。")
    assert (f"是不是“{guess}”？" in message) if guess else "是不是" not in message
    assert "可用的课包：all、hongse-wuye-linli-fuwu、shuji-shalong-pinpai" in message


def test_check_reads_the_packs_too(tmp_project, capsys):
    """A pack that bundle refuses passed check, the pull request's gate, and failed the publishing
    after the merge; a pack file name with shell syntax ran a command in the publishing job."""
    project = tmp_project(all_profiles=True)
    (project.packs_dir / "h-broken.yml").write_text("title: 课包\nintro: 介绍<b>粗体</b>\nselect:\n  practices: [不存在的做法]\n",
                                                   encoding="utf-8")
    (project.packs_dir / "x; touch PWNED; #.yml").write_text("title: 课包\nselect:\n  practices: [红色物业]\n",
                                                            encoding="utf-8")
    assert main(["--root", str(project.root), "check"]) == 1
    found = [line.split(": ", 2)[:2] for line in capsys.readouterr().out.splitlines()]
    assert found == [["packs/h-broken.yml:2", "K001 intro"], ["packs/h-broken.yml:4", "K002 select.practices[0]"],
                     ["packs/x; touch PWNED; #.yml:1", "K001"]]


def test_a_pack_selects_the_same_from_checked_data_as_from_models(tmp_project):
    """check makes no models (0.8 s at 10,000 profiles): a pack is resolved from the checked data."""
    project = tmp_project(all_profiles=True)
    from casebook.profile.packs import available

    without, models = check_project(project, models=False), check_project(project, models=True)
    for entry in without.entries:
        entry.model = None   # as the parallel check leaves them (a few profiles are checked in-process)
    for name in available(project):
        assert load_pack(project, name, without)[0].ids == load_pack(project, name, models)[0].ids
