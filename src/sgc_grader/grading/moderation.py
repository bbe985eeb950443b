"""Margins (docs/format.md section 8.9): how far a computed grade is from the next one up or down, as the
fewest findings (areas, in a composite) whose change would move it.

Reads the framework's requirement table through `conditions.linear`, the form the grade
itself is decided by, so no grading rule is written here a second time. Exact: every
answer is a minimum, not a bound (see STEPS for the one exception).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from typing import NamedTuple

from .. import vocab
from ..reading.model import Condition
from ..records import record
from ..results import grade as r
from ..results import trail as t
from .conditions import Board, Linear, linear

Order = Callable[[list[str]], list[str]]
Table = Sequence[Sequence[Condition]]


def _monotone(lin: Linear, cond: Condition) -> None:
    if lin.op not in vocab.MONOTONE:  # lint (SGC303) refuses such a framework before grading
        raise ValueError(f"requirement '{cond.id}' is not monotone ({lin.op}); margins need gt or gte")


# --- raising: the fewest items that make every condition of a set hold ----------------


@record(kw_only=False)
class Way:
    """The fewest items that must change: how many, one such set, and every item that
    belongs to at least one such set."""

    size: int
    example: list[str]  # one smallest set
    candidates: list[str]  # every item in at least one smallest set
    exact: bool = True  # false: the search was stopped (see STEPS); size is then an upper bound
    via: list[Condition] = field(default_factory=list)  # the conditions it breaks (lowering) or meets (raising)


class _Class(NamedTuple):
    """Items that are interchangeable: the same gain towards every unmet condition."""

    gains: tuple[int, ...]  # in each condition's own whole units (see _units)
    members: list[str]


@record(kw_only=False)
class _Problem:
    """Take the fewest items so that, for every condition j, the gains taken reach what
    it lacks. `best[j]`: the class indices, largest gain towards condition j first.
    `failed`: search states already shown impossible, with the largest budget tried."""

    classes: list[_Class]
    best: list[list[int]]
    failed: dict[tuple[int, tuple[int, ...], tuple[int, ...]], int] = field(default_factory=dict)
    steps: list[int] = field(default_factory=lambda: [0])  # search calls so far (see STEPS)


# The search is exact, and the problem (covering overlapping requirements with the
# fewest criteria) is NP-hard: a framework with many overlapping count requirements could
# make it run for minutes. The shipped framework takes under twenty steps an area, the
# generated ones in the tests under a hundred; past this many (about half a second), a
# greedy answer is given and marked as not exact.
STEPS = 5_000


class _Stopped(Exception):
    """The search took more than STEPS steps."""


def _at_least(p: _Problem, at: int, left: Sequence[int]) -> int | None:
    """A lower bound on how many more items (from class `at` on) are needed, None when
    even all of them cannot do: the larger of each condition's own minimum (filled
    largest gains first) and the total still lacking over the most one item can give."""
    most = 0
    for j, need in enumerate(left):
        count = 0
        for k in p.best[j]:
            if need <= 0 or p.classes[k].gains[j] <= 0:
                break
            if k < at:
                continue
            gain = p.classes[k].gains[j]
            n = min(len(p.classes[k].members), -(-need // gain))
            need -= n * gain
            count += n
        if need > 0:
            return None
        most = max(most, count)
    lacking = sum(x for x in left if x > 0)
    if lacking:
        one = max(sum(min(g, x) for g, x in zip(c.gains, left, strict=True) if x > 0) for c in p.classes[at:])
        most = max(most, -(-lacking // one))
    return most


def _search(p: _Problem, at: int, left: list[int], budget: int, floor: Sequence[int]) -> list[int] | None:
    """How many of each class (from `at` on, at least `floor` of each) meet every
    condition with at most `budget` items; None if no such choice exists. Branch and
    bound: the lower bound prunes, states shown impossible are remembered, and larger
    takes of earlier (cheaper) classes go first."""
    if not any(floor[at:]) and all(x <= 0 for x in left):
        return [0] * (len(p.classes) - at)
    if at == len(p.classes) or budget <= 0:
        return None
    p.steps[0] += 1
    if p.steps[0] > STEPS:
        raise _Stopped
    key = (at, tuple(left), tuple(floor[at:]))
    if p.failed.get(key, -1) >= budget:
        return None
    need = _at_least(p, at, left)
    if need is not None and max(need, sum(floor[at:])) <= budget:
        c = p.classes[at]
        for x in range(min(len(c.members), budget), floor[at] - 1, -1):
            # a condition met stays met: forget by how much, so equal states meet in `failed`
            after = [max(v - x * g, 0) for v, g in zip(left, c.gains, strict=True)]
            rest = _search(p, at + 1, after, budget - x, floor)
            if rest is not None:
                return [x, *rest]
    p.failed[key] = max(p.failed.get(key, -1), budget)
    return None


def _units(lin: Linear) -> tuple[int, list[int]]:
    """The common denominator of a condition's weights and bound, and the weights
    multiplied by it: every sum the condition compares becomes a whole number (Fraction
    arithmetic would dominate the search)."""
    u = math.lcm(lin.bound.denominator, *(w.denominator for w in lin.weights))
    return u, [w.numerator * (u // w.denominator) for w in lin.weights]


def _greedy(classes: list[_Class], left: list[int]) -> list[int]:
    """Some answer, not always the smallest: one item at a time, the one that gives most
    towards what is still lacking."""
    counts, left = [0] * len(classes), list(left)
    while any(x > 0 for x in left):
        open_ = [k for k, c in enumerate(classes) if counts[k] < len(c.members)]
        k = max(open_, key=lambda k: sum(min(g, x) for g, x in zip(classes[k].gains, left, strict=True) if x > 0))
        counts[k] += 1
        left = [x - g for x, g in zip(left, classes[k].gains, strict=True)]
    return counts


def _solve(classes: list[_Class], left: list[int]) -> tuple[list[int], set[int], bool] | None:
    """The fewest items meeting every condition: how many of each class one smallest
    answer takes, every class some smallest answer takes from, and whether that is exact
    (false when the search was stopped: a greedy answer); None if impossible."""
    best = [sorted(range(len(classes)), key=lambda k: classes[k].gains[j], reverse=True) for j in range(len(left))]
    p = _Problem(classes, best)
    least = _at_least(p, 0, left)
    if least is None:
        return None
    none = [0] * len(classes)
    try:
        size, counts = least, _search(p, 0, left, least, none)
        while counts is None:  # the first size that works is the minimum
            size += 1
            counts = _search(p, 0, left, size, none)
    except _Stopped:
        counts = _greedy(classes, left)
        return counts, {k for k, x in enumerate(counts) if x}, False
    used = {k for k, x in enumerate(counts) if x}
    try:
        for k, c in enumerate(classes):
            # a class outside this answer is in another smallest one if it gains at least
            # as much as a class taken (swap one for one), or else if some answer of the
            # same size takes at least one of it
            if k not in used and (
                any(all(a >= b for a, b in zip(c.gains, classes[u].gains, strict=True)) for u in used)
                or _search(p, 0, left, size, [int(n == k) for n in range(len(classes))]) is not None
            ):
                used.add(k)
    except _Stopped:
        return counts, used, False  # the size is exact; other smallest sets may be missing
    return counts, used, True


def _parts(classes: Sequence[_Class], n: int) -> list[tuple[list[int], list[int]]]:
    """Conditions that share no class can be met separately, and their minimums add up:
    the groups of conditions linked through a class, each with its classes."""
    group = list(range(n))

    def find(j: int) -> int:
        while group[j] != j:
            j = group[j]
        return j

    for c in classes:
        linked = [find(j) for j, g in enumerate(c.gains) if g > 0]
        for j in linked[1:]:
            group[j] = linked[0]
    parts: dict[int, tuple[list[int], list[int]]] = {}
    for j in range(n):
        parts.setdefault(find(j), ([], []))[0].append(j)
    for k, c in enumerate(classes):
        parts[find(next(j for j, g in enumerate(c.gains) if g > 0))][1].append(k)
    return list(parts.values())


def fewest_to_raise(conds: Iterable[Condition], board: Board, order: Order) -> Way | None:
    """The fewest items that, raised (to the top of their scale: met, or the top grade), make every
    condition in `conds` hold; None when raising every item is not enough.

    Exact: raising to the top is never worse (requirements are monotone); items with
    the same gain towards every unmet condition are interchangeable, so the search is
    over how many of each such class to take; conditions that share no class are solved
    apart and their minimums added; each part is searched in increasing total
    (iterative deepening from a lower bound that is exact for each condition alone), and
    the first total that works is its minimum.
    """
    unmet: list[Linear] = []
    blocking: list[Condition] = []
    left: list[int] = []  # what each unmet condition lacks, in its whole units
    gain_at: list[list[int]] = []  # what raising an item from each rank gains towards it
    for cond in conds:
        lin = linear(cond, board)
        _monotone(lin, cond)
        total = lin.total(board.ranks)
        if not vocab.OPS[lin.op](total, lin.bound):
            u, weights = _units(lin)
            unmet.append(lin)
            blocking.append(cond)
            # what it lacks, in whole units; a `gt` comparison needs one unit more
            left.append(int((lin.bound - total) * u) + (lin.op == "gt"))
            gain_at.append([weights[-1] - w for w in weights])  # raised to the top of its own scale
    if not unmet:
        return Way(0, [], [])
    everything = order(list(board.ranks))
    selected = [set(lin.items) for lin in unmet]
    by_gains: dict[tuple[int, ...], list[str]] = {}
    for item in everything:
        rank = board.ranks[item]
        if rank == len(board.scale_of(item)) - 1:
            continue
        gains = tuple(g[rank] if item in sel else 0 for g, sel in zip(gain_at, selected, strict=True))
        if any(gains):
            by_gains.setdefault(gains, []).append(item)
    classes = [_Class(g, m) for g, m in by_gains.items()]  # in order of their cheapest member
    size, chosen, usable, exact = 0, set(), set(), True
    for conditions, members in _parts(classes, len(unmet)):
        part = [_Class(tuple(classes[k].gains[j] for j in conditions), classes[k].members) for k in members]
        solved = _solve(part, [left[j] for j in conditions])
        if solved is None:
            return None
        counts, used, whole = solved
        size += sum(counts)
        chosen |= {i for c, x in zip(part, counts, strict=True) for i in c.members[:x]}
        usable |= {i for k in used for i in part[k].members}
        exact = exact and whole
    return Way(size, [i for i in everything if i in chosen], [i for i in everything if i in usable], exact, blocking)


def lowest_ranks(conds: Iterable[Condition], board: Board, items: Sequence[str]) -> dict[str, int]:
    """For a set of items that, raised to the top, makes every condition hold: the
    lowest rank each can stop at with the conditions still holding (decided one item at
    a time, in order), so advice says "partly meet" where that is enough."""
    lins = [linear(c, board) for c in conds]
    ranks = {**board.ranks, **{i: len(board.scale_of(i)) - 1 for i in items}}
    for i in items:
        for rank in range(board.ranks[i] + 1, len(board.scale_of(i)) - 1):
            if all(lin.holds({**ranks, i: rank}) for lin in lins):
                ranks[i] = rank
                break
    return {i: ranks[i] for i in items}


# --- lowering: the fewest items whose lowering breaks one condition ---------------------


def _fewest_to_break(lin: Linear, board: Board) -> tuple[int, list[str], list[str]] | None:
    """The fewest items whose lowering (to the bottom rank) makes a holding condition
    fail, one such set, and every item of some smallest set; None if it cannot fail.
    Exact: lowering only ever takes away, so the largest losses first are best."""
    u, weights = _units(lin)
    loss_at = [w - weights[0] for w in weights]  # by the rank lowered from, in whole units
    losses = [(loss_at[board.ranks[i]], i) for i in lin.items]
    # largest first; a reverse sort is stable, so ties stay in file order
    ranked = sorted(((loss, i) for loss, i in losses if loss > 0), key=operator.itemgetter(0), reverse=True)
    slack = int((lin.total(board.ranks) - lin.bound) * u)  # >= 0 (gte) or > 0 (gt): the condition holds

    def enough(loss: int) -> bool:
        return loss > slack if lin.op == "gte" else loss >= slack

    k, taken = 0, 0
    while not enough(taken):
        if k == len(ranked):
            return None
        taken += ranked[k][0]
        k += 1
    if k == 0:  # the condition does not hold: not one of a grade reached
        return None
    best = taken - ranked[k - 1][0]  # the k - 1 largest losses
    # an item is in some smallest set if it, with the k - 1 largest other losses, is enough
    usable = {i for n, (loss, i) in enumerate(ranked) if n < k or enough(loss + best)}
    return k, [i for _, i in ranked[:k]], [i for i in lin.items if i in usable]


def fewest_to_lower(table: Table, board: Board, index: int) -> Way | None:
    """The fewest items whose change lowers grade `index`; None at the lowest grade.

    Exact: the grade falls exactly when some requirement of it or a grade below fails,
    so the answer is the cheapest single requirement to break; lowering an item to the
    bottom is never worse than any other change (requirements are monotone).
    """
    best: Way | None = None
    seen: set[str] = set()
    via: list[Condition] = []
    for conds in table[1 : index + 1]:
        for cond in conds:
            lin = linear(cond, board)
            _monotone(lin, cond)
            found = _fewest_to_break(lin, board)
            if found is None:
                continue
            size, example, usable = found
            if best is None or size < best.size:
                best, seen, via = Way(size, example, []), set(usable), [cond]
            elif size == best.size:
                seen.update(usable)
                via.append(cond)
    if best is None:
        return None
    return Way(best.size, best.example, [i for i in board.ranks if i in seen], True, via)


def margin(grades: Sequence[str], table: Table, board: Board, index: int, order: Order) -> r.Margin:
    """How many items (criteria; areas in a composite) must change to lower grade
    `index`, and to raise it; null at the bottom or the top, or when no change can."""
    down = fewest_to_lower(table, board, index) if index > 0 else None
    up = fewest_to_raise(table[index + 1], board, order) if index + 1 < len(grades) else None

    def shift(way: Way | None, to: int) -> r.Shift | None:
        if way is None:
            return None
        where = {id(c): g for g, conds in enumerate(table) for c in conds}
        via = [t.Step(grade=grades[where[id(c)]], requirement=c.id, text=c.text) for c in way.via]
        return r.Shift(to=grades[to], example=way.example, candidates=way.candidates, via=via, exact=way.exact)

    return r.Margin(
        down=down.size if down else None,
        up=up.size if up else None,
        down_by=shift(down, index - 1),
        up_by=shift(up, index + 1),
    )


def near_threshold(cond: Condition) -> bool:
    """Whether a requirement compares a count or a share with a number, so that a grade
    can sit close to it. One that every selected item must pass is broken by any single
    change, whatever the area: being one finding from it says nothing about the area."""
    return cond.share is not None or cond.count is not None
