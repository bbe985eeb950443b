"""Shared helpers: run the real `sgc` entry point in-process and capture what it prints."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import Phase, settings

from sgc_grader import cli

# Under mutation testing (mutmut sets MUTANT_UNDER_TEST), every mutant meets the same
# generated examples, so a mutant is killed or survives for a reason, not by chance; and
# no deadline, since mutmut's trampolines slow every call of the grading core; a third of
# the examples (helpers.examples) so that a run over the whole core takes about an hour.
if "MUTANT_UNDER_TEST" in os.environ:
    # and no shrinking: a failing example kills the mutant as it is, and shrinking one can
    # take longer than mutmut's time limit (a timeout instead of a kill)
    settings.register_profile(
        "mutmut",
        derandomize=True,
        deadline=None,
        database=None,
        max_examples=35,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    settings.load_profile("mutmut")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
TVP = ROOT / "evidence" / "thames-valley.yaml"
NORTHMOOR = DATA / "northmoor.yaml"
REFERENCE = ROOT.parent / "shared" / "reference"
# The force summary of judgements in the report, which the Thames Valley evidence reproduces.
PUBLISHED = {
    "neighbourhood-policing": "fair",
    "performance-management": "good",
    "child-abuse": "fair",
    "domestic-violence": "fair",
    "public-protection": "fair",
    "missing-persons": "fair",
}


def sgc_process(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """sgc in a child process in `cwd`, with a deadline, so a read that blocks fails the
    test instead of hanging it."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "sgc_grader", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def sgc(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Call `sgc ARGS...` through `cli.main` (so exit codes come from the one place that decides them)."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)

    def run(*args: str | os.PathLike[str]) -> Run:
        capsys.readouterr()
        monkeypatch.setattr("sys.argv", ["sgc", *map(str, args)])
        with pytest.raises(SystemExit) as exit_info:
            cli.main()
        captured = capsys.readouterr()
        code = exit_info.value.code
        return Run(code if isinstance(code, int) else 0, captured.out, captured.err)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


MINI_CRITERIA = """
kind: criteria
schema_version: 1
id: area
framework: fw
title: An area
themes:
  - {id: t, title: Theme}
facts:
  - {id: f.n, type: percent}
criteria:
  - {id: F1, level: fair, text: Dominant one., dominant: true}
  - {id: F2, level: fair, text: Significant one.}
  - {id: F3, level: fair, text: Minor one., significant: false}
  - {id: G1, level: good, text: Good one.}
  - {id: G2, level: good, text: Good two.}
  - {id: E1, level: excellent, text: Beacon.}
"""


@pytest.fixture
def mini(write: Callable[[str, str], Path]) -> Callable[[str], tuple[Path, Path]]:
    """A one-area framework in criteria/area.yaml plus an evidence file with the given areas: body."""

    def make(areas: str, extra: str = "") -> tuple[Path, Path]:
        crit = write("criteria/area.yaml", MINI_CRITERIA)
        ev = write(
            "ev.yaml",
            "kind: evidence\nschema_version: 1\nsubject: S\nframework: fw\n"
            "sources: [{id: s, title: Source}]\n" + extra + "areas:\n" + textwrap.indent(textwrap.dedent(areas), "  "),
        )
        return crit.parent, ev

    return make
