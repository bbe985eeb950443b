"""Margins and threshold sensitivity (issue 16) against brute force: every assignment of
statuses on small generated sets (default and generated frameworks, and composites), and
a fine grid of threshold values."""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import DEFAULT, area_set, cset, evidence, framework, grade_area
from sgc_grader import vocab
from sgc_grader.grading import engine, moderation, sensitivity
from sgc_grader.grading.conditions import Board
from sgc_grader.reading.framework import Scale
from sgc_grader.reading.model import Composite, CriteriaSet, Framework
from sgc_grader.results.grade import Boundary, Margin
from test_properties import Case, cases, frameworks

# --- the oracle: every assignment --------------------------------------------------------


def brute_margin(grades: tuple[str, ...], table: Any, board: Board) -> dict[str, tuple[int, set[str]] | None]:
    """For each direction, the fewest items whose rank differs in some assignment with a
    lower (higher) grade, and every item that differs in one such smallest assignment."""
    items = list(board.ranks)
    now = engine.climb(grades, table, board).index
    best: dict[str, tuple[int, set[str]] | None] = {"down": None, "up": None}
    scale = board.grades if board.areas else vocab.RANKED
    for ranks in product(range(len(scale)), repeat=len(items)):
        index = engine.climb(grades, table, board._replace(ranks=dict(zip(items, ranks, strict=True)))).index
        if index == now:
            continue
        side = "up" if index > now else "down"
        changed = {i for i, rank in zip(items, ranks, strict=True) if rank != board.ranks[i]}
        found = best[side]
        if found is None or len(changed) < found[0]:
            best[side] = (len(changed), changed)
        elif len(changed) == found[0]:
            found[1].update(changed)
    return best


def check_margin(margin: Margin, grades: tuple[str, ...], table: Any, board: Board) -> None:
    oracle = brute_margin(grades, table, board)
    now = engine.climb(grades, table, board).index
    for side, size, way in (("down", margin.down, margin.down_by), ("up", margin.up, margin.up_by)):
        expected = oracle[side]
        assert size == (expected[0] if expected else None), side
        if expected is None:
            assert way is None
            continue
        assert way is not None and len(way.example) == size and way.exact
        assert set(way.candidates) == expected[1], side
        assert set(way.example) <= set(way.candidates)
        # the example itself moves the grade the promised way
        target = len(board.scale_of(way.example[0])) - 1 if side == "up" else 0
        moved = engine.climb(grades, table, board._replace(ranks={**board.ranks, **dict.fromkeys(way.example, target)}))
        assert moved.index > now if side == "up" else moved.index < now
        assert way.to == grades[now + 1 if side == "up" else now - 1]


def area_board(scale: Scale, c: CriteriaSet, statuses: dict[str, str]) -> tuple[Margin, Board]:
    a = grade_area(c, evidence(statuses), scale=scale)
    assert a.margin is not None
    return a.margin, engine.criteria_board(scale, c, {v.id: v.status for v in a.criteria})


@settings(max_examples=150, deadline=None)
@given(cases(most=6))
def test_area_margins_equal_brute_force_over_every_assignment(case: Case) -> None:
    scale, c, statuses = case
    margin, board = area_board(scale, c, statuses)
    check_margin(margin, scale.grades, engine.area_table(scale), board)


@settings(max_examples=60, deadline=None)
@given(cases(most=5))
def test_fewest_to_each_higher_grade_equals_brute_force(case: Case) -> None:
    """`sgc gap`'s fewest set, for every target above the grade, with the status each
    chosen criterion needs."""
    scale, c, statuses = case
    _, board = area_board(scale, c, statuses)
    table = engine.area_table(scale)
    now = engine.climb(scale.grades, table, board).index
    items = list(board.ranks)
    fewest: dict[int, int] = {}
    for ranks in product(range(3), repeat=len(items)):
        index = engine.climb(scale.grades, table, board._replace(ranks=dict(zip(items, ranks, strict=True)))).index
        changed = sum(rank != board.ranks[i] for i, rank in zip(items, ranks, strict=True))
        for target in range(now + 1, index + 1):
            fewest[target] = min(fewest.get(target, changed), changed)
    for target in range(now + 1, len(scale.grades)):
        conds = [cond for conds in table[now + 1 : target + 1] for cond in conds]
        way = moderation.fewest_to_raise(conds, board, lambda ids: ids)
        assert (way.size if way else None) == fewest.get(target), target
        assert way is None or way.exact
        if way is not None:
            lowest = moderation.lowest_ranks(conds, board, way.example)
            assert all(lowest[i] > board.ranks[i] for i in way.example)
            reached = engine.climb(scale.grades, table, board._replace(ranks={**board.ranks, **lowest}))
            assert reached.index >= target


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


@settings(max_examples=100, deadline=None)
@given(composites())
def test_composite_margins_count_areas_and_equal_brute_force(case: tuple[Scale, Composite, dict[str, str]]) -> None:
    scale, comp, grades = case
    areas = list(grades)
    table = engine.composite_table(scale, comp)
    board = Board(
        ranks={a: scale.rank(g) for a, g in grades.items()},
        states=grades,
        areas=tuple(areas),
        grades=scale.grades,
        thresholds=scale.thresholds(None),
        pool=(),
        chosen={},
    )
    index = engine.climb(scale.grades, table, board).index
    check_margin(moderation.margin(scale.grades, table, board, index, lambda ids: ids), scale.grades, table, board)


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
    _, board = area_board(scale, c, statuses)
    raised = board._replace(ranks={**board.ranks, **dict.fromkeys(stopped.up_by.example, 2)})
    assert engine.climb(scale.grades, engine.area_table(scale), raised).index == 1
    from sgc_grader.render.phrases import margin_text

    assert margin_text(stopped, "low", ["low", "high"], str).startswith(f"at most {stopped.up} findings from high")


def test_missing_persons_is_two_findings_from_good_and_one_from_poor() -> None:
    from conftest import TVP
    from sgc_grader.app.grade import GradeSettings
    from sgc_grader.app.grade import grade as grade_files

    run = grade_files(GradeSettings(evidence=[str(TVP)], area="missing-persons"))
    a = run.report.results[0].areas[0]
    assert a.margin is not None and (a.computed_grade, a.margin.down, a.margin.up) == ("fair", 1, 2)
    # 4.5/11: one not met criterion met gives 5.5/11, not more than 0.5; two are needed
    assert a.margin.up_by is not None and a.margin.up_by.example == ["MP-G6", "MP-G1"]


# --- sensitivity -----------------------------------------------------------------------


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
    table = engine.area_table(scale)
    board = engine.criteria_board(scale, c, {v.id: v.status for v in a.criteria})
    now = scale.rank(a.computed_grade)
    assert set(a.sensitivity) == set(sensitivity.threshold_names(table))

    def grade_at(name: str, v: Fraction) -> int:
        return engine.grade_index(table, board._replace(thresholds={**board.thresholds, name: v}))

    tiny = Fraction(1, 10**9)
    for name, s in a.sensitivity.items():
        value = board.thresholds[name]
        low, high = Fraction(s.low), Fraction(s.high)
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
            # nothing changes between the value and the boundary, and at the boundary only if included
            for v in nearer:
                assert (
                    (v <= at if side == "below" else v >= at) if b.included else (v < at if side == "below" else v > at)
                )
            assert (grade_at(name, at) != now) == b.included
            past = at if b.included else at + beyond
            assert scale.grades[grade_at(name, past)] == b.grade != a.computed_grade


@settings(max_examples=40, deadline=None)
@given(cases())
def test_sensitivity_equals_a_fine_grid_under_the_default_framework(case: Case) -> None:
    scale, c, statuses = case
    if scale is DEFAULT:
        check_sensitivity(scale, c, statuses)


@settings(max_examples=40, deadline=None)
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
