"""`sgc diff` and `sgc agree`: two assessments of one subject compared."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from typing import NamedTuple

from pydantic import ValidationError

from ..errors import LoadErrors, SgcError
from ..grading.agreement import agree as agree_of
from ..grading.travel import diff as diff_of
from ..reading.yamlread import DEFAULT_LIMITS, Limits, read_text
from ..results.base import adapter
from ..results.compare import AgreeResult, DiffResult
from ..results.grade import GradeReport, SubjectResult
from .assess import all_assessments
from .grade import GradeSettings, grade


class DiffSettings(NamedTuple):
    old: str
    new: str
    criteria: str | None = None


def _assessment(path: str, criteria: str | None) -> SubjectResult:
    """One side of a diff: a JSON result of `sgc grade`, or an evidence file graded now."""
    if not path.endswith(".json"):
        run = grade(GradeSettings(evidence=[path], criteria=criteria))
        if run.failures:
            raise LoadErrors(run.failures)
        return run.report.results[0]
    report = _read_result(path)
    if len(report.results) != 1:
        raise SgcError(path, 1, 1, f"holds {len(report.results)} results; diff compares one subject")
    return report.results[0]


def _read_result(path: str) -> GradeReport:
    """A `sgc grade --format json` file, held to the limits YAML input is held to."""
    limits = DEFAULT_LIMITS
    text = read_text(path, limits)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise SgcError(path, e.lineno, e.colno, f"invalid JSON: {e.msg}") from None
    except RecursionError:
        raise SgcError(path, 1, 1, f"nesting deeper than {limits.max_depth} levels") from None
    _within(path, data, limits)
    try:
        report = adapter(GradeReport).validate_python(data)
    except ValidationError as e:
        where = ".".join(str(x) for x in e.errors()[0]["loc"])
        msg = f"not a result of `sgc grade --format json` (schema_version 2): {where}: {e.errors()[0]['msg']}"
        raise SgcError(path, 1, 1, msg) from None
    for s in report.results:
        known = {g.id for g in s.grades}
        used = [a.grade for a in s.areas] + [a.computed_grade for a in s.areas] + [c.grade for c in s.composites]
        unknown = sorted({g for g in used if g not in known})
        if unknown:
            raise SgcError(path, 1, 1, f"grade '{unknown[0]}' is not one of the result's grades ({', '.join(known)})")
    return report


def _within(path: str, data: object, limits: Limits) -> None:
    """Refuse JSON deeper or with longer strings than the YAML limits allow."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limits.max_depth:
            raise SgcError(path, 1, 1, f"nesting deeper than {limits.max_depth} levels")
        if isinstance(value, str) and len(value) > limits.max_string:
            raise SgcError(path, 1, 1, f"string of {len(value):,} characters, over the limit of {limits.max_string:,}")
        if isinstance(value, dict):
            stack += [(v, depth + 1) for v in [*value.keys(), *value.values()]]
        elif isinstance(value, list):
            stack += [(v, depth + 1) for v in value]


def diff(settings: DiffSettings) -> DiffResult:
    errors: list[SgcError] = []
    sides: list[SubjectResult] = []
    for path in (settings.old, settings.new):
        try:
            sides.append(_assessment(path, settings.criteria))
        except LoadErrors as e:
            errors += e.errors
        except SgcError as e:
            errors.append(e)
    if errors:
        raise LoadErrors(errors)
    old, new = sides
    if old.subject != new.subject or old.framework != new.framework:
        what = f"'{old.subject}' ({old.framework}) and '{new.subject}' ({new.framework})"
        raise SgcError(settings.new, 0, 0, f"not the same subject: {what}; diff compares one subject")
    grades = [g.id for g in new.grades]
    unknown = [g for g in [a.grade for a in old.areas] + [c.grade for c in old.composites] if g not in grades]
    if unknown:
        known = ", ".join(grades)
        raise SgcError(settings.old, 0, 0, f"grade '{unknown[0]}' is not a grade of '{new.framework}' ({known})")
    return replace(diff_of(old, new), same_file=_same_file(settings.old, settings.new))


class AgreeSettings(NamedTuple):
    a: str
    b: str
    criteria: str | None = None


def agree(settings: AgreeSettings) -> AgreeResult:
    """Two assessments of one subject against one framework (exit 2 otherwise)."""
    a, b = all_assessments([settings.a, settings.b], settings.criteria)
    ea, eb = a.evidence, b.evidence
    if ea.subject != eb.subject or ea.framework != eb.framework:
        what = f"'{ea.subject}' ({ea.framework}) and '{eb.subject}' ({eb.framework})"
        raise SgcError(b.path, 0, 0, f"not the same subject and framework: {what}; agree compares one subject")
    result = agree_of(a.scale, a.sets, ea, eb, a.path, b.path)
    return replace(result, same_file=_same_file(settings.a, settings.b))


def _same_file(a: str, b: str) -> bool:
    return "-" not in (a, b) and os.path.realpath(a) == os.path.realpath(b)
