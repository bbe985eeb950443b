"""Typed models of evidence files (docs/format.md section 5): findings with their
citations, judgements, recommendations and measured facts. No IO here; strict as every
input model is (model.Strict).
"""

# Annotations are evaluated as the classes are defined, as in model.py.
import datetime as dt
from typing import Literal

from pydantic import Field

from ..vocab import FindingStatus as Status
from .model import Id, Scalar, Strict, Text


class Source(Strict):
    """A document the evidence quotes, such as a published inspection report."""

    id: Id = Field(
        description="Source id, named by citations; unique in the file, ignoring case. With `sgc check "
        "--sources DIR`, quotes are looked up in DIR/<id>.txt."
    )
    title: Text = Field(description="The source's name, for readers.")
    url: Text | None = Field(default=None, description="Where the source can be found. Optional.")


class Citation(Strict):
    """Where a finding or fact comes from: a source, a place in it, and its words."""

    source: Id = Field(description="Id of one of the evidence's `sources`.")
    at: Text | None = Field(
        default=None, description="Where in the source, in words (a section, page or table). Optional."
    )
    quote: Text | None = Field(
        default=None,
        description="Verbatim words of the source; `sgc check --sources DIR` verifies them, ignoring "
        "differences in whitespace. Optional.",
    )


class Finding(Strict):
    """An inspector's finding on one criterion."""

    status: Status = Field(
        description="met, partial, not_met or not_applicable (which takes the criterion out of every count "
        "and needs a `note`). A criterion with no finding is decided by its rule, else unassessed."
    )
    cite: list[Citation] = Field(default=[], description="The evidence for the finding. Default: none.")
    note: Text | None = Field(
        default=None, description="The inspector's comment; required for not_applicable, to say why."
    )


class Judgement(Strict):
    """A professional judgement that replaces the area's computed grade."""

    grade: Id = Field(description="The grade id that replaces the computed grade.")
    rationale: str = Field(description="Why the computed grade is overridden; must not be empty.")
    by: Text | None = Field(default=None, description="Who made the judgement, by name or role. Optional.")


class Recommendation(Strict):
    """A recommendation to the organisation, and the criteria it would help meet."""

    id: Id = Field(
        description="Recommendation id; once per area, ignoring case, and with the same text wherever the "
        "same id is used."
    )
    text: Text = Field(description="What the organisation should do.")
    addresses: list[Id] = Field(
        default=[], description="Ids of the criteria of this area that the recommendation addresses. Default: none."
    )


class AreaEvidence(Strict):
    """What the evidence records for one area: findings, an optional judgement and
    recommendations."""

    findings: dict[Id, Finding] = Field(
        default={},
        description="A finding for each criterion assessed, by criterion id. A criterion left out is decided "
        "by its rule, else unassessed.",
    )
    judgement: Judgement | None = Field(
        default=None, description="An optional professional judgement that replaces the computed grade."
    )
    recommendations: list[Recommendation] = Field(
        default=[], description="Recommendations made in this area. Default: none."
    )


class CompositeEvidence(Strict):
    """What the evidence records for one composite (an overall rating): a professional
    judgement that replaces its computed grade."""

    judgement: Judgement | None = Field(
        default=None,
        description="An optional professional judgement that replaces the composite's computed grade, as an "
        "inspectorate may depart from its aggregation rules, with reasons.",
    )


class FactValue(Strict):
    """The value of one fact, with where it comes from."""

    value: Scalar = Field(
        description="The fact's value, of its declared type (a percent is 0 to 100; a date is YYYY-MM-DD)."
    )
    cite: list[Citation] = Field(default=[], description="The evidence for the value. Default: none.")
    note: Text | None = Field(default=None, description="A comment on the value, shown where a rule reads it.")


class Period(Strict):
    """The period the evidence covers."""

    start: dt.date = Field(description="First day covered (YYYY-MM-DD).")
    end: dt.date = Field(description="Last day covered (YYYY-MM-DD).")


class Evidence(Strict):
    """An evidence file: one organisation's assessment against one framework."""

    kind: Literal["evidence"] = Field(description="Always `evidence` for an evidence file.")
    schema_version: Literal[1] = Field(description="Always 1.")
    subject: Text = Field(description="The organisation assessed.")
    framework: Id = Field(description="Id of the framework whose criteria sets the evidence is graded against.")
    assessed: dt.date | None = Field(
        default=None, description="The date of the assessment (YYYY-MM-DD), for the record. Optional."
    )
    period: Period | None = Field(default=None, description="The period the evidence covers. Optional.")
    sources: list[Source] = Field(default=[], description="The documents citations may name. Default: none.")
    facts: dict[Id, FactValue] = Field(
        default={}, description="Values of the facts that rules read, by fact id. A fact left out is unknown."
    )
    areas: dict[Id, AreaEvidence] = Field(
        description="The areas assessed, by criteria set id; only these areas are graded."
    )
    composites: dict[Id, CompositeEvidence] = Field(
        default={}, description="Judgements on composites (overall ratings), by composite id. Default: none."
    )
    expected: dict[Id, Id] = Field(
        default={},
        description="Grades this file must produce, by area or composite id (grade ids); `sgc check` reports "
        "any difference.",
    )
