"""社区实践案例库的工具：加载、校验、渲染、构建、离线课包与投稿。

The core (load → validate → render) imports nothing from MkDocs; the only
MkDocs glue is `mkdocs_hooks.py` and `engine.py`, so that another engine that
reads the same `mkdocs.yml` (e.g. Zensical) can replace it cheaply.
"""

__version__ = "0.1.0"
