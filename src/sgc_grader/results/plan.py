"""What `sgc gap` answers: the changes that take an area from its grade to a target."""

from __future__ import annotations

from dataclasses import field

from ..records import record
from .base import GradeLabel, OnScale, Record, Report
from .grade import Rec
from .trail import AnyOf, Check, Need, Verdict


@record
class GapNeed(Record):
    """A criterion that must reach a status."""

    criterion: Verdict
    """The criterion as graded now, with its status."""
    to: str
    """The status it must reach: met or partial."""


@record
class GapGroup(Record):
    """Any `k` of the criteria in `of` reaching `to` is enough."""

    k: int
    """How many of the criteria in `of` must reach `to`: any that many will do."""
    to: str
    """The status each chosen criterion must reach: met or partial."""
    of: list[Verdict]
    """The criteria to choose from, as graded now, cheapest first."""


@record
class GapResult(Report, OnScale):
    """`sgc gap`: the smallest changes that take an area from its grade to the target."""

    subject: str
    """The organisation assessed, as the evidence names it."""
    source_file: str
    """The evidence file's path as sgc read it (`<stdin>` for standard input)."""
    grades: list[GradeLabel]
    """The framework's grades, lowest first."""
    area: str
    """The area's id."""
    title: str
    """The area's title, from its criteria set."""
    grade: str
    """The area's computed grade id, which the gap is measured from (a judgement does not count)."""
    target: str
    """The grade id to reach: `--target`, else the next grade up."""
    reached: bool
    """Whether the computed grade is already at or above the target (nothing is then listed)."""
    reachable: bool
    """Whether any change of findings can reach the target; when false, `blocked` says what stops it."""
    why_not: str | None
    """Words for people: `blocked` phrased by sgc, not for programs to parse. Null when the target can be reached."""
    must: list[GapNeed]
    """The criteria that must each reach a status, cheapest first."""
    any: list[GapGroup]
    """Then the groups of which any `k` criteria suffice."""
    fewest: list[GapNeed]
    """One smallest set of criteria that reaches the target, each with the lowest status that is enough;
    empty when reached or when it cannot be reached."""
    fewest_exact: bool = True
    """False when the search for the fewest was stopped: `fewest` then works, but may not be the smallest."""
    recommendations: list[Rec]
    """The evidence's recommendations for the area that address a criterion in `must` or `any`."""
    blocked: Check | None = None
    """The requirement no improvement can make hold, measured with every item it selects at its best; null
    when the target can be reached."""
    levels: list[GradeLabel] = field(default_factory=list)
    """The framework's criterion levels, lowest first."""


@record
class CompositeGapResult(Report, OnScale):
    """`sgc gap --area COMPOSITE`: the fewest changes (area grades, and findings where
    the composite reads criteria) that take a composite from its computed grade to the
    target, the guarantee, and each area's own gap to the grade it must reach."""

    subject: str
    """The organisation assessed, as the evidence names it."""
    source_file: str
    """The evidence file's path as sgc read it (`<stdin>` for standard input)."""
    grades: list[GradeLabel]
    """The framework's grades, lowest first."""
    levels: list[GradeLabel]
    """The framework's criterion levels, lowest first."""
    composite: str
    """The composite's id in the framework file."""
    title: str
    """The composite's title, from the framework file."""
    grade: str
    """The composite's computed grade id, which the gap is measured from (a judgement does not count)."""
    target: str
    """The grade id to reach: `--target`, else the next grade up."""
    reached: bool
    """Whether the computed grade is already at or above the target (nothing is then listed)."""
    reachable: bool
    """Whether any change can reach the target; when false, `blocked` says what stops it."""
    why_not: str | None
    """Words for people: `blocked` phrased by sgc, not for programs to parse. Null when the target can be reached."""
    must: list[Need]
    """The items that must each reach a grade (areas) or a status (criteria, where it reads them)."""
    any: list[AnyOf]
    """Then the groups of which any `k` items suffice."""
    fewest: list[Need]
    """One smallest set of changes that reaches the target: areas with the grade id each needs, criteria
    with a status; empty when reached or when it cannot be reached."""
    fewest_exact: bool
    """False when the search for the fewest was stopped: `fewest` then works, but may not be the smallest."""
    areas: list[GapResult]
    """For each area in `fewest` whose computed grade is below the grade it needs: its own gap to that grade."""
    blocked: Check | None = None
    """The requirement no improvement can make hold, measured with every item it selects at its best; null
    when the target can be reached."""
