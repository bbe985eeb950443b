"""Grade results -> JSON and Markdown, and lint problems -> text, JSON, GitHub annotations."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .errors import SgcError
from .model import GRADES
from .render_text import LEVEL_TITLE, cite_text, next_text, rule_text
from .result import AreaResult, GapResult, GradeReport, to_jsonable

if TYPE_CHECKING:  # summary.py loads multiprocessing; only its type is needed here
    from .summary import SummaryResult

MD_MARK = {
    "met": "✓ met",
    "partial": "◐ partial",
    "not_met": "✗ not met",
    "not_applicable": "– n/a",
    "unknown": "? unknown",
    "unassessed": "? unassessed",
}


def grade_json(report: GradeReport) -> str:
    return model_json(report)


def _md(text: str) -> str:
    """Make text safe inside a Markdown table cell."""
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)  # no raw HTML tags; a plain '< 0.80' stays


def _grade_md(a: AreaResult) -> str:
    notes = []
    if a.judged:
        notes.append(f"judged; computed {a.computed_grade.title()}")
    if a.provisional:
        notes.append(f"provisional: up to {a.best_possible.title()}")
    if a.borderline:
        notes.append("borderline")
    return f"**{a.grade.title()}**" + (f" ({'; '.join(notes)})" if notes else "")


def _area_md(a: AreaResult, verbose: bool) -> list[str]:
    out = [f"## {_md(a.title)}: {_grade_md(a)}", "", f"Decided: {_md(a.reason)}", ""]
    if a.judgement is not None:
        j = a.judgement
        out += [
            f"Professional judgement: {j.grade.title()}{' (not applied)' if not j.applied else ''}"
            f"{' (jumps more than one grade)' if j.jump else ''}. {_md(j.rationale)}",
            "",
        ]
    if a.provisional:
        out += [f"Provisional: up to {a.best_possible.title()} if assessed: {', '.join(a.missing)}", ""]
    for year, dist in a.national_distribution.items():
        out += [
            f"National distribution {year}:",
            "",
            "| " + " | ".join(g.title() for g in reversed(GRADES)) + " |",
            "|---|---|---|---|",
            "| " + " | ".join(f"**{dist[g]}**" if g == a.grade else str(dist[g]) for g in reversed(GRADES)) + " |",
            "",
        ]
    for level in ("fair", "good", "excellent"):
        rows = [v for v in a.criteria if v.level == level]
        if not rows:
            continue
        out += [f"### {LEVEL_TITLE[level]}", "", "| | Criterion | Evidence |", "|---|---|---|"]
        for v in rows:
            flag = " (dominant)" if v.dominant else " (significant)" if v.significant else ""
            cites = v.citations if verbose else v.citations[:1]
            evidence = "; ".join(cite_text(c) for c in cites) or f"decided by {v.decided_by}"
            if v.decided_by == "rule":
                evidence = f"{rule_text(v)}; {evidence}"
            out.append(f"| {MD_MARK[v.status]} | **{v.id}**{flag}: {_md(v.text)} | {_md(evidence)} |")
        out.append("")
    if a.recommendations:
        out += ["### Recommendations", ""]
        out += [
            f"- **{r.id}**: {_md(r.text)} (addresses {', '.join(r.addresses) or 'no criterion'})"
            for r in a.recommendations
        ]
        out.append("")
    if a.next_grade is not None:
        out += [next_text(a.next_grade), ""]
    return out


def grade_markdown(report: GradeReport, verbose: bool = False) -> str:
    out: list[str] = []
    for s in report.results:
        out += [
            f"# {_md(s.subject)}",
            "",
            f"Framework `{s.framework}`, evidence `{s.source_file}`.",
            "",
            "| Area | Grade | Deciding reason |",
            "|---|---|---|",
        ]
        out += [f"| {_md(a.title)} | {_grade_md(a)} | {_md(a.reason)} |" for a in s.areas]
        out.append("")
        for a in s.areas:
            out += _area_md(a, verbose)
    return "\n".join(out).rstrip("\n") + "\n"


def problems_text(problems: Sequence[SgcError]) -> str:
    return "".join(f"{p}\n" for p in problems)


def problems_json(problems: Sequence[SgcError], files: int) -> str:
    items = [
        {"path": p.path, "line": p.line, "col": p.col, "severity": p.severity, "message": p.message} for p in problems
    ]
    return json.dumps({"schema_version": 1, "files": files, "problems": items}, indent=2, ensure_ascii=False) + "\n"


def problems_github(problems: Sequence[SgcError]) -> str:
    def esc(s: str) -> str:
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    lines = []
    for p in problems:
        where = f"file={esc(p.path).replace(',', '%2C')}"
        if p.line:
            where += f",line={p.line},col={p.col}"
        lines.append(f"::{p.severity} {where}::{esc(p.message)}\n")
    return "".join(lines)


def gap_markdown(g: GapResult) -> str:
    out = [f"# {_md(g.subject)}: {_md(g.title)}, {g.grade.title()} to {g.target.title()}", ""]
    if g.reached:
        out.append(f"Already {g.grade.title()}; nothing is needed for {g.target.title()}.")
    elif not g.reachable:
        out.append(f"{g.target.title()} cannot be reached: {_md(g.why_not or '')}.")
    for title, items in (("Must meet", g.must_meet), (f"Plus any {g.plus_any} of", g.of)):
        if not items or g.reached:
            continue
        out += [f"## {title}", "", "| | Criterion | Now | Recommendations |", "|---|---|---|---|"]
        texts = {rec.id: rec.text for rec in g.recommendations}
        for v in items:
            now = cite_text(v.citations[0]) if v.citations else (v.note or "")
            recs = "; ".join(f"{rid}: {texts[rid]}" for rid in v.recommendations if rid in texts)
            out.append(f"| {MD_MARK[v.status]} | **{v.id}** ({v.level}): {_md(v.text)} | {_md(now)} | {_md(recs)} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def model_json(result: Any) -> str:
    """A result as indented JSON, fields in declaration order."""
    return json.dumps(to_jsonable(result), indent=2, ensure_ascii=False) + "\n"


def summary_markdown(s: SummaryResult) -> str:
    out = [
        f"# National summary of judgements ({len(s.subjects)} subjects)",
        "",
        "| Area | Excellent | Good | Fair | Poor |",
        "|---|---|---|---|---|",
    ]
    out += [f"| {_md(a.title)} | {a.excellent} | {a.good} | {a.fair} | {a.poor} |" for a in s.areas]
    out += [
        "",
        "## Grades by subject",
        "",
        "| Subject | " + " | ".join(_md(a.title) for a in s.areas) + " |",
        "|---|" + "---|" * len(s.areas),
    ]
    for row in s.subjects:
        cells = [row.grades[a.id].title() if a.id in row.grades else "-" for a in s.areas]
        out.append(f"| {_md(row.subject)} | " + " | ".join(cells) + " |")
    if s.attention:
        out += ["", "## For moderation", ""]
        out += [f"- {n.why}: {_md(n.subject)}, {_md(n.area)} {n.grade.title()}: {_md(n.detail)}" for n in s.attention]
    if s.failures:
        out += ["", "## Not graded", ""]
        out += [f"- `{f.path}:{f.line}:{f.col}`: {_md(f.message)}" for f in s.failures]
    return "\n".join(out) + "\n"


def summary_csv(s: SummaryResult) -> str:
    """The subject-by-area grade matrix, one row per subject."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["subject", "source_file", *(a.id for a in s.areas)])
    for row in s.subjects:
        writer.writerow([row.subject, row.source_file, *(row.grades.get(a.id, "") for a in s.areas)])
    return buffer.getvalue()
