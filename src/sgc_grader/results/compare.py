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
    """A criterion whose status changed."""

    id: str
    """The criterion's id."""
    old: Status
    """Its status in the older assessment."""
    new: Status
    """Its status in the newer one."""


@record
class AreaDiff(Record):
    """One area then and now: its final grade, the criteria that changed, and its recommendations."""

    id: str
    """The area's id."""
    title: str
    """The area's title (from the newer result, else the older)."""
    old_grade: str | None
    """The area's final grade id in the older assessment; null if it did not grade the area."""
    new_grade: str | None
    """The area's final grade id in the newer assessment; null if it did not grade the area."""
    direction: Direction
    """How its final grade moved: improved, stable or deteriorated; added (only the newer result has it) or
    removed (only the older has it)."""
    old_version: str | None
    """The criteria set's `version` the older assessment was graded against; null if none."""
    new_version: str | None
    """The criteria set's `version` the newer assessment was graded against; null if none."""
    version_changed: bool
    """Whether both graded the area, against different versions of its criteria set."""
    changed: list[StatusChange]
    """The criteria whose status changed, in the newer result's order."""
    added_criteria: list[str]
    """The ids of criteria only the newer result has (empty unless both graded the area)."""
    removed_criteria: list[str]
    """The ids of criteria only the older result has (empty unless both graded the area)."""
    new_recommendations: list[str]
    """The ids of recommendations only the newer assessment makes, sorted."""
    resolved_recommendations: list[str]
    """The ids of recommendations only the older assessment made, sorted."""


@record
class GradeChange(Record):
    """A composite's grade then and now."""

    id: str
    """The composite's id."""
    title: str
    """The composite's title (from the newer result, else the older)."""
    old_grade: str | None
    """Its final grade id in the older assessment; null if not graded there."""
    new_grade: str | None
    """Its final grade id in the newer assessment; null if not graded there."""
    direction: Direction
    """How its final grade moved: improved, stable or deteriorated; added (only the newer result has it) or
    removed (only the older has it)."""


@record
class DiffResult(Report, OnScale):
    """`sgc diff`: two assessments of one subject, area by area."""

    subject: str
    """The organisation assessed, as the evidence names it."""
    old_file: str
    """The older assessment's evidence file, as its result names it (`source_file`)."""
    new_file: str
    """The newer assessment's evidence file, as its result names it (`source_file`)."""
    grades: list[GradeLabel]
    """The framework's grades, lowest first (from the newer result)."""
    areas: list[AreaDiff]
    """Every area either graded: in the newer result's order, then those only the older has."""
    composites: list[GradeChange]
    """Every composite either graded, in the same order."""
    deteriorated: bool
    """Whether any area or composite went down a grade."""
    same_file: bool = False
    """Whether OLD and NEW name one file: nothing can have changed."""


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
    """How many criteria both assessed (met, partial or not met in each)."""
    agreement: float | None
    """The proportion of them recorded the same, in [0, 1], rounded to 4 places; null when `n` is 0."""
    kappa: float | None
    """Cohen's kappa, from -1 to 1 (0: no better than chance), rounded to 4 places; null when undefined."""
    weighted_kappa: float | None
    """Kappa with linear weights, from -1 to 1, rounded to 4 places; null when undefined."""
    exact: dict[str, str]
    """Each defined statistic, by name, exactly as a fraction: `74/79`."""
    undefined: dict[str, str]
    """Words for people: why each undefined statistic is undefined, by name, phrased by sgc; not for
    programs to parse (`unknowable` is the data)."""
    unknowable: dict[str, Undefined] = field(default_factory=dict)
    """Why each undefined statistic is undefined, by name: none-assessed (no criterion assessed by both)
    or chance-one (both recorded one and the same status throughout)."""
    only: Status | None = None
    """With chance-one: the status both recorded throughout; else null."""


@record
class Pair(Record):
    """One criterion's status in each assessment."""

    id: str
    """The criterion's id."""
    a: Status
    """Its status in A."""
    b: Status
    """Its status in B."""


@record
class GradeChanging(Record):
    """A criterion where taking the other's status alone changes an assessment's computed
    grade: `a_would_be` is A's grade with B's status for it (null if unchanged), and
    `b_would_be` B's with A's."""

    id: str
    """The criterion's id."""
    a: Status
    """Its status in A."""
    b: Status
    """Its status in B."""
    a_would_be: str | None
    """A's computed grade id with B's status for this criterion; null if that does not change it."""
    b_would_be: str | None
    """B's computed grade id with A's status for this criterion; null if that does not change it."""


@record
class AreaAgreement(Record):
    """One area both assessed: both computed grades, the findings statistics, the
    criteria they assessed differently, those that change a grade, and those set apart
    (assessed by only one; not applicable in either)."""

    id: str
    """The area's id."""
    title: str
    """The area's title, from its criteria set."""
    a: str
    """A's computed grade id (judgements set aside)."""
    b: str
    """B's computed grade id (judgements set aside)."""
    agree: bool
    """Whether the two computed grades are the same."""
    a_judgement: str | None
    """The grade id of a professional judgement A records for the area; null if none."""
    b_judgement: str | None
    """The grade id of a professional judgement B records for the area; null if none."""
    criteria: Statistics
    """The statistics over this area's criteria both assessed."""
    differ: list[Pair]
    """The criteria both assessed, with different statuses."""
    grade_changing: list[GradeChanging]
    """The criteria where taking the other's status alone changes a computed grade."""
    one_only: list[Pair]
    """The criteria only one assessed (the other: unknown or unassessed)."""
    not_applicable: list[Pair]
    """The criteria not applicable in either, left out of the statistics."""


@record
class AgreeResult(Report, OnScale):
    """`sgc agree`: two assessments of one subject against one framework."""

    subject: str
    """The organisation assessed, as the evidence names it."""
    framework: str
    """The framework's id."""
    a_file: str
    """Assessment A's evidence file, as sgc read it (`<stdin>` for standard input)."""
    b_file: str
    """Assessment B's evidence file, as sgc read it (`<stdin>` for standard input)."""
    grades: list[GradeLabel]
    """The framework's grades, lowest first."""
    criteria: Statistics
    """The statistics over every criterion both assessed, in every area both assessed."""
    areas: list[AreaAgreement]
    """Every area both assessed, in criteria-file order."""
    only_a: list[str]
    """The ids of the areas only A assessed."""
    only_b: list[str]
    """The ids of the areas only B assessed."""
    same_file: bool = False
    """Whether A and B name one file: they agree by construction."""
