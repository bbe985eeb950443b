"""`sgc gap` and `sgc diff`: improvement planning and direction of travel."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import DATA, NORTHMOOR, ROOT, TVP, Run
from helpers import DEFAULT, all_met, area_set, cset, evidence
from sgc_grader.app.grade import GradeSettings
from sgc_grader.app.grade import grade as grade_files
from sgc_grader.app.plan import GapSettings
from sgc_grader.app.plan import gap as gap_of
from sgc_grader.grading import moderation
from sgc_grader.grading.planning import gap as grading_gap
from sgc_grader.reading.evidence import Evidence
from sgc_grader.results.plan import GapResult

GRADES = ["poor", "fair", "good", "excellent"]

Sgc = Callable[..., Run]
CRITERIA = str(ROOT / "criteria")
NORTHMOOR_2006 = DATA / "northmoor-2006.yaml"


def gap(evidence: Path, area: str, target: str | None = None) -> GapResult:
    return gap_of(GapSettings(str(evidence), area, target, CRITERIA))


def test_gap_agrees_with_the_to_reach_line(sgc: Sgc) -> None:
    g = gap(TVP, "neighbourhood-policing")
    area = json.loads(sgc("grade", TVP, "--area", "neighbourhood-policing", "-f", "json").out)["results"][0]["areas"][0]
    nxt = area["next_grade"]
    assert (g.grade, g.target, g.reachable) == ("fair", "good", True)
    assert [{"id": n.criterion.id, "to": n.to} for n in g.must] == nxt["must"]
    assert [{"k": x.k, "of": [v.id for v in x.of], "to": x.to} for x in g.any] == nxt["any"]
    assert [v.status for v in g.any[0].of[:3]] == ["partial"] * 3  # cheapest first


def _apply(evidence: Path, area: str, changes: dict[str, str], tmp_path: Path) -> str:
    """A copy of the evidence with the given criteria raised to the given statuses;
    returns its computed grade."""
    data = yaml.safe_load(evidence.read_text())
    findings = data["areas"][area].setdefault("findings", {})
    for cid, to in changes.items():
        if findings.get(cid, {}).get("status") != "met":
            findings[cid] = {"status": to, "note": "Applied from sgc gap."}
    copy = tmp_path / f"{area}-{len(changes)}.yaml"
    copy.write_text(yaml.safe_dump(data, sort_keys=False))
    run = grade_files(GradeSettings(evidence=[str(copy)], area=area, criteria=CRITERIA))
    assert run.failures == []
    return run.report.results[0].areas[0].computed_grade


@pytest.mark.parametrize("area", ["neighbourhood-policing", "performance-management", "child-abuse", "missing-persons"])
@pytest.mark.parametrize("target", GRADES)
def test_applying_the_gap_reaches_every_reachable_target(area: str, target: str, tmp_path: Path) -> None:
    g = gap(NORTHMOOR, area, target)
    if g.reached:
        assert GRADES.index(g.grade) >= GRADES.index(target) and not g.must
        return
    assert g.reachable, g.why_not
    must = {n.criterion.id: n.to for n in g.must}
    fewest = {n.criterion.id: n.to for n in g.fewest}  # the smallest set reaches it too, and is no larger
    assert GRADES.index(_apply(NORTHMOOR, area, fewest, tmp_path)) >= GRADES.index(target)
    assert len(fewest) <= len(g.must) + sum(x.k for x in g.any)
    for end in (0, 1):  # any k will do: try both ends of every group
        chosen = {v.id: x.to for x in g.any for v in (x.of[: x.k] if end == 0 else x.of[len(x.of) - x.k :])}
        got = _apply(NORTHMOOR, area, chosen | must, tmp_path)
        assert GRADES.index(got) >= GRADES.index(target), (must, chosen, got)
    for i, x in enumerate(g.any):  # and each k is the smallest: k - 1 of the cheapest is not always enough
        others = {v.id: y.to for j, y in enumerate(g.any) if j != i for v in y.of}
        if set(others) & {v.id for v in x.of}:
            continue  # groups that share criteria can stand in for each other
        fewer = {v.id: x.to for v in x.of[: x.k - 1]}
        got = _apply(NORTHMOOR, area, others | fewer | must, tmp_path)
        assert GRADES.index(got) < GRADES.index(target)


def test_gap_cli_text_json_markdown(sgc: Sgc) -> None:
    r = sgc("gap", NORTHMOOR, "--area", "performance-management", "--target", "excellent")
    assert r.code == 0, r.err
    assert "Must meet (2)" in r.out and "Plus meet any 5 of these 8, cheapest first" in r.out
    assert "recommendation N1: That the force trains supervisors" in r.out
    data = json.loads(sgc("gap", NORTHMOOR, "--area", "performance-management", "-f", "json").out)
    assert (data["grade"], data["target"], data["reached"]) == ("good", "excellent", False)
    r = sgc("gap", TVP, "--area", "missing-persons")
    assert r.out.splitlines()[1:3] == [
        "Fewest changes (2): meet MP-G6, MP-G1",
        "Guaranteed to reach Good whichever are chosen: the lists below, any k of each",
    ]
    md = sgc("gap", TVP, "--area", "missing-persons", "-f", "markdown").out
    assert md.startswith("# Thames Valley Police: Missing persons, Fair to Good") and "| ◐ partial | **MP-G6**" in md
    r = sgc("gap", TVP, "--area", "missing-persons", "--target", "fair")
    assert r.code == 0 and "Already Fair" in r.out
    r = sgc("gap", TVP, "--area", "missing-persons", "--target", "Good")
    assert (r.code, r.out) == (2, "")
    assert (
        "--target Good: not a grade of 'hmic-2007'; valid: poor, fair, good, excellent (did you mean 'good'?" in r.err
    )


def test_gap_unreachable_target_exits_1(sgc: Sgc, write: Callable[[str, str], Path]) -> None:
    write(
        "c/area.yaml",
        """
        kind: criteria
        schema_version: 1
        id: area
        framework: fw
        title: Area
        criteria:
          - {id: F1, level: fair, text: x.}
          - {id: G1, level: good, text: y.}
        """,
    )
    ev = write(
        "ev.yaml",
        "kind: evidence\nschema_version: 1\nsubject: S\nframework: fw\n"
        "areas: {area: {findings: {F1: {status: met}}}}\n",
    )
    r = sgc("gap", ev, "--area", "area", "--target", "excellent", "--criteria", ev.parent / "c")
    assert r.code == 1
    assert (
        "Excellent cannot be reached: at least one Excellent test applies: "
        "only 0 Excellent criteria can be met, needs >= 1" in " ".join(r.out.split())
    )
    assert sgc("gap", ev, "--area", "nope", "--criteria", ev.parent / "c").code == 2


def test_diff_directions_changes_and_recommendations(sgc: Sgc) -> None:
    r = sgc("diff", NORTHMOOR_2006, NORTHMOOR, "-f", "json")
    assert r.code == 0, r.err
    d = json.loads(r.out)
    directions = {a["id"]: (a["old_grade"], a["new_grade"], a["direction"]) for a in d["areas"]}
    assert directions == {
        "neighbourhood-policing": ("good", "excellent", "improved"),
        "performance-management": ("good", "good", "stable"),
        "child-abuse": ("fair", "poor", "deteriorated"),
        "domestic-violence": (None, "fair", "added"),
        "missing-persons": (None, "poor", "added"),
        "public-protection": ("poor", None, "removed"),
    }
    areas = {a["id"]: a for a in d["areas"]}
    assert {"id": "NP-E1", "old": "not_met", "new": "met"} in areas["neighbourhood-policing"]["changed"]
    assert (areas["child-abuse"]["new_recommendations"], areas["child-abuse"]["resolved_recommendations"]) == (
        ["N2"],
        ["N0"],
    )
    assert areas["performance-management"]["changed"] == []
    assert d["deteriorated"] is True
    assert sgc("diff", NORTHMOOR_2006, NORTHMOOR, "--fail-on-deterioration").code == 1
    assert sgc("diff", NORTHMOOR, NORTHMOOR, "--fail-on-deterioration").code == 0
    text = sgc("diff", NORTHMOOR_2006, NORTHMOOR).out
    assert "Child abuse: deteriorated" in text and "CA-F1 met -> not met" in text


def test_diff_of_json_results_reports_versions_and_criteria(sgc: Sgc, tmp_path: Path) -> None:
    old = json.loads(sgc("grade", NORTHMOOR_2006, "-f", "json").out)
    np_area = old["results"][0]["areas"][0]
    np_area["criteria_version"] = "2006.1"
    np_area["criteria"] = [c for c in np_area["criteria"] if c["id"] != "NP-G10"]
    old_path = tmp_path / "old.json"
    old_path.write_text(json.dumps(old))
    d = json.loads(sgc("diff", old_path, NORTHMOOR, "-f", "json").out)
    np_diff = d["areas"][0]
    assert (np_diff["version_changed"], np_diff["old_version"], np_diff["new_version"]) == (True, "2006.1", "2007.3")
    assert (np_diff["added_criteria"], np_diff["removed_criteria"]) == (["NP-G10"], [])
    text = sgc("diff", old_path, NORTHMOOR).out
    assert "criteria set version changed: 2006.1 -> 2007.3" in text and "criteria added: NP-G10" in text


def test_diff_refuses_different_subjects_and_bad_json(sgc: Sgc, tmp_path: Path) -> None:
    r = sgc("diff", TVP, NORTHMOOR)
    assert r.code == 2 and r.out == ""
    assert "not the same subject: 'Thames Valley Police' (hmic-2007) and 'Northmoor Constabulary'" in r.err
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 2,\n "results": [}')
    r = sgc("diff", bad, NORTHMOOR)
    assert r.code == 2 and f"{bad}:2:14: error: invalid JSON" in r.err
    bad.write_text('{"schema_version": 1, "results": [{"subject": "x"}]}')
    r = sgc("diff", bad, NORTHMOOR)
    assert r.code == 2 and "not a result of `sgc grade --format json`" in r.err


# --- edges found by mutation testing -----------------------------------------------------


def test_gap_at_the_top_grade_without_a_target_is_reached() -> None:
    c = cset()
    g = grading_gap(DEFAULT, c, evidence(all_met(c)), "ev.yaml")
    assert (g.grade, g.target, g.reached, g.reachable) == ("excellent", "excellent", True, True)
    assert (g.must, g.any, g.fewest, g.fewest_exact, g.blocked) == ([], [], [], True, None)
    assert (g.source_file, g.area, g.title) == ("ev.yaml", "area", "Area")


def test_gap_to_a_grade_already_reached_needs_nothing_and_is_exact() -> None:
    c = cset()
    g = grading_gap(DEFAULT, c, evidence(all_met(c) | {"E0": "not_met"}), "ev.yaml", "fair")
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
    g = grading_gap(DEFAULT, c, ev, "ev.yaml")
    assert (g.target, [n.criterion.id for n in g.must], g.any) == ("good", ["F1"], [])
    assert [x.id for x in g.recommendations] == ["R1"]


def test_gap_says_when_its_fewest_set_is_not_surely_the_smallest(monkeypatch: pytest.MonkeyPatch) -> None:
    c = cset(good=6)
    statuses = all_met(c) | dict.fromkeys(["G0", "G1", "G2", "G3", "G4"], "not_met")
    monkeypatch.setattr(moderation, "STEPS", 0)
    g = grading_gap(DEFAULT, c, evidence(statuses), "ev.yaml", "good")
    assert (g.fewest_exact, [n.criterion.id for n in g.fewest]) == (False, ["G0", "G1", "G2"])
    unreachable = grading_gap(DEFAULT, cset(excellent=0), evidence(all_met(cset(excellent=0))), "ev.yaml", "excellent")
    assert (unreachable.reachable, unreachable.fewest, unreachable.fewest_exact) == (False, [], True)


def test_gap_lists_lower_levels_first_then_significant_ones_whatever_the_file_order() -> None:
    """docs/format.md section 8.6: in order of effort, lower levels first, significant first."""
    c = area_set(
        [
            {"id": "E0", "level": "excellent", "text": "e."},
            {"id": "F0", "level": "fair", "text": "minor.", "significant": False},
            {"id": "F1", "level": "fair", "text": "major."},
            {"id": "G0", "level": "good", "text": "g."},
        ]
    )
    g = grading_gap(
        DEFAULT, c, evidence({"E0": "not_met", "F0": "not_met", "F1": "not_met", "G0": "met"}), "e", "excellent"
    )
    assert [(n.criterion.id, n.to) for n in g.must] == [("F1", "met"), ("F0", "met"), ("E0", "met")]
