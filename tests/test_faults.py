"""Faults: a build or bundle killed at any point, a full disk, leftovers of earlier
runs. site/ is never missing or half-written; nothing is left to pile up."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import pytest

from casebook import bench
from casebook.packs import bundle as bundle_mod
from casebook.packs.bundle import bundle
from casebook.site import staging
from casebook.site.build import build

from conftest import FIXTURES


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


# --- the swap ------------------------------------------------------------------------------

def test_swap_never_leaves_a_moment_without_the_target(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("0")
    missing, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            if not (target / "index.html").exists():
                missing.append(time.perf_counter())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for i in range(1, 300):
            new = tmp_path / f"new{i}"
            new.mkdir()
            (new / "index.html").write_text(str(i))
            staging.swap(new, target)
            assert (new / "index.html").read_text() == str(i - 1)  # the old site, to be removed
            staging_rm(new)
    finally:
        stop.set()
        watcher.join()
    assert (target / "index.html").read_text() == "299"
    assert missing == []


def staging_rm(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


def test_swap_into_a_new_place_is_a_plain_rename(tmp_path):
    (tmp_path / "new").mkdir()
    staging.swap(tmp_path / "new", tmp_path / "site")
    assert (tmp_path / "site").is_dir() and not (tmp_path / "new").exists()


# --- leftovers -----------------------------------------------------------------------------

def test_a_run_killed_while_removing_its_folder_leaves_it_for_the_next_sweep(tmp_path, monkeypatch):
    """Killed half-way through removing the old site (after a swap): the folder keeps
    its lock file, so the next run removes it at once rather than after STALE_AFTER."""
    def killed(path, *args, **kwargs):
        Path(path, staging.LOCK_NAME).unlink(missing_ok=True)  # as a removal in directory order might
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        with staging.Scratch(tmp_path, "site") as folder:
            (folder / "site" / "assets").mkdir(parents=True)
            monkeypatch.setattr(staging.shutil, "rmtree", killed)
    monkeypatch.undo()
    assert (folder / staging.LOCK_NAME).exists()
    assert staging.sweep(tmp_path) == [folder]


@pytest.mark.skipif(staging.fcntl is None, reason="without locks, folders are judged by age")
def test_a_folder_without_its_lock_file_goes_at_once_unless_it_is_still_being_made(tmp_path):
    """A folder takes its final name only once its lock is held: without a lock file
    it was being removed by its run (killed between the lock file and the folder).
    A new one may be a run between making the folder and locking it: kept a while."""
    removing = tmp_path / "site-removing"
    removing.mkdir()
    making = tmp_path / f"{staging.NEW}site-making"
    making.mkdir()
    assert staging.sweep(tmp_path) == [removing]
    assert making.is_dir()
    with staging.Scratch(tmp_path, "site") as live:
        assert live.name.startswith("site-") and (live / staging.LOCK_NAME).is_file()
        assert staging.sweep(tmp_path) == []


@pytest.mark.skipif(staging.fcntl is None, reason="without locks the folder is removed at once")
def test_a_folder_handed_over_is_removed_by_its_own_process_which_holds_the_lock(tmp_path):
    """A large replaced site is removed after its build has ended: by a process that
    keeps the folder locked until it is done, so that a next run's sweep leaves it alone."""
    space = staging.Scratch(tmp_path, "site")
    with space as folder:
        for i in range(50):
            (folder / "site" / f"p{i}").mkdir(parents=True)
            (folder / "site" / f"p{i}" / "index.html").write_text("x")
        remover = space.hand_over()
        os.kill(remover.pid, signal.SIGSTOP)  # held before its Python has even started
    try:
        assert remover.pid != os.getpid()
        # This run has let go of its lock; the remover's holds the folder.
        assert staging.sweep(tmp_path) == []
        assert len(list((folder / "site").iterdir())) == 50
    finally:
        os.kill(remover.pid, signal.SIGCONT)
    assert remover.wait(timeout=60) == 0
    assert list(tmp_path.iterdir()) == []


def _flags(folder: Path, add: int = 0) -> int | None:
    """The folder's file attributes as lsattr reads them (after adding `add`, as chattr
    does), or None where the file system keeps none."""
    import array
    import fcntl

    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        flags = array.array("i", [0])
        fcntl.ioctl(fd, staging._GET_FLAGS, flags, True)
        if add:
            flags[0] |= add
            fcntl.ioctl(fd, staging._SET_FLAGS, flags)
            fcntl.ioctl(fd, staging._GET_FLAGS, flags, True)
        return flags[0]
    except OSError:
        return None
    finally:
        os.close(fd)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="chattr's flags are Linux's")
def test_the_scratch_root_is_marked_as_the_top_of_unrelated_trees(tmp_path):
    """chattr +T on build/tmp: ext4 places each scratch folder away from where the
    replaced site, or an old checkout, was just removed (staging._top_of_trees)."""
    probe = tmp_path / "probe"
    probe.mkdir()
    if not (_flags(probe, add=staging._TOP_OF_TREES) or 0) & staging._TOP_OF_TREES:
        pytest.skip("this file system keeps no top-of-trees flag (tmpfs, btrfs)")
    root = tmp_path / "tmp"
    root.mkdir()
    before = _flags(root)
    assert not before & staging._TOP_OF_TREES
    with staging.Scratch(root, "site") as folder:
        assert folder.parent == root
    assert _flags(root) == before | staging._TOP_OF_TREES


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="chattr's flags are Linux's")
def test_a_file_system_without_the_flag_changes_nothing(tmp_path, monkeypatch):
    asked = []

    def refuse(fd, request, *args):
        asked.append(request)
        raise OSError(errno.ENOTTY, "Inappropriate ioctl for device")

    monkeypatch.setattr(staging.fcntl, "ioctl", refuse)
    with staging.Scratch(tmp_path, "site") as folder:
        (folder / "site").mkdir()
        assert (folder / staging.LOCK_NAME).is_file()
    assert asked == [staging._GET_FLAGS]
    assert list(tmp_path.iterdir()) == []


def test_sweep_removes_only_folders_nobody_holds(tmp_path):
    with staging.Scratch(tmp_path, "site") as live:
        dead = tmp_path / "site-dead"
        dead.mkdir()
        (dead / staging.LOCK_NAME).write_text("")
        (dead / "big").write_bytes(b"x" * 1000)
        removed = staging.sweep(tmp_path)
        assert removed == [dead]
        assert live.is_dir()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork: POSIX only")
def test_a_forked_helper_does_not_keep_the_lock_of_its_run(tmp_path):
    """A run's pool of forked checkers may outlive a kill of the run by a moment: its
    folder must still count as abandoned once the run itself is gone."""
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(Path(staging.__file__).parents[2])!r})
        from casebook.site import staging
        scratch = staging.Scratch(__import__("pathlib").Path({str(tmp_path)!r}), "site")
        scratch.__enter__()
        if os.fork() == 0:   # the helper lives on after the run
            os.write(1, b"helper\\n")  # running: what happens at a fork has happened (one write: whole lines)
            time.sleep(30)
            os._exit(0)
        os.write(1, b"ready\\n")
        time.sleep(30)
    """)
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        # Both the run and its helper have started (a busy machine may run them in either order).
        assert {run.stdout.readline().strip(), run.stdout.readline().strip()} == {"ready", "helper"}
        run.kill()  # the run only; its helper is still alive
        run.wait()
        (folder,) = list(tmp_path.iterdir())
        assert staging.sweep(tmp_path) == [folder]
    finally:
        os.killpg(run.pid, signal.SIGKILL)


def test_partial_files_of_a_dead_run_are_swept_and_a_live_one_is_kept(tmp_path):
    live, handle = staging.locked_part(tmp_path, "pack", ".zip.part")
    code = ("import sys; sys.path[:0] = sys.argv[1:2]\n"
            "from casebook.site import staging; from pathlib import Path\n"
            "p, h = staging.locked_part(Path(sys.argv[2]), 'pack', '.zip.part'); print(p)")
    dead = Path(subprocess.run([sys.executable, "-c", code, "", str(tmp_path)], capture_output=True, text=True,
                               check=True).stdout.strip())
    assert dead.exists()  # its writer has exited without cleaning up
    assert staging.sweep_parts(tmp_path, ".*.zip.part") == [dead]
    assert live.exists()
    handle.close()
    assert staging.sweep_parts(tmp_path, ".*.zip.part") == [live]


# --- killed builds ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def big_project(tmp_path_factory):
    """Enough profiles that a build takes a few seconds, built once (timed), then once
    more from the command line as the runs below: the build inside this test process
    indexes search with jieba's dictionary as earlier tests left it (jieba's is
    process-wide), so a run that completes would differ from it."""
    from conftest import make_project

    project = make_project(tmp_path_factory.mktemp("big"))
    bench.generate(project, 250)
    start = time.perf_counter()
    assert build(project, quiet=True) == 0
    seconds = time.perf_counter() - start
    done = subprocess.run([sys.executable, "-m", "casebook", "--root", str(project.root), "build"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return project, seconds


def run_and_kill(project, args: list[str], after: float) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "casebook", "--root", str(project.root), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(after)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole run, MkDocs child included
    proc.wait()


@pytest.mark.slow
def complete(site: Path, pages: set[str]) -> bool:
    """A whole site: every page there and written to its end, and the search index."""
    found = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    return found == pages and all(
        (site / page).read_text(encoding="utf-8").rstrip().endswith("</html>") for page in pages) and \
        json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


def test_a_killed_build_leaves_a_whole_site_and_the_next_run_cleans_up(big_project):
    project, seconds = big_project
    pages = {p.relative_to(project.site_dir).as_posix() for p in project.site_dir.rglob("*.html")}
    # Points through the whole run, the swap at its end included (Python's start-up
    # makes a run from the command line a little longer than the measured build).
    # Whenever the kill lands, site/ is a whole site: the old one, or, if the run got
    # as far as the swap, the new one.
    for fraction in (0.1, 0.4, 0.7, 0.9, 1.0, 1.05, 1.1):
        after = seconds * fraction
        run_and_kill(project, ["build"], after)
        assert complete(project.site_dir, pages), f"site/ is not whole after a kill at {after:.1f} s"
    assert build(project, quiet=True) == 0
    assert list((project.build_dir / "tmp").iterdir()) == [], "scratch folders of killed runs were left"
    assert complete(project.site_dir, pages)


@pytest.mark.slow
def test_site_is_never_missing_while_a_build_swaps_it_in(big_project):
    project, _ = big_project
    index = project.site_dir / "index.html"
    missing, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            if not index.exists():
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        assert build(project, quiet=True) == 0
    finally:
        stop.set()
        watcher.join()
    assert missing == []


# --- bundles ----------------------------------------------------------------------------------

@pytest.fixture
def pack_project(tmp_project):
    return tmp_project(all_profiles=True)


@pytest.mark.slow
def test_a_killed_bundle_leaves_no_zip_and_its_part_goes_next_time(pack_project, tmp_path):
    project, out = pack_project, tmp_path / "out"
    for after in (0.5, 1.5, 2.5):
        run_and_kill(project, ["bundle", "hongse-wuye-linli-fuwu", "--no-pdf", "--out", str(out)], after)
        for path in out.glob("*.zip"):  # a zip is there only when complete
            with zipfile.ZipFile(path) as archive:
                assert archive.testzip() is None
    # A part file from a run killed while zipping (simulated: its writer has gone).
    out.mkdir(exist_ok=True)
    stale = out / ".hongse-wuye-linli-fuwu-2026-01-01-abcd.zip.part"
    stale.write_bytes(b"PK\x03\x04 half a zip")
    result = bundle(project, "hongse-wuye-linli-fuwu", out_dir=out, pdf=False)
    assert result.zip_path and not stale.exists()
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert list((project.build_dir / "tmp").iterdir()) == []


def test_a_full_disk_while_zipping_is_a_k004_line_and_leaves_nothing(pack_project, tmp_path, monkeypatch):
    def full(folder, target):
        target.write(b"PK\x03\x04" + b"x" * 1000)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bundle_mod, "write_zip", full)
    result = bundle(pack_project, "hongse-wuye-linli-fuwu", out_dir=tmp_path / "out", pdf=False)
    assert result.zip_path is None
    assert [(p.code, p.line) for p in result.problems] == [("K004", 1)]
    assert "磁盘空间不足" in result.problems[0].message
    assert list((tmp_path / "out").iterdir()) == []
    assert list((pack_project.build_dir / "tmp").iterdir()) == []


@pytest.mark.slow
def test_a_file_size_limit_in_a_real_run_is_a_k004_line(pack_project, tmp_path):
    """Writes fail for real (EFBIG under RLIMIT_FSIZE, as on a full disk): one K004 line,
    no traceback, no file."""
    import resource

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (600_000, 600_000))

    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "casebook", "--root", str(pack_project.root), "bundle",
                             "hongse-wuye-linli-fuwu", "--no-pdf", "--out", str(out)],
                            capture_output=True, text=True, preexec_fn=limit)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert [line.split(": ")[1] for line in result.stdout.splitlines() if ": K" in line] == ["K004"]
    assert not out.exists() or list(out.iterdir()) == []


# --- the printing browser and the CSV ------------------------------------------------------------

@pytest.mark.browser
def test_the_printing_browser_runs_no_script(tmp_path):
    import pypdfium2

    from casebook.packs.pdf import print_pdf

    page = tmp_path / "page.html"
    page.write_text('<html><body><h1 id="h">plain</h1><script>document.getElementById("h").textContent='
                    '"SCRIPT RAN"</script></body></html>', encoding="utf-8")
    print_pdf(page, tmp_path / "page.pdf")
    text = pypdfium2.PdfDocument(tmp_path / "page.pdf")[0].get_textpage().get_text_range()
    assert "plain" in text and "SCRIPT RAN" not in text


def test_metrics_csv_cells_cannot_be_formulas(tmp_project):
    from casebook.profile.validate import check_project
    from casebook.site import export
    from casebook.site.library import Library

    project = tmp_project()
    text = (FIXTURES / "valid" / "base-profile.md").read_text(encoding="utf-8")
    text = text.replace("label: 惠及居民", "label: '=HYPERLINK(\"https://evil.example\",\"x\")'").replace(
        "publisher: 样例日报", "publisher: '@SUM(1+1)'").replace("title: 样例报道", "title: '-2+3'")
    (project.profiles_dir / "base-profile.md").write_text(text, encoding="utf-8")
    report = check_project(project)
    assert report.problems == []
    rows = export.metrics_csv(Library.from_report(report)).lstrip("\ufeff").splitlines()
    row = rows[1]
    assert "'=HYPERLINK" in row and "'@SUM(1+1)" in row and "'-2+3" in row
    assert export.cell("社区") == "社区" and export.cell(1200) == 1200
