"""casebook new: a draft in canonical order that validates, never overwriting."""

from __future__ import annotations

import subprocess
import sys

import pytest

from casebook.importer.scaffold import NewProfile, ScaffoldError, new_profile
from casebook.profile.validate import check_project

from conftest import FIXTURES

GOLDEN = FIXTURES / "scaffold" / "expected.md"


def spec(**overrides) -> NewProfile:
    values = dict(title="北大社区：邻里管家", practices=["邻里管家", "党员志愿者"], district="福清市",
                  street="玉屏街道", community="北大社区", date="2020-08-13")
    return NewProfile(**{**values, **overrides})


def test_new_profile_matches_golden_and_validates_as_draft(tmp_project):
    project = tmp_project()
    created = new_profile(project, spec())
    path, problems = created.path, created.problems
    assert problems == [] and created.similar == []
    assert path.name == "fuqing-beida-linli-guanjia.md"
    assert path.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    model = check_project(project).entries[0].model
    assert (model.status, model.region.province, model.region.city) == ("draft", "福建省", "福州市")
    assert model.practices == ["邻里管家", "志愿服务"]  # the synonym became its name


def test_new_profile_refuses_to_overwrite(tmp_project):
    project = tmp_project()
    path = new_profile(project, spec(profile_id="taken")).path
    path.write_text(path.read_text(encoding="utf-8") + "\n我的修改\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ScaffoldError, match="已存在，没有覆盖它"):
        new_profile(project, spec(profile_id="taken"))
    assert path.read_bytes() == before


def test_generated_id_never_collides(tmp_project):
    project = tmp_project()
    first = new_profile(project, spec()).path
    second = new_profile(project, spec()).path
    assert (first.stem, second.stem) == ("fuqing-beida-linli-guanjia", "fuqing-beida-linli-guanjia-2")


@pytest.mark.parametrize("overrides, message", [
    ({"practices": ["邻里管理员"]}, "不在词表中"),
    ({"district": "不存在县"}, "区划表中找不到"),
    ({"district": "鼓楼区", "street": None, "community": None}, "有多处"),
    ({"province": "火星"}, "不是省级行政区"),
    ({"date": "2020-13-01"}, "--date"),
    ({"profile_id": "fuqing/beida-test"}, "“fuqing/beida-test”不能作 id.*可以写 --id fuqing-beida-test$"),
    ({"profile_id": "../../x"}, "可以写 --id x$"),
    ({"profile_id": "Hangzhou_Cuiyuan"}, "可以写 --id hangzhou-cuiyuan$"),
    ({"profile_id": "翠苑议事"}, "可以写 --id cuiyuanyishi$"),
])
def test_bad_arguments_are_explained_and_nothing_is_written(tmp_project, overrides, message):
    project = tmp_project()
    with pytest.raises(ScaffoldError, match=message):
        new_profile(project, spec(**overrides))
    assert list(project.profiles_dir.iterdir()) == []


def test_cli_new(tmp_project):
    project = tmp_project()
    command = [sys.executable, "-m", "casebook", "--root", str(project.root), "new", "--title", "义桥镇：考察后部署",
               "--district", "萧山区", "--street", "义桥镇", "--practice", "观摩学习", "--id", "yiqiao-test"]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert "已创建 profiles/yiqiao-test.md（已通过草稿校验）" in result.stderr
    again = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    assert again.returncode == 1 and "已存在" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.parametrize("city, district, local, expected", [
    ("锡林郭勒盟", "锡林浩特市", "希日塔拉社区", "xilinhaote-xiritala"),
    ("北京市", "朝阳区", "团结湖社区", "beijing-tuanjiehu"),
    ("锡林郭勒盟", None, "宝力根社区", "xilinguole-baoligen"),       # was xilinguolei
    ("巴音郭楞蒙古自治州", "库尔勒市", "阿勒泰路社区", "kuerle-aletailu"),   # 勒 was lei
    (None, "朝阳区", "和平里社区", "chaoyang-hepingli"),                # was zhaoyang
    ("上海市", None, "长宁路社区", "shanghai-changninglu"),            # was zhangning
    (None, "六合区", "雄州街道", "luhe-xiongzhou"),
])
def test_ids_read_place_names_as_places_are_read(city, district, local, expected):
    from casebook.profile import ids

    assert ids.suggest(city=city, district=district, local=local, practice_slug=None) == expected
