"""`sgc check` results -> text, JSON, GitHub annotations and SARIF; and the lint rules'
documentation."""

from __future__ import annotations

import json as _json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..results.base import SCHEMA_VERSION
from ..results.check import CheckResult, RuleDoc
from . import Look
from .phrases import plural
from .safe import visible


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


def github(result: CheckResult, look: Look) -> str:
    """GitHub Actions workflow commands: an annotation on each problem's line."""
    problems = result.problems

    def esc(s: str) -> str:
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    lines = []
    for p in problems:
        where = f"file={esc(visible(p.path)).replace(',', '%2C')}"
        if p.line:
            where += f",line={p.line},col={p.col}"
        lines.append(f"::{p.severity} {where}::{esc(visible(p.text()))}\n")
    return "".join(lines)


# Problems found while reading a file (YAML, schema) come from no lint rule; SARIF names them.
READ_RULE = ("SGC000", "readable-and-valid", "error", "The file can be read as YAML and fits the schema of its kind.")


def sarif(result: CheckResult, look: Look) -> str:
    """SARIF 2.1.0 for code scanning: the tool with every rule and its documentation,
    and one result per problem with its rule, level and region."""
    problems = result.problems
    table = [READ_RULE, *((r.id, r.name, r.severity, r.doc) for r in result.rules)]
    descriptors = [
        {
            "id": rid,
            "name": name,
            "shortDescription": {"text": name.replace("-", " ")},
            "fullDescription": {"text": doc},
            "defaultConfiguration": {"level": severity},
        }
        for rid, name, severity, doc in table
    ]
    index = {rid: i for i, (rid, *_rest) in enumerate(table)}
    results = []
    for p in problems:
        rid = p.rule or READ_RULE[0]
        location: dict[str, Any] = {"artifactLocation": {"uri": _uri(p.path)}}
        if p.line:
            location["region"] = {"startLine": p.line, "startColumn": max(1, p.col)}
        results.append(
            {
                "ruleId": rid,
                "ruleIndex": index.get(rid, 0),
                "level": p.severity,
                "message": {"text": p.message},
                "locations": [{"physicalLocation": location}],
            }
        )
    run = {
        "tool": {"driver": {"name": "sgc", "version": __version__, "rules": descriptors}},
        "results": results,
    }
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return _json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def _uri(path: str) -> str:
    """A file path as a SARIF artifact URI (relative paths stay relative)."""
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(Path(path).as_posix())


def tally(result: CheckResult) -> str:
    """`3 files checked: 1 error, 2 warnings`."""
    errors = sum(1 for p in result.problems if p.severity == "error")
    counts = [plural(result.files, "file"), plural(errors, "error"), plural(len(result.problems) - errors, "warning")]
    return "{} checked: {}, {}".format(*counts)


def rules_doc(rules: list[RuleDoc]) -> str:
    """Every rule with its documentation, for `sgc check --list-rules`."""
    return "\n".join(f"{r.id} {r.name} ({r.severity}, {r.scope})\n    {r.doc}\n" for r in rules)
