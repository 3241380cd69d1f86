"""Numbers as Chinese news text writes them, and as our pages show them.

`find_quantities` is shared by the validator (does a metric's value match its
quote?) and by the importer (which figures does an article state?), so both
read 1万余人次, 2.1万平方米, 15亿元 and 近千册 the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，％＋－／",
    "0123456789.,%+-/",
)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}

APPROX_BEFORE = ("将近", "接近", "大约", "超过", "不足", "不到", "不少于", "不低于", "低于", "高于", "约", "近", "逾", "超")
APPROX_AFTER = ("余", "多", "几")
APPROX_TRAILING = ("左右", "以上", "上下")
# 个 is a classifier before these time units: 7个小时 is 7 小时, 一个星期 is 1 星期.
CLASSIFIED_TIME = ("小时", "星期", "工作日", "季度")

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CHINESE = r"[零〇一二两三四五六七八九十百千万亿]+"
_NUMBER_RE = re.compile(
    r"(?P<before>" + "|".join(APPROX_BEFORE) + r")?"
    r"(?:(?P<arabic>" + _ARABIC + r")(?P<after1>[余多])?(?P<mult>[万亿])?"
    r"|(?P<chinese>" + _CHINESE + r"))"
    r"(?P<after2>[余多几])?"   # 十几位: as 十余
)


def halfwidth(text: str) -> str:
    """Full-width digits and number punctuation to ASCII (１，２００ → 1,200)."""
    return text.translate(_FULLWIDTH)


def chinese_to_int(text: str) -> int | None:
    """一千二百 → 1200, 十余 → 10 (caller strips 余), 两万 → 20000; None if not a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch not in _CN_BIG for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # 二三: not a numeral we read
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            section = section or (0 if total else 1)   # 万 alone (上万人次) is ten thousand, not nothing
            total = (total + section) * _CN_BIG[ch] if total and _CN_BIG[ch] > 10_000 else total + section * _CN_BIG[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str            # the matched span, unit included
    number: float        # as written, before 万/亿 (15 in 15亿元)
    value: float         # 万/亿 multiplied out, unless the unit carries it
    unit: str | None
    approx: bool
    before: str          # approximate marker before the number (约, 近…)
    after: str           # approximate marker after it (余, 多, 左右…)
    chinese: bool        # written in Chinese numerals (近千册)
    bound: str = ""      # "lower" or "upper" when part of a range (200至300场)


RANGE_JOINERS = ("至", "到", "~", "～", "—", "－", "-")


def find_quantities(text: str, units: Sequence[str] = (), *, chinese: bool = True) -> list[Quantity]:
    """Every number in `text` with its approximate markers and, if one follows, its unit.

    A unit that itself starts with 万 or 亿 (万元, 亿元) wins over reading the
    character as a multiplier: 15亿元 is 15 亿元, 2.1万平方米 is 21000 平方米.
    A range (200至300场, 2至3万人) is two approximate quantities with the
    range's unit: the lower bound's span covers the whole range.
    """
    text = halfwidth(text)
    return _ranges(text, _quantities(text, units, chinese=chinese))


def _ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    out = list(found)
    for i, (low, high) in enumerate(zip(found, found[1:])):
        joiner = text[low.end:high.start].strip()
        if low.unit is not None or high.unit is None or joiner not in RANGE_JOINERS or low.chinese != high.chinese:
            continue
        scale = high.value / high.number if high.number else 1  # 2至3万人: the 万 applies to both
        upper = text[high.start:high.end]
        for tail in (*APPROX_TRAILING, high.unit):  # the figure only: a card shows 200至300 场
            upper = upper.removesuffix(tail)
        out[i] = Quantity(low.start, high.end, text[low.start:high.end], low.number, _tidy(low.number * scale),
                          high.unit, True, low.before, f"{joiner}{upper}", low.chinese, "lower")
        out[i + 1] = Quantity(high.start, high.end, high.text, high.number, high.value, high.unit, True,
                              f"{text[low.start:low.end]}{joiner}", high.after, high.chinese, "upper")
    return out


@lru_cache(maxsize=8)
def _units(units: tuple[str, ...]) -> tuple[list[str], re.Pattern | None]:
    """The units longest first, and a pattern that matches the first of them found at a
    position (the vocabulary's 67 units were tried one by one for every number)."""
    by_length = sorted(units, key=len, reverse=True)
    return by_length, (re.compile("|".join(map(re.escape, by_length))) if by_length else None)


# 百分之八十五, 百分之九十九点二, 近百分之六十: a share written out, read as 85 %.
_PER_CENT_RE = re.compile(r"(?P<before>" + "|".join(APPROX_BEFORE) + r")?百分之"
                          r"(?P<number>" + _ARABIC + r"|[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)"
                          r"(?P<trailing>" + "|".join(APPROX_TRAILING) + r"|[余多])?")


# 约占六成, 近四成, 八成以上: tenths, read as 60 %, 40 %, 80 %. Not where 成 begins a word
# (一成不变, 三成员, 九成立): the characters after it that would make one.
_TENTHS_RE = re.compile(r"(?P<before>" + "|".join(APPROX_BEFORE) + r")?(?<![零〇一二两三四五六七八九十百千万亿])"
                        r"(?P<number>[一二两三四五六七八九十])成(?![立为员功果效本绩熟长就都交型片品年人材才全家婚事语批套分份形真天群像败色衣仙龙风文千百万亿规不])"
                        r"(?P<trailing>" + "|".join(APPROX_TRAILING) + r"|[余多])?")


def _tenths(text: str) -> list[Quantity]:
    found = []
    for match in _TENTHS_RE.finditer(text):
        number = float(chinese_to_int(match.group("number")) * 10)
        before, after = match.group("before") or _linked_marker(text, match.start()), match.group("trailing") or ""
        found.append(Quantity(match.start(), match.end(), match.group(0), number, _tidy(number), "%",
                              bool(before or after), before, after, False))
    return found


def _per_cent(text: str, units: Sequence[str]) -> list[Quantity]:
    if "%" not in units:
        return []
    found = _tenths(text) if "成" in text else []
    if "百分之" not in text:
        return found
    for match in _PER_CENT_RE.finditer(text):
        written = match.group("number")
        whole, _, decimals = written.partition("点")
        number = chinese_to_int(whole) if not whole[0].isdigit() else float(written.replace(",", ""))
        if number is None or (decimals and any(ch not in _CN_DIGITS for ch in decimals)):
            continue
        if decimals:
            number = float(f"{number}.{''.join(str(_CN_DIGITS[ch]) for ch in decimals)}")
        before, after = match.group("before") or _linked_marker(text, match.start()), match.group("trailing") or ""
        # Not `chinese`: a share written out is a figure, never an idiom or a structure word.
        found.append(Quantity(match.start(), match.end(), match.group(0), float(number), _tidy(float(number)), "%",
                              bool(before or after), before, after, False))
    return found


# 约占60%, 大约有300人, 总数约为1200户: the marker, then a verb linking it to the figure.
_LINKED = re.compile(r"(大约|约|将近|接近)(?:占|有|为|达|是|合|计)$")
# 约 is part of a word after these (签约达3000人, 合约为5年): the first characters of the
# two-character words ending in 约 in jieba's dictionary. A set, not jieba itself: the
# validator reads every quote with this, and jieba takes 0.7 s to load.
_WORD_BEFORE_YUE = frozenset("一不会佳依俭借停公共制北华协口合同和商圣大失契如婉婚守定密履应归成换改新无旧暂期条毁沈海"
                             "爽片特界盟相破祖禁秘租稿立签简纽续绰缔聘背自节草行要规解誓订误负费赴践违邀金阿附隐集雷预马")


def _linked_marker(text: str, start: int) -> str:
    """The approximate marker a verb separates from the figure at `start` (总数约为 1200), when
    it is a word of its own there (not 合约为 or 签约达)."""
    found = _LINKED.search(text, max(0, start - 4), start)
    if not found:
        return ""
    if found.group(1) == "约" and found.start() > 0 and text[found.start() - 1] in _WORD_BEFORE_YUE:
        return ""
    return found.group(1)


def _quantities(text: str, units: Sequence[str], *, chinese: bool) -> list[Quantity]:
    by_length, unit_at = _units(tuple(units))
    found: list[Quantity] = _per_cent(text, by_length) if chinese else []
    shares = [(q.start, q.end) for q in found]
    for match in _NUMBER_RE.finditer(text):
        if any(start <= match.start() < end for start, end in shares):
            continue   # inside 百分之八十五, read above
        arabic, chinese_text = match.group("arabic"), match.group("chinese")
        if chinese_text is not None:
            if not chinese:
                continue
            digits = chinese_text
            if digits[-1] in MULTIPLIERS and any(u.startswith(digits[-1]) for u in by_length if text.startswith(u, match.end() - 1)):
                digits = digits[:-1]  # 五十万元: the unit is 万元
            number = chinese_to_int(digits)
            if number is None:
                continue
            value = float(number)
            mult = ""
            end = match.start("chinese") + len(digits) if digits != chinese_text else match.end("chinese")
            after = match.group("after2") or ""
            if after:
                end = match.end("after2") if digits == chinese_text else end
        else:
            if len(arabic.replace(",", "").partition(".")[0]) > 15:
                continue  # not a figure anyone reports (and past what a float holds exactly)
            number = float(arabic.replace(",", ""))
            mult = match.group("mult") or ""
            after = match.group("after1") or match.group("after2") or ""
            end = match.end()
            if mult and any(text.startswith(u, match.start("mult")) for u in by_length if u[0] == mult):
                # The multiplier belongs to the unit (亿元); re-read without it.
                mult = ""
                end = match.start("mult")
                after = match.group("after1") or ""
            value = number * MULTIPLIERS.get(mult, 1)
        if text.startswith("个", end) and any(text.startswith(t, end + 1) for t in CLASSIFIED_TIME if t in by_length):
            end += 1
        found_unit = unit_at.match(text, end) if unit_at else None
        unit = found_unit.group(0) if found_unit else None
        span_end = end + len(unit) if unit else end
        trailing = next((t for t in APPROX_TRAILING if text.startswith(t, span_end)), "")
        if trailing:
            span_end += len(trailing)
        before = match.group("before") or _linked_marker(text, match.start())
        found.append(Quantity(
            start=match.start(),
            end=span_end,
            text=text[match.start():span_end],
            number=number,
            value=_tidy(value),
            unit=unit,
            approx=bool(before or after or trailing),
            before=before,
            after=after + trailing,
            chinese=chinese_text is not None,
        ))
    return sorted(found, key=lambda q: q.start) if shares else found


def _tidy(value: float) -> float:
    # 2.1 * 10000 is 21000.000000000004 in binary floating point.
    rounded = round(value, 6)
    return float(int(rounded)) if rounded == int(rounded) else rounded


def same_number(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def plain(value: float) -> int | float:
    """1200.0 → 1200, 2.5 → 2.5: how a value is written back into YAML."""
    value = _tidy(float(value))
    return int(value) if value == int(value) else value


def format_value(value: float, unit: str = "") -> str:
    """How a card shows a value: 1,200 · 2.1万 · 15亿; units carrying 万/亿 keep the number."""
    value = _tidy(float(value))
    if not unit.startswith(("万", "亿")):
        for big, name in ((100_000_000, "亿"), (10_000, "万")):
            if abs(value) >= big:
                scaled = value / big
                if round(scaled, 2) == round(scaled, 6):
                    return f"{_tidy(scaled):g}{name}"
                break
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def markers(quote: str, value: float, units: Iterable[str] = ()) -> tuple[str, str]:
    """The approximate markers the quote puts around `value` (('近', ''), ('', '余'))."""
    for q in find_quantities(quote, list(units)):
        if same_number(q.value, value) or same_number(q.number, value):
            return q.before, q.after
    return "约", ""
