"""The grading engine (docs/format.md section 8): framework + criteria set + evidence ->
an area result, and area results -> composite results.

Pure: no IO, no printing, no words. The framework's requirement table is walked by
`grade_index` (the grade; `climb` adds what each requirement measured), `plan` (what a
higher grade needs), `moderation` (margins) and `sensitivity`, all through `conditions`;
nothing else encodes a grading rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

from .. import vocab
from ..reading.evidence import AreaEvidence, Evidence, Judgement
from ..reading.framework import Scale
from ..reading.model import Composite, Condition, CriteriaSet, Criterion, Scalar
from ..records import record
from ..results import grade as r
from ..results import trail as t
from ..results.base import GradeLabel
from . import moderation
from .conditions import Board, Item, holds, measure, plan, share
from .rules import comparisons, evaluate, facts_read

RULE_STATUS: dict[bool | None, vocab.Status] = {True: vocab.MET, False: vocab.NOT_MET, None: vocab.UNKNOWN}
RULE_VALUE: dict[bool | None, Literal["true", "false", "unknown"]] = {True: "true", False: "false", None: "unknown"}
# the effort to meet a criterion, from what it is now (cheapest first)
_COST = {vocab.PARTIAL: 0, vocab.UNKNOWN: 1, vocab.UNASSESSED: 1, vocab.NOT_MET: 2}
Table = Sequence[Sequence[Condition]]  # each grade's requirements, lowest grade first


class Options(NamedTuple):
    use_judgements: bool = True
    sensitivity: bool = False  # search each threshold's boundaries (costs a climb per critical value)
    # what each requirement measured, the deciding one, next_grade: `sgc summary` reads
    # only grades, flags, margins and statuses, so it goes without.
    trail: bool = True


DEFAULT_OPTIONS = Options()


# --- the requirement table -----------------------------------------------------------


@record(kw_only=False)
class Ladder:
    """A board walked up the grades: the grade reached and every requirement tested."""

    index: int  # the grade reached, as an index into the scale
    checks: list[t.Check]
    deciding: t.Check | None  # the first unmet requirement of the next grade up


def grade_index(table: Table, board: Board) -> int:
    """The highest grade whose requirements, and those of every grade below, all hold:
    the one place a grade is decided (`climb` adds what was measured)."""
    for i, conds in enumerate(table):
        if i and not all(holds(cond, board) for cond in conds):
            return i - 1
    return len(table) - 1


def climb(grades: Sequence[str], table: Table, board: Board) -> Ladder:
    """The grade `grade_index` reaches, with every requirement measured and the first
    unmet requirement of the next grade up."""
    index = grade_index(table, board)
    checks = [measure(cond, board, grade) for grade, conds in zip(grades[1:], table[1:], strict=True) for cond in conds]
    above = grades[index + 1] if index + 1 < len(grades) else None
    deciding = next((c for c in checks if c.grade == above and not c.holds), None)
    return Ladder(index, checks, deciding)


def grade_labels(scale: Scale) -> list[GradeLabel]:
    """The scale's grades, lowest first, with their labels: what every result carries."""
    return [GradeLabel(id=g, label=scale.label(g)) for g in scale.grades]


def level_labels(scale: Scale) -> list[GradeLabel]:
    """The framework's criterion levels, lowest first, with their labels."""
    return [GradeLabel(id=lv, label=scale.level_labels[lv]) for lv in scale.framework.levels]


def step(ladder: Ladder) -> t.Step | None:
    d = ladder.deciding
    return None if d is None else t.Step(grade=d.grade, requirement=d.id, text=d.text)


def requirements_for(
    scale: Scale, table: Table, board: Board, current: int, target: int, order: Callable[[list[str]], list[str]]
) -> t.NextGrade:
    """What reaching grade `target` from `current` needs, from the same table."""
    conds = [(scale.grades[i], c) for i in range(current + 1, target + 1) for c in table[i]]
    p = plan(conds, board, order)
    return t.NextGrade(
        grade=scale.grades[target],
        reachable=p.blocked is None,
        must=[t.Need(id=i, to=board.scale_of(i)[p.must[i]]) for i in order(list(p.must))],
        any=[t.AnyOf(k=g.k, of=g.of, to=board.scale_of(g.of[0])[g.to]) for g in p.groups],
        blocked=p.blocked,
    )


# --- areas ---------------------------------------------------------------------------


def criteria_board(scale: Scale, cset: CriteriaSet, status: Mapping[str, str]) -> Board:
    """An area's criteria as conditions see them (not applicable ones are never selected)."""
    pool = [
        Item(c.id, c.level, scale.significant(c), bool(c.dominant), c.theme, cset.id)
        for c in cset.criteria
        if status[c.id] != vocab.NOT_APPLICABLE
    ]
    return Board(
        ranks={c.id: vocab.rank(status[c.id]) for c in pool},
        states={c.id: status[c.id] for c in pool},
        areas=(),
        grades=scale.grades,
        thresholds=scale.thresholds(cset),
        pool=pool,
        chosen={},
    )


def area_table(scale: Scale) -> list[list[Condition]]:
    """Each grade's requirements for an area, lowest grade first."""
    return [list(g.requires) for g in scale.framework.grades]


def cheapest_first(scale: Scale, cset: CriteriaSet, status: Mapping[str, str]) -> Callable[[list[str]], list[str]]:
    """Order criteria by the effort to meet them: lower levels first, significant first,
    then already partial before unassessed before not met (file order breaks ties)."""
    by_id = {c.id: (i, c) for i, c in enumerate(cset.criteria)}

    def key(cid: str) -> tuple[int, bool, int, int]:
        i, c = by_id[cid]
        return scale.level_rank(c.level), not scale.significant(c), _COST.get(status[cid], 3), i

    return lambda ids: sorted(ids, key=key)


def _verdict(scale: Scale, c: Criterion, area: AreaEvidence, evidence: Evidence, facts: dict[str, Scalar]) -> t.Verdict:
    finding = area.findings.get(c.id)
    value = evaluate(c.rule, facts) if c.rule is not None else None
    read = facts_read(c.rule)
    rule_value = None if c.rule is None else RULE_VALUE[value]
    cites = [t.Cited(source=x.source, at=x.at, quote=x.quote) for x in finding.cite] if finding else []
    status: vocab.Status
    by: Literal["finding", "rule", "none"]
    if finding is not None:
        status, by = finding.status, "finding"
        conflict = value is not None and status != vocab.NOT_APPLICABLE and value != (status == vocab.MET)
    elif c.rule is not None:
        status, by, conflict = RULE_STATUS[value], "rule", False
        cites = [
            t.Cited(source=x.source, at=x.at, quote=x.quote)
            for f in read
            if f in evidence.facts
            for x in evidence.facts[f].cite
        ]
    else:
        status, by, conflict = vocab.UNASSESSED, "none", False
    return t.Verdict(
        id=c.id,
        level=c.level,
        text=c.text,
        theme=c.theme,
        significant=scale.significant(c),
        dominant=bool(c.dominant),
        status=status,
        decided_by=by,
        conflict=conflict,
        rule_value=rule_value,
        facts_read=[
            t.FactRead(
                fact=f, present=f in facts, value=facts.get(f), note=evidence.facts[f].note if f in facts else None
            )
            for f in read
        ],
        comparisons=[
            t.Comparison(fact=f, op=op, operand=x, value=RULE_VALUE[v], needed=needed)
            for f, op, x, v, needed in comparisons(c.rule, facts)
        ],
        citations=cites,
        note=finding.note if finding else None,
        recommendations=[x.id for x in area.recommendations if c.id in x.addresses],
    )


def grade_area(scale: Scale, cset: CriteriaSet, evidence: Evidence, options: Options = DEFAULT_OPTIONS) -> r.AreaResult:
    """Grade one area of `evidence` against its criteria set."""
    area = evidence.areas[cset.id] if cset.id in evidence.areas else AreaEvidence()  # built only when absent
    facts = {k: v.value for k, v in evidence.facts.items()}
    verdicts = [_verdict(scale, c, area, evidence, facts) for c in cset.criteria]
    status = {v.id: v.status for v in verdicts}
    table = area_table(scale)
    board = criteria_board(scale, cset, status)
    ladder = climb(scale.grades, table, board) if options.trail else Ladder(grade_index(table, board), [], None)
    # missing evidence counted as met: the same board (and its selections), raised
    missing = {v.id: vocab.TOP for v in verdicts if v.status in vocab.MISSING}
    best = grade_index(table, board.raised(missing)) if missing else ladder.index
    provisional = best > ladder.index
    computed = scale.grades[ladder.index]
    j = area.judgement
    judged = j is not None and options.use_judgements
    judgement = judged_as(scale, j, ladder.index, judged)
    borderline = [measure(c, board, computed) for c in scale.framework.grades[ladder.index].borderline]
    next_grade = None
    order = cheapest_first(scale, cset, status)
    if ladder.index + 1 < len(scale.grades) and options.trail:
        next_grade = requirements_for(scale, table, board, ladder.index, ladder.index + 1, order)
    shares, exact = _shares(table, board)
    thresholds = None
    if options.sensitivity:
        from .sensitivity import sensitivity  # only with --sensitivity

        thresholds = sensitivity(scale.grades, table, board, lambda b: grade_index(table, b))
    return r.AreaResult(
        id=cset.id,
        title=cset.title,
        criteria_version=cset.version,
        grade=j.grade if judged and j is not None else computed,
        computed_grade=computed,
        judged=judged,
        judgement=judgement,
        deciding_step=step(ladder),
        provisional=provisional,
        best_possible=scale.grades[best] if provisional else computed,
        missing=list(missing) if provisional else [],
        borderline=any(c.holds for c in borderline),
        borderline_reasons=[c.id for c in borderline if c.holds],
        requirements=ladder.checks,
        borderline_checks=borderline,
        shares=shares,
        share_exact=exact,
        counts=_counts(verdicts),
        national_distribution={
            year: {g: dist.get(g, 0) for g in scale.grades} for year, dist in cset.national_distribution.items()
        },
        criteria=verdicts,
        recommendations=[r.Rec(id=x.id, text=x.text, addresses=list(x.addresses)) for x in area.recommendations],
        next_grade=next_grade,
        margin=moderation.margin(scale.grades, table, board, ladder.index, order),
        sensitivity=thresholds,
    )


def judged_as(scale: Scale, j: Judgement | None, computed: int, applied: bool) -> r.Judged | None:
    """A recorded judgement as the result shows it: flagged when it moves the computed
    grade by more than one step, and whether it was applied (not under --no-judgements)."""
    if j is None:
        return None
    jump = abs(scale.rank(j.grade) - computed) > 1
    return r.Judged(grade=j.grade, rationale=j.rationale, by=j.by, jump=jump, applied=applied)


def _shares(table: Table, board: Board) -> tuple[dict[str, float], dict[str, str]]:
    """The share each `share` condition reads, by level (or by condition id)."""
    shares: dict[str, float] = {}
    exact: dict[str, str] = {}
    for conds in table:
        for cond in conds:
            if cond.share is None:
                continue
            key = cond.criteria.level if cond.criteria and cond.criteria.level else cond.id
            top, n, value = share(cond, board)
            shares[key] = round(float(value), 4)
            exact[key] = f"{vocab.short(top)}/{n}"
    return shares, exact


def _counts(verdicts: Iterable[t.Verdict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in verdicts:
        key = f"{v.level}_{v.status}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


# --- composites ----------------------------------------------------------------------


def composite_areas(comp: Composite, sets: Sequence[CriteriaSet]) -> list[str]:
    return [s.id for s in sets] if comp.areas == "all" else list(comp.areas)


def composite_table(scale: Scale, comp: Composite) -> list[list[Condition]]:
    return [list(comp.requires.get(g, [])) for g in scale.grades]


def composite_board(
    scale: Scale, areas: Sequence[str], graded: Mapping[str, r.AreaResult], best: bool = False
) -> Board:
    """A composite as conditions see it: its areas ranked by final grade, and their
    criteria by status (not applicable ones left out). `best`: each area at its best
    possible grade and each criterion missing evidence as met, for the provisional test."""
    grades = {}
    for a in areas:
        x = graded[a]
        grades[a] = x.best_possible if best and x.provisional and not x.judged else x.grade
    verdicts = [(a, v) for a in areas for v in graded[a].criteria if v.status != vocab.NOT_APPLICABLE]
    status = {v.id: vocab.MET if best and v.status in vocab.MISSING else v.status for _, v in verdicts}
    return Board(
        ranks={a: scale.rank(grades[a]) for a in areas} | {i: vocab.rank(st) for i, st in status.items()},
        states=grades | status,
        areas=tuple(areas),
        grades=scale.grades,
        thresholds=scale.thresholds(None),
        pool=[Item(v.id, v.level, v.significant, v.dominant, v.theme, a) for a, v in verdicts],
        chosen={},
    )


def grade_composite(
    scale: Scale,
    comp: Composite,
    areas: Sequence[str],
    graded: Mapping[str, r.AreaResult],
    options: Options = DEFAULT_OPTIONS,
    judgement: Judgement | None = None,
) -> r.CompositeResult:
    """Grade a composite over its areas' final grades (and their criteria, where a
    condition reads them); provisional when the best its areas and criteria could be
    would give a better one."""
    table = composite_table(scale, comp)
    board = composite_board(scale, areas, graded)
    ladder = climb(scale.grades, table, board)
    top = grade_index(table, composite_board(scale, areas, graded, best=True))
    next_grade = None
    if ladder.index + 1 < len(scale.grades):
        next_grade = requirements_for(scale, table, board, ladder.index, ladder.index + 1, lambda ids: ids)
    thresholds = None
    if options.sensitivity:
        from .sensitivity import sensitivity  # only with --sensitivity

        thresholds = sensitivity(scale.grades, table, board, lambda b: grade_index(table, b)) or None
    computed = scale.grades[ladder.index]
    judged = judgement is not None and options.use_judgements
    return r.CompositeResult(
        id=comp.id,
        title=comp.title,
        grade=judgement.grade if judged and judgement is not None else computed,
        provisional=top > ladder.index,
        best_possible=scale.grades[top],
        deciding_step=step(ladder),
        areas={a: graded[a].grade for a in areas},
        requirements=ladder.checks,
        next_grade=next_grade,
        margin=moderation.margin(scale.grades, table, board, ladder.index, lambda ids: ids),
        sensitivity=thresholds,
        computed_grade=computed,
        judged=judged,
        judgement=judged_as(scale, judgement, ladder.index, judged),
    )


def grade(
    evidence: Evidence,
    scale: Scale,
    sets: Sequence[CriteriaSet],
    source_file: str,
    area: str | None = None,
    options: Options = DEFAULT_OPTIONS,
) -> r.SubjectResult:
    """Grade every area the evidence covers, in criteria-file order, then every
    composite whose areas were all graded; or just `area`: an area alone, or a
    composite with its areas."""
    wanted = [c for c in scale.framework.composites if area is None or c.id == area]
    needed = {a for c in wanted for a in composite_areas(c, sets)} if wanted else {area}
    chosen = [s for s in sets if s.id in evidence.areas and (area is None or s.id in needed)]
    areas = [grade_area(scale, s, evidence, options) for s in chosen]
    graded = {a.id: a for a in areas}
    composites, not_graded = [], []
    for comp in wanted:
        members = composite_areas(comp, sets)
        missing = [a for a in members if a not in graded]
        if missing:
            not_graded.append(r.NotGraded(id=comp.id, title=comp.title, missing=missing))
        else:
            said = evidence.composites.get(comp.id)
            judgement = said.judgement if said is not None else None
            composites.append(grade_composite(scale, comp, members, graded, options, judgement))
    return r.SubjectResult(
        subject=evidence.subject,
        framework=evidence.framework,
        source_file=source_file,
        grades=grade_labels(scale),
        levels=level_labels(scale),
        areas=areas,
        composites=composites,
        not_graded=not_graded,
    )
