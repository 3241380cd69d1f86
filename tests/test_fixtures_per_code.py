"""One failing fixture per problem code (tests/fixtures/failing/<CODE>/), each
checked against the exact list of `path:line: CODE field` it must produce."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.codes import CODES
from casebook.validate import check_project

from conftest import FIXTURES

FAILING = FIXTURES / "failing"


def prefix(problem) -> str:
    return f"{problem.path}:{problem.line}: {problem.code}" + (f" {problem.field}" if problem.field else "")


def test_every_code_has_a_failing_fixture():
    assert sorted(p.name for p in FAILING.iterdir()) == sorted(CODES)


@pytest.mark.parametrize("code", sorted(CODES))
def test_failing_fixture(code, tmp_project):
    folder = FAILING / code
    project = tmp_project(profiles=sorted(folder.glob("*.md")))
    if (folder / "data").is_dir():
        shutil.copytree(folder / "data", project.data_dir, dirs_exist_ok=True)
    report = check_project(project)
    expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [prefix(p) for p in report.problems] == expected
    assert code in {p.code for p in report.problems}
    for problem in report.problems:
        # Every message says what is wrong, then how to fix it.
        what, _, how = problem.message.partition("。")
        assert what and how, problem.message


def test_valid_fixture_has_no_problems(tmp_project):
    project = tmp_project(profiles=[FIXTURES / "valid" / "base-profile.md"])
    assert check_project(project).problems == []
