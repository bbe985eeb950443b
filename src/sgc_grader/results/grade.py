"""The result of grading: frozen data that renderers walk (SPEC section 3.1).

These models are also the published JSON Schema of `sgc grade --format json`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import field
from typing import Annotated, Any, Literal, TypeVar

from pydantic import ConfigDict, Field, TypeAdapter

from ..reading.model import Scalar
from ..records import record

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


@record
class Cited:
    __pydantic_config__ = STRICT

    source: str
    at: str | None = None
    quote: str | None = None


@record
class FactRead:
    __pydantic_config__ = STRICT

    fact: str
    present: bool
    value: Scalar | None = None
    note: str | None = None


@record
class Comparison:
    """One leaf of a rule as evaluated: `np.live_share 69 >= 50: true`."""

    __pydantic_config__ = STRICT

    fact: str
    op: str
    operand: Scalar | list[Scalar] | None
    value: Literal["true", "false", "unknown"]
    needed: bool  # the rule cannot be true unless this comparison is


@record
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


@record
class Need:
    """An item (criterion, or area of a composite) that must reach a status (or grade)."""

    __pydantic_config__ = STRICT

    id: str
    to: str


@record
class AnyOf:
    """Any `k` of `of` reaching `to` is enough."""

    __pydantic_config__ = STRICT

    k: int
    of: list[str]
    to: str


@record
class NextGrade:
    """What a grade needs: every item of `must`, plus each `any` group."""

    __pydantic_config__ = STRICT

    grade: str
    reachable: bool
    must: list[Need]
    any: list[AnyOf]
    why_not: str | None = None


@record
class Step:
    """The deciding requirement: the first unmet requirement of the next grade up."""

    __pydantic_config__ = STRICT

    grade: str
    requirement: str


@record
class Check:
    """One condition of the framework, tested: a grade's requirement or borderline test."""

    __pydantic_config__ = STRICT

    grade: str
    id: str
    text: str | None
    holds: bool
    detail: str


@record
class Judged:
    __pydantic_config__ = STRICT

    grade: str
    rationale: str
    by: str | None
    jump: bool  # more than one grade away from the computed grade
    applied: bool  # false under --no-judgements


@record
class Rec:
    __pydantic_config__ = STRICT

    id: str
    text: str
    addresses: list[str]


@record
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


@record
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


@record
class Boundary:
    """Where a threshold's value starts to change the computed grade: `at` (exactly
    `exact`, e.g. a share 4.5/11), whether `at` itself changes it, and the grade there."""

    __pydantic_config__ = STRICT

    at: float
    exact: str
    included: bool
    grade: str


@record
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


@record
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


@record
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


@record
class NotGraded:
    """A composite left ungraded because some of its areas were not graded."""

    __pydantic_config__ = STRICT

    id: str
    title: str
    missing: list[str]


@record
class GradeLabel:
    __pydantic_config__ = STRICT

    id: str
    label: str


def written(value: Any) -> str:
    """A YAML value as it is written in a file: true, 2007-10-01, 62.5, [a, b], text."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(written(v) for v in value) + "]"
    return str(value)


def label_of(grades: Sequence[GradeLabel], grade: str | None) -> str:
    """How a person reads a grade id, from the grades a result carries ("-" for none)."""
    return next((g.label for g in grades if g.id == grade), grade or "-")


@record
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
        return label_of(self.grades, grade)

    def rank(self, grade: str) -> int:
        return [g.id for g in self.grades].index(grade)


@record
class GradeReport:
    __pydantic_config__ = STRICT

    schema_version: Literal[2] = field(default=2)
    results: list[SubjectResult]
