"""The printable handout of a class pack: one self-contained HTML page (cover,
contents, every profile with its metrics and source). `packs.pdf` prints it."""

from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup

from ..profile import markup
from ..profile.checks import PROFILE_LINK_RE
from ..zh.dates import PartialDate
from .library import Item, Library
from .render import NOT_CONFIGURED, environment


def handout_html(library: Library, pack, *, site_url: str = "", today: dt.date | None = None) -> str:
    env = environment()
    site_url = site_url or ""

    def body_html(item: Item) -> Markup:
        def link(match: re.Match) -> str:
            text, ref, anchor = match.group(1), match.group(2), match.group(3) or ""
            if ref in library.by_id:
                return f"[{text}](#p-{ref})"
            if ref in library.outside and pack.outside_links == "online" and site_url:
                return f"[{text}（在线）]({site_url.rstrip('/')}/profiles/{ref}/{anchor})"
            if ref in library.outside and pack.outside_links == "online":
                return text + NOT_CONFIGURED
            return text

        # Rendered as the site renders it, then through the same allowlist as every page.
        html = markup.clean(markup.render(PROFILE_LINK_RE.sub(link, item.body)))
        # The handout's profile title is the h2; the body's sections sit under it.
        html = re.sub(r"<(/?)h3([\s>])", r"<\1h4\2", html)   # <h2 id="背景"> too: its end tag was made </h3>
        html = re.sub(r"<(/?)h2([\s>])", r"<\1h3\2", html)
        return Markup(html)

    def place(item: Item) -> str:
        r = item.profile.region
        return "".join(x for x in (r.province, r.city, r.district) if x) + " " + "".join(
            x for x in (r.street, r.community) if x)

    def qr(item: Item) -> str:
        """A QR code of the profile's online address, as an SVG data: URI (the handout
        may show images from data: and nothing else)."""
        import segno

        url = f"{site_url.rstrip('/')}/profiles/{item.id}/"
        return segno.make(url, error="m").svg_data_uri(border=2, omitsize=True)

    day = today or dt.date.today()
    cover = (pack.date or PartialDate(day.year, day.month, day.day)).display()
    return env.get_template("handout.html.j2").render(
        pack=pack, items=library.items, cover_date=cover, site_url=site_url, body_html=body_html,
        place=place, qr=qr, units=library.vocab.unit_names, licence=library.vocab.licence)
