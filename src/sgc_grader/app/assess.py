"""Evidence files paired with the criteria they are graded against, and why a file
cannot be graded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .. import lint
from ..errors import LoadErrors, SgcError
from ..lint.context import one_of, suggest
from ..reading.discover import Catalog, load_all
from ..reading.evidence import Evidence
from ..reading.framework import Scale
from ..reading.load import Loaded
from ..reading.model import CriteriaSet, Framework
from .settings import finder


class Assessment(NamedTuple):
    """An evidence file that can be graded, with the criteria it is graded against."""

    loaded: Loaded
    evidence: Evidence
    catalog: Catalog

    @property
    def path(self) -> str:
        return self.loaded.path

    @property
    def scale(self) -> Scale:
        return self.catalog.scale(self.evidence.framework)

    @property
    def sets(self) -> list[CriteriaSet]:
        return self.catalog.set_docs(self.evidence.framework)


def _kind(doc: object) -> str:
    return "a framework" if isinstance(doc, Framework) else "a criteria set"


def assessments(
    paths: Sequence[str], criteria: str | None, area: str | None = None
) -> tuple[list[Assessment], list[SgcError]]:
    """The evidence files that can be graded, with their criteria, and why the others
    cannot: no criteria for their framework, broken frameworks or criteria, unknown
    area, criterion, fact or grade."""
    find = finder(criteria)
    docs, failures, _ = load_all(paths)
    usable = []
    for d in docs:
        if not isinstance(d.doc, Evidence):
            failures.append(SgcError(d.path, 1, 1, f"is {_kind(d.doc)}, not evidence"))
            continue
        try:
            found = find.find(d.doc.framework, d.path)
        except LoadErrors as e:
            failures += [x for x in e.errors if x not in failures]
            continue
        except SgcError as e:
            failures.append(SgcError(d.path, *d.where("framework"), e.message))
            continue
        problems = lint.misreadings(d, found)
        composites = [c.id for c in found.scale(d.doc.framework).framework.composites]
        if not problems and area is not None and area not in d.doc.areas and area not in composites:
            known = [*d.doc.areas, *composites]
            what = "areas and composites" if composites else "areas"
            hint = suggest(area, known) or f" ({what}: {', '.join(known) or 'none'})"
            problems = [SgcError(d.path, 0, 0, f"--area {area}: not in this evidence{hint}")]
        failures += [e for e in problems if e not in failures]
        if not problems:
            usable.append(Assessment(d, d.doc, found))
    return usable, failures


def all_assessments(paths: Sequence[str], criteria: str | None, area: str | None = None) -> list[Assessment]:
    """As `assessments`, but every file must be usable (LoadErrors otherwise)."""
    usable, failures = assessments(paths, criteria, area)
    if failures:
        raise LoadErrors(failures)
    return usable


def check_grade(a: Assessment, option: str, grade: str | None) -> None:
    """An option that names a grade must name one of the evidence's framework."""
    grades = a.scale.grades
    if grade is not None and grade not in grades:
        fw = a.evidence.framework
        raise SgcError(a.path, 0, 0, f"{option} {grade}: not a grade of '{fw}'{one_of(grade, grades)}")
