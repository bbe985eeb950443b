"""The core never imports the CLI or terminal libraries (STYLE.md: layers import one way)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "src" / "sgc_grader"
CORE = [
    "errors",
    "model",
    "yamlread",
    "load",
    "rules",
    "engine",
    "gap",
    "diff",
    "lint",
    "lint_context",
    "lint_criteria",
    "lint_evidence",
    "summary",
    "synth",
    "framework",
    "result",
    "commands",
]
FORBIDDEN = {"typer", "click", "rich"}
# module -> sgc modules it may import (lower layers only)
ALLOWED = {
    "errors": set(),
    "model": set(),
    "result": {"model"},
    "yamlread": {"errors"},
    "load": {"model", "errors", "yamlread"},
    "rules": {"model"},
    "engine": {"model", "result", "rules"},
    "gap": {"engine", "model", "result"},
    "diff": {"model", "result"},
    "lint_context": {"engine", "load", "model", "result"},
    "lint_criteria": {"lint_context", "model"},
    "lint_evidence": {"lint_context", "model"},
    "lint": {"errors", "lint_context", "lint_criteria", "lint_evidence", "load", "model"},
    "framework": {"errors", "load", "model"},
    "summary": {"engine", "errors", "framework", "lint", "load", "model", "result"},
    "synth": {"model"},
    "commands": {
        "diff",
        "engine",
        "gap",
        "lint",
        "lint_context",
        "errors",
        "framework",
        "load",
        "model",
        "result",
        "summary",
        "synth",
    },
}


def imports(module: str) -> set[str]:
    tree = ast.parse((PKG / f"{module}.py").read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                found |= {f".{node.module}"} if node.module else {f".{a.name}" for a in node.names}
            elif node.module:
                found.add(node.module)
    return found


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui_library_and_only_lower_layers(module: str) -> None:
    found = imports(module)
    assert not {m.split(".")[0] for m in found} & FORBIDDEN
    internal = {m[1:] for m in found if m.startswith(".")}
    assert internal <= ALLOWED[module], internal - ALLOWED[module]


def test_every_module_is_classified() -> None:
    ui = {"__init__", "__main__", "cli", "cli_output", "render_text", "render_doc", "render_html"}
    modules = {p.stem for p in PKG.glob("*.py")} - ui
    assert modules == set(CORE)
