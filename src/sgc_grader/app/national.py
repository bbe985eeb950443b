"""National summary of judgements over many evidence files (`sgc summary`).

Streams: each file is graded and reduced to one small row (its final grades and what a
moderator should look at) before the next is read, so memory does not grow with the
trails. With jobs > 1 the files are graded in worker processes, in order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import field, replace
from typing import Any

from .. import lint, vocab
from ..errors import LoadErrors, SgcError
from ..grading import engine
from ..grading.moderation import near_threshold
from ..reading.discover import Finder
from ..reading.evidence import Evidence
from ..reading.framework import Scale
from ..reading.load import load
from ..reading.model import Condition
from ..reading.yamlread import STDIN
from ..records import record
from ..results.grade import Margin, Shift, SubjectResult
from ..results.national import AreaCount, Attention, Failure, Row, Shortfall, SummaryResult
from ..results.trail import Step
from .settings import configured_criteria, settings_for

Page = Callable[[SubjectResult], str]  # a subject's report, for a national site


@record(kw_only=False)
class Graded:
    """One file, as a worker sends it back: its framework (None when it could not be
    graded), subject, final grades, notes for moderation, why it failed, the criteria it
    fell short of (area, criterion, status), and its report when one was asked for."""

    framework: str | None
    subject: str = ""
    grades: dict[str, str] = field(default_factory=dict)
    notes: list[Attention] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    fell: Sequence[tuple[str, str, str]] = ()
    page: str | None = None


# How a shortfall is counted: not met, partly met, or missing (unknown or unassessed).
_SHORT = {vocab.NOT_MET: vocab.NOT_MET, vocab.PARTIAL: vocab.PARTIAL} | dict.fromkeys(vocab.MISSING, "missing")


class Worker:
    """What grading one file needs, made once per process: the criteria search (each
    folder read once, each framework linted once) and the report renderer, if any."""

    def __init__(self, criteria: str | None, page: Page | None):
        self.finder = Finder(criteria, configured_criteria)
        self.page = page

    def grade(self, path: str) -> Graded:
        """One file -> its framework and row, or the reasons it could not be graded."""
        try:
            doc = load(path)
            path = doc.path  # standard input: `<stdin>`, as every answer names it
            if not isinstance(doc.doc, Evidence):
                return Graded(None, failures=[Failure(path=path, line=1, col=1, message="is not evidence")])
            found = self.finder.find(doc.doc.framework, path)
        except LoadErrors as e:
            return Graded(None, failures=[_failure(x) for x in e.errors])
        except SgcError as e:  # no criteria for its framework
            line, col = doc.where("framework")
            return Graded(None, failures=[Failure(path=path, line=line, col=col, message=e.message)])
        ev = doc.doc
        errors = lint.misreadings(doc, found)
        if errors:
            return Graded(None, failures=[_failure(x) for x in errors])
        scale = found.scale(ev.framework)
        options = engine.Options(trail=self.page is not None)  # a report shows the whole trail
        result = engine.grade(ev, scale, found.set_docs(ev.framework), path, options=options)
        grades = {a.id: a.grade for a in result.areas} | {c.id: c.grade for c in result.composites}
        fell = [(a.id, v.id, v.status) for a in result.areas for v in a.criteria if v.status in _SHORT]
        page = self.page(result) if self.page is not None else None
        return Graded(ev.framework, ev.subject, grades, _notes(result, scale), [], fell, page)


# The worker of this process (made by the pool's initializer, or by _results itself).
_WORKER: list[Worker] = []


def _start(criteria: str | None, page: Page | None) -> None:
    _WORKER[:] = [Worker(criteria, page)]


def _start_worker(criteria: str | None, page: Page | None) -> None:
    """A worker process: its pool ends it with SIGTERM, which must end it at once (the
    command line turns SIGTERM into a clean exit, and a worker that inherited that would
    unwind while holding the pool's queue lock, and the pool would wait for ever)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _start(criteria, page)


def _grade_file(path: str) -> Graded:
    return _WORKER[0].grade(path)


def _notes(result: SubjectResult, scale: Scale) -> list[Attention]:
    """What a moderator should look at in one subject's grades."""
    out: list[Attention] = []
    table = engine.area_table(scale)
    for a in result.areas:
        where: dict[str, Any] = {"subject": result.subject, "source_file": result.source_file, "area": a.id}
        where["grade"] = a.grade
        if a.provisional:
            out.append(Attention(**where, why="provisional", best_possible=a.best_possible, missing=a.missing))
        if a.borderline:
            holding = [c for c in a.borderline_checks if c.holds]
            computed = a.computed_grade if a.judged else None
            out.append(Attention(**where, why="borderline", computed=computed, checks=holding))
        if a.judged and a.judgement is not None:
            rationale = a.judgement.rationale
            out.append(Attention(**where, why="judged", computed=a.computed_grade, rationale=rationale))
        close = _close(a.margin, table, scale)
        if close is not None:
            out.append(Attention(**where, why="margin", up=close[0], down=close[1], through=close[2]))
    composites = {c.id: c for c in scale.framework.composites}
    for c in result.composites:
        where = {"subject": result.subject, "source_file": result.source_file, "area": c.id}
        where["grade"] = c.grade
        if c.provisional:
            out.append(Attention(**where, why="provisional", composite=True, best_possible=c.best_possible))
        if c.judged and c.judgement is not None:
            rationale = c.judgement.rationale
            out.append(Attention(**where, why="judged", composite=True, computed=c.computed_grade, rationale=rationale))
        close = _close(c.margin, engine.composite_table(scale, composites[c.id]), scale)
        if close is not None:
            out.append(Attention(**where, why="margin", composite=True, up=close[0], down=close[1], through=close[2]))
    return out


def _close(
    margin: Margin | None, table: list[list[Condition]], scale: Scale
) -> tuple[Shift | None, Shift | None, list[Step]] | None:
    """Why a moderator should look at how close a computed grade is to another: one
    change from the next grade up (that change), or one from a lower grade through a
    share or count (the requirements). Under HMIC's rules every grade above the lowest
    is one finding from a lower one through a requirement that every Fair criterion be
    met; listing all of them would bury the rest. None when neither holds."""
    if margin is None:
        return None
    up = margin.up_by if margin.up == 1 and margin.up_by is not None and margin.up_by.exact else None
    through: list[Step] = []
    if margin.down == 1 and margin.down_by is not None:
        conds = {(g, c.id): c for g, conds in zip(scale.grades, table, strict=True) for c in conds}
        through = [s for s in margin.down_by.via if near_threshold(conds[(s.grade, s.requirement)])]
    if up is None and not through:
        return None
    return up, margin.down_by if through else None, through


def _failure(e: SgcError) -> Failure:
    return Failure(path=e.path, line=e.line, col=e.col, message=e.text())


def _results(paths: Sequence[str], criteria: str | None, jobs: int, page: Page | None) -> Iterator[Graded]:
    """Graded files in order; in this process or in workers."""
    _start(criteria, page)
    if jobs <= 1:
        yield from map(_grade_file, paths)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(jobs, initializer=_start_worker, initargs=(criteria, page)) as pool:
        yield from pool.imap(_grade_file, paths, chunksize=16)


def summarise(
    paths: Sequence[str],
    criteria: str | None = None,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    page: Page | None = None,
    pages: Callable[[str, str], None] | None = None,
) -> SummaryResult:
    """Grade every file and count final grades per area and composite, in criteria-file
    order. One framework per summary: files of another are listed as failures. With
    `page`, the same workers render each graded subject's report, handed to `pages`
    (source file, report) as it comes. Each file's settings are read here first, so that
    a broken sgc.toml stops the run at its own line rather than fail file by file."""
    unique: dict[str, str] = {}  # a file named twice (or inside a folder also named) is graded once
    given_twice = []
    for path in paths:
        key = path if path == "-" else os.path.realpath(path)
        if key in unique:
            given_twice.append(path)
        else:
            unique[key] = path
    paths = list(unique.values())
    for path in paths:
        settings_for(path)
    framework: str | None = None
    first: str | None = None
    counts: dict[str, dict[str, int]] = {}
    rows: list[Row] = []
    attention: list[Attention] = []
    failures: list[Failure] = []
    short: dict[tuple[str, str], dict[str, int]] = {}
    same = sys.intern
    results = zip(paths, _results(paths, criteria, jobs, page), strict=True)
    for done, (path, g) in enumerate(results, start=1):
        fw, failed = g.framework, g.failures
        if fw is not None and framework not in (None, fw):
            message = f"framework '{fw}' differs from '{framework}'; summarise one framework at a time"
            failed, fw = [Failure(path=path, line=0, col=0, message=message)], None
        failures += failed
        if fw is not None:
            framework, first = fw, first or path
            grades = {same(area): same(grade) for area, grade in g.grades.items()}
            source = STDIN if path == "-" else path  # as the worker names it (Worker.grade)
            rows.append(Row(subject=g.subject, source_file=source, grades=grades))
            # ids and grades a national set repeats thousands of times are kept once (interned)
            attention += [replace(n, area=same(n.area), grade=same(n.grade)) for n in g.notes]
            if pages is not None and g.page is not None:
                pages(path, g.page)
            for name, grade in grades.items():
                counts.setdefault(name, {})
                counts[name][grade] = counts[name].get(grade, 0) + 1
            for area, cid, status in g.fell:
                tally = short.setdefault((area, cid), {vocab.NOT_MET: 0, vocab.PARTIAL: 0, "missing": 0})
                tally[_SHORT[status]] += 1
        if progress is not None:
            progress(done)
    found = _WORKER[0].finder.find(framework, first) if framework else None
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
    files_of: dict[str, list[str]] = {}
    for row in rows:
        files_of.setdefault(row.subject, []).append(row.source_file)
    return SummaryResult(
        framework=framework,
        grades=engine.grade_labels(scale) if scale else [],
        levels=engine.level_labels(scale) if scale else [],
        given_twice=given_twice,
        same_subject={subject: files for subject, files in files_of.items() if len(files) > 1},
        files=len(paths),
        areas=areas,
        subjects=rows,
        attention=attention,
        shortfalls=shortfalls,
        failures=failures,
    )
