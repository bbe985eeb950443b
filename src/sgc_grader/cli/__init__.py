"""The `sgc` command line: options -> settings -> core call -> render -> exit code.

Only typer and this command table load at start-up, so `--version`, `--help` and shell
completion are quick; each command imports what it needs when it runs.
"""

import atexit
import gc
import sys
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import __version__
from ..render import formats

# At exit, Python's last garbage collection walks every object the run made (models,
# schemas, trees: about a fifth of `sgc grade`'s time) to free memory the system takes
# back anyway. Exit handlers run before it, so this one leaves those objects to the system.
atexit.register(gc.freeze)

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


CriteriaOption = Annotated[
    Path | None,
    typer.Option(
        metavar="DIR",
        help="Folder of the framework and criteria sets. Default: `criteria` in the evidence's sgc.toml, else a "
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
    from .terminal import set_color

    set_color(color.value)


def _path(p: Path | None) -> str | None:
    return str(p) if p is not None else None


from . import commands  # noqa: E402, F401, I001 - registers the commands on `app`, in the order of --help
from . import authoring  # noqa: E402, F401


def main() -> None:
    """Entry point: run the app and turn what happened into the exit code."""
    import signal

    from ..errors import SgcError
    from .terminal import say, streams

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
