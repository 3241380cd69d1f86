"""Shared fixtures: temporary copies of the project, so that tests never write
into the checkout, and the seed articles the content tests read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from casebook.paths import Project

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
# The five raw articles the first profiles were written from (beside the clone in CI).
SEEDS = Path(os.environ.get("CASEBOOK_SEEDS", ROOT.parent / "shared" / "seeds"))

# Tests choose the site's address themselves: none unless a test sets SITE_URL.
for _name in ("SITE_URL", "CASEBOOK_PACK_ZIPS"):
    os.environ.pop(_name, None)

# What a temporary project copies from the checkout (profiles/ is chosen per test).
PROJECT_PARTS = ["mkdocs.yml", "data", "docs", "overrides", "schema", "CONTRIBUTING.md", "packs", ".github"]


# The profiles written from the seed articles: the content the tests count, rank and
# cite. A profile a contributor adds later is checked by `make check` and `make build`
# (CI runs both), and changes no count, first result or link name expected here.
SEED_PROFILES = (
    "fuqing-beida-dangjian-lianmeng",
    "fuqing-beida-hongse-ketang",
    "fuqing-beida-hongse-wuye",
    "fuqing-beida-linli-guanjia",
    "fuqing-beida-liufang-yishi",
    "fuqing-beida-siji-wangge",
    "fuqing-beida-yizhanshi-fuwu",
    "huangshi-tuanchengshan-shuji-shalong",
    "jinan-caihonghu-yuelanshi",
    "jinan-dongchengxinyuan-miandian-chuangke",
    "jinan-feicui-yajun-wenyi-duiwu",
    "jinan-fengyuan-huodongshi",
    "jinan-gaoxin-sanrenxing",
    "jinan-xindongfang-laoxiao-zhitongche",
    "jinan-xingfu-yigong",
    "jinan-yajuyuan-feiyi-jianzhi-ketang",
    "jinan-yulan-hehuoren-huodong",
    "jinan-yunhai-sidianban-ketang",
    "jinan-yunhu-nengrenhui",
    "weifang-fuyou-dangqun-fuwu-zhongxin",
    "weifang-fuyou-wanzheng-shequ",
    "weifang-gaoxin-shuji-sixianghui",
    "xiaoshan-xiuboyuan-tongxinyuan",
    "xiaoshan-yiqiao-qiangshe-huimin",
    "xiaoshan-zhenning-weilai-shequ",
)


# Which seed article each profile was drawn from, by its source's publisher and date.
SEED_SOURCES = {
    "000_b95445674f7c20b8.txt": ("高新区报", "2024-06-28"),
    "001_d4c110d4942fac86.txt": ("荆楚网（湖北日报网）", "--02-21"),
    "002_238b136e54b6ab9c.txt": ("舜网-济南日报", "2024-04-23"),
    "003_91f00acdb6596a72.txt": (None, "2022-05-23"),
    "004_b4129c206b39035a.txt": ("福清新闻网", "2020-08-13"),
}


def seed_of(model) -> str | None:
    key = (model.sources[0].publisher, str(model.sources[0].published))
    return next((name for name, source in SEED_SOURCES.items() if source == key), None)


def seed_profiles() -> list[Path]:
    return [ROOT / "profiles" / f"{name}.md" for name in SEED_PROFILES]


def make_project(dest: Path, profiles: list[Path] | None = None, *, all_profiles: bool = False) -> Project:
    """A temporary project; `all_profiles`: with the seed profiles (SEED_PROFILES)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if part == "packs" and not all_profiles:
            # The repository's packs select from all its profiles; `check` reads packs too, and
            # would report ids a project with some of them lacks.
            (dest / part).mkdir()
        elif src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.is_file():
            shutil.copy2(src, dest / part)
    # The hook path in mkdocs.yml is relative to the config file.
    site_code = Path("scripts", "casebook", "site")
    (dest / site_code).mkdir(parents=True)
    shutil.copy2(ROOT / site_code / "mkdocs_hooks.py", dest / site_code / "mkdocs_hooks.py")
    shutil.copytree(ROOT / site_code / "templates", dest / site_code / "templates")
    target = dest / "profiles"
    target.mkdir(exist_ok=True)
    sources = seed_profiles() if all_profiles else (profiles or [])
    for path in sources:
        shutil.copy2(path, target / path.name)
    return Project(dest)


@pytest.fixture
def tmp_project(tmp_path: Path):
    """A factory: tmp_project(profiles=[...]) or tmp_project(all_profiles=True)."""
    counter = iter(range(1000))

    def factory(profiles: list[Path] | None = None, *, all_profiles: bool = False) -> Project:
        return make_project(tmp_path / f"project{next(counter)}", profiles, all_profiles=all_profiles)

    return factory


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"找不到种子文章目录 {SEEDS}：请把 shared/ 放在仓库旁边，或设置 CASEBOOK_SEEDS")
    return SEEDS


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The current profiles built once into a temporary project: (project, site dir)."""
    from casebook.site.build import build

    project = make_project(tmp_path_factory.mktemp("built"), all_profiles=True)
    assert build(project, quiet=True) == 0
    return project, project.site_dir


@pytest.fixture(scope="session")
def site_url(built_site):
    from browser import serve

    with serve(built_site[1]) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from browser import ARGS, CHROMIUM

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
