# Task runner. `make` alone lists the targets.
# Every target that needs Python packages sets them up first (scripts/bootstrap.py,
# through scripts/bootstrap.sh), so `make serve` and `make test` work on a fresh
# Debian machine. Each target is one Python command; README "Windows / macOS" lists them.
# PYTHON=/path/to/python3.x chooses the interpreter for .venv (3.11–3.13).

ifeq ($(OS),Windows_NT)
PY      := .venv/Scripts/python.exe
else
PY      := .venv/bin/python
endif
CB      := $(PY) -m casebook
BOOT    := sh scripts/bootstrap.sh
HOST    ?= 127.0.0.1:8000
N       ?= 1000
PACK    ?= all

.DEFAULT_GOAL := help
.PHONY: help setup setup-test serve build check fix test test-fast docs docs-check \
        bench bundle bundles pack new import compare words lock vendor clean

help: ## 列出所有目标
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

setup: ## 安装构建站点所需的 Python 包（.venv）
	@$(BOOT) site

setup-test: ## 安装测试所需的一切（含 Debian 的 chromium 与 fonts-noto-cjk）
	@$(BOOT) test

serve: setup ## 校验并在 http://127.0.0.1:8000 本地预览（HOST=地址:端口 可改），改动案例后自动刷新
	$(CB) serve --addr $(HOST)

build: setup ## 校验全部案例并构建 site/（失败时保留上一次的 site/）
	$(CB) build

check: setup ## 校验全部案例，逐条列出 路径:行号: 代码 字段: 说明
	$(CB) check

fix: setup ## 自动修正可安全修正的问题（字段顺序、日期与数字格式、全角数字、行尾空格、做法同义词）
	$(CB) check --fix

test: setup-test ## 安装并运行全部测试（含浏览器测试）
	$(PY) -m pytest

test-fast: setup-test ## 只跑不需要浏览器和整站构建的测试
	$(PY) -m pytest -m "not browser and not slow"

docs: setup ## 重新生成字段参考、错误代码表与 JSON Schema
	$(CB) docs

docs-check: setup ## 检查生成的参考文档是否过期
	$(CB) docs --check

bench: setup-test ## 基准测试：N 个合成案例的校验、构建、搜索与 serve 刷新，并与原样 MkDocs 对比（N=1000）
	$(PY) scripts/run_benchmark.py -n $(N)

bundle: setup ## 生成离线课包 zip（PACK=all 或 packs/ 下的课包名；ARGS=--no-pdf 不生成 PDF 讲义）
	$(CB) bundle $(PACK) $(ARGS)

bundles: setup ## 生成 packs/ 下全部课包与整站离线包（ARGS=--no-pdf 同上）
	$(CB) bundle --all $(ARGS)

pack: setup ## 新建课包定义，如 make pack NAME=hongse-2027 ARGS='--title 红色物业专题 --practice 红色物业'
	$(CB) pack $(NAME) $(ARGS)

new: setup ## 新建案例草稿，如 make new ARGS='--title 北大社区：邻里管家 --district 福清市 --practice 邻里管家'
	$(CB) new $(ARGS)

import: setup ## 从文章导入案例草稿，如 make import FILE=文章.txt URL=https://… （URL、TITLE 可省）
	@test -n "$(FILE)" || { echo "请给出文章文件，如 make import FILE=文章.txt URL=原文网址" >&2; exit 2; }
	$(CB) import "$$FILE" $(if $(URL),--url "$$URL") $(if $(TITLE),--title "$$TITLE") $(ARGS)

compare: setup ## 比对案例与原文（照抄的句子、找不到的引语），如 make compare ID=案例id [FILE=原文.txt]
	@test -n "$(ID)" || { echo "请给出案例 id，如 make compare ID=fuqing-beida-hongse-wuye FILE=原文.txt" >&2; exit 2; }
	$(CB) compare "$$ID" $(if $(FILE),"$$FILE")

words: setup ## 显示搜索索引怎样切分一段文字，如 make words TEXT='办非遗剪纸公益课堂'
	$(CB) words "$(TEXT)"

lock: ## 用 uv 重新生成 requirements/*.txt（带哈希，覆盖 Python 3.11–3.13 与各平台）
	@$(BOOT) lock $(if $(UPGRADE),--upgrade)

vendor: ## 重新下载并核对内置的 iframe-worker、行政区划和地图边界数据（需要 npm）
	sh scripts/vendor_iframe_worker.sh
	sh scripts/vendor_divisions.sh
	sh scripts/vendor_boundaries.sh

clean: ## 删除生成的输出（site/、build/）
	@$(BOOT) clean
