"""The controlled vocabularies kept as data: practices, units, provinces, and
the words the search indexer must keep whole.

They are validated when loaded, with the same `path:line: CODE` messages as
profiles, because contributors edit them in the same pull requests.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import yamlio
from .codes import fix
from .markup import explain_field
from .problems import Problem

SLUG_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# A slug names a page folder (practices/<slug>/, regions/<slug>/): "index" would be written
# over the listing of them all.
RESERVED_SLUGS = frozenset({"index"})


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Practice(_Entry):
    name: str = Field(min_length=2)
    slug: str = Field(pattern=SLUG_RE)
    definition: str = Field(min_length=10)
    synonyms: list[str] = []


class Unit(_Entry):
    name: str = Field(min_length=1)
    kind: str
    note: str | None = None


class Province(_Entry):
    name: str
    short: str
    kind: str
    code: str = Field(pattern=r"^\d{2}$")
    slug: str = Field(pattern=SLUG_RE)


class SearchTerm(_Entry):
    term: str = Field(min_length=2, pattern=r"^\S+$")
    note: str | None = None


class Licence(_Entry):
    """The content licence (data/licence.yml), shown in the site footer, the
    handout and the open-data downloads. One mapping, not a list."""

    name: str = Field(min_length=2)
    spdx: str = Field(pattern=r"^[A-Za-z0-9.+-]+$")
    title: str
    url: str = Field(pattern=r"^https://[^\s<>\"'`]+$")
    legal_url: str = Field(pattern=r"^https://[^\s<>\"'`]+$")
    file: str
    attribution: str
    excludes: str | None = None


@dataclass
class Vocabulary:
    practices: list[Practice]
    units: list[Unit]
    provinces: list[Province]
    search_terms: list[SearchTerm] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    licence: Licence | None = None  # None: the library states no content licence (a fork removed the file)

    @cached_property
    def practice_by_name(self) -> dict[str, Practice]:
        return {p.name: p for p in self.practices}

    @cached_property
    def practice_by_synonym(self) -> dict[str, Practice]:
        return {s: p for p in self.practices for s in p.synonyms}

    @cached_property
    def unit_names(self) -> list[str]:
        return [u.name for u in self.units]

    @cached_property
    def province_by_name(self) -> dict[str, Province]:
        return {p.name: p for p in self.provinces}

    @cached_property
    def province_by_short(self) -> dict[str, Province]:
        return {p.short: p for p in self.provinces}

    def closest_practices(self, text: str, n: int = 3) -> list[str]:
        """Names (not synonyms) closest to `text`, for “did you mean”."""
        candidates = {p.name: p.name for p in self.practices}
        candidates.update({s: p.name for p in self.practices for s in p.synonyms})
        hits = difflib.get_close_matches(text, list(candidates), n=n * 2, cutoff=0.4)
        names: list[str] = []
        for hit in hits:
            if candidates[hit] not in names:
                names.append(candidates[hit])
        return names[:n]

    def closest_units(self, text: str) -> list[str]:
        return difflib.get_close_matches(text, self.unit_names, n=3, cutoff=0.3)


FILES = {"practices": ("practices.yml", Practice), "units": ("units.yml", Unit), "provinces": ("provinces.yml", Province),
         "search_terms": ("search_terms.yml", SearchTerm)}


def load(data_dir: Path, *, rel=lambda p: str(p)) -> Vocabulary:
    loaded: dict[str, list] = {}
    problems: list[Problem] = []
    for key, (filename, model) in FILES.items():
        path = data_dir / filename
        entries, file_problems = _load_list(path, model, rel(path))
        loaded[key] = entries
        problems.extend(file_problems)
    licence, licence_problems = _load_licence(data_dir / LICENCE_FILE, rel(data_dir / LICENCE_FILE))
    problems.extend(licence_problems)
    vocab = Vocabulary(**loaded, problems=problems, licence=licence)
    for key in UNIQUE:
        path = data_dir / FILES[key][0]
        problems.extend(_clashes(vocab, key, rel(path), path))
    return vocab


LICENCE_FILE = "licence.yml"


def _load_licence(path: Path, shown: str) -> tuple[Licence | None, list[Problem]]:
    if not path.is_file():
        return None, []
    entries, problems = _load_list(path, Licence, shown, mapping=True)
    return (entries[0] if entries else None), problems


def _load_list(path: Path, model: type[BaseModel], shown: str, *, mapping: bool = False) -> tuple[list, list[Problem]]:
    """`mapping`: the file is one entry (a mapping), not a list of them."""
    try:
        doc = yamlio.load_file(path)
    except yamlio.YamlError as exc:
        return [], [Problem(shown, exc.line, "V001", "", f"{exc.message}。{fix('V001')}")]
    if mapping and not isinstance(doc.data, dict):
        return [], [Problem(shown, 1, "V001", "", "这个文件应是一组“字段: 值”。" + fix("V001"))]
    if not mapping and not isinstance(doc.data, list):
        return [], [Problem(shown, 1, "V001", "", "词表文件应是一个列表，每项以“- ”开头。" + fix("V001"))]
    entries, problems = [], []
    # A mapping's fields sit at the top of the document: no index in their location.
    located = (lambda index, *rest: rest) if mapping else (lambda index, *rest: (index, *rest))
    for index, raw in enumerate([doc.data] if mapping else doc.data):
        for key, text in (raw.items() if isinstance(raw, dict) else []):
            for i, item in enumerate(text if isinstance(text, list) else [text]):
                for _, what in explain_field(item) if isinstance(item, str) else []:
                    loc = located(index, key, i) if isinstance(text, list) else located(index, key)
                    problems.append(Problem(shown, doc.line_of(loc), "V001", key,
                                            f"有{what}：词表会原样显示在页面上，只写纯文字。{fix('V001')}"))
        try:
            entries.append(model.model_validate(raw))
        except ValidationError as exc:
            for err in exc.errors():
                loc = located(index, *err["loc"])
                where = ".".join(str(x) for x in err["loc"]) or f"[{index}]"
                problems.append(Problem(shown, doc.line_of(loc), "V001", where, f"{_plain(err)}。{fix('V001')}"))
    return entries, problems


def _plain(err: dict) -> str:
    kind = err["type"]
    if kind == "missing":
        return "缺少该字段"
    if kind == "extra_forbidden":
        return "未知字段"
    if kind == "string_pattern_mismatch" and err["loc"][-1:] == ("term",):
        return "词语中不能有空格：一个词写一项"
    if kind == "string_pattern_mismatch" and err["loc"][-1:] in (("url",), ("legal_url",)):
        return "网址应以 https:// 开头，不含空格和引号"
    if kind == "string_pattern_mismatch" and err["loc"][-1:] == ("spdx",):
        return "应是 SPDX 许可标识，例如 CC-BY-4.0"
    if kind == "string_pattern_mismatch":
        return "格式不对：slug 只用小写字母、数字和连字符，code 是两位数字"
    if kind == "string_too_short":
        return "内容太短"
    return f"类型或取值不对（{err['msg']}）"


# What each vocabulary file must hold once, as (field, namespace, value) of an entry. A practice's
# name and synonyms share one namespace: a word means one practice. A second slug would write its
# page over the first's (practices/<slug>/, regions/<slug>/); a second province code would file
# profiles under it.
UNIQUE = {
    "practices": lambda p: [("name", "word", p.name), ("slug", "slug", p.slug), *[("synonyms", "word", s) for s in p.synonyms]],
    "provinces": lambda p: [(kind, kind, getattr(p, kind)) for kind in ("name", "short", "code", "slug")],
}
AREA = {"practices": "做法", "provinces": "地区"}


def _clashes(vocab: Vocabulary, key: str, shown: str, path: Path) -> list[Problem]:
    """Values used twice in one namespace (V002), and slugs a listing page needs (V001)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for entry in getattr(vocab, key):
        for field, space, value in UNIQUE[key](entry):
            if field == "slug" and value in RESERVED_SLUGS:
                problems.append(Problem(shown, _line_of(lines, field, value), "V001", field,
                                        f"slug 不能是“{value}”：它的页面会覆盖全部{AREA[key]}的列表页。{fix('V001')}"))
            if (space, value) in seen:
                problems.append(Problem(shown, _line_of(lines, field, value), "V002", field,
                                        f"“{value}”已用于“{seen[space, value]}”。{fix('V002')}"))
            else:
                seen[space, value] = entry.name
    return problems


def _line_of(lines: list[str], field: str, value: str) -> int:
    """The last line writing `field: value` (quoted or not); else the last with `value` (a synonym in a list)."""
    written = re.compile(rf"(?:^|\s){re.escape(field)}:\s*([\"']?){re.escape(value)}\1\s*(?:#.*)?$")
    for pattern in (written.search, lambda line: value in line):
        hits = [i for i, line in enumerate(lines, 1) if pattern(line)]
        if hits:
            return hits[-1]
    return 1
