"""What a profile tells the sites it is shared on and search engines: Open
Graph properties (the card WeChat and others draw for a link) and a JSON-LD
block (schema.org `Article`, about a place). Also robots.txt.

Plain data here, from the profile itself, never from the page's escaped
metadata: the theme template (overrides/main.html) escapes each Open Graph
value for its attribute and serialises the JSON-LD with `tojson`, which
escapes <, > and & so that no text can close the script element.
"""

from __future__ import annotations

from .export import page_url
from .history import Dates
from .library import Item

LIBRARY = "社区实践案例库"
LEVELS = ("province", "city", "district", "street", "community")


def open_graph(item: Item, site_url: str, dates: Dates | None) -> list[tuple[str, str]]:
    """(property, content) pairs; og:url only when the site has an address."""
    p = item.profile
    pairs = [("og:type", "article"), ("og:site_name", LIBRARY), ("og:locale", "zh_CN"),
             ("og:title", p.title), ("og:description", p.summary)]
    if site_url:
        pairs.append(("og:url", page_url(item, site_url)))
    if dates and dates.created:
        pairs.append(("article:published_time", dates.created.isoformat()))
    if dates and dates.modified:
        pairs.append(("article:modified_time", dates.modified.isoformat()))
    pairs += [("article:tag", name) for name in p.practices]
    return pairs


def home_open_graph(site_url: str, description: str) -> list[tuple[str, str]]:
    pairs = [("og:type", "website"), ("og:site_name", LIBRARY), ("og:locale", "zh_CN"),
             ("og:title", LIBRARY), ("og:description", description)]
    if site_url:
        pairs.append(("og:url", site_url.rstrip("/") + "/"))
    return pairs


def place(item: Item) -> dict:
    """The finest place the profile names, inside the coarser ones, ending in China.
    A municipality's city level repeats its province and is given once."""
    r = item.profile.region
    names: list[str] = []
    for level in LEVELS:
        name = getattr(r, level)
        if name and (not names or names[-1] != name):
            names.append(name)
    node: dict = {"@type": "Country", "name": "中国"}
    for index, name in enumerate(names):
        node = {"@type": "Place" if index == len(names) - 1 else "AdministrativeArea", "name": name,
                "containedInPlace": node}
    node["address"] = {"@type": "PostalAddress", "addressCountry": "CN", "addressRegion": r.province,
                       "addressLocality": r.city}
    return node


def article(item: Item, site_url: str, dates: Dates | None) -> dict:
    """schema.org Article for a profile page, as JSON-LD."""
    p = item.profile
    data: dict = {
        "@context": "https://schema.org", "@type": "Article", "headline": p.title, "name": p.title,
        "description": p.summary, "inLanguage": "zh-CN", "keywords": list(p.practices),
        "about": place(item),
        "author": {"@type": "Organization", "name": LIBRARY},
        "publisher": {"@type": "Organization", "name": LIBRARY},
        "isPartOf": {"@type": "WebSite", "name": LIBRARY, **({"url": site_url.rstrip("/") + "/"} if site_url else {})},
        "isBasedOn": [source(s) for s in p.sources],
    }
    if site_url:
        data["url"] = data["mainEntityOfPage"] = page_url(item, site_url)
    if dates and dates.created:
        data["dateCreated"] = data["datePublished"] = dates.created.isoformat()
    if dates and dates.modified:
        data["dateModified"] = dates.modified.isoformat()
    return data


def source(s) -> dict:
    """A source report as a CreativeWork: its title, publisher, date and address when known."""
    work: dict = {"@type": "CreativeWork"}
    if s.title:
        work["name"] = s.title
    if s.publisher:
        work["publisher"] = {"@type": "Organization", "name": s.publisher}
    if s.author:
        work["author"] = s.author
    if s.published.year is not None:
        work["datePublished"] = s.published.iso() or str(s.published)
    if s.url:
        work["url"] = s.url
    return work


def robots(site_url: str) -> str:
    """Everything may be crawled; the sitemap is named when the site has an address
    (a sitemap's address must be absolute). Crawlers read robots.txt only at a host's
    root: a site in a sub-folder (GitHub project pages) needs it there instead."""
    lines = ["# 社区实践案例库", "User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    else:
        lines.append("# 没有配置站点地址（SITE_URL），因此不列出 sitemap.xml")
    return "\n".join(lines) + "\n"
