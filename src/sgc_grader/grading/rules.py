"""Fact rules: Kleene three-valued evaluation (docs/format.md section 10).

A rule is True, False, or None (unknown) when a fact it reads is absent. `present` is
never unknown. Unknown never counts as met; that is the engine's business.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..reading.model import AllRule, AnyRule, Leaf, NotRule, Rule, Scalar


def walk(
    rule: Rule | None, loc: tuple[Any, ...] = (), needed: bool = True
) -> Iterator[tuple[Leaf, tuple[Any, ...], bool]]:
    """Every leaf of a rule, in the order written, with where it is in the file (`loc`
    extended by all/any/not and indices) and whether it is needed: the rule cannot be
    true unless this leaf is (only `all` above it). The one walk over the rule tree."""
    if isinstance(rule, AllRule):
        for i, r in enumerate(rule.all):
            yield from walk(r, (*loc, "all", i), needed)
    elif isinstance(rule, AnyRule):
        for i, r in enumerate(rule.any):
            yield from walk(r, (*loc, "any", i), needed and len(rule.any) == 1)
    elif isinstance(rule, NotRule):
        yield from walk(rule.not_, (*loc, "not"), False)
    elif rule is not None:
        yield rule, loc, needed


def facts_read(rule: Rule | None) -> list[str]:
    """The fact ids a rule reads, in the order written, once each."""
    return list(dict.fromkeys(leaf.fact for leaf, _, _ in walk(rule)))


def comparisons(rule: Rule | None, facts: Mapping[str, Scalar]) -> Iterator[tuple[str, str, Any, bool | None, bool]]:
    """Every leaf of a rule as (fact, operator, operand, outcome, needed), in the order
    written."""
    for leaf, _, needed in walk(rule):
        ops = leaf.ops()
        op, operand = ops[0] if len(ops) == 1 else ("?", None)
        yield leaf.fact, op, operand, _leaf(leaf, facts), needed


def evaluate(rule: Rule, facts: Mapping[str, Scalar]) -> bool | None:
    """True, False, or None for unknown."""
    if isinstance(rule, AllRule):
        values = [evaluate(r, facts) for r in rule.all]
        return False if False in values else (None if None in values else True)
    if isinstance(rule, AnyRule):
        values = [evaluate(r, facts) for r in rule.any]
        return True if True in values else (None if None in values else False)
    if isinstance(rule, NotRule):
        value = evaluate(rule.not_, facts)
        return None if value is None else not value
    return _leaf(rule, facts)


def _same_kind(a: Any, b: Any) -> bool:
    # True == 1 in Python; a boolean fact never equals a number in a rule
    return isinstance(a, bool) == isinstance(b, bool)


def _leaf(leaf: Leaf, facts: Mapping[str, Scalar]) -> bool | None:
    ops = leaf.ops()
    if len(ops) != 1:
        return None  # malformed; `sgc check` reports it
    op, operand = ops[0]
    if op == "present":
        return (leaf.fact in facts) == bool(operand)
    if leaf.fact not in facts:
        return None
    value = facts[leaf.fact]
    if op == "in":
        return any(_same_kind(value, x) and value == x for x in operand)
    if op in ("eq", "ne"):
        equal = _same_kind(value, operand) and value == operand
        return equal if op == "eq" else not equal
    if not _same_kind(value, operand):
        return None
    try:
        if op == "gt":
            return bool(value > operand)
        if op == "gte":
            return bool(value >= operand)
        if op == "lt":
            return bool(value < operand)
        return bool(value <= operand)
    except TypeError:
        return None  # incomparable types; `sgc check` reports the mismatch
