// Material's search box, answered by Pagefind (see scripts/casebook/site/search.py).
//
// On the published site and in class packs this file takes the place of
// Material's search worker and speaks its protocol: SETUP (0) → READY (1),
// QUERY (2) → RESULT (3). The query is folded to Simplified characters and
// turned into the same words the index holds (pairs of characters, numbers and
// Latin words closed with "z"); Pagefind finds and ranks the pages and loads
// only the index chunks it needs.
//
// A class pack opens from file://, where a browser fetches nothing and runs no
// worker or module. There Material's iframe-worker shim runs this file in an
// iframe, and the pack holds Pagefind's files as scripts (search.pack_for_file):
// each file is loaded with importScripts, and Pagefind's fetch() is answered
// from them. The build sets self.casebookPacked in a pack's copy of this file.
"use strict";

// The same ranges and rules as tokens() in search.py: a test keeps them equal.
const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3134f}";
const WORD = new RegExp(`[${HAN}]+|[0-9]+(?:\\.[0-9]+)?|[a-z]+`, "gu");
// The best result is sent as soon as its page is loaded, the first screen (FIRST
// pages) and then the rest (up to MORE) each LATER_MS after the message before.
const FIRST = 10;
const MORE = 50;
// The pause lets the page draw what it was sent without sharing the processor and
// the connection with the next pages to load (a phone has few cores), and a query
// replaced meanwhile (the reader still typing) loads no more: one page for each
// query the reader passed through, not fifty. At 1,000 profiles on 2 cores the
// first result showed 80-110 ms sooner with both pauses (20 runs per query).
const LATER_MS = 150;
// A first search, before the reader's (see setup), once the page has had
// WARM_UP_AFTER_MS to load, unless a query came first.
const WARM_UP = "k0000";
const WARM_UP_AFTER_MS = 1000;

// Pagefind cuts every term it is given with Intl.Segmenter, two of them built
// anew for each search, and for Chinese pages a word segmenter: the first ones in
// a worker cost 17-34 ms (ICU's Chinese data), paid by the warm-up or, typed
// before it, by the reader's first query (scale-check's unique token: 0.687 ->
// 0.624 s, 16 interleaved rounds). The terms this worker gives it are the
// index's own words (tokens below): ASCII letters and digits,
// spaces between them, which the browser's segmenters cut into runs of letters and
// digits and runs of spaces, and into single characters. Those are cut here the
// same way (a browser test compares the two); any other text goes to the browser's.
const NativeSegmenter = self.Intl && Intl.Segmenter;
const INDEX_WORDS = /^[a-z0-9 ]*$/;
if (NativeSegmenter) {
  Intl.Segmenter = class Segmenter {
    constructor(locales, options) {
      this.locales = locales;
      this.options = options;
      this.word = !!options && options.granularity === "word";
    }
    segment(text) {
      text = String(text);
      if (!INDEX_WORDS.test(text)) return new NativeSegmenter(this.locales, this.options).segment(text);
      const parts = this.word ? text.match(/[a-z0-9]+| +/g) || [] : [...text];
      let index = 0;
      return parts.map(segment => {
        const part = { segment, index, input: text };
        if (this.word) part.isWordLike = segment[0] !== " ";
        index += segment.length;
        return part;
      });
    }
  };
}

function b36(char) {
  return char.codePointAt(0).toString(36).padStart(4, "0");
}

function tokens(text) {
  const out = [];
  for (const [word] of text.normalize("NFKC").toLowerCase().matchAll(WORD)) {
    const chars = [...word];
    if (/^[0-9]/.test(word)) out.push("n" + word.replace(".", "d") + "z");
    else if (/^[a-z]+$/.test(word)) out.push("w" + word + "z");
    else if (chars.length === 1) out.push("u" + b36(word));
    else for (let i = 0; i + 1 < chars.length; i++) out.push("b" + b36(chars[i]) + b36(chars[i + 1]));
  }
  return out;
}

// This file's address: a worker's own, or, under the shim, its <script>'s.
const here = self.document ? self.document.currentScript.src : self.location.href;
const base = new URL("../../../pagefind/", here);
const packed = self.casebookPacked === true;
let ready = null;
let pagefind = null;
let folding = {};
let bets = null;  // null: not known (no file), every whole word is searched for
let queried = false;  // a query has been searched for (no warm-up needed)

// A script of the pack. In a worker (a pack served over HTTP) importScripts
// runs it at once and throws if it is missing. Under the shim a <script> is
// added; the shim's own importScripts would wait for ever on a missing file (a
// pack copied in part), this one fails, and the search with it.
function runScript(url) {
  if (!self.document) return Promise.resolve(importScripts(url));
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`cannot load ${url}`));
    document.body.appendChild(script);
  });
}

// A pack's file, from the script that holds it: casebookPagefindFile(name, base64).
const delivered = new Map();
const asked = new Map();
self.casebookPagefindFile = (name, data) => {
  const deliver = delivered.get(name);
  if (deliver) deliver(data);
};

function packedFile(name) {
  if (!asked.has(name)) {
    asked.set(name, new Promise((resolve, reject) => {
      delivered.set(name, resolve);
      const url = new URL(name + ".js", base).href;
      // A script that ran without handing over its file is not the pack's.
      runScript(url).then(() => reject(new Error(`${url} holds no ${name}`)), reject);
    }).then(data => {
      delivered.delete(name);
      const text = atob(data);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      return bytes;
    }));
  }
  return asked.get(name);
}

// The name of one of Pagefind's files, from its address (null for any other address).
function nameOf(input) {
  const url = new URL(String(input instanceof Request ? input.url : input), base);
  url.search = "";
  return url.href.startsWith(base.href) ? url.href.slice(base.href.length) : null;
}

// Pagefind asks for its entry file, then for its metadata and its WebAssembly,
// one after the other. The build puts the entry and our settings into this
// file (search.settle_worker: self.casebookSearch), so the other two are asked
// for at once, and load while pagefind.js does; Pagefind's own requests then
// get these answers. Without them (this file as it is in overrides/) the entry
// is asked for first.
const settled = self.casebookSearch || null;
const early = new Map();
const fetchFirst = self.fetch.bind(self);

// Pagefind's files are gzip streams, and pagefind.js inflates them in JavaScript
// (its own inflate: the 140 KB WebAssembly, the metadata, each chunk; the pages
// are not compressed, see search.slim_fragments).
// Where the browser has DecompressionStream, the worker inflates them natively
// first; pagefind.js takes a file that begins with its signature, not gzip's, as
// inflated already. Measured at 1,000 profiles on 2 cores: about 30 ms less
// processor time before the first result (the inflate loop was most of V8's
// optimising compiler's work), and the first result about 20 ms sooner (median
// of 30 alternating rounds). Anything that is not gzip (the entry file, an
// error page) passes as it is.
const nativeGzip = typeof DecompressionStream === "function";

async function inflated(response) {
  if (!nativeGzip || !response.ok) return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new Response(bytes);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")));
}

function load(name) {
  return (packed ? packedFile(name).then(bytes => new Response(bytes)) : fetchFirst(new URL(name, base))).then(inflated);
}

function prefetch() {
  const get = name => {
    const response = load(name);
    early.set(name, response);
    return response;
  };
  let entry;
  if (settled && settled.entry) {
    early.set("pagefind-entry.json", Promise.resolve(new Response(JSON.stringify(settled.entry))));
    entry = Promise.resolve(settled.entry);
  } else {
    entry = get("pagefind-entry.json").then(r => r.clone().json());
  }
  entry.then(entry => {
    const languages = Object.values(entry.languages || {});
    if (languages.length !== 1) return;  // which one is Pagefind's choice
    get(`pagefind.${languages[0].hash}.pf_meta`);
    get(`wasm.${languages[0].wasm || "unknown"}.pagefind`);
  }).catch(() => {});
}

self.fetch = (input, init) => {
  const name = nameOf(input);
  if (name !== null && early.has(name)) {
    const response = early.get(name);
    early.delete(name);
    return response;
  }
  if (name === null) return fetchFirst(input, init);
  return packed ? load(name) : fetchFirst(input, init).then(inflated);
};

async function loadPagefind() {
  if (!packed) return import(new URL("pagefind.js", base).href);
  // pagefind.js as a classic script (search.classic_module); without a Worker
  // constructor it runs here rather than in a worker of its own, which file:// forbids.
  self.Worker = undefined;
  self.casebookPagefindUrl = new URL("pagefind.js", base).href;
  await runScript(new URL("pagefind.classic.js", base).href);
  return self.casebookPagefind;
}

const settings = settled ? Promise.resolve(settled)
  : self.fetch(new URL("casebook-search.json", base)).then(r => r.json()).catch(() => ({}));
// The page each vocabulary word finds first (search.best_bets), in a file the build
// writes beside Pagefind's and names in the settings: shown the moment such a query
// arrives. Its words are all the whole words the index holds.
const betting = settings.then(s => s.bets ? load(s.bets).then(r => r.ok ? r.json() : null) : null).catch(() => null);

function setup() {
  ready = ready || (async () => {
    pagefind = await loadPagefind();
    // Addresses as indexed ("/profiles/x/"), which Material resolves from the site's
    // root (location below): Pagefind would put its own folder's in front, a path
    // that is wrong from file:// and under a sub-path. The ranking is the build's
    // (search.RANKING), which best_bets follows.
    const told = await settings;
    await pagefind.options({ baseUrl: "/", ...(told.ranking ? { ranking: told.ranking } : {}) });
    await pagefind.init();
    folding = told.folding || {};
    bets = await betting;
    // A first search pays for waiting for the WebAssembly (polled every 50 ms),
    // decompressing a first chunk and the engine's first calls: 100-200 ms
    // measured at 1,000 profiles. Paid before the reader's first query, but not
    // while the page loads: its chunk and the browser compiling the engine's
    // search for speed (45-110 ms of the processor, traced) shared the processor
    // with the page. For a query typed at once (0.5 s after the page was asked
    // for), four interleaved runs of 10-12 rounds at 1,000 profiles on 2 cores,
    // without the warm-up during the load: the slowest query's median first
    // result 2 ms later to 38 ms sooner, the unique token's up to 59 ms sooner.
    // Skipped if a query came first: it has done the same. "k0000" is no word of
    // the index and begins none (a whole word's characters are never U+0000): it loads the
    // one chunk where the whole words (see wholeWord) begin, an ordinary one, and
    // matches nothing. A term that begins words costs a search over all of them
    // ("k": 340 ms of the worker at 10,000 profiles, the reader's query waiting);
    // "wz", used before, loaded the largest chunk at 1,000 profiles (31 KB, three
    // times the others). A failed warm-up only leaves the cost to the first
    // query. Measured at 1,000 profiles, a query typed 1.5 s after the page
    // opened: its whole-word search 15-24 ms after a warm-up, 39-50 ms without.
    setTimeout(() => {
      if (!queried) pagefind.search(WARM_UP).catch(() => {});
    }, WARM_UP_AFTER_MS);
  })();
  return ready;
}

function fold(text) {
  return [...text].map(c => folding[c] || c).join("");
}

function escape(text) {
  return String(text).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

// Mark the query's words where the shown text holds them, as Material's worker does.
function mark(text, words) {
  let html = escape(text);
  for (const word of words) {
    if (!word) continue;
    html = html.split(escape(word)).join(`<mark data-md-highlight>${escape(word)}</mark>`);
  }
  return html;
}

// A Chinese query as one whole word (see whole_word() in search.py).
function wholeWord(text) {
  const word = text.normalize("NFKC").replace(/\s+/g, "");
  return new RegExp(`^[${HAN}]{2,}$`, "u").test(word) ? "k" + [...word].map(b36).join("") : null;
}

// The words a query asks for: every page with them all is found. For a run of
// Chinese characters, pairs that cover it (1-2, 3-4, …, and the last pair) rather
// than every pair: a page holding all of those holds nearly always the run, and
// Pagefind's time grows with each word's pages (1.3 s for five common pairs at
// 10,000 profiles, 0.8 s for three).
function queryTokens(text) {
  const out = [];
  for (const [word] of text.normalize("NFKC").toLowerCase().matchAll(WORD)) {
    const all = tokens(word);
    if (all.length < 3 || !all[0].startsWith("b")) {
      out.push(...all);
      continue;
    }
    const picked = all.filter((_, i) => i % 2 === 0);
    if ((all.length - 1) % 2 === 1) picked.push(all[all.length - 1]);
    out.push(...picked);
  }
  return out;
}

async function search(query, send, current) {
  queried = true;
  const folded = fold(query);
  const words = queryTokens(folded);
  if (!words.length) return send({ items: [] });
  const shown = [...new Set(folded.normalize("NFKC").split(/[\s\u3000]+/).filter(Boolean))];
  const terms = Object.fromEntries(shown.map(w => [w, true]));
  const item = (data, result) => [{
    location: data.url.replace(/^\//, ""),
    title: mark(data.meta.title || "", shown),
    text: mark(data.meta.summary || "", shown),
    score: result.score,
    terms,
  }];
  // Pages that use the query as a word (a practice, a place, a glossary term:
  // see whole_word() in search.py) come first, in their own order. That search
  // is one word, quick even where the query is in thousands of pages, so its
  // best page is shown before the search for the pairs starts (their chunks
  // would share the connection with that page's).
  const later = () => new Promise(resolve => setTimeout(resolve, LATER_MS)).then(current);
  const whole = wholeWord(folded);
  // A vocabulary word's best page is known before anything is loaded (search.best_bets):
  // it is sent at once, and stays first; the other pages follow in Pagefind's order.
  const bet = whole && bets && Object.prototype.hasOwnProperty.call(bets, whole) ? bets[whole] : null;
  // Nor is a whole word searched for that finds nothing: Pagefind matches the start
  // of words, and where none begins with the query, the longest word the query
  // begins with (红色物业服务 finds 红色物业). A place name, a phrase: one index
  // file and one search fewer before its first result.
  const held = whole && (!bets || Object.keys(bets).some(word => word.startsWith(whole) || whole.startsWith(word)));
  let best = null;
  if (bet) {
    best = { result: { id: bet.id, score: 0 }, data: { url: bet.url, meta: { title: bet.title, summary: bet.summary } } };
    send({ items: [item(best.data, best.result)], partial: true });
  }
  const wordSearch = held ? pagefind.search(whole).then(found => found.results) : Promise.resolve([]);
  let asWord;
  if (bet) {
    // Searched while the page draws the best page (the pause below).
    const [results, still] = await Promise.all([wordSearch, later()]);
    if (!still) return;
    const own = results.find(r => r.id === bet.id);
    if (own) best.result = own;
    asWord = [best.result, ...results.filter(r => r !== own)];
  } else {
    asWord = await wordSearch;
  }
  // The best result is sent alone as soon as it is known and its page loaded (one
  // small request, not ten side by side), then the first screen, then the rest
  // (up to MORE) in a last message, each after a pause (LATER_MS): Material redraws
  // the list each time. A message with more to come says so (partial), and the
  // last one how many pages were found (total), which can be more than it lists:
  // search-meta.js writes both where Material writes its count of the items.
  // sendBest is true when it sent the best alone.
  const sendBest = async ranked => {
    best = { result: ranked[0], data: await ranked[0].data() };
    if (ranked.length < 2) return false;
    send({ items: [item(best.data, best.result)], partial: true });
    return true;
  };
  // total: the pages found, where this screen may be the last message.
  const screen = async (ranked, total) => {
    const rest = await Promise.all(ranked.slice(1, FIRST).map(r => r.data()));
    const items = [item(best.data, best.result), ...rest.map((data, i) => item(data, ranked[i + 1]))];
    send(total === items.length ? { items, total } : { items, partial: true });
    return items;
  };
  // A query replaced meanwhile loads nothing more (its searches may have taken a while).
  if (!current()) return;
  if (!bet && asWord.length && await sendBest(asWord) && !await later()) return;
  // The pages for the pairs are yet to come: this screen is not the last message.
  const shownFirst = asWord.length >= FIRST ? await screen(asWord) : null;
  if (shownFirst && !await later()) return;
  if (!current()) return;
  const found = (await pagefind.search(words.join(" "))).results;
  if (!current()) return;
  const wordPages = new Set(asWord.map(r => r.id));
  const ranked = [...asWord, ...found.filter(r => !wordPages.has(r.id))];
  if (!ranked.length) return send({ items: [] });
  if (!best && await sendBest(ranked) && !await later()) return;
  const items = shownFirst || await screen(ranked, ranked.length);
  if (ranked.length > items.length) {
    if (!shownFirst && !await later()) return;
    const rest = await Promise.all(ranked.slice(items.length, MORE).map(r => r.data()));
    send({ items: [...items, ...rest.map((data, i) => item(data, ranked[items.length + i]))], total: ranked.length });
  } else if (shownFirst) {
    send({ items, total: ranked.length });
  }
}

let latest = 0;

// One query: only the newest query's messages reach the page. A failure keeps what
// was shown (a vocabulary word's best page, a first screen) as the final list.
async function answer(query) {
  const asked = ++latest;
  const current = () => asked === latest;
  let shown = [];
  const send = data => {
    if (!current()) return;
    shown = data.items;
    postMessage({ type: 3, data });
  };
  try {
    await setup();
    if (current()) await search(query, send, current);
  } catch (error) {
    console.warn("search failed", error);
    send({ items: shown });
  }
}

prefetch();
setup();  // start loading Pagefind as the page opens, before the first message

addEventListener("message", async event => {
  const message = event.data;
  if (message.type === 0) {
    await setup();
    postMessage({ type: 1 });
  } else if (message.type === 2) {
    await answer(message.data);
  }
});
