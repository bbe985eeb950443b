"""Errors at the edges of a run: every one a single line with exit 2 (exit 3 is for bugs
in sgc alone), whatever the terminal, the locale or standard output is like."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import NORTHMOOR, TVP, Run

Sgc = Callable[..., Run]


def run(args: list[str], env: dict[str, str] | None = None, **kw: object) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANG", "PYTHONIOENCODING")}
    return subprocess.run(
        [sys.executable, "-m", "sgc_grader", *args], env={**environment, **(env or {})}, check=False, **kw
    )  # type: ignore[call-overload, no-any-return]


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "POSIX"}, {"LC_ALL": "C", "LANG": "C"}])
def test_any_terminal_encoding_or_locale_is_answered(env: dict[str, str]) -> None:
    r = run(["grade", str(TVP)], env, capture_output=True)
    assert r.returncode == 0, r.stderr
    assert b"Thames Valley Police" in r.stdout and b"Traceback" not in r.stderr


def test_a_closed_standard_output_is_said_on_standard_error() -> None:
    r = run(["grade", str(TVP)], stdout=None, stderr=subprocess.PIPE, pass_fds=(), preexec_fn=lambda: os.close(1))
    assert r.returncode == 2, r.stderr
    assert r.stderr == b"-: error: standard output is closed; nowhere to write the answer\n"


def test_standard_output_on_a_full_device_is_one_error() -> None:
    with open("/dev/full", "w") as full:
        r = run(["grade", str(TVP)], stdout=full, stderr=subprocess.PIPE)
    assert r.returncode == 2
    assert r.stderr == b"sgc: cannot write the output: No space left on device\n"


def test_a_reader_that_goes_away_is_not_an_error() -> None:
    r = subprocess.run(
        f"{sys.executable} -m sgc_grader grade -v {TVP} | head -c 10", shell=True, capture_output=True, check=False
    )
    assert r.returncode == 0 and r.stderr == b"" and len(r.stdout) == 10


def result_json(sgc: Sgc) -> dict[str, object]:
    r = sgc("grade", NORTHMOOR, "-f", "json")
    assert r.code == 0
    data: dict[str, object] = json.loads(r.out)
    return data


def nested(d: dict) -> bytes:  # type: ignore[type-arg]
    deep: object = []
    for _ in range(100):
        deep = [deep]
    return json.dumps({**d, "results": deep}).encode()


def unknown_grade(d: dict) -> bytes:  # type: ignore[type-arg]
    subject = d["results"][0]
    area = {**subject["areas"][0], "grade": "superb"}
    return json.dumps({**d, "results": [{**subject, "areas": [area, *subject["areas"][1:]]}]}).encode()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: b'{"subject": "Caf\xe9"}', "invalid UTF-8 (byte 0xe9)"),
        (lambda d: b"[" * 100_000 + b"]" * 100_000, "nesting deeper than 64 levels"),
        (nested, "nesting deeper than 64 levels"),
        (lambda d: json.dumps({**d, "results": ["x" * 70_000]}).encode(), "over the limit"),
        (unknown_grade, "grade 'superb' is not one of the result's grades"),
    ],
    ids=["latin-1", "deep-brackets", "deep-lists", "long-string", "unknown-grade"],
)
def test_diff_holds_a_json_result_to_the_input_limits(
    sgc: Sgc,
    tmp_path: Path,
    make: Callable[[dict], bytes],
    message: str,  # type: ignore[type-arg]
) -> None:
    path = tmp_path / "old.json"
    path.write_bytes(make(result_json(sgc)))
    r = sgc("diff", path, NORTHMOOR)
    assert (r.code, r.out) == (2, "")
    assert len(r.err.splitlines()) == 1 and message in r.err, r.err
    assert r.err.startswith(f"{path}:")


def test_an_empty_folder_among_the_inputs_does_not_stop_the_others(sgc: Sgc, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    r = sgc("grade", empty, TVP)
    assert r.code == 2 and "Thames Valley Police" in r.out
    assert r.err == f"{empty}: error: is a folder with no .yaml or .yml file in it\n"
    s = sgc("summary", empty, TVP)
    assert s.code == 1 and "National summary of judgements (1 subject" in s.out
    assert s.err == f"{empty}: error: is a folder with no .yaml or .yml file in it\n"


def test_a_subject_or_file_read_twice_is_warned(sgc: Sgc, tmp_path: Path) -> None:
    copy = tmp_path / "again.yaml"
    copy.write_text(TVP.read_text())
    r = sgc("summary", TVP, TVP, copy, "-f", "json")
    assert r.code == 0
    assert json.loads(r.out)["files"] == 2  # the file named twice is counted once
    assert r.err.splitlines() == [
        f"{TVP}: warning: named more than once (or inside a folder also named); counted once",
        f"{copy}: warning: subject 'Thames Valley Police' is also graded from {TVP}; each file is counted",
    ]
    a = sgc("agree", NORTHMOOR, NORTHMOOR)
    assert a.code == 0 and a.err == f"{NORTHMOOR}: warning: the same file as {NORTHMOOR}; it is compared with itself\n"
    d = sgc("diff", NORTHMOOR, NORTHMOOR)
    assert d.code == 0 and d.err == f"{NORTHMOOR}: warning: the same file as {NORTHMOOR}; it is compared with itself\n"
