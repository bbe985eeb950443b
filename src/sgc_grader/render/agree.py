"""`sgc agree` results -> text and Markdown. Never recomputes a grade or a statistic."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..results.compare import AgreeResult, AreaAgreement, GradeChanging, Pair, Statistics
from . import Look
from .phrases import STATUS_WORDS
from .safe import code, md
from .text import Doc

if TYPE_CHECKING:
    from rich.text import Text

NAMES = {"agreement": "agreement", "kappa": "kappa", "weighted_kappa": "weighted kappa"}
COMPUTED = "Grades are computed from each file's findings; professional judgements are not applied."


def statistics_text(s: Statistics) -> str:
    """`79 criteria assessed by both: agreement 0.937 (74 of 79); kappa 0.853; ...`."""
    head = f"{s.n} criteri{'on' if s.n == 1 else 'a'} assessed by both"
    if s.n == 0:
        return f"{head}: no statistics"
    parts = []
    for key, name in NAMES.items():
        value = getattr(s, key)
        if value is None:
            parts.append(f"{name} undefined ({s.undefined[key]})")
        elif key == "agreement":
            parts.append(f"{name} {value:.3f} ({round(value * s.n)} of {s.n})")
        else:
            parts.append(f"{name} {value:.3f}")
    return f"{head}: {'; '.join(parts)}"


def _pair(p: Pair) -> str:
    return f"{p.id} (A {STATUS_WORDS[p.a]}, B {STATUS_WORDS[p.b]})"


def _changing(g: GradeChanging, label: Callable[[str], str]) -> str:
    effects = []
    if g.a_would_be is not None:
        effects.append(f"A would be {label(g.a_would_be)} with B's status")
    if g.b_would_be is not None:
        effects.append(f"B would be {label(g.b_would_be)} with A's")
    return f"{g.id} (A {STATUS_WORDS[g.a]}, B {STATUS_WORDS[g.b]}): {'; '.join(effects)}"


def _judged(r: AgreeResult, a: AreaAgreement) -> str:
    notes = [f"{who}'s judgement {r.label(j)}" for who, j in (("A", a.a_judgement), ("B", a.b_judgement)) if j]
    return f" ({'; '.join(notes)})" if notes else ""


def _lines(r: AgreeResult, a: AreaAgreement) -> list[str]:
    changing = {g.id for g in a.grade_changing}
    lines = [f"Findings: {statistics_text(a.criteria)}"]
    if a.grade_changing:
        lines.append("Grade-changing: " + "; ".join(_changing(g, r.label) for g in a.grade_changing))
    rest = [p for p in a.differ if p.id not in changing]
    if rest:
        lines.append("Also differ: " + ", ".join(_pair(p) for p in rest))
    if a.one_only:
        lines.append("Assessed by one only: " + ", ".join(_pair(p) for p in a.one_only))
    if a.not_applicable:
        lines.append("Not applicable in A or B: " + ", ".join(_pair(p) for p in a.not_applicable))
    return lines


def agree_text(r: AgreeResult, look: Look) -> Text | str:
    doc = Doc(look.width, look.styled)
    doc.add(f"{r.subject} ({r.framework})", "bold")
    doc.add(f"A: {r.a_file}", "dim")
    doc.add(f"B: {r.b_file}", "dim")
    doc.add()
    doc.add(statistics_text(r.criteria), "bold", 0, 2)
    doc.add(COMPUTED, "dim")
    doc.add()
    rows = [
        [a.title, r.label(a.a), r.label(a.b), "yes" if a.agree else "no", ", ".join(g.id for g in a.grade_changing)]
        for a in r.areas
    ]
    doc.columns(["Area", "A", "B", "Agree", "Grade-changing"], rows, (24, 12, 12, 5))
    for side, only in (("A", r.only_a), ("B", r.only_b)):
        if only:
            doc.add(f"Assessed in {side} only: {', '.join(only)}", "dim")
    for a in r.areas:
        doc.add()
        verdict = "agree" if a.agree else "disagree"
        head = f"{a.title}: A {r.label(a.a)}, B {r.label(a.b)} ({verdict}){_judged(r, a)}"
        doc.add(head, "bold" if a.agree else "bold red", 0, 2)
        for line in _lines(r, a):
            doc.add(line, None, 2, 4)
    return doc.text


def agree_markdown(r: AgreeResult, look: Look) -> str:
    out = [
        f"# {md(r.subject)}: two assessments compared",
        "",
        f"Framework {code(r.framework)}; A {code(r.a_file)}, B {code(r.b_file)}.",
        "",
        f"**{md(statistics_text(r.criteria))}**",
        "",
        COMPUTED,
        "",
        "| Area | A | B | Agree | Grade-changing |",
        "|---|---|---|---|---|",
    ]
    for a in r.areas:
        changing = ", ".join(g.id for g in a.grade_changing)
        out.append(
            f"| {md(a.title)} | {md(r.label(a.a))} | {md(r.label(a.b))} | {'yes' if a.agree else '**no**'} "
            f"| {changing} |"
        )
    out.append("")
    for side, only in (("A", r.only_a), ("B", r.only_b)):
        if only:
            out += [f"Assessed in {side} only: {', '.join(only)}.", ""]
    for a in r.areas:
        verdict = "agree" if a.agree else "disagree"
        out += [f"## {md(a.title)}: A {md(r.label(a.a))}, B {md(r.label(a.b))} ({verdict}){md(_judged(r, a))}", ""]
        out += [f"- {md(line)}" for line in _lines(r, a)]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
