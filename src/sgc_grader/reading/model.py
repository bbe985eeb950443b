"""Typed models of criteria sets and framework files (docs/format.md sections 3-4), and
what every input model shares; evidence files' are in evidence.py. No IO here.

Every model is strict (no coercion: `status: no` is an error, not a string) and
rejects unknown keys, so a typo never passes silently. Each field's `description` is
user documentation: `sgc schema` publishes it and editors show it on hover.
"""

# Annotations are evaluated as the classes are defined (no `from __future__ import
# annotations`): from text, pydantic would compile and eval every field's annotation
# at start-up. Only `Rule` is named before it is defined, so it is quoted.
import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Number = Annotated[int, Field(ge=0)] | Annotated[float, Field(ge=0)]
FactType = Literal["number", "percent", "integer", "boolean", "date", "text", "enum"]
Scalar = bool | int | float | str | dt.date


class Strict(BaseModel):
    """Base of every input model: strict types, no unknown keys, immutable, and every
    number finite (YAML's .nan and .inf compare in ways no grade should rest on)."""

    model_config = ConfigDict(
        strict=True, extra="forbid", frozen=True, populate_by_name=True, defer_build=True, allow_inf_nan=False
    )


# --- criteria sets -------------------------------------------------------------------


class Theme(Strict):
    """A heading that groups a set's criteria, as an inspection report groups its findings."""

    id: Id = Field(description="Theme id, named by a criterion's `theme`; unique within the set, ignoring case.")
    title: Text = Field(description="The theme's name as readers see it.")


class FactDecl(Strict):
    """A fact that rules may read: a typed quantity whose value the evidence records."""

    id: Id = Field(
        description="Fact id, read by rules and given a value under the evidence's `facts`; "
        "unique within the set, ignoring case."
    )
    type: FactType = Field(
        description="The kind of value: number, percent (0 to 100), integer, boolean, date (YYYY-MM-DD), "
        "text, or enum (one of `values`)."
    )
    title: Text | None = Field(default=None, description="What the fact measures, in words. Optional.")
    values: list[Text] | None = Field(
        default=None, description="The allowed values of an `enum` fact: required for enum, not allowed otherwise."
    )


class AllRule(Strict):
    """A rule that is true when every rule under `all` is true (false if any is false,
    else unknown if any is unknown)."""

    all: Annotated[list["Rule"], Field(min_length=1, description="The rules that must all be true; at least one.")]


class AnyRule(Strict):
    """A rule that is true when any rule under `any` is true (else unknown if any is
    unknown, else false)."""

    any: Annotated[list["Rule"], Field(min_length=1, description="The rules of which one must be true; at least one.")]


class NotRule(Strict):
    """A rule that is true when the rule under `not` is false (unknown stays unknown)."""

    not_: "Rule" = Field(alias="not", description="The rule to negate.")


class Leaf(Strict):
    """A comparison of one fact, `{fact: ID, OP: value}`, with exactly one operator.
    Unknown when the evidence has no value for the fact, except with `present`."""

    fact: Id = Field(description="Id of the fact to read, declared under `facts` in a criteria set of the framework.")
    eq: Scalar | None = Field(
        default=None, description="True when the fact equals this value (a boolean never equals a number)."
    )
    ne: Scalar | None = Field(default=None, description="True when the fact does not equal this value.")
    gt: int | float | dt.date | None = Field(
        default=None, description="True when the fact (a number or a date) is greater than this value."
    )
    gte: int | float | dt.date | None = Field(
        default=None, description="True when the fact (a number or a date) is greater than or equal to this value."
    )
    lt: int | float | dt.date | None = Field(
        default=None, description="True when the fact (a number or a date) is less than this value."
    )
    lte: int | float | dt.date | None = Field(
        default=None, description="True when the fact (a number or a date) is less than or equal to this value."
    )
    in_: list[Scalar] | None = Field(
        default=None,
        alias="in",
        description="True when the fact equals one of these values (number, percent, integer, text and enum facts).",
    )
    present: bool | None = Field(
        default=None,
        description="`true`: true when the evidence gives the fact a value; `false`: true when it does not. "
        "Never unknown.",
    )

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
    """One specific grading criterion: a statement an inspector finds met, partly met,
    not met or not applicable."""

    id: Id = Field(
        description="Criterion id, named by findings and recommendations; unique across every set of the "
        "framework, ignoring case."
    )
    level: Id = Field(
        description="The framework's level the criterion belongs to (default framework: fair, good or excellent)."
    )
    text: Text = Field(description="What must be true for the criterion to be met.")
    theme: Id | None = Field(default=None, description="Id of one of the set's `themes`. Optional.")
    significant: bool | None = Field(
        default=None,
        description="Whether the criterion is significant; default true on the framework's lowest level and "
        "false above it. A dominant criterion is always significant.",
    )
    dominant: bool | None = Field(
        default=None,
        description="Whether the criterion is dominant (a critical risk): under the default framework, not "
        "meeting it alone makes the area Poor. Default false; implies significant.",
    )
    note: Text | None = Field(
        default=None, description="Free text for readers: why the criterion or its flags are set as they are."
    )
    rule: Rule | None = Field(
        default=None,
        description="Optional automatic assessment from facts: the criterion is met when the rule is true and "
        "no finding says otherwise.",
    )


class CriteriaSet(Strict):
    """A criteria set: the criteria of one inspection area (one file per area)."""

    kind: Literal["criteria"] = Field(description="Always `criteria` for a criteria set.")
    schema_version: Literal[1] = Field(description="Always 1.")
    id: Id = Field(
        description="The area's id, named by the evidence's `areas` and `expected`; unique in the framework, "
        "ignoring case."
    )
    framework: Id = Field(
        description="Id of the framework the set belongs to; a framework file with this id, if there is one, "
        "sets the grades and their rules."
    )
    title: Text = Field(description="The area's name as readers see it.")
    version: Text | None = Field(
        default=None,
        description='The set\'s version (quote it: "1.0"); results carry it and `sgc diff` says when it changed.',
    )
    description: Text | None = Field(default=None, description="What the area covers, for readers.")
    thresholds: dict[Id, Number] = Field(
        default={},
        description="This set's values of the framework's named numbers (such as good_share); a name not given "
        "here takes the framework's value, else the default.",
    )
    national_distribution: dict[str, dict[Id, Annotated[int, Field(ge=0)]]] = Field(
        default={},
        description='Optional reference data shown beside a grade: for each year (quoted, "2007"), how many '
        "organisations got each grade id.",
    )
    themes: list[Theme] = Field(default=[], description="The themes criteria may name. Default: none.")
    facts: list[FactDecl] = Field(default=[], description="The facts rules may read. Default: none.")
    criteria: Annotated[list[Criterion], Field(min_length=1, description="The set's criteria; at least one.")]


# --- frameworks ----------------------------------------------------------------------

Operand = Number | Id  # a number, or the name of a threshold


class Compare(Strict):
    """A comparison, `{OP: n}`, with exactly one operator. n is a number of at least 0
    or the name of a threshold."""

    gt: Operand | None = Field(default=None, description="Holds when the value is greater than this.")
    gte: Operand | None = Field(default=None, description="Holds when the value is greater than or equal to this.")
    lt: Operand | None = Field(
        default=None, description="Holds when the value is less than this (not allowed in `requires`)."
    )
    lte: Operand | None = Field(
        default=None, description="Holds when the value is less than or equal to this (not allowed in `requires`)."
    )
    eq: Operand | None = Field(
        default=None, description="Holds when the value equals this (not allowed in `requires`)."
    )

    def ops(self) -> list[tuple[str, Operand]]:
        return [(n, getattr(self, n)) for n in ("gt", "gte", "lt", "lte", "eq") if n in self.model_fields_set]


class Selector(Strict):
    """Which criteria of an area a condition looks at: those matching every key given
    (`{}` selects them all). Criteria found not applicable are never selected."""

    level: Id | None = Field(default=None, description="Only criteria of this level.")
    significant: bool | None = Field(
        default=None, description="Only significant criteria (true) or only non-significant ones (false)."
    )
    dominant: bool | None = Field(
        default=None, description="Only dominant criteria (true) or only non-dominant ones (false)."
    )
    theme: Id | None = Field(default=None, description="Only criteria of this theme.")
    ids: Annotated[list[Id], Field(min_length=1)] | None = Field(
        default=None, description="Only the criteria with these ids; at least one (leave it out to select all)."
    )


class Condition(Strict):
    """A condition: select items (an area's criteria, or a composite's areas) and test
    them, with exactly one test (`at_least`, `status` or `share`)."""

    id: Id = Field(description="Condition id, named in the trail; unique within its grade.")
    text: Text | None = Field(default=None, description="What the condition means, in words, for the trail.")
    criteria: Selector | None = Field(
        default=None, description="In a grade: which criteria to test (`{}` for all). Not used in a composite."
    )
    areas: Literal["all"] | Annotated[list[Id], Field(min_length=1)] | None = Field(
        default=None,
        description="In a composite: which areas to test, `all` or a list of at least one area id. Not used in "
        "a grade.",
    )
    at_least: Id | None = Field(
        default=None,
        description="Test that each item reaches this: met or partial for criteria (missing evidence counts "
        "as not met), a grade id for areas.",
    )
    status: Annotated[list[Id], Field(min_length=1)] | None = Field(
        default=None,
        description="Test that each item's status is one of these (not_met, partial, met; at least one); in "
        "`borderline` only.",
    )
    share: Compare | None = Field(
        default=None,
        description="Test the share of selected criteria met, (met + partial_credit x partial) / selected, "
        "which is 0 when none is selected; criteria only.",
    )
    count: Compare | None = Field(
        default=None,
        description="With `at_least` or `status`: compare the number of items that pass. Without it, every "
        "selected item must pass (which holds when none is selected).",
    )


class GradeDef(Strict):
    """A grade of the framework, with what an area needs to reach it."""

    id: Id = Field(
        description="Grade id, used by judgements, `expected`, national distributions and options such as "
        "--fail-below; unique ignoring case."
    )
    label: Text | None = Field(
        default=None, description="The grade's name in output. Default: the id, capitalised, with - and _ as spaces."
    )
    requires: list[Condition] = Field(
        default=[],
        description="Conditions that must all hold, as well as those of every lower grade; the lowest grade "
        "has none. Default: none.",
    )
    borderline: list[Condition] = Field(
        default=[],
        description="Conditions that mark an area at this grade as borderline when any holds. Default: none.",
    )


class Composite(Strict):
    """A grade built from area grades, such as an overall rating."""

    id: Id = Field(
        description="Composite id, usable in the evidence's `expected`; not the id of an area or another composite."
    )
    title: Text = Field(description="The composite's name as readers see it.")
    areas: Literal["all"] | Annotated[list[Id], Field(min_length=1)] = Field(
        default="all", description="The areas it is built from: `all` (the default) or a list of at least one area id."
    )
    requires: dict[Id, list[Condition]] = Field(
        default={},
        description="For every grade id above the lowest, the conditions on area grades that grade needs "
        "(`[]` for none).",
    )


class Framework(Strict):
    """A framework file: the grades, the criterion levels, the named numbers and the
    rules that turn findings into grades."""

    kind: Literal["framework"] = Field(description="Always `framework` for a framework file.")
    schema_version: Literal[1] = Field(description="Always 1.")
    id: Id = Field(description="Framework id, named by criteria sets and evidence in their `framework`.")
    title: Text = Field(description="The framework's name as readers see it.")
    version: Text | None = Field(default=None, description='The framework\'s version, for readers (quote it: "1.0").')
    description: Text | None = Field(default=None, description="Why the rules read as they do, for readers. Optional.")
    levels: Annotated[
        list[Id], Field(min_length=1, description="Criterion levels, lowest first. Default: fair, good, excellent.")
    ] = ["fair", "good", "excellent"]
    thresholds: dict[Id, Number] = Field(
        default={},
        description="Named numbers conditions may use, and values for the defaults (good_share 0.5, "
        "excellent_share 0.8, poor_fair_failures 3, partial_credit 0.5).",
    )
    grades: Annotated[list[GradeDef], Field(min_length=2, description="The grades, lowest first; at least two.")]
    composites: list[Composite] = Field(
        default=[], description="Grades built from area grades, such as an overall rating. Default: none."
    )
