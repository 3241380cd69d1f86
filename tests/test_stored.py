"""Check results kept between runs (casebook/profile/stored.py): a file whose bytes,
and everything its result depends on, are unchanged is not checked again, and a
kept result is exactly what checking gives."""

from __future__ import annotations

import os
import sys
from datetime import date

import pytest

from casebook.profile import stored, validate
from casebook.profile.validate import check_project

from conftest import FIXTURES

BROKEN = FIXTURES / "broken"


@pytest.fixture
def checked(monkeypatch):
    """The files the next check_project reads and checks itself, in this process."""
    seen: list[str] = []
    real = validate._check_file

    def spy(project, path, vocab):
        seen.append(path.name)
        return real(project, path, vocab)

    monkeypatch.setattr(validate, "_check_file", spy)
    return seen


def described(report):
    """Everything a report says, comparable across runs."""
    return ([str(p) for p in report.problems],
            [(e.doc.shown, e.doc.data, e.doc.body, e.doc.body_line, e.doc.todos, e.doc.oversized, e.model)
             for e in report.entries])


@pytest.fixture
def project(tmp_project):
    project = tmp_project(all_profiles=True)
    broken = sorted((BROKEN / "profiles").glob("*.md"))[0]
    (project.profiles_dir / broken.name).write_bytes(broken.read_bytes())
    return project


def test_a_second_check_reads_only_what_changed_and_says_the_same(project, checked, monkeypatch):
    files = sorted(p.name for p in validate.profile_files(project.profiles_dir))
    first = check_project(project)
    assert sorted(checked) == files
    checked.clear()
    again = check_project(project)
    assert checked == []
    assert described(again) == described(first)
    assert again.problems  # the broken profile's problems come back from the store too

    edited = project.profiles_dir / files[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    third = check_project(project)
    assert checked == [files[0]]
    monkeypatch.setenv("CASEBOOK_CACHE", "0")
    assert described(third) == described(check_project(project))


def test_what_a_result_depends_on_besides_its_file_checks_everything_again(project, checked, monkeypatch, tmp_path):
    check_project(project)
    every = len(checked)

    def changed(mend) -> int:
        checked.clear()
        mend()
        check_project(project)
        return len(checked)

    assert changed(lambda: None) == 0
    practices = project.data_dir / "practices.yml"
    assert changed(lambda: practices.write_text(practices.read_text(encoding="utf-8") + "\n# 一行注释\n",
                                                encoding="utf-8")) == every

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return date(2100, 1, 1)

    assert changed(lambda: monkeypatch.setattr(stored, "date", Tomorrow)) == every  # P032 counts from today
    # The code as this process loaded it (a long serve runs what it started with).
    code = tmp_path / "code"
    code.mkdir()
    (code / "checks.py").write_text("A = 1\n")
    monkeypatch.setattr(stored, "CODE", code)
    assert changed(lambda: monkeypatch.setattr(stored, "CODE_DIGEST", stored._code_digest())) == every
    assert changed(lambda: (code / "checks.py").write_text("A = 2\n")) == 0  # not loaded
    assert changed(lambda: monkeypatch.setattr(stored, "CODE_DIGEST", stored._code_digest())) == every
    # A vocabulary replaced by a link to the same bytes is refused (V001): not the same data.
    moved = tmp_path / "practices.yml"
    os.replace(practices, moved)
    practices.symlink_to(moved)
    assert changed(lambda: None) == every
    assert changed(lambda: None) == 0


def test_a_file_turned_into_a_link_to_the_same_bytes_is_checked_again(project, checked):
    check_project(project)
    name = sorted(p.name for p in validate.profile_files(project.profiles_dir))[1]
    target = project.root / "elsewhere.md"
    os.replace(project.profiles_dir / name, target)
    (project.profiles_dir / name).symlink_to(target)
    checked.clear()
    report = check_project(project)
    assert checked == [name]
    assert [p.code for p in report.problems if p.path.endswith(name)] == ["P001"]


def test_a_damaged_store_is_set_aside(project, checked):
    first = check_project(project)
    folder = project.build_dir.joinpath(*stored.FOLDER)
    shards = [p for p in folder.glob("*.pickle") if p.name != stored.INDEX]
    assert shards
    for shard in shards:
        shard.write_bytes(b"not a pickle")
    checked.clear()
    assert described(check_project(project)) == described(first)
    assert len(checked) == len(first.entries)
    (folder / stored.INDEX).write_bytes(b"\x80\x05garbage")
    checked.clear()
    assert described(check_project(project)) == described(first)
    assert len(checked) == len(first.entries)
    checked.clear()
    check_project(project)
    assert checked == []  # stored afresh
    assert not list(folder.glob("*.part"))


def test_turned_off_nothing_is_kept(project, checked, monkeypatch):
    monkeypatch.setenv("CASEBOOK_CACHE", "0")
    check_project(project)
    checked.clear()
    check_project(project)
    assert len(checked) == len(validate.profile_files(project.profiles_dir))
    assert not (project.build_dir / "cache").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers are forked (Linux)")
def test_workers_keep_what_they_checked_with_the_models(project, monkeypatch):
    monkeypatch.setattr(validate, "PARALLEL_FROM", 2)
    monkeypatch.setattr(validate, "jobs", lambda: 2)
    sent: list[int] = []
    real = validate._check_in_parallel

    def spy(project, files, *args):
        sent.append(len(files))
        return real(project, files, *args)

    monkeypatch.setattr(validate, "_check_in_parallel", spy)
    light = check_project(project, models=False)  # `casebook check`: models not sent back
    assert sent == [len(light.entries)] and all(e.model is None for e in light.entries)
    shards = [p for p in project.build_dir.joinpath(*stored.FOLDER).glob("*.pickle") if p.name != stored.INDEX]
    assert shards  # written by the workers: the parent had no models to write
    full = check_project(project)  # the build after it
    assert sent == [len(light.entries)]  # nothing checked again
    monkeypatch.setenv("CASEBOOK_CACHE", "0")
    assert described(full) == described(check_project(project))
    assert sum(e.model is not None for e in full.entries) == len(full.entries) - 1


def test_serve_starts_from_the_stored_results_and_then_keeps_its_own(project, checked):
    check_project(project)  # make check
    memory: dict = {}  # serve's, kept between rebuilds (site/live.py)
    checked.clear()
    first = check_project(project, cache=memory)
    assert checked == []
    edited = sorted(validate.profile_files(project.profiles_dir))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    again = check_project(project, cache=memory)
    assert checked == [edited.name]
    assert len(again.entries) == len(first.entries)


class _Planted:
    """What a pickle planted in a checkout could do when read: here, leave a mark."""

    def __init__(self, mark):
        self.mark = mark

    def __reduce__(self):
        return (open, (str(self.mark), "w"))


def test_a_store_file_not_sealed_on_this_machine_is_never_unpickled(project, checked, tmp_path):
    """A pull request can commit files under build/ (an ignored path can still be added):
    a planted pickle must not run. Only files sealed with this user's key are read."""
    import pickle

    mark = tmp_path / "ran"
    folder = project.build_dir.joinpath(*stored.FOLDER)
    folder.mkdir(parents=True)
    planted = pickle.dumps({"fingerprint": stored.fingerprint(project), "files": {}, "x": _Planted(mark)})
    (folder / stored.INDEX).write_bytes(b"\0" * stored.MAC_SIZE + planted)
    (folder / "0123456789abcdef.pickle").write_bytes(planted)
    report = check_project(project)
    assert not mark.exists()
    assert len(checked) == len(report.entries)  # everything checked afresh
    checked.clear()
    check_project(project)
    assert checked == [] and not mark.exists()


def test_the_key_is_made_once_for_this_user_only(monkeypatch, tmp_path, project, checked):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    key = stored.machine_key()
    assert key is not None and len(key) == stored.MAC_SIZE
    assert stored.machine_key() == key
    if sys.platform != "win32":
        assert stored.key_file().stat().st_mode & 0o777 == 0o600
    # No place for a key (the cache folder is a file): nothing stored, the check the same.
    (tmp_path / "nowhere").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "nowhere"))
    assert stored.machine_key() is None
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(stored.Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(
        RuntimeError("Could not determine home directory."))))
    assert stored.machine_key() is None  # no home at all
    first = check_project(project)
    checked.clear()
    assert described(check_project(project)) == described(first)
    assert len(checked) == len(first.entries)
    assert not (project.build_dir / "cache").exists()


def test_shards_no_index_needs_are_removed_once_old(project, checked):
    """A killed run's shards, or another run's still at work: kept a while, then removed
    by any later run, one that changes nothing included."""
    check_project(project)
    folder = project.build_dir.joinpath(*stored.FOLDER)
    shards = {p.name for p in folder.glob("*.pickle")}
    young, old = folder / "aaaaaaaaaaaaaaaa.pickle", folder / "bbbbbbbbbbbbbbbb.pickle"
    young.write_bytes(b"left by a run at work")
    old.write_bytes(b"left by a killed run")
    part = folder / ".cccccccccccccccc.part"
    part.write_bytes(b"half")
    long_ago = old.stat().st_mtime - stored.ORPHANS_AFTER - 60
    os.utime(old, (long_ago, long_ago))
    os.utime(part, (long_ago, long_ago))
    checked.clear()
    check_project(project)
    assert checked == []
    assert {p.name for p in folder.glob("*.pickle")} == shards | {young.name}
    assert not part.exists()
