"""Case folders: tests/cases/<name>/ holds criteria/, evidence.yaml and expected.yaml.

expected.yaml maps each area id to the fields of its result that must hold (grade,
deciding_step, provisional, borderline, ...). A new case is a new folder, not new code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sgc_grader import commands
from sgc_grader.result import to_jsonable

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_case(case: Path) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text())
    settings = commands.GradeSettings(evidence=[str(case / "evidence.yaml")], criteria=str(case / "criteria"))
    report, errors = commands.grade(settings)
    assert errors == [] and report is not None, [str(e) for e in errors]
    got = {a.id: to_jsonable(a) for a in report.results[0].areas}
    assert set(got) == set(expected)
    for area, fields in expected.items():
        for key, value in fields.items():
            actual = got[area]
            for part in key.split("."):
                actual = actual[int(part)] if isinstance(actual, list) else actual[part]
            assert actual == value, f"{area}.{key}"
