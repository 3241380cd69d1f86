"""Scratch space that a killed run cannot leave behind, and a swap with no gap.

Builds and bundles work in `build/tmp/<kind>-XXXX/` and hold a lock on a file
inside it while they run. A run killed at any point leaves its folder unlocked
(the kernel drops the lock with the process), and the next run removes every
unlocked folder: nothing piles up, and a run in progress is never touched. A
folder gets its final name only once its lock is held, so one under its final
name without a lock file is being removed by its run, or was: it goes at once.

The scratch root is marked as the top of unrelated folder trees where the file
system takes the hint (see `_top_of_trees`).

`swap()` exchanges two folders in one system call where the platform has one
(Linux `renameat2(RENAME_EXCHANGE)`, macOS `renamex_np(RENAME_SWAP)`), so that
`site/` is at every moment either the old complete site or the new one.
"""

from __future__ import annotations

import array
import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..paths import older_than

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; stale folders are recognised by age
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".casebook-lock"
# A folder's name until its lock is held (Scratch.__enter__).
NEW = ".new-"
# Without locks (Windows), or for a new folder whose lock file is not written yet.
STALE_AFTER = 6 * 3600 if fcntl is None else 60


# The descriptors of the scratch locks this process holds. A process forked
# meanwhile (a pool of checkers or converters) would share each lock and keep it
# after a kill of the whole run has reaped the run itself, and the next run would
# leave that folder behind: forked children close them at once.
_HELD: set[int] = set()


def _forget_held_locks() -> None:
    for fd in _HELD:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_held_locks)


class Scratch:
    """`with Scratch(root, "site") as folder:` a locked, empty folder under `root`."""

    def __init__(self, root: Path, kind: str) -> None:
        self.root, self.kind = root, kind
        self.folder: Path | None = None
        self._lock = None

    def __enter__(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        _top_of_trees(self.root)
        sweep(self.root)
        # Without locks (Windows) there is nothing to wait for (folders are judged by
        # age), and Windows cannot rename a folder with a file open in it: the final
        # name at once.
        prefix = f"{self.kind}-" if fcntl is None else f"{NEW}{self.kind}-"
        self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=self.root))
        self._lock = open(self.folder / LOCK_NAME, "w")  # noqa: SIM115 - held until __exit__
        if fcntl is not None:
            fcntl.flock(self._lock, fcntl.LOCK_EX)
            # The lock is held on the open file, and goes with the folder.
            fresh, self.folder = self.folder, self.folder.with_name(self.folder.name.removeprefix(NEW))
            os.rename(fresh, self.folder)
        _HELD.add(self._lock.fileno())
        return self.folder

    def __exit__(self, *exc) -> None:
        if self.folder is not None:
            empty(self.folder)
        if self._lock is not None:
            _HELD.discard(self._lock.fileno())
            self._lock.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def hand_over(self) -> subprocess.Popen | None:
        """Leave the folder's removal to a process of its own, which holds the folder's
        lock until it is done, so that this run can end first: removing the site a
        build replaced took 6.5 s at 10,000 profiles (0.8 s at 1,000), mostly waiting
        for the disk. The process outlives the run, in a session of its own, and is
        tied to none of its output. None where there are no locks (Windows), or no
        process could be started: `__exit__` then removes the folder as before."""
        if fcntl is None or self.folder is None or self._lock is None:
            return None
        try:
            # Started in the folder that holds the package: `-m` finds it there, installed or not.
            remover = subprocess.Popen([sys.executable, "-m", __name__, str(self.folder.resolve())],
                                       cwd=Path(__file__).resolve().parents[2], pass_fds=(self._lock.fileno(),),
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            return None
        self.folder = None  # __exit__ lets go of this process's hold on the lock, and no more
        return remover


def empty(folder: Path) -> None:
    """Remove what `folder` holds. Emptied while still locked, the lock file last: a run
    killed while removing a large old site leaves a folder that still has its (now free)
    lock file, which the next run's sweep removes at once."""
    for entry in folder.iterdir():
        if entry.name == LOCK_NAME:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


# chattr's "T" (linux/fs.h): FS_IOC_GETFLAGS, FS_IOC_SETFLAGS and FS_TOPDIR_FL.
_GET_FLAGS, _SET_FLAGS, _TOP_OF_TREES = 0x80086601, 0x40086602, 0x00020000


def _top_of_trees(root: Path) -> None:
    """Ask the file system to place each folder made in `root` as the top of a tree of
    its own, as `chattr +T root` does: ext2/3/4 then put each scratch folder, and the
    files in it, in a little-used part of the disk instead of beside `root`.

    Why: right beside `root` is where the site a build replaced was removed, or a
    whole checkout was (a fresh clone where the old one stood). ext4 without a journal
    does not reuse an inode removed in the last 60 s (360 s while its inode table block
    is unwritten), and checks every such one, from the start of the group, before it
    makes each new file. A 1,000-profile build
    makes about 11,000 files and folders. In a fresh clone that replaced the old one
    (as scale-check runs it), 2 cores: system time 3.6-4.4 s unmarked (4 runs), the
    build 8.5-9.5 s; marked, 1.2-1.9 s in 11 of 16 runs, the build 6.7-9.9 s. In the
    other 5, ext4 chose a part of the disk that a build minutes before had used and
    left (2.9-4.7 s). Only a hint: where the file system has no such flag (tmpfs, btrfs,
    other systems) nothing changes."""
    if fcntl is None or not sys.platform.startswith("linux"):
        return
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        flags = array.array("i", [0])  # the kernel reads and writes an int, whatever the call's size
        fcntl.ioctl(fd, _GET_FLAGS, flags, True)
        if not flags[0] & _TOP_OF_TREES:
            flags[0] |= _TOP_OF_TREES
            fcntl.ioctl(fd, _SET_FLAGS, flags)
    except OSError:  # not supported here, or not ours to change: the folders go where they go
        pass
    finally:
        os.close(fd)


def root_beside(target: Path, preferred: Path) -> Path:
    """`preferred`, or a hidden folder beside `target` when the two are on different
    disks (a rename cannot cross file systems)."""
    preferred.mkdir(parents=True, exist_ok=True)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    if os.stat(parent).st_dev == os.stat(preferred).st_dev:
        return preferred
    return parent / f".{target.name}.casebook-tmp"


def sweep(root: Path) -> list[Path]:
    """Remove the folders (and .part files) of runs that are no longer running."""
    removed = []
    if not root.is_dir():
        return removed
    for entry in root.iterdir():
        if not entry.is_dir() or entry.is_symlink():
            continue
        lock = entry / LOCK_NAME
        # Under its final name a folder has held its lock (Scratch.__enter__): without
        # the lock file, its run was removing it when it ended (__exit__ removes it last).
        removing = fcntl is not None and not entry.name.startswith(NEW) and not lock.exists()
        if removing or _abandoned(lock, entry):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def sweep_parts(folder: Path, pattern: str = ".*.part") -> list[Path]:
    """Remove partial files (written under a lock of their own, see `locked_part`) nobody is writing."""
    removed = []
    if not folder.is_dir():
        return removed
    for part in folder.glob(pattern):
        if part.is_file() and _abandoned(part, part):
            part.unlink(missing_ok=True)
            removed.append(part)
    return removed


def locked_part(folder: Path, name: str, suffix: str = ".part"):
    """(path, open file) of a new hidden partial file, locked for as long as the file stays open."""
    fd, path = tempfile.mkstemp(prefix=f".{name}-", suffix=suffix, dir=folder)
    handle = os.fdopen(fd, "wb")
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_EX)
    return Path(path), handle


def _abandoned(lock: Path, entry: Path) -> bool:
    if fcntl is None or not lock.exists():
        return older_than(entry, STALE_AFTER)
    try:
        with open(lock, "rb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True  # nobody holds it: its run has ended
    except BlockingIOError:
        return False
    except OSError:
        return False


def swap(new: Path, target: Path) -> None:
    """Put `new` at `target`. Afterwards `new` holds the old target, if there was one.
    Atomic where the platform can exchange two paths; else two renames in a row."""
    if not target.exists() and not target.is_symlink():
        os.replace(new, target)
        return
    if _exchange(new, target):
        return
    # The fallback has a moment without `target`: only where no exchange call exists.
    parked = new.with_name(new.name + ".old")
    os.replace(target, parked)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(parked, target)
        raise
    os.replace(parked, new)


def _exchange(a: Path, b: Path) -> bool:
    libc = _libc()
    if libc is None:
        return False
    src, dst = os.fsencode(a), os.fsencode(b)
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_fdcwd, rename_exchange = -100, 2
        result = libc.renameat2(at_fdcwd, src, at_fdcwd, dst, rename_exchange)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        rename_swap = 2
        result = libc.renamex_np(src, dst, rename_swap)
    else:
        return False
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot; fall back
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None


if __name__ == "__main__":  # the process of Scratch.hand_over: its folder, locked by the run before
    folder = Path(sys.argv[1])
    if folder.is_dir():  # a sweep may have been quicker
        empty(folder)
        shutil.rmtree(folder, ignore_errors=True)
