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
    checked: list[str] = field(default_factory=list)  # the files checked, as named
    # Where CI reports start: the project root (absolute), and every file checked or
    # with a problem named from it (POSIX, no leading ./); a file outside the root keeps
    # its absolute path and <stdin> its name.
    root: str = ""
    located: dict[str, str] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """Any error, or under --strict any problem at all."""
        return any(p.severity == "error" or self.strict for p in self.problems)

    def where(self, path: str) -> str:
        """`path` as CI reports name it (see `located`)."""
        return self.located.get(path, path)
