"""Setup and the lock: one hash-checked lock for every supported Python and platform,
and a bootstrap that needs nothing but Python (scripts/bootstrap.py, casebook/devenv.py)."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from casebook import devenv

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SPAN = devenv.supported_pythons((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# sys_platform, platform_system, os_name of the three platforms contributors use.
PLATFORMS = {"linux": ("linux", "Linux", "posix"), "macos": ("darwin", "Darwin", "posix"),
             "windows": ("win32", "Windows", "nt")}


def supported_versions() -> list[str]:
    """Each supported minor version at its first and a late patch release, and Debian 12's 3.11.2."""
    (major, low), (_, high) = SPAN
    versions = {f"{major}.{minor}.{patch}" for minor in range(low, high) for patch in (0, 30)}
    return sorted(versions | {"3.11.2"}, key=Version)


def read_lock(path: Path) -> list[tuple[Requirement, list[str]]]:
    """(requirement, hashes) for every entry of a pip requirements file written by uv."""
    text = re.sub(r"\\\n\s*", " ", path.read_text(encoding="utf-8"))  # join continuation lines
    entries = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        assert not line.startswith("-"), f"{path.name}: only pinned packages belong in a lock: {line}"
        hashes = re.findall(r"--hash=(\S+)", line)
        entries.append((Requirement(re.sub(r"\s*--hash=\S+", "", line)), hashes))
    return entries


def environment(python: str, platform: str) -> dict[str, str]:
    sys_platform, system, os_name = PLATFORMS[platform]
    return {"python_full_version": python, "python_version": ".".join(python.split(".")[:2]),
            "sys_platform": sys_platform, "platform_system": system, "os_name": os_name,
            "platform_machine": "x86_64", "implementation_name": "cpython",
            "platform_python_implementation": "CPython", "extra": ""}


def pins_for(path: Path, python: str, platform: str) -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for req, _ in read_lock(path):
        if req.marker is None or req.marker.evaluate(environment(python, platform)):
            name = canonicalize_name(req.name)
            assert name not in pins, f"{path.name}: {name} pinned twice for Python {python} on {platform}"
            (spec,) = req.specifier
            pins[name] = Version(spec.version)
    return pins


@pytest.mark.parametrize("name", ["build.txt", "site.txt", "test.txt"])
def test_every_locked_package_is_pinned_with_hashes(name):
    entries = read_lock(ROOT / "requirements" / name)
    assert entries
    for req, hashes in entries:
        assert [s.operator for s in req.specifier] == ["=="], f"{name}: {req} is not pinned to one version"
        assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), f"{name}: {req} lacks hashes"


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
@pytest.mark.parametrize("python", supported_versions())
def test_the_lock_covers_every_supported_python_and_platform(python, platform):
    """Every dependency in pyproject.toml is pinned exactly once, within its range, for every
    supported Python (Debian 12's 3.11.2 included) on Linux, macOS and Windows; the site lock
    agrees with the test lock. When this fails after editing pyproject.toml: run `make lock`."""
    site = pins_for(ROOT / "requirements" / "site.txt", python, platform)
    test = pins_for(ROOT / "requirements" / "test.txt", python, platform)
    wanted = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    for req in wanted + [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]]:
        lock, pins = (site, "site.txt") if req in wanted else (test, "test.txt")
        name = canonicalize_name(req.name)
        assert name in lock, f"{pins} has no {name} for Python {python} on {platform}: run make lock"
        assert req.specifier.contains(lock[name], prereleases=True), f"{pins}: {name} {lock[name]} outside {req}"
    assert {n: v for n, v in test.items() if n in site} == site, "site.txt and test.txt disagree: run make lock"


def test_lock_markers_follow_the_python_range():
    # Debian 12's 3.11.2 is inside the range; pymdown-extensions 13 needs 3.11.5, so the
    # lock must give 3.11.2 an older release rather than one it cannot install.
    assert devenv.supports(SPAN, (3, 11, 2)) and devenv.supports(SPAN, (3, 13, 0))
    assert not devenv.supports(SPAN, (3, 10, 12))
    old = pins_for(ROOT / "requirements" / "site.txt", "3.11.2", "linux")["pymdown-extensions"]
    assert old < Version("13")


def test_classifiers_name_exactly_the_supported_versions():
    (major, low), (_, high) = SPAN
    listed = {c.rsplit(" :: ", 1)[1] for c in PYPROJECT["project"]["classifiers"]
              if re.fullmatch(r"Programming Language :: Python :: \d+\.\d+", c)}
    assert listed == {f"{major}.{minor}" for minor in range(low, high)}


def test_build_lock_follows_the_build_system():
    build_in = [line for line in (ROOT / "requirements" / "build.in").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    assert sorted(build_in) == sorted(PYPROJECT["build-system"]["requires"])
    pins = pins_for(ROOT / "requirements" / "build.txt", "3.11.2", "linux")
    for req in map(Requirement, build_in):
        assert req.specifier.contains(pins[canonicalize_name(req.name)])


def test_supported_pythons_reads_requires_python():
    assert devenv.supported_pythons('[project]\nrequires-python = ">=3.11,<3.14"\n') == ((3, 11), (3, 14))
    assert devenv.describe(((3, 11), (3, 14))) == "Python 3.11–3.13"
    with pytest.raises(devenv.SetupError):
        devenv.supported_pythons('requires-python = ">=3.11"\n')  # an open range is not a tested range


def test_venv_interpreter_path_per_platform():
    assert devenv.venv_python(Path("v"), windows=True) == Path("v", "Scripts", "python.exe")
    assert devenv.venv_python(Path("v"), windows=False) == Path("v", "bin", "python")


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="the tests run outside a virtual environment")
def test_venv_interpreter_path_matches_this_platform():
    # The tests run in the .venv bootstrap made: its rule finds this very interpreter.
    found = devenv.venv_python(Path(sys.prefix))
    assert found.is_file() and Path(sys.executable).samefile(found)


def test_when_the_venv_is_replaced():
    span = ((3, 11), (3, 14))
    assert devenv.replace_reason((3, 11, 2), True, (3, 13, 0), span, explicit=False) is None
    assert "PYTHON" in devenv.replace_reason((3, 11, 2), True, (3, 13, 0), span, explicit=True)
    assert devenv.replace_reason((3, 13, 0), True, (3, 13, 0), span, explicit=True) is None
    assert "3.10.12" in devenv.replace_reason((3, 10, 12), True, (3, 13, 0), span, explicit=False)
    assert "损坏" in devenv.replace_reason(None, True, (3, 13, 0), span, explicit=False)
    assert devenv.replace_reason(None, False, (3, 13, 0), span, explicit=False).startswith("creating")


def fake_checkout(tmp_path: Path, requires: str = ">=3.11,<3.14") -> Path:
    root = tmp_path / "checkout"
    (root / "requirements").mkdir(parents=True)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (root / "pyproject.toml").write_text(re.sub(r'requires-python = "[^"]+"', f'requires-python = "{requires}"', text),
                                         encoding="utf-8")
    for name in ("build.txt", "site.txt", "test.txt"):
        (root / "requirements" / name).write_text(f"# {name}\n", encoding="utf-8")
    return root


def test_setup_refuses_an_unsupported_python_and_says_what_to_do(tmp_path):
    root = fake_checkout(tmp_path, requires=">=3.99,<3.100")
    with pytest.raises(devenv.SetupError) as info:
        devenv.setup(root, "site", explicit=False)
    assert "Python 3.99–3.99" in str(info.value) and "PYTHON=" in str(info.value) and "py -3.13" in str(info.value)
    assert not (root / ".venv").exists()


def test_setup_installs_with_hash_checking_and_only_when_the_lock_changed(tmp_path, monkeypatch):
    root = fake_checkout(tmp_path)
    venv = root / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    pip_calls: list[list[str]] = []
    real_run = subprocess.run

    def run(command, *args, **kwargs):
        if "pip" in command:
            pip_calls.append(command)
            return subprocess.CompletedProcess(command, 0)
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(devenv.subprocess, "run", run)
    running = tuple(sys.version_info[:3])
    if not devenv.supports(SPAN, running):
        pytest.skip(f"the tests run on Python {running}, outside the supported range")

    (root / "scripts" / "casebook").mkdir(parents=True)
    (root / "scripts" / "casebook" / "module.py").write_text("VALUE = 1\n", encoding="utf-8")
    python = devenv.setup(root, "site", explicit=False)
    assert python == devenv.venv_python(venv)
    assert len(pip_calls) == 3
    # The package's bytecode, even where Python is told not to write it (PYTHONDONTWRITEBYTECODE).
    assert [p.name.split(".")[0] for p in (root / "scripts" / "casebook" / "__pycache__").glob("*.pyc")] == ["module"]
    build, lock, project = pip_calls
    assert "--require-hashes" in build and build[-1].endswith("build.txt")
    assert "--require-hashes" in lock and "--no-build-isolation" in lock and lock[-1].endswith("site.txt")
    assert "--no-deps" in project and "--editable" in project

    pip_calls.clear()
    devenv.setup(root, "site", explicit=False)
    assert pip_calls == []                       # nothing changed: nothing installed
    (root / "requirements" / "site.txt").write_text("# a new lock\n", encoding="utf-8")
    devenv.setup(root, "site", explicit=False)
    assert len(pip_calls) == 3

    pip_calls.clear()
    devenv.setup(root, "test", explicit=False)
    assert len(pip_calls) == 3 and pip_calls[1][-1].endswith("test.txt")
    (root / "requirements" / "site.txt").write_text("# site, newer than the site setup\n", encoding="utf-8")
    pip_calls.clear()
    devenv.setup(root, "site", explicit=False)
    assert pip_calls == []                       # test.txt, installed and current, holds all of site.txt

    # The checkout copied with its .venv: the editable install still points at the first folder.
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, symlinks=True)
    devenv.setup(copy, "site", explicit=False)
    assert len(pip_calls) == 3 and pip_calls[2][-1] == str(copy)


def test_lock_commands_are_universal_with_hashes():
    commands = devenv.lock_commands(Path("uv"), "3.11")
    assert [c[c.index("-o") + 1] for c in commands] == ["requirements/build.txt", "requirements/test.txt",
                                                         "requirements/site.txt"]
    for command in commands:
        assert {"--universal", "--generate-hashes"} <= set(command)
        assert command[command.index("--python-version") + 1] == "3.11"  # not the interpreter uv happens to find
    assert commands[2][commands[2].index("-c") + 1] == "requirements/test.txt"  # site within test
    assert "--upgrade" in devenv.lock_commands(Path("uv"), "3.11", upgrade=True)[0]


def test_devenv_needs_only_the_standard_library():
    """It runs before anything is installed: with site-packages off (-S -I), bootstrap.py still works."""
    tree = ast.parse((ROOT / "scripts" / "casebook" / "devenv.py").read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)
    out = subprocess.run([sys.executable, "-S", "-I", str(ROOT / "scripts" / "bootstrap.py"), "--help"],
                         capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    assert "lock" in out.stdout and "clean" in out.stdout


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z-]+):.*## ", text, re.M))


def test_every_make_target_has_a_documented_python_equivalent():
    """README's Windows / macOS table gives each `make` target as a plain Python command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Windows / macOS", 1)[1].split("\n## ", 1)[0]
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `make ([a-z-]+)[^`]*` \| (.+) \|$", section, re.M)}
    assert make_targets() - {"help"} <= set(rows), sorted(make_targets() - {"help"} - set(rows))
    for target, equivalent in rows.items():
        if target == "vendor":  # maintainers only: npm pack and sha256sum, said so in the row
            assert "npm" in equivalent
            continue
        assert re.search(r"`python (-m casebook|-m pytest|scripts/[a-z_]+\.py)\b", equivalent), \
            f"make {target}: {equivalent}"


def test_setup_runs_under_the_python_named_in_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("CASEBOOK_BOOTSTRAP_REEXEC", raising=False)
    monkeypatch.delenv("PYTHON", raising=False)
    assert devenv.requested_python() is None
    monkeypatch.setenv("PYTHON", sys.executable)
    assert devenv.requested_python() is None                  # already running under it
    other = tmp_path / "python3.13"
    other.write_text("#!/bin/sh\necho /opt/elsewhere/bin/python3.13\n", encoding="utf-8")
    other.chmod(0o755)
    monkeypatch.setenv("PYTHON", str(other))
    if sys.platform != "win32":
        assert devenv.requested_python() == str(other)        # setup re-runs under it
    monkeypatch.setenv("CASEBOOK_BOOTSTRAP_REEXEC", "1")
    assert devenv.requested_python() is None                  # and does not loop
    monkeypatch.delenv("CASEBOOK_BOOTSTRAP_REEXEC")
    monkeypatch.setenv("PYTHON", str(tmp_path / "missing"))
    with pytest.raises(devenv.SetupError):
        devenv.requested_python()


def test_python_without_ensurepip_gets_python3_venv_on_debian_only(monkeypatch):
    # Debian's python3 has no ensurepip until python3-venv is installed; elsewhere, say what to do.
    installed: list[list[str]] = []
    monkeypatch.setattr(devenv, "can_create_venvs", lambda: False)
    monkeypatch.setattr(devenv, "apt_install", installed.append)
    monkeypatch.setattr(devenv, "is_debian", lambda: True)
    devenv.ensure_venv_support()
    assert installed == [["python3-venv"]]
    monkeypatch.setattr(devenv, "is_debian", lambda: False)
    with pytest.raises(devenv.SetupError, match="PYTHON="):
        devenv.ensure_venv_support()
    assert installed == [["python3-venv"]]


def test_test_setup_runs_npm_ci_only_when_package_lock_is_newer(tmp_path, monkeypatch):
    """axe-core (package-lock.json) for the accessibility tests: npm ci, and only when needed."""
    calls: list[list[str]] = []
    monkeypatch.setattr(devenv.shutil, "which", lambda name: "/usr/bin/npm" if name == "npm" else None)
    monkeypatch.setattr(devenv.subprocess, "run",
                        lambda command, **kwargs: calls.append(command) or subprocess.CompletedProcess(command, 0))
    devenv.ensure_node_packages(tmp_path)
    assert calls == []                           # no package-lock.json: nothing to install
    lock = tmp_path / "package-lock.json"
    lock.write_text("{}", encoding="utf-8")
    devenv.ensure_node_packages(tmp_path)
    assert calls and calls[0][:2] == ["/usr/bin/npm", "ci"] and "--ignore-scripts" in calls[0]
    installed = tmp_path / "node_modules" / ".package-lock.json"
    installed.parent.mkdir()
    installed.write_text("{}", encoding="utf-8")
    os.utime(lock, (1, 1))                       # older than what npm installed
    calls.clear()
    devenv.ensure_node_packages(tmp_path)
    assert calls == []
