"""Rules about meaning, one generator per rule, each yielding (loc, code, detail)
or (loc, code, detail, fix) when the code's general fix does not fit.

They read the raw front matter rather than the validated model, so a wrong
type in one field does not hide a problem in another: every problem in a file
is reported in one run. `loc` is a path into the front matter, or a file line
number (int) for problems in the body.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from typing import Any, Callable, Iterator

from ..zh import gazetteer
from ..zh.dates import TODO, DateError, PartialDate
from ..zh.numbers import find_quantities, same_number
from ..zh.textclean import (
    HAN,
    PINYIN_LETTERS,
    TONED,
    is_pinyin,
    mojibake,
    to_simplified,
)
from . import ids, markup
from .document import ProfileDoc
from .markup import explain_body, explain_field
from .schema import (
    BODY_SECTIONS,
    FIELD_ORDER,
    LIST_MAX,
    REGION_LEVELS,
    SUMMARY_MAX,
    VALUE_MAX,
)
from .vocab import Vocabulary
from .yamlio import CONTROL_RE

Found = tuple  # (loc, code, detail) or (loc, code, detail, fix)
Check = Callable[[ProfileDoc, Vocabulary], Iterator[Found]]

CITY_SUFFIXES = ("市", "州", "盟", "地区")
DISTRICT_SUFFIXES = ("区", "县", "市", "旗")
APPROX_WORDS = "余、多、约、近、超过、左右"


def placeholder(doc: ProfileDoc, value: Any) -> bool:
    """A TODO a draft may carry where a known name belongs; published profiles get P020 for it."""
    return doc.data.get("status") == "draft" and isinstance(value, str) and value.strip().startswith(TODO)


def _list(data: dict, key: str) -> list[tuple[int, Any]]:
    value = data.get(key)
    return list(enumerate(value)) if isinstance(value, list) else []


def _strings(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string of the known fields, with where it sits. Unknown fields are
    P003 already, and lists are read up to their cap (P028): a file stuffed with
    strings costs no more than a full, valid one."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if loc or key in FIELD_ORDER:
                yield from _strings(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value[:LIST_MAX.get(str(loc[-1]) if loc else "", 20)]):
            yield from _strings(item, loc + (index,))


def _fields(doc: ProfileDoc) -> list[tuple[tuple, str]]:
    """`_strings` of the front matter, walked once per file for all the checks."""
    if "strings" not in doc.memo:
        doc.memo["strings"] = list(_strings(doc.data))
    return doc.memo["strings"]


TONED_RE = re.compile(f"[{TONED}]")


def _dicts(data: dict, key: str) -> Iterator[tuple[int, dict]]:
    for index, item in _list(data, key):
        if isinstance(item, dict):
            yield index, item


def check_filename(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """The file is named after the profile's id."""
    value = doc.data.get("id")
    if isinstance(value, str) and value != doc.stem:
        # Only a valid id is offered: a wrong id has its own problem (P007).
        ways = ([f"把文件改名为“{value}.md”"] if ids.is_valid(value) else []) + (
            [f"把 id 改成“{doc.stem}”"] if ids.is_valid(doc.stem) else [])
        yield (("id",), "P008", f"id 是“{value}”，文件名却是“{doc.path.name}”",
               "，或".join(ways) or f"id 和文件名都用一个合法的 id，如 id 写“{ids.repair(value)}”、文件名“{ids.repair(value)}.md”")


def check_practices(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """Practices come from the vocabulary, by name, once each."""
    seen: set[str] = set()
    for index, name in _list(doc.data, "practices"):
        if not isinstance(name, str):
            continue
        name = name.strip()
        loc = ("practices", index)
        if name in seen:
            yield loc, "P024", f"做法“{name}”重复出现"
        seen.add(name)
        if name in vocab.practice_by_name or not name or placeholder(doc, name):
            continue
        if name in vocab.practice_by_synonym:
            canonical = vocab.practice_by_synonym[name].name
            yield loc, "P011", f"“{name}”是“{canonical}”的同义词，请写规范名称“{canonical}”（make fix 可自动改）"
            continue
        close = vocab.closest_practices(name)
        hint = f"（最接近的：{'、'.join(close)}）" if close else ""
        yield loc, "P011", f"做法“{name}”不在词表中{hint}"


def check_units(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """Units come from the unit list; 万 and 亿 belong in the value."""
    for index, metric in _dicts(doc.data, "metrics"):
        unit = metric.get("unit")
        if not isinstance(unit, str) or not unit.strip() or unit.strip() in vocab.unit_names or placeholder(doc, unit):
            continue
        unit = unit.strip()
        if unit[0] in "万亿" and unit[1:] in vocab.unit_names:
            yield ("metrics", index, "unit"), "P012", f"单位“{unit}”带有“{unit[0]}”：请把它乘进 value，单位写“{unit[1:]}”"
            continue
        close = vocab.closest_units(unit)
        hint = f"（最接近的：{'、'.join(close)}）" if close else ""
        yield ("metrics", index, "unit"), "P012", f"单位“{unit}”不在单位表中{hint}"


def check_region(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """Provinces are one of the 34; cities and districts carry their suffix."""
    region = doc.data.get("region")
    if not isinstance(region, dict):
        return
    region = {k: (None if placeholder(doc, v) else v) for k, v in region.items()}
    province = region.get("province")
    if isinstance(province, str) and province.strip() and province.strip() not in vocab.province_by_name:
        province = province.strip()
        full = vocab.province_by_short.get(province) or vocab.province_by_short.get(province.rstrip("省市"))
        if full:
            yield ("region", "province"), "P014", f"“{province}”应写全称“{full.name}”"
        else:
            yield ("region", "province"), "P014", f"“{province}”不是省级行政区"
    known = vocab.province_by_name.get(province) if isinstance(province, str) else None
    city = region.get("city")
    if isinstance(city, str) and city.strip():
        city = city.strip()
        if known and known.kind == "直辖市":
            if city != known.name:
                yield ("region", "city"), "P015", f"直辖市的 city 应写“{known.name}”，而不是“{city}”"
        elif known and known.kind == "特别行政区":
            pass
        elif not city.endswith(CITY_SUFFIXES) and not gazetteer.cities_named(city):
            # 神农架林区, 定安县: a county the province administers directly is its own city
            yield ("region", "city"), "P015", f"城市“{city}”应写全称，如“{city}市”"
    district = region.get("district")
    if isinstance(district, str) and district.strip() and not (known and known.kind == "特别行政区"):
        district = district.strip()
        if not district.endswith(DISTRICT_SUFFIXES):
            yield ("region", "district"), "P015", f"区县“{district}”应写全称，以区、县、市或旗结尾"
    # The levels must fit together by the national division list (a mistake here files
    # the profile under another place on every listing and the map).
    if known and known.kind not in ("直辖市", "特别行政区"):
        names = [v.strip() if isinstance(v, str) and v.strip() else None for v in (province, city, district)]
        wrong = gazetteer.misfit(*names)
        if wrong:
            yield ("region", wrong[0]), "P036", wrong[1]
        city = names[1]  # 杭州 ends like a city (温州, 自治州) but is the short form of 杭州市
        if city and city.endswith(CITY_SUFFIXES) and not gazetteer.cities_named(city) \
                and (full := gazetteer.city_full_names(city)):
            yield ("region", "city"), "P015", f"城市“{city}”应写全称“{'”或“'.join(full)}”"
    supplemented = region.get("supplemented")
    if isinstance(supplemented, list):
        for index, level in enumerate(supplemented):
            if level in REGION_LEVELS and not region.get(level):
                yield (("region", "supplemented", index), "P006", f"补充的层级 {level} 在 region 中没有填写",
                       f"先填写 region.{level}，或从 supplemented 中删去 {level}")


def check_metric_quotes(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """A metric's value, unit and approx agree with the quote it cites."""
    for index, metric in _dicts(doc.data, "metrics"):
        quote, value, unit = metric.get("quote"), metric.get("value"), metric.get("unit")
        if not isinstance(quote, str) or not quote.strip():
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not abs(value) <= VALUE_MAX:
            continue  # not a number, or not a sane one (P005, P029)
        unit = unit.strip() if isinstance(unit, str) else ""
        quantities = find_quantities(quote, vocab.unit_names)
        if not quantities:
            yield ("metrics", index, "quote"), "P016", f"引语“{quote}”中没有数字"
            continue
        matches = [q for q in quantities
                   if same_number(q.value, value) or (unit[:1] in "万亿" and unit and same_number(q.number, value))]
        if not matches:
            stated = "、".join(f"{q.value:g}" for q in quantities)
            yield ("metrics", index, "value"), "P016", f"value 是 {value:g}，引语“{quote}”中的数字是 {stated}"
            continue
        match = next((q for q in matches if q.unit == unit), matches[0])
        if match.unit and unit in vocab.unit_names and match.unit != unit:
            yield ("metrics", index, "unit"), "P016", f"单位写的是“{unit}”，引语中是“{match.unit}”"
        approx = metric.get("approx", False)
        if isinstance(approx, bool) and approx != match.approx:
            if match.approx:
                yield ("metrics", index, "approx"), "P017", f"引语“{quote}”是约数（{match.before or match.after}），应写 approx: true"
            else:
                yield ("metrics", index, "approx"), "P017", f"引语“{quote}”是确数，没有{APPROX_WORDS}等字样，应写 approx: false"


def check_summary(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """A summary is one or two sentences a reader can take in at a glance."""
    summary = doc.data.get("summary")
    if not isinstance(summary, str):
        return
    text = summary.strip()
    sentences = [s for s in re.split(r"[。！？!?]", text) if s.strip()]
    if len(text) > SUMMARY_MAX:
        yield ("summary",), "P025", f"摘要有 {len(text)} 字，超过 {SUMMARY_MAX} 字"
    elif len(sentences) > 2:
        yield ("summary",), "P025", f"摘要有 {len(sentences)} 句，请压缩到一两句"


def check_markup(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """Nothing the sanitiser would remove (P026), no HTML comments (P031): in fields,
    which pages show as plain text, and in the body, which is Markdown."""
    if doc.oversized:
        return  # P028 already; Markdown takes quadratic time on some long lines
    for loc, text in _fields(doc):
        if loc[-1] == "url":
            continue  # addresses are checked as addresses (P023) and never rendered as Markdown
        found: dict[str, list[str]] = {}
        for code, what in explain_field(text):
            found.setdefault(code, []).append(what)
        for code, whats in found.items():
            tail = "" if code == "P031" else "：这里只写纯文字，页面会原样显示这些字符"
            name = next((part for part in reversed(loc) if isinstance(part, str)), "")  # practices, not 0
            yield loc, code, f"{name} 中有{'、'.join(whats)}{tail}"
    by_line: dict[tuple[int, str], list[str]] = {}
    for finding in explain_body(doc.body, doc.body_line):
        by_line.setdefault((finding.line, finding.code), []).append(finding.what)
    for (line, code), whats in by_line.items():
        tail = "" if code == "P031" else "：网站只保留 Markdown 能写出的内容，会把它去掉"
        if all(w.startswith(markup.UNCLOSED) for w in whats):
            tail = "：其后的正文都会收在它里面，网站在正文末尾替它闭合；请在该结束的地方补上结束标签"
        elif all(w == markup.SWALLOWS for w in whats):
            tail = ("：正文之后的来源、相关案例和引用都会落进去，网站改为把正文里的 HTML 当作文字显示；"
                    "补上缺的引号、-->、]]> 或 >，或删去这段 HTML")
        yield line, code, f"正文中有{'、'.join(whats)}{tail}"


def check_invisible(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """No control or format character written as a YAML escape ("\\u202e") or a
    character reference (&#x202E;): the file's own characters are checked as it is read."""
    for loc, text in _fields(doc):
        if found := CONTROL_RE.search(text):
            yield loc, "P030", f"{loc[-1]} 中有看不见的字符 U+{ord(found.group(0)):04X}（写成了转义）"
    if "&#" in doc.body:
        for offset, line in enumerate(doc.body.splitlines()):
            if "&#" in line and (found := CONTROL_RE.search(html.unescape(line))):
                yield doc.body_line + offset, "P030", f"正文中有看不见的字符 U+{ord(found.group(0)):04X}（写成了字符引用）"


def check_future_dates(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """Nothing is reported before it happened: no date after today."""
    today = _dt.date.today()
    dates = [(("date",), doc.data.get("date"))]
    dates += [(("sources", i, "published"), s.get("published")) for i, s in _dicts(doc.data, "sources")]
    for loc, value in dates:
        try:
            date = PartialDate.parse(value)
        except DateError:
            continue  # P010 says what is wrong with it
        if date.year is None or date.todo:
            continue
        if (date.year, date.month or 1, date.day or 1) > (today.year, today.month, today.day):
            yield loc, "P032", f"{loc[-1]} 是 {date.display()}，晚于今天（{today.isoformat()}）"


def _published_text(doc: ProfileDoc) -> Iterator[tuple[tuple | int, str]]:
    """Fields and body lines of a published profile: drafts quote the article's flaws in their to-do list."""
    if doc.data.get("status") != "published":
        return
    for loc, text in _fields(doc):
        yield loc, text
    for offset, line in enumerate(doc.body.splitlines()):
        yield doc.body_line + offset, line


# A reading in brackets after a Han character: 治理(zhì lǐ), 網（wǎng）. At least one
# toned vowel, so that (PPT), (app) and other Latin in brackets stay.
READING_RE = re.compile(rf"(?<=[{HAN}])\s?[(（\[【]\s*([{PINYIN_LETTERS}]+(?:\s+[{PINYIN_LETTERS}]+)*)\s*[)）\]】]")


def check_pinyin(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """A published profile carries no pinyin readings left by a converter."""
    if not TONED_RE.search(doc.text):
        return
    for loc, text in _published_text(doc):
        for match in READING_RE.finditer(text):
            if is_pinyin(match.group(1)):
                where = f"{loc[-1]} 中" if isinstance(loc, tuple) else "正文中"
                yield loc, "P033", f"{where}有拼音注音“{match.group(0)}”"


def check_mojibake(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """A published profile carries no mojibake: a ? wedged between characters, a run of rare characters."""
    if doc.data.get("status") != "published" or not _maybe_mojibake_anywhere(doc.text):
        return
    for loc, text in _published_text(doc):
        if not _maybe_mojibake(text):
            continue
        # Judged clause by clause, in Simplified: a list of rare names (喆、昇、堃) or a
        # Traditional quotation is not a garbled run.
        for clause in CLAUSE_SPLIT.split(to_simplified(text)):
            for flag in mojibake(clause, 0):
                if flag.reason.startswith("问号") and not re.search(rf"\ufffd|\?[{PINYIN_LETTERS}]", flag.text):
                    continue  # 吗?居民: an ASCII question mark, not a lost character
                where = f"{loc[-1]} 中" if isinstance(loc, tuple) else "正文中"
                yield loc, "P034", f"{where}有疑似乱码“{flag.text}”（{flag.reason}）"


CLAUSE_SPLIT = re.compile(r"[、，。；：！？,;:!（）()“”‘’《》\s]+")


_WEDGED_RE = re.compile(rf"[{HAN}][?\ufffd]|\ufffd")


def _maybe_mojibake(text: str) -> bool:
    """Cheap first look before the real test, which needs a character frequency table:
    a wedged ?/U+FFFD, or three characters outside GB2312 (the 6,763 common ones) close together."""
    if _WEDGED_RE.search(text):
        return True
    try:
        text.encode("gb2312")
        return False  # every character is a common one (one call in C for the whole text)
    except UnicodeEncodeError:
        pass
    positions = [i for i, c in enumerate(text) if c > "\u3400" and not _in_gb2312(c)]
    return any(positions[i + 2] - positions[i] < 6 for i in range(len(positions) - 2))


def _maybe_mojibake_anywhere(text: str) -> bool:
    if _WEDGED_RE.search(text):
        return True
    try:
        text.encode("gb2312")
        return False
    except UnicodeEncodeError:
        return True  # some character outside GB2312: look line by line


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _heading(line: str) -> str | None:
    """The text of a level-2 heading line (## 背景 ##), by string operations: the
    regular expression this replaces took seconds on a line of spaces."""
    if not line.startswith("##") or line.startswith("###") or line[2:3] not in (" ", "\t"):
        return None
    return line[2:].strip().rstrip("#").strip() or None


def check_body(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """A published profile's body has the four recommended sections."""
    if doc.data.get("status") != "published":
        return
    headings = [h for line in doc.body.splitlines() if (h := _heading(line))]
    missing = [s for s in BODY_SECTIONS if s not in headings]
    if missing:
        lines = doc.body.splitlines()
        first = next((i for i, text in enumerate(lines) if text.strip()), None)
        line = doc.body_line + first if first is not None else max(doc.body_line - 1, 1)
        yield line, "P019", f"正文缺少小节：{'、'.join('## ' + s for s in missing)}"


def check_todo(doc: ProfileDoc, vocab: Vocabulary) -> Iterator[Found]:
    """A published profile carries no TODO placeholder."""
    if doc.data.get("status") != "published" or TODO not in doc.text:
        return  # no TODO anywhere in the file: nothing to walk (most files, most of the time)

    for loc, text in _fields(doc):
        if TODO in text:
            yield loc, "P020", f"{loc[-1]} 中仍有 TODO"
    for offset, line in enumerate(doc.body.splitlines()):
        if TODO in line:
            yield doc.body_line + offset, "P020", "正文中仍有 TODO"


CHECKS: list[Check] = [
    check_filename,
    check_markup,
    check_invisible,
    check_future_dates,
    check_pinyin,
    check_mojibake,
    check_practices,
    check_units,
    check_region,
    check_metric_quotes,
    check_summary,
    check_body,
    check_todo,
]

# Links between profiles in a body: [文字](other-id.md) or [文字](other-id.md#anchor).
PROFILE_LINK_RE = re.compile(r"\[([^\]]*)\]\((?:\./)?([a-z0-9][a-z0-9-]*)\.md(#[^)\s]*)?\)")


def body_links(doc: ProfileDoc) -> Iterator[tuple[int, str]]:
    for offset, line in enumerate(doc.body.splitlines()):
        for match in PROFILE_LINK_RE.finditer(line):
            yield doc.body_line + offset, match.group(2)
