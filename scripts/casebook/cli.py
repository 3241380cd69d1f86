"""Command line: `python -m casebook <command>` (also the `casebook` script).

Commands
  check [FILES…] [--fix]   校验案例；--fix 先修正可安全修正的问题
  build                    校验并构建 site/（失败时保留上一次的 site/）
  serve                    本地预览，改动案例后自动刷新
  bundle PACK | --all      生成离线课包 zip（PACK 为 all 或 packs/ 下的课包名）
  pack NAME --title … …    按做法、地区、年份或 id 新建课包定义 packs/NAME.yml
  new --title … …          新建案例草稿
  import ARTICLE.txt       从文章文本导入案例草稿
  docs [--check]           生成（或检查）字段参考、错误代码表与 JSON Schema
  words TEXT…              显示搜索索引怎样切分这段文字（检查 data/search_terms.yml 是否需要补词）
  compare ID [ARTICLE]     列出案例与原文连续相同的文字（默认比对导入时保存的 build/import/ID.txt）

Exit status: 0 when all is well, 1 when problems were found, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import Project


def main(argv: list[str] | None = None) -> int:
    # Chinese output must not crash on a terminal or CI log set to ASCII.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    project = Project.discover(Path(args.root) if args.root else None)
    try:
        return args.run(project, args)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casebook", description="社区实践案例库工具", epilog=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", help="项目目录（默认：向上查找含 mkdocs.yml 的目录）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="校验案例")
    p.add_argument("files", nargs="*", type=Path, help="只检查这些文件（默认全部）")
    p.add_argument("--fix", action="store_true", help="先修正可安全修正的问题，再报告其余问题")
    p.add_argument("--dry-run", action="store_true", help="与 --fix 同用：只显示会改什么，不写文件")
    p.set_defaults(run=_check)

    p = sub.add_parser("build", help="校验并构建 site/")
    p.add_argument("--site-dir", type=Path, help="输出目录（默认 site/）")
    p.set_defaults(run=_build)

    p = sub.add_parser("serve", help="本地预览，改动案例后自动刷新")
    p.add_argument("--addr", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")
    p.set_defaults(run=_serve)

    p = sub.add_parser("bundle", help="生成离线课包 zip")
    p.add_argument("pack", nargs="?", help="课包名（packs/ 下的文件名）、.yml 文件路径，或 all（整站）")
    p.add_argument("--all", action="store_true", dest="every", help="生成 packs/ 下的全部课包和整站离线包")
    p.add_argument("--out", type=Path, help="zip 的输出目录（默认 build/bundles/）")
    p.add_argument("--no-pdf", action="store_true", help="不生成 PDF 讲义（没有 chromium 时）")
    p.set_defaults(run=_bundle)

    p = sub.add_parser("pack", help="新建课包定义 packs/NAME.yml（之后用 bundle NAME 生成课包）")
    p.add_argument("name", help="课包名：小写字母、数字和连字符，如 hongse-wuye-2027")
    p.add_argument("--title", required=True, help="课程名称，印在讲义封面上")
    p.add_argument("--date", help="上课日期，如 2027-03-15")
    p.add_argument("--trainer", help="主讲人")
    p.add_argument("--intro", help="课包说明")
    p.add_argument("--practice", action="append", default=[], help="按做法选（可重复，任一即可）")
    p.add_argument("--region", action="append", default=[], help="按地区选：省、省/市、省/市/区县（可重复）")
    p.add_argument("--year", action="append", default=[], help="按报道年份选，unknown 为年份不详（可重复）")
    p.add_argument("--id", dest="ids", action="append", default=[], help="一定收录的案例 id（可重复）")
    p.add_argument("--exclude", action="append", default=[], help="一定不收录的案例 id（可重复）")
    p.add_argument("--drop-outside-links", action="store_true", help="去掉指向未收录案例的链接（默认指向在线站点）")
    p.set_defaults(run=_pack)

    p = sub.add_parser("new", help="新建案例草稿")
    p.add_argument("--title", required=True, help="标题：地方 + 做法")
    p.add_argument("--practice", action="append", default=[], help="做法（取自词表，可重复）")
    p.add_argument("--province", help="省级行政区（缺省时由 --district 查区划表）")
    p.add_argument("--city", help="地级市（缺省时由 --district 查区划表）")
    p.add_argument("--district", required=True, help="区县，如 福清市、下陆区、济南高新区")
    p.add_argument("--district-kind", choices=["行政区", "功能区"], default="行政区")
    p.add_argument("--street", help="街道、镇或乡")
    p.add_argument("--community", help="社区或村")
    p.add_argument("--date", help="报道日期：2024-06-28、2024-06、2024 或 --02-21")
    p.add_argument("--source-title", help="来源的原文标题")
    p.add_argument("--publisher", help="来源的发布单位")
    p.add_argument("--url", help="来源网址")
    p.add_argument("--id", dest="profile_id", help="id（缺省时由地名和做法生成拼音 id）")
    p.set_defaults(run=_new)

    p = sub.add_parser("import", help="从文章文本导入案例草稿")
    p.add_argument("article", type=Path, help="保存为文本的文章，或另存的网页 .html（UTF-8 或 GBK/GB18030）")
    p.add_argument("--id", dest="profile_id", help="id（缺省时由地名和做法生成）")
    p.add_argument("--url", help="原文网址")
    p.set_defaults(run=_import)

    p = sub.add_parser("docs", help="生成字段参考、错误代码表与 JSON Schema")
    p.add_argument("--check", action="store_true", help="只检查是否过期，过期时退出码为 1")
    p.set_defaults(run=_docs)

    p = sub.add_parser("compare", help="列出案例与原文连续相同的文字")
    p.add_argument("profile_id", help="案例 id（profiles/ 下的文件名，不含 .md）")
    p.add_argument("article", nargs="?", type=Path, help="原文文本（默认 build/import/ID.txt，由 import 保存）")
    p.set_defaults(run=_compare)

    p = sub.add_parser("words", help="显示搜索索引怎样切分一段文字")
    p.add_argument("text", nargs="+", help="要切分的文字，如 案例标题")
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
        print(f"找不到原文 {project.rel(article)}：用 import 导入时会保存它；否则在命令后写上原文文本文件的路径",
              file=sys.stderr)
        return 2
    doc = document.read(path, project.rel(path))
    if doc.data is None:
        print(f"{project.rel(path)} 无法读取，请先运行 make check", file=sys.stderr)
        return 2
    title, summary = (str(doc.data.get(k) or "") for k in ("title", "summary"))
    runs = copied_runs(title, summary, doc.body, textclean.read(article).full_text)
    for run in runs:
        print(f"{project.rel(path)}: 与原文相同（不计标点）：{run}")
    if runs:
        print(f"共 {len(runs)} 处与原文连续 {COPY_LIMIT} 字以上相同：请用自己的话改写（引号内的原话不算）。", file=sys.stderr)
        return 1
    print(f"没有与原文连续 {COPY_LIMIT} 字以上相同的文字（引号内的原话不计）。", file=sys.stderr)
    return 0


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

    report = check_project(project)
    for problem in report.problems:
        print(problem)
    if report.problems:
        print(f"有 {len(report.problems)} 处问题：预览中暂不显示有问题的案例，改好后会自动刷新。", file=sys.stderr)
    print(f"预览地址：http://{args.addr}/（Ctrl+C 停止）", file=sys.stderr)
    engine.replace_process(engine.serve_command(project, args.addr), project)
    return 0  # not reached


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
        path, problems = new_profile(project, spec)
    except ScaffoldError as exc:
        print(f"没有创建文件：{exc}", file=sys.stderr)
        return 1
    return _report_new(project, path, problems)


def _import(project: Project, args: argparse.Namespace) -> int:
    from .importer.article import ArticleError, import_article

    try:
        result = import_article(project, args.article, profile_id=args.profile_id, url=args.url)
    except ArticleError as exc:
        print(f"没有创建文件：{exc}", file=sys.stderr)
        return 1
    found = result.found
    print(f"读取 {args.article}（{result.cleaned.encoding}{'，繁体已转简体' if result.cleaned.traditional else ''}）：")
    print(f"  标题：{found.title or '（未找到）'}")
    print(f"  日期：{found.published or '（未找到）'}  发布单位：{found.publisher or '（未找到）'}  作者：{found.author or '（未找到）'}")
    r = found.region
    print(f"  地区：{r.province or '?'} {r.city or '?'} {r.district or '?'} {r.street or ''} {found.community or ''}".rstrip())
    print(f"  指标：{len(found.metrics)} 个  建议做法：{'、'.join(n for n, _ in found.practices[:3]) or '（无）'}")
    for flag in result.cleaned.flags:
        print(f"{args.article}:{flag.line}: 疑似乱码“{flag.text}”（{flag.reason}）")
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
    report = check_project(project, files)
    for problem in report.problems:
        print(problem)
    checked = len(files) if files is not None else len(report.entries)
    print(summary(report.problems, checked), file=sys.stderr)
    return 1 if report.problems else 0
