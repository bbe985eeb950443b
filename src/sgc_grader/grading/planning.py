"""Improvement planning: what it takes to move an area, or a composite, to a target
grade (`sgc gap`)."""

from __future__ import annotations

from collections.abc import Sequence

from ..reading.evidence import Evidence
from ..reading.framework import Scale
from ..reading.model import Composite, Condition, CriteriaSet
from ..results.plan import CompositeGapResult, GapGroup, GapNeed, GapResult
from ..results.trail import Need
from . import moderation
from .conditions import Board
from .engine import (
    Options,
    area_table,
    cheapest_first,
    composite_board,
    composite_table,
    criteria_board,
    grade,
    grade_area,
    grade_labels,
    level_labels,
    requirements_for,
)
from .moderation import Order


def gap(scale: Scale, cset: CriteriaSet, evidence: Evidence, source_file: str, target: str | None = None) -> GapResult:
    """The cheapest changes that reach `target` (default: the next grade up), read from
    the same requirement table as the grade: the guarantee (criteria that must change,
    then groups where any k will do) and the fewest criteria that reach it (exact).

    Measured from the computed grade: a professional judgement does not change what the
    criteria need.
    """
    area = grade_area(scale, cset, evidence, Options(use_judgements=False))
    current = scale.rank(area.computed_grade)
    goal = scale.rank(target) if target is not None else min(current + 1, len(scale.grades) - 1)
    reached = goal <= current
    status = {v.id: v.status for v in area.criteria}
    board = criteria_board(scale, cset, status)
    table, order = area_table(scale), cheapest_first(scale, cset, status)
    need = requirements_for(scale, table, board, current, goal, order)
    fewest, exact = ([], True) if reached else _fewest(table[current + 1 : goal + 1], board, order)
    by_id = {v.id: v for v in area.criteria}
    must = [] if reached else [GapNeed(criterion=by_id[n.id], to=n.to) for n in need.must]
    groups = [] if reached else [GapGroup(k=g.k, to=g.to, of=[by_id[i] for i in g.of]) for g in need.any]
    listed = {n.criterion.id for n in must} | {v.id for g in groups for v in g.of}
    return GapResult(
        subject=evidence.subject,
        source_file=source_file,
        grades=grade_labels(scale),
        area=cset.id,
        title=cset.title,
        grade=area.computed_grade,
        target=scale.grades[goal],
        reached=reached,
        reachable=reached or need.reachable,
        why_not=None,
        must=must,
        any=groups,
        fewest=[GapNeed(criterion=by_id[i], to=to) for i, to in fewest],
        fewest_exact=exact,
        recommendations=[x for x in area.recommendations if listed & set(x.addresses)],
        blocked=None if reached else need.blocked,
        levels=level_labels(scale),
    )


def _fewest(tables: Sequence[Sequence[Condition]], board: Board, order: Order) -> tuple[list[tuple[str, str]], bool]:
    """One smallest set of items (criteria; a composite's areas and criteria) that
    reaches the target, each with the status or grade it needs (the lowest that is
    enough), empty when it cannot be reached; and whether it is surely the smallest
    (see moderation.STEPS)."""
    conds = [c for conds in tables for c in conds]
    way = moderation.fewest_to_raise(conds, board, order)
    if way is None:
        return [], True
    lowest = moderation.lowest_ranks(conds, board, way.example)
    return [(i, board.scale_of(i)[lowest[i]]) for i in way.example], way.exact


def composite_gap(
    scale: Scale, sets: Sequence[CriteriaSet], evidence: Evidence, source_file: str, comp: Composite, target: str | None
) -> CompositeGapResult:
    """The cheapest changes that take a composite from its computed grade to `target`
    (default: the next grade up), from the composite's own requirements: areas' grades
    (their final grades, judgements included, as the composite reads them) and, where it
    reads criteria, findings; then each area's own gap to the grade it must reach."""
    result = grade(evidence, scale, sets, source_file, area=comp.id)
    if not result.composites:
        missing = ", ".join(result.not_graded[0].missing) if result.not_graded else comp.id
        raise ValueError(f"composite '{comp.id}' is not graded: no evidence for {missing}")
    c = result.composites[0]
    graded = {a.id: a for a in result.areas}
    current = scale.rank(c.computed_grade or c.grade)
    goal = scale.rank(target) if target is not None else min(current + 1, len(scale.grades) - 1)
    reached = goal <= current
    table = composite_table(scale, comp)
    board = composite_board(scale, list(c.areas), graded)
    need = requirements_for(scale, table, board, current, goal, _as_listed)
    fewest, exact = ([], True) if reached else _fewest(table[current + 1 : goal + 1], board, _as_listed)
    by_id = {s.id: s for s in sets}
    areas = [
        gap(scale, by_id[item], evidence, source_file, to)
        for item, to in fewest
        if item in c.areas and scale.rank(to) > scale.rank(graded[item].computed_grade)
    ]
    return CompositeGapResult(
        subject=evidence.subject,
        source_file=source_file,
        grades=grade_labels(scale),
        levels=level_labels(scale),
        composite=comp.id,
        title=comp.title,
        grade=scale.grades[current],
        target=scale.grades[goal],
        reached=reached,
        reachable=reached or need.reachable,
        why_not=None,
        must=[] if reached else need.must,
        any=[] if reached else need.any,
        fewest=[Need(id=i, to=to) for i, to in fewest],
        fewest_exact=exact,
        areas=areas,
        blocked=None if reached else need.blocked,
    )


def _as_listed(ids: list[str]) -> list[str]:
    return ids
