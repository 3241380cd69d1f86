"""Check every profile and report every problem at once.

Order of work for one file: read (P001, P002, P022) → schema (shape: P003–P007,
P010, P013, P021, P023) → rules in `checks.py` (meaning). Then rules across
files: duplicate ids (P009) and references to other profiles (P018).
"""

from __future__ import annotations

import difflib
import gc
import os
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from ..parallel import can_fork, fork_pool, jobs, shares
from ..paths import Project
from ..zh import gazetteer
from . import document, stored
from . import vocab as vocab_mod
from .checks import CHECKS, body_links
from .codes import fix
from .document import ProfileDoc, format_loc
from .problems import Problem
from .schema import FIELD_ORDER, NESTED_ORDER, Profile
from .vocab import Vocabulary

TYPE_ERRORS = {
    "string_type": "文字",
    "int_type": "整数",
    "int_parsing": "整数",
    "float_type": "数字（不加逗号和单位，如 1200）",
    "float_parsing": "数字（不加逗号和单位，如 1200）",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
    "list_type": "列表",
    "dict_type": "“字段: 值”的映射",
    "model_type": "“字段: 值”的映射",
    "model_attributes_type": "“字段: 值”的映射",
}
FIELD_HINTS = {
    "practices": "写成列表，如 practices: [红色物业, 邻里管家]",
    "related": "写成列表，如 related: [id-1, id-2]",
    "metrics": "每个指标以“- label: …”开头",
    "sources": "每个来源以“- title: …”开头",
}
NULLABLE_HINTS = {
    "title": "原文没有标题时写 title: null",
    "publisher": "原文未注明发布单位时写 publisher: null",
}


@dataclass
class Entry:
    doc: ProfileDoc
    model: Profile | None


@dataclass
class Report:
    vocab: Vocabulary
    problems: list[Problem] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    def valid(self) -> list[Entry]:
        """Entries whose file has no problem at all."""
        bad = {p.path for p in self.problems}
        return [e for e in self.entries if e.model is not None and e.doc.shown not in bad]

    def without_problems(self) -> list[Entry]:
        """The same files, their models made or not (`check` makes none: packs.listed)."""
        bad = {p.path for p in self.problems}
        return [e for e in self.entries if (e.model is not None or isinstance(e.doc.data, dict)) and e.doc.shown not in bad]


def profile_files(folder: Path) -> list[Path]:
    # README.md and _*.md are notes for contributors, not profiles.
    return sorted((p for p in folder.glob("*.md") if p.name != "README.md" and not p.name.startswith("_")),
                  key=lambda p: p.name)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while thousands of long-lived objects
    are made: each full collection would walk all of them again, a quarter of
    checking 10,000 profiles (3.5 s → 2.6 s without; the same peak memory, as the
    parsers leave no cycles behind). Forked workers inherit the setting."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def check_project(project: Project, only: Iterable[Path] | None = None, *, cache: dict | None = None,
                  models: bool = True) -> Report:
    """Check the whole project, or only the given files (cross-file rules still see all).

    `cache` (a dict kept by the caller, e.g. `serve` between rebuilds) skips reading
    and checking a file again while its size and time and the vocabularies are unchanged.
    `models=False`: the caller reads only the problems and the documents (`casebook
    check`), so the profile models built by parallel workers are not sent back
    (entries' `model` is then None where a worker checked them)."""
    with collector_paused():
        return _check_project(project, only, cache=cache, models=models)


def _check_project(project: Project, only: Iterable[Path] | None, *, cache: dict | None, models: bool) -> Report:
    # Results kept from the last run for files whose bytes are unchanged (stored.py).
    # Serve keeps its own in memory (`cache`) between rebuilds, and starts from the
    # stored ones: after `make check`, its first build checks nothing again. Opened
    # before the vocabularies are read (stored.fingerprint).
    fresh = cache is None or set(cache) <= {"data"}
    store = stored.open_store(project) if fresh else None
    vocab = vocab_mod.load(project.data_dir, rel=project.rel)
    report = Report(vocab=vocab, problems=list(vocab.problems))
    if cache is not None:
        data_key = sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in project.data_dir.glob("*.yml"))
        if cache.get("data") != data_key:
            cache.clear()
            cache["data"] = data_key
    files = profile_files(project.profiles_dir)
    wanted = {p.resolve() for p in only} if only is not None else None
    if wanted:
        extra = [p for p in wanted if p not in {f.resolve() for f in files}]
        files += sorted(extra)
    known, modelless = store.take([(path, project.rel(path)) for path in files]) if store is not None else ({}, set())
    if models:
        for path in modelless:
            with_model(known[path][0])
    todo = [path for path in files if path not in known]
    checked = (_check_in_parallel(project, todo, vocab, models, store)
               if cache is None and len(todo) >= PARALLEL_FROM else {})
    for path in files:
        key = _stat_key(path) if cache is not None else None
        if key is not None and cache.get(path, (None,))[0] == key:
            _, entry, problems = cache[path]
        else:
            result = known.get(path) or checked.get(path)
            if result is None:
                result = _check_file(project, path, vocab)
                if store is not None:
                    store.keep(result[0].doc.shown, result)
            entry, problems = result
            if key is not None:
                cache[path] = (key, entry, problems)
        report.entries.append(entry)
        if wanted is None or path.resolve() in wanted:
            report.problems += problems
    if store is not None:
        store.save()
    report.problems += check_links(project)
    report.problems += check_strays(project, files, wanted)
    cross = list(check_across(report.entries))
    report.problems += [p for p in cross if wanted is None or _wanted(p, report, wanted)]
    report.problems.sort(key=lambda p: (p.path, p.line, p.code))
    return report


# What the site is built from. A symbolic link anywhere in it could publish any file
# of the machine that builds it. Profile, vocabulary and pack files themselves are
# refused where they are read (P001, V001, K001).
PUBLISHED = ["profiles", "data", "packs", "docs", "overrides", "CONTRIBUTING.md", "mkdocs.yml"]


def check_links(project: Project) -> list[Problem]:
    problems = []
    for name in PUBLISHED:
        top = project.root / name
        found = [top] if top.is_symlink() else []
        if top.is_dir() and not top.is_symlink():
            found += _links_under(top, files_read_elsewhere=name in ("profiles", "data", "packs"))
        problems += [Problem(project.rel(path), 1, "S001", "", f"这是一个符号链接（指向 {os.readlink(path)}）。{fix('S001')}")
                     for path in found]
    return problems


def _links_under(top: Path, *, files_read_elsewhere: bool) -> list[Path]:
    """Symbolic links anywhere under `top`, a link to a file right in it excepted with
    `files_read_elsewhere`. scandir tells links from the directory listing itself: no
    system call per file (10,000 profiles)."""
    found, folders = [], [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        if not (files_read_elsewhere and folder == top and os.path.isfile(entry.path)):
                            found.append(Path(entry.path))
                    elif entry.is_dir(follow_symlinks=False):
                        folders.append(Path(entry.path))
        except OSError:
            continue  # unreadable, or gone meanwhile (serve): skipped, as os.walk skips it
    return found


def check_strays(project: Project, read: list[Path], only: set[Path] | None = None) -> list[Problem]:
    """What sits in profiles/ but is read as no profile: a profile saved as x.MD or in a
    folder would leave the site without a word. Hidden files and editors' backups (x.md~)
    are not a contributor's."""
    problems = []
    if not project.profiles_dir.is_dir():
        return problems
    read = set(read)  # the profile files, as the check listed them
    for path in project.profiles_dir.iterdir():  # the report sorts what is found
        if only is not None and path.resolve() not in only:
            continue  # checking some files (a new draft, a commit's): only theirs
        name = path.name
        if path in read or name.startswith(".") or name.endswith("~") or path.is_symlink():
            continue  # a link is S001's
        if path.is_dir():
            what = "是文件夹，其中的文件都不会读取"
        elif name.lower().endswith(".md") and not name.endswith(".md"):
            what = f"的扩展名不是小写的 .md，不会收录：改名为 {name[:-3]}.md"
        elif name.endswith(".md"):
            continue  # README.md and _notes.md: notes for contributors
        else:
            what = "不是 .md 文件，不会收录"
        problems.append(Problem(project.rel(path), 1, "P035", "", f"{project.rel(path)} {what}。{fix('P035')}"))
    return problems


# Reading YAML is most of a check; from this many files on, the cores share it.
PARALLEL_FROM = 1_000
_job: tuple | None = None


def _check_in_parallel(project: Project, files: list[Path], vocab: Vocabulary, models: bool,
                       store: stored.Store | None = None) -> dict[Path, tuple]:
    workers = jobs()
    if workers < 2 or not can_fork():
        return {}
    global _job
    _job = (project, vocab, models, store)  # inherited by the forked workers, not pickled
    gazetteer.warm()  # the division list (P036) read once, here, and shared: not once per worker
    try:
        with fork_pool(workers) as pool:
            chunks = [files[r.start:r.stop] for r in shares(len(files), workers)]
            out = {}
            for in_shard, sent, shard in pool.map(_check_files, chunks):
                out.update(sent)
                read = store.read(shard) if shard else None
                if read is not None:
                    results = read[0]
                    store.note(shard, results)
                    out.update((path, results[shown]) for path, shown in in_shard if shown in results)
            return out  # a file missing here (its shard removed meanwhile) is checked by the caller
    finally:
        _job = None


def _check_files(paths: list[Path]) -> tuple[list[tuple[Path, str]], dict[Path, tuple], str | None]:
    """Check `paths` in a worker. The results go to the parent through the store
    (stored.Store.write: a shard the next run can use too, read once by the parent),
    or, for what was not written there, directly: ((path, shown path) of each result
    in the shard, results sent directly, the shard)."""
    project, vocab, models, store = _job
    results = {path: _check_file(project, path, vocab) for path in paths}
    if not models:
        # Over half of pickling the results and 40 % of the parent's reading them,
        # one chunk after another (10,000 profiles: 0.58 → 0.26 s and 0.39 → 0.22 s;
        # `casebook check` 3.3-3.8 → 2.9-3.1 s on the same machine, alternating).
        for entry, _ in results.values():
            entry.model = None
    written = store.write({entry.doc.shown: (entry, problems) for entry, problems in results.values()},
                          models=models) if store is not None else None
    if written is None:
        return [], results, None
    held = set(written[1])
    in_shard = [(path, entry.doc.shown) for path, (entry, _) in results.items() if entry.doc.shown in held]
    return in_shard, {path: r for path, r in results.items() if r[0].doc.shown not in held}, written[0]


def with_model(entry: Entry) -> None:
    """The model of an entry stored without it (stored.py), made again from its data:
    validation gives the same model for the same data."""
    if entry.model is None and entry.doc.data is not None:
        entry.model = validate_schema(entry.doc)[0]


def _check_file(project: Project, path: Path, vocab: Vocabulary) -> tuple[Entry, list[Problem]]:
    doc = document.read(path, project.rel(path))
    entry = Entry(doc, None)
    problems = list(doc.problems)
    if doc.data is not None:
        entry.model, schema_problems = validate_schema(doc)
        problems += schema_problems
        problems += run_checks(doc, vocab)
    doc.memo.clear()  # the checks' own: no later stage reads it
    # The report keeps what later stages read (data, body, the lines check_across
    # names); the file's raw text stays on disk. It was two thirds of each entry the
    # workers send back, which the parent process reads one after another.
    doc.text = doc.front = ""
    if doc.yaml is not None:
        doc.yaml.lines = {loc: line for loc, line in doc.yaml.lines.items() if loc[:1] in ACROSS_FIELDS}
    return entry, problems


def _stat_key(path: Path) -> tuple | None:
    try:
        stat = path.lstat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _wanted(problem: Problem, report: Report, wanted: set[Path]) -> bool:
    return any(e.doc.shown == problem.path and e.doc.path.resolve() in wanted for e in report.entries)


def validate_schema(doc: ProfileDoc) -> tuple[Profile | None, list[Problem]]:
    try:
        return Profile.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [from_pydantic(doc, err) for err in exc.errors(include_url=False)]


def run_checks(doc: ProfileDoc, vocab: Vocabulary) -> list[Problem]:
    problems = []
    for check in CHECKS:
        for loc, code, detail, *own_fix in check(doc, vocab):
            problems.append(doc.problem(code, loc, f"{detail}。{own_fix[0] if own_fix else fix(code)}"))
    return problems


def from_pydantic(doc: ProfileDoc, err: dict[str, Any]) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    name = str(loc[-1]) if loc else ""
    value = err.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_fields(loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.75)  # a typo, not any word: tags is no status
        guess = f"（是不是 {close[0]}？）" if close else f"（此处可用：{', '.join(allowed)}）"
        return doc.problem("P003", loc, f"未知字段“{name}”{guess}。{fix('P003')}")
    if kind == "missing":
        parent = loc[:-1]
        line_loc = parent if parent in (doc.yaml.lines if doc.yaml else {}) else loc
        if loc[0] == "metrics" and name == "quote":
            problem = doc.problem("P013", line_loc, f"指标缺少 quote。{fix('P013')}")
        else:
            hint = NULLABLE_HINTS.get(name, fix("P004")) if loc[0] == "sources" else fix("P004")
            problem = doc.problem("P004", line_loc, f"缺少必填字段 {name}。{hint}")
        return Problem(problem.path, problem.line, problem.code, format_loc(loc), problem.message)
    if value is None and kind != "missing" and loc:
        # `summary:` (or `- ` in a list) with nothing after it: a value left out, not one
        # of the wrong kind, whatever the field expects.
        what = f"（{TYPE_ERRORS[kind]}）" if kind in TYPE_ERRORS else ""
        return doc.problem("P021", loc, f"{format_loc(loc)} 没有填写。写上内容{what}；可选字段不用时整行删除")
    if kind in TYPE_ERRORS:
        hint = FIELD_HINTS.get(name, fix("P005"))
        return doc.problem("P005", loc, f"应为{TYPE_ERRORS[kind]}，这里是{_describe(value)}。{hint}")
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "").replace("'", "").replace(" or ", "、").replace(", ", "、")
        return doc.problem("P006", loc, f"“{value}”不是允许的取值，可选：{expected}。{fix('P006')}")
    if kind == "greater_than_equal":
        return doc.problem("P006", loc, f"数值不能为负（这里是 {value}）。{fix('P006')}")
    if kind == "too_long":
        limit = err.get("ctx", {}).get("max_length")
        return doc.problem("P028", loc, f"{name} 有 {len(value) if isinstance(value, list) else '太多'} 项，超过 {limit} 项的上限。{fix('P028')}")
    if kind in ("string_too_short", "too_short"):
        what = "至少要有一项" if kind == "too_short" else "不能为空"
        return doc.problem("P021", loc, f"{name} {what}。{fix('P021')}")
    if kind.startswith("P"):
        return doc.problem(kind, loc, f"{err['msg']}。{fix(kind)}")
    # A kind of error not translated above: say so in Chinese, and keep pydantic's words for the details.
    return doc.problem("P005", loc, f"取值不符合这个字段的要求（校验器的原话：{err['msg']}）。{fix('P005')}")  # pragma: no cover


def _allowed_fields(parent: tuple) -> list[str]:
    if not parent:
        return FIELD_ORDER
    return NESTED_ORDER.get(str(parent[0]), [])


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, str):
        short = value if len(value) <= 20 else value[:20] + "…"
        return f"文字“{short}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return type(value).__name__


# The fields check_across reports on, besides the body's links (which carry their line).
ACROSS_FIELDS = {("id",), ("part_of",), ("related",)}


def check_across(entries: list[Entry]) -> Iterable[Problem]:
    """Rules that need every profile: unique ids (P009), references that resolve (P018)."""
    by_id: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        value = entry.doc.data.get("id") if entry.doc.data else None
        if isinstance(value, str):
            by_id[value].append(entry)
    for value, same in by_id.items():
        if len(same) > 1:
            for entry in same:
                others = "、".join(e.doc.shown for e in same if e is not entry)
                yield entry.doc.problem("P009", ("id",), f"id“{value}”也用于 {others}。{fix('P009')}")
    status = {value: same[0].doc.data.get("status") for value, same in by_id.items()}
    for entry in entries:
        data = entry.doc.data
        if not data:
            continue
        published = data.get("status") == "published"
        refs: list[tuple[tuple | int, str]] = []
        if isinstance(data.get("part_of"), str):
            refs.append((("part_of",), data["part_of"]))
        for index, ref in enumerate(data.get("related") or [] if isinstance(data.get("related"), list) else []):
            if isinstance(ref, str):
                refs.append((("related", index), ref))
        refs += list(body_links(entry.doc))
        for loc, ref in refs:
            if ref == data.get("id") and not isinstance(loc, int):
                yield entry.doc.problem("P018", loc, f"案例不能引用自己（{ref}）。{fix('P018')}")
            elif ref not in status:
                close = difflib.get_close_matches(ref, list(status), n=1, cutoff=0.6)
                guess = f"（是不是 {close[0]}？）" if close else ""
                yield entry.doc.problem("P018", loc, f"找不到 id 为“{ref}”的案例{guess}。{fix('P018')}")
            elif published and status[ref] != "published":
                yield entry.doc.problem("P018", loc, f"“{ref}”还是草稿，已发布的案例不能链接到它。{fix('P018')}")
