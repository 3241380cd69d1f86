"""What `serve` keeps between the rebuilds of one process, so that an edit shows
in a second or two rather than after a full build.

- checked files: a profile is read and checked again only when it changed
  (profile.validate's cache);
- generated pages as Markdown: when only profile bodies changed, only those
  profiles' pages are rendered again (render.RenderCache);
- what each profile alone gives (its citation files, its line of the JSON
  download, its characters for the search's folding): library.ItemMemo;
- pages as HTML: a generated page is converted again only when its Markdown changed;
- the generated pages as real files under build/serve/, rewritten only when
  their content changed: their times tell the engine's dirty mode which pages to
  render again (the edited profile, the listings and related pages it shows in).

The engine reloads its hook module on every rebuild; this module is imported
once per process, so its state survives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import pages
from .library import ItemMemo
from .render import RenderCache


@dataclass
class Live:
    checked: dict = field(default_factory=dict)
    rendered: RenderCache = field(default_factory=RenderCache)
    # What each profile alone gives (citation files, its line of the downloads): library.ItemMemo.
    memo: ItemMemo = field(default_factory=ItemMemo)
    converted: dict[str, tuple[str, pages.Html]] = field(default_factory=dict)
    written: dict[str, tuple[str | bytes, bytes]] = field(default_factory=dict)  # path → (content, as bytes)
    # The engine's record of each generated file that is not a page (downloads,
    # citation files: three per profile), made once: making 30,000 of them again
    # took a second of each rebuild at 10,000 profiles (mkdocs_hooks.on_files).
    engine_files: dict[tuple, object] = field(default_factory=dict)

    def html(self, sources: dict[str, str], extensions: list, configs: dict) -> dict[str, pages.Html]:
        changed = {path: text for path, text in sources.items()
                   if self.converted.get(path, ("",))[0] != text}
        fresh = pages.render_all(changed, extensions, configs) if changed else {}
        for path, html in fresh.items():
            self.converted[path] = (sources[path], html)
        for gone in set(self.converted) - set(sources):
            del self.converted[gone]
        return {path: self.converted[path][1] for path in sources}

    def write(self, folder: Path, files: dict[str, str | bytes]) -> tuple[list[str], list[str]]:
        """Write the files whose content changed; remove those no longer generated.
        Returns the paths written and the paths removed (whose built pages must go too)."""
        written = []
        for path, content in files.items():
            last = self.written.get(path)
            # The very same text (ItemMemo gives it back unchanged): no need to compare.
            if last is not None and last[0] is content:
                continue
            data = content.encode("utf-8") if isinstance(content, str) else content
            target = folder / path
            if last is not None and last[1] == data and target.is_file():
                self.written[path] = (content, data)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.written[path] = (content, data)
            written.append(path)
        removed = sorted(set(self.written) - set(files))
        for gone in removed:
            (folder / gone).unlink(missing_ok=True)
            del self.written[gone]
        return written, removed


STATE = Live()


def reset() -> None:
    """A fresh state (a new serve process has one; tests use this)."""
    global STATE
    STATE = Live()
