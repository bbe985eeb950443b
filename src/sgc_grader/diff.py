"""Direction of travel between two assessments of one subject (`sgc diff`)."""

from __future__ import annotations

from . import result as r
from .model import GRADES


def _direction(old: r.AreaResult | None, new: r.AreaResult | None) -> r.Direction:
    if old is None:
        return "added"
    if new is None:
        return "removed"
    change = GRADES.index(new.grade) - GRADES.index(old.grade)
    return "improved" if change > 0 else "deteriorated" if change < 0 else "stable"


def _area(old: r.AreaResult | None, new: r.AreaResult | None) -> r.AreaDiff:
    either = new or old
    assert either is not None
    before = {v.id: v.status for v in old.criteria} if old else {}
    after = {v.id: v.status for v in new.criteria} if new else {}
    recs_before = {x.id for x in old.recommendations} if old else set()
    recs_after = {x.id for x in new.recommendations} if new else set()
    return r.AreaDiff(
        id=either.id,
        title=either.title,
        old_grade=old.grade if old else None,
        new_grade=new.grade if new else None,
        direction=_direction(old, new),
        old_version=old.criteria_version if old else None,
        new_version=new.criteria_version if new else None,
        version_changed=bool(old and new and old.criteria_version != new.criteria_version),
        changed=[
            r.StatusChange(id=c, old=before[c], new=after[c]) for c in after if c in before and before[c] != after[c]
        ],
        added_criteria=[c for c in after if c not in before] if old and new else [],
        removed_criteria=[c for c in before if c not in after] if old and new else [],
        new_recommendations=sorted(recs_after - recs_before),
        resolved_recommendations=sorted(recs_before - recs_after),
    )


def diff(old: r.SubjectResult, new: r.SubjectResult) -> r.DiffResult:
    """Compare two results of the same subject; areas in the newer result's order, then
    those only the older one has. Grades compared are the final ones."""
    olds = {a.id: a for a in old.areas}
    news = {a.id: a for a in new.areas}
    ids = list(news) + [a for a in olds if a not in news]
    areas = [_area(olds.get(a), news.get(a)) for a in ids]
    return r.DiffResult(
        subject=new.subject,
        old_file=old.source_file,
        new_file=new.source_file,
        areas=areas,
        deteriorated=any(a.direction == "deteriorated" for a in areas),
    )
