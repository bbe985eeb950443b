"""The grading procedure as data (docs/format.md sections 3 and 6): what a framework says about grades,
levels, flags and named numbers. No IO here (the default framework is a file: see
discover.default_framework)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from fractions import Fraction

from ..reading.model import CriteriaSet, Criterion, Framework, Operand
from ..records import record

DEFAULT_THRESHOLDS: dict[str, int | float] = {
    "good_share": 0.5,
    "excellent_share": 0.8,
    "poor_fair_failures": 3,
    "partial_credit": 0.5,
}


@functools.lru_cache(maxsize=256)
def frac(x: float) -> Fraction:
    """The decimal a user wrote (0.8 means 4/5, not the nearest binary float)."""
    return Fraction(str(x))


@record(kw_only=False)
class Scale:
    """A framework read for grading: grade order and labels, levels, and flags."""

    framework: Framework

    @functools.cached_property
    def grades(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.framework.grades)

    @functools.cached_property
    def labels(self) -> dict[str, str]:
        return {g.id: g.label or _title(g.id) for g in self.framework.grades}

    @functools.cached_property
    def level_labels(self) -> dict[str, str]:
        """A level is named like the grade of the same id, if there is one."""
        return {lv: self.labels.get(lv, _title(lv)) for lv in self.framework.levels}

    def rank(self, grade: str) -> int:
        return self.grades.index(grade)

    def label(self, grade: str) -> str:
        return self.labels.get(grade, grade)

    def level_rank(self, level: str) -> int:
        levels = self.framework.levels
        return levels.index(level) if level in levels else len(levels)

    def significant(self, c: Criterion) -> bool:
        """Explicit flag, else true on the lowest level; dominant implies significant."""
        if c.dominant:
            return True
        return c.significant if c.significant is not None else c.level == self.framework.levels[0]

    def thresholds(self, cset: CriteriaSet | None) -> dict[str, Fraction]:
        """Named numbers: the set's, else the framework's, else the defaults."""
        merged = {**DEFAULT_THRESHOLDS, **self.framework.thresholds, **(cset.thresholds if cset else {})}
        return {k: frac(v) for k, v in merged.items()}

    def known_thresholds(self) -> set[str]:
        return set(DEFAULT_THRESHOLDS) | set(self.framework.thresholds)


def operand(value: Operand, thresholds: Mapping[str, Fraction]) -> Fraction:
    """A number as written, or the value of the threshold it names."""
    if isinstance(value, str):
        return thresholds[value]
    return frac(value)


def _title(id_: str) -> str:
    return id_.replace("-", " ").replace("_", " ").capitalize()
