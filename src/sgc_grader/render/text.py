"""Results -> text for a terminal or a pipe. Never recomputes a grade.

Lines are wrapped here, with hanging indents, to the width given (so the layout does not
depend on a third party's table rendering); styles only add colour on a terminal.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import vocab
from ..results.compare import AreaDiff, DiffResult, GradeChange
from ..results.grade import AreaResult, CompositeResult, GradeReport, SubjectResult
from ..results.plan import CompositeGapResult, GapResult
from ..results.trail import NextGrade, Verdict
from . import Look
from .phrases import (
    STATUS,
    STATUS_WORDS,
    Label,
    cite_text,
    computed,
    fact_notes,
    fixes,
    flags,
    graded,
    judgement_text,
    provisional_text,
    requirement,
    rule_text,
    status_line,
    why,
)
from .reach import composite_fewest_text, fewest_text, guarantee_text, margin_line, meet, next_text, sensitivity_text
from .safe import visible

if TYPE_CHECKING:
    from rich.text import Text

DIRECTION_STYLE = {"improved": "green", "stable": "", "deteriorated": "red", "added": "cyan", "removed": "dim"}


class Doc:
    """Lines wrapped to a width, each with an optional style for its first characters:
    rich Text for a terminal, or plain text (without importing rich, which costs a quick
    command a fifth of its time)."""

    def __init__(self, width: int, styled: bool = True):
        self.width = max(40, width)
        self.styled = styled
        self.parts: list[tuple[str, str | None]] = []  # pieces of text, each with its style

    @property
    def text(self) -> Text | str:
        """The pieces as rich Text (styled) or as one string, the same characters: every
        piece has had its control characters made visible, so rich strips none."""
        if not self.styled:
            return "".join(piece for piece, _ in self.parts)
        from rich.text import Text

        out = Text()
        for piece, style in self.parts:
            out.append(piece, style=style)
        return out

    def add(
        self, s: str = "", style: str | None = None, indent: int = 0, hang: int | None = None, lead: int = 0
    ) -> None:
        """One paragraph; `hang` indents the lines after the first; `lead` characters of
        the first line (after the indent) take `style`, or the whole paragraph does."""
        s, pad = visible(s), " " * indent
        if indent + len(s) <= self.width and "\n" not in s:  # fits: nothing to wrap
            self._line(pad + s, style, indent + lead if lead else 0)
            return
        lines = textwrap.wrap(
            s,
            width=self.width,
            initial_indent=pad,
            subsequent_indent=" " * (indent if hang is None else hang),
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]
        for i, line in enumerate(lines):
            if lead:
                self._line(line, style if i == 0 else None, indent + lead if i == 0 else 0)
            else:
                self._line(line, style, 0)

    def _line(self, line: str, style: str | None, styled: int) -> None:
        """One finished line; `styled` > 0 styles only its first characters."""
        if styled:
            self.parts.append((line[:styled], style))
            self.parts.append((line[styled:] + "\n", None))
        else:
            self.parts.append((line + "\n", style))

    def columns(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], caps: Sequence[int], fit: bool = False
    ) -> None:
        """A table without borders: every column but the last as wide as its widest cell
        (up to its cap), the last wrapped in what is left. With `fit` (the summary, which
        sizes its columns to the width), the last column is what is left even if under
        20, and a word too long for its column is broken rather than push the rest out."""
        header, rows = [visible(c) for c in header], [[visible(c) for c in row] for row in rows]
        widths = column_widths([header, *rows], caps)
        rest = self.width - sum(widths) - 2 * len(widths)
        last = max(1, rest) if fit else max(20, rest)
        for n, row in enumerate([header, ["─" * w for w in widths] + ["─" * last], *rows]):
            cells = [
                textwrap.wrap(c, w, break_long_words=fit, break_on_hyphens=False) or [""]
                for c, w in zip(row, [*widths, last], strict=True)
            ]
            for k in range(max(len(c) for c in cells)):
                parts = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(cells, [*widths, last], strict=True)]
                self.parts.append(("  ".join(parts).rstrip() + "\n", "bold" if n == 0 else None))


def column_widths(rows: Sequence[Sequence[str]], caps: Sequence[int]) -> list[int]:
    """Each column's width but the last's: its widest cell, up to its cap."""
    return [min(cap, max(len(r[i]) for r in rows)) for i, cap in enumerate(caps)]


def grade_style(s: SubjectResult, grade: str) -> str:
    rank, top = s.rank(grade), len(s.grades) - 1
    return (
        "bold red" if rank == 0 else "bold green" if rank == top else "bold yellow" if rank * 2 < top else "bold cyan"
    )


def _verdict(doc: Doc, v: Verdict, verbose: bool, at: int) -> None:
    """A criterion in full: mark, id, flags and text, then how it was decided."""
    flag = flags(v)
    head = f"{STATUS[v.status].mark} {v.id}".ljust(at - 5)
    conflict = " [conflicts with its rule]" if v.conflict else ""
    doc.add(f"{head}{conflict}{f' [{flag}]' if flag else ''} {v.text}", STATUS[v.status].style, 4, at, len(head))
    lines = [status_line(v)]
    if v.comparisons and (verbose or v.decided_by == "rule" or v.conflict):
        lines.append(rule_text(v))
        lines += fact_notes(v)
    cites = v.citations if verbose else v.citations[:1]
    lines += [cite_text(c) for c in cites]
    if v.note:
        lines.append(f"note: {v.note}")
    more = len(v.citations) - len(cites)
    if more:
        lines.append(f"(+{more} more citation{'s' if more > 1 else ''}; -v shows {'them' if more > 1 else 'it'})")
    if v.recommendations:
        lines.append("recommendations: " + ", ".join(v.recommendations))
    for line in lines:
        doc.add(line, "dim", at, at)


def _holds_back(v: Verdict) -> bool:
    return v.status not in (vocab.MET, vocab.NOT_APPLICABLE) or v.conflict


def _verdict_line(doc: Doc, v: Verdict, at: int, named: bool) -> None:
    """A criterion on one line: mark, id, flags and as much text as fits; when the
    deciding requirement names it, a second line says why it holds the grade back."""
    head = f"{STATUS[v.status].mark} {v.id}".ljust(at - 5)
    flag = f"[{flags(v)}] " if flags(v) else ""
    conflict = "[conflicts with its rule] " if v.conflict else ""
    room = max(10, doc.width - at - len(flag) - len(conflict))
    text = textwrap.shorten(v.text, room, placeholder="…")
    doc.add(f"{head} {conflict}{flag}{text}", STATUS[v.status].style, 4, at, len(head))
    if named:
        doc.add(textwrap.shorten(why(v), max(20, doc.width - at), placeholder="…"), "dim", at, at)


def _area(doc: Doc, s: SubjectResult, a: AreaResult, verbose: bool) -> None:
    label = s.label
    doc.add(f"{a.title}: {graded(a, label)}", grade_style(s, a.grade), lead=len(a.title) + 1)
    doc.add(f"Decided: {a.reason}", indent=2, hang=4)
    for c in a.borderline_checks:
        if c.holds:
            doc.add(f"Borderline: {c.text or c.id}: {c.detail}", "yellow", 2, 4)
    if a.judgement is not None:
        doc.add(judgement_text(a.judgement, a.computed_grade, label), "italic", 2, 4)
    if a.provisional:
        doc.add(provisional_text(a, label), "magenta", 2, 4)
    grades = [g.id for g in s.grades]
    margin = margin_line(a, grades, label)
    if margin is not None:
        doc.add(": ".join(margin), None, 2, 4)
    _sensitivity(doc, a, label)
    for year, dist in a.national_distribution.items():
        counts = " · ".join(
            f"{label(g)} {n}" + (" (this grade)" if g == a.grade else "") for g, n in reversed(dist.items())
        )
        doc.add(f"National {year}: {counts}", indent=2, hang=4)
    if verbose:
        _requirements(doc, a, label)
    at = max((len(v.id) for v in a.criteria), default=4) + 7
    deciding = a.deciding()
    named = set(deciding.failing) if deciding is not None and deciding.every else set()
    for level in s.levels:
        rows = [v for v in a.criteria if v.level == level.id]
        if not rows:
            continue
        tally: dict[str, int] = {}
        for v in rows:
            tally[v.status] = tally.get(v.status, 0) + 1
        summary = ", ".join(f"{n} {STATUS_WORDS[st]}" for st, n in tally.items())
        doc.add(f"{level.label} criteria: {summary}", "bold", 2, 4)
        shown = rows if verbose else [v for v in rows if _holds_back(v)]
        for v in shown:
            if verbose:
                _verdict(doc, v, verbose, at)
            else:
                _verdict_line(doc, v, at, v.id in named)
        for status in (vocab.MET, vocab.NOT_APPLICABLE):
            # the rows not shown above, decided as `shown` was (`v not in shown` compared whole
            # verdicts field by field: a fifth of this renderer's time)
            quiet = [v.id for v in rows if v.status == status and not (verbose or _holds_back(v))]
            if quiet:
                doc.add(f"{STATUS[status].mark} {STATUS_WORDS[status]}: {', '.join(quiet)}", STATUS[status].style, 4, 6)
    if a.recommendations and verbose:
        doc.add("Recommendations", "bold", 2)
        for rec in a.recommendations:
            doc.add(f"{rec.id}: {rec.text} (addresses {', '.join(rec.addresses) or 'no criterion'})", None, 4, 6)
    elif a.recommendations:
        recs = "; ".join(f"{rec.id} ({', '.join(rec.addresses) or 'no criterion'})" for rec in a.recommendations)
        doc.add(f"Recommendations: {recs}", None, 2, 4)
    if a.next_grade is not None:
        doc.add(next_text(a.next_grade, label), "bold", 2, 4)
    doc.add()


def _sensitivity(doc: Doc, a: AreaResult | CompositeResult, label: Label) -> None:
    if a.sensitivity:
        computed = a.computed_grade if isinstance(a, AreaResult) else a.grade
        doc.add(f"Sensitivity of the computed grade ({label(computed)}) to each threshold:", None, 2, 4)
        for name, sens in a.sensitivity.items():
            doc.add(sensitivity_text(name, sens, label), None, 4, 6)


def _requirements(doc: Doc, a: AreaResult | CompositeResult, label: Label) -> None:
    """Every requirement of every grade above the lowest, as measured (-v)."""
    doc.add("Requirements", "bold", 2)
    for c in a.requirements:
        doc.add(f"{'✓' if c.holds else '✗'} {label(c.grade)} {requirement(c.id, c.text)}: {c.detail}", None, 4, 6)


def _composite(doc: Doc, s: SubjectResult, c: CompositeResult, verbose: bool) -> None:
    doc.add(f"{c.title}: {graded(c, s.label)}", grade_style(s, c.grade), lead=len(c.title) + 1)
    doc.add(f"Decided: {c.reason}", indent=2, hang=4)
    titles = {a.id: a.title for a in s.areas}
    doc.add("Areas: " + "; ".join(f"{titles.get(a, a)} {s.label(g)}" for a, g in c.areas.items()), indent=2, hang=4)
    if c.judgement is not None:
        doc.add(judgement_text(c.judgement, computed(c), s.label), "italic", 2, 4)
    margin = margin_line(c, [g.id for g in s.grades], s.label)
    if margin is not None:
        doc.add(": ".join(margin), None, 2, 4)
    _sensitivity(doc, c, s.label)
    if verbose:
        _requirements(doc, c, s.label)
    if c.next_grade is not None:
        doc.add(next_text(c.next_grade, s.label), "bold", 2, 4)
    doc.add()


def grade_text(report: GradeReport, look: Look) -> Text | str:
    doc, verbose = Doc(look.width, look.styled), look.verbose
    for s in report.results:
        doc.add(f"{s.subject} ({s.framework})", "bold")
        doc.add(f"source: {s.source_file}", "dim")
        doc.add()
        rows = [[a.title, graded(a, s.label), a.reason] for a in s.areas]
        rows += [[c.title, graded(c, s.label), c.reason] for c in s.composites]
        doc.columns(["Area", "Grade", "Decided"], rows, (24, 20))
        for n in s.not_graded:
            doc.add(f"{n.title}: not graded; no evidence for {', '.join(n.missing)}", "dim")
        doc.add()
        for a in s.areas:
            _area(doc, s, a, verbose)
        for c in s.composites:
            _composite(doc, s, c, verbose)
    return doc.text


def gap_text(g: GapResult | CompositeGapResult, look: Look) -> Text | str:
    doc = Doc(look.width, look.styled)
    if isinstance(g, CompositeGapResult):
        _composite_gap(doc, g)
    else:
        _gap(doc, g)
    return doc.text


def _reached(doc: Doc, g: GapResult | CompositeGapResult) -> bool:
    """The head of a gap; whether that is all there is to say (reached, or out of reach)."""
    doc.add(f"{g.subject}: {g.title}, {g.label(g.grade)} -> {g.label(g.target)}", "bold")
    if g.reached:
        doc.add(f"Already {g.label(g.grade)}; nothing is needed for {g.label(g.target)}.")
    elif not g.reachable:
        doc.add(f"{g.label(g.target)} cannot be reached: {g.why_not}", "bold red")
    return g.reached or not g.reachable


def _composite_gap(doc: Doc, g: CompositeGapResult) -> None:
    if _reached(doc, g):
        return
    doc.add(composite_fewest_text(g), "bold", 0, 2)
    if g.must or g.any:
        guarantee = NextGrade(grade=g.target, reachable=True, must=g.must, any=g.any)
        doc.add("Guaranteed: " + next_text(guarantee, g.label).split(": ", 1)[1], "dim", 0, 2)
    for area in g.areas:
        doc.add()
        _gap(doc, area)


def _gap(doc: Doc, g: GapResult) -> None:
    if _reached(doc, g):
        return
    if g.fewest:
        doc.add(fewest_text(g), "bold", 0, 2)
    if g.any:
        doc.add(guarantee_text(g), "dim", 0, 2)
    texts = {rec.id: rec.text for rec in g.recommendations}
    sections = [
        (f"Must {meet(to)} ({len(items)})", items)
        for to in dict.fromkeys(n.to for n in g.must)
        for items in [[n.criterion for n in g.must if n.to == to]]
    ]
    sections += [(f"Plus {meet(x.to)} any {x.k} of these {len(x.of)}, cheapest first", x.of) for x in g.any]
    for title, items in sections:
        doc.add(title, "bold")
        at = max(len(v.id) for v in items) + 5
        for v in items:
            flag = flags(v)
            mark = f"{STATUS[v.status].mark} {v.id}".ljust(at - 3)
            doc.add(f"{mark}{f' [{flag}]' if flag else ''} {v.text}", STATUS[v.status].style, 2, at, len(mark))
            lines = [f"{v.level}, now {STATUS_WORDS[v.status]}"]
            if v.comparisons:
                lines.append(rule_text(v))
                lines += [f"to meet its rule: {fix}" for fix in fixes(v)]
                lines += fact_notes(v)
            lines += [cite_text(c) for c in v.citations[:1]]
            if v.note:
                lines.append(f"note: {v.note}")
            lines += [f"recommendation {rid}: {texts[rid]}" for rid in v.recommendations if rid in texts]
            for line in lines:
                doc.add(line, "dim", at, at)


def diff_text(d: DiffResult, look: Look) -> Text | str:
    doc = Doc(look.width, look.styled)
    doc.add(f"{d.subject}: {d.old_file} -> {d.new_file}", "bold")
    doc.add()
    changes: list[AreaDiff | GradeChange] = [*d.areas, *d.composites]
    rows = [[a.title, d.label(a.old_grade), d.label(a.new_grade), a.direction] for a in changes]
    doc.columns(["Area", "Then", "Now", "Direction"], rows, (26, 22, 22))
    for a in d.areas:
        lines = []
        if a.version_changed:
            lines.append(f"criteria set version changed: {a.old_version} -> {a.new_version}")
        if a.changed:
            lines.append(
                "changed: " + "; ".join(f"{c.id} {STATUS_WORDS[c.old]} -> {STATUS_WORDS[c.new]}" for c in a.changed)
            )
        if a.added_criteria:
            lines.append("criteria added: " + ", ".join(a.added_criteria))
        if a.removed_criteria:
            lines.append("criteria removed: " + ", ".join(a.removed_criteria))
        if a.new_recommendations:
            lines.append("new recommendations: " + ", ".join(a.new_recommendations))
        if a.resolved_recommendations:
            lines.append("recommendations no longer made: " + ", ".join(a.resolved_recommendations))
        if lines:
            doc.add()
            doc.add(f"{a.title}: {a.direction}", "bold " + DIRECTION_STYLE[a.direction])
            for line in lines:
                doc.add(line, None, 2, 4)
    return doc.text
