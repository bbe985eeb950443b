"""How results read in words, phrased once for every format (text, Markdown, HTML)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..result import AreaResult, Cited, Comparison, CompositeResult, GapResult, Judged, NextGrade, Verdict

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


def notes(a: AreaResult | CompositeResult, label: Label) -> list[str]:
    """What qualifies a grade: judged, provisional, borderline."""
    out = []
    if isinstance(a, AreaResult) and a.judged:
        out.append(f"judged; computed {label(a.computed_grade)}")
    if a.provisional:
        out.append(f"provisional: up to {label(a.best_possible)}")
    if isinstance(a, AreaResult) and a.borderline:
        out.append("borderline")
    return out


def graded(a: AreaResult | CompositeResult, label: Label) -> str:
    """`Fair (borderline)`, `Good (judged; computed Fair)`."""
    extra = notes(a, label)
    return label(a.grade) + (f" ({'; '.join(extra)})" if extra else "")


def cite_text(c: Cited) -> str:
    where = ", ".join(x for x in (c.source, c.at) if x)
    return f'"{c.quote}" ({where})' if c.quote else f"({where})"


def _value(x: Any) -> str:
    if isinstance(x, bool):
        return str(x).lower()
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, list):
        return "[" + ", ".join(_value(i) for i in x) + "]"
    return str(x)


def comparison_text(c: Comparison, v: Verdict) -> str:
    """`hy.fridge_share 62.5 >= 90: false`, with the fact's value as read."""
    read = next((f for f in v.facts_read if f.fact == c.fact), None)
    if c.op == "present":
        return f"{c.fact} {'present' if c.operand else 'absent'}: {c.value}"
    if read is None or not read.present:
        return f"{c.fact} absent: {c.value}"
    return f"{c.fact} {_value(read.value)} {OP_WORDS.get(c.op, c.op)} {_value(c.operand)}: {c.value}"


def rule_text(v: Verdict) -> str:
    """The rule's comparisons: `rule: np.live_share 69 >= 50: true`."""
    parts = [comparison_text(c, v) for c in v.comparisons]
    head = "rule" if len(parts) == 1 else f"rule {v.rule_value}"
    return f"{head}: {'; '.join(parts)}"


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
    return f"Fewest changes ({len(g.fewest)}): {'; '.join(parts)}"


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
        what = f"any {g.k} of {', '.join(g.of)}"
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
