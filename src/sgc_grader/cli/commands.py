"""The commands that read evidence: grade, check, gap, diff, agree, summary. Each only
parses its options, calls one function of the application layer, hands the result to
the renderer the registry names, and turns the answer into an exit code."""

from pathlib import Path
from typing import Annotated, Any

import typer

from . import CriteriaOption, Exit, _format, _path, app


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

    files, unread = expand_args(evidence)
    settings = GradeSettings(
        evidence=files,
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
    errors_out([*unread, *run.failures])
    gates_out(run)
    raise typer.Exit(Exit.BAD_INPUT if unread or run.failures else Exit.NO if run.gates else Exit.OK)


def _rule_list(turning_off: bool) -> Any:
    """--select and --ignore of `check`: codes or names, comma-separated or repeated,
    read into rule ids at once, so that a wrong one is a usage error before any file is
    read."""

    def read(words: list[str] | None) -> tuple[str, ...] | None:
        from ..app.check import rule_ids

        if words is None:
            return None
        try:
            return rule_ids(words, turning_off)
        except ValueError as e:
            raise typer.BadParameter(str(e)) from None

    what = (
        "Do not run these rules (as sgc.toml's disable)"
        if turning_off
        else "Run only these rules, and the rules grading relies on, which always run"
    )
    return typer.Option(metavar="CODES", help=f"{what}: codes or names, comma-separated.", callback=read)


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
        str,
        _format("check", "github: Actions annotations; sarif: code scanning; gitlab: Code Quality; junit: test report"),
    ] = "text",
    select: Annotated[list[str] | None, _rule_list(turning_off=False)] = None,
    ignore: Annotated[list[str] | None, _rule_list(turning_off=True)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print the problems only, without the count at the end.")
    ] = False,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="List the lint rules with their documentation and exit.")
    ] = False,
) -> None:
    """Lint frameworks, criteria sets and evidence files: schema, references, meaning,
    expected grades, quotes.

    Prints one `path:line:col: severity: message [rule]` line per problem. Exit 2 when a
    file cannot be read or does not fit the schema, 1 when a lint rule reports an error
    (or, with --strict, a warning), 0 otherwise.

    Configure with sgc.toml, .sgc.toml or [tool.sgc] in pyproject.toml (the nearest one
    up from here): `criteria = "DIR"`, `exclude = ["drafts/*"]` (globs for folder walks),
    `disable = ["SGC213"]`. A `# sgc: disable=SGC213` comment silences a rule on its line
    or the line below.

    Example: sgc check --strict --ignore finding-cited criteria evidence
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
    settings = CheckSettings(
        paths=stdin_once(paths),
        sources=_path(sources),
        criteria=_path(criteria),
        select=tuple(select) if select is not None else None,
        ignore=tuple(ignore or ()),
        strict=strict,
    )
    result = check_files(settings)
    publish("check", format, result, None)
    if format == "text" and not quiet:
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

    files, unread = expand_args(paths)
    result = national(files, _path(criteria), jobs, format, output)
    errors_out([*unread, *(SgcError(f.path, f.line, f.col, f.message) for f in result.failures)])
    raise typer.Exit(Exit.NO if unread or result.failures else Exit.OK)
