"""docs/format.md section 8 under the default framework, at its boundaries: each requirement, each
threshold, borderline, provisional and judgement."""

from __future__ import annotations

import pytest

from helpers import all_met, area_set, cset, evidence, framework, grade_area
from sgc_grader.grading import engine
from sgc_grader.grading.engine import Options
from sgc_grader.results.grade import AreaResult
from sgc_grader.results.trail import AnyOf, Check, Need, Selection, Step


def grade(c, statuses, **kw):  # type: ignore[no-untyped-def]
    options = kw.pop("options", Options())
    return grade_area(c, evidence(statuses, **kw), options)


TEXT_SIGNIFICANT = "No significant Fair criterion falls well short (not met)"


def deciding(a: AreaResult) -> Check:
    """The deciding requirement, as the engine measured it."""
    step = a.deciding_step
    assert step is not None
    return next(c for c in a.requirements if (c.grade, c.id) == (step.grade, step.requirement))


def test_all_met_is_excellent() -> None:
    c = cset()
    a = grade(c, all_met(c))
    assert (a.grade, a.deciding_step, a.next_grade) == ("excellent", None, None)
    assert all(r.holds for r in a.requirements)


def test_share_equal_to_good_share_is_not_good() -> None:
    c = cset(good=4)
    s = all_met(c) | {"G2": "not_met", "G3": "not_met"}  # 2/4 = 0.5, not > 0.5
    a = grade(c, s)
    assert (a.grade, a.deciding_step) == (
        "fair",
        Step(grade="good", requirement="good-share", text="Most Good criteria met"),
    )
    d = deciding(a)
    assert (d.test, d.value, d.selected, d.share, d.op, d.bound, d.threshold) == (
        "share",
        "2",
        4,
        0.5,
        "gt",
        "0.5",
        "good_share",
    )
    assert a.next_grade is not None
    assert (a.next_grade.must, a.next_grade.any) == ([], [AnyOf(k=1, of=["G2", "G3"], to="met")])


def test_share_equal_to_excellent_share_is_excellent() -> None:
    c = cset(good=5)
    s = all_met(c) | {"G4": "not_met"}  # 4/5 = 0.8 >= 0.8
    assert grade(c, s).grade == "excellent"


def test_share_just_below_excellent_share_is_good() -> None:
    c = cset(good=5, thresholds={"excellent_share": 0.81})
    a = grade(c, all_met(c) | {"G4": "not_met"})
    d = deciding(a)
    assert (a.grade, d.id, d.value, d.selected, d.op, d.bound) == ("good", "good-share-high", "4", 5, "gte", "0.81")


def test_partial_credit_counts_towards_the_share() -> None:
    c = cset(good=4)
    s = all_met(c) | {"G2": "partial", "G3": "not_met"}  # 2.5/4 > 0.5
    a = grade(c, s)
    assert a.grade == "good"
    assert a.share_exact["good"] == "2.5/4"
    zero = cset(good=4, thresholds={"partial_credit": 0})
    assert grade(zero, s).grade == "fair"


def test_significant_fair_criterion_only_partly_met_is_fair_and_borderline() -> None:
    c = cset()
    a = grade(c, all_met(c) | {"F1": "partial"})
    assert (a.grade, a.borderline, a.borderline_reasons) == ("fair", True, ["significant-partial"])
    assert a.deciding_step == Step(grade="good", requirement="fair-in-full", text="Every Fair criterion met")
    d = deciding(a)
    assert (d.selected, d.against, d.failing, d.states) == (3, ["met"], ["F1"], {"F1": "partial"})
    assert a.next_grade is not None and a.next_grade.must == [Need(id="F1", to="met")]


def test_partial_never_counts_as_met_where_all_are_required() -> None:
    c = cset()
    b = grade(c, all_met(c) | {"E0": "partial"})
    d = deciding(b)
    assert (b.grade, d.id, d.selected, d.failing, d.states) == ("good", "excellent-all", 1, ["E0"], {"E0": "partial"})


def test_non_significant_fair_failure_gives_fair_not_borderline() -> None:
    c = cset(minor=(2,))
    a = grade(c, all_met(c) | {"F2": "not_met"})
    d = deciding(a)
    assert (a.grade, a.borderline, d.id, d.failing, d.states) == (
        "fair",
        False,
        "fair-in-full",
        ["F2"],
        {"F2": "not_met"},
    )
    assert a.next_grade is not None and a.next_grade.must == [Need(id="F2", to="met")]


def test_one_significant_failure_is_borderline_poor() -> None:
    c = cset(fair=5)
    a = grade(c, all_met(c) | {"F1": "not_met"})
    assert (a.grade, a.deciding_step, a.borderline) == (
        "poor",
        Step(grade="fair", requirement="significant", text=TEXT_SIGNIFICANT),
        True,
    )
    assert a.borderline_reasons == ["few-significant-failures"]
    d = deciding(a)
    assert (d.selected, d.against, d.passing, d.failing) == (5, ["partial"], ["F0", "F2", "F3", "F4"], ["F1"])


def test_failures_at_poor_fair_failures_are_clear_poor() -> None:
    c = cset(fair=5)
    a = grade(c, all_met(c) | {"F1": "not_met", "F2": "not_met", "F3": "not_met"})
    assert (a.grade, a.borderline) == ("poor", False)
    # a partly met criterion is not "well short": two not met and one partial stay borderline
    b = grade(c, all_met(c) | {"F1": "not_met", "F2": "not_met", "F3": "partial"})
    assert (b.grade, b.borderline) == ("poor", True)
    # Fair needs every significant criterion at least partly met; F3 already is
    assert b.next_grade is not None
    assert (b.next_grade.grade, b.next_grade.must) == (
        "fair",
        [Need(id="F1", to="partial"), Need(id="F2", to="partial")],
    )


def test_dominant_failure_alone_is_poor() -> None:
    c = cset()
    a = grade(c, all_met(c) | {"F0": "not_met"})
    assert (a.grade, a.deciding_step) == (
        "poor",
        Step(grade="fair", requirement="dominant", text="Every dominant criterion met"),
    )
    d = deciding(a)
    assert (d.selects is not None and d.selects.dominant, d.selected, d.failing) == (True, 1, ["F0"])
    # the dominant criterion is a significant Fair one, and one failure is fewer than three
    assert a.borderline_reasons == ["few-significant-failures"]
    # partly meeting a dominant criterion is not enough
    assert grade(c, all_met(c) | {"F0": "partial"}).grade == "poor"


def test_not_applicable_leaves_the_counts() -> None:
    c = cset(good=4)
    s = all_met(c) | {"G2": "not_applicable", "G3": "not_met"}  # 2/3 > 0.5
    a = grade(c, s)
    assert (a.grade, a.share_exact["good"]) == ("good", "2/3")
    assert grade(c, all_met(c) | {"F0": "not_applicable"}).grade == "excellent"


def test_no_applicable_excellent_criterion_caps_at_good() -> None:
    c = cset(excellent=0)
    a = grade(c, all_met(c))
    d = deciding(a)
    assert (a.grade, d.id, d.every, d.value, d.selected, d.op, d.bound) == (
        "good",
        "excellent-any",
        False,
        "0",
        0,
        "gte",
        "1",
    )
    assert a.next_grade is not None and not a.next_grade.reachable
    blocked = a.next_grade.blocked
    assert blocked is not None
    assert (blocked.grade, blocked.id, blocked.holds, blocked.selected) == ("excellent", "excellent-any", False, 0)


def test_no_applicable_good_criterion_means_share_zero() -> None:
    c = cset(good=2)
    a = grade(c, all_met(c) | {"G0": "not_applicable", "G1": "not_applicable"})
    assert (a.grade, a.shares["good"]) == ("fair", 0.0)
    assert a.next_grade is not None and not a.next_grade.reachable


def test_rule_decides_when_no_finding() -> None:
    c = cset(rules={"F1": {"fact": "n", "gte": 5}})
    s = all_met(c)
    del s["F1"]
    met = grade(c, s, facts={"n": 5})
    v = met.criteria[1]
    assert (v.status, v.decided_by, v.facts_read[0].value) == ("met", "rule", 5)
    assert [(x.fact, x.op, x.operand, x.value) for x in v.comparisons] == [("n", "gte", 5, "true")]
    assert grade(c, s, facts={"n": 4}).grade == "poor"


def test_conflict_between_rule_and_finding_finding_wins() -> None:
    c = cset(rules={"F1": {"fact": "n", "gte": 5}})
    a = grade(c, all_met(c), facts={"n": 1})
    v = a.criteria[1]
    assert (v.status, v.decided_by, v.conflict, v.rule_value) == ("met", "finding", True, "false")
    assert a.grade == "excellent"


def test_unknown_rule_counts_as_not_met_and_is_provisional() -> None:
    c = cset(rules={"G0": {"fact": "n", "gt": 1}})
    s = all_met(c)
    del s["G0"]
    s["G1"] = "not_met"  # with G0 unknown: 2/4 -> fair; if G0 met: 3/4 -> good
    a = grade(c, s)
    assert a.criteria[3].status == "unknown" and a.criteria[3].decided_by == "rule"
    assert (a.grade, a.provisional, a.best_possible, a.missing) == ("fair", True, "good", ["G0"])


def test_unassessed_criteria_make_the_grade_provisional() -> None:
    c = cset()
    a = grade(c, {"F0": "met"})
    assert (a.grade, a.provisional, a.best_possible) == ("poor", True, "excellent")
    assert a.missing == ["F1", "F2", "G0", "G1", "G2", "G3", "E0"]
    assert a.criteria[1].decided_by == "none"


def test_not_provisional_when_missing_evidence_cannot_change_the_grade() -> None:
    c = cset()
    s = all_met(c) | {"F0": "not_met"}
    del s["G0"]
    a = grade(c, s)
    assert (a.grade, a.provisional, a.missing) == ("poor", False, [])


def test_judgement_replaces_the_grade_and_flags_a_jump() -> None:
    c = cset()
    s = all_met(c) | {"F0": "not_met"}
    a = grade(c, s, judgement={"grade": "good", "rationale": "Mitigated by the new unit."})
    assert (a.grade, a.computed_grade, a.judged) == ("good", "poor", True)
    assert a.judgement is not None and a.judgement.jump and a.judgement.applied
    one_step = grade(c, s, judgement={"grade": "fair", "rationale": "r"})
    assert one_step.judgement is not None and not one_step.judgement.jump


def test_no_judgements_shows_the_computed_grade() -> None:
    c = cset()
    s = all_met(c) | {"F0": "not_met"}
    a = grade(c, s, judgement={"grade": "good", "rationale": "r"}, options=Options(use_judgements=False))
    assert (a.grade, a.judged) == ("poor", False)
    assert a.judgement is not None and not a.judgement.applied


@pytest.mark.parametrize(
    ("statuses", "k", "of"),
    [
        ({"G0": "met", "G1": "not_met", "G2": "not_met", "G3": "not_met"}, 2, ["G1", "G2", "G3"]),
        # a partial only adds 1 - partial_credit when met, so any k must assume the smallest gains
        ({"G0": "met", "G1": "partial", "G2": "partial", "G3": "not_met"}, 1, ["G1", "G2", "G3"]),
        ({"G0": "not_met", "G1": "partial", "G2": "partial", "G3": "partial"}, 2, ["G1", "G2", "G3", "G0"]),
    ],
)
def test_any_k_is_enough_for_any_choice(statuses: dict[str, str], k: int, of: list[str]) -> None:
    c = cset(good=4)
    a = grade(c, all_met(c) | statuses)
    assert a.grade == "fair"
    assert a.next_grade is not None
    assert a.next_grade.any == [AnyOf(k=k, of=of, to="met")]


def test_next_grade_from_good_lists_excellent_criteria() -> None:
    c = cset(good=5, excellent=2)
    a = grade(c, all_met(c) | {"G0": "not_met", "G1": "not_met", "E1": "not_met"})
    assert a.grade == "good"
    assert a.next_grade is not None
    assert a.next_grade.grade == "excellent"
    assert a.next_grade.must == [Need(id="E1", to="met")]
    assert a.next_grade.any == [AnyOf(k=1, of=["G0", "G1"], to="met")]


def test_every_requirement_is_in_the_trail() -> None:
    c = cset()
    a = grade(c, all_met(c) | {"G0": "not_met", "G1": "not_met", "G2": "not_met"})
    assert [(r.grade, r.id, r.holds) for r in a.requirements] == [
        ("fair", "dominant", True),
        ("fair", "significant", True),
        ("good", "fair-in-full", True),
        ("good", "good-share", False),
        ("excellent", "good-share-high", False),
        ("excellent", "excellent-all", True),
        ("excellent", "excellent-any", True),
    ]
    assert a.shares == {"good": 0.25}


def test_with_partial_credit_one_a_partial_criterion_is_in_no_any_group() -> None:
    """Meeting it in full adds nothing to the share, so it cannot be one of the k."""
    c = cset(good=4, thresholds={"partial_credit": 1})
    a = grade(c, all_met(c) | {"G0": "partial", "G1": "not_met", "G2": "not_met", "G3": "not_met"})
    assert (a.grade, a.share_exact["good"]) == ("fair", "1/4")
    assert a.next_grade is not None and a.next_grade.any == [AnyOf(k=2, of=["G1", "G2", "G3"], to="met")]


def test_a_theme_selects_the_criteria_of_that_theme() -> None:
    scale = framework(
        [{"id": "low"}, {"id": "high", "requires": [{"id": "t", "criteria": {"theme": "calls"}, "at_least": "met"}]}]
    )
    c = area_set(
        [
            {"id": "F1", "level": "fair", "text": "x.", "theme": "calls"},
            {"id": "F2", "level": "fair", "text": "y.", "theme": "other"},
        ],
        themes=[{"id": "calls", "title": "Calls"}, {"id": "other", "title": "Other"}],
    )
    assert grade_area(c, evidence({"F1": "met", "F2": "not_met"}), scale=scale).grade == "high"
    low = grade_area(c, evidence({"F1": "not_met", "F2": "met"}), scale=scale)
    assert (low.grade, low.requirements[0].selected, low.requirements[0].failing) == ("low", 1, ["F1"])
    assert low.requirements[0].selects == Selection(items="criteria", theme="calls")


def test_composites_are_graded_only_when_every_area_is_and_never_for_one_area() -> None:
    """docs/format.md section 8.7: not graded, with the areas missing, when an area of it
    is not in the evidence; left out altogether when grading one area."""
    scale = framework(
        [{"id": "low"}, {"id": "high", "requires": [{"id": "all", "criteria": {}, "at_least": "met"}]}],
        composites=[
            {
                "id": "both",
                "title": "Both",
                "areas": "all",
                "requires": {"high": [{"id": "h", "areas": "all", "at_least": "high"}]},
            },
            {
                "id": "one",
                "title": "One",
                "areas": ["area"],
                "requires": {"high": [{"id": "h", "areas": "all", "at_least": "high"}]},
            },
        ],
    )
    first = area_set([{"id": "F1", "level": "fair", "text": "x."}])
    second = area_set([{"id": "S1", "level": "fair", "text": "y."}], id="second", title="Second")
    result = engine.grade(evidence({"F1": "met"}), scale, [first, second], "ev.yaml")
    assert [(x.id, x.title, x.missing) for x in result.not_graded] == [("both", "Both", ["second"])]
    assert [(x.id, x.title, x.grade) for x in result.composites] == [("one", "One", "high")]
    alone = engine.grade(evidence({"F1": "met"}), scale, [first, second], "ev.yaml", area="area")
    assert ([a.id for a in alone.areas], alone.composites, alone.not_graded) == (["area"], [], [])


def test_a_judgement_one_grade_below_the_computed_one_is_no_jump() -> None:
    c = cset()
    s = all_met(c) | {"E0": "not_met"}  # computed Good
    below = grade(c, s, judgement={"grade": "fair", "rationale": "r"})
    assert (below.computed_grade, below.grade) == ("good", "fair")
    assert below.judgement is not None and not below.judgement.jump
    far = grade(c, s, judgement={"grade": "poor", "rationale": "r"})
    assert far.judgement is not None and far.judgement.jump


def test_a_share_over_criteria_of_no_one_level_is_reported_by_its_id() -> None:
    scale = framework(
        [{"id": "low"}, {"id": "high", "requires": [{"id": "most", "criteria": {}, "share": {"gt": 0.5}}]}]
    )
    c = cset(fair=2, good=2, excellent=0)
    a = grade_area(c, evidence({"F0": "met", "F1": "met", "G0": "partial", "G1": "not_met"}), scale=scale)
    assert (a.grade, a.shares, a.share_exact) == ("high", {"most": 0.625}, {"most": "2.5/4"})


def test_grading_without_the_trail_gives_the_same_grade_and_margins() -> None:
    """`sgc summary` grades with Options(trail=False): grades, flags, margins and
    statuses as with the trail, without the requirements measured or next_grade."""
    c = cset()
    for statuses in (all_met(c), all_met(c) | {"G0": "not_met", "G1": "not_met"}, {"F0": "met", "F1": "partial"}):
        full = grade(c, statuses)
        bare = grade(c, statuses, options=Options(trail=False))
        fields = (
            "grade",
            "computed_grade",
            "provisional",
            "best_possible",
            "missing",
            "borderline",
            "margin",
            "shares",
        )
        assert [getattr(bare, f) for f in fields] == [getattr(full, f) for f in fields]
        assert (bare.requirements, bare.next_grade, bare.deciding_step) == ([], None, None)


def test_a_count_may_be_a_fraction_and_the_trail_names_what_is_selected() -> None:
    """`count: {gte: 2.5}` needs three (numbers are exact, docs/format.md section 7); the
    trail says which criteria a requirement selects, as written."""
    scale = framework(
        [
            {"id": "low"},
            {
                "id": "high",
                "requires": [
                    {
                        "id": "most",
                        "criteria": {"ids": ["F0", "F1", "F2", "F3"]},
                        "at_least": "met",
                        "count": {"gte": 2.5},
                    }
                ],
            },
        ]
    )
    c = cset(fair=4, good=0, excellent=0, dominant=())
    three = grade_area(c, evidence(all_met(c) | {"F3": "not_met"}), scale=scale)
    two = grade_area(c, evidence(all_met(c) | {"F2": "not_met", "F3": "not_met"}), scale=scale)
    assert (three.grade, two.grade) == ("high", "low")
    check = two.requirements[0]
    assert (check.value, check.op, check.bound, check.selects) == (
        "2",
        "gte",
        "2.5",
        Selection(items="criteria", ids=["F0", "F1", "F2", "F3"]),
    )


def test_two_requirements_over_the_same_criteria_give_one_group_with_the_larger_k() -> None:
    """More than half the Fair criteria met, and at least two: any three of the four
    serve both, so next_grade lists one group, not two."""
    requires = [
        {"id": "half", "criteria": {"level": "fair"}, "share": {"gt": 0.5}},
        {"id": "two", "criteria": {"level": "fair"}, "at_least": "met", "count": {"gte": 2}},
    ]
    scale = framework([{"id": "low"}, {"id": "high", "requires": requires}])
    c = cset(fair=4, good=0, excellent=0, dominant=())
    a = grade_area(c, evidence(dict.fromkeys(["F0", "F1", "F2", "F3"], "not_met")), scale=scale)
    assert a.next_grade is not None
    assert a.next_grade.any == [AnyOf(k=3, of=["F0", "F1", "F2", "F3"], to="met")]


def test_a_national_distribution_counts_every_grade_with_none_given_as_zero() -> None:
    c = cset().model_copy(update={"national_distribution": {"2007": {"fair": 3, "good": 1}}})
    a = grade(c, all_met(c))
    assert a.national_distribution == {"2007": {"poor": 0, "fair": 3, "good": 1, "excellent": 0}}


def test_a_share_read_after_another_requirement_of_its_grade_is_reported() -> None:
    """Every Fair criterion at least partly met, then the share of them met: the share
    is reported though the grade's first requirement is not a share."""
    requires = [
        {"id": "partly", "criteria": {}, "at_least": "partial"},
        {"id": "most", "criteria": {"level": "fair"}, "share": {"gt": 0.5}},
    ]
    scale = framework([{"id": "low"}, {"id": "high", "requires": requires}])
    c = cset(fair=2, good=0, excellent=0, dominant=())
    a = grade_area(c, evidence({"F0": "met", "F1": "partial"}), scale=scale)
    assert (a.grade, a.shares, a.share_exact) == ("high", {"fair": 0.75}, {"fair": "1.5/2"})


def test_an_area_the_evidence_does_not_cover_grades_as_wholly_unassessed() -> None:
    c = cset()
    a = grade_area(c, evidence({}).model_copy(update={"areas": {}}))
    assert {v.status for v in a.criteria} == {"unassessed"}
    assert (a.grade, a.provisional, a.best_possible, a.missing) == (
        "poor",
        True,
        "excellent",
        [x.id for x in c.criteria],
    )


def test_an_unreachable_requirement_is_shown_as_measured_with_everything_it_selects_met() -> None:
    """Three of two criteria met can never hold: next_grade says so with the requirement
    measured at its best, both met."""
    requires = [{"id": "three", "criteria": {}, "at_least": "met", "count": {"gte": 3}}]
    scale = framework([{"id": "low"}, {"id": "high", "requires": requires}])
    c = cset(fair=2, good=0, excellent=0, dominant=())
    a = grade_area(c, evidence({"F0": "not_met", "F1": "partial"}), scale=scale)
    assert a.next_grade is not None and not a.next_grade.reachable
    blocked = a.next_grade.blocked
    assert blocked is not None
    assert (blocked.id, blocked.holds, blocked.value, blocked.passing, blocked.bound) == (
        "three",
        False,
        "2",
        ["F0", "F1"],
        "3",
    )
