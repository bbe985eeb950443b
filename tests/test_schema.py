"""Published JSON Schemas: generated from the models, committed, and checked independently."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from conftest import NORTHMOOR, ROOT, TVP, Run

CHECK = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")


@pytest.mark.parametrize("kind", ["framework", "criteria", "evidence", "result"])
def test_committed_schema_is_up_to_date(sgc: Callable[..., Run], kind: str) -> None:
    r = sgc("schema", kind)
    assert r.code == 0
    assert json.loads(r.out) == json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text()), (
        f"run: sgc schema {kind} > schemas/{kind}.schema.json"
    )


def validate(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHECK, "--schemafile", str(ROOT / "schemas" / f"{schema}.schema.json"), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_independent_validator_accepts_project_files() -> None:
    r = validate("framework", ROOT / "criteria" / "00-framework.yaml")
    assert r.returncode == 0, r.stdout + r.stderr
    r = validate("criteria", *sorted((ROOT / "criteria").glob("0[1-9]-*.yaml")))
    assert r.returncode == 0, r.stdout + r.stderr
    r = validate("evidence", TVP, NORTHMOOR)
    assert r.returncode == 0, r.stdout + r.stderr


def test_independent_validator_rejects_unknown_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (ROOT / "criteria" / "01-neighbourhood-policing.yaml")
        .read_text()
        .replace("    theme: resources\n", "    theme: resources\n    colour: red\n", 1)
    )
    r = validate("criteria", bad)
    assert r.returncode == 1 and "'colour' was unexpected" in r.stdout


def test_json_output_validates_against_result_schema(sgc: Callable[..., Run]) -> None:
    schema = json.loads((ROOT / "schemas" / "result.schema.json").read_text())
    composite = ROOT / "tests" / "cases" / "composite-limiting"
    for args in ((TVP,), (NORTHMOOR,), (composite / "evidence.yaml", "--criteria", composite / "criteria")):
        data = json.loads(sgc("grade", *args, "-f", "json").out)
        assert data["schema_version"] == 2
        jsonschema.validate(data, schema)
