"""The result of grading: frozen data that renderers walk (SPEC section 3.1).

These models are also the published JSON Schema of `sgc grade --format json`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .model import Grade, Level, Scalar

VerdictStatus = Literal["met", "partial", "not_met", "not_applicable", "unknown", "unassessed"]
Step = Literal["dominant", "fair_not_reached", "good_not_reached", "excellent_not_reached", "excellent"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Cited(Frozen):
    source: str
    at: str | None = None
    quote: str | None = None


class FactRead(Frozen):
    fact: str
    present: bool
    value: Scalar | None = None


class Verdict(Frozen):
    """One criterion: its status and how it was reached."""

    id: str
    level: Level
    text: str
    theme: str | None
    significant: bool
    dominant: bool
    status: VerdictStatus
    decided_by: Literal["finding", "rule", "none"]
    conflict: bool
    rule_value: Literal["true", "false", "unknown"] | None
    facts_read: list[FactRead]
    citations: list[Cited]
    note: str | None
    recommendations: list[str]


class NextGrade(Frozen):
    """What the next grade up needs: all of `must_meet`, plus any `plus_any` of `of`."""

    grade: Grade
    reachable: bool
    must_meet: list[str]
    plus_any: int
    of: list[str]
    why_not: str | None = None


class Judged(Frozen):
    grade: Grade
    rationale: str
    by: str | None
    jump: bool  # more than one grade away from the computed grade
    applied: bool  # false under --no-judgements


class Rec(Frozen):
    id: str
    text: str
    addresses: list[str]


class AreaResult(Frozen):
    id: str
    title: str
    criteria_version: str | None
    grade: Grade
    computed_grade: Grade
    judged: bool
    judgement: Judged | None
    deciding_step: Step
    reason: str
    provisional: bool
    best_possible: Grade
    missing: list[str]
    borderline: bool
    shares: dict[str, float]
    share_exact: dict[str, str]
    counts: dict[str, int]
    national_distribution: dict[str, dict[str, int]]
    criteria: list[Verdict]
    recommendations: list[Rec]
    next_grade: NextGrade | None


class SubjectResult(Frozen):
    subject: str
    framework: str
    source_file: str
    areas: list[AreaResult]


class GradeReport(Frozen):
    schema_version: Literal[1] = 1
    results: list[SubjectResult]


class GapItem(Frozen):
    """A criterion on the way to the target, with what stands against it now."""

    id: str
    level: Level
    text: str
    status: VerdictStatus
    significant: bool
    dominant: bool
    citation: Cited | None
    note: str | None
    recommendations: list[Rec]


class GapResult(Frozen):
    """`sgc gap`: the smallest changes that take an area from its grade to the target."""

    schema_version: Literal[1] = 1
    subject: str
    source_file: str
    area: str
    title: str
    grade: Grade  # the computed grade, which the gap is measured from
    target: Grade
    reached: bool
    reachable: bool
    why_not: str | None
    must_meet: list[GapItem]
    plus_any: int
    of: list[GapItem]


Direction = Literal["improved", "stable", "deteriorated", "added", "removed"]


class StatusChange(Frozen):
    id: str
    old: VerdictStatus
    new: VerdictStatus


class AreaDiff(Frozen):
    id: str
    title: str
    old_grade: Grade | None
    new_grade: Grade | None
    direction: Direction
    old_version: str | None
    new_version: str | None
    version_changed: bool
    changed: list[StatusChange]
    added_criteria: list[str]
    removed_criteria: list[str]
    new_recommendations: list[str]
    resolved_recommendations: list[str]


class DiffResult(Frozen):
    """`sgc diff`: two assessments of one subject, area by area."""

    schema_version: Literal[1] = 1
    subject: str
    old_file: str
    new_file: str
    areas: list[AreaDiff]
    deteriorated: bool
