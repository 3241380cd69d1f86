"""Benchmark: N synthetic profiles, every figure of issue 11 in one run, next to a
stock `mkdocs build` of the same rendered pages (Material with its default
auto-navigation and search):

- validate (a new project, then again unchanged), our build (after the check, whose
  results it uses, then with nothing stored) and the stock build: time, peak memory,
  site size;
- search in a cold Chromium (a new context each run, median of 3), from page load
  to the first result, for a rare word, a common word and a unique token: our site
  over HTTP, the stock site over HTTP, and an offline pack of all profiles from
  file://; beside each, the processor time the browser used (tree_cpu_seconds);
- serve: from saving an edited profile to the page showing the edit.

Each command runs in a fresh child process; peak memory is the largest resident
set of any process in that child's tree (os.wait4). Browser figures need the test
setup (Playwright and Debian's chromium: make setup-test).

Beside each command's time, the processor time of its process tree (user and
system) and the time the host took from this virtual machine meanwhile (steal,
from /proc/stat): two runs of the same build differ by seconds on a shared host,
and these say why. System time well above its usual share means the kernel, not
the build, was busy: on ext4 without a journal, creating files soon after many
were deleted costs 0.3 ms or more each (every inode deleted in the last minute is
looked at and skipped): the 3,000 citation files of a 1,000-profile build then take
1.5-1.8 s to write instead of about 0.1 s.

Targets (issue 11): search ≤ 0.5 s at 1,000 and ≤ 1 s at 10,000 profiles, from
file:// ≤ 1 s at 1,000; build ≤ 60 s and ≤ 1 GB at 10,000; an edit live in ≤ 2 s at
1,000 and ≤ 5 s at 10,000; validation ≤ 3 s at 10,000.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median_high

from .paths import Project
from .profile import vocab as vocab_mod
from .profile import yamlio
from .zh import gazetteer

SYLLABLES = "东南西北中安平阳河山湖江海宁康泰和兴华新明光永福德丰庆长昌盛隆清源"
PHRASES = [
    "社区党组织牵头召集居民代表共同商量", "把服务延伸到楼栋和家门口", "整合辖区单位和社会组织的资源",
    "定期收集居民需求并形成清单", "由党员志愿者轮流值守", "邀请有专长的居民开设公益课程",
    "建立线上线下相结合的反馈渠道", "对困难群众开展走访慰问", "推动物业、业委会和社区协同",
    "利用闲置空间改造成活动场所", "组织老年人和儿童参加活动", "把矛盾纠纷化解在萌芽状态",
    "设立便民服务点方便居民办事", "每月召开一次联席会议", "用居民熟悉的方式宣传政策",
]


@dataclass
class Measure:
    name: str
    seconds: float
    peak_mb: float
    returncode: int
    site_mb: float | None = None
    timed_out: bool = False
    cpu_user: float = 0.0  # seconds, the command's whole process tree
    cpu_system: float = 0.0
    steal: float | None = None  # seconds the host took meanwhile; None where unknown


def steal_seconds(stat: str | None = None) -> float | None:
    """The machine's steal time so far (/proc/stat, Linux), in seconds; None where
    there is no such figure. `stat`: the file's text, for tests."""
    if stat is None:
        try:
            stat = Path("/proc/stat").read_text(encoding="ascii")
        except OSError:
            return None
    for line in stat.splitlines():
        fields = line.split()
        if fields and fields[0] == "cpu":
            # cpu user nice system idle iowait irq softirq steal …, in clock ticks
            if len(fields) < 9 or not fields[8].isdigit():
                return None
            return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    return None


def tree_cpu_seconds(root: int, program: str | None = None, proc: Path = Path("/proc")) -> float | None:
    """Processor time (user and system, seconds) used so far by the processes under
    `root` (not `root` itself) that run `program` (a file name, see _program; None:
    every process); None where there is no /proc.

    A cold search keeps both processors of a small machine busy (1,000 profiles,
    2 cores: 1.0-1.1 s of the browser's processor time in a 0.6 s search), so its
    time follows everything the page makes the browser do: this figure tells more
    work from a slower machine."""
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    try:
        entries = [entry for entry in proc.iterdir() if entry.name.isdigit()]
    except OSError:
        return None
    for entry in entries:
        try:
            stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # gone meanwhile
        # pid (comm) state ppid … utime stime: the name may hold spaces and brackets.
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) < 13 or not fields[1].isdigit():
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        ticks[pid] = int(fields[11]) + int(fields[12])
    # Only the processes under root are asked what they run.
    total, todo = 0, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        if program is None or _program(proc / str(pid)) == program:
            total += ticks[pid]
        todo += children.get(pid, [])
    return total / os.sysconf("SC_CLK_TCK")


def _program(entry: Path) -> str | None:
    """The file name of the program a process runs: its executable, or where that
    cannot be read, the first word of its command line (Chromium's helpers rewrite
    theirs into one string: "/usr/lib/chromium/chromium --type=renderer …")."""
    try:
        return Path(os.readlink(entry / "exe")).name
    except OSError:
        pass
    try:
        words = (entry / "cmdline").read_bytes().split(b"\0", 1)[0].split()
    except OSError:
        return None
    return Path(words[0].decode("utf-8", "replace")).name if words else None


def _invented(rng: random.Random, draw, known) -> str:
    while True:
        name = draw()
        if not known(name):
            return name


def generate(project: Project, n: int, seed: int = 1) -> None:
    """Write n valid synthetic profiles into project.profiles_dir."""
    rng = random.Random(seed)
    vocab = vocab_mod.load(project.data_dir)
    practices = [p.name for p in vocab.practices]
    provinces = [p for p in vocab.provinces if p.kind in ("省", "自治区")]
    units = ["人次", "场", "个", "户", "名"]
    project.profiles_dir.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        province = rng.choice(provinces)
        # Invented places, never real ones: a real 中山市 or 兴安县 under a random province
        # would not fit the division list (P036).
        city = _invented(rng, lambda: "".join(rng.sample(SYLLABLES, 2)) + "市", gazetteer.cities_named)
        district = _invented(rng, lambda: "".join(rng.sample(SYLLABLES, 2)) + rng.choice("区县"), gazetteer.find_county)
        community = "".join(rng.sample(SYLLABLES, 2)) + "社区"
        chosen = rng.sample(practices, rng.randint(1, 3))
        year = rng.randint(2015, 2025)
        metrics = []
        for _ in range(rng.randint(1, 4)):
            value, unit = rng.randint(2, 3000), rng.choice(units)
            label = rng.choice(["惠及居民", "开展活动", "服务对象", "参与人数"])
            metrics.append({"label": label, "value": value, "unit": unit, "approx": True,
                            "quote": f"{label}{value}余{unit}"})
        data = {
            "id": f"bench-{i:05d}",
            "title": f"{community}：{chosen[0]}的做法（第{i}号）",
            "summary": f"{district}{community}推行{chosen[0]}，{rng.choice(PHRASES)}。",
            "status": "published",
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "region": {"province": province.name, "city": city, "district": district,
                       "street": "".join(rng.sample(SYLLABLES, 2)) + "街道", "community": community},
            "practices": chosen,
            "metrics": metrics,
            "sources": [{"title": f"样例报道第{i % 500}篇", "publisher": "样例日报", "published": f"{year}"}],
        }
        body = "\n\n".join(
            f"## {section}\n\n" + "，".join(rng.choice(PHRASES) for _ in range(rng.randint(6, 12))) + "。"
            for section in ("背景", "主要做法", "成效", "启示"))
        if i % max(1, n // 3) == 7 % max(1, n // 3):
            body += f"\n\n{RARE}的做法在这里也试过。"  # in about three profiles
        if i == unique_at(n):
            body += f"\n\n本案例的识别码是 {UNIQUE}。"
        text = f"---\n{yamlio.dump(data)}---\n\n{body}\n"
        (project.profiles_dir / f"bench-{i:05d}.md").write_text(text, encoding="utf-8")


# The three queries the browser measurements type: a word in about three profiles,
# a word in nearly all of them, and a token in exactly one.
RARE = "睦邻议事亭"
COMMON = "居民"
UNIQUE = "qzxbcdfg"


def unique_at(n: int) -> int:
    return min(n - 1, 417)


def scaffold_project(source: Project, dest: Path) -> Project:
    """A project with the checkout's config, data, docs and templates, and no profiles."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in ["mkdocs.yml", "data", "docs", "overrides", "CONTRIBUTING.md"]:
        src = source.root / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.is_file():
            shutil.copy2(src, dest / part)
    site_code = dest / "scripts" / "casebook" / "site"
    site_code.mkdir(parents=True)
    shutil.copy2(source.root / "scripts" / "casebook" / "site" / "mkdocs_hooks.py", site_code)
    shutil.copytree(source.root / "scripts" / "casebook" / "site" / "templates", site_code / "templates")
    return Project(dest)


def measure(name: str, command: list[str], cwd: Path, site: Path | None = None,
            timeout: float | None = None, env: dict[str, str] | None = None) -> Measure:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    stolen = steal_seconds()
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    timed_out = False
    deadline = start + timeout if timeout else None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if deadline and time.perf_counter() > deadline:
            os.killpg(proc.pid, 9)
            pid, status, usage = os.wait4(proc.pid, 0)
            timed_out = True
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    size = _size_mb(site) if site and site.exists() and not timed_out else None
    now = steal_seconds()
    return Measure(name, round(seconds, 2), round(usage.ru_maxrss / 1024, 1),
                   os.waitstatus_to_exitcode(status), size, timed_out,
                   round(usage.ru_utime, 2), round(usage.ru_stime, 2),
                   round(now - stolen, 2) if now is not None and stolen is not None else None)


def _size_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


def stock_docs(project: Project, dest: Path) -> None:
    """The same pages our build renders, as plain files for a stock MkDocs build."""
    from .site.prepare import prepare

    prepared = prepare(project, site_url="")
    shutil.copytree(project.docs_dir, dest / "docs")
    for path, content in prepared.pages.items():
        target = dest / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    # Stock: Material with its defaults, auto-navigation included; same extensions.
    (dest / "mkdocs.yml").write_text(
        "site_name: 社区实践案例库（stock）\ntheme:\n  name: material\n  language: zh\n"
        "markdown_extensions: [admonition, attr_list, md_in_html, tables, toc, pymdownx.superfences]\n"
        "plugins: [search]\n", encoding="utf-8")


BROWSER = "/usr/bin/chromium"  # Debian's: a script that runs /usr/lib/chromium/chromium
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
RESULT = ".md-search-result__item"


def search_seconds(url: str, queries: list[str], runs: int = 3, limit: float = 30.0,
                   cpu: dict[str, list[float]] | None = None) -> dict[str, list[float]]:
    """Seconds from navigating to `url` to the first search result, in a cold
    browser context each run (no cache), for each query. `cpu`, where given, gets
    the browser's processor time for each run (tree_cpu_seconds), where known."""
    from playwright.sync_api import sync_playwright

    timings: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        for query in queries:
            timings[query] = []
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                # Chromium runs under Playwright's driver, a child of this process.
                used = tree_cpu_seconds(os.getpid(), "chromium")
                start = time.perf_counter()
                page.goto(url, wait_until="domcontentloaded")
                box = page.locator("input.md-search__input")
                box.wait_for(state="attached")
                if not box.is_visible():
                    page.locator("label[for=__search]").first.click()
                box.focus()
                page.keyboard.insert_text(query)
                page.keyboard.press("End")
                seconds = limit
                while time.perf_counter() - start < limit:
                    try:
                        page.wait_for_selector(RESULT, state="attached", timeout=2000)
                        seconds = time.perf_counter() - start
                        break
                    except Exception:  # typed before the index was ready: type again, as a reader would
                        page.keyboard.press("Space")
                        page.keyboard.press("Backspace")
                timings[query].append(round(seconds, 2))
                now = tree_cpu_seconds(os.getpid(), "chromium")  # before its renderer ends
                if cpu is not None and used is not None and now is not None:
                    cpu.setdefault(query, []).append(round(now - used, 2))
                context.close()
        browser.close()
    return timings


def serve_seconds(project: Project, edits: int = 3, limit: float = 120.0) -> list[float]:
    """Seconds from saving an edited profile to `serve` showing the edit."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    profile = sorted(project.profiles_dir.glob("bench-*.md"))[0]
    url = f"http://127.0.0.1:{port}/profiles/{profile.stem}/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    server = subprocess.Popen([sys.executable, "-m", "casebook", "--root", str(project.root), "serve", "--addr",
                               f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    seconds = []
    try:
        deadline = time.perf_counter() + limit * 3
        while not page() and time.perf_counter() < deadline:
            time.sleep(0.2)
        for k in range(edits):
            marker = f"改动{k}标记"
            text = profile.read_text(encoding="utf-8")
            start = time.perf_counter()
            profile.write_text(text.replace("## 背景\n\n", f"## 背景\n\n{marker}", 1), encoding="utf-8")
            while marker not in page() and time.perf_counter() - start < limit:
                time.sleep(0.05)
            seconds.append(round(time.perf_counter() - start, 2))
            time.sleep(1)
    finally:
        os.killpg(server.pid, 15)
        server.wait()
    return seconds


def _served(folder: Path):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            pass  # a browser closed mid-download (the next run's cold start): no traceback

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def browser_rows(project: Project, stock_site: Path | None) -> list[dict]:
    """The search and serve figures, as rows of the report."""
    import zipfile

    from .packs.bundle import bundle

    queries = [RARE, COMMON, UNIQUE]
    rows = []
    sites = [("search, our site over HTTP", project.site_dir)]
    if stock_site is not None and stock_site.is_dir():
        sites.append(("search, stock site over HTTP", stock_site))
    for name, folder in sites:
        server, url = _served(folder)
        try:
            cpu: dict[str, list[float]] = {}
            rows.append({"name": name, "timings": search_seconds(url, queries, cpu=cpu), "cpu": cpu})
        finally:
            server.shutdown()
    with tempfile.TemporaryDirectory() as out:
        result = bundle(project, "all", out_dir=Path(out), pdf=False)
        if result.zip_path:
            with zipfile.ZipFile(result.zip_path) as archive:
                archive.extractall(out)
            index = next(Path(out).glob("*/index.html"))
            cpu = {}
            rows.append({"name": "search, offline pack from file://",
                         "timings": search_seconds(index.as_uri(), queries, cpu=cpu), "cpu": cpu})
    rows.append({"name": "serve: edit → page shows it", "timings": {"edit": serve_seconds(project)}})
    return rows


def run(n: int, *, stock: bool = True, stock_timeout: float = 900, keep: bool = False,
        browser: bool = True) -> dict:
    source = Project.discover()
    workdir = Path(tempfile.mkdtemp(prefix=f"casebook-bench-{n}-"))
    try:
        project = scaffold_project(source, workdir / "ours")
        t = time.perf_counter()
        generate(project, n)
        generated = round(time.perf_counter() - t, 2)
        py = sys.executable
        check = [py, "-m", "casebook", "--root", str(project.root), "check"]
        build = [py, "-m", "casebook", "--root", str(project.root), "build"]
        results = [
            # A new project: nothing stored (profile/stored.py), every file read and checked.
            measure("validate", check, project.root),
            measure("validate, unchanged", check, project.root),
            # As a contributor, CI and the scale check run it: after a check, whose results it uses.
            measure("build", build, project.root, site=project.site_dir),
            measure("build, nothing stored", build, project.root, site=project.site_dir,
                    env={"CASEBOOK_CACHE": "0"}),
        ]
        stock_site = None
        if stock:
            stock_dir = workdir / "stock"
            stock_docs(project, stock_dir)
            results.append(measure("stock mkdocs build", [py, "-m", "mkdocs", "build", "-q"], stock_dir,
                                   site=stock_dir / "site", timeout=stock_timeout))
            stock_site = stock_dir / "site" if results[-1].returncode == 0 else None
        report = {"profiles": n, "generate_seconds": generated, "python": sys.version.split()[0],
                  "cpus": os.cpu_count(), "results": [asdict(r) for r in results],
                  "queries": {"rare": RARE, "common": COMMON, "unique": UNIQUE},
                  "browser": browser_rows(project, stock_site) if browser else []}
        return report
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def table(report: dict) -> str:
    lines = [f"N = {report['profiles']:,} 个合成案例（生成用时 {report['generate_seconds']} s，{report['cpus']} 核）",
             f"{'步骤':<22}{'耗时 (s)':>10}{'CPU 用户/系统 (s)':>18}{'宿主占用 (s)':>12}"
             f"{'内存峰值 (MB)':>14}{'站点大小 (MB)':>14}  状态"]
    for r in report["results"]:
        state = "超时" if r["timed_out"] else ("成功" if r["returncode"] == 0 else f"退出码 {r['returncode']}")
        size = "" if r["site_mb"] is None else f"{r['site_mb']:.1f}"
        # Reports written before these columns existed have no CPU figures.
        cpu = f"{r['cpu_user']:.1f}/{r['cpu_system']:.1f}" if "cpu_user" in r else ""
        steal = "" if r.get("steal") is None else f"{r['steal']:.1f}"
        lines.append(f"{r['name']:<22}{r['seconds']:>10.2f}{cpu:>18}{steal:>12}{r['peak_mb']:>14.1f}{size:>14}  {state}")
    if report.get("browser"):
        q = report["queries"]
        lines.append(f"搜索：冷启动浏览器，从打开页面到第一条结果，3 次的中位数（秒）；罕见词 {q['rare']}、常见词 {q['common']}、唯一标记 {q['unique']}")
        if any(row.get("cpu") for row in report["browser"]):  # not in older reports
            lines.append("  “浏览器 CPU”：同一次搜索中浏览器各进程的处理器时间之和（秒，中位数）")
        for row in report["browser"]:
            parts = []
            for query, times in row["timings"].items():
                parts.append(f"{query} {median_high(times):.2f}（{'/'.join(f'{x:.2f}' for x in times)}）")
            cpu = [f"{query} {median_high(used):.2f}" for query, used in (row.get("cpu") or {}).items() if used]
            lines.append(f"  {row['name']:<36}" + "；".join(parts) + (f"；浏览器 CPU {'，'.join(cpu)}" if cpu else ""))
    return "\n".join(lines)
