"""The curated content: every profile drawn from the seed articles is faithful
to its source (every metric quote is found in the cleaned article) and written
in our own words (no long run of characters shared with the article).

Profiles that contributors add from other articles are not checked here: their
articles are not in the repository. `make compare ID=… FILE=…` runs the same two
checks against any article, and CONTRIBUTING asks for it."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from casebook.zh import textclean
from casebook.site.library import Library
from casebook.paths import Project
from casebook.importer.originality import copied_runs, normalise, shared_runs
from casebook.site.render import Options, render_site
from casebook.site.prepare import search_words, segmenter
from casebook.profile.validate import check_project

from conftest import ROOT, SEED_SOURCES, seed_of

@pytest.fixture(scope="module")
def report():
    report = check_project(Project(ROOT))
    assert report.problems == [], [str(p) for p in report.problems]
    return report


@pytest.fixture(scope="module")
def cleaned(seeds: Path) -> dict[str, textclean.Cleaned]:
    return {name: textclean.read(seeds / name) for name in SEED_SOURCES}


# The profiles written from the seed articles, as first published: each must still
# name its seed (the publisher and date that tell seed_of which one).
FROM_SEEDS = 25


def from_seeds(report) -> list:
    return [entry for entry in report.entries if seed_of(entry.model)]


def test_every_seed_is_used_and_its_profiles_still_name_it(report):
    by_seed = defaultdict(list)
    for entry in from_seeds(report):
        by_seed[seed_of(entry.model)].append(entry.model.id)
    assert sorted(by_seed) == sorted(SEED_SOURCES)
    assert sum(map(len, by_seed.values())) >= FROM_SEEDS


def test_every_metric_quote_is_in_its_cleaned_source(report, cleaned):
    missing = []
    for entry in from_seeds(report):
        text = cleaned[seed_of(entry.model)].full_text
        for metric in entry.model.metrics:
            if metric.quote not in text:
                missing.append(f"{entry.doc.shown}: {metric.quote}")
    assert missing == []


def test_profiles_are_in_our_own_words(report, cleaned):
    copied = {}
    for entry in from_seeds(report):
        m = entry.model
        runs = copied_runs(m.title, m.summary, entry.doc.body, cleaned[seed_of(m)].text)
        if runs:
            copied[entry.doc.shown] = runs
    assert copied == {}


def test_copy_check_can_fail():
    source = normalise("府佑社区党群服务中心最早建成于2013年10月,2023年3月搬迁到现在的新址")
    assert shared_runs(normalise("党群服务中心最早建成于2013年10月，后来搬迁"), source)
    assert not shared_runs(normalise("这个中心2013年10月建成，后来迁址"), source)


def test_every_practice_in_the_vocabulary_is_used(report):
    used = {name for e in report.entries for name in e.model.practices}
    unused = [p.name for p in report.vocab.practices if p.name not in used]
    assert unused == []


def test_every_search_term_is_kept_whole_where_a_profile_uses_it(report):
    """data/search_terms.yml lists words jieba cuts wrongly in our profiles: each must
    occur in a profile, and in every sentence that holds it the indexer keeps it whole."""
    cut = segmenter(search_words(Library.from_report(report)))
    texts = [f"{e.model.title}\n{e.model.summary}\n{e.doc.body}" for e in report.entries]
    for term in (t.term for t in report.vocab.search_terms):
        sentences = [s for text in texts for s in re.split(r"[。！？；\n]", text) if term in s]
        assert sentences, f"{term} 没有出现在任何案例中"
        for sentence in sentences:
            assert term in cut(sentence), (term, " / ".join(cut(sentence)))


def test_profiles_from_the_same_article_link_to_each_other(report):
    library = Library.from_report(report)
    pages = render_site(library, Options(site_url="https://cases.test/"))
    by_seed = defaultdict(list)
    for item in library.items:
        if seed_of(item.profile):
            by_seed[seed_of(item.profile)].append(item.id)
    missing = []
    for ids in by_seed.values():
        for a in ids:
            for b in ids:
                if a != b and f'href="../{b}/"' not in pages[f"profiles/{a}.md"]:
                    missing.append((a, b))
    assert missing == []


def test_umbrella_profiles_have_parts(report):
    library = Library.from_report(report)
    for umbrella in ["jinan-gaoxin-sanrenxing", "fuqing-beida-linli-guanjia"]:
        assert len(library.children(library.by_id[umbrella])) >= 5
