"""The terminal side of the command line: colour decided once, standard streams that
never fail on a character, the width plain output is laid out for, and error lines with
their control characters made visible. Light on purpose: every run, `sgc --version`
included, imports it, and nothing here reads a file or a model.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import typer

from ..errors import SgcError
from ..render.safe import visible

if TYPE_CHECKING:
    from rich.console import Console

_state = {"color": "auto"}


def set_color(choice: str) -> None:
    _state["color"] = choice


def console(stderr: bool = False) -> Console:
    """The one place colour is decided: --color, then NO_COLOR, then whether it is a TTY."""
    from rich.console import Console

    choice = _state["color"]
    if choice == "always":
        return Console(stderr=stderr, force_terminal=True, no_color=False)
    if choice == "never" or os.environ.get("NO_COLOR"):
        return Console(stderr=stderr, no_color=True, highlight=False)
    return Console(stderr=stderr, highlight=False)


def streams() -> None:
    """Standard output and error that never fail on a character their encoding lacks
    (PYTHONIOENCODING=ascii, a POSIX locale): it is written as an escape instead."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if sys.stdout is None:
        raise SgcError("-", 0, 0, "standard output is closed; nowhere to write the answer")


def say(line: str) -> None:
    """One line on standard error, control characters from input made visible."""
    if sys.stderr is not None:
        typer.echo(visible(line), err=True)


def plain_width() -> int | None:
    """The width to lay standard output out for when it is certainly not a terminal, as
    rich's Console works it out there (COLUMNS; else the size of the first standard
    stream that is a terminal; else 80), so that plain output needs no rich, which costs
    a quick command a fifth of its time. None when rich must decide: colour forced, or
    TTY_COMPATIBLE or FORCE_COLOR set, standard output a TTY, or Windows (whose consoles
    rich measures otherwise). tests/test_plain.py holds it to rich's answer."""
    environ = os.environ
    if _state["color"] == "always" or "TTY_COMPATIBLE" in environ or "FORCE_COLOR" in environ:
        return None
    if sys.platform == "win32":
        return None
    try:
        if sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):  # rich: no isatty, or closed, is no terminal
        pass
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns or 80
        except (AttributeError, ValueError, OSError):
            pass
    return 80
