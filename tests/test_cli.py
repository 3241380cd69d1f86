"""The command line as a contributor meets it: every message in Chinese (argparse's own
included), examples in `make help` and the docs that run as written, junk refused fast,
a draft's check that says how much is left, and `new` warning about a duplicate."""

from __future__ import annotations

import argparse
import ast
import os
import re
import shlex
import subprocess
import sys
import time

import pytest

from casebook import cli
from casebook.importer.scaffold import NewProfile, new_profile

from conftest import FIXTURES, ROOT

ENGLISH = re.compile(r"\b(usage|options|positional arguments|error|required|invalid|argument|expected|show this)\b", re.I)


def run(*args, root=None, **kwargs):
    command = [sys.executable, "-m", "casebook", *(["--root", str(root)] if root else []), *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env, **kwargs)


def argparse_messages() -> set:
    """Every message the running Python's argparse looks up through gettext."""
    tree = ast.parse(open(argparse.__file__, encoding="utf-8").read())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            args = tuple(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
            if args:
                found.add(args if node.func.id == "ngettext" else args[0])
    found.add("subcommands")  # argparse passes it to _() through a variable
    return found


def test_every_argparse_message_has_a_chinese_translation():
    missing = [m for m in argparse_messages()
               if (m not in cli.ARGPARSE_MESSAGES if isinstance(m, str) else m[:2] not in cli.ARGPARSE_PLURALS)]
    assert missing == []


@pytest.mark.parametrize("args", [["-h"], ["new", "-h"], ["import", "-h"], ["check", "-h"], ["pack", "-h"]])
def test_help_is_chinese(args):
    result = run(*args)
    assert result.returncode == 0
    assert result.stdout.startswith("用法：casebook")
    assert "选项：" in result.stdout and "显示本帮助并退出" in result.stdout
    assert not ENGLISH.search(result.stdout), ENGLISH.search(result.stdout)


@pytest.mark.parametrize("args, message", [
    (["new", "--title", "某社区：邻里管家"], "casebook new：错误：缺少必需的参数：--district"),
    (["new", "--title", "x", "--district", "y", "--district-kind", "街道"], "无效的选择 '街道'（可选：'行政区', '功能区'）"),
    (["frobnicate"], "casebook：错误：参数 命令：无效的选择 'frobnicate'"),
    (["import"], "缺少必需的参数：文章"),
    (["check", "--bogus"], "无法识别的参数：--bogus"),
    (["import", "a.txt", "--url"], "参数 --url：需要一个值"),
])
def test_usage_errors_are_chinese_and_say_how_to_get_help(args, message):
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("用法：casebook")
    assert message in result.stderr
    assert lines[-1].endswith("-h 查看全部参数和说明。")
    assert not ENGLISH.search(result.stderr), ENGLISH.search(result.stderr)


def test_the_translation_is_only_lent_to_our_parsers():
    before = argparse._, argparse.ngettext
    cli.build_parser().format_help()
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["new"])
    assert (argparse._, argparse.ngettext) == before
    assert "usage: " in argparse.ArgumentParser(prog="x").format_usage()


def make_examples() -> list[tuple[str, list[str]]]:
    """`make X ARGS='…'` and `make import FILE=… URL=…` examples in the Makefile's help and the docs,
    as the casebook command lines they run."""
    texts = [(ROOT / name).read_text(encoding="utf-8") for name in ("Makefile", "README.md", "CONTRIBUTING.md")]
    examples = []
    for text in texts:
        for match in re.finditer(r"make (new|pack|import) ([^`\n]*?)(?:`|$| （)", text, re.M):
            target, rest = match.group(1), match.group(2).strip()
            if "=" not in rest:
                continue
            variables = dict(re.findall(r"(\w+)=('[^']*'|\S+)", rest))
            variables = {k: v.strip("'") for k, v in variables.items()}
            if variables.get("ARGS") in ("…", "-h"):
                continue  # a placeholder, or --help itself: not an example
            args = shlex.split(variables.get("ARGS", ""))
            if target == "pack":
                args = [variables.get("NAME", "x"), *args]
            if target == "import":
                args = [variables.get("FILE", "x"), *(["--url", variables["URL"]] if "URL" in variables else []),
                        *(["--title", variables["TITLE"]] if "TITLE" in variables else []), *args]
            examples.append((target, args))
    return examples


def test_make_help_and_docs_examples_match_the_command_line():
    examples = make_examples()
    assert {target for target, _ in examples} == {"new", "pack", "import"}
    parser = cli.build_parser()
    for target, args in examples:
        try:
            parser.parse_args([target, *args])
        except SystemExit:
            pytest.fail(f"make {target} 的示例与命令行参数不符：{args}")


def test_make_help_new_example_gives_district():
    result = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    line = next(l for l in result.stdout.splitlines() if l.strip().startswith("make new"))
    assert "--district" in line and "--province" not in line


def test_make_targets_named_in_help_exist():
    """`casebook -h` sends readers to make for setup, tests and upkeep: each target it names is one."""
    named = set(re.findall(r"make ([a-z][a-z-]*)", cli.build_parser().format_help()))
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    assert {"setup", "test", "bench", "lock", "clean"} <= named
    assert named - targets == set()


def test_random_bytes_are_refused_fast_with_one_clear_line(tmp_project, tmp_path):
    project = tmp_project()
    junk = tmp_path / "article.txt"
    junk.write_bytes(os.urandom(5 * 1024 * 1024))
    start = time.monotonic()
    result = run("import", str(junk), root=project.root)
    elapsed = time.monotonic() - start
    assert result.returncode == 1
    assert elapsed < 1.0
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and len(result.stderr) < 300
    assert result.stderr.startswith(f"没有创建文件：{junk} 不能导入：")
    assert "\ufffd" not in result.stderr
    assert list(project.profiles_dir.iterdir()) == []


@pytest.mark.parametrize("content, why", [
    (bytes(range(1, 256)) * 40, "无法按 UTF-8 或 GBK 解读"),
    ("社区居民1200余人次。".encode() * 400_000, "超过 4 MB"),
    ("".join(chr(0x9FA0 - i % 900) for i in range(4000)).encode("gb18030"), "生僻字"),
])
def test_undecodable_oversized_or_garbled_input_is_refused(tmp_project, tmp_path, content, why):
    project = tmp_project()
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    result = run("import", str(article), root=project.root)
    assert (result.returncode, result.stdout) == (1, "")
    assert why in result.stderr and len(result.stderr.splitlines()) == 1
    assert list(project.profiles_dir.iterdir()) == []


def test_check_on_a_draft_says_how_many_todos_are_left(tmp_project):
    project = tmp_project()
    run("import", str(FIXTURES / "articles" / "zixun-header.txt"), root=project.root)
    [draft] = project.profiles_dir.glob("*.md")
    todos = draft.read_text(encoding="utf-8").count("TODO")
    result = run("check", root=project.root)
    assert result.returncode == 0
    assert "没有发现问题" not in result.stderr
    assert f"草稿还没有写完：还有 {todos} 处 TODO（profiles/{draft.name} {todos} 处）" in result.stderr
    # Finished but still a draft: say what the last step is.
    text = draft.read_text(encoding="utf-8").replace("TODO", "待写")
    draft.write_text(text, encoding="utf-8")
    assert "1 个草稿已没有 TODO：把 status 改为 published" in run("check", root=project.root).stderr


def test_new_warns_of_the_same_place_and_practice_and_marks_what_it_looked_up(tmp_project):
    project = tmp_project(all_profiles=True)
    spec = NewProfile(title="北大社区：红色物业", practices=["红色物业"], district="福清市", street="玉屏街道",
                      community="北大社区")
    created = new_profile(project, spec)
    assert created.similar == ["fuqing-beida-hongse-wuye（北大社区：建小区党支部推“红色物业”，一周清走高豪小区乱停车辆）"]
    text = created.path.read_text(encoding="utf-8")
    assert "已有同一地方、同一做法的案例：fuqing-beida-hongse-wuye" in text
    assert "supplemented: [province, city]" in text
    # Another community of the same district, or another practice, is not a duplicate.
    other = new_profile(project, NewProfile(title="x", practices=["红色物业"], district="福清市", community="别的社区"))
    assert other.similar == []
    given = new_profile(project, NewProfile(title="y", practices=["邻里管家"], district="福清市", province="福建省",
                                            city="福州市", community="某社区"))
    assert "supplemented" not in given.path.read_text(encoding="utf-8")


def test_cli_new_prints_the_warning(tmp_project):
    project = tmp_project(all_profiles=True)
    result = run("new", "--title", "北大社区：红色物业", "--district", "福清市", "--community", "北大社区",
                 "--practice", "红色物业", root=project.root)
    assert result.returncode == 0
    assert "注意：同一地方、同一做法已有案例 fuqing-beida-hongse-wuye" in result.stderr


def test_a_root_that_is_no_project_is_refused_not_replaced_by_this_checkout(tmp_path):
    before = sorted(p.name for p in (ROOT / "profiles").iterdir())
    result = run("import", str(FIXTURES / "articles" / "zixun-header.txt"), root=tmp_path / "nowhere")
    assert result.returncode == 2
    assert "中没有 mkdocs.yml，不是案例库的目录" in result.stderr
    assert sorted(p.name for p in (ROOT / "profiles").iterdir()) == before


def test_check_output_cannot_be_steered_by_the_text_it_quotes(tmp_project):
    """A value with a line break and an escape code, in a file whose name has them too: each
    problem stays one line, no line begins a CI workflow command, nothing reaches the terminal raw."""
    project = tmp_project([ROOT / "tests" / "fixtures" / "valid" / "base-profile.md"])
    base = (project.profiles_dir / "base-profile.md").read_text(encoding="utf-8")
    (project.profiles_dir / "base-profile.md").write_text(
        base.replace("status: published", 'status: "draftx\\n::warning title=x::\\e[31mFAKE"'), encoding="utf-8")
    (project.profiles_dir / "x\n::error title=OK::\x1b[31mFAKE.md").write_text("", encoding="utf-8")
    result = run("check", root=project.root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(line.startswith("profiles/") for line in lines), lines   # P006, P030, P001
    assert not any(line.startswith("::") for line in lines)
    assert "\x1b" not in result.stdout and "\x1b" not in result.stderr
    assert "\\n::warning title=x::\\x1b[31mFAKE" in result.stdout
