"""What a raw article states, for a draft profile: title, publication date,
publisher, author, region, metrics and likely practices.

Everything here proposes; a person confirms. The rules for metrics lean
towards precision: a figure is proposed only with a unit from the unit list,
outside quotation marks (where numbers are names: “服务520”, “K23幸福家园”),
not glued to letters or symbols (K23, 1+7+N, B2-20231273), not a year, date,
time or ordinal, and in Chinese numerals only with an approximate marker
(近千册, 十余种), since bare Chinese numerals are mostly idioms and structure
words (三甲, 一老一小, 三人行, 两委, 五星级, 三大优势).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..profile.vocab import Vocabulary
from ..zh import gazetteer
from ..zh.dates import PartialDate
from ..zh.numbers import find_quantities, plain
from ..zh.textclean import HAN, Cleaned

DELIMITERS = "，,。；;、：:！!？?（）()「」《》【】\n"  # quotation marks stay inside a clause
COUNT_UNITS = ("个", "种", "项", "名", "位", "支", "家", "类", "册", "本", "处", "所", "座", "栋", "套", "间",
               "台", "辆", "条", "篇", "份", "批", "期", "平方米", "亩", "公里", "米")
FUNCTION_WORDS = ("以及", "及", "和", "与", "的", "了", "等", "并", "还", "也", "共", "达", "为", "约", "近", "“", "”", "‘", "’",
                  "共有", "现有", "已有", "其中", "正在")
QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "《": "》", "\"": "\""}
GLUE = re.compile(r"[A-Za-z0-9+\-:/_=#@]")
RING = re.compile(r"^[\u4e00-\u9fff]{0,6}(服务圈|生活圈|生态圈|步行圈|经济圈)")
# Verbs and adverbs that end the words before a figure (办结率达98.5%, 满意度超过95%).
LABEL_TRIM = ("累计", "总计", "合计", "超过", "高达", "达到", "达", "为", "有", "共", "约", "近", "逾", "超")
CHANGE = ("下降", "上升", "增长", "提高", "提升", "减少", "降低", "增加")
GENERIC_COMMUNITY = ("城市", "城乡", "完整", "未来", "各", "全体", "所在", "辖区", "本", "该", "这个", "一个", "高品质",
                     "新型", "其他", "相关", "居民", "和谐", "幸福", "文明", "示范", "智慧", "农村", "老旧")
DATE_FULL = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
DAY_ONLY = re.compile(r"(?<![\d月])(\d{1,2})日(?:获悉|讯|电|报道)")
PUBLISHER_META = re.compile(r"来源\s*[:：]\s*([^\s:：|]+)")
DATELINE = re.compile(r"^([^\s(（讯]{2,12}?)(?:[(（](.*?)[)）])?[)）]?讯")
AUTHOR_PAREN = re.compile(r"[(（]\s*(记者|通讯员|特约记者|见习记者)\s*[:：]?\s*([^)）]{2,20})[)）]")
# A name: 2–4 characters, or two with a layout space (赵 泳); never a field name before a colon.
AUTHOR_META = re.compile(r"(作者|本报记者|记者|通讯员)\s*[:：]?\s*(?!本报记者|记者|通讯员)"
                         r"([\u4e00-\u9fff]\s[\u4e00-\u9fff](?![\u4e00-\u9fff])|[\u4e00-\u9fff]{2,4}(?!\s*[:：]))"
                         r"(?![\u4e00-\u9fff]*\s*[:：])")
STREET_COMMUNITY = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:街道|镇|乡))([\u4e00-\u9fff]{2,6}?社区)")


@dataclass
class MetricGuess:
    label: str
    value: float
    unit: str
    approx: bool
    quote: str
    line: int


@dataclass
class Extracted:
    title: str | None = None
    published: PartialDate | None = None
    date_note: str = ""
    publisher: str | None = None
    publisher_note: str = ""
    author: str | None = None
    region: gazetteer.Guess = field(default_factory=gazetteer.Guess)
    community: str | None = None
    metrics: list[MetricGuess] = field(default_factory=list)
    practices: list[tuple[str, int]] = field(default_factory=list)


def extract(cleaned: Cleaned, vocab: Vocabulary) -> Extracted:
    found = Extracted()
    found.title = title(cleaned)
    found.published, found.date_note = publication_date(cleaned)
    found.publisher, found.publisher_note = publisher(cleaned)
    found.author = author(cleaned)
    provinces = {p.short: p.name for p in vocab.provinces}
    found.region = gazetteer.guess_region(cleaned.full_text, provinces)
    found.community = community(cleaned.text, found.region.street)
    _teach(vocab)
    found.metrics = metrics(cleaned, vocab.unit_names)
    found.practices = practices(cleaned.text, vocab)
    return found


def title(cleaned: Cleaned) -> str | None:
    """A short line just before a date or source line, else a headline-like first line."""
    body = dict(cleaned.lines)
    numbers = sorted(body)
    for meta_line, text in cleaned.metadata:
        if not re.search(r"日期|时间|来源|\d{4}-\d{2}-\d{2}", text):
            continue
        before = [n for n in numbers if n < meta_line]
        if before and _headline(body[before[-1]]):
            return body[before[-1]]
    if numbers and _headline(body[numbers[0]]):
        return body[numbers[0]]
    return None


def _headline(text: str) -> bool:
    return 4 <= len(text) <= 40 and not re.search(r"[。！!？?]$|[。；]", text) and not DATELINE.match(text)


def publication_date(cleaned: Cleaned) -> tuple[PartialDate | None, str]:
    for _, text in cleaned.metadata:
        match = DATE_FULL.search(text)
        if match:
            field = re.split(r"\s{2,}|[|｜\u3000]", text[:match.start()])[-1][-12:]  # 发布时间：
            shown = (field + text[match.start():match.end()]).strip()
            return _date(*match.groups()), f"取自来源信息行“{shown}”"
    lines = [t for _, t in cleaned.lines]
    lead = lines[0] if lines else ""  # the dateline sits in the lead: XX讯 8月12日, 笔者21日获悉
    match = DATE_FULL.search(lead)
    if match:
        return _date(*match.groups()), "取自文章开头"
    dateline = MONTH_DAY.search(lead[:60])
    day_only = DAY_ONLY.search(lead[:60])
    text = cleaned.text
    if dateline:
        month, day = int(dateline.group(1)), int(dateline.group(2))
        return _month_day(month, day), "原文只写了月日（导语中的日期），没有年份"
    if day_only:
        day = int(day_only.group(1))
        months = [int(m) for m, d in MONTH_DAY.findall(text) if int(d) <= day]
        if months:
            return _month_day(months[-1], day), (f"原文只写了“{day}日”，月份取自文中最近的“X月X日”，没有年份；请核对")
    return None, "没有找到发布日期"


def _date(year: str, month: str, day: str) -> PartialDate | None:
    try:
        return PartialDate.parse(f"{int(year):04d}-{int(month):02d}-{int(day):02d}")
    except ValueError:
        return None


def _month_day(month: int, day: int) -> PartialDate | None:
    try:
        return PartialDate.parse(f"--{month:02d}-{day:02d}")
    except ValueError:
        return None


def publisher(cleaned: Cleaned) -> tuple[str | None, str]:
    for _, text in cleaned.metadata:
        match = PUBLISHER_META.search(text)
        if match:
            return match.group(1), ""
    flagged = {f.line: f.text for f in cleaned.flags}
    for number, text in cleaned.lines[:3]:
        match = DATELINE.match(text)
        if match:
            name, inner = match.group(1), match.group(2) or ""
            if number in flagged and flagged[number] and (flagged[number] in text[:match.end() + 2] or "?" in inner):
                return name, f"导语中的发布单位“{text[:match.end()]}”有乱码，请对照原文补全"
            return (f"{name}（{inner}）" if inner else name), ""
    return None, "原文没有写明发布单位"


def author(cleaned: Cleaned) -> str | None:
    names: list[str] = []
    for _, text in cleaned.lines[:3]:
        for role, name in AUTHOR_PAREN.findall(text):
            # （记者 刘洋 通讯员 周敏）: each role with its own names
            parts = re.split(r"\s*(通讯员|特约记者|见习记者|记者)\s*[:：]?\s*", f"{role} {name}")
            names.extend(f"{r} {_squeeze(n)}" for r, n in zip(parts[1::2], parts[2::2]) if n.strip())
    for _, text in cleaned.metadata:
        for role, name in AUTHOR_META.findall(text):
            role = "" if role == "作者" else role
            entry = f"{role} {_squeeze(name)}".strip()
            if entry not in names:
                names.append(entry)
    return "；".join(names) or None


def _squeeze(name: str) -> str:
    """赵 泳 → 赵泳: spaces inside a Chinese name are page layout."""
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", name.strip())


def community(text: str, street: str | None) -> str | None:
    """The community the article is about: one named right after the article's street.
    None when several are named equally often (an article about a whole district)."""
    candidates = {c for s, c in STREET_COMMUNITY.findall(text)
                  if (street is None or s.endswith(street)) and not c.startswith(GENERIC_COMMUNITY)}
    ranked = sorted(((text.count(c), c) for c in candidates), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


def metrics(cleaned: Cleaned, units: list[str]) -> list[MetricGuess]:
    found: list[MetricGuess] = []
    seen: set[tuple] = set()
    for number, line in cleaned.lines:
        quoted = _quoted_spans(line)
        for q in find_quantities(line, units):
            q = _modified_unit(q, line, units)
            if not _is_metric(q, line, quoted):
                continue
            quote = _clause(line, q.start, q.end)
            key = (q.value, q.unit, quote)
            if key in seen:
                continue
            seen.add(key)
            value = q.number if q.unit.startswith(("万", "亿")) else q.value
            label = _label(line, q)
            if not label and found and found[-1].line == number and line[q.start - 1:q.start] == "、":
                label = found[-1].label  # 居民4860户、1.2万人: the same subject counted twice
            found.append(MetricGuess(label or "TODO：说明这个数字", plain(value), q.unit, q.approx, quote, number))
    return found


def _modified_unit(q, line: str, units: list[str]):
    """十余大类: a size word between the number and the unit (大, 小) still leaves a figure."""
    if q.unit is None and line[q.end:q.end + 1] in ("大", "小"):
        unit = next((u for u in sorted(units, key=len, reverse=True) if line.startswith(u, q.end + 1)), None)
        if unit:
            return replace(q, unit=unit, end=q.end + 1 + len(unit), text=line[q.start:q.end + 1 + len(unit)])
    return q


def _is_metric(q, line: str, quoted: list[tuple[int, int]]) -> bool:
    if q.unit is None:
        return False
    if q.chinese and not q.approx:
        return False                                    # 三甲, 两委, 四个层次: words, not figures
    if q.bound == "upper" or (q.bound and q.chinese):
        return False                                    # 200至300场 is one figure (its lower bound); 三到五年: words
    digits_start = q.start + len(q.before)
    if any(a <= digits_start < b for a, b in quoted):
        return False                                    # “服务520”, “15分钟服务圈”: names
    if digits_start > 0 and GLUE.match(line[digits_start - 1]):
        return False                                    # K23, 1+7+N, B2-20231273
    if digits_start > 0 and line[digits_start - 1] == "第":
        return False                                    # 第2期: an ordinal
    if q.unit == "年" and q.number >= 1900:
        return False                                    # 2019年以来: a year
    if RING.match(line[q.end:]):
        return False                                    # 5分钟步行服务圈: a name
    if (q.value, q.unit) in ((365, "天"), (24, "小时")) and re.match(rf"[{HAN}]", line[q.end:q.end + 1]):
        return False                                    # 全年365天不打烊, 24小时自助图书角: descriptions
    after = line[q.end:q.end + 1]
    return not (after and GLUE.match(after))         # 3次方, 2001-2025


def _quoted_spans(line: str) -> list[tuple[int, int]]:
    spans, stack = [], []
    for i, ch in enumerate(line):
        if stack and ch == QUOTE_PAIRS[stack[-1][0]]:
            opener, start = stack.pop()
            spans.append((start, i))
        elif ch in QUOTE_PAIRS and ch != "\"":
            stack.append((ch, i))
    return spans


def _clause(line: str, start: int, end: int) -> str:
    """The clause around a figure, as the article writes it: the quote a metric cites.
    A long clause is cut at a word boundary, never inside a word (…等问 → …等问题)."""
    left = start
    while left > 0 and line[left - 1] not in DELIMITERS and start - left < 18:
        left -= 1
    right = end
    while right < len(line) and line[right] not in DELIMITERS and not line[right].isdigit() and right - end < 12:
        right += 1
    if right < len(line) and line[right] not in DELIMITERS and not line[right].isdigit():
        words, edge = _jieba().lcut(line[end:right + 6]), 0
        for word in words:
            if edge + len(word) > right - end:
                break
            edge += len(word)
        right = end + edge
    return line[left:right].strip()


def _label(line: str, q) -> str:
    """What the figure counts: for measure words the noun after the unit (28个社区社会组织),
    otherwise the last words before the figure (惠及居民1200余人次)."""
    import jieba.posseg as posseg

    _jieba()
    after = ""
    i = q.end
    while i < len(line) and line[i] not in DELIMITERS and len(after) < 12:
        after += line[i]
        i += 1
    # The noun phrase after the unit: words up to the first verb or particle after the first word.
    words = []
    for word, flag in posseg.lcut(after.removeprefix("的")):
        if words and (flag.startswith(("v", "u", "p", "c", "d", "m")) and flag != "vn" or word in FUNCTION_WORDS):
            break
        if word.strip("“”‘’"):
            words.append(word.strip("“”‘’"))
    after = "".join(words)[:10]
    if len(after) >= 2 and q.unit in COUNT_UNITS:
        return after
    left = q.start
    while left > 0 and line[left - 1] not in DELIMITERS and q.start - left < 16:
        left -= 1
    words = [w for w in _jieba().lcut(line[left:q.start]) if w.strip()]
    if "等" in words[:-1]:  # 停车难、环境差等问题280件: 问题 is what is counted
        words = words[len(words) - words[::-1].index("等"):]
    words = [w for w in words if w not in FUNCTION_WORDS]
    take = 2
    if len(words) >= 4 and words[-2] in ("以上", "以下", "以内"):
        take = 4  # 60岁以上老人: the bound belongs to the label
    elif len(words) >= 3 and words[-1] in CHANGE and words[-2] in ("同比", "环比"):
        take = 3  # 投诉量同比下降45.6%: what changed, not just how
    label = "".join(words[-take:]) if words else ""
    if len(label) < 2 and words:
        label = "".join(words[-3:])
    for verb in LABEL_TRIM:
        if label.endswith(verb) and len(label) > len(verb) + 1:
            label = label.removesuffix(verb)
            break
    return label or after


def _teach(vocab: Vocabulary) -> None:
    """Practice names and synonyms are nouns: 社区社会组织 is one thing, not 社区社会 + 组织."""
    jieba = _jieba()
    for practice in vocab.practices:
        for term in (practice.name, *practice.synonyms):
            jieba.add_word(term, tag="n")


def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # its start-up banner is noise in a CLI
    return jieba


def practices(text: str, vocab: Vocabulary) -> list[tuple[str, int]]:
    """Vocabulary practices named in the text (by name or synonym), most mentioned first."""
    counts: Counter[str] = Counter()
    for practice in vocab.practices:
        for term in (practice.name, *practice.synonyms):
            hits = text.count(term)
            if hits:
                counts[practice.name] += hits
    return counts.most_common()
