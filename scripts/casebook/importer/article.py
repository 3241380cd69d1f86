"""`casebook import`: a raw article (text saved from a web page) → a draft
profile with everything the article states filled in, and a to-do list for
what a person must still write or check.

The cleaned article text is kept beside the build output, not in profiles/:
the draft is written in our own words, the article is only its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..paths import Project, os_error
from ..profile import ids
from ..profile.problems import Problem
from ..profile.vocab import load
from ..zh import textclean
from ..zh.dates import DateError, PartialDate
from . import drafts
from .extract import ASIDE_KINDS, MAX_METRICS, Extracted, extract

LEVEL_NAMES = {"province": "省", "city": "市", "district": "区县"}


class ArticleError(Exception):
    pass


@dataclass
class Imported:
    path: Path
    source_copy: Path
    found: Extracted
    cleaned: textclean.Cleaned
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)  # ids of profiles drawn from the same article


MAX_FLAGS = 20   # mojibake notes in a draft; past this the article needs re-saving, not line-by-line checks


def import_article(project: Project, article: Path, *, profile_id: str | None = None,
                   url: str | None = None, title: str | None = None) -> Imported:
    if profile_id is not None and (why := ids.problem(profile_id)):
        raise ArticleError(why)
    try:
        cleaned = textclean.read(article)
    except OSError as exc:
        why = os_error(exc)
        raise ArticleError(f"无法读取 {article}：{why}。请检查 FILE= 后的路径") from None
    except textclean.NotAnArticle as exc:
        raise ArticleError(f"{article} 不能导入：{exc}") from None
    if not cleaned.lines:
        raise ArticleError(f"{article} 中没有可用的正文（空文件，或只有网站版权、导航等内容）")
    vocab = load(project.data_dir)
    found = extract(cleaned, vocab, url=url, title=title)
    url = found.url
    region, notes = _region(found)
    practices = [name for name, _ in found.practices[:3]] or ["TODO"]
    explicit = profile_id is not None
    if not profile_id:
        slug = vocab.practice_by_name[practices[0]].slug if practices[0] in vocab.practice_by_name else None
        known = {k: v for k, v in region.items() if isinstance(v, str) and not v.startswith("TODO")}
        base = ids.suggest(city=known.get("city"), district=known.get("district"),
                           local=found.community or found.region.street, practice_slug=slug)
        province = vocab.province_by_name.get(known.get("province", ""))
        if province and not (known.get("city") or known.get("district")):
            base = f"{province.slug}-{base}" if base != "new-profile" else province.slug   # 山西省 only: shanxi-…
        profile_id = ids.free(project.profiles_dir, base)
    date = str(found.published) if found.published else "TODO"
    data = {
        "id": profile_id,
        "title": "TODO：改写为“地方：做法”" + (f"（原题：{found.title}）" if found.title else ""),
        "summary": "TODO：一两句话概括：在哪里、谁、做了什么、有什么结果",
        "status": "draft",
        "date": date,
        "region": region,
        "practices": practices,
        "metrics": [{"label": m.label, "value": m.value, "unit": m.unit, "approx": m.approx, "quote": m.quote}
                    for m in found.metrics],
        "sources": [{
            "title": found.title or "TODO：原文标题（原文没有标题时写 null）",
            "publisher": found.publisher or ("TODO：发布的媒体或单位（见文末待办）" if found.publisher_todo else None),
            **({"author": found.author} if found.author else {}),
            "published": date,
            **({"url": url} if url else {}),
        }],
    }
    copy = project.build_dir / "import" / f"{profile_id}.txt"
    existing = same_source(project, found.title, url, publisher=found.publisher, published=found.published,
                           author=found.author)
    notes = _notes(found, cleaned, notes, project.rel(copy))
    if existing:
        notes.insert(0, f"这篇报道已有案例：{'、'.join(existing)}。本草稿应写报道中的另一项做法（同一来源的案例会自动互相链接）；"
                        "若只是重复导入，删除本草稿即可")
    body = drafts.body(notes)
    try:
        path, problems = drafts.write(project, profile_id, drafts.render(data, body))
    except drafts.DraftExists as exc:
        hint = "换一个 --id" if explicit else "用 --id 指定另一个 id"
        raise ArticleError(f"{project.rel(exc.path)} 已存在，没有覆盖它。{hint}") from None
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(cleaned.full_text + "\n", encoding="utf-8")
    return Imported(path, copy, found, cleaned, problems, notes, existing)


def same_source(project: Project, title: str | None, url: str | None, *, publisher: str | None = None,
                published=None, author: str | None = None) -> list[str]:
    """Ids of profiles, published or draft, whose source has this URL or this title
    (ignoring spaces and punctuation, which pages and converters change). Where one of
    the two titles is not known, the same day (month and day at least) with the same
    publisher (one name the start of the other: 荆楚网, 荆楚网（湖北日报网）) or the
    same author. Two known titles that differ are two articles, whatever the day."""
    from ..profile.validate import check_project

    key, who, outlet = _title_key(title), _title_key(author), _title_key(publisher)
    if isinstance(published, str):
        try:
            published = PartialDate.parse(published)
        except DateError:
            published = None
    day = published if published is not None and published.day else None

    def same(source) -> bool:
        if (url and source.url == url) or (key and _title_key(source.title) == key):
            return True
        if (key and _title_key(source.title)) or day is None or str(source.published) != str(day):
            return False
        other = _title_key(source.publisher)
        return bool((outlet and other and (outlet.startswith(other) or other.startswith(outlet)))
                    or (who and _title_key(source.author) == who))

    return sorted(entry.model.id for entry in check_project(project).entries
                  if entry.model and any(same(s) for s in entry.model.sources))


def _title_key(title: str | None) -> str:
    return "".join(ch for ch in textclean.to_simplified(title or "") if ch.isalnum())


def _region(found: Extracted) -> tuple[dict, list[str]]:
    guess = found.region
    region = {
        "province": guess.province or "TODO：省级行政区全称",
        "city": guess.city or "TODO：地级市全称",
        "district": guess.district or "TODO：区县全称",
    }
    if guess.district_kind != "行政区":
        region["district_kind"] = guess.district_kind
    if guess.street:
        region["street"] = guess.street
    if found.community:
        region["community"] = found.community
    notes = []
    basis = f"（依据：{'；'.join(guess.evidence)}）" if guess.evidence else ""
    filled = "".join(x for x in (guess.province, guess.city if guess.city != guess.province else None, guess.district) if x)
    if guess.supplemented:
        region["supplemented"] = list(guess.supplemented)
        levels = "、".join(LEVEL_NAMES[x] for x in guess.supplemented)
        notes.append(f"核对地区：文中没有写明{levels}一级，已按区划表推断为 {filled}{basis}，并记入 supplemented")
    elif guess.district:
        unnamed = "、".join(level for level, value in (("street", guess.street), ("community", found.community))
                           if not value)
        notes.append(f"核对地区{basis}" + (f"；案例针对的是街道或社区时补上 {unnamed}" if unnamed else ""))
    if len(found.communities) > 1:
        notes.append(f"分清案例：文中写到几个社区（{'、'.join(found.communities[:5])}）。一个案例写一处地方的一种做法："
                     "各社区的做法和数字不同时，分成几个案例，每个只留自己的数字")
    if guess.street_candidates:
        notes.append(f"补全地区：文中写到几个街道（{'、'.join(guess.street_candidates[:5])}），分量相同，没有填写 street；"
                     "案例写的是哪一处请按原文确定")
    if guess.unlisted_street:
        notes.append(f"补全地区：文中写到“{guess.unlisted_street}”，区划表中{guess.district}下没有这个名字（可能是简称、旧名或笔误），"
                     "没有填写 street；请按原文或原网页核对后写明")
    if guess.note:
        notes.append(f"补全地区：{guess.note}；请按原文或原网页写明，不要猜")
    elif not guess.province:
        notes.append("补全地区：文中没有找到可识别的地名")
    return region, notes


def _notes(found: Extracted, cleaned: textclean.Cleaned, region_notes: list[str], copy: str) -> list[str]:
    notes = ["把标题改写成“地方：做法”，写一两句话的摘要"]
    notes += region_notes
    notes.append(f"核对日期：{found.date_note}" if found.published else "补全日期：文中没有找到发布日期")
    if found.publisher_note:
        notes.append(f"发布单位：{found.publisher_note}" + ("" if found.publisher_todo else "（原文未注明时写 null）"))
    if found.title_note:
        notes.append(f"核对原文标题：{found.title_note}")
    if found.metrics:
        notes.append(f"逐条核对 {len(found.metrics)} 个指标：label 写清这个数字说的是什么，value、unit、approx 与原文一致")
    else:
        notes.append("文中没有找到带单位的数字；如有规模或成效的数字，手工加进 metrics")
    if len(found.metrics) >= MAX_METRICS:
        notes.append(f"只列出了文中前 {MAX_METRICS} 个数字；这么多数字不像一篇报道，请确认导入的是报道正文")
    if found.restated:
        notes.append(f"文中重复提到的 {found.restated} 个数字只列了一次；若其实是不同的事，手工补上")
    for aside in found.asides:
        notes.append(f"原文第 {aside.line} 行的“{aside.quote}”是{ASIDE_KINDS[aside.kind]}，不是规模或成效，没有列为指标；"
                     f"有助于读者理解时写进正文")
    if found.practices:
        listed = "、".join(f"{name}（{count} 次）" for name, count in found.practices[:6])
        notes.append(f"确认做法：按词表在文中出现的次数建议了前三个，文中出现的有：{listed}")
    else:
        notes.append("选择做法：文中没有出现词表中的做法名称，请从词表中选择")
    for flag in cleaned.flags[:MAX_FLAGS]:
        notes.append(f"原文第 {flag.line} 行疑似乱码：“{flag.text}”（{flag.reason}），请对照原网页核对，不要照抄")
    if len(cleaned.flags) > MAX_FLAGS:
        notes.append(f"另有 {len(cleaned.flags) - MAX_FLAGS} 处疑似乱码：原文可能整体编码有误，请重新保存网页后再导入")
    if cleaned.traditional:
        notes.append(f"原文是繁体，已转为简体并去掉 {cleaned.readings_removed} 处拼音注音；引语以转换后的文字为准")
    notes.append(f"用自己的话写完四个小节：清理后的原文在 {copy}（不进版本库），事实和数字只取自原文；"
                 f"写完后运行 make compare ID={Path(copy).stem}，它列出与原文连续 15 字以上相同的文字")
    notes.append("写完后删除本节，把 status 改为 published，运行 make check")
    return notes
