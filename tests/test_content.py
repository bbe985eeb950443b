"""The shipped HMIC 2007 content: criteria sets and the Thames Valley evidence."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import DATA, NORTHMOOR, PUBLISHED, REFERENCE, ROOT, TVP, Run
from sgc_grader import commands
from sgc_grader.discover import load_catalog
from sgc_grader.load import load
from sgc_grader.model import CriteriaSet, Evidence

AGAINST = ("Areas for improvement", "Work in progress", "Recommendation")


def sets() -> list[CriteriaSet]:
    found, errors = load_catalog(str(ROOT / "criteria"))
    assert errors == []
    return found.set_docs("hmic-2007")


def tvp() -> Evidence:
    doc = load(str(TVP)).doc
    assert isinstance(doc, Evidence)
    return doc


def test_six_sets_with_the_report_themes_and_distribution() -> None:
    by_id = {s.id: s for s in sets()}
    assert list(by_id) == list(PUBLISHED)
    assert by_id["neighbourhood-policing"].national_distribution["2007"].model_dump() == {
        "excellent": 6,
        "good": 14,
        "fair": 21,
        "poor": 2,
    }
    assert {t.title for t in by_id["neighbourhood-policing"].themes} >= {"Resources", "Joint problem solving"}
    for s in sets():
        levels = [c.level for c in s.criteria]
        assert 6 <= levels.count("fair") <= 10 and 6 <= levels.count("good") <= 13, s.id
        assert 1 <= sum(c.is_dominant for c in s.criteria) <= 2, s.id
        texts = " ".join(c.text for c in s.criteria if c.level == "excellent")
        assert "Beacon" in texts and "evaluated" in texts, s.id


def test_thames_valley_reproduces_the_published_grades(sgc: Callable[..., Run]) -> None:
    report, errors = commands.grade(commands.GradeSettings(evidence=[str(TVP)], criteria=str(ROOT / "criteria")))
    assert errors == [] and report is not None
    areas = report.results[0].areas
    assert {a.id: a.grade for a in areas} == PUBLISHED
    assert not any(a.provisional or a.judged for a in areas)
    assert tvp().expected == PUBLISHED


def test_every_criterion_has_a_cited_finding() -> None:
    ev = tvp()
    for s in sets():
        findings = ev.areas[s.id].findings
        assert list(findings) == [c.id for c in s.criteria], s.id
        for cid, f in findings.items():
            assert f.cite, cid
            assert all(c.quote and c.at and len(c.quote) <= 200 for c in f.cite), cid


def test_status_follows_what_is_cited() -> None:
    """Met cites no area for improvement; not met or partial cites one, or explains in a note."""
    for area in tvp().areas.values():
        for cid, f in area.findings.items():
            against = [c for c in f.cite if c.at and any(a in c.at for a in AGAINST)]
            if f.status == "met":
                assert not [c for c in against if "Work in progress" not in (c.at or "")], cid
            else:
                assert against or f.note, cid
            if f.status == "partial":
                assert f.note, cid


def test_eleven_recommendations_each_addressing_a_criterion() -> None:
    recs = {r.id: r for a in tvp().areas.values() for r in a.recommendations}
    assert sorted(recs, key=lambda x: int(x[1:])) == [f"R{i}" for i in range(1, 12)]
    assert all(r.addresses for r in recs.values())


def test_every_quote_is_verbatim_in_the_report(sgc: Callable[..., Run]) -> None:
    if not REFERENCE.is_dir():
        pytest.skip(f"{REFERENCE} is not beside the project; CI checks the quotes with sgc check --sources")
    r = sgc("check", "--sources", REFERENCE, TVP)
    assert (r.code, r.out) == (0, "")


def test_fictional_force_exercises_the_other_grades(sgc: Callable[..., Run]) -> None:
    r = sgc("check", "--sources", DATA / "sources", NORTHMOOR)
    assert (r.code, r.out) == (0, "") or "[SGC210]" in r.out
    report, _ = commands.grade(commands.GradeSettings(evidence=[str(NORTHMOOR)], criteria=str(ROOT / "criteria")))
    assert report is not None
    got = {a.id: (a.grade, a.deciding_step, a.provisional) for a in report.results[0].areas}
    assert got == {
        "neighbourhood-policing": ("excellent", "excellent", False),
        "performance-management": ("good", "excellent_not_reached", False),
        "child-abuse": ("poor", "dominant", False),  # unassessed criteria cannot lift a dominant failure
        "missing-persons": ("poor", "fair_not_reached", True),
    }
