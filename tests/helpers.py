"""Build criteria sets and evidence in code, for engine and property tests."""

from __future__ import annotations

import os
from typing import Any

from sgc_grader.grading import engine
from sgc_grader.reading.discover import default_framework
from sgc_grader.reading.evidence import Evidence
from sgc_grader.reading.framework import Scale
from sgc_grader.reading.model import CriteriaSet, Framework
from sgc_grader.results.grade import AreaResult

DEFAULT = Scale(default_framework("fw"))

# Under mutation testing (mutmut sets MUTANT_UNDER_TEST; see conftest.py) every surviving
# mutant runs every property that reaches it: a third of the examples (the same ones each
# time, derandomised) keeps a run over the whole grading core to about an hour on two cores.
MUTATING = "MUTANT_UNDER_TEST" in os.environ


def examples(n: int) -> int:
    """How many examples a property with `n` of its own runs (fewer under mutation testing)."""
    return max(20, n // 3) if MUTATING else n


def cset(
    fair: int = 3,
    good: int = 4,
    excellent: int = 1,
    dominant: tuple[int, ...] = (0,),
    minor: tuple[int, ...] = (),
    thresholds: dict[str, Any] | None = None,
    rules: dict[str, Any] | None = None,
) -> CriteriaSet:
    """Criteria F0..F{fair-1}, G0.., E0..; `dominant` and `minor` (non-significant) index Fair ones."""
    criteria: list[dict[str, Any]] = []
    for i in range(fair):
        c: dict[str, Any] = {"id": f"F{i}", "level": "fair", "text": f"Fair {i}."}
        if i in dominant:
            c["dominant"] = True
        if i in minor:
            c["significant"] = False
        criteria.append(c)
    criteria += [{"id": f"G{i}", "level": "good", "text": f"Good {i}."} for i in range(good)]
    criteria += [{"id": f"E{i}", "level": "excellent", "text": f"Excellent {i}."} for i in range(excellent)]
    for c in criteria:
        if rules and c["id"] in rules:
            c["rule"] = rules[c["id"]]
    return area_set(criteria, thresholds, facts=[{"id": "n", "type": "number"}, {"id": "flag", "type": "boolean"}])


def area_set(criteria: list[dict[str, Any]], thresholds: dict[str, Any] | None = None, **more: Any) -> CriteriaSet:
    """Criteria set 'area' of framework 'fw' with these criteria (and any further keys)."""
    doc = {"kind": "criteria", "schema_version": 1, "id": "area", "framework": "fw", "title": "Area"}
    return CriteriaSet.model_validate({**doc, "thresholds": thresholds or {}, "criteria": criteria, **more})


def evidence(
    statuses: dict[str, str], facts: dict[str, Any] | None = None, judgement: dict[str, Any] | None = None
) -> Evidence:
    findings = {
        cid: {"status": s, **({"note": "n/a here"} if s == "not_applicable" else {})} for cid, s in statuses.items()
    }
    area: dict[str, Any] = {"findings": findings}
    if judgement:
        area["judgement"] = judgement
    return Evidence.model_validate(
        {
            "kind": "evidence",
            "schema_version": 1,
            "subject": "S",
            "framework": "fw",
            "facts": {k: {"value": v} for k, v in (facts or {}).items()},
            "areas": {"area": area},
        }
    )


def all_met(c: CriteriaSet) -> dict[str, str]:
    return {x.id: "met" for x in c.criteria}


def grade_area(
    c: CriteriaSet, ev: Evidence, options: engine.Options | None = None, scale: Scale = DEFAULT
) -> AreaResult:
    """Grade the one area of `ev` (the default framework unless `scale` says otherwise)."""
    return engine.grade_area(scale, c, ev, options or engine.Options())


def framework(grades: list[dict[str, Any]], **extra: Any) -> Scale:
    """A framework built in code: `grades` as in a framework file."""
    doc = {"kind": "framework", "schema_version": 1, "id": "fw", "title": "A framework", "grades": grades, **extra}
    return Scale(Framework.model_validate(doc))
