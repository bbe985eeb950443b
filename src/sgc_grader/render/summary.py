"""The national summary as text (`sgc summary`): counts per area with a bar, the grades
by subject, and the notes for moderation, all within the terminal's width."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..results.national import SummaryResult
from . import Look
from .phrases import MATRIX_MARK, abbreviations, moderation, more_text, plural, subject_names
from .safe import visible
from .text import Doc, column_widths

if TYPE_CHECKING:
    from rich.text import Text

BARS = "█▓▒░▁·"


def stacked_bar(counts: Mapping[str, int], width: int = 20) -> str:
    """A bar whose segments (best grade first) are proportional to the counts."""
    total = sum(counts.values()) or 1
    grades = list(reversed(list(counts)))
    cells, used = [], 0
    for i, g in enumerate(grades):
        n = width - used if i == len(grades) - 1 else round(width * counts[g] / total)
        n = max(0, min(n, width - used)) if counts[g] else 0
        cells.append(BARS[min(i, len(BARS) - 1)] * n)
        used += n
    return "".join(cells)


# The summary's tables keep to the width in steps (docs/format.md section 8.9), changing
# nothing while they fit: the bar narrows, but not below its key; grade labels give way
# to abbreviations, keyed under the table; the bar narrows to BAR_MIN, below which it says
# too little and goes; names wrap, down to SUBJECT_MIN; then the columns beside the names
# go into blocks, the names repeated beside each.
BAR, BAR_MIN, SUBJECT_MIN = 20, 8, 16


def _add(doc: Doc, s: str, style: str | None = None, indent: int = 0, hang: int | None = None) -> None:
    """`doc.add`, except that a word too long for a line is broken: no line of the
    summary runs past the width, even with a subject written as one long word."""
    shown, after = visible(s), indent if hang is None else hang
    if max((len(w) for w in shown.split()), default=0) <= doc.width - max(indent, after):
        doc.add(s, style, indent, hang)
        return
    for line in textwrap.wrap(
        shown, doc.width, initial_indent=" " * indent, subsequent_indent=" " * after, break_on_hyphens=False
    ):
        doc.add(line, style)


def _counts(doc: Doc, s: SummaryResult, short: Mapping[str, str]) -> None:
    """Each area's count of each grade, best first, and a bar of them: by grade labels
    where they fit, else by abbreviations with a key below."""
    grades = [g.id for g in reversed(s.grades)]
    bars = {g: BARS[min(i, len(BARS) - 1)] for i, g in enumerate(grades)}
    titles = [visible(a.title) for a in s.areas]
    numbers = [[str(a.counts[g]) for g in grades] for a in s.areas]
    labels = [visible(s.label(g)) for g in grades]
    legend = " ".join(f"{bars[g]} {short[g]}" for g in grades)
    caps = (26, *(max(4, len(label)) for label in labels))
    widths = column_widths([["Area", *labels], *([t, *n] for t, n in zip(titles, numbers, strict=True))], caps)
    room = doc.width - sum(widths) - 2 * len(widths)  # for the bar
    if room >= BAR or room >= max(BAR_MIN, len(legend)):  # labels in full; the bar 20 wide, as ever, if it fits
        rows = [
            [t, *n, stacked_bar(a.counts, min(BAR, room))] for t, n, a in zip(titles, numbers, s.areas, strict=True)
        ]
        doc.columns(["Area", *labels, legend], rows, caps, fit=room < BAR)
        return
    heads = [short[g] for g in grades]
    counts = column_widths([heads, *numbers], [doc.width] * len(grades))
    both = doc.width - sum(counts) - 2 * (len(counts) + 1)  # for the area column and the bar
    if both - widths[0] >= BAR_MIN:
        area = max(widths[0], min(column_widths([["Area"], *([t] for t in titles)], [doc.width])[0], both - BAR))
        bar = min(BAR, both - area)
        rows = [[t, *n, stacked_bar(a.counts, bar)] for t, n, a in zip(titles, numbers, s.areas, strict=True)]
        doc.columns(["Area", *heads, ""], rows, (area, *counts), fit=True)
        key = [f"{bars[g]} {short[g]} {label}" for g, label in zip(grades, labels, strict=True)]
    else:
        _blocks(doc, ["Area", *heads], [[t, *n] for t, n in zip(titles, numbers, strict=True)], widths[0], counts)
        key = [f"{short[g]} {label}" for g, label in zip(grades, labels, strict=True)]
    _add(doc, ", ".join(key) + ".", "dim")


def _matrix(doc: Doc, s: SummaryResult, short: Mapping[str, str], grade_short: Mapping[str, str]) -> None:
    """Each subject's grade in each area, abbreviated and marked; where the areas do
    not fit beside the subjects' names, in blocks of areas."""
    marks: dict[tuple[str, str], str] = {}
    for n in s.attention:
        marks[(n.source_file, n.area)] = marks.get((n.source_file, n.area), "") + MATRIX_MARK[n.why]
    names = subject_names(s)
    header = [visible(c) for c in ["Subject", *(short[a.id] for a in s.areas)]]
    cells = [
        [visible(names[row.source_file])]
        + [
            (grade_short[row.grades[a.id]] + marks.get((row.source_file, a.id), "")) if a.id in row.grades else "-"
            for a in s.areas
        ]
        for row in s.subjects
    ]
    subject = column_widths([header, *cells], [40])[0]
    _blocks(doc, header, cells, subject, [max(len(row[i]) for row in [header, *cells]) for i in range(1, len(header))])


def _blocks(doc: Doc, header: list[str], rows: list[list[str]], first: int, widths: list[int]) -> None:
    """A table of names (the first column, `first` wide) and short cells (the others,
    `widths` wide), all within the width: the names wrap, down to SUBJECT_MIN, and
    beyond that the other columns go into blocks, with the names again beside each."""

    def need(block: Sequence[int]) -> int:  # the block's columns, each with the gap before it
        return sum(widths[i] + 2 for i in block)

    every = range(len(widths))
    blocks, name = [every], first
    if first + need(every) > doc.width:
        name = max(min(first, SUBJECT_MIN), doc.width - need(every))
    if name + need(every) > doc.width:  # names unwrapped if two columns still fit beside them
        name, blocks, start = max(min(first, SUBJECT_MIN), min(first, doc.width - 2 * (max(widths) + 2))), [], 0
        while start < len(widths):
            end = start + 1
            while end < len(widths) and name + need(range(start, end + 1)) <= doc.width:
                end += 1
            blocks.append(range(start, end))
            start = end
        name = max(name, min(first, doc.width - max(need(b) for b in blocks)))
    for k, block in enumerate(blocks):
        if k:
            doc.add()
        cells = [[row[0], *(row[i + 1] for i in block)] for row in rows]
        doc.columns(
            [header[0], *(header[i + 1] for i in block)], cells, (name, *(widths[i] for i in block[:-1])), fit=True
        )


def summary_text(s: SummaryResult, look: Look) -> Text | str:
    doc = Doc(look.width, look.styled)
    if not s.subjects:
        doc.add(f"No evidence graded: {s.files} file{'s' if s.files != 1 else ''}, none readable (errors on stderr).")
        return doc.text
    short_grades = abbreviations({g.id: g.label for g in s.grades})
    title = f"National summary of judgements ({plural(len(s.subjects), 'subject')}, framework {s.framework})"
    _add(doc, title, "bold")
    _counts(doc, s, short_grades)
    doc.add()
    short = abbreviations({a.id: a.title for a in s.areas})
    doc.add("Grades by subject", "bold")
    _matrix(doc, s, short, short_grades)
    keys = "; ".join(f"{short[a.id]} {a.title}" for a in s.areas)
    grade_keys = ", ".join(f"{short_grades[g.id]} {g.label}" for g in reversed(s.grades))
    _add(doc, f"{keys}. {grade_keys}; ? provisional, ~ borderline, ! judged, ± one finding from another grade.", "dim")
    if s.attention:
        doc.add()
        doc.add(f"For moderation ({len(s.attention)})", "bold")
        for group in moderation(s):
            _add(doc, group.heading, "bold", 2, 4)
            for line in group.lines:
                _add(doc, line, None, 4, 6)
            if group.more:
                _add(doc, more_text(group.more), "dim", 4, 6)
    if s.shortfalls:
        doc.add()
        _add(doc, "Criteria most often not met (not met / partly met / not assessed, of subjects graded)", "bold")
        at = max(len(c.id) for c in s.shortfalls[:10]) + 4
        for c in s.shortfalls[:10]:
            head = f"{c.id}".ljust(at - 2)
            counts = f"{c.not_met}/{c.partial}/{c.missing} of {c.graded}"
            hang = at + len(counts) + 3
            text = textwrap.shorten(c.text, 200, placeholder="…")
            _add(doc, f"{head} {counts}: {text}", None, 2, hang if hang <= doc.width // 2 else 4)
    if s.failures:
        failed = len({f.path for f in s.failures})
        doc.add(f"Not graded: {failed} file{'s' if failed > 1 else ''} (errors on stderr)", "bold red")
    return doc.text
