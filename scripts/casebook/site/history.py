"""When each profile was added to the library and last changed, from git history.

"收录于" is the first commit that touched the file and "更新于" the last one
(committer dates: when a change entered the repository, which after a rebase
or squash merge is when it was merged). The feeds order by them and the
sitemap's lastmod is the second.

One `git log` for the whole project, never one per file: the log of the
folders is read once and every file's first and last date picked out of it,
so 10,000 profiles cost one process and one linear pass over its output. The
parsed log is kept per commit for the life of the process: `serve` rebuilds
after every edit, and an edit changes the working tree, not the history.

Outside git (a downloaded archive, a temporary test copy), for a file not yet
committed, or when git is missing, the file's modification time stands in for
"更新于" and "收录于" is left unknown: nothing is invented and nothing fails.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import lexically_under

# Dates are shown and published in China Standard Time, where the library's
# readers are; the instant is the commit's own.
CST = dt.timezone(dt.timedelta(hours=8), "CST")
RECORD = "\x1e"  # starts each commit in the log output; file names are NUL-separated (-z)


@dataclass(frozen=True)
class Dates:
    created: dt.datetime | None  # first commit touching the file; None when unknown
    modified: dt.datetime | None  # last commit, else the file's modification time
    from_git: bool = False

    @property
    def newest(self) -> dt.datetime | None:
        return self.modified or self.created


@dataclass
class History:
    dates: dict[str, Dates] = field(default_factory=dict)  # project-relative posix path → dates
    source: str = "files"  # "git" when the log could be read
    notes: list[str] = field(default_factory=list)  # for the build log; never a failure

    def get(self, path: str) -> Dates | None:
        return self.dates.get(path)


def lookup(root: Path, paths: Iterable[Path], folders: Iterable[str] = ("profiles", "docs")) -> History:
    """Dates for `paths` (files under `root`), from one `git log` of `folders`."""
    wanted = {}
    for path in paths:
        found = lexically_under(path, root)
        if found is None:
            try:
                found = path.relative_to(root).as_posix()
            except ValueError:
                continue
        wanted[found] = path
    history = History()
    commits = _commits(root, tuple(folders), history)
    if commits is not None:
        history.source = "git"
    else:
        commits = {}
    for rel, path in wanted.items():
        seen = commits.get(rel)
        if seen:
            first, last = seen
            history.dates[rel] = Dates(_at(first), _at(last), from_git=True)
        else:
            try:
                history.dates[rel] = Dates(None, _at(path.stat().st_mtime))
            except OSError:
                history.dates[rel] = Dates(None, None)
    return history


def _at(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(timestamp), CST)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, capture_output=True)
    except OSError:  # no git on this machine
        return None


# (root, folders, HEAD commit) → parsed log, for the rebuilds of one process.
_CACHE: dict[tuple, dict[str, tuple[int, int]]] = {}


def _commits(root: Path, folders: tuple[str, ...], history: History) -> dict[str, tuple[int, int]] | None:
    """{path: (first, last) commit time} for the files under `folders`; None outside git."""
    head = _git(root, "rev-parse", "--is-shallow-repository", "HEAD")
    if head is None:  # no git on this machine
        return None
    lines = head.stdout.decode("utf-8", "replace").split()
    message = head.stderr.decode("utf-8", "replace").strip()
    if head.returncode != 0:
        if lines[:1] == ["false"] or lines[:1] == ["true"]:
            return {}  # a repository without commits yet: no history, nothing to say
        if message and "not a git repository" not in message:
            history.notes.append(f"读取 git 历史失败（{message.splitlines()[-1]}）：收录与更新日期改用文件修改时间")
        return None
    if lines[0] == "true":
        history.notes.append("仓库是浅克隆，收录日期只能追溯到克隆的最早提交：发布时请完整克隆（fetch-depth: 0）")
    key = (str(root.resolve()), folders, lines[1])
    if key not in _CACHE:
        # --relative: names relative to root even when root is a subfolder of the repository.
        result = _git(root, "log", "--no-renames", "--relative", "-z", "--name-only", f"--format={RECORD}%ct",
                      "--", *folders)
        if result is None or result.returncode != 0:
            error = result.stderr.decode("utf-8", "replace").strip() if result is not None else ""
            history.notes.append(f"读取 git 历史失败（{error.splitlines()[-1] if error else '未知原因'}）："
                                 "收录与更新日期改用文件修改时间")
            return None
        _CACHE.clear()  # only the newest history is worth keeping
        _CACHE[key] = _parse(result.stdout)
    return _CACHE[key]


def _parse(log: bytes) -> dict[str, tuple[int, int]]:
    """{path: (first commit time, last commit time)} from `git log -z --name-only --format=␞%ct`."""
    commits: dict[str, tuple[int, int]] = {}
    for record in log.decode("utf-8", "surrogateescape").split(RECORD)[1:]:
        stamp, _, names = record.partition("\0")
        when = int(stamp)
        for name in names.lstrip("\n").split("\0"):
            if not name:
                continue
            seen = commits.get(name)
            commits[name] = (when, when) if seen is None else (min(seen[0], when), max(seen[1], when))
    return commits


def newest(dates: Iterable[Dates | None]) -> dt.datetime | None:
    return max((d.newest for d in dates if d is not None and d.newest is not None), default=None)
