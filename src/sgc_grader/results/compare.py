"""What `sgc diff` and `sgc agree` answer: two assessments of one subject compared."""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from ..records import record
from ..vocab import Status
from .base import GradeLabel, OnScale, Record, Report

Direction = Literal["improved", "stable", "deteriorated", "added", "removed"]


# --- sgc diff: the direction of travel ---------------------------------------------------


@record
class StatusChange(Record):
    id: str
    old: Status
    new: Status


@record
class AreaDiff(Record):
    id: str
    title: str
    old_grade: str | None
    new_grade: str | None
    direction: Direction
    old_version: str | None
    new_version: str | None
    version_changed: bool
    changed: list[StatusChange]
    added_criteria: list[str]
    removed_criteria: list[str]
    new_recommendations: list[str]
    resolved_recommendations: list[str]


@record
class GradeChange(Record):
    """A composite's grade then and now."""

    id: str
    title: str
    old_grade: str | None
    new_grade: str | None
    direction: Direction


@record
class DiffResult(Report, OnScale):
    """`sgc diff`: two assessments of one subject, area by area."""

    subject: str
    old_file: str
    new_file: str
    grades: list[GradeLabel]
    areas: list[AreaDiff]
    composites: list[GradeChange]
    deteriorated: bool
    same_file: bool = False  # OLD and NEW are one file: nothing can have changed


# --- sgc agree: would two inspectors have recorded the same findings ----------------------

# Why a statistic is undefined: nothing assessed by both, or chance agreement of 1 (both
# recorded every criterion as one and the same status), where kappa would divide by zero.
Undefined = Literal["none-assessed", "chance-one"]


@record
class Statistics(Record):
    """Agreement over the criteria both assessed: `n` of them, the proportion recorded
    the same, Cohen's kappa, and kappa with linear weights (a partial against a met is
    half a disagreement). A statistic is null when it is undefined: `unknowable` says
    why (with `only`, the one status both used throughout), `undefined` in words."""

    n: int
    agreement: float | None
    kappa: float | None
    weighted_kappa: float | None
    exact: dict[str, str]  # each defined statistic as an exact fraction
    undefined: dict[str, str]  # each undefined statistic: why, phrased for JSON by the render layer
    unknowable: dict[str, Undefined] = field(default_factory=dict)  # each undefined statistic: why
    only: Status | None = None  # with chance-one: the status both recorded throughout


@record
class Pair(Record):
    """One criterion's status in each assessment."""

    id: str
    a: Status
    b: Status


@record
class GradeChanging(Record):
    """A criterion where taking the other's status alone changes an assessment's computed
    grade: `a_would_be` is A's grade with B's status for it (null if unchanged), and
    `b_would_be` B's with A's."""

    id: str
    a: Status
    b: Status
    a_would_be: str | None
    b_would_be: str | None


@record
class AreaAgreement(Record):
    """One area both assessed: both computed grades, the findings statistics, the
    criteria they assessed differently, those that change a grade, and those set apart
    (assessed by only one; not applicable in either)."""

    id: str
    title: str
    a: str  # A's computed grade
    b: str
    agree: bool
    a_judgement: str | None  # the grade of a recorded professional judgement, if any
    b_judgement: str | None
    criteria: Statistics
    differ: list[Pair]
    grade_changing: list[GradeChanging]
    one_only: list[Pair]
    not_applicable: list[Pair]


@record
class AgreeResult(Report, OnScale):
    """`sgc agree`: two assessments of one subject against one framework."""

    subject: str
    framework: str
    a_file: str
    b_file: str
    grades: list[GradeLabel]
    criteria: Statistics  # over every area both assessed
    areas: list[AreaAgreement]
    only_a: list[str]  # areas only A assessed
    only_b: list[str]
    same_file: bool = False  # A and B are one file: they agree by construction
