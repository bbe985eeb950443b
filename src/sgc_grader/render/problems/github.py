"""`sgc check --format github`: GitHub Actions workflow commands, an annotation on each
problem's line, titled with its rule."""

from __future__ import annotations

from ...results.check import CheckResult
from .. import Look
from ..safe import visible
from .ci import rule_of


def _data(s: str) -> str:
    """A command's message as the runner reads it back: %, CR and LF encoded."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(s: str) -> str:
    """A property's value: also `:` and `,`, which would end it."""
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def github(result: CheckResult, look: Look) -> str:
    """`::error file=F,line=L,col=C,title=SGC203 known-criteria::message [SGC203]`."""
    lines = []
    for p in result.problems:
        rule = rule_of(result, p)
        where = f"file={_property(visible(p.path))}"
        if p.line:
            where += f",line={p.line},col={p.col}"
        where += f",title={_property(f'{rule.id} {rule.name}')}"
        lines.append(f"::{p.severity} {where}::{_data(visible(p.text()))}\n")
    return "".join(lines)
