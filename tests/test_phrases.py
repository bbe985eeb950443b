"""The phrase book: what the core measured, in the words every format shows. The engine's
tests assert numbers; these assert the sentences made of them."""

from __future__ import annotations

import pytest

from helpers import all_met, cset, evidence, grade_area
from sgc_grader import vocab
from sgc_grader.render.phrased import phrased
from sgc_grader.render.phrases import STATUS, requirement
from sgc_grader.results.base import GradeLabel
from sgc_grader.results.grade import AreaResult, SubjectResult


def words(c, statuses) -> AreaResult:  # type: ignore[no-untyped-def]
    """An area graded under the default framework, with its words filled in."""
    a = grade_area(c, evidence(statuses))
    subject = SubjectResult(
        subject="S",
        framework="fw",
        source_file="s.yaml",
        grades=[GradeLabel(id=g, label=g.capitalize()) for g in ("poor", "fair", "good", "excellent")],
        levels=[GradeLabel(id=lv, label=lv.capitalize()) for lv in ("fair", "good", "excellent")],
        areas=[a],
        composites=[],
        not_graded=[],
    )
    return phrased(subject).areas[0]


def test_the_status_table_words_exactly_the_statuses() -> None:
    assert tuple(STATUS) == vocab.STATUSES


@pytest.mark.parametrize(
    ("size", "changes", "reason"),
    [
        ({}, {}, "every requirement of Excellent holds"),
        (
            {"good": 4},
            {"G2": "not_met", "G3": "not_met"},
            "Good needs most Good criteria met: Good share 2/4 = 0.50, needs > 0.50",
        ),
        ({}, {"F1": "partial"}, "Good needs every Fair criterion met: 1 of 3 Fair criteria not met: F1 (partial)"),
        (
            {},
            {"E0": "partial"},
            "Excellent needs beacon and innovation tests met: 1 of 1 Excellent criterion not met: E0 (partial)",
        ),
        ({"minor": (2,)}, {"F2": "not_met"}, "Good needs every Fair criterion met: 1 of 3 Fair criteria not met: F2"),
        (
            {"fair": 5},
            {"F1": "not_met"},
            "Fair needs no significant Fair criterion falls well short (not met): "
            "1 of 5 significant Fair criteria not met: F1",
        ),
        ({}, {"F0": "not_met"}, "Fair needs every dominant criterion met: 1 of 1 dominant criterion not met: F0"),
        (
            {"excellent": 0},
            {},
            "Excellent needs at least one Excellent test applies: 0 of 0 Excellent criteria met, needs >= 1",
        ),
    ],
)
def test_the_deciding_requirement_in_words(size: dict, changes: dict[str, str], reason: str) -> None:  # type: ignore[type-arg]
    c = cset(**size)
    assert words(c, all_met(c) | changes).reason == reason


def test_a_threshold_of_the_set_reads_in_the_reason() -> None:
    c = cset(good=5, thresholds={"excellent_share": 0.81})
    a = words(c, all_met(c) | {"G4": "not_met"})
    assert a.reason == "Excellent needs the vast majority of Good criteria met: Good share 4/5 = 0.80, needs >= 0.81"


def test_an_unreachable_grade_says_why() -> None:
    c = cset(excellent=0)
    a = words(c, all_met(c))
    assert a.next_grade is not None
    assert (
        a.next_grade.why_not == "at least one Excellent test applies: only 0 Excellent criteria can be met, needs >= 1"
    )


def test_a_borderline_count_names_the_criteria_it_counts() -> None:
    c = cset()
    a = words(c, all_met(c) | {"F1": "partial"})
    (check,) = [x for x in a.borderline_checks if x.holds]
    assert check.detail == "1 of 3 significant Fair criteria partial: F1, needs >= 1"


def test_a_requirement_without_words_reads_as_its_id_and_words_start_small() -> None:
    assert requirement("good-share", None) == "good-share"
    assert requirement("x", "Every Fair criterion met") == "every Fair criterion met"
    assert requirement("x", "NHS trusts agree") == "NHS trusts agree"  # an acronym keeps its capitals
