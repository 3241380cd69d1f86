"""A corpus of hostile contributor input, written for these tests (not collected).

Each case is one change to a valid profile (tests/fixtures/valid/base-profile.md),
to the practice vocabulary or to a class pack, with the exact problems the
validator must report: `LINE: CODE [field]`, the path added by the test. In the
base profile the body line `做法。` is line 34: body payloads start there.

Where `expected` is empty, the input is harmless as the site renders it (text
that only looks like markup): the build tests still check it stays harmless.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    name: str
    kind: str        # body | field:<key> | text | practices | pack | symlink-profile | symlink-data | symlink-pack
    payload: str
    expected: list[str] = field(default_factory=list)


BODY_LINE = 34

CASES = [
    # --- raw HTML tags in the body, in every spelling ------------------------------------------
    Case("tag-script", "body", "<script>document.title='pwned';alert(1)</script>", ["34: P026"]),
    Case("tag-iframe", "body", '<iframe src="https://example.org/x"></iframe>', ["34: P026"]),
    Case("tag-iframe-srcdoc", "body", "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>", ["34: P026"]),
    Case("tag-img-onerror", "body", "<img src=x onerror=alert(1)>", ["34: P026"]),
    Case("tag-img-slash", "body", "<img/src=x onerror=alert(1)>", ["34: P026"]),
    Case("tag-svg-slash", "body", "<svg/onload=alert(1)>", ["34: P026"]),
    Case("tag-svg-script", "body", "<svg><script>alert(1)</script></svg>", ["34: P026"]),
    Case("tag-multiline", "body", "<img\nsrc=x\nonerror=alert(1)>", ["36: P026"]),
    Case("tag-tab-separator", "body", "<img\tsrc=x\tonerror=alert(1)>", ["34: P026"]),
    Case("tag-uppercase", "body", "<IMG SRC=x ONERROR=alert(1)>", ["34: P026"]),
    Case("tag-object", "body", '<object data="x.swf"></object>', ["34: P026"]),
    Case("tag-embed", "body", '<embed src="x.swf">', ["34: P026"]),
    Case("tag-form", "body", '<form action="https://evil.example/"><input name=p></form>', ["34: P026"]),
    Case("tag-base", "body", '<base href="https://evil.example/">', ["34: P026"]),
    Case("tag-meta-refresh", "body", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', ["34: P026"]),
    Case("tag-link-stylesheet", "body", '<link rel="stylesheet" href="https://evil.example/x.css">', ["34: P026"]),
    Case("tag-style", "body", "<style>body{background:url(https://evil.example/)}</style>", ["34: P026"]),
    Case("tag-math", "body", "<math><mtext><script>alert(1)</script></mtext></math>", ["34: P026"]),
    Case("tag-details-ontoggle", "body", "<details open ontoggle=alert(1)><summary>x</summary></details>", ["34: P026"]),
    Case("tag-in-list", "body", "- 第一项\n- <img src=x onerror=alert(1)>", ["35: P026"]),
    Case("tag-in-table", "body", "| 项目 | 说明 |\n| --- | --- |\n| a | <img src=x onerror=alert(1)> |", ["36: P026"]),
    Case("tag-in-blockquote", "body", "> 引文 <svg onload=alert(1)>", ["34: P026"]),
    Case("tag-md-in-html", "body", '<div markdown="1" onclick="alert(1)">\n[x](javascript:alert(1))\n</div>',
         ["34: P026", "35: P026"]),
    Case("tag-admonition-title", "body", '!!! note "<img src=x onerror=alert(1)>"\n    说明文字。', ["34: P026"]),
    Case("tag-abbr-definition", "body", "社区 HTML 宣传。\n\n*[HTML]: <script>alert(1)</script>", ["36: P026"]),
    Case("style-attribute", "body", '<span style="position:fixed;top:0">x</span>', ["34: P026"]),
    Case("id-clobbering", "body", '<a id="__config">x</a>', ["34: P026"]),
    Case("comment", "body", "做法。<!-- 编辑：此处待核对 -->", ["34: P031"]),
    # An element left open would take in the sources, related profiles and citation the page adds after the body.
    Case("unclosed-details", "body", "做法。\n\n<details><summary>更多</summary>\n\n藏起来的正文。", ["36: P026"]),
    Case("unclosed-div", "body", "<div>\n\n做法。", ["34: P026"]),
    # Opened inside a paragraph, or a formatting element the parser reopens in every later block.
    Case("unclosed-details-inline", "body", "做法<details><summary>更多</summary>藏起来", ["34: P026"]),
    Case("unclosed-details-markdown", "body", '<details markdown="1"><summary>展开</summary>\n\n正文', ["34: P026"]),
    Case("unclosed-strike", "body", "做法，<s>已停止", ["34: P026"]),
    Case("unclosed-link", "body", '详见<a href="https://example.org/phish">官方说明', ["34: P026"]),
    # Ended nowhere, not even by an end tag: the word after the body is no text of the page at all
    # (an attacker's review; each took the sources and citation into a link, a comment or a tag).
    Case("unended-attribute", "body", '<p><a href="https://example.org/phish" title="官方说明', ["34: P026"]),
    Case("unended-comment", "body", "<div><!--", ["34: P026"]),
    Case("unended-cdata", "body", '<p><a href="https://example.org/phish">官方说明<![CDATA[', ["34: P026"]),
    Case("unended-tag", "body", "<details><summary>更多</summary><x", ["34: P026"]),
    Case("unended-md-in-html", "body", '<div markdown="1">\n\n<div>\n\n正文', ["36: P026"]),
    # The theme's own classes: a full-page overlay, a link drawn as the theme's button.
    Case("theme-class-overlay", "body", '<div class="md-consent__overlay"></div>', ["34: P026"]),
    Case("theme-class-attr-list", "body", "[继续阅读](https://example.org/x){ .md-button .md-button--primary }",
         ["34: P026"]),
    Case("comment-hiding-script", "body", "<!--><script>alert(1)</script>-->", ["34: P026", "34: P031"]),
    Case("processing-instruction", "body", "做法 <?php echo 1 ?> 。", ["34: P031"]),   # a comment to a browser
    # Fields are shown as written, in downloads and citations too: a code span is no shelter.
    Case("field-code-span", "field:title", "'`<script>alert(1)</script>` 样例社区：做法'", ["3: P026 title"]),
    # --- links and images: schemes, entities, whitespace, attribute lists ------------------------
    Case("link-javascript", "body", "[原文](javascript:alert(1))", ["34: P026"]),
    Case("link-javascript-case", "body", "[原文](JaVaScRiPt:alert(1))", ["34: P026"]),
    Case("link-javascript-spaces", "body", "[原文](<  javascript:alert(1)>)", ["34: P026"]),
    Case("link-entity-scheme", "body", "[原文](&#106;avascript:alert(1))", ["34: P026"]),
    Case("link-entity-colon", "body", '<a href="javascript&colon;alert(1)">x</a>', ["34: P026"]),
    Case("link-tab-in-scheme", "body", '<a href="java&#09;script:alert(1)">x</a>', ["34: P026"]),
    Case("link-vbscript", "body", "[原文](vbscript:msgbox(1))", ["34: P026"]),
    Case("link-data", "body", "[原文](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", ["34: P026"]),
    Case("link-next-line", "body", "[原文](\njavascript:alert(1))", ["35: P026"]),
    Case("link-reference", "body", "见[原文][1]。\n\n[1]: javascript:alert(1)", ["36: P026"]),
    Case("link-reference-title", "body", '见[原文][a]。\n\n[a]: <javascript:alert(1)> "标题"', ["36: P026"]),
    Case("raw-a-unquoted", "body", "<a href=javascript:alert(1)>原文</a>", ["34: P026"]),
    Case("raw-a-single-quoted", "body", "<a href='javascript:alert(1)'>原文</a>", ["34: P026"]),
    Case("autolink-javascript", "body", "<javascript:alert(1)>", ["34: P026"]),
    Case("image-javascript", "body", "![图](javascript:alert(1))", ["34: P026"]),
    Case("image-data-svg", "body", "![图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", ["34: P026"]),
    Case("attr-list-onclick-link", "body", '[详情](https://example.org/b){ onclick="alert(1)" }', ["34: P026"]),
    Case("attr-list-href", "body", '[详情](https://example.org/b){ href="javascript:alert(1)" }', ["34: P026"]),
    Case("attr-list-src", "body", '![图](x.png){ src="javascript:alert(1)" }', ["34: P026"]),
    Case("attr-list-image-onerror", "body", "![图](missing.png){ onerror=alert(1) }", ["34: P026"]),
    Case("attr-list-heading", "body", '## 具体做法 { onclick="alert(1)" }', ["34: P026"]),
    Case("attr-list-style", "body", '段落文字。\n{: style="display:none" }', ["35: P026"]),
    Case("attr-list-id", "body", "## 小节 { #__search }", ["34: P026"]),
    # --- front matter: every field is plain text ------------------------------------------------
    Case("field-title-tag", "field:title", '"样例社区</title><script>alert(1)</script>"', ["3: P026 title"]),
    Case("field-summary-attribute", "field:summary", "'样例\"><img src=x onerror=alert(1)>摘要。'", ["4: P026 summary"]),
    Case("field-summary-markdown-link", "field:summary", '"[点此](javascript:alert(1))了解做法。"', ["4: P026 summary"]),
    Case("field-community", "field:community", '"雅居园社区<svg onload=alert(1)>"', ["13: P026 region.community"]),
    Case("field-street-comment", "field:street", '"舜华路街道<!-- x -->"', ["12: P031 region.street"]),
    Case("field-metric-label", "field:  - label", '"惠及<b onmouseover=alert(1)>居民</b>"', ["16: P026 metrics[0].label"]),
    Case("field-metric-quote", "field:quote", '"惠及居民1200余人次<script>x</script>"', ["20: P026 metrics[0].quote"]),
    Case("field-source-title", "field:  - title", '"样例报道<iframe src=x>"', ["22: P026 sources[0].title"]),
    Case("field-publisher-entity", "field:publisher", '"样例&#60;日报"', ["23: P026 sources[0].publisher"]),
    Case("field-url-markdown", "field:url", "https://example.org/a)[原文](javascript:alert(1)", ["25: P023 sources[0].url"]),
    Case("field-url-javascript", "field:url", '"javascript:alert(1)"', ["25: P023 sources[0].url"]),
    Case("field-url-quote", "field:url", "'https://example.org/\"onmouseover=alert(1)'", ["25: P023 sources[0].url"]),
    # --- bounded input ----------------------------------------------------------------------------
    Case("yaml-alias-bomb", "text",
         "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", ["2: P027"]),
    Case("yaml-anchor", "field:region", "&r", ["7: P027"]),
    Case("value-huge-int", "field:value", "1" + "0" * 400, ["17: P029 metrics[0].value"]),
    Case("value-inf", "field:value", ".inf", ["17: P029 metrics[0].value"]),
    Case("value-nan", "field:value", ".nan", ["17: P029 metrics[0].value"]),
    Case("too-many-metrics", "text", "metrics", ["15: P028 metrics"]),
    Case("file-too-large", "text", "huge", ["1: P028"]),
    # --- text hygiene -------------------------------------------------------------------------------
    Case("nul-byte", "body", "做法\x00。", ["34: P030"]),
    Case("nul-in-front-matter", "field:summary", "用于测试\x00的完整案例。", ["4: P030"]),
    Case("bidi-override", "field:title", "样例社区：\u202e做法\u202c", ["3: P030"]),
    Case("zero-width", "body", "做\u200b法。", ["34: P030"]),
    Case("future-date", "field:date", "2099-06-28", ["6: P032 date"]),
    Case("future-source-date", "field:published", "2099-01", ["24: P032 sources[0].published"]),
    Case("pinyin", "body", "社区治理(zhì lǐ)有新做法。", ["34: P033"]),
    Case("pinyin-fullwidth", "field:summary", "用于测试的完整案例，网（wǎng）格化。", ["4: P033 summary"]),
    Case("mojibake-question", "body", "成效显著?qǐng，居民满意。", ["34: P034"]),
    Case("mojibake-rare-run", "body", "社区开展皶浬除垺颙活动。", ["34: P034"]),
    # --- harmless look-alikes: no error, and nothing reaches a page -------------------------------------
    Case("lookalike-fullwidth", "body", "＜script＞alert(1)＜/script＞"),
    Case("lookalike-less-than", "body", "满意度<95%，a<b 也不是标签。"),
    Case("lookalike-code-span", "body", "代码 `<script>alert(1)</script>` 原样显示。"),
    Case("lookalike-fence", "body", "```html\n<script>alert(1)</script>\n```"),
    Case("lookalike-escaped", "body", "\\<script\\>alert(1)\\</script\\>"),
    Case("lookalike-snippet", "body", '--8<-- ".git/config"'),
    # --- found in review: headings feed the table of contents, which the theme prints as is -------------
    Case("toc-heading-script", "body",
         "## 做法<span title=\"<!--\">一</span><span title='-->\"><scrip<b>t>alert(1)</scrip<b>t>'>二</span>",
         ["34: P026"]),
    Case("toc-heading-refresh", "body",
         "## 做法<span title='\"><meta/http-equiv=\"refresh\"/content=\"3;url=https://example.org/\"/@>'>二</span>",
         ["34: P026"]),
    Case("toc-heading-img", "body", "## 做法<img src=x onerror=alert(1)>", ["34: P026"]),
    Case("cdata", "body", "<![CDATA[ > <img src=x onerror=alert(1)> ]]>", ["34: P026"]),
    Case("image-external", "body", "![图](https://example.org/pixel.png)", ["34: P026"]),
    Case("image-protocol-relative", "body", "![图](//example.org/pixel.png)", ["34: P026"]),
    # Browsers read a backslash as a slash, and drop a tab inside an address: both are //host.
    Case("image-backslash-host", "body", "![图](/\\example.org/pixel.png)", ["34: P026"]),
    Case("image-tab-host", "body", '<img src="/&#9;/example.org/pixel.png">', ["34: P026"]),
    # Markdown makes a mail link of it; as written it is a tag.
    Case("autolink-mail-tag", "body", "背景 <img/src/onerror=alert(1)//@x> 。", ["34: P026"]),
    Case("yaml-explicit-tag", "field:value", "!!int x", ["17: P002"]),
    # Tags other than text, numbers, lists and mappings are refused: bytes are not text, no check would see them.
    Case("yaml-binary", "field:title", "!!binary PGltZyBzcmM9eCBvbmVycm9yPWFsZXJ0KDEpPiDmoLfkvovnpL7ljLrvvJrlgZrms5U=",
         ["3: P002"]),
    Case("yaml-set", "field:summary", "!!set {用于测试的完整案例}", ["4: P002"]),
    # 3,700 hex digits over 53 lines: a number Python will not print in decimal (P010, not a traceback).
    Case("yaml-huge-hex-date", "field:date", '!!int "0x' + ('f' * 70 + '\\\n  ') * 53 + 'f"', ["6: P010 date"]),
    Case("yaml-huge-hex-status", "field:status", '!!int "0x' + ('f' * 70 + '\\\n  ') * 53 + 'f"', ["5: P006 status"]),
    Case("yaml-deep-nesting", "text", "a: " + "[" * 60 + "]" * 60 + "\n", ["2: P002"]),
    Case("quote-huge-number", "field:quote", "惠及居民" + "9" * 400 + "人次", ["20: P016 metrics[0].quote"]),
    Case("escape-bidi", "field:title", '"样例社区：\\u202e做法"', ["3: P030 title"]),
    # Third review: a host in another script that looks like a known one; marks and fillers that show nothing.
    Case("field-url-homograph", "field:url", "https://аррӏе.com/a", ["25: P023 sources[0].url"]),
    Case("escape-arabic-letter-mark", "field:title", '"样例社区：\\u061c做法"', ["3: P030 title"]),
    Case("escape-hangul-filler", "field:title", '"样例社区：\\u3164做法"', ["3: P030 title"]),
    Case("escape-tag-character", "field:title", '"样例社区：\\U000E0041做法"', ["3: P030 title"]),
    Case("heading-of-punctuation", "body", "## [\n\n做法。"),   # harmless: toc's id _1 was reported
    Case("entity-bidi", "body", "做法&#x202E;。", ["34: P030"]),
    Case("line-too-long", "body", "做法" * 1501, ["34: P028"]),
    Case("paragraph-too-long", "body", "\n".join(["做法" * 60] * 90), ["34: P028"]),  # short lines, one long paragraph
    Case("heading-spaces", "body", "## 成效" + " " * 2400 + "。"),
    Case("symlink-docs", "symlink-docs", "/etc/hostname", ["1: S001"]),
    # --- vocabularies and packs -----------------------------------------------------------------------
    Case("practice-definition", "practices",
         "- name: 恶意做法\n  slug: eyi-zuofa\n  definition: 定义文字足够长<img src=x onerror=alert(1)>。\n  synonyms: []\n",
         ["+3: V001 definition"]),
    Case("practice-synonym", "practices",
         "- name: 另一做法\n  slug: ling-yi-zuofa\n  definition: 这是一个足够长的中性定义。\n  synonyms: [<svg onload=alert(1)>]\n",
         ["+4: V001 synonyms"]),
    Case("practice-alias", "practices", "- &p\n  name: 别名做法\n  slug: bieming\n  definition: 这是一个足够长的中性定义。\n- *p\n",
         ["+1: V001"]),
    Case("pack-intro", "pack", "title: 课包\nintro: 介绍<script>alert(1)</script>\nselect:\n  practices: [红色合伙人]\n",
         ["2: K001 intro"]),
    Case("pack-title", "pack", 'title: "课包</title><script>alert(1)</script>"\nselect:\n  practices: [红色合伙人]\n',
         ["1: K001 title"]),
    Case("pack-trainer", "pack", "title: 课包\ntrainer: '讲师<img src=x onerror=alert(1)>'\nselect:\n  practices: [红色合伙人]\n",
         ["2: K001 trainer"]),
    Case("pack-alias", "pack", "title: &t 课包\nintro: *t\nselect:\n  practices: [红色合伙人]\n", ["1: K001"]),
    Case("symlink-profile", "symlink-profile", "/etc/passwd", ["1: P001"]),
    Case("symlink-data", "symlink-data", "/etc/passwd", ["1: V001"]),
    Case("symlink-pack", "symlink-pack", "/etc/passwd", ["1: K001"]),
]
