"""Reading one profile file: front matter (with line numbers) and body."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
from frontmatter.default_handlers import YAMLHandler

from ..paths import os_error
from . import yamlio
from .problems import Problem
from .schema import FIELD_ORDER, NESTED_ORDER
from .yamlio import CONTROL_RE, Path_

BOM = "\ufeff"
MAX_BYTES = 1_000_000  # the longest profile today is 9 KB
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/profile.schema.json"


class ProfileHandler(YAMLHandler):
    """python-frontmatter's YAML handler, exact about boundaries and canonical on export.

    Its default boundary `^-{3,}\\s*$` lets `\\s*` run on into the next line, which
    swallows the blank line after the closing `---`: harmless for reading, but a
    rewrite would then lose it. Only spaces and tabs may follow the dashes here.
    """

    FM_BOUNDARY = re.compile(r"^-{3,}[ \t]*\r?$", re.MULTILINE)

    def __init__(self, head: str | None = SCHEMA_LINE):
        super().__init__()
        self.head = head

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        text = yamlio.dump(metadata).rstrip("\n")
        return f"{self.head}\n{text}" if self.head else text


HANDLER = ProfileHandler()
BOUNDARY = HANDLER.FM_BOUNDARY


def dumps(data: dict, body: str, head: str | None = SCHEMA_LINE) -> str:
    """A whole profile file: front matter in the order given, one blank line (python-frontmatter's
    layout, and ours), then the body."""
    post = frontmatter.Post(body.strip("\n"), **data)
    return frontmatter.dumps(post, handler=ProfileHandler(head)) + "\n"


def canonical(data: dict[str, Any]) -> dict[str, Any]:
    """Fields in schema order, nested ones too; unknown fields kept, after the known ones."""
    def order(mapping: dict, keys: list[str]) -> dict:
        known = {k: mapping[k] for k in keys if k in mapping}
        return {**known, **{k: v for k, v in mapping.items() if k not in known}}

    out = order(data, FIELD_ORDER)
    for key, keys in NESTED_ORDER.items():
        value = out.get(key)
        if isinstance(value, dict):
            out[key] = order(value, keys)
        elif isinstance(value, list):
            out[key] = [order(item, keys) if isinstance(item, dict) else item for item in value]
    return out


@dataclass
class ProfileDoc:
    path: Path
    shown: str                      # the path as messages print it
    text: str = ""
    data: dict[str, Any] | None = None
    yaml: yamlio.Loaded | None = None
    front: str = ""                 # the front matter text, boundaries excluded
    body: str = ""
    body_line: int = 1              # file line of the body's first line
    problems: list[Problem] = field(default_factory=list)
    oversized: bool = False         # a line or paragraph over the caps (P028)
    todos: int = 0                  # "TODO"s left in the file (a draft's to-do list)
    memo: dict[str, Any] = field(default_factory=dict)  # what the checks compute once per file
    digest: str = ""                # of the bytes read (stored.py): "" where none were

    @property
    def stem(self) -> str:
        return self.path.stem

    def line_of(self, loc: Path_) -> int:
        return self.yaml.line_of(loc) if self.yaml else 1

    def problem(self, code: str, loc: Path_ | int, message: str) -> Problem:
        line = loc if isinstance(loc, int) else self.line_of(loc)
        shown_field = "" if isinstance(loc, int) else format_loc(loc)
        return Problem(self.shown, line, code, shown_field, message)


def format_loc(loc: Path_) -> str:
    """("metrics", 0, "quote") → metrics[0].quote"""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


BINARY = "文件不是文本（含有二进制内容，也许是 Word、图片或压缩包）。案例要用纯文本的 Markdown 写：在编辑器中新建 .md 文件"
UTF16 = "文件是 UTF-16 编码（Windows 记事本所说的“Unicode”）。请在编辑器中另存为 UTF-8"


def _utf16(raw: bytes) -> bool:
    """Text saved as UTF-16: a byte-order mark, or a profile's opening line when read so."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            if raw[:64].decode(encoding, errors="strict").lstrip("\ufeff").startswith("---"):
                return True
        except UnicodeDecodeError:
            continue
    return False


def read(path: Path, shown: str | None = None) -> ProfileDoc:
    doc = ProfileDoc(path=path, shown=shown or str(path))
    if path.is_symlink():
        # A link may point anywhere on the builder's disk: its text would be published.
        doc.problems.append(doc.problem("P001", 1, "文件是符号链接：profiles/ 下只能放案例文件本身，请换成真正的文件"))
        return doc
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            doc.problems.append(doc.problem(
                "P028", 1, f"文件有 {size / 1e6:.1f} MB，超过 {MAX_BYTES // 1_000_000} MB 的上限。{_fix('P028')}"))
            return doc
        raw = path.read_bytes()
    except OSError as exc:
        doc.problems.append(doc.problem("P001", 1, f"无法读取文件（{os_error(exc)}）。{_fix('P001')}"))
        return doc
    doc.digest = digest(raw)
    # A Word file, an image or an archive has NUL bytes all over; a text file at most a
    # stray one (P030 then says which line).
    if raw[:8192].count(b"\0") >= 4:
        doc.problems.append(doc.problem("P001", 1, UTF16 if _utf16(raw) else BINARY))
        return doc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if b"\0" in raw[:8192]:
            why = BINARY
        else:
            try:
                raw.decode("gb18030")
                why = "文件不是 UTF-8 编码（看来是 GBK）。请在编辑器中另存为 UTF-8"
            except UnicodeDecodeError:
                why = "文件不是 UTF-8 编码。请在编辑器中另存为 UTF-8"
        doc.problems.append(doc.problem("P001", line, why))
        return doc
    return parse(doc, text.removeprefix(BOM))


def digest(raw: bytes) -> str:
    """What a file's check result is kept under (stored.py)."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def parse(doc: ProfileDoc, text: str) -> ProfileDoc:
    if CONTROL_RE.search(text):
        for number, line in enumerate(text.split("\n"), 1):
            found = sorted({f"U+{ord(c):04X}" for c in CONTROL_RE.findall(line)})
            if found:
                doc.problems.append(doc.problem("P030", number, f"这一行有看不见的字符 {'、'.join(found)}。{_fix('P030')}"))
        text = CONTROL_RE.sub("", text)  # checked once, then out of the way of every other check
    doc.text = text
    doc.todos = text.count("TODO")
    _check_sizes(doc, text)
    bounds = list(BOUNDARY.finditer(text))
    if not bounds or bounds[0].start() != 0 or len(bounds) < 2:
        doc.problems.append(doc.problem("P001", 1, "文件没有以 --- 开头并以 --- 结束的 front matter。" + _fix("P001")))
        doc.body = text
        return doc
    first, second = bounds[0], bounds[1]
    doc.front = text[first.end() + 1 : second.start()]
    doc.body = text[second.end() + 1 :]
    doc.body_line = text[: second.end()].count("\n") + 2
    try:
        doc.yaml = yamlio.load(doc.front, first_line=2)
    except yamlio.YamlError as exc:
        code = "P027" if exc.alias else "P002"
        doc.problems.append(doc.problem(code, exc.line, exc.message + "。" + _fix(code)))
        return doc
    for loc, line in doc.yaml.duplicate_keys:
        doc.problems.append(Problem(doc.shown, line, "P022", format_loc(loc),
                                    f"字段“{loc[-1]}”重复出现，只有最后一处生效。" + _fix("P022")))
    if not isinstance(doc.yaml.data, dict):
        doc.problems.append(doc.problem("P001", 2, "front matter 应由“字段: 值”组成。" + _fix("P001")))
        return doc
    doc.data = doc.yaml.data
    return doc


MAX_LINE = 3_000        # characters; the longest line of a profile today has 400
MAX_PARAGRAPH = 10_000  # characters between blank lines
# What Markdown and the markup check spend time on, not only size (an attacker's review: a
# paragraph of "[" is quadratic in Python-Markdown, 16 min for 1 MB; 165,000 headings took
# 4.4 GB; reference definitions are read with every block). Today's 25 profiles: no "[",
# at most 7 headings, no block with markup characters, no reference definitions.
MAX_COUNTS = (("[", 2_000, "个“[”"), ("\n#", 300, "个小节标题"), ("]:", 200, "个链接定义"))
MAX_MARKUP_BLOCKS = 1_000   # blocks with < & [ {: each is rendered on its own to find its line


def _check_sizes(doc: ProfileDoc, text: str) -> None:
    for needle, cap, what in MAX_COUNTS:
        if text.count(needle) > cap:
            doc.oversized = True
            doc.problems.append(doc.problem("P028", 1, f"正文中有 {text.count(needle):,} {what}，超过 {cap:,} 的上限。{_fix('P028')}"))
    if sum(1 for block in text.split("\n\n") if any(c in block for c in "<&[{")) > MAX_MARKUP_BLOCKS:
        doc.oversized = True
        doc.problems.append(doc.problem("P028", 1, f"正文中有超过 {MAX_MARKUP_BLOCKS:,} 段带有 < & [ {{ 的文字。{_fix('P028')}"))
    if len(text) <= min(MAX_LINE, MAX_PARAGRAPH):
        return  # no line or paragraph is longer than the whole text: every profile today
    paragraph, start = 0, 1
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE:
            doc.oversized = True
            doc.problems.append(doc.problem("P028", number, f"这一行有 {len(line):,} 字，超过 {MAX_LINE:,} 字的上限：分成几段。{_fix('P028')}"))
        paragraph, start = (0, number + 1) if not line.strip() else (paragraph + len(line), start)
        if paragraph > MAX_PARAGRAPH and not doc.oversized:
            doc.oversized = True
            doc.problems.append(doc.problem("P028", start, f"这一段超过 {MAX_PARAGRAPH:,} 字：分成几段。{_fix('P028')}"))


def _fix(code: str) -> str:
    from .codes import fix

    return fix(code)
