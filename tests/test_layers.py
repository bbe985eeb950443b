"""Layers import one way: each folder of src/sgc_grader is a layer that imports only the
layers below it; nothing but the CLI and the renderers touches typer, click or rich, and
renderers never load, lint or grade."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "src" / "sgc_grader"
FORBIDDEN = {"typer", "click", "rich"}
# Each folder is a layer and may import only itself and the layers listed (docs/format.md
# and the README's "Development" section describe the house these folders make).
LAYERS: dict[str, set[str]] = {
    "base": set(),  # errors, records, vocab: the words every layer uses
    "reading": {"base"},  # files -> validated models
    "results": {"base", "reading"},  # the frozen records every answer is made of
    "grading": {"base", "reading", "results"},  # the pure core: models -> results
    "lint": {"base", "reading", "results", "grading", "render"},  # its messages use the phrase book
    "app": {"base", "reading", "results", "grading", "lint"},  # one module per use case
    "render": {"base", "results"},  # results -> text, JSON, Markdown, HTML; never grades
    "cli": {"base", "reading", "results", "grading", "lint", "app", "render"},
}
BASE = {"__init__", "errors", "records", "vocab"}
UI = {"cli", "render"}  # the only layers that may use typer, click or rich


def layer(module: str) -> str:
    head = module.split(".")[0]
    return "base" if head in BASE else "cli" if head == "__main__" else head


def modules() -> dict[str, Path]:
    out = {}
    for path in PKG.rglob("*.py"):
        parts = path.relative_to(PKG).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _type_only(tree: ast.AST) -> set[int]:
    """ids of the import nodes under `if TYPE_CHECKING:`, which never run."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            out |= {id(n) for child in node.body for n in ast.walk(child)}
    return out


def imports(module: str) -> set[str]:
    """Every module `module` imports when it runs (imports for type checking only are
    left out): sgc's own as their dotted names, others as written."""
    path = modules()[module]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    tree = ast.parse(path.read_text())
    skip = _type_only(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            names = [node.module] if node.module else [a.name for a in node.names]
            found |= {"sgc:" + ".".join([*base, *n.split(".")]) for n in names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return {m if not m.startswith("sgc:") else (m[4:] or "__init__") for m in found}


@pytest.mark.parametrize("module", sorted(modules()))
def test_each_layer_imports_only_lower_layers(module: str) -> None:
    found = imports(module)
    if layer(module) not in UI:
        assert not {m.split(".")[0] for m in found} & FORBIDDEN
    used = {layer(m) for m in found & set(modules())} - {layer(module)}
    assert used <= LAYERS[layer(module)], used - LAYERS[layer(module)]


def test_every_module_is_in_a_layer() -> None:
    assert {layer(m) for m in modules()} <= set(LAYERS)
