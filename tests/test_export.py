"""Open-data downloads: the published profiles as JSON and their metrics as CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest

from casebook.site import export
from casebook.site.library import Library
from casebook.profile.schema import Profile
from casebook.profile.validate import check_project

from conftest import make_project

SITE = "https://cases.test/"


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    return Library.from_report(check_project(make_project(tmp_path_factory.mktemp("seeded"), all_profiles=True)))


def test_json_holds_every_published_profile_in_the_schema_s_own_shape(library):
    data = json.loads(export.profiles_json(library, SITE))
    assert data["count"] == len(library.items) == len(data["profiles"])
    for record, item in zip(data["profiles"], library.items):
        assert record.pop("url") == f"{SITE}profiles/{item.id}/"
        assert record.pop("body") == item.body.strip()
        assert Profile.model_validate(record) == item.profile  # the same fields, nothing lost


def test_csv_has_a_row_per_metric_and_opens_in_excel(library):
    text = export.metrics_csv(library, SITE)
    assert text.startswith("\ufeff")  # Excel reads UTF-8 Chinese only with the mark
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == sum(len(item.profile.metrics) for item in library.items)
    assert list(rows[0]) == export.METRIC_COLUMNS
    fuyou = next(r for r in rows if r["id"] == "weifang-fuyou-wanzheng-shequ" and r["unit"] == "亿元")
    assert (fuyou["value"], fuyou["approx"], fuyou["quote"]) == ("15", "false", "投资15亿元建设潍坊东部最大的商贸综合体")
    assert fuyou["district"] == "潍坊高新区" and fuyou["url"] == f"{SITE}profiles/weifang-fuyou-wanzheng-shequ/"


def test_without_a_site_url_links_are_site_relative(library):
    data = json.loads(export.profiles_json(library))
    assert data["profiles"][0]["url"] == f"profiles/{data['profiles'][0]['id']}/"


def test_both_downloads_carry_the_content_licence(library):
    licence = library.vocab.licence
    assert licence.spdx == "CC-BY-4.0"  # data/licence.yml
    data = json.loads(export.profiles_json(library, SITE))
    assert data["licence"]["spdx"] == "CC-BY-4.0" and data["licence"]["url"] == licence.url
    assert list(data) == ["count", "licence", "profiles"]  # the licence before 10,000 records, not after
    rows = list(csv.DictReader(io.StringIO(export.metrics_csv(library, SITE).removeprefix("\ufeff"))))
    assert {row["licence"] for row in rows} == {"CC-BY-4.0"}  # on every row: rows get copied on their own


def test_without_a_licence_file_the_downloads_claim_none(tmp_project):
    project = tmp_project(all_profiles=True)
    (project.data_dir / "licence.yml").unlink()
    library = Library.from_report(check_project(project))
    assert "licence" not in json.loads(export.profiles_json(library))
    rows = list(csv.DictReader(io.StringIO(export.metrics_csv(library).removeprefix("\ufeff"))))
    assert {row["licence"] for row in rows} == {""}


def test_downloads_kept_per_profile_by_serve_follow_an_edit(library, monkeypatch):
    """`serve` keeps each profile's JSON line and CSV rows (library.ItemMemo) and
    writes again only an edited profile's: the files equal ones written afresh."""
    from dataclasses import replace

    from casebook.site.library import ItemMemo

    memo = ItemMemo()
    kept = Library(items=list(library.items), vocab=library.vocab, memo=memo)
    assert export.files(kept) == export.files(library)
    item = next(i for i in library.items if i.profile.metrics)
    edited = replace(item, profile=item.profile.model_copy(update={"title": item.profile.title + "（修订）"}))
    items = [edited if i is item else i for i in library.items]
    cells = []
    real = export.cell
    monkeypatch.setattr(export, "cell", lambda value: cells.append(value) or real(value))
    after = export.files(Library(items=items, vocab=library.vocab, memo=memo))
    assert len(cells) == len(export.METRIC_COLUMNS) * len(item.profile.metrics)  # the edited profile's rows only
    monkeypatch.setattr(export, "cell", real)
    assert after == export.files(Library(items=items, vocab=library.vocab))
    assert after[export.METRICS_CSV].count("（修订）") == len(item.profile.metrics)
