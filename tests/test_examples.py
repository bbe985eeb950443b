"""The example frameworks in examples/ stay clean under `sgc check` and grade as their
evidence expects (`expected:` is checked by check's SGC211 as well)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Run

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_checks_clean_and_grades_as_expected(sgc: Callable[..., Run], example: Path) -> None:
    r = sgc("check", "--sources", example / "sources", example / "criteria", example / "evidence")
    assert (r.code, r.out) == (0, ""), r.out
    for evidence in sorted((example / "evidence").glob("*.yaml")):
        r = sgc("grade", "--strict", "--criteria", example / "criteria", evidence, "-f", "json")
        assert r.code == 0, r.err
        result = json.loads(r.out)["results"][0]
        got = {a["id"]: a["grade"] for a in result["areas"]} | {c["id"]: c["grade"] for c in result["composites"]}
        assert got == yaml.safe_load(evidence.read_text())["expected"]


def test_there_are_a_five_grade_and_a_composite_example() -> None:
    scales = {p.name: yaml.safe_load((p / "criteria" / "00-framework.yaml").read_text()) for p in EXAMPLES}
    assert len(scales["peel-style"]["grades"]) == 5
    assert [c["id"] for c in scales["ofsted-style"]["composites"]] == ["overall"]


def test_area_alone_leaves_composites_out_and_a_composite_comes_with_its_areas(sgc: Callable[..., Run]) -> None:
    example = ROOT / "examples" / "ofsted-style"
    evidence = example / "evidence" / "marrowby-grange.yaml"
    r = sgc("grade", "--criteria", example / "criteria", evidence, "--area", "safe", "-f", "json")
    result = json.loads(r.out)["results"][0]
    assert ([a["id"] for a in result["areas"]], result["composites"], result["not_graded"]) == (["safe"], [], [])
    r = sgc("grade", "--criteria", example / "criteria", evidence, "--area", "overall", "-f", "json")
    result = json.loads(r.out)["results"][0]
    areas = ["safe", "effective", "caring", "responsive", "well-led"]
    assert ([a["id"] for a in result["areas"]], [c["id"] for c in result["composites"]]) == (areas, ["overall"])
