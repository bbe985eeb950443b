"""Results -> what a person or a program reads.

`FORMATS` is the registry: for each kind of result, the formats it can be written in and
the function that writes each (`module:function` in this package, loaded when used, so
that start-up stays quick). A command looks its renderer up here; it never chooses a
format itself. Every renderer is a pure function of the result, with its words filled in
by the phrase book first (phrased.py), and a `Look`; it returns the text, or
rich Text where the text is laid out for a width and styled on a terminal.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

FORMATS: dict[str, dict[str, str]] = {
    "grade": {"text": "text:grade_text", "json": "data:json", "markdown": "markdown:grade", "html": "html:grade"},
    "gap": {"text": "text:gap_text", "json": "data:json", "markdown": "markdown:gap"},
    "diff": {"text": "text:diff_text", "json": "data:json"},
    "agree": {"text": "agree:agree_text", "json": "data:json", "markdown": "agree:agree_markdown"},
    "summary": {
        "text": "summary:summary_text",
        "json": "data:json",
        "markdown": "markdown:summary",
        "csv": "data:csv",
        "html": "html:summary",
    },
    "check": {
        "text": "problems:text",
        "json": "problems:json",
        "github": "problems.github:github",
        "sarif": "problems.sarif:sarif",
        "gitlab": "problems.gitlab:gitlab",
        "junit": "problems.junit:junit",
    },
}


@dataclass(frozen=True)
class Look:
    """How a renderer lays out its answer: the full trail or not, the width of the lines
    (text), whether text is styled for a terminal (rich Text) or plain, and the reports a
    national summary links to (source file -> file name)."""

    verbose: bool = False
    width: int = 80
    links: Mapping[str, str] = field(default_factory=dict)
    styled: bool = True


def formats(kind: str) -> list[str]:
    return list(FORMATS[kind])


def renderer(kind: str, fmt: str) -> Callable[[Any, Look], Any]:
    """The function that writes a `kind` result in `fmt`, its words filled in first."""
    module, name = FORMATS[kind][fmt].split(":")
    write = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    if kind == "check":
        return write  # type: ignore[no-any-return]
    from .phrased import phrased

    return lambda result, look: write(phrased(result), look)
