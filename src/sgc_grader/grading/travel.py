"""Direction of travel between two assessments of one subject (`sgc diff`)."""

from __future__ import annotations

from collections.abc import Callable

from ..results import grade as r
from ..results.compare import AreaDiff, DiffResult, Direction, GradeChange, StatusChange


def _direction(old: str | None, new: str | None, rank: Callable[[str], int]) -> Direction:
    if old is None:
        return "added"
    if new is None:
        return "removed"
    change = rank(new) - rank(old)
    return "improved" if change > 0 else "deteriorated" if change < 0 else "stable"


def _area(old: r.AreaResult | None, new: r.AreaResult | None, rank: Callable[[str], int]) -> AreaDiff:
    either = new or old
    assert either is not None
    before = {v.id: v.status for v in old.criteria} if old else {}
    after = {v.id: v.status for v in new.criteria} if new else {}
    recs_before = {x.id for x in old.recommendations} if old else set()
    recs_after = {x.id for x in new.recommendations} if new else set()
    return AreaDiff(
        id=either.id,
        title=either.title,
        old_grade=old.grade if old else None,
        new_grade=new.grade if new else None,
        direction=_direction(old.grade if old else None, new.grade if new else None, rank),
        old_version=old.criteria_version if old else None,
        new_version=new.criteria_version if new else None,
        version_changed=bool(old and new and old.criteria_version != new.criteria_version),
        changed=[
            StatusChange(id=c, old=before[c], new=after[c]) for c in after if c in before and before[c] != after[c]
        ],
        added_criteria=[c for c in after if c not in before] if old and new else [],
        removed_criteria=[c for c in before if c not in after] if old and new else [],
        new_recommendations=sorted(recs_after - recs_before),
        resolved_recommendations=sorted(recs_before - recs_after),
    )


def diff(old: r.SubjectResult, new: r.SubjectResult) -> DiffResult:
    """Compare two results of the same subject and framework; areas (then composites) in
    the newer result's order, then those only the older one has. Grades compared are the
    final ones."""
    rank = new.rank
    olds = {a.id: a for a in old.areas}
    news = {a.id: a for a in new.areas}
    areas = [_area(olds.get(a), news.get(a), rank) for a in [*news, *(a for a in olds if a not in news)]]
    old_c = {c.id: c for c in old.composites}
    new_c = {c.id: c for c in new.composites}
    composites = []
    for cid in [*new_c, *(c for c in old_c if c not in new_c)]:
        o, n = old_c.get(cid), new_c.get(cid)
        either = n or o
        assert either is not None
        o_grade, n_grade = (o.grade if o else None), (n.grade if n else None)
        composites.append(
            GradeChange(
                id=cid,
                title=either.title,
                old_grade=o_grade,
                new_grade=n_grade,
                direction=_direction(o_grade, n_grade, rank),
            )
        )
    return DiffResult(
        subject=new.subject,
        old_file=old.source_file,
        new_file=new.source_file,
        grades=new.grades,
        areas=areas,
        composites=composites,
        deteriorated=any(x.direction == "deteriorated" for x in areas)
        or any(x.direction == "deteriorated" for x in composites),
    )
