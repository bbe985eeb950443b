"""Each lint rule: a clean example passes, a mutated one fails with that rule's id at the right line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run
from sgc_grader import lint
from sgc_grader.app.check import CheckSettings
from sgc_grader.app.check import check as check_files

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
      G1: {status: partial, note: Half done., cite: [{source: src, quote: sixty per cent}]}
    judgement: {grade: fair, rationale: Borderline on the evidence.}
    recommendations:
      - {id: R1, text: Do it., addresses: [G1]}
  other:
    findings:
      OF1: {status: met, cite: [{source: src}]}
      OG1: {status: met, cite: [{source: src}]}
      OE1: {status: not_met}
expected:
  area: fair
"""

FRAMEWORK = """\
kind: framework
schema_version: 1
id: fw
title: Framework
levels: [fair, good, excellent]
grades:
  - id: poor
    borderline:
      - {id: few, criteria: {level: fair, significant: true}, status: [not_met], count: {lt: poor_fair_failures}}
  - id: fair
    requires:
      - {id: dominant, criteria: {dominant: true}, at_least: met}
      - {id: significant, criteria: {level: fair, significant: true}, at_least: partial}
    borderline:
      - {id: partial, criteria: {level: fair}, status: [partial], count: {gte: 1}}
  - id: good
    requires:
      - {id: fair-in-full, criteria: {level: fair}, at_least: met}
      - {id: good-share, criteria: {level: good}, share: {gt: good_share}}
  - id: excellent
    requires:
      - {id: all, criteria: {level: excellent}, at_least: met, count: {gte: 1}}
composites:
  - id: overall
    title: Overall
    areas: [area, other]
    requires:
      fair: [{id: no-poor, areas: all, at_least: fair}]
      good: [{id: most-good, areas: all, at_least: good, count: {gte: 1}}]
      excellent: [{id: all-excellent, areas: all, at_least: excellent}]
"""

SOURCE = "The force shows strong leadership; sixty per cent of it."

# rule id -> (file to change, old text, new text, expected line, message part)
FAILURES = {
    "SGC101": ("criteria", "id: F3,", "id: f1,", 16, "criterion id 'f1' is already used"),
    "SGC102": ("criteria", "theme: t1,", "theme: t9,", 14, "unknown theme 't9'"),
    "SGC103": ("criteria", "{fact: f.pct, gte: 50}", "{fact: f.pct, gte: 150}", 15, "a percent is between 0 and 100"),
    "SGC104": (
        "criteria",
        "text: One., dominant: true}",
        "text: One., dominant: true, significant: false}",
        14,
        "F1 is dominant, so it cannot be non-significant",
    ),
    "SGC105": (
        "criteria",
        "{id: E1, level: excellent,",
        "{id: E1, level: good,",
        3,
        "set 'area' can never grade above Good: Excellent needs all: 0 of 0 Excellent criteria met, needs >= 1",
    ),
    "SGC106": (
        "criteria",
        "poor_fair_failures: 2",
        "poor_fair_failures: 3",
        6,
        "poor_fair_failures 3 is more than the 2 significant Fair criteria ('few' can never change); set thresholds:"
        " {poor_fair_failures: 2}",
    ),
    "SGC107": ("criteria", "type: enum, values: [a, b]", "type: enum", 11, "'values' goes with type enum"),
    "SGC201": ("evidence", "framework: fw", "framework: other", 4, "no criteria sets for framework 'other'; looked in"),
    "SGC202": (
        "evidence",
        "  area: fair",
        "  araa: fair",
        24,
        "unknown area or composite 'araa' (did you mean 'area'?)",
    ),
    "SGC203": (
        "evidence",
        "      G1: {status: partial,",
        "      g1: {status: partial,",
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
    "SGC210": (
        "evidence",
        "  other:\n    findings:\n      OF1: {status: met, cite: [{source: src}]}\n"
        "      OG1: {status: met, cite: [{source: src}]}\n      OE1: {status: not_met}\n",
        "",
        10,
        "area 'other' of framework 'fw' is not assessed",
    ),
    "SGC211": ("evidence", "grade: fair, rationale", "grade: good, rationale", 24, "'area' grades good, expected fair"),
    "SGC213": (
        "evidence",
        "      F1: {status: met",
        "      F2: {status: not_met}\n      F1: {status: met",
        12,
        "significant criterion F2 is not_met and no recommendation addresses it",
    ),
    "SGC214": (
        "evidence",
        "      G1: {status: partial,",
        "      G1: {status: met,",
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
    "SGC215": (
        "evidence",
        "judgement: {grade: fair,",
        "judgement: {grade: Fair,",
        15,
        "unknown grade 'Fair'; valid: poor, fair, good, excellent (did you mean 'fair'? ids are case-sensitive)",
    ),
    "SGC216": (
        "evidence",
        "      F3: {status: not_applicable",
        "      F2: {status: not_met, note: The survey was wrong., cite: [{source: src}]}\n"
        "      F3: {status: not_applicable",
        13,
        "F2 is not_met but its rule is true (f.pct = 60)",
    ),
    "SGC217": (
        "evidence",
        "      F1: {status: met, cite: [{source: src, at: here, quote: strong leadership}]}",
        "      F1: {status: met}",
        12,
        "F1 is met with no citation",
    ),
    "SGC301": (
        "framework",
        "{id: dominant, criteria: {dominant: true}, at_least: met}",
        "{id: dominant, criteria: {dominant: true}, at_least: met, share: {gt: 0.5}}",
        12,
        "condition 'dominant' needs exactly one test (at_least, status or share); found at_least, share",
    ),
    "SGC302": (
        "framework",
        "criteria: {level: good}, share",
        "criteria: {level: gud}, share",
        19,
        "unknown level 'gud'; valid: fair, good, excellent (did you mean 'good'?)",
    ),
    "SGC303": (
        "framework",
        "share: {gt: good_share}",
        "share: {lt: good_share}",
        19,
        "requirement 'good-share' compares with 'lt': meeting more could lower the grade; use gt or gte",
    ),
    "SGC304": (
        "framework",
        "      excellent: [{id: all-excellent, areas: all, at_least: excellent}]\n",
        "",
        27,
        "composite 'overall' does not list requires for excellent (use [] for nothing)",
    ),
    "SGC305": (
        "framework",
        "- {id: fair-in-full,",
        "- {id: good-share,",
        19,
        "condition id 'good-share' appears twice in 'good'",
    ),
    "SGC306": (
        "framework",
        "share: {gt: good_share}",
        "share: {gt: 1.5}",
        19,
        "condition 'good-share' compares a share with 1.5; a share is from 0 to 1",
    ),
}

EXTRA_SET = """\
kind: criteria
schema_version: 1
id: other
framework: fw
title: Other
thresholds: {poor_fair_failures: 1}
criteria:
  - {id: OF1, level: fair, text: x.}
  - {id: OG1, level: good, text: y.}
  - {id: OE1, level: excellent, text: z.}
"""
FILES = {"framework": "00-framework.yaml", "criteria": "area.yaml", "evidence": "ev.yaml"}


def check(tmp_path: Path, criteria: str, evidence: str, framework: str = FRAMEWORK) -> list[str]:
    (tmp_path / "src.txt").write_text(SOURCE)
    (tmp_path / "c").mkdir(exist_ok=True)
    (tmp_path / "c" / "00-framework.yaml").write_text(framework)
    (tmp_path / "c" / "area.yaml").write_text(criteria)
    (tmp_path / "c" / "other.yaml").write_text(EXTRA_SET)
    (tmp_path / "ev.yaml").write_text(evidence)
    outcome = check_files(CheckSettings(paths=[str(tmp_path / "c"), str(tmp_path / "ev.yaml")], sources=str(tmp_path)))
    assert not outcome.unreadable, [str(p) for p in outcome.problems]
    return [str(p) for p in outcome.problems]


def test_clean_example_passes_every_rule(tmp_path: Path) -> None:
    assert check(tmp_path, CRITERIA, EVIDENCE) == []


@pytest.mark.parametrize("rule_id", sorted(FAILURES))
def test_each_rule_reports_its_failure(tmp_path: Path, rule_id: str) -> None:
    which, old, new, line, message = FAILURES[rule_id]
    texts = {"framework": FRAMEWORK, "criteria": CRITERIA, "evidence": EVIDENCE}
    assert old in texts[which] and old != new
    texts[which] = texts[which].replace(old, new)
    problems = check(tmp_path, texts["criteria"], texts["evidence"], texts["framework"])
    mine = [p for p in problems if p.endswith(f"[{rule_id}]")]
    assert len(mine) == 1, problems
    assert f"{FILES[which]}:{line}:" in mine[0]
    assert message in mine[0]
    severity = lint.RULES[rule_id].severity
    assert f": {severity}: " in mine[0]


def test_registry_is_complete_and_documented() -> None:
    assert set(lint.RULES) == set(FAILURES)
    assert len({r.name for r in lint.RULES.values()}) == len(lint.RULES)
    for r in lint.RULES.values():
        assert len(r.doc) > 60, r.id
        assert r.severity in ("error", "warning") and r.scope in ("framework", "criteria", "evidence")


def test_reference_rules_exist() -> None:
    assert set(lint.REFERENCE_RULES) <= set(lint.RULES)


# More cases of one rule: (rule, file, old text, new text, line, message part)
MORE = [
    ("SGC302", "framework", "criteria: {dominant: true}", "criteria: {ids: [F9]}", 12, "unknown criterion 'F9'"),
    ("SGC302", "framework", "criteria: {dominant: true}", "criteria: {theme: t2}", 12, "unknown theme 't2'; valid: t1"),
    (
        "SGC302",
        "framework",
        "areas: [area, other]\n    requires:\n      fair: [{id: no-poor, areas: all",
        "areas: [area]\n    requires:\n      fair: [{id: no-poor, areas: [other]",
        28,
        "area 'other' is not one of the areas of composite 'overall'",
    ),
    ("SGC102", "criteria", "thresholds: {", "thresholds: {god_share: 0.5, ", 6, "unknown threshold 'god_share'"),
    ("SGC102", "criteria", "level: fair, theme", "level: fiar, theme", 14, "unknown level 'fiar'"),
    ("SGC303", "criteria", "thresholds: {", "thresholds: {partial_credit: 1.5, ", 6, "partial_credit 1.5 is more"),
    ("SGC303", "framework", "grades:\n", "thresholds: {partial_credit: 2}\ngrades:\n", 6, "partial_credit 2 is more"),
]


@pytest.mark.parametrize(("rule_id", "which", "old", "new", "line", "message"), MORE)
def test_more_cases_of_a_rule(
    tmp_path: Path, rule_id: str, which: str, old: str, new: str, line: int, message: str
) -> None:
    texts = {"framework": FRAMEWORK, "criteria": CRITERIA, "evidence": EVIDENCE}
    assert old in texts[which]
    texts[which] = texts[which].replace(old, new, 1)
    problems = check(tmp_path, texts["criteria"], texts["evidence"], texts["framework"])
    mine = [p for p in problems if p.endswith(f"[{rule_id}]") and message in p]
    assert len(mine) == 1, problems
    assert f"{FILES[which]}:{line}:" in mine[0]


def test_the_format_reference_lists_every_rule_as_it_is() -> None:
    """docs/format.md's table of rules matches the registry: ids, names and severities."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "format.md").read_text()
    rows = re.findall(r"^\| (SGC\d{3}) \| ([a-z-]+) \| (error|warning) \| (\w+) \|", text, re.M)
    assert {r[0]: (r[1], r[2], r[3]) for r in rows} == {
        r.id: (r.name, r.severity, r.scope) for r in lint.RULES.values()
    }


def test_a_framework_file_that_cannot_be_read_is_the_only_error(tmp_path: Path) -> None:
    """Its sets are not then linted against the default framework (which would call every
    level of theirs unknown), whether the folder or only a set is named."""
    basic = {"level: fair": "level: basic", "levels: [fair,": "levels: [basic,"}
    framework, criteria = FRAMEWORK.split("composites:")[0], CRITERIA
    for old, new in basic.items():
        framework, criteria = framework.replace(old, new), criteria.replace(old, new)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "area.yaml").write_text(criteria)
    (tmp_path / "c" / "other.yaml").write_text(EXTRA_SET.replace("level: fair", "level: basic"))
    (tmp_path / "ev.yaml").write_text(EVIDENCE)

    def problems(*named: Path) -> tuple[bool, set[str]]:
        paths = [str(p) for p in named] + [str(tmp_path / "ev.yaml")]
        outcome = check_files(CheckSettings(paths=paths, criteria=str(tmp_path / "c")))
        return outcome.unreadable, {p.path for p in outcome.problems if p.severity == "error"}

    (tmp_path / "c" / "00-framework.yaml").write_text(framework)
    assert problems(tmp_path / "c") == (False, set())
    for broken in ("titel: Framework", 'title: "Framework'):  # a schema error, a YAML error
        (tmp_path / "c" / "00-framework.yaml").write_text(framework.replace("title: Framework", broken))
        for named in ([tmp_path / "c"], [tmp_path / "c" / "area.yaml"], []):
            assert problems(*named) == (True, {str(tmp_path / "c" / "00-framework.yaml")}), (broken, named)


# Choosing rules on the command line: --select, --ignore, --strict, -q (docs/format.md section 13).

Sgc = Callable[..., Run]


def case(tmp_path: Path, **changes: tuple[str, str]) -> tuple[Path, Path]:
    """The clean example written out, with each change (file kind -> (old, new)) made:
    the criteria folder and the evidence file."""
    texts = {"framework": FRAMEWORK, "criteria": CRITERIA, "evidence": EVIDENCE}
    for which, (old, new) in changes.items():
        assert old in texts[which], old
        texts[which] = texts[which].replace(old, new, 1)
    (tmp_path / "src.txt").write_text(SOURCE)
    (tmp_path / "c").mkdir(exist_ok=True)
    (tmp_path / "c" / "00-framework.yaml").write_text(texts["framework"])
    (tmp_path / "c" / "area.yaml").write_text(texts["criteria"])
    (tmp_path / "c" / "other.yaml").write_text(EXTRA_SET)
    (tmp_path / "ev.yaml").write_text(texts["evidence"])
    return tmp_path / "c", tmp_path / "ev.yaml"


def rules_in(out: str) -> list[str]:
    return re.findall(r"\[(SGC\d{3})\]$", out, re.M)


UNCITED = FAILURES["SGC217"][1:3]  # a warning, line 12
UNKNOWN_SOURCE = ("Half done., cite: [{source: src,", "Half done., cite: [{source: scr,")  # line 14
UNKNOWN_CRITERION = ("OG1: {status: met", "OX1: {status: met")  # grading relies on it (protected), line 21


def test_select_reports_the_rules_chosen_and_always_the_protected_ones(sgc: Sgc, tmp_path: Path) -> None:
    crit, ev = case(tmp_path)
    ev.write_text(EVIDENCE.replace(*UNCITED).replace(*UNKNOWN_SOURCE).replace(*UNKNOWN_CRITERION))
    assert rules_in(sgc("check", crit, ev).out) == ["SGC217", "SGC204", "SGC203"]
    r = sgc("check", crit, ev, "--select", "SGC217")
    assert (r.code, rules_in(r.out)) == (1, ["SGC217", "SGC203"])
    r = sgc("check", crit, ev, "--select", "finding-cited,known-sources")
    assert (r.code, rules_in(r.out)) == (1, ["SGC217", "SGC204", "SGC203"])
    r = sgc("check", crit, ev, "--select", "sgc204", "--select", "SGC217", "--ignore", "SGC217")
    assert (r.code, rules_in(r.out)) == (1, ["SGC204", "SGC203"])


def test_ignore_reports_every_rule_but_those(sgc: Sgc, tmp_path: Path) -> None:
    crit, ev = case(tmp_path, evidence=UNCITED)
    r = sgc("check", crit, ev)
    assert (r.code, rules_in(r.out)) == (0, ["SGC217"])
    assert "2 warnings" not in r.err and "1 warning" in r.err
    r = sgc("check", crit, ev, "--ignore", "finding-cited")
    assert (r.code, r.out) == (0, "") and "0 errors, 0 warnings" in r.err


def test_a_rule_not_run_holds_back_no_rule_that_needs_a_grade(sgc: Sgc, tmp_path: Path) -> None:
    """Any error stops the rules that read a grade (SGC211 here); an error of a rule that
    was turned off is not found, so it stops nothing: the expected grade is still checked."""
    crit, ev = case(tmp_path)
    wrong_grade = FAILURES["SGC211"][1:3]
    ev.write_text(EVIDENCE.replace(*UNKNOWN_SOURCE).replace(*wrong_grade))
    assert rules_in(sgc("check", crit, ev).out) == ["SGC204"]
    assert rules_in(sgc("check", crit, ev, "--ignore", "SGC204").out) == ["SGC211"]


@pytest.mark.parametrize("rule_id", sorted(FAILURES))
def test_a_selection_never_passes_a_file_that_grade_refuses(sgc: Sgc, tmp_path: Path, rule_id: str) -> None:
    """The oracle is `sgc grade` itself, which refuses (exit 2) exactly the files a
    protected rule finds fault with; `check` still fails on them however few rules are
    selected: here one that finds nothing in the file."""
    which, old, new, *_ = FAILURES[rule_id]
    crit, ev = case(tmp_path, **{which: (old, new)})
    refused = sgc("grade", ev, "--criteria", crit).code == 2
    assert refused == (rule_id in lint.PROTECTED)
    other = "SGC206" if rule_id != "SGC206" else "SGC214"
    selected = sgc("check", "--sources", tmp_path, crit, ev, "--select", other)
    found = set(rules_in(selected.out))
    assert found <= set(lint.PROTECTED)
    assert (selected.code, rule_id in found) == ((1, True) if refused else (0, False)), selected.out


def test_select_and_ignore_refuse_unknown_rules_and_protected_ones(sgc: Sgc, tmp_path: Path) -> None:
    crit, ev = case(tmp_path)
    r = sgc("check", crit, ev, "--select", "SGC217,SGC999")
    assert (r.code, r.out) == (2, "")
    assert "Invalid value for '--select': unknown rule 'SGC999' (did you mean 'SGC209'?)" in r.err
    r = sgc("check", crit, ev, "--ignore", "finding-citd")
    assert "Invalid value for '--ignore': unknown rule 'finding-citd' (did you mean 'finding-cited'?)" in r.err
    assert r.code == 2
    r = sgc("check", crit, ev, "--select", " , ")
    assert r.code == 2 and "Invalid value for '--select': name at least one rule, by code or name" in r.err
    r = sgc("check", crit, ev, "--ignore", "SGC213", "--ignore", "known-areas")
    assert r.code == 2 and "Invalid value for '--ignore': SGC202 cannot be turned off; grading relies on it" in r.err


def test_strict_fails_on_a_warning_and_quiet_leaves_out_the_count(sgc: Sgc, tmp_path: Path) -> None:
    crit, ev = case(tmp_path, evidence=UNCITED)
    plain = sgc("check", crit, ev)
    assert (plain.code, rules_in(plain.out)) == (0, ["SGC217"])
    assert plain.err == "4 files checked: 0 errors, 1 warning\n"
    strict = sgc("check", crit, ev, "--strict")
    assert (strict.code, strict.out, strict.err) == (1, plain.out, plain.err)
    quiet = sgc("check", crit, ev, "--strict", "-q")
    assert (quiet.code, quiet.out, quiet.err) == (1, plain.out, "")
    assert sgc("check", crit, ev, "--strict", "--ignore", "SGC217").code == 0


def test_resolve_reads_codes_in_any_case_and_names() -> None:
    assert lint.resolve(["sgc217", "known-sources", "SGC217"]) == ("SGC217", "SGC204")
    with pytest.raises(ValueError, match="unknown rule 'Finding-Cited'"):
        lint.resolve(["Finding-Cited"])


def test_every_framework_and_criteria_error_is_protected() -> None:
    """app/check.py filters what the framework and criteria rules found instead of not
    running them: the same only while every error among them always runs."""
    for r in lint.RULES.values():
        if r.scope != "evidence" and r.severity == "error":
            assert r.id in lint.PROTECTED, r.id


def test_the_format_reference_names_the_rules_a_selection_always_runs() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "format.md").read_text()
    part = text[text.index("- `--select CODES`") :].split("\n- ")[0]
    named = re.findall(r"SGC\d{3}", part.split("(they cannot")[0])
    evidence = [r for r in lint.PROTECTED if lint.RULES[r].scope == "evidence"]
    assert "every framework and criteria error" in part and named == evidence
