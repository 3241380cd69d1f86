"""Open data for researchers: the published profiles as JSON, their metrics as CSV.

Records are the schema's own dump (`Profile.model_dump`), so the export has the
same fields as the files and the reference page, and cannot drift from them.
Both carry the content licence (data/licence.yml): the JSON once at the top,
the CSV in a column, because a CSV row is often copied on its own.
The CSV carries a byte-order mark because Excel, which most readers will open
it with, takes UTF-8 without one for the local code page and garbles Chinese.
"""

from __future__ import annotations

import csv
import io
import json

from ..zh.numbers import plain
from .library import Item, Library

FOLDER = "downloads"
PROFILES_JSON = f"{FOLDER}/casebook-profiles.json"
METRICS_CSV = f"{FOLDER}/casebook-metrics.csv"

METRIC_COLUMNS = ["id", "title", "province", "city", "district", "street", "community", "date", "practices",
                  "label", "value", "unit", "approx", "quote", "source_title", "source_publisher",
                  "source_published", "url", "licence"]


def page_url(item: Item, site_url: str) -> str:
    """The profile's public address, or its site-relative path when no site_url is set."""
    path = f"profiles/{item.id}/"
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def profiles_json(library: Library, site_url: str = "") -> str:
    """One profile per line, built one at a time: 10,000 profiles' dicts never sit in memory together."""
    def record(item: Item) -> str:
        data = item.profile.model_dump(mode="json")
        for metric in data["metrics"]:
            metric["value"] = plain(metric["value"])
        data["url"] = page_url(item, site_url)
        data["body"] = item.body.strip()
        return json.dumps(data, ensure_ascii=False)

    lines = ",\n".join(library.per_item("json", item, site_url, lambda: record(item)) for item in library.items)
    licence = library.vocab.licence
    head = {"count": len(library.items)}
    if licence:
        head["licence"] = {"name": licence.name, "spdx": licence.spdx, "url": licence.url,
                           "attribution": licence.attribution, "excludes": licence.excludes}
    return json.dumps(head, ensure_ascii=False)[:-1] + f', "profiles": [\n{lines}\n]}}\n'


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP,
# "CSV Injection"): such cells get a leading apostrophe, which Excel hides.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def metrics_csv(library: Library, site_url: str = "") -> str:
    """A row per metric. Each profile's rows are written on their own, so that `serve`
    writes again only an edited profile's (library.per_item)."""
    licence = library.vocab.licence.spdx if library.vocab.licence else ""

    def rows(item: Item) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        p, r = item.profile, item.profile.region
        source = p.sources[0]
        for m in p.metrics:
            writer.writerow(cell(v) for v in [
                p.id, p.title, r.province, r.city, r.district, r.street or "", r.community or "", str(p.date),
                "、".join(p.practices), m.label, plain(m.value), m.unit, "true" if m.approx else "false", m.quote,
                source.title or "", source.publisher or "", str(source.published), page_url(item, site_url),
                licence,
            ])
        return out.getvalue()

    head = io.StringIO()
    csv.writer(head).writerow(METRIC_COLUMNS)
    body = "".join(library.per_item("csv", item, (site_url, licence), lambda: rows(item)) for item in library.items)
    return "\ufeff" + head.getvalue() + body


def files(library: Library, site_url: str = "") -> dict[str, str]:
    return {PROFILES_JSON: profiles_json(library, site_url), METRICS_CSV: metrics_csv(library, site_url)}
