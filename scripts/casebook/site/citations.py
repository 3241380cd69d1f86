"""Citation files for every profile: BibTeX, RIS and CSL-JSON, beside the
GB/T 7714 line the page itself shows ("引用本页").

    downloads/cite/<id>.bib    BibTeX (@misc, readable by BibTeX and biblatex)
    downloads/cite/<id>.ris    RIS (EndNote, NoteExpress, Zotero)
    downloads/cite/<id>.json   CSL-JSON (Zotero, Pandoc, citeproc)

The first two come from templates (templates/cite.*.j2) that put every field
through a filter escaping it for its format; CSL-JSON is json.dumps. The date
is the profile's last change (更新于), as GB/T 7714 asks of an online
resource; the address is the public one, or the page's site-relative path when
no address is configured.
"""

from __future__ import annotations

import json
import re

from jinja2 import Environment

from .. import templating
from .export import page_url
from .history import Dates
from .library import Item, Library
from .render import TEMPLATES, cite_path

LIBRARY = "社区实践案例库"
KINDS = ("bib", "ris", "json")

# Characters no text format here can carry: C0 controls but tab and newline, DEL, C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIB = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%", "&": r"\&",
        "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
_BIB_RE = re.compile("|".join(re.escape(c) for c in _BIB))


def one_line(value: object) -> str:
    """Text on one line, without control characters."""
    return " ".join(_CONTROL.sub("", str(value)).split())


def bib_text(value: object) -> str:
    """A BibTeX field's text: LaTeX specials as commands. Braces become \\textbraceleft{}
    rather than \\{, because BibTeX counts braces whatever precedes them."""
    return _BIB_RE.sub(lambda m: _BIB[m.group(0)], one_line(value))


def bib_url(value: object) -> str:
    """An address in a BibTeX url field (taken verbatim): characters that could end the field, percent-encoded."""
    return re.sub(r'[\s{}\\"]', lambda m: "%{:02X}".format(ord(m.group(0))), one_line(value))


def environment() -> Environment:
    env = templating.environment(TEMPLATES)
    env.filters["bib"] = bib_text
    env.filters["bib_url"] = bib_url
    env.filters["ris"] = one_line
    env.filters["braces"] = braces
    return env


def braces(value: object, depth: int = 1, open_only: bool = False) -> str:
    """A BibTeX value delimited by `depth` pairs of braces (an entry key: one opening brace)."""
    if open_only:
        return "{" + str(value)
    return "{" * depth + str(value) + "}" * depth


def record(item: Item, site_url: str, dates: Dates | None) -> dict:
    """What every format says about a profile, in plain values."""
    p = item.profile
    when = dates.modified if dates else None
    sources = []
    for s in p.sources:
        title = f"《{s.title}》" if s.title else "（原文无标题）"
        sources.append(f"{title}（{s.publisher or '发布单位未注明'}，{s.published.display()}）")
    return {
        "id": p.id, "title": p.title, "summary": p.summary, "url": page_url(item, site_url),
        "date": when.date() if when else None, "practices": list(p.practices),
        "note": f"地区：{place_name(item)}。编者依据" + "、".join(sources) + "整理，数字以原文为准",
    }


def place_name(item: Item) -> str:
    """福建省福州市福清市玉屏街道北大社区; a municipality is named once (北京市, not 北京市北京市)."""
    r = item.profile.region
    parts: list[str] = []
    for name in (r.province, r.city, r.district, r.street, r.community):
        if name and (not parts or parts[-1] != name):
            parts.append(name)
    return "".join(parts)


def csl_json(data: dict) -> str:
    item = {
        "id": data["id"], "type": "webpage", "title": data["title"], "author": [{"literal": LIBRARY}],
        "container-title": LIBRARY, "publisher": LIBRARY, "URL": data["url"], "abstract": data["summary"],
        "keyword": ", ".join(data["practices"]), "note": data["note"], "language": "zh-CN",
    }
    if data["date"]:
        day = data["date"]
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
    # Compact: json's C encoder (indent would take the pure-Python one, 1 s more at 10,000 profiles).
    return json.dumps([item], ensure_ascii=False) + "\n"


def files(library: Library, site_url: str, dates: dict[str, Dates]) -> dict[str, str]:
    """{downloads/cite/<id>.<kind>: text} for every profile of the build."""
    env = environment()
    bib, ris = env.get_template("cite.bib.j2"), env.get_template("cite.ris.j2")
    out: dict[str, str] = {}

    def three(item: Item) -> tuple[str, str, str]:
        data = record(item, site_url, dates.get(item.id))
        # RIS lines end in CR LF, as EndNote on Windows expects; other readers take either.
        return (bib.render(c=data, library=LIBRARY), ris.render(c=data, library=LIBRARY).replace("\n", "\r\n"),
                csl_json(data))

    for item in library.items:
        texts = library.per_item("cite", item, (site_url, dates.get(item.id)), lambda: three(item))
        for kind, text in zip(("bib", "ris", "json"), texts):
            out[cite_path(item, kind)] = text
    return out
