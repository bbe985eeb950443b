"""The `sgc` command line: options -> settings -> core call -> render -> exit code.

Only typer and this command table load at start-up, so `--version`, `--help` and shell
completion are quick; each command imports what it needs when it runs.
"""

import sys
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__

app = typer.Typer(
    name="sgc",
    help="Grade organisations against specific grading criteria (SGC), and say why.",
    epilog="Exit codes: 0 success; 1 the answer is no (lint errors, a grade below --fail-below, "
    "a provisional grade under --strict, an unreachable gap target, a deterioration under "
    "--fail-on-deterioration); 2 bad input or usage; 3 internal error (a bug); 130 interrupted.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
new_app = typer.Typer(help="Write a new file to fill in.", no_args_is_help=True)
app.add_typer(new_app, name="new")


class Exit(IntEnum):
    """The exit codes (SPEC section 3), named once."""

    OK = 0
    NO = 1  # the command ran and the answer is "no"
    BAD_INPUT = 2
    BUG = 3
    INTERRUPTED = 130


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class GradeFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class PlanFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


class SummaryFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"


class SchemaKind(StrEnum):
    framework = "framework"
    criteria = "criteria"
    evidence = "evidence"
    result = "result"


CriteriaOption = Annotated[
    Path | None,
    typer.Option(
        metavar="DIR",
        help="Folder of the framework and criteria sets. Default: `criteria` in sgc.toml, else ./criteria, else a "
        "criteria/ folder beside or above the evidence, else the sets shipped with sgc.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sgc {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    color: Annotated[
        Color,
        typer.Option(help="Colour output: auto (TTY and no NO_COLOR), always, never. Give it before the command."),
    ] = Color.auto,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Grade organisations against specific grading criteria (SGC), and say why."""
    from .output import set_color

    set_color(color.value)


def _path(p: Path | None) -> str | None:
    return str(p) if p is not None else None


@app.command()
def grade(
    evidence: Annotated[
        list[Path],
        typer.Argument(
            help="Evidence files, or folders of them, to grade (criteria/ folders inside are left out).",
            show_default=False,
        ),
    ],
    format: Annotated[GradeFormat, typer.Option("--format", "-f", help="Output format.")] = GradeFormat.text,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR/",
            help="Write to FILE (atomically); DIR/ writes one html or markdown per subject.",
        ),
    ] = None,
    area: Annotated[str | None, typer.Option(metavar="AREA", help="Grade only this area (criteria set id).")] = None,
    criteria: CriteriaOption = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 when any grade is provisional (evidence missing).")] = False,
    fail_below: Annotated[
        str | None,
        typer.Option(metavar="GRADE", help="Exit 1 when any final grade is below GRADE (a grade id, e.g. good)."),
    ] = None,
    no_judgements: Annotated[
        bool, typer.Option("--no-judgements", help="Ignore professional-judgement overrides; show the computed grade.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="The full trail: every criterion, citation, rule value and requirement."),
    ] = False,
    sensitivity: Annotated[
        bool,
        typer.Option(
            "--sensitivity",
            help="Also show, per named threshold each area reads, the nearest values at which its grade would change.",
        ),
    ] = False,
) -> None:
    """Grade evidence files and explain each grade.

    For each area: the grade, the requirement that decided it with its numbers, its
    margin (the fewest findings that would lower or raise it), the criteria that hold it
    back, and what the next grade up needs (-v: every criterion). Files that cannot be
    graded are reported on stderr; the others are still graded.

    Example: sgc grade evidence/thames-valley.yaml --format markdown -o tvp.md
    """
    from ..app import commands
    from .output import errors_out, expand_args, grades_out

    settings = commands.GradeSettings(
        evidence=expand_args(evidence),
        area=area,
        criteria=_path(criteria),
        use_judgements=not no_judgements,
        fail_below=fail_below,
        sensitivity=sensitivity,
    )
    run = commands.grade(settings)
    if run.report.results:
        grades_out(run.report, format, verbose, output, settings.evidence)
    errors_out(run.failures)
    reasons = commands.grade_exit_reasons(run.report, strict, fail_below)
    for line in reasons:
        typer.echo(line, err=True)
    raise typer.Exit(Exit.BAD_INPUT if run.failures else Exit.NO if reasons else Exit.OK)


@app.command()
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Framework, criteria and evidence files, or folders of them.", show_default=False),
    ] = [],  # noqa: B006 - typer reads the default, never mutates it
    sources: Annotated[
        Path | None, typer.Option(metavar="DIR", help="Verify every quote against DIR/<source id>.txt.")
    ] = None,
    criteria: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="Criteria folder for evidence whose framework is not among PATHS."),
    ] = None,
    format: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="text, json, github (Actions annotations) or sarif (code scanning)."),
    ] = CheckFormat.text,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="List the lint rules with their documentation and exit.")
    ] = False,
) -> None:
    """Lint frameworks, criteria sets and evidence files: schema, references, meaning,
    expected grades, quotes.

    Prints one `path:line:col: severity: message [rule]` line per problem. Exit 2 when a
    file cannot be read or does not fit the schema, 1 when a lint rule reports an error,
    0 otherwise (warnings do not fail).

    Configure with sgc.toml, .sgc.toml or [tool.sgc] in pyproject.toml (the nearest one
    up from here): `criteria = "DIR"`, `exclude = ["drafts/*"]` (globs for folder walks),
    `disable = ["SGC213"]`. A `# sgc: disable=SGC213` comment silences a rule on its line
    or the line below.
    """
    from ..app import commands
    from ..errors import SgcError
    from ..render.doc import problems_github, problems_json, problems_sarif, problems_text
    from ..render.words import plural
    from .output import stdin_once

    if list_rules:
        typer.echo(commands.rules_doc())
        raise typer.Exit(Exit.OK)
    if not paths:
        raise typer.BadParameter("give at least one file or folder", param_hint="PATHS")
    if sources is not None and not sources.is_dir():
        raise SgcError(str(sources), 0, 0, "--sources: folder not found")
    settings = commands.CheckSettings(paths=stdin_once(paths), sources=_path(sources), criteria=_path(criteria))
    outcome = commands.check(settings)
    if format == CheckFormat.json:
        sys.stdout.write(problems_json(outcome.problems, outcome.files))
    elif format == CheckFormat.github:
        sys.stdout.write(problems_github(outcome.problems))
    elif format == CheckFormat.sarif:
        sys.stdout.write(problems_sarif(outcome.problems, commands.rules_table(), __version__))
    else:
        sys.stdout.write(problems_text(outcome.problems))
        errors = sum(1 for p in outcome.problems if p.severity == "error")
        warnings = len(outcome.problems) - errors
        counts = [plural(outcome.files, "file"), plural(errors, "error"), plural(warnings, "warning")]
        typer.echo("{} checked: {}, {}".format(*counts), err=True)
    raise typer.Exit(Exit.BAD_INPUT if outcome.unreadable else Exit.NO if outcome.failed else Exit.OK)


@app.command()
def gap(
    evidence: Annotated[Path, typer.Argument(help="The evidence file.", show_default=False)],
    area: Annotated[str, typer.Option(metavar="AREA", help="The area (criteria set id).", show_default=False)],
    target: Annotated[
        str | None,
        typer.Option(metavar="GRADE", help="The grade to reach, by id (e.g. good). Default: the next one up."),
    ] = None,
    format: Annotated[PlanFormat, typer.Option("--format", "-f", help="Output format.")] = PlanFormat.text,
    criteria: CriteriaOption = None,
) -> None:
    """What it takes to reach a grade: the fewest criteria that reach it (exact), then the
    guarantee: the criteria that must reach a status, and groups where any k of the
    listed criteria are enough, cheapest first, with the recommendations that address
    them. Read from the same requirements as the grade.

    Exit 1 when the target cannot be reached (it says why).

    Example: sgc gap evidence/thames-valley.yaml --area neighbourhood-policing
    """
    from ..app import commands
    from ..render.doc import gap_markdown, model_json
    from ..render.text import gap_text
    from .output import show

    settings = commands.GapSettings(evidence=str(evidence), area=area, target=target, criteria=_path(criteria))
    result = commands.gap(settings)
    if format == PlanFormat.json:
        sys.stdout.write(model_json(result))
    elif format == PlanFormat.markdown:
        sys.stdout.write(gap_markdown(result))
    else:
        show(lambda width: gap_text(result, width), None, [])
    raise typer.Exit(Exit.OK if result.reachable else Exit.NO)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier assessment: evidence, or JSON from `sgc grade -f json`.")],
    new: Annotated[Path, typer.Argument(help="The later assessment of the same subject.")],
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
    fail_on_deterioration: Annotated[
        bool, typer.Option(help="Exit 1 when any area's or composite's grade went down.")
    ] = False,
    criteria: CriteriaOption = None,
) -> None:
    """Direction of travel: per area and composite the grade then and now (improved,
    stable or deteriorated), the criteria whose status changed, and new and resolved
    recommendations.

    Differing criteria set versions are reported beside the comparison. Exit 2 when the
    two files are not about the same subject.
    """
    from ..app import commands
    from ..render.doc import model_json
    from ..render.text import diff_text
    from .output import show, stdin_once

    old_file, new_file = stdin_once([old, new])
    result = commands.diff(commands.DiffSettings(old=old_file, new=new_file, criteria=_path(criteria)))
    if format == DiffFormat.json:
        sys.stdout.write(model_json(result))
    else:
        show(lambda width: diff_text(result, width), None, [])
    raise typer.Exit(Exit.NO if fail_on_deterioration and result.deteriorated else Exit.OK)


@app.command()
def agree(
    a: Annotated[Path, typer.Argument(help="One assessment: an evidence file.", show_default=False)],
    b: Annotated[
        Path, typer.Argument(help="Another assessment of the same subject and framework.", show_default=False)
    ],
    format: Annotated[PlanFormat, typer.Option("--format", "-f", help="Output format.")] = PlanFormat.text,
    criteria: CriteriaOption = None,
) -> None:
    """Would two inspectors have recorded the same findings? Two assessments of one
    subject (different inspectors, or a self-assessment against the inspectorate).

    Over the criteria both assessed (met, partial or not met): the proportion agreeing,
    Cohen's kappa and linearly weighted kappa. Per area: both computed grades, and the
    grade-changing disagreements (taking the other's status alone would change that
    assessment's grade); criteria only one assessed, or not applicable in either, are
    listed apart. Exit 2 when the files are not about the same subject and framework.

    Example: sgc agree inspectorate.yaml self-assessment.yaml
    """
    from ..app import commands
    from ..render.agree import agree_markdown, agree_text
    from ..render.doc import model_json
    from .output import show, stdin_once

    a_file, b_file = stdin_once([a, b])
    result = commands.agree(commands.AgreeSettings(a=a_file, b=b_file, criteria=_path(criteria)))
    if format == PlanFormat.json:
        sys.stdout.write(model_json(result))
    elif format == PlanFormat.markdown:
        sys.stdout.write(agree_markdown(result))
    else:
        show(lambda width: agree_text(result, width), None, [])
    raise typer.Exit(Exit.OK)


@app.command()
def summary(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Evidence files, or folders of them (criteria/ folders inside are left out).", show_default=False
        ),
    ],
    format: Annotated[
        SummaryFormat, typer.Option("--format", "-f", help="Output format (csv: the grade matrix; html: one page).")
    ] = SummaryFormat.text,
    criteria: CriteriaOption = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 picks one per core for big runs.")
    ] = 0,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR/",
            help="Write to FILE (atomically); with html, DIR/ writes index.html and every report.",
        ),
    ] = None,
) -> None:
    """National summary of judgements: per area and composite the count of each grade,
    the grade of every subject, the provisional, borderline and judged grades a
    moderator should look at, and the criteria most often not met.

    Files that cannot be graded are listed at the end and the rest are still counted
    (exit 1 if any failed). A progress bar shows on a terminal.

    Example: sgc summary evidence/ -f html -o national/
    """
    import os

    from ..app import commands
    from ..errors import SgcError
    from ..render import doc
    from ..render.text import summary_text
    from .output import console, emit, errors_out, expand_args, is_folder, show, write_national

    files = expand_args(paths)
    workers = jobs if jobs > 0 else (os.cpu_count() or 1) if len(files) >= 200 else 1
    from rich.progress import Progress  # only summary shows progress; importing it costs 30 ms

    err = console(stderr=True)
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("grading", total=len(files))
        result = commands.summary(files, _path(criteria), workers, lambda done: bar.update(task, completed=done))
    target = Path(output) if output is not None else None
    if output is not None and is_folder(output):
        if format != SummaryFormat.html:
            raise SgcError(output, 0, 0, "--output DIR/ takes --format html (the summary page and every report)")
        write_national(result, Path(output), _path(criteria), files)
    elif format == SummaryFormat.html:
        from ..render.html import summary_html  # Jinja2 is loaded only for HTML

        emit(summary_html(result, {}), target, files)
    elif format == SummaryFormat.text:
        show(lambda width: summary_text(result, width), target, files)
    else:
        render = {
            SummaryFormat.json: doc.model_json,
            SummaryFormat.markdown: doc.summary_markdown,
            SummaryFormat.csv: doc.summary_csv,
        }[format]
        emit(render(result), target, files)
    errors_out([SgcError(f.path, f.line, f.col, f.message) for f in result.failures])
    raise typer.Exit(Exit.NO if result.failures else Exit.OK)


@app.command(hidden=True)
def synth(
    count: Annotated[int, typer.Argument(help="How many subjects.")],
    folder: Annotated[Path, typer.Argument(help="New or empty folder to write them in.")],
    seed: Annotated[int, typer.Option(help="Same seed, same files.")] = 2007,
    framework: Annotated[str, typer.Option(help="Framework id.")] = "hmic-2007",
    criteria: CriteriaOption = None,
) -> None:
    """Write a synthetic national data set (for benchmarks and tests)."""
    from ..app import commands
    from ..errors import SgcError

    if folder.exists() and any(folder.iterdir()):
        raise SgcError(str(folder), 0, 0, "is not empty; synth writes only into a new or empty folder")
    written = commands.synth(count, str(folder), seed, framework, _path(criteria))
    typer.echo(f"wrote {written} evidence files to {folder}", err=True)


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(help="framework, criteria, evidence, or result (the JSON of `sgc grade -f json`)."),
    ],
) -> None:
    """Print a JSON Schema, for editors and validators.

    Start a YAML file with `# yaml-language-server: $schema=../schemas/criteria.schema.json`
    to get completion, hovers and checks. The schemas ship with sgc (`schemas/` in a
    checkout; `sgc init` copies them into a new framework folder), or write one with
    `sgc schema criteria > criteria.schema.json`.
    """
    import json

    from ..app import commands

    typer.echo(json.dumps(commands.json_schema(kind.value), indent=2))


NewOutput = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE; refuses to overwrite an existing file."),
]
FrameworkOption = Annotated[
    str | None,
    typer.Option(help="Framework id. Default: the one framework the criteria search finds (./criteria, ...)."),
]


@new_app.command("evidence")
def new_evidence(
    subject: Annotated[str, typer.Option(help="Name of the organisation assessed.")],
    framework: FrameworkOption = None,
    criteria: CriteriaOption = None,
    output: NewOutput = None,
) -> None:
    """Write an evidence skeleton listing every area and criterion, with no statuses."""
    from ..app import commands
    from .output import write_new

    write_new(commands.new_evidence(subject, framework, _path(criteria)), output)


@new_app.command("criteria")
def new_criteria(
    id: Annotated[str, typer.Option("--id", help="The area's id (a slug, e.g. safeguarding).")],
    title: Annotated[str, typer.Option(help="The area's title.")],
    framework: FrameworkOption = None,
    criteria: CriteriaOption = None,
    output: NewOutput = None,
) -> None:
    """Write a criteria set for one inspection area: one criterion to rewrite at each of
    the framework's levels."""
    from ..app import commands
    from .output import write_new

    write_new(commands.new_criteria(id, title, framework, _path(criteria)), output)


@new_app.command("framework")
def new_framework(
    id: Annotated[str, typer.Option("--id", help="The framework's id (a slug, e.g. food-safety-2025).")],
    title: Annotated[str, typer.Option(help="The framework's title.")] = "My framework",
    output: NewOutput = None,
) -> None:
    """Write a framework file: a four-grade scale with its requirements, to edit."""
    from ..app import commands
    from .output import write_new

    write_new(commands.new_framework(id, title), output)


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="A new (or empty) folder to create.", show_default=False)],
    framework: Annotated[str | None, typer.Option(help="Framework id. Default: from the folder name.")] = None,
) -> None:
    """Start a framework: criteria/00-framework.yaml, one criteria set, an example
    evidence file with its source text and expected grade, schemas for editors, sgc.toml
    and a README. It checks clean and grades at once.

    Example: sgc init food && cd food && sgc check criteria evidence && sgc grade evidence/example.yaml
    """
    from ..app import commands

    written = commands.init(str(folder), framework)
    for path in written:
        typer.echo(f"wrote {path}", err=True)


def main() -> None:
    """Entry point: run the app and turn what happened into the exit code."""
    from ..errors import SgcError

    try:
        code = app(standalone_mode=False)
    except SgcError as e:
        typer.echo(str(e), err=True)
        code = Exit.BAD_INPUT
    except typer.TyperException as e:  # usage errors: bad option values, missing arguments
        show = getattr(e, "show", None)
        if callable(show):
            show()
        else:
            typer.echo(f"sgc: {e.format_message()}", err=True)
        code = e.exit_code
    except (KeyboardInterrupt, typer.Abort):
        code = Exit.INTERRUPTED
    except BrokenPipeError:
        code = Exit.OK
    except Exception as e:  # noqa: BLE001 - the one place a bug becomes exit 3, not a traceback
        typer.echo(
            f"sgc: internal error ({type(e).__name__}: {e}). This is a bug in sgc; "
            "please report it with the command you ran and the file.",
            err=True,
        )
        code = Exit.BUG
    code = int(code) if isinstance(code, int) else 0
    if code == Exit.INTERRUPTED:  # typer turns Ctrl-C into Exit(130)
        typer.echo("sgc: interrupted", err=True)
    sys.exit(code)
