"""The generated pages as HTML, rendered here in a pool of processes rather than
one by one by the engine.

Markdown conversion was half the time of a build (a new Markdown object per
page included), and MkDocs renders pages in one process. The pages we generate
link with final addresses (render.rel), so they need nothing from the engine
but its theme: each worker keeps one Markdown object with the site's extensions,
converts its share of pages, and sanitises them. The engine glue hands the HTML
and the table of contents to the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..parallel import POOL_FROM, fork_pool, jobs, shares
from ..profile import markup
from . import progress

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
# A block a template wrote as HTML (profile.md.j2): a line "<!-- html -->", the
# HTML, a line "<!-- /html -->". Kept as it is, as Python-Markdown keeps any
# HTML block, but without its HTML parser and inline patterns reading it first:
# those lines took two thirds of a profile page's conversion.
HTML_BLOCK = re.compile(r"^<!-- html -->\n(.*?)\n<!-- /html -->$", re.MULTILINE | re.DOTALL)
HTML_MARKER = re.compile(r"^[ \t]*<!-- /?html -->[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Html:
    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)  # Python-Markdown's toc_tokens


_md = None


def _start(extensions: list, configs: dict) -> None:
    global _md
    import markdown

    _md = markdown.Markdown(extensions=[*extensions, _html_blocks()], extension_configs=configs)


def _html_blocks():
    """The Python-Markdown extension that keeps HTML_BLOCKs."""
    from markdown.extensions import Extension
    from markdown.preprocessors import Preprocessor

    class Keep(Preprocessor):
        def run(self, lines: list[str]) -> list[str]:
            text = HTML_BLOCK.sub(lambda m: f"\n{self.md.htmlStash.store(m.group(1))}\n", "\n".join(lines))
            return text.split("\n")

    class HtmlBlocks(Extension):
        def extendMarkdown(self, md) -> None:
            # After normalize_whitespace (30), which would remove the stash's
            # placeholders; before html_block (20), which would parse the blocks.
            md.preprocessors.register(Keep(md), "casebook_html_blocks", 25)

    return HtmlBlocks()


def _convert(items: list[tuple[str, str]]) -> list[tuple[str, Html]]:
    out = []
    for path, text in items:
        _md.reset()
        html = _md.convert(FRONT_MATTER.sub("", text, count=1))
        out.append((path, Html(markup.clean(html), list(getattr(_md, "toc_tokens", [])))))
    return out


def render_all(pages: dict[str, str], extensions: list, configs: dict, workers: int | None = None) -> dict[str, Html]:
    """{docs path: Html} for `pages` ({docs path: Markdown with front matter})."""
    items = list(pages.items())
    workers = workers or jobs()
    if workers == 1 or len(items) < POOL_FROM:
        _start(extensions, configs)
        converted = dict(_convert(items))
        progress.step(len(items))
        return converted
    # The workers inherit the loaded extensions where they are forked.
    converted = {}
    with fork_pool(workers, initializer=_start, initargs=(extensions, configs)) as pool:
        for chunk in pool.map(_convert, [items[r.start:r.stop] for r in shares(len(items), workers)]):
            converted.update(chunk)
            progress.step(len(chunk))  # the progress line of `casebook build`, if any
    return converted


def take_all(pages: dict[str, str], extensions: list, configs: dict, workers: int | None = None) -> dict[str, Html]:
    """render_all, leaving in `pages` only each page's front matter (its title and
    description), which is all the engine still reads of a converted page. MkDocs
    would otherwise hold every page's Markdown twice until the build ends (the file's
    text and the page's source): at 10,000 profiles the engine's process peaked at
    750 MB, now 550 MB, and the page build at 964 MB, now 825-861 MB (PSS)."""
    converted = render_all(pages, extensions, configs, workers)
    for path in converted:
        found = FRONT_MATTER.match(pages[path])
        pages[path] = found.group(0) if found else ""
    return converted
