"""Search for the published site: a Pagefind index, built from our own data.

Material's search builds its whole index in the reader's browser on every cold
load (68 MB and 8 s at 10,000 profiles). Pagefind (an established static search
engine) splits the index into chunks and fetches only those a query needs. The
site keeps Material's search box and result list: a small worker of ours
(overrides/assets/casebook/search-worker.js) answers Material's messages from
Pagefind. Offline packs search the same way: a browser fetches nothing from
file://, so a pack holds Pagefind's files as scripts (`pack_for_file`), which
the worker loads instead. Only `serve` keeps Material's own search.

Chinese is indexed as overlapping pairs of characters (红色物业 → 红色 色物 物业),
the way Lucene's CJK analyser does, rather than by a segmenter: the worker turns
a query into the same pairs, so a query matches exactly what the text holds,
with no segmenter on either side to disagree. The pairs are written as ASCII
words (`token()`), which Pagefind indexes as they are; `search-worker.js` has the
same function, and a test keeps the two equal. Numbers and Latin words are words
of their own, closed with a "z", so that 15 does not match 150.

Weights (Pagefind's data-pagefind-weight, 0–10) rank what a reader means:
a practice a profile is tagged with, then its title, its places, its summary
and figures, then its text. Practice, region and year pages are found by their
names; reference and about pages rank below any profile that holds the words.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from pathlib import Path
from typing import Iterable

from .. import templating
from ..paths import Project
from ..profile import markup
from .library import Item, Library
from .pages import FRONT_MATTER
from .render import url_of

OUTPUT = "pagefind"
UNUSED = ["pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js"]
# Han ranges, the same in search-worker.js: CJK unified ideographs, extension A,
# compatibility ideographs, and the supplementary planes' extensions.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
WORD = re.compile(rf"[{HAN}]+|[0-9]+(?:\.[0-9]+)?|[a-z]+")
TEMPLATES = Path(__file__).parent / "templates"


class _Codes(dict):
    """A character's code point in base 36, four digits: 红 → 0j4w (computed once per character)."""

    def __missing__(self, char: str) -> str:
        n, out = ord(char), ""
        while n:
            n, r = divmod(n, 36)
            out = "0123456789abcdefghijklmnopqrstuvwxyz"[r] + out
        self[char] = code = out.rjust(4, "0")
        return code


_CODES = _Codes()


def _b36(char: str) -> str:
    return _CODES[char]


def tokens(text: str, words=None) -> list[str]:
    """The words Pagefind indexes for `text` (see the module docstring). With `words`
    (a WholeWords), also one word for each whole vocabulary word the text uses."""
    out = []
    if words is not None:
        out.extend(whole_word(w) for w in words(text))
    codes = _CODES
    for match in WORD.finditer(unicodedata.normalize("NFKC", text).lower()):
        word = match.group(0)
        if word[0].isdigit():
            out.append("n" + word.replace(".", "d") + "z")
        elif word.isascii():
            out.append("w" + word + "z")
        elif len(word) == 1:
            out.append("u" + codes[word])
        else:
            pairs = [codes[c] for c in word]
            out.extend(["b" + a + b for a, b in zip(pairs, pairs[1:])])
    return out


HAN_WORD = re.compile(f"^[{HAN}]+$")


def whole_word(word: str) -> str:
    """A vocabulary word used as a word: pairs find a query anywhere, whole words rank
    the pages that use it as a word first (see WholeWords)."""
    return "k" + "".join(_CODES[c] for c in word)


class WholeWords:
    """The practice names, synonyms and search terms a text uses as words, the way
    jieba with the site's dictionary would cut it: an occurrence counts unless a
    longer dictionary word covers it — 议事会 is a word of the practice page that
    lists it, not of a profile about a 六方联席议事会议. Found with str.find, one
    vocabulary word at a time: far cheaper than cutting every text with jieba."""

    def __init__(self, vocabulary: list[str], dictionary: list[str]):
        self.words = sorted({w for w in vocabulary if len(w) >= 2 and HAN_WORD.match(w)})
        longer = [d for d in set(dictionary) if len(d) >= 3]
        self.covering = {w: [d for d in longer if w in d and d != w] for w in self.words}

    def __call__(self, text: str) -> list[str]:
        found = []
        for word in self.words:
            start = text.find(word)
            while start >= 0:
                if not any(self._covers(text, start, word, d) for d in self.covering[word]):
                    found.append(word)
                    break
                start = text.find(word, start + 1)
        return found

    @staticmethod
    def _covers(text: str, start: int, word: str, longer: str) -> bool:
        at = text.find(longer, max(0, start + len(word) - len(longer)), start + len(longer))
        return 0 <= at <= start


LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^<>]*>|&[a-zA-Z]+;")


def searchable(markdown_text: str) -> str:
    """The words of a Markdown text. Its markup is punctuation, which `tokens`
    skips anyway; only link addresses, tags and entities would add words."""
    return LINK_TARGET.sub(" ", markdown_text)


@dataclass
class Record:
    """One searchable page: what the result list shows, and the weighted text it is found by."""
    url: str
    title: str
    summary: str
    parts: list[tuple[float, str]] = field(default_factory=list)  # (weight, text)


def profile_record(item: Item, library: Library, directory_urls: bool = True) -> Record:
    p, r = item.profile, item.profile.region
    places = " ".join(x for x in (r.province, r.city, r.district, r.street, r.community) if x)
    figures = " ".join(f"{m.label} {m.quote}" for m in p.metrics)
    return Record(url_of(item.page, directory_urls), p.title, p.summary, [
        (10.0, " ".join(p.practices)),
        (7.0, p.title),
        (4.0, places),
        (3.0, p.summary),
        (2.0, figures),
        (1.0, searchable(item.body)),
        (1.0, p.id.replace("-", " ")),   # pinyin: hongse, fuqing (a keyboard without Chinese input)
    ])


def library_records(library: Library, directory_urls: bool = True) -> list[Record]:
    records = [profile_record(item, library, directory_urls) for item in library.items]
    for practice, items in library.by_practice:
        # Found by its name and synonyms (民主协商 → 议事协商), below the profiles that use it.
        # A practice's own name finds the profiles tagged with it first; a synonym opens this page.
        records.append(Record(url_of(f"practices/{practice.slug}.md", directory_urls), practice.name,
                              practice.definition, [(0.5, practice.name), (0.5, " ".join(practice.synonyms)),
                                                    (0.1, practice.definition), (0.5, practice.slug.replace("-", " "))]))
    for group in library.regions:
        cities = " ".join(c.name for c in group.cities)
        records.append(Record(url_of(group.page, directory_urls), group.province.name,
                              f"{group.province.name}的社区实践案例，共 {group.count} 个",
                              [(5.0, f"{group.province.name} {group.province.short} {group.province.slug}"),
                               (0.2, cities)]))
    for year, items in library.by_year:
        name = f"{year}年" if year else "年份不详"
        records.append(Record(url_of(f"years/{year or 'unknown'}.md", directory_urls), f"{name}的案例",
                              f"{name}报道的社区实践案例，共 {len(items)} 个", [(5.0, name)]))
    return records


def page_record(url: str, title: str, markdown_text: str) -> Record:
    """A hand-written page (about, contributing, reference): found, but after profiles.
    Its front matter holds settings, not words; the list shows its first paragraph."""
    body = FRONT_MATTER.sub("", markdown_text, count=1)
    return Record(url, title, first_paragraph(body), [(0.5, title), (0.05, searchable(body))])


FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
# A line break inside a paragraph of Chinese is no space (CJK punctuation included).
_CJK = f"{HAN}\u3000-\u303f\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def first_paragraph(markdown_text: str, limit: int = 100) -> str:
    """The text of a Markdown page's first paragraph, as a reader sees it (no markup,
    no headings or lists), cut at `limit` characters."""
    found = FIRST_PARAGRAPH.search(markup.render(markdown_text, toc=False))
    text = _CJK_BREAK.sub("", " ".join(unescape(markup.text_only(found.group(1))).split())) if found else ""
    return text if len(text) <= limit else text[:limit - 1] + "…"


HEADING = re.compile(r"^#\s+(.+?)\s*$", re.M)


def docs_records(docs_dir: Path, includes: dict[str, Path], directory_urls: bool = True) -> list[Record]:
    """The hand-written pages of docs/; `includes` maps a page to the file it shows
    (contributing.md shows CONTRIBUTING.md)."""
    records = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        text = (includes.get(rel) or path).read_text(encoding="utf-8")
        title = HEADING.search(text)
        records.append(page_record(url_of(rel, directory_urls), title.group(1) if title else rel, text))
    return records


def library_text(library: Library) -> Iterable[str]:
    """Every text the library's pages are found by: each profile's Chinese characters
    (per_item: a set, computed again only for a profile that changed), the vocabulary's texts."""
    for item in library.items:
        yield library.per_item("chars", item, None, lambda: "".join(_han(item)))
    for practice in library.vocab.practices:
        yield from (practice.name, practice.definition, *practice.synonyms)


def _han(item: Item) -> set[str]:
    p, r = item.profile, item.profile.region
    texts = (p.title, p.summary, item.body, " ".join(p.practices), r.province, r.city, r.district, r.street,
             r.community)
    return {c for text in texts if text for run in HAN_RUN.findall(text) for c in run}


def folding(texts: Iterable[str]) -> dict[str, str]:
    """Traditional → Simplified for the characters the index holds: a query in
    Traditional characters (紅色物業) finds what its Simplified form finds."""
    # One set of every character, then the Han ones: a regex over each text took
    # 0.1 s of every rebuild under serve at 10,000 profiles.
    held = {c for c in set("".join(texts)) if HAN_RUN.match(c)}
    return dict(sorted((traditional, simplified) for simplified in held for traditional in _folded_to(simplified)))


@lru_cache(maxsize=None)  # some thousands of characters; `serve` asks again on every rebuild
def _folded_to(simplified: str) -> tuple[str, ...]:
    """The Traditional forms of a character that OpenCC turns back into it."""
    from ..zh.textclean import to_simplified

    forms = {c for converter in _converters() for c in converter.convert(simplified)}
    return tuple(sorted(t for t in forms if t != simplified and to_simplified(t) == simplified))


@lru_cache(maxsize=1)
def _converters() -> tuple:
    import opencc

    return opencc.OpenCC("s2t"), opencc.OpenCC("s2tw")


def _encoded(record: Record, words=None) -> list[tuple[float, list[str]]]:
    """A record's weighted texts as the words Pagefind indexes (tokens)."""
    return [(weight, tokens(text, words)) for weight, text in record.parts if text.strip()]


def _html(record: Record, parts: list[tuple[float, list[str]]]) -> str:
    """The page Pagefind indexes for a record: weighted encoded text (_encoded), readable meta."""
    return _template().render(record=record, parts=[(weight, " ".join(found)) for weight, found in parts])


_templates: dict[str, object] = {}


def _template():
    if "record" not in _templates:
        _templates["record"] = templating.environment(TEMPLATES).get_template("search_record.html.j2")
    return _templates["record"]


HAN_RUN = re.compile(f"[{HAN}]+")


# Beside the records (Pagefind indexes only their HTML): which page uses which whole
# word, weighted as Pagefind weighs it, for best_bets.
USES = "whole-words.json"


def write_records(records: list[Record], words: WholeWords, scratch: Path) -> Path:
    """The records as the small pages Pagefind indexes, under scratch/records, and
    which whole words each uses (USES)."""
    pages = scratch / "records"
    uses: dict[str, dict[str, int]] = {}
    for record in records:
        target = pages / record.url / "index.html" if record.url.endswith("/") or not record.url else pages / record.url
        target.parent.mkdir(parents=True, exist_ok=True)
        parts = _encoded(record, words)
        target.write_text(_html(record, parts), encoding="utf-8")
        url = "/" + record.url  # as Pagefind gives it: a folder's address for its index.html
        url = url[:-len("index.html")] if url.endswith("/index.html") else url
        for weight, found in parts:
            for token in found:
                if token[0] != "k":
                    break  # the whole words come first (tokens)
                users = uses.setdefault(token, {})
                users[url] = users.get(url, 0) + _pagefind_weight(weight)
    pages.mkdir(parents=True, exist_ok=True)
    (pages / USES).write_text(json.dumps(uses, separators=(",", ":")), encoding="ascii")
    return pages


def _pagefind_weight(weight: float) -> int:
    """A data-pagefind-weight as Pagefind stores it: 24 for 1, truncated, at least 1 (0 for none)."""
    return 0 if weight <= 0 else max(1, int(min(weight, 10.0) * 24))


# Pagefind's ranking: the worker sets it (from the settings build_index writes) and
# best_bets follows it. Pagefind's defaults are 1.0, 0.75, 1.4 and 1.0: here a page's
# length counts for little, so a long profile tagged with a word is not outranked by
# a short page that mentions it.
RANKING = {"termFrequency": 0.6, "pageLength": 0.1, "termSaturation": 1.2, "termSimilarity": 1.0}


@dataclass
class Indexed:
    """A page as Pagefind indexed it (its fragment): its id, its length in words, what the list shows."""
    id: str
    words: int
    title: str
    summary: str


def best_bets(uses: dict[str, dict[str, int]], pages: dict[str, Indexed]) -> dict[str, dict]:
    """For each whole word, the page Pagefind ranks first when it is searched for
    (the worker's query for a vocabulary word, see whole_word): Pagefind's BM25 over
    the word and the longer whole words it begins (a prefix search), with RANKING.
    The worker shows it at once, before Pagefind has loaded anything (an index
    file, the WebAssembly's search, the page's fragment: at 1,000 profiles on 2
    cores, key to first result 105 → 66 ms, median of 14 alternating rounds), and
    keeps it first. Of pages with equal scores, the first by address."""
    if not pages:
        return {}
    average = sum(p.words for p in pages.values()) / len(pages)
    k1, b, tf = RANKING["termSaturation"], RANKING["pageLength"], RANKING["termFrequency"]

    def score(weighted: int, words: int, longer_by: int) -> float:
        spread = math.exp(-0.5 * (longer_by + 1) ** 2 / 4)
        w = weighted / 24 * math.exp(spread * RANKING["termSimilarity"]) / math.exp(RANKING["termSimilarity"])
        bm25 = (k1 + 1) * w / (k1 * (1 - b + b * words / average) + w)
        return (1 - tf) * min(w / (average / 5), k1 + 1) + tf * bm25

    bets = {}
    for word in sorted(uses):
        scores: dict[str, float] = {}
        for other in (o for o in uses if o.startswith(word)):
            for url, weighted in uses[other].items():
                if url in pages:
                    scores[url] = scores.get(url, 0.0) + score(weighted, pages[url].words, len(other) - len(word))
        if scores:
            url = max(sorted(scores), key=scores.__getitem__)
            page = pages[url]
            bets[word] = {"id": page.id, "url": url, "title": page.title, "summary": page.summary}
    return bets


# How much of the index one file holds (Pagefind counts a word's places in its
# pages): a tenth of Pagefind's own 20,000. A query loads and decodes a few of
# these files, so smaller ones make it quicker, most of all on a reader's first
# query while the page is still loading: at 1,000 profiles the files shrink from
# about 10 KB to 3 KB; Pagefind's list of them grows by 3 KB at 10,000 profiles
# (271 files -> 512), and a first result came 20-60 ms sooner at both sizes.
# Pagefind reads it from its environment and calls it unstable: a Pagefind
# without it writes its own size, and search works the same.
CHUNK_SIZE = 2000


def build_index(site: Path, pages: Path, fold: dict[str, str]) -> None:
    """Write the Pagefind index of `pages` (write_records) and the worker's settings into
    `site`: Pagefind's own program indexes them in one run (its Python API answers one
    file per tenth of a second)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(site / OUTPUT),
               "--force-language", "zh", "--silent"]
    result = subprocess.run(command, capture_output=True, text=True,
                            env={**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(CHUNK_SIZE)})
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind 没能建成索引：{(result.stdout + result.stderr).strip()[-500:]}")
    indexed = slim_fragments(site / OUTPUT)
    settings = {"folding": fold, "ranking": RANKING}
    # Pages written otherwise than by write_records: no bets, and the worker searches every whole word.
    if (pages / USES).is_file():
        uses = json.loads((pages / USES).read_text(encoding="ascii"))
        bets = json.dumps(best_bets(uses, indexed), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        # Named by its content, as Pagefind names its files: a browser or a CDN that kept an
        # older copy never pairs it with a newer index (the worker names the file it reads).
        settings["bets"] = name = f"casebook-bets.{hashlib.sha256(bets).hexdigest()[:10]}.json"
        (site / OUTPUT / name).write_bytes(bets)
    (site / OUTPUT / "casebook-search.json").write_text(
        json.dumps(settings, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for unused in UNUSED:  # Pagefind's own interfaces: the site uses Material's
        (site / OUTPUT / unused).unlink(missing_ok=True)


# How Pagefind marks a file it has written (then gzip-compressed).
SIGNATURE = b"pagefind_dcd"


def slim_fragments(folder: Path) -> dict[str, Indexed]:
    """Empty the text Pagefind keeps in each page's fragment for excerpts: here it is
    the page's indexed words (token()), which no reader sees; the list shows the
    title and summary from the fragment's meta. A reader's query loads the fragments
    of the pages it lists (up to MORE in search-worker.js, fifty), so this is most of
    what a query downloads: at 1,000 profiles the fragments shrink from 1.7 MB to
    0.4 MB (median 1.7 KB → 0.4 KB each), and a class pack with them.
    A slim fragment is written as it is, not compressed: pagefind.js takes a file that
    begins with its signature as inflated already. Compressed, it is only 8 % smaller
    (1,000 profiles: 399 KB against 433 KB), and the browser spends more time inflating
    it than fetching the difference: key to first result 117 → 101 ms (30 rounds).
    A file that is not a fragment as Pagefind 1.x writes it is left as it is.
    Returns the pages read, by address."""
    indexed = {}
    for path in (folder / "fragment").glob("*.pf_fragment"):
        try:
            data = path.read_bytes()
            data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            fragment = json.loads(data[len(SIGNATURE):]) if data.startswith(SIGNATURE) else None
        except (OSError, EOFError, ValueError):
            continue
        if not isinstance(fragment, dict) or not isinstance(fragment.get("url"), str):
            continue
        words = fragment.get("word_count")
        meta = fragment.get("meta") if isinstance(fragment.get("meta"), dict) else {}
        indexed[fragment["url"]] = Indexed(path.name.removesuffix(".pf_fragment"), words if isinstance(words, int) else 0,
                                           str(meta.get("title") or ""), str(meta.get("summary") or ""))
        fragment["content"], fragment["anchors"] = "", []
        slim = SIGNATURE + json.dumps(fragment, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if slim != data:
            path.write_bytes(slim)
    return indexed


def library_pages(project: Project, prepared, scratch: Path, *, directory_urls: bool = True) -> Path:
    """write_records for `prepared`: the library and the hand-written pages it keeps."""
    includes = {"contributing.md": project.root / "CONTRIBUTING.md"}
    left_out = {url_of(src_uri, directory_urls) for src_uri in prepared.left_out}
    records = library_records(prepared.library, directory_urls) + [
        r for r in docs_records(project.docs_dir, includes, directory_urls) if r.url not in left_out]
    vocab = prepared.library.vocab
    vocabulary = [t.term for t in vocab.search_terms] + [w for p in vocab.practices for w in (p.name, *p.synonyms)]
    return write_records(records, WholeWords(vocabulary, prepared.words), scratch)


def index_library(project: Project, prepared, site: Path, scratch: Path, *, directory_urls: bool = True) -> None:
    """Index `prepared` into site/pagefind."""
    build_index(site, library_pages(project, prepared, scratch, directory_urls=directory_urls), prepared.folding)


def settle_worker(site: Path, *, packed: bool = False) -> None:
    """Put the worker's settings (the folding table) and Pagefind's entry file into the
    search worker itself (as self.casebookSearch), in place of casebook-search.json: two
    requests fewer before the first search, and Pagefind's metadata and WebAssembly asked for as the worker starts.
    `packed`: a class pack, whose Pagefind files are scripts (pack_for_file)."""
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise RuntimeError(f"找不到搜索脚本（{len(workers)} 个候选）")
    settings = json.loads((site / OUTPUT / "casebook-search.json").read_text(encoding="utf-8"))
    settings["entry"] = json.loads((site / OUTPUT / "pagefind-entry.json").read_text(encoding="utf-8"))
    # JSON with every non-ASCII character escaped is a JavaScript literal (U+2028 included).
    literal = json.dumps(settings, ensure_ascii=True, separators=(",", ":"))
    told = f"self.casebookSearch = {literal};\n" + ("self.casebookPacked = true;\n" if packed else "")
    workers[0].write_text(told + workers[0].read_text(encoding="utf-8"), encoding="utf-8")
    # The settings are in the worker now; an unsettled worker (`serve`) reads the file.
    (site / OUTPUT / "casebook-search.json").unlink()


# pagefind.js is an ES module; file:// runs none. Its one export statement ends
# the file and it reads import.meta.url only to find its own folder.
EXPORTS = re.compile(r"\bexport\s*\{([^{}]*)\}\s*;?\s*\Z")
# import(…), import.meta, or an import statement: what a classic script cannot run.
MODULE_SYNTAX = re.compile(r"\bimport\s*[(.]|(?:^|[;}])\s*import\s*(?:[{*\"']|[\w$]+\s*(?:,|from\b))")
EXPORTED = re.compile(r"^\s*([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?\s*$")


class PackError(Exception):
    pass


def classic_module(source: str) -> str:
    """pagefind.js as a classic script: its exports become self.casebookPagefind, and
    import.meta.url the address the worker puts in self.casebookPagefindUrl."""
    found = EXPORTS.search(source)
    if not found:
        raise PackError("pagefind.js 的结尾不是一条 export 语句：Pagefind 已变化，请检查 search.classic_module")
    names = []
    for part in filter(str.strip, found.group(1).split(",")):
        match = EXPORTED.match(part)
        if not match:
            raise PackError(f"pagefind.js 导出了无法识别的名字（{part.strip()[:40]}）：请检查 search.classic_module")
        names.append(f"{match.group(2) or match.group(1)}: {match.group(1)}")
    body = source[:found.start()].replace("import.meta.url", "self.casebookPagefindUrl")
    if MODULE_SYNTAX.search(body):
        raise PackError("pagefind.js 还有其他 import：Pagefind 已变化，请检查 search.classic_module")
    return '(function () {\n"use strict";\n' + body + "\nself.casebookPagefind = {" + ", ".join(names) + "};\n})();\n"


def pack_for_file(site: Path) -> None:
    """Make site/pagefind readable from file://: every data file becomes a script
    `<name>.js` that hands its bytes (base64) to the worker, pagefind.js becomes
    pagefind.classic.js, and the files only a fetch() could read are removed."""
    folder = site / OUTPUT
    module = folder / "pagefind.js"
    (folder / "pagefind.classic.js").write_text(classic_module(module.read_text(encoding="utf-8")), encoding="utf-8")
    module.unlink()
    (folder / "pagefind-worker.js").unlink(missing_ok=True)  # Pagefind's own worker: none from file://
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "pagefind.classic.js"):
        name = path.relative_to(folder).as_posix()
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        path.with_name(path.name + ".js").write_text(
            f"casebookPagefindFile({json.dumps(name)},{json.dumps(data)});\n", encoding="ascii")
        path.unlink()
