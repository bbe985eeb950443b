"""Each lint rule: a clean example passes, a mutated one fails with that rule's id at the right line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sgc_grader import commands, lint

CRITERIA = """\
kind: criteria
schema_version: 1
id: area
framework: fw
title: Area
thresholds: {good_share: 0.5, excellent_share: 0.8, poor_fair_failures: 2}
themes:
  - {id: t1, title: Theme}
facts:
  - {id: f.pct, type: percent}
  - {id: f.kind, type: enum, values: [a, b]}
  - {id: f.flag, type: boolean}
criteria:
  - {id: F1, level: fair, theme: t1, text: One., dominant: true}
  - {id: F2, level: fair, text: Two., rule: {fact: f.pct, gte: 50}}
  - {id: F3, level: fair, text: Three., significant: false}
  - {id: G1, level: good, text: Good., rule: {fact: f.kind, in: [a]}}
  - {id: G2, level: good, text: Good two., rule: {fact: f.flag, eq: true}}
  - {id: E1, level: excellent, text: Beacon.}
"""

EVIDENCE = """\
kind: evidence
schema_version: 1
subject: S
framework: fw
sources:
  - {id: src, title: Source}
facts:
  f.pct: {value: 60, cite: [{source: src, quote: sixty per cent}]}
areas:
  area:
    findings:
      F1: {status: met, cite: [{source: src, at: here, quote: strong leadership}]}
      F3: {status: not_applicable, note: No such unit here.}
      G1: {status: partial}
    judgement: {grade: fair, rationale: Borderline on the evidence.}
    recommendations:
      - {id: R1, text: Do it., addresses: [G1]}
expected:
  area: fair
"""

SOURCE = "The force shows strong leadership; sixty per cent of it."

# rule id -> (file to change, old text, new text, expected line, message part)
FAILURES = {
    "SGC101": ("criteria", "id: F3,", "id: f1,", 16, "criterion id 'f1' is already used"),
    "SGC102": ("criteria", "theme: t1,", "theme: t9,", 14, "unknown theme 't9'"),
    "SGC103": ("criteria", "{fact: f.pct, gte: 50}", "{fact: f.pct, gte: 150}", 15, "a percent is between 0 and 100"),
    "SGC104": (
        "criteria",
        "text: Good two.,",
        "text: Good two., dominant: true,",
        18,
        "'dominant' applies to Fair criteria only",
    ),
    "SGC105": ("criteria", "level: good,", "level: excellent,", 14, "has no Good criterion"),
    "SGC106": (
        "criteria",
        "poor_fair_failures: 2",
        "poor_fair_failures: 3",
        6,
        "poor_fair_failures is 3 but the set has 2",
    ),
    "SGC107": ("criteria", "type: enum, values: [a, b]", "type: enum", 11, "'values' goes with type enum"),
    "SGC201": ("evidence", "framework: fw", "framework: other", 4, "no criteria sets found for framework 'other'"),
    "SGC202": ("evidence", "  area: fair", "  araa: fair", 19, "unknown area 'araa' (did you mean 'area'?)"),
    "SGC203": (
        "evidence",
        "      G1: {status: partial}",
        "      g1: {status: partial}",
        14,
        "'g1' is not a criterion of 'area' (did you mean 'G1'? ids are case-sensitive)",
    ),
    "SGC204": (
        "evidence",
        "{source: src, at: here",
        "{source: scr, at: here",
        12,
        "unknown source 'scr' (did you mean 'src'?)",
    ),
    "SGC205": ("evidence", "note: No such unit here.", "note: ' '", 13, "F3 is not_applicable without a note"),
    "SGC206": (
        "evidence",
        "      F1: {status: met",
        "      F1: {status: not_applicable, note: x",
        12,
        "dominant criterion F1 is marked not_applicable",
    ),
    "SGC207": (
        "evidence",
        "rationale: Borderline on the evidence.",
        "rationale: ''",
        15,
        "a judgement needs a non-empty rationale",
    ),
    "SGC208": ("evidence", "addresses: [G1]", "addresses: [G3]", 17, "addresses unknown criterion 'G3'"),
    "SGC209": (
        "evidence",
        "f.pct: {value: 60,",
        "f.pct: {value: 'sixty',",
        8,
        "fact 'f.pct' is percent: expected a percent",
    ),
    "SGC210": ("criteria", "  - {id: E1,", "  - {id: E1,", 10, "area 'other' of framework 'fw' is not assessed"),
    "SGC211": ("evidence", "grade: fair, rationale", "grade: good, rationale", 19, "'area' grades good, expected fair"),
    "SGC213": (
        "evidence",
        "      F1: {status: met",
        "      F2: {status: not_met}\n      F1: {status: met",
        12,
        "significant Fair criterion F2 is not_met and no recommendation addresses it",
    ),
    "SGC214": (
        "evidence",
        "      G1: {status: partial}",
        "      G1: {status: met}",
        17,
        "recommendation R1 addresses only criteria that are met: G1",
    ),
    "SGC212": (
        "evidence",
        "quote: strong leadership",
        "quote: strong   leadership\u0020and more",
        12,
        "quote not found in",
    ),
}

EXTRA_SET = """\
kind: criteria
schema_version: 1
id: other
framework: fw
title: Other
criteria:
  - {id: OF1, level: fair, text: x.}
  - {id: OG1, level: good, text: y.}
"""


def check(tmp_path: Path, criteria: str, evidence: str, extra: bool = False) -> list[str]:
    (tmp_path / "src.txt").write_text(SOURCE)
    (tmp_path / "c").mkdir(exist_ok=True)
    (tmp_path / "c" / "area.yaml").write_text(criteria)
    if extra:
        (tmp_path / "c" / "other.yaml").write_text(EXTRA_SET)
    (tmp_path / "ev.yaml").write_text(evidence)
    outcome = commands.check(
        commands.CheckSettings(paths=[str(tmp_path / "c"), str(tmp_path / "ev.yaml")], sources=str(tmp_path))
    )
    assert not outcome.unreadable, [str(p) for p in outcome.problems]
    return [str(p) for p in outcome.problems]


def test_clean_example_passes_every_rule(tmp_path: Path) -> None:
    assert check(tmp_path, CRITERIA, EVIDENCE) == []


@pytest.mark.parametrize("rule_id", sorted(FAILURES))
def test_each_rule_reports_its_failure(tmp_path: Path, rule_id: str) -> None:
    which, old, new, line, message = FAILURES[rule_id]
    criteria, evidence = CRITERIA, EVIDENCE
    if which == "criteria":
        assert old in criteria
        criteria = criteria.replace(old, new)
    else:
        assert old in evidence
        evidence = evidence.replace(old, new)
    problems = check(tmp_path, criteria, evidence, extra=rule_id == "SGC210")
    mine = [p for p in problems if p.endswith(f"[{rule_id}]")]
    assert len(mine) == 1, problems
    path = "ev.yaml" if which == "evidence" or rule_id == "SGC210" else "area.yaml"
    assert f"{path}:{line}:" in mine[0]
    assert message in mine[0]
    severity = lint.RULES[rule_id].severity
    assert f": {severity}: " in mine[0]


def test_registry_is_complete_and_documented() -> None:
    assert set(lint.RULES) == set(FAILURES)
    assert len({r.name for r in lint.RULES.values()}) == len(lint.RULES)
    for r in lint.RULES.values():
        assert len(r.doc) > 60, r.id
        assert r.severity in ("error", "warning") and r.scope in ("criteria", "evidence")


def test_reference_rules_exist() -> None:
    assert set(lint.REFERENCE_RULES) <= set(lint.RULES)
