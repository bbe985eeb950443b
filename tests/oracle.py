"""docs/format.md sections 6-9 written a second time, as plainly as possible, for the
brute-force tests: an area's grade (and its provisional best), a composite's grade, and
whether a condition holds, from the framework, the criteria and the statuses.

An oracle must not call the code it checks: nothing here imports `sgc_grader.grading`
(a test says so). It reads only the input models, as a person reads the files.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from fractions import Fraction

from sgc_grader.reading.framework import Scale
from sgc_grader.reading.model import Compare, Condition, CriteriaSet, Criterion

# section 7, Testing: not met < partial < met; unknown and unassessed count as not met
ORDER = ["not_met", "partial", "met"]
# section 6, Thresholds
DEFAULTS = {"good_share": "0.5", "excellent_share": "0.8", "poor_fair_failures": "3", "partial_credit": "0.5"}
# section 7, Operators and numbers
COMPARE = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le, "eq": operator.eq}


def counted(status: str) -> str:
    """The status a condition reads: unknown and unassessed are not met."""
    return status if status in ORDER else "not_met"


def thresholds(scale: Scale, cset: CriteriaSet | None) -> dict[str, Fraction]:
    """Section 6: the set's value, else the framework file's, else the default (exactly)."""
    named: dict[str, object] = {**DEFAULTS, **scale.framework.thresholds}
    if cset is not None:
        named.update(cset.thresholds)
    return {k: Fraction(str(v)) for k, v in named.items()}


def significant(c: Criterion, levels: Sequence[str]) -> bool:
    """Section 9's table."""
    if c.dominant:
        return True
    if c.significant is not None:
        return c.significant
    return c.level == levels[0]


def compared(value: Fraction | int, compare: Compare, named: Mapping[str, Fraction]) -> bool:
    ((op, bound),) = compare.ops()
    return COMPARE[op](value, named[bound] if isinstance(bound, str) else Fraction(str(bound)))


def selected(cond: Condition, cset: CriteriaSet, status: Mapping[str, str], levels: Sequence[str]) -> list[str]:
    """Section 7, Selecting: every key given must match; not applicable never selected."""
    s = cond.criteria
    if s is None:
        return []
    return [
        c.id
        for c in cset.criteria
        if status.get(c.id) != "not_applicable"
        and (s.level is None or c.level == s.level)
        and (s.significant is None or significant(c, levels) == s.significant)
        and (s.dominant is None or bool(c.dominant) == s.dominant)
        and (s.theme is None or c.theme == s.theme)
        and (s.ids is None or c.id in s.ids)
    ]


def criteria_hold(
    cond: Condition, cset: CriteriaSet, status: Mapping[str, str], levels: Sequence[str], named: Mapping[str, Fraction]
) -> bool:
    """Section 7, Testing and Counting, on an area's criteria."""
    ids = selected(cond, cset, status, levels)
    states = [counted(status.get(i, "unassessed")) for i in ids]
    if cond.share is not None:
        met = states.count("met") + named["partial_credit"] * states.count("partial")
        return compared(met / len(ids) if ids else Fraction(0), cond.share, named)
    if cond.at_least is not None:
        passing = sum(ORDER.index(s) >= ORDER.index(cond.at_least) for s in states)
    else:
        passing = sum(s in (cond.status or []) for s in states)
    return compared(passing, cond.count, named) if cond.count is not None else passing == len(ids)


def climb(holds: Sequence[bool]) -> int:
    """Section 8.1: the highest grade whose requirements, and those of every grade
    below, all hold (`holds[i]`: grade i's requirements all hold)."""
    reached = 0
    for i in range(1, len(holds)):
        if not holds[i]:
            break
        reached = i
    return reached


def area_grade(
    scale: Scale, cset: CriteriaSet, status: Mapping[str, str], named: Mapping[str, Fraction] | None = None
) -> int:
    """The computed grade (an index into the scale) of these statuses (a criterion
    missing from `status` is unassessed); `named` overrides the thresholds."""
    named = named if named is not None else thresholds(scale, cset)
    levels = scale.framework.levels
    holds = [all(criteria_hold(c, cset, status, levels, named) for c in g.requires) for g in scale.framework.grades]
    return climb(holds)


def best_grade(scale: Scale, cset: CriteriaSet, status: Mapping[str, str]) -> int:
    """Section 8.2: the grade with every unknown or unassessed criterion counted as met."""
    known = ("met", "partial", "not_met", "not_applicable")
    return area_grade(scale, cset, {c.id: s if (s := status.get(c.id)) in known else "met" for c in cset.criteria})


def borderline(scale: Scale, cset: CriteriaSet, status: Mapping[str, str], index: int) -> list[str]:
    """Section 8.4: the borderline conditions of grade `index` that hold."""
    named, levels = thresholds(scale, cset), scale.framework.levels
    return [c.id for c in scale.framework.grades[index].borderline if criteria_hold(c, cset, status, levels, named)]


def areas_hold(
    cond: Condition,
    members: Sequence[str],
    grades: Mapping[str, str],
    order: Sequence[str],
    named: Mapping[str, Fraction],
) -> bool:
    """Section 8.7: a composite's condition on its areas' final grades."""
    ids = list(members) if cond.areas in (None, "all") else [a for a in members if a in cond.areas]
    assert cond.at_least is not None
    passing = sum(order.index(grades[a]) >= order.index(cond.at_least) for a in ids)
    return compared(passing, cond.count, named) if cond.count is not None else passing == len(ids)


def composite_grade(
    scale: Scale, requires: Mapping[str, Sequence[Condition]], members: Sequence[str], grades: Mapping[str, str]
) -> int:
    """Section 8.7: a composite climbs the same grades over its areas' grades (its
    thresholds from the framework file, else the defaults)."""
    order, named = list(scale.grades), thresholds(scale, None)
    holds = [all(areas_hold(c, members, grades, order, named) for c in requires.get(g, [])) for g in order]
    return climb(holds)
