"""What each command does, as plain functions of a settings object (no typer, no rich).

The CLI translates options into these settings, calls one function, renders the
result and turns it into an exit code.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from . import engine, lint
from .diff import diff as diff_of
from .errors import SgcError
from .framework import criteria_sets, expand, load_all, load_criteria, of_framework
from .gap import gap as gap_of
from .lint_context import suggest
from .load import Loaded
from .model import GRADES, CriteriaSet, Evidence, Grade
from .result import DiffResult, GapResult, GradeReport, SubjectResult, adapter

if TYPE_CHECKING:
    from .summary import SummaryResult

# --- grade ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeSettings:
    evidence: list[str]
    area: str | None = None
    criteria: str | None = None
    use_judgements: bool = True


def load_evidence(
    paths: Sequence[str], criteria: str | None, area: str | None = None
) -> tuple[list[CriteriaSet], list[tuple[str, Evidence]], list[SgcError]]:
    """Criteria sets and evidence files, refusing evidence the engine would misread
    (unknown framework, area, criterion or fact)."""
    sets, errors = load_criteria(criteria)
    docs, load_errors = load_all(paths)
    errors += load_errors
    evidence = []
    for d in docs:
        if not isinstance(d.doc, Evidence):
            errors.append(SgcError(d.path, 1, 1, "is a criteria set, not evidence"))
            continue
        errors += lint.misreadings(d, sets)
        if area is not None and area not in d.doc.areas:
            known = ", ".join(d.doc.areas) or "none"
            hint = suggest(area, d.doc.areas) or f" (areas: {known})"
            errors.append(SgcError(d.path, 0, 0, f"--area {area}: not in this evidence{hint}"))
        evidence.append((d.path, d.doc))
    return [s.doc for s in sets if isinstance(s.doc, CriteriaSet)], evidence, errors


def grade(settings: GradeSettings) -> tuple[GradeReport | None, list[SgcError]]:
    """Load criteria and evidence, refuse evidence that would be misread, grade."""
    sets, evidence, errors = load_evidence(settings.evidence, settings.criteria, settings.area)
    if errors:
        return None, errors
    options = engine.Options(use_judgements=settings.use_judgements)
    results = [engine.grade(ev, sets, path, settings.area, options) for path, ev in evidence]
    return GradeReport(results=results), []


@dataclass(frozen=True)
class DiffSettings:
    old: str
    new: str
    criteria: str | None = None


def _assessment(path: str, criteria: str | None) -> tuple[SubjectResult | None, list[SgcError]]:
    """One side of a diff: a JSON result of `sgc grade`, or an evidence file graded now."""
    if not path.endswith(".json"):
        report, errors = grade(GradeSettings(evidence=[path], criteria=criteria))
        return (report.results[0] if report else None), errors
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        report = adapter(GradeReport).validate_python(data)
    except OSError as e:
        return None, [SgcError(path, 0, 0, f"cannot read: {e.strerror or e}")]
    except json.JSONDecodeError as e:
        return None, [SgcError(path, e.lineno, e.colno, f"invalid JSON: {e.msg}")]
    except ValidationError as e:
        where = ".".join(str(x) for x in e.errors()[0]["loc"])
        return None, [
            SgcError(path, 1, 1, f"not a result of `sgc grade --format json`: {where}: {e.errors()[0]['msg']}")
        ]
    if len(report.results) != 1:
        return None, [SgcError(path, 1, 1, f"holds {len(report.results)} results; diff compares one subject")]
    return report.results[0], []


def diff(settings: DiffSettings) -> tuple[DiffResult | None, list[SgcError]]:
    old, errors = _assessment(settings.old, settings.criteria)
    new, new_errors = _assessment(settings.new, settings.criteria)
    errors += new_errors
    if errors or old is None or new is None:
        return None, errors
    if old.subject != new.subject or old.framework != new.framework:
        what = f"'{old.subject}' ({old.framework}) and '{new.subject}' ({new.framework})"
        return None, [SgcError(settings.new, 0, 0, f"not the same subject: {what}; diff compares one subject")]
    return diff_of(old, new), []


@dataclass(frozen=True)
class GapSettings:
    evidence: str
    area: str
    target: Grade | None = None
    criteria: str | None = None


def gap(settings: GapSettings) -> tuple[GapResult | None, list[SgcError]]:
    sets, evidence, errors = load_evidence([settings.evidence], settings.criteria, settings.area)
    if errors:
        return None, errors
    path, ev = evidence[0]
    cset = next(s for s in sets if s.framework == ev.framework and s.id == settings.area)
    return gap_of(cset, ev, path, settings.target), []


def _below(grade: Grade, floor: Grade) -> bool:
    return GRADES.index(grade) < GRADES.index(floor)


def grade_exit_reasons(report: GradeReport, strict: bool, fail_below: Grade | None) -> list[str]:
    """Why `sgc grade` answers "no" (exit 1), one line per area; empty when it does not."""
    reasons = []
    for s in report.results:
        for a in s.areas:
            if fail_below and _below(a.grade, fail_below):
                reasons.append(f"{s.source_file}: {a.id} grades {a.grade}, below --fail-below {fail_below}")
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
    def exit_code(self) -> int:
        if self.unreadable:
            return 2
        return 1 if any(p.severity == "error" for p in self.problems) else 0


def check(settings: CheckSettings) -> CheckOutcome:
    """Schema-validate every file, then apply the lint rules (SPEC section 3)."""
    files = expand(settings.paths)
    docs, load_errors = load_all(files)
    problems: list[SgcError] = []
    named = criteria_sets(docs)
    for fw in sorted({s.doc.framework for s in named}):
        problems += lint.run(lint.Context(sets=of_framework(named, fw)), "criteria")
    searched: list[Loaded] | None = None
    for ev in (d for d in docs if isinstance(d.doc, Evidence)):
        sets = of_framework(named, ev.doc.framework)
        if not sets:
            if searched is None:
                searched, errors = load_criteria(settings.criteria)
                load_errors += errors
            sets = of_framework(searched, ev.doc.framework)
        problems += lint.run(lint.Context(sets=sets, evidence=ev, sources_dir=settings.sources), "evidence")
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
        model: type[CriteriaSet] | type[Evidence] = CriteriaSet if kind == "criteria" else Evidence
        schema.update(model.model_json_schema(by_alias=True))
    return schema


def write_atomic(path: str, text: str, inputs: Sequence[str]) -> None:
    """Write via a temporary file and rename; never replace one of the input files."""
    for inp in inputs:
        if os.path.exists(path) and os.path.exists(inp) and os.path.samefile(path, inp):
            raise SgcError(path, 0, 0, "--output would overwrite an input file; choose another path")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise SgcError(path, 0, 0, f"--output: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".sgc-", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; a report gets the usual permissions
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def new_evidence(subject: str, framework: str, criteria: str | None) -> tuple[str, list[SgcError]]:
    """An evidence skeleton: every area and criterion listed as comments, no statuses."""
    chosen, errors = _framework_sets(criteria, framework)
    if errors:
        return "", errors
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
            flags = ", dominant" if c.is_dominant else ", significant" if c.is_significant else ""
            out.append(f"      # {c.id}:  # {c.level}{flags}: {' '.join(c.text.split())}")
            out.append(
                "      #   {status: met|partial|not_met|not_applicable, cite: [{source: ..., at: ..., quote: ...}]}"
            )
    return "\n".join(out) + "\n", []


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- summary, synth ------------------------------------------------------------------


def summary(files: Sequence[str], criteria: str | None, jobs: int, progress: Callable[[int], None]) -> SummaryResult:
    from .summary import summarise  # multiprocessing is loaded only for summaries

    return summarise(files, criteria, jobs, progress)


def synth(count: int, folder: str, seed: int, framework: str, criteria: str | None) -> tuple[int, list[SgcError]]:
    from .synth import write as synth_write

    chosen, errors = _framework_sets(criteria, framework)
    if errors:
        return 0, errors
    return sum(1 for _ in synth_write(count, folder, chosen, seed)), []


def _framework_sets(criteria: str | None, framework: str) -> tuple[list[CriteriaSet], list[SgcError]]:
    """The criteria sets of one framework found by the criteria search, or why there are none."""
    sets, errors = load_criteria(criteria)
    chosen = [s.doc for s in of_framework(sets, framework) if isinstance(s.doc, CriteriaSet)]
    if not errors and not chosen:
        errors = [SgcError(framework, 0, 0, "no criteria sets found for this framework")]
    return chosen, errors
