"""Results -> Markdown. Every piece of text from input goes through `safe.md` (or
`safe.code`): no raw HTML, link or control character comes from a file."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..results.grade import AreaResult, CompositeResult, GradeReport, SubjectResult
from ..results.national import SummaryResult
from ..results.plan import CompositeGapResult, GapResult
from . import Look
from .phrases import (
    STATUS,
    STATUS_WORDS,
    cite_text,
    computed,
    fixes,
    flags,
    graded,
    judgement_text,
    moderation,
    more_text,
    plural,
    provisional_text,
    requirement,
    rule_text,
    subject_names,
)
from .reach import composite_fewest_text, fewest_text, guarantee_text, margin_line, meet, next_text, sensitivity_text
from .safe import code, md


def _bold_grade(a: Any, s: SubjectResult) -> str:
    text = graded(a, s.label)
    head = s.label(a.grade)
    return f"**{md(head)}**{md(text[len(head) :])}"


def _area(s: SubjectResult, a: AreaResult, verbose: bool) -> list[str]:
    label = s.label
    out = [f"## {md(a.title)}: {_bold_grade(a, s)}", "", f"Decided: {md(a.reason)}", ""]
    out += [f"Borderline: {md(c.text or c.id)}: {md(c.detail)}" for c in a.borderline_checks if c.holds]
    if a.borderline:
        out.append("")
    if a.judgement is not None:
        out += [md(judgement_text(a.judgement, a.computed_grade, label)), ""]
    if a.provisional:
        out += [md(provisional_text(a, label)), ""]
    margin = margin_line(a, [g.id for g in s.grades], label)
    if margin is not None:
        out += [md(": ".join(margin)), ""]
    if a.sensitivity:
        out += [f"Sensitivity of the computed grade ({md(label(a.computed_grade))}) to each threshold:", ""]
        out += [f"- {md(sensitivity_text(name, x, label))}" for name, x in a.sensitivity.items()]
        out.append("")
    for year, dist in a.national_distribution.items():
        grades = list(reversed(dist))
        out += [
            f"National distribution {md(year)}:",
            "",
            "| " + " | ".join(md(label(g)) for g in grades) + " |",
            "|" + "---|" * len(grades),
            "| " + " | ".join(f"**{dist[g]}**" if g == a.grade else str(dist[g]) for g in grades) + " |",
            "",
        ]
    if verbose:
        out += _requirements(a, label)
    for level in s.levels:
        rows = [v for v in a.criteria if v.level == level.id]
        if not rows:
            continue
        out += [f"### {md(level.label)} criteria", "", "| | Criterion | Evidence |", "|---|---|---|"]
        for v in rows:
            flag = f" ({flags(v)})" if flags(v) else ""
            cites = v.citations if verbose else v.citations[:1]
            evidence = "; ".join(cite_text(c) for c in cites) or f"decided by {v.decided_by}"
            if v.comparisons and (verbose or v.decided_by == "rule" or v.conflict):
                evidence = f"{rule_text(v)}; {evidence}"
            if v.conflict:
                evidence = f"conflicts with its rule; {evidence}"
            out.append(f"| {STATUS[v.status].cell} | **{md(v.id)}**{flag}: {md(v.text)} | {md(evidence)} |")
        out.append("")
    if a.recommendations:
        out += ["### Recommendations", ""]
        out += [
            f"- **{md(r.id)}**: {md(r.text)} (addresses {md(', '.join(r.addresses)) or 'no criterion'})"
            for r in a.recommendations
        ]
        out.append("")
    if a.next_grade is not None:
        out += [md(next_text(a.next_grade, label)), ""]
    return out


def _requirements(a: AreaResult | CompositeResult, label: Callable[[str], str]) -> list[str]:
    """Every requirement of every grade above the lowest, as measured (-v)."""
    out = ["### Requirements", "", "| | Grade | Requirement | Numbers |", "|---|---|---|---|"]
    out += [
        f"| {'✓' if c.holds else '✗'} | {md(label(c.grade))} | {md(requirement(c.id, c.text))} | {md(c.detail)} |"
        for c in a.requirements
    ]
    return [*out, ""]


def grade(report: GradeReport, look: Look) -> str:
    out: list[str] = []
    for s in report.results:
        out += [
            f"# {md(s.subject)}",
            "",
            f"Framework {code(s.framework)}, evidence {code(s.source_file)}.",
            "",
            "| Area | Grade | Decided |",
            "|---|---|---|",
        ]
        rows: list[AreaResult | CompositeResult] = [*s.areas, *s.composites]
        out += [f"| {md(a.title)} | {_bold_grade(a, s)} | {md(a.reason)} |" for a in rows]
        out.append("")
        out += [f"{md(n.title)}: not graded; no evidence for {md(', '.join(n.missing))}." for n in s.not_graded]
        if s.not_graded:
            out.append("")
        for a in s.areas:
            out += _area(s, a, look.verbose)
        titles = {a.id: a.title for a in s.areas}
        for c in s.composites:
            out += [f"## {md(c.title)}: {_bold_grade(c, s)}", "", f"Decided: {md(c.reason)}", ""]
            out += [f"- {md(titles.get(a, a))}: {md(s.label(g))}" for a, g in c.areas.items()]
            out.append("")
            if c.judgement is not None:
                out += [md(judgement_text(c.judgement, computed(c), s.label)), ""]
            margin = margin_line(c, [g.id for g in s.grades], s.label)
            if margin is not None:
                out += [md(": ".join(margin)), ""]
            if look.verbose:
                out += _requirements(c, s.label)
            if c.next_grade is not None:
                out += [md(next_text(c.next_grade, s.label)), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def gap(g: GapResult | CompositeGapResult, look: Look) -> str:
    if not isinstance(g, CompositeGapResult):
        return _gap(g)
    out = _head(g)
    if g.reachable and not g.reached:
        out += [f"**{md(composite_fewest_text(g))}**", ""]
    for area in g.areas:
        out += ["", *("#" + line if line.startswith("#") else line for line in _gap(area).splitlines())]
    return "\n".join(out).rstrip("\n") + "\n"


def _head(g: GapResult | CompositeGapResult) -> list[str]:
    """The head of a gap, an area's or a composite's: from and to, and whether the
    target is reached already or out of reach."""
    out = [f"# {md(g.subject)}: {md(g.title)}, {md(g.label(g.grade))} to {md(g.label(g.target))}", ""]
    if g.reached:
        out.append(f"Already {md(g.label(g.grade))}; nothing is needed for {md(g.label(g.target))}.")
    elif not g.reachable:
        out.append(f"{md(g.label(g.target))} cannot be reached: {md(g.why_not or '')}.")
    return out


def _gap(g: GapResult) -> str:
    out = _head(g)
    if g.fewest:
        out += [f"**{md(fewest_text(g))}**", ""]
    if g.any:
        out += [md(guarantee_text(g)), ""]
    groups = [
        (f"Must {meet(to)}", [n.criterion for n in g.must if n.to == to]) for to in dict.fromkeys(n.to for n in g.must)
    ]
    groups += [(f"Plus {meet(x.to)} any {x.k} of", x.of) for x in g.any]
    texts = {rec.id: rec.text for rec in g.recommendations}
    for title, items in groups:
        out += [f"## {title}", "", "| | Criterion | Now | Recommendations |", "|---|---|---|---|"]
        for v in items:
            now = cite_text(v.citations[0]) if v.citations else (v.note or STATUS_WORDS[v.status])
            if v.comparisons:
                now = "; ".join([rule_text(v), *(f"to meet its rule: {fix}" for fix in fixes(v)), now])
            recs = "; ".join(f"{rid}: {texts[rid]}" for rid in v.recommendations if rid in texts)
            cells = f"**{md(v.id)}** ({md(v.level)}): {md(v.text)} | {md(now)} | {md(recs)}"
            out.append(f"| {STATUS[v.status].cell} | {cells} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _leading(text: str) -> str:
    """A list item's text that starts with a subject's name: a name such as "# x",
    "1. x" or "~~~" stays text, not a heading, a list or a fence."""
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return re.sub(r"^([#>+*=_~-])", r"\\\1", text)


def summary(s: SummaryResult, look: Look) -> str:
    grades = [g.id for g in reversed(s.grades)]
    out = [
        f"# National summary of judgements ({plural(len(s.subjects), 'subject')})",
        "",
        "| Area | " + " | ".join(md(s.label(g)) for g in grades) + " |",
        "|---|" + "---|" * len(grades),
    ]
    out += [f"| {md(a.title)} | " + " | ".join(str(a.counts[g]) for g in grades) + " |" for a in s.areas]
    out += [
        "",
        "## Grades by subject",
        "",
        "| Subject | " + " | ".join(md(a.title) for a in s.areas) + " |",
        "|---|" + "---|" * len(s.areas),
    ]
    names = subject_names(s)
    for row in s.subjects:
        cells = [md(s.label(row.grades[a.id])) if a.id in row.grades else "-" for a in s.areas]
        out.append(f"| {md(names[row.source_file])} | " + " | ".join(cells) + " |")
    if s.attention:
        out += ["", f"## For moderation ({len(s.attention)})"]
        for group in moderation(s):
            out += ["", f"### {md(group.heading)}", ""]
            out += [f"- {_leading(md(line))}" for line in group.lines]
            if group.more:
                out.append(f"- {more_text(group.more, '`sgc summary --format json`')}")
    if s.shortfalls:
        titles = {a.id: a.title for a in s.areas}
        out += [
            "",
            "## Criteria most often not met",
            "",
            "| Criterion | Area | Not met | Partly met | Not assessed | Of |",
        ]
        out.append("|---|---|---|---|---|---|")
        out += [
            f"| **{md(c.id)}**: {md(c.text)} | {md(titles.get(c.area, c.area))} | {c.not_met} | {c.partial} | "
            f"{c.missing} | {c.graded} |"
            for c in s.shortfalls[:25]
        ]
    if s.failures:
        out += ["", "## Not graded", ""]
        out += [f"- {code(f'{f.path}:{f.line}:{f.col}')}: {md(f.message)}" for f in s.failures]
    return "\n".join(out) + "\n"
