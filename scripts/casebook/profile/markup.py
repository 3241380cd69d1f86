"""What contributor text may become on a page: the sanitiser and its explanation.

Profiles, vocabularies and class packs arrive as pull requests from people we do
not know, and Markdown passes raw HTML through. Two layers, one policy:

- `clean()` is the guarantee. It is nh3 (the Python binding of the Rust
  `ammonia` sanitiser) with an allowlist: only the tags and attributes our own
  pages need, links and images only to http(s), mailto or relative addresses.
  The site runs it on every page's HTML and the handout on every profile body.
- `explain_body()` and `explain_field()` are how authors learn of it before a
  build: they render the text the way the site does and report, with the line,
  everything the sanitiser would remove (P026) and every HTML comment (P031).

No list of "bad" patterns anywhere: whatever the allowlist does not name is
removed, however it is spelled.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import nh3

# What Markdown and our templates produce. No script, style, iframe, object,
# embed, form, svg or math: nothing that runs code or fetches on its own.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul",
})
ATTRIBUTES = {
    # data-search-exclude: Material's search skips a section that carries it.
    "*": {"id", "class", "title", "lang", "aria-label", "aria-hidden", "data-search-exclude"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "details": {"open"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Material's own elements have ids starting with "__" (__config, __search …):
# a page element with such an id would be found first and break the theme.
ID_RE = re.compile(r"^(?:[^\W_][\w\-.:]*|_\d+)$")   # _1: toc's id for a heading of punctuation only

# The extensions the site renders pages with (mkdocs.yml; a test keeps the two
# lists equal), so that what we explain is what the site would do.
MARKDOWN_EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc",
                       "pymdownx.details", "pymdownx.superfences"]
# Only through these characters can Markdown make an element with an address or
# an attribute: raw HTML and autolinks (<), entities (&), links, images,
# reference definitions and abbreviations ([), attribute lists ({). Text
# without them renders to paragraphs, lists and emphasis only: nothing to check.
MAY_CARRY_MARKUP = re.compile(r"[<&\[{]")
# Plain-text fields (title, summary, names …) are shown as written: in them, any
# element beyond paragraphs, lists and emphasis is markup the author did not mean.
TEXT_TAGS = frozenset({"p", "em", "strong", "code", "ol", "ul", "li", "blockquote", "br", "hr"})


# Class names a page may carry: ours (cb-…), those Markdown's extensions write (admonitions,
# details, fenced code, permalinks) and the home page's card grid. Not the theme's own: with
# md-consent__overlay or md-button a body drew a full-page overlay or a "button" to another site.
CLASS_RE = re.compile(r"^(?:cb-[a-z0-9_-]+|language-[a-z0-9_+-]+|admonition|admonition-title|grid|cards|headerlink|"
                      r"toclink|highlight|note|abstract|summary|tldr|info|todo|tip|hint|important|success|check|done|"
                      r"question|help|faq|warning|caution|attention|failure|fail|missing|danger|error|bug|example|"
                      r"quote|cite)$")


def _classes(value: str) -> str:
    return " ".join(name for name in value.split() if CLASS_RE.match(name) or name in _pygments_classes())


@lru_cache(maxsize=1)
def _pygments_classes() -> frozenset[str]:
    """The classes of highlighted code (superfences colours it with Pygments: p, nt, nx …)."""
    from pygments.token import STANDARD_TYPES

    return frozenset(name for name in STANDARD_TYPES.values() if name) | {"hll", "linenos", "filename"}


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id" and not ID_RE.match(value):
        return None
    if name == "class":
        return _classes(value) or None
    # Images from the site only: another host would learn who reads what, and an
    # offline pack cannot fetch it.
    if tag == "img" and name == "src" and not SITE_ADDRESS_RE.match(value):
        return None
    return value


EXTERNAL_RE = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)")
# An address on this site, relative to the page, in the characters of a URL path: no
# scheme (no colon), no host (//host, nor /\host or \/host, which browsers read as
# //host: no backslash at all), no whitespace or control character (browsers drop a
# tab inside an address: /<tab>/host is //host).
SITE_ADDRESS_RE = re.compile(r"^(?!//)[\w.~%!$&'()*+,;=@/?#-]+$")


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                       url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True,
                       attribute_filter=_keep_attribute)


def clean(fragment: str) -> str:
    """The fragment with everything outside the allowlist removed."""
    return _cleaner().clean(fragment)


def text_only(fragment: str) -> str:
    """The fragment's text, escaped: for places that take text (a table of contents)."""
    return _no_tags().clean(fragment)


@lru_cache(maxsize=1)
def _no_tags() -> nh3.Cleaner:
    return nh3.Cleaner(tags=set(), attributes={}, url_schemes=set(), link_rel=None, strip_comments=True)


@lru_cache(maxsize=1)
def _text_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=set(TEXT_TAGS), attributes={}, url_schemes=set(), link_rel=None, strip_comments=True)


def render(text: str, *, toc: bool = True) -> str:
    """Markdown → HTML as the site renders it (before sanitising)."""
    import markdown
    from pymdownx.slugs import slugify

    extensions = [e for e in MARKDOWN_EXTENSIONS if toc or e != "toc"]
    return markdown.markdown(text, extensions=extensions, extension_configs={
        "tables": {"use_align_attribute": True},
        "toc": {"slugify": slugify(case="lower")},  # Chinese ids, as mkdocs.yml has it
    })


@dataclass(frozen=True)
class Finding:
    line: int    # file line
    code: str    # P026 (removed by the sanitiser) or P031 (HTML comment)
    what: str    # in Chinese: “标签 <iframe>”, “属性 onclick”, “链接地址 javascript:…”
    hint: str    # text to look for on the line


class _Tokens(HTMLParser):
    """Start tags with their attributes, and comments, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.comments: list[str] = []
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag

    def unknown_decl(self, data: str) -> None:
        # <![CDATA[ … ]]> is not CDATA in HTML: a browser ends it at the first ">".
        end = data.find(">")
        self.cdata = True
        if end >= 0:
            rest = _tokens(data[end + 1:])
            self.tags += rest.tags
            self.comments += rest.comments
            self.bogus += rest.bogus

    cdata = False

    def handle_pi(self, data: str) -> None:
        # <?php … ?>, <?xml …>: a browser reads it as a comment, and nothing of it shows.
        self.comments.append(data)
        self.bogus += 1

    bogus = 0

    def handle_comment(self, data: str) -> None:
        # Python's parser ends a comment only at "-->"; a browser also ends it at
        # "<!-->", "<!--->" and "--!>", and runs what follows (<!--><script>…).
        # Read the rest the way the browser would.
        end = 1 if data.startswith(">") else 2 if data.startswith("->") else data.find("--!>")
        self.comments.append(data if end < 0 else data[:max(end, 0)])
        if end >= 0:
            rest = _tokens(data[end + (4 if data[end:end + 4] == "--!>" else 0):])
            self.tags += rest.tags
            self.comments += rest.comments
            self.bogus += rest.bogus


def _tokens(fragment: str) -> _Tokens:
    parser = _Tokens()
    parser.feed(fragment)
    parser.close()
    return parser


def _removed(raw: str, cleaned: str) -> list[tuple[str, str]]:
    """(what, hint) for each element or attribute in `raw` that `cleaned` lacks."""
    before, after = _tokens(raw).tags, _tokens(cleaned).tags
    found: list[tuple[str, str]] = []
    # One pass in step: the sanitiser only removes, in order (it may add a
    # tbody or close a tag, hence the short look ahead). Linear, whatever the input.
    j = 0
    for tag, attrs in before:
        ahead = next((k for k in range(j, min(j + LOOK_AHEAD, len(after))) if after[k][0] == tag), None)
        if ahead is None:
            found.append((f"标签 <{tag}>", f"<{tag}"))
            continue
        kept, j = after[ahead][1], ahead + 1
        # markdown="1" is md_in_html's own switch, consumed when the page is rendered.
        dropped = [(name, value) for name, value in attrs.items() if name not in kept and name != "markdown"]
        left_out = set((attrs.get("class") or "").split()) - set((kept.get("class") or "").split())
        if left_out and "class" in kept:
            found.append((f"样式名 {'、'.join(sorted(left_out))}（只能用本站的样式名）", sorted(left_out)[0]))
        if any(not ATTRIBUTE_NAME_RE.match(name) for name, _ in dropped):
            # a<b 的比较: a less-than sign read as a tag, its words as attributes; one finding, not one per word.
            found.append((f"被当成标签的“<{tag}”（文字里的小于号写作 \\< 或 &lt;）", f"<{tag}"))
            continue
        found += [_attribute(name, value) for name, value in dropped]
    return found


ATTRIBUTE_NAME_RE = re.compile(r"^[a-z_:][a-z0-9_:.-]*$")   # HTMLParser gives names in lower case


LOOK_AHEAD = 3


def _attribute(name: str, value: str) -> tuple[str, str]:
    if name == "src" and EXTERNAL_RE.match(value) and value.split(":", 1)[0].strip().lower() in ("http", "https"):
        return "其他网站的图片（只能用本站的图片）", value.split(":", 1)[0]
    if name == "src" and ":" not in value:
        return f"图片地址“{value.strip()[:40]}”（只能用本站图片的相对地址）", value.strip()[:12] or "src"
    if name in ("href", "src") and ":" in value:
        scheme = value.split(":", 1)[0].strip().lower()
        return f"链接地址 {scheme}:…（只能链接 http、https、mailto 或本站的相对地址）", scheme
    if name == "id":
        return f"属性 id=“{value}”（以下划线开头的 id 留给网站本身）", value
    if name == "class":
        return f"样式名 {'、'.join(value.split())}（只能用本站的样式名）", value.split()[0] if value.split() else "class"
    return f"属性 {name}", name


def _findings(text: str, *, field: bool) -> list[tuple[str, str, str]]:
    """(code, what, hint) for `text` on its own, in two views: as the site renders
    it, and as written, should an engine ever pass it through raw (Markdown escapes
    `<img/src=x/onerror=…>` today; a browser would not)."""
    cleaner = _text_cleaner() if field else _cleaner()
    rendered = render(text, toc=not field)
    tokens = _tokens(rendered)
    found = [("P031", "注释 <!-- -->", "<!--") for _ in range(len(tokens.comments) - tokens.bogus)]
    found += [("P031", "注释 <?…>（浏览器把 <? 开头的标签当作注释，内容不显示）", "<?") for _ in range(tokens.bogus)]
    found += [("P026", what, hint) for what, hint in _removed(rendered, cleaner.clean(rendered))]
    # A field is shown as written everywhere (pages, downloads, feeds, citations): nothing in it
    # is Markdown syntax, not even a code span. In a body, code shows its markup as text.
    written = text if field else _ESCAPED_RE.sub("", _AUTOLINK_RE.sub("", _CODE_SPAN_RE.sub("", _without_fences(text))))
    if "<" in written:
        found += [("P026", what, hint) for what, hint in _removed(written, cleaner.clean(written))]
    if field and "&" in text:
        # A field is shown as written: an entity would appear as “&amp;” itself.
        found += [("P026", f"字符引用 {m.group(0)}", m.group(0)) for m in _ENTITY_RE.finditer(text)]
    return list(dict.fromkeys(found))


_ESCAPED_RE = re.compile(r"\\[<>&]")  # \<b\> is Markdown for the text <b>
_CODE_SPAN_RE = re.compile(r"(`+)[^`]+?\1")
# Markdown autolinks (<https://…>, <a@b.org>): Markdown syntax, not tags. Only real
# addresses: Markdown also makes a mail link of <img/src/onerror=alert(1)//@x>, which
# as written is a tag.
_AUTOLINK_RE = re.compile(r"<(?:(?:https?|ftp|mailto):[^<>\s\"']+|[\w.%+-]+@[\w.-]+)>")


def _without_fences(text: str) -> str:
    """The text without fenced code, and without indented code (four spaces or a tab
    after a blank line): code shows its markup as text."""
    out, fence, previous_blank, in_code = [], None, True, False
    for line in text.split("\n"):
        match = FENCE_RE.match(line)
        if match and (fence is None or (match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence))):
            fence = match.group(1) if fence is None else None
            out.append("")
            continue
        indented = line.startswith(("    ", "\t"))
        in_code = indented and (in_code or previous_blank)
        out.append("" if fence or in_code else line)
        previous_blank = not line.strip()
        in_code = in_code or (previous_blank and in_code)
    return "\n".join(out)


_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def explain_field(text: str) -> list[tuple[str, str]]:
    """(code, what) for markup in a plain-text field, which the page shows as written."""
    if not MAY_CARRY_MARKUP.search(text):
        return []
    seen: list[tuple[str, str]] = []
    for code, what, _ in _findings(text, field=True):
        if (code, what) not in seen:
            seen.append((code, what))
    return seen


FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
REFERENCE_RE = re.compile(r"^ {0,3}\*?\[[^\]]+\]:")


VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
UNCLOSED = "没有闭合的"


class _Ancestors(HTMLParser):
    """The elements open around the first text containing `mark`."""

    def __init__(self, mark: str) -> None:
        super().__init__(convert_charrefs=True)
        self.mark, self.open, self.found = mark, [], None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.found is None and self.mark in data:
            self.found = list(self.open)


def unclosed(text: str) -> list[str]:
    """The elements a Markdown body leaves open, outermost first, as the site's sanitiser
    parses the page (html5ever, which also reopens an unclosed <s> or <a> in every later
    paragraph). On a page the body is followed by the template's sections (sources,
    related profiles, citation): an open element would take them in. Read by what
    surrounds a word put after the body, once the whole has been rendered and cleaned."""
    return list(_end(text)[0])


def swallows(text: str) -> bool:
    """Whether the body ends inside something that would take in all that follows it,
    where no end tag helps: an attribute value (title="…), a comment (<!--), a CDATA
    section, a tag not finished (<x), an md_in_html block Markdown never ends. The word
    put after the body is then no text of the page at all."""
    return _end(text)[1]


@lru_cache(maxsize=8)   # explain_body asks twice for one body (unclosed, swallows); bodies are up to 1 MB
def _end(text: str) -> tuple[tuple[str, ...], bool]:
    if "<" not in text:
        return (), False
    mark = "cbbodyend"
    while mark in text:
        mark += "x"
    parser = _Ancestors(mark)
    parser.feed(clean(render(f"{text}\n\n{mark}", toc=False)))
    parser.close()
    if parser.found is None:
        return (), True
    around = parser.found
    if "p" in around:   # the word's own paragraph
        del around[len(around) - 1 - around[::-1].index("p")]
    return tuple(around), False


def closed(text: str) -> str:
    """The body with the elements it leaves open closed at its end, so that it cannot
    take in what the page puts after it; a body that would swallow it whatever follows
    (an attribute value, a comment never ended) is shown with its markup as text."""
    left, lost = _end(text)
    if lost:
        return text.replace("&", "&amp;").replace("<", "&lt;")
    if not left:
        return text
    return text.rstrip("\n") + "\n\n" + "".join(f"</{tag}>" for tag in reversed(left)) + "\n"


SWALLOWS = "没有结束的标签、属性值、注释或 CDATA"


def explain_body(text: str, first_line: int = 1) -> list[Finding]:
    """What the sanitiser would remove from a Markdown body, its HTML comments, and the
    elements it leaves open, each at the line that causes it."""
    if not MAY_CARRY_MARKUP.search(text):
        return []
    lines = text.split("\n")
    headings = _heading_findings(lines, first_line) + [
        Finding(first_line + _first(_line_of(f"<{tag}", lines, 0), 0), "P026", f"{UNCLOSED} <{tag}>", f"<{tag}")
        for tag in unclosed(text)]
    if swallows(text):
        last = max((i for i, line in enumerate(lines) if "<" in line), default=0)
        headings.append(Finding(first_line + last, "P026", SWALLOWS, "<"))
    whole = _findings(text, field=False)
    if not whole:
        return headings
    out: list[Finding] = []
    # Reference definitions and abbreviations apply to the whole body: every block
    # is rendered with them, so that a block using one still shows its effect.
    references = "\n".join(line for line in lines if REFERENCE_RE.match(line))
    for start, block in _blocks(lines):
        block_text = "\n".join(block)
        if not MAY_CARRY_MARKUP.search(block_text):
            continue
        for code, what, hint in _findings(block_text + "\n\n" + references, field=False):
            line = _first(_line_of(hint, block, start), _line_of(hint, lines, 0), start)
            finding = Finding(first_line + line, code, what, hint)
            if finding not in out:
                out.append(finding)
    if not out:  # only the whole body shows it (an HTML block spread over blank lines)
        out = [Finding(first_line + _first(_line_of(hint, lines, 0), 0), code, what, hint)
               for code, what, hint in whole]
    return sorted(set(out + headings), key=lambda f: (f.line, f.code, f.what))


def _heading_findings(lines: list[str], first_line: int) -> list[Finding]:
    """Headings are text: they also become the table of contents, which the theme
    prints from the headings' own Markdown."""
    out = []
    fence = None
    for offset, line in enumerate(lines):
        match = FENCE_RE.match(line)
        if match:
            fence = None if fence and match.group(1)[0] == fence[0] else (fence or match.group(1))
            continue
        if fence or not line.startswith("#"):
            continue
        title = line.lstrip("#").strip()
        for code, what in explain_field(title):
            if not what.startswith("字符引用"):
                out.append(Finding(first_line + offset, code, f"{what}（小节标题只写文字）", ""))
    return out


def _first(*offsets: int | None) -> int:
    return next(o for o in offsets if o is not None)


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blocks separated by blank lines, a fenced code block kept whole: (offset, lines)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start, fence = 0, None
    for index, line in enumerate(lines):
        if fence is None and not line.strip():
            if current:
                blocks.append((start, current))
            current, start = [], index + 1
            continue
        if not current:
            start = index
        current.append(line)
        match = FENCE_RE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
    if current:
        blocks.append((start, current))
    return blocks


def _line_of(hint: str, lines: list[str], offset: int) -> int | None:
    """Offset of the first line that shows `hint`, as written or behind entities and spaces."""
    needle = re.sub(r"\s+", "", hint.lower())
    for index, line in enumerate(lines):
        plain = re.sub(r"\s+", "", html.unescape(line).lower())
        if needle and (needle in line.lower() or needle in plain):
            return offset + index
    return None
