"""check --fix: a messy profile becomes its golden form, current profiles
round-trip unchanged, nothing unknown is deleted, comments are not lost."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from casebook.profile.fix import fix_files, fix_text
from casebook.profile.validate import check_project
from casebook.profile.vocab import load

from conftest import FIXTURES, ROOT

MESSY = FIXTURES / "fix" / "messy.md"
GOLDEN = FIXTURES / "fix" / "messy.fixed.md"


@pytest.fixture(scope="module")
def vocab():
    return load(ROOT / "data")


def test_messy_becomes_golden(vocab):
    changes, new, skipped = fix_text(MESSY.read_bytes(), vocab)
    assert skipped is None
    assert new == GOLDEN.read_text(encoding="utf-8")
    assert changes == [
        "去掉了文件开头的 BOM",
        "换行改为 LF",
        "date “2024年6月28日” → “2024-06-28”",
        "sources[0].published “2024/6/28” → “2024-06-28”",
        "metrics[0].value “１，２００” → 1200",
        "metrics[1].value “2.1万” → 21000",
        "practices[0] “合伙人” → “红色合伙人”",
        "region.province “山东” → “山东省”",
        "字段顺序已按规范调整",
        "去掉了行尾空格",
    ]


def test_golden_is_a_fixed_point(vocab):
    assert fix_text(GOLDEN.read_bytes(), vocab) == ([], None, None)


def test_front_matter_spacing_and_trailing_spaces_are_tidied(vocab):
    golden = GOLDEN.read_text(encoding="utf-8")
    assert "status: draft\n" in golden and "date: 2024-06-28\n" in golden
    messy = golden.replace("status: draft\n", "status:   draft \n").replace("date: 2024-06-28\n", "date: '2024-06-28'\n")
    changes, new, skipped = fix_text(messy.encode("utf-8"), vocab)
    assert (changes, new, skipped) == (
        ["去掉了 front matter 的行尾空格", "front matter 的写法已按规范整理（空格、引号、列表写法）"], golden, None)


def test_unknown_field_is_kept_and_reported_not_deleted(vocab):
    assert "editor_note: 这个字段不在 schema 里，修正时必须保留" in GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("profile", sorted((ROOT / "profiles").glob("*.md")), ids=lambda p: p.stem)
def test_current_profiles_round_trip_unchanged(vocab, profile):
    assert fix_text(profile.read_bytes(), vocab) == ([], None, None)


def test_comments_block_a_rewrite_instead_of_being_lost(vocab):
    text = GOLDEN.read_text(encoding="utf-8").replace("status: draft", "status: draft  # 还在写\nextra: 1", 1)
    text = text.replace("id: messy\n", "").replace("date: 2024-06-28", "date: 2024/6/28\nid: messy")
    changes, new, skipped = fix_text(text.encode("utf-8"), vocab)
    assert "注释" in skipped and new is None


def test_cli_fix_writes_then_reports_remaining_problems(tmp_project):
    project = tmp_project()
    shutil.copy(MESSY, project.profiles_dir / "messy.md")
    dry = subprocess.run([sys.executable, "-m", "casebook", "--root", str(project.root), "check", "--fix", "--dry-run"],
                         capture_output=True, text=True, encoding="utf-8")
    assert dry.stdout.startswith("profiles/messy.md: 将修改：去掉了文件开头的 BOM；")
    assert (project.profiles_dir / "messy.md").read_bytes() == MESSY.read_bytes()
    result = subprocess.run([sys.executable, "-m", "casebook", "--root", str(project.root), "check", "--fix"],
                            capture_output=True, text=True, encoding="utf-8")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("profiles/messy.md: 已修改：")
    # What --fix cannot decide stays for a person: the unknown field, the TODO-free draft is otherwise fine.
    assert lines[1:] == ["profiles/messy.md:28: P003 editor_note: 未知字段“editor_note”（此处可用：id, title, summary, "
                         "status, date, region, practices, metrics, sources, part_of, related）。删除该字段或改正拼写；"
                         "可用字段见“字段参考”页"]
    assert (project.profiles_dir / "messy.md").read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    assert result.returncode == 1


def test_fix_files_only_touches_what_it_is_given(tmp_project):
    project = tmp_project(all_profiles=True)
    shutil.copy(MESSY, project.profiles_dir / "messy.md")
    before = {p.name: p.read_bytes() for p in project.profiles_dir.glob("*.md")}
    report = fix_files(project, [project.profiles_dir / "messy.md"])
    assert len(report) == 1
    after = {p.name: p.read_bytes() for p in project.profiles_dir.glob("*.md")}
    assert [n for n in before if before[n] != after[n]] == ["messy.md"]
    assert [str(p) for p in check_project(project).problems if p.code != "P003"] == []
