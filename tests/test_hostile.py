"""Hostile input through the real command line: one clear line, exit 2, never a traceback.

Also: determinism across hash seeds and file order, and nothing lost on --output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import NORTHMOOR, ROOT, TVP, Run

Sgc = Callable[..., Run]
LINE = re.compile(r"^(?P<path>[^:]+)(:(?P<line>\d+):(?P<col>\d+))?: error: (?P<msg>.+)$")
HEAD = "kind: evidence\nschema_version: 1\nsubject: S\nframework: hmic-2007\n"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)

# name -> (bytes of the file, part of the one error message)
FILES: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "file is empty"),
    "only-comment": (b"# just a comment\n", "file is empty"),
    "top-level-list": (b"- kind: evidence\n", "found a list"),
    "top-level-scalar": (b"evidence\n", "found the value 'evidence'"),
    "second-document": ((HEAD + "areas: {}\n---\nkind: evidence\n").encode(), "a second YAML document"),
    "invalid-utf8": (HEAD.encode() + b"areas: {caf\xc3\x28: {}}\n", "invalid UTF-8"),
    "utf16": ((HEAD + "areas: {}\n").encode("utf-16"), "file is UTF-16"),
    "tabs": (HEAD.encode() + b"areas:\n\tnp: {}\n", "tab character in indentation"),
    "alias-bomb": (BOMB.encode(), "aliases expand to more than"),
    "deep-nesting": (("a: " + "[" * 10_000 + "]" * 10_000 + "\n").encode(), "nesting deeper than 64 levels"),
    "long-string": (("kind: evidence\nsubject: " + "x" * 1024 * 1024 + "\n").encode(), "over the limit of 65,536"),
    "python-object": ((HEAD + "areas: !!python/object/apply:os.system [ls]\n").encode(), "is not allowed"),
    "python-name": ((HEAD + "areas: !!python/name:os.system ''\n").encode(), "is not allowed"),
    "binary-tag": ((HEAD + "areas: !!binary aGVsbG8=\n").encode(), "is not allowed"),
    "set-tag": ((HEAD + "areas: !!set {a, b}\n").encode(), "is not allowed"),
    "duplicate-top": ((HEAD + "areas: {}\nframework: x\n").encode(), "duplicate key 'framework' (first at line 4)"),
    "duplicate-deep": (
        (HEAD + "areas:\n  np:\n    findings:\n      A: {status: met, status: met}\n").encode(),
        "duplicate key 'status' (first at line 8)",
    ),
    "yes-as-status": ((HEAD + "areas: {np: {findings: {A: {status: yes}}}}\n").encode(), "got the boolean true"),
    "on-as-text": ((HEAD.replace("subject: S", "subject: on") + "areas: {}\n").encode(), "got the boolean true"),
    "no-as-text": ((HEAD.replace("subject: S", "subject: no") + "areas: {}\n").encode(), "got the boolean false"),
    "float-as-text": ((HEAD.replace("subject: S", "subject: 1.10") + "areas: {}\n").encode(), "got the number 1.1"),
    "date-as-text": ((HEAD.replace("subject: S", "subject: 2007-10-01") + "areas: {}\n").encode(), "got the date"),
    "id-trailing-space": (
        (HEAD + "areas: {np: {findings: {'NP-F1 ': {status: met}}}}\n").encode(),
        "is not a valid id",
    ),
}


def one_error(r: Run) -> re.Match[str]:
    assert "Traceback" not in r.out + r.err
    lines = [line for line in (r.out + r.err).splitlines() if ": error: " in line]
    assert len(lines) == 1, r.out + r.err
    m = LINE.match(lines[0])
    assert m, lines[0]
    return m


@pytest.mark.parametrize("name", sorted(FILES))
@pytest.mark.parametrize("command", ["check", "grade"])
def test_hostile_file_gives_one_line_and_exit_2(sgc: Sgc, tmp_path: Path, name: str, command: str) -> None:
    data, message = FILES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(data)
    r = sgc(command, path)
    assert r.code == 2
    m = one_error(r)
    assert m["path"] == str(path) and message in m["msg"]
    assert m["line"] is not None


def test_bom_and_crlf_are_accepted(sgc: Sgc, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + TVP.read_bytes().replace(b"\n", b"\r\n"))
    r = sgc("grade", path, "-f", "json")
    assert r.code == 0 and '"grade": "good"' in r.out


def test_file_over_the_size_limit(sgc: Sgc, tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with open(path, "wb") as f:
        f.write(HEAD.encode())
        f.truncate(50 * 1024 * 1024)
    r = sgc("check", path)
    assert r.code == 2
    m = one_error(r)
    assert m["line"] is None and "over the limit of 10,485,760" in m["msg"]


def test_case_slip_in_a_criterion_id(sgc: Sgc, tmp_path: Path) -> None:
    path = tmp_path / "ev.yaml"
    path.write_text(TVP.read_text().replace("      NP-F3:\n", "      np-f3:\n"))
    r = sgc("grade", path)
    assert r.code == 2
    assert (
        "'np-f3' is not a criterion of 'neighbourhood-policing' (did you mean 'NP-F3'? ids are case-sensitive)"
        in one_error(r)["msg"]
    )


@pytest.mark.parametrize("kind", ["directory", "missing", "symlink-loop", "unreadable"])
def test_unusable_paths(sgc: Sgc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    path = tmp_path / "x.yaml"
    expected = {
        "directory": "is a folder with no .yaml or .yml file in it",
        "missing": "no such file",
        "symlink-loop": "cannot read: Too many levels of symbolic links",
        "unreadable": "permission denied",
    }[kind]
    if kind == "directory":
        path.mkdir()
    elif kind == "symlink-loop":
        os.symlink(path, path)
    elif kind == "unreadable":
        path.write_text(HEAD)
        path.chmod(0)
        if os.geteuid() == 0:  # root reads anything: make the read fail the way it would for a user
            real_open = open

            def deny(file, *a, **k):  # type: ignore[no-untyped-def]
                if str(file) == str(path):
                    raise PermissionError(13, "Permission denied", str(path))
                return real_open(file, *a, **k)

            monkeypatch.setattr("builtins.open", deny)
    r = sgc("grade", path)
    assert r.code == 2
    m = one_error(r)
    assert (m["path"], m["msg"]) == (str(path), expected)


def test_evidence_for_a_framework_without_criteria(sgc: Sgc, tmp_path: Path) -> None:
    path = tmp_path / "ev.yaml"
    path.write_text(HEAD.replace("hmic-2007", "hmic-2099") + "areas: {np: {}}\n")
    r = sgc("grade", path)
    assert r.code == 2
    m = one_error(r)
    assert (m["line"], m["col"]) == ("4", "12")
    looked = f"no criteria sets for framework 'hmic-2099'; looked in every criteria/ folder in {tmp_path} and above"
    assert m["msg"].startswith(looked)
    assert m["msg"].endswith("(shipped with sgc; holds hmic-2007)")


def _huge(folder: Path, n: int) -> tuple[Path, Path]:
    """A criteria set of n criteria (every other one Good, one Excellent) and evidence
    that assesses every criterion."""
    lines = ["kind: criteria", "schema_version: 1", "id: huge", "framework: big", "title: Huge", "criteria:"]
    lines += [f"  - {{id: C{i}, level: {('fair', 'good')[i % 2]}, text: Criterion {i}.}}" for i in range(n)]
    lines.append("  - {id: E0, level: excellent, text: Beacon.}")
    crit = folder / "c" / "huge.yaml"
    crit.parent.mkdir(parents=True)
    crit.write_text("\n".join(lines) + "\n")
    status = ("met", "partial")
    findings = "".join(f"      C{i}: {{status: {status[i % 6 == 1]}, cite: [{{source: s}}]}}\n" for i in range(n))
    ev = folder / "ev.yaml"
    ev.write_text(
        "kind: evidence\nschema_version: 1\nsubject: S\nframework: big\nsources: [{id: s, title: S}]\n"
        "areas:\n  huge:\n    findings:\n" + findings
    )
    return crit, ev


def test_a_huge_criteria_set_is_checked_and_graded(sgc: Sgc, tmp_path: Path) -> None:
    crit, ev = _huge(tmp_path, 3_000)
    r = sgc("check", crit, ev, "--criteria", crit.parent)
    assert (r.code, r.out) == (0, "")
    r = sgc("grade", ev, "--criteria", crit.parent, "-f", "json")
    assert r.code == 0 and '"grade": "good"' in r.out and '"best_possible": "excellent"' in r.out


def test_grading_time_grows_linearly_with_the_criteria(tmp_path: Path) -> None:
    """Four times the criteria cost about four times as much, not sixteen: a ratio of two
    sizes measured in this process (the best of three runs each), never a wall time."""
    import time

    from sgc_grader.app.grade import GradeSettings
    from sgc_grader.app.grade import grade as grade_files

    def cost(n: int) -> float:
        crit, ev = _huge(tmp_path / str(n), n)
        settings = GradeSettings(evidence=[str(ev)], criteria=str(crit.parent))
        runs = []
        for _ in range(3):
            start = time.process_time()
            run = grade_files(settings)
            runs.append(time.process_time() - start)
            assert run.failures == []
        return min(runs)

    small, large = cost(600), cost(2_400)
    assert large / small < 8, (small, large)


def _run(args: list[str], seed: str, cwd: Path = ROOT) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1", "COLUMNS": "80"}
    r = subprocess.run([sys.executable, "-m", "sgc_grader", *args], capture_output=True, env=env, cwd=cwd, check=False)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_same_bytes_under_different_hash_seeds(fmt: str) -> None:
    args = ["grade", "evidence/thames-valley.yaml", "tests/data/northmoor.yaml", "-f", fmt]
    outputs = {_run(args, seed) for seed in ("0", "12345")}
    assert len(outputs) == 1


def test_file_order_is_output_order_and_nothing_else_changes(sgc: Sgc) -> None:
    import json

    a = json.loads(sgc("grade", TVP, NORTHMOOR, "-f", "json").out)["results"]
    b = json.loads(sgc("grade", NORTHMOOR, TVP, "-f", "json").out)["results"]
    assert a == list(reversed(b))
    assert sgc("check", TVP, NORTHMOOR).code == sgc("check", NORTHMOOR, TVP).code


def test_interrupted_write_leaves_no_file(sgc: Sgc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.json"
    out.write_text("the previous report\n")

    def interrupted(*_a: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", interrupted)
    r = sgc("grade", TVP, "-f", "json", "-o", out)
    assert r.code == 130 and "interrupted" in r.err
    assert out.read_text() == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
