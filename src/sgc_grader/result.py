"""The result of grading: frozen data that renderers walk (SPEC section 3.1).

These models are also the published JSON Schema of `sgc grade --format json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pydantic import ConfigDict, TypeAdapter

from .model import Grade, Level, Scalar

VerdictStatus = Literal["met", "partial", "not_met", "not_applicable", "unknown", "unassessed"]
Step = Literal["dominant", "fair_not_reached", "good_not_reached", "excellent_not_reached", "excellent"]


# Plain frozen dataclasses: the engine builds thousands of these per second, and pydantic
# still validates them (when read back by `sgc diff`), dumps them and publishes their schema.
T = TypeVar("T")
STRICT = ConfigDict(extra="forbid")  # how pydantic reads results back (`sgc diff`)


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def adapter(cls: type[T]) -> TypeAdapter[T]:
    """pydantic's view of a result type (built once: it is not cheap)."""
    if cls not in _ADAPTERS:
        _ADAPTERS[cls] = TypeAdapter(cls)
    return _ADAPTERS[cls]


def to_jsonable(obj: Any) -> Any:
    """Plain JSON-ready data of a result, fields in declaration order."""
    return adapter(type(obj)).dump_python(obj, mode="json")


@dataclass(frozen=True, kw_only=True)
class Cited:
    __pydantic_config__ = STRICT

    source: str
    at: str | None = None
    quote: str | None = None


@dataclass(frozen=True, kw_only=True)
class FactRead:
    __pydantic_config__ = STRICT

    fact: str
    present: bool
    value: Scalar | None = None


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """One criterion: its status and how it was reached."""

    __pydantic_config__ = STRICT

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


@dataclass(frozen=True, kw_only=True)
class NextGrade:
    """What the next grade up needs: all of `must_meet`, plus any `plus_any` of `of`."""

    __pydantic_config__ = STRICT

    grade: Grade
    reachable: bool
    must_meet: list[str]
    plus_any: int
    of: list[str]
    why_not: str | None = None


@dataclass(frozen=True, kw_only=True)
class Judged:
    __pydantic_config__ = STRICT

    grade: Grade
    rationale: str
    by: str | None
    jump: bool  # more than one grade away from the computed grade
    applied: bool  # false under --no-judgements


@dataclass(frozen=True, kw_only=True)
class Rec:
    __pydantic_config__ = STRICT

    id: str
    text: str
    addresses: list[str]


@dataclass(frozen=True, kw_only=True)
class AreaResult:
    __pydantic_config__ = STRICT

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


@dataclass(frozen=True, kw_only=True)
class SubjectResult:
    __pydantic_config__ = STRICT

    subject: str
    framework: str
    source_file: str
    areas: list[AreaResult]


@dataclass(frozen=True, kw_only=True)
class GradeReport:
    __pydantic_config__ = STRICT

    schema_version: Literal[1] = field(default=1)
    results: list[SubjectResult]


@dataclass(frozen=True, kw_only=True)
class GapResult:
    """`sgc gap`: the smallest changes that take an area from its grade to the target."""

    __pydantic_config__ = STRICT

    schema_version: Literal[1] = field(default=1)
    subject: str
    source_file: str
    area: str
    title: str
    grade: Grade  # the computed grade, which the gap is measured from
    target: Grade
    reached: bool
    reachable: bool
    why_not: str | None
    must_meet: list[Verdict]
    plus_any: int
    of: list[Verdict]
    recommendations: list[Rec]  # those that address a listed criterion


Direction = Literal["improved", "stable", "deteriorated", "added", "removed"]


@dataclass(frozen=True, kw_only=True)
class StatusChange:
    __pydantic_config__ = STRICT

    id: str
    old: VerdictStatus
    new: VerdictStatus


@dataclass(frozen=True, kw_only=True)
class AreaDiff:
    __pydantic_config__ = STRICT

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


@dataclass(frozen=True, kw_only=True)
class DiffResult:
    """`sgc diff`: two assessments of one subject, area by area."""

    __pydantic_config__ = STRICT

    schema_version: Literal[1] = field(default=1)
    subject: str
    old_file: str
    new_file: str
    areas: list[AreaDiff]
    deteriorated: bool
