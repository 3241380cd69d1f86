"""Class packs: a chosen set of profiles for one training class.

A pack is a small YAML file in packs/, kept in the repository so that a
trainer can rebuild the same pack next term:

    title: 红色物业与邻里服务
    date: 2026-12-01          # the class date, printed on the handout cover
    trainer: 某某             # optional
    intro: 本课包……           # optional, shown on the pack's home page and cover
    select:                   # kinds combine with AND; values within a kind with OR
      practices: [红色物业, 邻里管家]
      regions: [福建省]        # 省, 省/市, 省/市/区县 …
      years: [2020, unknown]
    ids: [jinan-yunhai-sidianban-ketang]   # always included
    exclude: []                            # always left out
    outside_links: online     # links to profiles left out: online (to site_url) or drop

The name `all` means every published profile.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..paths import Project
from ..zh.dates import PartialDate
from ..zh.textclean import to_simplified
from . import yamlio
from .codes import fix
from .document import format_loc
from .markup import explain_field
from .problems import Problem
from .schema import DateValue
from .validate import Report

ALL = "all"
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Selection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    practices: list[str] = Field(default_factory=list, description="做法名称，任一即可")
    regions: list[str] = Field(default_factory=list, description="地区：省、省/市、省/市/区县……，任一即可")
    years: list[int | Literal["unknown"]] = Field(default_factory=list, description="报道年份；unknown 表示年份不详")


class PackFile(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    title: str = Field(min_length=1, description="课程名称，印在讲义封面上")
    date: DateValue | None = Field(None, description="上课日期")
    trainer: str | None = Field(None, description="主讲人（可选）")
    intro: str | None = Field(None, description="课包说明（可选）")
    select: Selection = Field(default_factory=Selection)
    ids: list[str] = Field(default_factory=list, description="一定收录的案例 id")
    exclude: list[str] = Field(default_factory=list, description="一定不收录的案例 id")
    outside_links: Literal["online", "drop"] = "online"


@dataclass
class Pack:
    name: str
    title: str
    ids: list[str]
    outside_links: Literal["online", "drop"] = "online"
    date: PartialDate | None = None
    trainer: str | None = None
    intro: str | None = None
    definition: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None


@dataclass
class Listed:
    """What a pack selects a profile by. `check` makes no models (building 10,000 took 0.8 s):
    for a profile without problems, its data says the same. The date is read when asked for
    (a selection by year, the order of the chosen): reading 10,000 took 0.5 s."""
    id: str
    status: str
    title: str
    practices: tuple[str, ...]
    region: SimpleNamespace
    written_date: str

    @cached_property
    def date(self) -> PartialDate:
        return PartialDate.parse(self.written_date)

    @property
    def year(self) -> int | None:
        """The year as written (checked already): 2024-06-28, 2024-06, 2024; None for unknown."""
        return int(self.written_date[:4]) if self.written_date[:4].isdigit() else None


def _year(model) -> int | None:
    return model.year if isinstance(model, Listed) else model.date.year


def listed(entry) -> Any:
    """The entry's model, or what a pack needs of it read from its checked data."""
    if entry.model is not None:
        return entry.model
    data = entry.doc.data
    region = data.get("region") or {}
    return Listed(str(data["id"]), str(data["status"]), str(data["title"]), tuple(data.get("practices") or ()),
                  SimpleNamespace(**{level: region.get(level) for level in REGION_LEVELS}), str(data["date"]))


def _all_listed(report) -> list:
    """listed() of every profile without problems, once per report (check reads each pack)."""
    kept = report.__dict__.get("_listed")
    if kept is None:
        kept = report.__dict__["_listed"] = [listed(e) for e in report.without_problems()]
    return kept


REGION_LEVELS = ("province", "city", "district", "street", "community")


def pack_path(project: Project, name: str) -> Path:
    candidate = Path(name)
    if candidate.suffix in (".yml", ".yaml"):
        return candidate if candidate.is_absolute() else (Path.cwd() / candidate)
    return project.packs_dir / f"{name}.yml"


def available(project: Project) -> list[str]:
    # packs/all.yml would be shadowed by the whole library's pack (ALL): not a pack of its own.
    return sorted(p.stem for p in project.packs_dir.glob("*.yml") if p.stem != ALL) if project.packs_dir.is_dir() else []


def load_pack(project: Project, name: str, report: Report, *, strict: bool = True) -> tuple[Pack | None, list[Problem]]:
    """The pack `name` (a name in packs/, a path to a .yml file, or `all`) resolved to profile ids.
    `strict=False` (hostile-input tests only) keeps a pack whose texts hold markup."""
    candidates = _all_listed(report) if strict else [e.model for e in report.entries if e.model is not None]
    published = [m for m in candidates if m.status == "published"]
    if name == ALL:
        return Pack(ALL, "社区实践案例库（全部案例）", [m.id for m in published],
                    definition={"name": ALL, "select": "all published profiles"}), []
    path = pack_path(project, name)
    shown = project.rel(path)
    if not path.is_file():
        names = available(project)
        meant = [n for n in names if n.startswith(name)] or difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        guess = f"是不是“{meant[0]}”？" if len(meant) == 1 else ""
        choices = "、".join([ALL, *names])
        return None, [Problem(shown, 1, "K001", "", f"找不到课包“{name}”。{guess}可用的课包：{choices}；或给出 .yml 文件的路径")]
    try:
        doc = yamlio.load_file(path)
    except yamlio.YamlError as exc:
        return None, [Problem(shown, exc.line, "K001", "", f"{exc.message}。{fix('K001')}")]
    raw = doc.data if isinstance(doc.data, dict) else {}
    if not isinstance(doc.data, dict):
        return None, [Problem(shown, 1, "K001", "", "课包文件应由“字段: 值”组成。" + fix("K001"))]
    markup: list[Problem] = [
        Problem(shown, doc.line_of((key,)), "K001", key, f"有{what}：课包说明会原样显示在页面和讲义上，只写纯文字。{fix('K001')}")
        for key in ("title", "trainer", "intro") if isinstance(raw.get(key), str)
        for _, what in explain_field(raw[key])]
    problems: list[Problem] = list(markup) if strict else []
    try:
        spec, complete = PackFile.model_validate(raw), True
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        seen: set[tuple] = set()
        for err in errors:
            loc = tuple(err["loc"])[:3] if err["loc"][:2] == ("select", "years") else tuple(err["loc"])
            if loc not in seen:  # a union (int or unknown) fails once per member: say it once
                seen.add(loc)
                problems.append(Problem(shown, doc.line_of(loc), "K001", format_loc(loc), _message(err)))
        # The rest of the pack is still checked, so that a trainer mends every mistake in one round;
        # whether it selects anything is known only if nothing that selects was refused.
        spec = _the_rest(raw, errors)
        complete = not any(_about_selection(err) for err in errors)
    stem = path.stem
    if not NAME_RE.match(stem):
        problems.append(Problem(shown, 1, "K001", "", f"课包文件名“{path.name}”只能用小写字母、数字和连字符。{fix('K001')}"))
    ids: list[str] = []
    if spec is not None:
        ids, select_problems = resolve(spec, published, report, lambda loc: doc.line_of(loc), shown)
        problems += select_problems
        if complete and not ids and not select_problems:
            problems.append(Problem(shown, doc.line_of(("select",)), "K003", "select", f"没有任何已发布的案例符合条件。{fix('K003')}"))
    if problems:
        return None, sorted(problems, key=lambda p: p.line)
    return Pack(stem, spec.title, ids, spec.outside_links, spec.date, spec.trainer, spec.intro,
                definition=raw, path=path), []


# What a pack selects by (practices at the top is a slip too).
SELECTING = frozenset({"select", "ids", "exclude", *Selection.model_fields})


def _about_selection(err: dict) -> bool:
    """Whether a refused value was about what the pack selects, a misspelt selector
    (selct:) included: what it meant to select is then not known."""
    if not err["loc"]:
        return False
    name = str(err["loc"][0])
    return name in SELECTING or err["type"] == "extra_forbidden" and bool(
        difflib.get_close_matches(name, SELECTING, cutoff=0.6))


def _the_rest(raw: dict, errors: list[dict]) -> PackFile | None:
    """The pack without the values the schema refused (each error's deepest value that
    the file holds), or None where that is still no pack."""
    dropped = object()
    rest = copy.deepcopy(raw)
    for err in errors:
        parent, key, node = None, None, rest
        for part in err["loc"]:  # past the file's own values a location names union members
            if isinstance(node, dict) and part in node or (
                    isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
                parent, key, node = node, part, node[part]
            else:
                break
        if parent is not None:
            parent[key] = dropped

    def clean(node):
        if isinstance(node, dict):
            return {k: clean(v) for k, v in node.items() if v is not dropped}
        if isinstance(node, list):
            return [clean(v) for v in node if v is not dropped]
        return node

    rest = clean(rest)
    rest.setdefault("title", "—")  # the one required field: missing, it is told already
    try:
        return PackFile.model_validate(rest)
    except ValidationError:
        return None


def _message(err: dict) -> str:
    kind, name = err["type"], str(err["loc"][-1]) if err["loc"] else ""
    if tuple(err["loc"]) in (("select", "years"), ("select", "practices"), ("select", "regions")) and kind == "list_type":
        return f"{name} 要写成列表，一项也要加方括号：{name}: [{err.get('input')}]。{fix('K001')}"
    if tuple(err["loc"][:2]) == ("select", "years"):
        return f"年份“{err.get('input')}”应写成四位数字（如 2020），年份不详写 unknown。{fix('K001')}"
    if kind == "extra_forbidden":
        under_select = err["loc"][:1] == ("select",)
        model, other = (Selection, PackFile) if under_select else (PackFile, Selection)
        if name in other.model_fields and name != "select":  # practices at the top, ids under select
            return f"{name} 要{'写在顶层，不在 select 下' if under_select else '缩进写在 select 下'}。{fix('K001')}"
        fields = list(model.model_fields)
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        guess = f"是不是“{close[0]}”？" if close else ""
        return f"未知字段“{name}”。{guess}{'select 下' if under_select else '课包'}可写的字段：{'、'.join(fields)}"
    if kind == "missing":
        return f"缺少必填字段 {name}。{fix('K001')}"
    if kind == "P010":
        return f"{err['msg']}。上课日期写成 2026-12-01 这样的格式"
    if kind in ("literal_error", "union_tag_invalid"):
        field = PackFile.model_fields.get(name)
        allowed = " 或 ".join(map(str, get_args(field.annotation))) if field else ""  # outside_links: online 或 drop
        return f"“{err.get('input')}”不是允许的取值{'：写 ' + allowed if allowed else ''}。{fix('K001')}"
    shape = "列表" if "list" in kind else "下一行起缩进写的“字段: 值”" if kind in ("model_type", "dict_type") else "文字"
    return f"{format_loc(tuple(err['loc']))} 的写法不对（应为{shape}）。{fix('K001')}"


# How many unknown ids get a "did you mean".
GUESSES = 20


def resolve(spec: PackFile, published: list, report: Report, line_of, shown: str) -> tuple[list[str], list[Problem]]:
    """Profile ids the pack selects, in library order; problems for selectors that match nothing."""
    vocab = report.vocab
    problems: list[Problem] = []
    by_id = {m.id: m for m in published}
    drafts = {m.id for m in _all_listed(report) if m.status == "draft"}

    def unknown(loc: tuple, detail: str, how: str) -> None:
        problems.append(Problem(shown, line_of(loc), "K002", format_loc(loc), f"{detail}。{how}"))

    for i, name in enumerate(spec.select.practices):
        if name not in vocab.practice_by_name:
            unknown(("select", "practices", i), f"做法“{name}”不在词表中", _practice_hint(vocab, name))
    for i, region in enumerate(spec.select.regions):
        if not any(_in_region(m, region) for m in published):
            unknown(("select", "regions", i), f"没有已发布的案例位于“{region}”", _region_hint(region, published))
    guesses, known = GUESSES, list(by_id)
    for key in ("ids", "exclude"):
        for i, ref in enumerate(getattr(spec, key)):
            if ref in drafts:
                if key == "ids":  # a draft left out is no harm: exclude may name it
                    unknown((key, i), f"案例“{ref}”还是草稿", "草稿不进课包：发布它（status: published），或从 ids 中删去")
            elif ref not in by_id:
                # Ids of one place share their first words, so only a near-exact one is a
                # likely typo; each guess compares with every id (25 ms at 10,000): a few only.
                close = difflib.get_close_matches(ref, known, n=1, cutoff=0.85) if guesses > 0 else []
                guesses -= 1
                guess = f"是不是“{close[0]}”？" if close else ""
                unknown((key, i), f"案例“{ref}”不存在", f"{guess}写案例的 id，即 profiles/ 下的文件名（不带 .md）")
    if problems:
        return [], problems

    sel = spec.select
    has_filter = bool(sel.practices or sel.regions or sel.years)
    chosen = []
    for model in published:
        picked = model.id in spec.ids or (has_filter and _matches(model, sel))
        if picked and model.id not in spec.exclude:
            chosen.append(model)
    chosen.sort(key=lambda m: (tuple(-x for x in m.date.sort_key()), m.title))  # as Library orders them
    return [m.id for m in chosen], []


def _practice_hint(vocab, name: str) -> str:
    """The practice a name not in the vocabulary most likely means: a synonym's name, the
    Simplified form of a Traditional one (紅色物業), or the closest names."""
    simplified = to_simplified(name)
    for written in dict.fromkeys((name, simplified)):
        if written in vocab.practice_by_name:
            return f"写成简体：“{written}”"
        canonical = vocab.practice_by_synonym.get(written)
        if canonical:
            return f"写规范名称“{canonical.name}”"
    close = vocab.closest_practices(simplified)
    guess = f"是不是“{'”“'.join(close)}”？" if close else ""
    return f"{guess}做法名称要与 data/practices.yml 中的一致"


def _path(region) -> tuple[str | None, ...]:
    """A region's levels as a selector names them (a level the profile leaves out is None)."""
    return (region.province, region.city, region.district, region.street, region.community)


def _parts(selector: str) -> tuple[str, ...]:
    """A selector's levels: 福建省/福州市, with a full-width slash or spaces too."""
    return tuple(part for part in (p.strip() for p in selector.replace("／", "/").split("/")) if part)


def _region_hint(selector: str, published: list) -> str:
    """What to write for a region no published profile lies in: the full paths the
    selector most likely means, level by level from the province (山东/济南 → 山东省/济南市,
    Traditional names as Simplified); where it goes astray below a level that has profiles,
    what that level holds; else the full paths of a city or county named alone (福州 →
    福建省/福州市), else the provinces that have profiles."""
    parts = [to_simplified(p) for p in _parts(selector)]
    paths = {_path(m.region) for m in published}
    if not parts:
        return "地区不能空着：写 省、省/市 或 省/市/区县，用全称"

    def fits(name: str | None, part: str) -> bool:  # 山东 is 山东省 and 福州 福州市, 东 is nothing
        return bool(name) and (name == part or len(part) >= 2 and name.startswith(part))

    def under(prefixes: set[tuple], depth: int) -> list[str]:
        return sorted({p[depth] for p in paths if p[:depth] in prefixes and p[depth]})

    def listed(names: list[str]) -> str:
        return "、".join(names[:8]) + ("等" if len(names) > 8 else "")

    def deeper(prefixes: set[tuple], depth: int, part: str) -> list[str]:
        """Full paths to `part` named below its level: 福建省/福清市 → 福建省/福州市/福清市."""
        return sorted({"/".join(p[:d + 1]) for p in paths if p[:depth] in prefixes
                       for d in range(depth + 1, len(p)) if fits(p[d], part) and all(p[:d])})  # no street: no path

    found: set[tuple] = {()}
    for depth, part in enumerate(parts[:5]):
        step = {p[:depth + 1] for p in paths if p[:depth] in found and fits(p[depth], part)}
        if not step:
            missed = deeper(found, depth, part)
            if missed:
                return f"要写从省开始的完整路径，如“{'”“'.join(missed[:3])}”"
            if depth == 0:
                break
            there = "”“".join("/".join(p) for p in sorted(found)[:3])
            return f"“{there}”下有已发布案例的是：{listed(under(found, depth))}。地区用全称，从省写起"
        found = step
    else:
        if found != {()}:
            return f"是不是“{'”“'.join('/'.join(p) for p in sorted(found)[:3])}”？地区用全称，从省写起"
    provinces = under({()}, 0)
    return f"有已发布案例的省级行政区：{listed(provinces)}。地区写成 省、省/市 或 省/市/区县，用全称" if provinces else fix("K002")


def _matches(model, sel: Selection) -> bool:
    if sel.practices and not set(sel.practices) & set(model.practices):
        return False
    if sel.regions and not any(_in_region(model, r) for r in sel.regions):
        return False
    if sel.years:
        year = _year(model)
        year = "unknown" if year is None else year
        if year not in sel.years:
            return False
    return True


def _in_region(model, selector: str) -> bool:
    parts = _parts(selector)
    return bool(parts) and _path(model.region)[:len(parts)] == parts


class PackExists(Exception):
    def __init__(self, path: Path) -> None:
        self.path = path


def create(project: Project, name: str, definition: dict[str, Any], report: Report) -> tuple[Pack | None, list[Problem]]:
    """Write packs/<name>.yml from `definition` (PackFile's fields), only if it is a
    valid pack that selects something; never overwrites. The text is checked as a
    file of its final name in a scratch folder, and written to packs/ only if it passes."""
    import tempfile

    target = project.packs_dir / f"{name}.yml"
    if target.exists():
        raise PackExists(target)
    if not NAME_RE.match(name):
        return None, [Problem(project.rel(target), 1, "K001", "", f"课包名“{name}”只能用小写字母、数字和连字符。{fix('K001')}")]
    if name == ALL:  # make bundle PACK=all is the whole library: a file of that name would never be read
        return None, [Problem(project.rel(target), 1, "K001", "",
                              f"课包名“{ALL}”留给整个案例库的离线包（make bundle PACK={ALL}）。换一个课包名，如 {ALL}-2027")]

    def kept(mapping: dict) -> dict:
        out = {k: kept(v) if isinstance(v, dict) else v for k, v in mapping.items()}
        return {k: v for k, v in out.items() if v not in (None, [], {})}

    text = f"# 课包：{definition.get('title', '')}。重建：make bundle PACK={name}\n" + yamlio.dump(kept(definition))
    with tempfile.TemporaryDirectory() as scratch:
        draft = Path(scratch) / f"{name}.yml"
        draft.write_text(text, encoding="utf-8")
        pack, problems = load_pack(project, str(draft), report)
    if pack is None:  # lines point into a file that was not written: the caller names the options instead
        return None, problems
    project.packs_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    pack.path = target
    return pack, []
