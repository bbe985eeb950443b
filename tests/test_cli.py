"""The command line as a user meets it: exit codes, stdout and stderr together."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import NORTHMOOR, PUBLISHED, REFERENCE, ROOT, TVP, Run

Sgc = Callable[..., Run]


def test_version_and_help(sgc: Sgc) -> None:
    r = sgc("--version")
    assert (r.code, r.out.startswith("sgc "), r.err) == (0, True, "")
    r = sgc("grade", "--help")
    assert r.code == 0 and "--fail-below" in r.out and "Example:" in r.out


PROBE = """
import sys
sys.argv = ["sgc", sys.argv[1]]
from sgc_grader.cli import main
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted(m for m in sys.modules if m.startswith(("sgc_grader.", "pydantic", "yaml", "jinja2")))))
"""


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_load_no_model_file_or_grader(flag: str) -> None:
    """`sgc --version` and `--help` load only typer and the command table (README,
    Performance): nothing that reads files, defines the models or grades. Once, the
    error-line helpers lived beside the writers and pulled in pydantic and every model."""
    r = subprocess.run([sys.executable, "-c", PROBE, flag], capture_output=True, text=True, check=True)
    loaded = r.stdout.split()
    heavy = [
        m
        for m in loaded
        if m.startswith(("sgc_grader.reading", "sgc_grader.grading", "sgc_grader.app", "pydantic", "yaml", "jinja2"))
    ]
    assert heavy == [], heavy


def test_grade_thames_valley_text(sgc: Sgc) -> None:
    r = sgc("grade", TVP)
    assert r.code == 0, r.err
    assert r.err == ""
    for title, grade in [("Neighbourhood Policing", "Fair"), ("Performance management", "Good")]:
        assert f"{title}: {grade}" in r.out
    assert "To reach Good: meet NP-F6" in r.out
    assert all(len(line) <= 80 for line in r.out.splitlines())
    assert "\x1b[" not in r.out


def test_grade_json_matches_published_grades(sgc: Sgc) -> None:
    r = sgc("grade", TVP, "--format", "json")
    data = json.loads(r.out)
    grades = {a["id"]: a["grade"] for a in data["results"][0]["areas"]}
    assert grades == PUBLISHED
    assert data["schema_version"] == 2
    assert data["results"][0]["grades"][0] == {"id": "poor", "label": "Poor"}


def test_area_option_and_unknown_area(sgc: Sgc) -> None:
    r = sgc("grade", TVP, "--area", "missing-persons", "-f", "json")
    assert [a["id"] for a in json.loads(r.out)["results"][0]["areas"]] == ["missing-persons"]
    r = sgc("grade", TVP, "--area", "missing-person")
    assert r.code == 2 and r.out == ""
    assert (
        r.err.strip() == f"{TVP}: error: --area missing-person: not in this evidence (did you mean 'missing-persons'?)"
    )
    r = sgc("grade", TVP, "--area", "traffic")
    assert "--area traffic: not in this evidence (areas: neighbourhood-policing, performance-management," in r.err


def test_margins_and_sensitivity(sgc: Sgc) -> None:
    r = sgc("grade", TVP, "-f", "json")
    margins = {a["id"]: (a["margin"]["down"], a["margin"]["up"]) for a in json.loads(r.out)["results"][0]["areas"]}
    assert margins == {
        "neighbourhood-policing": (1, 3),
        "performance-management": (1, 6),
        "child-abuse": (1, 7),
        "domestic-violence": (1, 3),
        "public-protection": (1, 3),
        "missing-persons": (1, 2),
    }
    assert all(a["sensitivity"] is None for a in json.loads(r.out)["results"][0]["areas"])
    r = sgc("grade", TVP, "--sensitivity", "--area", "missing-persons", "-f", "json")
    area = json.loads(r.out)["results"][0]["areas"][0]
    good_share = area["sensitivity"]["good_share"]
    assert (good_share["value"], good_share["changes_below"], good_share["changes_above"]) == (0.5, 9 / 22, None)
    assert good_share["below"] == {"at": 9 / 22, "exact": "4.5/11", "included": False, "grade": "good"}
    text = sgc("grade", TVP, "--sensitivity", "--area", "missing-persons").out
    assert "    good_share 0.5: below 0.409 (4.5/11) it would be Good; no higher value up to" in text
    md = sgc("grade", TVP, "--sensitivity", "--area", "performance-management", "-f", "markdown").out
    assert "- good_share 0.5: no lower value down to 0 changes it; at or above 0.533 (8/15) it would be Fair" in md


def test_fail_below_and_strict(sgc: Sgc) -> None:
    assert sgc("grade", TVP, "--fail-below", "fair").code == 0
    r = sgc("grade", TVP, "--fail-below", "good", "-f", "json")
    assert r.code == 1
    assert "neighbourhood-policing grades Fair, below --fail-below Good" in r.err
    assert sgc("grade", TVP, "--strict", "-f", "json").code == 0
    r = sgc("grade", NORTHMOOR, "--strict", "-f", "json")
    assert r.code == 1 and "missing-persons is provisional" in r.err


def test_no_judgements(sgc: Sgc, tmp_path: Path) -> None:
    judgement = "    judgement: {grade: fair, rationale: A new referral desk opened in September.}\n"
    text = NORTHMOOR.read_text()
    anchor = "  child-abuse:\n    findings:\n"
    assert anchor in text
    ev = tmp_path / "judged.yaml"
    ev.write_text(text.replace(anchor, "  child-abuse:\n" + judgement + "    findings:\n"))
    args = ("grade", ev, "--area", "child-abuse", "-f", "json")
    judged = json.loads(sgc(*args).out)["results"][0]["areas"][0]
    assert (judged["grade"], judged["computed_grade"], judged["judged"]) == ("fair", "poor", True)
    plain = json.loads(sgc(*args, "--no-judgements").out)["results"][0]["areas"][0]
    assert (plain["grade"], plain["judged"]) == ("poor", False)
    text_out = sgc("grade", ev, "--area", "child-abuse").out
    assert "Professional judgement: Fair; the criteria give Poor." in text_out and "A new referral desk" in text_out


def test_bad_evidence_exits_2_with_positions(sgc: Sgc, tmp_path: Path) -> None:
    ev = tmp_path / "bad.yaml"
    ev.write_text(TVP.read_text().replace("      NP-F2:\n", "      NP-F22:\n").replace("status: met", "status: yes", 1))
    r = sgc("grade", ev)
    assert r.code == 2 and r.out == ""
    assert "Traceback" not in r.err
    lines = r.err.splitlines()
    first_met = line_of(TVP, "status: met")
    assert len(lines) == 1 and f":{first_met}:17: error: 'status': expected" in lines[0]
    ev.write_text(TVP.read_text().replace("      NP-F2:\n", "      NP-F22:\n"))
    r = sgc("grade", ev)
    assert r.code == 2
    at = line_of(TVP, "      NP-F2:")
    assert r.err.splitlines() == [
        f"{ev}:{at}:7: error: 'NP-F22' is not a criterion of 'neighbourhood-policing' (did you mean 'NP-F2'?) [SGC203]"
    ]


def line_of(path: Path, text: str) -> int:
    """The number of the first line of `path` that contains `text`."""
    return next(i for i, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def test_missing_file_and_usage_errors(sgc: Sgc, tmp_path: Path) -> None:
    r = sgc("grade", tmp_path / "nope.yaml")
    assert (r.code, r.out) == (2, "") and r.err.strip() == f"{tmp_path / 'nope.yaml'}: error: no such file"
    r = sgc("grade", TVP, "--fail-below", "great")
    assert (r.code, r.out) == (2, "")
    assert (
        r.err == f"{TVP}: error: --fail-below great: not a grade of 'hmic-2007'; valid: poor, fair, good, excellent\n"
    )
    assert sgc("grade").code == 2
    r = sgc("check")
    assert r.code == 2 and "give at least one file or folder" in r.err


def test_output_is_atomic_and_never_overwrites_an_input(sgc: Sgc, tmp_path: Path) -> None:
    ev = tmp_path / "ev.yaml"
    ev.write_text(TVP.read_text())
    out = tmp_path / "report.md"
    r = sgc("grade", ev, "-f", "markdown", "-o", out)
    assert r.code == 0 and r.out == "" and out.read_text().startswith("# Thames Valley Police")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".sgc-")] == []
    before = ev.read_bytes()
    r = sgc("grade", ev, "-f", "json", "-o", ev)
    assert r.code == 2 and "would overwrite a file sgc reads (an input)" in r.err
    assert ev.read_bytes() == before
    r = sgc("grade", ev, "-o", tmp_path / "no" / "dir.txt")
    assert r.code == 2 and "does not exist" in r.err


def test_text_output_to_file_has_no_colour(sgc: Sgc, tmp_path: Path) -> None:
    out = tmp_path / "r.txt"
    assert sgc("--color", "always", "grade", TVP, "-o", out).code == 0
    assert "\x1b[" not in out.read_text() and "Neighbourhood Policing: Fair" in out.read_text()


def test_color_always_and_never(sgc: Sgc, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" in sgc("--color", "always", "grade", TVP).out
    assert "\x1b[" not in sgc("--color", "never", "grade", TVP).out


def test_check_project_files_pass(sgc: Sgc) -> None:
    args = ["check", ROOT / "criteria", ROOT / "evidence"]
    if REFERENCE.is_dir():
        args += ["--sources", REFERENCE]
    r = sgc(*args)
    assert (r.code, r.out) == (0, ""), r.out
    assert "0 errors, 0 warnings" in r.err


def test_check_formats(sgc: Sgc, tmp_path: Path) -> None:
    ev = tmp_path / "ev.yaml"
    ev.write_text(
        TVP.read_text().replace(
            'source: hmic-thames-valley-2007, at: Missing Persons / Strengths, quote: "There is a clear',
            'source: hmic-tvp, at: Missing Persons / Strengths, quote: "There is a clear',
        )
    )
    r = sgc("check", ev)
    assert r.code == 1
    assert r.out.startswith(f"{ev}:") and "unknown source 'hmic-tvp'" in r.out and "[SGC204]" in r.out
    gh = sgc("check", ev, "--format", "github")
    assert gh.code == 1 and gh.out.startswith(f"::error file={ev},line=") and "::unknown source" in gh.out
    js = json.loads(sgc("check", ev, "--format", "json").out)
    assert js["files"] == 1 and js["problems"][0]["severity"] == "error" and js["problems"][0]["line"] > 1


def test_check_schema_error_exits_2(sgc: Sgc, tmp_path: Path) -> None:
    ev = tmp_path / "ev.yaml"
    ev.write_text(
        TVP.read_text().replace("subject: Thames Valley Police", "subject: Thames Valley Police\nsubject: TVP")
    )
    r = sgc("check", ev)
    assert r.code == 2 and f"duplicate key 'subject' (first at line {line_of(TVP, 'subject:')})" in r.out


def test_check_sources_quote_not_found(sgc: Sgc, tmp_path: Path) -> None:
    if not REFERENCE.is_dir():
        pytest.skip("the shared reference report is not beside the project")
    ev = tmp_path / "ev.yaml"
    ev.write_text(
        TVP.read_text().replace("The force is contributing to NPIA products", "The force leads NPIA products")
    )
    r = sgc("check", ev, "--sources", REFERENCE)
    assert r.code == 1 and "quote not found" in r.out and "'The force leads NPIA products'" in r.out


def test_missing_source_text_is_reported_once(sgc: Sgc, tmp_path: Path) -> None:
    r = sgc("check", TVP, "--sources", tmp_path)
    assert r.code == 1
    assert r.out.splitlines() == [
        f"{TVP}:{line_of(TVP, 'source: hmic-thames-valley-2007')}:17: error: no readable source text "
        f"{tmp_path}/hmic-thames-valley-2007.txt to check quotes against"
        " [SGC212]"
    ]


def test_list_rules(sgc: Sgc) -> None:
    r = sgc("check", "--list-rules")
    assert r.code == 0 and "SGC212 quotes-verbatim" in r.out


def test_new_evidence_skeleton_is_valid(sgc: Sgc, tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    r = sgc("new", "evidence", "--subject", 'Wessex "Test" Police', "-o", out)
    assert r.code == 0, r.err
    text = out.read_text()
    assert "# CA-F1:  # fair, dominant:" in text and "# MP-E2:" in text
    assert sgc("check", out).code == 0
    r = sgc("new", "evidence", "--subject", "x", "-o", out)
    assert r.code == 2 and "already exists" in r.err
    grade = json.loads(sgc("grade", out, "-f", "json").out)
    assert {a["grade"] for a in grade["results"][0]["areas"]} == {"poor"}


def test_python_dash_m_and_no_traceback_on_internal_errors() -> None:
    """In a real process, as a user runs it: a bug inside a command is exit 3 and one
    line that says it is a bug, never a traceback (which would dump evidence)."""
    r = subprocess.run([sys.executable, "-m", "sgc_grader", "--version"], capture_output=True, text=True, check=False)
    assert (r.returncode, r.stdout.startswith("sgc "), r.stderr) == (0, True, "")
    broken = (
        "import runpy, sgc_grader.app.grade as g\n"
        "def boom(*a, **k): raise RuntimeError('kaboom')\n"
        "g.grade = boom\n"
        "runpy.run_module('sgc_grader', run_name='__main__', alter_sys=True)\n"
    )
    r = subprocess.run([sys.executable, "-c", broken, "grade", str(TVP)], capture_output=True, text=True, check=False)
    assert (r.returncode, r.stdout) == (3, "")
    assert r.stderr == (
        "sgc: internal error (RuntimeError: kaboom). This is a bug in sgc; "
        "please report it with the command you ran and the file.\n"
    )


def test_internal_error_exits_3(sgc: Sgc, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr("sgc_grader.app.grade.grade", boom)
    r = sgc("grade", TVP)
    assert r.code == 3 and "internal error (RuntimeError: kaboom). This is a bug in sgc" in r.err
    assert "Traceback" not in r.err


def test_interrupt_exits_130(sgc: Sgc, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("sgc_grader.app.grade.grade", interrupted)
    r = sgc("grade", TVP)
    assert (r.code, r.err.strip()) == (130, "sgc: interrupted")


def test_grade_from_another_folder_uses_shipped_criteria(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    r = subprocess.run(
        [sys.executable, "-m", "sgc_grader", "grade", str(TVP), "-f", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["results"][0]["areas"]) == 6
