"""Meaning checks for frameworks, criteria sets and evidence (`sgc check`).

Each rule is a small unit: an id, a severity, a docstring that is its user
documentation, and a pure function that yields (document, location, message). The
rules live in lint/framework.py, lint/criteria.py and lint/evidence.py; `RULES` below is
the explicit registry, and `run` applies them and places each problem at its
`path:line:col`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from ..errors import SgcError
from ..reading.discover import Catalog
from ..reading.load import Loaded
from . import criteria as lc
from . import evidence as le
from . import framework as lf
from .context import Context, LintRule, suggest

__all__ = [
    "PROTECTED",
    "REFERENCE_RULES",
    "RULES",
    "Context",
    "LintRule",
    "chosen",
    "context",
    "misreadings",
    "problems",
    "refusals",
    "resolve",
    "run",
]

# The registry: every rule, in id order. Each carries its own facts (see LintRule) beside
# its check, where its module defines it.
_ALL: list[LintRule] = [
    lc.unique_ids,
    lc.known_references,
    lc.operator_fits_type,
    lc.flags_consistent,
    lc.grades_reachable,
    lc.thresholds_consistent,
    lc.fact_declarations,
    le.known_framework,
    le.known_areas,
    le.known_criteria,
    le.known_sources,
    le.not_applicable_note,
    le.dominant_not_applicable,
    le.judgement_rationale,
    le.recommendation_targets,
    le.fact_types,
    le.missing_areas,
    le.expected_grades,
    le.quotes_verbatim,
    le.unaddressed_failures,
    le.recommendations_on_met,
    le.known_grades,
    le.finding_contradicts_rule,
    le.findings_cited,
    lf.condition_form,
    lf.known_names,
    lf.monotone_requires,
    lf.grade_table,
    lf.unique_names,
    lf.numbers_in_range,
]
RULES: dict[str, LintRule] = {r.id: r for r in _ALL}
REFERENCE_RULES = tuple(r.id for r in _ALL if r.reference)
PROTECTED = tuple(r.id for r in _ALL if r.protected)
_BY_NAME = {r.name: r.id for r in _ALL}


def resolve(words: Iterable[str]) -> tuple[str, ...]:
    """Rule ids from ids (any case) or names, in the order given: `SGC217` or
    `finding-cited`. ValueError names the first unknown word, with the close one."""
    out: list[str] = []
    for word in words:
        rid = word.upper() if word.upper() in RULES else _BY_NAME.get(word)
        if rid is None:
            raise ValueError(f"unknown rule '{word}'{suggest(word, [*RULES, *_BY_NAME])}")
        out.append(rid)
    return tuple(dict.fromkeys(out))


def chosen(select: Collection[str] | None = None, off: Collection[str] = ()) -> frozenset[str]:
    """The rules that run: `select` (every rule when None) and, whatever is selected,
    every PROTECTED rule, less `off`. Grading relies on the protected ones, so a
    selection never lets a file through that grading would refuse; `off` may not name
    them (the caller says where it came from)."""
    base = set(RULES) if select is None else set(select) | set(PROTECTED)
    return frozenset(base - set(off))


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
    key = (framework, False)
    if key not in catalog.checked:
        catalog.checked[key] = run(context(catalog, framework), ("framework", "criteria"))
    return catalog.checked[key]


def refusals(catalog: Catalog, framework: str) -> list[SgcError]:
    """The framework and criteria errors that forbid grading with `framework` (lint
    warnings do not, so grading alone runs only the error rules); once per catalog."""
    if (framework, False) in catalog.checked:
        return [e for e in catalog.checked[(framework, False)] if e.severity == "error"]
    key = (framework, True)
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
    ctx: Context, scopes: Sequence[str], only: Collection[str] | None = None, blocked: bool = False
) -> list[SgcError]:
    """Apply the rules of `scopes` (or just those in `only`) and place each problem in its
    file. `blocked`: errors found elsewhere forbid the rules that read grades; so do
    errors of the rules that ran before them here (a rule not run holds nothing back)."""
    problems: list[SgcError] = []
    picked = [r for r in _ALL if r.scope in scopes and (only is None or r.id in only)]
    for rule in sorted(picked, key=lambda r: (scopes.index(r.scope), r.grading)):
        if rule.grading and (blocked or any(p.severity == "error" for p in problems)):
            continue
        for loaded, loc, message in rule.check(ctx):
            line, col = loaded.where(*loc)
            if rule.id in loaded.disabled.get(line, ()) or rule.id in loaded.disabled_file:
                if not rule.protected:
                    continue
                message += f" (a disable comment cannot turn {rule.id} off: grading relies on it)"
            problems.append(SgcError(loaded.path, line, col, message, rule.severity, rule.id))
    return problems
