"""Fact rules: every operator, Kleene three-valued logic, and the type checks of `sgc check`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from sgc_grader.app.check import CheckSettings
from sgc_grader.app.check import check as check_files
from sgc_grader.grading.rules import evaluate, facts_read, walk
from sgc_grader.reading.model import Rule

RULE = TypeAdapter(Rule)
FACTS: dict[str, Any] = {"n": 5, "pct": 69.5, "flag": False, "day": dt.date(2007, 10, 1), "kind": "b", "one": 1}


def ev(rule: dict[str, Any]) -> bool | None:
    return evaluate(RULE.validate_python(rule, strict=True), FACTS)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"fact": "n", "eq": 5}, True),
        ({"fact": "n", "ne": 5}, False),
        ({"fact": "n", "gt": 5}, False),
        ({"fact": "n", "gte": 5}, True),
        ({"fact": "n", "lt": 5.5}, True),
        ({"fact": "n", "lte": 4}, False),
        ({"fact": "pct", "gte": 69.5}, True),
        ({"fact": "kind", "in": ["a", "b"]}, True),
        ({"fact": "kind", "in": ["c"]}, False),
        ({"fact": "day", "lt": dt.date(2008, 4, 1)}, True),
        ({"fact": "flag", "eq": False}, True),
        ({"fact": "flag", "eq": 0}, False),  # a boolean never equals a number
        ({"fact": "one", "eq": True}, False),
        ({"fact": "one", "in": [True]}, False),
        ({"fact": "flag", "gt": 0}, None),  # not comparable: unknown, never met
        ({"fact": "kind", "gt": 1}, None),
        ({"fact": "missing", "eq": 1}, None),
        ({"fact": "missing", "present": True}, False),  # present is never unknown
        ({"fact": "missing", "present": False}, True),
        ({"fact": "n", "present": True}, True),
    ],
)
def test_leaf_operators(rule: dict[str, Any], expected: bool | None) -> None:
    assert ev(rule) is expected


T, F, U = {"fact": "n", "eq": 5}, {"fact": "n", "eq": 6}, {"fact": "missing", "eq": 1}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"all": [T, T]}, True),
        ({"all": [T, F]}, False),
        ({"all": [T, U]}, None),
        ({"all": [F, U]}, False),  # one false decides all, even with an unknown
        ({"any": [F, F]}, False),
        ({"any": [F, U]}, None),
        ({"any": [T, U]}, True),  # one true decides any
        ({"not": T}, False),
        ({"not": F}, True),
        ({"not": U}, None),
        ({"not": {"any": [F, {"all": [T, {"not": U}]}]}}, None),
    ],
)
def test_kleene_logic(rule: dict[str, Any], expected: bool | None) -> None:
    assert ev(rule) is expected


def test_facts_read_in_written_order_once_each_and_where_each_leaf_is() -> None:
    rule = RULE.validate_python(
        {"all": [{"fact": "b", "eq": 1}, {"not": {"fact": "a", "present": True}}, {"any": [{"fact": "b", "eq": 2}]}]}
    )
    assert facts_read(rule) == ["b", "a"]
    walked = [(leaf.fact, loc, needed) for leaf, loc, needed in walk(rule, ("rule",))]
    assert walked == [
        ("b", ("rule", "all", 0), True),
        ("a", ("rule", "all", 1, "not"), False),
        ("b", ("rule", "all", 2, "any", 0), True),  # the only choice of an `any` is needed
    ]


def test_leaf_with_two_operators_is_unknown_and_reported(tmp_path: Path) -> None:
    assert ev({"fact": "n", "gt": 1, "lt": 9}) is None
    path = tmp_path / "c.yaml"
    path.write_text(CRITERIA.format(type="number", values="", rule="{fact: f, gt: 1, lt: 9}"))
    assert _problems(path) == ["a rule leaf needs exactly one operator, found 2 [SGC103]"]


def test_operand_types_the_schema_refuses(tmp_path: Path) -> None:
    """Some misfits never reach the lint rule: the schema already refuses them (exit 2)."""
    for rule, message in [
        (
            "{fact: f, gte: yes}",
            "'gte': expected a number or a date, got the boolean true "
            "(unquoted yes/no/on/off/true/false are booleans in YAML; quote it)",
        ),
        ("{fact: f, gte: abc}", "'gte': expected a number or a date, got 'abc'"),
        ("{fact: f, in: 3}", "'in': expected a valid list, got the number 3 (quote it if it is text)"),
    ]:
        path = tmp_path / "c.yaml"
        path.write_text(CRITERIA.format(type="number", values="", rule=rule))
        outcome = check_files(CheckSettings(paths=[str(path)]))
        assert outcome.unreadable
        assert [p.message for p in outcome.problems] == [message]


CRITERIA = """\
kind: criteria
schema_version: 1
id: a
framework: fw
title: A
thresholds: {{poor_fair_failures: 1}}
facts: [{{id: f, type: {type}{values}}}]
criteria:
  - {{id: F1, level: fair, text: x, rule: {rule}}}
  - {{id: G1, level: good, text: y}}
"""


def _problems(path: Path) -> list[str]:
    outcome = check_files(CheckSettings(paths=[str(path)]))
    return [p.text() for p in outcome.problems]


@pytest.mark.parametrize(
    ("fact_type", "values", "rule", "problem"),
    [
        ("number", "", "{fact: f, gte: 3}", None),
        ("number", "", "{fact: f, in: [1, 2.5]}", None),
        ("integer", "", "{fact: f, eq: 2.5}", "'eq' operand 2.5 for fact 'f': expected a whole number"),
        ("percent", "", "{fact: f, lt: 101}", "'lt' operand 101 for fact 'f': a percent is between 0 and 100"),
        ("boolean", "", "{fact: f, eq: true}", None),
        ("boolean", "", "{fact: f, gt: 1}", "operator 'gt' does not apply to boolean fact 'f'"),
        ("boolean", "", "{fact: f, eq: 1}", "'eq' operand 1 for fact 'f': expected true or false"),
        ("date", "", "{fact: f, lte: 2008-03-31}", None),
        (
            "date",
            "",
            "{fact: f, eq: '2008-03-31'}",
            "'eq' operand '2008-03-31' for fact 'f': expected a date (YYYY-MM-DD)",
        ),
        ("date", "", "{fact: f, in: [2008-03-31]}", "operator 'in' does not apply to date fact 'f'"),
        ("text", "", "{fact: f, eq: abc}", None),
        ("text", "", "{fact: f, gte: 3}", "operator 'gte' does not apply to text fact 'f'"),
        ("enum", ", values: [x, y]", "{fact: f, in: [x, z]}", "'in' operand 'z' for fact 'f': expected one of x, y"),
        ("enum", ", values: [x, y]", "{fact: f, present: true}", None),
    ],
)
def test_operator_fits_fact_type(tmp_path: Path, fact_type: str, values: str, rule: str, problem: str | None) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(CRITERIA.format(type=fact_type, values=values, rule=rule))
    got = [p for p in _problems(path) if "[SGC103]" in p]
    assert got == ([f"{problem} [SGC103]"] if problem else [])
