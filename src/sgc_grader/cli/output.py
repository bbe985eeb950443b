"""Where the command line's output goes: colour decided once, plain text to pipes and
files, atomic writes, and error lines."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.text import Text

from ..errors import SgcError
from ..reading.discover import expand

if TYPE_CHECKING:
    from ..app.national import SummaryResult
    from ..results.grade import GradeReport

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


def stdin_once(paths: Sequence[Path | str]) -> list[str]:
    """The paths as text; `-` (standard input) may be given once, since it is read once."""
    out = [str(p) for p in paths]
    if out.count("-") > 1:
        raise typer.BadParameter("'-' (standard input) can be given only once: it can be read only once")
    return out


def expand_args(paths: Sequence[Path]) -> list[str]:
    """Evidence files as given; folders become their YAML files in name order, leaving
    out `criteria` folders below them (a folder with none is an error: nothing would be
    graded, silently)."""
    from ..app.commands import settings_file

    out = []
    for p in stdin_once(paths):
        found = expand([p], settings_file().exclude, skip=("criteria",))
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


def grades_out(report: GradeReport, format: str, verbose: bool, output: str | None, inputs: list[str]) -> None:
    """`sgc grade`'s report in `format` (text, json, markdown, html) to stdout, a file, or
    with `output` a folder (ending in / or existing) one report per subject."""
    target = Path(output) if output is not None else None
    if output is not None and is_folder(output):
        write_each(report, format, verbose, Path(output), inputs)
    elif format == "html":
        from ..render.html import grade_html  # Jinja2 is loaded only for HTML

        if len(report.results) > 1:
            raise SgcError(output or "-", 0, 0, "--format html writes one report per subject: use --output DIR/")
        emit(grade_html(report.results[0]), target, inputs)
    elif format == "json":
        from ..render.doc import model_json

        emit(model_json(report), target, inputs)
    elif format == "markdown":
        from ..render.doc import grade_markdown

        emit(grade_markdown(report, verbose), target, inputs)
    else:
        from ..render.text import grade_text

        show(lambda width: grade_text(report, verbose, width), target, inputs)


def write_each(report: GradeReport, format: str, verbose: bool, folder: Path, inputs: list[str]) -> None:
    """One report per subject in `folder`, named after its evidence file."""
    from ..render.doc import grade_markdown
    from ..render.html import grade_html
    from ..results.grade import GradeReport

    if format not in ("html", "markdown"):
        raise SgcError(str(folder), 0, 0, "--output DIR/ takes --format html or markdown (one report per subject)")
    folder.mkdir(parents=True, exist_ok=True)
    names = [Path(r.source_file).stem for r in report.results]
    if len(set(names)) < len(names):
        raise SgcError(str(folder), 0, 0, "two evidence files have the same name; their reports would collide")
    for result, name in zip(report.results, names, strict=True):
        if format == "html":
            emit(grade_html(result), folder / f"{name}.html", inputs)
        else:
            emit(grade_markdown(GradeReport(results=[result]), verbose), folder / f"{name}.md", inputs)


def write_national(result: SummaryResult, folder: Path, criteria: str | None, inputs: list[str]) -> None:
    """index.html with the summary, and beside it one report per graded subject, linked."""
    from ..app import commands
    from ..render.html import grade_html, summary_html

    graded = [row.source_file for row in result.subjects]
    names = [Path(f).stem for f in graded]
    if len(set(names)) < len(names) or "index" in names:
        raise SgcError(str(folder), 0, 0, "two evidence files (or one named index) would share a report's name")
    folder.mkdir(parents=True, exist_ok=True)
    for source, name in zip(graded, names, strict=True):  # one at a time: memory stays flat
        run = commands.grade(commands.GradeSettings(evidence=[source], criteria=criteria))
        emit(grade_html(run.report.results[0]), folder / f"{name}.html", inputs)
    links = {s: f"{n}.html" for s, n in zip(graded, names, strict=True)}
    emit(summary_html(result, links), folder / "index.html", inputs)


def write_new(body: str, output: Path | None) -> None:
    """A new file to fill in, to stdout or to `output`, which must not exist yet."""
    if output is not None and output.exists():
        raise SgcError(str(output), 0, 0, "already exists; not overwritten (choose another --output)")
    emit(body, output, [])
