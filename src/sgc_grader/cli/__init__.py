"""The `sgc` command line: options -> settings -> core call -> render -> exit code.

Only typer and this command table load at start-up, so `--version`, `--help` and shell
completion are quick; each command imports what it needs when it runs.
"""

import sys
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import __version__
from ..render import formats

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
    """The exit codes (docs/format.md section 14), named once."""

    OK = 0
    NO = 1  # the command ran and the answer is "no"
    BAD_INPUT = 2
    BUG = 3
    INTERRUPTED = 130


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _format(kind: str, what: str = "Output format") -> Any:
    """The --format option of a command: the formats the renderer registry has for its
    result, checked and completed from there."""
    names = formats(kind)

    def check(value: str) -> str:
        if value not in names:
            raise typer.BadParameter(f"'{value}' is not one of {', '.join(names)}")
        return value

    return typer.Option(
        "--format",
        "-f",
        metavar="|".join(names),
        help=f"{what}: {', '.join(names)}.",
        callback=check,
        autocompletion=lambda: names,
    )


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
    format: Annotated[str, _format("grade")] = "text",
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
    from ..app.grade import GradeSettings
    from ..app.grade import grade as grade_files
    from .output import errors_out, expand_args, gates_out, publish

    settings = GradeSettings(
        evidence=expand_args(evidence),
        area=area,
        criteria=_path(criteria),
        use_judgements=not no_judgements,
        fail_below=fail_below,
        sensitivity=sensitivity,
        strict=strict,
    )
    run = grade_files(settings)
    if run.report.results:
        publish("grade", format, run.report, output, verbose=verbose)
    errors_out(run.failures)
    gates_out(run)
    raise typer.Exit(Exit.BAD_INPUT if run.failures else Exit.NO if run.gates else Exit.OK)


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
    format: Annotated[str, _format("check", "github: Actions annotations; sarif: code scanning")] = "text",
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
    from ..app.check import CheckSettings, rules
    from ..app.check import check as check_files
    from ..errors import SgcError
    from ..render.problems import rules_doc, tally
    from .output import publish, stdin_once

    if list_rules:
        typer.echo(rules_doc(rules()))
        raise typer.Exit(Exit.OK)
    if not paths:
        raise typer.BadParameter("give at least one file or folder", param_hint="PATHS")
    if sources is not None and not sources.is_dir():
        raise SgcError(str(sources), 0, 0, "--sources: folder not found")
    settings = CheckSettings(paths=stdin_once(paths), sources=_path(sources), criteria=_path(criteria))
    result = check_files(settings)
    publish("check", format, result, None)
    if format == "text":
        typer.echo(tally(result), err=True)
    raise typer.Exit(Exit.BAD_INPUT if result.unreadable else Exit.NO if result.failed else Exit.OK)


@app.command()
def gap(
    evidence: Annotated[Path, typer.Argument(help="The evidence file.", show_default=False)],
    area: Annotated[str, typer.Option(metavar="AREA", help="The area (criteria set id).", show_default=False)],
    target: Annotated[
        str | None,
        typer.Option(metavar="GRADE", help="The grade to reach, by id (e.g. good). Default: the next one up."),
    ] = None,
    format: Annotated[str, _format("gap")] = "text",
    criteria: CriteriaOption = None,
) -> None:
    """What it takes to reach a grade: the fewest criteria that reach it (exact), then the
    guarantee: the criteria that must reach a status, and groups where any k of the
    listed criteria are enough, cheapest first, with the recommendations that address
    them. Read from the same requirements as the grade.

    Exit 1 when the target cannot be reached (it says why).

    Example: sgc gap evidence/thames-valley.yaml --area neighbourhood-policing
    """
    from ..app.plan import GapSettings
    from ..app.plan import gap as gap_of
    from .output import publish

    result = gap_of(GapSettings(evidence=str(evidence), area=area, target=target, criteria=_path(criteria)))
    publish("gap", format, result, None)
    raise typer.Exit(Exit.OK if result.reachable else Exit.NO)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier assessment: evidence, or JSON from `sgc grade -f json`.")],
    new: Annotated[Path, typer.Argument(help="The later assessment of the same subject.")],
    format: Annotated[str, _format("diff")] = "text",
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
    from ..app.compare import DiffSettings
    from ..app.compare import diff as diff_of
    from .output import publish, stdin_once

    old_file, new_file = stdin_once([old, new])
    result = diff_of(DiffSettings(old=old_file, new=new_file, criteria=_path(criteria)))
    publish("diff", format, result, None)
    raise typer.Exit(Exit.NO if fail_on_deterioration and result.deteriorated else Exit.OK)


@app.command()
def agree(
    a: Annotated[Path, typer.Argument(help="One assessment: an evidence file.", show_default=False)],
    b: Annotated[
        Path, typer.Argument(help="Another assessment of the same subject and framework.", show_default=False)
    ],
    format: Annotated[str, _format("agree")] = "text",
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
    from ..app.compare import AgreeSettings
    from ..app.compare import agree as agree_of
    from .output import publish, stdin_once

    a_file, b_file = stdin_once([a, b])
    result = agree_of(AgreeSettings(a=a_file, b=b_file, criteria=_path(criteria)))
    publish("agree", format, result, None)
    raise typer.Exit(Exit.OK)


@app.command()
def summary(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Evidence files, or folders of them (criteria/ folders inside are left out).", show_default=False
        ),
    ],
    format: Annotated[str, _format("summary", "Output format (csv: the grade matrix; html: one page)")] = "text",
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
    from ..errors import SgcError
    from .output import errors_out, expand_args, national

    result = national(expand_args(paths), _path(criteria), jobs, format, output)
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
    from ..app.authoring import synth as synth_files
    from ..errors import SgcError

    if folder.exists() and any(folder.iterdir()):
        raise SgcError(str(folder), 0, 0, "is not empty; synth writes only into a new or empty folder")
    written = synth_files(count, str(folder), seed, framework, _path(criteria))
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

    from ..app.authoring import json_schema

    typer.echo(json.dumps(json_schema(kind.value), indent=2))


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
    from ..app import authoring
    from .output import write_new

    write_new(authoring.new_evidence(subject, framework, _path(criteria)), output)


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
    from ..app import authoring
    from .output import write_new

    write_new(authoring.new_criteria(id, title, framework, _path(criteria)), output)


@new_app.command("framework")
def new_framework(
    id: Annotated[str, typer.Option("--id", help="The framework's id (a slug, e.g. food-safety-2025).")],
    title: Annotated[str, typer.Option(help="The framework's title.")] = "My framework",
    output: NewOutput = None,
) -> None:
    """Write a framework file: a four-grade scale with its requirements, to edit."""
    from ..app import authoring
    from .output import write_new

    write_new(authoring.new_framework(id, title), output)


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
    from ..app.authoring import init as init_folder

    written = init_folder(str(folder), framework)
    for path in written:
        typer.echo(f"wrote {path}", err=True)


def main() -> None:
    """Entry point: run the app and turn what happened into the exit code."""
    import signal

    from ..errors import SgcError
    from .output import say, streams

    signal.signal(signal.SIGTERM, _terminated)  # so that temporary files are removed on the way out
    try:
        streams()
        code = app(standalone_mode=False)
        sys.stdout.flush()
    except SgcError as e:
        say(str(e))
        code = Exit.BAD_INPUT
    except typer.TyperException as e:  # usage errors: bad option values, missing arguments
        show = getattr(e, "show", None)
        if callable(show):
            show()
        else:
            say(f"sgc: {e.format_message()}")
        code = e.exit_code
    except (KeyboardInterrupt, typer.Abort):
        code = Exit.INTERRUPTED
    except BrokenPipeError:  # the reader went away (`sgc grade ... | head`): nothing more to say
        _quiet_stdout()
        code = Exit.OK
    except OSError as e:  # standard output on a full or failing device
        _quiet_stdout()
        say(f"sgc: cannot write the output: {e.strerror or e}")
        code = Exit.BAD_INPUT
    except Exception as e:  # noqa: BLE001 - the one place a bug becomes exit 3, not a traceback
        say(
            f"sgc: internal error ({type(e).__name__}: {e}). This is a bug in sgc; "
            "please report it with the command you ran and the file."
        )
        code = Exit.BUG
    code = int(code) if isinstance(code, int) else 0
    if code == Exit.INTERRUPTED:  # typer turns Ctrl-C into Exit(130)
        say("sgc: interrupted")
    sys.exit(code)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that Python's last flush cannot fail again."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
