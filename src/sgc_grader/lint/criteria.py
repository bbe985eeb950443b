"""Lint rules for criteria sets: ids, references, rule operators, flags, reachable
grades, thresholds."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from .. import vocab
from ..grading.conditions import selection, single
from ..grading.engine import area_table, climb, criteria_board
from ..grading.rules import walk
from ..reading.load import Loaded
from ..reading.model import FactDecl
from ..results.trail import Check
from ..vocab import OPS
from .context import NUMERIC_TYPES, Context, Hit, each_set, fits, one_of, rule, shown, suggest


def _at(loaded: Loaded, loc: tuple[str | int, ...]) -> str:
    """Where a thing is, as path:line:col, for a message about another place."""
    line, col = loaded.where(*loc)
    return f"{loaded.path}:{line}:{col}"


@rule("SGC101", "unique-ids", "error", "criteria")
def unique_ids(ctx: Context) -> Iterator[Hit]:
    """Ids are unique ignoring case: criteria set ids and criterion ids across the whole
    framework (and no criterion has the id of a set: a composite reads both), theme and
    fact ids within a set; the message names where the id was first used. Two ids that
    differ only by case would be confused by people and by case-insensitive file systems."""
    seen_sets: dict[str, str] = {}
    seen_criteria: dict[str, str] = {}
    for loaded, s in each_set(ctx):
        if s.id.lower() in seen_sets:
            yield loaded, ("id",), f"criteria set id '{s.id}' is also used by {seen_sets[s.id.lower()]}"
        seen_sets.setdefault(s.id.lower(), _at(loaded, ("id",)))
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
            seen_criteria.setdefault(c.id.lower(), f"{_at(loaded, ('criteria', i, 'id'))}, set '{s.id}'")
    for loaded, s in each_set(ctx):
        for i, c in enumerate(s.criteria):
            if c.id.lower() in seen_sets:
                where = seen_sets[c.id.lower()]
                yield loaded, ("criteria", i, "id"), f"criterion id '{c.id}' is also the id of a criteria set ({where})"


@rule("SGC102", "known-references", "error", "criteria")
def known_references(ctx: Context) -> Iterator[Hit]:
    """Names a set uses must exist: a criterion's `level` is one of the framework's
    levels, its theme is declared in the set's `themes`, every fact a rule reads is
    declared in `facts` of a set of the same framework, `national_distribution` counts
    the framework's grades, and `thresholds` names the framework's numbers."""
    facts = ctx.fact_decls()
    levels = ctx.fw().levels
    grades = list(ctx.scale.grades)
    known = sorted(ctx.scale.known_thresholds())
    for loaded, s in each_set(ctx):
        for name in s.thresholds:
            if name not in known:
                yield loaded, ("thresholds", name, "[key]"), f"unknown threshold '{name}'{one_of(name, known)}"
        for year, dist in s.national_distribution.items():
            for g in dist:
                if g not in grades:
                    loc = ("national_distribution", year, g, "[key]")
                    yield loaded, loc, f"unknown grade '{g}'{ctx.unknown_grade(g)}"
        themes = {t.id for t in s.themes}
        for i, c in enumerate(s.criteria):
            if c.level not in levels:
                yield loaded, ("criteria", i, "level"), f"unknown level '{c.level}'{one_of(c.level, levels)}"
            if c.theme is not None and c.theme not in themes:
                yield loaded, ("criteria", i, "theme"), f"unknown theme '{c.theme}'{suggest(c.theme, themes)}"
            for leaf, loc, _ in walk(c.rule, ("criteria", i, "rule")):
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


@rule("SGC103", "operator-fits-type", "error", "criteria")
def operator_fits_type(ctx: Context) -> Iterator[Hit]:
    """Each rule leaf has exactly one operator, the operator makes sense for the fact's
    type (no `gt` on text or booleans, no `in` on dates), and its operand has the fact's
    type (a percent is 0-100, an enum value is one of the declared values)."""
    facts = ctx.fact_decls()
    for loaded, s in each_set(ctx):
        for i, c in enumerate(s.criteria):
            for leaf, loc, _ in walk(c.rule, ("criteria", i, "rule")):
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
                            yield loaded, (*loc, op), f"'{op}' operand {shown(value)} for fact '{decl.id}': {why}"


@rule("SGC104", "flags-consistent", "error", "criteria")
def flags_consistent(ctx: Context) -> Iterator[Hit]:
    """A dominant criterion is always significant (failing it alone can decide the
    grade), so `dominant: true` with `significant: false` is a contradiction."""
    for loaded, s in each_set(ctx):
        for i, c in enumerate(s.criteria):
            if c.dominant and c.significant is False:
                yield loaded, ("criteria", i, "significant"), f"{c.id} is dominant, so it cannot be non-significant"


@rule("SGC105", "grades-reachable", "warning", "criteria", grading=True)
def grades_reachable(ctx: Context) -> Iterator[Hit]:
    """Every grade of the framework can be reached when every criterion is met. A set
    with no criterion at a level some requirement reads (no Excellent criterion, say)
    can never reach that grade; allowed, but worth knowing."""
    table = area_table(ctx.scale)
    for loaded, s in each_set(ctx):
        board = criteria_board(ctx.scale, s, {c.id: vocab.MET for c in s.criteria})
        top = climb(ctx.scale.grades, table, board)
        if top.index < len(ctx.scale.grades) - 1:
            yield (
                loaded,
                ("id",),
                f"set '{s.id}' can never grade above {ctx.scale.label(ctx.scale.grades[top.index])}: "
                + _reason(ctx, top.deciding),
            )


@rule("SGC106", "thresholds-consistent", "warning", "criteria", grading=True)
def thresholds_consistent(ctx: Context) -> Iterator[Hit]:
    """A threshold that a `count` compares with must be able to go either way for this
    set: `poor_fair_failures` 3 with only 2 significant Fair criteria makes every Poor
    borderline. The message names the value to set."""
    written = set(ctx.fw().thresholds) if ctx.framework is not None else set()
    for loaded, s in each_set(ctx):
        board = criteria_board(ctx.scale, s, {c.id: vocab.MET for c in s.criteria})
        for g in ctx.fw().grades:
            for cond in [*g.requires, *g.borderline]:
                if cond.count is None or len(cond.count.ops()) != 1 or cond.criteria is None:
                    continue
                op, name = single(cond.count)
                if not isinstance(name, str) or name not in board.thresholds:
                    continue
                n = len(board.select(cond))
                value = board.thresholds[name]
                if _varies(op, value, n):
                    continue
                fix = min(
                    (t for t in range(n + 2) if _varies(op, Fraction(t), n)), key=lambda t: abs(t - value), default=None
                )
                origin = "" if name in s.thresholds or name in written else "default "
                what = ctx.words().describe(selection(cond, board), n)
                loc = ("thresholds", name) if name in s.thresholds else ("thresholds",) if s.thresholds else ("id",)
                size = "more than" if value > n else "too small for"
                advice = f"; set thresholds: {{{name}: {fix}}}" if fix is not None else ""
                yield (
                    loaded,
                    loc,
                    f"{origin}{name} {value} is {size} the {n} {what} ('{cond.id}' can never change){advice}",
                )


def _varies(op: str, value: Fraction, n: int) -> bool:
    """Whether `count OP value` differs for some count of passing items in 0..n."""
    return len({OPS[op](Fraction(k), value) for k in range(n + 1)}) > 1


@rule("SGC107", "fact-declarations", "error", "criteria")
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


def _reason(ctx: Context, deciding: Check | None) -> str:
    """Why a set stops below the top grade, in the trail's words."""
    if deciding is None:
        return "every requirement holds"
    return ctx.words().needs(deciding)
