"""Playwright driving Debian's chromium (never `playwright install`)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import threading
from pathlib import Path
from typing import Iterator

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `folder` at `prefix` on a free localhost port; yields the base URL.

    Like GitHub Pages: a missing address, at any depth, gets the site's 404.html
    with status 404; a site under a sub-path (prefix="/casebook/") has nothing above it."""
    handler = functools.partial(_QuietHandler, directory=str(folder), prefix=prefix)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, prefix: str = "/", **kwargs) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory, "does-not-exist"))
        return super().translate_path("/" + path[len(self.prefix):])

    def send_head(self):
        target = Path(self.translate_path(self.path.split("?")[0].split("#")[0]))
        page = Path(self.directory, "404.html")
        if target.is_file() or (target / "index.html").is_file() or not page.is_file():
            return super().send_head()
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


READ_RESULTS = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const links = [...document.querySelectorAll('.md-search-result__item > .md-search-result__link')];
  return {meta: meta ? meta.textContent : '', links: links.map(a => a.getAttribute('href'))};
}"""


def search(page, query: str, timeout: float = 10_000) -> list[str]:
    """Type a query into Material's search box; return the result links, best first."""
    if not page.locator("input.md-search__input").is_visible():
        page.locator("label[for=__search]").first.click()
    box = page.locator("input.md-search__input")
    # Start from an empty box, once the engine has finished building its index,
    # so that the results read below belong to this query.
    box.fill("")
    box.press("End")
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && /键入/.test(m.textContent) }", timeout=timeout)
    box.fill(query)
    # Material searches on keyup, not on programmatic input: press a key.
    box.press("End")
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && /符合条件/.test(m.textContent) }", timeout=timeout)
    # The list grows while the search goes on (the best result alone, then the
    # first screen once the search for the pairs has run, then more): read until
    # it has stayed the same for 400 ms.
    previous, same = page.evaluate(READ_RESULTS), 0
    for _ in range(40):
        page.wait_for_timeout(100)
        current = page.evaluate(READ_RESULTS)
        same = same + 1 if current == previous else 0
        if same == 4:
            break
        previous = current
    return current["links"]


EXPLORE_STATE = """() => ({
  count: document.getElementById('cb-explore-count').textContent,
  titles: [...document.querySelectorAll('#cb-explore-results > li > a')].map(a => a.textContent),
  links: [...document.querySelectorAll('#cb-explore-results > li > a')].map(a => a.getAttribute('href')),
  values: Object.fromEntries([...document.querySelectorAll('#cb-explore [data-key]')].map(s => [s.dataset.key, s.value])),
})"""


def explore_state(page) -> dict:
    """The explore page as a reader sees it: the count line, the listed titles and
    links, and the value of each filter."""
    page.locator("#cb-explore-count").wait_for()
    return page.evaluate(EXPLORE_STATE)


def explore_count(state: dict) -> int:
    """The number of profiles the count line says match."""
    import re

    return int(re.search(r"(\d+) 个", state["count"]).group(1))
