"""Benchmark build, search and serve: python scripts/run_benchmark.py -n 1000 [-n 10000] [--no-stock] [--no-browser]

Writes the figures to build/bench/bench-N.json and prints a table.
"""

import argparse
import json

from casebook import bench
from casebook.paths import Project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, action="append", help="合成案例数，可重复（默认 1000）")
    parser.add_argument("--no-stock", action="store_true", help="不跑原样的 MkDocs 构建（它随 N 平方增长）")
    parser.add_argument("--stock-timeout", type=float, default=900, help="原样构建的超时秒数（默认 900）")
    parser.add_argument("--no-browser", action="store_true", help="不测浏览器中的搜索和 serve 的刷新时间")
    args = parser.parse_args()
    out = Project.discover().build_dir / "bench"
    out.mkdir(parents=True, exist_ok=True)
    for n in args.n or [1000]:
        report = bench.run(n, stock=not args.no_stock, stock_timeout=args.stock_timeout, browser=not args.no_browser)
        (out / f"bench-{n}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        print(bench.table(report), flush=True)
        print()


if __name__ == "__main__":
    main()
