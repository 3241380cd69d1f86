"""The sanitiser's allowlist and the page policy, as units. The hostile corpus
(test_hostile.py) covers what contributors can send; this covers what we keep."""

from __future__ import annotations

import pytest

from casebook.profile import markup
from casebook.site import csp


@pytest.mark.parametrize("fragment", [
    '<h2 id="背景">背景</h2>',
    '<p><a href="../profiles/x/">案例</a> <a href="https://example.org/a?b=1#c">原文</a> <a href="mailto:a@b.org">信</a></p>',
    '<table><thead><tr><th align="left">a</th></tr></thead><tbody><tr><td align="right">1</td></tr></tbody></table>',
    '<ul class="cb-metrics" aria-label="主要数字"><li class="cb-metric"><figure><p class="cb-metric__figure">'
    '<span class="cb-metric__value">1,200余</span></p><figcaption><p class="cb-metric__label">惠及居民</p>'
    '<p class="cb-metric__quote">原文：“惠及居民1200余人次”</p></figcaption></figure></li></ul>',
    '<p class="cb-meta"><span class="cb-icon cb-icon--calendar"></span> <time datetime="2024-06-28">2024年6月28日</time></p>',
    '<h2 data-search-exclude="" id="来源">来源</h2>',
    '<div class="admonition abstract"><p class="admonition-title">摘要</p><p>文字</p></div>',
    '<p><img alt="图" src="../assets/a.png"></p>',
    '<pre class="cb-cite"><code>社区实践案例库. 标题[EB/OL].</code></pre>',
])
def test_what_our_pages_need_is_kept(fragment):
    assert markup.clean(fragment) == fragment


@pytest.mark.parametrize("fragment, kept", [
    ('<p style="color:red">x</p>', "<p>x</p>"),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<img src="data:image/png;base64,AA">', "<img>"),
    ('<h2 id="__config">x</h2>', "<h2>x</h2>"),
    ('<p onclick="x()">x</p>', "<p>x</p>"),
    ("<svg><circle/></svg><p>x</p>", "<p>x</p>"),
    ("<script>alert(1)</script><p>x</p>", "<p>x</p>"),
    ('<iframe src="https://example.org"></iframe>x', "x"),
    ("<!-- note --><p>x</p>", "<p>x</p>"),
])
def test_what_no_page_may_carry_is_removed(fragment, kept):
    assert markup.clean(fragment) == kept


def test_fields_are_plain_text_but_ordinary_punctuation_is_fine():
    for text in ["满意度<95%，A&B 两社区", "《红色物业》", "第1期（2024）", "3*4=12", "1. 第一点"]:
        assert markup.explain_field(text) == [], text
    assert markup.explain_field("<b>粗</b>") == [("P026", "标签 <b>")]
    assert markup.explain_field("A&amp;B") == [("P026", "字符引用 &amp;")]


def test_markdown_extensions_match_the_site():
    from casebook.site.engine import read_config
    from casebook.paths import Project

    config = read_config(Project.discover())
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert names == markup.MARKDOWN_EXTENSIONS


PAGE = ('<!doctype html><html><head><meta charset="utf-8"><title>t</title>'
        '<script src="../assets/x.js"></script></head><body>'
        '<script id="__config" type="application/json">{"search": "../assets/javascripts/workers/search.js"}</script>'
        "</body></html>")


def test_every_page_gets_the_policy_first_in_its_head(tmp_path):
    out = csp.protect(PAGE, tmp_path)  # no shim in this docs folder
    assert out.startswith('<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')
    assert "script-src 'self';" in out and "object-src 'none'" in out


def test_the_shim_script_is_allowed_by_hash_and_nothing_else(tmp_path):
    from casebook.paths import Project

    docs = Project.discover().docs_dir
    out = csp.protect(PAGE, docs, "../assets/javascripts/workers/search.js")
    assert "script-src 'self' 'sha256-" in out
    for bad in ["<script>alert(1)</script>", '<script data-src="x">alert(1)</script>',
                '<script ttype="application/json">alert(1)</script>', '<script src="https://evil.example/x.js"></script>',
                '<script src="//evil.example/x.js"></script>']:
        with pytest.raises(csp.PolicyError):
            csp.protect(PAGE.replace("</body>", bad + "</body>"), docs)
    # The address comes from the theme: a page naming another worker gains nothing.
    forged = PAGE.replace("../assets/javascripts/workers/search.js", "x.js\\\"}))});alert(1);//")
    assert csp.protect(forged, docs, "../assets/javascripts/workers/search.js") == csp.protect(
        PAGE, docs, "../assets/javascripts/workers/search.js").replace(PAGE[PAGE.index("<body>"):], forged[forged.index("<body>"):])


def test_trusted_fragments_survive_the_sanitiser_and_only_ours_do():
    from casebook.site.fragments import Fragments, fill

    ours = Fragments()
    slot = ours.slot('<svg viewBox="0 0 1 1"><a href="regions/x/"><path d="M0 0"/></a></svg>')
    page = markup.clean(f"<p>地图</p>{slot}<p>{slot.replace(ours.token, 'f' * 16)}</p><svg onload=x></svg>")
    out = fill(page, ours.items)
    assert out.count("<svg") == 1 and 'href="regions/x/"' in out and "onload" not in out


def test_the_themes_inline_scripts_are_allowed_by_hash_and_only_their_exact_text(tmp_path):
    from casebook.paths import Project

    overrides = Project.discover().root / "overrides"
    allowed = csp.theme_inline([overrides])
    assert len(allowed) == len(csp.THEME_INLINE)
    scope = (overrides / csp.THEME_INLINE[0]).read_text(encoding="utf-8").removesuffix("\n")
    page = PAGE.replace("</head>", f'<script data-root="..">{scope}</script></head>')
    out = csp.protect(page, tmp_path, inline=allowed)
    assert all(f"'{h}'" in out.split("script-src", 1)[1].split(";", 1)[0] for h in allowed)
    for bad in [page.replace("__md_scope", "__md_scope;alert(1)", 1), page.replace("</body>", f"<script>{scope}\n</script></body>")]:
        with pytest.raises(csp.PolicyError):
            csp.protect(bad, tmp_path, inline=allowed)
    with pytest.raises(csp.PolicyError):  # not the theme's: no exception
        csp.protect(page, tmp_path)


def test_script_ends_are_found_as_a_browser_finds_them(tmp_path):
    from casebook.paths import Project

    overrides = Project.discover().root / "overrides"
    allowed = csp.theme_inline([overrides])
    scope = (overrides / csp.THEME_INLINE[0]).read_text(encoding="utf-8").removesuffix("\n")
    page = PAGE.replace("</head>", f'<script data-root="..">{scope}</SCRIPT ></head>')
    # Text before a script changes nothing: "İ" is two characters once lowercased.
    for ok in [page, page.replace("<title>t</title>", "<title>İİİ</title>")]:
        assert csp.check_scripts(ok, allowed) is None
    # The end tag's letters are ASCII only: a browser runs this "</ſcript>" as part of the script.
    with pytest.raises(csp.PolicyError):
        csp.check_scripts(page.replace("</SCRIPT >", "</ſcript>alert(1)</script>"), allowed)
    # Each distinct script is read once, and the verdict is the same the second time.
    for _ in range(2):
        with pytest.raises(csp.PolicyError):
            csp.check_scripts(page, frozenset())
        assert csp.check_scripts(page, allowed) is None


def test_a_less_than_sign_read_as_a_tag_is_one_finding_on_its_own_line():
    """a<b in text is read as a tag <b> with the words after it as attributes; it was reported
    as attributes named “<” and “details” on the line of an earlier <details>."""
    from casebook.profile.markup import explain_body

    body = "正文。\n\n<details>\n<summary>更多</summary>\n\na<b 的比较\n\n</details>\n"
    assert [(f.line, f.what) for f in explain_body(body, 10)] == [
        (12, "没有闭合的 <details>"),     # the sign takes </details> into its tag
        (15, "没有闭合的 <b>"),
        (15, "被当成标签的“<b”（文字里的小于号写作 \\< 或 &lt;）"),
    ]
