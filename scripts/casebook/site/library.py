"""The published profiles of one build, with the indexes the pages need.

A `Library` may be a subset (a class pack): `outside` then holds the published
profiles that were left out, so that links to them can be handled by policy
rather than broken.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Hashable, Iterable, TypeVar

from ..profile.schema import Profile
from ..profile.validate import Report
from ..profile.vocab import Practice, Province, Vocabulary

T = TypeVar("T")
RELATED_LIMIT = 8  # per kind, so that a practice shared by thousands stays readable


@dataclass(frozen=True)
class Item:
    profile: Profile
    body: str
    source_path: Path

    @cached_property  # asked some 20 times per profile by each rebuild under serve
    def id(self) -> str:
        return self.profile.id

    @property
    def page(self) -> str:
        """Docs-relative path of the profile's page."""
        return f"profiles/{self.profile.id}.md"

    @property
    def place(self) -> str:
        """The finest place the profile names: 玉屏街道北大社区, else the district."""
        r = self.profile.region
        return "".join(x for x in (r.street, r.community) if x) or r.district

    def sort_key(self) -> tuple:
        """Newest first, then by title; unknown years last."""
        return (tuple(-x for x in self.profile.date.sort_key()), self.profile.title)


@dataclass(frozen=True)
class District:
    name: str
    kind: str
    items: list[Item]


@dataclass(frozen=True)
class City:
    name: str
    districts: list[District]

    @property
    def count(self) -> int:
        return sum(len(d.items) for d in self.districts)


@dataclass(frozen=True)
class ProvinceGroup:
    province: Province
    cities: list[City]

    @property
    def count(self) -> int:
        return sum(c.count for c in self.cities)

    @property
    def page(self) -> str:
        return f"regions/{self.province.slug}.md"


class ItemMemo:
    """What is computed from one profile alone (its citation files, its line of the
    JSON download, its characters), kept while the profile is the very same object.
    `serve` keeps the checked profiles of unchanged files between rebuilds, so a
    rebuild after an edit computes these again for the edited profile only."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str], tuple] = {}

    def get(self, kind: str, item: Item, extra: Hashable, compute: Callable[[], T]) -> T:
        kept = self._kept.get((kind, item.id))
        if kept is not None and kept[0] is item.profile and kept[1] is item.body and kept[2] == extra:
            return kept[3]
        value = compute()
        self._kept[(kind, item.id)] = (item.profile, item.body, extra, value)
        return value


@dataclass
class Library:
    items: list[Item]
    vocab: Vocabulary
    outside: dict[str, Item] = field(default_factory=dict)
    # Drafts, shown by `serve` only: each has a page, but no place in listings, search or downloads.
    drafts: list[Item] = field(default_factory=list)
    memo: ItemMemo | None = None  # serve's, kept between rebuilds (prepare's `memo`)

    def per_item(self, kind: str, item: Item, extra: Hashable, compute: Callable[[], T]) -> T:
        """compute(), or what it gave for this very profile before (ItemMemo)."""
        return self.memo.get(kind, item, extra, compute) if self.memo is not None else compute()

    def __post_init__(self) -> None:
        self.items = sorted(self.items, key=Item.sort_key)

    @classmethod
    def from_report(cls, report: Report, ids: Iterable[str] | None = None, *, unchecked: bool = False,
                    drafts: bool = False) -> "Library":
        """Published profiles without problems; with `ids`, only those (a pack).
        `unchecked`: every profile whose shape is valid, problems or not (see prepare).
        `drafts`: drafts without problems too, for the local preview."""
        entries = [e for e in report.entries if e.model is not None] if unchecked else report.valid()
        published = [Item(e.model, e.doc.body, e.doc.path) for e in entries if e.model.status == "published"]
        if ids is None:
            shown = [Item(e.model, e.doc.body, e.doc.path) for e in entries if e.model.status == "draft"] if drafts else []
            return cls(published, report.vocab, drafts=shown)
        wanted = set(ids)
        return cls([i for i in published if i.id in wanted], report.vocab,
                   outside={i.id: i for i in published if i.id not in wanted})

    @cached_property
    def with_pages(self) -> list[Item]:
        """Every profile that has a page in this build: the published ones, then a preview's drafts."""
        return [*self.items, *self.drafts]

    @cached_property
    def by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def regions(self) -> list[ProvinceGroup]:
        tree: dict[str, dict[str, dict[tuple[str, str], list[Item]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        for item in self.items:
            r = item.profile.region
            tree[r.province][r.city][(r.district, r.district_kind)].append(item)
        groups = []
        for province in self.vocab.provinces:  # GB/T 2260 order
            if province.name not in tree:
                continue
            cities = [
                City(city, [District(name, kind, items) for (name, kind), items in sorted(districts.items())])
                for city, districts in sorted(tree[province.name].items())
            ]
            groups.append(ProvinceGroup(province, cities))
        return groups

    @cached_property
    def by_practice(self) -> list[tuple[Practice, list[Item]]]:
        index: dict[str, list[Item]] = defaultdict(list)
        for item in self.items:
            for name in item.profile.practices:
                index[name].append(item)
        return [(p, index[p.name]) for p in self.vocab.practices if index.get(p.name)]

    @cached_property
    def by_year(self) -> list[tuple[int | None, list[Item]]]:
        index: dict[int | None, list[Item]] = defaultdict(list)
        for item in self.items:
            index[item.profile.date.year].append(item)
        known = sorted((y for y in index if y is not None), reverse=True)
        return [(y, index[y]) for y in known] + ([(None, index[None])] if None in index else [])

    def known_practice(self, name: str) -> Practice | None:
        """None for a draft's placeholder (TODO)."""
        return self.vocab.practice_by_name.get(name)

    def known_province(self, name: str) -> Province | None:
        return self.vocab.province_by_name.get(name)

    def practice(self, name: str) -> Practice:
        return self.vocab.practice_by_name[name]

    def province(self, name: str) -> Province:
        return self.vocab.province_by_name[name]

    def lookup(self, ref: str) -> Item | None:
        """A profile in this build, or a published one left out of it."""
        return self.by_id.get(ref) or self.outside.get(ref)

    def parent(self, item: Item) -> Item | None:
        return self.lookup(item.profile.part_of) if item.profile.part_of else None

    @cached_property
    def _children(self) -> dict[str, list[Item]]:
        index: dict[str, list[Item]] = defaultdict(list)
        for other in [*self.items, *self.outside.values()]:
            if other.profile.part_of:
                index[other.profile.part_of].append(other)
        return {k: sorted(v, key=lambda i: i.profile.title) for k, v in index.items()}

    def children(self, item: Item) -> list[Item]:
        return self._children.get(item.id, [])

    @cached_property
    def _by_source(self) -> dict[tuple, list[Item]]:
        index: dict[tuple, list[Item]] = defaultdict(list)
        for other in [*self.items, *self.outside.values()]:
            for key in {_source_key(s) for s in other.profile.sources}:
                index[key].append(other)
        return index

    def family(self, item: Item) -> set[str]:
        """The item, its umbrella, its parts and its siblings: shown in sections of their own."""
        ids = {item.id, *(c.id for c in self.children(item)), *(s.id for s in self.siblings(item))}
        if item.profile.part_of:
            ids.add(item.profile.part_of)
        return ids

    def same_source(self, item: Item) -> list[Item]:
        """Other profiles drawn from the same article, family excluded."""
        family = self.family(item)
        seen: dict[str, Item] = {}
        for key in {_source_key(s) for s in item.profile.sources}:
            for other in self._by_source[key]:
                if other.id not in family:
                    seen.setdefault(other.id, other)
        return sorted(seen.values(), key=lambda i: i.profile.title)

    def siblings(self, item: Item) -> list[Item]:
        """Other parts of the same umbrella programme."""
        if not item.profile.part_of:
            return []
        return [c for c in self._children.get(item.profile.part_of, []) if c.id != item.id]

    def shared_practices(self, item: Item) -> list[tuple[Item, list[str]]]:
        """Up to RELATED_LIMIT profiles elsewhere that share a practice: most shared
        practices first, then by title. Bounded work per profile, so that a practice
        shared by thousands of profiles does not make the build quadratic."""
        excluded = self.family(item) | {i.id for i in self.same_source(item)}
        mine = list(dict.fromkeys(item.profile.practices))
        sets = set(mine)
        # Profiles sharing two or more practices: few, looked up by pair.
        multi: set[str] = set()
        for i, a in enumerate(mine):
            for b in mine[i + 1:]:
                multi |= self._pair_ids.get(frozenset((a, b)), frozenset())
        ranked = []
        if len(mine) == 2:
            # Everyone there shares both practices, so the order is the title order
            # the pair's list is kept in: no need to rank the hundreds a popular pair
            # has (0.8 ms a page at 10,000 profiles).
            for other in self._pair_members.get(frozenset(mine), []):
                if len(ranked) >= RELATED_LIMIT:
                    break
                if other.id not in excluded:
                    ranked.append((other, [p for p in other.profile.practices if p in sets]))
        else:
            for other_id in multi - excluded:
                other = self.lookup(other_id)
                shared = [p for p in other.profile.practices if p in sets]
                ranked.append((other, shared))
            ranked.sort(key=lambda x: (-len(x[1]), x[0].profile.title))
            ranked = ranked[:RELATED_LIMIT]
        # Then profiles sharing one practice, from lists kept sorted by title.
        taken = excluded | {other.id for other, _ in ranked} | multi
        for other in heapq.merge(*(self._practice_members.get(n, []) for n in mine), key=lambda i: i.profile.title):
            if len(ranked) >= RELATED_LIMIT:
                break
            if other.id in taken:
                continue
            taken.add(other.id)
            ranked.append((other, [p for p in other.profile.practices if p in sets]))
        return ranked

    @cached_property
    def _practice_members(self) -> dict[str, list[Item]]:
        index: dict[str, list[Item]] = defaultdict(list)
        for other in [*self.items, *self.outside.values()]:
            for name in dict.fromkeys(other.profile.practices):
                index[name].append(other)
        return {name: sorted(members, key=lambda i: i.profile.title) for name, members in index.items()}

    @cached_property
    def _pair_ids(self) -> dict[frozenset[str], set[str]]:
        """Ids of the profiles that have both practices of a pair. Intersecting the
        two practices' member sets per profile instead cost 2 s at 10,000 profiles."""
        index: dict[frozenset[str], set[str]] = defaultdict(set)
        for other in [*self.items, *self.outside.values()]:
            names = list(dict.fromkeys(other.profile.practices))
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    index[frozenset((a, b))].add(other.id)
        return index

    @cached_property
    def _pair_members(self) -> dict[frozenset[str], list[Item]]:
        """The profiles of each pair (_pair_ids), by title (then id: the same order on every run)."""
        return {pair: sorted(map(self.lookup, ids), key=lambda i: (i.profile.title, i.id))
                for pair, ids in self._pair_ids.items()}

    def explicit_related(self, item: Item) -> list[Item]:
        return [x for ref in item.profile.related if (x := self.lookup(ref))]


def _source_key(source) -> tuple:
    return ("url", source.url) if source.url else ("title", source.title, source.publisher, str(source.published))
