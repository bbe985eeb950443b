"""The commands that write new files: init, new, schema (and the hidden synth)."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import CriteriaOption, _path, app, new_app


class SchemaKind(StrEnum):
    framework = "framework"
    criteria = "criteria"
    evidence = "evidence"
    result = "result"


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
