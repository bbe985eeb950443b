"""National summary of judgements over many evidence files (`sgc summary`).

Streams: each file is graded and reduced to one small row (its final grades and what a
moderator should look at) before the next is read, so memory does not grow with the
trails. With jobs > 1 the files are graded in worker processes, in order.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import field
from typing import Literal, cast

from .. import lint
from ..errors import LoadErrors, SgcError
from ..grading import engine
from ..grading.moderation import near_threshold
from ..reading.discover import Finder
from ..reading.framework import Scale
from ..reading.load import load
from ..reading.model import Condition, Evidence
from ..records import record
from ..results.grade import STRICT, GradeLabel, Margin, label_of


@record
class AreaCount:
    """How many subjects got each grade in one area (or composite)."""

    __pydantic_config__ = STRICT

    id: str
    title: str
    composite: bool
    counts: dict[str, int]  # grade id -> subjects, every grade of the scale
    reference: dict[str, dict[str, int]]  # the set's national_distribution, for comparison


@record
class Row:
    __pydantic_config__ = STRICT

    subject: str
    source_file: str
    grades: dict[str, str]  # area or composite id -> final grade


# margin: the computed grade is one finding (a composite: one area) from the next grade
# up, or from a lower one through a share or count it sits next to
Why = Literal["provisional", "borderline", "judged", "margin"]


@record
class Attention:
    __pydantic_config__ = STRICT

    subject: str
    source_file: str
    area: str
    grade: str
    why: Why
    detail: str


@record
class Shortfall:
    """How many subjects fell short of one criterion: what a thematic report is written from."""

    __pydantic_config__ = STRICT

    area: str
    id: str
    level: str
    text: str
    not_met: int  # found not met, or its rule false
    partial: int
    missing: int  # unassessed, or its rule could not be evaluated
    graded: int  # subjects whose area was graded


@record
class Failure:
    __pydantic_config__ = STRICT

    path: str
    line: int
    col: int
    message: str


@record
class SummaryResult:
    __pydantic_config__ = STRICT

    schema_version: Literal[2] = field(default=2)
    framework: str | None
    grades: list[GradeLabel]
    files: int
    areas: list[AreaCount]
    subjects: list[Row]
    attention: list[Attention]
    shortfalls: list[Shortfall]  # criteria not met by at least one subject, most often first
    failures: list[Failure]

    def label(self, grade: str) -> str:
        return label_of(self.grades, grade)


# One file, as a worker sends it back: its framework, subject, final grades, notes for
# moderation (area, grade, why, detail), failures, and criteria it fell short of. Plain
# tuples: the main process keeps one Row and a few Attentions per subject, with the
# ids, grades and details a national set repeats thousands of times shared (interned).
Note = tuple[str, str, "Why", str]
Graded = tuple[str | None, str, dict[str, str], list[Note], list[Failure], list[tuple[str, str, str]]]


_SHORT = {"not_met": "not_met", "partial": "partial", "unknown": "missing", "unassessed": "missing"}

# Criteria found and read once per process (the worker initializer makes it); lint
# results are cached with them, so each framework is checked once per process.
_FINDER: list[Finder] = []


def _init(criteria: str | None, configured: str | None) -> None:
    _FINDER[:] = [Finder(criteria, configured)]


def _grade_file(path: str) -> Graded:
    """One file -> its framework and row, or the reasons it could not be graded."""
    try:
        doc = load(path)
        if not isinstance(doc.doc, Evidence):
            return _failed([Failure(path=path, line=1, col=1, message="is not evidence")])
        found = _FINDER[0].find(doc.doc.framework, path)
    except LoadErrors as e:
        return _failed([_failure(x) for x in e.errors])
    except SgcError as e:  # no criteria for its framework
        line, col = doc.where("framework")
        return _failed([Failure(path=path, line=line, col=col, message=e.message)])
    ev = doc.doc
    errors = lint.misreadings(doc, found)
    if errors:
        return _failed([_failure(x) for x in errors])
    scale = found.scale(ev.framework)
    result = engine.grade(ev, scale, found.set_docs(ev.framework), path, options=engine.Options(trail=False))
    label = scale.label
    attention: list[Note] = []
    area_table = engine.area_table(scale)
    for a in result.areas:
        notes: list[tuple[Why, str]] = []
        if a.provisional:
            notes.append(("provisional", f"up to {label(a.best_possible)} if assessed: {', '.join(a.missing)}"))
        if a.borderline:
            computed = f"computed {label(a.computed_grade)}: " if a.judged else ""
            notes.append(("borderline", computed + "; ".join(c.detail for c in a.borderline_checks if c.holds)))
        if a.judged and a.judgement is not None:
            notes.append(("judged", f"computed {label(a.computed_grade)}: {a.judgement.rationale}"))
        close = _close(a.margin, area_table, scale, "finding")
        if close:
            notes.append(("margin", close))
        attention += [(a.id, a.grade, w, d) for w, d in notes]
    for comp, c in zip(
        (x for x in scale.framework.composites if x.id in {c.id for c in result.composites}),
        result.composites,
        strict=True,
    ):
        notes = []
        if c.provisional:
            notes.append(("provisional", f"up to {label(c.best_possible)} when its areas are assessed"))
        close = _close(c.margin, engine.composite_table(scale, comp), scale, "area")
        if close:
            notes.append(("margin", close))
        attention += [(c.id, c.grade, w, d) for w, d in notes]
    grades = {a.id: a.grade for a in result.areas} | {c.id: c.grade for c in result.composites}
    short: list[tuple[str, str, str]] = [
        (a.id, v.id, v.status) for a in result.areas for v in a.criteria if v.status in _SHORT
    ]
    return ev.framework, ev.subject, grades, attention, [], short


def _failed(failures: list[Failure]) -> Graded:
    return None, "", {}, [], failures, []


def _close(margin: Margin | None, table: list[list[Condition]], scale: Scale, noun: str) -> str:
    """Why a moderator should look at how close a computed grade is to another: one
    change from the next grade up, or one from a lower grade through a share or count.
    (Under HMIC's rules every grade above the lowest is one finding from a lower one
    through a requirement that every Fair criterion be met; listing all of them would
    bury the rest.)"""
    if margin is None:
        return ""
    grades, label = scale.grades, scale.label
    parts = []
    if margin.up == 1 and margin.up_by is not None and margin.up_by.exact:
        items = margin.up_by.candidates
        parts.append(f"1 {noun} from {label(margin.up_by.to)}: {'any of ' if len(items) > 1 else ''}{', '.join(items)}")
    if margin.down == 1 and margin.down_by is not None:
        conds = {(g, c.id): c for g, conds in zip(grades, table, strict=True) for c in conds}
        near = [s.requirement for s in margin.down_by.via if near_threshold(conds[(s.grade, s.requirement)])]
        if near:
            below = "" if grades.index(margin.down_by.to) == 0 else " or below"
            parts.append(f"1 {noun} from {label(margin.down_by.to)}{below}, through {', '.join(near)}")
    return "; ".join(parts)


def _failure(e: SgcError) -> Failure:
    return Failure(path=e.path, line=e.line, col=e.col, message=e.text())


def _results(paths: Sequence[str], criteria: str | None, configured: str | None, jobs: int) -> Iterator[Graded]:
    """Graded files in order; in this process or in workers."""
    _init(criteria, configured)
    if jobs <= 1:
        yield from map(_grade_file, paths)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(jobs, initializer=_init, initargs=(criteria, configured)) as pool:
        yield from pool.imap(_grade_file, paths, chunksize=16)


def summarise(
    paths: Sequence[str],
    criteria: str | None = None,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    configured: str | None = None,
) -> SummaryResult:
    """Grade every file and count final grades per area and composite, in criteria-file
    order. One framework per summary: files of another are listed as failures."""
    framework: str | None = None
    first: str | None = None
    counts: dict[str, dict[str, int]] = {}
    rows: list[Row] = []
    attention: list[Attention] = []
    failures: list[Failure] = []
    short: dict[tuple[str, str], dict[str, int]] = {}
    same = sys.intern
    results = zip(paths, _results(paths, criteria, configured, jobs), strict=True)
    for done, (path, (fw, subject, grades, notes, failed, fell)) in enumerate(results, start=1):
        if fw is not None and framework not in (None, fw):
            message = f"framework '{fw}' differs from '{framework}'; summarise one framework at a time"
            failed, fw = [Failure(path=path, line=0, col=0, message=message)], None
        failures += failed
        if fw is not None:
            framework, first = fw, first or path
            grades = {same(area): same(grade) for area, grade in grades.items()}
            rows.append(Row(subject=subject, source_file=path, grades=grades))
            for area, grade, why, detail in notes:
                where = {"subject": subject, "source_file": path, "area": same(area), "grade": same(grade)}
                attention.append(Attention(**where, why=cast(Why, same(why)), detail=same(detail)))
            for name, grade in grades.items():
                counts.setdefault(name, {})
                counts[name][grade] = counts[name].get(grade, 0) + 1
            for area, cid, status in fell:
                tally = short.setdefault((area, cid), {"not_met": 0, "partial": 0, "missing": 0})
                tally[_SHORT[status]] += 1
        if progress is not None:
            progress(done)
    found = _FINDER[0].find(framework, first) if framework else None
    scale = found.scale(framework) if found and framework else None
    areas = []
    if found is not None and scale is not None and framework is not None:
        named = [(s.id, s.title, False, s.national_distribution) for s in found.set_docs(framework)]
        named += [(c.id, c.title, True, {}) for c in scale.framework.composites]
        areas = [
            AreaCount(
                id=i, title=t, composite=comp, counts={g: counts[i].get(g, 0) for g in scale.grades}, reference=ref
            )
            for i, t, comp, ref in named
            if i in counts
        ]
    shortfalls = []
    if found is not None and framework is not None:
        for s in found.set_docs(framework):
            graded = sum(counts.get(s.id, {}).values())
            for c in s.criteria:
                if (s.id, c.id) in short:
                    n = short[(s.id, c.id)]
                    shortfalls.append(Shortfall(area=s.id, id=c.id, level=c.level, text=c.text, graded=graded, **n))
        shortfalls.sort(key=lambda x: -(x.not_met + x.partial + x.missing))  # stable: file order breaks ties
    return SummaryResult(
        framework=framework,
        grades=engine.grade_labels(scale) if scale else [],
        files=len(paths),
        areas=areas,
        subjects=rows,
        attention=attention,
        shortfalls=shortfalls,
        failures=failures,
    )
