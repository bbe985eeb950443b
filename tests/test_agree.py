"""`sgc agree`: agreement statistics worked by hand, grade-changing disagreements against
regrading, and the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from conftest import DATA, NORTHMOOR, TVP, Run
from helpers import DEFAULT, all_met, area_set, cset, evidence, examples
from sgc_grader.grading.agreement import ORDER, agree, statistics
from sgc_grader.reading.evidence import Evidence
from sgc_grader.reading.framework import Scale
from sgc_grader.reading.model import CriteriaSet
from sgc_grader.render.phrases import undefined
from test_properties import STATUSES, cases

Sgc = Callable[..., Run]
SELF = DATA / "northmoor-self.yaml"
N, P, M = "not_met", "partial", "met"


def table(counts: list[list[int]]) -> list[tuple[str, str]]:
    """Pairs from a contingency table: rows A, columns B, in the order not met, partial, met."""
    return [(ORDER[i], ORDER[j]) for i, row in enumerate(counts) for j, n in enumerate(row) for _ in range(n)]


def exact(pairs: list[tuple[str, str]]) -> tuple[int, dict[str, str], dict[str, str]]:
    s = statistics(pairs)  # type: ignore[arg-type]
    return s.n, s.exact, dict(s.unknowable)


def test_perfect_agreement_is_kappa_one() -> None:
    assert exact(table([[3, 0, 0], [0, 2, 0], [0, 0, 5]])) == (
        10,
        {"agreement": "1", "kappa": "1", "weighted_kappa": "1"},
        {},
    )


def test_agreement_no_better_than_chance_is_kappa_zero() -> None:
    # half agree; each side says met half the time, so chance agreement is 1/2 too
    assert exact([(M, M), (M, N), (N, M), (N, N)])[1] == {"agreement": "1/2", "kappa": "0", "weighted_kappa": "0"}


def test_a_three_status_table_worked_by_hand() -> None:
    """p_o = 7/10; margins (3, 3, 4) both ways: p_e = (9 + 9 + 16)/100 = 17/50, so
    kappa = (35/50 - 17/50) / (33/50) = 6/11. Linear weights 1, 1/2, 0: p_o,w = (7 +
    1/2 + 1/2 + 0)/10 = 4/5; p_e,w = (34 + (9 + 9 + 12 + 12)/2)/100 = 11/20; weighted
    kappa = (16/20 - 11/20) / (9/20) = 5/9."""
    pairs = table([[2, 1, 0], [0, 2, 1], [1, 0, 3]])
    assert exact(pairs)[1] == {"agreement": "7/10", "kappa": "6/11", "weighted_kappa": "5/9"}
    s = statistics(pairs)  # type: ignore[arg-type]
    assert (s.agreement, s.kappa, s.weighted_kappa) == (0.7, 0.5455, 0.5556)
    assert (s.n, s.undefined, s.unknowable, s.only) == (10, {}, {}, None)  # every statistic defined


def test_weights_make_partial_against_met_half_a_disagreement() -> None:
    """Always one step apart: unweighted, worse than chance (-1); weighted, p_o,w = 1/2
    and p_e,w = 1/4 + 1/4 + 2 x 1/8 = 3/4, so (1/2 - 3/4) / (1/4) = -1 as well; a met
    against not met pair costs twice as much: kappa -1, weighted (0 - 1/2)/(1/2) = -1."""
    assert exact([(M, P), (P, M)])[1] == {"agreement": "0", "kappa": "-1", "weighted_kappa": "-1"}
    # one partial/met disagreement among agreements costs half what a not met/met one does
    near = statistics([(M, M), (N, N), (P, P), (M, P)])
    far = statistics([(M, M), (N, N), (P, P), (M, N)])
    assert near.agreement == far.agreement and near.weighted_kappa > far.weighted_kappa  # type: ignore[operator]


def test_kappa_with_certain_chance_agreement_says_so() -> None:
    n, values, why = exact([(M, M)] * 4)
    assert (n, values) == (4, {"agreement": "1"})
    assert why == {"kappa": "chance-one", "weighted_kappa": "chance-one"}
    assert undefined(statistics([(M, M)] * 4)) == {
        "kappa": "chance agreement is 1: both recorded every criterion as met",
        "weighted_kappa": "chance agreement is 1: both recorded every criterion as met",
    }
    assert statistics([(M, M)] * 4).only == M
    s = statistics([])
    assert (s.n, s.agreement, s.kappa, s.weighted_kappa, s.exact, s.undefined) == (0, None, None, None, {}, {})
    assert s.unknowable == dict.fromkeys(("agreement", "kappa", "weighted_kappa"), "none-assessed")
    assert undefined(s)["kappa"] == "no criterion was assessed (met, partial or not met) by both"


Pairing = tuple[Scale, CriteriaSet, dict[str, str], dict[str, str]]


@st.composite
def pairings(draw: st.DrawFn) -> Pairing:
    scale, c, a = draw(cases())
    b = {x.id: s for x in c.criteria if (s := draw(st.sampled_from(STATUSES))) is not None}
    return scale, c, a, b


JUDGED = st.one_of(st.none(), st.just(0), st.just(-1))  # no judgement, or one of the lowest or top grade


def taking(scale: Scale, c: CriteriaSet, mine: dict[str, str], theirs: dict[str, str], cid: str) -> str:
    """My computed grade, by the oracle, with their finding (or none) for `cid`."""
    changed = {k: v for k, v in mine.items() if k != cid} | ({cid: theirs[cid]} if cid in theirs else {})
    return scale.grades[oracle.area_grade(scale, c, changed)]


@settings(max_examples=examples(60), deadline=None)
@given(pairings(), JUDGED, JUDGED)
def test_grade_changing_is_exactly_what_regrading_with_the_other_status_shows(
    case: Pairing, judged_a: int | None, judged_b: int | None
) -> None:
    """Grades are the computed ones (a judgement is shown apart); each criterion is in
    exactly one list by what the two recorded; grade-changing ones by regrading."""
    scale, c, a, b = case
    judgements = [None if j is None else {"grade": scale.grades[j], "rationale": "r"} for j in (judged_a, judged_b)]
    ev_a, ev_b = evidence(a, judgement=judgements[0]), evidence(b, judgement=judgements[1])
    result = agree(scale, [c], ev_a, ev_b, "a.yaml", "b.yaml")
    area = result.areas[0]
    assert (area.a_judgement, area.b_judgement) == tuple(j and j["grade"] for j in judgements)
    status_a, status_b = ({x.id: s.get(x.id, "unassessed") for x in c.criteria} for s in (a, b))
    pairs = [(x.id, status_a[x.id], status_b[x.id]) for x in c.criteria]
    assessed = [p for p in pairs if p[1] in ORDER and p[2] in ORDER]
    assert [(p.id, p.a, p.b) for p in area.differ] == [p for p in assessed if p[1] != p[2]]
    assert [(p.id, p.a, p.b) for p in area.not_applicable] == [p for p in pairs if "not_applicable" in p[1:]]
    assert [(p.id, p.a, p.b) for p in area.one_only] == [
        p for p in pairs if "not_applicable" not in p[1:] and (p[1] in ORDER) != (p[2] in ORDER)
    ]
    ga, gb = (scale.grades[oracle.area_grade(scale, c, x)] for x in (a, b))
    assert (area.a, area.b, area.agree) == (ga, gb, ga == gb)
    listed = {g.id: g for g in area.grade_changing}
    for x in c.criteria:
        if a.get(x.id) == b.get(x.id):
            assert x.id not in listed
            continue

        a_now, b_now = taking(scale, c, a, b, x.id), taking(scale, c, b, a, x.id)
        a_would = a_now if a_now != ga else None
        b_would = b_now if b_now != gb else None
        if a_would is None and b_would is None:
            assert x.id not in listed
        else:
            assert (listed[x.id].a_would_be, listed[x.id].b_would_be) == (a_would, b_would)
    both = sum(1 for x in c.criteria if a.get(x.id) in ORDER and b.get(x.id) in ORDER)
    assert area.criteria.n == result.criteria.n == both


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


def test_agree_names_the_grade_changing_disagreements(sgc: Sgc) -> None:
    r = sgc("agree", NORTHMOOR, SELF, "-f", "json")
    assert (r.code, r.err) == (0, "")
    data = json.loads(r.out)
    assert (data["schema_version"], data["subject"]) == (2, "Northmoor Constabulary")
    criteria = data["criteria"]
    assert (criteria["n"], criteria["exact"]["agreement"], criteria["agreement"]) == (81, "77/81", 0.9506)
    assert {"n", "agreement", "kappa", "weighted_kappa"} <= set(criteria)
    areas = {a["id"]: a for a in data["areas"]}
    assert [(a["id"], a["a"], a["b"], a["agree"]) for a in data["areas"]] == [
        ("neighbourhood-policing", "excellent", "good", False),
        ("performance-management", "good", "good", True),
        ("child-abuse", "poor", "poor", True),
        ("domestic-violence", "fair", "good", False),
        ("missing-persons", "poor", "poor", True),
    ]
    changing = {a["id"]: [(g["id"], g["a"], g["b"]) for g in a["grade_changing"]] for a in data["areas"]}
    assert changing == {
        "neighbourhood-policing": [("NP-E2", "met", "partial")],
        "performance-management": [("PM-G4", "not_met", "met"), ("PM-G12", "partial", "not_met")],
        "child-abuse": [],
        "domestic-violence": [("DV-F4", "partial", "met")],
        "missing-persons": [],
    }
    pm = areas["performance-management"]["grade_changing"]
    assert [(g["a_would_be"], g["b_would_be"]) for g in pm] == [(None, "fair"), ("fair", None)]
    np_area = areas["neighbourhood-policing"]
    assert [p["id"] for p in np_area["one_only"]] == ["NP-G14"]
    assert [p["id"] for p in np_area["not_applicable"]] == ["NP-G15"]
    assert np_area["criteria"]["kappa"] == 0.0  # 23 of 24 agree, but A met every one: chance explains it all
    assert areas["missing-persons"]["criteria"]["undefined"]["kappa"].startswith("chance agreement is 1")

    text = sgc("agree", NORTHMOOR, SELF).out
    assert "81 criteria assessed by both: agreement 0.951 (77 of 81); kappa 0.874; weighted" in text
    assert "Neighbourhood Policing  Excellent  Good  no     NP-E2" in text
    assert all(len(line) <= 80 for line in text.splitlines())
    md = sgc("agree", NORTHMOOR, SELF, "-f", "markdown").out
    assert "| Domestic violence | Fair | Good | **no** | DV-F4 |" in md


def test_agree_with_itself_agrees_throughout(sgc: Sgc) -> None:
    data = json.loads(sgc("agree", TVP, TVP, "-f", "json").out)
    assert data["criteria"]["exact"] == {"agreement": "1", "kappa": "1", "weighted_kappa": "1"}
    assert all(a["agree"] and not a["grade_changing"] and not a["differ"] for a in data["areas"])


def test_agree_refuses_different_subjects_and_frameworks(
    sgc: Sgc, write: Callable[[str, str], Path], mini: Callable[[str], tuple[Path, Path]]
) -> None:
    r = sgc("agree", TVP, NORTHMOOR)
    assert (r.code, r.out) == (2, "")
    assert "not the same subject and framework: 'Thames Valley Police' (hmic-2007) and 'Northmoor" in r.err
    crit, ev = mini("area: {findings: {F1: {status: met}}}\n")
    write("criteria/other.yaml", (crit / "area.yaml").read_text().replace("framework: fw", "framework: fw2"))
    other = write("other.yaml", ev.read_text().replace("framework: fw", "framework: fw2"))
    r = sgc("agree", ev, other, "--criteria", crit)
    assert r.code == 2 and "'S' (fw) and 'S' (fw2)" in r.err
    r = sgc("agree", ev, ev.parent / "missing.yaml", "--criteria", crit)
    assert r.code == 2 and "missing.yaml: error: no such file" in r.err


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_agree_formats_exit_0(sgc: Sgc, fmt: str) -> None:
    assert sgc("agree", NORTHMOOR, SELF, "-f", fmt).code == 0
