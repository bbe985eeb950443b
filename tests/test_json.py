"""JSON answers are written by pydantic-core from the records themselves (render/data.py),
not through a TypeAdapter of their type, whose schema is slow to build. These tests hold
the two byte for byte equal on every kind of result, over the project's evidence,
examples, test data and case folders, and a synthetic national set. The oracle is
pydantic's own serialisation of the declared type, which data.json does not call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, NORTHMOOR, ROOT, TVP
from sgc_grader.app.authoring import synth
from sgc_grader.app.compare import AgreeSettings, DiffSettings, agree, diff
from sgc_grader.app.grade import GradeSettings, grade
from sgc_grader.app.national import summarise
from sgc_grader.app.plan import GapSettings, gap
from sgc_grader.render import Look, data
from sgc_grader.render.phrased import phrased
from sgc_grader.results.base import adapter

CASES = sorted(p for p in (ROOT / "tests" / "cases").iterdir() if p.is_dir())
# (evidence, criteria folder or None for the search)
CORPUS: list[tuple[Path, Path | None]] = [
    (TVP, None),
    *((p, None) for p in sorted(DATA.glob("northmoor*.yaml"))),
    *((p, p.parent.parent / "criteria") for p in sorted(ROOT.glob("examples/*/evidence/*.yaml"))),
    *((c / "evidence.yaml", c / "criteria") for c in CASES),
]
IDS = [str(e.relative_to(ROOT)) for e, _ in CORPUS]


def pydantic_json(result: Any) -> str:
    return adapter(type(result)).dump_json(result, indent=2).decode() + "\n"


def same_json(result: Any) -> None:
    words = phrased(result)
    assert data.json(words, Look()) == pydantic_json(words)


def _where(criteria: Path | None) -> str | None:
    return str(criteria) if criteria is not None else None


@pytest.mark.parametrize(("evidence", "criteria"), CORPUS, ids=IDS)
@pytest.mark.parametrize("options", [{}, {"sensitivity": True, "use_judgements": False}], ids=["plain", "options"])
def test_grade_json_is_pydantic_s(evidence: Path, criteria: Path | None, options: dict[str, bool]) -> None:
    run = grade(GradeSettings(evidence=[str(evidence)], criteria=_where(criteria), **options))
    assert run.failures == []
    same_json(run.report)


@pytest.mark.parametrize(("evidence", "criteria"), CORPUS, ids=IDS)
def test_gap_json_is_pydantic_s(evidence: Path, criteria: Path | None) -> None:
    subject = grade(GradeSettings(evidence=[str(evidence)], criteria=_where(criteria))).report.results[0]
    for area in subject.areas:
        for target in (None, subject.grades[-1].id):  # the next grade up; the top one
            same_json(gap(GapSettings(evidence=str(evidence), area=area.id, target=target, criteria=_where(criteria))))


def test_diff_and_agree_json_are_pydantic_s(tmp_path: Path) -> None:
    same_json(diff(DiffSettings(old=str(DATA / "northmoor-2006.yaml"), new=str(NORTHMOOR))))
    same_json(agree(AgreeSettings(a=str(NORTHMOOR), b=str(DATA / "northmoor-self.yaml"))))
    old = tmp_path / "old.json"  # a diff whose one side is read back from JSON
    old.write_text(pydantic_json(phrased(grade(GradeSettings(evidence=[str(NORTHMOOR)])).report)), encoding="utf-8")
    same_json(diff(DiffSettings(old=str(old), new=str(DATA / "northmoor-self.yaml"))))


def test_summary_json_is_pydantic_s(tmp_path: Path) -> None:
    synth(30, str(tmp_path), 2007, "hmic-2007", None)
    same_json(summarise(sorted(str(p) for p in tmp_path.glob("*.yaml"))))
    same_json(summarise([str(p) for p in sorted(DATA.glob("northmoor*.yaml"))]))
