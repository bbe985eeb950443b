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
