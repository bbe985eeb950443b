"""Conditions (SPEC section 1.3): select items, test them, and say what would make a
failing one hold.

The items are an area's criteria (ranked not met < partial < met) or a composite's
areas (ranked by grade). The same test decides a grade and, in `plan`, what the next
grade needs, so grade, next_grade and gap read one table. Exact fractions throughout.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

from ..reading.framework import operand
from ..reading.model import Compare, Condition

OPS: dict[str, Callable[[Fraction | int, Fraction | int], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "eq": operator.eq,
}
OP_TEXT = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "eq": "="}
CRITERIA_RANKS = ("not_met", "partial", "met")  # unknown and unassessed rank as not met


class Board(NamedTuple):
    """What conditions are tested on: each item's rank, and how to select and name them."""

    ranks: Mapping[str, int]  # item id -> rank (index into `scale`)
    scale: Sequence[str]  # rank -> name: CRITERIA_RANKS, or the grade ids
    labels: Mapping[str, str]  # how a rank's name reads ("Good"); criteria statuses as they are
    shown: Mapping[str, str]  # item id -> its state as the trail shows it ("partial", "Fair")
    thresholds: Mapping[str, Fraction]
    select: Callable[[Condition], list[str]]  # selected item ids, in file order
    describe: Callable[[Condition, int], str]  # of n items: "significant Fair criteria", "areas"
    share_name: Callable[[Condition], str]  # "Good share"

    @property
    def areas(self) -> bool:
        return self.scale is not CRITERIA_RANKS

    def raised(self, to: Mapping[str, int]) -> Board:
        """The board after the items in `to` reach (at least) those ranks."""
        ranks = {i: max(r, to.get(i, 0)) for i, r in self.ranks.items()}
        shown = {i: ("" if i in to else s) for i, s in self.shown.items()}
        return self._replace(ranks=ranks, shown=shown)


class Outcome(NamedTuple):
    holds: bool
    detail: str  # the numbers, in words: "Good share 3.5/13 = 0.27, needs > 0.50"


def single(c: Compare) -> tuple[str, object]:
    ops = c.ops()
    if len(ops) != 1:  # lint refuses such a framework before anything is graded
        raise ValueError(f"a comparison needs exactly one operator, found {len(ops)}")
    return ops[0]


def _target(c: Compare, board: Board) -> tuple[str, Fraction]:
    op, value = single(c)
    return op, operand(value, board.thresholds)  # type: ignore[arg-type]


def num(x: Fraction) -> str:
    """A number as the trail shows it: whole, or as a short decimal (4.5)."""
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"


def two_places(x: Fraction) -> str:
    """A fraction to two decimal places, halves rounded up (5/8 is 0.63, not 0.62)."""
    hundredths = (x * 100 + Fraction(1, 2)).__floor__()
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def numerator(ranks: Iterable[int], partial_credit: Fraction) -> Fraction:
    """Met + partial_credit x partial, exactly."""
    ranks = list(ranks)
    return ranks.count(2) + partial_credit * ranks.count(1)


def share(cond: Condition, board: Board) -> tuple[Fraction, int, Fraction]:
    """(numerator, selected, share) of a `share` condition; 0 when nothing is selected."""
    ids = board.select(cond)
    top = numerator((board.ranks[i] for i in ids), board.thresholds["partial_credit"])
    return top, len(ids), (top / len(ids) if ids else Fraction(0))


def passes(cond: Condition, board: Board, item: str) -> bool:
    """Whether one item passes the item test (`at_least` or `status`)."""
    return _rank_passes(cond, board, board.ranks[item])


def _rank_passes(cond: Condition, board: Board, rank: int) -> bool:
    if cond.at_least is not None:
        return rank >= board.scale.index(cond.at_least)
    return board.scale[rank] in (cond.status or [])


class Linear(NamedTuple):
    """A condition as a weighted count: the sum of `weights[rank]` over `items`, compared
    with `bound` by `op`.

    Every test reads this way: `at_least`/`status` weigh a passing item 1 (without
    `count`, the sum must reach the number selected); a `share` weighs met 1 and partial
    `partial_credit`, against its threshold times the number selected (the threshold
    itself when nothing is selected, since the share is then 0). `test` decides with it,
    so margins and sensitivity reason about the very rule that grades.
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
        return OPS[self.op](self.total(ranks), self.bound)


def linear(cond: Condition, board: Board) -> Linear:
    """The condition on this board as a weighted count (see Linear)."""
    ids = tuple(board.select(cond))
    if cond.share is not None:
        op, x = _target(cond.share, board)
        return Linear(ids, (0, board.thresholds["partial_credit"], 1), op, x * len(ids) if ids else x)
    weights = tuple(int(_rank_passes(cond, board, k)) for k in range(len(board.scale)))
    if cond.count is not None:
        op, n = _target(cond.count, board)
        return Linear(ids, weights, op, n.numerator if n.denominator == 1 else n)
    return Linear(ids, weights, "gte", len(ids))


def _verb(cond: Condition, board: Board, positive: bool) -> str:
    if cond.at_least is not None:
        if board.areas:
            return f"{board.labels[cond.at_least]} or better" if positive else f"below {board.labels[cond.at_least]}"
        if positive:
            return "met" if cond.at_least == "met" else "at least partly met"
        return "not met"
    names = " or ".join(board.labels.get(s, s.replace("_", " ")) for s in cond.status or [])
    return names if positive else f"not {names}"


def _items(ids: Sequence[str], board: Board) -> str:
    return ", ".join(f"{i} ({board.shown[i]})" if board.shown.get(i) else i for i in ids)


def test(cond: Condition, board: Board) -> Outcome:
    """Whether the condition holds (decided by its Linear form), with its numbers in words."""
    holds = linear(cond, board).holds(board.ranks)
    if cond.share is not None:
        op, x = _target(cond.share, board)
        top, n, value = share(cond, board)
        detail = f"{board.share_name(cond)} {num(top)}/{n} = {two_places(value)}, needs {OP_TEXT[op]} {two_places(x)}"
        return Outcome(holds, detail)
    ids = board.select(cond)
    good = [i for i in ids if passes(cond, board, i)]
    what = board.describe(cond, len(ids))
    if cond.count is not None:
        op, wanted = _target(cond.count, board)
        shown = f": {', '.join(good)}" if good and cond.status is not None else ""
        needs = f"needs {OP_TEXT[op]} {num(wanted)}"
        detail = f"{len(good)} of {len(ids)} {what} {_verb(cond, board, True)}{shown}, {needs}"
        return Outcome(holds, detail)
    passed = set(good)
    bad = [i for i in ids if i not in passed]
    if not bad:
        return Outcome(holds, f"all {len(ids)} {what} {_verb(cond, board, True)}")
    return Outcome(holds, f"{len(bad)} of {len(ids)} {what} {_verb(cond, board, False)}: {_items(bad, board)}")


class Group(NamedTuple):
    """Any `k` of `of` reaching rank `to` make a condition hold."""

    k: int
    of: list[str]
    to: int


class Plan(NamedTuple):
    must: dict[str, int]  # item -> the rank it must reach
    groups: list[Group]
    why_not: str | None = None


def plan(conds: Sequence[Condition], board: Board, order: Callable[[list[str]], list[str]]) -> Plan:
    """What makes every condition in `conds` hold: items that must reach a rank, then
    groups where ANY k of the listed items suffice. Conditions must be monotone (lint)."""
    must: dict[str, int] = {}
    for cond in conds:
        if cond.share is None and cond.count is None and cond.at_least is not None:
            need = board.scale.index(cond.at_least)
            for i in board.select(cond):
                if board.ranks[i] < need:
                    must[i] = max(must.get(i, 0), need)
    after = board.raised(must)
    groups: list[Group] = []
    for cond in conds:
        if cond.share is None and cond.count is None:
            continue
        if test(cond, after).holds:
            continue
        group = _share_group(cond, after, order) if cond.share is not None else _count_group(cond, after, order)
        if isinstance(group, str):
            return Plan(must, groups, f"{cond.id}: {group}")
        same = next((g for g in groups if (g.of, g.to) == (group.of, group.to)), None)
        if same is None:
            groups.append(group)
        elif group.k > same.k:  # the same items for two conditions: any of the larger k serves both
            groups[groups.index(same)] = group
    return Plan(must, groups)


def _count_group(cond: Condition, board: Board, order: Callable[[list[str]], list[str]]) -> Group | str:
    assert cond.count is not None
    op, n = _target(cond.count, board)
    if cond.at_least is None or op not in ("gt", "gte"):
        return "not a requirement that improving findings can meet"
    ids = board.select(cond)
    have = sum(1 for i in ids if passes(cond, board, i))
    wanted = int(n) + 1 if op == "gt" else -(-n.numerator // n.denominator)  # smallest count that passes
    candidates = order([i for i in ids if not passes(cond, board, i)])
    if have + len(candidates) < wanted:
        return (
            f"only {len(ids)} {board.describe(cond, len(ids))} can be {_verb(cond, board, True)}, "
            f"needs {OP_TEXT[op]} {num(n)}"
        )
    return Group(wanted - have, candidates, board.scale.index(cond.at_least))


def _share_group(cond: Condition, board: Board, order: Callable[[list[str]], list[str]]) -> Group | str:
    assert cond.share is not None
    op, x = _target(cond.share, board)
    if op not in ("gt", "gte"):
        return "not a requirement that improving findings can meet"
    top, n, _ = share(cond, board)
    pc = board.thresholds["partial_credit"]
    gains = {i: 1 - pc if board.ranks[i] == 1 else Fraction(1) for i in board.select(cond) if board.ranks[i] < 2}
    useful = order([i for i, g in gains.items() if g > 0])
    total = top
    for k, gain in enumerate(sorted(gains[i] for i in useful), start=1):  # ANY k: assume the smallest gains
        total += gain
        if n and OPS[op](total / n, x):
            return Group(k, useful, 2)
    verb = "exceed" if op == "gt" else "reach"
    return f"the {board.share_name(cond)} cannot {verb} {two_places(x)} even with every one met"
