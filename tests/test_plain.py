"""Text for a pipe or a file is laid out without rich (cli/terminal.py plain_width, and the
text renderers with Look(styled=False)). These tests hold it to what rich gives: the
width rich's Console reports where standard output is no terminal, and the characters of
the rich Text the same renderer makes for a terminal."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text

from conftest import DATA, NORTHMOOR, TVP
from sgc_grader.app.authoring import synth
from sgc_grader.app.compare import AgreeSettings, DiffSettings, agree, diff
from sgc_grader.app.grade import GradeSettings, grade
from sgc_grader.app.national import summarise
from sgc_grader.app.plan import GapSettings, gap
from sgc_grader.cli import terminal
from sgc_grader.render import Look, renderer

ENVIRONMENT = ("COLUMNS", "LINES", "FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR", "TERM")


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setitem(terminal._state, "color", "auto")


@pytest.mark.parametrize(
    "env",
    [{}, {"COLUMNS": "123"}, {"COLUMNS": "0"}, {"COLUMNS": "wide"}, {"COLUMNS": "90", "LINES": "0"}, {"NO_COLOR": "1"}],
)
@pytest.mark.usefixtures("no_terminal")
def test_plain_width_is_the_width_rich_gives(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    width = terminal.plain_width()
    assert width is not None
    assert width == Console(highlight=False).width
    monkeypatch.setitem(terminal._state, "color", "never")
    assert terminal.plain_width() == terminal.console().width


@pytest.mark.parametrize("env", [{"FORCE_COLOR": "1"}, {"FORCE_COLOR": ""}, {"TTY_COMPATIBLE": "1"}])
@pytest.mark.usefixtures("no_terminal")
def test_rich_decides_when_told_about_the_terminal(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert terminal.plain_width() is None


@pytest.mark.usefixtures("no_terminal")
def test_rich_decides_when_colour_is_forced_or_output_is_a_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(terminal._state, "color", "always")
    assert terminal.plain_width() is None
    monkeypatch.setitem(terminal._state, "color", "auto")
    tty = io.StringIO()
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdout", tty)
    assert terminal.plain_width() is None


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Any]]:
    """A result of every kind that has a text format."""
    report = grade(GradeSettings(evidence=[str(TVP), str(NORTHMOOR)], sensitivity=True)).report
    national = tmp_path_factory.mktemp("national")
    synth(12, str(national), 2007, "hmic-2007", None)
    return [
        ("grade", report),
        ("gap", gap(GapSettings(evidence=str(TVP), area="neighbourhood-policing"))),
        ("gap", gap(GapSettings(evidence=str(NORTHMOOR), area="child-abuse", target="excellent"))),
        ("diff", diff(DiffSettings(old=str(DATA / "northmoor-2006.yaml"), new=str(NORTHMOOR)))),
        ("agree", agree(AgreeSettings(a=str(NORTHMOOR), b=str(DATA / "northmoor-self.yaml")))),
        ("summary", summarise(sorted(str(p) for p in national.glob("*.yaml")))),
    ]


@pytest.mark.parametrize("width", [40, 80, 131])
@pytest.mark.parametrize("verbose", [False, True])
def test_plain_text_is_the_text_of_the_styled_text(results: list[tuple[str, Any]], width: int, verbose: bool) -> None:
    for kind, result in results:
        write: Callable[[Any, Look], Any] = renderer(kind, "text")
        styled = write(result, Look(verbose=verbose, width=width))
        plain = write(result, Look(verbose=verbose, width=width, styled=False))
        assert isinstance(styled, Text) and isinstance(plain, str)
        assert plain == styled.plain, kind
