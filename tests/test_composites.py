"""Composites (overall ratings) first-class: their requirements in the framework's words,
a judgement on them, their gap, --area and --fail-below on them, and conditions on
criteria (docs/format.md section 8.7)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, TVP, Run
from helpers import area_set, framework
from sgc_grader.grading import engine
from sgc_grader.grading.planning import composite_gap
from sgc_grader.reading.evidence import Evidence
from sgc_grader.reading.model import Composite
from sgc_grader.results.grade import Boundary, CompositeResult
from sgc_grader.results.plan import CompositeGapResult
from sgc_grader.results.trail import AnyOf, Need

Sgc = Callable[..., Run]
CASE = ROOT / "tests" / "cases" / "composite-reads-criteria"
EXAMPLE = ROOT / "examples" / "ofsted-style"
MARROWBY = EXAMPLE / "evidence" / "marrowby-grange.yaml"


def case(tmp_path: Path, judgement: str | None = None) -> tuple[Path, Path]:
    """The composite case, with the overall judgement replaced (None: left out)."""
    crit = tmp_path / "criteria"
    shutil.copytree(CASE / "criteria", crit)
    text = (CASE / "evidence.yaml").read_text()
    start, end = text.index("composites:"), text.index("expected:")
    said = "" if judgement is None else f"composites:\n  overall:\n    judgement: {judgement}\n"
    text = text[:start] + said + text[end:]
    if judgement is None:
        text = text.replace("overall: good", "overall: requires-improvement")
    ev = tmp_path / "ev.yaml"
    ev.write_text(text)
    return crit, ev


def test_a_judgement_on_a_composite_replaces_its_grade_and_shows_in_every_format(sgc: Sgc) -> None:
    r = sgc("grade", "--criteria", CASE / "criteria", CASE / "evidence.yaml")
    said = " ".join(r.out.split())
    assert r.code == 0
    assert "Overall: Good (judged; computed Requires improvement)" in said
    assert "Professional judgement: Good, by Lead inspector; the criteria give Requires improvement." in said
    assert "Margin of the computed grade (Requires improvement)" in said
    md = sgc("grade", "--criteria", CASE / "criteria", CASE / "evidence.yaml", "-f", "markdown").out
    assert "## Overall: **Good** (judged; computed Requires improvement)" in md
    html = sgc("grade", "--criteria", CASE / "criteria", CASE / "evidence.yaml", "-f", "html").out
    assert "Professional judgement: Good, by Lead inspector" in html
    off = sgc("grade", "--criteria", CASE / "criteria", CASE / "evidence.yaml", "--no-judgements", "-f", "json")
    overall = json.loads(off.out)["results"][0]["composites"][0]
    assert (overall["grade"], overall["judged"], overall["judgement"]["applied"]) == (
        "requires-improvement",
        False,
        False,
    )


@pytest.mark.parametrize(
    ("judgement", "message"),
    [
        ("{grade: good, rationale: ' '}", "29:41: error: a judgement needs a non-empty rationale [SGC207]"),
        ("{grade: great, rationale: Why.}", "29:24: error: unknown grade 'great'; valid: inadequate, "),
    ],
)
def test_a_composite_judgement_is_held_to_an_area_judgements_rules(
    sgc: Sgc, tmp_path: Path, judgement: str, message: str
) -> None:
    crit, ev = case(tmp_path, judgement)
    r = sgc("check", crit, ev)
    assert r.code == 1 and f"{ev}:{message}" in r.out


def test_a_judgement_on_something_that_is_not_a_composite_is_an_error(sgc: Sgc, tmp_path: Path) -> None:
    crit, ev = case(tmp_path, "{grade: good, rationale: Why.}")
    ev.write_text(ev.read_text().replace("composites:\n  overall:", "composites:\n  overal:"))
    r = sgc("grade", "--criteria", crit, ev)
    assert r.code == 2 and "unknown composite 'overal'; valid: overall (did you mean 'overall'?) [SGC202]" in r.err


def test_a_breach_found_in_any_area_caps_the_composite(sgc: Sgc, tmp_path: Path) -> None:
    crit, ev = case(tmp_path)
    r = sgc("grade", "--criteria", crit, ev)
    assert r.code == 0
    assert (
        "Overall: Requires improvement\n  Decided: Good needs no breach of regulations: 1 of 1 'breach' criterion"
        in r.out
    )
    assert "To reach Good: meet L-S2" in r.out
    ev.write_text(ev.read_text().replace("L-S2: {status: partial", "L-S2: {status: met"))
    fixed = json.loads(sgc("grade", "--criteria", crit, ev, "-f", "json").out)["results"][0]["composites"][0]
    assert fixed["grade"] == "outstanding"  # Well led's standards are all met now, and every key question too


def test_gap_of_a_composite_names_the_fewest_changes_then_each_areas_own_gap(sgc: Sgc) -> None:
    r = sgc("gap", "--criteria", EXAMPLE / "criteria", MARROWBY, "--area", "overall")
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[:2] == [
        "Marrowby Grange: Overall rating, Requires improvement -> Good",
        "Fewest changes (1): safe to Good",
    ]
    assert "Marrowby Grange: Safe, Inadequate -> Good" in lines
    data = json.loads(sgc("gap", "--criteria", EXAMPLE / "criteria", MARROWBY, "-f", "json").out)
    assert (data["composite"], data["target"], data["fewest"]) == ("overall", "good", [{"id": "safe", "to": "good"}])
    assert [(g["area"], g["target"]) for g in data["areas"]] == [("safe", "good")]


def test_gap_without_area_takes_the_one_composite_or_says_what_to_choose(sgc: Sgc) -> None:
    assert sgc("gap", "--criteria", EXAMPLE / "criteria", MARROWBY).out.startswith("Marrowby Grange: Overall rating")
    r = sgc("gap", TVP)
    assert r.code == 2 and "choose an area or composite with --area: neighbourhood-policing, " in r.err


def test_fail_below_gates_one_area_or_composite(sgc: Sgc) -> None:
    base = ("grade", "--criteria", EXAMPLE / "criteria", MARROWBY)
    assert sgc(*base, "--fail-below", "overall=requires-improvement").code == 0
    r = sgc(*base, "--fail-below", "overall=good")
    assert r.code == 1 and r.err == f"{MARROWBY}: overall grades Requires improvement, below --fail-below Good\n"
    both = sgc(*base, "--fail-below", "overall=requires-improvement", "--fail-below", "caring=outstanding")
    assert both.code == 0
    bare = sgc(*base, "--fail-below", "good")  # the bare form: every area, as before
    assert bare.code == 1 and bare.err == f"{MARROWBY}: safe grades Inadequate, below --fail-below Good\n"
    typo = sgc(*base, "--fail-below", "overal=good")
    assert typo.code == 2 and "--fail-below overal=...: not an area or composite" in typo.err
    assert "(did you mean 'overall'?)" in typo.err


def renamed_s_g2(tmp_path: Path, new_id: str) -> Path:
    """The composite case's criteria, with criterion S-G2 of safe.yaml given `new_id`."""
    crit = tmp_path / "criteria"
    shutil.copytree(CASE / "criteria", crit)
    safe = crit / "safe.yaml"
    safe.write_text(safe.read_text().replace("id: S-G2,", f"id: {new_id},"))
    return crit


def test_a_duplicate_id_names_the_line_of_its_first_use(sgc: Sgc, tmp_path: Path) -> None:
    crit = renamed_s_g2(tmp_path, "E-G1")
    r = sgc("check", crit)
    first = crit / "effective.yaml"
    line = next(n for n, text in enumerate(first.read_text().splitlines(), 1) if "E-G1" in text)
    assert r.code == 1 and f"criterion id 'E-G1' is already used ({first}:{line}:" in r.out


def test_a_criterion_may_not_share_its_id_with_an_area(sgc: Sgc, tmp_path: Path) -> None:
    r = sgc("check", renamed_s_g2(tmp_path, "effective"))
    assert r.code == 1 and "criterion id 'effective' is also the id of a criteria set (" in r.out


def test_the_default_trail_says_why_a_named_criterion_holds_the_grade_back(sgc: Sgc) -> None:
    out = sgc("grade", TVP).out
    block = out[out.index("Neighbourhood Policing: Fair") :]
    lines = block.splitlines()
    at = next(n for n, line in enumerate(lines) if line.lstrip().startswith("◐ NP-F6"))
    assert lines[at + 1].strip().startswith("note: ")  # NP-F6 is named by the deciding requirement
    other = next(n for n, line in enumerate(lines) if line.lstrip().startswith("◐ NP-G4"))
    assert lines[other + 1].lstrip().startswith("◐ NP-G5")  # a Good criterion is not named: no line of why


def test_a_composites_requirements_under_verbose(sgc: Sgc) -> None:
    out = sgc("grade", "-v", "--criteria", EXAMPLE / "criteria", MARROWBY).out
    overall = out[out.index("Overall rating: Requires improvement") :]
    assert "  Requirements\n    ✓ Requires improvement no more than one key question Inadequate: 4 of 5" in overall


def test_did_you_mean_never_points_at_a_grade_renamed_with_a_typo(sgc: Sgc, tmp_path: Path) -> None:
    """After `good` is renamed `goood` in the grades alone, every reference to `good` is
    unknown; suggesting `goood` would point at the typo, so the hint says where it is."""
    crit = tmp_path / "criteria"
    shutil.copytree(EXAMPLE / "criteria", crit)
    framework = crit / "00-framework.yaml"
    framework.write_text(framework.read_text().replace("  - id: good\n", "  - id: goood\n"))
    r = sgc("check", crit)
    assert r.code == 1 and "(did you mean 'goood'?)" not in r.out
    assert "unknown grade 'good'; valid: inadequate, requires-improvement, goood, outstanding (grade 'goood'" in r.out
    assert "is named nowhere but where it is defined: if 'good' was renamed to it, check that spelling)" in r.out


# --- composites built in code, graded and planned by the engine itself -------------------

# An area is mid when each of its Fair criteria is at least partly met, high when all
# are met. `first` reads area a alone and can never be high (two areas high of one);
# `overall` reads every area and, for high, area a's dominant significant criterion and
# every Good criterion (C3, which no area's grade reads).
BUILT = framework(
    [
        {"id": "low"},
        {"id": "mid", "requires": [{"id": "partly", "criteria": {"level": "fair"}, "at_least": "partial"}]},
        {"id": "high", "requires": [{"id": "fully", "criteria": {"level": "fair"}, "at_least": "met"}]},
    ],
    levels=["fair", "good"],
    thresholds={"least": 2},
    composites=[
        {
            "id": "first",
            "title": "First",
            "areas": ["a"],
            "requires": {
                "mid": [],
                "high": [{"id": "two-of-one", "areas": "all", "at_least": "high", "count": {"gte": "least"}}],
            },
        },
        {
            "id": "overall",
            "title": "Overall",
            "areas": "all",
            "requires": {
                "mid": [{"id": "none-low", "areas": "all", "at_least": "mid"}],
                "high": [
                    {"id": "two-high", "areas": "all", "at_least": "high", "count": {"gte": 2}},
                    {
                        "id": "a-dominant",
                        "criteria": {"dominant": True, "significant": True},
                        "areas": ["a"],
                        "at_least": "met",
                    },
                    {"id": "good-met", "criteria": {"level": "good"}, "at_least": "met"},
                ],
            },
        },
    ],
)
BUILT_SETS = [
    area_set(
        [{"id": "A1", "level": "fair", "text": "x.", "dominant": True}, {"id": "A2", "level": "fair", "text": "x."}],
        id="a",
    ),
    area_set(
        [{"id": "B1", "level": "fair", "text": "x.", "dominant": True}, {"id": "B2", "level": "fair", "text": "x."}],
        id="b",
    ),
    area_set(
        [
            {"id": "C1", "level": "fair", "text": "x."},
            {"id": "C2", "level": "fair", "text": "x."},
            {"id": "C3", "level": "good", "text": "x."},
        ],
        id="c",
    ),
]
ALL_MET = {cid: "met" for cid in ("A1", "A2", "B1", "B2", "C1", "C2", "C3")}


def assessed(statuses: dict[str, str], judged: dict[str, str] | None = None, overall: str | None = None) -> Evidence:
    """Findings by criterion (each in the area its first letter names), judgements by
    area, and one on `overall`."""
    areas: dict[str, dict[str, Any]] = {}
    for cid, status in statuses.items():
        areas.setdefault(cid[0].lower(), {"findings": {}})["findings"][cid] = {"status": status}
    for a, g in (judged or {}).items():
        areas[a]["judgement"] = {"grade": g, "rationale": "r"}
    said = {"overall": {"judgement": {"grade": overall, "rationale": "r"}}} if overall else {}
    doc = {"kind": "evidence", "schema_version": 1, "subject": "S", "framework": "fw", "areas": areas}
    return Evidence.model_validate({**doc, "composites": said})


def built(composite: str) -> Composite:
    return next(c for c in BUILT.framework.composites if c.id == composite)


def built_gap(ev: Evidence, composite: str = "overall", target: str | None = None) -> CompositeGapResult:
    return composite_gap(BUILT, BUILT_SETS, ev, "s.yaml", built(composite), target)


def graded_composites(ev: Evidence, options: engine.Options = engine.DEFAULT_OPTIONS) -> dict[str, CompositeResult]:
    result = engine.grade(ev, BUILT, BUILT_SETS, "s.yaml", options=options)
    return {c.id: c for c in result.composites}


def test_a_composite_selects_criteria_by_significance_dominance_and_area() -> None:
    """a-dominant reads A1 alone: dominant and significant, and in area a (B1, also
    dominant and not met, is in area b)."""
    ev = assessed(ALL_MET | {"A1": "not_met", "B1": "not_met"})
    overall = graded_composites(ev)["overall"]
    check = next(c for c in overall.requirements if c.id == "a-dominant")
    assert (check.holds, check.selected, check.failing) == (False, 1, ["A1"])


def test_a_composite_is_provisional_when_a_criterion_it_reads_could_still_be_met() -> None:
    """C3 unassessed: no area's grade reads it, so no area is provisional, but overall
    reads it for high."""
    ev = assessed({cid: s for cid, s in ALL_MET.items() if cid != "C3"})
    result = engine.grade(ev, BUILT, BUILT_SETS, "s.yaml")
    assert [a.provisional for a in result.areas] == [False, False, False]
    overall = result.composites[1]
    assert (overall.grade, overall.provisional, overall.best_possible) == ("mid", True, "high")


def test_a_composites_sensitivity_is_that_of_its_own_requirements() -> None:
    """first needs `least` (2) areas high of its one: at 1 or less, a (high) is enough."""
    options = engine.Options(sensitivity=True)
    composites = graded_composites(assessed(ALL_MET), options)
    first, overall = composites["first"], composites["overall"]
    assert (first.grade, overall.grade, overall.sensitivity) == ("mid", "high", None)
    s = first.sensitivity
    assert s is not None and list(s) == ["least"]
    assert (s["least"].value, s["least"].changes_below, s["least"].above) == (2, 1, None)
    assert s["least"].below == Boundary(at=1, exact="1", included=True, grade="high")


def test_gap_of_a_composite_from_its_lowest_grade() -> None:
    """a low (A1 not met) keeps overall low; the next grade needs a mid, and a's own gap
    says how. High needs more: a at least mid and A1 met, then any one of a, b high."""
    ev = assessed(ALL_MET | {"A1": "not_met", "B1": "partial"})
    g = built_gap(ev)
    assert (g.composite, g.grade, g.target, g.reached, g.reachable, g.blocked) == (
        "overall",
        "low",
        "mid",
        False,
        True,
        None,
    )
    assert (g.must, g.any, g.fewest, g.fewest_exact) == ([Need(id="a", to="mid")], [], [Need(id="a", to="mid")], True)
    assert g.source_file == "s.yaml"
    assert [(a.area, a.grade, a.target, a.source_file) for a in g.areas] == [("a", "low", "mid", "s.yaml")]
    high = built_gap(ev, target="high")
    assert (high.target, high.must) == ("high", [Need(id="a", to="mid"), Need(id="A1", to="met")])
    assert high.any == [AnyOf(k=1, of=["a", "b"], to="high")]
    assert high.fewest == [Need(id="a", to="high"), Need(id="A1", to="met")]
    assert [(a.area, a.target) for a in high.areas] == [("a", "high")]  # A1 is a criterion: no gap of its own


def test_gap_of_a_composite_is_measured_from_its_computed_grade_not_its_judgement() -> None:
    """a and b mid, c high: overall is mid (judged high), one area high from high."""
    ev = assessed(ALL_MET | {"A2": "partial", "B1": "partial"}, overall="high")
    assert graded_composites(ev)["overall"].grade == "high"
    g = built_gap(ev)
    assert (g.grade, g.target, g.reached, g.fewest) == ("mid", "high", False, [Need(id="a", to="high")])


def test_gap_of_a_composite_at_its_top_grade_or_at_its_target_is_reached() -> None:
    for target in (None, "high", "mid"):
        g = built_gap(assessed(ALL_MET), target=target)
        assert (g.grade, g.target, g.reached, g.reachable) == ("high", target or "high", True, True)
        assert (g.must, g.any, g.fewest, g.fewest_exact, g.areas, g.blocked) == ([], [], [], True, [], None)


def test_gap_of_a_composite_leaves_out_an_area_judged_below_what_its_criteria_give() -> None:
    """a's criteria give high, judged mid: overall reads mid and needs a high, but a's
    own gap to high would have nothing to ask."""
    ev = assessed(ALL_MET | {"B1": "partial"}, judged={"a": "mid"})
    g = built_gap(ev)
    assert (g.grade, g.fewest, g.areas) == ("mid", [Need(id="a", to="high")], [])


def test_gap_of_a_composite_that_cannot_reach_its_target_says_what_blocks_it() -> None:
    g = built_gap(assessed(ALL_MET), composite="first")
    assert (g.grade, g.target, g.reached, g.reachable) == ("mid", "high", False, False)
    assert g.blocked is not None and (g.blocked.id, g.blocked.holds) == ("two-of-one", False)


@pytest.mark.parametrize(
    ("composite", "message"),
    [
        (built("overall"), "composite 'overall' is not graded: no evidence for b, c"),
        # one the framework does not define is graded nowhere
        (
            Composite.model_validate({"id": "other", "title": "Other", "areas": ["a"]}),
            "composite 'other' is not graded: no evidence for other",
        ),
    ],
)
def test_gap_of_a_composite_without_every_area_names_what_is_missing(composite: Composite, message: str) -> None:
    ev = assessed({"A1": "met", "A2": "met"})
    with pytest.raises(ValueError, match=f"^{message}$"):
        composite_gap(BUILT, BUILT_SETS, ev, "s.yaml", composite, None)


def test_a_composite_condition_over_every_area_is_not_taken_for_one_over_a_list() -> None:
    """`areas: all` and `areas: [a, l, l]` select different areas, however the list is
    spelt: each condition reads its own (overall is mid: a and l high, x not)."""
    grades = [
        {"id": "low"},
        {"id": "mid", "requires": [{"id": "partly", "criteria": {"level": "fair"}, "at_least": "partial"}]},
        {"id": "high", "requires": [{"id": "fully", "criteria": {"level": "fair"}, "at_least": "met"}]},
    ]
    scale = framework(
        grades,
        levels=["fair"],
        composites=[
            {
                "id": "overall",
                "title": "Overall",
                "areas": "all",
                "requires": {
                    "mid": [{"id": "a-and-l", "areas": ["a", "l", "l"], "at_least": "high"}],
                    "high": [{"id": "every-area", "areas": "all", "at_least": "high"}],
                },
            }
        ],
    )
    sets = [area_set([{"id": f"{a.upper()}1", "level": "fair", "text": "x."}], id=a) for a in ("a", "l", "x")]
    ev = assessed({"A1": "met", "L1": "met", "X1": "not_met"})
    result = engine.grade(ev, scale, sets, "s.yaml")
    assert [a.grade for a in result.areas] == ["high", "high", "low"]
    assert result.composites[0].grade == "mid"
