"""Generated reference files are committed; these tests fail when one is stale."""

from __future__ import annotations

import json

from casebook.profile import reference
from casebook.profile.codes import CODES
from casebook.paths import Project
from casebook.profile.schema import FIELD_ORDER

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


def test_every_code_is_in_the_error_table_and_the_pr_checklist():
    for page in [ROOT / "docs" / "reference" / "errors.md", ROOT / ".github" / "pull_request_template.md"]:
        table = page.read_text(encoding="utf-8")
        for code in CODES.values():
            assert f"| {code.code} | {code.title} | {code.fix} |" in table, (page.name, code.code)


def test_problem_matcher_reads_every_kind_of_output_line():
    import json
    import re

    matcher = json.loads((ROOT / ".github" / "casebook-matcher.json").read_text(encoding="utf-8"))
    pattern = re.compile(matcher["problemMatcher"][0]["pattern"][0]["regexp"])
    for line, expected in [
        ("profiles/a-b.md:12: P011 practices[0]: 做法“红色物管”不在词表中。从做法词表中选择",
         ("profiles/a-b.md", "12", "P011", "practices[0]")),
        ("profiles/a-b.md:33: P019: 正文缺少小节：## 背景。已发布的案例正文应含四个二级标题",
         ("profiles/a-b.md", "33", "P019", None)),
        ("data/practices.yml:16: V001 definition: 缺少该字段。按文件开头的说明改正该条目",
         ("data/practices.yml", "16", "V001", "definition")),
        ("packs/x.yml:3: K002 select.practices[0]: 做法“x”不在词表中。改正名称或 id",
         ("packs/x.yml", "3", "K002", "select.practices[0]")),
    ]:
        match = pattern.match(line)
        assert match and match.group(1, 2, 3, 4) == expected, line
