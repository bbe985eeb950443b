"""Grade results -> rich renderables for the terminal. Never recomputes a grade."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .model import GRADES
from .result import AreaResult, Cited, DiffResult, GapResult, GradeReport, NextGrade, SubjectResult, Verdict

if TYPE_CHECKING:  # summary.py loads multiprocessing; only its type is needed here
    from .summary import SummaryResult

MARKS = {
    "met": ("✓", "green"),
    "partial": ("◐", "yellow"),
    "not_met": ("✗", "red"),
    "not_applicable": ("–", "dim"),
    "unknown": ("?", "magenta"),
    "unassessed": ("?", "magenta"),
}
GRADE_STYLE = {"excellent": "bold green", "good": "bold cyan", "fair": "bold yellow", "poor": "bold red"}
LEVEL_TITLE = {"fair": "Fair criteria", "good": "Good criteria", "excellent": "Excellent criteria"}


def grade_label(a: AreaResult, sep: str = " ") -> Text:
    """The grade with its markers: `FAIR (judged; computed GOOD)`, `POOR (borderline)`."""
    text = Text(a.grade.upper(), style=GRADE_STYLE[a.grade])
    notes = []
    if a.judged:
        notes.append(f"judged; computed {a.computed_grade.upper()}")
    if a.provisional:
        notes.append(f"provisional: up to {a.best_possible.upper()}")
    if a.borderline:
        notes.append("borderline")
    if notes:
        text.append(f"{sep}({'; '.join(notes)})")
    return text


def cite_text(c: Cited) -> str:
    where = ", ".join(x for x in (c.source, c.at) if x)
    return f'"{c.quote}" ({where})' if c.quote else f"({where})"


def rule_text(v: Verdict) -> str:
    """`rule false: np.live_share=69` — the rule's value and the facts it read."""
    values = ", ".join(f"{f.fact}={f.value}" if f.present else f"{f.fact} absent" for f in v.facts_read)
    return f"rule {v.rule_value}: {values}"


def _criteria_table(title: str, rows: list[tuple[Text, Text, Text]]) -> Table:
    """Criteria as mark | id | text with detail lines, without borders."""
    table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 1))
    table.add_column(width=1, no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for row in rows:
        table.add_row(*row)
    return table


def next_text(n: NextGrade) -> str:
    if not n.reachable:
        return f"{n.grade.upper()} is out of reach: {n.why_not}"
    parts = []
    if n.must_meet:
        parts.append("meet " + ", ".join(n.must_meet))
    if n.plus_any:
        parts.append(f"any {n.plus_any} more of " + ", ".join(n.of))
    return f"To reach {n.grade.upper()}: " + ("; plus ".join(parts) if parts else "nothing more")


def summary_table(s: SubjectResult) -> Table:
    table = Table(title=f"{s.subject} ({s.framework})", title_justify="left", expand=False)
    table.add_column("Area", ratio=2)
    table.add_column("Grade", ratio=2)
    table.add_column("Deciding reason", ratio=4)
    for a in s.areas:
        table.add_row(a.title, grade_label(a, "\n"), a.reason)
    return table


def _verdict_row(v: Verdict, verbose: bool) -> tuple[Text, Text, Text]:
    mark, style = MARKS[v.status]
    flags = " [dominant]" if v.dominant else " [significant]" if v.significant else ""
    body = Text(v.text)
    body.append(flags, style="bold")
    detail = []
    cites = v.citations if verbose else v.citations[:1]
    how = {"rule": "rule", "finding": "finding", "none": "nothing: no finding and no rule"}[v.decided_by]
    detail.append(f"{v.status.replace('_', ' ')}, by {how}" + (" (conflicts with its rule)" if v.conflict else ""))
    if v.rule_value is not None and (verbose or v.decided_by == "rule"):
        detail.append(rule_text(v))
    detail += [cite_text(c) for c in cites]
    if v.note:
        detail.append(f"note: {v.note}")
    more = len(v.citations) - len(cites)
    if more:
        detail.append(f"(+{more} more citation{'s' if more > 1 else ''}; -v shows {'them' if more > 1 else 'it'})")
    if v.recommendations:
        detail.append("recommendations: " + ", ".join(v.recommendations))
    body.append("\n" + "\n".join(detail), style="dim")
    return Text(mark, style=style), Text(v.id, style=style), body


def area_block(a: AreaResult, verbose: bool) -> RenderableType:
    parts: list[RenderableType] = [Text.assemble((f"{a.title}: ", "bold"), grade_label(a))]
    parts.append(Text(f"Decided: {a.reason}"))
    if a.judgement is not None:
        j = a.judgement
        applied = "" if j.applied else " (not applied: --no-judgements)"
        jump = " (jumps more than one grade)" if j.jump else ""
        parts.append(Text(f"Professional judgement: {j.grade.upper()}{jump}{applied}. {j.rationale}", style="italic"))
    if a.provisional:
        parts.append(
            Text(f"Provisional: up to {a.best_possible.upper()} if assessed: {', '.join(a.missing)}", style="magenta")
        )
    for year, dist in a.national_distribution.items():
        row = "  ".join(f"{g.title()} {dist[g]}" + ("*" if g == a.grade else "") for g in reversed(GRADES))
        parts.append(Text(f"National {year}: {row}   (* this grade)"))
    for level in ("fair", "good", "excellent"):
        rows = [v for v in a.criteria if v.level == level]
        if not rows:
            continue
        parts.append(_criteria_table(LEVEL_TITLE[level], [_verdict_row(v, verbose) for v in rows]))
    if a.recommendations:
        parts.append(Text("Recommendations", style="bold"))
        for rec in a.recommendations:
            parts.append(
                Padding(
                    Text(f"{rec.id}: {rec.text} (addresses {', '.join(rec.addresses) or 'no criterion'})"), (0, 0, 0, 2)
                )
            )
    if a.next_grade is not None:
        parts.append(Text(next_text(a.next_grade), style="bold"))
    return Group(*parts, Text(""))


def grade_text(report: GradeReport, verbose: bool = False) -> list[RenderableType]:
    out: list[RenderableType] = []
    for s in report.results:
        out.append(summary_table(s))
        out.append(Text(f"source: {s.source_file}\n", style="dim"))
        out.extend(area_block(a, verbose) for a in s.areas)
    return out


def _gap_item(v: Verdict, recs: dict[str, str]) -> tuple[Text, Text, Text]:
    mark, style = MARKS[v.status]
    flags = " [dominant]" if v.dominant else " [significant]" if v.significant else ""
    body = Text(v.text)
    body.append(flags, style="bold")
    detail = [f"{v.level}, now {v.status.replace('_', ' ')}"]
    detail += [cite_text(c) for c in v.citations[:1]]
    if v.note:
        detail.append(f"note: {v.note}")
    detail += [f"recommendation {rid}: {recs[rid]}" for rid in v.recommendations if rid in recs]
    body.append("\n" + "\n".join(detail), style="dim")
    return Text(mark, style=style), Text(v.id, style=style), body


def gap_text(g: GapResult) -> list[RenderableType]:
    head = Text.assemble(
        (f"{g.subject}: {g.title} ", "bold"),
        (g.grade.upper(), GRADE_STYLE[g.grade]),
        (" -> ", "bold"),
        (g.target.upper(), GRADE_STYLE[g.target]),
    )
    out: list[RenderableType] = [head]
    if g.reached:
        return [*out, Text(f"Already {g.grade.upper()}; nothing is needed for {g.target.upper()}.")]
    if not g.reachable:
        return [*out, Text(f"{g.target.upper()} cannot be reached: {g.why_not}", style="bold red")]
    for title, items in (
        (f"Must meet ({len(g.must_meet)})", g.must_meet),
        (f"Plus any {g.plus_any} of these {len(g.of)}, cheapest first", g.of),
    ):
        if not items:
            continue
        texts = {rec.id: rec.text for rec in g.recommendations}
        out.append(_criteria_table(title, [_gap_item(v, texts) for v in items]))
    return out


DIRECTION_STYLE = {"improved": "green", "stable": "", "deteriorated": "red", "added": "cyan", "removed": "dim"}


def diff_text(d: DiffResult) -> list[RenderableType]:
    table = Table(title=f"{d.subject}: {d.old_file} -> {d.new_file}", title_justify="left")
    for name in ("Area", "Then", "Now", "Direction"):
        table.add_column(name)
    for a in d.areas:
        table.add_row(
            a.title,
            (a.old_grade or "-").upper(),
            (a.new_grade or "-").upper(),
            Text(a.direction, style=DIRECTION_STYLE[a.direction]),
        )
    out: list[RenderableType] = [table]
    for a in d.areas:
        lines = []
        if a.version_changed:
            lines.append(f"criteria set version changed: {a.old_version} -> {a.new_version}")
        if a.changed:
            lines.append(
                "changed: "
                + "; ".join(f"{c.id} {c.old.replace('_', ' ')} -> {c.new.replace('_', ' ')}" for c in a.changed)
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
            out.append(Text(f"{a.title}: {a.direction}", style="bold"))
            out.extend(Padding(Text(x), (0, 0, 0, 2)) for x in lines)
    return out


BAR = {"excellent": "█", "good": "▓", "fair": "▒", "poor": "░"}
MATRIX_MARK = {"provisional": "?", "borderline": "~", "judged": "!"}


def stacked_bar(counts: Mapping[str, int], width: int = 20) -> str:
    """A bar whose segments (█ Excellent, ▓ Good, ▒ Fair, ░ Poor) are proportional to the counts."""
    total = sum(counts.values()) or 1
    cells, used = [], 0
    for i, g in enumerate(reversed(GRADES)):
        n = width - used if i == len(GRADES) - 1 else round(width * counts[g] / total)
        n = max(0, min(n, width - used)) if counts[g] else 0
        cells.append(BAR[g] * n)
        used += n
    return "".join(cells)


def abbreviations(titles: dict[str, str]) -> dict[str, str]:
    """Short column names from titles ('Neighbourhood Policing' -> 'NP'); ids where they clash."""
    short = {a: "".join(w[0] for w in t.split()).upper() for a, t in titles.items()}
    clashes = {v for v in short.values() if list(short.values()).count(v) > 1}
    return {a: (a if v in clashes else v) for a, v in short.items()}


def summary_text(s: SummaryResult) -> list[RenderableType]:
    if not s.subjects:
        return [
            Text(f"No evidence graded: {s.files} file{'s' if s.files != 1 else ''}, none readable (errors on stderr).")
        ]
    national = Table(title=f"National summary of judgements ({len(s.subjects)} subjects)", title_justify="left")
    national.add_column("Area")
    for g in reversed(GRADES):
        national.add_column(g.title(), justify="right")
    national.add_column("█ E ▓ G ▒ F ░ P", no_wrap=True)
    for a in s.areas:
        counts: dict[str, int] = {g: getattr(a, g) for g in GRADES}
        national.add_row(a.title, *(str(counts[g]) for g in reversed(GRADES)), stacked_bar(counts))
    out: list[RenderableType] = [national]
    short = abbreviations({a.id: a.title for a in s.areas})
    marks: dict[tuple[str, str], str] = {}
    for n in s.attention:
        marks[(n.source_file, n.area)] = marks.get((n.source_file, n.area), "") + MATRIX_MARK[n.why]
    matrix = Table(title="Grades by subject", title_justify="left")
    matrix.add_column("Subject")
    for a in s.areas:
        matrix.add_column(short[a.id], justify="center", no_wrap=True)
    for row in s.subjects:
        cells = [
            (row.grades[a.id][0].upper() + marks.get((row.source_file, a.id), "")) if a.id in row.grades else "-"
            for a in s.areas
        ]
        matrix.add_row(row.subject, *cells)
    out.append(matrix)
    legend = "; ".join(f"{short[a.id]} {a.title}" for a in s.areas)
    out.append(Text(f"{legend}. E/G/F/P: grade; ? provisional, ~ borderline, ! judged.", style="dim"))
    if s.attention:
        out.append(Text(f"For moderation ({len(s.attention)})", style="bold"))
        out += [
            Padding(Text(f"{n.why}: {n.subject}, {n.area} {n.grade.upper()}: {n.detail}"), (0, 0, 0, 2))
            for n in s.attention
        ]
    if s.failures:
        failed = len({f.path for f in s.failures})
        out.append(Text(f"Not graded: {failed} file{'s' if failed > 1 else ''} (errors on stderr)", style="bold red"))
    return out
