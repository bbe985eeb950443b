"""Edges of the grading core that the hand-worked and generated tests did not reach,
each found by a mutant that survived them (README, Development: mutation testing): the
top grade, areas only one side assessed, gap's bookkeeping, and the greedy answer given
when the exact margin search is stopped."""

from __future__ import annotations

from typing import Any

import pytest

import oracle
from helpers import DEFAULT, all_met, area_set, cset, evidence, framework, grade_area
from sgc_grader.grading import moderation
from sgc_grader.grading.agreement import agree
from sgc_grader.grading.planning import gap
from sgc_grader.reading.model import Condition, Evidence

# --- agree: areas only one side assessed -----------------------------------------------


def two_areas(first: dict[str, str], second: dict[str, str] | None) -> Evidence:
    """Evidence for area 'area' and, unless None, area 'other' (each of cset()'s criteria)."""
    areas: dict[str, Any] = {"area": {"findings": {k: {"status": v} for k, v in first.items()}}}
    if second is not None:
        areas["other"] = {"findings": {k: {"status": v} for k, v in second.items()}}
    doc = {"kind": "evidence", "schema_version": 1, "subject": "S", "framework": "fw", "areas": areas}
    return Evidence.model_validate(doc)


def test_agree_compares_only_the_areas_both_assessed_and_names_the_others() -> None:
    c = cset()
    other = area_set([x.model_dump(exclude_unset=True) for x in c.criteria], id="other", title="Other")
    met = all_met(c)
    a, b = two_areas(met, met), two_areas(met, None)
    result = agree(DEFAULT, [c, other], a, b, "a.yaml", "b.yaml")
    assert ([x.id for x in result.areas], result.only_a, result.only_b) == (["area"], ["other"], [])
    assert result.criteria.n == len(c.criteria)  # the criteria of 'other' are not counted
    result = agree(DEFAULT, [c, other], b, a, "b.yaml", "a.yaml")
    assert ([x.id for x in result.areas], result.only_a, result.only_b) == (["area"], [], ["other"])


# --- gap: bookkeeping ---------------------------------------------------------------------


def test_gap_at_the_top_grade_without_a_target_is_reached() -> None:
    c = cset()
    g = gap(DEFAULT, c, evidence(all_met(c)), "ev.yaml")
    assert (g.grade, g.target, g.reached, g.reachable) == ("excellent", "excellent", True, True)
    assert (g.must, g.any, g.fewest, g.fewest_exact, g.blocked) == ([], [], [], True, None)
    assert (g.source_file, g.area, g.title) == ("ev.yaml", "area", "Area")


def test_gap_to_a_grade_already_reached_needs_nothing_and_is_exact() -> None:
    c = cset()
    g = gap(DEFAULT, c, evidence(all_met(c) | {"E0": "not_met"}), "ev.yaml", "fair")
    assert (g.grade, g.target, g.reached, g.reachable) == ("good", "fair", True, True)
    assert (g.must, g.any, g.fewest, g.fewest_exact, g.recommendations) == ([], [], [], True, [])


def test_gap_lists_the_recommendations_that_address_what_it_asks_for() -> None:
    c = cset()
    statuses = all_met(c) | {"F1": "partial", "G0": "not_met"}
    recs = [
        {"id": "R1", "text": "Fix F1.", "addresses": ["F1"]},
        {"id": "R2", "text": "Fix G0.", "addresses": ["G0"]},  # G0 is not needed for Good
        {"id": "R3", "text": "General.", "addresses": []},
    ]
    doc = evidence(statuses).model_dump(mode="json", exclude_unset=True)
    doc["areas"]["area"]["recommendations"] = recs
    ev = Evidence.model_validate(doc)
    g = gap(DEFAULT, c, ev, "ev.yaml")
    assert (g.target, [n.criterion.id for n in g.must], g.any) == ("good", ["F1"], [])
    assert [x.id for x in g.recommendations] == ["R1"]


def test_gap_says_when_its_fewest_set_is_not_surely_the_smallest(monkeypatch: pytest.MonkeyPatch) -> None:
    c = cset(good=6)
    statuses = all_met(c) | dict.fromkeys(["G0", "G1", "G2", "G3", "G4"], "not_met")
    monkeypatch.setattr(moderation, "STEPS", 0)
    g = gap(DEFAULT, c, evidence(statuses), "ev.yaml", "good")
    assert (g.fewest_exact, [n.criterion.id for n in g.fewest]) == (False, ["G0", "G1", "G2"])
    unreachable = gap(DEFAULT, cset(excellent=0), evidence(all_met(cset(excellent=0))), "ev.yaml", "excellent")
    assert (unreachable.reachable, unreachable.fewest, unreachable.fewest_exact) == (False, [], True)


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
