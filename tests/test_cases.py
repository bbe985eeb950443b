"""Case folders: tests/cases/<name>/ holds criteria/ (sets, and a framework file if the
case needs one), evidence.yaml and expected.yaml.

expected.yaml maps each area and composite id to the fields of its result that must hold
(grade, deciding_step, provisional, borderline, ...; `a.b.0.c` reaches into lists), and
`not_graded` to the composites left ungraded. A new case is a new folder, not new code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sgc_grader.app import commands
from sgc_grader.results.grade import to_jsonable

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_case(case: Path) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text())
    settings = commands.GradeSettings(evidence=[str(case / "evidence.yaml")], criteria=str(case / "criteria"))
    run = commands.grade(settings)
    assert run.failures == [], [str(e) for e in run.failures]
    result = run.report.results[0]
    got = {a.id: to_jsonable(a) for a in [*result.areas, *result.composites]}
    assert [n.id for n in result.not_graded] == expected.pop("not_graded", [])
    assert set(got) == set(expected)
    for area, fields in expected.items():
        for key, value in fields.items():
            actual = got[area]
            for part in key.split("."):
                actual = actual[int(part)] if isinstance(actual, list) else actual[part]
            assert actual == value, f"{area}.{key}"
