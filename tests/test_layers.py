"""Layers import one way (STYLE.md): the core never imports the CLI or terminal
libraries, each core module imports only lower layers, and renderers never grade."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "src" / "sgc_grader"
FORBIDDEN = {"typer", "click", "rich"}
# core module -> sgc modules it may import (lower layers only)
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "records": set(),
    "model": set(),
    "result": {"model", "records"},
    "yamlerrors": set(),
    "yamlread": {"errors", "yamlerrors"},
    "load": {"model", "errors", "yamlread", "records"},
    "rules": {"model"},
    "framework": {"model", "records"},
    "conditions": {"framework", "model"},
    "moderation": {"conditions", "model", "result", "records"},
    "sensitivity": {"conditions", "model", "result"},
    "engine": {"conditions", "framework", "model", "moderation", "result", "rules", "sensitivity", "records"},
    "gap": {"conditions", "engine", "framework", "model", "moderation", "result", "records"},
    "diff": {"result", "records"},
    "agree": {"engine", "framework", "model", "result", "records"},
    "discover": {"errors", "framework", "load", "model", "records"},
    "lint.context": {"engine", "framework", "load", "model", "result", "records"},
    "lint.criteria": {"conditions", "engine", "lint.context", "model"},
    "lint.evidence": {"lint.context", "model", "result"},
    "lint.framework": {"conditions", "lint.context", "model"},
    "lint": {"discover", "errors", "lint.context", "lint.criteria", "lint.evidence", "lint.framework", "load"},
    "summary": {
        "discover",
        "engine",
        "errors",
        "framework",
        "lint",
        "load",
        "model",
        "moderation",
        "result",
        "records",
    },
    "synth": {"framework", "model"},
    "config": {"errors"},
    "skeletons": {"framework", "model"},
    "commands": {
        "records",
        "agree",
        "config",
        "skeletons",
        "diff",
        "discover",
        "engine",
        "errors",
        "framework",
        "gap",
        "lint",
        "lint.context",
        "load",
        "model",
        "result",
        "summary",
        "synth",
    },
}
UI = {
    "__init__",
    "__main__",
    "cli",
    "cli_output",
    "render",
    "render.words",
    "render.text",
    "render.doc",
    "render.html",
    "render.agree",
}
# renderers walk results; they never load, lint or grade (summary and agree keep their
# result types beside the code that builds them; renderers import those types only)
RENDER_MAY_IMPORT = {"__init__", "errors", "result", "render.words", "render.text", "render.doc"}


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


@pytest.mark.parametrize("module", sorted(ALLOWED))
def test_core_module_imports_no_ui_library_and_only_lower_layers(module: str) -> None:
    found = imports(module)
    assert not {m.split(".")[0] for m in found} & FORBIDDEN
    internal = found & set(modules())
    assert internal <= ALLOWED[module], internal - ALLOWED[module]


@pytest.mark.parametrize("module", sorted(m for m in UI if m.startswith("render.")))
def test_renderers_never_grade(module: str) -> None:
    internal = imports(module) & set(modules())
    assert internal <= RENDER_MAY_IMPORT, internal - RENDER_MAY_IMPORT


def test_every_module_is_classified() -> None:
    assert set(modules()) == set(ALLOWED) | UI
