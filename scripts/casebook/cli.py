"""Command line: `python -m casebook <command>` (also the `casebook` script).

命令
  check [文件…] [--fix]    校验案例；--fix 先修正可安全修正的问题
  build                    校验并构建 site/（失败时保留上一次的 site/）
  serve                    本地预览，改动案例后自动刷新
  bundle 课包 | --all      生成离线课包 zip（课包为 all 或 packs/ 下的课包名）
  pack 课包名 --title … …  按做法、地区、年份或 id 新建课包定义 packs/课包名.yml
  new --title … --district … [--practice …]   新建案例草稿
  import 文章 [--url 网址] [--title 原题]     从文章文本或另存的网页导入案例草稿
  docs [--check]           生成（或检查）字段参考、错误代码表与 JSON Schema
  words 文字…              显示搜索索引怎样切分这段文字（检查 data/search_terms.yml 是否需要补词）
  compare ID [文章]        列出案例与原文连续相同的文字（默认比对导入时保存的 build/import/ID.txt）

退出码：0 表示一切正常，1 表示发现问题，2 表示命令用法有误。

环境、测试和维护不是 casebook 的命令，在项目目录里用 make（make help 列出全部）：
  make setup / make setup-test   安装构建所需（.venv），或连同测试所需（含 chromium）
  make test                      安装并运行全部测试
  make bench N=1000              基准测试，与原样的 MkDocs 对比
  make lock / make vendor        重新生成依赖锁定文件 / 重新下载内置的第三方文件
  make clean                     删除生成的输出（site/、build/）
"""

from __future__ import annotations

import argparse
import gettext
import sys
from contextlib import contextmanager
from pathlib import Path

from .paths import Project

# argparse's own messages, in Chinese. argparse looks each one up through gettext
# (`argparse._`, `argparse.ngettext`); `ChineseArgumentParser` answers those look-ups from
# this catalogue while it builds, parses and prints, so usage lines, help headings and
# errors come out in Chinese however they are put together. tests/test_cli.py checks that
# every message the running argparse can look up is here.
ARGPARSE_MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "subcommands": "命令",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的 %(type)s 值",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "unexpected option string: %s": "意外的选项 %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "argument \"-\" with mode %r": "参数“-”不能以 %r 模式打开",
    # Messages about how a parser is defined: only a programming error shows them.
    "%r is not callable": "%r 不可调用",
    "'required' is an invalid argument for positionals": "位置参数不能设置 required",
    ".__call__() not defined": "没有定义 .__call__()",
    "cannot have multiple subparser arguments": "不能有多组子命令",
    "cannot merge actions - two groups are named %r": "无法合并：有两个参数组都叫 %r",
    "conflicting subparser alias: %s": "子命令别名冲突：%s",
    "conflicting subparser: %s": "子命令冲突：%s",
    "dest= is required for options like %r": "%r 这样的选项需要 dest=",
    "invalid conflict_resolution value: %r": "无效的 conflict_resolution 值：%r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "无效的选项 %(option)r：必须以 %(prefix_chars)r 中的字符开头",
    "mutually exclusive arguments must be optional": "互斥的参数必须是可选参数",
    # Python 3.13's argparse adds these (help headings go through "%(heading)s:").
    "%(heading)s:": "%(heading)s：",
    " (default: %(default)s)": "（默认：%(default)s）",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: warning: %(message)s\n": "%(prog)s：警告：%(message)s\n",
    "argument '%(argument_name)s' is deprecated": "参数“%(argument_name)s”已不再使用",
    "option '%(option)s' is deprecated": "选项“%(option)s”已不再使用",
    "command '%(parser_name)s' is deprecated": "命令“%(parser_name)s”已不再使用",
}
ARGPARSE_PLURALS = {
    ("expected %s argument", "expected %s arguments"): "需要 %s 个值",
    ("conflicting option string: %s", "conflicting option strings: %s"): "选项冲突：%s",
}


class ArgparseChinese(gettext.NullTranslations):
    """A gettext catalogue for argparse's messages (see ARGPARSE_MESSAGES)."""

    def gettext(self, message):
        return ARGPARSE_MESSAGES.get(message, message)

    def ngettext(self, singular, plural, n):
        return ARGPARSE_PLURALS.get((singular, plural), singular if n == 1 else plural)


CATALOGUE = ArgparseChinese()


@contextmanager
def chinese_argparse():
    """argparse's gettext look-ups answered from CATALOGUE, for the duration only: other
    parsers in the same process (pytest's, for one) keep their own language."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = CATALOGUE.gettext, CATALOGUE.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help in Chinese, with a full-width colon after each heading (选项：)."""

    class _Section(argparse.HelpFormatter._Section):
        def format_help(self):
            # As argparse's own, but for the heading's colon, which argparse writes as a literal.
            if self.parent is not None:
                self.formatter._indent()
            item_help = self.formatter._join_parts([func(*args) for func, args in self.items])
            if self.parent is not None:
                self.formatter._dedent()
            if not item_help:
                return ""
            heading = ""
            if self.heading is not argparse.SUPPRESS and self.heading is not None:
                heading = "%*s%s：\n" % (self.formatter._current_indent, "", self.heading)
            return self.formatter._join_parts(["\n", heading, item_help, "\n"])

    def format_help(self):
        with chinese_argparse():
            return super().format_help()


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, help and errors are Chinese; an error ends with how to get help."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        with chinese_argparse():
            super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):
        with chinese_argparse():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with chinese_argparse():
            return super().parse_known_args(args, namespace)

    def format_usage(self):
        with chinese_argparse():
            return super().format_usage()

    def format_help(self):
        with chinese_argparse():
            return super().format_help()

    def add_subparsers(self, **kwargs):
        with chinese_argparse():
            return super().add_subparsers(**kwargs)

    def error(self, message):
        with chinese_argparse():
            self.print_usage(sys.stderr)
            self.exit(2, argparse._("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message}
                      + f"运行 {self.prog} -h 查看全部参数和说明。\n")


def main(argv: list[str] | None = None) -> int:
    # Chinese output must not crash on a terminal or CI log set to ASCII.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.root and not (Path(args.root) / "mkdocs.yml").is_file():
        # Project.discover would fall back to this checkout: a mistyped --root must not write there.
        print(f"--root：{args.root} 中没有 mkdocs.yml，不是案例库的目录；请给出含 mkdocs.yml 和 data/ 的目录", file=sys.stderr)
        return 2
    project = Project.discover(Path(args.root) if args.root else None)
    try:
        return args.run(project, args)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="casebook", description="社区实践案例库工具", epilog=__doc__.split("\n", 2)[2])
    parser.add_argument("--root", metavar="目录", help="项目目录（默认：向上查找含 mkdocs.yml 的目录）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令",
                                help="要运行的命令；casebook 命令 -h 列出这个命令的参数")

    p = sub.add_parser("check", help="校验案例", description="校验案例：每个问题一行，草稿还有多少 TODO 也会说明")
    p.add_argument("files", nargs="*", type=Path, metavar="文件", help="只检查这些文件（默认全部）")
    p.add_argument("--fix", action="store_true", help="先修正可安全修正的问题，再报告其余问题")
    p.add_argument("--dry-run", action="store_true", help="与 --fix 同用：只显示会改什么，不写文件")
    p.set_defaults(run=_check)

    p = sub.add_parser("build", help="校验并构建 site/", description="校验全部案例并构建 site/（失败时保留上一次的 site/）")
    p.add_argument("--site-dir", type=Path, metavar="目录", help="输出目录（默认 site/）")
    p.set_defaults(run=_build)

    p = sub.add_parser("serve", help="本地预览，改动案例后自动刷新", description="本地预览，改动案例后自动刷新")
    p.add_argument("--addr", default="127.0.0.1:8000", metavar="地址", help="监听地址（默认 127.0.0.1:8000）")
    p.set_defaults(run=_serve)

    p = sub.add_parser("bundle", help="生成离线课包 zip", description="生成离线课包 zip")
    p.add_argument("pack", nargs="?", metavar="课包", help="课包名（packs/ 下的文件名）、.yml 文件路径，或 all（整站）")
    p.add_argument("--all", action="store_true", dest="every", help="生成 packs/ 下的全部课包和整站离线包")
    p.add_argument("--out", type=Path, metavar="目录", help="zip 的输出目录（默认 build/bundles/）")
    p.add_argument("--no-pdf", action="store_true", help="不生成 PDF 讲义（没有 chromium 时）")
    p.set_defaults(run=_bundle)

    p = sub.add_parser("pack", help="新建课包定义 packs/课包名.yml（之后用 bundle 课包名 生成课包）",
                       description="新建课包定义 packs/课包名.yml；参数有误时逐条指出，不写文件")
    p.add_argument("name", metavar="课包名", help="小写字母、数字和连字符，如 hongse-wuye-2027")
    p.add_argument("--title", required=True, metavar="课程名称", help="课程名称，印在讲义封面上")
    p.add_argument("--date", metavar="日期", help="上课日期，如 2027-03-15")
    p.add_argument("--trainer", metavar="主讲人", help="主讲人")
    p.add_argument("--intro", metavar="说明", help="课包说明")
    p.add_argument("--practice", action="append", default=[], metavar="做法", help="按做法选（可重复，任一即可）")
    p.add_argument("--region", action="append", default=[], metavar="地区", help="按地区选：省、省/市、省/市/区县（可重复）")
    p.add_argument("--year", action="append", default=[], metavar="年份", help="按报道年份选，unknown 为年份不详（可重复）")
    p.add_argument("--id", dest="ids", action="append", default=[], metavar="案例id", help="一定收录的案例 id（可重复）")
    p.add_argument("--exclude", action="append", default=[], metavar="案例id", help="一定不收录的案例 id（可重复）")
    p.add_argument("--drop-outside-links", action="store_true", help="去掉指向未收录案例的链接（默认指向在线站点）")
    p.set_defaults(run=_pack)

    p = sub.add_parser("new", help="新建案例草稿", description="新建案例草稿：省、市缺省时由 --district 查区划表补上，"
                       "并记入 supplemented；同一地方已有同一做法的案例时会提示")
    p.add_argument("--title", required=True, metavar="标题", help="标题：地方 + 做法")
    p.add_argument("--practice", action="append", default=[], metavar="做法", help="做法（取自词表，可重复）")
    p.add_argument("--province", metavar="省", help="省级行政区（缺省时由 --district 查区划表）")
    p.add_argument("--city", metavar="市", help="地级市（缺省时由 --district 查区划表）")
    p.add_argument("--district", required=True, metavar="区县", help="区县，如 福清市、下陆区、济南高新区")
    p.add_argument("--district-kind", choices=["行政区", "功能区"], default="行政区", help="区县的类别（默认 行政区）")
    p.add_argument("--street", metavar="街道", help="街道、镇或乡")
    p.add_argument("--community", metavar="社区", help="社区或村")
    p.add_argument("--date", metavar="日期", help="报道日期：2024-06-28、2024-06、2024 或 --02-21")
    p.add_argument("--source-title", metavar="原题", help="来源的原文标题")
    p.add_argument("--publisher", metavar="发布单位", help="来源的发布单位")
    p.add_argument("--url", metavar="网址", help="来源网址")
    p.add_argument("--id", dest="profile_id", metavar="id", help="id（缺省时由地名和做法生成拼音 id）")
    p.set_defaults(run=_new)

    p = sub.add_parser("import", help="从文章文本导入案例草稿",
                       description="从保存为文本的文章或另存的网页导入案例草稿；网址中的日期和网站也会用上")
    p.add_argument("article", type=Path, metavar="文章", help="保存为文本的文章，或另存的网页 .html（UTF-8 或 GBK/GB18030）")
    p.add_argument("--id", dest="profile_id", metavar="id", help="id（缺省时由地名和做法生成）")
    p.add_argument("--url", metavar="网址", help="原文网址：记入 sources，并从中读取发布日期和网站")
    p.add_argument("--title", metavar="原题", help="原文标题（文中找不到或找错时）")
    p.set_defaults(run=_import)

    p = sub.add_parser("docs", help="生成字段参考、错误代码表与 JSON Schema",
                       description="生成字段参考、错误代码表与 JSON Schema")
    p.add_argument("--check", action="store_true", help="只检查是否过期，过期时退出码为 1")
    p.set_defaults(run=_docs)

    p = sub.add_parser("compare", help="列出案例与原文连续相同的文字", description="列出案例与原文连续相同的文字")
    p.add_argument("profile_id", metavar="id", help="案例 id（profiles/ 下的文件名，不含 .md）")
    p.add_argument("article", nargs="?", type=Path, metavar="文章", help="原文文本（默认 build/import/ID.txt，由 import 保存）")
    p.set_defaults(run=_compare)

    p = sub.add_parser("words", help="显示搜索索引怎样切分一段文字", description="显示搜索索引怎样切分一段文字")
    p.add_argument("text", nargs="+", metavar="文字", help="要切分的文字，如 案例标题")
    p.set_defaults(run=_words)
    return parser


def _compare(project: Project, args: argparse.Namespace) -> int:
    from .importer.originality import COPY_LIMIT, copied_runs
    from .profile import document
    from .zh import textclean

    path = project.profiles_dir / f"{args.profile_id}.md"
    article = args.article or project.build_dir / "import" / f"{args.profile_id}.txt"
    if not path.is_file():
        print(f"找不到 {project.rel(path)}：请给出案例 id（文件名，不含 .md）", file=sys.stderr)
        return 2
    if not article.is_file():
        print(f"找不到原文 {project.rel(article)}：用 import 导入时会保存它；否则把原文存成文本文件，写 make compare ID=案例id FILE=原文.txt（或在命令后写上它的路径）",
              file=sys.stderr)
        return 2
    doc = document.read(path, project.rel(path))
    if doc.data is None:
        print(f"{project.rel(path)} 无法读取，请先运行 make check", file=sys.stderr)
        return 2
    title, summary = (str(doc.data.get(k) or "") for k in ("title", "summary"))
    source = textclean.read(article).full_text
    runs = copied_runs(title, summary, doc.body, source)
    for run in runs:
        print(f"{project.rel(path)}: 与原文相同（不计标点）：{run}")
    # A metric's quote is the source's own words, as they stand in it (the same rule
    # the seed profiles are tested with): the figure is checked against it.
    metrics = doc.data.get("metrics")
    unquoted = [(i, m["quote"]) for i, m in enumerate(metrics if isinstance(metrics, list) else [])
                if isinstance(m, dict) and isinstance(m.get("quote"), str) and m["quote"] not in source]
    for i, quote in unquoted:
        print(f"{project.rel(path)}:{doc.line_of(('metrics', i, 'quote'))}: metrics[{i}].quote 在原文中找不到：{quote}")
    if runs:
        print(f"共 {len(runs)} 处与原文连续 {COPY_LIMIT} 字以上相同：请用自己的话改写（引号内的原话不算）。", file=sys.stderr)
    else:
        print(f"没有与原文连续 {COPY_LIMIT} 字以上相同的文字（引号内的原话不计）。", file=sys.stderr)
    if unquoted:
        print(f"{len(unquoted)} 条指标的 quote 不是原文中的原话：从原文中逐字复制包含这个数字的那句话（不改一字）。", file=sys.stderr)
    elif metrics:
        print("每条指标的 quote 都能在原文中找到。", file=sys.stderr)
    return 1 if runs or unquoted else 0


def _words(project: Project, args: argparse.Namespace) -> int:
    from .profile.validate import check_project
    from .site.library import Library
    from .site.prepare import search_words, segmenter

    cut = segmenter(search_words(Library.from_report(check_project(project))))
    for text in args.text:
        print(" / ".join(cut(text)))
    return 0


def _build(project: Project, args: argparse.Namespace) -> int:
    from .site.build import build

    return build(project, args.site_dir.resolve() if args.site_dir else None)


def _serve(project: Project, args: argparse.Namespace) -> int:
    from .profile.validate import check_project
    from .site import engine

    taken = _address_taken(args.addr)
    if taken:
        print(f"无法在 {args.addr} 预览：{taken}", file=sys.stderr)
        return 1
    report = check_project(project)
    for problem in report.problems:
        print(problem)
    if report.problems:
        print(f"有 {len(report.problems)} 处问题：预览中暂不显示有问题的案例，改好后会自动刷新。", file=sys.stderr)
    print(f"预览地址：http://{args.addr}/（Ctrl+C 停止）", file=sys.stderr)
    engine.replace_process(engine.serve_command(project, args.addr), project)
    return 0  # not reached


def _address_taken(addr: str) -> str | None:
    """What stops the preview from listening on `addr` (host:port), before anything is
    built: MkDocs would find out only after the build, with a traceback, while the
    program already on that port answers the reader's browser. Probed as MkDocs
    binds: IPv6 for an IPv6 address, else IPv4 (localhost is 127.0.0.1 there)."""
    import errno
    import ipaddress
    import os
    import socket

    host, _, port = addr.rpartition(":")
    if not host or not port.isdecimal() or not 0 < int(port) < 65536:
        return "地址要写成 主机:端口，如 127.0.0.1:8000（make serve HOST=127.0.0.1:8000）"
    bare = host.strip("[]")
    try:
        v6 = isinstance(ipaddress.ip_address(bare), ipaddress.IPv6Address)
    except ValueError:
        v6 = False
    with socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # as the server will: a closed preview's lingering connections do not count
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((bare, int(port)))
        except (socket.gaierror, UnicodeError):
            return f"找不到主机“{host}”，可用 127.0.0.1"
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (f"端口 {int(port)} 已被占用（也许另一个预览还开着）。关掉它，或换一个端口："
                        f"make serve HOST={host}:{int(port) + 1}")
            why = {errno.EADDRNOTAVAIL: "这台机器没有这个地址", errno.EACCES: "没有权限使用这个端口（1024 以下的端口要管理员权限）"}
            return f"{why.get(exc.errno, '系统不允许在这个地址监听')}。换一个地址，如 make serve HOST=127.0.0.1:8000"
    return None


def _bundle(project: Project, args: argparse.Namespace) -> int:
    from .packs.bundle import bundle
    from .profile.packs import ALL, available

    if args.every:
        names = [ALL, *available(project)]
    elif args.pack:
        names = [args.pack]
    else:
        print("请给出课包名，如 casebook bundle all；可用的课包：" + "、".join([ALL, *available(project)]), file=sys.stderr)
        return 2
    status = 0
    for name in names:
        print(f"正在生成课包 {name} …", file=sys.stderr)
        result = bundle(project, name, out_dir=args.out.resolve() if args.out else None, pdf=not args.no_pdf)
        for problem in result.problems:
            print(problem)
        if result.zip_path:
            print(f"已生成 {project.rel(result.zip_path)}（{len(result.pack.ids)} 个案例，{result.files} 个文件，"
                  f"{result.size / 1e6:.1f} MB）", file=sys.stderr)
        else:
            print(f"课包 {name} 没有生成，也没有留下不完整的 zip。", file=sys.stderr)
            status = 1
    return status


def _report_new(project: Project, path: Path, problems: list) -> int:
    for problem in problems:
        print(problem)
    state = "有问题，请按提示修改" if problems else "已通过草稿校验"
    print(f"已创建 {project.rel(path)}（{state}）。在编辑器中打开它，按文末“待办”逐条完成。", file=sys.stderr)
    return 1 if problems else 0


def _new(project: Project, args: argparse.Namespace) -> int:
    from .importer.scaffold import NewProfile, ScaffoldError, new_profile

    spec = NewProfile(title=args.title, practices=args.practice, province=args.province, city=args.city,
                      district=args.district, district_kind=args.district_kind, street=args.street,
                      community=args.community, date=args.date, profile_id=args.profile_id,
                      source_title=args.source_title, publisher=args.publisher, url=args.url)
    try:
        created = new_profile(project, spec)
    except ScaffoldError as exc:
        print(f"没有创建文件：{exc}", file=sys.stderr)
        return 1
    if created.similar:
        print(f"注意：同一地方、同一做法已有案例 {'、'.join(created.similar)}。一个地方的一项做法只写一个案例；"
              f"新来源的事实请加进已有案例，确属另一项做法再保留新草稿。", file=sys.stderr)
    return _report_new(project, created.path, created.problems)


MAX_FLAGS_SHOWN = 10


def _import(project: Project, args: argparse.Namespace) -> int:
    from .zh import textclean

    try:  # junk is refused before the importer (jieba, pypinyin) is even loaded
        textclean.refuse_long(textclean.decode(textclean.read_checked(args.article))[0])
    except textclean.NotAnArticle as exc:
        print(f"没有创建文件：{args.article} 不能导入：{exc}", file=sys.stderr)
        return 1
    except OSError:
        pass  # import_article says what is wrong with the path
    from .importer.article import ArticleError, import_article

    try:
        result = import_article(project, args.article, profile_id=args.profile_id, url=args.url, title=args.title)
    except ArticleError as exc:
        print(f"没有创建文件：{exc}", file=sys.stderr)
        return 1
    found = result.found
    print(f"读取 {args.article}（{result.cleaned.encoding}{'，繁体已转简体' if result.cleaned.traditional else ''}）：")
    print(f"  标题：{found.title or '（未找到）'}")
    print(f"  日期：{found.published or '（未找到）'}  发布单位：{found.publisher or '（未找到）'}  作者：{found.author or '（未找到）'}")
    r = found.region
    print(f"  地区：{r.province or '?'} {r.city or '?'} {r.district or '?'} {r.street or ''} {found.community or ''}".rstrip())
    if r.note:
        print(f"  地区待补：{r.note}")
    if found.publisher_note and not found.publisher:
        print(f"  发布单位待补：{found.publisher_note}")
    print(f"  指标：{len(found.metrics)} 个  建议做法：{'、'.join(n for n, _ in found.practices[:3]) or '（无）'}")
    for flag in result.cleaned.flags[:MAX_FLAGS_SHOWN]:
        print(f"{args.article}:{flag.line}: 疑似乱码“{flag.text}”（{flag.reason}）")
    if len(result.cleaned.flags) > MAX_FLAGS_SHOWN:
        print(f"另有 {len(result.cleaned.flags) - MAX_FLAGS_SHOWN} 处疑似乱码，见草稿的“待办”。")
    if result.existing:
        print(f"注意：这篇报道已有案例 {'、'.join(result.existing)}；新草稿应写其中另一项做法，重复导入时删除草稿即可。")
    return _report_new(project, result.path, result.problems)


PACK_OPTIONS = {"title": "--title", "date": "--date", "trainer": "--trainer", "intro": "--intro", "select.practices": "--practice", "select.regions": "--region",
                "select.years": "--year", "ids": "--id", "exclude": "--exclude"}


def _pack(project: Project, args: argparse.Namespace) -> int:
    from .profile.packs import PackExists, create
    from .profile.validate import check_project

    years = [int(y) if y.isdigit() else y for y in args.year]
    definition = {
        "title": args.title, "date": args.date, "trainer": args.trainer, "intro": args.intro,
        "select": {"practices": args.practice, "regions": args.region, "years": years},
        "ids": args.ids, "exclude": args.exclude, "outside_links": "drop" if args.drop_outside_links else None,
    }
    try:
        pack, problems = create(project, args.name, definition, check_project(project))
    except PackExists as exc:
        print(f"{project.rel(exc.path)} 已存在，没有覆盖它。换一个课包名，或直接编辑该文件", file=sys.stderr)
        return 1
    for problem in problems:
        option = next((flag for key, flag in PACK_OPTIONS.items() if problem.field.startswith(key)), "")
        print(f"{option or '课包'}: {problem.code}: {problem.message}")
    if pack is None:
        print("没有创建课包文件：请按上面的提示修改参数。", file=sys.stderr)
        return 1
    print(f"已创建 {project.rel(pack.path)}：选中 {len(pack.ids)} 个案例（{'、'.join(pack.ids)}）。"
          f"生成课包：make bundle PACK={pack.name}", file=sys.stderr)
    return 0


def _docs(project: Project, args: argparse.Namespace) -> int:
    from .profile import reference

    if args.check:
        stale = reference.stale(project)
        for path in stale:
            print(f"{project.rel(path)}: 已过期，请运行 make docs 并提交结果")
        return 1 if stale else 0
    for path in reference.write(project):
        print(f"已更新 {project.rel(path)}")
    return 0


def _check(project: Project, args: argparse.Namespace) -> int:
    from .profile.problems import summary
    from .profile.validate import check_project

    files = [f for f in args.files if f.suffix == ".md"] or None
    if args.fix:
        from .profile.fix import fix_files

        changed = fix_files(project, files, dry_run=args.dry_run)
        for line in changed:
            print(line)
    from .profile.packs import available

    packs = available(project) if files is None else []
    report = check_project(project, files, models=False)
    problems = list(report.problems) + _check_packs(project, report, packs)
    for problem in problems:
        print(problem)
    checked = len(files) if files is not None else len(report.entries)
    wanted = {f.resolve() for f in files} if files is not None else None
    drafts = {e.doc.shown: e.doc.todos for e in report.entries
              if isinstance(e.doc.data, dict) and e.doc.data.get("status") == "draft"
              and (wanted is None or e.doc.path.resolve() in wanted)}
    print(summary(problems, checked, drafts), file=sys.stderr)
    return 1 if problems else 0


def _check_packs(project: Project, report, names: list[str]) -> list:
    """The class packs of packs/, as `bundle` reads them: a pack that cannot be bundled fails
    the pull request that brings it, not the publishing after it is merged."""
    from .profile.packs import load_pack

    return [problem for name in names for problem in load_pack(project, name, report)[1]]
