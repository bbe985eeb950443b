"""Results with their words filled in: `reason`, `detail`, `why_not` and `undefined`,
phrased by the phrase book from the numbers the core left. Every renderer starts here
(render/__init__.py), JSON included."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from ..results.compare import AgreeResult, AreaAgreement, Statistics
from ..results.grade import GradeReport, SubjectResult
from ..results.national import SummaryResult
from ..results.plan import CompositeGapResult, GapResult
from ..results.trail import Check, NextGrade
from .phrases import Words, undefined

T = TypeVar("T")


def _checks(w: Words, checks: list[Check]) -> list[Check]:
    return [replace(c, detail=w.detail(c)) for c in checks]


def _next(w: Words, n: NextGrade | None) -> NextGrade | None:
    if n is None or n.blocked is None:
        return n
    return replace(n, why_not=w.why_not(n.blocked))


def _subject(s: SubjectResult) -> SubjectResult:
    w = Words(s.grades, s.levels)
    areas = [
        replace(
            a,
            reason=w.reason(a) if a.requirements or a.deciding_step is None else "",
            requirements=_checks(w, a.requirements),
            borderline_checks=_checks(w, a.borderline_checks),
            next_grade=_next(w, a.next_grade),
        )
        for a in s.areas
    ]
    composites = [
        replace(c, reason=w.reason(c), requirements=_checks(w, c.requirements), next_grade=_next(w, c.next_grade))
        for c in s.composites
    ]
    return replace(s, areas=areas, composites=composites)


def _statistics(s: Statistics) -> Statistics:
    return replace(s, undefined=undefined(s))


def _agreement(a: AreaAgreement) -> AreaAgreement:
    return replace(a, criteria=_statistics(a.criteria))


def phrased(result: T) -> T:
    """The result with its phrased fields filled in from its numbers."""
    out: Any = result
    if isinstance(result, GradeReport):
        out = replace(result, results=[_subject(s) for s in result.results])
    elif isinstance(result, SubjectResult):
        out = _subject(result)
    elif isinstance(result, GapResult):
        w = Words(result.grades, result.levels)
        out = replace(result, why_not=w.why_not(result.blocked) if result.blocked else result.why_not)
    elif isinstance(result, CompositeGapResult):
        w = Words(result.grades, result.levels)
        why_not = w.why_not(result.blocked) if result.blocked else result.why_not
        out = replace(result, why_not=why_not, areas=[phrased(g) for g in result.areas])
    elif isinstance(result, SummaryResult):
        w = Words(result.grades, result.levels)
        notes = [replace(n, detail=w.attention(n), checks=_checks(w, n.checks)) for n in result.attention]
        out = replace(result, attention=notes)
    elif isinstance(result, AgreeResult):
        out = replace(result, criteria=_statistics(result.criteria), areas=[_agreement(a) for a in result.areas])
    return out  # type: ignore[no-any-return]
