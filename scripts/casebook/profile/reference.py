"""Generated reference files, committed and checked for staleness in CI:

  schema/profile.schema.json   JSON Schema for editors (from schema.py + data/)
  docs/reference/schema.md     the field reference (from the same JSON Schema)
  docs/reference/errors.md     the problem code table (from codes.py)
  .github/pull_request_template.md   the PR checklist, mirroring the same table

`casebook docs` writes them; `casebook docs --check` fails when one is stale.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import templating
from ..paths import Project
from . import vocab as vocab_mod
from .codes import CODES
from .schema import BODY_SECTION_HINTS, BODY_SECTIONS, json_schema

MODELS = [("Profile", "案例（front matter 顶层）", None), ("Region", "region：地区", "region"),
          ("Metric", "metrics 的每一项：指标", "metrics"), ("Source", "sources 的每一项：来源", "sources")]


@dataclass(frozen=True)
class Row:
    name: str
    type: str
    required: str
    description: str
    examples: str


def generated(project: Project) -> dict[Path, str]:
    vocab = vocab_mod.load(project.data_dir, rel=project.rel)
    schema = json_schema([p.name for p in vocab.practices], vocab.unit_names, [p.name for p in vocab.provinces])
    env = templating.environment(Path(__file__).parent / "templates")
    tables = [(title, anchor, _rows(schema, name)) for name, title, anchor in MODELS]
    return {
        project.schema_file: json.dumps(schema, ensure_ascii=False, indent=2) + "\n",
        project.docs_dir / "reference" / "schema.md": env.get_template("reference_schema.md.j2").render(
            tables=tables, vocab=vocab, sections=[(s, BODY_SECTION_HINTS[s]) for s in BODY_SECTIONS]),
        project.docs_dir / "reference" / "errors.md": env.get_template("reference_errors.md.j2").render(
            codes=list(CODES.values())),
        project.root / ".github" / "pull_request_template.md": env.get_template(
            "pull_request_template.md.j2").render(codes=list(CODES.values())),
    }


def write(project: Project) -> list[Path]:
    changed = []
    for path, text in generated(project).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale(project: Project) -> list[Path]:
    return [path for path, text in generated(project).items()
            if not path.exists() or path.read_text(encoding="utf-8") != text]


def _rows(schema: dict, name: str) -> list[Row]:
    model = schema if name == "Profile" else schema["$defs"][name]
    required = set(model.get("required", []))
    rows = []
    for field, spec in model["properties"].items():
        examples = spec.get("examples") or []
        rows.append(Row(
            name=field,
            type=_type(spec, schema),
            required="必填" if field in required else "可选",
            description=spec.get("description", ""),
            examples="、".join(f"`{json.dumps(e, ensure_ascii=False).strip(chr(34))}`" for e in examples),
        ))
    return rows


def _type(spec: dict[str, Any], root: dict) -> str:
    if "$ref" in spec:
        return "映射（见下表）"
    if "anyOf" in spec and any("--" in s.get("pattern", "") for s in spec["anyOf"]):
        return "日期（见下文“日期”）"
    if "anyOf" in spec:
        kinds = [_type(s, root) for s in spec["anyOf"]]
        nullable = "null" in [s.get("type") for s in spec["anyOf"]]
        kinds = [k for k in kinds if k != "null"]
        text = " 或 ".join(dict.fromkeys(kinds))
        return f"{text}，可写 null" if nullable else text
    if "enum" in spec:
        if len(spec["enum"]) > 6:
            return "文字（取自词表）"
        return "、".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    kind = spec.get("type")
    if kind == "array":
        items = spec.get("items", {})
        if "$ref" in items:
            return "列表，每项是映射（见下表）"
        return f"列表，每项为{_type(items, root)}"
    names = {"string": "文字", "number": "数字", "integer": "整数", "boolean": "`true` 或 `false`", "null": "null"}
    text = names.get(kind, str(kind))
    if kind == "string" and spec.get("pattern"):
        text += "（有格式要求）"
    return text
