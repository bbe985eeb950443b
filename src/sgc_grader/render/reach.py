"""The phrase book, continued: what would change a grade, in words. The next grade and
a gap (which findings or area grades to change), a margin (how few changes move the
grade either way) and the sensitivity of each named threshold.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from .. import vocab
from ..results.grade import AreaResult, Boundary, CompositeResult, Margin, Sensitivity, Shift
from ..results.plan import CompositeGapResult, GapResult
from ..results.trail import NextGrade
from .phrases import Label, computed


def meet(to: str) -> str:
    return "meet" if to == vocab.MET else "at least partly meet"


def fewest_text(g: GapResult) -> str:
    """`Fewest changes (2): meet MP-G6, MP-G1`: the smallest set that reaches the target."""
    parts = [
        f"{meet(to)} {', '.join(n.criterion.id for n in g.fewest if n.to == to)}"
        for to in dict.fromkeys(n.to for n in g.fewest)
    ]
    how = "" if g.fewest_exact else ", at most: search stopped early"
    return f"Fewest changes ({len(g.fewest)}{how}): {'; '.join(parts)}"


def composite_fewest_text(g: CompositeGapResult) -> str:
    """`Fewest changes (2): safe to Good; meet S-F1`, for a composite."""
    parts = [_need([n.id for n in g.fewest if n.to == to], to, g.label) for to in dict.fromkeys(n.to for n in g.fewest)]
    how = "" if g.fewest_exact else ", at most: search stopped early"
    return f"Fewest changes ({len(g.fewest)}{how}): {'; '.join(parts)}"


def guarantee_text(g: GapResult) -> str:
    """The any-k lists are the guarantee; the fewest set is one careful choice."""
    return f"Guaranteed to reach {g.label(g.target)} whichever are chosen: the lists below, any k of each group."


def _need(ids: list[str], to: str, label: Label) -> str:
    """`meet NP-F6, NP-F7` (criteria to a status), `safe to Good` (areas to a grade)."""
    if to in vocab.RANKED:
        return f"{meet(to)} {', '.join(ids)}"
    return f"{', '.join(ids)} to {label(to)}"


def next_text(n: NextGrade, label: Label) -> str:
    """`To reach Good: meet NP-F6; plus meet any 2 of NP-G5, NP-G8, NP-G10`."""
    if not n.reachable:
        return f"{label(n.grade)} is out of reach: {n.why_not}"
    parts = []
    for to in dict.fromkeys(m.to for m in n.must):
        parts.append(_need([m.id for m in n.must if m.to == to], to, label))
    for g in n.any:
        what = ", ".join(g.of) if g.k == len(g.of) else f"any {g.k} of {', '.join(g.of)}"
        parts.append(_need([what], g.to, label))
    return f"To reach {label(n.grade)}: " + ("; plus ".join(parts) if parts else "nothing more")


def _noun(items: Iterable[str], areas: Collection[str]) -> str:
    """What a margin counts: findings, a composite's areas, or both (a composite whose
    conditions read criteria as well as area grades)."""
    kinds = {i in areas for i in items}
    return "change" if len(kinds) > 1 else "area" if kinds == {True} else "finding"


def _shift(n: int, way: Shift, where: str, areas: Collection[str]) -> str:
    """`1 finding from Good: any of MP-G1, MP-G2`; with more than one, one smallest set
    and the other items some smallest set uses."""
    noun = _noun([*way.example, *way.candidates], areas)
    head = f"{n} {noun}{'' if n == 1 else 's'} from {where}"
    if not way.exact:  # the search was stopped: n is what one way takes, maybe more than needed
        return f"at most {head} (search stopped early), e.g. {', '.join(way.example)}"
    if n == 1:
        return f"{head}: {'any of ' if len(way.candidates) > 1 else ''}{', '.join(way.candidates)}"
    if way.candidates == way.example:
        return f"{head}: {', '.join(way.example)}"
    others = [i for i in way.candidates if i not in way.example]
    return f"{head}, e.g. {', '.join(way.example)} (other smallest sets use {', '.join(others)})"


def margin_text(m: Margin, grade: str, grades: list[str], label: Label, areas: Collection[str] = ()) -> str | None:
    """`Margin: 2 findings from Good, e.g. ...; 1 finding from Poor: any of ...`, for the
    computed `grade`; None when nothing can move it either way. `areas`: a composite's
    areas (its margin counts them, and findings where its conditions read criteria)."""
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


def _edge(b: Boundary, below: bool, label: Label) -> str:
    side = ("at or below" if below else "at or above") if b.included else ("below" if below else "above")
    exact = "" if b.exact == vocab.three_places(b.at) else f" ({b.exact})"
    return f"{side} {vocab.three_places(b.at)}{exact} it would be {label(b.grade)}"


def sensitivity_text(name: str, s: Sensitivity, label: Label) -> str:
    """`good_share 0.5: below 0.409 (4.5/11) it would be Good; no higher value up to 1
    changes it`."""
    below = _edge(s.below, True, label) if s.below else f"no lower value down to {vocab.three_places(s.low)} changes it"
    above = (
        _edge(s.above, False, label) if s.above else f"no higher value up to {vocab.three_places(s.high)} changes it"
    )
    return f"{name} {vocab.three_places(s.value)}: {below}; {above}"


def margin_line(a: AreaResult | CompositeResult, grades: list[str], label: Label) -> tuple[str, str] | None:
    """The trail's margin, as (heading, words); of the computed grade, which a judgement
    leaves alone."""
    if a.margin is None:
        return None
    grade = computed(a)
    text = margin_text(a.margin, grade, grades, label, areas=list(a.areas) if isinstance(a, CompositeResult) else ())
    if text is None:
        return None
    return f"Margin{f' of the computed grade ({label(grade)})' if a.judged else ''}", text
