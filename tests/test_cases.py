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

from sgc_grader.app.grade import GradeSettings
from sgc_grader.app.grade import grade as grade_files
from sgc_grader.render.phrased import phrased
from sgc_grader.results.base import to_jsonable

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_case(case: Path) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text())
    settings = GradeSettings(evidence=[str(case / "evidence.yaml")], criteria=str(case / "criteria"))
    run = grade_files(settings)
    assert run.failures == [], [str(e) for e in run.failures]
    result = phrased(run.report.results[0])  # with its words, as JSON has them
    got = {a.id: to_jsonable(a) for a in [*result.areas, *result.composites]}
    assert [n.id for n in result.not_graded] == expected.pop("not_graded", [])
    assert set(got) == set(expected)
    for area, fields in expected.items():
        for key, value in fields.items():
            actual = got[area]
            for part in key.split("."):
                actual = actual[int(part)] if isinstance(actual, list) else actual[part]
            assert holds(actual, value), f"{area}.{key}: {actual!r}"


def holds(actual: object, expected: object) -> bool:
    """Whether a result's field is as expected; a mapping may have more keys than the
    expectation names (fields added to the result since the case was written)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and holds(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(map(holds, actual, expected))
    return actual == expected
