"""National summary of judgements over many evidence files (`sgc summary`).

Streams: each file is graded and reduced to one small row (its final grades and what a
moderator should look at) before the next is read, so memory does not grow with the
trails. With jobs > 1 the files are graded in worker processes, in order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from . import engine, lint
from .errors import LoadErrors, SgcError
from .framework import load_criteria
from .load import Loaded, load
from .model import GRADES, CriteriaSet, Evidence, Grade
from .result import STRICT


@dataclass(frozen=True, kw_only=True)
class AreaCount:
    __pydantic_config__ = STRICT

    id: str
    title: str
    excellent: int
    good: int
    fair: int
    poor: int


@dataclass(frozen=True, kw_only=True)
class Row:
    __pydantic_config__ = STRICT

    subject: str
    source_file: str
    grades: dict[str, Grade]


@dataclass(frozen=True, kw_only=True)
class Attention:
    __pydantic_config__ = STRICT

    subject: str
    source_file: str
    area: str
    grade: Grade
    why: Literal["provisional", "borderline", "judged"]
    detail: str


@dataclass(frozen=True, kw_only=True)
class Failure:
    __pydantic_config__ = STRICT

    path: str
    line: int
    col: int
    message: str


@dataclass(frozen=True, kw_only=True)
class SummaryResult:
    __pydantic_config__ = STRICT

    schema_version: Literal[1] = field(default=1)
    files: int
    areas: list[AreaCount]
    subjects: list[Row]
    attention: list[Attention]
    failures: list[Failure]


Graded = tuple[Row | None, list[Attention], list[Failure]]


# Criteria read once per process (the worker initializer fills them).
_SETS: list[CriteriaSet] = []
_LOADED: list[Loaded] = []


def _init(criteria: str | None) -> None:
    loaded, errors = load_criteria(criteria)
    if errors:
        raise LoadErrors(errors)
    _LOADED[:] = loaded
    _SETS[:] = [s.doc for s in loaded if isinstance(s.doc, CriteriaSet)]


def _grade_file(path: str) -> Graded:
    """One file -> its row, or the reasons it could not be graded."""
    try:
        doc = load(path)
    except LoadErrors as e:
        return None, [], [_failure(x) for x in e.errors]
    if not isinstance(doc.doc, Evidence):
        return None, [], [Failure(path=path, line=1, col=1, message="is a criteria set, not evidence")]
    ev = doc.doc
    errors = lint.misreadings(doc, _LOADED)
    if errors:
        return None, [], [_failure(x) for x in errors]
    result = engine.grade(ev, _SETS, path)
    attention = []
    for a in result.areas:
        notes: list[tuple[Literal["provisional", "borderline", "judged"], str]] = []
        if a.provisional:
            notes.append(("provisional", f"up to {a.best_possible} if assessed: {', '.join(a.missing)}"))
        if a.borderline:
            notes.append(("borderline", a.reason))
        if a.judged and a.judgement is not None:
            notes.append(("judged", f"computed {a.computed_grade}: {a.judgement.rationale}"))
        attention += [
            Attention(subject=ev.subject, source_file=path, area=a.id, grade=a.grade, why=w, detail=d) for w, d in notes
        ]
    row = Row(subject=ev.subject, source_file=path, grades={a.id: a.grade for a in result.areas})
    return row, attention, []


def _failure(e: SgcError) -> Failure:
    return Failure(path=e.path, line=e.line, col=e.col, message=e.message)


def _results(paths: Sequence[str], criteria: str | None, jobs: int) -> Iterator[Graded]:
    """Graded files in order; in this process (criteria already read) or in workers."""
    if jobs <= 1:
        yield from map(_grade_file, paths)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(jobs, initializer=_init, initargs=(criteria,)) as pool:
        yield from pool.imap(_grade_file, paths, chunksize=16)


def summarise(
    paths: Sequence[str], criteria: str | None = None, jobs: int = 1, progress: Callable[[int], None] | None = None
) -> SummaryResult:
    """Grade every file and count final grades per area, in criteria-file order."""
    _init(criteria)  # fail early, in this process, if the criteria cannot be read
    titles = {s.id: s.title for s in _SETS}
    counts: dict[str, dict[str, int]] = {}
    rows: list[Row] = []
    attention: list[Attention] = []
    failures: list[Failure] = []
    for done, (row, notes, failed) in enumerate(_results(paths, criteria, jobs), start=1):
        failures += failed
        attention += notes
        if row is not None:
            rows.append(row)
            for area, grade in row.grades.items():
                counts.setdefault(area, dict.fromkeys(GRADES, 0))[grade] += 1
        if progress is not None:
            progress(done)
    areas = [AreaCount(id=a, title=titles[a], **counts[a]) for a in titles if a in counts]
    return SummaryResult(files=len(paths), areas=areas, subjects=rows, attention=attention, failures=failures)
