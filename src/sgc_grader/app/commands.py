"""What each command does, as plain functions of a settings object (no typer, no rich).

The CLI translates options into these settings, calls one function, renders the
result and turns it into an exit code.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ValidationError

from .. import lint
from ..errors import LoadErrors, SgcError
from ..grading import engine
from ..lint.context import one_of, suggest
from ..reading import config
from ..reading.config import Config
from ..reading.discover import Catalog, Finder, catalog, default_framework, expand, load_all
from ..reading.framework import Scale
from ..reading.load import Loaded
from ..reading.model import CriteriaSet, Evidence, Framework
from ..records import record
from ..results.grade import GradeReport, SubjectResult, adapter

if TYPE_CHECKING:
    from ..grading.agreement import AgreeResult
    from ..grading.planning import GapResult
    from ..grading.travel import DiffResult
    from .national import SummaryResult

# --- grade ---------------------------------------------------------------------------


class GradeSettings(NamedTuple):
    evidence: list[str]
    area: str | None = None
    criteria: str | None = None
    use_judgements: bool = True
    fail_below: str | None = None
    sensitivity: bool = False


def _kind(doc: object) -> str:
    return "a framework" if isinstance(doc, Framework) else "a criteria set"


class Assessment(NamedTuple):
    """An evidence file that can be graded, with the criteria it is graded against."""

    loaded: Loaded
    evidence: Evidence
    catalog: Catalog

    @property
    def scale(self) -> Scale:
        return self.catalog.scale(self.evidence.framework)

    @property
    def sets(self) -> list[CriteriaSet]:
        return self.catalog.set_docs(self.evidence.framework)


def settings_file() -> Config:
    """The nearest sgc.toml (or [tool.sgc]) up from here, read once per folder."""
    return _settings_in(os.getcwd())


@functools.cache
def _settings_in(folder: str) -> Config:
    return config.find(Path(folder))


def finder(criteria: str | None) -> Finder:
    return Finder(criteria, settings_file().criteria)


def load_evidence(
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
        if not problems and area is not None and area not in d.doc.areas:
            known = list(d.doc.areas)
            hint = suggest(area, known) or f" (areas: {', '.join(known) or 'none'})"
            if any(c.id == area for c in found.scale(d.doc.framework).framework.composites):
                hint = "; it is a composite, graded from all its areas: leave out --area"
            problems = [SgcError(d.path, 0, 0, f"--area {area}: not in this evidence{hint}")]
        failures += [e for e in problems if e not in failures]
        if not problems:
            usable.append(Assessment(d, d.doc, found))
    return usable, failures


def load_all_evidence(paths: Sequence[str], criteria: str | None, area: str | None = None) -> list[Assessment]:
    """As load_evidence, but every file must be usable (LoadErrors otherwise)."""
    usable, failures = load_evidence(paths, criteria, area)
    if failures:
        raise LoadErrors(failures)
    return usable


def check_grade(a: Assessment, option: str, grade: str | None) -> None:
    """An option that names a grade must name one of the evidence's framework."""
    grades = a.scale.grades
    if grade is not None and grade not in grades:
        fw = a.evidence.framework
        raise SgcError(a.loaded.path, 0, 0, f"{option} {grade}: not a grade of '{fw}'{one_of(grade, grades)}")


class GradeRun(NamedTuple):
    report: GradeReport  # the files that could be graded
    failures: list[SgcError]  # why the others could not


def grade(settings: GradeSettings) -> GradeRun:
    """Find each evidence file's criteria, refuse what would be misread, grade the rest."""
    usable, failures = load_evidence(settings.evidence, settings.criteria, settings.area)
    for a in usable:
        check_grade(a, "--fail-below", settings.fail_below)
    options = engine.Options(use_judgements=settings.use_judgements, sensitivity=settings.sensitivity)
    results = [engine.grade(a.evidence, a.scale, a.sets, a.loaded.path, settings.area, options) for a in usable]
    return GradeRun(GradeReport(results=results), failures)


class DiffSettings(NamedTuple):
    old: str
    new: str
    criteria: str | None = None


def _assessment(path: str, criteria: str | None) -> SubjectResult:
    """One side of a diff: a JSON result of `sgc grade`, or an evidence file graded now."""
    import json

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
    from ..grading.travel import diff as diff_of

    return diff_of(old, new)


class GapSettings(NamedTuple):
    evidence: str
    area: str
    target: str | None = None
    criteria: str | None = None


def gap(settings: GapSettings) -> GapResult:
    a = load_all_evidence([settings.evidence], settings.criteria, settings.area)[0]
    check_grade(a, "--target", settings.target)
    cset = next(s for s in a.sets if s.id == settings.area)
    from ..grading.planning import gap as gap_of

    return gap_of(a.scale, cset, a.evidence, a.loaded.path, settings.target)


class AgreeSettings(NamedTuple):
    a: str
    b: str
    criteria: str | None = None


def agree(settings: AgreeSettings) -> AgreeResult:
    """Two assessments of one subject against one framework (exit 2 otherwise)."""
    from ..grading.agreement import agree as agree_of

    a, b = load_all_evidence([settings.a, settings.b], settings.criteria)
    ea, eb = a.evidence, b.evidence
    if ea.subject != eb.subject or ea.framework != eb.framework:
        what = f"'{ea.subject}' ({ea.framework}) and '{eb.subject}' ({eb.framework})"
        raise SgcError(b.loaded.path, 0, 0, f"not the same subject and framework: {what}; agree compares one subject")
    return agree_of(a.scale, a.sets, ea, eb, a.loaded.path, b.loaded.path)


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


class CheckSettings(NamedTuple):
    paths: list[str]
    sources: str | None = None
    criteria: str | None = None


@record(kw_only=False)
class CheckOutcome:
    files: int
    problems: list[SgcError] = field(default_factory=list)
    unreadable: bool = False  # a file could not be read or did not fit the schema

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def _beside(named: Catalog, framework: str) -> Catalog:
    """Named sets whose framework file was not named: look for it beside them. Raises
    LoadErrors, with the folder's errors, when that file is there but cannot be read."""
    if named.framework_docs(framework) or not named.sets(framework):
        return named
    folder = os.path.dirname(named.sets(framework)[0].path) or "."
    docs, errors, broken = load_all(expand([folder]))
    if framework in broken:
        raise LoadErrors(errors)
    files = [d for d in docs if isinstance(d.doc, Framework) and d.doc.id == framework]
    return Catalog(files + named.docs) if files else named


def disabled_rules() -> tuple[str, ...]:
    """The rules sgc.toml turns off, refusing unknown ids and the rules grading needs."""
    cfg = settings_file()
    for rule in cfg.disable:
        if rule not in lint.RULES:
            raise SgcError(cfg.path or "sgc.toml", 0, 0, f"disable: unknown rule '{rule}'{suggest(rule, lint.RULES)}")
        if rule in lint.PROTECTED:
            raise SgcError(cfg.path or "sgc.toml", 0, 0, f"disable: {rule} cannot be turned off; grading relies on it")
    return cfg.disable


def check(settings: CheckSettings) -> CheckOutcome:
    """Schema-validate every file, then apply the lint rules (SPEC section 3). Evidence
    whose framework is not among the files is checked against the criteria found for
    it (--criteria, sgc.toml, ./criteria, beside or above it, the shipped sets). A
    framework whose file cannot be read is not linted further: its sets and evidence
    would be read against the wrong rules."""
    disabled = disabled_rules()
    files = expand(settings.paths, settings_file().exclude)
    docs, load_errors, broken = load_all(files)
    problems: list[SgcError] = []
    named = catalog(docs)
    cats: dict[str, Catalog] = {}
    for fw in named.framework_ids():
        try:
            if fw not in broken:
                cats[fw] = _beside(named, fw)
                problems += lint.problems(cats[fw], fw)
        except LoadErrors as e:
            load_errors += [x for x in e.errors if x not in load_errors]
            broken.add(fw)
    find = finder(settings.criteria)
    for ev in docs:
        if not isinstance(ev.doc, Evidence) or ev.doc.framework in broken:
            continue
        fw = ev.doc.framework
        if fw in cats and named.sets(fw):
            found = cats[fw]
        else:
            try:
                found = find.find(fw, ev.path)
            except LoadErrors as e:
                load_errors += [x for x in e.errors if x not in load_errors]
                continue
            except SgcError as e:
                problems.append(SgcError(ev.path, *ev.where("framework"), e.message, rule="SGC201"))
                continue
        refused = lint.refusals(found, fw)
        problems += [e for e in refused if e not in problems]
        ctx = lint.context(found, fw, ev, settings.sources)
        problems += lint.run(ctx, ("evidence",), blocked=bool(refused))
    order = {path: i for i, path in enumerate(files)}
    shown = [p for p in load_errors + problems if p.rule not in disabled]
    shown.sort(key=lambda p: (order.get(p.path, len(order)), p.path, p.line, p.col))
    return CheckOutcome(files=len(files), problems=shown, unreadable=bool(load_errors))


def rules_table() -> list[tuple[str, str, str, str]]:
    """(id, name, severity, documentation) of every lint rule."""
    return [(r.id, r.name, r.severity, r.doc) for r in lint.RULES.values()]


def rules_doc() -> str:
    lines = []
    for r in lint.RULES.values():
        lines.append(f"{r.id} {r.name} ({r.severity}, {r.scope})\n    {r.doc}\n")
    return "\n".join(lines)


# --- schema, new, output ---------------------------------------------------------------


SCHEMAS = ("framework", "criteria", "evidence", "result")


def json_schema(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if kind == "result":
        schema.update(adapter(GradeReport).json_schema(mode="serialization"))
    else:
        models: dict[str, type[BaseModel]] = {"framework": Framework, "criteria": CriteriaSet, "evidence": Evidence}
        model = models[kind]
        schema.update(model.model_json_schema(by_alias=True))
    return schema


def new_evidence(subject: str, framework: str | None, criteria: str | None) -> str:
    """An evidence skeleton: every area and criterion listed as comments, no statuses.
    Without a framework, the one framework the criteria search finds first."""
    from . import skeletons

    framework = framework or only_framework(criteria)
    scale, chosen = _framework_sets(criteria, framework)
    return skeletons.evidence(subject, framework, scale, chosen)


def new_criteria(set_id: str, title: str, framework: str | None, criteria: str | None) -> str:
    """A criteria set with one criterion to rewrite at each level of the framework."""
    from . import skeletons

    framework = framework or only_framework(criteria)
    find = finder(criteria)
    scale = Scale(default_framework(framework))
    for _, folder in find.places(None):  # the framework file may be all there is so far
        found, _errors = find.read(folder)  # a file being written is not our business here
        if found.framework_docs(framework) or found.sets(framework):
            scale = found.scale(framework)
            break
    return skeletons.criteria(set_id, framework, title, scale)


def new_framework(framework_id: str, title: str) -> str:
    from . import skeletons

    return skeletons.framework(framework_id, title)


def init(folder: str, framework_id: str | None = None) -> list[str]:
    """A new framework folder that checks clean and grades at once; the files written."""
    import json

    from . import skeletons

    if os.path.exists(folder) and (not os.path.isdir(folder) or os.listdir(folder)):
        raise SgcError(folder, 0, 0, "already exists and is not empty; sgc init starts a new folder")
    name = os.path.basename(os.path.abspath(folder))
    fid = framework_id or re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "my-framework"
    title = name.replace("-", " ").replace("_", " ").strip().capitalize() or "My framework"
    files = {
        "criteria/00-framework.yaml": skeletons.framework(fid, title),
        f"criteria/01-{skeletons.EXAMPLE_AREA}.yaml": skeletons.example_criteria(fid),
        "evidence/example.yaml": skeletons.example_evidence(fid),
        "sources/example-report.txt": skeletons.example_report(),
        "sgc.toml": skeletons.SETTINGS,
        "README.md": skeletons.readme(fid, title),
    }
    files |= {f"schemas/{k}.schema.json": json.dumps(json_schema(k), indent=2) + "\n" for k in SCHEMAS}
    written = []
    for rel, text in files.items():
        path = os.path.join(folder, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as f:
            f.write(text)
        written.append(path)
    return written


# --- summary, synth ------------------------------------------------------------------


def summary(files: Sequence[str], criteria: str | None, jobs: int, progress: Callable[[int], None]) -> SummaryResult:
    from .national import summarise  # multiprocessing is loaded only for summaries

    return summarise(files, criteria, jobs, progress, settings_file().criteria)


def synth(count: int, folder: str, seed: int, framework: str, criteria: str | None) -> int:
    from .synth import write as synth_write

    scale, chosen = _framework_sets(criteria, framework)
    return sum(1 for _ in synth_write(count, folder, scale, chosen, seed))


def _framework_sets(criteria: str | None, framework: str) -> tuple[Scale, list[CriteriaSet]]:
    """The scale and criteria sets of one framework found by the criteria search, or
    why they cannot be used (LoadErrors)."""
    found = finder(criteria).find(framework)
    errors = lint.refusals(found, framework)
    if errors:
        raise LoadErrors(errors)
    return found.scale(framework), found.set_docs(framework)


def only_framework(criteria: str | None) -> str:
    """The framework of the first criteria folder the search finds with a framework
    file or criteria sets, when it holds one framework; otherwise say which to choose."""
    find = finder(criteria)
    for _, folder in find.places(None):
        found, _errors = find.read(folder)
        ids = found.framework_ids()
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise SgcError(folder, 0, 0, f"holds several frameworks ({', '.join(ids)}); choose one with --framework")
    raise SgcError("--framework", 0, 0, "no criteria sets found; give --criteria DIR or --framework")
