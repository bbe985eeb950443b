"""Where the command line's output goes: colour decided once, plain text to pipes and
files, atomic writes, and error lines."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from .discover import expand
from .errors import SgcError

_state = {"color": "auto"}


def set_color(choice: str) -> None:
    _state["color"] = choice


def console(stderr: bool = False) -> Console:
    """The one place colour is decided: --color, then NO_COLOR, then whether it is a TTY."""
    choice = _state["color"]
    if choice == "always":
        return Console(stderr=stderr, force_terminal=True, no_color=False)
    if choice == "never" or os.environ.get("NO_COLOR"):
        return Console(stderr=stderr, no_color=True, highlight=False)
    return Console(stderr=stderr, highlight=False)


def errors_out(errors: Sequence[SgcError]) -> None:
    for e in errors:
        typer.echo(str(e), err=True)


def expand_args(paths: Sequence[Path]) -> list[str]:
    """Files as given; folders become their YAML files in name order (a folder with
    none is an error: nothing would be graded, silently)."""
    from .commands import settings_file

    out = []
    for p in paths:
        found = expand([str(p)], settings_file().exclude)
        if not found:
            raise SgcError(str(p), 0, 0, "is a folder with no .yaml or .yml file in it")
        out += found
    return out


def is_folder(output: str) -> bool:
    return output.endswith(("/", os.sep)) or os.path.isdir(output)


def show(make: Callable[[int], Text], output: Path | None, inputs: list[str]) -> None:
    """Text laid out for the width it has: styled on a terminal; plain, without colour,
    to a pipe (COLUMNS or 80 wide) or a file (100 wide)."""
    out = console()
    if output is None and out.is_terminal:
        out.print(make(out.width), end="", soft_wrap=True)
        return
    emit(make(out.width if output is None else 100).plain, output, inputs)


def emit(text: str, output: Path | None, inputs: list[str]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    write_atomic(str(output), text, inputs)
    typer.echo(f"wrote {output}", err=True)


def write_atomic(path: str, text: str, inputs: Sequence[str]) -> None:
    """Write via a temporary file and rename; never replace one of the input files."""
    for inp in inputs:
        if os.path.exists(path) and os.path.exists(inp) and os.path.samefile(path, inp):
            raise SgcError(path, 0, 0, "--output would overwrite an input file; choose another path")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise SgcError(path, 0, 0, f"--output: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".sgc-", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; a report gets the usual permissions
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
