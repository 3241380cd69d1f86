"""Measure offline bundles: zip size, build time, and time to the first search
result when the bundle is opened from file:// in Chromium (cold: a fresh
browser context for each run, median of --runs).

    python scripts/run_bundle_benchmark.py            # all current profiles, and 30 synthetic ones

Needs the test dependencies (Playwright) and Debian's chromium: make setup-test.
Targets: ≤ 5 MB zipped and ≤ 2 s to the first result for a 30-profile pack.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from casebook import bench
from casebook.packs.bundle import bundle
from casebook.paths import Project

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def first_result_seconds(index: Path, query: str, runs: int) -> tuple[float, float, list[str]]:
    """(median seconds from navigation to first result, median seconds from keypress, external requests)."""
    from playwright.sync_api import sync_playwright

    totals, typed, outside = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(runs):
            context = browser.new_context()
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                          else (outside.append(r.request.url), r.abort()))
            page = context.new_page()
            start = time.perf_counter()
            page.goto(index.as_uri())
            box = page.locator("input.md-search__input")
            box.wait_for(state="visible")
            box.fill(query)
            pressed = time.perf_counter()
            box.press("End")
            page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=30_000)
            done = time.perf_counter()
            totals.append(done - start)
            typed.append(done - pressed)
            context.close()
        browser.close()
    return statistics.median(totals), statistics.median(typed), outside


def measure(project: Project, name: str, query: str, runs: int) -> dict:
    start = time.perf_counter()
    result = bundle(project, name)
    seconds = time.perf_counter() - start
    if result.problems:
        raise SystemExit("\n".join(str(p) for p in result.problems))
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(result.zip_path) as archive:
            archive.extractall(tmp)
            unzipped = sum(i.file_size for i in archive.infolist())
        folder = next(Path(tmp).iterdir())
        total, typed, outside = first_result_seconds(folder / "index.html", query, runs)
    return {"pack": name, "profiles": len(result.pack.ids), "query": query,
            "zip_mb": round(result.size / 1e6, 2), "unzipped_mb": round(unzipped / 1e6, 2), "files": result.files,
            "bundle_seconds": round(seconds, 1), "first_result_seconds": round(total, 2),
            "after_keypress_seconds": round(typed, 2), "external_requests": outside}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--synthetic", type=int, default=30, help="合成课包的案例数（默认 30）")
    args = parser.parse_args()
    here = Project.discover()
    rows = [measure(here, "all", "红色物业", args.runs)]
    work = Path(tempfile.mkdtemp(prefix="casebook-bundle-bench-"))
    try:
        synthetic = bench.scaffold_project(here, work / "project")
        bench.generate(synthetic, args.synthetic)
        query = next(synthetic.profiles_dir.glob("*.md")).read_text(encoding="utf-8").split("community: ")[1].split()[0]
        rows.append(measure(synthetic, "all", query, args.runs) | {"pack": f"synthetic-{args.synthetic}"})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = here.build_dir / "bench" / "bundles.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{'课包':<16}{'案例':>6}{'zip (MB)':>10}{'解压后 (MB)':>13}{'生成 (s)':>10}{'首个结果 (s)':>14}{'按键后 (s)':>12}  外部请求")
    for r in rows:
        print(f"{r['pack']:<16}{r['profiles']:>6}{r['zip_mb']:>10.2f}{r['unzipped_mb']:>13.2f}{r['bundle_seconds']:>10.1f}"
              f"{r['first_result_seconds']:>14.2f}{r['after_keypress_seconds']:>12.2f}  {len(r['external_requests'])}")


if __name__ == "__main__":
    sys.exit(main())
