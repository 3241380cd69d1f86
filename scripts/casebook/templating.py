"""The Jinja2 environment every stage renders with. Each stage keeps its own
templates beside its code (`site/templates/`, `importer/templates/`,
`profile/templates/`); the settings that make Markdown templates safe and
predictable are set once, here.
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape


class KeptBytecode(BytecodeCache):
    """Compiled templates kept in memory for the life of the process, for every new
    environment. `serve` makes its environments anew on each rebuild (ours in
    prepare, the theme's in the engine), which compiled every template again:
    about 0.3 s of each rebuild. Jinja keys a template by its name and file and
    checks its source's checksum, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.kept.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


KEPT_BYTECODE = KeptBytecode()


def environment(folder: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(folder),
        bytecode_cache=KEPT_BYTECODE,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown templates escape their HTML parts with |e; HTML and XML templates escape everything.
        autoescape=select_autoescape(enabled_extensions=("html.j2", "xml.j2"), default_for_string=False,
                                     default=False),
        extensions=["jinja2.ext.do"],
    )
    # ASCII only: a control or format character (U+202E, U+FFFE) travels as \u escape,
    # never as a raw character that could break the front matter around it.
    env.filters["yaml_str"] = lambda s: json.dumps(str(s), ensure_ascii=True)
    return env
