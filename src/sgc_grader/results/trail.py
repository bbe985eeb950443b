"""The trail of a grade: each criterion's verdict, each condition as measured, and what
the next grade needs (docs/format.md sections 8.3 and 8.6).

The core fills them with ids, statuses, counts, operators and bounds; the words a person
reads (`detail`, `why_not`) are left empty here and phrased by the render layer
(render/phrases.py) for every format, JSON included.
"""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from ..reading.model import Scalar
from ..records import record
from ..vocab import Status
from .base import Record


@record
class Cited(Record):
    """Where a piece of evidence comes from, as the evidence file cites it."""

    source: str
    """The id of one of the evidence file's `sources`."""
    at: str | None = None
    """Where in the source, in the evidence's words (a section, page or table); null if not given."""
    quote: str | None = None
    """The source's own words, verbatim; null if not given."""


@record
class FactRead(Record):
    """A fact the criterion's rule reads, and the value the evidence gives it."""

    fact: str
    """The fact's id, as its criteria set declares it."""
    present: bool
    """Whether the evidence gives the fact a value."""
    value: Scalar | None = None
    """The value the evidence gives (a number, boolean, text or date, YYYY-MM-DD); null when absent."""
    note: str | None = None
    """The evidence's note on the fact, as written; null if none or absent."""


@record
class Comparison(Record):
    """One leaf of a rule as evaluated: `np.live_share 69 >= 50: true`."""

    fact: str
    """The id of the fact compared."""
    op: str
    """The rule's operator: eq, ne, gt, gte, lt, lte, in or present."""
    operand: Scalar | list[Scalar] | None
    """The value the rule compares the fact with, as the rule writes it (a list for `in`)."""
    value: Literal["true", "false", "unknown"]
    """The comparison's truth: unknown when the fact has no value or cannot be compared (`present`: never)."""
    needed: bool
    """Whether the rule cannot be true unless this comparison is."""


@record
class Verdict(Record):
    """One criterion: its status and how it was reached."""

    id: str
    """The criterion's id: `CH-F1`."""
    level: str
    """The id of its level (one of the answer's `levels`)."""
    text: str
    """The criterion, in its criteria set's words."""
    theme: str | None
    """The id of its theme; null if it has none."""
    significant: bool
    """Whether it is significant, after the defaults (docs/format.md section 9)."""
    dominant: bool
    """Whether it is dominant."""
    status: Status
    """Its status: met, partial, not_met, not_applicable, unknown (a rule that reads a missing fact) or
    unassessed (no finding, no rule)."""
    decided_by: Literal["finding", "rule", "none"]
    """What gave the status: the evidence's finding, the criterion's rule, or nothing (unassessed)."""
    conflict: bool
    """Whether a finding decided it and its rule, evaluated, says otherwise (never for not_applicable)."""
    rule_value: Literal["true", "false", "unknown"] | None
    """What its rule evaluates to, whether or not it decided; null when it has no rule."""
    facts_read: list[FactRead]
    """Every fact its rule reads, with its value, in the order written."""
    comparisons: list[Comparison]
    """Every leaf of its rule, evaluated, in the order written."""
    citations: list[Cited]
    """The finding's citations; for a status its rule gave, those of the facts the rule reads."""
    note: str | None
    """The finding's note, as written; null if none."""
    recommendations: list[str]
    """The ids of the area's recommendations that address this criterion."""


@record
class Need(Record):
    """An item (criterion, or area of a composite) that must reach a status (or grade)."""

    id: str
    """The criterion's id, or in a composite the area's."""
    to: str
    """The status it must reach (met or partial), or the grade id an area must reach."""


@record
class AnyOf(Record):
    """Any `k` of `of` reaching `to` is enough."""

    k: int
    """How many of the items in `of` must reach `to`: any that many will do."""
    of: list[str]
    """The ids of the items to choose from (criteria, or areas of a composite), cheapest first."""
    to: str
    """The status (or, for areas, the grade id) each chosen item must reach."""


@record
class NextGrade(Record):
    """What a grade needs: every item of `must`, plus each `any` group; or, when it
    cannot be reached, the requirement that cannot hold (`blocked`, measured with every
    item it selects at its best)."""

    grade: str
    """The grade id it is about: the grade above the computed grade."""
    reachable: bool
    """Whether any change of findings can reach it; when false, `blocked` says what stops it."""
    must: list[Need]
    """The items that must each reach a status (or grade), cheapest first."""
    any: list[AnyOf]
    """Then the groups of which any `k` items suffice."""
    why_not: str | None = None
    """Words for people: `blocked` phrased by sgc, not for programs to parse. Null when it can be reached."""
    blocked: Check | None = None
    """The requirement that cannot hold, measured with every item it selects at its best; null when it can be
    reached."""


@record
class Step(Record):
    """The deciding requirement: the first unmet requirement of the next grade up."""

    grade: str
    """The grade id whose requirement it is."""
    requirement: str
    """The requirement's id in the framework file, always given."""
    text: str | None = None
    """The requirement's words, where its framework writes them (`text:`); else null."""


@record
class Selection(Record):
    """Which items a condition reads, as its selector says: criteria matching every key
    given (never those not applicable), or a composite's areas."""

    items: Literal["criteria", "areas"]
    """What it selects: criteria, or (in a composite) areas."""
    level: str | None = None
    """Only criteria of this level id; null: any level."""
    significant: bool | None = None
    """Only significant (true) or non-significant (false) criteria; null: either."""
    dominant: bool | None = None
    """Only dominant (true) or non-dominant (false) criteria; null: either."""
    theme: str | None = None
    """Only criteria of this theme id; null: any theme."""
    ids: list[str] | None = None
    """Only these criteria (or, selecting areas, these areas); null: no such restriction."""
    within: list[str] | None = None
    """In a composite, only the criteria of these areas; null: of all its areas."""


@record
class Check(Record):
    """One condition of the framework, tested: a grade's requirement or borderline test.

    Measured as a number compared with a bound: the items that pass an `at_least` or
    `status` test counted against `bound` (without `count`, every one selected), or a
    share's numerator, (met + partial_credit x partial), whose share is compared with
    `bound`. Numbers are exact, as text ("8.5", "2/3")."""

    grade: str
    """The grade id it belongs to (a borderline test: the grade reached, whose test it is)."""
    id: str
    """The condition's id in the framework file."""
    text: str | None
    """The condition's words (`text:` in the framework); null if not written."""
    holds: bool
    """Whether the condition holds."""
    detail: str = ""
    """Words for people: the numbers below phrased by sgc (`Good share 2.5/5 = 0.50, needs > 0.50`), not for
    programs to parse. Empty in a `blocked` check, which `why_not` words."""
    selects: Selection | None = None
    """What its selector says it reads."""
    selected: int = 0
    """How many items the selector chose."""
    test: Literal["at_least", "status", "share"] = "at_least"
    """Its test: each item at least a status (or grade); a status among those listed; or a share."""
    against: list[str] = field(default_factory=list)
    """The status or grade id to reach (at_least), or the statuses listed (status); empty for a share."""
    every: bool = True
    """True when it has no `count`: every selected item must pass (false for a share)."""
    passing: list[str] = field(default_factory=list)
    """The ids of the selected items that pass the item test (empty for a share)."""
    failing: list[str] = field(default_factory=list)
    """The ids of the selected items that do not (empty for a share)."""
    states: dict[str, str] = field(default_factory=dict)
    """Each failing item's status (a criterion) or final grade id (an area), by its id."""
    value: str = "0"
    """The number measured, exact as text (`9`, `2.5`, `7/3`): the items passing, or a share's numerator
    (met + partial_credit x partial)."""
    share: float | None = None
    """A share's value in [0, 1], value / selected, rounded to 4 places (0 when none is selected); else null."""
    op: str = "gte"
    """How `value` (a share: `share`) is compared with `bound`: gt, gte, lt, lte or eq."""
    bound: str = "0"
    """What it is compared with, exact as text: a count of items (without `count`, the number selected), or a
    share from 0 to 1 (`0.5`)."""
    threshold: str | None = None
    """The name of the threshold `bound` comes from (`good_share`); null if written as a number."""
