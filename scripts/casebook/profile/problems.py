"""One problem found in one file: printed as `path:line: CODE field: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    code: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f" {self.field}" if self.field else ""
        return f"{self.path}:{self.line}: {self.code}{where}: {self.message}"


def summary(problems: list[Problem], files: int) -> str:
    """The last line of a check run."""
    if not problems:
        return f"已检查 {files} 个文件，没有发现问题。"
    paths = len({p.path for p in problems})
    return f"已检查 {files} 个文件：{paths} 个文件共 {len(problems)} 处问题。"
