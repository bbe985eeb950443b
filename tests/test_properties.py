"""The grading laws of SPEC section 2, on generated criteria sets, evidence and
frameworks (the default one, and generated ones with 2-5 grades and 1-3 levels)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import oracle
from helpers import DEFAULT, area_set, evidence, grade_area
from sgc_grader.reading.framework import Scale
from sgc_grader.reading.model import CriteriaSet, Framework

STATUSES = ["met", "partial", "not_met", "not_applicable", None]  # None: no finding
RANK = {"met": 2, "partial": 1}


@st.composite
def frameworks(draw: st.DrawFn) -> Scale:
    """A framework whose requirements are monotone, as `sgc check` demands."""
    levels = ["fair", "good", "excellent"][: draw(st.integers(1, 3))]
    names = ["g0", "g1", "g2", "g3", "g4"][: draw(st.integers(2, 5))]

    def selector() -> dict[str, Any]:
        kind = draw(st.sampled_from(["level", "significant", "dominant", "all"]))
        if kind == "dominant":
            return {"dominant": True}
        if kind == "all":
            return {}
        sel: dict[str, Any] = {"level": draw(st.sampled_from(levels))}
        if kind == "significant":
            sel["significant"] = True
        return sel

    def requirement(i: int) -> dict[str, Any]:
        cond: dict[str, Any] = {"id": f"r{i}", "criteria": selector()}
        if draw(st.booleans()):
            cond["share"] = {draw(st.sampled_from(["gt", "gte"])): draw(st.sampled_from([0, 0.25, 0.5, 0.8, 1]))}
        else:
            cond["at_least"] = draw(st.sampled_from(["met", "partial"]))
            if draw(st.booleans()):
                cond["count"] = {draw(st.sampled_from(["gt", "gte"])): draw(st.integers(0, 3))}
        return cond

    def borderline(i: int) -> dict[str, Any]:
        return {
            "id": f"b{i}",
            "criteria": selector(),
            "status": [draw(st.sampled_from(["not_met", "partial", "met"]))],
            "count": {draw(st.sampled_from(["lt", "gte", "eq"])): draw(st.integers(0, 3))},
        }

    grades = []
    for k, name in enumerate(names):
        g: dict[str, Any] = {"id": name}
        if k:
            g["requires"] = [requirement(i) for i in range(draw(st.integers(1, 3)))]
        if draw(st.booleans()):
            g["borderline"] = [borderline(0)]
        grades.append(g)
    doc = {
        "kind": "framework",
        "schema_version": 1,
        "id": "fw",
        "title": "Generated",
        "levels": levels,
        "thresholds": {"partial_credit": draw(st.sampled_from([0, 0.25, 0.5, 1]))},
        "grades": grades,
    }
    return Scale(Framework.model_validate(doc))


@st.composite
def default_sets(draw: st.DrawFn, most: int = 9) -> tuple[Scale, CriteriaSet]:
    """A criteria set under the default framework, with its thresholds varied."""
    good_share = draw(st.sampled_from([0.4, 0.5, 0.6]))
    thresholds = {
        "good_share": good_share,
        "excellent_share": draw(st.sampled_from([x for x in (0.7, 0.8, 0.9, 1.0) if x > good_share])),
        "partial_credit": draw(st.sampled_from([0, 0.25, 0.5, 1])),
        "poor_fair_failures": draw(st.integers(1, 4)),
    }
    return DEFAULT, criteria(draw, DEFAULT.framework.levels, thresholds, most)


@st.composite
def generated_sets(draw: st.DrawFn, most: int = 9) -> tuple[Scale, CriteriaSet]:
    scale = draw(frameworks())
    return scale, criteria(draw, scale.framework.levels, {}, most)


def criteria(draw: st.DrawFn, levels: list[str], thresholds: dict[str, Any], most: int = 9) -> CriteriaSet:
    items = []
    for i in range(draw(st.integers(1, most))):
        c: dict[str, Any] = {"id": f"C{i}", "level": draw(st.sampled_from(levels)), "text": f"Criterion {i}."}
        flag = draw(st.sampled_from([None, "dominant", "minor", "major"]))
        if flag == "dominant":
            c["dominant"] = True
        elif flag is not None:
            c["significant"] = flag == "major"
        items.append(c)
    return area_set(items, thresholds)


CASES = st.one_of(default_sets(), generated_sets())


@st.composite
def cases(
    draw: st.DrawFn, most: int = 9, sets: st.SearchStrategy[tuple[Scale, CriteriaSet]] | None = None
) -> tuple[Scale, CriteriaSet, dict[str, str]]:
    """A criteria set (default or generated framework, at most `most` criteria; or
    drawn from `sets`) and findings."""
    if sets is None:
        sets = CASES if most == 9 else st.one_of(default_sets(most), generated_sets(most))
    scale, c = draw(sets)
    statuses = {}
    for crit in c.criteria:
        s = draw(st.sampled_from(STATUSES))
        if s is not None:
            statuses[crit.id] = s
    return scale, c, statuses


Case = tuple[Scale, CriteriaSet, dict[str, str]]


@given(cases(), st.data())
def test_improving_one_finding_never_lowers_the_grade(case: Case, data: st.DataObject) -> None:
    scale, c, statuses = case
    improvable = [
        x.id for x in c.criteria if RANK.get(statuses.get(x.id, ""), 0) < 2 and statuses.get(x.id) != "not_applicable"
    ]
    assume(improvable)  # all met or not applicable: nothing to improve
    cid = data.draw(st.sampled_from(improvable))
    better = data.draw(st.sampled_from([s for s in ("partial", "met") if RANK[s] > RANK.get(statuses.get(cid, ""), 0)]))
    before = grade_area(c, evidence(statuses), scale=scale)
    after = grade_area(c, evidence(statuses | {cid: better}), scale=scale)
    assert scale.rank(after.grade) >= scale.rank(before.grade)
    assert scale.rank(after.best_possible) >= scale.rank(before.grade)


@given(cases(sets=default_sets()))
def test_dominant_failure_without_judgement_is_poor(case: Case) -> None:
    """Under the default framework (the rule is its own): a dominant criterion not met
    in full gives Poor, decided by `dominant`; with every dominant one met, `dominant`
    holds."""
    scale, c, statuses = case
    a = grade_area(c, evidence(statuses), scale=scale)
    failed = [x for x in c.criteria if x.dominant and statuses.get(x.id) not in ("met", "not_applicable")]
    dominant = next(r for r in a.requirements if r.id == "dominant")
    assert dominant.holds == (not failed)
    if failed:
        assert a.grade == "poor"
        assert a.deciding_step is not None and a.deciding_step.requirement == "dominant"
        assert set(dominant.failing) == {x.id for x in failed}


@given(cases(), st.randoms(use_true_random=False))
def test_order_of_criteria_and_findings_does_not_change_grades(case: Case, rnd: Any) -> None:
    scale, c, statuses = case
    shuffled = list(c.criteria)
    rnd.shuffle(shuffled)
    c2 = c.model_copy(update={"criteria": shuffled})
    items = list(statuses.items())
    rnd.shuffle(items)
    a = grade_area(c, evidence(statuses), scale=scale)
    b = grade_area(c2, evidence(dict(items)), scale=scale)
    fields = ("grade", "deciding_step", "provisional", "best_possible", "borderline", "borderline_reasons", "shares")
    assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]
    assert {v.id: v.status for v in a.criteria} == {v.id: v.status for v in b.criteria}
    assert (a.next_grade is None) == (b.next_grade is None)
    if a.next_grade is not None and b.next_grade is not None:
        assert sorted((m.id, m.to) for m in a.next_grade.must) == sorted((m.id, m.to) for m in b.next_grade.must)
        assert sorted((g.k, sorted(g.of), g.to) for g in a.next_grade.any) == sorted(
            (g.k, sorted(g.of), g.to) for g in b.next_grade.any
        )
        assert a.next_grade.reachable == b.next_grade.reachable


def _apply(statuses: dict[str, str], changes: dict[str, str]) -> dict[str, str]:
    out = dict(statuses)
    for cid, to in changes.items():
        if RANK.get(out.get(cid, ""), 0) < RANK[to]:
            out[cid] = to
    return out


@given(cases())
def test_applying_next_grade_reaches_it_and_asks_no_more_than_needed(case: Case) -> None:
    """Every `must`, plus the first k (or the last k) of each `any` group, reaches the
    next grade (graded again by the oracle). And nothing is asked for that is not
    needed: without any one `must` it is not reached, nor with only the k - 1 of a group
    that add least (k is the smallest that serves whichever are chosen)."""
    scale, c, statuses = case
    a = grade_area(c, evidence(statuses), scale=scale)
    n = a.next_grade
    assume(n is not None and n.reachable)  # not at the top grade, nor blocked
    assert n is not None
    status = {v.id: v.status for v in a.criteria}
    target = scale.rank(n.grade)

    def grade(changes: dict[str, str]) -> int:
        return oracle.area_grade(scale, c, _apply(status, changes))

    must = {m.id: m.to for m in n.must}
    for pick in (lambda g: g.of[: g.k], lambda g: g.of[len(g.of) - g.k :]):
        changes = dict(must)
        for g in n.any:
            for cid in pick(g):
                changes[cid] = g.to if RANK[g.to] >= RANK.get(changes.get(cid, ""), 0) else changes[cid]
        assert grade(changes) >= target
    for cid in must:
        assert grade({i: to for i, to in must.items() if i != cid}) < target, cid
    after = _apply(status, must)
    partial_credit = oracle.thresholds(scale, c)["partial_credit"]
    for g in n.any:
        least = sorted(g.of, key=lambda i: 1 - partial_credit if after[i] == "partial" else 1)
        assert grade(must | dict.fromkeys(least[: g.k - 1], g.to)) < target, g


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(batch=st.lists(cases(), min_size=4, max_size=4))
def test_same_input_gives_the_same_bytes_under_any_hash_seed(batch: list[Case], tmp_path_factory: Any) -> None:
    """Written to files and graded by fresh processes with different hash seeds (each
    case's criteria beside its evidence, so that one process grades them all)."""
    folder: Path = tmp_path_factory.mktemp("bytes")
    files = []
    for i, (scale, c, statuses) in enumerate(batch):
        crit = folder / f"case{i}" / "criteria"
        crit.mkdir(parents=True)
        (crit / "00-framework.yaml").write_text(yaml.safe_dump(scale.framework.model_dump(exclude_unset=True)))
        (crit / "area.yaml").write_text(yaml.safe_dump(c.model_dump(mode="json", exclude_unset=True, by_alias=True)))
        ev = evidence(statuses).model_dump(mode="json", exclude_unset=True)
        files.append(folder / f"case{i}" / "evidence.yaml")
        files[-1].write_text(yaml.safe_dump(ev))

    def run(seed: str) -> bytes:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        cmd = [sys.executable, "-m", "sgc_grader", "grade", "-f", "json", *map(str, files)]
        done = subprocess.run(cmd, capture_output=True, env=env, cwd=folder, check=False)
        assert (done.returncode, done.stderr) == (0, b"")
        return done.stdout

    first = run("1")
    assert first == run("12345")
    assert len(json.loads(first)["results"]) == len(files)
