"""The result of grading: frozen records that renderers walk (docs/format.md section 8).

An area's or composite's grade, how it was decided (the trail: results/trail.py) and how
close it is to another (margins and sensitivity). The core fills them with ids, grades
and numbers; the words a person reads (`reason`) are left empty here and phrased by the
render layer (render/phrases.py) for every format, JSON included. These records are also
the published JSON Schema of `sgc grade --format json`.
"""

from __future__ import annotations

from dataclasses import field

from ..records import record
from .base import GradeLabel, OnScale, Record, Report
from .trail import Check, NextGrade, Step, Verdict


@record
class Judged(Record):
    """A professional judgement recorded in the evidence (docs/format.md section 8.5)."""

    grade: str
    """The grade id the judgement gives."""
    rationale: str
    """Why, in the evidence's words."""
    by: str | None
    """Who made it, as written; null if not given."""
    jump: bool
    """Whether it is more than one grade away from the computed grade, up or down."""
    applied: bool
    """Whether it replaced the computed grade: false under `--no-judgements`."""


@record
class Rec(Record):
    """A recommendation of the evidence, for an area."""

    id: str
    """The recommendation's id."""
    text: str
    """The recommendation, in the evidence's words."""
    addresses: list[str]
    """The ids of the area's criteria it addresses."""


@record
class Shift(Record):
    """The smallest changes that move a computed grade one way. `to`: the grade next up
    (the changes reach it), or the grade next down (the changes give it or a lower one).
    Items are criteria in an area and areas in a composite."""

    to: str
    """The grade id the changes lead to: the next grade up, or the next down."""
    example: list[str]
    """The ids of one smallest set of items to change."""
    candidates: list[str]
    """The ids of every item that belongs to at least one smallest set."""
    via: list[Step] = field(default_factory=list)
    """The requirements the changes break (down) or must meet (up)."""
    exact: bool = True
    """False only when the search for the fewest was stopped (a framework with many overlapping requirements):
    the count is then an upper bound, and `example` one way that works."""


@record
class Margin(Record):
    """How close the computed grade is to the next grade down and up: the fewest findings
    whose status must change (to any other status; not applicable ones excluded) to lower
    it, and to raise it. In a composite, the fewest areas whose grade must change. Null
    at the lowest grade (down), at the top grade (up), or when no change can move it."""

    down: int | None
    """The fewest criteria (in a composite: areas, and findings where it reads criteria) whose change lowers
    the computed grade; null at the lowest grade or when no change can."""
    up: int | None
    """The fewest criteria (in a composite: areas, and findings where it reads criteria) whose change raises
    the computed grade; null at the top grade or when no change can."""
    down_by: Shift | None
    """The changes counted by `down`; null when `down` is."""
    up_by: Shift | None
    """The changes counted by `up`; null when `up` is."""


@record
class Boundary(Record):
    """Where a threshold's value starts to change the computed grade: `at` (exactly
    `exact`, e.g. a share 4.5/11), whether `at` itself changes it, and the grade there."""

    at: float
    """The threshold value where the computed grade changes (`exact` says it exactly)."""
    exact: str
    """The same value exactly, as text: `0.5`, `2/3`, or for a share of criteria `4.5/11`."""
    included: bool
    """Whether the grade changes at `at` itself (true), or only just beyond it (false)."""
    grade: str
    """The grade id the computed grade becomes there."""


@record
class Sensitivity(Record):
    """One named threshold an area's requirements read: its value, and the nearest values
    below and above at which the computed grade would change (null when none in its range,
    `low` to `high`: 0 to 1 for shares and partial_credit, 0 to the number of criteria
    selected for counts)."""

    value: float
    """The threshold's value for this area."""
    changes_below: float | None
    """The nearest value below `value` at which the computed grade changes; null if none in range."""
    changes_above: float | None
    """The nearest value above `value` at which the computed grade changes; null if none in range."""
    low: float
    """The bottom of the range searched: 0 (or `value`, if lower)."""
    high: float
    """The top of the range searched: 1 for shares and partial_credit, the number of items selected for counts
    (or `value`, if higher)."""
    below: Boundary | None
    """Where the grade changes below `value`; null if nowhere in range."""
    above: Boundary | None
    """Where the grade changes above `value`; null if nowhere in range."""


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
    """One area graded: its grade, how it was decided, and every criterion (docs/format.md section 8)."""

    id: str
    """The area's id: its criteria set's `id`."""
    title: str
    """The area's title, from its criteria set."""
    criteria_version: str | None
    """The criteria set's `version`; null if it has none."""
    grade: str
    """The final grade id: a professional judgement's where one is applied, else `computed_grade`."""
    computed_grade: str
    """The grade id the framework's requirements give."""
    judged: bool
    """Whether a professional judgement replaced the computed grade."""
    judgement: Judged | None
    """The judgement the evidence records for the area, applied or not; null if none."""
    deciding_step: Step | None
    """The deciding requirement: the first unmet requirement of the grade above the computed grade. Null at the
    top grade."""
    reason: str = ""
    """Words for people: the deciding requirement with its numbers, phrased by sgc (`Good needs ...: Good share
    2.5/5 = 0.50, needs > 0.50`); not for programs to parse (`deciding_step` and `requirements` are the data)."""
    provisional: bool
    """Whether counting every criterion missing evidence (unknown or unassessed) as met would give a better
    computed grade."""
    best_possible: str
    """The grade id it would then have; the computed grade when not provisional."""
    missing: list[str]
    """The ids of the criteria missing evidence when provisional; else empty."""
    borderline: bool
    """Whether any borderline test of the computed grade holds: a moderator should look. It never changes the
    grade."""
    borderline_reasons: list[str]
    """The ids of the borderline tests that hold."""
    requirements: list[Check]
    """Every requirement of every grade above the lowest, measured, lowest grade first."""
    borderline_checks: list[Check]
    """The borderline tests of the computed grade, measured, holding or not."""
    shares: dict[str, float]
    """Each share a requirement reads, by the level it selects (else the requirement's id): (met +
    partial_credit x partial) / selected, in [0, 1], rounded to 4 places."""
    share_exact: dict[str, str]
    """The same shares exactly, as numerator/selected: `2.5/5`."""
    counts: dict[str, int]
    """How many criteria have each status at each level, keyed LEVEL_STATUS (`good_met`); none that are 0."""
    national_distribution: dict[str, dict[str, int]]
    """Reference data from the criteria set: year -> grade id -> how many organisations got that grade that
    year."""
    criteria: list[Verdict]
    """Every criterion of the set, in file order, with its status."""
    recommendations: list[Rec]
    """The evidence's recommendations for the area."""
    next_grade: NextGrade | None
    """What the grade above the computed grade needs; null at the top grade."""
    margin: Margin | None = None
    """How close the computed grade is to the grades either side; null only in older results."""
    sensitivity: dict[str, Sensitivity] | None = None
    """With --sensitivity: each named threshold the requirements read (and partial_credit, where a share is
    read) -> where it changes the grade. Null without --sensitivity."""


@record
class CompositeResult(Record, Decided):
    """A grade over the final grades of areas (docs/format.md section 8.7)."""

    id: str
    """The composite's id in the framework file."""
    title: str
    """The composite's title, from the framework file."""
    grade: str
    """The final grade id: a professional judgement's where one is applied, else `computed_grade`."""
    provisional: bool
    """Whether its areas at their best possible grades (judged areas at their judged grades), and criteria
    missing evidence counted as met, would give a better grade."""
    best_possible: str
    """The grade id it would then have; the computed grade when not provisional."""
    deciding_step: Step | None
    """The deciding requirement: the first unmet requirement of the grade above the computed grade. Null at the
    top grade."""
    reason: str = ""
    """Words for people: the deciding requirement with its numbers, phrased by sgc; not for programs to parse
    (`deciding_step` and `requirements` are the data)."""
    areas: dict[str, str]
    """Each of its areas: area id -> that area's final grade id."""
    requirements: list[Check]
    """Every requirement of every grade above the lowest, measured, lowest grade first."""
    next_grade: NextGrade | None
    """What the grade above the computed grade needs; null at the top grade."""
    margin: Margin | None = None
    """How close the computed grade is to the grades either side, counted in areas whose grade must change (and
    findings, where it reads criteria); null only in older results."""
    sensitivity: dict[str, Sensitivity] | None = None
    """With --sensitivity: each named threshold its requirements read -> where it changes the grade. Null
    without --sensitivity, or when they read none."""
    computed_grade: str | None = None
    """The grade id its requirements give; null only in results of older versions."""
    judged: bool = False
    """Whether a professional judgement replaced the computed grade."""
    judgement: Judged | None = None
    """The judgement the evidence records for the composite, applied or not; null if none."""


@record
class NotGraded(Record):
    """A composite left ungraded because some of its areas were not graded."""

    id: str
    """The composite's id."""
    title: str
    """The composite's title."""
    missing: list[str]
    """The ids of its areas that were not graded (the evidence does not cover them)."""


@record
class SubjectResult(Record, OnScale):
    """One evidence file graded: a subject's areas and composites."""

    subject: str
    """The organisation assessed, as the evidence names it."""
    framework: str
    """The framework's id."""
    source_file: str
    """The evidence file's path as sgc read it (`<stdin>` for standard input)."""
    grades: list[GradeLabel]
    """The framework's grades, lowest first."""
    levels: list[GradeLabel]
    """The framework's criterion levels, lowest first."""
    areas: list[AreaResult]
    """Every area graded (those the evidence covers, or those --area asks for), in criteria-file order."""
    composites: list[CompositeResult]
    """Every composite graded (all its areas graded), in framework order."""
    not_graded: list[NotGraded]
    """The composites left ungraded, and why."""


@record
class GradeReport(Report):
    """`sgc grade --format json`: every evidence file that could be graded (the others
    are reported on standard error)."""

    results: list[SubjectResult]
    """One result per evidence file graded, in the order read."""


@record
class Gate(Record):
    """An area whose grade fails a gate: below `fail_below`, or provisional under --strict
    (missing the evidence listed)."""

    source_file: str
    """The evidence file's path as sgc read it."""
    area: str
    """The id of the area (or composite)."""
    grade: str
    """Its final grade id."""
    fail_below: str | None = None
    """The --fail-below grade id it is below; null when it fails --strict."""
    missing: list[str] = field(default_factory=list)
    """Under --strict: the ids of the criteria missing evidence that make it provisional."""
