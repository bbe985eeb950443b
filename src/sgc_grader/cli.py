"""The `sgc` command line: options -> settings -> core call -> render -> exit code."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__, commands
from .cli_output import Color, console, emit, fail, set_color, show
from .errors import SgcError
from .framework import expand
from .render_doc import (
    gap_markdown,
    grade_json,
    grade_markdown,
    model_json,
    problems_github,
    problems_json,
    problems_text,
    summary_csv,
    summary_markdown,
)
from .render_text import diff_text, gap_text, grade_text, summary_text
from .result import GradeReport, SubjectResult

app = typer.Typer(
    name="sgc",
    help="Grade organisations against specific grading criteria (SGC), and say why.",
    epilog="Exit codes: 0 success; 1 the answer is no (lint errors, a grade below --fail-below, "
    "a provisional grade under --strict); 2 bad input or usage; 3 internal error (a bug); 130 interrupted.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
new_app = typer.Typer(help="Write a new file to fill in.", no_args_is_help=True)
app.add_typer(new_app, name="new")


class GradeFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class SchemaKind(StrEnum):
    criteria = "criteria"
    evidence = "evidence"
    result = "result"


class GradeName(StrEnum):
    poor = "poor"
    fair = "fair"
    good = "good"
    excellent = "excellent"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sgc {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    color: Annotated[
        Color, typer.Option(help="Colour output: auto (TTY and no NO_COLOR), always, never.")
    ] = Color.auto,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Grade organisations against specific grading criteria (SGC), and say why."""
    set_color(color)


@app.command()
def grade(
    evidence: Annotated[list[Path], typer.Argument(help="Evidence files to grade.", show_default=False)],
    format: Annotated[GradeFormat, typer.Option("--format", "-f", help="Output format.")] = GradeFormat.text,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Write to FILE (atomically); DIR/ writes one html or markdown per subject."
        ),
    ] = None,
    area: Annotated[str | None, typer.Option(help="Grade only this area (criteria set id).")] = None,
    criteria: Annotated[
        Path | None,
        typer.Option(help="Folder of criteria sets. Default: ./criteria, else the sets shipped with sgc."),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 when any grade is provisional (evidence missing).")] = False,
    fail_below: Annotated[GradeName | None, typer.Option(help="Exit 1 when any final grade is below GRADE.")] = None,
    no_judgements: Annotated[
        bool, typer.Option("--no-judgements", help="Ignore professional-judgement overrides; show the computed grade.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show every citation, rule value and note.")] = False,
) -> None:
    """Grade evidence files and explain each grade.

    For each area: the grade, the rule that decided it with its numbers, every criterion's
    status and citation, and what the next grade up needs.

    Example: sgc grade evidence/thames-valley.yaml --format markdown -o tvp.md
    """
    settings = commands.GradeSettings(
        evidence=[str(p) for p in evidence],
        area=area,
        criteria=str(criteria) if criteria else None,
        use_judgements=not no_judgements,
    )
    report, errors = commands.grade(settings)
    if errors or report is None:
        fail(errors)
        return
    target = Path(output) if output is not None else None
    if output is not None and (output.endswith(("/", os.sep)) or os.path.isdir(output)):
        _write_each(report, format, verbose, Path(output), settings.evidence)
    elif format == GradeFormat.html:
        if len(report.results) > 1:
            fail([SgcError(output or "-", 0, 0, "--format html writes one report per subject: use --output DIR/")])
        emit(grade_html(report.results[0]), target, settings.evidence)
    elif format == GradeFormat.json:
        emit(grade_json(report), target, settings.evidence)
    elif format == GradeFormat.markdown:
        emit(grade_markdown(report, verbose), target, settings.evidence)
    else:
        show(grade_text(report, verbose), target, settings.evidence)
    reasons = commands.grade_exit_reasons(report, strict, fail_below.value if fail_below else None)
    for line in reasons:
        typer.echo(line, err=True)
    raise typer.Exit(1 if reasons else 0)


def grade_html(result: SubjectResult) -> str:
    from .render_html import grade_html as render  # Jinja2 is loaded only for HTML

    return render(result)


def _write_each(report: GradeReport, format: GradeFormat, verbose: bool, folder: Path, inputs: list[str]) -> None:
    """One report per subject in `folder`, named after its evidence file."""
    if format not in (GradeFormat.html, GradeFormat.markdown):
        fail([SgcError(str(folder), 0, 0, "--output DIR/ takes --format html or markdown (one report per subject)")])
    folder.mkdir(parents=True, exist_ok=True)
    names = [Path(r.source_file).stem for r in report.results]
    if len(set(names)) < len(names):
        fail([SgcError(str(folder), 0, 0, "two evidence files have the same name; their reports would collide")])
    for result, name in zip(report.results, names, strict=True):
        if format == GradeFormat.html:
            text = grade_html(result)
        else:
            text = grade_markdown(GradeReport(results=[result]), verbose)
        emit(text, folder / f"{name}.{'html' if format == GradeFormat.html else 'md'}", inputs)


@app.command()
def check(
    paths: Annotated[
        list[Path], typer.Argument(help="Criteria and evidence files, or folders of them.", show_default=False)
    ] = [],  # noqa: B006 - typer reads the default, never mutates it
    sources: Annotated[Path | None, typer.Option(help="Verify every quote against DIR/<source id>.txt.")] = None,
    criteria: Annotated[
        Path | None, typer.Option(help="Criteria folder for evidence whose framework is not among PATHS.")
    ] = None,
    format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="text, json, or github (Actions annotations).")
    ] = CheckFormat.text,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="List the lint rules with their documentation and exit.")
    ] = False,
) -> None:
    """Lint criteria sets and evidence files: schema, references, meaning, expected grades, quotes.

    Prints one `path:line:col: severity: message [rule]` line per problem. Exit 2 when a
    file cannot be read or does not fit the schema, 1 when a lint rule reports an error,
    0 otherwise (warnings do not fail).
    """
    if list_rules:
        typer.echo(commands.rules_doc())
        raise typer.Exit(0)
    if not paths:
        raise typer.BadParameter("give at least one file or folder", param_hint="PATHS")
    if sources is not None and not sources.is_dir():
        fail([SgcError(str(sources), 0, 0, "--sources: folder not found")])
    settings = commands.CheckSettings(
        paths=[str(p) for p in paths],
        sources=str(sources) if sources else None,
        criteria=str(criteria) if criteria else None,
    )
    outcome = commands.check(settings)
    if format == CheckFormat.json:
        sys.stdout.write(problems_json(outcome.problems, outcome.files))
    elif format == CheckFormat.github:
        sys.stdout.write(problems_github(outcome.problems))
    else:
        sys.stdout.write(problems_text(outcome.problems))
        errors = sum(1 for p in outcome.problems if p.severity == "error")
        warnings = len(outcome.problems) - errors
        typer.echo(f"{outcome.files} files checked: {errors} errors, {warnings} warnings", err=True)
    raise typer.Exit(outcome.exit_code)


class PlanFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def gap(
    evidence: Annotated[Path, typer.Argument(help="The evidence file.", show_default=False)],
    area: Annotated[str, typer.Option(help="The area (criteria set id).", show_default=False)],
    target: Annotated[GradeName | None, typer.Option(help="The grade to reach. Default: the next one up.")] = None,
    format: Annotated[PlanFormat, typer.Option("--format", "-f", help="Output format.")] = PlanFormat.text,
    criteria: Annotated[Path | None, typer.Option(help="Folder of criteria sets.")] = None,
) -> None:
    """What it takes to reach a grade: the criteria that must become met, then how many
    more of which Good criteria, cheapest first, with the recommendations that address them.

    Exit 2 when the target cannot be reached under the thresholds (it says why).

    Example: sgc gap evidence/thames-valley.yaml --area neighbourhood-policing
    """
    settings = commands.GapSettings(
        evidence=str(evidence),
        area=area,
        target=target.value if target else None,
        criteria=str(criteria) if criteria else None,
    )
    result, errors = commands.gap(settings)
    if errors or result is None:
        fail(errors)
        return
    if format == PlanFormat.json:
        sys.stdout.write(model_json(result))
    elif format == PlanFormat.markdown:
        sys.stdout.write(gap_markdown(result))
    else:
        show(gap_text(result), None, [])
    raise typer.Exit(0 if result.reachable else 2)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier assessment: evidence, or JSON from `sgc grade -f json`.")],
    new: Annotated[Path, typer.Argument(help="The later assessment of the same subject.")],
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
    fail_on_deterioration: Annotated[bool, typer.Option(help="Exit 1 when any area's grade went down.")] = False,
    criteria: Annotated[Path | None, typer.Option(help="Folder of criteria sets, for evidence files.")] = None,
) -> None:
    """Direction of travel: per area the grade then and now (improved, stable or
    deteriorated), the criteria whose status changed, and new and resolved recommendations.

    Differing criteria set versions are reported beside the comparison. Exit 2 when the
    two files are not about the same subject.
    """
    settings = commands.DiffSettings(old=str(old), new=str(new), criteria=str(criteria) if criteria else None)
    result, errors = commands.diff(settings)
    if errors or result is None:
        fail(errors)
        return
    if format == DiffFormat.json:
        sys.stdout.write(model_json(result))
    else:
        show(diff_text(result), None, [])
    raise typer.Exit(1 if fail_on_deterioration and result.deteriorated else 0)


class SummaryFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


@app.command()
def summary(
    paths: Annotated[list[Path], typer.Argument(help="Evidence files, or folders of them.", show_default=False)],
    format: Annotated[SummaryFormat, typer.Option("--format", "-f", help="Output format (csv: the grade matrix).")] = (
        SummaryFormat.text
    ),
    criteria: Annotated[Path | None, typer.Option(help="Folder of criteria sets.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes; 0 picks one per core for big runs.")] = 0,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE (atomically).")] = None,
) -> None:
    """National summary of judgements: per area the count of each grade, the grade of every
    subject, and the provisional, borderline and judged grades a moderator should look at.

    Files that cannot be graded are listed at the end and the rest are still counted
    (exit 1 if any failed). A progress bar shows on a terminal.
    """
    files = expand([str(p) for p in paths])
    workers = jobs if jobs > 0 else (os.cpu_count() or 1) if len(files) >= 200 else 1
    from rich.progress import Progress  # only summary shows progress; importing it costs 30 ms

    err = console(stderr=True)
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("grading", total=len(files))
        result = commands.summary(
            files, str(criteria) if criteria else None, workers, lambda done: bar.update(task, completed=done)
        )
    if format == SummaryFormat.text:
        show(summary_text(result), output, files)
    else:
        render = {
            SummaryFormat.json: model_json,
            SummaryFormat.markdown: summary_markdown,
            SummaryFormat.csv: summary_csv,
        }[format]
        emit(render(result), output, files)
    for f in result.failures:
        typer.echo(SgcError(f.path, f.line, f.col, f.message), err=True)
    raise typer.Exit(1 if result.failures else 0)


@app.command(hidden=True)
def synth(
    count: Annotated[int, typer.Argument(help="How many subjects.")],
    folder: Annotated[Path, typer.Argument(help="New or empty folder to write them in.")],
    seed: Annotated[int, typer.Option(help="Same seed, same files.")] = 2007,
    framework: Annotated[str, typer.Option(help="Framework id.")] = "hmic-2007",
    criteria: Annotated[Path | None, typer.Option(help="Folder of criteria sets.")] = None,
) -> None:
    """Write a synthetic national data set (for benchmarks and tests)."""
    if folder.exists() and any(folder.iterdir()):
        fail([SgcError(str(folder), 0, 0, "is not empty; synth writes only into a new or empty folder")])
    written, errors = commands.synth(count, str(folder), seed, framework, str(criteria) if criteria else None)
    if errors:
        fail(errors)
    typer.echo(f"wrote {written} evidence files to {folder}", err=True)


@app.command()
def schema(
    kind: Annotated[
        SchemaKind, typer.Argument(help="criteria, evidence, or result (the JSON of `sgc grade -f json`).")
    ],
) -> None:
    """Print a JSON Schema, for editors and validators.

    Start a YAML file with `# yaml-language-server: $schema=criteria.schema.json` (a file
    written by `sgc schema criteria > criteria.schema.json`) to get completion and checks.
    """
    typer.echo(json.dumps(commands.json_schema(kind.value), indent=2))


@new_app.command("evidence")
def new_evidence(
    subject: Annotated[str, typer.Option(help="Name of the organisation assessed.")],
    framework: Annotated[str, typer.Option(help="Framework id of the criteria sets.")] = "hmic-2007",
    criteria: Annotated[
        Path | None, typer.Option(help="Criteria folder. Default: ./criteria, else the shipped sets.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE; refuses to overwrite an existing file.")
    ] = None,
) -> None:
    """Write an evidence skeleton listing every area and criterion, with no statuses."""
    text, errors = commands.new_evidence(subject, framework, str(criteria) if criteria else None)
    if errors:
        fail(errors)
    if output is not None and output.exists():
        fail([SgcError(str(output), 0, 0, "already exists; not overwritten (choose another --output)")])
    emit(text, output, [])


def main() -> None:
    """Entry point: run the app and decide the exit code in one place."""
    try:
        code = app(standalone_mode=False)
    except SgcError as e:
        typer.echo(str(e), err=True)
        code = 2
    except typer.TyperException as e:  # usage errors: bad option values, missing arguments
        show = getattr(e, "show", None)
        if callable(show):
            show()
        else:
            typer.echo(f"sgc: {e.format_message()}", err=True)
        code = e.exit_code
    except (KeyboardInterrupt, typer.Abort):
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as e:  # noqa: BLE001 - the one place a bug becomes exit 3, not a traceback
        typer.echo(
            f"sgc: internal error ({type(e).__name__}: {e}). This is a bug in sgc; "
            "please report it with the command you ran and the file.",
            err=True,
        )
        code = 3
    code = code if isinstance(code, int) else 0
    if code == 130:  # typer turns Ctrl-C into Exit(130)
        typer.echo("sgc: interrupted", err=True)
    sys.exit(code)
