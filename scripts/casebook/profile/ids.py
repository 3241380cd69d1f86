"""Profile ids from Chinese names: 福清市 北大社区 红色物业 → fuqing-beida-hongse-wuye."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .schema import ID_MAX, ID_PATTERN

STRIP = ("社区居委会", "居委会", "社区", "街道", "自治县", "自治州", "自治旗", "地区", "镇", "乡", "村", "市", "区", "县", "旗", "盟")


def short(name: str) -> str:
    """北大社区 → 北大, 福清市 → 福清, 义桥镇 → 义桥; keeps at least two characters."""
    for suffix in STRIP:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


# Place names read otherwise than pypinyin's everyday reading of their characters (朝阳区 is
# Cháoyáng, not zhāoyáng; 锡林郭勒 ends in lè; 长宁区 is Chángníng). Checked against pypinyin
# 0.5x: only names it gets wrong. As phrases, so that 朝 elsewhere keeps its own reading.
PLACE_READINGS = {"朝阳": "chao yang", "单县": "shan xian", "会稽": "kuai ji", "洪洞": "hong tong",
                  "涡阳": "guo yang", "长垣": "chang yuan", "繁峙": "fan shi", "筠连": "jun lian", "浚县": "xun xian",
                  "六合": "lu he", "郫都": "pi du", "长宁": "chang ning", "都安": "du an", "解州": "xie zhou",
                  "覃塘": "qin tang"}
# Characters every place name reads one way: 勒 is lè in 锡林郭勒, 阿勒泰, 库尔勒, 勒流 (lēi is 勒紧).
PLACE_CHARACTERS = {"勒": "le"}


@lru_cache(maxsize=1)
def _pinyin():
    # Imported here: its dictionaries take 0.15 s to load, and a check needs them only
    # for a profile whose id does not fit (P008's suggestion).
    from pypinyin import lazy_pinyin, load_phrases_dict, load_single_dict

    load_single_dict({ord(character): reading for character, reading in PLACE_CHARACTERS.items()})
    load_phrases_dict({name: [[syllable] for syllable in reading.split()] for name, reading in PLACE_READINGS.items()})
    return lazy_pinyin


def pinyin(text: str) -> str:
    """One ASCII token: 府佑 → fuyou (ü → v, other characters dropped); 朝阳 → chaoyang."""
    lazy_pinyin = _pinyin()
    joined = "".join(lazy_pinyin(text)).lower().replace("ü", "v")
    return re.sub(r"[^a-z0-9]", "", joined)


def suggest(*, city: str | None, district: str | None, local: str | None, practice_slug: str | None) -> str:
    """place-local-practice, as the existing profiles are named."""
    place = district if district and district.endswith("市") else (city or district)
    parts = [pinyin(short(place)) if place else "", pinyin(short(local)) if local else "", practice_slug or ""]
    slug = "-".join(p for p in parts if p)
    return re.sub(r"-+", "-", slug).strip("-")[:70] or "new-profile"


def free(folder: Path, base: str) -> str:
    """`base`, or base-2, base-3 … if a profile already has that id."""
    candidate, n = base, 2
    while (folder / f"{candidate}.md").exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def is_valid(value: str) -> bool:
    """`value` can be a profile's id (the schema's rule, P007)."""
    return bool(re.fullmatch(ID_PATTERN, value)) and len(value) <= ID_MAX


def repair(value: str) -> str:
    """A valid id close to `value`: Chinese in pinyin, lower case, every other run of
    characters a hyphen. Hangzhou_Cuiyuan → hangzhou-cuiyuan, 翠苑 → cuiyuan."""
    words = [pinyin(w) if re.search(r"[\u3400-\u9fff]", w) else w for w in re.split(r"([\u3400-\u9fff]+)", value)]
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    return slug[:ID_MAX].strip("-") or "new-profile"


def problem(value: str) -> str | None:
    """Why `value` cannot be an id, with one that can; None if it can."""
    if is_valid(value):
        return None
    return (f"“{value}”不能作 id：id 只用小写字母、数字和连字符（-），不超过 {ID_MAX} 个字符，"
            f"不含斜杠和空格。可以写 --id {repair(value)}")
