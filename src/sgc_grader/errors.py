"""The one error type of sgc: a problem in a file, with where it is."""

from __future__ import annotations


class SgcError(Exception):
    """A user-facing problem. `str()` gives `path:line:col: error: message [rule]`.

    `line` and `col` are 1-based; both 0 when no position exists (`path: error: ...`).
    `rule` is the lint rule that found it, if one did.
    """

    def __init__(self, path: str, line: int, col: int, message: str, severity: str = "error", rule: str | None = None):
        super().__init__(message)
        self.path = path
        self.line = line
        self.col = col
        self.message = message
        self.severity = severity
        self.rule = rule

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        return f"{where}: {self.severity}: {self.text()}"

    def text(self) -> str:
        """The message with its rule id, as a person reads it."""
        return f"{self.message} [{self.rule}]" if self.rule else self.message


class LoadErrors(SgcError):
    """Every problem found while reading one file (never just the first)."""

    def __init__(self, errors: list[SgcError], framework: str | None = None):
        first = errors[0]
        super().__init__(first.path, first.line, first.col, first.message)
        self.errors = errors
        self.framework = framework  # the id a framework file that failed claims, if any

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
