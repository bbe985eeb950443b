"""The result of grading: frozen data that renderers walk (SPEC section 3.1).

These models are also the published JSON Schema of `sgc grade --format json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeVar

from pydantic import ConfigDict, Field, TypeAdapter

from .model import Scalar

VerdictStatus = Literal["met", "partial", "not_met", "not_applicable", "unknown", "unassessed"]


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
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """One leaf of a rule as evaluated: `np.live_share 69 >= 50: true`."""

    __pydantic_config__ = STRICT

    fact: str
    op: str
    operand: Scalar | list[Scalar] | None
    value: Literal["true", "false", "unknown"]
    needed: bool  # the rule cannot be true unless this comparison is


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """One criterion: its status and how it was reached."""

    __pydantic_config__ = STRICT

    id: str
    level: str
    text: str
    theme: str | None
    significant: bool
    dominant: bool
    status: VerdictStatus
    decided_by: Literal["finding", "rule", "none"]
    conflict: bool
    rule_value: Literal["true", "false", "unknown"] | None
    facts_read: list[FactRead]
    comparisons: list[Comparison]
    citations: list[Cited]
    note: str | None
    recommendations: list[str]


@dataclass(frozen=True, kw_only=True)
class Need:
    """An item (criterion, or area of a composite) that must reach a status (or grade)."""

    __pydantic_config__ = STRICT

    id: str
    to: str


@dataclass(frozen=True, kw_only=True)
class AnyOf:
    """Any `k` of `of` reaching `to` is enough."""

    __pydantic_config__ = STRICT

    k: int
    of: list[str]
    to: str


@dataclass(frozen=True, kw_only=True)
class NextGrade:
    """What a grade needs: every item of `must`, plus each `any` group."""

    __pydantic_config__ = STRICT

    grade: str
    reachable: bool
    must: list[Need]
    any: list[AnyOf]
    why_not: str | None = None


@dataclass(frozen=True, kw_only=True)
class Step:
    """The deciding requirement: the first unmet requirement of the next grade up."""

    __pydantic_config__ = STRICT

    grade: str
    requirement: str


@dataclass(frozen=True, kw_only=True)
class Check:
    """One condition of the framework, tested: a grade's requirement or borderline test."""

    __pydantic_config__ = STRICT

    grade: str
    id: str
    text: str | None
    holds: bool
    detail: str


@dataclass(frozen=True, kw_only=True)
class Judged:
    __pydantic_config__ = STRICT

    grade: str
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
class Shift:
    """The smallest changes that move a computed grade one way. `to`: the grade next up
    (the changes reach it), or the grade next down (the changes give it or a lower one).
    Items are criteria in an area and areas in a composite."""

    __pydantic_config__ = STRICT

    to: str
    example: list[str]  # one smallest set of items
    candidates: list[str]  # every item that belongs to at least one smallest set
    via: list[Step] = field(default_factory=list)  # the requirements it breaks (down) or must meet (up)
    # false only when the search for the fewest was stopped (a framework with many
    # overlapping requirements): the count is then an upper bound, `example` one way
    exact: bool = True


@dataclass(frozen=True, kw_only=True)
class Margin:
    """How close the computed grade is to the next grade down and up: the fewest findings
    whose status must change (to any other status; not applicable ones excluded) to lower
    it, and to raise it. In a composite, the fewest areas whose grade must change. Null
    at the lowest grade (down), at the top grade (up), or when no change can move it."""

    __pydantic_config__ = STRICT

    down: Annotated[
        int | None, Field(description="Fewest criteria (composite: areas) to change to lower the grade; null if none")
    ]
    up: Annotated[
        int | None, Field(description="Fewest criteria (composite: areas) to change to raise the grade; null if none")
    ]
    down_by: Shift | None
    up_by: Shift | None


@dataclass(frozen=True, kw_only=True)
class Boundary:
    """Where a threshold's value starts to change the computed grade: `at` (exactly
    `exact`, e.g. a share 4.5/11), whether `at` itself changes it, and the grade there."""

    __pydantic_config__ = STRICT

    at: float
    exact: str
    included: bool
    grade: str


@dataclass(frozen=True, kw_only=True)
class Sensitivity:
    """One named threshold an area's requirements read: its value, and the nearest values
    below and above at which the computed grade would change (null when none in its range,
    `low` to `high`: 0 to 1 for shares and partial_credit, 0 to the number of criteria
    selected for counts)."""

    __pydantic_config__ = STRICT

    value: float
    changes_below: float | None
    changes_above: float | None
    low: float
    high: float
    below: Boundary | None
    above: Boundary | None


@dataclass(frozen=True, kw_only=True)
class AreaResult:
    __pydantic_config__ = STRICT

    id: str
    title: str
    criteria_version: str | None
    grade: str
    computed_grade: str
    judged: bool
    judgement: Judged | None
    deciding_step: Step | None  # None at the top grade
    reason: str
    provisional: bool
    best_possible: str
    missing: list[str]
    borderline: bool
    borderline_reasons: list[str]
    requirements: list[Check]  # every requirement of every grade above the lowest
    borderline_checks: list[Check]  # the borderline conditions of the computed grade
    shares: dict[str, float]
    share_exact: dict[str, str]
    counts: dict[str, int]
    national_distribution: dict[str, dict[str, int]]
    criteria: list[Verdict]
    recommendations: list[Rec]
    next_grade: NextGrade | None
    margin: Margin | None = None  # of the computed grade; absent from results of older versions
    sensitivity: dict[str, Sensitivity] | None = None  # with --sensitivity: threshold name -> where it bites


@dataclass(frozen=True, kw_only=True)
class CompositeResult:
    """A grade over the final grades of areas (SPEC section 2)."""

    __pydantic_config__ = STRICT

    id: str
    title: str
    grade: str
    provisional: bool
    best_possible: str
    deciding_step: Step | None
    reason: str
    areas: dict[str, str]  # area id -> its final grade
    requirements: list[Check]
    next_grade: NextGrade | None
    margin: Margin | None = None  # counted in areas whose grade must change


@dataclass(frozen=True, kw_only=True)
class NotGraded:
    """A composite left ungraded because some of its areas were not graded."""

    __pydantic_config__ = STRICT

    id: str
    title: str
    missing: list[str]


@dataclass(frozen=True, kw_only=True)
class GradeLabel:
    __pydantic_config__ = STRICT

    id: str
    label: str


@dataclass(frozen=True, kw_only=True)
class SubjectResult:
    __pydantic_config__ = STRICT

    subject: str
    framework: str
    source_file: str
    grades: list[GradeLabel]  # the framework's scale, lowest first
    levels: list[GradeLabel]  # the framework's criterion levels, lowest first
    areas: list[AreaResult]
    composites: list[CompositeResult]
    not_graded: list[NotGraded]

    def label(self, grade: str | None) -> str:
        """How a person reads a grade id."""
        return next((g.label for g in self.grades if g.id == grade), grade or "-")

    def rank(self, grade: str) -> int:
        return [g.id for g in self.grades].index(grade)


@dataclass(frozen=True, kw_only=True)
class GradeReport:
    __pydantic_config__ = STRICT

    schema_version: Literal[2] = field(default=2)
    results: list[SubjectResult]


@dataclass(frozen=True, kw_only=True)
class GapResult:
    """`sgc gap`: the smallest changes that take an area from its grade to the target."""

    __pydantic_config__ = STRICT

    schema_version: Literal[2] = field(default=2)
    subject: str
    source_file: str
    grades: list[GradeLabel]
    area: str
    title: str
    grade: str  # the computed grade, which the gap is measured from
    target: str
    reached: bool
    reachable: bool
    why_not: str | None
    must: list[GapNeed]
    any: list[GapGroup]
    fewest: list[GapNeed]  # the smallest set of criteria that reaches the target
    fewest_exact: bool = True  # false when the search was stopped: a set that works, maybe not the smallest
    recommendations: list[Rec]  # those that address a listed criterion

    def label(self, grade: str) -> str:
        return next((g.label for g in self.grades if g.id == grade), grade)


@dataclass(frozen=True, kw_only=True)
class GapNeed:
    __pydantic_config__ = STRICT

    criterion: Verdict
    to: str


@dataclass(frozen=True, kw_only=True)
class GapGroup:
    __pydantic_config__ = STRICT

    k: int
    to: str
    of: list[Verdict]


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


@dataclass(frozen=True, kw_only=True)
class DiffResult:
    """`sgc diff`: two assessments of one subject, area by area."""

    __pydantic_config__ = STRICT

    schema_version: Literal[2] = field(default=2)
    subject: str
    old_file: str
    new_file: str
    grades: list[GradeLabel]
    areas: list[AreaDiff]
    composites: list[GradeChange]
    deteriorated: bool

    def label(self, grade: str | None) -> str:
        return next((g.label for g in self.grades if g.id == grade), grade or "-")


@dataclass(frozen=True, kw_only=True)
class GradeChange:
    """A composite's grade then and now."""

    __pydantic_config__ = STRICT

    id: str
    title: str
    old_grade: str | None
    new_grade: str | None
    direction: Direction
