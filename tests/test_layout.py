"""The engine's layout: one subpackage per stage, imports pointing down and never in a circle, other packages
reaching only a package's public surface, small modules, and a developer page that draws the same tree."""
from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "grantsite"
DEVELOPERS = ROOT / "docs" / "en" / "developers.md"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 300
MAX_TOP_MODULES = 8


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    """import-linter's contracts of pyproject.toml, checked on the grantsite package found in folder."""
    return subprocess.run([str(LINT_IMPORTS), "--config", str(folder / "pyproject.toml"), "--no-cache"], cwd=folder,
                          capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(folder), "PATH": ""})


@pytest.fixture
def engine_copy(tmp_path) -> Path:
    """A copy of the engine and its contracts, for changing the one to see the other broken."""
    shutil.copytree(PACKAGE, tmp_path / "grantsite", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(module: Path, line: str) -> None:
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("from __future__ import annotations\n",
                                   f"from __future__ import annotations\n\n{line}\n", 1), encoding="utf-8")


# ---- the import graph ---------------------------------------------------------------------------

def test_the_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def broken_contracts(folder: Path) -> str:
    """What lint-imports says of the contracts an engine copy breaks (the check must fail)."""
    result = lint_imports(folder)
    assert result.returncode != 0, result.stdout
    return result.stdout.split("Broken contracts", 1)[1]


CIRCLES = "no import circle"
LAYERS = "drivers above the pipeline"


def test_a_circle_between_two_modules_of_a_package_breaks_a_contract(engine_copy):
    # document.py is what the readers share; a reader imported back into it closes a circle
    add_import(engine_copy / "grantsite" / "importer" / "document.py", "from . import from_text  # noqa")
    assert CIRCLES in broken_contracts(engine_copy)


def test_a_circle_between_two_packages_breaks_a_contract(engine_copy):
    add_import(engine_copy / "grantsite" / "model" / "records.py", "from ..content import Problem  # noqa")
    add_import(engine_copy / "grantsite" / "content" / "problems.py", "from ..model import Text  # noqa")
    assert CIRCLES in broken_contracts(engine_copy)


def test_a_stage_importing_the_pipeline_breaks_the_layers(engine_copy):
    add_import(engine_copy / "grantsite" / "data" / "encode.py", "from .. import pipeline  # noqa")
    assert LAYERS in broken_contracts(engine_copy)


def test_one_stage_importing_another_breaks_the_layers(engine_copy):
    add_import(engine_copy / "grantsite" / "site" / "render.py", "from ..data import DataFile  # noqa")
    assert LAYERS in broken_contracts(engine_copy)


def inner_imports(graph) -> list[tuple[str, str]]:
    """(importer, imported) where a module imports a module inside another package of grantsite."""
    found = []
    for importer in sorted(graph.modules):
        home = _package(importer)
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            parts = imported.split(".")
            if len(parts) > 2 and parts[1] != home:
                found.append((importer, imported))
    return found


def _package(module: str) -> str | None:
    """The subpackage a module belongs to ('check' for grantsite.check.tables); None for top-level modules."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()) else None


def test_other_packages_import_only_a_packages_public_surface():
    assert inner_imports(grimp.build_graph("grantsite", cache_dir=None)) == []


def test_an_import_of_another_packages_inner_module_is_caught(engine_copy, monkeypatch):
    add_import(engine_copy / "grantsite" / "site" / "render.py", "from ..check.tables import TABLES  # noqa")
    monkeypatch.syspath_prepend(str(engine_copy))
    for name in [m for m in sys.modules if m == "grantsite" or m.startswith("grantsite.")]:
        monkeypatch.delitem(sys.modules, name)
    graph = grimp.build_graph("grantsite", cache_dir=None)
    assert ("grantsite.site.render", "grantsite.check.tables") in inner_imports(graph)


# ---- the packages -------------------------------------------------------------------------------

def subpackages() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())


def top_modules() -> list[str]:
    return sorted(p.name for p in PACKAGE.glob("*.py"))


def test_each_stage_and_concern_is_a_subpackage():
    assert subpackages() == ["check", "content", "data", "handbook", "importer", "model", "preview", "search", "site"]


def test_at_most_eight_modules_sit_directly_in_grantsite():
    assert len(top_modules()) <= MAX_TOP_MODULES, top_modules()


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_is_over_300_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


@pytest.mark.parametrize("name", subpackages())
def test_a_subpackage_says_what_it_does_and_exports_what_it_imports(name):
    tree = ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{name}/__init__.py has no docstring"
    imported = {a.asname or a.name for node in tree.body if isinstance(node, ast.ImportFrom) for a in node.names}
    exported = next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                    and any(getattr(t, "id", None) == "__all__" for t in node.targets))
    assert sorted(exported) == sorted(imported)


def test_no_export_hides_a_module_of_the_same_name():
    """`from grantsite.preview import serve` must not be a function one day and a module the next."""
    clashes = [f"{name}.{export}" for name in subpackages()
               for export in _exports(name) if (PACKAGE / name / f"{export}.py").exists()]
    assert clashes == []


def _exports(name: str) -> list[str]:
    tree = ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8"))
    return [a.asname or a.name for node in tree.body if isinstance(node, ast.ImportFrom) for a in node.names]


# ---- the developer page -------------------------------------------------------------------------

def drawn(page: str) -> list[str]:
    """The names the page's tree of grantsite/ draws, one per line: 'check/', 'pipeline.py' …"""
    tree = re.search(r"```text\ngrantsite/\n(.*?)```", page, flags=re.DOTALL)
    assert tree, "the developer page has no ```text tree of grantsite/"
    return [re.match(r"[│ ]*[├└]── (\S+)", line).group(1) for line in tree.group(1).splitlines()]


def layout_differences(page: str) -> tuple[list[str], list[str]]:
    """(what the engine has and the page does not draw, what the page draws and the engine does not have)."""
    names = set(drawn(page))
    expected = {f"{name}/" for name in subpackages()} | {m for m in top_modules() if m != "__init__.py"}
    return sorted(expected - names), sorted(names - expected)


def test_the_developer_page_draws_every_package_and_module_of_the_engine():
    assert layout_differences(DEVELOPERS.read_text(encoding="utf-8")) == ([], [])


def test_a_package_missing_from_the_developer_page_is_caught():
    page = DEVELOPERS.read_text(encoding="utf-8")
    without = "\n".join(line for line in page.splitlines() if "── data/" not in line) + "\n"
    assert layout_differences(without) == (["data/"], [])


def test_a_package_the_developer_page_names_that_does_not_exist_is_caught():
    page = DEVELOPERS.read_text(encoding="utf-8").replace("├── data/", "├── charts/        made up\n├── data/")
    assert layout_differences(page) == ([], ["charts/"])


def test_every_module_path_the_developer_page_names_exists():
    paths = re.findall(r"`(grantsite/[\w/]+\.py)`", DEVELOPERS.read_text(encoding="utf-8"))
    assert paths and [p for p in paths if not (ROOT / p).is_file()] == []
