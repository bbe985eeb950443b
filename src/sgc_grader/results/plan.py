"""What `sgc gap` answers: the changes that take an area from its grade to a target."""

from __future__ import annotations

from dataclasses import field

from ..records import record
from .base import GradeLabel, OnScale, Record, Report
from .grade import AnyOf, Check, Need, Rec, Verdict


@record
class GapNeed(Record):
    criterion: Verdict
    to: str


@record
class GapGroup(Record):
    k: int
    to: str
    of: list[Verdict]


@record
class GapResult(Report, OnScale):
    """`sgc gap`: the smallest changes that take an area from its grade to the target."""

    subject: str
    source_file: str
    grades: list[GradeLabel]
    area: str
    title: str
    grade: str  # the computed grade, which the gap is measured from
    target: str
    reached: bool
    reachable: bool
    why_not: str | None  # `blocked` in words, phrased for JSON by the render layer
    must: list[GapNeed]
    any: list[GapGroup]
    fewest: list[GapNeed]  # the smallest set of criteria that reaches the target
    fewest_exact: bool = True  # false when the search was stopped: a set that works, maybe not the smallest
    recommendations: list[Rec]  # those that address a listed criterion
    blocked: Check | None = None  # the requirement no improvement can make hold, at its best
    levels: list[GradeLabel] = field(default_factory=list)  # the framework's criterion levels, lowest first


@record
class CompositeGapResult(Report, OnScale):
    """`sgc gap --area COMPOSITE`: the fewest changes (area grades, and findings where
    the composite reads criteria) that take a composite from its computed grade to the
    target, the guarantee, and each area's own gap to the grade it must reach."""

    subject: str
    source_file: str
    grades: list[GradeLabel]
    levels: list[GradeLabel]
    composite: str
    title: str
    grade: str  # the computed grade, which the gap is measured from
    target: str
    reached: bool
    reachable: bool
    why_not: str | None  # `blocked` in words, phrased for JSON by the render layer
    must: list[Need]  # areas that must reach a grade, criteria a status
    any: list[AnyOf]
    fewest: list[Need]  # the smallest set of changes that reaches the target
    fewest_exact: bool
    areas: list[GapResult]  # for each area in `fewest`: what reaching its grade takes
    blocked: Check | None = None
