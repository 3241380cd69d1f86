"""The built site as published: with SITE_URL from a git checkout (the deploy),
and without an address outside git (a local build from a copy).

With SITE_URL=https://cases.test/ the site has no example.org anywhere, every
absolute address the build makes starts with that address, the feeds parse,
every profile has three citation files that parse, the Open Graph and JSON-LD
blocks parse, and sitemap.xml's lastmod follows each profile's history.
Without an address, there is no absolute address at all."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from casebook.site.build import build

import formats
import gitrepo
from conftest import make_project
from test_publish import fake_pack_zip

pytestmark = pytest.mark.slow

ADDRESS = "https://cases.test/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Identifiers of formats, not addresses of anything on this site.
NAMESPACES = ("http://www.w3.org/2005/Atom", "https://jsonfeed.org/version/1.1", "https://schema.org",
              "http://www.sitemaps.org/schemas/sitemap/0.9")
# Three profiles with histories of their own; every other profile came in the first commit.
FIRST = "2025-01-10T09:00:00+08:00"
HISTORIES = {
    "jinan-yunhai-sidianban-ketang": ("2025-02-01T10:00:00+08:00", "2025-02-01T10:00:00+08:00"),
    "fuqing-beida-hongse-wuye": ("2025-03-05T11:00:00+08:00", "2025-06-30T15:30:00+08:00"),
    "weifang-gaoxin-shuji-sixianghui": ("2025-04-20T08:00:00+08:00", "2025-04-20T08:00:00+08:00"),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The project as a git checkout with dated commits, built with SITE_URL and a pack zip to publish."""
    project = make_project(tmp_path_factory.mktemp("published"), all_profiles=True)
    root = project.root
    later = {pid: root / "profiles" / f"{pid}.md" for pid in HISTORIES}
    kept = {pid: path.read_text(encoding="utf-8") for pid, path in later.items()}
    for path in later.values():
        path.unlink()
    gitrepo.init(root)
    gitrepo.commit(root, ["."], FIRST, "the library")
    for pid, (added, changed) in sorted(HISTORIES.items(), key=lambda x: x[1][0]):
        later[pid].write_text(kept[pid], encoding="utf-8")
        gitrepo.commit(root, [f"profiles/{pid}.md"], added, f"add {pid}")
    for pid, (added, changed) in HISTORIES.items():
        if changed != added:
            later[pid].write_text(kept[pid] + "\n", encoding="utf-8")
            gitrepo.commit(root, [f"profiles/{pid}.md"], changed, f"edit {pid}")
    zips = tmp_path_factory.mktemp("zips")
    pack_zip = fake_pack_zip(zips, "hongse-wuye-linli-fuwu", "2026-12-01", "红色物业课包")
    assert build(project, quiet=True, env={"SITE_URL": ADDRESS, "CASEBOOK_PACK_ZIPS": str(zips)}) == 0
    return project, project.site_dir, pack_zip


def profile_ids(site: Path) -> list[str]:
    return sorted(p.parent.name for p in (site / "profiles").glob("*/index.html"))


def text_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".bib", ".ris", ".csv", ".js"):
            yield path, path.read_text(encoding="utf-8", errors="replace")


def test_no_placeholder_address_anywhere(published, built_site):
    for site in (published[1], built_site[1]):
        for path, text in text_files(site):
            assert "example.org" not in text, path
        for path in site.rglob("*.gz"):
            assert b"example.org" not in gzip.decompress(path.read_bytes()), path


def made_addresses(site: Path, written: str) -> list[tuple[str, str]]:
    """Every absolute address the build wrote: in page attributes and JSON-LD, the
    feeds, the sitemap, robots.txt and the downloads; not those people wrote."""
    found = []
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        urls = formats.ABSOLUTE_IN_HTML.findall(text)
        for block in formats.head(text).jsonld:
            urls += re.findall(r'"(https?://[^"]+)"', block)
        found += [(str(path.relative_to(site)), u) for u in urls if u not in written and u not in NAMESPACES]
    for name in ("feed.xml", "feed.json", "sitemap.xml", "robots.txt", "downloads/casebook-profiles.json",
                 "downloads/casebook-metrics.csv", *(f"downloads/cite/{n}" for n in
                                                     sorted(p.name for p in (site / "downloads" / "cite").iterdir()))):
        path = site / name
        if path.exists():
            for url in re.findall(r"https?://[^\s\"'<>{}]+", path.read_text(encoding="utf-8")):
                url = url.rstrip(".,;)")
                if url not in written and url not in NAMESPACES:
                    found.append((name, url))
    return found


def test_every_address_the_build_makes_starts_with_site_url(published):
    project, site, _ = published
    made = made_addresses(site, formats.written_addresses(project.root))
    assert made, "the published site names its own address"
    assert [(where, url) for where, url in made if not url.startswith(ADDRESS)] == []
    home = formats.head((site / "index.html").read_text(encoding="utf-8"))
    assert home.canonical == ADDRESS and dict(home.og)["og:url"] == ADDRESS


def test_without_an_address_nothing_absolute_is_made(built_site):
    project, site = built_site
    assert made_addresses(site, formats.written_addresses(project.root)) == []
    page = formats.head((site / "profiles" / "fuqing-beida-hongse-wuye" / "index.html").read_text(encoding="utf-8"))
    assert page.canonical is None and "og:url" not in dict(page.og)
    assert "url" not in json.loads(page.jsonld[0])
    assert ET.parse(site / "sitemap.xml").getroot().findall(SITEMAP + "url") == []
    assert "Sitemap:" not in (site / "robots.txt").read_text(encoding="utf-8").replace("# ", "")
    cite = (site / "profiles" / "fuqing-beida-hongse-wuye" / "index.html").read_text(encoding="utf-8")
    assert "[引用日期]. profiles/fuqing-beida-hongse-wuye/.</code>" in cite


def test_feeds_parse_and_list_the_newest_additions_first(published):
    _, site, _ = published
    entries = formats.atom_entries((site / "feed.xml").read_text(encoding="utf-8"))
    order = sorted(HISTORIES, key=lambda pid: HISTORIES[pid][0], reverse=True)
    assert [e["href"] for e in entries[:3]] == [f"{ADDRESS}profiles/{pid}/" for pid in order]
    wuye = next(e for e in entries if e["href"].endswith("/fuqing-beida-hongse-wuye/"))
    added, changed = (dt.datetime.fromisoformat(x) for x in HISTORIES["fuqing-beida-hongse-wuye"])
    assert (wuye["published"], wuye["updated"]) == (added, changed)
    feed = formats.json_feed((site / "feed.json").read_text(encoding="utf-8"))
    assert [i["url"] for i in feed["items"]] == [e["href"] for e in entries]
    assert feed["feed_url"] == ADDRESS + "feed.json"


def test_every_page_head_links_the_feeds_and_the_home_page_shows_them(published):
    _, site, _ = published
    for path in site.rglob("*.html"):
        links = {a["type"]: a["href"] for a in formats.head(path.read_text(encoding="utf-8")).alternates}
        assert links.get("application/atom+xml", "").endswith("feed.xml"), path
        assert links.get("application/feed+json", "").endswith("feed.json"), path
        # Not rel="alternate" alone: Material would fetch sitemap.xml for each such link.
        assert 'rel="alternate"' not in path.read_text(encoding="utf-8"), path
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="feed.xml"' in home and 'href="feed.json"' in home


def test_every_profile_has_three_citation_files_that_parse(published):
    _, site, _ = published
    ids = profile_ids(site)
    assert len(ids) == 25
    for pid in ids:
        page = (site / "profiles" / pid / "index.html").read_text(encoding="utf-8")
        for kind in ("bib", "ris", "json"):
            assert f'href="../../downloads/cite/{pid}.{kind}"' in page, (pid, kind)
        fields = formats.bibtex((site / "downloads" / "cite" / f"{pid}.bib").read_text(encoding="utf-8"))[pid].fields
        assert fields["url"] == f"{ADDRESS}profiles/{pid}/"
        pairs = dict(formats.ris((site / "downloads" / "cite" / f"{pid}.ris").read_text(encoding="utf-8")))
        assert pairs["UR"] == fields["url"]
        [csl] = json.loads((site / "downloads" / "cite" / f"{pid}.json").read_text(encoding="utf-8"))
        assert csl["URL"] == fields["url"]
    added, changed = HISTORIES["fuqing-beida-hongse-wuye"]
    fields = formats.bibtex((site / "downloads" / "cite" / "fuqing-beida-hongse-wuye.bib").read_text(encoding="utf-8"))
    assert fields["fuqing-beida-hongse-wuye"].fields["date"] == changed[:10]


def test_open_graph_and_json_ld_parse_and_describe_the_profile(published):
    project, site, _ = published
    from casebook.profile.validate import check_project
    from casebook.site.library import Library

    library = Library.from_report(check_project(project))
    for item in library.items:
        head = formats.head((site / "profiles" / item.id / "index.html").read_text(encoding="utf-8"))
        og = dict(head.og)
        assert (og["og:type"], og["og:title"], og["og:description"]) == ("article", item.profile.title, item.profile.summary)
        assert og["og:url"] == head.canonical == f"{ADDRESS}profiles/{item.id}/"
        [block] = head.jsonld
        data = json.loads(block)
        assert data["@type"] == "Article" and data["headline"] == item.profile.title
        assert data["about"]["@type"] == "Place" and data["url"] == og["og:url"]
        assert data["dateCreated"] and data["dateModified"]
    data = json.loads(formats.head((site / "profiles" / "fuqing-beida-hongse-wuye" / "index.html")
                                   .read_text(encoding="utf-8")).jsonld[0])
    added, changed = (dt.datetime.fromisoformat(x) for x in HISTORIES["fuqing-beida-hongse-wuye"])
    assert dt.datetime.fromisoformat(data["dateCreated"]) == added
    assert dt.datetime.fromisoformat(data["dateModified"]) == changed


def test_sitemap_lastmod_follows_each_profile_s_history(published):
    _, site, _ = published
    root = ET.parse(site / "sitemap.xml").getroot()
    lastmod = {u.find(SITEMAP + "loc").text: dt.datetime.fromisoformat(u.find(SITEMAP + "lastmod").text)
               for u in root.findall(SITEMAP + "url")}
    assert all(loc.startswith(ADDRESS) for loc in lastmod)
    first = dt.datetime.fromisoformat(FIRST)
    assert lastmod[f"{ADDRESS}profiles/jinan-xingfu-yigong/"] == first
    for pid, (added, changed) in HISTORIES.items():
        assert lastmod[f"{ADDRESS}profiles/{pid}/"] == dt.datetime.fromisoformat(changed)
    assert len({lastmod[f"{ADDRESS}profiles/{pid}/"] for pid in [*HISTORIES, "jinan-xingfu-yigong"]}) == 4
    # A listing page changed when the newest profile did.
    assert lastmod[ADDRESS + "regions/"] == max(dt.datetime.fromisoformat(c) for _, c in HISTORIES.values())
    assert (site / "robots.txt").read_text(encoding="utf-8").splitlines()[-1] == f"Sitemap: {ADDRESS}sitemap.xml"


def test_profiles_show_when_they_were_added_and_changed(published, built_site):
    _, site, _ = published
    page = (site / "profiles" / "fuqing-beida-hongse-wuye" / "index.html").read_text(encoding="utf-8")
    assert ('收录于 <time datetime="2025-03-05T11:00:00+08:00">2025年3月5日</time> · '
            '更新于 <time datetime="2025-06-30T15:30:00+08:00">2025年6月30日</time>') in page
    assert "(2025-06-30)[引用日期]. https://cases.test/profiles/fuqing-beida-hongse-wuye/." in page
    # Outside git: the file's own modification time, and no claim about when it was added.
    page = (built_site[1] / "profiles" / "fuqing-beida-hongse-wuye" / "index.html").read_text(encoding="utf-8")
    assert "更新于 <time" in page and "收录于" not in page


def test_pack_zips_are_published_and_listed(published):
    _, site, pack_zip = published
    copy = site / "downloads" / "packs" / pack_zip.name
    assert copy.read_bytes() == pack_zip.read_bytes()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="downloads/packs/{pack_zip.name}">红色物业课包</a>' in home
