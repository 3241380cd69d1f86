"""Setting up a checkout on Linux, macOS or Windows, with Python alone (no shell, no make).

    python scripts/bootstrap.py [site]     create .venv and install requirements/site.txt   (make setup)
    python scripts/bootstrap.py test       the same with requirements/test.txt; on Debian also chromium
                                           and fonts-noto-cjk for the browser tests, and
                                           axe-core by npm ci (package-lock.json)      (make setup-test)
    python scripts/bootstrap.py lock       regenerate requirements/*.txt with uv       (make lock)
    python scripts/bootstrap.py clean      delete the generated site/ and build/       (make clean)
    python scripts/bootstrap.py run ARG…   set up if needed, then run .venv's Python with ARG…
                                           (the pre-commit hooks)

It runs before anything is installed, so it imports the standard library only
(tests/test_devenv.py checks). The Makefile and scripts/bootstrap.sh call it.

Every package comes from the lock with its hashes (pip --require-hashes), the
build backend too, so that installing the project itself and jieba (published
as source only) needs nothing unchecked. apt-get runs on Debian and Ubuntu only,
and only for what is missing: python3-venv (Debian's python3 lacks ensurepip),
chromium and fonts-noto-cjk (test setup).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The checkout this module lives in: scripts/casebook/devenv.py → the checkout root.
ROOT = Path(__file__).resolve().parents[2]
VENV = ".venv"
LOCKS = {"site": Path("requirements", "site.txt"), "test": Path("requirements", "test.txt")}
BUILD_LOCK = Path("requirements", "build.txt")   # the build backend, from requirements/build.in
BUILD_INPUT = Path("requirements", "build.in")
UV_VERSION = "0.13.9"                            # the locking tool; bump it and run `make lock`
TEST_DEBS = ("chromium", "fonts-noto-cjk")
COMPILE_COMMAND = "make lock  (or: python scripts/bootstrap.py lock)"


class SetupError(Exception):
    """Something the user has to do; the message says what."""


def say(message: str) -> None:
    print(f"bootstrap: {message}", flush=True)


# ---------------------------------------------------------------- interpreters

def venv_python(venv: Path, windows: bool | None = None) -> Path:
    """The interpreter inside a virtual environment: Scripts\\python.exe on Windows, bin/python elsewhere."""
    if windows is None:
        windows = os.name == "nt"
    return venv / "Scripts" / "python.exe" if windows else venv / "bin" / "python"


def supported_pythons(pyproject_text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """(lowest, first unsupported) minor versions from `requires-python = ">=3.11,<3.14"`."""
    found = re.search(r'^requires-python\s*=\s*"([^"]+)"', pyproject_text, re.M)
    if not found:
        raise SetupError("pyproject.toml 中没有 requires-python")
    low = re.search(r">=\s*(\d+)\.(\d+)", found.group(1))
    high = re.search(r"<\s*(\d+)\.(\d+)", found.group(1))
    if not (low and high):
        raise SetupError(f"requires-python 应写成 \">=3.x,<3.y\"，现在是 {found.group(1)!r}")
    return (int(low.group(1)), int(low.group(2))), (int(high.group(1)), int(high.group(2)))


def describe(span: tuple[tuple[int, int], tuple[int, int]]) -> str:
    (major, low), (_, high) = span
    return f"Python {major}.{low}–{major}.{high - 1}"


def supports(span: tuple[tuple[int, int], tuple[int, int]], version: tuple[int, ...]) -> bool:
    return span[0] <= tuple(version[:2]) < span[1]


def interpreter_version(python: Path) -> tuple[int, int, int] | None:
    """The version of a Python executable, or None when it is missing or does not run."""
    if not python.is_file():
        return None
    try:
        out = subprocess.run([str(python), "-c", "import sys; print(*sys.version_info[:3])"],
                             capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    if out.returncode != 0:
        return None
    major, minor, micro = (int(n) for n in out.stdout.split())
    return major, minor, micro


def version_text(version: tuple[int, ...]) -> str:
    return ".".join(str(n) for n in version)


# ---------------------------------------------------------------- Debian packages

def is_debian() -> bool:
    return sys.platform.startswith("linux") and shutil.which("apt-get") is not None \
        and shutil.which("dpkg-query") is not None


def missing_debs(packages: tuple[str, ...]) -> list[str]:
    missing = []
    for package in packages:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
        if "install ok installed" not in out.stdout:
            missing.append(package)
    return missing


def apt_install(packages: list[str]) -> None:
    """Installs Debian packages as root or through sudo; says what to do otherwise."""
    if os.geteuid() == 0:
        runner: list[str] = []
    elif shutil.which("sudo"):
        runner = ["sudo"]
    else:
        raise SetupError(f"需要安装 {' '.join(packages)}，但当前用户不是 root 且没有 sudo。"
                         f"请先执行：apt-get install -y {' '.join(packages)}")
    say(f"apt-get install {' '.join(packages)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*runner, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*runner, "apt-get", "install", "-y", "-qq", *packages], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def can_create_venvs() -> bool:
    """Debian's python3 ships without ensurepip until python3-venv is installed."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("venv", "ensurepip"))


def ensure_venv_support() -> None:
    if can_create_venvs():
        return
    if is_debian():
        apt_install(["python3-venv"])
        return
    raise SetupError(f"{sys.executable} 不能创建虚拟环境（缺少 venv 或 ensurepip 模块）：请安装完整的 Python，"
                     "或用 PYTHON=… 指定另一个解释器")


def ensure_browser_packages() -> None:
    """chromium and fonts-noto-cjk for the browser tests and PDF handouts (Debian and Ubuntu only)."""
    if not is_debian():
        say(f"浏览器测试只在 Debian/Ubuntu 上运行（需要 {' 和 '.join(TEST_DEBS)}）；"
            "在这台机器上请用 python -m pytest -m \"not browser\"")
        return
    missing = missing_debs(TEST_DEBS)
    if "chromium" not in missing and not os.access("/usr/bin/chromium", os.X_OK):
        missing.append("chromium")
    if missing:
        apt_install(sorted(set(missing)))


NODE_LOCK = Path("package-lock.json")


def ensure_node_packages(root: Path) -> None:
    """axe-core for the accessibility tests: `npm ci` from package-lock.json (exact versions
    and checksums), again only when the lock is newer than what npm last installed."""
    lock = root / NODE_LOCK
    if not lock.is_file():
        return
    installed = root / "node_modules" / ".package-lock.json"  # written by npm ci
    if installed.is_file() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = shutil.which("npm")
    if npm is None and is_debian():
        apt_install(["npm"])
        npm = shutil.which("npm")
    if npm is None:
        say("无障碍测试需要 npm（Node.js）：请先安装它，或用 python -m pytest -m \"not browser\"")
        return
    say(f"npm ci ({NODE_LOCK.as_posix()})")
    if subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                      cwd=root).returncode != 0:
        raise SetupError("npm ci 失败（见上方 npm 的信息）")


# ---------------------------------------------------------------- setup

def stamp_key(root: Path, what: str, version: tuple[int, ...]) -> str:
    """Changes whenever what setup installs would change: the locks, pyproject.toml, the
    interpreter, and where the checkout is. This project is installed editable, pointing at
    its folder: a checkout copied or moved with its .venv would otherwise run the code of
    the folder it came from."""
    digest = hashlib.sha256(f"{what} {version_text(version)} {root.resolve()}\n".encode())
    for part in (BUILD_LOCK, LOCKS[what], Path("pyproject.toml")):
        digest.update((root / part).read_bytes())
    return digest.hexdigest()


def stamp_current(venv: Path, root: Path, what: str, version: tuple[int, ...]) -> bool:
    stamp = venv / f".casebook-{what}"
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == stamp_key(root, what, version)


def install_commands(python: Path, root: Path, what: str) -> list[list[str]]:
    """pip, with every download checked against the lock's hashes."""
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    return [
        # 1. The build backend, so that nothing below builds in an unchecked, isolated environment.
        [*pip, "--require-hashes", "-r", str(root / BUILD_LOCK)],
        # 2. The locked packages (jieba is published as source only and is built here;
        #    --use-pep517: through setuptools' build API even where pip 23.0 would run setup.py install).
        [*pip, "--require-hashes", "--no-build-isolation", "--use-pep517", "-r", str(root / LOCKS[what])],
        # 3. This project, editable: its dependencies are all in the lock.
        [*pip, "--no-deps", "--no-build-isolation", "--use-pep517", "--editable", str(root)],
    ]


def replace_reason(have: tuple[int, ...] | None, exists: bool, running: tuple[int, ...],
                   span: tuple[tuple[int, int], tuple[int, int]], explicit: bool) -> str | None:
    """Why .venv has to be (re)created, or None to keep it. `have`: its Python, None if it has none that runs."""
    if have is None:
        return f"{VENV} 不完整或已损坏，重新创建" if exists else f"creating {VENV}"
    if not supports(span, have):
        return f"{VENV} 用的是不支持的 Python {version_text(have)}（需要 {describe(span)}），重新创建"
    if explicit and tuple(have) != tuple(running):
        return f"{VENV} 用的是 Python {version_text(have)}，按 PYTHON 的指定改用 {version_text(running)}，重新创建"
    return None


def setup(root: Path = ROOT, what: str = "site", explicit: bool | None = None) -> Path:
    """Create or update root/.venv; returns its interpreter.

    `explicit`: the running interpreter was chosen on purpose (PYTHON=… is set), so
    an existing .venv of another Python version is replaced. Otherwise a working
    .venv of a supported version is kept, whichever Python runs this.
    """
    if what not in LOCKS:
        raise SetupError(f"未知的安装内容 {what!r}：可选 {'、'.join(LOCKS)}")
    if explicit is None:
        explicit = bool(os.environ.get("PYTHON"))
    span = supported_pythons((root / "pyproject.toml").read_text(encoding="utf-8"))
    venv = root / VENV
    python = venv_python(venv)
    running = tuple(sys.version_info[:3])
    have = interpreter_version(python)
    reason = replace_reason(have, venv.exists(), running, span, explicit)
    if reason:
        if not supports(span, running):
            raise SetupError(f"需要 {describe(span)}（当前：{sys.executable} 是 Python {version_text(running)}）。"
                             "Linux/macOS 上用 PYTHON=/path/to/python3.13 make …；"
                             "Windows 上用 py -3.13 scripts\\bootstrap.py")
        ensure_venv_support()
    if what == "test":
        ensure_browser_packages()
    if reason:
        say(f"{reason} (Python {version_text(running)})")
        if venv.exists():
            shutil.rmtree(venv)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        have = interpreter_version(python)
        if not have:
            raise SetupError(f"创建了 {VENV}，但找不到其中的解释器 {python}")
    stamp = venv / f".casebook-{what}"
    key = stamp_key(root, what, have)
    # test.txt holds all of site.txt at the same versions: after a test setup, a site setup has nothing to do.
    done = [w for w in ([what, "test"] if what == "site" else [what]) if stamp_current(venv, root, w, have)]
    if not done:
        say(f"installing {LOCKS[what].as_posix()} (Python {version_text(have)})")
        for command in install_commands(python, root, what):
            if subprocess.run(command, cwd=root).returncode != 0:
                raise SetupError(f"安装失败：{' '.join(command)}")
        stamp.write_text(key + "\n", encoding="utf-8")
    compile_package(python, root)
    if what == "test":
        ensure_node_packages(root)
    return python


def compile_package(python: Path, root: Path) -> None:
    """Bytecode for this project's own modules, as pip writes it for an installed
    package. An editable install has none, and where PYTHONDONTWRITEBYTECODE is set
    (as in this project's CI image) Python never writes it: every command compiled
    the package's modules again, 0.2 s of `casebook check` at 10,000 profiles
    (2.8-3.0 -> 2.6-2.7 s). Up-to-date files are skipped, so this is quick when
    nothing changed; a file that does not compile is left to the command that
    imports it to report, in its own words."""
    package = root / "scripts" / "casebook"
    if package.is_dir():
        subprocess.run([str(python), "-m", "compileall", "-qq", str(package)], cwd=root)


# ---------------------------------------------------------------- lock

def lock_commands(uv: Path, lowest: str, upgrade: bool = False) -> list[list[str]]:
    """uv pip compile for every supported Python and platform at once (--universal), with hashes.

    `lowest` is the oldest supported Python ("3.11"): without --python-version uv
    takes the lower bound from whatever interpreter it finds (a .venv of 3.13, say)
    and the lock would not install on older ones. test.txt is resolved first and
    site.txt within it, so that the two never disagree on a version. Paths are
    relative: run from the checkout root.
    """
    base = [str(uv), "pip", "compile", "--quiet", "--universal", "--generate-hashes", "--python-version", lowest,
            "--custom-compile-command", COMPILE_COMMAND, *(["--upgrade"] if upgrade else [])]
    build, site, test = (p.as_posix() for p in (BUILD_LOCK, LOCKS["site"], LOCKS["test"]))
    return [
        [*base, BUILD_INPUT.as_posix(), "-o", build],
        [*base, "pyproject.toml", "--extra", "test", "-o", test],
        [*base, "pyproject.toml", "-c", test, "-o", site],
    ]


def lock(root: Path = ROOT, upgrade: bool = False) -> None:
    """Regenerate requirements/*.txt. Without --upgrade, uv keeps the current versions where it can."""
    (major, low), _ = supported_pythons((root / "pyproject.toml").read_text(encoding="utf-8"))
    ensure_venv_support()
    with tempfile.TemporaryDirectory(prefix="casebook-lock-") as tmp:
        tool = Path(tmp, "venv")
        say(f"installing uv {UV_VERSION} (the locking tool) into a throwaway environment")
        subprocess.run([sys.executable, "-m", "venv", str(tool)], check=True)
        subprocess.run([str(venv_python(tool)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        f"uv=={UV_VERSION}"], check=True)
        uv = venv_python(tool).with_name("uv.exe" if os.name == "nt" else "uv")
        for command in lock_commands(uv, f"{major}.{low}", upgrade):
            say(" ".join(["uv", *command[1:]]))
            subprocess.run(command, cwd=root, check=True)
    say("requirements/build.txt, requirements/site.txt and requirements/test.txt updated")


# ---------------------------------------------------------------- clean, run

def clean(root: Path = ROOT) -> None:
    for name in ("site", "build"):
        if (root / name).exists():
            say(f"removing {name}{os.sep}")
            shutil.rmtree(root / name)


def run(root: Path, args: list[str]) -> int:
    python = setup(root, "site", explicit=False)
    return subprocess.run([str(python), *args]).returncode


# ---------------------------------------------------------------- command line

def requested_python() -> str | None:
    """The interpreter PYTHON=… names, when it is not the one running: setup must run under it."""
    wanted = os.environ.get("PYTHON")
    if not wanted or os.environ.get("CASEBOOK_BOOTSTRAP_REEXEC"):
        return None
    try:  # ask it, so that launchers and pyenv shims compare by the interpreter they start
        out = subprocess.run([wanted, "-c", "import sys; print(sys.executable)"], capture_output=True, text=True,
                             timeout=60)
    except OSError:
        raise SetupError(f"PYTHON={wanted} 无法运行") from None
    if out.returncode != 0 or not out.stdout.strip():
        raise SetupError(f"PYTHON={wanted} 无法运行：{out.stderr.strip()[-300:]}")
    same = Path(out.stdout.strip()).resolve() == Path(sys.executable).resolve()
    return None if same else wanted


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    # Chinese messages must not crash a console set to a code page without Chinese.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python scripts/bootstrap.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", nargs="?", default="site", choices=["site", "test", "lock", "clean", "run"],
                        help="site（默认）、test、lock、clean 或 run ARG…")
    parser.add_argument("--upgrade", action="store_true", help="与 lock 同用：把所有包升到允许范围内的最新版本")
    if argv[:1] == ["run"]:
        action, rest = "run", argv[1:]       # everything after `run` belongs to .venv's Python
    else:
        args = parser.parse_args(argv)
        action, rest = args.action, []
        if args.upgrade and action != "lock":
            parser.error("--upgrade 只与 lock 同用")
    try:
        other = requested_python() if action in LOCKS or action == "lock" else None
        if other:
            env = {**os.environ, "CASEBOOK_BOOTSTRAP_REEXEC": "1"}
            return subprocess.run([other, str(root / "scripts" / "bootstrap.py"), *argv], env=env).returncode
        if action in LOCKS:
            setup(root, action)
        elif action == "lock":
            lock(root, upgrade=args.upgrade)
        elif action == "clean":
            clean(root)
        else:
            return run(root, rest)
    except SetupError as exc:
        say(str(exc))
        return 1
    except subprocess.CalledProcessError as exc:
        say(f"命令失败（退出码 {exc.returncode}）：{' '.join(map(str, exc.cmd))}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
