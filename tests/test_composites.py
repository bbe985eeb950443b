"""Composites (overall ratings) first-class: their requirements in the framework's words,
a judgement on them, their gap, --area and --fail-below on them, and conditions on
criteria (docs/format.md section 8.7)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, TVP, Run

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


def test_a_duplicate_id_names_the_line_of_its_first_use(sgc: Sgc, tmp_path: Path) -> None:
    crit = tmp_path / "criteria"
    shutil.copytree(CASE / "criteria", crit)
    safe = crit / "safe.yaml"
    safe.write_text(safe.read_text().replace("id: S-G2,", "id: E-G1,"))
    r = sgc("check", crit)
    first = crit / "effective.yaml"
    line = next(n for n, text in enumerate(first.read_text().splitlines(), 1) if "E-G1" in text)
    assert r.code == 1 and f"criterion id 'E-G1' is already used ({first}:{line}:" in r.out


def test_a_criterion_may_not_share_its_id_with_an_area(sgc: Sgc, tmp_path: Path) -> None:
    crit = tmp_path / "criteria"
    shutil.copytree(CASE / "criteria", crit)
    safe = crit / "safe.yaml"
    safe.write_text(safe.read_text().replace("id: S-G2,", "id: effective,"))
    r = sgc("check", crit)
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
