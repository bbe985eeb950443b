"""Typed models of the two input files (SPEC section 1). No IO here.

Every model is strict (no coercion: `status: no` is an error, not a string) and
rejects unknown keys, so a typo never passes silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Level = Literal["fair", "good", "excellent"]
Grade = Literal["poor", "fair", "good", "excellent"]
GRADES: tuple[Grade, ...] = ("poor", "fair", "good", "excellent")
Status = Literal["met", "partial", "not_met", "not_applicable"]
FactType = Literal["number", "percent", "integer", "boolean", "date", "text", "enum"]
Scalar = bool | int | float | str | dt.date


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)


# --- criteria sets -------------------------------------------------------------------


class Thresholds(Strict):
    good_share: Annotated[float, Field(ge=0, le=1)] = 0.5
    excellent_share: Annotated[float, Field(ge=0, le=1)] = 0.8
    poor_fair_failures: Annotated[int, Field(ge=1)] = 3
    partial_credit: Annotated[float, Field(ge=0, le=1)] = 0.5


class Distribution(Strict):
    excellent: Annotated[int, Field(ge=0)]
    good: Annotated[int, Field(ge=0)]
    fair: Annotated[int, Field(ge=0)]
    poor: Annotated[int, Field(ge=0)]


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
    level: Level
    text: Text
    theme: Id | None = None
    significant: bool | None = None  # Fair only; default true
    dominant: bool | None = None  # Fair only; implies significant
    rule: Rule | None = None

    @property
    def is_significant(self) -> bool:
        return self.level == "fair" and (self.significant is not False or bool(self.dominant))

    @property
    def is_dominant(self) -> bool:
        return self.level == "fair" and bool(self.dominant)


class CriteriaSet(Strict):
    kind: Literal["criteria"]
    schema_version: Literal[1]
    id: Id
    framework: Id
    title: Text
    version: Text | None = None
    description: Text | None = None
    thresholds: Thresholds = Thresholds()
    national_distribution: dict[str, Distribution] = {}
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
    grade: Grade
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
    expected: dict[Id, Grade] = {}


AllRule.model_rebuild()
AnyRule.model_rebuild()
NotRule.model_rebuild()
Criterion.model_rebuild()
