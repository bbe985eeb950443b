"""docs/format.md section 8 under the default framework, at its boundaries: each requirement, each
threshold, borderline, provisional and judgement."""

from __future__ import annotations

import pytest

from helpers import all_met, cset, evidence, grade_area
from sgc_grader.grading.engine import Options
from sgc_grader.results.grade import AnyOf, AreaResult, Check, Need, Step


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
    assert blocked is not None and (blocked.id, blocked.holds, blocked.selected) == ("excellent-any", False, 0)


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
