"""What a raw article states, for a draft profile: title, publication date,
publisher, author, region, metrics and likely practices.

Everything here proposes; a person confirms. The rules for metrics lean
towards precision: a figure is proposed only with a unit from the unit list
(or a counted noun right after it: 1万多居民), not inside a quoted name
(“服务520”, “K23幸福家园”; a quoted statement is text like any other), not
glued to letters or symbols (K23, 1+7+N, B2-20231273), not a year, date,
time or ordinal, and in Chinese numerals only with an approximate marker
(近千册, 十余种) or after a verb that sets something up (组建两支队伍), since
bare Chinese numerals are mostly idioms and structure words (三甲, 一老一小,
三人行, 两委, 五星级, 三大优势, 六个方面).

Figures that are context rather than scale or results are set aside as
notes: ratios (每个网格配1名网格员), addresses and building numbers
(走进5栋), distances (往东走200米). A figure the article restates is
proposed once. The words these rules use are data: data/metrics.yml.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path

import yaml

from ..profile.vocab import Vocabulary
from ..zh import gazetteer, words
from ..zh.numbers import Quantity, find_quantities, plain
from ..zh.textclean import HAN, Cleaned
from . import sources

RULES = Path(__file__).parent / "data" / "metrics.yml"
DELIMITERS = "，,。；;、：:！!？?（）()「」《》【】\n"  # quotation marks stay inside a clause
SENTENCE_END = "。！!？?；;\n"
COUNT_UNITS = ("个", "种", "项", "名", "位", "支", "家", "类", "册", "本", "处", "所", "座", "栋", "幢", "套", "间", "块",
               "台", "辆", "条", "篇", "份", "批", "期", "单元", "平方米", "平米", "亩", "公顷", "平方公里", "公里", "米")
# Kinds of unit (data/units.yml) a figure in bare Chinese numerals may have: counts, not amounts.
NUMERAL_KINDS = ("人数", "数量", "活动")
FUNCTION_WORDS = ("以及", "及", "和", "与", "的", "了", "等", "并", "还", "也", "共", "达", "为", "约", "近", "“", "”", "‘", "’",
                  "共有", "现有", "已有", "其中", "正在")
QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "《": "》", "\"": "\""}
STATEMENT_MARKS = re.compile(r"[，。！？；：,!?;…]")
GLUE = re.compile(r"[A-Za-z0-9+\-:/_=#@]")
RING = re.compile(r"^[\u4e00-\u9fff]{0,6}(服务圈|生活圈|生态圈|步行圈|经济圈)")
# Verbs and adverbs that end the words before a figure (办结率达98.5%, 满意度超过95%).
LABEL_TRIM = ("累计", "总计", "合计", "超过", "高达", "达到", "达", "为", "有", "共", "约", "近", "逾", "超")
CHANGE = ("下降", "上升", "增长", "提高", "提升", "减少", "降低", "增加")
ACTIVITY_UNITS = ("场", "次", "期", "批", "户", "人")
# 从45%提高到了91%: the words before 从 are the subject of both figures.
CHANGE_FROM = re.compile(r"[从由](?:(?P<mid>[^从由]*?\d[^从由]*?)(?P<to>(?:提高|提升|增加|增长|上升|下降|降低|减少)?(?:到|至)了?))?$")
GENERIC_COMMUNITY = ("城市", "城乡", "完整", "未来", "各", "全体", "所在", "辖区", "本", "该", "这个", "一个", "高品质",
                     "新型", "其他", "相关", "居民", "和谐", "幸福", "文明", "示范", "智慧", "农村", "老旧")
# Of those, words that are also many communities' names (幸福社区, 和谐社区): a name when written
# right after the street (玉林街道幸福社区), not after other words (打造幸福社区) nor before the
# work on it (幸福社区建设).
GENERIC_BUT_NAMES = ("幸福", "和谐", "文明")
POLICY_AFTER = re.compile(r"建设|创建|治理|理念|目标|工程|行动|示范")
STREET_COMMUNITY = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:街道|镇|乡))([\u4e00-\u9fff]{2,8}?社区)")
# Words a community's name never starts with: they belong to the words before it (街道办事处北大社区,
# 街道和北大社区). Only as whole words: 和平里社区 starts with the word 和平, not with 和.
COMMUNITY_GLUE = re.compile(r"(?:办事处|党工委|工委|党委|辖区|所辖|下辖|管辖|的|在|和|与|及|到|赴|走进|来到|位于|"
                            r"居委会|组织|联合|带领|指导|推动|以及|等)")
GLUE_ENDINGS = ("办事处", "党工委", "居委会")   # 街道办事处 may be one word
MAX_METRICS = 80   # an article states a few dozen figures at most
ASIDE_KINDS = {"ratio": "配比", "address": "地址或楼号", "distance": "距离或路程", "plan": "计划或目标"}
# A figure the sentence puts in the future (下一步将在辖区11个社区推广, 今年冬季计划再新建30个):
# what is to be done, not what was.
PLAN = re.compile(r"计划(?!生育)|预计|下一步|力争|还将|将继续|将在|将新|将进一步|目标是|到20\d\d年")
DONE = re.compile(r"已|目前|累计|现有|共有|去年|此前")   # …下一步将推广，目前已建成18处: done after all


@dataclass
class MetricGuess:
    label: str
    value: float
    unit: str
    approx: bool
    quote: str
    line: int


@dataclass
class Aside:
    """A figure that is context, not an outcome: proposed as a note, never as a metric."""
    kind: str       # a key of ASIDE_KINDS
    quote: str
    line: int


@dataclass
class Extracted(sources.SourceFacts):
    """The source's facts (title, date, publisher, author, address) and the rest."""
    region: gazetteer.Guess = field(default_factory=gazetteer.Guess)
    community: str | None = None
    communities: list[str] = field(default_factory=list)   # every community named after a street, most named first
    metrics: list[MetricGuess] = field(default_factory=list)
    asides: list[Aside] = field(default_factory=list)
    restated: int = 0
    practices: list[tuple[str, int]] = field(default_factory=list)


def extract(cleaned: Cleaned, vocab: Vocabulary, *, url: str | None = None, title: str | None = None) -> Extracted:
    facts = sources.source_facts(cleaned, url=url, title=title)
    found = Extracted(**{f.name: getattr(facts, f.name) for f in fields(sources.SourceFacts)})
    provinces = {p.short: p.name for p in vocab.provinces}
    found.region = gazetteer.guess_region(cleaned.full_text, provinces)
    found.community, found.communities = community(cleaned.text, found.region.street)
    _teach(vocab)
    found.metrics, found.asides, found.restated = metrics(cleaned, vocab, found.title)
    found.practices = practices(cleaned.text, vocab)
    return found


def community(text: str, street: str | None) -> tuple[str | None, list[str]]:
    """The community the article is about: one named right after the article's street,
    None when several are named equally often (an article about a whole district); and
    every community named right after a street (of any street), most named first."""
    candidates, named = set(), set()
    for match in STREET_COMMUNITY.finditer(text):
        s, written = match.groups()
        c = _unglued(written)
        a_name_too = c == written and c.startswith(GENERIC_BUT_NAMES) and not POLICY_AFTER.match(text, match.end())
        if len(c) >= 4 and (a_name_too or not c.startswith(GENERIC_COMMUNITY)) \
                and not re.search(r"[各等个些所多]", c) and _could_be_name(c[:-2]):   # 城区各社区: not a name
            named.add(c)
            if street is None or s.endswith(street):
                candidates.add(c)
    # For the note that asks to split an article, not a verb alone either (玉林街道招募社区志愿者, a
    # related link): a list of communities that is wrong would send a person after a place that is not there.
    everywhere = [c for _, c in sorted(((text.count(c), c) for c in named
                                        if [t for _, t in words.parts_of_speech(c[:-2])] != ["v"]), reverse=True)]
    ranked = sorted(((text.count(c), c) for c in candidates), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None, everywhere
    return ranked[0][1], everywhere


def _unglued(words_then_community: str) -> str:
    """The community's name without the words before it that the pattern took along: everything
    up to the last word (in jieba's segmentation) that is, or ends in, a joining word."""
    parts = [word for word, _ in words.parts_of_speech(words_then_community)]
    cut = 0
    for i, word in enumerate(parts[:-1]):
        if COMMUNITY_GLUE.fullmatch(word) or any(word.endswith(g) for g in GLUE_ENDINGS):
            cut = i + 1
    return "".join(parts[cut:])


# Parts of speech a community's name is not made of: a time word (玉林街道近日走访社区), an
# adverbial adjective (积极推进完整社区), a pronoun or a particle.
NOT_IN_A_NAME = ("t", "tg", "ad", "r", "u")


def _could_be_name(name: str) -> bool:
    """Could `name` (without 社区) be a community's name rather than the words of a clause?
    A verb of two characters or more with other words is a clause (走访社区老人, 打造幸福社区);
    a verb alone is a name (前进社区, 解放社区), and so is a one-character one (府佑)."""
    parts = words.parts_of_speech(name)
    if any(tag in NOT_IN_A_NAME for _, tag in parts):
        return False
    return not (len(parts) > 1 and any(tag == "v" and len(word) >= 2 for word, tag in parts))


@dataclass(frozen=True)
class Rules:
    implied_units: dict[str, str]            # noun → unit
    numeral_verbs: tuple[str, ...]
    structure_nouns: tuple[str, ...]
    demonstratives: tuple[str, ...]
    distance_before: tuple[str, ...]
    distance_after: tuple[str, ...]
    distance_units: tuple[str, ...]
    building_units: tuple[str, ...]
    address_before: tuple[str, ...]
    per_time: tuple[str, ...]
    speech_verbs: tuple[str, ...]


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    longest = lambda key: tuple(sorted(data[key], key=len, reverse=True))  # noqa: E731
    implied = {noun: unit for unit, nouns in data["implied_units"].items() for noun in nouns}
    return Rules(dict(sorted(implied.items(), key=lambda kv: -len(kv[0]))), longest("numeral_verbs"),
                 longest("structure_nouns"), longest("demonstratives"), longest("distance_before"),
                 longest("distance_after"), longest("distance_units"), longest("building_units"),
                 longest("address_before"), longest("per_time"), longest("speech_verbs"))


def metrics(cleaned: Cleaned, vocab: Vocabulary, title: str | None = None) -> tuple[list[MetricGuess], list[Aside], int]:
    """Proposed metrics, figures set aside as context, and how many restatements were dropped.
    The headline is read last: a figure it repeats from the body is quoted from the body."""
    units = vocab.unit_names
    kinds = {u.name: u.kind for u in vocab.units}
    found: list[MetricGuess] = []
    asides: list[Aside] = []
    seen: set[tuple] = set()
    restated = 0
    lines = sorted(cleaned.lines, key=lambda entry: entry[1] == title)   # stable: the body keeps its order
    text_of = dict(cleaned.lines)
    by_figure: dict[tuple, list[MetricGuess]] = {}
    for number, line in lines:
        names = _name_spans(line)
        for q in find_quantities(line, units):
            q = _modified_unit(q, line, units)
            q, noun = _implied_unit(q, line)
            if not _is_metric(q, line, names, kinds):
                continue
            quote = _clause(line, q.start, q.end)
            aside = _aside(q, line, kinds)
            if aside:
                # 每个服务站配备1名社工和2名志愿者: one note for the clause, not one per figure in it.
                same = [a for a in asides if a.line == number and (quote in a.quote or a.quote in quote)]
                if not same:
                    asides.append(Aside(aside, quote, number))
                elif len(quote) > len(same[0].quote):
                    asides[asides.index(same[0])] = Aside(same[0].kind, quote, number)
                continue
            key = (q.value, q.unit, quote)
            if key in seen:
                continue
            seen.add(key)
            value = q.number if q.unit.startswith(("万", "亿")) else q.value
            label = _label(line, q, noun)
            if not label and found and found[-1].line == number and line[q.start - 1:q.start] == "、":
                label = found[-1].label  # 居民4860户、1.2万人: the same subject counted twice
            guess = MetricGuess(label or "TODO：说明这个数字", plain(value), q.unit, q.approx, quote, number)
            same = by_figure.setdefault((guess.value, guess.unit), [])
            if any(_restates(earlier, guess, text_of) for earlier in same):
                restated += 1
                continue
            same.append(guess)
            found.append(guess)
            if len(found) >= MAX_METRICS:
                return found, asides, restated   # more is not an article's worth of figures; the note says so
    return found, asides, restated


def _restates(earlier: MetricGuess, later: MetricGuess, text_of: dict[int, str]) -> bool:
    """The same figure said again: same value and unit, in another sentence, about the same thing
    (labels sharing a two-character word, or one of them unknown). 11个社区分为11个小组 is two figures."""
    if (earlier.value, earlier.unit) != (later.value, later.unit):
        return False
    if earlier.line == later.line:
        line = text_of[later.line]
        between = line[line.find(earlier.quote) + len(earlier.quote):line.rfind(later.quote)]
        if not any(ch in SENTENCE_END for ch in between):
            return False
    if earlier.label.startswith("TODO") or later.label.startswith("TODO"):
        return True
    return bool(_words_around(earlier) & _words_around(later))


def _words_around(metric: MetricGuess) -> set[str]:
    """Two-character runs of Han text in a metric's label and quote, the figure itself left out."""
    quote = re.sub(r"(?:约|近|超过|逾)?\d[\d.,]*[余多]?[万亿]?[余多]?", " ", metric.quote.replace(metric.unit, " "))
    text = re.sub(r"[^\u4e00-\u9fff]+", " ", metric.label + " " + quote)
    return {text[i:i + 2] for i in range(len(text) - 1) if " " not in text[i:i + 2]}


def _modified_unit(q: Quantity, line: str, units: list[str]) -> Quantity:
    """十余大类: a size word between the number and the unit (大, 小) still leaves a figure."""
    if q.unit is None and line[q.end:q.end + 1] in ("大", "小"):
        unit = next((u for u in sorted(units, key=len, reverse=True) if line.startswith(u, q.end + 1)), None)
        if unit:
            return replace(q, unit=unit, end=q.end + 1 + len(unit), text=line[q.start:q.end + 1 + len(unit)])
    return q


def _implied_unit(q: Quantity, line: str) -> tuple[Quantity, str]:
    """1万多居民, 近万群众, 300余企业: a counted noun right after the number gives the unit."""
    if q.unit is not None or (q.chinese and not q.approx):
        return q, ""
    noun = next((n for n in rules().implied_units if line.startswith(n, q.end)), None)
    if not noun:
        return q, ""
    end = q.end + len(noun)
    return replace(q, unit=rules().implied_units[noun], end=end, text=line[q.start:end]), noun


def _is_metric(q: Quantity, line: str, names: list[tuple[int, int]], kinds: dict[str, str]) -> bool:
    if q.unit is None:
        return False
    if q.chinese and not q.approx and not _counted_in_numerals(q, line, kinds):
        return False                                    # 三甲, 两委, 四个层次: words, not figures
    if q.bound == "upper" or (q.bound and q.chinese):
        return False                                    # 200至300场 is one figure (its lower bound); 三到五年: words
    digits_start = q.start + len(q.before)
    if any(a <= digits_start < b for a, b in names):
        return False                                    # “服务520”, “15分钟服务圈”: names
    if digits_start > 0 and GLUE.match(line[digits_start - 1]):
        return False                                    # K23, 1+7+N, B2-20231273
    if digits_start > 0 and line[digits_start - 1] == "第":
        return False                                    # 第2期: an ordinal
    if q.unit == "年" and q.number >= 1900:
        return False                                    # 2019年以来: a year
    if q.unit == "年" and line.startswith(("代", "来", "以来", "间"), q.end):
        return False                                    # 上世纪80年代, 近三年来: when, not how much
    if q.bound and line.startswith("的", q.end):
        return False                                    # 3至5人的小分队46支: what each is like, not a count
    if RING.match(line[q.end:]):
        return False                                    # 5分钟步行服务圈: a name
    if q.unit == "分" and (line[digits_start - 1:digits_start] in ("时", "点", ":", "：") or line.startswith("之", q.end)):
        return False                                    # 10时30分: a time; 3分之1: a fraction
    if (q.value, q.unit) in ((365, "天"), (24, "小时")) and re.match(rf"[{HAN}]", line[q.end:q.end + 1]):
        return False                                    # 全年365天不打烊, 24小时自助图书角: descriptions
    after = line[q.end:q.end + 1]
    return not (after and GLUE.match(after))         # 3次方, 2001-2025


def _counted_in_numerals(q: Quantity, line: str, kinds: dict[str, str]) -> bool:
    """组建两支队伍 is a figure; 三个方面, 这三个队伍, 两位书记围绕… are not: a bare Chinese numeral
    counts from two upwards, for a count unit, right after a verb that sets something up."""
    r = rules()
    if q.value < 2 or kinds.get(q.unit) not in NUMERAL_KINDS:
        return False
    if line.startswith(r.structure_nouns, q.end):
        return False
    left = q.start
    while left > 0 and line[left - 1] not in DELIMITERS and q.start - left < 8:
        left -= 1
    before = line[left:q.start]
    if before.endswith(r.demonstratives):
        return False
    return any(before.endswith(verb) or before.endswith(verb + "了") or before.endswith(verb + "起")
               for verb in r.numeral_verbs)


def _aside(q: Quantity, line: str, kinds: dict[str, str]) -> str | None:
    """Why a figure is context rather than a metric, or None: a ratio, an address, a distance.
    A price per head or per meal (每餐只需8元) is a figure, not a ratio."""
    r = rules()
    sentence = line[max([line.rfind(ch, 0, q.start) for ch in SENTENCE_END]) + 1:q.start]
    plans, done = [m.end() for m in PLAN.finditer(sentence)], [m.end() for m in DONE.finditer(sentence)]
    if plans and plans[-1] > max(done, default=-1):
        return "plan"
    left = q.start
    while left > 0 and line[left - 1] not in DELIMITERS and q.start - left < 20:
        left -= 1
    before = line[left:q.start]
    per = before.rfind("每")
    if per < 0 and re.match(r"^\s*(?:就|便|即|可|则|都)", before):
        # 每服务1小时，就能存入1个时间币: the 每 is in the clause before, and this one answers it.
        sentence = line[:left]
        start = max(sentence.rfind(ch) for ch in SENTENCE_END)
        earlier = sentence[start + 1:]
        per = earlier.rfind("每")
        before = earlier if per >= 0 else before
    if per >= 0 and kinds.get(q.unit) not in ("金额", "单价") and not before[per + 1:].startswith(r.per_time) and not re.match(r"[一1]?(?:个)?(?:年|月|周|天)", before[per + 1:]):
        return "ratio"                                  # 每个网格配1名网格员, 每栋楼1名楼长
    if before.endswith(("人均", "户均")):
        return None
    if q.unit in r.building_units or line.startswith(("号楼", "号院", "号"), q.end - len(q.unit)):
        nxt = line[q.end:q.end + 1]
        if re.match(r"[^，。；、,;]{0,8}?(?:楼栋|楼宇|楼房|居民楼|住宅楼)", line[q.end:]):
            return None                                 # 在37栋无物业楼栋推行: a count of buildings
        if nxt.isdigit() or before.endswith(r.address_before) or re.search(r"[路街巷道里弄]$", before) \
                or re.search(rf"\d(?:{'|'.join(r.building_units)})$", before):
            return "address"                            # 走进5栋, 12栋3单元, 小区3幢
    if q.unit in r.distance_units:
        if any(word in before for word in r.distance_before) or line.startswith(r.distance_after, q.end):
            return "distance"                           # 往东走200米, 距离社区500米, 200米外, 步行10分钟
    return None


def _name_spans(line: str) -> list[tuple[int, int]]:
    """Quoted spans that are names (“服务520”, “15分钟服务圈”), not quoted statements:
    a statement has a sentence's punctuation, or is long, or follows a speech verb and a colon."""
    spans = []
    for start, end in _quoted_spans(line):
        inner = line[start + 1:end]
        lead = line[max(0, start - 6):start]
        statement = (STATEMENT_MARKS.search(inner) or len(inner) >= 15
                     or re.search(r"[:：]\s*$", lead) and any(v in lead for v in rules().speech_verbs))
        if not statement:
            spans.append((start, end))
    return spans


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
    if left > 0 and line[left - 1] not in DELIMITERS:   # cut inside the clause: start at a word (全市已按…, not 市已按…)
        base = max(0, left - 6)
        edge = base
        for word in _jieba().lcut(line[base:start]):
            if edge >= left:
                break
            edge += len(word)
        left = min(edge, start)
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


def _label(line: str, q: Quantity, noun: str = "") -> str:
    """What the figure counts: for measure words the noun after the unit (28个社区社会组织),
    otherwise the last words before the figure (惠及居民1200余人次); a counted noun that
    stands for the unit (惠及1万多居民) follows the words before it."""
    import jieba.posseg as posseg

    _jieba()
    if noun:
        before = _label(line, replace(q, end=q.start), "") if q.start else ""
        before = "" if before == noun or before.startswith("TODO") else before
        return (before[-2:] + noun) if before and not before.endswith(noun) else noun
    after = ""
    i = q.end
    while i < len(line) and line[i] not in DELIMITERS and len(after) < 12:
        after += line[i]
        i += 1
    # The noun phrase after the unit: words up to the first verb or particle after the first word.
    words = []
    first_flag = ""
    for word, flag in posseg.lcut(after.removeprefix("的")):
        if words and (flag.startswith(("v", "u", "p", "c", "d", "m", "l", "f", "r")) and flag != "vn"
                      or word in FUNCTION_WORDS):
            break
        if word.strip("“”‘’"):
            first_flag = first_flag or flag
            words.append(word.strip("“”‘’"))
    after = "".join(words)[:10]
    left = q.start
    while left > 0 and line[left - 1] not in DELIMITERS and q.start - left < 16:
        left -= 1
    before = line[left:q.start]
    # 党员620名参与联户: the noun is before the figure and a verb follows; 签订了7个共建项目: after it.
    noun_before = bool(before) and posseg.lcut(before)[-1].flag.startswith("n")
    verb_after = first_flag.startswith("v") and first_flag != "vn"
    if len(after) >= 2 and not (noun_before and verb_after) and (
            q.unit in COUNT_UNITS or q.unit in ACTIVITY_UNITS and first_flag.startswith("n")):
        return after  # 28个社区社会组织; 开了36场议事会
    change = CHANGE_FROM.search(before)
    if change:  # 收缴率从45%提高到91%: both figures are about 收缴率
        subject = _label(line, replace(q, start=left + change.start(), end=left + change.start()), "")
        if change.group("to"):
            return subject + change.group("to").removesuffix("了")
        return subject
    words = [w for w in _jieba().lcut(before) if w.strip()]
    if "等" in words[:-1]:  # 停车难、环境差等问题280件: 问题 is what is counted
        words = words[len(words) - words[::-1].index("等"):]
    words = [w for w in words if w not in FUNCTION_WORDS]
    while len(words) > 1 and words[-1] in LABEL_TRIM:
        words.pop()   # 满意度超过95%: the verb before the figure is not what it counts
    if words and words[-1] not in _jieba().dt.FREQ:
        # 办结率达98.5%: jieba guessed the unknown word 率达; 行为 (用火行为37起) is a word, kept whole.
        verb = next((v for v in LABEL_TRIM if words[-1].endswith(v) and len(words[-1]) > len(v)), "")
        words[-1] = words[-1].removesuffix(verb) if verb else words[-1]
    take = 2
    if len(words) >= 4 and words[-2] in ("以上", "以下", "以内"):
        take = 4  # 60岁以上老人: the bound belongs to the label
    elif len(words) >= 3 and words[-1] in CHANGE and words[-2] in ("同比", "环比"):
        take = 3  # 投诉量同比下降45.6%: what changed, not just how
    label = "".join(words[-take:]) if words else ""
    if len(label) < 2 and words:
        label = "".join(words[-3:])
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
