"""WCAG 2.1 AA: axe-core in Chromium on every kind of page and the search overlay,
in both colour schemes; the palette's contrast ratios; the 404 page, also when
the site is served from a sub-path.

axe-core comes from npm (package.json, package-lock.json at the checkout root),
installed by `make setup-test` (scripts/bootstrap.sh test runs `npm ci`).
"""

from __future__ import annotations

import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, make_project

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CSS = ROOT / "docs" / "assets" / "stylesheets" / "casebook.css"
FAILING_IMPACTS = {"serious", "critical"}
SCHEMES = {"light": "default", "dark": "slate"}
# A profile with metric cards, on top of the first page of each kind.
PROFILE = "profiles/jinan-yajuyuan-feiyi-jianzhi-ketang/"
SEARCH = "（搜索结果）"
MISSING = "no/such/page/"


# --- the palette, as numbers ---------------------------------------------------------------------

def _rgb(value: str, over: tuple[float, ...] = (1.0, 1.0, 1.0)) -> tuple[float, ...]:
    """#rgb, #rrggbb or #rrggbbaa as sRGB in 0..1, an alpha composited over `over`."""
    digits = value.lstrip("#")
    if len(digits) in (3, 4):
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in range(0, len(digits), 2)]
    alpha = channels[3] if len(channels) == 4 else 1.0
    return tuple(alpha * c + (1 - alpha) * o for c, o in zip(channels[:3], over))


def _luminance(rgb: tuple[float, ...]) -> float:
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(foreground: str, background: str, under: str = "#ffffff") -> float:
    """WCAG contrast ratio; a translucent background lies on `under`, a translucent foreground on the background."""
    back = _rgb(background, _rgb(under))
    fore = _rgb(foreground, back)
    high, low = sorted([_luminance(fore), _luminance(back)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def variables(selector: str) -> dict[str, str]:
    """The custom properties casebook.css sets in the rule for exactly `selector`."""
    text = CSS.read_text(encoding="utf-8")
    rule = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", text)
    assert rule, f"casebook.css has no rule {selector}"
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+?)\s*;", rule.group(1)))


SLATE_BG = "#1e2129"  # Material's slate background, hsl(225deg 15% 14%)


def test_palette_reaches_aa_in_both_schemes():
    primary = variables('[data-md-color-primary="custom"]')
    accent = variables('[data-md-color-accent="custom"]')
    dark_primary = variables('[data-md-color-scheme="slate"][data-md-color-primary="custom"]')
    dark_accent = variables('[data-md-color-scheme="slate"][data-md-color-accent="custom"]')
    code = variables(':root, [data-md-color-scheme="default"]')
    red = primary["--md-primary-fg-color"]
    ratios = {
        # The header and tabs: white text, 85% white for the tab labels (casebook.css sets the opacity).
        "header title": contrast(primary["--md-primary-bg-color"], red),
        "tab labels": contrast("#ffffffd9", red),
        "search placeholder": contrast(primary["--md-primary-bg-color--light"], red),
        # Light scheme: links are the primary red, hover and search marks the accent.
        "links": contrast(red, "#ffffff"),
        "links on code grey": contrast(red, "#f5f5f5"),
        "hover": contrast(accent["--md-accent-fg-color"], "#ffffff"),
        "button on hover": contrast(accent["--md-accent-bg-color"], accent["--md-accent-fg-color"]),
        **{f"code {name}": contrast(value, "#f5f5f5") for name, value in code.items()},
        # Dark scheme.
        "dark links": contrast(dark_primary["--md-typeset-a-color"], SLATE_BG),
        "dark hover": contrast(dark_accent["--md-accent-fg-color"], SLATE_BG),
        "dark button on hover": contrast(dark_accent["--md-accent-bg-color"], dark_accent["--md-accent-fg-color"]),
    }
    assert {name: round(r, 2) for name, r in ratios.items() if r < 4.5} == {}
    # Still red: the hue of the primary colour is within 10 degrees of pure red.
    import colorsys
    hue = colorsys.rgb_to_hls(*_rgb(red))[0] * 360
    assert min(hue, 360 - hue) < 10


def test_every_icon_the_pages_use_has_its_own_slot_in_the_sprite():
    """casebook.css draws the icons from one image, 24 units a slot: each class used in a
    template or in code names a slot, the slots fill the image, and each slot's
    mask-position is slot / (slots - 1)."""
    text = CSS.read_text(encoding="utf-8")
    sprite = urllib.parse.unquote(re.search(r'\.md-typeset \.cb-icon \{[^}]*?--cb-icons: url\("([^"]+)"', text).group(1))
    slots = len(re.findall(r"<path ", sprite))
    assert f'viewBox="0 0 {24 * slots} 24"' in sprite
    assert re.findall(r'transform="translate\((\d+)\)"', sprite) == [str(24 * i) for i in range(slots)]
    assert f"/ {slots * 100}% 100%" in text
    positions = dict(re.findall(r"\.cb-icon--(\w+) \{ -webkit-mask-position: ([\d.]+)% 0; mask-position: \2% 0; \}", text))
    assert sorted(float(p) for p in positions.values()) == [100 * i / (slots - 1) for i in range(slots)]
    sources = [p for p in (ROOT / "scripts").rglob("*") if p.suffix in {".py", ".j2", ".html"}]
    used = {m for p in sources for m in re.findall(r"cb-icon--(\w+)", p.read_text(encoding="utf-8"))}
    assert used and used <= set(positions), f"no slot for {used - set(positions)}"


def test_contrast_formula():
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#757575", "#ffffff"), 2) == 4.61
    assert round(contrast("#ef5552", "#ffffff"), 2) == 3.45  # Material's red: why the palette is custom


# --- the built pages ----------------------------------------------------------------------------

class _Figures(HTMLParser):
    """Each <figure>'s element children, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.open: list[tuple[int, list[str]]] = []
        self.figures: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if self.open and self.open[-1][0] == self.depth:
            self.open[-1][1].append(tag)
        self.depth += 1
        if tag == "figure":
            self.open.append((self.depth, []))

    def handle_endtag(self, tag):
        if tag == "figure" and self.open:
            self.figures.append(self.open.pop()[1])
        self.depth -= 1


@pytest.mark.slow
def test_metric_figures_have_their_caption_first_or_last(built_site):
    """HTML's content model for figure (what the Nu checker reported on the old cards)."""
    _, site = built_site
    parser = _Figures()
    parser.feed((site / PROFILE / "index.html").read_text(encoding="utf-8"))
    assert len(parser.figures) == 3
    for children in parser.figures:
        assert "figcaption" not in children[1:-1], children
        assert children.count("figcaption") <= 1


@pytest.mark.slow
def test_404_page_is_chinese_absolute_and_under_the_policy(built_site):
    _, site = built_site
    text = (site / "404.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in text
    assert "<title>找不到页面 - 社区实践案例库</title>" in text
    assert "Not found" not in text
    # Served for any missing address, at any depth: nothing relative to it.
    for link in re.findall(r'(?:href|src)="([^"]*)"', text):
        assert link.startswith(("/", "#", "https:")), link


@pytest.mark.slow
def test_heading_anchors_are_titled_in_chinese(built_site):
    _, site = built_site
    text = (site / "regions" / "fujian" / "index.html").read_text(encoding="utf-8")
    anchors = re.findall(r'<a class="headerlink" [^>]*>', text)
    assert anchors and all('title="本节链接"' in a for a in anchors)


# --- axe-core in Chromium -----------------------------------------------------------------------

def page_types(site: Path) -> list[str]:
    """One page of each kind: every page at the top two levels (home, indexes,
    hand-written pages), the first page in each section, every hand-written page
    under docs/, a profile with metric cards, and a missing address (404)."""
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    pages = ["" if p == "." else p + "/" for p in pages]
    chosen = [p for p in pages if p.count("/") <= 1]
    sections = {}
    for p in pages:
        if p.count("/") == 2:
            sections.setdefault(p.split("/")[0], p)
    chosen += sections.values()
    for doc in sorted((ROOT / "docs").rglob("*.md")):
        rel = doc.relative_to(ROOT / "docs").with_suffix("").as_posix()
        chosen.append("" if rel == "index" else (rel.removesuffix("/index") + "/"))
    chosen += [PROFILE, MISSING]
    return list(dict.fromkeys(chosen))


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"找不到 {AXE.relative_to(ROOT)}：请先运行 make setup-test（它执行 npm ci）")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=list(SCHEMES))
def scheme_page(request, browser):
    """One tab per colour scheme, the reader's system set to it (prefers-color-scheme)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=request.param)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield request.param, page, errors
    context.close()


def run_axe(page, source: str) -> list[dict]:
    # evaluate() is not subject to the page's Content-Security-Policy; a <script> tag would be.
    page.evaluate(source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def describe(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {n['target']} {n.get('failureSummary', '').splitlines()[-1:]}"
            for v in violations for n in v["nodes"][:5]]


@pytest.mark.browser
@pytest.mark.slow
def test_axe_finds_no_serious_violation(built_site, site_url, scheme_page, axe_source):
    scheme, page, errors = scheme_page
    targets = page_types(built_site[1]) + [SEARCH]
    found: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for target in targets:
        if target == SEARCH:
            from browser import search

            page.goto(site_url)
            assert search(page, "红色物业"), "搜索没有结果"
        else:
            page.goto(site_url + target)
        page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg=SCHEMES[scheme])
        violations = [v for v in run_axe(page, axe_source) if v["impact"] in FAILING_IMPACTS]
        counts[target or "/"] = sum(len(v["nodes"]) for v in violations)
        if violations:
            found[target or "/"] = describe(violations)
    print(f"\naxe-core, {scheme}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    assert found == {}
    assert len(targets) >= 15
    # A script the policy blocked, or a theme script that failed, shows up here.
    assert [e for e in errors if "Content Security Policy" in e or "Uncaught" in e] == []


@pytest.mark.browser
def test_palette_toggle_switches_and_is_remembered(page, site_url):
    page.goto(site_url)
    scheme = "() => document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.get_by_title("切换到深色模式").click()
    assert page.evaluate(scheme) == "slate"
    # The next page starts dark before Material's bundle runs: the palette script in its header.
    page.goto(site_url + "about/")
    assert page.evaluate(scheme) == "slate"
    page.get_by_title("切换到浅色模式").click()
    assert page.evaluate(scheme) == "default"


PALETTE_STATE = """() => ({
    scheme: document.body.getAttribute('data-md-color-scheme'),
    shown: [...document.querySelectorAll('.md-header__option label')].filter(l => !l.hidden).map(l => l.title),
})"""

# The address bar's colour and the page's color-scheme, as <meta>s say and as the page is drawn.
PALETTE_METAS = """() => {
    const hex = (c) => '#' + c.match(/\\d+/g).slice(0, 3).map((v) => (+v).toString(16).padStart(2, '0')).join('');
    const header = document.querySelector('[data-md-component=header]');
    return {
        themeColor: [...document.querySelectorAll('meta[name=theme-color]')].map((m) => m.content),
        header: hex(getComputedStyle(header).backgroundColor),
        colorScheme: [...document.querySelectorAll('meta[name=color-scheme]')].map((m) => m.content),
        drawn: getComputedStyle(document.body).colorScheme,
    };
}"""


def assert_metas_match_the_page(page) -> None:
    # One of each, and what they tell the browser is what the page draws: the
    # theme-color is fixed in the page (mkdocs.yml extra.theme_color), the
    # color-scheme set by the palette script from the scheme, neither read from styles.
    metas = page.evaluate(PALETTE_METAS)
    assert metas["themeColor"] == [metas["header"]]
    assert metas["colorScheme"] == [metas["drawn"]]


# Material's partials we override, and the one change each makes (the rest is Material's).
OVERRIDDEN = {
    "partials/search.html": ('role="dialog">', """role="dialog" aria-label="{{ lang.t('search.placeholder') }}">"""),
    "partials/palette.html": ('data-md-component="palette"', "data-casebook-palette"),
}


@pytest.mark.parametrize("name", OVERRIDDEN)
def test_overridden_partials_are_materials_own_but_for_one_change(name):
    import material

    def body(text: str) -> str:  # without the leading {#- … -#} comment
        return re.sub(r"\A\{#-.*?-#\}\n", "", text, flags=re.S)

    theirs = body((Path(material.__file__).parent / "templates" / name).read_text(encoding="utf-8"))
    ours = body((ROOT / "overrides" / name).read_text(encoding="utf-8"))
    before, after = OVERRIDDEN[name]
    assert theirs.count(before) == 1, f"Material's {name} changed: bring overrides/{name} in step"
    assert ours == theirs.replace(before, after)


@pytest.mark.browser
def test_palette_works_without_materials_bundle_and_follows_the_system_until_the_reader_chooses(browser, site_url):
    # Material's palette component made the browser compute the page's styles twice
    # while the page started; our header script does its work. With Material's
    # bundle blocked, the scheme and the toggle must still be right.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(site_url)
        # The reader's system is dark and nothing was chosen: dark from the first paint.
        state = page.evaluate(PALETTE_STATE)
        assert (state["scheme"], state["shown"]) == ("slate", ["切换到浅色模式"])
        assert_metas_match_the_page(page)
        # Nothing chosen yet: a change of the system setting is followed.
        page.emulate_media(color_scheme="light")
        page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'default'")
        assert page.evaluate(PALETTE_STATE)["shown"] == ["切换到深色模式"]
        assert_metas_match_the_page(page)
        # Chosen with the toggle (Enter, as Material's component had it): kept, on this
        # page and the next, whatever the system says.
        page.focus("#__palette_0")
        page.keyboard.press("Enter")
        state = page.evaluate(PALETTE_STATE)
        assert (state["scheme"], state["shown"]) == ("slate", ["切换到浅色模式"])
        # No colour transitions while switching (Material's stylesheet), and only then.
        page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
        switching = page.evaluate("""() => {
            document.querySelector('label[title="切换到浅色模式"]').click();
            return document.body.hasAttribute('data-md-color-switching');
        }""")
        assert switching
        assert page.evaluate(PALETTE_STATE)["scheme"] == "default"
        # Space as well: the radio in focus is the checked one, which Space alone leaves as it is.
        page.focus("#__palette_0")
        page.keyboard.press(" ")
        assert page.evaluate(PALETTE_STATE)["scheme"] == "slate"
        page.keyboard.press(" ")
        assert page.evaluate(PALETTE_STATE)["scheme"] == "default"
        page.emulate_media(color_scheme="dark")
        page.wait_for_timeout(50)
        assert page.evaluate(PALETTE_STATE)["scheme"] == "default"
        page.goto(site_url + "about/")
        state = page.evaluate(PALETTE_STATE)
        assert (state["scheme"], state["shown"]) == ("default", ["切换到深色模式"])
        assert errors == []
    finally:
        context.close()


@pytest.mark.browser
def test_palette_toggle_works_where_storage_is_blocked(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # As in a browser set to block site data: reading localStorage throws.
    context.add_init_script("""Object.defineProperty(window, "localStorage",
        { get() { throw new DOMException("blocked", "SecurityError"); } });""")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(site_url)
        assert page.evaluate(PALETTE_STATE)["shown"] == ["切换到深色模式"]
        page.get_by_title("切换到深色模式").click()
        assert page.evaluate(PALETTE_STATE)["scheme"] == "slate"
        assert errors == []
    finally:
        context.close()


@pytest.mark.browser
def test_tab_on_a_phone_skips_the_closed_drawer_and_reaches_it_when_open(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(site_url + "explore/")
        in_drawer = "() => !!document.activeElement.closest('.md-sidebar--primary')"
        reached = []
        for _ in range(12):
            page.keyboard.press("Tab")
            reached.append(page.evaluate(in_drawer))
        assert not any(reached)  # the drawer's links are off screen: not in the Tab order
        page.locator("label.md-header__button[for=__drawer]").click()
        page.wait_for_timeout(400)
        page.locator(".md-sidebar--primary a").first.focus()
        assert page.evaluate(in_drawer)
        assert page.locator(".md-sidebar--primary a").first.is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_tables_fit_a_phone_screen(browser, site_url, built_site):
    """Material gives each heading cell at least 100 px: four columns did not fit 390 px,
    and the statistics' last column (the totals) was cut off at the screen's edge."""
    site = built_site[1]
    pages = ["stats/"] + sorted(f"stats/{p.parent.name}/" for p in site.glob("stats/*/index.html"))
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        wider = {}
        for path in pages:
            page.goto(site_url + path)
            widths = page.evaluate("""() => [...document.querySelectorAll('.md-typeset table')].map(t => {
              const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
              return box.scrollWidth - box.clientWidth; })""")
            assert widths, path
            if max(widths) > 0:
                wider[path] = max(widths)
        assert len(pages) > 5 and wider == {}
    finally:
        context.close()


# --- the 404 page under a sub-path ---------------------------------------------------------------

SUB_PATH = "/casebook/preview/"


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory):
    """The site built for https://example.org/casebook/preview/ (a GitHub Pages project site)."""
    from casebook.site.build import build

    project = make_project(tmp_path_factory.mktemp("subpath"), all_profiles=True)
    config = project.config_file.read_text(encoding="utf-8")
    config, count = re.subn(r"(?m)^site_url: .*$", f"site_url: https://example.org{SUB_PATH}", config)
    assert count == 1
    project.config_file.write_text(config, encoding="utf-8")
    assert build(project, quiet=True) == 0
    return project.site_dir


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("missing", ["gone", "profiles/gone/", "a/b/c/d/e.html"])
def test_404_under_a_sub_path_leads_back(sub_path_site, browser, missing):
    from browser import search, serve

    with serve(sub_path_site, prefix=SUB_PATH) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        response = page.goto(base + missing)
        assert response.status == 404
        assert page.title() == "找不到页面 - 社区实践案例库"
        # Styled: the stylesheets loaded from the sub-path, whatever the depth.
        header = page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor")
        assert header == "rgb(183, 28, 28)"
        links = {a.inner_text(): a.get_attribute("href") for a in page.locator("article a").all()}
        assert links == {"回到首页": SUB_PATH, "筛选案例": SUB_PATH + "explore/", "按地区浏览": SUB_PATH + "regions/",
                         "按做法浏览": SUB_PATH + "practices/", "按年份浏览": SUB_PATH + "years/", "搜索案例": SUB_PATH + "?q="}
        for name in ["筛选案例", "按地区浏览", "按做法浏览", "按年份浏览"]:
            page.goto(base + missing)
            page.get_by_role("link", name=name, exact=True).click()
            assert page.locator("h1").inner_text().removesuffix("¶").strip() == name
        # The search link opens the search on the home page; the search box works on the 404 page too.
        page.goto(base + missing)
        page.get_by_role("link", name="搜索案例").click()
        page.wait_for_function("() => { const box = document.getElementById('__search'); return box && box.checked }")
        page.goto(base + missing)
        results = search(page, "红色物业")
        assert results and all(r.startswith(base) for r in results)
        page.goto(results[0])
        assert page.locator("h1").first.is_visible()
        context.close()
