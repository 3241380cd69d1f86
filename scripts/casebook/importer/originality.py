"""Is a profile written in our own words? Its title, summary and body may not
share a run of COPY_LIMIT or more characters with the source article, outside
quotation marks (quotes are cited on purpose). Punctuation and spaces are
ignored and Traditional is folded to Simplified, so that re-punctuating a
copied sentence does not hide it.

Used by `casebook compare` (a profile against the cleaned article its import
kept) and by the content tests (every profile against its seed article).
"""

from __future__ import annotations

import re

from ..zh import textclean

COPY_LIMIT = 15
QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|「[^」]*」|《[^》]*》")
KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def normalise(text: str) -> str:
    return "".join(KEEP.findall(textclean.to_simplified(text)))


def shared_runs(ours: str, source: str, limit: int = COPY_LIMIT) -> list[str]:
    """Runs of at least `limit` characters of `ours` that also occur in `source` (both normalised)."""
    grams = {source[i:i + limit] for i in range(len(source) - limit + 1)}
    runs, i = [], 0
    while i <= len(ours) - limit:
        if ours[i:i + limit] in grams:
            j = i + limit
            while j < len(ours) and ours[i:j + 1] in source:
                j += 1
            runs.append(ours[i:j])
            i = j
        else:
            i += 1
    return runs


# The draft's own placeholders (TODO：改写为…（原题：…）, the to-do list): they name the article's
# title and words on purpose, and go before the profile is published (P020).
PLACEHOLDER = re.compile(r"^\s*(?:- \[[ xX]\]\s*)?TODO.*$", re.MULTILINE)


def copied_runs(title: str, summary: str, body: str, source: str) -> list[str]:
    """What a profile shares with its source article, as normalised runs."""
    ours = normalise(QUOTED.sub("", PLACEHOLDER.sub("", "\n".join([title, summary, body]))))
    return shared_runs(ours, normalise(source))
