"""Process pools for work shared out over the processors: checking profiles,
rendering and converting pages; and forked helpers (Helpers) that take a share of
the work an engine does one item at a time. Shared by the stages (profile, site),
like paths.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# Below this many pages, a pool costs more than it saves.
POOL_FROM = 200
SHARE_MAX = 250


# Processes a build uses unless told (CASEBOOK_JOBS). Every forked process writes to
# memory it shares with its parent, and so holds its own copy of it: at 10,000
# profiles each process in a pool adds 90-110 MB to the page build. With four the
# build stays within 1 GB there (932 MB measured); with eight it reached 1.10 GB
# while preparing pages and 1.30 GB while theming them.
DEFAULT_JOBS_MAX = 4


def jobs() -> int:
    """How many processes a build uses: CASEBOOK_JOBS if set (1 = everything in one
    process, for a machine short of memory), else one per processor, at most
    DEFAULT_JOBS_MAX."""
    told = chosen_jobs()
    return told if told is not None else max(1, min(os.cpu_count() or 1, DEFAULT_JOBS_MAX))


def chosen_jobs() -> int | None:
    """CASEBOOK_JOBS, if it is a number of processes (at most 32); else None."""
    wanted = os.environ.get("CASEBOOK_JOBS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return min(int(wanted), 32)
    return None


def shares(count: int, workers: int) -> list[range]:
    """`count` items in about four shares per worker (at least 50 each), so that a
    slow share does not leave the other workers idle; at most SHARE_MAX each, so that
    a worker holds few results at a time (at 10,000 pages the page build's peak fell
    1.03 → 0.97 GB, as fast)."""
    size = min(max(50, count // (workers * 4)), SHARE_MAX)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def can_fork() -> bool:
    """Whether pools and helpers fork (Linux): elsewhere they start afresh, or not at all."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


@contextmanager
def fork_pool(workers: int, **options) -> Iterator[ProcessPoolExecutor]:
    """A pool whose processes are forked where the platform can (Linux): they start
    at once with everything the parent has loaded.

    Meanwhile the parent's objects are kept out of the garbage collector (gc.freeze):
    a collection in a worker visits every object it inherited, which copies the
    memory it would otherwise share with the parent."""
    if not can_fork():
        with ProcessPoolExecutor(workers, **options) as pool:
            yield pool
        return
    import multiprocessing

    # A caller's own freeze (the engine's, for a whole build) outlasts the pool.
    frozen = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), **options) as pool:
            yield pool
    finally:
        if not frozen:
            gc.unfreeze()


@dataclass
class _Helper:
    pid: int
    pipe: int  # the read end: the helper's report, written once as it ends


@dataclass
class Helpers:
    """Forked processes that each run `work` over a share of items while this process
    goes on with its own: for an engine that does its work one item at a time in one
    process (MkDocs puts pages into its theme that way). A helper inherits everything
    this process has loaded, so it needs nothing sent to it; what it logs at WARNING
    and above, and the error that stopped it, come back and are given again here
    (`finish`), where the engine counts them (MkDocs' strict mode)."""

    helpers: list[_Helper] = field(default_factory=list)

    @classmethod
    def start(cls, portions: Sequence[Sequence[Any]], work: Callable[[Any], None], *, logger: str,
              before_exit: Callable[[], None] | None = None) -> "Helpers":
        """One helper per portion. `logger`: the logging tree whose records the helpers
        hand back (their own console output is left to this process). `before_exit`
        runs in each helper after its work (flush what it buffered)."""
        started = cls()
        sys.stdout.flush()
        sys.stderr.flush()
        for portion in portions:
            if not portion:
                continue
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the helper: never returns
                os.close(read)
                _helper_main(write, portion, work, logger, before_exit)
            os.close(write)
            started.helpers.append(_Helper(pid, read))
        return started

    def finish(self) -> str | None:
        """Wait for every helper; log again what they logged. Returns the first error
        (None if all ended well)."""
        first: str | None = None
        for helper in self.helpers:
            with os.fdopen(helper.pipe, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(helper.pid, 0)
            if not data:  # killed, or ended before it could report
                first = first or f"辅助进程 {helper.pid} 异常结束（状态 {status}）"
                continue
            records, error = pickle.loads(data)
            for name, level, message in records:
                logging.getLogger(name).log(level, message)
            first = first or error
        self.helpers = []
        return first

    def stop(self) -> None:
        """End the helpers now (the build failed elsewhere)."""
        for helper in self.helpers:
            try:
                os.kill(helper.pid, signal.SIGKILL)
                os.waitpid(helper.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            os.close(helper.pipe)
        self.helpers = []


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _describe(exc: BaseException) -> str:
    """An engine's own errors (MkDocs' PluginError) say what happened in their message;
    Python's (KeyError: 'x') need their name too."""
    if not str(exc):
        return type(exc).__name__
    return f"{type(exc).__name__}: {exc}" if type(exc).__module__ == "builtins" else str(exc)


def _helper_main(pipe: int, portion: Sequence[Any], work: Callable[[Any], None], logger: str,
                 before_exit: Callable[[], None] | None) -> None:
    status = 1
    try:
        keep = _Keep()
        # The parent prints and counts: here the records are only kept.
        tree = logging.getLogger(logger)
        tree.handlers = [keep]
        logging.getLogger().handlers = []
        error = None
        try:
            for item in portion:
                work(item)
        except BaseException as exc:  # reported, then the parent decides
            error = _describe(exc)
        if before_exit is not None:
            before_exit()
        with os.fdopen(pipe, "wb") as out:
            out.write(pickle.dumps((keep.records, error)))
        status = 0
    finally:
        os._exit(status)  # no atexit handlers, no parent's buffers flushed twice
