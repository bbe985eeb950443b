"""`sgc check`: schema and lint rules over frameworks, criteria sets and evidence."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from .. import lint
from ..errors import LoadErrors, SgcError
from ..lint.context import suggest
from ..reading.discover import Catalog, catalog, expand, load_all
from ..reading.evidence import Evidence
from ..reading.model import Framework
from ..reading.yamlread import STDIN
from ..results.check import CheckResult, RuleDoc
from .settings import finder, project_root, settings_for


class CheckSettings(NamedTuple):
    paths: list[str]
    sources: str | None = None
    criteria: str | None = None
    select: tuple[str, ...] | None = None  # rule ids to run (with the protected ones); None: all
    ignore: tuple[str, ...] = ()  # rule ids not to run, beside sgc.toml's `disable`
    strict: bool = False  # warnings fail too


def rules() -> list[RuleDoc]:
    """Every lint rule with its documentation."""
    return [RuleDoc(id=r.id, name=r.name, severity=r.severity, scope=r.scope, doc=r.doc) for r in lint.RULES.values()]


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


def disabled_rules(path: str | None = None) -> tuple[str, ...]:
    """The rules the settings of `path` turn off, refusing unknown ids and the rules
    grading relies on, each at the place its entry is written (LoadErrors, with every one)."""
    cfg = settings_for(path)
    problems = []
    for rule, (line, col) in zip(cfg.disable, cfg.disable_at, strict=True):
        if rule not in lint.RULES:
            why = f"unknown rule '{rule}'{suggest(rule, lint.RULES)}"
        elif rule in lint.PROTECTED:
            why = f"{rule} cannot be turned off; grading relies on it"
        else:
            continue
        problems.append(SgcError(cfg.path or "", line, col, f"disable: {why}"))
    if problems:
        raise LoadErrors(problems)
    return cfg.disable


def _reported(rule: str, path: str, running: frozenset[str]) -> bool:
    return rule in running and rule not in disabled_rules(path)


def rule_ids(words: Sequence[str], turning_off: bool = False) -> tuple[str, ...]:
    """The rules named in `words` (--select, --ignore): codes or names, each word a
    comma-separated list. ValueError for an unknown one and, when `turning_off`, for one
    grading relies on (as for sgc.toml's `disable`)."""
    ids = lint.resolve(w.strip() for word in words for w in word.split(",") if w.strip())
    if not ids:
        raise ValueError("name at least one rule, by code or name")
    refused = [r for r in ids if r in lint.PROTECTED] if turning_off else []
    if refused:
        raise ValueError(f"{', '.join(refused)} cannot be turned off; grading relies on {_them(refused)}")
    return ids


def _them(ids: Sequence[str]) -> str:
    return "it" if len(ids) == 1 else "them"


def located(root: Path, paths: Sequence[str]) -> dict[str, str]:
    """Each path named from `root` (POSIX), if it is below it as written or once links
    are followed; else its absolute path. `<stdin>` is no file and keeps its name."""
    out = {}
    for path in dict.fromkeys(paths):
        if path == STDIN:
            out[path] = path
            continue
        absolute = Path(os.path.abspath(path))
        for here, base in ((absolute, root), (absolute.resolve(), root.resolve())):
            if here.is_relative_to(base):
                out[path] = here.relative_to(base).as_posix()
                break
        else:
            out[path] = absolute.as_posix()
    return out


def check(settings: CheckSettings) -> CheckResult:
    """Schema-validate every file, then apply the lint rules (docs/format.md section 13). Evidence
    whose framework is not among the files is checked against the criteria found for
    it (--criteria, its sgc.toml, beside or above it, the shipped sets). A
    framework whose file cannot be read is not linted further: its sets and evidence
    would be read against the wrong rules. The rules run are those selected (all by
    default) and always the protected ones, less those turned off (lint.chosen): by
    --ignore for every file, by each file's own settings for that file."""
    running = lint.chosen(settings.select, set(settings.ignore))
    files = [f for p in settings.paths for f in expand([p], settings_for(p).exclude)]
    for path in [*settings.paths, *files]:
        disabled_rules(path)  # a refused entry stops the run before any file is read
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
        problems += lint.run(ctx, ("evidence",), running, blocked=bool(refused))
    order = {path: i for i, path in enumerate(files)}
    # The framework and criteria rules run whole, once per catalog (grading shares the
    # run); leaving out what they found outside the selection is the same as not running
    # those rules, since every error among them is protected and so always runs.
    shown = [p for p in load_errors + problems if p.rule is None or _reported(p.rule, p.path, running)]
    shown.sort(key=lambda p: (order.get(p.path, len(order)), p.path, p.line, p.col))
    root = project_root(settings.paths)
    return CheckResult(
        files=len(files),
        problems=shown,
        unreadable=bool(load_errors),
        rules=rules(),
        strict=settings.strict,
        checked=files,
        root=root.as_posix(),
        located=located(root, [*files, *(p.path for p in shown)]),
    )
