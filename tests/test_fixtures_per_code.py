"""One failing fixture per problem code (tests/fixtures/failing/<CODE>/), each
checked against the exact list of `path:line: CODE field` it must produce."""

from __future__ import annotations

import shutil

import pytest

from casebook.packs.bundle import bundle
from casebook.profile.codes import CODES
from casebook.profile.packs import load_pack
from casebook.profile.validate import check_project

from conftest import FIXTURES

FAILING = FIXTURES / "failing"


def prefix(problem) -> str:
    return f"{problem.path}:{problem.line}: {problem.code}" + (f" {problem.field}" if problem.field else "")


def test_every_code_has_a_failing_fixture():
    assert sorted(p.name for p in FAILING.iterdir()) == sorted(CODES)


def problems_for(code: str, project) -> list:
    """Profiles and vocabularies: check. Packs (K…): load every pack; K004: bundle it."""
    report = check_project(project)
    if not code.startswith("K"):
        return report.problems
    assert report.problems == []
    found = []
    for pack in sorted(project.packs_dir.glob("*.yml")):
        if code == "K004":
            found += bundle(project, pack.stem, pdf=False).problems
        else:
            found += load_pack(project, pack.stem, report)[1]
    return found


@pytest.mark.parametrize("code", sorted(CODES))
def test_failing_fixture(code, tmp_project):
    folder = FAILING / code
    project = tmp_project(profiles=sorted(folder.glob("*.md")))
    for overlay in ("data", "docs", "profiles"):
        if (folder / overlay).is_dir():
            shutil.copytree(folder / overlay, project.root / overlay, dirs_exist_ok=True)
    if (folder / "packs").is_dir():
        shutil.rmtree(project.packs_dir, ignore_errors=True)
        shutil.copytree(folder / "packs", project.packs_dir)
    if (folder / "symlinks.txt").is_file():  # git keeps links poorly across platforms: made here
        for line in (folder / "symlinks.txt").read_text(encoding="utf-8").splitlines():
            link, target = line.split(" -> ")
            (project.root / link).symlink_to(target)
    problems = problems_for(code, project)
    expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [prefix(p) for p in problems] == expected
    if code == "K004":
        assert not list((project.build_dir / "bundles").glob("*")), "失败的课包不应留下任何文件"
    assert code in {p.code for p in problems}
    for problem in problems:
        # Every message says what is wrong, then how to fix it.
        what, _, how = problem.message.partition("。")
        assert what and how, problem.message


def test_valid_fixture_has_no_problems(tmp_project):
    project = tmp_project(profiles=[FIXTURES / "valid" / "base-profile.md"])
    assert check_project(project).problems == []
