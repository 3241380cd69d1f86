"""`casebook check --fix`: rewrite what is safely fixable, report every change.

Safe means the meaning is unchanged and nothing is lost:
- field order (top level and inside region, metrics, sources), unknown fields
  kept after the known ones, never deleted;
- dates written another way (2024/6/28, 2024年6月28日, 2024.6) → 2024-06-28;
- numbers written as text (1,200, １２００, 1.2万 when the unit has no 万) → 1200;
- full-width digits in dates and values;
- a practice's synonym → its name; a province's short name → its full name;
- trailing spaces, Windows line endings, a byte-order mark, the final newline;
- control and invisible formatting characters (zero-width spaces, bidi overrides);
- front matter written another way than the canonical writer writes it
  (extra spaces, quotes, list style): rewritten in the canonical form.

A file that needs none of these is left byte for byte as it is. Front matter
with comments other than the leading editor line is not rewritten (the
comments would be lost); the fixer says so and leaves it.
"""

from __future__ import annotations

import copy
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from ..paths import Project
from ..zh.dates import DateError, PartialDate
from ..zh.numbers import MULTIPLIERS, halfwidth, plain
from . import document, yamlio
from .validate import profile_files
from .vocab import Vocabulary, load

CN_DATE = re.compile(r"^\s*(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*(?:[月/.\-]\s*(\d{1,2})\s*日?)?\s*月?\s*$")
CN_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
NUMBER_TEXT = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([万亿])?\s*$")


def fix_files(project: Project, files: list[Path] | None = None, *, dry_run: bool = False) -> list[str]:
    """Fix the given profiles (default: all); return one line per file changed or skipped."""
    vocab = load(project.data_dir)
    paths = files if files is not None else profile_files(project.profiles_dir)
    report = []
    for path in paths:
        if not path.is_file():
            continue
        changes, new_text, skipped = fix_text(path.read_bytes(), vocab)
        shown = project.rel(path)
        if skipped:
            report.append(f"{shown}: 未修改：{skipped}")
        if new_text is not None and changes:
            if not dry_run:
                _replace(path, new_text)
            verb = "将修改" if dry_run else "已修改"
            report.append(f"{shown}: {verb}：" + "；".join(changes))
    return report


def _replace(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def fix_text(raw: bytes, vocab: Vocabulary) -> tuple[list[str], str | None, str | None]:
    """(changes, new text or None when unchanged, reason the front matter was left alone)."""
    changes: list[str] = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [], None, "文件不是 UTF-8 编码，请先另存为 UTF-8"
    original = text
    if text.startswith(document.BOM):
        text = text[1:]
        changes.append("去掉了文件开头的 BOM")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        changes.append("换行改为 LF")
    if document.CONTROL_RE.search(text):
        text = document.CONTROL_RE.sub("", text)
        changes.append("删除了看不见的控制字符和格式字符")
    doc = document.parse(document.ProfileDoc(path=Path("x.md"), shown="x.md"), text)
    skipped = None
    rewrite: dict | None = None
    head = next((line for line in doc.front.splitlines()[:1] if line.startswith("#")), None)
    if doc.data is not None and not doc.yaml.duplicate_keys:
        comments = _inner_comments(doc.front)
        data = copy.deepcopy(doc.data)
        value_changes = _fix_values(data, vocab)
        ordered = document.canonical(data)
        reordered = _key_paths(ordered) != _key_paths(doc.data)
        front_lines = doc.front.splitlines()[1 if head else 0:]
        trailing = any(line != line.rstrip() for line in front_lines)
        # Spacing, quoting or list style other than the canonical writer's (status:   published).
        restyled = yamlio.dump(ordered) != "".join(f"{line.rstrip()}\n" for line in front_lines)
        if value_changes or reordered:
            if comments:
                skipped = f"front matter 中有注释（第 {', '.join(map(str, comments))} 行），为免丢失未自动修正；请手工修改"
            else:
                rewrite = ordered
                changes += value_changes + (["字段顺序已按规范调整"] if reordered else [])
        elif (trailing or restyled) and not comments:
            rewrite = ordered
            changes += (["去掉了 front matter 的行尾空格"] if trailing else []) + (
                ["front matter 的写法已按规范整理（空格、引号、列表写法）"] if restyled else [])
    body = doc.body
    stripped = "\n".join(line.rstrip() for line in body.split("\n"))
    if stripped != body:
        changes.append("去掉了行尾空格")
        body = stripped
    if doc.data is None:
        new = text if stripped == doc.body else text.replace(doc.body, body)
    elif rewrite is not None:
        new = document.dumps(rewrite, body.rstrip("\n"), head)
    else:
        new = f"---\n{doc.front}---\n{body}"
    if not new.endswith("\n"):
        new += "\n"
        changes.append("文件末尾补上换行")
    elif new.endswith("\n\n") and doc.data is not None and rewrite is None:
        new = new.rstrip("\n") + "\n"
        changes.append("去掉了文件末尾多余的空行")
    return (changes, new, skipped) if new != original else ([], None, skipped)


def _inner_comments(front: str) -> list[int]:
    """Lines (1-based, in the file) with comments other than the leading editor line."""
    found = []
    for index, line in enumerate(front.splitlines()):
        stripped = line.lstrip()
        if index == 0 and stripped.startswith("#"):
            continue
        if stripped.startswith("#") or re.search(r"\s#\s", line):
            found.append(index + 2)
    return found


def _key_paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path in order: two mappings with equal paths are in the same order."""
    paths = []
    if isinstance(value, dict):
        for key, item in value.items():
            paths.append(prefix + (key,))
            paths += _key_paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths += _key_paths(item, prefix + (index,))
    return paths


def _fix_values(data: dict, vocab: Vocabulary) -> list[str]:
    changes: list[str] = []
    if "date" in data:
        changes += _fix_date(data, "date", "date")
    for index, source in enumerate(data.get("sources") or []):
        if isinstance(source, dict) and "published" in source:
            changes += _fix_date(source, "published", f"sources[{index}].published")
    for index, metric in enumerate(data.get("metrics") or []):
        if isinstance(metric, dict) and "value" in metric:
            changes += _fix_number(metric, index)
    practices = data.get("practices")
    if isinstance(practices, list):
        for index, name in enumerate(practices):
            if isinstance(name, str) and name.strip() in vocab.practice_by_synonym:
                canonical = vocab.practice_by_synonym[name.strip()].name
                practices[index] = canonical
                changes.append(f"practices[{index}] “{name}” → “{canonical}”")
    region = data.get("region")
    if isinstance(region, dict) and isinstance(region.get("province"), str):
        province = region["province"].strip()
        if province not in vocab.province_by_name:
            full = vocab.province_by_short.get(province.rstrip("省市"))
            if full:
                region["province"] = full.name
                changes.append(f"region.province “{province}” → “{full.name}”")
    _strip_strings(data, changes)
    return changes


def _fix_date(holder: dict, key: str, shown: str) -> list[str]:
    value = holder[key]
    if isinstance(value, int) and not isinstance(value, bool):
        return []
    if not isinstance(value, str):
        return []
    text = halfwidth(value).strip()
    try:
        parsed = PartialDate.parse(text)
    except DateError:
        parsed = None
        match = CN_DATE.match(text)
        month_day = CN_MONTH_DAY.match(text)
        try:
            if match:
                year, month, day = match.groups()
                parsed = PartialDate.parse(f"{int(year):04d}-{int(month):02d}" + (f"-{int(day):02d}" if day else ""))
            elif month_day:
                parsed = PartialDate.parse(f"--{int(month_day.group(1)):02d}-{int(month_day.group(2)):02d}")
        except DateError:
            parsed = None
    if parsed is None or str(parsed) == value:
        return []
    holder[key] = int(str(parsed)) if parsed.precision == "year" else str(parsed)
    return [f"{shown} “{value}” → “{holder[key]}”"]


def _fix_number(metric: dict, index: int) -> list[str]:
    value = metric["value"]
    if not isinstance(value, str):
        return []
    match = NUMBER_TEXT.match(halfwidth(value))
    if not match:
        return []
    number = float(match.group(1).replace(",", ""))
    multiplier = match.group(2)
    unit = metric.get("unit") if isinstance(metric.get("unit"), str) else ""
    if multiplier:
        if unit.startswith(multiplier):
            return []  # 15亿 with unit 亿元: ambiguous, leave it to a person
        number *= MULTIPLIERS[multiplier]
    metric["value"] = plain(number)
    return [f"metrics[{index}].value “{value}” → {metric['value']}"]


def _strip_strings(value: Any, changes: list[str], path: str = "") -> None:
    """Trailing and leading spaces in values (the schema strips them; the file should agree)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and item != item.strip():
                value[key] = item.strip()
                changes.append(f"{path}{key} 去掉了首尾空格")
            else:
                _strip_strings(item, changes, f"{path}{key}.")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str) and item != item.strip():
                value[index] = item.strip()
                changes.append(f"{path.rstrip('.')}[{index}] 去掉了首尾空格")
            else:
                _strip_strings(item, changes, f"{path.rstrip('.')}[{index}].")
