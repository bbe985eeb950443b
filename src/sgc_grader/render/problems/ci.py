"""What the CI formats share: the rule behind each problem and where it is documented,
and a fingerprint per problem that CI systems match across runs."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from ...errors import SgcError
from ...results.check import CheckResult, RuleDoc

REPOSITORY = "https://github.com/sgc-grader/sgc"
RULES_DOCS = f"{REPOSITORY}/blob/main/docs/format.md#13-lint-rules"  # docs/format.md section 13

# Problems found while reading a file (YAML, schema) come from no lint rule; CI formats
# name them after this one.
READ_RULE = RuleDoc(
    id="SGC000",
    name="readable-and-valid",
    severity="error",
    scope="any",
    doc="The file can be read as YAML and fits the schema of its kind (docs/format.md sections 2 to 5).",
)


def rule_table(result: CheckResult) -> list[RuleDoc]:
    """Every rule a problem can come from: the reading one, then the lint rules."""
    return [READ_RULE, *result.rules]


def rule_of(result: CheckResult, problem: SgcError) -> RuleDoc:
    return next((r for r in result.rules if r.id == problem.rule), READ_RULE)


# A number standing alone (a line, a count, a value), not one inside an id (F1, NP-F22)
_NUMBER = re.compile(r"(?<![\w-])\d+(?:\.\d+)?(?![\w-])")


def fingerprints(result: CheckResult) -> list[str]:
    """One fingerprint per problem that stays the same from run to run and when lines
    move: a hash of the rule, the file named from the project root, the message with its
    numbers and the root's own path left out, and which of the identical ones in that
    file it is (they keep their order when lines above them come and go)."""
    seen: Counter[tuple[str, ...]] = Counter()
    out = []
    root = result.root.rstrip("/") + "/" if result.root else None
    for p in result.problems:
        message = p.message.replace(root, "") if root else p.message
        key = (p.rule or READ_RULE.id, result.where(p.path), _NUMBER.sub("#", message))
        seen[key] += 1
        out.append(hashlib.sha256("\0".join([*key, str(seen[key])]).encode()).hexdigest()[:32])
    return out
