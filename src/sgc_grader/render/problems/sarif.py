"""`sgc check --format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.

Each rule with its documentation as `help` and a link to it; each problem with its rule,
level, place and a fingerprint that survives line moves (`partialFingerprints`). Files
are named from the project root under `uriBaseId: SRCROOT`, which `originalUriBaseIds`
gives as an absolute URI; a file outside the root is named by its absolute URI alone.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from ... import __version__
from ...results.check import CheckResult, RuleDoc
from .. import Look
from ..safe import visible
from .ci import REPOSITORY, RULES_DOCS, fingerprints, rule_of, rule_table

FINGERPRINT = "sgc/v1"  # the key of our fingerprint; a new way of making it takes a new key


def _descriptor(rule: RuleDoc) -> dict[str, Any]:
    title = rule.name.replace("-", " ")
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": title[:1].upper() + title[1:]},
        "fullDescription": {"text": rule.doc},
        "help": {
            "text": f"{rule.doc}\n\nDocumentation: {RULES_DOCS}",
            "markdown": f"**{rule.id} {rule.name}** ({rule.severity}, {rule.scope} files)\n\n{rule.doc}\n\n"
            f"See [the lint rules in docs/format.md]({RULES_DOCS}).",
        },
        "helpUri": RULES_DOCS,
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"tags": [rule.scope], "precision": "very-high"},
    }


def _artifact(result: CheckResult, path: str) -> dict[str, str]:
    """Where a file is: below SRCROOT, or by its absolute URI, or (standard input) by name."""
    named = result.where(path)
    if named.startswith("/"):
        return {"uri": PurePosixPath(named).as_uri()}
    if named == "<stdin>":
        return {"uri": quote(named)}
    return {"uri": quote(named), "uriBaseId": "SRCROOT"}


def sarif(result: CheckResult, look: Look) -> str:
    """SARIF 2.1.0: the tool with every rule and its documentation, and one result per
    problem with its rule, level, region and fingerprint."""
    table = rule_table(result)
    index = {r.id: i for i, r in enumerate(table)}
    results = []
    for p, fingerprint in zip(result.problems, fingerprints(result), strict=True):
        rule = rule_of(result, p)
        location: dict[str, Any] = {"artifactLocation": _artifact(result, p.path)}
        if p.line:
            location["region"] = {"startLine": p.line, "startColumn": max(1, p.col)}
        results.append(
            {
                "ruleId": rule.id,
                "ruleIndex": index[rule.id],
                "level": p.severity,
                "message": {"text": visible(p.message)},
                "locations": [{"physicalLocation": location}],
                "partialFingerprints": {FINGERPRINT: fingerprint},
            }
        )
    driver = {
        "name": "sgc",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": REPOSITORY,
        "rules": [_descriptor(r) for r in table],
    }
    run: dict[str, Any] = {"tool": {"driver": driver}}
    if result.root:
        run["originalUriBaseIds"] = {"SRCROOT": {"uri": PurePosixPath(result.root).as_uri().rstrip("/") + "/"}}
    run |= {"columnKind": "unicodeCodePoints", "results": results}
    log = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
