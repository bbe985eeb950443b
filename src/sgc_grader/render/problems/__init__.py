"""`sgc check` results -> text and JSON, and the lint rules' documentation; the formats
CI systems read are the modules beside this one (github, sarif, gitlab, junit), sharing
ci.py."""

from __future__ import annotations

import json as _json

from ...results.base import SCHEMA_VERSION
from ...results.check import CheckResult, RuleDoc
from .. import Look
from ..phrases import plural
from ..safe import visible


def text(result: CheckResult, look: Look) -> str:
    """One `path:line:col: severity: message [rule]` line per problem."""
    return "".join(f"{visible(str(p))}\n" for p in result.problems)


def json(result: CheckResult, look: Look) -> str:
    problems = result.problems
    items = [
        {"path": p.path, "line": p.line, "col": p.col, "severity": p.severity, "rule": p.rule, "message": p.message}
        for p in problems
    ]
    out = {"schema_version": SCHEMA_VERSION, "files": result.files, "problems": items}
    return _json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def tally(result: CheckResult) -> str:
    """`3 files checked: 1 error, 2 warnings`."""
    errors = sum(1 for p in result.problems if p.severity == "error")
    counts = [plural(result.files, "file"), plural(errors, "error"), plural(len(result.problems) - errors, "warning")]
    return "{} checked: {}, {}".format(*counts)


def rules_doc(rules: list[RuleDoc]) -> str:
    """Every rule with its documentation, for `sgc check --list-rules`."""
    return "\n".join(f"{r.id} {r.name} ({r.severity}, {r.scope})\n    {r.doc}\n" for r in rules)
