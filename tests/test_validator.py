"""The validator end to end: exact output for a deliberately broken profile,
exit codes, encodings, and that bad input never produces a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casebook.profile.validate import check_project

from conftest import FIXTURES, ROOT

BROKEN = FIXTURES / "broken"


def run_cli(project_root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "casebook", "--root", str(project_root), *args],
                          capture_output=True, text=True, encoding="utf-8")


def test_broken_profile_exact_output(tmp_project):
    project = tmp_project(profiles=sorted((BROKEN / "profiles").glob("*.md")))
    result = run_cli(project.root, "check")
    assert result.returncode == 1
    assert result.stdout == (BROKEN / "expected.txt").read_text(encoding="utf-8")
    assert result.stderr.strip() == "已检查 1 个文件：1 个文件共 21 处问题。"
    assert "Traceback" not in result.stderr


def test_current_profiles_pass(tmp_project):
    project = tmp_project(all_profiles=True)
    report = check_project(project)
    assert [str(p) for p in report.problems] == []
    assert len(report.entries) >= 3


def test_clean_run_exits_zero(tmp_project):
    project = tmp_project(profiles=[FIXTURES / "valid" / "base-profile.md"])
    result = run_cli(project.root, "check")
    assert (result.returncode, result.stdout) == (0, "")
    assert "没有发现问题" in result.stderr


def test_gbk_file_is_reported_not_crashed(tmp_project):
    project = tmp_project()
    text = (FIXTURES / "valid" / "base-profile.md").read_text(encoding="utf-8")
    (project.profiles_dir / "base-profile.md").write_bytes(text.encode("gb18030"))
    result = run_cli(project.root, "check")
    assert result.returncode == 1
    assert result.stdout.startswith("profiles/base-profile.md:3: P001: 文件不是 UTF-8 编码")
    assert "Traceback" not in result.stderr


def test_bom_and_crlf_are_accepted(tmp_project):
    project = tmp_project()
    text = (FIXTURES / "valid" / "base-profile.md").read_text(encoding="utf-8")
    (project.profiles_dir / "base-profile.md").write_bytes(("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))
    assert check_project(project).problems == []


def test_checking_some_files_still_sees_all_ids(tmp_project):
    # A file that links to another is fine when only the linking file is named.
    base = FIXTURES / "valid" / "base-profile.md"
    project = tmp_project(profiles=[base])
    linking = base.read_text(encoding="utf-8").replace("id: base-profile", "id: linking").replace(
        "启示。", "启示。参见[样例](base-profile.md)。")
    (project.profiles_dir / "linking.md").write_text(linking, encoding="utf-8")
    report = check_project(project, [project.profiles_dir / "linking.md"])
    assert report.problems == []


def test_draft_may_link_to_draft_but_published_may_not(tmp_project):
    base = (FIXTURES / "valid" / "base-profile.md").read_text(encoding="utf-8")
    project = tmp_project()
    (project.profiles_dir / "draft-a.md").write_text(
        base.replace("id: base-profile", "id: draft-a").replace("status: published", "status: draft"), encoding="utf-8")
    (project.profiles_dir / "draft-b.md").write_text(
        base.replace("id: base-profile", "id: draft-b").replace("status: published", "status: draft")
        .replace("启示。", "见[a](draft-a.md)"), encoding="utf-8")
    (project.profiles_dir / "pub-c.md").write_text(
        base.replace("id: base-profile", "id: pub-c").replace("启示。", "见[a](draft-a.md)"), encoding="utf-8")
    codes = [(p.path, p.code) for p in check_project(project).problems]
    assert codes == [("profiles/pub-c.md", "P018")]


@pytest.mark.parametrize("garbage", [b"", b"---\n---\n", b"---\n- a\n- b\n---\n", b"\x00\x01\x02", b"---\nid: [\n---\n"])
def test_garbage_never_crashes(tmp_project, garbage):
    project = tmp_project()
    (project.profiles_dir / "garbage.md").write_bytes(garbage)
    result = run_cli(project.root, "check")
    assert result.returncode == 1
    assert result.stdout.startswith("profiles/garbage.md:")
    assert "Traceback" not in result.stderr


def test_html_in_a_vocabulary_is_refused(tmp_project):
    project = tmp_project()
    path = project.data_dir / "practices.yml"
    text = path.read_text(encoding="utf-8")
    assert "  synonyms: [物业党建" in text
    path.write_text(text.replace("  synonyms: [物业党建", "  synonyms: [<b onclick=x>物业</b>, 物业党建", 1), encoding="utf-8")
    problems = [p for p in check_project(project).problems if p.code == "V001"]
    assert [(p.path, p.field) for p in problems] == [("data/practices.yml", "synonyms")]
    assert "有标签 <b>" in problems[0].message


def test_a_broken_licence_file_is_reported_with_its_line(tmp_project):
    project = tmp_project()
    path = project.data_dir / "licence.yml"
    text = path.read_text(encoding="utf-8")
    url = "url: https://creativecommons.org/licenses/by/4.0/deed.zh-hans"
    assert url in text
    line = text[:text.index(url)].count("\n") + 1
    path.write_text(text.replace(url, "url: javascript:alert(1)"), encoding="utf-8")
    problems = [(p.path, p.line, p.code, p.field) for p in check_project(project).problems]
    assert problems == [("data/licence.yml", line, "V001", "url")]


def test_a_licence_file_must_be_a_mapping(tmp_project):
    project = tmp_project()
    (project.data_dir / "licence.yml").write_text("- CC BY 4.0\n", encoding="utf-8")
    problems = check_project(project).problems
    assert [(p.path, p.line, p.code) for p in problems] == [("data/licence.yml", 1, "V001")]
    assert "字段" in problems[0].message


def test_checking_runs_with_the_cyclic_collector_paused(tmp_project, monkeypatch):
    import gc

    from casebook.profile import validate

    seen = []
    real = validate._check_file

    def spy(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(validate, "_check_file", spy)
    assert gc.isenabled()
    report = check_project(tmp_project(all_profiles=True))
    assert report.entries and seen and not any(seen)
    assert gc.isenabled()
    gc.disable()
    try:
        with validate.collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers are forked (Linux)")
def test_workers_report_what_one_process_reports_and_keep_models_only_when_asked(tmp_project, monkeypatch):
    from casebook.profile import validate

    monkeypatch.setenv("CASEBOOK_CACHE", "0")  # every run checks every file (stored.py)
    project = tmp_project(all_profiles=True)
    broken = sorted((BROKEN / "profiles").glob("*.md"))[0]
    (project.profiles_dir / broken.name).write_bytes(broken.read_bytes())
    one = check_project(project)  # fewer files than PARALLEL_FROM: checked here
    monkeypatch.setattr(validate, "PARALLEL_FROM", 2)
    monkeypatch.setattr(validate, "jobs", lambda: 2)
    shared, light = check_project(project), check_project(project, models=False)

    def seen(report):
        return [(e.doc.shown, e.doc.data, e.doc.todos) for e in report.entries]

    assert [str(p) for p in shared.problems] == [str(p) for p in one.problems] == [str(p) for p in light.problems]
    assert seen(shared) == seen(one) == seen(light)
    assert [e.model for e in shared.entries] == [e.model for e in one.entries]
    assert len(shared.valid()) == len(one.valid()) == len(one.entries) - 1
    assert all(e.model is None for e in light.entries)  # not sent back by the workers


@pytest.mark.parametrize("file_name, profile_id, hint", [
    ("base-profile", "Base_Profile", "把 id 改成“base-profile”"),
    ("Base_Profile", "base-profile", "把文件改名为“base-profile.md”"),
    ("other-name", "base-profile", "把文件改名为“base-profile.md”，或把 id 改成“other-name”"),
    ("翠苑", "Cui Yuan", "id 和文件名都用一个合法的 id，如 id 写“cui-yuan”、文件名“cui-yuan.md”"),
])
def test_a_name_mismatch_is_mended_only_with_valid_ids(tmp_project, file_name, profile_id, hint):
    project = tmp_project()
    text = (FIXTURES / "valid" / "base-profile.md").read_text(encoding="utf-8")
    (project.profiles_dir / f"{file_name}.md").write_text(text.replace("id: base-profile", f"id: {profile_id}"),
                                                           encoding="utf-8")
    mismatch, = [p for p in check_project(project).problems if p.code == "P008"]
    assert mismatch.message.endswith(hint)


def test_a_binary_file_is_called_one_not_a_wrong_encoding(tmp_project):
    project = tmp_project()
    (project.profiles_dir / "scan.md").write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xe7\xbd\xa0")
    problem, = check_project(project).problems
    assert (problem.code, problem.message.split("。")[0]) == ("P001", "文件不是文本（含有二进制内容，也许是 Word、图片或压缩包）")


@pytest.mark.parametrize("field, guess", [("summery", "（是不是 summary？）"), ("tags", "（此处可用：")])
def test_an_unknown_field_is_matched_only_to_a_likely_typo(tmp_project, field, guess):
    project = tmp_project()
    text = (FIXTURES / "valid" / "base-profile.md").read_text(encoding="utf-8")
    (project.profiles_dir / "base-profile.md").write_text(text.replace("status:", f"{field}: x\nstatus:", 1),
                                                          encoding="utf-8")
    problem, = check_project(project).problems
    assert problem.code == "P003" and problem.message.startswith(f"未知字段“{field}”{guess}")


@pytest.mark.parametrize("field, empty, where, what", [
    ("summary", "summary:", "summary", "（文字）"),
    ("date", "date:", "date", ""),
    ("status", "status:", "status", ""),
    ("practices", "practices:\n  -\n  - 社区文体活动", "practices[0]", "（文字）"),
])
def test_a_field_left_empty_is_called_empty_not_of_the_wrong_type(tmp_project, field, empty, where, what):
    project = tmp_project()
    text = (FIXTURES / "valid" / "base-profile.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"{field}:"))
    (project.profiles_dir / "base-profile.md").write_text(text.replace(line, empty), encoding="utf-8")
    problems = [p for p in check_project(project).problems if p.code != "P020"]
    assert [(p.code, p.field) for p in problems] == [("P021", where)], [str(p) for p in problems]
    assert problems[0].message.startswith(f"{where} 没有填写。写上内容{what}；")


def test_a_profile_saved_as_utf16_is_told_to_save_as_utf8(tmp_project):
    project = tmp_project()
    text = (FIXTURES / "valid" / "base-profile.md").read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-16-le"):
        (project.profiles_dir / "base-profile.md").write_bytes(text.encode(encoding))
        problem, = check_project(project).problems
        assert problem.code == "P001" and problem.message.startswith("文件是 UTF-16 编码"), encoding


def test_an_id_with_a_line_break_at_its_end_is_no_id():
    from casebook.profile import ids

    assert not ids.is_valid("abc\n") and ids.is_valid("abc")


def test_checking_one_file_leaves_out_strays_that_are_not_it(tmp_project):
    project = tmp_project(profiles=[FIXTURES / "valid" / "base-profile.md"])
    (project.profiles_dir / "notes.txt").write_text("x", encoding="utf-8")
    assert check_project(project, [project.profiles_dir / "base-profile.md"]).problems == []
    assert [p.code for p in check_project(project).problems] == ["P035"]


@pytest.mark.parametrize("province, city, district", [
    ("北京市", "北京市", "朝阳区"), ("重庆市", "重庆市", "巫山县"), ("湖北省", "仙桃市", None), ("湖北省", None, "仙桃市"),
    ("海南省", None, "琼海市"), ("四川省", "凉山彝族自治州", "西昌市"), ("新疆维吾尔自治区", "阿克苏地区", "库车市"),
    ("内蒙古自治区", "锡林郭勒盟", "锡林浩特市"), ("山东省", "济南市", "济南高新区"), ("浙江省", "杭州市", "钱塘区"),
    ("福建省", "福州市", "福清市"), ("广东省", "东莞市", "东莞市"), ("台湾省", "台北市", "中山区"),
    ("浙江省", "杭州市", "不在表中的新区"),
])
def test_regions_that_fit_the_division_list_are_not_flagged(province, city, district):
    from casebook.zh import gazetteer

    assert gazetteer.misfit(province, city, district) is None


@pytest.mark.parametrize("province, city, district, found", [
    ("浙江省", "福州市", "鼓楼区", ("city", "福州市在福建省，不在浙江省")),
    ("江苏省", "南京市", "铜山区", ("district", "铜山区不在南京市（全国的铜山区在：江苏省徐州市铜山区）")),
    ("广东省", "中山市", "东区", ("district", "中山市不设区县，下面直接是街道和镇：district 写“中山市”，东区写进 street")),
])
def test_regions_that_do_not_fit_say_where_the_name_belongs(province, city, district, found):
    from casebook.zh import gazetteer

    assert gazetteer.misfit(province, city, district) == found


def test_a_folder_that_cannot_be_listed_is_passed_over_not_a_traceback(tmp_project, monkeypatch):
    """Links are found from directory listings (os.scandir); one that fails (no permission,
    a folder removed while serve checks) is skipped, as os.walk skipped it."""
    import os

    from casebook.profile import validate

    project = tmp_project(all_profiles=True)
    locked = project.docs_dir / "locked"
    locked.mkdir()
    (project.docs_dir / "sub").mkdir()
    (project.docs_dir / "sub" / "link.md").symlink_to(project.root / "mkdocs.yml")
    listing = os.scandir

    def scandir(path):
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return listing(path)

    monkeypatch.setattr(validate.os, "scandir", scandir)
    problems = validate.check_links(project)
    assert [(p.path, p.code) for p in problems] == [("docs/sub/link.md", "S001")]


@pytest.mark.parametrize("old, new, line, field", [
    ("slug: shandong", "slug: fujian", 17, "slug"),    # Shandong's page would be written over Fujian's
    ('code: "37"', 'code: "35"', 17, "code"),
    ("short: 山东", "short: 福建", 17, "short"),
])
def test_each_province_name_code_and_slug_once(tmp_path, old, new, line, field):
    assert vocabulary_problems(tmp_path, "provinces.yml", old, new) == [(line, "V002", field)]


def vocabulary_problems(tmp_path, name: str, old: str, new: str) -> list[tuple[int, str, str]]:
    """(line, code, field) of each problem of the vocabularies with `old` replaced by `new` in data/`name`."""
    import shutil

    from casebook.profile import vocab

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return [(p.line, p.code, p.field) for p in vocab.load(data).problems]


@pytest.mark.parametrize("old, new, line, field", [
    ("name: 红色物业", "name: 党群服务中心", 11, "name"),
    ("slug: hongse-wuye", "slug: dangqun-fuwu-zhongxin", 12, "slug"),
    ("synonyms: [物业党建, 小区党支部]", "synonyms: [物业党建, 党群服务站]", 14, "synonyms"),   # another's synonym
    ("synonyms: [物业党建, 小区党支部]", "synonyms: [物业党建, 邻里管家]", 16, "name"),    # a later name
])
def test_each_practice_word_and_slug_once(tmp_path, old, new, line, field):
    """Line and field of the second use; the message names the practice that has it first."""
    assert vocabulary_problems(tmp_path, "practices.yml", old, new) == [(line, "V002", field)]


@pytest.mark.parametrize("name, old", [("provinces.yml", "slug: shandong"), ("practices.yml", "slug: ")])
def test_a_slug_may_not_be_index(tmp_path, name, old):
    """regions/index/ or practices/index/ would be written over the listing of them all."""
    import shutil

    from casebook.profile import vocab

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / name
    text = path.read_text(encoding="utf-8")
    start = text.index(old)
    end = min(i for i in (text.find(",", start), text.find("}", start), text.find("\n", start)) if i > 0)
    path.write_text(text[:start] + "slug: index" + text[end:], encoding="utf-8")
    assert [(p.code, p.field) for p in vocab.load(data).problems] == [("V001", "slug")]


@pytest.mark.parametrize("body, told", [
    ("\n\n".join(["[" * 500] * 5), "个“[”"),                           # quadratic in Python-Markdown
    ("\n\n".join("# 小节" for _ in range(301)), "个小节标题"),          # each rendered on its own
    ("\n".join(f"[r{i}]: /x" for i in range(201)), "个链接定义"),       # read with every block
    ("\n\n".join("&amp;" for _ in range(1001)), "段带有 < & [ { 的文字"),
])
def test_what_markdown_spends_time_on_is_capped(tmp_project, body, told):
    """An attacker's review: within the size caps, a profile of "[" took check 16 min, one of
    165,000 headings 4.4 GB. Each cap is P028 before any Markdown is rendered."""
    project = tmp_project([FIXTURES / "valid" / "base-profile.md"])
    path = project.profiles_dir / "base-profile.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\n做法。\n", f"\n{body}\n", 1), encoding="utf-8")
    problems = check_project(project).problems
    assert [(p.code, p.line) for p in problems] == [("P028", 1)] and told in problems[0].message
