"""HTML that our own templates generate and the sanitiser must not touch: an
inline SVG map, a chart, the controls of a filter form.

Every page's content passes the allowlist sanitiser, which removes svg, form
controls and the like, whoever wrote them. A template that needs such markup
renders it from an autoescaped `.html.j2` template (so contributor text in it is
text) and puts a slot in the page instead: `{{ trusted("map.svg.html.j2", …) }}`.
The hook fills the slots after sanitising. Slot ids carry a random token per
build, so text in a profile cannot name one.
"""

from __future__ import annotations

import re
import secrets

SLOT_RE = re.compile(r'<div class="cb-slot" id="(cb-slot-[0-9a-f]{16}-\d+)"></div>')


class Fragments:
    def __init__(self) -> None:
        self.token = secrets.token_hex(8)
        self.items: dict[str, str] = {}

    def slot(self, html: str) -> str:
        """A placeholder for `html`, which must come from an autoescaped template."""
        key = f"cb-slot-{self.token}-{len(self.items)}"
        self.items[key] = html
        return f'<div class="cb-slot" id="{key}"></div>'


def fill(content: str, items: dict[str, str]) -> str:
    """Put each fragment in its slot (after the page has been sanitised)."""
    return SLOT_RE.sub(lambda m: items.get(m.group(1), ""), content)
