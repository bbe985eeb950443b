"""Where the command line's output goes: colour decided once, plain text to pipes and
files, atomic writes, and error lines with exit code 2."""

from __future__ import annotations

import io
import os
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console, RenderableType

from .commands import write_atomic
from .errors import SgcError


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


_state = {"color": Color.auto}


def set_color(choice: Color) -> None:
    _state["color"] = choice


def console(stderr: bool = False) -> Console:
    """The one place colour is decided: --color, then NO_COLOR, then whether it is a TTY."""
    choice = _state["color"]
    if choice == Color.always:
        return Console(stderr=stderr, force_terminal=True, no_color=False)
    if choice == Color.never or os.environ.get("NO_COLOR"):
        return Console(stderr=stderr, no_color=True, highlight=False)
    return Console(stderr=stderr, highlight=False)


def fail(errors: list[SgcError]) -> None:
    for e in errors:
        typer.echo(str(e), err=True)
    raise typer.Exit(2)


def show(parts: list[RenderableType], output: Path | None, inputs: list[str]) -> None:
    """Rich output on a terminal; plain text without trailing blanks to a pipe or file."""
    out = console()
    if output is None and out.is_terminal:
        for part in parts:
            out.print(part)
        return
    buffer = io.StringIO()
    plain = Console(width=out.width if output is None else 100, no_color=True, highlight=False, file=buffer)
    for part in parts:
        plain.print(part)
    emit("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()), output, inputs)


def emit(text: str, output: Path | None, inputs: list[str]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    write_atomic(str(output), text, inputs)
    typer.echo(f"wrote {output}", err=True)
