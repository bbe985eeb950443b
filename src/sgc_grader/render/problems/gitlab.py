"""`sgc check --format gitlab`: a GitLab Code Quality report, the JSON list of issues a
merge request shows beside the lines they are on (a subset of Code Climate's format)."""

from __future__ import annotations

import json
from typing import Any

from ...results.check import CheckResult
from .. import Look
from ..safe import visible
from .ci import READ_RULE, fingerprints, rule_of

# GitLab's severities are info, minor, major, critical and blocker: a file that cannot be
# read blocks everything else about it, an error fails the check, a warning does not.
SEVERITY = {"error": "major", "warning": "minor"}
CATEGORY = {"error": "Bug Risk", "warning": "Clarity"}


def gitlab(result: CheckResult, look: Look) -> str:
    """One issue per problem: its words and rule, severity, fingerprint, and the file
    (named from the project root) and line it is on."""
    issues: list[dict[str, Any]] = []
    for p, fingerprint in zip(result.problems, fingerprints(result), strict=True):
        rule = rule_of(result, p)
        issues.append(
            {
                "type": "issue",
                "check_name": rule.id,
                "description": f"{visible(p.message)} [{rule.id}]",
                "categories": [CATEGORY.get(p.severity, "Bug Risk")],
                "severity": "blocker" if rule is READ_RULE else SEVERITY.get(p.severity, "major"),
                "fingerprint": fingerprint,
                "location": {"path": result.where(p.path), "lines": {"begin": max(1, p.line)}},
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
