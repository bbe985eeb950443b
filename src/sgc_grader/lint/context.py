"""What a lint rule sees and the helpers rules share (`sgc check`)."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import field
from typing import Any

from ..errors import SgcError
from ..grading.engine import grade, grade_labels, level_labels
from ..reading.evidence import Evidence
from ..reading.framework import Scale
from ..reading.load import Loaded
from ..reading.model import CriteriaSet, FactDecl, Framework
from ..reading.yamlread import regular
from ..records import record
from ..render.phrases import Words
from ..results.grade import AreaResult, SubjectResult
from ..vocab import written

Hit = tuple[Loaded, tuple[Any, ...], str]


@record(kw_only=False)
class Context:
    """What a rule sees: one framework (its file, if any, and its scale), its criteria
    sets, and the evidence if any."""

    sets: Sequence[Loaded]
    scale: Scale
    framework: Loaded | None = None  # None: the default framework
    framework_files: Sequence[Loaded] = ()  # every file that claims the framework's id
    evidence: Loaded | None = None
    sources_dir: str | None = None
    source_texts: dict[str, str | None] = field(default_factory=dict)  # read once per run

    @functools.cached_property
    def graded(self) -> SubjectResult:
        """The engine's result for the evidence (every area it has a criteria set for),
        graded once however many rules read it."""
        return grade(self.ev(), self.scale, self.set_docs(), self.ev_path())

    def result(self) -> SubjectResult:
        return self.graded

    def unknown_grade(self, word: str) -> str:
        """An unknown grade id's hint: the valid ones, and the close one, unless that one
        is named nowhere but where it is defined: then the definition is the likelier
        misspelling (a grade renamed with a typo), and the hint says so instead."""
        grades = list(self.scale.grades)
        close = difflib.get_close_matches(word, grades, n=1, cutoff=0.5)
        if close and close[0] != word and close[0] not in self.grades_named():
            where = f"grade '{close[0]}' is named nowhere but where it is defined"
            return f"; valid: {', '.join(grades)} ({where}: if '{word}' was renamed to it, check that spelling)"
        return one_of(word, grades)

    def grades_named(self) -> set[str]:
        """Every grade id the framework, its sets and the evidence use, beyond defining it."""
        fw = self.fw()
        named = {g for comp in fw.composites for g in comp.requires}
        conditions = [c for comp in fw.composites for conds in comp.requires.values() for c in conds]
        conditions += [c for g in fw.grades for c in [*g.requires, *g.borderline]]
        named |= {c.at_least for c in conditions if c.at_least is not None}
        named |= {g for s in self.set_docs() for dist in s.national_distribution.values() for g in dist}
        if self.evidence is not None:
            ev = self.ev()
            named |= set(ev.expected.values())
            said = [a.judgement for a in ev.areas.values()] + [c.judgement for c in ev.composites.values()]
            named |= {j.grade for j in said if j is not None}
        return named

    def words(self) -> Words:
        """The phrase book, with this framework's grade and level labels."""
        return Words(grade_labels(self.scale), level_labels(self.scale))

    def area_result(self, area: str) -> AreaResult | None:
        """The engine's result for an area of the evidence (None if the area is unknown)."""
        return next((a for a in self.result().areas if a.id == area), None)

    def fw(self) -> Framework:
        return self.scale.framework

    def ev_path(self) -> str:
        assert self.evidence is not None
        return self.evidence.path

    def source_text(self, path: str) -> str | None:
        """A source's text with whitespace folded, or None when it cannot be read. Only a
        regular file is read: a named pipe or a device would block or never end, so it
        is refused before it is opened (and opened without blocking, in case it became
        one since)."""
        if path not in self.source_texts:
            try:
                regular(path, os.stat(path).st_mode)
                with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), encoding="utf-8") as f:
                    regular(path, os.fstat(f.fileno()).st_mode)
                    self.source_texts[path] = normalise(f.read())
            except (OSError, UnicodeDecodeError, SgcError):
                self.source_texts[path] = None
        return self.source_texts[path]

    def set_docs(self) -> list[CriteriaSet]:
        return [s.doc for s in self.sets if isinstance(s.doc, CriteriaSet)]

    def ev(self) -> Evidence:
        assert self.evidence is not None and isinstance(self.evidence.doc, Evidence)
        return self.evidence.doc

    def area_set(self, area: str) -> CriteriaSet | None:
        return next((s for s in self.set_docs() if s.id == area), None)

    def fact_decls(self) -> dict[str, FactDecl]:
        return {f.id: f for s in self.set_docs() for f in s.facts}


@record(kw_only=False)
class LintRule:
    """A lint rule: what it is called and how severe, what it reads, what grading needs
    of it, and its check, whose docstring is the rule's documentation."""

    id: str
    name: str
    severity: str  # "error" or "warning"
    scope: str  # "framework", "criteria" or "evidence": what it reads, and so when it runs
    check: Callable[[Context], Iterator[Hit]]
    reference: bool = False  # the engine would misread evidence that breaks it: grading refuses the file
    grading: bool = False  # it reads the framework's conditions: it runs last, and never after an error

    @property
    def protected(self) -> bool:
        """Grading relies on it, so neither sgc.toml nor a comment can turn it off: every
        framework and criteria error, and the reference rules."""
        return self.reference or (self.severity == "error" and self.scope in ("framework", "criteria"))

    @property
    def doc(self) -> str:
        return " ".join((self.check.__doc__ or "").split())


def rule(
    id: str, name: str, severity: str, scope: str, *, reference: bool = False, grading: bool = False
) -> Callable[[Callable[[Context], Iterator[Hit]]], LintRule]:
    """Make a check a rule, with its facts written beside it."""

    def make(check: Callable[[Context], Iterator[Hit]]) -> LintRule:
        return LintRule(id, name, severity, scope, check, reference, grading)

    return make


def each_set(ctx: Context) -> Iterator[tuple[Loaded, CriteriaSet]]:
    for s in ctx.sets:
        assert isinstance(s.doc, CriteriaSet)
        yield s, s.doc


NUMERIC_TYPES = ("number", "percent", "integer")


def shown(value: Any) -> str:
    """A YAML value as the writer typed it, text quoted: true, 2007-10-01, 1.5, 'text'."""
    return repr(value) if isinstance(value, str) else written(value)


def fits(decl: FactDecl, value: Any) -> str | None:
    """Why `value` is not of the declared fact type, or None if it is."""
    t = decl.type
    if t in NUMERIC_TYPES:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"expected a {t}"
        if t == "integer" and not isinstance(value, int):
            return "expected a whole number"
        if t == "percent" and not 0 <= value <= 100:
            return "a percent is between 0 and 100"
        return None
    if t == "boolean":
        return None if isinstance(value, bool) else "expected true or false"
    if t == "date":
        return (
            None
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime)
            else "expected a date (YYYY-MM-DD)"
        )
    if not isinstance(value, str):
        return "expected text"
    if t == "enum" and value not in (decl.values or []):
        return f"expected one of {', '.join(decl.values or [])}"
    return None


def suggest(word: str, known: Any) -> str:
    """' (did you mean ...?)' from the words valid at that place, never the word itself."""
    known = [k for k in known if k != word]
    lower = {k.lower(): k for k in known}
    if word.lower() in lower:
        return f" (did you mean '{lower[word.lower()]}'? ids are case-sensitive)"
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(word: str, known: Any) -> str:
    """An unknown word's hint: every valid one, and the close one if any."""
    return f"; valid: {', '.join(known) or 'none'}{suggest(word, known)}"


def normalise(text: str) -> str:
    return " ".join(text.split())
