"""What `sgc summary` answers: the national picture over many evidence files."""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from ..records import record
from .base import GradeLabel, OnScale, Record, Report
from .grade import Check, Shift, Step


@record
class AreaCount(Record):
    """How many subjects got each grade in one area (or composite)."""

    id: str
    title: str
    composite: bool
    counts: dict[str, int]  # grade id -> subjects, every grade of the scale
    reference: dict[str, dict[str, int]]  # the set's national_distribution, for comparison


@record
class Row(Record):
    subject: str
    source_file: str
    grades: dict[str, str]  # area or composite id -> final grade


# margin: the computed grade is one finding (a composite: one area) from the next grade
# up, or from a lower one through a share or count it sits next to
Why = Literal["provisional", "borderline", "judged", "margin"]


@record
class Attention(Record):
    """A grade a moderator should look at, and why: with `why` provisional, the grade
    its missing evidence could give; borderline, the borderline tests that hold; judged,
    the computed grade and the rationale; margin, the one change that would raise it
    (`up`) or the share or count requirements one change would break (`down`, `through`)."""

    subject: str
    source_file: str
    area: str
    grade: str
    why: Why
    detail: str = ""  # the rest in words, phrased for JSON by the render layer
    composite: bool = False
    computed: str | None = None  # the computed grade, where a judgement replaced it
    best_possible: str | None = None
    missing: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    rationale: str | None = None
    up: Shift | None = None
    down: Shift | None = None
    through: list[Step] = field(default_factory=list)


@record
class Shortfall(Record):
    """How many subjects fell short of one criterion: what a thematic report is written from."""

    area: str
    id: str
    level: str
    text: str
    not_met: int  # found not met, or its rule false
    partial: int
    missing: int  # unassessed, or its rule could not be evaluated
    graded: int  # subjects whose area was graded


@record
class Failure(Record):
    path: str
    line: int
    col: int
    message: str


@record
class SummaryResult(Report, OnScale):
    framework: str | None
    grades: list[GradeLabel]
    files: int
    areas: list[AreaCount]
    subjects: list[Row]
    attention: list[Attention]
    shortfalls: list[Shortfall]  # criteria not met by at least one subject, most often first
    failures: list[Failure]
    levels: list[GradeLabel] = field(default_factory=list)  # the framework's criterion levels, lowest first
    given_twice: list[str] = field(default_factory=list)  # files named more than once, counted once
    same_subject: dict[str, list[str]] = field(default_factory=dict)  # a subject graded from several files
