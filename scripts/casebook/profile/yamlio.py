"""YAML that remembers line numbers, and a canonical YAML writer.

Every message we print names a line, so the loader keeps, for each path into
the data (``("metrics", 0, "quote")``), the line it came from. Timestamps are
not resolved: ``2024-06-28`` stays the string the author wrote, because our
dates may also be ``2024-06`` or ``--02-21`` and must be treated alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..paths import os_error

# C0/C1 controls other than tab and newline, zero-width and bidirectional
# formatting characters: invisible in an editor, and able to make text read
# differently from what it says (or stop a YAML parser).
# Characters that do not show, or show as nothing, and can hide or reorder text: controls,
# zero-width and direction marks (U+061C, U+200E …), fillers (U+3164, U+FFA0) and tags (U+E0000–).
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
                        "\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff\U000e0000-\U000e007f]")

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The pure-Python dumper, because only it honours `increase_indent` below;
# speed does not matter for the few files the fixer and the scaffold write.
_BaseDumper = yaml.SafeDumper
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
# The only kinds of value front matter has: text, numbers, yes/no, nothing, lists and
# mappings (a date is text: timestamps are not resolved). Any other tag, written
# (!!binary, !!set, !!python/…, !local) or not, is refused rather than made into a
# value no check looks at (bytes are not text: P026 and P030 would never see them).
_ALLOWED_TAGS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "seq", "map"))

Path_ = tuple[str | int, ...]


def _without_timestamps(resolvers: dict) -> dict:
    return {
        first: [(tag, rx) for tag, rx in entries if tag != _TIMESTAMP]
        for first, entries in resolvers.items()
    }


class Loader(_Base):  # type: ignore[misc, valid-type]
    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201 - PyYAML's signature
        # Most scalars in front matter are Chinese text, which no implicit
        # resolver can match (they key on the first character): skip the search.
        if kind is yaml.ScalarNode and value and _RESOLVER_FIRSTS is not None and value[0] not in _RESOLVER_FIRSTS:
            return _STR
        if kind is yaml.MappingNode:
            return _MAP
        if kind is yaml.SequenceNode:
            return _SEQ
        return super().resolve(kind, value, implicit)


Loader.yaml_implicit_resolvers = _without_timestamps(_Base.yaml_implicit_resolvers)
# None when a resolver applies to every first character: then no shortcut is safe.
_RESOLVER_FIRSTS = (None if None in Loader.yaml_implicit_resolvers
                    else frozenset(Loader.yaml_implicit_resolvers))


class Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent block lists under their key, as people write them by hand.
        super().increase_indent(flow, False)


Dumper.yaml_implicit_resolvers = _without_timestamps(_BaseDumper.yaml_implicit_resolvers)


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    # Short lists of scalars read best inline: `practices: [红色物业, 邻里管家]`.
    flow = bool(data) and all(isinstance(x, (str, int, float, bool)) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


Dumper.add_representer(list, _represent_list)
Dumper.add_representer(str, _represent_str)


@dataclass
class YamlError(Exception):
    line: int  # 1-based line in the file
    message: str
    alias: bool = False  # an anchor or alias, refused rather than a syntax error


ALIAS_MESSAGE = "这里用了 YAML 的锚点（&）或别名（*），本库不接受：别名会被展开，几行就能撑满内存"


@dataclass
class Loaded:
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path_, int]] = field(default_factory=list)

    def line_of(self, path: Path_) -> int:
        """The line of `path`, or of its nearest ancestor present in the file."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


MAX_BYTES = 1_000_000
MAX_DEPTH = 20   # front matter nests four levels; a thousand is an attack on the stack
MAX_DIGITS = 30  # longer digit runs are read as infinite, which the schema refuses (P029)


def load_file(path: Path) -> Loaded:
    """A small YAML data file (a vocabulary, a pack), read with the same limits as
    profiles: a real file, not a link to one elsewhere on the disk; at most 1 MB; UTF-8."""
    if path.is_symlink():
        raise YamlError(1, "文件是符号链接：请换成真正的文件（链接可能指向构建机器上的任何文件）")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlError(1, f"文件有 {size / 1e6:.1f} MB，超过 1 MB 的上限")
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        if found := CONTROL_RE.search(text):
            line = text[:found.start()].count("\n") + 1
            raise YamlError(line, f"这一行有看不见的字符 U+{ord(found.group(0)):04X}，请删除它")
    except OSError as exc:
        raise YamlError(1, f"无法读取文件（{os_error(exc)}）") from None
    except UnicodeDecodeError:
        raise YamlError(1, "文件不是 UTF-8 编码，请在编辑器中另存为 UTF-8") from None
    loaded = load(text)
    for loc, value in _strings(loaded.data):
        if isinstance(value, str) and (found := CONTROL_RE.search(value)):
            raise YamlError(loaded.line_of(loc), f"这里有看不见的字符 U+{ord(found.group(0)):04X}（写成了转义），请删除它")
    return loaded


def _strings(value: Any, loc: Path_ = ()):
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, loc + (index,))


def load(text: str, first_line: int = 1) -> Loaded:
    """Parse one YAML document; `first_line` is the file line of the text's line 1."""
    offset = first_line  # node marks are 0-based
    if "&" in text or "*" in text:
        _refuse_aliases(text, offset)
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(data=None)
        result = Loaded(data=None)
        result.data = _Builder(loader, offset, result).build(node, ())
        return result
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket is only noticed where the text ends; the
        # author needs the line where it was opened, which is the context mark.
        # So is a key without its colon, found only on the next line: the context mark
        # is where that key began.
        opened = exc.context_mark and ("end of stream" in (exc.problem or "")
                                       or "quoted" in (exc.context or "") or "flow" in (exc.context or "")
                                       or exc.context == "while scanning a simple key")
        mark = exc.context_mark if opened else (exc.problem_mark or exc.context_mark)
        line = (mark.line + offset) if mark else offset
        colonless = _colonless_line_before(exc, text)
        if colonless is not None:
            line = colonless + offset
            if FULL_WIDTH_KEY.match(text.split("\n")[colonless]):
                raise YamlError(line, FULL_WIDTH_COLON) from None
            raise YamlError(line, _PROBLEMS["could not find expected ':'"]) from None
        raise YamlError(line, _describe(exc, text)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks
        raise YamlError(offset, str(exc)) from None
    except RecursionError:
        raise YamlError(offset, f"嵌套太深：列表或映射最多嵌套 {MAX_DEPTH} 层") from None
    finally:
        loader.dispose()




def _refuse_aliases(text: str, offset: int) -> None:
    """Anchors and aliases have no use in our files and one abuse: `&a [*b, *b …]`
    nested a few times expands to billions of nodes. The event stream shows them
    without expanding anything."""
    try:
        for event in yaml.parse(text, Loader=_Base):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlError(event.start_mark.line + offset, ALIAS_MESSAGE, alias=True)
    except yaml.YAMLError:
        return  # a syntax error: load() reports it with its own message


class _Builder:
    """Builds the data and the line table in one walk over the node tree.

    Plain strings, lists and mappings (nearly everything in front matter) are
    built here; other scalars and tags go through PyYAML's safe constructor.
    PyYAML's own `construct_document` took 40 % of checking 10,000 profiles.
    """

    def __init__(self, loader: Loader, offset: int, out: Loaded) -> None:
        self.loader, self.offset, self.out = loader, offset, out
        self.open: set[int] = set()  # collections being built: catches `&a [*a]`

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if len(path) > MAX_DEPTH:
            raise YamlError(node.start_mark.line + self.offset, f"嵌套太深：列表或映射最多嵌套 {MAX_DEPTH} 层")
        self.out.lines.setdefault(path, node.start_mark.line + self.offset)
        if node.tag not in _ALLOWED_TAGS:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlError(node.start_mark.line + self.offset,
                            f"不支持 YAML 标记 {shown[:40]}：只能写文字、数字、列表和映射；去掉这个标记，需要时给值加引号")
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            value = node.value
            if node.tag == _INT and value.isdigit() and value.isascii() and (value[0] != "0" or value == "0"):
                return int(value) if len(value) <= MAX_DIGITS else float("inf")  # plain decimal; 012, 0x1f … go to PyYAML
            made = self._construct(node)
            if isinstance(made, int) and not isinstance(made, bool) and abs(made) >= 10 ** MAX_DIGITS:
                return float("inf")  # 0x and 0o numbers too: Python will not print an int of 4,300 digits
            return made
        if id(node) in self.open:
            raise yaml.constructor.ConstructorError(
                None, None, "found recursive alias", node.start_mark)
        if isinstance(node, yaml.MappingNode) and any(k.tag == _MERGE for k, _ in node.value):
            # `<<: {…}` would be built by PyYAML, past every check here (tags, keys, duplicates).
            line = next(k for k, _ in node.value if k.tag == _MERGE).start_mark.line + self.offset
            raise YamlError(line, "不支持 YAML 的合并键“<<”：把要用的字段直接写出来")
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        data: dict = {}
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # `? [1, 2]`: never a field name
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found unhashable key",
                    key_node.start_mark)
            name = key_node.value
            line = key_node.start_mark.line + self.offset
            if name in seen:
                self.out.duplicate_keys.append((path + (name,), line))
                continue
            seen.add(name)
            if key_node.tag != _STR:   # 1:, ~:, yes: are read as a number, null, true: never a field's name
                raise YamlError(line, f"字段名“{name[:20]}”应是文字：改成正确的字段名，或给它加引号")
            key = name
            self.out.lines[path + (name,)] = line
            data[key] = self.build(value_node, path + (name,))
            self.out.lines[path + (name,)] = line  # the key's line, not the value's
        return data

    def _construct(self, node: yaml.Node) -> Any:
        """PyYAML's own constructor, for what is not plain text, lists and mappings. A
        value it cannot make (!!int x, !!bool maybe, 4,400 nines) is the author's error."""
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except (ValueError, KeyError, TypeError, OverflowError, RecursionError):
            raise YamlError(node.start_mark.line + self.offset, f"“{str(getattr(node, 'value', ''))[:20]}”无法按所写的类型读取："
                            "去掉 !! 标记，或给值加引号") from None


# Keys are the starts of libyaml's and PyYAML's problem texts.
_PROBLEMS = {
    "mapping values are not allowed": "这里不能出现“键: 值”：多半是缩进不对，或值里有未加引号的“: ”",
    "could not find expected ':'": "缺少冒号：每个字段应写成“字段名: 值”，冒号后留一个空格",
    "found character that cannot start any token": "这一行以 YAML 不接受的字符开头（常见的是 Tab 缩进、@ 或 `）：缩进请用空格，其他情况给值加引号",
    "found character '\\t' that cannot start any token": "YAML 不允许用 Tab 缩进，请改用空格",
    "found a tab character": "YAML 不允许用 Tab 缩进，请改用空格",
    "did not find expected key": "缩进不一致：同一层的字段应左对齐",
    "did not find expected ',' or ']'": "方括号列表没有闭合：检查是否缺少“]”或逗号",
    "did not find expected ',' or '}'": "花括号没有闭合：检查是否缺少“}”或逗号",
    "found undefined alias": "出现了未定义的别名（*）：若是正文文字，请给值加引号",
    "did not find expected '-' indicator": "列表项缩进不一致：每个“- ”应左对齐",
    "found unexpected end of stream": "文件在引号或括号闭合前就结束了：检查引号是否成对",
    "found unknown escape character": "双引号中有无效的转义（\\）：改用单引号或去掉反斜杠",
    "found duplicate anchor": "出现了重复的锚点（&）：若是正文文字，请给值加引号",
    "found unhashable key": "字段名必须是简单的文字，不能是列表或映射（多半是多写了“?”或方括号）",
    "found recursive alias": "别名（*）引用了包含它自己的锚点（&）：若是正文文字，请给值加引号",
    "expected a comment or a line break": "值后面有多余的内容：若值里含有“#”或引号，请给整个值加引号",
}


FULL_WIDTH_COLON = "这一行用了中文冒号“：”：字段名后面要用英文冒号加一个空格，写成“字段名: 值”"
FULL_WIDTH_KEY = re.compile(r"\s*(- )?[\w.-]+\s*：")  # city：杭州市, not 书记说：好 in a value


def _colonless_line_before(exc: yaml.MarkedYAMLError, text: str) -> int | None:
    """The line of a key written without its colon, where the parser only stumbles on
    the next key (`mapping values are not allowed`): the key that begins the line
    it points at is well formed, and the line above has no colon at all."""
    mark = exc.problem_mark
    if not (exc.problem or "").startswith("mapping values are not allowed") or mark is None:
        return None
    lines = text.split("\n")
    head = lines[mark.line][:mark.column] if mark.line < len(lines) else ""
    if not re.fullmatch(r"\s*[\w.-]+\s*", head):
        return None  # a colon inside a value, or a list item's: the line itself is the one to mend
    content = [i for i in range(mark.line) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    if not content:
        return None
    above, indent = content[-1], _indent(head)
    line = lines[above]
    # The key above is a sibling of the one the parser stopped at (same indentation, no
    # list item), in a mapping that holds keys: at the top, or under a `key:` with no value.
    # A plain value's second line has no colon either, but its parent has a value.
    if ":" in line or line.lstrip().startswith("-") or _indent(line) != indent:
        return None
    parent = next((lines[i] for i in reversed(content[:-1]) if _indent(lines[i]) < indent), None)
    if indent and (parent is None or not re.search(r":\s*(#.*)?$", parent)):
        return None
    return above


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _line_at(text: str, mark) -> str:
    lines = text.split("\n")
    return lines[mark.line] if mark and 0 <= mark.line < len(lines) else ""


def _describe(exc: yaml.MarkedYAMLError, text: str = "") -> str:
    problem = exc.problem or ""
    if problem.startswith("could not find expected ':'") and FULL_WIDTH_KEY.match(_line_at(text, exc.context_mark)):
        return FULL_WIDTH_COLON
    if problem.startswith("did not find expected key") and exc.problem_mark:
        before = _line_at(text, exc.problem_mark)[:exc.problem_mark.column].rstrip()
        if before.endswith(('"', "'")):
            return "引号后面还有文字：引号要包住整个值；值里本身有引号时，外面改用另一种引号（“'”或“\"”）"
    for key, message in _PROBLEMS.items():
        if problem.startswith(key):
            return message
    if "expected" in problem and ("quoted" in (exc.context or "") or "scalar" in (exc.context or "")):
        return "引号没有成对闭合"
    # Not one of the known cases: say where to look, and keep the parser's words for a helper.
    return f"YAML 无法解析：检查这一行和上一行的缩进、冒号和引号（解析器的原话：{problem or exc.context}）"


def dump(data: Any) -> str:
    """YAML for front matter: keys in the order given, Chinese as is, no line wrapping."""
    return yaml.dump(
        data,
        Dumper=Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
        default_flow_style=False,
    )
