"""The shipped HMIC 2007 content: criteria sets and the Thames Valley evidence."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

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
    assert by_id["neighbourhood-policing"].national_distribution["2007"] == {
        "excellent": 6,
        "good": 14,
        "fair": 21,
        "poor": 2,
    }
    assert {t.title for t in by_id["neighbourhood-policing"].themes} >= {"Resources", "Joint problem solving"}
    for s in sets():
        levels = [c.level for c in s.criteria]
        assert 6 <= levels.count("fair") <= 10 and 6 <= levels.count("good") <= 20, s.id
        assert sum(bool(c.dominant) for c in s.criteria) <= 1, s.id
        texts = " ".join(c.text for c in s.criteria if c.level == "excellent")
        assert "Beacon" in texts and "evaluated" in texts, s.id
        assert s.thresholds == {}, "the 2007 rules live in the framework file, not in a set"


def _doc_section(heading: str) -> str:
    text = (ROOT / "docs" / "hmic-2007.md").read_text()
    start = text.index(f"\n## {heading}\n")
    return text[start : text.index("\n## ", start + 1)]


def test_every_dominant_flag_is_argued_in_the_document() -> None:
    """docs/hmic-2007.md has a row per flag considered: the criteria it keeps are exactly the
    dominant ones, each with the report's lines; the ones it removes are not dominant."""
    rows = re.findall(
        r"(?m)^\| ([A-Z]{2}-F\d+) [^|]*\| (\*\*removed\*\*|kept[^|]*) \| ([^|]*) \|", _doc_section("Dominant criteria")
    )
    kept = {cid for cid, flag, _ in rows if flag.startswith("kept")}
    removed = {cid for cid, flag, _ in rows if flag == "**removed**"}
    dominant = {c.id for s in sets() for c in s.criteria if c.dominant}
    assert kept == dominant == {"PM-F1", "CA-F1", "DV-F1", "PP-F1", "MP-F1"}
    assert removed == {"NP-F8"}
    assert all(re.search(r"L\d{3}", lines) for cid, _, lines in rows if cid in kept)


def _grades(criteria: str) -> dict[str, tuple[str, bool, bool]]:
    run = commands.grade(commands.GradeSettings(evidence=[str(TVP)], criteria=criteria))
    assert run.failures == []
    return {a.id: (a.grade, a.provisional, a.judged) for a in run.report.results[0].areas}


def test_thames_valley_reproduces_the_published_grades() -> None:
    assert _grades(str(ROOT / "criteria")) == {a: (g, False, False) for a, g in PUBLISHED.items()}
    assert tvp().expected == PUBLISHED


def test_no_published_grade_hangs_on_a_flag(tmp_path: Path) -> None:
    """The grades stay the same with every `significant: false` reset to the default."""
    for path in (ROOT / "criteria").glob("*.yaml"):
        text = path.read_text()
        (tmp_path / path.name).write_text(re.sub(r"(?m)^\s*significant: false\n|, significant: false", "", text))
    assert _grades(str(tmp_path)) == _grades(str(ROOT / "criteria"))


def test_no_beacon_is_credited_beyond_what_the_report_shows() -> None:
    """The report's beacon test asks for other forces importing the practice (its own
    definition); it shows none for Thames Valley."""
    for area in tvp().areas.values():
        for cid, f in area.findings.items():
            if cid.endswith("-E1"):
                assert f.status == "not_met", cid


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


def test_fictional_force_exercises_every_grade(sgc: Callable[..., Run]) -> None:
    r = sgc("check", "--sources", DATA / "sources", NORTHMOOR)
    assert r.code == 0
    assert r.out == (
        f"{NORTHMOOR}:15:3: warning: area 'public-protection' of framework 'hmic-2007' is not assessed [SGC210]\n"
    )
    run = commands.grade(commands.GradeSettings(evidence=[str(NORTHMOOR)], criteria=str(ROOT / "criteria")))
    got = {
        a.id: (a.grade, a.deciding_step and a.deciding_step.requirement, a.provisional, a.borderline)
        for a in run.report.results[0].areas
    }
    assert got == {
        "neighbourhood-policing": ("excellent", None, False, False),
        "performance-management": ("good", "good-share-high", False, False),
        "child-abuse": ("poor", "dominant", False, False),  # unassessed criteria cannot lift a dominant failure
        "domestic-violence": ("fair", "fair-in-full", False, True),  # a significant criterion only partly met
        "missing-persons": ("poor", "significant", True, False),
    }
