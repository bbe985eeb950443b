"""What `sgc check` answers: the problems found in the files checked."""

from __future__ import annotations

from dataclasses import field

from ..errors import SgcError
from ..records import record


@record
class RuleDoc:
    """A lint rule as its documentation tells it."""

    id: str
    name: str
    severity: str
    scope: str
    doc: str


@record
class CheckResult:
    files: int
    problems: list[SgcError] = field(default_factory=list)
    unreadable: bool = False  # a file could not be read or did not fit the schema
    rules: list[RuleDoc] = field(default_factory=list)  # every rule, for formats that describe them
    strict: bool = False  # warnings fail too (--strict)

    @property
    def failed(self) -> bool:
        """Any error, or under --strict any problem at all."""
        return any(p.severity == "error" or self.strict for p in self.problems)
