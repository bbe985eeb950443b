"""What each command does, as plain functions of a settings object (no typer, no rich).

The CLI translates options into these settings, calls one function, renders the
result and turns it into an exit code.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from . import engine, lint
from .diff import diff as diff_of
from .discover import Catalog, catalog, expand, load_all, load_catalog
from .errors import LoadErrors, SgcError
from .framework import Scale
from .gap import gap as gap_of
from .lint.context import one_of, suggest
from .load import Loaded
from .model import CriteriaSet, Evidence, Framework
from .result import DiffResult, GapResult, GradeReport, SubjectResult, adapter

if TYPE_CHECKING:
    from .agree import AgreeResult
    from .summary import SummaryResult

# --- grade ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeSettings:
    evidence: list[str]
    area: str | None = None
    criteria: str | None = None
    use_judgements: bool = True
    fail_below: str | None = None
    sensitivity: bool = False


def _kind(doc: object) -> str:
    return "a framework" if isinstance(doc, Framework) else "a criteria set"


def load_evidence(
    paths: Sequence[str], criteria: str | None, area: str | None = None
) -> tuple[Catalog, list[Loaded], list[SgcError]]:
    """The criteria catalog, the evidence files that can be graded, and why the others
    cannot: broken frameworks or criteria, unknown framework, area, criterion, fact or
    grade. Raises LoadErrors when the criteria themselves cannot be read."""
    found, errors = load_catalog(criteria)
    if errors:
        raise LoadErrors(errors)
    docs, failures = load_all(paths)
    usable = []
    for d in docs:
        problems = [] if isinstance(d.doc, Evidence) else [SgcError(d.path, 1, 1, f"is {_kind(d.doc)}, not evidence")]
        problems = problems or lint.misreadings(d, found)
        if not problems and area is not None and area not in d.doc.areas:  # type: ignore[union-attr]
            known = list(d.doc.areas)  # type: ignore[union-attr]
            hint = suggest(area, known) or f" (areas: {', '.join(known) or 'none'})"
            problems = [SgcError(d.path, 0, 0, f"--area {area}: not in this evidence{hint}")]
        failures += [e for e in problems if e not in failures]
        if not problems:
            usable.append(d)
    return found, usable, failures


def load_all_evidence(
    paths: Sequence[str], criteria: str | None, area: str | None = None
) -> tuple[Catalog, list[Loaded]]:
    """As load_evidence, but every file must be usable (LoadErrors otherwise)."""
    found, usable, failures = load_evidence(paths, criteria, area)
    if failures:
        raise LoadErrors(failures)
    return found, usable


def check_grade(found: Catalog, ev: Loaded, option: str, grade: str | None) -> None:
    """An option that names a grade must name one of the evidence's framework."""
    assert isinstance(ev.doc, Evidence)
    grades = found.scale(ev.doc.framework).grades
    if grade is not None and grade not in grades:
        raise SgcError(ev.path, 0, 0, f"{option} {grade}: not a grade of '{ev.doc.framework}'{one_of(grade, grades)}")


@dataclass(frozen=True)
class GradeRun:
    report: GradeReport  # the files that could be graded
    failures: list[SgcError]  # why the others could not


def grade(settings: GradeSettings) -> GradeRun:
    """Load criteria and evidence, refuse what would be misread, grade the rest."""
    found, evidence, failures = load_evidence(settings.evidence, settings.criteria, settings.area)
    for ev in evidence:
        check_grade(found, ev, "--fail-below", settings.fail_below)
    options = engine.Options(use_judgements=settings.use_judgements, sensitivity=settings.sensitivity)
    results = []
    for d in evidence:
        assert isinstance(d.doc, Evidence)
        fid = d.doc.framework
        results.append(engine.grade(d.doc, found.scale(fid), found.set_docs(fid), d.path, settings.area, options))
    return GradeRun(GradeReport(results=results), failures)


@dataclass(frozen=True)
class DiffSettings:
    old: str
    new: str
    criteria: str | None = None


def _assessment(path: str, criteria: str | None) -> SubjectResult:
    """One side of a diff: a JSON result of `sgc grade`, or an evidence file graded now."""
    if not path.endswith(".json"):
        run = grade(GradeSettings(evidence=[path], criteria=criteria))
        if run.failures:
            raise LoadErrors(run.failures)
        return run.report.results[0]
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        report = adapter(GradeReport).validate_python(data)
    except OSError as e:
        raise SgcError(path, 0, 0, f"cannot read: {e.strerror or e}") from None
    except json.JSONDecodeError as e:
        raise SgcError(path, e.lineno, e.colno, f"invalid JSON: {e.msg}") from None
    except ValidationError as e:
        where = ".".join(str(x) for x in e.errors()[0]["loc"])
        msg = f"not a result of `sgc grade --format json` (schema_version 2): {where}: {e.errors()[0]['msg']}"
        raise SgcError(path, 1, 1, msg) from None
    if len(report.results) != 1:
        raise SgcError(path, 1, 1, f"holds {len(report.results)} results; diff compares one subject")
    return report.results[0]


def diff(settings: DiffSettings) -> DiffResult:
    errors: list[SgcError] = []
    sides: list[SubjectResult] = []
    for path in (settings.old, settings.new):
        try:
            sides.append(_assessment(path, settings.criteria))
        except LoadErrors as e:
            errors += e.errors
        except SgcError as e:
            errors.append(e)
    if errors:
        raise LoadErrors(errors)
    old, new = sides
    if old.subject != new.subject or old.framework != new.framework:
        what = f"'{old.subject}' ({old.framework}) and '{new.subject}' ({new.framework})"
        raise SgcError(settings.new, 0, 0, f"not the same subject: {what}; diff compares one subject")
    return diff_of(old, new)


@dataclass(frozen=True)
class GapSettings:
    evidence: str
    area: str
    target: str | None = None
    criteria: str | None = None


def gap(settings: GapSettings) -> GapResult:
    found, evidence = load_all_evidence([settings.evidence], settings.criteria, settings.area)
    ev = evidence[0]
    check_grade(found, ev, "--target", settings.target)
    assert isinstance(ev.doc, Evidence)
    fid = ev.doc.framework
    cset = next(s for s in found.set_docs(fid) if s.id == settings.area)
    return gap_of(found.scale(fid), cset, ev.doc, ev.path, settings.target)


@dataclass(frozen=True)
class AgreeSettings:
    a: str
    b: str
    criteria: str | None = None


def agree(settings: AgreeSettings) -> AgreeResult:
    """Two assessments of one subject against one framework (exit 2 otherwise)."""
    from .agree import agree as agree_of

    found, evidence = load_all_evidence([settings.a, settings.b], settings.criteria)
    a, b = evidence
    assert isinstance(a.doc, Evidence) and isinstance(b.doc, Evidence)
    if a.doc.subject != b.doc.subject or a.doc.framework != b.doc.framework:
        what = f"'{a.doc.subject}' ({a.doc.framework}) and '{b.doc.subject}' ({b.doc.framework})"
        raise SgcError(b.path, 0, 0, f"not the same subject and framework: {what}; agree compares one subject")
    fid = a.doc.framework
    return agree_of(found.scale(fid), found.set_docs(fid), a.doc, b.doc, a.path, b.path)


def grade_exit_reasons(report: GradeReport, strict: bool, fail_below: str | None) -> list[str]:
    """Why `sgc grade` answers "no" (exit 1), one line per area; empty when it does not."""
    reasons = []
    for s in report.results:
        for a in s.areas:
            if fail_below and s.rank(a.grade) < s.rank(fail_below):
                reasons.append(
                    f"{s.source_file}: {a.id} grades {s.label(a.grade)}, below --fail-below {s.label(fail_below)}"
                )
            if strict and a.provisional:
                reasons.append(f"{s.source_file}: {a.id} is provisional (missing: {', '.join(a.missing)})")
    return reasons


# --- check ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckSettings:
    paths: list[str]
    sources: str | None = None
    criteria: str | None = None


@dataclass(frozen=True)
class CheckOutcome:
    files: int
    problems: list[SgcError] = field(default_factory=list)
    unreadable: bool = False  # a file could not be read or did not fit the schema

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def _beside(named: Catalog, framework: str) -> Catalog:
    """Named sets whose framework file was not named: look for it beside them."""
    if named.framework_docs(framework) or not named.sets(framework):
        return named
    folder = os.path.dirname(named.sets(framework)[0].path) or "."
    docs, _ = load_all(expand([folder]))  # the folder's own errors are reported when it is checked
    files = [d for d in docs if isinstance(d.doc, Framework) and d.doc.id == framework]
    return Catalog(files + named.docs) if files else named


def check(settings: CheckSettings) -> CheckOutcome:
    """Schema-validate every file, then apply the lint rules (SPEC section 3)."""
    files = expand(settings.paths)
    docs, load_errors = load_all(files)
    problems: list[SgcError] = []
    named = catalog(docs)
    cats = {fw: _beside(named, fw) for fw in named.framework_ids()}
    for fw, cat in cats.items():
        problems += lint.problems(cat, fw)
    searched: Catalog | None = None
    for ev in docs:
        if not isinstance(ev.doc, Evidence):
            continue
        fw = ev.doc.framework
        if fw in cats and named.sets(fw):
            found = cats[fw]
        else:
            if searched is None:
                searched, errors = load_catalog(settings.criteria)
                load_errors += errors
            found = searched
        refused = lint.refusals(found, fw)
        problems += [e for e in refused if e not in problems]
        ctx = lint.context(found, fw, ev, settings.sources)
        problems += lint.run(ctx, ("evidence",), blocked=bool(refused))
    order = {path: i for i, path in enumerate(files)}
    problems = sorted(load_errors + problems, key=lambda p: (order.get(p.path, len(order)), p.path, p.line, p.col))
    return CheckOutcome(files=len(files), problems=problems, unreadable=bool(load_errors))


def rules_doc() -> str:
    lines = []
    for r in lint.RULES.values():
        lines.append(f"{r.id} {r.name} ({r.severity}, {r.scope})\n    {r.doc}\n")
    return "\n".join(lines)


# --- schema, new, output ---------------------------------------------------------------


def json_schema(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if kind == "result":
        schema.update(adapter(GradeReport).json_schema(mode="serialization"))
    else:
        models: dict[str, type[BaseModel]] = {"framework": Framework, "criteria": CriteriaSet, "evidence": Evidence}
        model = models[kind]
        schema.update(model.model_json_schema(by_alias=True))
    return schema


def new_evidence(subject: str, framework: str, criteria: str | None) -> str:
    """An evidence skeleton: every area and criterion listed as comments, no statuses."""
    scale, chosen = _framework_sets(criteria, framework)
    q = _quote
    out = [
        "kind: evidence",
        "schema_version: 1",
        f"subject: {q(subject)}",
        f"framework: {q(framework)}",
        "# assessed: 2007-10-01",
        "# period: {start: 2006-04-01, end: 2007-07-31}",
        'sources: []  # - {id: report-2007, title: "Inspection report"}',
        "facts: {}",
    ]
    facts = [f for s in chosen for f in s.facts]
    for f in dict((f.id, f) for f in facts).values():
        out.append(f"  # {f.id}: {{value: ..., cite: []}}  # {f.type}" + (f": {f.title}" if f.title else ""))
    out.append("areas:")
    for s in chosen:
        out += [f"  {s.id}:  # {s.title}", "    findings: {}  # replace {} with one entry per criterion:"]
        for c in s.criteria:
            flags = ", dominant" if c.dominant else ", significant" if scale.significant(c) else ""
            out.append(f"      # {c.id}:  # {c.level}{flags}: {' '.join(c.text.split())}")
            out.append(
                "      #   {status: met|partial|not_met|not_applicable, cite: [{source: ..., at: ..., quote: ...}]}"
            )
    return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- summary, synth ------------------------------------------------------------------


def summary(files: Sequence[str], criteria: str | None, jobs: int, progress: Callable[[int], None]) -> SummaryResult:
    from .summary import summarise  # multiprocessing is loaded only for summaries

    return summarise(files, criteria, jobs, progress)


def synth(count: int, folder: str, seed: int, framework: str, criteria: str | None) -> int:
    from .synth import write as synth_write

    scale, chosen = _framework_sets(criteria, framework)
    return sum(1 for _ in synth_write(count, folder, scale, chosen, seed))


def _framework_sets(criteria: str | None, framework: str) -> tuple[Scale, list[CriteriaSet]]:
    """The scale and criteria sets of one framework found by the criteria search, or
    why they cannot be used (LoadErrors)."""
    found, errors = load_catalog(criteria)
    errors = errors or lint.refusals(found, framework)
    if errors:
        raise LoadErrors(errors)
    chosen = found.set_docs(framework)
    if not chosen:
        raise SgcError(framework, 0, 0, "no criteria sets found for this framework")
    return found.scale(framework), chosen
