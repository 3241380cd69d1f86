"""Publishing, without a site build: dates from git history, feeds, citation
files, sharing cards, robots.txt, the site address, the deploy workflow and
CITATION.cff. (The built site is checked in test_publish_site.py.)"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from casebook.paths import Project
from casebook.profile.validate import check_project
from casebook.site import citations, engine, feeds, history, publish, sharing
from casebook.site.history import CST, Dates
from casebook.site.library import Library
from casebook.site.render import NOT_CONFIGURED, Options, render_site

from conftest import ROOT
import formats
import gitrepo

ADDRESS = "https://cases.test/"


# --- dates from history -----------------------------------------------------------------------

@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """profiles/a.md added 2024-01-02 and changed 2025-03-04; b.md added 2024-06-01; c.md not committed."""
    root = tmp_path / "repo"
    (root / "profiles").mkdir(parents=True)
    gitrepo.init(root)
    (root / "profiles" / "a.md").write_text("a1\n", encoding="utf-8")
    gitrepo.commit(root, ["profiles/a.md"], "2024-01-02T10:00:00+08:00")
    (root / "profiles" / "b.md").write_text("b1\n", encoding="utf-8")
    gitrepo.commit(root, ["profiles/b.md"], "2024-06-01T23:30:00+00:00")  # 2024-06-02 in China
    (root / "profiles" / "a.md").write_text("a2\n", encoding="utf-8")
    gitrepo.commit(root, ["profiles/a.md"], "2025-03-04T08:00:00+08:00")
    (root / "profiles" / "c.md").write_text("c\n", encoding="utf-8")
    return root


def test_first_and_last_commit_of_each_file(repo):
    found = history.lookup(repo, sorted((repo / "profiles").glob("*.md")))
    assert found.source == "git" and found.notes == []
    a, b, c = (found.get(f"profiles/{n}.md") for n in "abc")
    assert (a.created, a.modified) == (dt.datetime(2024, 1, 2, 10, tzinfo=CST), dt.datetime(2025, 3, 4, 8, tzinfo=CST))
    assert a.from_git and b.created == b.modified == dt.datetime(2024, 6, 2, 7, 30, tzinfo=CST)
    # Not committed yet: when it was added is unknown; its last change is the file's.
    assert c.created is None and not c.from_git
    assert abs(c.modified.timestamp() - (repo / "profiles" / "c.md").stat().st_mtime) < 1


def test_a_project_in_a_subfolder_of_the_repository(repo):
    project = repo / "site-project"
    (project / "profiles").mkdir(parents=True)
    (project / "profiles" / "d.md").write_text("d\n", encoding="utf-8")
    gitrepo.commit(repo, ["site-project/profiles/d.md"], "2025-05-05T12:00:00+08:00")
    found = history.lookup(project, [project / "profiles" / "d.md"])
    assert found.get("profiles/d.md").created == dt.datetime(2025, 5, 5, 12, tzinfo=CST)


def test_a_repository_without_commits_has_no_history_and_no_complaint(tmp_path):
    gitrepo.init(tmp_path)
    (tmp_path / "profiles").mkdir()
    path = tmp_path / "profiles" / "x.md"
    path.write_text("x\n", encoding="utf-8")
    found = history.lookup(tmp_path, [path])
    assert found.notes == [] and found.get("profiles/x.md").created is None


def test_outside_git_the_fallback_is_clean(tmp_path):
    (tmp_path / "profiles").mkdir()
    path = tmp_path / "profiles" / "x.md"
    path.write_text("x\n", encoding="utf-8")
    found = history.lookup(tmp_path, [path])
    assert found.source == "files" and found.notes == []
    assert found.get("profiles/x.md") == Dates(None, dt.datetime.fromtimestamp(int(path.stat().st_mtime), CST))


def test_without_git_installed_the_fallback_is_clean(tmp_path, monkeypatch):
    (tmp_path / "profiles").mkdir()
    path = tmp_path / "profiles" / "x.md"
    path.write_text("x\n", encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    found = history.lookup(tmp_path, [path])
    assert found.source == "files" and found.notes == [] and found.get("profiles/x.md").modified


def test_a_shallow_clone_is_noted_not_failed(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True)
    found = history.lookup(clone, sorted((clone / "profiles").glob("*.md")))
    assert found.source == "git" and any("浅克隆" in note for note in found.notes)


def test_one_git_log_for_all_files_and_fast(tmp_path, monkeypatch):
    """2,000 profiles over 40 commits: one `git log` (and one rev-parse), not one per file."""
    root = tmp_path / "big"
    (root / "profiles").mkdir(parents=True)
    gitrepo.init(root)
    for batch in range(40):
        names = []
        for i in range(50):
            name = f"profiles/p{batch * 50 + i:05d}.md"
            (root / name).write_text(f"{batch}\n", encoding="utf-8")
            names.append(name)
        if batch % 10 == 9:  # and change some earlier ones again
            (root / "profiles" / "p00000.md").write_text(f"changed {batch}\n", encoding="utf-8")
            names.append("profiles/p00000.md")
        day = dt.date(2024, 1, 1) + dt.timedelta(days=batch)
        gitrepo.commit(root, names, f"{day.isoformat()}T10:00:00+08:00")
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(history.subprocess, "run", lambda cmd, **kw: calls.append(cmd) or real_run(cmd, **kw))
    paths = sorted((root / "profiles").glob("*.md"))
    start = time.perf_counter()
    found = history.lookup(root, paths)
    elapsed = time.perf_counter() - start
    assert [c[3] for c in calls] == ["rev-parse", "log"]
    assert len(found.dates) == 2000 and all(d.from_git for d in found.dates.values())
    first = found.get("profiles/p00000.md")
    assert (first.created, first.modified) == (dt.datetime(2024, 1, 1, 10, tzinfo=CST), dt.datetime(2024, 2, 9, 10, tzinfo=CST))
    assert elapsed < 2.0, f"{elapsed:.2f} s for 2,000 files"
    # A rebuild in the same process (serve) with the history unchanged reads no log again;
    # a new commit is read.
    calls.clear()
    assert history.lookup(root, paths).dates == found.dates
    assert [c[3] for c in calls] == ["rev-parse"]
    (root / "profiles" / "p01999.md").write_text("changed\n", encoding="utf-8")
    gitrepo.commit(root, ["profiles/p01999.md"], "2024-03-01T10:00:00+08:00")
    calls.clear()
    assert history.lookup(root, paths).get("profiles/p01999.md").modified == dt.datetime(2024, 3, 1, 10, tzinfo=CST)
    assert [c[3] for c in calls] == ["rev-parse", "log"]


# --- feeds, citations, sharing: from a library ---------------------------------------------------

@pytest.fixture(scope="module")
def library() -> Library:
    return Library.from_report(check_project(Project(ROOT)))


def fixed_dates(library: Library) -> dict[str, Dates]:
    """Each profile added on its own day, in the order of its id; every third changed later."""
    dates = {}
    for n, item in enumerate(sorted(library.items, key=lambda i: i.id)):
        created = dt.datetime(2025, 1, 1, 9, tzinfo=CST) + dt.timedelta(days=n)
        modified = created + dt.timedelta(days=100) if n % 3 == 0 else created
        dates[item.id] = Dates(created, modified, from_git=True)
    return dates


def test_atom_feed_newest_additions_first(library):
    dates = fixed_dates(library)
    entries = formats.atom_entries(feeds.atom(library, ADDRESS, dates))
    ids = sorted(library.by_id, key=lambda i: dates[i].created, reverse=True)
    assert [e["href"] for e in entries] == [f"{ADDRESS}profiles/{i}/" for i in ids]
    first = library.by_id[ids[0]]
    assert entries[0]["title"] == first.profile.title and entries[0]["summary"] == first.profile.summary
    assert entries[0]["published"] == dates[ids[0]].created and entries[0]["updated"] == dates[ids[0]].modified
    assert entries[0]["categories"] == first.profile.practices
    assert all(e["id"].startswith("urn:uuid:") for e in entries)  # stable if the site moves


def test_json_feed_matches_the_atom_feed(library):
    dates = fixed_dates(library)
    feed = formats.json_feed(feeds.json_feed(library, ADDRESS, dates))
    atom = formats.atom_entries(feeds.atom(library, ADDRESS, dates))
    assert feed["feed_url"] == ADDRESS + "feed.json" and feed["home_page_url"] == ADDRESS
    assert [i["id"] for i in feed["items"]] == [e["id"] for e in atom]
    assert [i["url"] for i in feed["items"]] == [e["href"] for e in atom]
    assert dt.datetime.fromisoformat(feed["items"][0]["date_published"]) == atom[0]["published"]


def test_feeds_without_an_address_are_relative(library):
    dates = fixed_dates(library)
    atom = feeds.atom(library, "", dates)
    feed = json.loads(feeds.json_feed(library, "", dates))
    assert not re.search(r'href="https?:', atom)
    assert "feed_url" not in feed and "home_page_url" not in feed
    assert all(item["url"] == f"profiles/{item['url'].split('/')[1]}/" for item in feed["items"])


def test_feeds_are_capped(library):
    assert len(formats.atom_entries(feeds.atom(library, ADDRESS, {}))) == min(len(library.items), feeds.LIMIT)


def hostile_item(library: Library, title: str, summary: str):
    item = library.items[0]
    profile = item.profile.model_copy(update={"title": title, "summary": summary})
    return type(item)(profile, item.body, item.source_path)


HOSTILE_TITLE = '样例</title><script>alert("x")</script> & {括号} \\ % $ # _ ^ ~ @string{x}\x01\x0b end'
HOSTILE_SUMMARY = "第一行\nER  - \nTY  - JOUR\n}, note = {注入"


def test_contributor_text_is_escaped_in_every_format(library):
    bad = hostile_item(library, HOSTILE_TITLE, HOSTILE_SUMMARY)
    small = Library([bad], library.vocab)
    dates = {bad.id: Dates(dt.datetime(2025, 1, 1, tzinfo=CST), dt.datetime(2025, 2, 1, tzinfo=CST), True)}
    visible = HOSTILE_TITLE.replace("\x01", "").replace("\x0b", "")
    # Atom: still one well-formed feed; the title reads back exactly (less what XML cannot hold).
    [entry] = formats.atom_entries(feeds.atom(small, ADDRESS, dates))
    assert entry["title"] == visible and entry["summary"] == HOSTILE_SUMMARY
    assert json.loads(feeds.json_feed(small, ADDRESS, dates))["items"][0]["title"] == HOSTILE_TITLE
    out = citations.files(small, ADDRESS, dates)
    # BibTeX: pybtex reads one entry with the expected fields; the title survives the escapes.
    entries = formats.bibtex(out[f"downloads/cite/{bad.id}.bib"])
    assert list(entries) == [bad.id]
    fields = entries[bad.id].fields
    assert formats.bib_plain(fields["title"]) == " ".join(visible.split())
    assert "note" in fields and "注入" not in fields["note"]
    # RIS: the summary's line breaks cannot start records or tags of their own.
    pairs = formats.ris(out[f"downloads/cite/{bad.id}.ris"])
    assert dict(pairs)["AB"] == " ".join(HOSTILE_SUMMARY.split())
    # CSL-JSON: a list of one item, text as written.
    [csl] = json.loads(out[f"downloads/cite/{bad.id}.json"])
    assert csl["title"] == HOSTILE_TITLE and csl["issued"] == {"date-parts": [[2025, 2, 1]]}


def test_every_profile_gets_three_citation_files_that_parse(library):
    dates = fixed_dates(library)
    out = citations.files(library, ADDRESS, dates)
    assert len(out) == 3 * len(library.items)
    for item in library.items:
        entries = formats.bibtex(out[f"downloads/cite/{item.id}.bib"])
        fields = entries[item.id].fields
        assert formats.bib_plain(fields["title"]) == item.profile.title
        assert fields["url"] == f"{ADDRESS}profiles/{item.id}/"
        assert fields["date"] == dates[item.id].modified.date().isoformat()
        pairs = dict(formats.ris(out[f"downloads/cite/{item.id}.ris"]))
        assert pairs["TY"] == "ELEC" and pairs["TI"] == item.profile.title and pairs["UR"] == fields["url"]
        [csl] = json.loads(out[f"downloads/cite/{item.id}.json"])
        assert csl["id"] == item.id and csl["type"] == "webpage" and csl["URL"] == fields["url"]


def test_citations_without_an_address_carry_the_page_path(library):
    item = library.items[0]
    out = citations.files(library, "", {})
    assert formats.bibtex(out[f"downloads/cite/{item.id}.bib"])[item.id].fields["url"] == f"profiles/{item.id}/"
    assert "date" not in formats.bibtex(out[f"downloads/cite/{item.id}.bib"])[item.id].fields  # no dates: none given
    assert dict(formats.ris(out[f"downloads/cite/{item.id}.ris"]))["UR"] == f"profiles/{item.id}/"
    assert not any("http" in text for text in out.values())


def test_json_ld_article_is_about_a_place_with_dates(library):
    item = library.by_id["fuqing-beida-hongse-wuye"]
    d = Dates(dt.datetime(2025, 1, 1, 9, tzinfo=CST), dt.datetime(2025, 3, 1, 9, tzinfo=CST), True)
    data = sharing.article(item, ADDRESS, d)
    assert data["@type"] == "Article" and data["headline"] == item.profile.title
    assert (data["dateCreated"], data["dateModified"]) == ("2025-01-01T09:00:00+08:00", "2025-03-01T09:00:00+08:00")
    place, chain = data["about"], []
    assert place["@type"] == "Place" and place["name"] == "北大社区"
    node = place
    while node:
        chain.append(node["name"])
        node = node.get("containedInPlace")
    assert chain == ["北大社区", "玉屏街道", "福清市", "福州市", "福建省", "中国"]
    assert data["url"] == f"{ADDRESS}profiles/{item.id}/"
    without = sharing.article(item, "", Dates(None, d.modified))
    assert "url" not in without and "dateCreated" not in without and "url" not in without["isPartOf"]
    og = dict(sharing.open_graph(item, "", d))
    assert og["og:type"] == "article" and "og:url" not in og


def test_robots_names_the_sitemap_only_with_an_address():
    assert "Sitemap: https://cases.test/sitemap.xml" in sharing.robots(ADDRESS)
    assert "Sitemap:" not in sharing.robots("").replace("# ", "")


# --- the site address -------------------------------------------------------------------------------

def test_mkdocs_yml_invents_no_address():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^site_url: !ENV (SITE_URL|\[SITE_URL, ?(null|\"\")\])$", text, re.M)
    assert not re.findall(r"https?://", text)


def test_site_url_comes_from_the_environment(monkeypatch):
    project = Project(ROOT)
    monkeypatch.delenv("SITE_URL", raising=False)
    assert engine.site_url(project) == ""
    monkeypatch.setenv("SITE_URL", ADDRESS)
    assert engine.site_url(project) == ADDRESS


def test_a_pack_without_an_address_names_left_out_profiles(tmp_project):
    from casebook.profile.packs import load_pack
    from casebook.site.handout import handout_html

    project = tmp_project(all_profiles=True)
    report = check_project(project)
    pack, problems = load_pack(project, "hongse-wuye-linli-fuwu", report)
    library = Library.from_report(report, pack.ids)
    pages = render_site(library, Options(site_url="", pack=pack, outside_links="online"))
    page = pages["profiles/fuqing-beida-linli-guanjia.md"]
    left_out = library.outside["fuqing-beida-hongse-ketang"].profile.title
    assert f"{left_out}{NOT_CONFIGURED}" in page.replace("\\", "")
    assert "https://" not in page.split("## 来源")[0] and "cb-online-only" not in page
    assert "本课包未收录的案例只列出标题" in pages["index.md"] and "SITE_URL" not in pages["index.md"]
    assert "（在线）" not in handout_html(library, pack, site_url="")
    online = render_site(library, Options(site_url=ADDRESS, pack=pack, outside_links="online"))
    assert f'href="{ADDRESS}profiles/fuqing-beida-hongse-ketang/"' in online["profiles/fuqing-beida-linli-guanjia.md"]


def test_a_large_pack_home_lists_the_first_profiles_and_points_to_the_rest(tmp_project, monkeypatch):
    from casebook.profile.packs import load_pack
    from casebook.site import render

    project = tmp_project(all_profiles=True)
    report = check_project(project)
    pack, _ = load_pack(project, "hongse-wuye-linli-fuwu", report)
    library = Library.from_report(report, pack.ids)
    links = re.compile(r"^- \[.*?\]\(profiles/", re.M)
    everything = render_site(library, Options(pack=pack))["index.md"]
    assert len(links.findall(everything)) == len(library.items) > 2
    assert "个案例中的前" not in everything
    monkeypatch.setattr(render, "PACK_HOME_LIST", 2)
    home = render_site(library, Options(pack=pack))["index.md"]
    assert len(links.findall(home)) == 2
    assert f"以上是本课包 {len(library.items)} 个案例中的前 2 个" in home
    assert "[筛选案例](explore/" in home.split("个案例中的前")[1]


@pytest.mark.parametrize("pdf", [True, False])
@pytest.mark.parametrize("site_url", ["", ADDRESS])
def test_a_pack_home_shows_each_card_on_its_own(tmp_project, pdf, site_url):
    """Five cards (handout, filter, regions, practices, search) whatever the pack
    holds: a line the template ends with a tag must not lose the blank line after it."""
    from casebook.profile.markup import render
    from casebook.profile.packs import load_pack

    project = tmp_project(all_profiles=True)
    report = check_project(project)
    pack, _ = load_pack(project, "hongse-wuye-linli-fuwu", report)
    library = Library.from_report(report, pack.ids)
    assert library.outside  # the line that names left-out profiles is there
    home = render_site(library, Options(site_url=site_url, pack=pack, pack_pdf=pdf))["index.md"]
    cards = render(home.split("---\n", 2)[2]).split('<div class="grid cards"')[1].split("</div>")[0]
    titles = re.findall(r"<li>\s*<p><span class=\"cb-icon cb-icon--(\w+)\"></span> <strong>(.*?)</strong></p>", cards)
    assert [(icon, re.sub(r"<.*?>", "", title)) for icon, title in titles] == [
        ("print", "打印讲义"), ("search", "筛选案例"), ("map", "按地区浏览"), ("tag", "按做法浏览"), ("search", "搜索")]
    assert ('href="handout.pdf"' in cards) == pdf


# --- class-pack zips published with the site ------------------------------------------------------

def fake_pack_zip(folder: Path, name: str, day: str, title: str = "课包<b>标题</b>") -> Path:
    import zipfile

    path = folder / f"{name}-{day}.zip"
    manifest = {"pack": {"name": name, "title": title}, "profiles": ["a", "b"], "built_at": f"{day}T08:00:00+00:00"}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}-{day}/index.html", "<html></html>")
        archive.writestr(f"{name}-{day}/manifest.json", json.dumps(manifest, ensure_ascii=False))
    return path


def test_pack_zips_newest_per_pack(tmp_path):
    fake_pack_zip(tmp_path, "p1", "2026-01-01")
    newest = fake_pack_zip(tmp_path, "p1", "2026-02-01")
    other = fake_pack_zip(tmp_path, "p2", "2026-01-15", "第二个")
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    zips = publish.pack_zips(tmp_path)
    assert [(z.path, z.title, z.count) for z in zips] == [(newest, "课包<b>标题</b>", 2), (other, "第二个", 2)]
    assert zips[0].target == f"downloads/packs/{newest.name}"


# --- deploy and citation metadata ----------------------------------------------------------------------

def test_pages_workflow_builds_with_the_pages_address_and_deploys():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert (workflow["permissions"]["pages"], workflow["permissions"]["id-token"]) == ("write", "write")
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert {"actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact",
            "actions/deploy-pages"} <= set(uses)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # dates come from the whole history
    pages_id = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages"))["id"]
    build = next(s for s in steps if "make build" in s.get("run", ""))
    assert build["env"]["SITE_URL"].startswith("${{ steps.%s.outputs.base_url }}" % pages_id)
    assert build["env"]["CASEBOOK_PACK_ZIPS"] == "build/bundles"
    bundles = next(s for s in steps if "make bundle" in s.get("run", ""))
    assert bundles["run"].strip() == "make bundles" and bundles["env"]["SITE_URL"] == build["env"]["SITE_URL"]
    # No file name of the repository passes through a shell in the job that may publish
    # (a pack named 'x; touch PWNED; #.yml' ran a command there).
    assert not any(re.search(r"\$\(|`|packs/\*", s.get("run", "")) for s in steps)
    assert steps.index(bundles) < steps.index(build)  # the site lists the zips it publishes
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"].rstrip("/") == "site"


def test_citation_cff_describes_the_library():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == "社区实践案例库" and cff["message"]
    assert cff["authors"] and all("name" in a or "family-names" in a for a in cff["authors"])
    assert cff["type"] in ("dataset", "software")
    assert "example" not in (ROOT / "CITATION.cff").read_text(encoding="utf-8")  # no invented address
    assert cff["license"] == yaml.safe_load((ROOT / "data" / "licence.yml").read_text(encoding="utf-8"))["spdx"]


def test_related_lists_in_a_pack_follow_its_policy_for_left_out_profiles(tmp_project):
    """The 做法相同 list is an HTML block (render.py target(), _macros.md.j2 link_html)."""
    from casebook.profile.packs import load_pack

    project = tmp_project(all_profiles=True)
    report = check_project(project)
    pack, _ = load_pack(project, "hongse-wuye-linli-fuwu", report)
    library = Library.from_report(report, pack.ids)
    outside_titles = {item.profile.title for item in library.outside.values()}
    for site_url in (ADDRESS, ""):
        pages = render_site(library, Options(site_url=site_url, pack=pack, outside_links="online"))
        rows = [row for path, text in pages.items() if path.startswith("profiles/")
                for block in re.findall(r'<ul class="cb-related">\n(.*?)</ul>', text, re.S)
                for row in block.splitlines()]
        left_out = [row for row in rows if any(title in row for title in outside_titles)]
        assert rows and left_out, site_url
        for row in left_out:
            if site_url:
                assert re.match(rf'<li><a class="cb-online-only" href="{re.escape(ADDRESS)}profiles/[a-z0-9-]+/" '
                                r'title="在线内容：课包未收录，需联网打开">', row), row
            else:
                assert "<a " not in row.split(" · ")[0] and NOT_CONFIGURED in row, row
        for row in rows:
            if row not in left_out:
                assert re.match(r'<li><a href="\.\./[a-z0-9-]+/">', row), row
