"""Authoring and the ecosystem (issue 15): sgc init and new, finding criteria, sgc.toml,
inline suppressions, SARIF and JSON for CI, standard input."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from conftest import DATA, ROOT, TVP, Run

Sgc = Callable[..., Run]
EXAMPLE = ROOT / "examples" / "peel-style"


@pytest.fixture
def run(sgc: Sgc, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Completed]:
    """`sgc ARGS` in folder `cwd` (and with `stdin`), in this process: (returncode, stdout, stderr)."""

    def call(args: list[str], cwd: Path, stdin: str | None = None) -> Completed:
        from sgc_grader.app import settings

        settings._settings_in.cache_clear()  # a real run reads the settings once; these change them between runs
        monkeypatch.chdir(cwd)
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        r = sgc(*args)
        return Completed(r.code, r.out, r.err)

    return call


@dataclass
class Completed:
    returncode: int
    stdout: str
    stderr: str


def test_init_starts_a_framework_that_checks_and_grades(tmp_path: Path, run: Callable[..., Completed]) -> None:
    made = run(["init", "food"], tmp_path)
    assert made.returncode == 0, made.stderr
    food = tmp_path / "food"
    assert (food / "criteria" / "00-framework.yaml").is_file() and (food / "README.md").is_file()
    assert {p.name for p in (food / "schemas").iterdir()} >= {"criteria.schema.json", "evidence.schema.json"}
    checked = run(["check", "--sources", "sources", "criteria", "evidence"], food)
    assert (checked.returncode, checked.stdout) == (0, "")
    graded = run(["grade", "evidence/example.yaml"], food)
    assert graded.returncode == 0 and "First area: Good" in graded.stdout
    again = run(["init", "food"], tmp_path)
    assert again.returncode == 2 and "already exists and is not empty" in again.stderr


def test_new_framework_and_criteria_check_clean_and_evidence_picks_the_framework(
    tmp_path: Path, run: Callable[..., Completed]
) -> None:
    crit = tmp_path / "criteria"
    crit.mkdir()
    assert run(["new", "framework", "--id", "fsi-2025", "-o", "criteria/00-framework.yaml"], tmp_path).returncode == 0
    made = run(["new", "criteria", "--id", "kitchen", "--title", "Kitchen", "-o", "criteria/01-kitchen.yaml"], tmp_path)
    assert made.returncode == 0, made.stderr
    assert "level: standard" in (crit / "01-kitchen.yaml").read_text()
    checked = run(["check", "criteria"], tmp_path)
    assert (checked.returncode, checked.stdout) == (0, "")
    skeleton = run(["new", "evidence", "--subject", "The Corner Cafe"], tmp_path)
    assert skeleton.returncode == 0 and 'framework: "fsi-2025"' in skeleton.stdout and "kitchen:" in skeleton.stdout


def test_criteria_beside_or_above_the_evidence_are_found(tmp_path: Path, run: Callable[..., Completed]) -> None:
    """From another folder, and from one whose ./criteria holds another framework."""
    graded = run(["grade", str(EXAMPLE / "evidence" / "fenmarch.yaml"), "-f", "json"], tmp_path)
    assert graded.returncode == 0, graded.stderr
    assert json.loads(graded.stdout)["results"][0]["framework"] == "peel-style"
    graded = run(["grade", str(EXAMPLE / "evidence" / "fenmarch.yaml"), "-f", "json"], ROOT)
    assert graded.returncode == 0, graded.stderr


def test_no_criteria_found_lists_every_place_looked(tmp_path: Path, run: Callable[..., Completed]) -> None:
    ev = tmp_path / "evidence" / "x.yaml"
    ev.parent.mkdir()
    ev.write_text("kind: evidence\nschema_version: 1\nsubject: X\nframework: fsi-2025\nareas: {}\n")
    r = run(["grade", str(ev)], tmp_path)
    assert r.returncode == 2
    above = f"every criteria/ folder in {ev.parent} and above"
    assert f"{ev}:4:12: error: no criteria sets for framework 'fsi-2025'; looked in {above}" in r.stderr
    assert "./criteria" not in r.stderr  # a file's criteria are looked for from its folder, not from here
    above, shipped = f"every criteria/ folder in {ev.parent} and above", "shipped with sgc; holds hmic-2007"
    assert above in r.stderr and shipped in r.stderr
    assert r.stderr.index(above) < r.stderr.index(shipped)  # the order they are tried in


def test_settings_file_gives_criteria_exclude_and_disable(tmp_path: Path, run: Callable[..., Completed]) -> None:
    (tmp_path / "standards").symlink_to(EXAMPLE / "criteria")
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "f.yaml").write_text((EXAMPLE / "evidence" / "fenmarch.yaml").read_text())
    (tmp_path / "evidence" / "draft.yaml").write_text("kind: evidence\n")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yml").write_text("on: push\n")
    (tmp_path / "sgc.toml").write_text('criteria = "standards"\nexclude = ["draft*"]\ndisable = ["SGC210"]\n')
    r = run(["check", "."], tmp_path)
    assert (r.returncode, r.stdout) == (0, ""), r.stdout + r.stderr
    assert "1 file checked" in r.stderr
    (tmp_path / "sgc.toml").write_text('disable = ["SGC101"]\n')
    r = run(["check", "."], tmp_path)
    assert r.returncode == 2 and "disable: SGC101 cannot be turned off; grading relies on it" in r.stderr
    (tmp_path / "sgc.toml").write_text("[sgc]\ncriteria = 1\n")
    r = run(["check", "."], tmp_path)
    assert r.returncode == 2 and "sgc.toml:1:2: error: unknown key 'sgc' (keys: criteria, exclude, disable)" in r.stderr
    (tmp_path / "sgc.toml").unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.sgc]\ndisable = ["SGC21"]\n')
    r = run(["check", "evidence"], tmp_path)
    assert r.returncode == 2 and "disable: unknown rule 'SGC21'" in r.stderr


def test_an_inline_comment_silences_one_rule_on_its_line(sgc: Sgc, tmp_path: Path) -> None:
    text = (EXAMPLE / "evidence" / "fenmarch.yaml").read_text()
    copy = tmp_path / "f.yaml"
    unknown = "{source: fenmarch-2025, at: Preventing crime"
    assert unknown in text
    copy.write_text(text.replace(unknown, "{source: fenmarch-2052, at: Preventing crime", 1))
    r = sgc("check", copy, "--criteria", EXAMPLE / "criteria")
    assert r.code == 1 and "[SGC204]" in r.out
    copy.write_text(
        text.replace(unknown, "{source: fenmarch-2052, at: Preventing crime", 1).replace(
            'quote: "Over the last year the figure was 11 per cent"}',
            'quote: "Over the last year the figure was 11 per cent"}  # sgc: disable=SGC204',
            1,
        )
    )
    r = sgc("check", copy, "--criteria", EXAMPLE / "criteria")
    assert (r.code, r.out) == (0, "")


@pytest.mark.parametrize("command", ["check", "grade"])
def test_an_inline_comment_cannot_silence_a_rule_grading_relies_on(sgc: Sgc, tmp_path: Path, command: str) -> None:
    """An unknown area would be dropped silently from the grade: SGC202 stays on."""
    text = (EXAMPLE / "evidence" / "fenmarch.yaml").read_text()
    copy = tmp_path / "f.yaml"
    copy.write_text(text.replace("areas:\n", "areas:\n  unknown-area: {}  # sgc: disable=SGC202\n", 1))
    r = sgc(command, copy, "--criteria", EXAMPLE / "criteria")
    error = (
        f"{copy}:20:3: error: unknown area 'unknown-area' "
        "(a disable comment cannot turn SGC202 off: grading relies on it) [SGC202]\n"
    )
    if command == "check":  # a finding of lint: on stdout, exit 1
        assert (r.code, r.out, r.err) == (1, error, "1 file checked: 1 error, 0 warnings\n")
    else:  # grade refuses the file: on stderr, exit 2, nothing graded
        assert (r.code, r.out, r.err) == (2, "", error)


def test_sarif_validates_against_the_published_schema(sgc: Sgc, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(TVP.read_text().replace("      NP-F2:\n", "      NP-F22:\n"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: evidence\nsubject: [\n")
    r = sgc("check", bad, broken, "-f", "sarif")
    assert r.code == 2
    sarif = json.loads(r.out)
    jsonschema.validate(sarif, json.loads((DATA / "sarif-2.1.0.schema.json").read_text()))
    results = sarif["runs"][0]["results"]
    rules = [d["id"] for d in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert {x["ruleId"] for x in results} == {"SGC203", "SGC000"}
    assert all(rules[x["ruleIndex"]] == x["ruleId"] for x in results)
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["region"]["startLine"] > 1 and first["artifactLocation"]["uri"].startswith("file://")


def test_json_problems_carry_the_rule_apart(sgc: Sgc, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(TVP.read_text().replace("      NP-F2:\n", "      NP-F22:\n"))
    data = json.loads(sgc("check", bad, "-f", "json").out)
    problem = data["problems"][0]
    assert (problem["rule"], problem["message"]) == (
        "SGC203",
        "'NP-F22' is not a criterion of 'neighbourhood-policing' (did you mean 'NP-F2'?)",
    )


@pytest.mark.parametrize("command", ["check", "grade"])
def test_dash_reads_standard_input(command: str, run: Callable[..., Completed]) -> None:
    ok = run([command, "-", "-f", "json"], ROOT, TVP.read_text())
    assert ok.returncode == 0, ok.stderr
    bad = run([command, "-"], ROOT, "kind: evidence\nsubject: [\n")
    error = "<stdin>:3:1: error: did not find expected node content (while parsing a flow node)\n"
    if command == "check":  # lint reports the file on stdout and sums up on stderr
        assert (bad.returncode, bad.stdout, bad.stderr) == (2, error, "1 file checked: 1 error, 0 warnings\n")
    else:  # grade grades nothing and says why on stderr
        assert (bad.returncode, bad.stdout, bad.stderr) == (2, "", error)


@pytest.mark.parametrize("command", ["check", "grade", "summary", "diff", "agree"])
def test_dash_can_be_given_once(command: str, run: Callable[..., Completed]) -> None:
    twice = run([command, "-", "-"], ROOT, TVP.read_text())
    assert twice.returncode == 2 and "'-' (standard input) can be given only once" in twice.stderr
