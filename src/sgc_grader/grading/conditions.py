"""Conditions (docs/format.md section 7): select items, test them, and say what would
make a failing one hold.

The items are an area's criteria (ranked by vocab.RANKED: not met < partial < met) or a
composite's areas (ranked by grade). Every test is read as one weighted count against a
bound (`Linear`), which decides the grade and which plans, margins and sensitivity reason
about, so grade, next_grade and gap read one table. Exact fractions throughout; what is
measured comes back as numbers (`results.trail.Check`), never as words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

from .. import vocab
from ..reading.framework import operand
from ..reading.model import Compare, Condition
from ..results import trail as t


class Item(NamedTuple):
    """A criterion as a selector sees it, with the area it belongs to."""

    id: str
    level: str
    significant: bool
    dominant: bool
    theme: str | None
    area: str


class Board(NamedTuple):
    """What conditions are tested on: each item's rank, and the items selectors choose
    from. An area's board holds its criteria; a composite's holds its areas (ranked by
    grade) and their criteria, which a condition with a `criteria:` selector reads."""

    ranks: Mapping[str, int]  # item id -> rank (index into its scale: vocab.RANKED, or `grades`)
    states: Mapping[str, str]  # item id -> its status, or its grade id (an area)
    areas: Sequence[str]  # a composite's areas, in order; none on an area's board
    grades: Sequence[str]  # the scale areas are ranked on (grade ids), lowest first
    thresholds: Mapping[str, Fraction]
    pool: Sequence[Item]  # criteria, in file order (not applicable ones left out)
    # selections made so far, by what the selector says: a condition is read many times
    # per board (grade, plan, margins), and boards raised from this one select the same
    chosen: dict[tuple[Any, ...], list[str]]

    def reads_areas(self, cond: Condition) -> bool:
        """Whether `cond` reads areas: a composite's condition without a criteria selector."""
        return bool(self.areas) and cond.criteria is None

    def scale(self, cond: Condition) -> Sequence[str]:
        """The ranks, lowest first, of the items `cond` reads."""
        return self.grades if self.reads_areas(cond) else vocab.RANKED

    def scale_of(self, item: str) -> Sequence[str]:
        return self.grades if item in self.areas else vocab.RANKED

    def select(self, cond: Condition) -> list[str]:
        """The item ids `cond` selects, in file order (shared: read it, never change it)."""
        key = _key(cond, self.reads_areas(cond))
        hit = self.chosen.get(key)
        if hit is None:
            hit = self.chosen[key] = self._choose(cond)
        return hit

    def _choose(self, cond: Condition) -> list[str]:
        within = None if cond.areas in (None, "all") else set(cond.areas or [])
        if self.reads_areas(cond):
            return [a for a in self.areas if within is None or a in within]
        s = cond.criteria
        if s is None:
            return []
        return [
            c.id
            for c in self.pool
            if (within is None or c.area in within)
            and (s.level is None or c.level == s.level)
            and (s.significant is None or c.significant == s.significant)
            and (s.dominant is None or c.dominant == s.dominant)
            and (s.theme is None or c.theme == s.theme)
            and (s.ids is None or c.id in s.ids)
        ]

    def raised(self, to: Mapping[str, int]) -> Board:
        """The board after the items in `to` reach (at least) those ranks."""
        ranks = {i: max(rank, to.get(i, 0)) for i, rank in self.ranks.items()}
        states = {i: self.scale_of(i)[ranks[i]] if i in to else state for i, state in self.states.items()}
        return self._replace(ranks=ranks, states=states)


def _key(cond: Condition, areas: bool) -> tuple[Any, ...]:
    within = cond.areas if cond.areas in (None, "all") else tuple(cond.areas or [])
    s = cond.criteria
    if areas or s is None:
        return ("areas" if areas else "none", within)
    return ("criteria", within, s.level, s.significant, s.dominant, s.theme, None if s.ids is None else tuple(s.ids))


def selection(cond: Condition, board: Board) -> t.Selection:
    """What the condition's selector says, for the words of the trail."""
    within = None if cond.areas in (None, "all") else list(cond.areas or [])
    if board.reads_areas(cond):
        return t.Selection(items="areas", ids=within)
    s = cond.criteria
    if s is None:
        return t.Selection(items="criteria")
    return t.Selection(
        items="criteria",
        level=s.level,
        significant=s.significant,
        dominant=s.dominant,
        theme=s.theme,
        ids=s.ids,
        within=within,
    )


def single(c: Compare) -> tuple[str, object]:
    ops = c.ops()
    if len(ops) != 1:  # lint refuses such a framework before anything is graded
        raise ValueError(f"a comparison needs exactly one operator, found {len(ops)}")
    return ops[0]


def _target(c: Compare, board: Board) -> tuple[str, Fraction, str | None]:
    """A comparison's operator, its bound, and the threshold it names, if any."""
    op, value = single(c)
    return op, operand(value, board.thresholds), value if isinstance(value, str) else None  # type: ignore[arg-type]


def numerator(ranks: Sequence[int], partial_credit: Fraction) -> Fraction:
    """Met + partial_credit x partial, exactly."""
    return ranks.count(vocab.TOP) + partial_credit * ranks.count(1)


def share(cond: Condition, board: Board) -> tuple[Fraction, int, Fraction]:
    """(numerator, selected, share) of a `share` condition; 0 when nothing is selected."""
    ids = board.select(cond)
    top = numerator([board.ranks[i] for i in ids], board.thresholds["partial_credit"])
    return top, len(ids), (top / len(ids) if ids else Fraction(0))


def passes(cond: Condition, board: Board, rank: int) -> bool:
    """Whether an item of this rank passes the item test (`at_least` or `status`)."""
    scale = board.scale(cond)
    if cond.at_least is not None:
        return rank >= scale.index(cond.at_least)
    return scale[rank] in (cond.status or [])


class Linear(NamedTuple):
    """A condition as a weighted count: the sum of `weights[rank]` over `items`, compared
    with `bound` by `op`.

    Every test reads this way: `at_least`/`status` weigh a passing item 1 (without
    `count`, the sum must reach the number selected); a `share` weighs met 1 and partial
    `partial_credit`, against its threshold times the number selected (the threshold
    itself when nothing is selected, since the share is then 0). `holds` decides with
    it, so margins and sensitivity reason about the very rule that grades.
    """

    items: tuple[str, ...]
    weights: tuple[Fraction | int, ...]  # by rank; whole ones as ints (Fraction arithmetic is slow)
    op: str
    bound: Fraction | int

    def total(self, ranks: Mapping[str, int]) -> Fraction | int:
        counts = [0] * len(self.weights)
        for i in self.items:
            counts[ranks[i]] += 1
        return sum(w * n for w, n in zip(self.weights, counts, strict=True) if n and w)

    def holds(self, ranks: Mapping[str, int]) -> bool:
        return vocab.OPS[self.op](self.total(ranks), self.bound)


def linear(cond: Condition, board: Board) -> Linear:
    """The condition on this board as a weighted count (see Linear)."""
    ids = tuple(board.select(cond))
    if cond.share is not None:
        op, x, _ = _target(cond.share, board)
        return Linear(ids, (0, board.thresholds["partial_credit"], 1), op, x * len(ids) if ids else x)
    weights = tuple(int(passes(cond, board, k)) for k in range(len(board.scale(cond))))
    if cond.count is not None:
        op, n, _ = _target(cond.count, board)
        return Linear(ids, weights, op, n.numerator if n.denominator == 1 else n)
    return Linear(ids, weights, "gte", len(ids))


def holds(cond: Condition, board: Board) -> bool:
    """Whether the condition holds on this board: the one test a grade is decided by."""
    return linear(cond, board).holds(board.ranks)


def measure(cond: Condition, board: Board, grade: str) -> t.Check:
    """The condition tested on this board, with what was measured (for the trail)."""
    ids = board.select(cond)
    head: dict[str, Any] = {"grade": grade, "id": cond.id, "text": cond.text}
    holding = holds(cond, board)
    selects = selection(cond, board)
    if cond.share is not None:
        op, x, name = _target(cond.share, board)
        top, n, value = share(cond, board)
        return t.Check(
            **head,
            holds=holding,
            selects=selects,
            selected=n,
            test="share",
            every=False,
            value=vocab.exact(top),
            share=round(float(value), 4),
            op=op,
            bound=vocab.exact(x),
            threshold=name,
        )
    passing = [i for i in ids if passes(cond, board, board.ranks[i])]
    failed = set(ids).difference(passing)
    if cond.count is not None:
        op, wanted, name = _target(cond.count, board)
    else:
        op, wanted, name = "gte", Fraction(len(ids)), None
    return t.Check(
        **head,
        holds=holding,
        selects=selects,
        selected=len(ids),
        test="at_least" if cond.at_least is not None else "status",
        against=[cond.at_least] if cond.at_least is not None else list(cond.status or []),
        every=cond.count is None,
        passing=passing,
        failing=[i for i in ids if i in failed],
        states={i: board.states[i] for i in ids if i in failed},
        value=str(len(passing)),
        op=op,
        bound=vocab.exact(wanted),
        threshold=name,
    )


class Group(NamedTuple):
    """Any `k` of `of` reaching rank `to` make a condition hold."""

    k: int
    of: list[str]
    to: int


class Plan(NamedTuple):
    must: dict[str, int]  # item -> the rank it must reach
    groups: list[Group]
    blocked: t.Check | None = None  # a requirement no improvement can make hold


Graded = Sequence[tuple[str, Condition]]  # conditions, each with the grade it belongs to


def plan(conds: Graded, board: Board, order: Callable[[list[str]], list[str]]) -> Plan:
    """What makes every condition in `conds` hold: items that must reach a rank, then
    groups where ANY k of the listed items suffice. Conditions must be monotone (lint)."""
    must: dict[str, int] = {}
    for _, cond in conds:
        if cond.share is None and cond.count is None and cond.at_least is not None:
            need = board.scale(cond).index(cond.at_least)
            for i in board.select(cond):
                if board.ranks[i] < need:
                    must[i] = max(must.get(i, 0), need)
    after = board.raised(must)
    groups: list[Group] = []
    for grade, cond in conds:
        if (cond.share is None and cond.count is None) or holds(cond, after):
            continue
        group = _share_group(cond, after, order) if cond.share is not None else _count_group(cond, after, order)
        if group is None:  # even every selected item at its best is not enough
            best = after.raised({i: len(after.scale(cond)) - 1 for i in after.select(cond)})
            return Plan(must, groups, measure(cond, best, grade))
        same = next((g for g in groups if (g.of, g.to) == (group.of, group.to)), None)
        if same is None:
            groups.append(group)
        elif group.k > same.k:  # the same items for two conditions: any of the larger k serves both
            groups[groups.index(same)] = group
    return Plan(must, groups)


def _count_group(cond: Condition, board: Board, order: Callable[[list[str]], list[str]]) -> Group | None:
    assert cond.count is not None
    op, n, _ = _target(cond.count, board)
    if cond.at_least is None or op not in vocab.MONOTONE:
        return None
    ids = board.select(cond)
    have = sum(1 for i in ids if passes(cond, board, board.ranks[i]))
    wanted = int(n) + 1 if op == "gt" else -(-n.numerator // n.denominator)  # smallest count that passes
    candidates = order([i for i in ids if not passes(cond, board, board.ranks[i])])
    if have + len(candidates) < wanted:
        return None
    return Group(wanted - have, candidates, board.scale(cond).index(cond.at_least))


def _share_group(cond: Condition, board: Board, order: Callable[[list[str]], list[str]]) -> Group | None:
    assert cond.share is not None
    op, x, _ = _target(cond.share, board)
    if op not in vocab.MONOTONE:
        return None
    top, n, _ = share(cond, board)
    pc = board.thresholds["partial_credit"]
    gains = {
        i: 1 - pc if board.ranks[i] == 1 else Fraction(1) for i in board.select(cond) if board.ranks[i] < vocab.TOP
    }
    useful = order([i for i, g in gains.items() if g > 0])
    total = top
    for k, gain in enumerate(sorted(gains[i] for i in useful), start=1):  # ANY k: assume the smallest gains
        total += gain
        if n and vocab.OPS[op](total / n, x):
            return Group(k, useful, vocab.TOP)
    return None
