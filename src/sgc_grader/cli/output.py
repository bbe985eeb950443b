"""Where the command line's output goes: the renderer the registry names, plain text to
pipes and files, every file through the one writer (app/write.py). Colour, the streams
and error lines are cli/terminal.py's."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..app.settings import settings_for
from ..app.write import Folder, create, write_file
from ..errors import SgcError
from ..reading.discover import expand
from ..render import Look, renderer
from .terminal import console, plain_width, say

if TYPE_CHECKING:
    from ..app.grade import GradeRun
    from ..results.national import SummaryResult

FOLDER_SUFFIX = {"html": ".html", "markdown": ".md"}  # formats written one report per subject


def errors_out(errors: Sequence[SgcError]) -> None:
    for e in errors:
        say(str(e))


def gates_out(run: GradeRun) -> None:
    """Why `sgc grade` answers "no": one line per grade that fails a gate."""
    from ..render.phrases import gate_text

    for gate in run.gates:
        say(gate_text(gate, run.report))


def stdin_once(paths: Sequence[Path | str]) -> list[str]:
    """The paths as text; `-` (standard input) may be given once, since it is read once."""
    out = [str(p) for p in paths]
    if out.count("-") > 1:
        raise typer.BadParameter("'-' (standard input) can be given only once: it can be read only once")
    return out


def expand_args(paths: Sequence[Path]) -> tuple[list[str], list[SgcError]]:
    """Evidence files as given; folders become their YAML files in name order, leaving
    out `criteria` folders below them. A folder with none is an error for that folder
    (nothing would be graded from it, silently); the others are still graded."""
    out, problems = [], []
    for p in stdin_once(paths):
        found = expand([p], settings_for(p).exclude, skip=("criteria",))
        if not found:
            problems.append(SgcError(str(p), 0, 0, "is a folder with no .yaml or .yml file in it"))
        out += found
    return out, problems


def is_folder(output: str) -> bool:
    return output.endswith(("/", os.sep)) or os.path.isdir(output)


def publish(kind: str, fmt: str, result: Any, output: str | None, verbose: bool = False) -> None:
    """Render `result` in `fmt` to standard output, to the file `output`, or (a grade
    report, `output` a folder) one report per subject into that folder; then warn about
    its input where the phrase book has a warning."""
    from ..render.phrases import warnings

    for line in warnings(result):
        say(line)
    if output is not None and is_folder(output):
        if kind != "grade" or fmt not in FOLDER_SUFFIX:
            raise SgcError(output, 0, 0, "--output DIR/ takes --format html or markdown (one report per subject)")
        _each(result, fmt, output, verbose)
        return
    width = 100 if output is not None else plain_width()  # a file: 100; a pipe: see plain_width
    if width is not None:  # plain text, laid out without rich
        made = renderer(kind, fmt)(result, Look(verbose=verbose, width=width, styled=False))
        _emit(made if isinstance(made, str) else made.plain, output)
        return
    out = console()
    made = renderer(kind, fmt)(result, Look(verbose=verbose, width=out.width))
    if isinstance(made, str):
        _emit(made, None)
    elif out.is_terminal:  # laid out for the terminal, with colour
        out.print(made, end="", soft_wrap=True)
    else:
        _emit(made.plain, None)


def _emit(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    write_file(output, text)
    say(f"wrote {output}")


def _each(report: Any, fmt: str, folder: str, verbose: bool) -> None:
    """One report per subject in `folder`, named after its evidence file."""
    from ..results.grade import GradeReport

    write = renderer("grade", fmt)
    names = [Path(r.source_file).stem for r in report.results]
    if len(set(names)) < len(names):
        raise SgcError(folder, 0, 0, "two evidence files have the same name; their reports would collide")
    with Folder(folder) as out:
        for result, name in zip(report.results, names, strict=True):
            out.add(name + FOLDER_SUFFIX[fmt], write(GradeReport(results=[result]), Look(verbose=verbose)))
    say(f"wrote {len(names)} report{'s' if len(names) != 1 else ''} to {folder}")


def national(files: list[str], criteria: str | None, jobs: int, fmt: str, output: str | None) -> SummaryResult:
    """`sgc summary`: grade every file (a progress bar on a terminal) and write the
    summary; with --output DIR/ and html, the national site: index.html and every
    subject's report, rendered by the workers that grade and written as a whole."""
    from rich.progress import Progress  # only summary shows progress; importing it costs 30 ms

    from ..app.national import summarise
    from ..render.html import page

    workers = jobs if jobs > 0 else (os.cpu_count() or 1) if len(files) >= 200 else 1
    site = output is not None and is_folder(output)
    if site and fmt != "html":
        raise SgcError(str(output), 0, 0, "--output DIR/ takes --format html (the summary page and every report)")
    names = {f: Path(f).stem for f in files}
    if site and (len(set(names.values())) < len(names) or "index" in names.values()):
        raise SgcError(str(output), 0, 0, "two evidence files (or one named index) would share a report's name")
    err = console(stderr=True)
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("grading", total=len(files))

        def progress(done: int) -> None:
            bar.update(task, completed=done)

        if not site or output is None:
            result = summarise(files, criteria, workers, progress)
            publish("summary", fmt, result, output)
            return result
        with Folder(output) as folder:
            result = summarise(
                files,
                criteria,
                workers,
                progress,
                page=page,
                pages=lambda f, html: folder.add(f"{names[f]}.html", html),
            )
            links = {row.source_file: f"{names[row.source_file]}.html" for row in result.subjects}
            folder.add("index.html", renderer("summary", "html")(result, Look(links=links)))
    from ..render.phrases import warnings

    for line in warnings(result):
        say(line)
    say(f"wrote {output} ({len(result.subjects) + 1} pages)")
    return result


def write_new(body: str, output: Path | None) -> None:
    """A new file to fill in, to stdout or to `output`, which must not exist yet."""
    if output is None:
        sys.stdout.write(body)
        return
    create(str(output), body)
    say(f"wrote {output}")
