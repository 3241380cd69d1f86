"""The package layout is the architecture: stages import only the stages before them.

    zh → profile → importer
                 → site → packs          (cli on top; paths, templating and parallel shared)
"""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import casebook
from conftest import ROOT

PACKAGE = Path(casebook.__file__).parent
# What each stage may import from casebook, besides itself and the shared modules.
ALLOWED = {
    "zh": set(),
    "profile": {"zh"},
    "importer": {"zh", "profile"},
    "site": {"zh", "profile"},
    "packs": {"zh", "profile", "site"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def casebook_imports(path: Path) -> set[str]:
    """Every casebook module `path` imports, at the top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)  # `from . import x` names a module
    return {m for m in found if m == "casebook" or m.startswith("casebook.")}


def owner(module: str) -> str:
    """The stage a module belongs to; "shared" for paths, templating and parallel; "top" for cli and the like."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in ALLOWED:
        return parts[1]
    if module == "casebook" or parts[1] in ("paths", "templating", "parallel"):
        return "shared"
    return "top"


def violations() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = owner(module_name(path))
        if here == "top":
            continue  # cli, bench, __main__ sit on top and may use anything
        if here in ("zh", "shared"):
            allowed = {here} if here == "zh" else set()  # nothing of casebook
        else:
            allowed = ALLOWED[here] | {here, "shared"}
        out += [f"{module_name(path)} imports {target}" for target in sorted(casebook_imports(path))
                if owner(target) not in allowed and not (here == "shared" and target == "casebook")]
    return out


def test_stages_import_only_downwards():
    assert violations() == []


def test_the_checker_sees_lazy_and_relative_imports(tmp_path):
    # The rule above is only as good as the import reader: it must see an import
    # hidden in a function and written relatively, as the code base writes them.
    path = PACKAGE / "profile" / "validate.py"
    assert "casebook.profile.document" in casebook_imports(path)
    assert "casebook.importer.drafts" in casebook_imports(PACKAGE / "importer" / "article.py")
    cli = casebook_imports(PACKAGE / "cli.py")
    assert {"casebook.packs.bundle", "casebook.site.build"} <= cli  # imported inside functions


def test_few_modules_at_the_top():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top
    for sub in ALLOWED:
        doc = ast.get_docstring(ast.parse((PACKAGE / sub / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "\n" not in doc.strip(), f"{sub}/__init__.py needs a one-line docstring"


def test_the_core_never_imports_the_site_engine():
    """Load, validate, render, import, bundle: all engine-free, so that replacing
    MkDocs/Material (e.g. by Zensical) touches site/mkdocs_hooks.py and site/engine.py only."""
    modules = [m.name for m in pkgutil.walk_packages(casebook.__path__, "casebook.")
               if m.name not in ("casebook.site.mkdocs_hooks", "casebook.__main__")]
    assert len(modules) > 30
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print(sorted({n.split('.')[0] for n in sys.modules} & {'mkdocs', 'material'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("script", sorted(p.name for p in (ROOT / "scripts").glob("run_*.py")))
def test_every_entry_point_script_starts(script):
    """The thin scripts the README names import from the package as it is now laid out."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--help"],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr[-800:]
