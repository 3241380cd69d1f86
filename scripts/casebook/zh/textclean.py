"""Cleaning raw article text copied from web pages.

Shared by the importer and by the content tests (every metric quote must be
found in its source after the same cleaning). Every kept line remembers its
line number in the raw file, so flags point at the right place.

Steps, in order:
1. read bytes as UTF-8 (with or without BOM) or GB18030/GBK; when the file is
   a saved web page rather than text, drop scripts, styles and tags (a block
   tag ends a paragraph) and decode entities (&nbsp; &ldquo; &#8220;);
2. remove pinyin readings a converter left after characters: 網(wǎng) → 網,
   in ASCII or full-width brackets, never real parentheses such as (PPT);
3. Traditional → Simplified with OpenCC `t2s`, then 著 → 着 where mainland
   text writes 着 (随著, 意味著, 著眼 …), which t2s leaves alone;
4. flag mojibake runs (a ? or U+FFFD wedged between characters, clusters of
   rare characters) with their line, instead of passing them on silently;
5. drop site boilerplate (copyright, licence and ICP lines, navigation,
   新闻排行, mood widgets, related-news lists) and repeated paragraphs.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_LETTERS = "a-zü" + TONED

# A reading in brackets right after a Han character: 網(wǎng), 網（wǎng）.
_READING_RE = re.compile(rf"(?<=[{HAN}])[(（]([{PINYIN_LETTERS}]{{1,7}})[)）]")
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
             "z", "c", "s", "y", "w", "")
_FINALS = ("a", "o", "e", "i", "u", "ü", "ai", "ei", "ui", "ao", "ou", "iu", "ie", "üe", "ue", "er", "an", "en",
           "in", "un", "ün", "ang", "eng", "ing", "ong", "ia", "iao", "ian", "iang", "iong", "ua", "uo", "uai",
           "uan", "uang", "van")


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    # A permissive set of toneless pinyin syllables; used only in texts that
    # already carry toned readings, so (PPT), (app) and (de) in a clean text stay.
    return frozenset(i + f for i in _INITIALS for f in _FINALS)


def _untoned(syllable: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c)).replace("v", "ü")


def _is_reading(syllable: str, damaged: bool) -> bool:
    if any(c in TONED for c in syllable):
        return _untoned(syllable) in _syllables() or len(syllable) <= 6
    return damaged and syllable in _syllables()


# Where mainland text writes 着 but OpenCC's t2s keeps 著.
_ZHE_AFTER = "随意味本接沿顺朝向靠看听说等试忙带有存面临肩负发挥承担记围绕紧跟凭藉藉乘趁冲对照按照拿穿"
_ZHE_FIXES = [
    (re.compile(rf"(?<=[{_ZHE_AFTER}])著(?![名作称述录])"), "着"),
    (re.compile(r"著(?=[眼力手重想急陆装实落迷凉火])"), "着"),
    (re.compile(r"(?<=衣)著"), "着"),
]

_BOILERPLATE = [re.compile(p) for p in [
    r"(?i)copyright|all rights reserved|版权所有|版权为|未经(同意|授权|许可)不得",
    r"许可证|ICP备|ICP证|公网安备|营业执照|经营许可",
    r"技术支持\s*-?\s*$",
    r"^\s*[-•·]?\s*(新闻排行|进入新闻中心|往期查询|我来说两句|心情版|查看心情排行|相关新闻|相关阅读|热点推荐|返回顶部|分享到)",
    r"请选择您看到这篇新闻时的心情",
    r"^\s*当前位置\s*[:：]",
    r"^\s*[-•·]?\s*\[\d{2}-\d{2}\]\s",        # [08-11] related-news list
    r"^\s*(上一篇|下一篇)\s*[:：]",
    r"^\s*[-|]\s*$",
]]
# Metadata lines: not body text, but the importer reads the date and publisher from them.
_METADATA = re.compile(r"^\s*(责任编辑|编辑|作者|来源|内容来源|更新时间|发布时间|日期|通讯员|本报记者|记者)\s*[:：]|"
                       r"^\s*(本报记者|通讯员)\s+\S+(\s\S+)?\s*$|来源\s*[:：]")
_QMARK_RE = re.compile(r"[?\ufffd]")


@dataclass(frozen=True)
class Flag:
    line: int        # line in the raw file, 1-based
    text: str        # the suspicious run
    reason: str


@dataclass
class Cleaned:
    lines: list[tuple[int, str]]                     # (raw line number, cleaned text), body only
    metadata: list[tuple[int, str]] = field(default_factory=list)
    dropped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, why)
    flags: list[Flag] = field(default_factory=list)
    traditional: bool = False
    readings_removed: int = 0
    encoding: str = "utf-8"

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)

    @property
    def full_text(self) -> str:
        """Body and metadata in file order: what quotes are looked up in."""
        return "\n".join(t for _, t in sorted(self.lines + self.metadata))


_TAG = re.compile(r"<[^<>]*>")
_TAGS_HINT = re.compile(r"<(?:p|div|br|span|td|li|a|h[1-6]|html|body|script|style)\b[^<>]*>", re.I)
_BLOCK_END = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr|/section|/article|/td)\b[^<>]*>", re.I)
_HIDDEN = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.I | re.S)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,7}|#[xX][0-9a-fA-F]{2,6});")


def _unmarkup(text: str) -> list[tuple[int, str]]:
    """Lines of text with their raw line numbers; web-page markup and entities removed.
    A paragraph tag inside a line splits it, and both parts keep the line's number."""
    if len(_TAGS_HINT.findall(text)) >= 2:
        # Blank out hidden blocks but keep their line breaks, so numbers still match the file.
        text = _HIDDEN.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        out = []
        for number, line in enumerate(text.split("\n"), 1):
            for part in _BLOCK_END.sub("\n", line).split("\n"):
                out.append((number, html.unescape(_TAG.sub("", part))))
        return out
    return [(number, html.unescape(line) if _ENTITY.search(line) else line)
            for number, line in enumerate(text.split("\n"), 1)]


def decode(raw: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: UTF-8 (BOM or not), else GB18030 (a superset of GBK)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), "utf-8（有无法解码的字节）"


def read(path: Path) -> Cleaned:
    text, encoding = decode(path.read_bytes())
    cleaned = clean(text)
    cleaned.encoding = encoding
    return cleaned


def clean(text: str) -> Cleaned:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = [(number, line.replace("\u00a0", " ")) for number, line in _unmarkup(text)]
    toned = sum(1 for m in _READING_RE.finditer(text) if any(c in TONED for c in m.group(1)))
    damaged = toned >= 3
    result = Cleaned(lines=[])
    # 1. readings out, line by line
    stage: list[tuple[int, str]] = []
    for number, line in raw_lines:
        def drop_reading(match: re.Match) -> str:
            if _is_reading(match.group(1), damaged):
                result.readings_removed += 1
                return ""
            return match.group(0)

        stage.append((number, _READING_RE.sub(drop_reading, line)))
    # 2. Traditional → Simplified, only for text that is Traditional
    joined = "\n".join(line for _, line in stage)
    simplified = to_simplified(joined)
    changed = sum(1 for a, b in zip(joined, simplified) if a != b)
    han = sum(1 for c in joined if "\u4e00" <= c <= "\u9fff") or 1
    if changed / han > 0.02:
        result.traditional = True
        for pattern, repl in _ZHE_FIXES:
            simplified = pattern.sub(repl, simplified)
        stage = list(zip((n for n, _ in stage), simplified.split("\n")))
    # 3. flags, boilerplate, duplicates
    seen: set[str] = set()
    for number, line in stage:
        line = line.strip().strip("\u3000").strip().removesuffix(" |").strip()
        if not line:
            continue
        why = _boilerplate(line)
        if why:
            result.dropped.append((number, line, why))
            continue
        result.flags.extend(mojibake(line, number))
        if _METADATA.search(line) and len(line) < 80:
            result.metadata.append((number, line))
            continue
        key = re.sub(r"\s+", "", line)
        if len(key) >= 12 and key in seen:
            result.dropped.append((number, line, "重复段落"))
            continue
        seen.add(key)
        result.lines.append((number, line))
    return result


def _boilerplate(line: str) -> str | None:
    for pattern in _BOILERPLATE:
        if pattern.search(line):
            return "网站版权、导航或栏目信息"
    return None


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


@lru_cache(maxsize=1)
def char_frequency() -> dict[str, int]:
    """How common each character is, summed from jieba's word list."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    freq: dict[str, int] = {}
    path = Path(jieba.__file__).parent / "dict.txt"
    with path.open(encoding="utf-8") as f:
        for line in f:
            word, count, *_ = line.split(" ")
            for ch in word:
                freq[ch] = freq.get(ch, 0) + int(count)
    return freq


RARE_BELOW = 400  # summed jieba frequency; 溦 in a name is rare too, so runs need several
_PINYIN_TAIL_RE = re.compile(rf"[?\ufffd][{PINYIN_LETTERS}]+\)?")


def mojibake(line: str, number: int) -> list[Flag]:
    """Suspicious runs on one line: wedged ?/U+FFFD, and clusters of rare characters."""
    spans: list[tuple[int, int, str]] = []
    for match in _QMARK_RE.finditer(line):
        # Wedged between a character and more text; a ? ending a sentence is punctuation.
        before = line[max(0, match.start() - 1):match.start()]
        after = line[match.end():match.end() + 1]
        if match.group(0) == "\ufffd" or (re.match(rf"[{HAN}]", before) and re.match(rf"[{HAN}{PINYIN_LETTERS}]", after)):
            spans.append((max(0, match.start() - 3), min(len(line), match.end() + 6), "问号或替换符夹在文字中间"))
    freq = char_frequency()
    rare = [i for i, ch in enumerate(line) if re.match(rf"[{HAN}]", ch) and freq.get(ch, 0) < RARE_BELOW]
    # A cluster: at least 3 rare characters within 6 positions.
    i = 0
    while i < len(rare):
        j = i
        while j + 1 < len(rare) and rare[j + 1] - rare[i] < 6:
            j += 1
        if j - i + 1 >= 3:
            spans.append((max(0, rare[i] - 1), min(len(line), rare[j] + 2), "一串生僻字，可能是乱码"))
            i = j + 1
        else:
            i += 1
    # Take in the rest of a garbled reading: 日?qǐng)?bào) is one run.
    tail = re.compile(rf"[?\ufffd)）{PINYIN_LETTERS}]")
    spans = [(s, _extend(line, e, tail), r) for s, e, r in spans]
    merged: list[list] = []
    for start, end, reason in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, reason])
    return [Flag(number, line[start:end], reason) for start, end, reason in merged]


def _extend(line: str, end: int, tail: re.Pattern) -> int:
    while end < len(line) and tail.match(line[end]):
        end += 1
    return end


def is_pinyin(reading: str) -> bool:
    """Whether every word of `reading` (zhì lǐ) is a pinyin syllable with its tone
    marks removed, and at least one carries a tone: (café) and (PPT) are not."""
    words = reading.lower().split()
    return bool(words) and any(c in TONED for c in reading) and all(
        _untoned(w) in _syllables() for w in words)
