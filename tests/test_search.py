"""The published site's search (site/search.py with overrides/assets/casebook/search-worker.js):
the browser turns a query into exactly the words the index holds."""

from __future__ import annotations

import base64
import gzip
import json
import re

import pytest
from browser import serve

from casebook.paths import Project
from casebook.site import search

WORKER = Project.discover().root / "overrides" / "assets" / "casebook" / "search-worker.js"
SEARCH_META = WORKER.with_name("search-meta.js")
SAMPLES = ["红色物业", "惠及居民1200余人次", "2.1万平方米", "服务520", "K23幸福家园", "ＡＢＣ１２３", "四点半课堂",
           "社", "qzxbcdf", "𠮷野家的社区", "福清市 北大社区", "15亿元，近千册图书", "(zhì lǐ)"]


def test_pairs_numbers_and_words():
    assert search.tokens("红色物业") == ["b" + search._b36(a) + search._b36(b) for a, b in ["红色", "色物", "物业"]]
    assert search.tokens("2.1万") == ["n2d1z", "u" + search._b36("万")]
    assert search.tokens("服务520 K23") == ["b" + search._b36("服") + search._b36("务"), "n520z", "wkz", "n23z"]
    # 15 and 150 are different words, so a query for one never finds the other.
    assert set(search.tokens("15")).isdisjoint(search.tokens("150"))


def test_whole_words_are_vocabulary_words_not_covered_by_longer_ones():
    words = search.WholeWords(["议事会", "微心愿"], ["六方联席议事会议", "议事会", "微心愿"])
    assert words("召开六方联席议事会议，开展微心愿认领") == ["微心愿"]
    assert words("成立议事会，后来召开六方联席议事会议") == ["议事会"]
    tokens = search.tokens("开展微心愿认领", words)
    assert search.whole_word("微心愿") in tokens and search.whole_word("议事会") not in tokens


def test_traditional_queries_fold_to_the_characters_the_index_holds():
    table = search.folding(["红色物业 议事协商"])
    assert "".join(table.get(c, c) for c in "紅色物業") == "红色物业"
    assert table["議"] == "议" and "红" not in table


@pytest.mark.browser
def test_the_worker_encodes_queries_as_the_indexer_does(browser):
    page = browser.new_page()
    page.add_script_tag(content=WORKER.read_text(encoding="utf-8"))
    for text in SAMPLES:
        assert page.evaluate("t => tokens(t)", text) == search.tokens(text), text
        word = "".join(text.split())  # the worker ignores spaces inside a query
        whole = search.whole_word(word) if search.HAN_WORD.match(word) and len(word) >= 2 else None
        assert page.evaluate("t => wholeWord(t)", text) == whole, text
    page.close()


@pytest.mark.browser
def test_the_workers_segmenter_cuts_the_index_words_as_the_browsers_does(browser):
    page = browser.new_page()
    page.add_script_tag(content=WORKER.read_text(encoding="utf-8"))
    terms = ["k0000", "kabc123 b9x8y7", "n2024z", "w2024z  b1 k2", "", " ", "a", "k12 ", " n1z", "0a0 a0a"]
    terms += [" ".join(page.evaluate("t => queryTokens(t)", text)) for text in SAMPLES]
    terms += [page.evaluate("t => wholeWord(t)", text) or "" for text in SAMPLES]
    terms += ["红色物业", "Abc", "a-b", "a.b", "x\u00e9"]  # not index words: the browser's own
    cut = """([term, granularity, native]) => {
      const Kind = native ? NativeSegmenter : Intl.Segmenter;
      return [...new Kind("zh", { granularity }).segment(term)].map(s => [s.segment, s.index, s.input, s.isWordLike ?? null]);
    }"""
    assert page.evaluate("() => Intl.Segmenter !== NativeSegmenter")
    for term in terms:
        for granularity in ("grapheme", "word"):
            ours = page.evaluate(cut, [term, granularity, False])
            assert ours == page.evaluate(cut, [term, granularity, True]), (term, granularity)
    page.close()


@pytest.mark.browser
def test_a_query_asks_for_pairs_that_cover_each_run_of_characters(browser):
    """Fewer words to intersect (Pagefind's time grows with each), none of the run left out."""
    page = browser.new_page()
    page.add_script_tag(content=WORKER.read_text(encoding="utf-8"))
    pair = lambda a, b: "b" + search._b36(a) + search._b36(b)  # noqa: E731
    cases = {
        "矛盾纠纷调解": [pair("矛", "盾"), pair("纠", "纷"), pair("调", "解")],
        "四点半课堂": [pair("四", "点"), pair("半", "课"), pair("课", "堂")],
        "红色物业": [pair("红", "色"), pair("物", "业")],
        "议事会": search.tokens("议事会"),
        "议事": search.tokens("议事"),
        "红色物业 2024": [pair("红", "色"), pair("物", "业"), "n2024z"],
    }
    for text, expected in cases.items():
        assert page.evaluate("t => queryTokens(t)", text) == expected, text
    page.close()


def test_pagefind_module_as_a_classic_script():
    source = ('const v="1";let x=import.meta.url;function search(){}function init(){}var y=1;'
              'export{init,search as find,y};\n')
    classic = search.classic_module(source)
    assert "import.meta" not in classic and "export" not in classic
    assert "let x=self.casebookPagefindUrl;" in classic
    assert classic.rstrip().endswith("self.casebookPagefind = {init: init, find: search, y: y};\n})();")
    assert classic.startswith('(function () {\n"use strict";\n')


@pytest.mark.parametrize("source, why", [
    ("function search(){}", "export"),  # no export at the end
    ("function search(){}export{search};var z=1;", "export"),  # not at the end
    ("import{a}from'./a.js';export{a};", "import"),
    ("const m=await import('./b.js');export{m};", "import"),
    ("function f(){}export{f as default as g};", "无法识别"),
])
def test_pagefind_module_that_cannot_be_converted_stops_the_pack(source, why):
    with pytest.raises(search.PackError, match=why):
        search.classic_module(source)


def test_pack_holds_pagefind_files_as_scripts(tmp_path):
    folder = tmp_path / search.OUTPUT
    (folder / "index").mkdir(parents=True)
    (folder / "pagefind.js").write_text("function search(){}export{search};", encoding="utf-8")
    (folder / "pagefind-worker.js").write_text("onmessage=()=>{}", encoding="utf-8")
    (folder / "pagefind-entry.json").write_text('{"version":"1"}', encoding="utf-8")
    chunk = bytes(range(256)) * 3
    (folder / "index" / "zh_1.pf_index").write_bytes(chunk)
    search.pack_for_file(tmp_path)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == ["index/zh_1.pf_index.js", "pagefind-entry.json.js", "pagefind.classic.js"]
    script = (folder / "index" / "zh_1.pf_index.js").read_text(encoding="ascii")
    call = re.fullmatch(r'casebookPagefindFile\("index/zh_1\.pf_index","([A-Za-z0-9+/=]+)"\);\n', script)
    assert call and base64.b64decode(call.group(1)) == chunk
    assert "self.casebookPagefind = {search: search}" in (folder / "pagefind.classic.js").read_text(encoding="utf-8")


def test_the_built_worker_carries_its_settings_and_pagefinds_entry(tmp_path):
    site = tmp_path / "site"
    (site / "assets" / "javascripts" / "workers").mkdir(parents=True)
    worker = site / "assets" / "javascripts" / "workers" / "search.abc.min.js"
    worker.write_text('"use strict";\n', encoding="utf-8")
    (site / search.OUTPUT).mkdir()
    (site / search.OUTPUT / "casebook-search.json").write_text('{"folding":{"紅":"红"}}', encoding="utf-8")
    (site / search.OUTPUT / "pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"zh":{"hash":"zh_1","wasm":null,"page_count":2}}}', encoding="utf-8")
    search.settle_worker(site)
    first, rest = worker.read_text(encoding="utf-8").split("\n", 1)
    assert rest == '"use strict";\n'
    assert first.isascii() and first.startswith("self.casebookSearch = ") and first.endswith(";")
    settings = json.loads(first.removeprefix("self.casebookSearch = ").removesuffix(";"))
    assert settings == {"folding": {"紅": "红"}, "entry": {"version": "1.5.2", "languages": {
        "zh": {"hash": "zh_1", "wasm": None, "page_count": 2}}}}


# A stand-in for Pagefind's module: every word is in 80 pages, whole words (k…) in
# 12; each page's data() is counted, as each would be one request on the site.
FAKE_PAGEFIND = """
export const loaded = [];
export const searched = [];
const page = (id, score) => ({ id, score, data: async () => {
  loaded.push(id);
  return { url: `/p/${id}/`, meta: { title: id, summary: "" } };
} });
export async function options() {}
export async function init() {}
export const failing = new Set();  // terms whose search fails, as when an index file is missing
export async function search(term) {
  searched.push(term);
  if (failing.has(term)) throw new Error("index file missing");
  const whole = term.startsWith("k");
  return { results: Array.from({ length: whole ? 12 : 80 }, (_, i) => page(`${whole ? "w" : "p"}${i}`, 80 - i)) };
}
"""


@pytest.fixture
def fake_search(browser):
    """Opens pages, each in a context of its own (closed after the test), running the
    worker's script over FAKE_PAGEFIND: fake_search(bets=None)."""
    contexts = []

    def open_page(bets: dict | None = None):
        context = browser.new_context()
        contexts.append(context)
        return _fake_search(context, bets)

    yield open_page
    for context in contexts:
        context.close()


def _fake_search(context, bets: dict | None = None):
    """A page running the worker's script over FAKE_PAGEFIND (and `bets` as the build's best bets;
    {"missing": True}: the settings name a file that is not there)."""
    page = context.new_page()
    files = {"/": ("text/html", "<!doctype html><title>t</title>"),
             "/assets/javascripts/workers/search.js": ("text/javascript", WORKER.read_text(encoding="utf-8")),
             "/pagefind/pagefind.js": ("text/javascript", FAKE_PAGEFIND)}
    if bets is not None:  # where the build names them (the worker's settings)
        files["/pagefind/casebook-search.json"] = ("application/json", json.dumps({"bets": "bets.json"}))
        if bets != {"missing": True}:
            files["/pagefind/bets.json"] = ("application/json", json.dumps(bets))

    def answer(route):
        path = route.request.url.removeprefix("http://casebook.test")
        if path in files:
            kind, body = files[path]
            route.fulfill(status=200, content_type=kind, body=body)
        else:
            route.fulfill(status=404, body="")

    page.route("http://casebook.test/**", answer)
    page.goto("http://casebook.test/")
    page.add_script_tag(url="/assets/javascripts/workers/search.js")
    page.evaluate("() => setup()")
    return page


@pytest.mark.browser
def test_the_best_page_comes_first_and_a_replaced_query_loads_no_more(fake_search):
    page = fake_search()
    run = """async replaced => {
      const fake = await import("/pagefind/pagefind.js");
      fake.loaded.length = 0;
      const sent = [];
      const start = performance.now();
      await search("议事协商", data => sent.push([data, performance.now() - start]),
                   () => !(replaced && sent.length > 0));
      return { sizes: sent.map(s => s[0].items.length), times: sent.map(s => s[1]), loaded: fake.loaded.length,
               counts: sent.map(s => [s[0].partial || false, s[0].total ?? null]) };
    }"""
    whole = page.evaluate(run, False)
    # The best page alone, the first screen, then up to MORE (12 pages using the
    # whole word, then those for the pairs), each after a pause. The first two say
    # more is coming, the last how many pages were found (search-meta.js shows both).
    assert whole["sizes"] == [1, 10, 50]
    assert whole["counts"] == [[True, None], [True, None], [False, 92]]
    assert whole["loaded"] == 50
    assert whole["times"][1] - whole["times"][0] >= 100 and whole["times"][2] - whole["times"][1] >= 100
    # Replaced while its best page is shown: nothing more is loaded.
    replaced = page.evaluate(run, True)
    assert replaced["sizes"] == [1]
    assert replaced["loaded"] == 1


# What a query asks FAKE_PAGEFIND to search for, in order.
ASKED = """async query => {
  const fake = await import("/pagefind/pagefind.js");
  fake.searched.length = 0;
  await search(query, () => {}, () => true);
  return [...fake.searched]; }"""


@pytest.mark.browser
def test_a_vocabulary_words_best_bet_is_shown_before_pagefind_is_asked_and_stays_first(fake_search):
    bet = {"id": "w5", "url": "/p/w5/", "title": "议事协商的案例", "summary": "居民议事"}
    page = fake_search({search.whole_word("议事协商"): bet})
    sent = page.evaluate("""async () => {
      const fake = await import("/pagefind/pagefind.js");
      fake.loaded.length = fake.searched.length = 0;  // not the warm-up's
      const sent = [];
      await search("议事协商", data => sent.push({ asked: fake.searched.length, first: data.items.map(i => i[0].location),
                                                 title: data.items[0][0].title, text: data.items[0][0].text }),
                   () => true);
      return { sent, loaded: fake.loaded };
    }""")
    # The bet alone, before any search; then the first screen and the rest, the bet
    # first and not again, Pagefind's whole-word pages next (w0 …), then the pairs' pages.
    assert [s["asked"] for s in sent["sent"]] == [0, 1, 2]
    assert [len(s["first"]) for s in sent["sent"]] == [1, 10, 50]
    firsts = sent["sent"][2]["first"]
    assert firsts[:3] == ["p/w5/", "p/w0/", "p/w1/"] and firsts.count("p/w5/") == 1 and firsts[12] == "p/p0/"
    assert sent["sent"][0]["title"] == "<mark data-md-highlight>议事协商</mark>的案例"
    assert sent["sent"][0]["text"] == "居民议事"
    # Its page is never loaded: the bet carries what the list shows.
    assert "w5" not in sent["loaded"] and len(sent["loaded"]) == 49
    # A whole word the index does not hold (no bet begins with it) is not searched for:
    # the pairs' pages alone. One that begins a held word is (Pagefind matches word starts).
    other = page.evaluate("""async () => {
      const fake = await import("/pagefind/pagefind.js");
      const out = {};
      for (const query of ["红色物业", "议事"]) {
        fake.searched.length = 0;
        const sent = [];
        await search(query, data => sent.push(data.items.map(i => i[0].location)), () => true);
        out[query] = { sent, searched: [...fake.searched] };
      }
      return out; }""")
    assert other["红色物业"]["searched"] == [" ".join(search.tokens("红色物业")[::2])]
    assert [len(s) for s in other["红色物业"]["sent"]] == [1, 10, 50] and other["红色物业"]["sent"][0] == ["p/p0/"]
    assert other["议事"]["searched"][0] == search.whole_word("议事") and other["议事"]["sent"][0] == ["p/w0/"]
    # Nor one that begins with a held word: Pagefind finds that word's pages (红色物业服务 finds 红色物业).
    assert page.evaluate(ASKED, "议事协商会议")[0] == search.whole_word("议事协商会议")
    # Replaced while the bet is shown: nothing is loaded, nothing more is sent.
    replaced = page.evaluate("""async () => {
      const fake = await import("/pagefind/pagefind.js");
      fake.loaded.length = 0;
      const sent = [];
      await search("议事协商", data => sent.push(data.items.length), () => sent.length === 0);
      return { sent, loaded: fake.loaded.length }; }""")
    assert replaced == {"sent": [1], "loaded": 0}
    # The bets named but not there: every whole word is searched for, as without bets.
    page = fake_search({"missing": True})
    assert page.evaluate(ASKED, "红色物业")[0] == search.whole_word("红色物业")


@pytest.mark.browser
def test_a_query_replaced_during_a_search_loads_and_searches_nothing_more(fake_search):
    page = fake_search()
    run = """async searches => {
      const fake = await import("/pagefind/pagefind.js");
      fake.loaded.length = fake.searched.length = 0;
      const sent = [];
      // Replaced once `searches` searches have started (the reader typed on).
      await search("议事协商", data => sent.push(data.items.length), () => fake.searched.length < searches);
      return { searched: fake.searched.length, loaded: fake.loaded.length, sent }; }"""
    # During its whole-word search: no page loaded, the pairs not searched.
    assert page.evaluate(run, 1) == {"searched": 1, "loaded": 0, "sent": []}


@pytest.mark.browser
def test_a_failed_search_keeps_what_was_shown_and_never_touches_a_newer_querys_list(fake_search):
    bet = {"id": "w5", "url": "/p/w5/", "title": "议事协商的案例", "summary": ""}
    page = fake_search({search.whole_word("议事协商"): bet})
    run = """async ([failing, queries]) => {
      const fake = await import("/pagefind/pagefind.js");
      fake.failing.clear();
      failing.forEach(term => fake.failing.add(term));
      const posted = [];
      self.postMessage = message => posted.push(message.data);
      await Promise.all(queries.map(query => answer(query)));  // each sent as it came, none awaited
      return posted.map(data => [data.items.map(i => i[0].location), data.partial || false]); }"""
    # The bet was shown, then the whole-word search failed: the bet stays, as the final list.
    assert page.evaluate(run, [[search.whole_word("议事协商")], ["议事协商"]]) == [[["p/w5/"], True], [["p/w5/"], False]]
    # Nothing shown yet: an empty list, as before.
    assert page.evaluate(run, [[search.whole_word("议事")], ["议事"]]) == [[[], False]]
    # Replaced by 议事协商 before its search failed: 议事's failure sends nothing.
    posted = page.evaluate(run, [[search.whole_word("议事")], ["议事", "议事协商"]])
    assert [p for p in posted if p[0] == []] == []
    assert posted[0] == [["p/w5/"], True] and len(posted[-1][0]) == 50


@pytest.mark.browser
def test_pagefinds_files_reach_it_inflated_by_the_browser(browser):
    """pagefind.js inflates gzip in JavaScript; the worker hands it files the browser
    inflated (DecompressionStream), which it takes as they are by their signature.
    What is not gzip, and a missing file, pass unchanged."""
    context = browser.new_context()
    page = context.new_page()
    payload = b"pagefind_dcd" + bytes(range(256)) * 64
    files = {"/": ("text/html", b"<!doctype html><title>t</title>"),
             "/assets/javascripts/workers/search.js": ("text/javascript", WORKER.read_bytes()),
             "/pagefind/pagefind.js": ("text/javascript", FAKE_PAGEFIND.encode()),
             "/pagefind/index/abc.pf_index": ("application/octet-stream", gzip.compress(payload)),
             "/pagefind/fragment/abc.pf_fragment": ("application/octet-stream", payload),
             "/other.bin": ("application/octet-stream", gzip.compress(b"not Pagefind's"))}

    def answer(route):
        path = route.request.url.removeprefix("http://casebook.test").split("?")[0]
        kind, body = files.get(path, ("text/plain", b""))
        route.fulfill(status=200 if path in files else 404, content_type=kind, body=body)

    page.route("http://casebook.test/**", answer)
    page.goto("http://casebook.test/")
    page.add_script_tag(url="/assets/javascripts/workers/search.js")
    got = page.evaluate("""async () => {
      const read = async url => { const r = await fetch(url); return [r.status, [...new Uint8Array(await r.arrayBuffer())]]; };
      return [await read("/pagefind/index/abc.pf_index?ts=1"), await read("/pagefind/fragment/abc.pf_fragment"),
              await read("/pagefind/index/missing.pf_index"), await read("/other.bin")];
    }""")
    assert got[0] == [200, list(payload)]
    assert got[1] == [200, list(payload)]
    assert got[2] == [404, []]
    assert got[3] == [200, list(files["/other.bin"][1])]  # not Pagefind's: left to whoever asked
    context.close()


# Messages to the count (search-meta.js), each followed by Material's own count of
# the items it was sent, which the script then corrects; or a query sent to the worker.
COUNT_STEPS = """async ([url, steps]) => {
  const worker = new Worker(url);
  const meta = document.querySelector(".md-search-result__meta");
  const seen = [];
  for (const [kind, value] of steps) {
    if (kind === "query") {
      worker.postMessage({ type: 2, data: value });
      continue;
    }
    const data = { items: Array.from({ length: value.items }, () => [{}]), ...value.more };
    worker.dispatchEvent(new MessageEvent("message", { data: { type: 3, data } }));
    meta.textContent = `${value.items} 个符合条件的结果`;
    await new Promise(resolve => setTimeout(resolve));
    seen.push(meta.textContent);
  }
  return seen;
}"""


@pytest.mark.browser
def test_the_count_over_the_results_says_what_the_worker_found(browser):
    """Material counts the items it was sent: the best page alone would read "1",
    fifty of 92 pages "50". search-meta.js writes what the worker's messages say."""
    page = browser.new_page()

    def fresh():
        page.set_content('<div class="md-search-result__meta"></div>')
        page.evaluate("""() => { window.Worker = class extends EventTarget {
          constructor(url) { super(); this.url = url; } postMessage() {} }; }""")
        page.add_script_tag(content=SEARCH_META.read_text(encoding="utf-8"))

    fresh()
    steps = [("result", {"items": 1, "more": {"partial": True}}),
             ("result", {"items": 10, "more": {"partial": True}}),
             ("result", {"items": 50, "more": {"total": 92}}),
             ("query", "居民 社区"),
             ("result", {"items": 3, "more": {"total": 3}}),
             ("result", {"items": 0, "more": {}}),
             ("query", ""),                         # the box emptied: Material's own words stay
             ("result", {"items": 0, "more": {}})]
    seen = page.evaluate(COUNT_STEPS, ["assets/javascripts/workers/search.a7633da7.min.js", steps])
    assert seen == ["正在列出符合条件的结果……", "正在列出符合条件的结果……",
                    "找到 92 个符合条件的结果，列出最相关的 50 个", "3 个符合条件的结果",
                    "没有找到符合条件的结果：可以换个说法、用更短的词，或按做法、地区浏览案例", "0 个符合条件的结果"]
    # Another worker's messages leave Material's count alone.
    fresh()
    assert page.evaluate(COUNT_STEPS, ["other.js", steps[:3]]) == [
        "1 个符合条件的结果", "10 个符合条件的结果", "50 个符合条件的结果"]
    page.close()


@pytest.mark.browser
def test_the_warm_up_waits_while_the_page_loads_and_not_after_a_query(fake_search):
    """No warm-up search while the page loads (it would share the processor with the
    page); WARM_UP_AFTER_MS later, one, unless the reader's query came and did its work."""
    source = WORKER.read_text(encoding="utf-8")
    warm_up = re.search(r'const WARM_UP = "([^"]+)";', source).group(1)
    after = int(re.search(r"const WARM_UP_AFTER_MS = (\d+);", source).group(1))
    searched = """async () => [...(await import("/pagefind/pagefind.js")).searched]"""
    idle = fake_search()
    assert idle.evaluate(searched) == []
    idle.wait_for_timeout(after + 500)
    assert idle.evaluate(searched) == [warm_up]
    busy = fake_search()
    asked = busy.evaluate(ASKED, "红色物业")
    busy.wait_for_timeout(after + 500)
    assert asked and busy.evaluate(searched) == asked


def test_the_warm_up_search_is_no_word_and_begins_none():
    """Pagefind matches a query's last word as a prefix too: a warm-up that begins
    words searches them all (340 ms of the worker at 10,000 profiles)."""
    warm_up = re.search(r'const WARM_UP = "([^"]+)";', WORKER.read_text(encoding="utf-8")).group(1)
    from casebook.profile import vocab

    # The whole words the index holds (search.library_pages): practices, their synonyms, glossary terms.
    loaded = vocab.load(Project.discover().data_dir)
    names = [w for p in loaded.practices for w in (p.name, *p.synonyms)] + [t.term for t in loaded.search_terms]
    words = [search.whole_word(w) for w in names + ["\u3400\u3400", "\U00020000\U00020000"]]
    words += [t for text in SAMPLES for t in search.tokens(text)]
    assert words and warm_up.startswith("k")
    assert not [w for w in words if w.startswith(warm_up)]


def test_the_index_is_cut_into_files_smaller_than_pagefinds_own(tmp_path, monkeypatch):
    """A query loads whole files of the index: CHUNK_SIZE reaches Pagefind."""
    text = "红色物业 议事协商 四点半课堂 矛盾纠纷调解 " * 10
    records = [search.Record(f"p{i}/", f"社区{i}", "", [(1.0, text + f" 第{i}号")]) for i in range(60)]
    pages = search.write_records(records, search.WholeWords([], []), tmp_path / "scratch")
    files, ours = {}, search.CHUNK_SIZE
    for size in (ours, 20000):  # 20,000: Pagefind's own
        monkeypatch.setattr(search, "CHUNK_SIZE", size)
        site = tmp_path / f"site{size}"
        site.mkdir()
        search.build_index(site, pages, {})
        files[size] = len(list((site / search.OUTPUT / "index").glob("*.pf_index")))
    assert files[20000] == 1 and files[ours] > 2


def _fragment(path):
    """A slim fragment: not compressed (pagefind.js takes its signature as inflated already)."""
    data = path.read_bytes()
    assert data.startswith(search.SIGNATURE)
    return json.loads(data[len(search.SIGNATURE):])


def test_fragments_keep_what_the_result_list_shows_and_not_the_indexed_words(tmp_path):
    """The list shows a page's title and summary (meta); the indexed words (token
    pairs) that Pagefind keeps for excerpts are downloaded with every listed page."""
    records = [search.Record(f"p{i}/", f"社区{i}", f"摘要{i}", [(1.0, "红色物业 议事协商 " * 40)]) for i in range(3)]
    pages = search.write_records(records, search.WholeWords([], []), tmp_path / "scratch")
    search.build_index(tmp_path, pages, {})
    fragments = sorted((tmp_path / search.OUTPUT / "fragment").glob("*.pf_fragment"))
    assert len(fragments) == 3
    for path in fragments:
        fragment = _fragment(path)
        assert fragment["content"] == "" and fragment["anchors"] == []
        assert fragment["url"] in {"/p0/", "/p1/", "/p2/"}
        i = fragment["url"][2]
        assert fragment["meta"]["title"] == f"社区{i}" and fragment["meta"]["summary"] == f"摘要{i}"
        assert fragment["word_count"] > 0


def test_slimming_leaves_alone_what_is_not_a_fragment(tmp_path):
    folder = tmp_path / "fragment"
    folder.mkdir()
    full = {"url": "/a/", "content": "b0ixj0j7j " * 50, "word_count": 50, "filters": {}, "meta": {"title": "甲"},
            "anchors": [{"element": "h2", "id": "x", "text": "乙", "location": 3}]}
    (folder / "a.pf_fragment").write_bytes(gzip.compress(search.SIGNATURE + json.dumps(full).encode()))
    others = {"b.pf_fragment": b"not gzip", "c.pf_fragment": gzip.compress(b"no signature"),
              "d.pf_fragment": gzip.compress(search.SIGNATURE + b"[1, 2]"), "e.txt": gzip.compress(b"other")}
    for name, data in others.items():
        (folder / name).write_bytes(data)
    assert search.slim_fragments(tmp_path) == {"/a/": search.Indexed("a", 50, "甲", "")}
    assert _fragment(folder / "a.pf_fragment") == {**full, "content": "", "anchors": []}
    assert {name: (folder / name).read_bytes() for name in others} == others
    # Slimming again reads the slim fragment and leaves it as it is.
    slim = (folder / "a.pf_fragment").read_bytes()
    assert search.slim_fragments(tmp_path) == {"/a/": search.Indexed("a", 50, "甲", "")}
    assert (folder / "a.pf_fragment").read_bytes() == slim


def test_a_hand_written_page_is_listed_by_its_first_paragraph_not_its_markup():
    text = ("---\nsearch:\n  boost: 0.5\n---\n# 关于本库\n\n社区实践案例库收录**各地**社区治理的[具体做法](practices/)，\n"
            "供街道干部 &amp; 研究者引用。\n\n## 收录什么\n\n- **一个案例**是一项做法\n")
    record = search.page_record("about/", "关于本库", text)
    assert record.summary == "社区实践案例库收录各地社区治理的具体做法，供街道干部 & 研究者引用。"
    indexed = " ".join(part for _, part in record.parts)
    assert "boost" not in indexed and "search:" not in indexed  # settings, not words
    assert "一个案例" in indexed
    long = search.first_paragraph("甲" * 150)
    assert len(long) == 100 and long.endswith("…")


def test_best_bets_rank_as_pagefind_does_a_word_and_the_words_it_begins():
    page = lambda id, words: search.Indexed(id, words, f"标题{id}", f"摘要{id}")  # noqa: E731
    pages = {"/a/": page("a", 100), "/b/": page("b", 100), "/c/": page("c", 20), "/d/": page("d", 100),
             "/e/": page("e", 100)}
    word, longer, other = search.whole_word("议事"), search.whole_word("议事会"), search.whole_word("网格")
    uses = {word: {"/b/": 120, "/gone/": 240},  # weight 5 (and a page no longer indexed)
            longer: {"/a/": 240, "/c/": 24},  # weight 10 for a word that begins with it: less than 5 for itself
            other: {"/e/": 24, "/d/": 24}}  # a tie: the first address
    bets = search.best_bets(uses, pages)
    assert {w: bet["url"] for w, bet in bets.items()} == {word: "/b/", longer: "/a/", other: "/d/"}
    assert bets[other] == {"id": "d", "url": "/d/", "title": "标题d", "summary": "摘要d"}
    # The longer word adds to the word's own (weight 3): each word's frequency saturates on its own.
    assert search.best_bets({**uses, word: {"/a/": 72, "/b/": 120}}, pages)[word]["url"] == "/a/"
    assert search.best_bets(uses, {}) == {}


@pytest.mark.browser
def test_each_best_bet_is_the_page_pagefind_itself_ranks_first(browser, tmp_path):
    """best_bets follows Pagefind's ranking: the real index and the real pagefind.js
    agree, word by word, on pages that differ in weight, length and longer words."""
    filler = "社区居民参与治理"
    parts = [
        [(10.0, "议事协商"), (1.0, filler * 5)],
        [(7.0, "议事协商 红色物业"), (1.0, filler * 2)],
        [(1.0, "议事 红色物业 " + filler * 30)],
        [(5.0, "议事"), (0.05, filler)],  # above p0, where 议事 is only the start of a longer word
        [(4.0, "四点半课堂"), (3.0, "四点半课堂 红色物业"), (1.0, filler * 10)],
        [(2.0, "红色物业"), (1.0, "四点半课堂 " + filler)],
        [(1.0, "红色物业 " + filler * 3), (0.2, "四点半课堂")],
    ]
    records = [search.Record(f"p{i}/", f"社区{i}", "", p) for i, p in enumerate(parts)]
    words = search.WholeWords(["议事协商", "议事", "红色物业", "四点半课堂"], ["议事协商"])
    site = tmp_path / "site"
    site.mkdir()
    search.build_index(site, search.write_records(records, words, tmp_path / "scratch"), {})
    name = json.loads((site / search.OUTPUT / "casebook-search.json").read_text(encoding="utf-8"))["bets"]
    assert re.fullmatch(r"casebook-bets\.[0-9a-f]{10}\.json", name)
    bets = json.loads((site / search.OUTPUT / name).read_text(encoding="utf-8"))
    # Pages not written by write_records: no bets named (the worker then searches every whole word).
    (tmp_path / "scratch" / "records" / search.USES).unlink()
    (site / search.OUTPUT / name).unlink()
    search.build_index(site, tmp_path / "scratch" / "records", {})
    assert "bets" not in json.loads((site / search.OUTPUT / "casebook-search.json").read_text(encoding="utf-8"))
    assert not list((site / search.OUTPUT).glob("casebook-bets.*"))
    assert sorted(bets) == sorted(search.whole_word(w) for w in ["议事协商", "议事", "红色物业", "四点半课堂"])
    with serve(site) as base:
        page = browser.new_page()
        page.goto(base + "pagefind/pagefind-entry.json")
        ranked = page.evaluate("""async ([words, ranking]) => {
          const pagefind = await import("/pagefind/pagefind.js");
          await pagefind.options({ baseUrl: "/", ranking });
          await pagefind.init();
          const out = {};
          for (const word of words) out[word] = (await pagefind.search(word)).results.map(r => [r.id, r.score]);
          return out; }""", [sorted(bets), search.RANKING])
        page.close()
    for word, bet in bets.items():
        (first, score), (_, second) = ranked[word][:2]
        assert score > second, f"{word}: a tie proves nothing"
        assert first == bet["id"], word


def test_which_page_uses_which_whole_word_is_kept_by_the_address_pagefind_gives(tmp_path):
    words = search.WholeWords(["议事协商"], [])

    def uses(*urls):
        records = [search.Record(url, "t", "", [(10.0, "议事协商"), (0.05, "议事协商 社区")]) for url in urls]
        pages = search.write_records(records, words, tmp_path / str(len(urls)))
        return json.loads((pages / search.USES).read_text(encoding="ascii"))[search.whole_word("议事协商")]

    # Weight 10 is 240 as Pagefind stores it, 0.05 is 1 (truncated, at least 1).
    assert uses("index.html", "profiles/a.html", "profiles/b/") == {"/": 241, "/profiles/a.html": 241,
                                                                    "/profiles/b/": 241}
    assert uses("") == {"/": 241}
