"""The grading laws of SPEC section 2, on generated criteria sets and evidence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import cset, evidence
from sgc_grader.engine import grade_area
from sgc_grader.model import GRADES, CriteriaSet
from sgc_grader.render_doc import grade_json
from sgc_grader.result import GradeReport, SubjectResult

STATUSES = ["met", "partial", "not_met", "not_applicable", None]  # None: no finding


@st.composite
def cases(draw: st.DrawFn) -> tuple[CriteriaSet, dict[str, str]]:
    fair = draw(st.integers(1, 6))
    good = draw(st.integers(1, 8))
    excellent = draw(st.integers(0, 2))
    dominant = tuple(draw(st.sets(st.integers(0, fair - 1), max_size=2)))
    minor = tuple(i for i in draw(st.sets(st.integers(0, fair - 1), max_size=2)) if i not in dominant)
    good_share = draw(st.sampled_from([0.4, 0.5, 0.6]))
    thresholds = {
        "good_share": good_share,
        "excellent_share": draw(st.sampled_from([x for x in (0.7, 0.8, 0.9, 1.0) if x > good_share])),
        "partial_credit": draw(st.sampled_from([0, 0.25, 0.5, 1])),
        "poor_fair_failures": draw(st.integers(1, 4)),
    }
    c = cset(fair, good, excellent, dominant, minor, thresholds)
    statuses = {}
    for crit in c.criteria:
        s = draw(st.sampled_from(STATUSES))
        if s is not None:
            statuses[crit.id] = s
    return c, statuses


def rank(grade: str) -> int:
    return GRADES.index(grade)  # type: ignore[arg-type]


@given(cases(), st.data())
def test_meeting_one_more_criterion_never_lowers_the_grade(
    case: tuple[CriteriaSet, dict[str, str]], data: st.DataObject
) -> None:
    c, statuses = case
    not_met = [x.id for x in c.criteria if statuses.get(x.id) in ("partial", "not_met", None)]
    if not not_met:
        return
    cid = data.draw(st.sampled_from(not_met))
    before = grade_area(c, evidence(statuses))
    after = grade_area(c, evidence(statuses | {cid: "met"}))
    assert rank(after.grade) >= rank(before.grade)
    assert rank(after.best_possible) >= rank(before.grade)


@given(cases())
def test_dominant_failure_without_judgement_is_poor(case: tuple[CriteriaSet, dict[str, str]]) -> None:
    c, statuses = case
    a = grade_area(c, evidence(statuses))
    failed = [x for x in c.criteria if x.is_dominant and statuses.get(x.id) not in ("met", "not_applicable")]
    if failed:
        assert (a.grade, a.deciding_step) == ("poor", "dominant")


@given(cases(), st.randoms(use_true_random=False))
def test_order_of_criteria_and_findings_does_not_change_grades(case: tuple[CriteriaSet, dict[str, str]], rnd) -> None:  # type: ignore[no-untyped-def]
    c, statuses = case
    shuffled_criteria = list(c.criteria)
    rnd.shuffle(shuffled_criteria)
    c2 = c.model_copy(update={"criteria": shuffled_criteria})
    items = list(statuses.items())
    rnd.shuffle(items)
    a, b = grade_area(c, evidence(statuses)), grade_area(c2, evidence(dict(items)))
    assert (a.grade, a.deciding_step, a.provisional, a.best_possible, a.borderline, a.shares) == (
        b.grade,
        b.deciding_step,
        b.provisional,
        b.best_possible,
        b.borderline,
        b.shares,
    )
    assert {v.id: v.status for v in a.criteria} == {v.id: v.status for v in b.criteria}
    assert a.next_grade is not None or b.next_grade is None
    if a.next_grade and b.next_grade:
        assert (sorted(a.next_grade.must_meet), a.next_grade.plus_any) == (
            sorted(b.next_grade.must_meet),
            b.next_grade.plus_any,
        )


@given(cases())
@settings(max_examples=30)
def test_identical_input_gives_identical_bytes(case: tuple[CriteriaSet, dict[str, str]]) -> None:
    c, statuses = case

    def render() -> str:
        area = grade_area(c, evidence(statuses))
        return grade_json(
            GradeReport(results=[SubjectResult(subject="S", framework="fw", source_file="f", areas=[area])])
        )

    assert render() == render()


@given(cases())
def test_next_grade_suggestion_reaches_the_next_grade(case: tuple[CriteriaSet, dict[str, str]]) -> None:
    """Meeting must_meet plus the first plus_any of `of` gives at least the next grade."""
    c, statuses = case
    a = grade_area(c, evidence(statuses))
    n = a.next_grade
    if n is None or not n.reachable:
        return
    improved = statuses | {cid: "met" for cid in n.must_meet + n.of[: n.plus_any]}
    assert rank(grade_area(c, evidence(improved)).grade) >= rank(n.grade)
    improved_last = statuses | {cid: "met" for cid in n.must_meet + (n.of[-n.plus_any :] if n.plus_any else [])}
    assert rank(grade_area(c, evidence(improved_last)).grade) >= rank(n.grade)
