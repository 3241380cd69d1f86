"""The printable handout of a class pack: one self-contained HTML page (cover,
contents, every profile with its metrics and source), and a PDF of it printed
by headless Chromium."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import markdown
from markupsafe import Markup

from .checks import PROFILE_LINK_RE
from .dates import PartialDate
from .library import Item, Library
from .render import environment

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def handout_html(library: Library, pack, *, site_url: str = "", today: dt.date | None = None) -> str:
    env = environment()
    site_url = site_url or ""

    def body_html(item: Item) -> Markup:
        def link(match: re.Match) -> str:
            text, ref, anchor = match.group(1), match.group(2), match.group(3) or ""
            if ref in library.by_id:
                return f"[{text}](#p-{ref})"
            if ref in library.outside and pack.outside_links == "online" and site_url:
                return f"[{text}（在线）]({site_url.rstrip('/')}/profiles/{ref}/{anchor})"
            return text

        html = markdown.markdown(PROFILE_LINK_RE.sub(link, item.body), extensions=["tables", "sane_lists"])
        # The handout's profile title is the h2; the body's sections sit under it.
        html = re.sub(r"<(/?)h3>", r"<\1h4>", html)
        html = re.sub(r"<(/?)h2>", r"<\1h3>", html)
        return Markup(html)

    def place(item: Item) -> str:
        r = item.profile.region
        return "".join(x for x in (r.province, r.city, r.district) if x) + " " + "".join(
            x for x in (r.street, r.community) if x)

    day = today or dt.date.today()
    cover = (pack.date or PartialDate(day.year, day.month, day.day)).display()
    return env.get_template("handout.html.j2").render(
        pack=pack, items=library.items, cover_date=cover, site_url=site_url, body_html=body_html,
        place=place, units=library.vocab.unit_names)


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


class PdfError(RuntimeError):
    pass


def print_pdf(html: Path, pdf: Path, chromium: str | None = None, timeout: float = 120) -> None:
    chromium = chromium or find_chromium()
    if not chromium:
        raise PdfError("找不到 chromium，无法生成 PDF 讲义：请运行 apt-get install -y chromium fonts-noto-cjk，"
                       "或用 --no-pdf 跳过 PDF")
    with tempfile.TemporaryDirectory(prefix="casebook-chromium-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
                   f"--print-to-pdf={pdf}", html.resolve().as_uri()]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfError(f"chromium 生成 PDF 超时（{timeout:.0f} 秒）") from None
    if result.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise PdfError(f"chromium 没能生成 PDF（退出码 {result.returncode}）：{result.stderr.strip()[-300:]}")
