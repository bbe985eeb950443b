"""How results read in words, phrased once for every format (text, Markdown, HTML)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ..results.grade import (
    AreaResult,
    Boundary,
    Cited,
    Comparison,
    CompositeResult,
    Judged,
    Margin,
    NextGrade,
    Sensitivity,
    Shift,
    Verdict,
    written,
)

if TYPE_CHECKING:  # only the types are needed here
    from ..app.national import SummaryResult
    from ..grading.planning import GapResult

Label = Callable[[str], str]

STATUS_WORDS = {
    "met": "met",
    "partial": "partly met",
    "not_met": "not met",
    "not_applicable": "not applicable",
    "unknown": "unknown (a fact is missing)",
    "unassessed": "not assessed",
}
MARKS = {"met": "✓", "partial": "◐", "not_met": "✗", "not_applicable": "–", "unknown": "?", "unassessed": "?"}
OP_WORDS = {"eq": "=", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "in": "in"}
HOW = {"finding": "by finding", "rule": "by rule", "none": "nothing: no finding and no rule"}


def subject_names(s: SummaryResult) -> dict[str, str]:
    """Each summarised file's subject as readers see it: followed by the file's name
    when several files share the subject (two inspections, or a self-assessment)."""
    seen = Counter(row.subject for row in s.subjects)
    names = {}
    for row in s.subjects:
        stem = os.path.splitext(os.path.basename(row.source_file))[0]
        names[row.source_file] = row.subject if seen[row.subject] == 1 else f"{row.subject} ({stem})"
    return names


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def notes(a: AreaResult | CompositeResult, label: Label) -> list[str]:
    """What qualifies a grade: judged, provisional, borderline."""
    out = []
    if isinstance(a, AreaResult) and a.judged:
        out.append(f"judged; computed {label(a.computed_grade)}")
    if a.provisional:
        out.append(f"provisional: up to {label(a.best_possible)}")
    if isinstance(a, AreaResult) and a.borderline:
        out.append("computed grade borderline" if a.judged else "borderline")
    return out


def graded(a: AreaResult | CompositeResult, label: Label) -> str:
    """`Fair (borderline)`, `Good (judged; computed Fair)`."""
    extra = notes(a, label)
    return label(a.grade) + (f" ({'; '.join(extra)})" if extra else "")


def cite_text(c: Cited) -> str:
    where = ", ".join(x for x in (c.source, c.at) if x)
    return f'"{c.quote}" ({where})' if c.quote else f"({where})"


def comparison_text(c: Comparison, v: Verdict) -> str:
    """`hy.fridge_share 62.5 >= 90: false`, with the fact's value as read."""
    read = next((f for f in v.facts_read if f.fact == c.fact), None)
    if c.op == "present":
        return f"{c.fact} {'present' if c.operand else 'absent'}: {c.value}"
    if read is None or not read.present:
        return f"{c.fact} absent: {c.value}"
    return f"{c.fact} {written(read.value)} {OP_WORDS.get(c.op, c.op)} {written(c.operand)}: {c.value}"


def rule_text(v: Verdict) -> str:
    """The rule's comparisons: `rule: np.live_share 69 >= 50: true`."""
    parts = [comparison_text(c, v) for c in v.comparisons]
    head = "rule" if len(parts) == 1 else f"rule {v.rule_value}"
    return f"{head}: {'; '.join(parts)}"


_FIX = {
    "gte": "raise {fact} from {now} to at least {x}",
    "gt": "raise {fact} from {now} above {x}",
    "lte": "bring {fact} from {now} down to at most {x}",
    "lt": "bring {fact} from {now} below {x}",
    "eq": "{fact} must be {x} (now {now})",
    "ne": "{fact} must not be {x}",
    "in": "{fact} must be one of {x} (now {now})",
}


def fixes(v: Verdict) -> list[str]:
    """What each fact must become for the criterion's rule to hold: `raise x from 62.5
    to at least 90`. Only comparisons the rule cannot do without are named."""
    out = []
    for c in v.comparisons:
        if not c.needed or c.value == "true":
            continue
        read = next((f for f in v.facts_read if f.fact == c.fact), None)
        if c.op == "present":
            out.append(f"{'record' if c.operand else 'remove'} {c.fact}")
        elif read is None or not read.present:
            out.append(f"record {c.fact}")
        elif c.op in _FIX:
            out.append(_FIX[c.op].format(fact=c.fact, now=written(read.value), x=written(c.operand)))
    return out


def fact_notes(v: Verdict) -> list[str]:
    return [f"fact {f.fact}: {f.note}" for f in v.facts_read if f.note]


def status_line(v: Verdict) -> str:
    """`partly met, by finding (the rule says false)`."""
    conflict = f" (conflicts with its rule: {v.rule_value})" if v.conflict else ""
    return f"{STATUS_WORDS[v.status]}, {HOW[v.decided_by]}{conflict}"


def flags(v: Verdict) -> str:
    return "dominant" if v.dominant else "significant" if v.significant else ""


def meet(to: str) -> str:
    return "meet" if to == "met" else "at least partly meet"


def fewest_text(g: GapResult) -> str:
    """`Fewest changes (2): meet MP-G6, MP-G1`: the smallest set that reaches the target."""
    parts = [
        f"{meet(to)} {', '.join(n.criterion.id for n in g.fewest if n.to == to)}"
        for to in dict.fromkeys(n.to for n in g.fewest)
    ]
    how = "" if g.fewest_exact else ", at most: search stopped early"
    return f"Fewest changes ({len(g.fewest)}{how}): {'; '.join(parts)}"


def guarantee_text(g: GapResult) -> str:
    """The any-k lists are the guarantee; the fewest set is one careful choice."""
    return f"Guaranteed to reach {g.label(g.target)} whichever are chosen: the lists below, any k of each group."


def _need(ids: list[str], to: str, label: Label, areas: bool) -> str:
    if areas:
        return f"{', '.join(ids)} to {label(to)}"
    return f"{meet(to)} {', '.join(ids)}"


def next_text(n: NextGrade, label: Label, areas: bool = False) -> str:
    """`To reach Good: meet NP-F6; plus meet any 2 of NP-G5, NP-G8, NP-G10`."""
    if not n.reachable:
        return f"{label(n.grade)} is out of reach: {n.why_not}"
    parts = []
    for to in dict.fromkeys(m.to for m in n.must):
        parts.append(_need([m.id for m in n.must if m.to == to], to, label, areas))
    for g in n.any:
        what = ", ".join(g.of) if g.k == len(g.of) else f"any {g.k} of {', '.join(g.of)}"
        parts.append(f"{what} to {label(g.to)}" if areas else _need([what], g.to, label, False))
    return f"To reach {label(n.grade)}: " + ("; plus ".join(parts) if parts else "nothing more")


def judgement_text(j: Judged, computed: str, label: Label) -> str:
    applied = "" if j.applied else " (not applied: --no-judgements)"
    jump = " It moves the grade by more than one step." if j.jump else ""
    by = f", by {j.by}" if j.by else ""
    head = f"Professional judgement{applied}: {label(j.grade)}{by}; the criteria give {label(computed)}."
    return f"{head}{jump} {j.rationale}"


def provisional_text(a: AreaResult, label: Label) -> str:
    return f"Provisional: up to {label(a.best_possible)} if assessed: {', '.join(a.missing)}"


MATRIX_MARK = {"provisional": "?", "borderline": "~", "judged": "!", "margin": "±"}


def abbreviations(titles: Mapping[str, str]) -> dict[str, str]:
    """Short names from titles ('Neighbourhood Policing' -> 'NP'); ids where they clash."""
    short = {a: "".join(w[0] for w in t.split()).upper() for a, t in titles.items()}
    clashes = {v for v in short.values() if list(short.values()).count(v) > 1}
    return {a: (a if v in clashes else v) for a, v in short.items()}


def _count(n: int, areas: bool) -> str:
    noun = "area" if areas else "finding"
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _shift(n: int, way: Shift, where: str, areas: bool) -> str:
    """`1 finding from Good: any of MP-G1, MP-G2`; with more than one, one smallest set
    and the other items some smallest set uses."""
    head = f"{_count(n, areas)} from {where}"
    if not way.exact:  # the search was stopped: n is what one way takes, maybe more than needed
        return f"at most {head} (search stopped early), e.g. {', '.join(way.example)}"
    if n == 1:
        return f"{head}: {'any of ' if len(way.candidates) > 1 else ''}{', '.join(way.candidates)}"
    if way.candidates == way.example:
        return f"{head}: {', '.join(way.example)}"
    others = [i for i in way.candidates if i not in way.example]
    return f"{head}, e.g. {', '.join(way.example)} (other smallest sets use {', '.join(others)})"


def margin_text(m: Margin, grade: str, grades: list[str], label: Label, areas: bool = False) -> str | None:
    """`Margin: 2 findings from Good, e.g. ...; 1 finding from Poor: any of ...`, for the
    computed `grade`; None when nothing can move it either way."""
    parts = []
    rank = grades.index(grade)
    if m.up is not None and m.up_by is not None:
        parts.append(_shift(m.up, m.up_by, label(m.up_by.to), areas))
    elif rank + 1 < len(grades):
        parts.append(f"no change of {'areas' if areas else 'findings'} reaches {label(grades[rank + 1])}")
    if m.down is not None and m.down_by is not None:
        below = label(m.down_by.to) + ("" if grades.index(m.down_by.to) == 0 else " or below")
        parts.append(_shift(m.down, m.down_by, below, areas))
    elif rank > 0:
        parts.append(f"no change of {'areas' if areas else 'findings'} lowers it")
    return "; ".join(parts) or None


def _decimal(x: float) -> str:
    return f"{x:.3f}".rstrip("0").rstrip(".")


def _edge(b: Boundary, below: bool, label: Label) -> str:
    side = ("at or below" if below else "at or above") if b.included else ("below" if below else "above")
    exact = "" if b.exact == _decimal(b.at) else f" ({b.exact})"
    return f"{side} {_decimal(b.at)}{exact} it would be {label(b.grade)}"


def sensitivity_text(name: str, s: Sensitivity, label: Label) -> str:
    """`good_share 0.5: below 0.409 (4.5/11) it would be Good; no higher value up to 1
    changes it`."""
    below = _edge(s.below, True, label) if s.below else f"no lower value down to {_decimal(s.low)} changes it"
    above = _edge(s.above, False, label) if s.above else f"no higher value up to {_decimal(s.high)} changes it"
    return f"{name} {_decimal(s.value)}: {below}; {above}"


def margin_line(a: AreaResult | CompositeResult, grades: list[str], label: Label) -> tuple[str, str] | None:
    """The trail's margin, as (heading, words); of the computed grade, which a judgement
    leaves alone."""
    if a.margin is None:
        return None
    computed = a.computed_grade if isinstance(a, AreaResult) else a.grade
    text = margin_text(a.margin, computed, grades, label, areas=isinstance(a, CompositeResult))
    if text is None:
        return None
    judged = isinstance(a, AreaResult) and a.judged
    return f"Margin{f' of the computed grade ({label(computed)})' if judged else ''}", text
