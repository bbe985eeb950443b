"""What every result record shares: strict reading back, one schema version, and the
framework's grades with their labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal, TypeVar

from pydantic import ConfigDict, Field, TypeAdapter

from ..records import record

T = TypeVar("T")
SCHEMA_VERSION: Literal[2] = 2  # of every JSON answer (docs/format.md lists its changes)
_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def adapter(cls: type[T]) -> TypeAdapter[T]:
    """pydantic's view of a result type (built once: it is not cheap)."""
    if cls not in _ADAPTERS:
        _ADAPTERS[cls] = TypeAdapter(cls)
    return _ADAPTERS[cls]


def to_jsonable(obj: Any) -> Any:
    """Plain JSON-ready data of a result, fields in declaration order."""
    return adapter(type(obj)).dump_python(obj, mode="json")


class Record:
    """Base of every result record: plain frozen dataclasses (made with `@record`; the
    engine builds thousands a second) that pydantic still dumps, publishes as a schema,
    and reads back strictly (`sgc diff` of a JSON result: unknown keys are refused).

    The docstring under each field is its description in the published schema (`sgc
    schema result`), read from this source when an adapter is built: for the schema and
    for `sgc diff` reading JSON back; writing JSON builds none."""

    __pydantic_config__ = ConfigDict(extra="forbid", use_attribute_docstrings=True)


@record
class GradeLabel(Record):
    """A grade (or a criterion level) of the framework's scale: its id and how it reads."""

    id: str
    """The id, as every other field of the answer names it: `good`."""
    label: str
    """Its name as people read it, from the framework file: `Good`."""


def label_of(grades: Sequence[GradeLabel], grade: str | None) -> str:
    """How a person reads a grade id, from the grades a result carries ("-" for none)."""
    return next((g.label for g in grades if g.id == grade), grade or "-")


class OnScale:
    """A result that carries its framework's grades (lowest first): how each reads."""

    grades: list[GradeLabel]

    def label(self, grade: str | None) -> str:
        return label_of(self.grades, grade)

    def rank(self, grade: str) -> int:
        return [g.id for g in self.grades].index(grade)


@record
class Report(Record):
    """A whole answer, as a command prints it in JSON: versioned first."""

    # pydantic reads a field's docstring only in the class that declares it, and this
    # field is inherited by every answer: its description is given here instead.
    schema_version: Annotated[
        Literal[2], Field(description="The version of the shape of sgc's JSON answers: 2 (`sgc diff` reads only 2).")
    ] = SCHEMA_VERSION
