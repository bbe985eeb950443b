"""What `sgc summary` answers: the national picture over many evidence files."""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from ..records import record
from .base import GradeLabel, OnScale, Record, Report
from .grade import Shift
from .trail import Check, Step


@record
class AreaCount(Record):
    """How many subjects got each grade in one area (or composite)."""

    id: str
    """The area's (or composite's) id."""
    title: str
    """Its title."""
    composite: bool
    """Whether it is a composite."""
    counts: dict[str, int]
    """Grade id -> how many subjects got that final grade, for every grade of the scale (0 for none)."""
    reference: dict[str, dict[str, int]]
    """The criteria set's national_distribution, for comparison: year -> grade id -> count; empty for a
    composite."""


@record
class Row(Record):
    """One graded file: its subject and final grades (the matrix's row)."""

    subject: str
    """The organisation assessed, as the evidence names it."""
    source_file: str
    """The evidence file, as named or as found in a folder named (`<stdin>` for standard input)."""
    grades: dict[str, str]
    """Area or composite id -> its final grade id."""


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
    """The organisation assessed, as the evidence names it."""
    source_file: str
    """The evidence file, as named or as found in a folder named (`<stdin>` for standard input)."""
    area: str
    """The id of the area (or composite)."""
    grade: str
    """Its final grade id."""
    why: Why
    """Why to look: provisional, borderline, judged, or margin (one change from another grade)."""
    detail: str = ""
    """Words for people: the rest of the note, phrased by sgc; not for programs to parse."""
    composite: bool = False
    """Whether `area` is a composite."""
    computed: str | None = None
    """The computed grade id, where a judgement replaced it (borderline, judged); else null."""
    best_possible: str | None = None
    """With provisional: the grade id its missing evidence could give; else null."""
    missing: list[str] = field(default_factory=list)
    """With provisional, for an area: the ids of the criteria missing evidence; else empty."""
    checks: list[Check] = field(default_factory=list)
    """With borderline: the borderline tests that hold, measured; else empty."""
    rationale: str | None = None
    """With judged: the judgement's rationale, in the evidence's words; else null."""
    up: Shift | None = None
    """With margin: the one change that would raise the grade, if there is one; else null."""
    down: Shift | None = None
    """With margin, when one change would lower the grade through a share or count: the changes; else null."""
    through: list[Step] = field(default_factory=list)
    """With margin: the share or count requirements one change would break; else empty."""


@record
class Shortfall(Record):
    """How many subjects fell short of one criterion: what a thematic report is written from."""

    area: str
    """The area's id."""
    id: str
    """The criterion's id."""
    level: str
    """Its level id."""
    text: str
    """The criterion, in its criteria set's words."""
    not_met: int
    """How many subjects have it not met (found not met, or its rule false)."""
    partial: int
    """How many subjects have it partial."""
    missing: int
    """How many subjects have it unknown or unassessed (its rule could not be evaluated, or nothing)."""
    graded: int
    """How many subjects had the area graded."""


@record
class Failure(Record):
    """A file that could not be graded, and why."""

    path: str
    """The file that could not be graded."""
    line: int
    """The line of the problem, from 1; 0 when no place in the file is named."""
    col: int
    """The column of the problem, from 1; 0 when no place in the file is named."""
    message: str
    """What is wrong, in words."""


@record
class SummaryResult(Report, OnScale):
    """`sgc summary`: the national picture of one framework over many evidence files."""

    framework: str | None
    """The framework's id; null when no file could be graded."""
    grades: list[GradeLabel]
    """The framework's grades, lowest first (empty when no file could be graded)."""
    files: int
    """How many files were read (a file named twice counts once)."""
    areas: list[AreaCount]
    """Each area, then each composite, with its grades counted, in criteria-file and framework order (those
    graded in some file)."""
    subjects: list[Row]
    """Each graded file's subject and final grades, in the order the files were given."""
    attention: list[Attention]
    """Every grade a moderator should look at, in the order the files were given."""
    shortfalls: list[Shortfall]
    """Each criterion some subject fell short of (not met, partial or missing), most often first."""
    failures: list[Failure]
    """The files that could not be graded, and why."""
    levels: list[GradeLabel] = field(default_factory=list)
    """The framework's criterion levels, lowest first (empty when no file could be graded)."""
    given_twice: list[str] = field(default_factory=list)
    """The files named more than once (each graded once), as named."""
    same_subject: dict[str, list[str]] = field(default_factory=dict)
    """Each subject graded from more than one file: subject -> those files."""
