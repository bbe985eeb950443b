"""Agreement between two assessments of one subject (`sgc agree`): would two inspectors
(or a force and the inspectorate) have recorded the same findings, and which of their
differences change a grade?

Over the criteria both assessed (met, partial or not met in each): the proportion of
agreement, Cohen's kappa, and kappa with linear weights over not met < partial < met,
in exact fractions. Grades compared are the computed ones: the question is what the
findings say, not what a professional judgement made of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from .. import vocab
from ..reading.evidence import Evidence
from ..reading.framework import Scale
from ..reading.model import CriteriaSet
from ..results.compare import AgreeResult, AreaAgreement, GradeChanging, Pair, Statistics, Undefined
from . import engine

ORDER = vocab.RANKED  # the statuses kappa weighs, in order
Statuses = tuple[vocab.Status, vocab.Status]  # one criterion: A's status, B's


# --- the statistics ------------------------------------------------------------------


def statistics(pairs: Sequence[Statuses]) -> Statistics:
    """Agreement, Cohen's kappa and linearly weighted kappa of status pairs (each status
    one of ORDER), exactly.

    kappa = (p_o - p_e) / (1 - p_e): p_o the proportion agreeing, p_e the agreement
    expected by chance from each side's own proportions. Weighted: each cell counts
    1 - |i - j| / 2 (i, j the positions in ORDER), in both p_o and p_e.
    """
    n = len(pairs)
    if n == 0:
        return Statistics(
            n=0,
            agreement=None,
            kappa=None,
            weighted_kappa=None,
            exact={},
            undefined={},
            unknowable=dict.fromkeys(("agreement", "kappa", "weighted_kappa"), "none-assessed"),
        )
    k = len(ORDER)
    cells = [[Fraction(0)] * k for _ in range(k)]
    for a, b in pairs:
        cells[ORDER.index(a)][ORDER.index(b)] += Fraction(1, n)
    rows = [sum(cells[i], Fraction(0)) for i in range(k)]
    cols = [sum((cells[i][j] for i in range(k)), Fraction(0)) for j in range(k)]

    def weight(i: int, j: int, linear: bool) -> Fraction:
        return 1 - Fraction(abs(i - j), k - 1) if linear else Fraction(int(i == j))

    exact: dict[str, str] = {}
    unknowable: dict[str, Undefined] = {}
    only: vocab.Status | None = None
    values: dict[str, float | None] = {}
    observed = sum((cells[i][i] for i in range(k)), Fraction(0))
    exact["agreement"], values["agreement"] = vocab.fraction(observed), round(float(observed), 4)
    for name, linear in (("kappa", False), ("weighted_kappa", True)):
        po = sum((weight(i, j, linear) * cells[i][j] for i in range(k) for j in range(k)), Fraction(0))
        pe = sum((weight(i, j, linear) * rows[i] * cols[j] for i in range(k) for j in range(k)), Fraction(0))
        if pe == 1:  # both sides used one and the same status throughout
            only = ORDER[rows.index(Fraction(1))]
            unknowable[name] = "chance-one"
            values[name] = None
            continue
        kappa = (po - pe) / (1 - pe)
        exact[name], values[name] = vocab.fraction(kappa), round(float(kappa), 4)
    return Statistics(
        n=n,
        agreement=values["agreement"],
        kappa=values["kappa"],
        weighted_kappa=values["weighted_kappa"],
        exact=exact,
        undefined={},
        unknowable=unknowable,
        only=only,
    )


# --- areas ---------------------------------------------------------------------------


def _computed(scale: Scale, cset: CriteriaSet, status: Mapping[str, str]) -> int:
    """The computed grade (an index) of these statuses, from the requirement table."""
    board = engine.criteria_board(scale, cset, status)
    return engine.grade_index(engine.area_table(scale), board)


def _area(scale: Scale, cset: CriteriaSet, a: Evidence, b: Evidence) -> tuple[AreaAgreement, list[Statuses]]:
    options = engine.Options(use_judgements=False)
    ra, rb = engine.grade_area(scale, cset, a, options), engine.grade_area(scale, cset, b, options)
    sa = {v.id: v.status for v in ra.criteria}
    sb = {v.id: v.status for v in rb.criteria}
    ga, gb = scale.rank(ra.computed_grade), scale.rank(rb.computed_grade)
    both: list[Statuses] = []
    differ, one_only, not_applicable, changing = [], [], [], []
    for c in cset.criteria:
        x, y = sa[c.id], sb[c.id]
        if x in ORDER and y in ORDER:
            both.append((x, y))
            if x != y:
                differ.append(Pair(id=c.id, a=x, b=y))
        elif vocab.NOT_APPLICABLE in (x, y):
            not_applicable.append(Pair(id=c.id, a=x, b=y))
        elif x in ORDER or y in ORDER:
            one_only.append(Pair(id=c.id, a=x, b=y))
        if x == y:
            continue
        # taking the other's status for this one criterion alone
        a_now, b_now = _computed(scale, cset, sa | {c.id: y}), _computed(scale, cset, sb | {c.id: x})
        if a_now != ga or b_now != gb:
            changing.append(
                GradeChanging(
                    id=c.id,
                    a=x,
                    b=y,
                    a_would_be=scale.grades[a_now] if a_now != ga else None,
                    b_would_be=scale.grades[b_now] if b_now != gb else None,
                )
            )
    judged = [e.areas[cset.id].judgement for e in (a, b)]
    area = AreaAgreement(
        id=cset.id,
        title=cset.title,
        a=ra.computed_grade,
        b=rb.computed_grade,
        agree=ga == gb,
        a_judgement=judged[0].grade if judged[0] else None,
        b_judgement=judged[1].grade if judged[1] else None,
        criteria=statistics(both),
        differ=differ,
        grade_changing=changing,
        one_only=one_only,
        not_applicable=not_applicable,
    )
    return area, both


def agree(scale: Scale, sets: Sequence[CriteriaSet], a: Evidence, b: Evidence, a_file: str, b_file: str) -> AgreeResult:
    """Compare two assessments of the same subject and framework, area by area (in
    criteria-file order), and over all the criteria both assessed."""
    areas: list[AreaAgreement] = []
    pairs: list[Statuses] = []
    for cset in sets:
        if cset.id in a.areas and cset.id in b.areas:
            area, both = _area(scale, cset, a, b)
            areas.append(area)
            pairs += both
    known = [s.id for s in sets]
    return AgreeResult(
        subject=a.subject,
        framework=a.framework,
        a_file=a_file,
        b_file=b_file,
        grades=engine.grade_labels(scale),
        criteria=statistics(pairs),
        areas=areas,
        only_a=[s for s in known if s in a.areas and s not in b.areas],
        only_b=[s for s in known if s in b.areas and s not in a.areas],
    )
