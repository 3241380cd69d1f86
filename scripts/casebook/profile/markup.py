"""Markup that must not reach a page: raw HTML tags, event attributes in
Markdown attribute lists, and script URLs. Shared by the profile checks (P026),
the vocabularies (V001) and class packs (K001), whose text is rendered too.
"""

from __future__ import annotations

import re

# Pages are built from pull requests by people we do not know, and Markdown
# passes raw HTML through: a tag, an event attribute in an attribute list or
# a script URL would run in every reader's browser and in offline packs.
MARKUP_RE = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"          # <iframe …>, </div>, <br/>
    r"|\{[^{}\n]*\bon[a-z]+\s*=[^{}\n]*\}"                # { onclick="…" } (attr_list)
    r"|(?:\]\(\s*<?|<|\]:\s*)\s*(?:javascript|vbscript|data)\s*:"  # [x](javascript:…), [x]: data:…
    r"|&#x?[0-9a-f]+;?", re.IGNORECASE)                        # &#106;avascript: hides a scheme
CODE_SPAN_RE = re.compile(r"`+[^`]*`+")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


def find_markup(text: str) -> str | None:
    """The first tag, event attribute or script URL in `text` (code spans excepted), or None."""
    match = MARKUP_RE.search(CODE_SPAN_RE.sub("", text))
    return match.group(0) if match else None
