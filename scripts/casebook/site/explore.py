"""The explore page (explore/): province, city, practice and year filters
combined, sorted three ways, with the filter state in the URL.

The page itself is a form in a trusted fragment plus links to the listings for
readers without JavaScript; assets/javascripts/casebook-explore.js does the
filtering in the browser over explore/data.js, which this module writes. The
data is a script that sets a global rather than a JSON file to fetch, because
Chromium refuses fetch() from file:// and class packs open from there. It holds
only what the filters and the result list need, with provinces, cities and
practices as indexes: about 160 bytes a profile (1.6 MB at 10,000, a quarter
of that gzipped).
"""

from __future__ import annotations

import json

from .library import Library

PAGE = "explore/index.md"
DATA = "explore/data.js"
SCRIPT = "assets/javascripts/casebook-explore.js"
GLOBAL = "casebookExplore"


def data(library: Library) -> dict:
    """Provinces (GB/T 2260 order), cities (by province, then name), practices
    (vocabulary order) and one row per profile, newest first:
    [id, title, city index, district and place, year or null, date as shown, practice indexes]."""
    order = {p.name: i for i, p in enumerate(library.vocab.provinces)}
    provinces = sorted({i.profile.region.province for i in library.items}, key=order.__getitem__)
    province_index = {name: i for i, name in enumerate(provinces)}
    cities = sorted({(province_index[i.profile.region.province], i.profile.region.city) for i in library.items})
    city_index = {key: i for i, key in enumerate(cities)}
    used = {name for i in library.items for name in i.profile.practices}
    practices = [p.name for p in library.vocab.practices if p.name in used]
    practice_index = {name: i for i, name in enumerate(practices)}
    rows = []
    for item in library.items:  # newest first (Item.sort_key)
        p, r = item.profile, item.profile.region
        local = "".join(x for x in (r.street, r.community) if x)
        rows.append([
            p.id, p.title, city_index[(province_index[r.province], r.city)],
            r.district + (" " + local if local else ""), p.date.year, p.date.display(),
            [practice_index[name] for name in dict.fromkeys(p.practices)],
        ])
    return {"provinces": provinces, "cities": [list(c) for c in cities], "practices": practices, "items": rows}


def script(library: Library) -> str:
    """explore/data.js: the data as a global. `<` is escaped, so that no text in it
    could close a script element, were the file ever inlined."""
    text = json.dumps(data(library), ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{GLOBAL}={text};\n"


def files(library: Library) -> dict[str, str]:
    return {DATA: script(library)}


def pages(renderer) -> dict[str, str]:
    """The page; its select boxes are filled in the browser, from the data."""
    lib = renderer.library
    sample = lib.items[0].id if lib.items else ""
    return {PAGE: renderer.render("explore.md.j2", PAGE, sample=sample, data_js=DATA, script=SCRIPT)}
