"""The handout as PDF, printed by headless Chromium (Debian's `chromium`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
# The printing browser runs no script, whatever the page holds: JavaScript is
# blocked in the fresh profile it prints with (--disable-javascript is ignored by
# headless Chromium; the handout's own Content-Security-Policy blocks it too).
NO_SCRIPT_PREFERENCES = {"profile": {"default_content_setting_values": {"javascript": 2}}}


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
        (Path(profile) / "Default").mkdir()
        (Path(profile) / "Default" / "Preferences").write_text(json.dumps(NO_SCRIPT_PREFERENCES), encoding="utf-8")
        # Bookmarks from the headings: a class finds each profile in the PDF viewer's
        # outline (the contents page can give no page numbers: Chromium prints no
        # target-counter()).
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
                   "--generate-pdf-document-outline", f"--print-to-pdf={pdf}", html.resolve().as_uri()]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfError(f"chromium 生成 PDF 超时（{timeout:.0f} 秒）") from None
    if result.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise PdfError(f"chromium 没能生成 PDF（退出码 {result.returncode}）：{result.stderr.strip()[-300:]}")
