"""Meaning checks for frameworks, criteria sets and evidence (`sgc check`).

Each rule is a small unit: an id, a severity, a docstring that is its user
documentation, and a pure function that yields (document, location, message). The
rules live in lint/framework.py, lint/criteria.py and lint/evidence.py; `RULES` below is
the explicit registry, and `run` applies them and places each problem at its
`path:line:col`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import SgcError
from ..reading.discover import Catalog
from ..reading.load import Loaded
from . import criteria as lc
from . import evidence as le
from . import framework as lf
from .context import Context, LintRule

__all__ = ["REFERENCE_RULES", "RULES", "Context", "LintRule", "context", "misreadings", "problems", "refusals", "run"]

_ALL = [
    LintRule("SGC101", "unique-ids", "error", "criteria", lc.unique_ids),
    LintRule("SGC102", "known-references", "error", "criteria", lc.known_references),
    LintRule("SGC103", "operator-fits-type", "error", "criteria", lc.operator_fits_type),
    LintRule("SGC104", "flags-consistent", "error", "criteria", lc.flags_consistent),
    LintRule("SGC105", "grades-reachable", "warning", "criteria", lc.grades_reachable),
    LintRule("SGC106", "thresholds-consistent", "warning", "criteria", lc.thresholds_consistent),
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
    LintRule("SGC215", "known-grades", "error", "evidence", le.known_grades),
    LintRule("SGC216", "finding-contradicts-rule", "warning", "evidence", le.finding_contradicts_rule),
    LintRule("SGC217", "finding-cited", "warning", "evidence", le.findings_cited),
    LintRule("SGC301", "condition-form", "error", "framework", lf.condition_form),
    LintRule("SGC302", "known-names", "error", "framework", lf.known_names),
    LintRule("SGC303", "monotone-requires", "error", "framework", lf.monotone_requires),
    LintRule("SGC304", "grade-table", "error", "framework", lf.grade_table),
    LintRule("SGC305", "unique-names", "error", "framework", lf.unique_names),
    LintRule("SGC306", "numbers-in-range", "error", "framework", lf.numbers_in_range),
]
RULES: dict[str, LintRule] = {r.id: r for r in _ALL}

# Rules whose failure means the engine would read the evidence wrongly: `sgc grade`
# refuses to grade (exit 2) when one of these fails.
REFERENCE_RULES = ("SGC201", "SGC202", "SGC203", "SGC209", "SGC215")
# Rules sgc.toml cannot turn off: grading refuses files that break them.
PROTECTED = (
    tuple(r.id for r in _ALL if r.severity == "error" and r.scope in ("framework", "criteria")) + REFERENCE_RULES
)
# Rules that evaluate the framework's conditions: they run last, and not at all after an
# error (grading from a broken file would only repeat its errors, or fail).
GRADING_RULES = ("SGC105", "SGC106", "SGC211", "SGC213", "SGC214", "SGC216")


def context(catalog: Catalog, framework: str, evidence: Loaded | None = None, sources: str | None = None) -> Context:
    """What the rules see of one framework in a catalog."""
    files = catalog.framework_docs(framework)
    return Context(
        sets=catalog.sets(framework),
        scale=catalog.scale(framework),
        framework=files[0] if files else None,
        framework_files=files,
        evidence=evidence,
        sources_dir=sources,
    )


def problems(catalog: Catalog, framework: str) -> list[SgcError]:
    """What the framework and criteria rules find in `framework`; once per catalog."""
    if framework not in catalog.checked:
        catalog.checked[framework] = run(context(catalog, framework), ("framework", "criteria"))
    return catalog.checked[framework]


def refusals(catalog: Catalog, framework: str) -> list[SgcError]:
    """The framework and criteria errors that forbid grading with `framework` (lint
    warnings do not, so grading alone runs only the error rules); once per catalog."""
    if framework in catalog.checked:
        return [e for e in catalog.checked[framework] if e.severity == "error"]
    key = f"{framework}\0errors"
    if key not in catalog.checked:
        errors = [r.id for r in _ALL if r.severity == "error"]
        catalog.checked[key] = run(context(catalog, framework), ("framework", "criteria"), errors)
    return catalog.checked[key]


def misreadings(evidence: Loaded, catalog: Catalog) -> list[SgcError]:
    """Why this evidence cannot be graded: errors of the framework and criteria it is
    graded by, then errors of the REFERENCE_RULES (the engine would misread it)."""
    framework = getattr(evidence.doc, "framework", "")
    refused = refusals(catalog, framework)
    if refused:
        return refused
    ctx = context(catalog, framework, evidence)
    return [e for e in run(ctx, ("evidence",), REFERENCE_RULES) if e.severity == "error"]


def run(
    ctx: Context, scopes: Sequence[str], only: Sequence[str] | None = None, blocked: bool = False
) -> list[SgcError]:
    """Apply the rules of `scopes` (or just `only`) and place each problem in its file.
    `blocked`: errors found elsewhere forbid the GRADING_RULES."""
    problems: list[SgcError] = []
    for rule in sorted(
        RULES.values(), key=lambda r: (scopes.index(r.scope) if r.scope in scopes else 0, r.id in GRADING_RULES)
    ):
        if rule.scope not in scopes or (only is not None and rule.id not in only):
            continue
        if rule.id in GRADING_RULES and (blocked or any(p.severity == "error" for p in problems)):
            continue
        for loaded, loc, message in rule.check(ctx):
            line, col = loaded.where(*loc)
            if rule.id in loaded.disabled.get(line, ()):
                if rule.id not in PROTECTED:
                    continue
                message += f" (a disable comment cannot turn {rule.id} off: grading relies on it)"
            problems.append(SgcError(loaded.path, line, col, message, rule.severity, rule.id))
    return problems
