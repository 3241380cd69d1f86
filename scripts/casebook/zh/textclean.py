"""Cleaning raw article text copied from web pages.

Shared by the importer and by the content tests (every metric quote must be
found in its source after the same cleaning). Every kept line remembers its
line number in the raw file, so flags point at the right place.

Steps, in order:
0. refuse what is not an article before doing any work on it: a file over
   MAX_BYTES, or bytes that are mostly binary or undecodable (`NotAnArticle`,
   whose message never quotes the bytes);
1. read bytes as UTF-8 (with or without BOM) or GB18030/GBK; when the file is
   a saved web page rather than text, keep what its head says about the page
   (`<title>`, meta tags such as og:site_name and article:published_time, the
   canonical address), then drop scripts, styles and tags (a block tag ends a
   paragraph) and decode entities (&nbsp; &ldquo; &#8220;);
2. remove pinyin readings a converter left after characters: 網(wǎng) → 網,
   in ASCII or full-width brackets, never real parentheses such as (PPT);
3. Traditional → Simplified with OpenCC `t2s`, then 著 → 着 where mainland
   text writes 着 (随著, 意味著, 著眼 …), which t2s leaves alone;
4. flag mojibake runs (a ? or U+FFFD wedged between characters, clusters of
   rare characters) with their line, instead of passing them on silently;
5. drop site boilerplate (copyright, licence and ICP lines, navigation,
   新闻排行, mood widgets, related-news lists) and repeated paragraphs;
6. set header lines apart as metadata: labelled ones (来源：, 发布时间：), and
   unlabelled ones that hold little but a date (某某网 2018-08-30 10:20:00).
   A labelled line that runs on into the first paragraph is split there.
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
# A reading whose character and opening bracket the converter garbled into "?": 日?qǐng)
# (no "(" left). A tone mark is never in Chinese prose, so the toned tail goes; the
# "?" stays, and is flagged as mojibake for the contributor.
_ORPHAN_READING_RE = re.compile(rf"(?<=[?\ufffd])[{PINYIN_LETTERS}]{{1,7}}[)）]")
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
    # A WeChat account's card, saved with the article: 11篇原创内容, 公众号, …官方账号, 微信号：…
    r"^\s*\d+\s*篇原创内容\s*$|^\s*(公众号|微信号|功能介绍)\s*[:：]?|(官方账号|官方公众号|官方微信号?)\s*$",
]]
# A list of links to other articles (相关阅读, 延伸阅读 …): the heading is boilerplate, and so are
# the headlines under it, down to the next paragraph of text.
_RELATED = re.compile(r"^\s*[【\[]?\s*(相关新闻|相关阅读|相关推荐|相关链接|延伸阅读|推荐阅读|热点推荐|猜你喜欢|往期回顾|往期推荐|热门推荐)"
                      r"\s*[】\]]?\s*[:：]?\s*$")
_PARAGRAPH = re.compile(r"[。！？!?]\s*[”」』]?\s*$")
# Metadata lines: not body text, but the importer reads the date and publisher from them.
_LABELS = r"责任编辑|编辑|作者|来源|稿源|内容来源|信息来源|稿件来源|文章来源|转载自|转自|更新时间|发布时间|发布日期|日期|时间|通讯员|本报记者|记者"
_METADATA = re.compile(rf"^\s*({_LABELS})\s*[:：]|"
                       r"^\s*(本报记者|通讯员)\s+\S+(\s\S+)?\s*$|(?:来源|稿源|转载自|转自)\s*[:：]")
_LABEL_AT_START = re.compile(rf"^\s*(?:{_LABELS})\s*[:：]")
# A header line with no label: a date, perhaps a time, and a word or two around it
# (某某网 2018-08-30 10:20:00, 2018年08月30日 星期四 某某日报). Nothing like a sentence.
_DATE = r"(?:19|20)\d{2}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?)"
_HEADER_LINE = re.compile(rf"^(?:[^\s，。；！？,;!?]{{1,24}}\s+){{0,3}}{_DATE}(?:\s*(?:星期|周)[一二三四五六日天])?"
                          rf"(?:\s*\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?)?(?:\s+[^\s，。；！？,;!?]{{1,24}}){{0,4}}\s*$")
# Where a run-on labelled line turns into the article: a dateline or a lead's usual openings.
_BODY_START = re.compile(r"(?:本报讯|本网讯|[^\s，。：:]{2,12}?(?<![资通简快喜视音短])讯|近日|日前|近年来|今年以来|"
                         r"[（(]\s*(?:记者|通讯员)|(?<![\d年])\d{1,2}月\d{1,2}日[，,])")
META_LINE_MAX = 80
_QMARK_RE = re.compile(r"[?\ufffd]+")  # a run of them is one wedge: 日??网


@dataclass(frozen=True)
class Flag:
    line: int        # line in the raw file, 1-based
    text: str        # the suspicious run
    reason: str


@dataclass
class Page:
    """What a saved web page's head says about it, as written there (values unescaped)."""
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)   # lower-case name or property → content
    canonical: str | None = None


@dataclass
class Cleaned:
    lines: list[tuple[int, str]]                     # (raw line number, cleaned text), body only
    metadata: list[tuple[int, str]] = field(default_factory=list)
    dropped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, why)
    flags: list[Flag] = field(default_factory=list)
    traditional: bool = False
    readings_removed: int = 0
    encoding: str = "utf-8"
    page: Page = field(default_factory=Page)

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)

    @property
    def full_text(self) -> str:
        """Body and metadata in file order: what quotes are looked up in."""
        return "\n".join(t for _, t in sorted(self.lines + self.metadata))


class NotAnArticle(ValueError):
    """The file is not text we can read as an article; the message says why in one line, never quoting it."""


MAX_BYTES = 4 * 1024 * 1024     # a saved news page is rarely over 1 MB; this leaves room for inline styles
MAX_CHARS = 100_000             # visible characters; a long report has some 10,000
MAX_BAD_SHARE = 0.02            # undecodable or control characters tolerated (a truncated last character)
MIN_COMMON_HAN = 0.8            # share of Han characters in GB2312 once simplified; real text is above 0.99
_SAMPLE = 200_000
_MAGIC = [(b"%PDF", "PDF 文件"), (b"PK\x03\x04", "压缩包或 Word、Excel 文件（.docx、.xlsx）"),
          (b"\x89PNG", "图片"), (b"\xff\xd8\xff", "图片"), (b"GIF8", "图片"), (b"\xd0\xcf\x11\xe0", "旧版 Word 或 Excel 文件"),
          (b"\x1f\x8b", "压缩文件"), (b"Rar!", "压缩文件"), (b"7z\xbc\xaf", "压缩文件")]
_HINT = "请把网页上的正文复制粘贴进一个 .txt 文件（UTF-8 或 GBK），或用浏览器“另存为”网页 .html 后再导入"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def refuse_junk(raw: bytes, size: int | None = None) -> None:
    """Raise NotAnArticle for input no article looks like: too big, binary, or mostly undecodable.
    Cheap on purpose: it runs before anything else reads the bytes."""
    size = len(raw) if size is None else size
    if size > MAX_BYTES:
        raise NotAnArticle(f"文件有 {size / 1024 / 1024:.1f} MB，超过 {MAX_BYTES // 1024 // 1024} MB，不像一篇报道。{_HINT}")
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            raise NotAnArticle(f"这是{kind}，不是文本。{_HINT}")
    if re.search(rb"(?i)content-type:\s*multipart/related", raw[:4096]):
        raise NotAnArticle("这是“单个文件”网页（.mhtml），其中的文字经过编码，读不出来。"
                           "请在浏览器中另存为“网页，仅 HTML”，或复制正文粘贴进 .txt 文件")
    head = raw[:_SAMPLE]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotAnArticle(f"文件含有二进制内容（空字节），不是文本。{_HINT}")
    text, _ = decode(head)
    if not text.strip():
        return
    bad = len(_CONTROL.findall(text)) / len(text)
    if bad > MAX_BAD_SHARE:
        raise NotAnArticle(f"文件中约 {bad:.0%} 的内容无法按 UTF-8 或 GBK 解读，可能是二进制文件或编码已损坏。{_HINT}")
    han = _HAN_RE.findall(to_simplified(text[:20_000]))  # Traditional characters are not in GB2312
    if len(han) >= 50:
        common = sum(1 for ch in han if _in_gb2312(ch)) / len(han)
        if common < MIN_COMMON_HAN:
            raise NotAnArticle(f"文件中的汉字大多是生僻字（常用字只占 {common:.0%}），像是乱码而不是文章。{_HINT}")


def refuse_long(text: str) -> None:
    """Raise NotAnArticle for text far longer than any report: cleaning and reading it would take
    minutes and yield thousands of figures. Markup and hidden blocks do not count."""
    if len(text) <= MAX_CHARS:
        return
    visible = _TAG.sub("", _HIDDEN.sub("", text)) if _is_markup(text) else text
    chars = len(re.sub(r"\s+", "", visible))
    if chars > MAX_CHARS:
        raise NotAnArticle(f"正文有 {chars / 10000:.0f} 万多字，不像一篇报道（一篇报道通常不到 1 万字）。"
                           "请只保存这篇报道的正文，或用浏览器“另存为”这篇报道的网页")


@lru_cache(maxsize=8192)
def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


_TAG = re.compile(r"<[^<>]*>")
_TAGS_HINT = re.compile(r"<(?:p|div|br|span|td|li|a|h[1-6]|html|body|script|style)\b[^<>]*>", re.I)
_BLOCK_END = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr|/section|/article|/td)\b[^<>]*>", re.I)
_HIDDEN = re.compile(r"<(script|style|noscript|title)\b.*?</\1\s*>", re.I | re.S)  # page_facts keeps the title
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,7}|#[xX][0-9a-fA-F]{2,6});")


def _unmarkup(text: str) -> list[tuple[int, str]]:
    """Lines of text with their raw line numbers; web-page markup and entities removed.
    A paragraph tag inside a line splits it, and both parts keep the line's number."""
    if _is_markup(text):
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
    """Text and the encoding it was read with: UTF-8 (BOM or not), else GB18030 (a superset of GBK);
    with a few bad bytes, whichever of the two reads more of the file."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    utf8, gb = raw.decode("utf-8", errors="replace"), raw.decode("gb18030", errors="replace")
    if gb.count("\ufffd") < utf8.count("\ufffd"):
        return gb, "gb18030（有无法解码的字节）"
    return utf8, "utf-8（有无法解码的字节）"


def read_checked(path: Path) -> bytes:
    """The file's bytes, or NotAnArticle if it is too big or not text (never read past MAX_BYTES)."""
    size = path.stat().st_size
    with path.open("rb") as f:
        raw = f.read(MAX_BYTES + 1)
    refuse_junk(raw, size)
    return raw


def read(path: Path) -> Cleaned:
    """Read and clean an article file; NotAnArticle if it is not one (checked before it is read whole)."""
    text, encoding = decode(read_checked(path))
    refuse_long(text)
    cleaned = clean(text)
    cleaned.encoding = encoding
    return cleaned


_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_META = re.compile(r"<meta\b([^>]*)>", re.I)
_LINK = re.compile(r"<link\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([a-zA-Z][\w:.-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")


def page_facts(text: str) -> Page:
    """The title, meta tags and canonical address of a saved web page."""
    page = Page()
    head = text[:300_000]
    match = _TITLE.search(head)
    if match:
        page.title = _squash(html.unescape(_TAG.sub("", match.group(1)))) or None
    for match in _META.finditer(head):
        attrs = _attrs(match.group(1))
        key = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").lower()
        value = _squash(html.unescape(attrs.get("content", "")))
        if key and value and key not in page.meta:
            page.meta[key] = value
    for match in _LINK.finditer(head):
        attrs = _attrs(match.group(1))
        if attrs.get("rel", "").lower() == "canonical" and attrs.get("href"):
            page.canonical = html.unescape(attrs["href"]).strip()
            break
    return page


def _attrs(text: str) -> dict[str, str]:
    return {k.lower(): v.strip("\"'") for k, v in _ATTR.findall(text)}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def clean(text: str) -> Cleaned:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    page = page_facts(text) if _is_markup(text) else Page()
    raw_lines = [(number, line.replace("\u00a0", " ")) for number, line in _unmarkup(text)]
    toned = sum(1 for m in _READING_RE.finditer(text) if any(c in TONED for c in m.group(1)))
    damaged = toned >= 3
    result = Cleaned(lines=[], page=page)
    # 1. readings out, line by line
    stage: list[tuple[int, str]] = []
    for number, line in raw_lines:
        def drop_reading(match: re.Match) -> str:
            if _is_reading(match.group(1), damaged):
                result.readings_removed += 1
                return ""
            return match.group(0)

        def drop_orphan(match: re.Match) -> str:
            if any(c in TONED for c in match.group(0)):
                result.readings_removed += 1
                return ""
            return match.group(0)

        stage.append((number, _ORPHAN_READING_RE.sub(drop_orphan, _READING_RE.sub(drop_reading, line))))
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
        if page.title:
            page.title = to_simplified(page.title)
        page.meta = {k: to_simplified(v) for k, v in page.meta.items()}
    # 3. flags, boilerplate, metadata, duplicates
    seen: set[str] = set()
    related = False   # under a 相关阅读 heading, until a paragraph of text
    for number, line in stage:
        line = line.strip().strip("\u3000").strip().removesuffix(" |").strip()
        if not line:
            continue
        if _RELATED.match(line):
            related = True
            result.dropped.append((number, line, "网站版权、导航或栏目信息"))
            continue
        if related and len(line) < 50 and not _PARAGRAPH.search(line):
            result.dropped.append((number, line, "相关文章的链接"))
            continue
        related = False
        why = _boilerplate(line)
        if why:
            result.dropped.append((number, line, why))
            continue
        result.flags.extend(mojibake(line, number))
        head, rest = split_header(line)
        if head:
            result.metadata.append((number, head))
            if not rest:
                continue
            line = rest
        key = re.sub(r"\s+", "", line)
        if len(key) >= 12 and key in seen:
            result.dropped.append((number, line, "重复段落"))
            continue
        seen.add(key)
        result.lines.append((number, line))
    return result


def split_header(line: str) -> tuple[str, str]:
    """(metadata, body) parts of a line: a header line is all metadata; a labelled line
    that runs on into the article (来源：某某日报 本报讯 近日，…) is split where the article starts."""
    if _HEADER_LINE.match(line):
        return line, ""
    label = _METADATA.search(line)
    if not label:
        return "", line
    if not _LABEL_AT_START.match(line) and (label.start() > 40 or re.search(r"[，。；！？,;!?]", line[:label.start()])):
        return "", line   # a sentence that names a source (资金来源：区财政拨款), not a header
    start = _BODY_START.search(line, label.end())
    if start and start.start() > label.end():
        return line[:start.start()].strip(), line[start.start():].strip()
    if len(line) < META_LINE_MAX:
        return line, ""
    # No opening to split at: the header is the leading fields and dates, short and without a
    # sentence's punctuation; the article starts at the first token that reads like prose.
    tokens = re.split(r"(\s+)", line)
    cut = 0
    for token in tokens:
        if not token.isspace() and (len(token) > 30 or re.search(r"[，。；！？,;!?]", token)):
            break
        cut += len(token)
    return line[:cut].strip(), line[cut:].strip()


def _is_markup(text: str) -> bool:
    return len(_TAGS_HINT.findall(text[:300_000])) >= 2


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
        if "\ufffd" in match.group(0) or (re.match(rf"[{HAN}]", before) and re.match(rf"[{HAN}{PINYIN_LETTERS}]", after)):
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
