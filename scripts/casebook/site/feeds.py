"""Feeds of newly added profiles at the site root: `feed.xml` (Atom 1.0) and
`feed.json` (JSON Feed 1.1), newest additions first.

The Atom feed comes from an autoescaped template (templates/feed.xml.j2), the
JSON Feed from json.dumps: contributor text is never spliced into markup by
hand. Entry ids are `urn:uuid:` names derived from the profile id, so that a
reader keeps recognising an entry when the site moves to another address.
Without a site address the links are relative to the feed, which sits at the
site root (RFC 4287 resolves them against the feed's own address).

Class packs have no feeds: nothing there could be subscribed to.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid

from .. import templating
from .export import page_url
from .history import CST, Dates
from .library import Item, Library
from .render import TEMPLATES

ATOM = "feed.xml"
JSON_FEED = "feed.json"
TITLE = "社区实践案例库 · 新收录的案例"
DESCRIPTION = "社区实践案例库新收录和更新的案例：每个案例是一个地方的一项社区治理做法。"
LIMIT = 50  # entries per feed: readers need what is new, not the whole library
# Fixed namespace for the entries' urn:uuid ids (uuid5 of the profile id).
NAMESPACE = uuid.UUID("6f4f2a52-5d0e-4f4e-9a53-0c1d3d6b2a14")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=CST)
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def entry_id(item: Item) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, item.id)}"


def xml_text(value: object) -> str:
    """Text XML can hold; the template's autoescape then escapes it."""
    return _NOT_XML.sub("", str(value))


def newest_additions(library: Library, dates: dict[str, Dates], limit: int = LIMIT) -> list[tuple[Item, Dates]]:
    """Newest additions first (收录于; the last change where that is unknown), then latest change, then id."""
    def key(pair: tuple[Item, Dates]) -> tuple:
        item, d = pair
        return (-(d.created or d.modified or EPOCH).timestamp(), -(d.modified or EPOCH).timestamp(), item.id)

    pairs = [(item, dates.get(item.id) or Dates(None, None)) for item in library.items]
    return sorted(pairs, key=key)[:limit]


def _base(site_url: str) -> str:
    return site_url.rstrip("/") + "/" if site_url else ""


def atom(library: Library, site_url: str, dates: dict[str, Dates]) -> str:
    env = templating.environment(TEMPLATES)
    env.filters["xml"] = xml_text
    entries = newest_additions(library, dates)
    updated = max((d.modified or d.created or EPOCH for _, d in entries), default=EPOCH)
    return env.get_template("feed.xml.j2").render(
        title=TITLE, description=DESCRIPTION, base=_base(site_url), feed_id=f"urn:uuid:{uuid.uuid5(NAMESPACE, ATOM)}",
        updated=updated, entries=[(item, d, entry_id(item), page_url(item, site_url)) for item, d in entries])


def json_feed(library: Library, site_url: str, dates: dict[str, Dates]) -> str:
    base = _base(site_url)
    feed: dict = {"version": "https://jsonfeed.org/version/1.1", "title": TITLE, "description": DESCRIPTION,
                  "language": "zh-CN", "authors": [{"name": "社区实践案例库"}]}
    if base:
        feed["home_page_url"] = base
        feed["feed_url"] = base + JSON_FEED
    items = []
    for item, d in newest_additions(library, dates):
        p = item.profile
        entry = {"id": entry_id(item), "url": page_url(item, site_url), "title": p.title, "summary": p.summary,
                 "content_text": p.summary, "tags": list(p.practices)}
        if d.created or d.modified:
            entry["date_published"] = (d.created or d.modified).isoformat()
        if d.modified:
            entry["date_modified"] = d.modified.isoformat()
        items.append(entry)
    feed["items"] = items
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def files(library: Library, site_url: str, dates: dict[str, Dates]) -> dict[str, str]:
    return {ATOM: atom(library, site_url, dates), JSON_FEED: json_feed(library, site_url, dates)}
