"""Margins and threshold sensitivity (issue 16) against brute force: every assignment of
statuses on small generated sets (default and generated frameworks, and composites), and
a fine grid of threshold values, each graded by the independent oracle (tests/oracle.py)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from fractions import Fraction
from itertools import product
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from helpers import DEFAULT, all_met, area_set, cset, evidence, examples, framework, grade_area
from sgc_grader.grading import engine, moderation
from sgc_grader.grading.planning import gap
from sgc_grader.grading.sensitivity import threshold_names
from sgc_grader.reading.framework import Scale
from sgc_grader.reading.model import Composite, Condition, CriteriaSet, Framework
from sgc_grader.results.grade import Boundary, Margin
from test_properties import Case, cases, default_sets, frameworks

# --- the oracle: every assignment --------------------------------------------------------

Grader = Callable[[Mapping[str, int]], int]  # each item's rank -> the grade index, by the oracle


def area_grader(scale: Scale, c: CriteriaSet, statuses: dict[str, str]) -> tuple[dict[str, int], Grader]:
    """The criteria a margin counts (all but the not applicable ones), their ranks now
    (unknown and unassessed: not met), and the oracle's grade of any other ranks."""
    fixed = {cid: s for cid, s in statuses.items() if s == "not_applicable"}
    now = {x.id: oracle.ORDER.index(oracle.counted(statuses.get(x.id, "unassessed"))) for x in c.criteria}
    now = {cid: rank for cid, rank in now.items() if cid not in fixed}

    def grade(ranks: Mapping[str, int]) -> int:
        return oracle.area_grade(scale, c, fixed | {cid: oracle.ORDER[rank] for cid, rank in ranks.items()})

    return now, grade


def brute_margin(now: dict[str, int], ranks: int, grade: Grader) -> dict[str, tuple[int, set[str]] | None]:
    """For each direction, the fewest items whose rank differs in some assignment (of
    `ranks` ranks to every item) with a lower (higher) grade, and every item that
    differs in one such smallest assignment."""
    items = list(now)
    here = grade(now)
    best: dict[str, tuple[int, set[str]] | None] = {"down": None, "up": None}
    for assignment in product(range(ranks), repeat=len(items)):
        index = grade(dict(zip(items, assignment, strict=True)))
        if index == here:
            continue
        side = "up" if index > here else "down"
        changed = {i for i, rank in zip(items, assignment, strict=True) if rank != now[i]}
        found = best[side]
        if found is None or len(changed) < found[0]:
            best[side] = (len(changed), changed)
        elif len(changed) == found[0]:
            found[1].update(changed)
    return best


def test_the_oracle_reads_only_the_input_models() -> None:
    """An oracle must not call the code it checks: tests/oracle.py imports nothing of
    sgc_grader but the reading layer's models."""
    tree = ast.parse(Path(oracle.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    ours = {m for m in imported if m and m.startswith("sgc_grader")}
    assert ours == {"sgc_grader.reading.framework", "sgc_grader.reading.model"}


def check_margin(margin: Margin, grades: tuple[str, ...], now: dict[str, int], ranks: int, grade: Grader) -> None:
    """The margin equals brute force, and its example moves the grade as promised."""
    expected = brute_margin(now, ranks, grade)
    here = grade(now)
    for side, size, way in (("down", margin.down, margin.down_by), ("up", margin.up, margin.up_by)):
        want = expected[side]
        assert size == (want[0] if want else None), side
        if want is None:
            assert way is None
            continue
        assert way is not None and len(way.example) == size and way.exact
        assert set(way.candidates) == want[1], side
        assert set(way.example) <= set(way.candidates)
        # the example itself moves the grade the promised way
        moved = grade(now | dict.fromkeys(way.example, ranks - 1 if side == "up" else 0))
        assert moved > here if side == "up" else moved < here
        assert way.to == grades[here + 1 if side == "up" else here - 1]


@settings(max_examples=examples(150), deadline=None)
@given(cases(most=6))
def test_area_margins_equal_brute_force_over_every_assignment(case: Case) -> None:
    scale, c, statuses = case
    a = grade_area(c, evidence(statuses), scale=scale)
    now, grade = area_grader(scale, c, statuses)
    assert a.margin is not None and scale.rank(a.computed_grade) == grade(now)
    check_margin(a.margin, scale.grades, now, 3, grade)


@settings(max_examples=examples(60), deadline=None)
@given(cases(most=5))
def test_fewest_to_each_higher_grade_equals_brute_force(case: Case) -> None:
    """`sgc gap`'s fewest set, for every target above the grade: as small as brute force
    finds, it reaches the target, and each criterion's status is the lowest that does
    (given those decided before it)."""
    scale, c, statuses = case
    now, grade = area_grader(scale, c, statuses)
    here = grade(now)
    fewest: dict[int, int] = {}
    for assignment in product(range(3), repeat=len(now)):
        index = grade(dict(zip(now, assignment, strict=True)))
        changed = sum(rank != now[i] for i, rank in zip(now, assignment, strict=True))
        for target in range(here + 1, index + 1):
            fewest[target] = min(fewest.get(target, changed), changed)
    for target in range(here + 1, len(scale.grades)):
        g = gap(scale, c, evidence(statuses), "ev.yaml", scale.grades[target])
        assert g.fewest_exact and not g.reached
        assert g.reachable == (target in fewest), target
        if not g.reachable:
            assert g.fewest == []
            continue
        assert len(g.fewest) == fewest[target], target
        to = {n.criterion.id: oracle.ORDER.index(n.to) for n in g.fewest}
        assert all(rank > now[cid] for cid, rank in to.items())
        assert grade(now | to) >= target
        for cid, rank in to.items():  # one status lower does not reach it (others as advised)
            if rank - 1 > now[cid]:
                assert grade(now | to | {cid: rank - 1}) < target, cid


@st.composite
def composites(draw: st.DrawFn) -> tuple[Scale, Composite, dict[str, str]]:
    """A generated framework with a composite over 1-4 areas, and the areas' grades."""
    scale = draw(frameworks())
    grades = list(scale.grades)
    areas = [f"a{i}" for i in range(draw(st.integers(1, 4)))]

    def condition(i: int) -> dict[str, Any]:
        chosen = draw(st.one_of(st.just("all"), st.lists(st.sampled_from(areas), min_size=1, unique=True)))
        cond: dict[str, Any] = {"id": f"c{i}", "areas": chosen, "at_least": draw(st.sampled_from(grades))}
        if draw(st.booleans()):
            cond["count"] = {draw(st.sampled_from(["gt", "gte"])): draw(st.integers(0, 4))}
        return cond

    requires = {g: [condition(i) for i in range(draw(st.integers(0, 2)))] for g in grades[1:]}
    comp = Composite.model_validate({"id": "overall", "title": "Overall", "areas": areas, "requires": requires})
    return scale, comp, {a: draw(st.sampled_from(grades)) for a in areas}


def composite_grader(scale: Scale, comp: Composite, areas: list[str]) -> Grader:
    def grade(ranks: Mapping[str, int]) -> int:
        return oracle.composite_grade(scale, comp.requires, areas, {a: scale.grades[r] for a, r in ranks.items()})

    return grade


def graded(
    grades: Mapping[str, str], best: Mapping[str, str] | None = None, judged: frozenset[str] = frozenset()
) -> Any:
    """Area results as a composite reads them: final grade, provisional best, judged."""
    best = best or grades
    return {
        a: SimpleNamespace(grade=g, best_possible=best[a], provisional=best[a] != g, judged=a in judged, criteria=[])
        for a, g in grades.items()
    }


@settings(max_examples=examples(100), deadline=None)
@given(composites())
def test_composite_margins_count_areas_and_equal_brute_force(case: tuple[Scale, Composite, dict[str, str]]) -> None:
    scale, comp, grades = case
    areas = list(grades)
    result = engine.grade_composite(scale, comp, areas, graded(grades))
    grade = composite_grader(scale, comp, areas)
    now = {a: scale.rank(g) for a, g in grades.items()}
    assert result.grade == scale.grades[grade(now)]
    assert result.margin is not None
    check_margin(result.margin, scale.grades, now, len(scale.grades), grade)


@st.composite
def composite_results(
    draw: st.DrawFn,
) -> tuple[Scale, Composite, dict[str, str], dict[str, str], frozenset[str]]:
    """A generated composite with its areas' final grades, the best each could reach
    with its missing evidence, and which were judged."""
    scale, comp, grades = draw(composites())
    best = {a: draw(st.sampled_from(scale.grades[scale.rank(g) :])) for a, g in grades.items()}
    judged = frozenset(a for a in grades if draw(st.booleans()))
    return scale, comp, grades, best, judged


@settings(max_examples=examples(150), deadline=None)
@given(composite_results())
def test_a_composite_is_graded_as_section_8_7_says(
    case: tuple[Scale, Composite, dict[str, str], dict[str, str], frozenset[str]],
) -> None:
    """Its grade, provisional and best (judged areas at their judged grades), the
    deciding requirement, and a next grade whose advice reaches it, by the oracle."""
    scale, comp, grades, best, judged = case
    areas = list(grades)
    result = engine.grade_composite(scale, comp, areas, graded(grades, best, judged))
    grade = composite_grader(scale, comp, areas)
    now = grade({a: scale.rank(g) for a, g in grades.items()})
    at_best = grade({a: scale.rank(grades[a] if a in judged else best[a]) for a in areas})
    assert (result.id, result.title, result.grade, result.areas) == ("overall", "Overall", scale.grades[now], grades)
    assert (result.provisional, result.best_possible) == (at_best > now, scale.grades[at_best])
    if now + 1 == len(scale.grades):
        assert (result.deciding_step, result.next_grade) == (None, None)
        return
    up = scale.grades[now + 1]
    named = oracle.thresholds(scale, None)
    unmet = [c.id for c in comp.requires.get(up, []) if not oracle.areas_hold(c, areas, grades, scale.grades, named)]
    step = result.deciding_step
    assert step is not None and (step.grade, step.requirement) == (up, unmet[0])
    n = result.next_grade
    assert n is not None and n.grade == up
    if n.reachable:
        raised = {a: scale.rank(grades[a]) for a in areas} | {m.id: scale.rank(m.to) for m in n.must}
        for g in n.any:
            raised |= {a: max(raised[a], scale.rank(g.to)) for a in g.of[: g.k]}
        assert grade(raised) >= now + 1


@given(cases(), st.randoms(use_true_random=False))
def test_margins_do_not_depend_on_the_order_of_criteria(case: Case, rnd: Any) -> None:
    scale, c, statuses = case
    shuffled = list(c.criteria)
    rnd.shuffle(shuffled)
    a = grade_area(c, evidence(statuses), scale=scale).margin
    b = grade_area(c.model_copy(update={"criteria": shuffled}), evidence(statuses), scale=scale).margin
    assert a is not None and b is not None
    assert (a.down, a.up) == (b.down, b.up)
    for x, y in ((a.down_by, b.down_by), (a.up_by, b.up_by)):
        assert (x is None) == (y is None)
        if x is not None and y is not None:
            assert sorted(x.candidates) == sorted(y.candidates)


# --- hand-worked margins ---------------------------------------------------------------


def test_overlapping_conditions_need_the_exact_answer_not_the_greedy_one() -> None:
    """Two count requirements over overlapping criteria: filling each apart, cheapest
    first, takes F0 then F1; F1 alone (Fair and dominant) meets both."""
    scale = framework(
        [
            {"id": "low"},
            {
                "id": "high",
                "requires": [
                    {"id": "fair-one", "criteria": {"level": "fair"}, "at_least": "met", "count": {"gte": 1}},
                    {"id": "dominant-one", "criteria": {"dominant": True}, "at_least": "met", "count": {"gte": 1}},
                ],
            },
        ]
    )
    c = cset(fair=2, good=1, excellent=0, dominant=(1,))
    margin = grade_area(c, evidence({"F0": "not_met", "F1": "not_met", "G0": "not_met"}), scale=scale).margin
    assert margin is not None and (margin.down, margin.up) == (None, 1)
    assert margin.up_by is not None and (margin.up_by.example, margin.up_by.candidates) == (["F1"], ["F1"])


def test_three_requirements_over_pairs_of_three_kinds_need_two() -> None:
    """Each requirement wants one criterion of two kinds (X or Z, X or Y, Y or Z), two
    criteria of each kind: no one criterion meets all three, any two of different kinds
    do, so the margin up is 2 and every criterion is a candidate."""
    kinds = {"xz": "XZ", "xy": "XY", "yz": "YZ"}
    requires = [
        {"id": k, "criteria": {"ids": [f"{a}{n}" for a in v for n in (1, 2)]}, "at_least": "met", "count": {"gte": 1}}
        for k, v in kinds.items()
    ]
    scale = framework([{"id": "low"}, {"id": "high", "requires": requires}], levels=["fair"])
    ids = [f"{a}{n}" for a in "XYZ" for n in (1, 2)]
    c = area_set([{"id": i, "level": "fair", "text": "x."} for i in ids])
    margin = grade_area(c, evidence(dict.fromkeys(ids, "not_met")), scale=scale).margin
    assert margin is not None and margin.up_by is not None
    assert (margin.up, margin.up_by.example, margin.up_by.candidates) == (2, ["X1", "Y1"], ids)


def test_two_requirements_sharing_a_criterion_need_three_though_each_alone_needs_two() -> None:
    """Both of C6, C8 and both of C2, C8: each requirement alone needs two, and C8 helps
    both, yet the fewest is three. The search starts from a lower bound of two and must
    go on to three."""
    requires = [
        {"id": "a", "criteria": {"ids": ["C6", "C8"]}, "at_least": "met", "count": {"gte": 2}},
        {"id": "b", "criteria": {"ids": ["C2", "C8"]}, "at_least": "met", "count": {"gte": 2}},
    ]
    scale = framework([{"id": "low"}, {"id": "high", "requires": requires}], levels=["fair"])
    c = area_set([{"id": i, "level": "fair", "text": "x."} for i in ("C2", "C6", "C8")])
    margin = grade_area(c, evidence(dict.fromkeys(("C2", "C6", "C8"), "not_met")), scale=scale).margin
    assert margin is not None and margin.up_by is not None
    assert (margin.up, margin.up_by.example, margin.up_by.exact) == (3, ["C2", "C6", "C8"], True)


def test_lowering_takes_the_largest_losses_first_and_names_the_first_in_file_order() -> None:
    """Under the default framework, any one of F0, F1, F2 (significant Fair criteria, all
    met) not met makes the area Poor: the example is the first of them. And a share met
    4/4 that must stay above 0.5 falls with two criteria, not one."""
    c = cset(fair=3, dominant=())
    a = grade_area(c, evidence(all_met(c) | {"E0": "not_met"}))
    assert a.margin is not None and a.margin.down_by is not None and a.grade == "good"
    assert (a.margin.down, a.margin.down_by.example, a.margin.down_by.candidates) == (1, ["F0"], ["F0", "F1", "F2"])
    scale = framework(
        [{"id": "low"}, {"id": "high", "requires": [{"id": "most", "criteria": {}, "share": {"gt": 0.5}}]}]
    )
    four = cset(fair=4, good=0, excellent=0, dominant=())
    b = grade_area(four, evidence(all_met(four)), scale=scale)
    assert b.margin is not None and b.margin.down_by is not None and b.grade == "high"
    assert (b.margin.down, b.margin.down_by.example) == (2, ["F0", "F1"])


@pytest.mark.parametrize(
    ("statuses", "cut", "down", "candidates"),
    [
        # 1.5/2 > 0.25: F0 (met) falling leaves 0.5/2, not above; F1 (partial) falling leaves 1/2
        ({"F0": "met", "F1": "partial"}, 0.25, 1, ["F0"]),
        # 4/4 > 0.5: any two falling leave 2/4; each of the four is in such a pair
        ({"F0": "met", "F1": "met", "F2": "met", "F3": "met"}, 0.5, 2, ["F0", "F1", "F2", "F3"]),
    ],
)
def test_the_candidates_for_lowering_are_those_in_some_smallest_set(
    statuses: dict[str, str], cut: float, down: int, candidates: list[str]
) -> None:
    requires = [{"id": "share", "criteria": {}, "share": {"gt": cut}}]
    scale = framework([{"id": "low"}, {"id": "high", "requires": requires}], levels=["fair"])
    c = area_set([{"id": i, "level": "fair", "text": "x."} for i in statuses])
    margin = grade_area(c, evidence(statuses), scale=scale).margin
    assert margin is not None and margin.down_by is not None
    assert (margin.down, margin.down_by.candidates) == (down, candidates)


def test_a_share_bound_finer_than_its_weights_is_counted_exactly() -> None:
    """At least 0.3 of four criteria is 1.2 of them: two must be met, not one (the bound's
    fifths and the weights' halves in one unit)."""
    scale = framework([{"id": "low"}, {"id": "high", "requires": [{"id": "s", "criteria": {}, "share": {"gte": 0.3}}]}])
    c = cset(fair=4, good=0, excellent=0, dominant=())
    margin = grade_area(c, evidence(dict.fromkeys(["F0", "F1", "F2", "F3"], "not_met")), scale=scale).margin
    assert margin is not None and (margin.up, margin.down) == (2, None)


def test_a_search_that_runs_too_long_gives_a_way_that_works_marked_not_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many overlapping count requirements make the exact search slow (it is NP-hard);
    past moderation.STEPS the answer is greedy, still a way up, and says so."""
    ids = [f"C{i}" for i in range(12)]
    requires = [
        {"id": f"r{j}", "criteria": {"ids": ids[j : j + 5]}, "at_least": "met", "count": {"gte": 3}} for j in range(8)
    ]
    scale = framework([{"id": "low"}, {"id": "high", "requires": requires}], levels=["fair"])
    c = area_set([{"id": i, "level": "fair", "text": "x."} for i in ids])
    statuses = dict.fromkeys(ids, "not_met")
    exact = grade_area(c, evidence(statuses), scale=scale).margin
    monkeypatch.setattr(moderation, "STEPS", 3)
    stopped = grade_area(c, evidence(statuses), scale=scale).margin
    assert exact is not None and exact.up_by is not None and exact.up_by.exact
    assert stopped is not None and stopped.up_by is not None and not stopped.up_by.exact
    assert stopped.up is not None and exact.up is not None and stopped.up >= exact.up
    now, grade = area_grader(scale, c, statuses)
    assert grade(now | dict.fromkeys(stopped.up_by.example, 2)) == 1
    from sgc_grader.render.reach import margin_text

    assert margin_text(stopped, "low", ["low", "high"], str).startswith(f"at most {stopped.up} findings from high")


def test_the_search_widens_its_budget_one_item_at_a_time() -> None:
    """Two of C6, C8, C9 and both of C2, C8: the lower bound is two, the fewest three
    (C2, C8 and one of C6, C9). Trying a budget of four would find a way of four."""
    requires = [
        {"id": "a", "criteria": {"ids": ["C6", "C8", "C9"]}, "at_least": "met", "count": {"gte": 2}},
        {"id": "b", "criteria": {"ids": ["C2", "C8"]}, "at_least": "met", "count": {"gte": 2}},
    ]
    scale = framework([{"id": "low"}, {"id": "high", "requires": requires}], levels=["fair"])
    ids = ("C2", "C6", "C8", "C9")
    c = area_set([{"id": i, "level": "fair", "text": "x."} for i in ids])
    margin = grade_area(c, evidence(dict.fromkeys(ids, "not_met")), scale=scale).margin
    assert margin is not None and margin.up_by is not None
    assert (margin.up, margin.up_by.example, margin.up_by.candidates) == (3, ["C2", "C6", "C8"], list(ids))


def windows(family: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Twelve criteria and eight requirements, each three of five neighbours met."""
    ids = [f"{family}{i}" for i in range(12)]
    requires = [
        {"id": f"{family}{j}-three", "criteria": {"ids": ids[j : j + 5]}, "at_least": "met", "count": {"gte": 3}}
        for j in range(8)
    ]
    return ids, requires


def test_each_independent_part_is_searched_exactly_within_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two families of overlapping requirements that share no criterion are searched
    apart, each in 280 steps (search calls): within STEPS = 280 both are exact. One step
    fewer stops each while it looks for other smallest sets: the size found is still the
    fewest (six a family), but the answer is marked not exact. A weaker lower bound, a
    forgotten failure or one search for both families would take more steps."""
    a_ids, a_requires = windows("A")
    b_ids, b_requires = windows("B")
    scale = framework([{"id": "low"}, {"id": "high", "requires": a_requires + b_requires}], levels=["fair"])
    c = area_set([{"id": i, "level": "fair", "text": "x."} for i in a_ids + b_ids])
    statuses = dict.fromkeys(a_ids + b_ids, "not_met")
    fewest = [f"{family}{i}" for family in "AB" for i in (2, 3, 4, 7, 8, 9)]
    monkeypatch.setattr(moderation, "STEPS", 280)
    exact = grade_area(c, evidence(statuses), scale=scale).margin
    assert exact is not None and exact.up_by is not None
    assert (exact.up, exact.up_by.example, exact.up_by.candidates, exact.up_by.exact) == (12, fewest, fewest, True)
    monkeypatch.setattr(moderation, "STEPS", 279)
    stopped = grade_area(c, evidence(statuses), scale=scale).margin
    assert stopped is not None and stopped.up_by is not None
    assert (stopped.up, stopped.up_by.example, stopped.up_by.exact) == (12, fewest, False)


def test_a_criterion_that_gains_as_much_as_one_taken_is_a_candidate_without_a_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Half the share and one criterion met: F1 (partial) met is enough. F0 (not met)
    gains as much towards the count and more towards the share, so it too is in a
    smallest set, which needs no further search: the whole answer takes one step."""
    requires = [
        {"id": "half", "criteria": {}, "share": {"gte": 0.5}},
        {"id": "one", "criteria": {}, "at_least": "met", "count": {"gte": 1}},
    ]
    scale = framework([{"id": "low"}, {"id": "high", "requires": requires}], levels=["fair"])
    c = cset(fair=2, good=0, excellent=0, dominant=())
    monkeypatch.setattr(moderation, "STEPS", 1)
    margin = grade_area(c, evidence({"F0": "not_met", "F1": "partial"}), scale=scale).margin
    assert margin is not None and margin.up_by is not None
    assert (margin.up, margin.up_by.example, margin.up_by.candidates, margin.up_by.exact) == (
        1,
        ["F1"],
        ["F1", "F0"],
        True,
    )


@pytest.mark.parametrize(
    ("statuses", "grade"),
    [
        # low: raising is searched first, and the requirement of high is not monotone
        ({"F0": "met", "F1": "not_met"}, "low"),
        # high: lowering is searched, and the requirement it would break is not monotone
        ({"F0": "not_met", "F1": "not_met"}, "high"),
    ],
)
def test_a_requirement_that_is_not_monotone_is_named_when_margins_are_asked(
    statuses: dict[str, str], grade: str
) -> None:
    """Lint refuses such a framework (SGC303); the engine called without lint says which
    requirement it cannot reason about, whichever way the margin looks."""
    requires = [{"id": "none-met", "criteria": {}, "at_least": "met", "count": {"lt": 1}}]
    scale = framework([{"id": "low"}, {"id": "high", "requires": requires}], levels=["fair"])
    c = cset(fair=2, good=0, excellent=0, dominant=())
    assert oracle.area_grade(scale, c, statuses) == scale.rank(grade)
    with pytest.raises(ValueError, match=r"^requirement 'none-met' is not monotone \(lt\); margins need gt or gte$"):
        grade_area(c, evidence(statuses), scale=scale)


def test_raising_for_requirements_that_already_hold_takes_nothing() -> None:
    c = cset()
    board = engine.criteria_board(DEFAULT, c, all_met(c))
    fair = engine.area_table(DEFAULT)[1]
    assert moderation.fewest_to_raise(fair, board, list) == moderation.Way(0, [], [])


def test_the_lowest_ranks_never_take_an_item_below_where_it_is() -> None:
    """One criterion met is needed; F0 is partial, F1 not met. Given both, F0 (decided
    first) stays met, since partial is where it is, and F1 may then stop at partial. An
    item is never lowered, even where the conditions would hold without it."""
    cond = Condition.model_validate({"id": "one", "criteria": {}, "at_least": "met", "count": {"gte": 1}})
    c = cset(fair=2, good=0, excellent=0, dominant=())
    board = engine.criteria_board(DEFAULT, c, {"F0": "partial", "F1": "not_met"})
    assert moderation.lowest_ranks([cond], board, ["F0", "F1"]) == {"F0": 2, "F1": 1}


def test_missing_persons_is_two_findings_from_good_and_one_from_poor() -> None:
    from conftest import TVP
    from sgc_grader.app.grade import GradeSettings
    from sgc_grader.app.grade import grade as grade_files

    run = grade_files(GradeSettings(evidence=[str(TVP)], area="missing-persons"))
    a = run.report.results[0].areas[0]
    assert a.margin is not None and (a.computed_grade, a.margin.down, a.margin.up) == ("fair", 1, 2)
    # 4.5/11: one not met criterion met gives 5.5/11, not more than 0.5; two are needed
    assert a.margin.up_by is not None and a.margin.up_by.example == ["MP-G6", "MP-G1"]


# --- margins: the greedy answer past moderation.STEPS -------------------------------------

ONE_EACH = [
    {"id": "fair-one", "criteria": {"level": "fair"}, "at_least": "met", "count": {"gte": 1}},
    {"id": "dominant-one", "criteria": {"dominant": True}, "at_least": "met", "count": {"gte": 1}},
]
TWO_AND_ONE = [
    {"id": "fair-two", "criteria": {"level": "fair"}, "at_least": "met", "count": {"gte": 2}},
    {"id": "dominant-one", "criteria": {"dominant": True}, "at_least": "met", "count": {"gte": 1}},
]


@pytest.mark.parametrize(
    ("requires", "dominant", "example"),
    [
        # the dominant F0 counts for both: taken first, it is enough
        (ONE_EACH, 0, ["F0"]),
        # F2 counts for both and F0, F1 for one: F2 first, then the cheapest other
        (TWO_AND_ONE, 2, ["F0", "F2"]),
        # three of five, all alike: the first three
        (
            [{"id": "three", "criteria": {"level": "fair"}, "at_least": "met", "count": {"gte": 3}}],
            None,
            ["F0", "F1", "F2"],
        ),
    ],
)
def test_a_stopped_search_takes_one_item_at_a_time_the_one_that_gives_most(
    monkeypatch: pytest.MonkeyPatch, requires: list[dict[str, Any]], dominant: int | None, example: list[str]
) -> None:
    """moderation.STEPS 0 stops every search at once: the answer is greedy (each step
    the criterion that adds most towards what is still lacking, the cheapest of equals),
    marked not exact, and it does raise the grade."""
    scale = framework([{"id": "low"}, {"id": "high", "requires": requires}], levels=["fair"])
    c = cset(fair=5 if dominant is None else 3, good=0, excellent=0, dominant=() if dominant is None else (dominant,))
    statuses = dict.fromkeys((x.id for x in c.criteria), "not_met")
    monkeypatch.setattr(moderation, "STEPS", 0)
    margin = grade_area(c, evidence(statuses), scale=scale).margin
    assert margin is not None and margin.up_by is not None
    assert (margin.up, margin.up_by.example, margin.up_by.exact) == (len(example), example, False)
    assert oracle.area_grade(scale, c, statuses | dict.fromkeys(example, "met")) == 1


# --- sgc summary's "near a threshold" -----------------------------------------------------


@pytest.mark.parametrize(
    ("cond", "near"),
    [
        ({"id": "s", "criteria": {}, "share": {"gt": 0.5}}, True),
        ({"id": "c", "criteria": {}, "at_least": "met", "count": {"gte": 2}}, True),
        ({"id": "a", "criteria": {}, "at_least": "met"}, False),  # every one: any single change breaks it
    ],
)
def test_only_shares_and_counts_are_near_a_threshold(cond: dict[str, Any], near: bool) -> None:
    assert moderation.near_threshold(Condition.model_validate(cond)) is near


# --- sensitivity -----------------------------------------------------------------------


def _plain(x: Fraction) -> str:
    """Exactly, as a decimal where it is one (4.5), else as a fraction (9/22)."""
    if x.denominator == 1:
        return str(x.numerator)
    return repr(float(x)) if Fraction(repr(float(x))) == x else f"{x.numerator}/{x.denominator}"


def _exact(text: str) -> Fraction:
    top, _, bottom = text.partition("/")
    return Fraction(top) / Fraction(bottom or 1)


@st.composite
def named_frameworks(draw: st.DrawFn) -> tuple[Scale, CriteriaSet, dict[str, str]]:
    """Generated frameworks whose shares and counts compare with named thresholds."""
    scale = draw(frameworks())
    doc = scale.framework.model_dump(exclude_unset=True)
    for g in doc["grades"]:
        for cond in g.get("requires", []):
            for part, name in (("share", "cut"), ("count", "least")):
                if part in cond:
                    op = next(iter(cond[part]))
                    cond[part] = {op: name}
    doc["thresholds"] = {
        **doc.get("thresholds", {}),
        "cut": draw(st.sampled_from([0, 0.25, 0.5, 0.6, 0.8, 1])),
        "least": draw(st.integers(0, 4)),
    }
    named = Scale(Framework.model_validate(doc))
    _, c, statuses = draw(cases())
    levels = named.framework.levels
    # re-level the drawn criteria onto this framework's levels
    items = [x.model_copy(update={"level": levels[i % len(levels)]}) for i, x in enumerate(c.criteria)]
    return named, c.model_copy(update={"criteria": items, "thresholds": {}}), statuses


def check_sensitivity(scale: Scale, c: CriteriaSet, statuses: dict[str, str]) -> None:
    a = engine.grade_area(scale, c, evidence(statuses), engine.Options(sensitivity=True))
    assert a.sensitivity is not None
    status = {v.id: v.status for v in a.criteria}
    named = oracle.thresholds(scale, c)
    now = oracle.area_grade(scale, c, status)
    assert scale.rank(a.computed_grade) == now
    # every threshold a requirement names, and partial_credit wherever a share is read; each
    # ranges over 0 to 1 (shares, partial_credit) or 0 to the criteria selected (counts)
    ranges: dict[str, Fraction] = {}
    shares: dict[str, set[int]] = {}  # a share's threshold: the numbers of criteria its shares are over
    for g in scale.framework.grades:
        for cond in g.requires:
            for compare, top in ((cond.share, Fraction(1)), (cond.count, None)):
                for _, bound in compare.ops() if compare is not None else []:
                    if isinstance(bound, str):
                        n = len(oracle.selected(cond, c, status, scale.framework.levels))
                        ranges[bound] = max(ranges.get(bound, Fraction(0)), top if top is not None else Fraction(n))
                        if top is not None:
                            shares.setdefault(bound, set()).add(n)
            if cond.share is not None:
                ranges["partial_credit"] = Fraction(1)
    assert set(a.sensitivity) == set(ranges)

    def grade_at(name: str, v: Fraction) -> int:
        return oracle.area_grade(scale, c, status, named | {name: v})

    tiny = Fraction(1, 10**9)
    for name, s in a.sensitivity.items():
        value = named[name]
        low, high = Fraction(s.low), Fraction(s.high)
        assert (s.value, low, high) == (float(value), min(Fraction(0), value), max(ranges[name], value)), name
        grid = [low + (high - low) * k / 200 for k in range(201)]
        changed = [v for v in grid if grade_at(name, v) != now]
        for side, b, beyond in (("below", s.below, -tiny), ("above", s.above, tiny)):
            nearer = [v for v in changed if (v < value if side == "below" else v > value)]
            assert (s.changes_below if side == "below" else s.changes_above) == (b.at if b else None)
            if b is None:
                assert nearer == [], (name, side)
                continue
            at = _exact(b.exact)
            assert float(at) == b.at
            # shown as the trail shows it: a share's threshold as met/selected (4.5/11), others plainly
            if name in shares:
                shown = {f"{_plain(at * n)}/{n}" for n in shares[name] if n} | (
                    {_plain(at)} if 0 in shares[name] else set()
                )
            else:
                shown = {_plain(at)}
            assert b.exact in shown, (name, b.exact, shown)
            # nothing changes between the value and the boundary, and at the boundary only if included
            for v in nearer:
                assert (
                    (v <= at if side == "below" else v >= at) if b.included else (v < at if side == "below" else v > at)
                )
            assert (grade_at(name, at) != now) == b.included
            past = at if b.included else at + beyond
            assert scale.grades[grade_at(name, past)] == b.grade != a.computed_grade


@settings(max_examples=examples(40), deadline=None)
@given(cases(sets=default_sets()))
def test_sensitivity_equals_a_fine_grid_under_the_default_framework(case: Case) -> None:
    check_sensitivity(*case)


@settings(max_examples=examples(40), deadline=None)
@given(named_frameworks())
def test_sensitivity_equals_a_fine_grid_under_generated_frameworks(
    case: tuple[Scale, CriteriaSet, dict[str, str]],
) -> None:
    check_sensitivity(*case)


def test_missing_persons_would_be_good_with_good_share_below_its_share() -> None:
    from conftest import TVP
    from sgc_grader.app.grade import GradeSettings
    from sgc_grader.app.grade import grade as grade_files

    settings_ = GradeSettings(evidence=[str(TVP)], area="missing-persons", sensitivity=True)
    a = grade_files(settings_).report.results[0].areas[0]
    assert a.sensitivity is not None
    s = a.sensitivity["good_share"]
    assert (s.value, s.changes_below, s.changes_above) == (0.5, 9 / 22, None)
    assert s.below == Boundary(at=9 / 22, exact="4.5/11", included=False, grade="good")


@pytest.mark.parametrize(
    ("statuses", "below", "above"),
    [
        # share 2/4 = 0.5: Good needs more than good_share, so any good_share below 0.5 gives Good
        ({"G2": "not_met", "G3": "not_met"}, (Fraction(1, 2), False, "good"), None),
        # share 3/4: Good until good_share reaches 0.75, Excellent needs 0.8 so is out of reach
        ({"G3": "not_met"}, None, (Fraction(3, 4), True, "fair")),
    ],
)
def test_good_share_boundaries_by_hand(statuses: dict[str, str], below: Any, above: Any) -> None:
    c = cset(good=4)
    a = engine.grade_area(
        DEFAULT, c, evidence({x.id: "met" for x in c.criteria} | statuses), engine.Options(sensitivity=True)
    )
    assert a.sensitivity is not None
    s = a.sensitivity["good_share"]
    for got, want in ((s.below, below), (s.above, above)):
        assert (None if got is None else (_exact(got.exact), got.included, got.grade)) == want


def test_sensitivity_by_hand_over_three_requirements() -> None:
    """g1 needs: dominant criteria met, at least `least` (0) of them (there are none);
    the Good share at least `cut` (1/1); the Fair share at least `cut` ((1 + pc)/2 with
    F1 partial). So partial_credit may fall to 0.4 (1.4/2 = 0.7) and no lower, though
    the Good share, read first, does not depend on it; `cut` may rise to 1.5/2; and
    `least` ranges over 0 to 0 criteria selected."""
    scale = framework(
        [
            {"id": "g0"},
            {
                "id": "g1",
                "requires": [
                    {"id": "r0", "criteria": {"dominant": True}, "at_least": "met", "count": {"gte": "least"}},
                    {"id": "r1", "criteria": {"level": "good"}, "share": {"gte": "cut"}},
                    {"id": "r2", "criteria": {"level": "fair"}, "share": {"gte": "cut"}},
                ],
            },
        ],
        levels=["fair", "good"],
        thresholds={"cut": 0.7, "least": 0},
    )
    c = area_set(
        [
            {"id": "F0", "level": "fair", "text": "a."},
            {"id": "F1", "level": "fair", "text": "b."},
            {"id": "G0", "level": "good", "text": "c."},
        ]
    )
    a = engine.grade_area(
        scale, c, evidence({"F0": "met", "F1": "partial", "G0": "met"}), engine.Options(sensitivity=True)
    )
    assert a.grade == "g1" and a.sensitivity is not None
    s = a.sensitivity
    assert list(s) == ["least", "cut", "partial_credit"]
    assert (s["least"].low, s["least"].high, s["least"].below, s["least"].above) == (0, 0, None, None)
    assert (s["cut"].low, s["cut"].high, s["cut"].below) == (0, 1, None)
    assert s["cut"].above == Boundary(at=0.75, exact="1.5/2", included=False, grade="g0")
    assert (s["partial_credit"].low, s["partial_credit"].high, s["partial_credit"].above) == (0, 1, None)
    assert s["partial_credit"].below == Boundary(at=0.4, exact="0.4", included=False, grade="g0")


def test_a_threshold_named_by_a_share_and_weighing_partly_met_ones_is_listed_once() -> None:
    """A share compared with partial_credit itself: partial_credit is read twice, as the
    bound and as the weight of a partly met criterion, and listed once."""
    cond = Condition.model_validate({"id": "s", "criteria": {}, "share": {"gte": "partial_credit"}})
    assert threshold_names([[], [cond]]) == ["partial_credit"]
