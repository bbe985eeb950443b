"""The words every layer uses, named once: a criterion's statuses and their ranks, the
comparison operators, and how an exact number is written.

Renderers word these in one table (render/phrases.py), whose keys a test holds equal to
the statuses here.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Final, Literal, get_args

# --- statuses (docs/format.md section 11) ---------------------------------------------

FindingStatus = Literal["met", "partial", "not_met", "not_applicable"]  # what a finding may say
Status = Literal[FindingStatus, "unknown", "unassessed"]  # what a criterion ends up as

MET: Final = "met"
PARTIAL: Final = "partial"
NOT_MET: Final = "not_met"
NOT_APPLICABLE: Final = "not_applicable"
UNKNOWN: Final = "unknown"  # decided by a rule that could not be evaluated: a fact is missing
UNASSESSED: Final = "unassessed"  # no finding and no rule

FINDING_STATUSES: tuple[FindingStatus, ...] = get_args(FindingStatus)
STATUSES: tuple[Status, ...] = (*FINDING_STATUSES, UNKNOWN, UNASSESSED)
MISSING: tuple[Status, ...] = (UNKNOWN, UNASSESSED)  # evidence that could still be found
# The order conditions read, lowest first; unknown and unassessed rank as not met.
RANKED: tuple[Status, ...] = (NOT_MET, PARTIAL, MET)
TOP = len(RANKED) - 1
_RANK = {MET: 2, PARTIAL: 1}


def rank(status: str) -> int:
    """A status's place in RANKED (not met, unknown and unassessed: 0)."""
    return _RANK.get(status, 0)


def credits(status: str) -> bool:
    """Whether a finding gives a criterion credit (met or partly met)."""
    return status in (MET, PARTIAL)


# --- comparisons (docs/format.md section 7) -------------------------------------------

Op = Literal["gt", "gte", "lt", "lte", "eq"]
OPS: dict[str, Callable[[Fraction | int, Fraction | int], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "eq": operator.eq,
}
# The operators a requirement may use: meeting more can never make them fail.
MONOTONE: tuple[Op, ...] = ("gt", "gte")


# --- exact numbers ----------------------------------------------------------------------


def fraction(x: Fraction) -> str:
    """Exactly, as a whole number or a fraction: 3, 74/79."""
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def exact(x: Fraction) -> str:
    """Exactly, as a decimal where it is one (4.5), else as a fraction (9/22)."""
    if x.denominator == 1:
        return str(x.numerator)
    decimal = repr(float(x))
    return decimal if Fraction(decimal) == x else fraction(x)


def short(x: Fraction) -> str:
    """As a person reads it: whole, or a short decimal (4.5; 7/3 is 2.33333)."""
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"


def two_places(x: Fraction) -> str:
    """To two decimal places, halves rounded up (5/8 is 0.63, not 0.62)."""
    hundredths = (x * 100 + Fraction(1, 2)).__floor__()
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def three_places(x: float) -> str:
    """To at most three decimal places, without trailing zeros (0.409, 0.5)."""
    return f"{x:.3f}".rstrip("0").rstrip(".")


def written(value: object) -> str:
    """A YAML value as it is written in a file: true, 2007-10-01, 62.5, [a, b], text."""
    import datetime as dt

    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(written(v) for v in value) + "]"
    return str(value)
