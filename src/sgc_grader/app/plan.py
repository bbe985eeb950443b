"""`sgc gap`: what it takes to move an area, or a composite, to a target grade."""

from __future__ import annotations

from typing import NamedTuple

from ..errors import SgcError
from ..grading.planning import composite_gap
from ..grading.planning import gap as gap_of
from ..results.plan import CompositeGapResult, GapResult
from .assess import Assessment, all_assessments, check_grade


class GapSettings(NamedTuple):
    evidence: str
    area: str | None = None  # an area or a composite; None: the one there is
    target: str | None = None
    criteria: str | None = None


def gap(settings: GapSettings) -> GapResult | CompositeGapResult:
    a = all_assessments([settings.evidence], settings.criteria, settings.area)[0]
    check_grade(a, "--target", settings.target)
    area = settings.area or _only(a)
    composites = {c.id: c for c in a.scale.framework.composites}
    if area in composites:
        try:
            return composite_gap(a.scale, a.sets, a.evidence, a.path, composites[area], settings.target)
        except ValueError as e:  # a composite with an area not in the evidence
            raise SgcError(a.path, 0, 0, f"--area {area}: {e}") from None
    cset = next(s for s in a.sets if s.id == area)
    return gap_of(a.scale, cset, a.evidence, a.path, settings.target)


def _only(a: Assessment) -> str:
    """Without --area: the framework's one composite, else the evidence's one area."""
    composites = [c.id for c in a.scale.framework.composites]
    choices = composites or list(a.evidence.areas)
    if len(choices) == 1:
        return choices[0]
    known = [*a.evidence.areas, *composites]
    raise SgcError(a.path, 0, 0, f"choose an area or composite with --area: {', '.join(known)}")
