"""The pages for contributors (参与贡献, 错误代码, 案例字段), which class packs
leave out: trainees open a pack to read profiles, and these pages would only
stand between them and the profiles, in the tabs, the footer and search.
`prepare` lists them for a pack; the engine glue drops them from the files and
from the navigation."""

from __future__ import annotations

PAGES = ("contributing.md", "reference/schema.md", "reference/errors.md")


def prune_nav(nav: list, drop: set[str]) -> list:
    """`nav` (mkdocs.yml's form: a list of paths, {title: path} and {title: [...]})
    without the entries for `drop`, and without sections left empty."""
    out = []
    for entry in nav:
        if isinstance(entry, str):
            if entry not in drop:
                out.append(entry)
            continue
        if not isinstance(entry, dict):
            out.append(entry)
            continue
        kept = {}
        for title, value in entry.items():
            if isinstance(value, list):
                value = prune_nav(value, drop)
                if not value:
                    continue
            elif isinstance(value, str) and value in drop:
                continue
            kept[title] = value
        if kept:
            out.append(kept)
    return out
