"""What `sgc check` answers: the problems found in the files checked."""

from __future__ import annotations

from dataclasses import field

from ..errors import SgcError
from ..records import record


@record
class RuleDoc:
    """A lint rule as its documentation tells it."""

    id: str
    """The rule's code: `SGC217`."""
    name: str
    """Its name: `readable-and-valid`."""
    severity: str
    """error or warning."""
    scope: str
    """The kind of file it reads, and so when it runs: framework, criteria or evidence (`any`: all)."""
    doc: str
    """What it checks, in words."""


@record
class CheckResult:
    """`sgc check`: the problems found in the files checked."""

    files: int
    """How many files were checked."""
    problems: list[SgcError] = field(default_factory=list)
    """Every problem found, in the order reported."""
    unreadable: bool = False
    """Whether a file could not be read or did not fit the schema."""
    rules: list[RuleDoc] = field(default_factory=list)
    """Every rule, for the formats that describe them."""
    strict: bool = False
    """Whether warnings fail too (`--strict`)."""
    checked: list[str] = field(default_factory=list)
    """The files checked, as named."""
    root: str = ""
    """Where CI reports start: the project root, absolute."""
    located: dict[str, str] = field(default_factory=dict)
    """Each file checked or with a problem -> its name from `root` (POSIX, no leading ./); a file
    outside the root keeps its absolute path and <stdin> its name."""

    @property
    def failed(self) -> bool:
        """Any error, or under --strict any problem at all."""
        return any(p.severity == "error" or self.strict for p in self.problems)

    def where(self, path: str) -> str:
        """`path` as CI reports name it (see `located`)."""
        return self.located.get(path, path)
