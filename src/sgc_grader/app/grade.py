"""`sgc grade`: find each evidence file's criteria, refuse what would be misread, grade
the rest, and say which grades fail a gate (--fail-below, --strict)."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..errors import SgcError
from ..grading import engine
from ..records import record
from ..results.grade import Gate, GradeReport
from .assess import assessments, check_grade


class GradeSettings(NamedTuple):
    evidence: list[str]
    area: str | None = None
    criteria: str | None = None
    use_judgements: bool = True
    fail_below: str | None = None
    sensitivity: bool = False
    strict: bool = False


@record
class GradeRun:
    report: GradeReport  # the files that could be graded
    failures: list[SgcError]  # why the others could not
    gates: list[Gate]  # grades that fail --fail-below or --strict


def grade(settings: GradeSettings) -> GradeRun:
    usable, failures = assessments(settings.evidence, settings.criteria, settings.area)
    for a in usable:
        check_grade(a, "--fail-below", settings.fail_below)
    options = engine.Options(use_judgements=settings.use_judgements, sensitivity=settings.sensitivity)
    results = [engine.grade(a.evidence, a.scale, a.sets, a.path, settings.area, options) for a in usable]
    report = GradeReport(results=results)
    gates = []
    for s in report.results:
        for area in s.areas:
            where: dict[str, Any] = {"source_file": s.source_file, "area": area.id, "grade": area.grade}
            if settings.fail_below and s.rank(area.grade) < s.rank(settings.fail_below):
                gates.append(Gate(**where, fail_below=settings.fail_below))
            if settings.strict and area.provisional:
                gates.append(Gate(**where, missing=area.missing))
    return GradeRun(report=report, failures=failures, gates=gates)
