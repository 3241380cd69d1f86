"""What a run of Chinese text is made of: words and their parts of speech, from jieba's
dictionary (the tags of the ICTCLAS set jieba uses: t a time word, ad an adverbial
adjective, v a verb, r a pronoun, u a particle, ns a place name …)."""

from __future__ import annotations

import logging
from functools import lru_cache


@lru_cache(maxsize=4096)
def parts_of_speech(text: str) -> tuple[tuple[str, str], ...]:
    """(word, tag) pairs of `text`. jieba's tagger loads on first use (about 1 s)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return tuple((pair.word, pair.flag) for pair in jieba.posseg.cut(text))
