"""社区实践案例库的工具：加载、校验、渲染、构建、离线课包与投稿。

Stages, each a sub-package that imports only the ones before it:

    zh/        Chinese text primitives: cleaning, numbers, dates, place names
    profile/   the profile model and its checks (and pack definitions)
    importer/  article → draft profile
    site/      library, pages, open data, engine glue, build
    packs/     offline class bundles and the handout PDF

`cli.py` sits on top; `paths.py` and `templating.py` are shared by all.
The core imports nothing from MkDocs: the only MkDocs glue is
`site/mkdocs_hooks.py` and `site/engine.py`, so that another engine that reads
the same `mkdocs.yml` (e.g. Zensical) can replace it cheaply.
"""

__version__ = "0.1.0"
