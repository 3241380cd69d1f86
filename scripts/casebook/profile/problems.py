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
    shown = "，".join(f"{path} {n} 处" for path, n in sorted(left.items())[:5])
    more = f"等 {len(left)} 个文件" if len(left) > 5 else ""
    return (line + f"草稿还没有写完：还有 {sum(left.values())} 处 TODO（{shown}{more}）。"
            "按文末“待办”逐条完成并删去该节，再把 status 改为 published。")
