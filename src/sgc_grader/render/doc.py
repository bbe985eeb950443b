"""Results -> JSON and Markdown, and lint problems -> text, JSON, GitHub annotations."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import SgcError
from ..results.grade import AreaResult, CompositeResult, GradeReport, SubjectResult, adapter
from .words import (
    STATUS_WORDS,
    cite_text,
    fewest_text,
    fixes,
    flags,
    graded,
    guarantee_text,
    judgement_text,
    margin_line,
    meet,
    next_text,
    plural,
    provisional_text,
    rule_text,
    sensitivity_text,
    subject_names,
)

if TYPE_CHECKING:  # only the types of these results are needed here
    from ..app.national import SummaryResult
    from ..grading.planning import GapResult

MD_MARK = {
    "met": "✓ met",
    "partial": "◐ partial",
    "not_met": "✗ not met",
    "not_applicable": "– n/a",
    "unknown": "? unknown",
    "unassessed": "? unassessed",
}


def model_json(result: Any) -> str:
    """A result as indented JSON, fields in declaration order (pydantic-core's serializer)."""
    return adapter(type(result)).dump_json(result, indent=2).decode() + "\n"


def _md(text: str) -> str:
    """Make text safe inside a Markdown table cell."""
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)  # no raw HTML tags; a plain '< 0.80' stays


def _bold_grade(a: Any, s: SubjectResult) -> str:
    text = graded(a, s.label)
    head = s.label(a.grade)
    return f"**{head}**{text[len(head) :]}"


def _area_md(s: SubjectResult, a: AreaResult, verbose: bool) -> list[str]:
    label = s.label
    out = [f"## {_md(a.title)}: {_bold_grade(a, s)}", "", f"Decided: {_md(a.reason)}", ""]
    out += [f"Borderline: {_md(c.text or c.id)}: {_md(c.detail)}" for c in a.borderline_checks if c.holds]
    if a.borderline:
        out.append("")
    if a.judgement is not None:
        out += [_md(judgement_text(a.judgement, a.computed_grade, label)), ""]
    if a.provisional:
        out += [provisional_text(a, label), ""]
    margin = margin_line(a, [g.id for g in s.grades], label)
    if margin is not None:
        out += [_md(": ".join(margin)), ""]
    if a.sensitivity:
        out += [f"Sensitivity of the computed grade ({_md(label(a.computed_grade))}) to each threshold:", ""]
        out += [f"- {_md(sensitivity_text(name, x, label))}" for name, x in a.sensitivity.items()]
        out.append("")
    for year, dist in a.national_distribution.items():
        grades = list(reversed(dist))
        out += [
            f"National distribution {year}:",
            "",
            "| " + " | ".join(_md(label(g)) for g in grades) + " |",
            "|" + "---|" * len(grades),
            "| " + " | ".join(f"**{dist[g]}**" if g == a.grade else str(dist[g]) for g in grades) + " |",
            "",
        ]
    if verbose:
        out += ["### Requirements", "", "| | Grade | Requirement | Numbers |", "|---|---|---|---|"]
        out += [
            f"| {'✓' if c.holds else '✗'} | {_md(label(c.grade))} | {_md(c.id)} | {_md(c.detail)} |"
            for c in a.requirements
        ]
        out.append("")
    for level in s.levels:
        rows = [v for v in a.criteria if v.level == level.id]
        if not rows:
            continue
        out += [f"### {_md(level.label)} criteria", "", "| | Criterion | Evidence |", "|---|---|---|"]
        for v in rows:
            flag = f" ({flags(v)})" if flags(v) else ""
            cites = v.citations if verbose else v.citations[:1]
            evidence = "; ".join(cite_text(c) for c in cites) or f"decided by {v.decided_by}"
            if v.comparisons and (verbose or v.decided_by == "rule" or v.conflict):
                evidence = f"{rule_text(v)}; {evidence}"
            if v.conflict:
                evidence = f"conflicts with its rule; {evidence}"
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
        out += [_md(next_text(a.next_grade, label)), ""]
    return out


def grade_markdown(report: GradeReport, verbose: bool = False) -> str:
    out: list[str] = []
    for s in report.results:
        out += [
            f"# {_md(s.subject)}",
            "",
            f"Framework `{s.framework}`, evidence `{s.source_file}`.",
            "",
            "| Area | Grade | Decided |",
            "|---|---|---|",
        ]
        graded: list[AreaResult | CompositeResult] = [*s.areas, *s.composites]
        out += [f"| {_md(a.title)} | {_bold_grade(a, s)} | {_md(a.reason)} |" for a in graded]
        out.append("")
        out += [f"{_md(n.title)}: not graded; no evidence for {', '.join(n.missing)}." for n in s.not_graded]
        if s.not_graded:
            out.append("")
        for a in s.areas:
            out += _area_md(s, a, verbose)
        titles = {a.id: a.title for a in s.areas}
        for c in s.composites:
            out += [f"## {_md(c.title)}: {_bold_grade(c, s)}", "", f"Decided: {_md(c.reason)}", ""]
            out += [f"- {_md(titles.get(a, a))}: {_md(s.label(g))}" for a, g in c.areas.items()]
            out.append("")
            margin = margin_line(c, [g.id for g in s.grades], s.label)
            if margin is not None:
                out += [_md(": ".join(margin)), ""]
            if c.next_grade is not None:
                out += [_md(next_text(c.next_grade, s.label, areas=True)), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def problems_text(problems: Sequence[SgcError]) -> str:
    return "".join(f"{p}\n" for p in problems)


def problems_json(problems: Sequence[SgcError], files: int) -> str:
    items = [
        {"path": p.path, "line": p.line, "col": p.col, "severity": p.severity, "rule": p.rule, "message": p.message}
        for p in problems
    ]
    return json.dumps({"schema_version": 2, "files": files, "problems": items}, indent=2, ensure_ascii=False) + "\n"


def problems_github(problems: Sequence[SgcError]) -> str:
    def esc(s: str) -> str:
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    lines = []
    for p in problems:
        where = f"file={esc(p.path).replace(',', '%2C')}"
        if p.line:
            where += f",line={p.line},col={p.col}"
        lines.append(f"::{p.severity} {where}::{esc(p.text())}\n")
    return "".join(lines)


# Problems found while reading a file (YAML, schema) come from no lint rule; SARIF names them.
READ_RULE = ("SGC000", "readable-and-valid", "error", "The file can be read as YAML and fits the schema of its kind.")


def problems_sarif(problems: Sequence[SgcError], rules: Sequence[tuple[str, str, str, str]], version: str) -> str:
    """SARIF 2.1.0 for code scanning: the tool with every rule and its documentation,
    and one result per problem with its rule, level and region."""
    table = [READ_RULE, *rules]
    descriptors = [
        {
            "id": rid,
            "name": name,
            "shortDescription": {"text": name.replace("-", " ")},
            "fullDescription": {"text": doc},
            "defaultConfiguration": {"level": severity},
        }
        for rid, name, severity, doc in table
    ]
    index = {rid: i for i, (rid, *_rest) in enumerate(table)}
    results = []
    for p in problems:
        rid = p.rule or READ_RULE[0]
        location: dict[str, Any] = {"artifactLocation": {"uri": _uri(p.path)}}
        if p.line:
            location["region"] = {"startLine": p.line, "startColumn": max(1, p.col)}
        results.append(
            {
                "ruleId": rid,
                "ruleIndex": index.get(rid, 0),
                "level": p.severity,
                "message": {"text": p.message},
                "locations": [{"physicalLocation": location}],
            }
        )
    run = {
        "tool": {"driver": {"name": "sgc", "version": version, "rules": descriptors}},
        "results": results,
    }
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def _uri(path: str) -> str:
    """A file path as a SARIF artifact URI (relative paths stay relative)."""
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(Path(path).as_posix())


def gap_markdown(g: GapResult) -> str:
    out = [f"# {_md(g.subject)}: {_md(g.title)}, {_md(g.label(g.grade))} to {_md(g.label(g.target))}", ""]
    if g.reached:
        out.append(f"Already {_md(g.label(g.grade))}; nothing is needed for {_md(g.label(g.target))}.")
    elif not g.reachable:
        out.append(f"{_md(g.label(g.target))} cannot be reached: {_md(g.why_not or '')}.")
    if g.fewest:
        out += [f"**{_md(fewest_text(g))}**", ""]
    if g.any:
        out += [_md(guarantee_text(g)), ""]
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
            out.append(f"| {MD_MARK[v.status]} | **{v.id}** ({v.level}): {_md(v.text)} | {_md(now)} | {_md(recs)} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def summary_markdown(s: SummaryResult) -> str:
    grades = [g.id for g in reversed(s.grades)]
    out = [
        f"# National summary of judgements ({plural(len(s.subjects), 'subject')})",
        "",
        "| Area | " + " | ".join(_md(s.label(g)) for g in grades) + " |",
        "|---|" + "---|" * len(grades),
    ]
    out += [f"| {_md(a.title)} | " + " | ".join(str(a.counts[g]) for g in grades) + " |" for a in s.areas]
    out += [
        "",
        "## Grades by subject",
        "",
        "| Subject | " + " | ".join(_md(a.title) for a in s.areas) + " |",
        "|---|" + "---|" * len(s.areas),
    ]
    names = subject_names(s)
    for row in s.subjects:
        cells = [_md(s.label(row.grades[a.id])) if a.id in row.grades else "-" for a in s.areas]
        out.append(f"| {_md(names[row.source_file])} | " + " | ".join(cells) + " |")
    if s.attention:
        out += ["", "## For moderation", ""]
        out += [
            f"- {n.why}: {_md(names[n.source_file])}, {_md(n.area)} {_md(s.label(n.grade))}: {_md(n.detail)}"
            for n in s.attention
        ]
    if s.shortfalls:
        out += [
            "",
            "## Criteria most often not met",
            "",
            "| Criterion | Area | Not met | Partly met | Not assessed | Of |",
        ]
        out.append("|---|---|---|---|---|---|")
        out += [
            f"| **{c.id}**: {_md(c.text)} | {_md(c.area)} | {c.not_met} | {c.partial} | {c.missing} | {c.graded} |"
            for c in s.shortfalls[:25]
        ]
    if s.failures:
        out += ["", "## Not graded", ""]
        out += [f"- `{f.path}:{f.line}:{f.col}`: {_md(f.message)}" for f in s.failures]
    return "\n".join(out) + "\n"


def summary_csv(s: SummaryResult) -> str:
    """The subject-by-area grade matrix (grade ids), one row per subject."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["subject", "source_file", *(a.id for a in s.areas)])
    for row in s.subjects:
        writer.writerow([row.subject, row.source_file, *(row.grades.get(a.id, "") for a in s.areas)])
    return buffer.getvalue()
