"""Improvement planning: what it takes to move an area to a target grade (`sgc gap`)."""

from __future__ import annotations

from . import result as r
from .engine import Options, grade_area, requirements
from .model import GRADES, CriteriaSet, Evidence, Grade


def gap(cset: CriteriaSet, evidence: Evidence, source_file: str, target: Grade | None = None) -> r.GapResult:
    """The cheapest set of criteria to meet for `target` (default: the next grade up).

    Measured from the computed grade: a professional judgement does not change what the
    criteria need.
    """
    area = grade_area(cset, evidence, Options(use_judgements=False))
    current = area.computed_grade
    goal: Grade = target or GRADES[min(GRADES.index(current) + 1, len(GRADES) - 1)]
    reached = GRADES.index(goal) <= GRADES.index(current)
    status = {v.id: v.status for v in area.criteria}
    need = requirements(cset, status, goal)
    by_id = {v.id: v for v in area.criteria}
    must = [] if reached else [by_id[c] for c in need.must_meet]
    of = [] if reached else [by_id[c] for c in need.of]
    listed = {v.id for v in must + of}
    return r.GapResult(
        subject=evidence.subject,
        source_file=source_file,
        area=cset.id,
        title=cset.title,
        grade=current,
        target=goal,
        reached=reached,
        reachable=reached or need.reachable,
        why_not=None if reached else need.why_not,
        must_meet=must,
        plus_any=0 if reached else need.plus_any,
        of=of,
        recommendations=[x for x in area.recommendations if listed & set(x.addresses)],
    )
