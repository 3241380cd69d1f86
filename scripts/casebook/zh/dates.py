"""Dates that may lack a day, a month, or a year.

News sources often give 2月21日 without a year, or only a month. We keep what
the source says and no more: ``2024-06-28``, ``2024-06``, ``2024`` or
``--02-21`` (ISO 8601's month-day form). ``TODO`` is a placeholder that only a
draft may carry.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^--(\d{2})-(\d{2})$"), "month-day"),
]

FORMATS = "YYYY-MM-DD、YYYY-MM、YYYY，或无年份时的 --MM-DD"
TODO = "TODO"


class DateError(ValueError):
    pass


# What a YAML value that is no date is, in the message that says so.
SHAPES = {list: "列表", dict: "“字段: 值”的映射", float: "数字", type(None): "空值"}


@dataclass(frozen=True, order=False)
class PartialDate:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    todo: bool = False

    @classmethod
    def parse(cls, value: object) -> "PartialDate":
        if isinstance(value, bool):
            raise DateError("日期不能是 true/false")
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, (_dt.date, _dt.datetime)):
            value = value.strftime("%Y-%m-%d")
        if not isinstance(value, str):
            shape = SHAPES.get(type(value), "这种值")
            raise DateError(f"日期应是一个 2024-06-28 这样的日期，而不是{shape}")
        text = value.strip()
        if text == TODO:
            return cls(todo=True)
        for pattern, precision in _PATTERNS:
            match = pattern.match(text)
            if not match:
                continue
            parts = [int(x) for x in match.groups()]
            if precision == "month-day":
                year, month, day = None, *parts
            else:
                year, month, day = (parts + [None, None])[:3]
            return cls._checked(year, month, day)
        raise DateError(f"“{text}”不是可识别的日期")

    @classmethod
    def _checked(cls, year: int | None, month: int | None, day: int | None) -> "PartialDate":
        if year is not None and not 1900 <= year <= 2100:
            raise DateError(f"年份 {year} 不在 1900–2100 之间")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"月份 {month} 不存在")
        if day is not None:
            try:
                # 2000 is a leap year, so --02-29 passes when the year is unknown.
                _dt.date(year or 2000, month or 1, day)
            except ValueError:
                raise DateError(f"{month} 月没有 {day} 日") from None
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        if self.todo:
            return "todo"
        if self.year is None:
            return "month-day"
        return "day" if self.day else "month" if self.month else "year"

    def __str__(self) -> str:
        if self.todo:
            return TODO
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def display(self) -> str:
        """Chinese reading form: 2024年6月28日, 2024年6月, 2024年, 2月21日（年份不详）."""
        if self.todo:
            return "日期待补"
        if self.year is None:
            return f"{self.month}月{self.day}日（年份不详）"
        text = f"{self.year}年"
        if self.month:
            text += f"{self.month}月"
        if self.day:
            text += f"{self.day}日"
        return text

    def sort_key(self) -> tuple[int, int, int]:
        """Newest first when sorted in reverse; unknown years sort last."""
        return (self.year or 0, self.month or 0, self.day or 0)

    def iso(self) -> str | None:
        """A full ISO date when the day is known, for machine-readable markup."""
        return str(self) if self.precision == "day" else None
