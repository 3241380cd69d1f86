"""Generated reference files are committed; these tests fail when one is stale."""

from __future__ import annotations

import json

from casebook import reference
from casebook.codes import CODES
from casebook.paths import Project
from casebook.schema import FIELD_ORDER

from conftest import ROOT


def test_committed_reference_is_current():
    stale = reference.stale(Project(ROOT))
    assert stale == [], f"已过期，请运行 make docs：{[str(p) for p in stale]}"


def test_stale_reference_is_detected(tmp_project):
    project = tmp_project()
    assert reference.stale(project) == []
    practices = project.data_dir / "practices.yml"
    practices.write_text(practices.read_text(encoding="utf-8").replace("红色物业", "红色物管", 1), encoding="utf-8")
    assert sorted(p.name for p in reference.stale(project)) == ["profile.schema.json", "schema.md"]
    assert reference.write(project) and reference.stale(project) == []


def test_json_schema_carries_the_vocabularies():
    schema = json.loads((ROOT / "schema" / "profile.schema.json").read_text(encoding="utf-8"))
    assert list(schema["properties"]) == FIELD_ORDER
    assert "红色物业" in schema["properties"]["practices"]["items"]["enum"]
    assert "人次" in schema["$defs"]["Metric"]["properties"]["unit"]["enum"]
    assert len(schema["$defs"]["Region"]["properties"]["province"]["enum"]) == 34
    assert schema["additionalProperties"] is False


def test_every_code_is_in_the_error_table():
    table = (ROOT / "docs" / "reference" / "errors.md").read_text(encoding="utf-8")
    for code in CODES.values():
        assert f"| {code.code} | {code.title} | {code.fix} |" in table
