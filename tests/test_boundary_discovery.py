"""Discovery boundaries (issue 20): a criteria folder sgc cannot read is an error naming
the file, never a reason to grade against other criteria; an explicit criteria folder
that is not there is an error; only regular files are read.

Each case a hostile tester met: before, sgc graded silently against the shipped sets
(exit 0), or hung on a named pipe.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run, sgc_process

Sgc = Callable[..., Run]

# A local Neighbourhood Policing set of the shipped framework: the evidence below grades
# Good against it, and Poor against the shipped set of the same id.
LOCAL_NP = """\
kind: criteria
schema_version: 1
id: neighbourhood-policing
framework: hmic-2007
title: Neighbourhood Policing (local)
criteria:
  - {id: NP-F1, level: fair, text: Teams are in post.}
  - {id: NP-G1, level: good, text: Priorities are set with the public.}
  - {id: NP-E1, level: excellent, text: Others copy it.}
"""
NP_EVIDENCE = """\
kind: evidence
schema_version: 1
subject: Northshire
framework: hmic-2007
areas:
  neighbourhood-policing:
    findings:
      NP-F1: {status: met}
      NP-G1: {status: met}
      NP-E1: {status: not_met}
"""
FIFO = "is a named pipe (FIFO), not a regular file; sgc reads regular files only"


@pytest.fixture
def at(sgc: Sgc, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """`sgc ARGS` run in folder `cwd`, reading that folder's settings afresh."""

    def call(cwd: Path, *args: str | os.PathLike[str]) -> Run:
        from sgc_grader.app import settings

        settings._settings_in.cache_clear()  # a real run reads sgc.toml once; tests write it between runs
        monkeypatch.chdir(cwd)
        return sgc(*args)

    return call


def local(tmp_path: Path, criteria: str = LOCAL_NP, folder: str = "criteria") -> Path:
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "np.yaml").write_text(criteria)
    (tmp_path / "np-evidence.yaml").write_text(NP_EVIDENCE)
    return tmp_path / "np-evidence.yaml"


def test_the_local_set_grades_good(at: Callable[..., Run], tmp_path: Path) -> None:
    """The baseline the broken cases depart from: the local set is the one used."""
    local(tmp_path)
    r = at(tmp_path, "grade", "np-evidence.yaml", "-f", "json")
    assert (r.code, r.err) == (0, "")
    [area] = json.loads(r.out)["results"][0]["areas"]
    assert (area["title"], area["grade"]) == ("Neighbourhood Policing (local)", "good")


BROKEN = {
    "duplicate-key": (
        LOCAL_NP.replace(
            "title: Neighbourhood Policing (local)\n", "title: Neighbourhood Policing (local)\ntitle: x\n"
        ),
        "criteria/np.yaml:6:1: error: duplicate key 'title' (first at line 5)",
    ),
    "tab": (
        LOCAL_NP.replace("  - {id: NP-G1", "\t- {id: NP-G1"),
        "criteria/np.yaml:8:1: error: tab character in indentation; YAML indents with spaces",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_local_set_stops_grade_instead_of_the_shipped_sets_grading(
    at: Callable[..., Run], tmp_path: Path, case: str
) -> None:
    text, error = BROKEN[case]
    local(tmp_path, text)
    r = at(tmp_path, "grade", "np-evidence.yaml")
    assert (r.code, r.out, r.err) == (2, "", error + "\n")


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_check_of_the_evidence_reports_the_broken_local_set(at: Callable[..., Run], tmp_path: Path, case: str) -> None:
    text, error = BROKEN[case]
    local(tmp_path, text)
    r = at(tmp_path, "check", "np-evidence.yaml")
    assert (r.code, r.out, r.err) == (2, error + "\n", "1 file checked: 1 error, 0 warnings\n")


def test_the_only_set_of_a_framework_broken_is_named_not_missing(at: Callable[..., Run], tmp_path: Path) -> None:
    """Before: "no criteria sets for framework 'food'", the broken file unnamed."""
    crit = LOCAL_NP.replace("hmic-2007", "food").replace("title: Neighbourhood", "titel: Neighbourhood")
    ev = local(tmp_path, crit)
    ev.write_text(NP_EVIDENCE.replace("hmic-2007", "food"))
    r = at(tmp_path, "grade", "np-evidence.yaml")
    errors = [
        "criteria/np.yaml:1:1: error: missing required key 'title'",
        "criteria/np.yaml:5:1: error: unknown key 'titel' (did you mean 'title'?)",
    ]
    assert (r.code, r.out, r.err) == (2, "", "".join(e + "\n" for e in errors))


def test_a_broken_set_in_a_folder_beside_the_evidence_is_named(at: Callable[..., Run], tmp_path: Path) -> None:
    """The search beside the evidence stops at a broken folder too, from any folder."""
    inspections = tmp_path / "inspections"
    inspections.mkdir()
    local(inspections, LOCAL_NP.replace("  - {id: NP-E1", "  - {id: NP-E1, id: NP-E2"))
    r = at(tmp_path, "grade", "inspections/np-evidence.yaml")
    assert (r.code, r.out) == (2, "")
    assert r.err == "inspections/criteria/np.yaml:9:17: error: duplicate key 'id' (first at line 9)\n"


def test_misspelt_criteria_in_sgc_toml_is_an_error_at_its_line(at: Callable[..., Run], tmp_path: Path) -> None:
    local(tmp_path, folder="my_criteria")
    (tmp_path / "sgc.toml").write_text('# where our sets are\ncriteria = "my-criteria"\n')
    r = at(tmp_path, "grade", "np-evidence.yaml")
    toml = (tmp_path / "sgc.toml").resolve()
    error = f"{toml}:2:12: error: 'criteria': no such folder 'my-criteria' (did you mean 'my_criteria'?)\n"
    assert (r.code, r.out, r.err) == (2, "", error)


def test_criteria_in_sgc_toml_naming_a_file_is_an_error_at_its_line(at: Callable[..., Run], tmp_path: Path) -> None:
    local(tmp_path, folder="my_criteria")
    (tmp_path / "sgc.toml").write_text("criteria = 'my_criteria/np.yaml'\n")
    r = at(tmp_path, "check", "np-evidence.yaml")
    toml = (tmp_path / "sgc.toml").resolve()
    assert (r.code, r.out, r.err) == (2, "", f"{toml}:1:12: error: 'criteria': 'my_criteria/np.yaml' is not a folder\n")


def test_criteria_in_pyproject_is_checked_too(at: Callable[..., Run], tmp_path: Path) -> None:
    local(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.sgc]\ncriteria = "criterion"\n')
    r = at(tmp_path, "grade", "np-evidence.yaml")
    toml = (tmp_path / "pyproject.toml").resolve()
    error = f"{toml}:5:12: error: 'criteria': no such folder 'criterion' (did you mean 'criteria'?)\n"
    assert (r.code, r.out, r.err) == (2, "", error)


@pytest.mark.parametrize("command", ["grade", "check"])
def test_a_missing_criteria_option_is_an_error_naming_it(at: Callable[..., Run], tmp_path: Path, command: str) -> None:
    """Before: `check` called it an unknown framework (SGC201, exit 1); now it is bad input."""
    local(tmp_path)
    r = at(tmp_path, command, "np-evidence.yaml", "--criteria", "critera")
    summary = "1 file checked: 1 error, 0 warnings\n" if command == "check" else ""
    line = "critera: error: --criteria: no such folder\n"
    assert (r.code, r.out, r.err) == ((2, line, summary) if command == "check" else (2, "", line))


def test_a_criteria_option_naming_a_file_is_an_error_naming_it(at: Callable[..., Run], tmp_path: Path) -> None:
    local(tmp_path)
    r = at(tmp_path, "grade", "np-evidence.yaml", "--criteria", "criteria/np.yaml")
    assert (r.code, r.out, r.err) == (2, "", "criteria/np.yaml: error: --criteria: not a folder\n")


# --- regular files only -------------------------------------------------------------


def test_a_named_pipe_given_as_evidence_is_refused_by_name(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    for command in ("grade", "check"):
        r = sgc_process(tmp_path, command, "pipe.yaml")
        summary = "1 file checked: 1 error, 0 warnings\n" if command == "check" else ""
        line = f"pipe.yaml: error: {FIFO}\n"
        expected = (2, line, summary) if command == "check" else (2, "", line)
        assert (r.returncode, r.stdout, r.stderr) == expected


def test_a_named_pipe_in_a_walked_folder_is_refused_and_the_rest_graded(tmp_path: Path) -> None:
    local(tmp_path)
    (tmp_path / "evidence").mkdir()
    (tmp_path / "np-evidence.yaml").rename(tmp_path / "evidence" / "a.yaml")
    os.mkfifo(tmp_path / "evidence" / "b.yaml")
    r = sgc_process(tmp_path, "grade", "evidence", "-f", "json")
    assert (r.returncode, r.stderr) == (2, f"evidence/b.yaml: error: {FIFO}\n")
    assert [(s["subject"], [a["grade"] for a in s["areas"]]) for s in json.loads(r.stdout)["results"]] == [
        ("Northshire", ["good"])
    ]


def test_a_named_pipe_in_the_criteria_folder_is_refused_by_name(tmp_path: Path) -> None:
    local(tmp_path)
    os.mkfifo(tmp_path / "criteria" / "zz.yaml")
    r = sgc_process(tmp_path, "grade", "np-evidence.yaml")
    assert (r.returncode, r.stdout, r.stderr) == (2, "", f"criteria/zz.yaml: error: {FIFO}\n")


def test_a_named_pipe_as_the_criteria_folder_is_refused_by_name(tmp_path: Path) -> None:
    local(tmp_path)
    os.mkfifo(tmp_path / "pipe")
    r = sgc_process(tmp_path, "grade", "np-evidence.yaml", "--criteria", "pipe")
    assert (r.returncode, r.stdout, r.stderr) == (2, "", "pipe: error: --criteria: not a folder\n")


def test_a_named_pipe_as_sgc_toml_is_refused_by_name(tmp_path: Path) -> None:
    local(tmp_path)
    os.mkfifo(tmp_path / "sgc.toml")
    r = sgc_process(tmp_path, "grade", "np-evidence.yaml")
    assert (r.returncode, r.stdout, r.stderr) == (2, "", f"{(tmp_path / 'sgc.toml').resolve()}: error: {FIFO}\n")


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs a character device")
def test_a_device_is_refused_by_name(sgc: Sgc) -> None:
    r = sgc("grade", "/dev/null")
    error = "/dev/null: error: is a character device, not a regular file; sgc reads regular files only\n"
    assert (r.code, r.out, r.err) == (2, "", error)
