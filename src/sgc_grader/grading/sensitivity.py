"""Threshold sensitivity (docs/format.md section 8.9): for each named threshold an area's requirements
read, the nearest values below and above the current one at which its computed grade
would change, and whether that value itself does.

Reads the requirement table through `conditions.linear` and grades with the caller's
`grade_index`, so no grading rule is written here a second time. Exact fractions throughout.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from .. import vocab
from ..reading.model import Compare, Condition
from ..results import grade as r
from .conditions import Board, linear

Table = Sequence[Sequence[Condition]]
Climb = Callable[[Board], int]  # the grade index a board reaches (engine.grade_index)


def threshold_names(table: Table) -> list[str]:
    """The named thresholds the requirements read, in table order; `partial_credit`
    whenever a share is read (it weighs partly met criteria)."""
    names: list[str] = []
    for conds in table:
        for cond in conds:
            for compare in (cond.share, cond.count):
                for _, value in compare.ops() if compare is not None else []:
                    if isinstance(value, str) and value not in names:
                        names.append(value)
    if any(c.share is not None for conds in table for c in conds) and "partial_credit" not in names:
        names.append("partial_credit")
    return names


def _reads(cond: Condition, name: str) -> tuple[bool, bool]:
    """Whether `name` is compared with a share, and with a count, by this condition."""

    def named(compare: Compare | None) -> bool:
        return compare is not None and any(v == name for _, v in compare.ops())

    return named(cond.share) or (name == "partial_credit" and cond.share is not None), named(cond.count)


def _critical(table: Table, board: Board, name: str) -> tuple[dict[Fraction, str], Fraction]:
    """The values of `name` at which some requirement's truth can change, each with how
    it reads ("4.5/11" for a share), and the top of its range (1 for shares and
    partial_credit, the number of items selected for counts)."""
    at: dict[Fraction, str] = {}
    high = Fraction(0)
    for conds in table:
        for cond in conds:
            by_share, by_count = _reads(cond, name)
            if not (by_share or by_count):
                continue
            # both sides of the comparison are affine in the threshold: solve where they meet
            f0, f1 = (
                Fraction(lin.total(board.ranks) - lin.bound)  # exact: ints would divide as floats below
                for lin in (linear(cond, _with(board, name, Fraction(v))) for v in (0, 1))
            )
            n = len(board.select(cond))
            high = max(high, Fraction(1) if by_share else Fraction(n))
            if f1 == f0:
                continue
            point = f0 / (f0 - f1)
            shown = (
                f"{vocab.exact(point * n)}/{n}" if by_share and name != "partial_credit" and n else vocab.exact(point)
            )
            at.setdefault(point, shown)
    return at, high


def _with(board: Board, name: str, value: Fraction) -> Board:
    return board._replace(thresholds={**board.thresholds, name: value})


def _walk(
    start: Fraction, points: Sequence[Fraction], grade_at: Callable[[Fraction], int], now: int
) -> tuple[Fraction, bool, int] | None:
    """From `start` through `points` (ordered away from it): the nearest value where the
    grade differs, whether that value itself is included, and the grade there. The grade
    is constant between neighbouring critical values, so one sample of each open
    interval and each point is exact."""
    previous = start
    for p in points:
        inside = grade_at((p + previous) / 2)
        if inside != now:
            return previous, False, inside
        at = grade_at(p)
        if at != now:
            return p, True, at
        previous = p
    return None


def _boundary(
    found: tuple[Fraction, bool, int] | None, critical: dict[Fraction, str], grades: Sequence[str]
) -> r.Boundary | None:
    if found is None:
        return None
    at, included, index = found
    return r.Boundary(at=float(at), exact=critical.get(at, vocab.exact(at)), included=included, grade=grades[index])


def _one(grades: Sequence[str], table: Table, board: Board, climb: Climb, name: str, now: int) -> r.Sensitivity:
    value = board.thresholds[name]
    critical, high = _critical(table, board, name)
    low, high = min(Fraction(0), value), max(high, value)
    points = sorted({p for p in critical if low <= p <= high} | {low, high})

    def grade_at(v: Fraction) -> int:
        return climb(_with(board, name, v))

    below = _walk(value, [p for p in reversed(points) if p < value], grade_at, now)
    above = _walk(value, [p for p in points if p > value], grade_at, now)
    return r.Sensitivity(
        value=float(value),
        changes_below=float(below[0]) if below else None,
        changes_above=float(above[0]) if above else None,
        low=float(low),
        high=float(high),
        below=_boundary(below, critical, grades),
        above=_boundary(above, critical, grades),
    )


def sensitivity(grades: Sequence[str], table: Table, board: Board, climb: Climb) -> dict[str, r.Sensitivity]:
    """For each named threshold the requirements read: the nearest values below and
    above the current one at which the computed grade would change, within its range
    (shares and partial_credit 0 to 1, counts 0 to the number selected).

    Exact: each requirement compares two sides that are affine in the threshold, so its
    truth can change only where they meet; between neighbouring such values the grade is
    constant, and one sample inside each interval and one at each value find the
    nearest change and whether the value itself is included.
    """
    now = climb(board)
    return {name: _one(grades, table, board, climb, name, now) for name in threshold_names(table)}
