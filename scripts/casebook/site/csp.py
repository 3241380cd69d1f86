"""The Content-Security-Policy every published page carries, as a <meta> tag.

Scripts run only from the site's own files, and inline scripts only where their
exact text is the theme's. Material's scope script, our palette script (in place
of Material's palette component; both run before the page is painted) and our
search count are files in overrides/ that the theme writes inline, the same text
on every page: their
hashes, computed from those files at build time, are allowed (THEME_INLINE).
Any other inline script fails the build: that is either a theme update to look
at or text that got past the sanitiser. The iframe-worker shim that lets search
run from file:// writes a small inline script into an empty iframe, which
inherits this policy. Its text depends only on the shim and on the page's worker
address, so its hash is allowed too, and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

SHIM = Path("assets", "vendor", "iframe-worker", "shim.js")
# The theme's inline scripts, under its folder (overrides/): the templates write
# each file's text inline (Jinja leaves off the last line break).
THEME_INLINE = (Path("assets", "casebook", "scope.js"), Path("assets", "casebook", "palette.js"),
                Path("assets", "casebook", "search-meta.js"))
# Data, not code: the browser never runs these.
DATA_TYPES = {"application/json", "application/ld+json"}

DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    # Material sets styles from its scripts and in a few attributes.
    "style-src": "'self' 'unsafe-inline'",
    # Material's icons are data: URIs in its CSS. No images from other hosts:
    # they would tell a third party who reads what (and break offline packs).
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "frame-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'none'",
}

class PolicyError(Exception):
    pass


class _Scripts(HTMLParser):
    """Every <script> of a page, read the way a browser reads it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[dict[str, str], str]] = []
        self._open: dict[str, str] | None = None
        self._body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "script":
            self._open, self._body = {k: v or "" for k, v in attrs}, []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.found.append((self._open, "".join(self._body)))
            self._open = None


SCRIPT_START = re.compile(r"<script(?=[\s/>])", re.I)
# ASCII letters only, as browsers match the end tag (re.I alone also takes "ſ" for "s").
SCRIPT_END = re.compile(r"</script", re.I | re.A)


@lru_cache(maxsize=256)
def _scripts(chunk: str) -> tuple[tuple[dict[str, str], str], ...]:
    """The scripts in `chunk`, a page's text from one `<script` up to the next
    `</script`. Every page repeats the theme's few script elements word for word
    (their addresses differ only with the page's depth), so each distinct text is
    parsed once: reading them took MkDocs' one process 4 s at 10,000 profiles.
    The result is the same as parsing every time; callers must not change it."""
    parser = _Scripts()
    parser.feed(chunk + "</script>")
    parser.close()
    return tuple(parser.found or [({}, chunk[:60])])


def check_scripts(page: str, allowed: frozenset[str] = frozenset()) -> None:
    """Scripts only from the site's own files, data blocks, and inline scripts whose
    hash is `allowed` (theme_inline).

    A browser starts a script element only where the text says `<script` followed
    by a space, a slash or `>`; each such place (comments included, which only
    makes the check stricter) is read by the HTML parser. Parsing every whole
    page took a quarter of a build."""
    found = []
    for match in SCRIPT_START.finditer(page):
        end = SCRIPT_END.search(page, match.end())
        found += _scripts(page[match.start():(end.start() if end else len(page))])
    for attrs, body in found:
        src = attrs.get("src")
        if src is not None:
            if re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*:|//|\\)", src):
                raise PolicyError(f"页面从其他网站加载脚本（{src[:80]}）：只能用本站的文件")
        elif attrs.get("type") not in DATA_TYPES and script_hash(body) not in allowed:
            raise PolicyError(f"页面中有内联脚本（{body.strip()[:60]}…），内容安全策略不会让它运行："
                              "若是主题更新带来的，把它移到 overrides/ 下的文件里")


def protect(page: str, docs_dir: Path, worker: str | None = None, wasm: bool = False,
            inline: frozenset[str] = frozenset()) -> str:
    """The page with the policy as the first element of its <head>. `worker`: the
    address of Material's search worker as this page names it (from the theme, not
    from the page): the shim's inline script for it is allowed by its hash.
    `wasm`: the search runs WebAssembly in the page (a pack from file://, where the
    shim's iframe inherits this policy); 'wasm-unsafe-eval' allows compiling it,
    and no eval() of JavaScript. `inline`: the hashes of the theme's inline
    scripts (theme_inline)."""
    check_scripts(page, inline)
    directives = dict(DIRECTIVES)
    for allowed in sorted(inline):
        directives["script-src"] += f" '{allowed}'"
    shim = _shim(docs_dir / SHIM)
    if worker and shim:
        directives["script-src"] += f" '{script_hash(shim(worker))}'"
    if wasm:
        directives["script-src"] += " 'wasm-unsafe-eval'"
    policy = "; ".join(f"{k} {v}" for k, v in directives.items())
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    head = page.find("<head>")
    if head < 0:
        raise PolicyError("页面没有 <head>，无法加上内容安全策略")
    # Right after <meta charset>, which must stay first; before every script and style.
    charset = re.compile(r"<meta charset=[^>]*>").search(page, head)
    at = charset.end() if charset else head + len("<head>")
    return page[:at] + meta + page[at:]


def theme_file(theme_dirs, name) -> Path | None:
    """A theme file as the theme sees it: from the first of `theme_dirs` (the theme's
    folders, overrides/ first) that has it."""
    return next((path for folder in theme_dirs if (path := Path(folder, name)).is_file()), None)


def theme_inline(theme_dirs) -> frozenset[str]:
    """The hashes of the theme's inline scripts (THEME_INLINE), each from `theme_file`."""
    return frozenset(script_hash(path.read_text(encoding="utf-8").removesuffix("\n"))
                     for name in THEME_INLINE if (path := theme_file(theme_dirs, name)))


def script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


@lru_cache(maxsize=4)
def _shim(path: Path):
    """The inline script the shim writes for a worker address, as a function of it;
    None when the site has no shim."""
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"<script>(.*?)<\\/script>", source)
    if not found:
        raise PolicyError(f"{SHIM.as_posix()} 与预期不同（找不到它写入的内联脚本）：请检查 csp.py")
    template = found.group(1)
    # ${c} and ${d} are functions of the shim, written out as their source text;
    # the one placeholder that names no function is the worker's address.
    values = {name: _function_source(source, name) for name in re.findall(r"\$\{(\w+)\}", template)}
    address = [name for name, text in values.items() if text is None]
    if len(address) != 1:
        raise PolicyError(f"{SHIM.as_posix()} 与预期不同（内联脚本的占位符无法对应）：请检查 csp.py")

    def script(worker: str) -> str:
        return re.sub(r"\$\{(\w+)\}", lambda m: worker if m.group(1) == address[0] else values[m.group(1)], template)

    return script


def _function_source(source: str, name: str) -> str | None:
    start = source.find(f"function {name}(")
    if start < 0:
        return None
    depth = 0
    for index in range(source.index("{", start), len(source)):
        depth += {"{": 1, "}": -1}.get(source[index], 0)
        if depth == 0:
            return source[start:index + 1]
    return None
