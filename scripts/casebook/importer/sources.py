"""Where an article came from: its title, publication date, publisher and author,
read from everywhere a saved page keeps them.

In order of trust, for each fact: a labelled line (来源：, 发布时间：), a header
line with no label (某某网 2018-08-30 10:20:00), a newspaper's masthead
(某某日报 数字报纸), the lead's dateline (福清新闻网讯), a saved page's head
(<title>, og:site_name, article:published_time), and the page's address
(/2018-08/30/, the host name). Each fact says where it was found, so that a
person can check it; a fact no source states stays empty, with a note.

`本报` and `本网` stand for the page's own publisher: they are resolved from the
masthead, the site name or the address, or left for a person to fill in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..zh.dates import PartialDate
from ..zh.textclean import Cleaned

DATA = Path(__file__).parent / "data" / "sources.yml"

DATE_FULL = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
DAY_ONLY = re.compile(r"(?<![\d月])(\d{1,2})日(?:获悉|讯|电|报道)")
LABELLED_DATE = re.compile(r"(?:发布|更新|发表|上传)?(?:时间|日期)\s*[:：]")
SOURCE_LABEL = re.compile(r"(?:(?:内容|信息|稿件|文章|新闻)?来源|稿源|转载自|转自)\s*[:：]\s*")   # a reprint names the original
OTHER_FIELD = re.compile(r"(?:作者|编辑|责任编辑|责编|发布时间|发布日期|更新时间|时间|日期|浏览|点击|阅读|字号|记者|通讯员|"
                         r"审核|校对|来源)\s*[:：]|(?:19|20)\d{2}\s*[-/.年]")
PAREN = re.compile(r"[(（]([^()（）]{2,40})[)）]")   # （记者 刘洋 通讯员 周敏）, inside a lead line
# 本报记者, 新华社记者, 湖南日报全媒体记者, 中青报·中青网记者, 天山网-新疆日报记者, 读特记者:
# whose reporter (any short name before it, on a line that is otherwise a byline), then what kind.
# A name of a paper or site ends like one; any other (读特记者 刘欣) only when a space follows, as
# in a byline (社区开展小记者活动 is a headline).
_KIND = r"(?:特约|见习|首席|实习|融媒体?|全媒体)?记者"
ROLE = (rf"(?:[\u4e00-\u9fff·\-]{{0,10}}?(?:社|报|台|网|中心|传媒|媒体|新闻|客户端))?{_KIND}"
        rf"|[\u4e00-\u9fff·\-]{{1,6}}?{_KIND}(?=[ \u3000])|(?:特约)?通讯员|实习生|作者")
# A name: 2–4 characters, spaces of layout allowed inside (周　芹); a transliterated one with
# its middle dot (艾克拜尔·吾拉木).
_NAME = r"[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){1,3}(?:·[\u4e00-\u9fff]{1,6})*"
# A byline: 记者 黄志强 通讯员 林雪; roles and names, nothing else (what `byline` leaves of one).
BYLINE = re.compile(rf"^\s*(?:{ROLE})\s*[:：]?\s*{_NAME}(?:\s*[、，,\s]\s*{_NAME}|\s*(?:{ROLE})\s*[:：]?\s*{_NAME})*\s*$")
NAMES = re.compile(rf"{_NAME}(?:\s*[、，,\s]\s*{_NAME})*")
# What a byline carries besides the writers: who wrote and who photographed (文/图 本报记者 赵磊,
# 文/记者 李娜), a photo credit (图/王磊, 李平 摄), where the reporter filed from and how
# (深圳报道, 发自北京, ／综合报道, 报道).
CREDIT = re.compile(r"^(?:(?:文\s*[/／]\s*图|图\s*[/／]\s*文)\s*[/／:：|｜]?|(?:文图|图文)(?:\s*[/／:：|｜]|\s+)"
                    r"|(?:文字|撰文|文)\s*[/／:：|｜])\s*")
PHOTO = re.compile(rf"\s*(?:图片|摄影|图|摄)\s*[/／:：|｜]\s*(?:(?:{ROLE})\s*[:：]?\s*)?{NAMES.pattern}\s*$"
                   rf"|\s+(?:(?:{ROLE})\s*)?{_NAME}\s*(?:摄影|摄)\s*$")
FILED_FROM = re.compile(r"(?:\s+|[/／])(?:发自[\u4e00-\u9fff]{2,6}|[\u4e00-\u9fff]{0,6}(?:报道|报导|电))\s*$")
# A byline that opens the first paragraph, after the dispatch mark: 【大公报讯】记者何嘉茵深圳报道：在…
DISPATCH_BYLINE = re.compile(r"(?:讯|电)[】\]]?\s*([^：:。，,（(]{3,30}?(?:报道|报导))\s*[:：]")
# 记者何嘉茵深圳报道: the place glued to the name, when nothing else makes a byline of the line.
# Most places filed from have two characters (深圳, 北京): a name of three is more likely than one of two.
FILED_GLUED = re.compile(r"(?:发自)?[\u4e00-\u9fff]{2}(?:报道|报导)\s*$")
# A name: 2–4 characters, or two with a layout space (赵 泳); never a field name before a colon.
AUTHOR_META = re.compile(r"(作者|本报记者|记者|通讯员)\s*[:：]?\s*(?!本报记者|记者|通讯员)"
                         r"([\u4e00-\u9fff]\s[\u4e00-\u9fff](?![\u4e00-\u9fff])|[\u4e00-\u9fff]{2,4}(?!\s*[:：]))"
                         r"(?![\u4e00-\u9fff]*\s*[:：])")
# Meta tags that carry a publication date or a site name, most specific first.
DATE_META = ("article:published_time", "og:article:published_time", "pubdate", "publishdate", "publish_date",
             "publishtime", "publish-time", "datepublished", "og:release_date", "article:published", "dc.date",
             "dc.date.issued", "weibo: article:create_at", "firstpublishedtime", "lastmodifiedtime", "article:modified_time")
# The page's source (a reprint names the original) before the site that carries it.
SITE_META = ("contentsource", "source", "og:site_name", "sitename", "site_name", "site", "og:site", "application-name")
TITLE_META = ("og:title", "articletitle", "twitter:title", "title")
# URL paths: /2018-08/30/, /201808/30/, /20180830/, /2018/08/30/, /2018/0830/, t20180830_123.html
URL_DATES = [
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})(?=/)"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})(?=/)"),
    re.compile(r"/((?:19|20)\d{2})/(\d{2})/?(\d{2})(?=[/_.])"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})(?=[/_.])"),
    re.compile(r"(?:/|/t|_|content_)((?:19|20)\d{2})(\d{2})(\d{2})(?=[/_.]|$)"),
]
TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|—{1,2}|\s-\s)\s*")
SUBTITLE = re.compile(r"^\s*(?:——|—|--)")
FURNITURE = re.compile(r"^[【\[]?\s*(?:字号|字体|打印|关闭|分享|浏览|点击|阅读|返回|收藏|首页|当前位置|您的位置|扫一扫|"
                       r"上一篇|下一篇|责任编辑|编辑)")
# Where a source's name runs on into the article: 来源：淄博日报近日，…
RUN_ON = re.compile(r"近日|日前|近年来|今年以来|本报讯|本网讯|讯|[（(]\s*(?:记者|通讯员)|\d{1,2}月\d{1,2}日")
# A dispatch's dateline: agency or site, the place, the date, 电.
DISPATCH = re.compile(r"^([\u4e00-\u9fff]{2,10}?(?:社|网|报|台))[\u4e00-\u9fff]{2,8}?\d{1,2}月\d{1,2}日电")
# Newspaper page furniture above an e-paper article: 第03版：综合新闻, 版次：A2, 上一版.
EDITION = re.compile(r"^(?:第\s*[A-Za-z]?\d+\s*版|版次|版面|[A-Za-z]?\d+\s*版[:：])")


@dataclass(frozen=True)
class Words:
    media_suffixes: tuple[str, ...]
    masthead_markers: tuple[str, ...]
    newspaper_suffixes: tuple[str, ...]
    not_datelines: tuple[str, ...]
    not_publishers: frozenset[str]
    self_references: dict[str, str]
    platform_names: frozenset[str]
    hosts: dict[str, str]


@lru_cache(maxsize=1)
def words() -> Words:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    by_length = lambda items: tuple(sorted(items, key=len, reverse=True))  # noqa: E731
    return Words(by_length(data["media_suffixes"]), by_length(data["masthead_markers"]),
                 by_length(data["newspaper_suffixes"]), tuple(data["not_datelines"]),
                 frozenset(data["not_publishers"]), dict(data["self_references"]),
                 frozenset(data["platform_names"]), dict(data["hosts"]))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    w = words()
    alternatives = lambda items: "|".join(map(re.escape, items))  # noqa: E731
    not_before = "".join(sorted({x[0] for x in w.not_datelines}))
    # 福清新闻网讯8月12日, 本报讯（记者 …）, 荆楚网(湖北日报网)讯: a name, an optional aside, 讯, then more.
    # 【大公报讯】, [本报讯]: the brackets are not part of the name.
    dateline = re.compile(rf"^[【\[〔]?([^\s(（讯:：【\[〔]{{2,14}}?)(?:[(（](.*?)[)）])?[)）]?(?<![{not_before}])讯[】\]〕]?(?=\s*\S)")
    masthead = re.compile(rf"([\u4e00-\u9fff]{{2,12}}?(?:{alternatives(w.newspaper_suffixes)}))\s*"
                          rf"(?:{alternatives(w.masthead_markers)})")
    media = re.compile(rf"[\u4e00-\u9fffA-Za-z·\-－—]{{1,16}}?(?:{alternatives(w.media_suffixes)})")
    return dateline, masthead, media


@dataclass
class SourceFacts:
    title: str | None = None
    title_note: str = ""
    published: PartialDate | None = None
    date_note: str = "没有找到发布日期"
    publisher: str | None = None
    publisher_note: str = ""
    publisher_todo: bool = False     # the page has a publisher (本报, its address) that we could not name
    author: str | None = None
    url: str | None = None


@dataclass
class Address:
    """What a page's address says: a date in its path, its host and the publisher known for the host."""
    url: str
    host: str = ""
    date: PartialDate | None = None
    date_text: str = ""
    publisher: str | None = None
    parent: str | None = None       # the listed domain, when the host is a sub-domain of it


def read_address(url: str) -> Address:
    address = Address(url)
    try:
        parts = urlsplit(url.strip() if "//" in url else "//" + url.strip())
    except ValueError:
        return address
    address.host = (parts.hostname or "").lower()
    path = parts.path
    for pattern in URL_DATES:
        match = pattern.search(path)
        if match:
            date = _date(*match.groups())
            if date:
                address.date, address.date_text = date, match.group(0)
                break
    host = address.host.removeprefix("www.")
    hosts = words().hosts
    if host in hosts:
        address.publisher = hosts[host]
    else:
        parent = next((d for d in hosts if host.endswith("." + d)), None)
        if parent:   # news.example.com, zjnews.zjol.com.cn: a channel of the same site, most often
            address.publisher, address.parent = hosts[parent], parent
    return address


# 原文链接：https://…, 本文网址：…: a page saved as text that names its own address.
OWN_ADDRESS = re.compile(r"(?:原文|本文|文章|本页)(?:链接|网址|地址)\s*[:：]\s*(https?://[^\s<>\"'，。]+)")


def written_address(cleaned: Cleaned) -> str | None:
    for _, text in cleaned.metadata + cleaned.lines:
        match = OWN_ADDRESS.search(text)
        if match:
            return match.group(1)
    return None


def source_facts(cleaned: Cleaned, *, url: str | None = None, title: str | None = None) -> SourceFacts:
    facts = SourceFacts()
    page = cleaned.page
    url = url or page.canonical or page.meta.get("og:url") or page.meta.get("url") or written_address(cleaned)
    address = read_address(url) if url and re.match(r"(?i)(https?://|www\.)", url) else None
    facts.url = url if address else None
    facts.title, facts.title_note = (title.strip(), "") if title and title.strip() else find_title(cleaned)
    facts.published, facts.date_note = publication_date(cleaned, address)
    facts.publisher, facts.publisher_note = publisher(cleaned, address)
    facts.publisher_todo = facts.publisher is None and bool(address and address.host or _self_reference(cleaned))
    facts.author = author(cleaned)
    return facts


# --- title -------------------------------------------------------------------------------------

def find_title(cleaned: Cleaned) -> tuple[str | None, str]:
    """The headline: a short line just before a date or source line, else the last headline-like
    line above the first paragraph, else the saved page's title tags (without the site name a
    <title> carries). Mastheads and edition lines of an e-paper are not headlines."""
    body = dict(cleaned.lines)
    numbers = sorted(body)
    page = cleaned.page
    tagged = [page.meta.get(key, "") for key in TITLE_META] + ([TITLE_SEPARATORS.split(page.title)[0]] if page.title else [])
    for number in numbers:   # a saved page's own title, found again as a line of the page
        if body[number] in tagged and _headline(body[number]):
            return body[number], ""
    for meta_line, text in cleaned.metadata:
        if not re.search(r"日期|时间|来源|\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月", text):
            continue
        before = [n for n in numbers if n < meta_line]
        if before and SUBTITLE.match(body[before[-1]]) and len(before) >= 2 and _headline(body[before[-2]]):
            return body[before[-2]], f"原文还有副题“{body[before[-1]]}”"   # 主题 above ——副题
        if before and _headline(body[before[-1]]) and not _furniture(body[before[-1]]):
            return body[before[-1]], ""
    first_paragraph = next((n for n in numbers if len(body[n]) >= 50), None)
    above = [n for n in numbers if first_paragraph is None or n < first_paragraph]
    # A word of the header line on a line of its own is the site or account again (原创 江岸发布
    # 2024-01-09 …, then 江岸发布 over the account's card), not a headline.
    header_words = {word for _, text in cleaned.metadata for word in text.split()}
    heads = [n for n in above if _headline(body[n]) and not _furniture(body[n]) and body[n] not in header_words]
    if heads:
        return body[heads[-1]], ""
    for key in TITLE_META:
        if _headline(page.meta.get(key, "")):
            return page.meta[key], f"标题取自网页的 {key}"
    if page.title:
        first = TITLE_SEPARATORS.split(page.title)[0]
        if _headline(first):
            return first, "标题取自网页标题（已去掉其后的栏目和网站名）"
    return None, ""


def _furniture(text: str) -> bool:
    """A newspaper's masthead, an edition line, a breadcrumb or a page widget: not a headline."""
    return bool(_patterns()[1].search(text) or EDITION.match(text) or re.search(r"[>＞»]", text)
                or FURNITURE.match(text))


def _headline(text: str) -> bool:
    return 4 <= len(text) <= 40 and not re.search(r"[。！!？?]$|[。；]", text) and not _dateline(text) \
        and not byline(text)


# --- date --------------------------------------------------------------------------------------

def publication_date(cleaned: Cleaned, address: Address | None = None) -> tuple[PartialDate | None, str]:
    header = header_lines(cleaned)
    labelled = [(n, t) for n, t in cleaned.metadata if LABELLED_DATE.search(t) or SOURCE_LABEL.search(t)]
    for group in (labelled, header):
        for _, text in group:
            match = DATE_FULL.search(text)
            date = _date(*match.groups()) if match else None
            if date:
                shown = text if group is header and len(text) <= 40 else _shown_field(text, match)
                return date, f"取自来源信息行“{shown}”"
    for key in DATE_META:
        match = DATE_FULL.search(cleaned.page.meta.get(key, ""))
        date = _date(*match.groups()) if match else None
        if date:
            return date, f"取自网页的 {key}（{cleaned.page.meta[key]}）"
    lead, how = _lead_date(cleaned)
    if address and address.date:
        shown = f"取自网址中的日期“{address.date_text}”"
        if lead is None:
            return address.date, f"{shown}，文中没有写明；请核对"
        if (lead.month, lead.day) == (address.date.month, address.date.day) and lead.year in (None, address.date.year):
            return address.date, f"{shown}，与文章开头的日期相符"
        # 新华社南京3月5日电 in a page published on the 6th: the dispatch's day, or a mistake.
        said = "".join(f"{v}{unit}" for v, unit in ((lead.year, "年"), (lead.month, "月"), (lead.day, "日")) if v)
        return address.date, (f"{shown}；文章开头的日期是{said}（{how}），两者不同：电头和导语的日期可能早于发布日期，"
                              "请按原文核对")
    return lead, how or "没有找到发布日期"


def _lead_date(cleaned: Cleaned) -> tuple[PartialDate | None, str]:
    """The date the article's opening gives (a dateline, 8月12日讯, 笔者21日获悉), and how it was read."""
    lines = [t for _, t in cleaned.lines]
    lead = lines[0] if lines else ""  # the dateline sits in the lead: XX讯 8月12日, 笔者21日获悉
    if lead and not _headline(lead) or len(lines) < 2:
        leads = [lead]
    else:
        leads = [lead, lines[1]]          # the first line was the headline
    for lead in leads:
        match = DATE_FULL.search(lead[:80])
        date = _date(*match.groups()) if match else None
        if date:
            return date, "取自文章开头"
        dateline = MONTH_DAY.search(lead[:60])
        if dateline:
            month, day = int(dateline.group(1)), int(dateline.group(2))
            found = _month_day(month, day)
            if found:
                return found, "原文只写了月日（导语中的日期），没有年份"
        day_only = DAY_ONLY.search(lead[:60])
        if day_only:
            day = int(day_only.group(1))
            months = [int(m) for m, d in MONTH_DAY.findall(cleaned.text) if int(d) <= day]
            if months:
                found = _month_day(months[-1], day)
                if found:
                    return found, f"原文只写了“{day}日”，月份取自文中最近的“X月X日”，没有年份；请核对"
    return None, ""


def _shown_field(text: str, match: re.Match) -> str:
    """The date as the line shows it, with its label when it has one (发布时间：2023-09-15)."""
    before = re.split(r"\s{2,}|[|｜\u3000]", text[:match.start()])[-1]
    label = re.search(r"[\u4e00-\u9fff]{0,6}[:：]\s*$", before)
    day = re.match(r"\s*日", text[match.end():])
    return ((label.group(0) if label else "") + text[match.start():match.end() + (day.end() if day else 0)]).strip()


def header_lines(cleaned: Cleaned) -> list[tuple[int, str]]:
    """Metadata lines above the article's first real paragraph: the page header, where an
    unlabelled date or site name belongs (further down, dated lines are related-news lists)."""
    first_paragraph = next((n for n, t in cleaned.lines if len(t) >= 50), None)
    limit = first_paragraph if first_paragraph is not None else 10**9
    return [(n, t) for n, t in cleaned.metadata if n <= limit]


def lead_lines(cleaned: Cleaned) -> list[tuple[int, str]]:
    """The lines down to the article's first paragraph, where a dateline and a byline sit
    (an e-paper puts its masthead, edition and headline above them)."""
    lines = cleaned.lines[:8]
    end = next((i for i, (_, t) in enumerate(lines) if len(t) >= 50), min(len(lines), 3) - 1)
    return lines[:max(end + 1, min(len(lines), 3))]


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


# --- publisher ---------------------------------------------------------------------------------

def publisher(cleaned: Cleaned, address: Address | None = None) -> tuple[str | None, str]:
    """The publisher the page names, and a note for a person when it needs checking."""
    w = words()
    labelled = cleaned.metadata + [(n, t) for n, t in cleaned.lines[:3] if SOURCE_LABEL.match(t)]
    # 来源：南宁新闻网 … 转载自：广西日报: the paper that wrote it, before the site that carries it.
    labelled.sort(key=lambda entry: not re.search(r"转载自|转自", entry[1]))
    for _, text in labelled:
        match = SOURCE_LABEL.search(text)
        if not match:
            continue
        name = source_name(text[match.end():])
        if not name or name in w.not_publishers:
            continue
        if name in w.self_references:
            return _resolve_self(cleaned, address, name, f"“{match.group(0).strip()}{name}”")
        return name, ""
    flagged = {f.line: f.text for f in cleaned.flags}
    for number, text in lead_lines(cleaned):
        match = _dateline(text)
        if not match:
            continue
        name, inner = match.group(1), match.group(2) or ""
        if name in w.self_references:
            return _resolve_self(cleaned, address, name, f"导语“{text[:match.end()]}”")
        if number in flagged and flagged[number] and (flagged[number] in text[:match.end() + 2] or "?" in inner):
            return name, f"导语中的发布单位“{text[:match.end()]}”有乱码，请对照原文补全"
        return (f"{name}（{inner}）" if inner else name), ""
    for _, text in lead_lines(cleaned):
        match = DISPATCH.match(text)   # 新华社合肥5月8日电, 人民网株洲3月15日电
        if match:
            name = match.group(1)
            if name in w.self_references:
                return _resolve_self(cleaned, address, name, f"导语“{match.group(0)}”")
            return name, ""
    paper = masthead(cleaned)
    if paper:
        return paper, "取自报纸的报头，请核对"
    site = header_site(cleaned) or first_line_site(cleaned)
    if site:
        return site, "取自页首的网站名，请核对"
    site, where = page_site(cleaned)
    if site:
        return site, f"取自{where}，请核对"
    if address and address.publisher:
        if address.parent:
            return address.publisher, (f"文中没有写明，按网址的域名 {address.host}（{address.parent} 的子站）推断；"
                                       f"子站是地方频道时写它自己的名称，请核对")
        return address.publisher, f"文中没有写明，按网址的域名 {address.host} 推断；请核对"
    if address and address.host:
        return None, f"原文没有写明发布单位；请按网址 {address.host} 所属的网站补全"
    return None, "原文没有写明发布单位"


def source_name(value: str) -> str | None:
    """The publisher in what follows 来源：, cut where the next field or the article begins."""
    value = value.strip()
    cut = OTHER_FIELD.search(value)
    if cut:
        value = value[:cut.start()]
    value = re.split(r"[\s|｜\u3000,，。；;]", value, maxsplit=1)[0].strip("【】[]（）()“”\"'")
    if not value:
        return None
    _, _, media = _patterns()
    if media.fullmatch(value) or len(value) <= 20 and not RUN_ON.search(value):
        return value   # 人民网－福建频道, 学习强国
    # Run on into the article (来源：淄博日报近日…): the longest media name at its start, if any.
    best = None
    for end in range(2, min(len(value), 20) + 1):
        if media.fullmatch(value[:end]):
            best = value[:end]
    return best or (value if len(value) <= 20 else None)


def _self_reference(cleaned: Cleaned) -> bool:
    """Does the page call its publisher 本报 or 本网 (in a source line or the dateline)?"""
    words_ = tuple(words().self_references)
    return any(re.search(rf"来源\s*[:：]\s*(?:{'|'.join(words_)})", t) for _, t in cleaned.metadata) or any(
        (m := _dateline(t)) and m.group(1) in words_ for _, t in lead_lines(cleaned))


def _dateline(text: str) -> re.Match | None:
    return _patterns()[0].match(text)


def _resolve_self(cleaned: Cleaned, address: Address | None, word: str, where: str) -> tuple[str | None, str]:
    """本报 → the newspaper's masthead; 本网 → the site's name; else the address, else a note."""
    kind = words().self_references[word]
    if kind == "newspaper":
        found, how = masthead(cleaned), "报头"
        if not found:   # a page header or site name that is a newspaper's: 某某日报 2018-08-30, <title>…-某某日报
            for name, place in ((header_site(cleaned), "页首的报名"), page_site(cleaned)):
                if name and name.endswith(words().newspaper_suffixes):
                    found, how = name, place
                    break
    else:
        found, how = header_site(cleaned), "页首的网站名"
        if not found:
            found, how = page_site(cleaned)
    if found:
        return found, f"原文写的是{where}，发布单位取自{how}，请核对"
    if address and address.publisher:
        return address.publisher, f"原文写的是{where}，按网址的域名 {address.host} 推断为{address.publisher}；请核对"
    return None, f"原文写的是{where}，没有写明是哪家{'报纸' if kind == 'newspaper' else '网站'}；请按原网页补全"


def masthead(cleaned: Cleaned) -> str | None:
    """A newspaper's name from its page header: 某某日报 数字报纸, 数字报首页>高新区报>, a page title."""
    _, pattern, _ = _patterns()
    w = words()
    texts = [t for _, t in sorted(cleaned.metadata + cleaned.lines[:5])] + [t for _, t, _ in cleaned.dropped]
    if cleaned.page.title:
        texts.append(cleaned.page.title)
    texts += [cleaned.page.meta.get(k, "") for k in SITE_META]
    for text in texts:
        match = pattern.search(text)
        if match:
            return match.group(1)
    for text in texts:  # a breadcrumb: 数字报首页>高新区报>版面
        for part in re.split(r"\s*[>＞»]\s*", text)[1:]:
            if part.endswith(w.newspaper_suffixes) and 3 <= len(part) <= 12 and re.fullmatch(r"[\u4e00-\u9fff]+", part):
                return part
    return None


def header_site(cleaned: Cleaned) -> str | None:
    """A site or paper named beside the date on an unlabelled header line: 某某网 2018-08-30 10:20:00."""
    _, _, media = _patterns()
    w = words()
    for _, text in header_lines(cleaned):
        if SOURCE_LABEL.search(text) or not DATE_FULL.search(text):
            continue
        for token in re.split(r"\s+", DATE_FULL.sub(" ", text)):
            token = token.strip("【】[]（）()")
            if 2 <= len(token) <= 16 and media.fullmatch(token) and token not in w.not_publishers:
                return token
    return None


def first_line_site(cleaned: Cleaned) -> str | None:
    """A page saved as text that begins with its site's name on a line of its own (中时新闻网,
    恩施州融媒体中心), above the headline."""
    if not cleaned.lines:
        return None
    _, _, media = _patterns()
    first = cleaned.lines[0][1].strip("【】[]（）() ")
    if 2 <= len(first) <= 16 and media.fullmatch(first) and first not in words().not_publishers:
        return first
    return None


def page_site(cleaned: Cleaned) -> tuple[str | None, str]:
    """The site name a saved page's head gives: og:site_name and the like, or the end of its <title>."""
    w = words()
    meta = cleaned.page.meta
    for key in SITE_META:
        value = meta.get(key, "").strip()
        if value and value not in w.platform_names and value not in w.not_publishers and len(value) <= 20 \
                and not re.match(r"(?i)https?:|www\.", value):
            return value, f"网页的 {key}"
    if cleaned.page.title:
        parts = [p for p in TITLE_SEPARATORS.split(cleaned.page.title) if p]
        _, _, media = _patterns()
        if len(parts) >= 2 and media.fullmatch(parts[-1]) and parts[-1] not in w.platform_names:
            return parts[-1], "网页标题"
    return None, ""


# --- author ------------------------------------------------------------------------------------

def author(cleaned: Cleaned) -> str | None:
    names: list[str] = []
    for _, text in lead_lines(cleaned):
        dispatch = [m.group(1) for m in DISPATCH_BYLINE.finditer(text)]   # 【大公报讯】记者何嘉茵深圳报道：…
        for found in (*(byline(inside) for inside in [*PAREN.findall(text), *dispatch]), byline(text)):
            names.extend(n for n in found if n not in names)   # （记者 刘洋 通讯员 周敏）; 记者 黄志强, a line
    for _, text in cleaned.metadata:
        # 作者：见习记者 孙悦 实习生 陈奕: the field holds a byline of its own.
        field = re.search(r"作者\s*[:：]\s*", text)
        rest = text[field.end():] if field else ""
        end = OTHER_FIELD.search(rest)
        written = byline(rest[:end.start()] if end else rest) if rest else []
        if written:
            names.extend(n for n in written if n not in names)
            continue
        for role, name in AUTHOR_META.findall(text):
            role = "" if role == "作者" else role
            entry = f"{role} {_squeeze(name)}".strip()
            if entry not in names:
                names.append(entry)
    return "；".join(names) or None


def byline(text: str) -> list[str]:
    """The writers a byline names, each with their role (记者 刘洋); [] when `text` is not a byline.
    文/图 本报特约记者 赵磊 → [本报特约记者 赵磊]; （文/记者 李娜 图/王磊） → [记者 李娜]: the
    photographer did not write it; 记者 陈嘉欣 深圳报道 → [记者 陈嘉欣]; 文/李娜 → [李娜]."""
    text = text.strip()
    if text[:1] in "（(" and text[-1:] in "）)":
        text = text[1:-1].strip()
    text = FILED_FROM.sub("", PHOTO.sub("", text))
    credit = CREDIT.match(text)
    if credit:
        text = text[credit.end():]
    for candidate in (text, FILED_GLUED.sub("", text)):
        if BYLINE.match(candidate):
            return _roles(candidate)
        if credit and NAMES.fullmatch(candidate.strip()):
            return [_squeeze(candidate)]
    return []


def _roles(text: str) -> list[str]:
    """记者 刘洋 通讯员 周敏 → [记者 刘洋, 通讯员 周敏]: each role with its own names."""
    parts = re.split(rf"\s*({ROLE})\s*[:：]?\s*", text.strip())
    return [f"{'' if r == '作者' else r} {_squeeze(n)}".strip() for r, n in zip(parts[1::2], parts[2::2]) if n.strip()]


def _squeeze(name: str) -> str:
    """赵 泳 → 赵泳: spaces inside a Chinese name are page layout; 张三 王璐 are two names
    (张三、王璐)."""
    parts = [p for p in re.split(r"[\s、，,]+", name.strip()) if p]
    if all(len(p) == 1 for p in parts):
        return "".join(parts)
    return "、".join(parts)
