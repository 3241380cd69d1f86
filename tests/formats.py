"""Readers for what publishing writes, strict enough to fail on a malformed
file (not collected): Atom 1.0, JSON Feed 1.1, BibTeX (pybtex), RIS, and the
head of a built page (Open Graph and JSON-LD)."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

ATOM = "{http://www.w3.org/2005/Atom}"


def one(parent: ET.Element, tag: str) -> ET.Element:
    found = parent.findall(ATOM + tag)
    assert len(found) == 1, f"<{tag}> appears {len(found)} times in <{parent.tag}>"
    return found[0]


def rfc3339(text: str) -> dt.datetime:
    when = dt.datetime.fromisoformat(text)
    assert when.tzinfo is not None, f"{text}: an Atom date needs a time zone"
    return when


def atom_entries(text: str) -> list[dict]:
    """The feed's entries after checking what RFC 4287 requires of a feed and its entries."""
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == ATOM + "feed"
    for tag in ("id", "title", "updated"):
        one(root, tag)
    rfc3339(one(root, "updated").text)
    feed_author = root.findall(ATOM + "author")
    entries = []
    for entry in root.findall(ATOM + "entry"):
        assert feed_author or entry.findall(ATOM + "author"), "an entry without an author in a feed without one"
        links = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
        assert len(links) == 1
        published = entry.findall(ATOM + "published")
        entries.append({
            "id": one(entry, "id").text, "title": one(entry, "title").text or "",
            "updated": rfc3339(one(entry, "updated").text),
            "published": rfc3339(published[0].text) if published else None,
            "href": links[0].get("href"), "summary": one(entry, "summary").text or "",
            "categories": [c.get("term") for c in entry.findall(ATOM + "category")],
        })
    assert len({e["id"] for e in entries}) == len(entries), "entry ids must be unique"
    return entries


def json_feed(text: str) -> dict:
    feed = json.loads(text)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and isinstance(feed["items"], list)
    for item in feed["items"]:
        assert isinstance(item["id"], str) and ("content_text" in item or "content_html" in item)
    return feed


def bibtex(text: str):
    """The entries as pybtex reads them, in strict mode: any syntax error raises."""
    import pybtex.errors
    from pybtex.database import parse_string

    pybtex.errors.set_strict_mode(True)
    return parse_string(text, "bibtex").entries


# What citations.bib_text writes for each special character, undone.
BIB_UNESCAPE = [(r"\textbraceleft{}", "{"), (r"\textbraceright{}", "}"), (r"\textbackslash{}", "\\"),
                (r"\textasciicircum{}", "^"), (r"\textasciitilde{}", "~"), (r"\%", "%"), (r"\&", "&"),
                (r"\$", "$"), (r"\#", "#"), (r"\_", "_")]


def bib_plain(value: str) -> str:
    value = value.removeprefix("{").removesuffix("}") if value.startswith("{") else value
    # Undo in one pass, so that an unescaped result is never unescaped again.
    pattern = re.compile("|".join(re.escape(a) for a, _ in BIB_UNESCAPE))
    table = dict(BIB_UNESCAPE)
    return pattern.sub(lambda m: table[m.group(0)], value)


RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - (.*)$")


def ris(text: str) -> list[tuple[str, str]]:
    """(tag, value) pairs of a single RIS record; every line is a tag line."""
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    assert lines[0].startswith("TY  - ") and lines[-1] == "ER  - ", (lines[0], lines[-1])
    pairs = []
    for line in lines:
        assert RIS_LINE.match(line), f"not a RIS tag line: {line!r}"
        pairs.append((line[:2], line[6:]))
    assert [t for t, _ in pairs].count("TY") == 1 and [t for t, _ in pairs].count("ER") == 1
    return pairs


class Head(HTMLParser):
    """Open Graph properties, alternate links, the canonical link and JSON-LD blocks of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.og: list[tuple[str, str]] = []
        self.alternates: list[dict] = []
        self.canonical: str | None = None
        self.jsonld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("property"):
            self.og.append((a["property"], a.get("content") or ""))
        if tag == "link" and "alternate" in (a.get("rel") or "").split():
            self.alternates.append(a)
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.jsonld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.jsonld[-1] += data


def head(html: str) -> Head:
    parser = Head()
    parser.feed(html)
    parser.close()
    return parser


def written_addresses(root) -> str:
    """Everything people wrote that a page may show an address from: the profiles (their
    sources), the hand-written pages and CONTRIBUTING.md. Any other absolute address on a
    page is one the build made."""
    from pathlib import Path

    root = Path(root)
    paths = [*root.glob("profiles/*.md"), *root.glob("docs/**/*.md"), root / "CONTRIBUTING.md"]
    return "\n".join(p.read_text(encoding="utf-8") for p in paths if p.is_file())


ABSOLUTE_IN_HTML = re.compile(r'(?:href|src|content|action)="(https?://[^"]+)"')
