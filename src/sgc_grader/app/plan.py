"""`sgc gap`: what it takes to move an area to a target grade."""

from __future__ import annotations

from typing import NamedTuple

from ..grading.planning import gap as gap_of
from ..results.plan import GapResult
from .assess import all_assessments, check_grade


class GapSettings(NamedTuple):
    evidence: str
    area: str
    target: str | None = None
    criteria: str | None = None


def gap(settings: GapSettings) -> GapResult:
    a = all_assessments([settings.evidence], settings.criteria, settings.area)[0]
    check_grade(a, "--target", settings.target)
    cset = next(s for s in a.sets if s.id == settings.area)
    return gap_of(a.scale, cset, a.evidence, a.path, settings.target)
