"""`sgc grade`: find each evidence file's criteria, refuse what would be misread, grade
the rest, and say which grades fail a gate (--fail-below, --strict)."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..errors import SgcError
from ..grading import engine
from ..lint.context import one_of
from ..records import record
from ..results.grade import AreaResult, CompositeResult, Gate, GradeReport
from .assess import Assessment, assessments, check_grade


class GradeSettings(NamedTuple):
    evidence: list[str]
    area: str | None = None
    criteria: str | None = None
    use_judgements: bool = True
    # --fail-below: GRADE (every area) or ID=GRADE (that area or composite), any number
    fail_below: tuple[str, ...] = ()
    sensitivity: bool = False
    strict: bool = False


@record
class GradeRun:
    report: GradeReport  # the files that could be graded
    failures: list[SgcError]  # why the others could not
    gates: list[Gate]  # grades that fail --fail-below or --strict


def grade(settings: GradeSettings) -> GradeRun:
    usable, failures = assessments(settings.evidence, settings.criteria, settings.area)
    floors = [_floor(value) for value in settings.fail_below]
    for a in usable:
        for what, floor in floors:
            check_grade(a, "--fail-below", floor)
            _check_name(a, what)
    options = engine.Options(use_judgements=settings.use_judgements, sensitivity=settings.sensitivity)
    results = [engine.grade(a.evidence, a.scale, a.sets, a.path, settings.area, options) for a in usable]
    report = GradeReport(results=results)
    gates = []
    for s in report.results:
        graded: list[AreaResult | CompositeResult] = [*s.areas, *s.composites]
        for item in graded:
            where: dict[str, Any] = {"source_file": s.source_file, "area": item.id, "grade": item.grade}
            for what, floor in floors:
                applies = item.id == what if what is not None else isinstance(item, AreaResult)
                if applies and s.rank(item.grade) < s.rank(floor):
                    gates.append(Gate(**where, fail_below=floor))
            if settings.strict and isinstance(item, AreaResult) and item.provisional:
                gates.append(Gate(**where, missing=item.missing))
    return GradeRun(report=report, failures=failures, gates=gates)


def _floor(value: str) -> tuple[str | None, str]:
    """`good` (every area) or `overall=good` (one area or composite), as (id, grade)."""
    what, _, floor = value.rpartition("=")
    return what or None, floor


def _check_name(a: Assessment, what: str | None) -> None:
    """An ID= of --fail-below names an area or a composite of the evidence's framework."""
    names = [s.id for s in a.sets] + [c.id for c in a.scale.framework.composites]
    if what is not None and what not in names:
        raise SgcError(a.path, 0, 0, f"--fail-below {what}=...: not an area or composite{one_of(what, names)}")
