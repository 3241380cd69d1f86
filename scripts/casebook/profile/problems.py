"""One problem found in one file: printed as `path:line: CODE field: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .yamlio import CONTROL_RE

# A message quotes the contributor's text and the path is a name they chose: a line break in
# either would start a line of its own (in CI, a forged `::error` annotation or
# `::stop-commands::`), an escape code would rewrite a maintainer's terminal, a bidi control
# would reorder what is read. Such characters are shown as escapes (\n, \x1b, \u202e): one
# problem stays one line, and says exactly what is in the file.
_UNPRINTABLE = re.compile(f"[\t\n\r]|{CONTROL_RE.pattern}")   # the invisible characters P030 reports, and line breaks


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    code: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f" {self.field}" if self.field else ""
        return printable(f"{self.path}:{self.line}: {self.code}{where}: {self.message}")


def summary(problems: list[Problem], files: int, drafts: dict[str, int] | None = None) -> str:
    """The last line of a check run. `drafts` maps each checked draft to the TODOs left in it:
    a draft with no problems is not finished, and the line says how much is left."""
    if problems:
        paths = len({p.path for p in problems})
        line = f"已检查 {files} 个文件：{paths} 个文件共 {len(problems)} 处问题。"
    elif drafts:
        line = f"已检查 {files} 个文件，没有格式问题。"
    else:
        return f"已检查 {files} 个文件，没有发现问题。"
    if not drafts:
        return line
    left = {path: n for path, n in drafts.items() if n}
    if not left:
        return line + f"{len(drafts)} 个草稿已没有 TODO：把 status 改为 published，再运行 make check。"
    shown = "，".join(f"{printable(path)} {n} 处" for path, n in sorted(left.items())[:5])
    more = f"等 {len(left)} 个文件" if len(left) > 5 else ""
    return (line + f"草稿还没有写完：还有 {sum(left.values())} 处 TODO（{shown}{more}）。"
            "按文末“待办”逐条完成并删去该节，再把 status 改为 published。")
