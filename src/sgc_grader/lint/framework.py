"""Lint rules for framework files: the form of each condition, the names it uses, that
requirements are monotone, that the grade table is complete and unambiguous, and that
the numbers conditions compare with are in range."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import vocab
from ..reading.model import Condition
from .context import Context, Hit, each_set, one_of, rule, shown, suggest

# location, condition, what it reads ("criteria" or "areas"), part (requires or borderline),
# and whether it is a composite's
Where = tuple[tuple[Any, ...], Condition, str, str, bool]


def _conditions(ctx: Context) -> Iterator[Where]:
    fw = ctx.fw()
    for gi, g in enumerate(fw.grades):
        for part in ("requires", "borderline"):
            for ci, c in enumerate(getattr(g, part)):
                yield ("grades", gi, part, ci), c, "criteria", part, False
    for k, comp in enumerate(fw.composites):
        for grade, conds in comp.requires.items():
            for ci, c in enumerate(conds):
                kind = "criteria" if c.criteria is not None else "areas"
                yield ("composites", k, "requires", grade, ci), c, kind, "requires", True


def _framework(ctx: Context) -> Iterator[tuple[Any, Where]]:
    if ctx.framework is not None:
        for w in _conditions(ctx):
            yield ctx.framework, w


@rule("SGC301", "condition-form", "error", "framework")
def condition_form(ctx: Context) -> Iterator[Hit]:
    """A condition has a selector and exactly one test (`at_least`, `status` or `share`),
    which can fail: `at_least: not_met` (for criteria) and `at_least` the lowest grade
    (for areas) always hold. In a grade of the framework the selector is `criteria:`; in
    a composite it is `areas:` (the areas' grades), or `criteria:` (their criteria's
    statuses, with `areas:` limiting them to some of the composite's areas). `count` may
    go with `at_least` or `status`, not with `share`, and `share` reads criteria only.
    Each comparison (`share:`, `count:`) has exactly one operator."""
    lowest = ctx.scale.grades[0]
    for loaded, (loc, c, kind, _, composite) in _framework(ctx):
        if not composite and c.areas is not None:
            yield loaded, (*loc, "areas"), f"condition '{c.id}': a grade selects criteria, not areas"
        elif c.criteria is None and c.areas is None:
            example = "areas: all, or criteria: {...}" if composite else "criteria: {level: ...} ({} selects all)"
            yield loaded, loc, f"condition '{c.id}' needs a selector: {example}"
        tests = [t for t in ("at_least", "status", "share") if getattr(c, t) is not None]
        if len(tests) != 1:
            found = ", ".join(tests) or "none"
            yield loaded, loc, f"condition '{c.id}' needs exactly one test (at_least, status or share); found {found}"
        if c.at_least == (vocab.RANKED[0] if kind == "criteria" else lowest):
            why = (
                "every criterion is at least not met); use partial or met"
                if kind == "criteria"
                else f"every area grades at least {ctx.scale.label(lowest)}); use a grade above it"
            )
            yield loaded, (*loc, "at_least"), f"condition '{c.id}': at_least {c.at_least} always holds ({why}"
        if c.share is not None and c.count is not None:
            yield loaded, (*loc, "count"), f"condition '{c.id}': a share is compared itself; drop 'count'"
        if c.share is not None and kind == "areas":
            yield loaded, (*loc, "share"), f"condition '{c.id}': share reads criteria, not areas"
        for name in ("share", "count"):
            compare = getattr(c, name)
            if compare is not None and len(compare.ops()) != 1:
                yield (
                    loaded,
                    (*loc, name),
                    f"'{name}' needs exactly one operator (gt, gte, lt, lte, eq), found {len(compare.ops())}",
                )


@rule("SGC302", "known-names", "error", "framework")
def known_names(ctx: Context) -> Iterator[Hit]:
    """Every name a condition uses exists: criterion levels, themes and ids, threshold
    names, grades (in `at_least`, `status` and a composite's `requires`), and the areas
    a composite lists (criteria set ids; a condition's areas must be the composite's
    own). A typo would otherwise select nothing, and a test of nothing holds. A criteria
    set's `thresholds` keys are checked with the sets."""
    if ctx.framework is None:
        return
    fw = ctx.fw()
    grades = [g.id for g in fw.grades]
    thresholds = sorted(ctx.scale.known_thresholds())
    areas = [s.id for s in ctx.set_docs()]
    themes = {t.id for s in ctx.set_docs() for t in s.themes}
    criteria = [c.id for s in ctx.set_docs() for c in s.criteria]
    for loaded, (loc, c, kind, _, _) in _framework(ctx):
        values = list(vocab.RANKED) if kind == "criteria" else grades
        if c.at_least is not None and c.at_least not in values:
            yield loaded, (*loc, "at_least"), f"at_least '{c.at_least}' is not known{one_of(c.at_least, values)}"
        for i, s in enumerate(c.status or []):
            if s not in values:
                yield loaded, (*loc, "status", i), f"status '{s}' is not known{one_of(s, values)}"
        if c.criteria is not None and c.criteria.level is not None and c.criteria.level not in fw.levels:
            level = c.criteria.level
            yield loaded, (*loc, "criteria", "level"), f"unknown level '{level}'{one_of(level, fw.levels)}"
        if c.criteria is not None and ctx.sets:
            if c.criteria.theme is not None and c.criteria.theme not in themes:
                theme = c.criteria.theme
                yield loaded, (*loc, "criteria", "theme"), f"unknown theme '{theme}'{one_of(theme, sorted(themes))}"
            for i, cid in enumerate(c.criteria.ids or []):
                if cid not in criteria:
                    yield loaded, (*loc, "criteria", "ids", i), f"unknown criterion '{cid}'{suggest(cid, criteria)}"
        for name in ("share", "count"):
            compare = getattr(c, name)
            for op, value in compare.ops() if compare is not None else []:
                if isinstance(value, str) and value not in thresholds:
                    yield loaded, (*loc, name, op), f"unknown threshold '{value}'{one_of(value, thresholds)}"
        if isinstance(c.areas, list) and areas:
            for i, a in enumerate(c.areas):
                if a not in areas:
                    yield loaded, (*loc, "areas", i), f"unknown area '{a}'{one_of(a, areas)}"
    for k, comp in enumerate(fw.composites):
        if isinstance(comp.areas, list) and areas:
            for i, a in enumerate(comp.areas):
                if a not in areas:
                    yield ctx.framework, ("composites", k, "areas", i), f"unknown area '{a}'{one_of(a, areas)}"
        own = areas if comp.areas == "all" else comp.areas
        for grade, conds in comp.requires.items():
            for j, cond in enumerate(conds):
                for i, a in enumerate(cond.areas if isinstance(cond.areas, list) else []):
                    if a not in own and (a in areas or not areas):
                        loc = ("composites", k, "requires", grade, j, "areas", i)
                        yield ctx.framework, loc, f"area '{a}' is not one of the areas of composite '{comp.id}'"
        for grade in comp.requires:
            if grade not in grades:
                yield (
                    ctx.framework,
                    ("composites", k, "requires", grade, "[key]"),
                    f"unknown grade '{grade}'{one_of(grade, grades)}",
                )


@rule("SGC303", "monotone-requires", "error", "framework")
def monotone_requires(ctx: Context) -> Iterator[Hit]:
    """A requirement may only use tests that improving a finding can never break:
    `at_least` (with `count` gt or gte, or none) and `share` gt or gte. `status`, and
    comparisons lt, lte or eq, belong in `borderline` conditions. `partial_credit`, in the
    framework or a set, is at most 1: above it, meeting a partly met criterion in full
    would lower every share that reads it."""
    for loaded, (loc, c, _, part, _) in _framework(ctx):
        if part != "requires":
            continue
        if c.status is not None:
            yield (
                loaded,
                (*loc, "status"),
                f"requirement '{c.id}' tests status; use at_least (status is for borderline)",
            )
        for name in ("share", "count"):
            compare = getattr(c, name)
            for op, _ in compare.ops() if compare is not None else []:
                if op not in vocab.MONOTONE:
                    yield (
                        loaded,
                        (*loc, name, op),
                        f"requirement '{c.id}' compares with '{op}': meeting more could lower the grade; use gt or gte",
                    )
    owners = [(ctx.framework, ctx.fw().thresholds)] if ctx.framework is not None else []
    for loaded, thresholds in [*owners, *((loaded, s.thresholds) for loaded, s in each_set(ctx))]:
        credit = thresholds.get("partial_credit", 0)
        if credit > 1:
            yield (
                loaded,
                ("thresholds", "partial_credit"),
                f"partial_credit {credit} is more than 1: a partly met criterion would count for more than a met one",
            )


@rule("SGC304", "grade-table", "error", "framework")
def grade_table(ctx: Context) -> Iterator[Hit]:
    """The lowest grade is where every area starts, so it has no `requires`; a composite
    lists `requires` for every grade above the lowest (an empty list means nothing more
    is needed), so that no grade of the composite is left undefined by omission."""
    if ctx.framework is None:
        return
    fw = ctx.fw()
    if fw.grades[0].requires:
        yield ctx.framework, ("grades", 0, "requires"), f"the lowest grade '{fw.grades[0].id}' cannot have requires"
    above = [g.id for g in fw.grades[1:]]
    for k, comp in enumerate(fw.composites):
        if fw.grades[0].id in comp.requires:
            loc = ("composites", k, "requires", fw.grades[0].id, "[key]")
            yield ctx.framework, loc, f"composite '{comp.id}': the lowest grade '{fw.grades[0].id}' needs nothing"
        missing = [g for g in above if g not in comp.requires]
        if missing:
            yield (
                ctx.framework,
                ("composites", k, "requires", "[key]"),
                f"composite '{comp.id}' does not list requires for {', '.join(missing)} (use [] for nothing)",
            )


@rule("SGC305", "unique-names", "error", "framework")
def unique_names(ctx: Context) -> Iterator[Hit]:
    """Levels, grades and composites are named once (ignoring case), a condition id once
    within its grade, a composite does not share an id with an area (`expected:` names
    both), and one framework id has one file."""
    if ctx.framework is None:
        return
    fw, loaded = ctx.fw(), ctx.framework
    for later in ctx.framework_files[1:]:
        yield later, ("id",), f"framework '{fw.id}' is also defined in {loaded.path}"
    for part, ids in (("levels", fw.levels), ("grades", [g.id for g in fw.grades])):
        seen: set[str] = set()
        for i, x in enumerate(ids):
            if x.lower() in seen:
                yield loaded, (part, i) if part == "levels" else (part, i, "id"), f"'{x}' appears twice in {part}"
            seen.add(x.lower())
    for i, g in enumerate(fw.grades):
        ids = [c.id.lower() for c in [*g.requires, *g.borderline]]
        for part in ("requires", "borderline"):
            for j, c in enumerate(getattr(g, part)):
                if ids.count(c.id.lower()) > 1 and ids.index(c.id.lower()) != _position(g, part, j):
                    yield loaded, ("grades", i, part, j, "id"), f"condition id '{c.id}' appears twice in '{g.id}'"
    areas = {s.id.lower() for s in ctx.set_docs()}
    seen_comp: set[str] = set()
    for k, comp in enumerate(fw.composites):
        if comp.id.lower() in seen_comp or comp.id.lower() in areas:
            yield loaded, ("composites", k, "id"), f"composite id '{comp.id}' is already used by a composite or area"
        seen_comp.add(comp.id.lower())
        for grade, conds in comp.requires.items():
            cids = [c.id.lower() for c in conds]
            for j, c in enumerate(conds):
                if cids.index(c.id.lower()) != j:
                    loc = ("composites", k, "requires", grade, j, "id")
                    yield loaded, loc, f"condition id '{c.id}' appears twice in '{comp.id}' {grade}"


def _position(g: Any, part: str, j: int) -> int:
    return j if part == "requires" else len(g.requires) + j


# What a share or a count can be, in words, and whether a number could be one.
_RANGES = {"share": "from 0 to 1", "count": "a whole number"}


def _fits(what: str, value: float) -> bool:
    return 0 <= value <= 1 if what == "share" else float(value).is_integer()


@rule("SGC306", "numbers-in-range", "error", "framework")
def numbers_in_range(ctx: Context) -> Iterator[Hit]:
    """A number a condition compares with could be what it is compared with: a share is
    from 0 to 1 and a count is a whole number, so `share: {gte: 1.5}`, `count: {gte: 1.5}`
    and a threshold of 1.5 that a share or a count names are errors (the condition would
    hold always or never, whatever the findings). A threshold is reported where its value
    is set: the framework file, or a criteria set that gives its own value (composites
    read the framework's)."""
    # threshold name -> (share or count, condition id, whether a set's value is read)
    uses: dict[str, list[tuple[str, str, bool]]] = {}
    for loc, c, _, _, composite in _conditions(ctx):
        for what in ("share", "count"):
            compare = getattr(c, what)
            for op, value in compare.ops() if compare is not None else []:
                if isinstance(value, str):
                    uses.setdefault(value, []).append((what, c.id, not composite))
                elif ctx.framework is not None and not _fits(what, value):
                    yield (
                        ctx.framework,
                        (*loc, what, op),
                        f"condition '{c.id}' compares a {what} with {shown(value)}; a {what} is {_RANGES[what]}",
                    )
    owners = [(ctx.framework, ctx.fw().thresholds, False)] if ctx.framework is not None else []
    owners += [(loaded, s.thresholds, True) for loaded, s in each_set(ctx)]
    for loaded, thresholds, in_set in owners:
        for name, value in thresholds.items():
            reported: set[str] = set()
            for what, cid, per_set in uses.get(name, []):
                if (in_set and not per_set) or what in reported or _fits(what, value):
                    continue
                reported.add(what)
                message = (
                    f"{name} {shown(value)} is compared with a {what} (condition '{cid}'), which is {_RANGES[what]}"
                )
                yield loaded, ("thresholds", name), message
