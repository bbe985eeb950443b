"""The result of grading: frozen records that renderers walk (docs/format.md section 8).

The core fills them with ids, statuses, counts, operators and bounds; the words a person
reads (`reason`, `detail`, `why_not`) are left empty here and phrased by the render layer
(render/phrases.py) for every format, JSON included. These records are also the published
JSON Schema of `sgc grade --format json`.
"""

from __future__ import annotations

from dataclasses import field
from typing import Annotated, Literal

from pydantic import Field

from ..reading.model import Scalar
from ..records import record
from ..vocab import Status
from .base import GradeLabel, OnScale, Record, Report


@record
class Cited(Record):
    source: str
    at: str | None = None
    quote: str | None = None


@record
class FactRead(Record):
    fact: str
    present: bool
    value: Scalar | None = None
    note: str | None = None


@record
class Comparison(Record):
    """One leaf of a rule as evaluated: `np.live_share 69 >= 50: true`."""

    fact: str
    op: str
    operand: Scalar | list[Scalar] | None
    value: Literal["true", "false", "unknown"]
    needed: bool  # the rule cannot be true unless this comparison is


@record
class Verdict(Record):
    """One criterion: its status and how it was reached."""

    id: str
    level: str
    text: str
    theme: str | None
    significant: bool
    dominant: bool
    status: Status
    decided_by: Literal["finding", "rule", "none"]
    conflict: bool
    rule_value: Literal["true", "false", "unknown"] | None
    facts_read: list[FactRead]
    comparisons: list[Comparison]
    citations: list[Cited]
    note: str | None
    recommendations: list[str]


@record
class Need(Record):
    """An item (criterion, or area of a composite) that must reach a status (or grade)."""

    id: str
    to: str


@record
class AnyOf(Record):
    """Any `k` of `of` reaching `to` is enough."""

    k: int
    of: list[str]
    to: str


@record
class NextGrade(Record):
    """What a grade needs: every item of `must`, plus each `any` group; or, when it
    cannot be reached, the requirement that cannot hold (`blocked`, measured with every
    item it selects at its best)."""

    grade: str
    reachable: bool
    must: list[Need]
    any: list[AnyOf]
    why_not: str | None = None  # `blocked` in words, phrased for JSON by the render layer
    blocked: Check | None = None


@record
class Step(Record):
    """The deciding requirement: the first unmet requirement of the next grade up."""

    grade: str
    requirement: str
    text: str | None = None  # the requirement's words, where its framework writes them


@record
class Selection(Record):
    """Which items a condition reads, as its selector says: criteria matching every key
    given (never those not applicable), or a composite's areas."""

    items: Literal["criteria", "areas"]
    level: str | None = None
    significant: bool | None = None
    dominant: bool | None = None
    theme: str | None = None
    ids: list[str] | None = None
    within: list[str] | None = None  # in a composite: only the criteria of these areas


@record
class Check(Record):
    """One condition of the framework, tested: a grade's requirement or borderline test.

    Measured as a number compared with a bound: the items that pass an `at_least` or
    `status` test counted against `bound` (without `count`, every one selected), or a
    share's numerator, (met + partial_credit x partial), whose share is compared with
    `bound`. Numbers are exact, as text ("8.5", "2/3")."""

    grade: str
    id: str
    text: str | None
    holds: bool
    detail: str = ""  # the numbers in words, phrased for JSON by the render layer
    selects: Selection | None = None
    selected: int = 0  # how many items the selector chose
    test: Literal["at_least", "status", "share"] = "at_least"
    against: list[str] = field(default_factory=list)  # the status or grade to reach; the statuses listed
    every: bool = True  # no `count`: every selected item must pass
    passing: list[str] = field(default_factory=list)  # the items that pass (not for a share)
    failing: list[str] = field(default_factory=list)  # the items that do not (not for a share)
    states: dict[str, str] = field(default_factory=dict)  # each failing item's status (an area: its grade)
    value: str = "0"  # items passing, or the share's numerator
    share: float | None = None  # a share's value, value / selected (0 when none is selected)
    op: str = "gte"
    bound: str = "0"
    threshold: str | None = None  # the named threshold the bound is, if any


@record
class Judged(Record):
    grade: str
    rationale: str
    by: str | None
    jump: bool  # more than one grade away from the computed grade
    applied: bool  # false under --no-judgements


@record
class Rec(Record):
    id: str
    text: str
    addresses: list[str]


@record
class Shift(Record):
    """The smallest changes that move a computed grade one way. `to`: the grade next up
    (the changes reach it), or the grade next down (the changes give it or a lower one).
    Items are criteria in an area and areas in a composite."""

    to: str
    example: list[str]  # one smallest set of items
    candidates: list[str]  # every item that belongs to at least one smallest set
    via: list[Step] = field(default_factory=list)  # the requirements it breaks (down) or must meet (up)
    # false only when the search for the fewest was stopped (a framework with many
    # overlapping requirements): the count is then an upper bound, `example` one way
    exact: bool = True


@record
class Margin(Record):
    """How close the computed grade is to the next grade down and up: the fewest findings
    whose status must change (to any other status; not applicable ones excluded) to lower
    it, and to raise it. In a composite, the fewest areas whose grade must change. Null
    at the lowest grade (down), at the top grade (up), or when no change can move it."""

    down: Annotated[
        int | None, Field(description="Fewest criteria (composite: areas) to change to lower the grade; null if none")
    ]
    up: Annotated[
        int | None, Field(description="Fewest criteria (composite: areas) to change to raise the grade; null if none")
    ]
    down_by: Shift | None
    up_by: Shift | None


@record
class Boundary(Record):
    """Where a threshold's value starts to change the computed grade: `at` (exactly
    `exact`, e.g. a share 4.5/11), whether `at` itself changes it, and the grade there."""

    at: float
    exact: str
    included: bool
    grade: str


@record
class Sensitivity(Record):
    """One named threshold an area's requirements read: its value, and the nearest values
    below and above at which the computed grade would change (null when none in its range,
    `low` to `high`: 0 to 1 for shares and partial_credit, 0 to the number of criteria
    selected for counts)."""

    value: float
    changes_below: float | None
    changes_above: float | None
    low: float
    high: float
    below: Boundary | None
    above: Boundary | None


class Decided:
    """A graded area or composite: the requirement that decided its grade."""

    deciding_step: Step | None
    requirements: list[Check]

    def deciding(self) -> Check | None:
        """The deciding requirement as measured: the first unmet one of the next grade up."""
        step = self.deciding_step
        if step is None:
            return None
        return next((c for c in self.requirements if (c.grade, c.id) == (step.grade, step.requirement)), None)


@record
class AreaResult(Record, Decided):
    id: str
    title: str
    criteria_version: str | None
    grade: str
    computed_grade: str
    judged: bool
    judgement: Judged | None
    deciding_step: Step | None  # None at the top grade
    reason: str = ""  # the deciding requirement in words, phrased for JSON by the render layer
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
class CompositeResult(Record, Decided):
    """A grade over the final grades of areas (docs/format.md section 8.7)."""

    id: str
    title: str
    grade: str
    provisional: bool
    best_possible: str
    deciding_step: Step | None
    reason: str = ""  # the deciding requirement in words, phrased for JSON by the render layer
    areas: dict[str, str]  # area id -> its final grade
    requirements: list[Check]
    next_grade: NextGrade | None
    margin: Margin | None = None  # counted in areas whose grade must change (and findings, where it reads criteria)
    sensitivity: dict[str, Sensitivity] | None = None  # with --sensitivity: threshold name -> where it bites
    computed_grade: str | None = None  # the grade its conditions give (results of older versions: absent)
    judged: bool = False  # a professional judgement replaced the computed grade
    judgement: Judged | None = None


@record
class NotGraded(Record):
    """A composite left ungraded because some of its areas were not graded."""

    id: str
    title: str
    missing: list[str]


@record
class SubjectResult(Record, OnScale):
    subject: str
    framework: str
    source_file: str
    grades: list[GradeLabel]  # the framework's scale, lowest first
    levels: list[GradeLabel]  # the framework's criterion levels, lowest first
    areas: list[AreaResult]
    composites: list[CompositeResult]
    not_graded: list[NotGraded]


@record
class GradeReport(Report):
    results: list[SubjectResult]


@record
class Gate(Record):
    """An area whose grade fails a gate: below `fail_below`, or provisional under --strict
    (missing the evidence listed)."""

    source_file: str
    area: str
    grade: str
    fail_below: str | None = None
    missing: list[str] = field(default_factory=list)
