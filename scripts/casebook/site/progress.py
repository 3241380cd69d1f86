"""Progress for builds and bundles: one line on a terminal (tqdm), nothing elsewhere.

    构建站点 · 生成页面  63%|██████▎   | 668/1057 页 [00:05<00:03]

Shown only when stderr is a terminal and not in CI (the CI variable), so logs,
pipes and tests see exactly the output they saw before. CASEBOOK_PROGRESS=0
turns it off, =1 on (to measure its cost without a terminal).

Two sides:
- our process: `@shown("构建站点")` around build() and bundle() opens the line;
  `stage()` names what happens now; `run_engine()` runs the site engine and
  follows the pages it reports. While the line is open, what the function
  prints goes above it, and the engine's own output is printed when it ends.
- the engine (MkDocs, a child process): the hook calls `stage()` and `step()`
  too; with CASEBOOK_PROGRESS_FILE set they append short lines to that file,
  at most every 0.1 s, and our process reads it. A file rather than a pipe:
  the same on Windows, and the engine's own output stays as it is.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, TypeVar

from ..paths import Project
from . import engine

CHANNEL = "CASEBOOK_PROGRESS_FILE"
SWITCH = "CASEBOOK_PROGRESS"
INTERVAL = 0.1  # seconds between the engine's reports and between redraws

F = TypeVar("F", bound=Callable)


def enabled(stream=None) -> bool:
    forced = os.environ.get(SWITCH)
    if forced in ("0", "1"):
        return forced == "1"
    stream = stream or sys.stderr
    return (not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
            and hasattr(stream, "isatty") and stream.isatty())


class Display:
    """The progress line: a stage name, and a bar when the stage counts something."""

    COUNTED = "{desc} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} {unit} [{elapsed}<{remaining}]"
    PLAIN = "{desc} [{elapsed}]"

    def __init__(self, title: str, stream=None) -> None:
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: _Ticker redraws
        self.title = title
        self.stream = stream or sys.stderr
        self.lock = threading.Lock()
        self.bar = tqdm(total=None, desc=title, bar_format=self.PLAIN, file=self.stream, leave=False,
                        dynamic_ncols=True, mininterval=INTERVAL, unit="页")
        # [stage, total, done] for each stage shown: what tests and `last` look at.
        self.history: list[list] = []

    def stage(self, name: str, total: int | None = None, unit: str = "页") -> None:
        with self.lock:
            self.history.append([name, total, 0])
            self.bar.bar_format = self.COUNTED if total else self.PLAIN
            self.bar.unit = unit
            self.bar.reset(total=total or None)
            self.bar.set_description_str(f"{self.title} · {name}", refresh=True)

    def step(self, count: int = 1) -> None:
        with self.lock:
            if self.history:
                self.history[-1][2] += count
            self.bar.update(count)

    def refresh(self) -> None:
        with self.lock:
            self.bar.refresh()

    def close(self) -> None:
        with self.lock:
            self.bar.close()


_display: Display | None = None
_ticker: _Ticker | None = None
last: Display | None = None  # the line shown last (closed), for tests


def shown(title: str) -> Callable[[F], F]:
    """Run the decorated function with a progress line open, when enabled()."""
    def decorate(func: F) -> F:
        @functools.wraps(func)
        def run(*args, **kwargs):
            global _display, _ticker, last
            if _display is not None or not enabled():
                return func(*args, **kwargs)
            _display = Display(title, sys.stderr)
            _ticker = _Ticker(_display)
            try:
                # What the function prints goes above the line, not through it.
                with contextlib.redirect_stdout(_Above(sys.stdout, _display)), \
                        contextlib.redirect_stderr(_Above(sys.stderr, _display)):
                    return func(*args, **kwargs)
            finally:
                _ticker.stop()
                _display.close()
                last, _display, _ticker = _display, None, None
        return run  # type: ignore[return-value]
    return decorate


class _Above:
    """A stream whose whole lines are written above the progress line."""

    def __init__(self, stream, display: Display) -> None:
        self.stream = stream
        self.display = display
        self.pending = ""

    def write(self, text: str) -> int:
        head, newline, self.pending = (self.pending + text).rpartition("\n")
        if newline:
            with self.display.lock:
                self.display.bar.clear()
                self.stream.write(head + newline)
                self.stream.flush()
                self.display.bar.refresh()
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.write("\n")

    def __getattr__(self, name):
        return getattr(self.stream, name)


class _Ticker(threading.Thread):
    """Redraws the line (the clock moves in a long stage) and follows the engine's file."""

    def __init__(self, display: Display) -> None:
        super().__init__(daemon=True)
        self.display = display
        self.done = threading.Event()
        self.channel: Path | None = None
        self.offset = 0
        self.reading = threading.Lock()
        self.start()

    def follow(self, path: Path | None) -> None:
        """Read the rest of the file followed so far, then follow `path` (None: none)."""
        with self.reading:
            self._read()
            self.channel, self.offset = path, 0

    def run(self) -> None:
        while not self.done.wait(INTERVAL):
            with self.reading:
                self._read()
            self.display.refresh()

    def _read(self) -> None:
        if self.channel is None:
            return
        try:
            with open(self.channel, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except OSError:
            return
        end = data.rfind(b"\n") + 1
        self.offset += end
        for line in data[:end].decode("utf-8", "replace").splitlines():
            apply(self.display, line)

    def stop(self) -> None:
        self.done.set()
        self.join()


def apply(display: Display, line: str) -> None:
    """One line of the engine's report: `stage<TAB>name<TAB>total` or `step<TAB>count`."""
    kind, _, rest = line.partition("\t")
    if kind == "stage":
        name, _, total = rest.partition("\t")
        display.stage(name, int(total) if total.isdigit() else None)
    elif kind == "step" and rest.isdigit():
        display.step(int(rest))


def run_engine(command: list[str], project: Project, *, env: dict[str, str] | None = None,
               quiet: bool = False, stage_name: str | None = "启动 MkDocs"):
    """engine.run, following the engine's pages on the progress line when one is open.
    `stage_name`: None when the caller names its own stages meanwhile (a build
    starts the engine first and checks while it starts up).

    With the line open the engine's output is captured and printed (above the
    line) when it ends, unless `quiet`; a caller that prints it on failure when
    quiet still finds it on the result."""
    display = _display
    if display is None or _ticker is None:
        return engine.run(command, project, env=env, quiet=quiet)
    if stage_name:
        display.stage(stage_name)
    ticker = _ticker
    fd, name = tempfile.mkstemp(prefix="casebook-progress-", suffix=".txt")
    os.close(fd)
    channel = Path(name)
    try:
        ticker.follow(channel)
        result = engine.run(command, project, env={**(env or {}), CHANNEL: str(channel)}, quiet=True)
    finally:
        ticker.follow(None)
        channel.unlink(missing_ok=True)
    if not quiet:
        sys.stdout.write(result.stdout or "")
        sys.stderr.write(result.stderr or "")
    return result


def stage(name: str, total: int | None = None, unit: str = "页") -> None:
    """Name the stage now under way: on the open line, or in the engine's report."""
    if _display is not None:
        _display.stage(name, total, unit)
    elif _reporter is not None:
        _reporter.stage(name, total)


def step(count: int = 1) -> None:
    """Count one more of the current stage's items (pages, files)."""
    if _display is not None:
        _display.step(count)
    elif _reporter is not None:
        _reporter.step(count)


def flush() -> None:
    """Write out the engine's buffered steps now: before it forks (or a helper would
    report them again) and in a helper before it ends."""
    if _reporter is not None:
        _reporter.flush()


class _Reporter:
    """The engine's side: appends to the file our process reads; buffered steps are
    written at most every INTERVAL seconds, and whenever the stage changes."""

    def __init__(self, path: str) -> None:
        self.file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (open for the process's life)
        self.pending = 0
        self.last = 0.0
        atexit.register(self.close)

    def close(self) -> None:
        self._flush_steps()
        self.file.close()

    def stage(self, name: str, total: int | None) -> None:
        self._flush_steps()
        self.file.write(f"stage\t{name}\t{total or ''}\n")
        self.file.flush()

    def step(self, count: int) -> None:
        self.pending += count
        now = time.monotonic()
        if now - self.last >= INTERVAL:
            self.last = now
            self.flush()

    def flush(self) -> None:
        self._flush_steps()
        self.file.flush()

    def _flush_steps(self) -> None:
        if self.pending:
            self.file.write(f"step\t{self.pending}\n")
            self.pending = 0


def _open_reporter() -> _Reporter | None:
    try:
        return _Reporter(os.environ[CHANNEL]) if os.environ.get(CHANNEL) else None
    except OSError:  # no report then, and the build goes on
        return None


_reporter = _open_reporter()
