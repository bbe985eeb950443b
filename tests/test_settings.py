"""Settings and authoring (issue 23): sgc.toml's `disable` entries refused at their
place, quotes read only from regular files.

Each case one a user met: before, the refused entry was reported at line 0 of the
settings file, and a named pipe among the sources hung `sgc check --sources`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, Run

Sgc = Callable[..., Run]

EVIDENCE = "kind: evidence\nschema_version: 1\nsubject: X\nframework: hmic-2007\nareas: {}\n"


@pytest.fixture
def at(sgc: Sgc, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """`sgc ARGS` run in folder `cwd`, reading the settings afresh."""

    def call(cwd: Path, *args: str | os.PathLike[str]) -> Run:
        from sgc_grader.app import settings

        settings._settings_in.cache_clear()  # a real run reads them once; tests write them between runs
        monkeypatch.chdir(cwd)
        return sgc(*args)

    return call


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


# --- sgc.toml's disable: each refused entry at its place -----------------------------


def test_a_refused_disable_entry_is_reported_at_its_line_and_column(at: Callable[..., Run], tmp_path: Path) -> None:
    """Before: `sgc.toml: error: disable: ...` (line 0), and only the first."""
    (tmp_path / "ev.yaml").write_text(EVIDENCE)
    (tmp_path / "sgc.toml").write_text('# ours\ndisable = [\n  "SGC213",  # why\n  "SGC2l3", "SGC101",\n]\n')
    r = at(tmp_path, "check", "ev.yaml")
    toml = (tmp_path / "sgc.toml").resolve()
    errors = [
        f"{toml}:4:3: error: disable: unknown rule 'SGC2L3' (did you mean 'SGC213'?)",
        f"{toml}:4:13: error: disable: SGC101 cannot be turned off; grading relies on it",
    ]
    assert (r.code, r.out, r.err) == (2, "", "".join(e + "\n" for e in errors))


def test_a_refused_disable_entry_in_pyproject_is_at_its_place(at: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "ev.yaml").write_text(EVIDENCE)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.sgc]\ndisable = ["SGC217", \'SGC21\']\n')
    r = at(tmp_path, "check", "ev.yaml")
    error = f"{(tmp_path / 'pyproject.toml').resolve()}:5:22: error: disable: unknown rule 'SGC21'"
    assert (r.code, r.out) == (2, "")
    assert r.err.startswith(error) and r.err.count("\n") == 1


# --- --sources: quotes are read from regular files only ------------------------------


def test_a_named_pipe_as_a_source_text_is_not_read(tmp_path: Path) -> None:
    """Before: `sgc check --sources` opened the pipe and waited for ever."""
    assert sgc_process(tmp_path, "init", "food").returncode == 0
    food = tmp_path / "food"
    (food / "sources" / "example-report.txt").unlink()
    os.mkfifo(food / "sources" / "example-report.txt")
    r = sgc_process(food, "check", "--sources", "sources", "evidence/example.yaml")
    problem = (
        "evidence/example.yaml:12:41: error: no readable source text sources/example-report.txt"
        " to check quotes against [SGC212]\n"
    )
    assert (r.returncode, r.stdout, r.stderr) == (1, problem, "1 file checked: 1 error, 0 warnings\n")
