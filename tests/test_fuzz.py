"""Mutation fuzzing: damaged criteria and evidence files never crash sgc.

Each example mutates a valid file (drop, duplicate, swap and retype lines, cut the file,
insert random bytes) and runs `sgc check` and `sgc grade` on it in-process. The command
must exit 0, 1 or 2 and never print a traceback or an internal error.

CI runs a bounded number of examples; for a long run by hand:
    SGC_FUZZ_EXAMPLES=10000 .venv/bin/python -m pytest tests/test_fuzz.py -p no:randomly
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import NORTHMOOR, ROOT
from sgc_grader import cli

SEEDS = {
    "criteria": (ROOT / "criteria" / "06-missing-persons.yaml").read_bytes(),
    "evidence": NORTHMOOR.read_bytes(),
}
TOKENS = [
    b"yes",
    b"no",
    b"on",
    b"1.10",
    b"~",
    b"[]",
    b"{}",
    b"''",
    b"!!python/object:os.system",
    b"&a x",
    b"*a",
    b"2007-01-01",
    b"99999999999999999999999",
    b"-.inf",
    b".nan",
    b"\t",
    b"- ",
    b": ",
    b"<<: *a",
    b"---",
    b"\xff\xfe",
    b"!!binary aGk=",
    b'"\\u0000"',
    b"NP-F1",
    b"not_met",
    b"excellent",
    b"{fact: x, gte: 1, lt: 2}",
    b"|",
    b">-",
]
EXAMPLES = int(os.environ.get("SGC_FUZZ_EXAMPLES", "120"))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(SEEDS)))
    lines = SEEDS[kind].split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["drop", "duplicate", "swap", "retype", "cut", "bytes", "indent"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "retype":
            head, sep, _ = lines[i].partition(b": ")
            lines[i] = head + (sep or b": ") + draw(st.sampled_from(TOKENS))
        elif op == "cut":
            at = draw(st.integers(0, len(lines[i])))
            lines = [*lines[:i], lines[i][:at]]
        elif op == "bytes":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.binary(min_size=1, max_size=8)) + lines[i][at:]
        else:
            lines[i] = draw(st.sampled_from([b" ", b"  ", b"\t", b"    "])) + lines[i]
    return kind, b"\n".join(lines)


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["sgc", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            cli.main()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 0
    finally:
        sys.argv = argv
    return code, out.getvalue() + err.getvalue()


@settings(max_examples=EXAMPLES, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated())
def test_mutated_files_never_crash(case: tuple[str, bytes], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    kind, data = case
    folder: Path = tmp_path_factory.mktemp("fuzz")
    path = folder / f"{kind}.yaml"
    path.write_bytes(data)
    crit = str(ROOT / "criteria")
    commands = [["check", "--criteria", crit, str(path)], ["grade", "--criteria", crit, str(path), "-f", "json"]]
    if kind == "criteria":
        commands = [["check", str(path)], ["grade", "--criteria", str(folder), str(NORTHMOOR)]]
    for args in commands:
        code, output = run("--color", "never", *args)
        assert code in (0, 1, 2), (args, output)
        assert "Traceback" not in output and "internal error" not in output, output
