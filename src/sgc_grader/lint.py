"""Meaning checks for criteria sets and evidence (`sgc check`).

Each rule is a small unit: an id, a severity, a docstring that is its user
documentation, and a pure function that yields (document, location, message). The
rules live in lint_criteria.py and lint_evidence.py; `RULES` below is the explicit
registry, and `run` applies them and places each problem at its `path:line:col`.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import lint_criteria as lc
from . import lint_evidence as le
from .errors import SgcError
from .lint_context import Context, LintRule
from .load import Loaded
from .model import CriteriaSet, Evidence

__all__ = ["REFERENCE_RULES", "RULES", "Context", "LintRule", "misreadings", "run"]

_ALL = [
    LintRule("SGC101", "unique-ids", "error", "criteria", lc.unique_ids),
    LintRule("SGC102", "known-references", "error", "criteria", lc.known_references),
    LintRule("SGC103", "operator-fits-type", "error", "criteria", lc.operator_fits_type),
    LintRule("SGC104", "fair-only-flags", "error", "criteria", lc.fair_only_flags),
    LintRule("SGC105", "levels-not-empty", "error", "criteria", lc.levels_not_empty),
    LintRule("SGC106", "thresholds-consistent", "error", "criteria", lc.thresholds_consistent),
    LintRule("SGC107", "fact-declarations", "error", "criteria", lc.fact_declarations),
    LintRule("SGC201", "known-framework", "error", "evidence", le.known_framework),
    LintRule("SGC202", "known-areas", "error", "evidence", le.known_areas),
    LintRule("SGC203", "known-criteria", "error", "evidence", le.known_criteria),
    LintRule("SGC204", "known-sources", "error", "evidence", le.known_sources),
    LintRule("SGC205", "not-applicable-note", "error", "evidence", le.not_applicable_note),
    LintRule("SGC206", "dominant-not-applicable", "warning", "evidence", le.dominant_not_applicable),
    LintRule("SGC207", "judgement-rationale", "error", "evidence", le.judgement_rationale),
    LintRule("SGC208", "recommendation-targets", "error", "evidence", le.recommendation_targets),
    LintRule("SGC209", "fact-types", "error", "evidence", le.fact_types),
    LintRule("SGC210", "missing-areas", "warning", "evidence", le.missing_areas),
    LintRule("SGC211", "expected-grades", "error", "evidence", le.expected_grades),
    LintRule("SGC212", "quotes-verbatim", "error", "evidence", le.quotes_verbatim),
    LintRule("SGC213", "unaddressed-failure", "warning", "evidence", le.unaddressed_failures),
    LintRule("SGC214", "recommendation-on-met", "warning", "evidence", le.recommendations_on_met),
]
RULES: dict[str, LintRule] = {r.id: r for r in _ALL}

# Rules whose failure means the engine would read the evidence wrongly: `sgc grade`
# refuses to grade (exit 2) when one of these fails.
REFERENCE_RULES = ("SGC201", "SGC202", "SGC203", "SGC209")


def misreadings(evidence: Loaded, sets: Sequence[Loaded]) -> list[SgcError]:
    """Errors of the REFERENCE_RULES: why the engine would misread this evidence."""
    assert isinstance(evidence.doc, Evidence)
    framework_sets = [s for s in sets if isinstance(s.doc, CriteriaSet) and s.doc.framework == evidence.doc.framework]
    ctx = Context(sets=framework_sets, evidence=evidence)
    return [e for e in run(ctx, "evidence", REFERENCE_RULES) if e.severity == "error"]


def run(ctx: Context, scope: str, only: Sequence[str] | None = None) -> list[SgcError]:
    """Apply the rules of `scope` (or just `only`) and place each problem in its file."""
    problems: list[SgcError] = []
    for rule in RULES.values():
        if rule.scope != scope or (only is not None and rule.id not in only):
            continue
        if rule.id == "SGC211" and any(p.severity == "error" for p in problems):
            continue  # grading broken evidence would only repeat those errors
        for loaded, loc, message in rule.check(ctx):
            line, col = loaded.where(*loc)
            problems.append(SgcError(loaded.path, line, col, f"{message} [{rule.id}]", rule.severity))
    return problems
