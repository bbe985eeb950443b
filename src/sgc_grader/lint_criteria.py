"""Lint rules for criteria sets: ids, references, rule operators, flags, levels, thresholds."""

from __future__ import annotations

from collections.abc import Iterator

from .lint_context import NUMERIC_TYPES, Context, Hit, each_set, fits, leaves, suggest
from .model import FactDecl


def unique_ids(ctx: Context) -> Iterator[Hit]:
    """Ids are unique ignoring case: criteria set ids and criterion ids across the whole
    framework, theme and fact ids within a set. Two ids that differ only by case would be
    confused by people and by case-insensitive file systems."""
    seen_sets: dict[str, str] = {}
    seen_criteria: dict[str, str] = {}
    for loaded, s in each_set(ctx):
        if s.id.lower() in seen_sets:
            yield loaded, ("id",), f"criteria set id '{s.id}' is also used by {seen_sets[s.id.lower()]}"
        seen_sets.setdefault(s.id.lower(), loaded.path)
        for part in ("themes", "facts"):
            seen: set[str] = set()
            for i, item in enumerate(getattr(s, part)):
                if item.id.lower() in seen:
                    yield loaded, (part, i, "id"), f"{part[:-1]} id '{item.id}' appears twice"
                seen.add(item.id.lower())
        for i, c in enumerate(s.criteria):
            if c.id.lower() in seen_criteria:
                yield (
                    loaded,
                    ("criteria", i, "id"),
                    f"criterion id '{c.id}' is already used ({seen_criteria[c.id.lower()]})",
                )
            seen_criteria.setdefault(c.id.lower(), f"{loaded.path}, set '{s.id}'")


def known_references(ctx: Context) -> Iterator[Hit]:
    """A criterion's theme must be declared in its set's `themes`, and every fact a rule
    reads must be declared in `facts` of a set of the same framework."""
    facts = ctx.fact_decls()
    for loaded, s in each_set(ctx):
        themes = {t.id for t in s.themes}
        for i, c in enumerate(s.criteria):
            if c.theme is not None and c.theme not in themes:
                yield loaded, ("criteria", i, "theme"), f"unknown theme '{c.theme}'{suggest(c.theme, themes)}"
            for leaf, loc in leaves(c.rule, ("criteria", i, "rule")):
                if leaf.fact not in facts:
                    yield (
                        loaded,
                        (*loc, "fact"),
                        f"rule reads undeclared fact '{leaf.fact}'{suggest(leaf.fact, facts)}",
                    )


OPERATORS = {
    "number": {"eq", "ne", "gt", "gte", "lt", "lte", "in", "present"},
    "boolean": {"eq", "ne", "present"},
    "date": {"eq", "ne", "gt", "gte", "lt", "lte", "present"},
    "text": {"eq", "ne", "in", "present"},
}


def operator_fits_type(ctx: Context) -> Iterator[Hit]:
    """Each rule leaf has exactly one operator, the operator makes sense for the fact's
    type (no `gt` on text or booleans, no `in` on dates), and its operand has the fact's
    type (a percent is 0-100, an enum value is one of the declared values)."""
    facts = ctx.fact_decls()
    for loaded, s in each_set(ctx):
        for i, c in enumerate(s.criteria):
            for leaf, loc in leaves(c.rule, ("criteria", i, "rule")):
                ops = leaf.ops()
                if len(ops) != 1:
                    yield loaded, loc, f"a rule leaf needs exactly one operator, found {len(ops)}"
                    continue
                decl = facts.get(leaf.fact)
                if decl is None:
                    continue
                op, operand = ops[0]
                kind = "number" if decl.type in NUMERIC_TYPES else "text" if decl.type == "enum" else decl.type
                if op not in OPERATORS[kind]:
                    yield loaded, (*loc, op), f"operator '{op}' does not apply to {decl.type} fact '{decl.id}'"
                elif op == "present":
                    continue
                else:
                    for value in operand if op == "in" else [operand]:
                        why = fits(decl, value)
                        if why:
                            yield loaded, (*loc, op), f"'{op}' operand {value!r} for fact '{decl.id}': {why}"


def fair_only_flags(ctx: Context) -> Iterator[Hit]:
    """`significant` and `dominant` only mean something on Fair criteria (the report's
    significant and critical Fair criteria). A dominant criterion is always significant,
    so `dominant: true` with `significant: false` is a contradiction."""
    for loaded, s in each_set(ctx):
        for i, c in enumerate(s.criteria):
            for flag in ("significant", "dominant"):
                if c.level != "fair" and getattr(c, flag) is not None:
                    yield loaded, ("criteria", i, flag), f"'{flag}' applies to Fair criteria only; {c.id} is {c.level}"
            if c.level == "fair" and c.dominant and c.significant is False:
                yield loaded, ("criteria", i, "significant"), f"{c.id} is dominant, so it cannot be non-significant"


def levels_not_empty(ctx: Context) -> Iterator[Hit]:
    """A criteria set needs at least one Fair and one Good criterion: Fair is the
    acceptable standard and Good is measured as a share of Good criteria. (A set with no
    Excellent criterion can never grade Excellent; that is allowed but worth knowing.)"""
    for loaded, s in each_set(ctx):
        for level in ("fair", "good"):
            if not any(c.level == level for c in s.criteria):
                yield loaded, ("criteria",), f"set '{s.id}' has no {level.title()} criterion"


def thresholds_consistent(ctx: Context) -> Iterator[Hit]:
    """`good_share` must be below `excellent_share`, and `poor_fair_failures` cannot be
    more than the number of significant Fair criteria, or no Poor would ever be clear."""
    for loaded, s in each_set(ctx):
        t = s.thresholds
        if t.good_share >= t.excellent_share:
            yield (
                loaded,
                ("thresholds", "good_share"),
                f"good_share {t.good_share} must be below excellent_share {t.excellent_share}",
            )
        n = sum(1 for c in s.criteria if c.is_significant)
        if t.poor_fair_failures > n:
            yield (
                loaded,
                ("thresholds", "poor_fair_failures"),
                f"poor_fair_failures is {t.poor_fair_failures} but the set has {n} significant Fair criteria",
            )


def fact_declarations(ctx: Context) -> Iterator[Hit]:
    """An `enum` fact lists its `values`; other types do not. A fact declared by two sets
    of a framework must have the same type in both (evidence holds one value for it)."""
    seen: dict[str, FactDecl] = {}
    for loaded, s in each_set(ctx):
        for i, f in enumerate(s.facts):
            if (f.type == "enum") != (f.values is not None):
                yield loaded, ("facts", i), f"fact '{f.id}': 'values' goes with type enum, and enum needs it"
            if f.id in seen and seen[f.id].type != f.type:
                yield loaded, ("facts", i, "type"), f"fact '{f.id}' is declared elsewhere as {seen[f.id].type}"
            seen.setdefault(f.id, f)
