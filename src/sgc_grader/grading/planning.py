"""Improvement planning: what it takes to move an area to a target grade (`sgc gap`)."""

from __future__ import annotations

from .. import vocab
from ..reading.framework import Scale
from ..reading.model import Condition, CriteriaSet, Evidence
from ..results.plan import GapGroup, GapNeed, GapResult
from . import moderation
from .conditions import Board
from .engine import (
    Options,
    area_table,
    cheapest_first,
    criteria_board,
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


def _fewest(tables: list[list[Condition]], board: Board, order: Order) -> tuple[list[tuple[str, str]], bool]:
    """One smallest set of criteria that reaches the target, each with the status it
    needs (partly met where that is enough), empty when it cannot be reached; and
    whether it is surely the smallest (see moderation.STEPS)."""
    conds = [c for conds in tables for c in conds]
    way = moderation.fewest_to_raise(conds, board, order)
    if way is None:
        return [], True
    lowest = moderation.lowest_ranks(conds, board, way.example)
    return [(i, vocab.RANKED[lowest[i]]) for i in way.example], way.exact
