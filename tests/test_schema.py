"""Published JSON Schemas: generated from the models, committed, and checked independently."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import NORTHMOOR, ROOT, TVP, Run
from sgc_grader.app.authoring import SCHEMAS
from sgc_grader.results.base import Report, adapter
from sgc_grader.results.compare import AgreeResult, DiffResult
from sgc_grader.results.grade import GradeReport
from sgc_grader.results.national import SummaryResult
from sgc_grader.results.plan import CompositeGapResult, GapResult

CHECK = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")


@pytest.mark.parametrize("kind", SCHEMAS)
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


def undescribed(schema: Any, pointer: str = "") -> list[str]:
    """The JSON pointers of the properties, anywhere in `schema` ($defs included), that
    have no description: an editor shows nothing on hover there."""
    found: list[str] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            here = f"{pointer}/{escape(key)}"
            if key == "properties" and isinstance(value, dict):
                for name, prop in value.items():
                    at = f"{here}/{escape(name)}"
                    if not (isinstance(prop, dict) and str(prop.get("description", "")).strip()):
                        found.append(at)
                    found += undescribed(prop, at)
            else:
                found += undescribed(value, here)
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            found += undescribed(value, f"{pointer}/{i}")
    return found


def escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def test_undescribed_finds_a_property_without_words() -> None:
    schema = {
        "properties": {"a": {"description": "A.", "type": "string"}, "b": {"$ref": "#/$defs/B"}},
        "$defs": {"B": {"properties": {"c/d": {"description": " "}, "e": {"description": "E."}}}},
    }
    assert undescribed(schema) == ["/properties/b", "/$defs/B/properties/c~1d"]


@pytest.mark.parametrize("kind", SCHEMAS)
def test_every_property_is_described(sgc: Callable[..., Run], kind: str) -> None:
    r = sgc("schema", kind)
    assert r.code == 0
    missing = undescribed(json.loads(r.out))
    assert not missing, f"sgc schema {kind}: no description at " + ", ".join(missing)


# Every JSON answer sgc writes, `sgc schema` publishing only the first.
ANSWERS = [GradeReport, GapResult, CompositeGapResult, DiffResult, AgreeResult, SummaryResult]


def test_every_answer_is_listed() -> None:
    assert set(Report.__subclasses__()) == set(ANSWERS)


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: a.__name__)
def test_every_field_of_every_answer_is_described(answer: type) -> None:
    missing = undescribed(adapter(answer).json_schema(mode="serialization"))
    assert not missing, f"{answer.__name__}: no description at " + ", ".join(missing)
