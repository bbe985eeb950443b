"""Typed models of the three input files (SPEC section 1). No IO here.

Every model is strict (no coercion: `status: no` is an error, not a string) and
rejects unknown keys, so a typo never passes silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Status = Literal["met", "partial", "not_met", "not_applicable"]
Number = Annotated[int | float, Field(ge=0)]
FactType = Literal["number", "percent", "integer", "boolean", "date", "text", "enum"]
Scalar = bool | int | float | str | dt.date


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)


# --- criteria sets -------------------------------------------------------------------


class Theme(Strict):
    id: Id
    title: Text


class FactDecl(Strict):
    id: Id
    type: FactType
    title: Text | None = None
    values: list[Text] | None = None  # enum only


class AllRule(Strict):
    all: Annotated[list[Rule], Field(min_length=1)]


class AnyRule(Strict):
    any: Annotated[list[Rule], Field(min_length=1)]


class NotRule(Strict):
    not_: Rule = Field(alias="not")


class Leaf(Strict):
    """`{fact: ID, OP: value}` with exactly one operator (checked by lint)."""

    fact: Id
    eq: Scalar | None = None
    ne: Scalar | None = None
    gt: int | float | dt.date | None = None
    gte: int | float | dt.date | None = None
    lt: int | float | dt.date | None = None
    lte: int | float | dt.date | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    present: bool | None = None

    def ops(self) -> list[tuple[str, Any]]:
        """The operators given, as (name, operand) in file-format spelling."""
        names = ("eq", "ne", "gt", "gte", "lt", "lte", "in_", "present")
        return [(n.rstrip("_"), getattr(self, n)) for n in names if n in self.model_fields_set]


def _rule_tag(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "leaf"
    return "leaf"  # let the leaf model report a non-mapping


Rule = Annotated[
    Annotated[AllRule, Tag("all")]
    | Annotated[AnyRule, Tag("any")]
    | Annotated[NotRule, Tag("not")]
    | Annotated[Leaf, Tag("leaf")],
    Discriminator(_rule_tag),
]


class Criterion(Strict):
    id: Id
    level: Id  # one of the framework's levels
    text: Text
    theme: Id | None = None
    significant: bool | None = None  # default: true on the framework's lowest level
    dominant: bool | None = None  # implies significant
    note: Text | None = None  # why a flag is set the way it is
    rule: Rule | None = None


class CriteriaSet(Strict):
    kind: Literal["criteria"]
    schema_version: Literal[1]
    id: Id
    framework: Id
    title: Text
    version: Text | None = None
    description: Text | None = None
    thresholds: dict[Id, Number] = {}  # this set's values of the framework's named numbers
    national_distribution: dict[str, dict[Id, Annotated[int, Field(ge=0)]]] = {}  # year -> grade id -> count
    themes: list[Theme] = []
    facts: list[FactDecl] = []
    criteria: Annotated[list[Criterion], Field(min_length=1)]


# --- evidence ------------------------------------------------------------------------


class Source(Strict):
    id: Id
    title: Text
    url: Text | None = None


class Citation(Strict):
    source: Id
    at: Text | None = None
    quote: Text | None = None


class Finding(Strict):
    status: Status
    cite: list[Citation] = []
    note: Text | None = None


class Judgement(Strict):
    grade: Id
    rationale: str
    by: Text | None = None


class Recommendation(Strict):
    id: Id
    text: Text
    addresses: list[Id] = []


class AreaEvidence(Strict):
    findings: dict[Id, Finding] = {}
    judgement: Judgement | None = None
    recommendations: list[Recommendation] = []


class FactValue(Strict):
    value: Scalar
    cite: list[Citation] = []
    note: Text | None = None


class Period(Strict):
    start: dt.date
    end: dt.date


class Evidence(Strict):
    kind: Literal["evidence"]
    schema_version: Literal[1]
    subject: Text
    framework: Id
    assessed: dt.date | None = None
    period: Period | None = None
    sources: list[Source] = []
    facts: dict[Id, FactValue] = {}
    areas: dict[Id, AreaEvidence]
    expected: dict[Id, Id] = {}  # area or composite id -> grade id


# --- frameworks ----------------------------------------------------------------------

Operand = Number | Id  # a number, or the name of a threshold


class Compare(Strict):
    """`{OP: n}` with exactly one operator (checked by lint)."""

    gt: Operand | None = None
    gte: Operand | None = None
    lt: Operand | None = None
    lte: Operand | None = None
    eq: Operand | None = None

    def ops(self) -> list[tuple[str, Operand]]:
        return [(n, getattr(self, n)) for n in ("gt", "gte", "lt", "lte", "eq") if n in self.model_fields_set]


class Selector(Strict):
    """Which criteria of an area a condition looks at: those matching every key given."""

    level: Id | None = None
    significant: bool | None = None
    dominant: bool | None = None
    theme: Id | None = None
    ids: list[Id] | None = None


class Condition(Strict):
    """Select items (criteria, or areas in a composite) and test them (SPEC section 1.3)."""

    id: Id
    text: Text | None = None
    criteria: Selector | None = None
    areas: Literal["all"] | list[Id] | None = None
    at_least: Id | None = None  # met | partial, or a grade id for areas
    status: list[Id] | None = None  # borderline only
    share: Compare | None = None
    count: Compare | None = None


class GradeDef(Strict):
    id: Id
    label: Text | None = None
    requires: list[Condition] = []
    borderline: list[Condition] = []


class Composite(Strict):
    id: Id
    title: Text
    areas: Literal["all"] | list[Id] = "all"
    requires: dict[Id, list[Condition]] = {}  # grade id -> conditions


class Framework(Strict):
    kind: Literal["framework"]
    schema_version: Literal[1]
    id: Id
    title: Text
    version: Text | None = None
    description: Text | None = None
    levels: Annotated[list[Id], Field(min_length=1)] = ["fair", "good", "excellent"]
    thresholds: dict[Id, Number] = {}
    grades: Annotated[list[GradeDef], Field(min_length=2)]
    composites: list[Composite] = []


AllRule.model_rebuild()
AnyRule.model_rebuild()
NotRule.model_rebuild()
Criterion.model_rebuild()
