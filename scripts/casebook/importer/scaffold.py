"""`casebook new`: a draft profile from a few facts, in canonical order, with
placeholders where a person must write; it validates as a draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..paths import Project
from ..profile import ids
from ..profile.problems import Problem
from ..profile.vocab import Vocabulary, load
from ..zh import gazetteer
from ..zh.dates import DateError, PartialDate
from . import drafts

SCAFFOLD_NOTES = [
    "用自己的话写完上面四个小节：事实和数字只取自来源，不照搬原文句子",
    "把标题改成“地方：做法”的样子，摘要写一两句话、不超过 150 字",
    "补全 sources：原文标题、发布单位、发布日期，有网址就写 url",
    "来源写了规模或成效的数字，就加进 metrics，每个都附原文引语 quote",
    "写完后删除本节，把 status 改为 published，运行 make check",
]


class ScaffoldError(Exception):
    pass


@dataclass
class NewProfile:
    title: str
    practices: list[str]
    province: str | None = None
    city: str | None = None
    district: str | None = None
    district_kind: str = "行政区"
    street: str | None = None
    community: str | None = None
    date: str | None = None
    profile_id: str | None = None
    source_title: str | None = None
    publisher: str | None = None
    url: str | None = None
    notes: list[str] = field(default_factory=list)


def resolve_practices(names: list[str], vocab: Vocabulary) -> list[str]:
    resolved = []
    for name in names:
        if name in vocab.practice_by_name:
            resolved.append(name)
        elif name in vocab.practice_by_synonym:
            resolved.append(vocab.practice_by_synonym[name].name)
        else:
            close = "、".join(vocab.closest_practices(name)) or "（无）"
            raise ScaffoldError(f"做法“{name}”不在词表中；最接近的：{close}。可选做法见 docs/reference/schema.md")
    return list(dict.fromkeys(resolved))


def resolve_region(spec: NewProfile, vocab: Vocabulary) -> dict:
    province = spec.province
    if province and province not in vocab.province_by_name:
        full = vocab.province_by_short.get(province.rstrip("省市"))
        if not full:
            raise ScaffoldError(f"“{province}”不是省级行政区；请写全称，如 山东省")
        province = full.name
    city, district = spec.city, spec.district
    if not district:
        raise ScaffoldError("请用 --district 给出区县（如 福清市、下陆区、济南高新区）")
    supplemented = []
    if not (province and city):
        found = [c for c in gazetteer.find_county(district)
                 if (not province or c.province == province) and (not city or c.city == city)]
        if len(found) == 1:
            # Levels the contributor did not give are looked up, and the page says so.
            supplemented = [level for level, given in (("province", province), ("city", city)) if not given]
            province = province or found[0].province
            city = city or found[0].city   # 仙桃市, 神农架林区: a county the province administers is its own city
        elif not found:
            raise ScaffoldError(f"区划表中找不到“{district}”：请同时用 --province 和 --city 写明省、市")
        else:
            where = "、".join(f"{c.province}{c.city}" for c in found[:6])
            raise ScaffoldError(f"“{district}”有多处：{where}。请用 --province 或 --city 指明")
    region = {"province": province, "city": city, "district": district}
    kind = spec.district_kind
    if district.endswith(gazetteer.ZONE_ENDINGS):
        kind = "功能区"
    if kind != "行政区":
        region["district_kind"] = kind
    if spec.street:
        region["street"] = spec.street
    if spec.community:
        region["community"] = spec.community
    if supplemented:
        region["supplemented"] = supplemented
    return region


def similar_profiles(project: Project, region: dict, practices: list[str]) -> list[str]:
    """Profiles, published or draft, of the same place (district, and street and community where
    both name one) sharing a practice: “one place, one practice” means these may be duplicates."""
    from ..profile.validate import check_project

    found = []
    for entry in check_project(project).entries:
        model = entry.model
        if model is None or not set(model.practices) & set(practices):
            continue
        theirs = model.region
        if (theirs.province, theirs.city, theirs.district) != (region["province"], region["city"], region["district"]):
            continue
        if any(getattr(theirs, level) and region.get(level) and getattr(theirs, level) != region[level]
               for level in ("street", "community")):
            continue
        found.append(f"{model.id}（{model.title}）")
    return sorted(found)


def build(spec: NewProfile, vocab: Vocabulary) -> tuple[dict, str]:
    """The draft's front matter and body."""
    practices = resolve_practices(spec.practices, vocab) if spec.practices else ["TODO"]
    region = resolve_region(spec, vocab)
    date = "TODO"
    if spec.date:
        try:
            date = str(PartialDate.parse(spec.date))
        except DateError as exc:
            raise ScaffoldError(f"--date：{exc}；写成 2024-06-28、2024-06、2024 或 --02-21") from None
    source = {
        "title": spec.source_title or "TODO：原文标题（原文没有标题时写 null）",
        "publisher": spec.publisher or "TODO：发布的媒体或单位（原文未注明时写 null）",
        "published": date,
    }
    if spec.url:
        source["url"] = spec.url
    data = {
        "id": spec.profile_id,
        "title": spec.title,
        "summary": "TODO：一两句话概括：在哪里、谁、做了什么、有什么结果",
        "status": "draft",
        "date": date,
        "region": region,
        "practices": practices,
        "metrics": [],
        "sources": [source],
    }
    body = drafts.body([*spec.notes, *SCAFFOLD_NOTES])
    return data, body


@dataclass
class Created:
    path: Path
    problems: list[Problem]
    similar: list[str]          # profiles of the same place and practice, already in the library


def new_profile(project: Project, spec: NewProfile) -> Created:
    vocab = load(project.data_dir)
    explicit = spec.profile_id is not None
    if explicit and (why := ids.problem(spec.profile_id)):
        raise ScaffoldError(why)
    if not spec.profile_id:
        practices = resolve_practices(spec.practices, vocab) if spec.practices else []
        slug = vocab.practice_by_name[practices[0]].slug if practices else None
        base = ids.suggest(city=spec.city, district=spec.district, local=spec.community or spec.street,
                           practice_slug=slug)
        spec.profile_id = ids.free(project.profiles_dir, base)
    data, body = build(spec, vocab)
    similar = similar_profiles(project, data["region"], data["practices"])
    if similar:
        body = drafts.body([f"已有同一地方、同一做法的案例：{'、'.join(similar)}。一个地方的一项做法只写一个案例："
                            "新来源的事实加进已有案例，确属另一项做法再保留本草稿", *spec.notes, *SCAFFOLD_NOTES])
    try:
        path, problems = drafts.write(project, spec.profile_id, drafts.render(data, body))
        return Created(path, problems, similar)
    except drafts.DraftExists as exc:
        hint = "换一个 --id" if explicit else "用 --id 指定另一个 id"
        raise ScaffoldError(f"{project.rel(exc.path)} 已存在，没有覆盖它。{hint}，或直接编辑该文件") from None
