"""The build command: a good build, and failures that leave the last site alone."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES

pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "casebook", "--root", str(root), "build"],
                          capture_output=True, text=True, encoding="utf-8")


def test_site_has_generated_pages(built_site):
    project, site = built_site
    ids = [p.stem for p in project.profiles_dir.glob("*.md")]
    for profile_id in ids:
        assert (site / "profiles" / profile_id / "index.html").is_file()
    for page in ["index.html", "regions/index.html", "practices/index.html", "years/index.html",
                 "reference/schema/index.html", "reference/errors/index.html"]:
        assert (site / page).is_file(), page
    html = (site / "profiles" / "jinan-yajuyuan-feiyi-jianzhi-ketang" / "index.html").read_text(encoding="utf-8")
    assert '<span class="cb-metric__value">1,200余</span> <span class="cb-metric__unit">人次</span>' in html
    assert 'lang="zh"' in html
    assert "fonts.googleapis.com" not in html


def test_profile_pages_stay_out_of_the_sidebar(built_site):
    project, site = built_site
    html = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "profiles/" not in html.split('<div class="md-content"')[0]


def test_search_index_keeps_practice_terms_whole(built_site):
    _, site = built_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [d["text"] for d in index["docs"] if d["location"].startswith("profiles/fuqing-beida-hongse-wuye/")]
    # jieba alone cuts 红色物业 into 红色 / 物业; the user dictionary keeps it whole.
    assert any("\u200b红色物业\u200b" in t for t in texts)
    # Region and year listings are excluded: they would outrank the profiles they list.
    assert not any(d["location"].startswith(("regions/", "years/", "practices/index")) for d in index["docs"])
    # A practice page is found by its definition and synonyms, not by the profiles it lists,
    # and ranks below them; the profiles carry their practices as tags, which rank first.
    practice = [d for d in index["docs"] if d["location"].startswith("practices/yishi-xieshang/")]
    assert practice and all(d["boost"] < 1 for d in practice)
    assert "民主协商" in "".join(d["text"] for d in practice).replace("\u200b", "")
    assert not any("北大社区" in d["text"] for d in practice)
    assert all(d["tags"] == ["红色物业", "志愿服务"] for d in index["docs"]
               if d["location"].startswith("profiles/fuqing-beida-hongse-wuye/"))


def test_broken_profile_fails_and_keeps_previous_site(tmp_project):
    project = tmp_project(all_profiles=True)
    assert run_build(project.root).returncode == 0
    before = snapshot(project.site_dir)
    broken = FIXTURES / "broken" / "profiles" / "broken-example.md"
    (project.profiles_dir / broken.name).write_text(broken.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_build(project.root)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("profiles/broken-example.md:2: P008 id: ")
    assert "site/ 保持不变" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project.site_dir) == before


def test_strict_warning_fails_and_keeps_previous_site(tmp_project):
    project = tmp_project(all_profiles=True)
    assert run_build(project.root).returncode == 0
    before = snapshot(project.site_dir)
    about = project.docs_dir / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[坏链接](no-such-page.md)\n", encoding="utf-8")
    result = run_build(project.root)
    assert result.returncode == 1
    assert "no-such-page.md" in result.stdout + result.stderr
    assert snapshot(project.site_dir) == before
    assert not list((project.build_dir / "tmp").glob("site-*"))


def test_home_page_links_the_open_data_downloads(built_site):
    _, site = built_site
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="downloads/casebook-profiles.json"' in home and 'href="downloads/casebook-metrics.csv"' in home
    data = json.loads((site / "downloads" / "casebook-profiles.json").read_text(encoding="utf-8"))
    assert data["count"] == len(list((site / "profiles").glob("*/index.html")))
