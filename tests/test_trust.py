"""Grades you can trust (issue 12): never grade from broken criteria, show every
comparison, help at the line. Each test is a case a new user met."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run
from sgc_grader import lint
from test_lint import CRITERIA, EVIDENCE, FAILURES, FILES, FRAMEWORK
from test_lint import EXTRA_SET as OTHER

Sgc = Callable[..., Run]
Write = Callable[[str, str], Path]

HYGIENE = """
kind: criteria
schema_version: 1
id: hygiene
framework: food
title: Hygiene
thresholds: {poor_fair_failures: 1}
facts:
  - {id: hy.fridge_in_range_share, type: percent, title: Share of fridge checks in range}
criteria:
  - {id: HY-F1, level: fair, text: Staff wash their hands., dominant: true}
  - {id: HY-F2, level: fair, text: Fridges are kept cold., rule: {fact: hy.fridge_in_range_share, gte: 90}}
  - {id: HY-G1, level: good, text: Records are kept.}
  - {id: HY-E1, level: excellent, text: Others copy the practice.}
"""


def evidence(f2: str, extra: str = "") -> str:
    return f"""
kind: evidence
schema_version: 1
subject: The Corner Cafe
framework: food
sources: [{{id: visit, title: Visit notes}}]
facts:
  hy.fridge_in_range_share:
    value: 62.5
    note: Five of eight checks in range.
    cite: [{{source: visit, quote: five of eight}}]
areas:
  hygiene:
    findings:
      HY-F1: {{status: met, cite: [{{source: visit, quote: soap at every sink}}]}}
{f2}      HY-G1: {{status: met, cite: [{{source: visit, quote: records are kept}}]}}
{extra}"""


ERRORS = [
    (r, w)
    for r, (w, *_rest) in sorted(FAILURES.items())
    if w in ("criteria", "framework") and lint.RULES[r].severity == "error"
]


def test_every_criteria_and_framework_error_rule_is_covered() -> None:
    scopes = {r.id for r in lint.RULES.values() if r.scope in ("criteria", "framework") and r.severity == "error"}
    assert {r for r, _ in ERRORS} == scopes


@pytest.mark.parametrize(("rule_id", "which"), ERRORS)
def test_grade_refuses_criteria_or_framework_that_check_reports(
    sgc: Sgc, tmp_path: Path, rule_id: str, which: str
) -> None:
    """Every criteria and framework lint error stops `grade`: exit 2, the lint line, no grade."""
    _, old, new, line, message = FAILURES[rule_id]
    texts = {"framework": FRAMEWORK, "criteria": CRITERIA}
    texts[which] = texts[which].replace(old, new)
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "00-framework.yaml").write_text(texts["framework"])
    (folder / "area.yaml").write_text(texts["criteria"])
    (folder / "other.yaml").write_text(OTHER)
    (tmp_path / "ev.yaml").write_text(EVIDENCE)
    r = sgc("grade", tmp_path / "ev.yaml", "--criteria", folder)
    assert (r.code, r.out) == (2, "")
    assert f"{FILES[which]}:{line}:" in r.err and message in r.err and f"[{rule_id}]" in r.err


def test_duplicate_criterion_id_is_refused_not_graded(sgc: Sgc, write: Write) -> None:
    write("c/hy.yaml", HYGIENE.replace("  - {id: HY-G1, level: good,", "  - {id: HY-F2, level: good,"))
    ev = write("ev.yaml", evidence("      HY-F2: {status: met, cite: [{source: visit, quote: cold}]}\n"))
    r = sgc("grade", ev, "--criteria", ev.parent / "c")
    assert (r.code, r.out) == (2, "")
    assert "criterion id 'HY-F2' is already used" in r.err


def test_findings_that_contradict_a_rule_are_warned(sgc: Sgc, write: Write) -> None:
    write("c/hy.yaml", HYGIENE)
    for status in ("met", "partial"):
        ev = write(f"ev-{status}.yaml", evidence(f"      HY-F2: {{status: {status}, cite: [{{source: visit}}]}}\n"))
        r = sgc("check", ev, "--criteria", ev.parent / "c")
        assert r.code == 0
        assert f"HY-F2 is {status} but its rule is false (hy.fridge_in_range_share = 62.5) [SGC216]" in r.out


def test_credit_without_a_citation_is_warned(sgc: Sgc, write: Write) -> None:
    write("c/hy.yaml", HYGIENE)
    ev = write("ev.yaml", evidence("      HY-F2: {status: not_met, note: Logs show warm fridges.}\n"))
    ev.write_text(
        ev.read_text().replace(
            "HY-G1: {status: met, cite: [{source: visit, quote: records are kept}]}", "HY-G1: {status: met}"
        )
    )
    r = sgc("check", ev, "--criteria", ev.parent / "c")
    assert r.out.endswith("warning: HY-G1 is met with no citation [SGC217]\n")


def test_the_trail_shows_the_comparison_and_the_fact_note(sgc: Sgc, write: Write) -> None:
    write("c/hy.yaml", HYGIENE)
    ev = write("ev.yaml", evidence(""))
    r = sgc("grade", ev, "--criteria", ev.parent / "c", "-v")
    assert r.code == 0, r.err
    assert "rule: hy.fridge_in_range_share 62.5 >= 90: false" in r.out
    assert "fact hy.fridge_in_range_share: Five of eight checks in range." in r.out


def test_gap_names_the_value_a_fact_must_reach(sgc: Sgc, write: Write) -> None:
    write("c/hy.yaml", HYGIENE)
    ev = write("ev.yaml", evidence(""))
    r = sgc("gap", ev, "--area", "hygiene", "--criteria", ev.parent / "c")
    assert r.code == 0, r.err
    assert "to meet its rule: raise hy.fridge_in_range_share from 62.5 to at least 90" in " ".join(r.out.split())


def test_a_default_threshold_the_user_never_wrote_is_a_warning_with_the_fix(sgc: Sgc, write: Write) -> None:
    crit = write("c/hy.yaml", HYGIENE.replace("thresholds: {poor_fair_failures: 1}\n", ""))
    r = sgc("check", crit)
    assert r.code == 0
    assert r.out == (
        f"{crit}:3:5: warning: default poor_fair_failures 3 is more than the 2 significant Fair criteria "
        "('few-significant-failures' can never change); set thresholds: {poor_fair_failures: 2} [SGC106]\n"
    )


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('subject: "Corner Cafe\nframework: food\nareas: {}\n', "3:10", "this quoted value is never closed"),
        (
            "subject: S\nframework: food\nareas:\n  hygiene:\n    findings:\n      HY-F1:\n"
            "        status: met\n        note: Owner said: none\n",
            "10:25",
            "a value that contains ': ' must be quoted",
        ),
        (
            "subject: S\nframework: food\nareas:\n  hygiene:\n    findings: {}\n   judgement: {}\n",
            "8:4",
            "this line is out of step: a key here should start at column 5, like line 7, or at column 3, like line 6",
        ),
        ("subject: S\n  framework: food\nareas: {}\n", "4:3", "this line is indented more than line 3 above it"),
        (
            "subject: S\nframework: food\nareas:\n  hygiene:\n    findings:\n      HY-F1: {status: met}\n"
            "     HY-F2: {status: met}\n",
            "9:6",
            "this line is out of step: a key here should start at column 7, like line 8, or at column 5, like line 7",
        ),
        (
            'subject: S\nframework: food\nareas: {hygiene: {findings: {HY-F1: {status: "met, note: "x"}}}}\n',
            "5:46",
            "this quoted value runs on to column 58, where a new quote was meant to open",
        ),
        (
            "subject: S\nframework: food\nareas:\n  hygiene:\n    findings:\n"
            "      HY-F1: {status: met, note: Owner said #none}\n      HY-F2: {status: met}\n",
            "8:45",
            "' #' starts a comment, which hides the rest of this line; quote the value",
        ),
    ],
)
def test_yaml_syntax_errors_are_explained_at_the_line(
    sgc: Sgc, write: Write, text: str, where: str, message: str
) -> None:
    ev = write("ev.yaml", "kind: evidence\nschema_version: 1\n" + text)
    r = sgc("check", ev)
    assert r.code == 2
    assert r.out.startswith(f"{ev}:{where}: error: {message}") and "(YAML: " in r.out


def test_did_you_mean_draws_on_the_keys_valid_there(sgc: Sgc, write: Write) -> None:
    crit = write("c/hy.yaml", HYGIENE.replace("title: Hygiene", "title: Hygiene\nsubject: food safety"))
    r = sgc("check", crit)
    assert r.code == 2 and "unknown key 'subject' (keys here: kind, schema_version, id, framework" in r.out
    crit.write_text(HYGIENE.replace("thresholds:", 'national_distribution: {"2025": {adequate: 3}}\nthresholds:'))
    r = sgc("check", crit)
    assert "unknown grade 'adequate'; valid: poor, fair, good, excellent [SGC102]" in r.out


def test_grade_takes_folders_and_grades_what_it_can(sgc: Sgc, write: Write) -> None:
    write("c/hy.yaml", HYGIENE)
    write("evidence/criteria/hy.yaml", HYGIENE)  # a criteria/ folder inside is not evidence: left out
    good = write("evidence/a.yaml", evidence(""))
    bad = write("evidence/b.yaml", evidence("").replace("HY-G1", "HY-G9"))
    r = sgc("grade", good.parent, "--criteria", good.parent.parent / "c", "-f", "json")
    assert r.code == 2
    assert '"subject": "The Corner Cafe"' in r.out and r.out.count('"subject"') == 1
    assert r.err == f"{bad}:15:7: error: 'HY-G9' is not a criterion of 'hygiene' (did you mean 'HY-G1'?) [SGC203]\n"
