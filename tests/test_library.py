"""The library's related-profile lists, against a brute-force definition."""

from __future__ import annotations

from casebook import bench
from casebook.site.library import RELATED_LIMIT, Library
from casebook.profile.validate import check_project


def brute_force(library: Library, item):
    """Every other profile sharing a practice, family and same-article profiles left out,
    most shared practices first, then by title: the definition, in quadratic time."""
    excluded = library.family(item) | {i.id for i in library.same_source(item)}
    mine = set(item.profile.practices)
    ranked = []
    for other in [*library.items, *library.outside.values()]:
        shared = [p for p in other.profile.practices if p in mine]
        if shared and other.id not in excluded:
            ranked.append((other, shared))
    ranked.sort(key=lambda x: (-len(x[1]), x[0].profile.title))
    return [(o.id, s) for o, s in ranked[:RELATED_LIMIT]]


def test_shared_practices_match_the_definition(tmp_project):
    project = tmp_project()
    bench.generate(project, 300, seed=7)  # 1–3 of 25 practices each: many pairs and ties
    library = Library.from_report(check_project(project))
    assert len(library.items) == 300
    with_pairs = 0
    for item in library.items:
        got = [(o.id, s) for o, s in library.shared_practices(item)]
        assert got == brute_force(library, item), item.id
        with_pairs += any(len(s) > 1 for _, s in got)
    assert with_pairs > 50  # the two-practice branch was exercised


def test_search_words_leave_out_what_jieba_would_misread(tmp_project):
    from casebook.site.prepare import search_words

    from conftest import FIXTURES

    project = tmp_project(sorted((FIXTURES / "golden" / "profiles").glob("*.md")))
    path = project.profiles_dir / "golden-part.md"
    path.write_text(path.read_text(encoding="utf-8").replace("label: 受益居民", "label: 受益 520"), encoding="utf-8")
    words = search_words(Library.from_report(check_project(project)))
    assert "每年开设班次" in words and "受益 520" not in words


def test_item_memo_keeps_what_one_profile_gives_while_it_is_the_same_object(tmp_project):
    from dataclasses import replace

    from casebook.site.library import ItemMemo

    report = check_project(tmp_project(all_profiles=True))
    first = Library.from_report(report)
    first.memo = ItemMemo()
    calls = []

    def compute(item):
        calls.append(item.id)
        return f"{item.id}:{len(calls)}"

    item = first.items[0]
    made = first.per_item("cite", item, "https://a.test/", lambda: compute(item))
    # A rebuild of serve: a new library over the same checked profiles gives it back.
    again = Library.from_report(report)
    again.memo = first.memo
    same = next(i for i in again.items if i.id == item.id)
    assert same is not item and same.profile is item.profile
    assert again.per_item("cite", same, "https://a.test/", lambda: compute(same)) == made
    assert calls == [item.id]
    # Computed again for another address, another kind, or a profile read anew (edited).
    again.per_item("cite", same, "https://b.test/", lambda: compute(same))
    again.per_item("json", same, "https://b.test/", lambda: compute(same))
    edited = replace(same, profile=same.profile.model_copy())
    again.per_item("json", edited, "https://b.test/", lambda: compute(edited))
    assert calls == [item.id] * 4
    # Without a memo (a build), always computed.
    plain = Library.from_report(report)
    plain.per_item("cite", plain.items[0], "https://a.test/", lambda: compute(plain.items[0]))
    assert len(calls) == 5
