"""Meaning checks for criteria sets and evidence (`sgc check`).

Each rule is a small unit: an id, a severity, a docstring that is its user
documentation, and a pure function that yields (document, location, message).
`RULES` is the explicit registry; `run` applies them and places each problem at its
`path:line:col`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .engine import grade_area
from .errors import SgcError
from .load import Loaded
from .model import CriteriaSet, Evidence, FactDecl, Leaf

Hit = tuple[Loaded, tuple[Any, ...], str]


@dataclass(frozen=True)
class Context:
    """What a rule sees: one framework's criteria sets, and the evidence if any."""

    sets: Sequence[Loaded]
    evidence: Loaded | None = None
    sources_dir: str | None = None
    source_texts: dict[str, str | None] = field(default_factory=dict)  # read once per run

    def source_text(self, path: str) -> str | None:
        """A source's text with whitespace folded, or None when it cannot be read."""
        if path not in self.source_texts:
            try:
                with open(path, encoding="utf-8") as f:
                    self.source_texts[path] = _normalise(f.read())
            except (OSError, UnicodeDecodeError):
                self.source_texts[path] = None
        return self.source_texts[path]

    def set_docs(self) -> list[CriteriaSet]:
        return [s.doc for s in self.sets if isinstance(s.doc, CriteriaSet)]

    def ev(self) -> Evidence:
        assert self.evidence is not None and isinstance(self.evidence.doc, Evidence)
        return self.evidence.doc

    def area_set(self, area: str) -> CriteriaSet | None:
        return next((s for s in self.set_docs() if s.id == area), None)

    def fact_decls(self) -> dict[str, FactDecl]:
        return {f.id: f for s in self.set_docs() for f in s.facts}


@dataclass(frozen=True)
class LintRule:
    id: str
    name: str
    severity: str  # "error" or "warning"
    scope: str  # "criteria" or "evidence"
    check: Callable[[Context], Iterator[Hit]]

    @property
    def doc(self) -> str:
        return " ".join((self.check.__doc__ or "").split())


def _sets(ctx: Context) -> Iterator[tuple[Loaded, CriteriaSet]]:
    for s in ctx.sets:
        assert isinstance(s.doc, CriteriaSet)
        yield s, s.doc


def _leaves(rule: Any, loc: tuple[Any, ...]) -> Iterator[tuple[Leaf, tuple[Any, ...]]]:
    for key in ("all", "any"):
        for i, child in enumerate(getattr(rule, key, None) or []):
            yield from _leaves(child, (*loc, key, i))
    if hasattr(rule, "not_"):
        yield from _leaves(rule.not_, (*loc, "not"))
    if isinstance(rule, Leaf):
        yield rule, loc


# --- criteria rules ------------------------------------------------------------------


def unique_ids(ctx: Context) -> Iterator[Hit]:
    """Ids are unique ignoring case: criteria set ids and criterion ids across the whole
    framework, theme and fact ids within a set. Two ids that differ only by case would be
    confused by people and by case-insensitive file systems."""
    seen_sets: dict[str, str] = {}
    seen_criteria: dict[str, str] = {}
    for loaded, s in _sets(ctx):
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
    for loaded, s in _sets(ctx):
        themes = {t.id for t in s.themes}
        for i, c in enumerate(s.criteria):
            if c.theme is not None and c.theme not in themes:
                yield loaded, ("criteria", i, "theme"), f"unknown theme '{c.theme}'{_suggest(c.theme, themes)}"
            for leaf, loc in _leaves(c.rule, ("criteria", i, "rule")):
                if leaf.fact not in facts:
                    yield (
                        loaded,
                        (*loc, "fact"),
                        f"rule reads undeclared fact '{leaf.fact}'{_suggest(leaf.fact, facts)}",
                    )


_NUMERIC = ("number", "percent", "integer")
_OPS = {
    "number": {"eq", "ne", "gt", "gte", "lt", "lte", "in", "present"},
    "boolean": {"eq", "ne", "present"},
    "date": {"eq", "ne", "gt", "gte", "lt", "lte", "present"},
    "text": {"eq", "ne", "in", "present"},
}


def _fits(decl: FactDecl, value: Any) -> str | None:
    """Why `value` is not of the declared fact type, or None if it is."""
    t = decl.type
    if t in _NUMERIC:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"expected a {t}"
        if t == "integer" and not isinstance(value, int):
            return "expected a whole number"
        if t == "percent" and not 0 <= value <= 100:
            return "a percent is between 0 and 100"
        return None
    if t == "boolean":
        return None if isinstance(value, bool) else "expected true or false"
    if t == "date":
        return (
            None
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime)
            else "expected a date (YYYY-MM-DD)"
        )
    if not isinstance(value, str):
        return "expected text"
    if t == "enum" and value not in (decl.values or []):
        return f"expected one of {', '.join(decl.values or [])}"
    return None


def operator_fits_type(ctx: Context) -> Iterator[Hit]:
    """Each rule leaf has exactly one operator, the operator makes sense for the fact's
    type (no `gt` on text or booleans, no `in` on dates), and its operand has the fact's
    type (a percent is 0-100, an enum value is one of the declared values)."""
    facts = ctx.fact_decls()
    for loaded, s in _sets(ctx):
        for i, c in enumerate(s.criteria):
            for leaf, loc in _leaves(c.rule, ("criteria", i, "rule")):
                ops = leaf.ops()
                if len(ops) != 1:
                    yield loaded, loc, f"a rule leaf needs exactly one operator, found {len(ops)}"
                    continue
                decl = facts.get(leaf.fact)
                if decl is None:
                    continue
                op, operand = ops[0]
                kind = "number" if decl.type in _NUMERIC else "text" if decl.type == "enum" else decl.type
                if op not in _OPS[kind]:
                    yield loaded, (*loc, op), f"operator '{op}' does not apply to {decl.type} fact '{decl.id}'"
                elif op == "present":
                    continue
                else:
                    for value in operand if op == "in" else [operand]:
                        why = _fits(decl, value)
                        if why:
                            yield loaded, (*loc, op), f"'{op}' operand {value!r} for fact '{decl.id}': {why}"


def fair_only_flags(ctx: Context) -> Iterator[Hit]:
    """`significant` and `dominant` only mean something on Fair criteria (the report's
    significant and critical Fair criteria). A dominant criterion is always significant,
    so `dominant: true` with `significant: false` is a contradiction."""
    for loaded, s in _sets(ctx):
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
    for loaded, s in _sets(ctx):
        for level in ("fair", "good"):
            if not any(c.level == level for c in s.criteria):
                yield loaded, ("criteria",), f"set '{s.id}' has no {level.title()} criterion"


def thresholds_consistent(ctx: Context) -> Iterator[Hit]:
    """`good_share` must be below `excellent_share`, and `poor_fair_failures` cannot be
    more than the number of significant Fair criteria, or no Poor would ever be clear."""
    for loaded, s in _sets(ctx):
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
    for loaded, s in _sets(ctx):
        for i, f in enumerate(s.facts):
            if (f.type == "enum") != (f.values is not None):
                yield loaded, ("facts", i), f"fact '{f.id}': 'values' goes with type enum, and enum needs it"
            if f.id in seen and seen[f.id].type != f.type:
                yield loaded, ("facts", i, "type"), f"fact '{f.id}' is declared elsewhere as {seen[f.id].type}"
            seen.setdefault(f.id, f)


# --- evidence rules ------------------------------------------------------------------


def _suggest(word: str, known: Any) -> str:
    lower = {k.lower(): k for k in known}
    if word.lower() in lower:
        return f" (did you mean '{lower[word.lower()]}'? ids are case-sensitive)"
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def known_framework(ctx: Context) -> Iterator[Hit]:
    """The evidence's `framework` must have criteria sets (from the files checked, or the
    criteria search: `--criteria DIR`, `./criteria`, the sets shipped with sgc)."""
    if ctx.evidence is not None and not ctx.sets:
        yield ctx.evidence, ("framework",), f"no criteria sets found for framework '{ctx.ev().framework}'"


def known_areas(ctx: Context) -> Iterator[Hit]:
    """Every area under `areas` and `expected` must be a criteria set of the framework."""
    if ctx.evidence is None or not ctx.sets:
        return
    ids = [s.id for s in ctx.set_docs()]
    for part in ("areas", "expected"):
        for area in getattr(ctx.ev(), part):
            if area not in ids:
                yield ctx.evidence, (part, area, "[key]"), f"unknown area '{area}'{_suggest(area, ids)}"


def known_criteria(ctx: Context) -> Iterator[Hit]:
    """Every finding names a criterion of its area, exactly (a typo or a case slip would
    otherwise leave the criterion unassessed and the finding ignored)."""
    if ctx.evidence is None:
        return
    for area_id, area in ctx.ev().areas.items():
        s = ctx.area_set(area_id)
        if s is None:
            continue
        ids = [c.id for c in s.criteria]
        for cid in area.findings:
            if cid not in ids:
                yield (
                    ctx.evidence,
                    ("areas", area_id, "findings", cid, "[key]"),
                    f"'{cid}' is not a criterion of '{area_id}'{_suggest(cid, ids)}",
                )


def _citations(ev: Evidence) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for fid, fact in ev.facts.items():
        for i, c in enumerate(fact.cite):
            yield ("facts", fid, "cite", i), c
    for aid, area in ev.areas.items():
        for cid, finding in area.findings.items():
            for i, c in enumerate(finding.cite):
                yield ("areas", aid, "findings", cid, "cite", i), c


def known_sources(ctx: Context) -> Iterator[Hit]:
    """Every citation names a source declared under `sources`, and source ids are unique
    ignoring case."""
    if ctx.evidence is None:
        return
    ev = ctx.ev()
    ids: set[str] = set()
    for i, src in enumerate(ev.sources):
        if src.id.lower() in ids:
            yield ctx.evidence, ("sources", i, "id"), f"source id '{src.id}' appears twice"
        ids.add(src.id.lower())
    declared = [s.id for s in ev.sources]
    for loc, c in _citations(ev):
        if c.source not in declared:
            yield ctx.evidence, (*loc, "source"), f"unknown source '{c.source}'{_suggest(c.source, declared)}"


def not_applicable_note(ctx: Context) -> Iterator[Hit]:
    """A `not_applicable` finding takes the criterion out of every count, so it must say
    why in a `note`."""
    if ctx.evidence is None:
        return
    for aid, area in ctx.ev().areas.items():
        for cid, f in area.findings.items():
            if f.status == "not_applicable" and not (f.note or "").strip():
                yield (
                    ctx.evidence,
                    ("areas", aid, "findings", cid, "status"),
                    f"{cid} is not_applicable without a note saying why",
                )


def dominant_not_applicable(ctx: Context) -> Iterator[Hit]:
    """A dominant criterion marks a critical risk to the public; marking it not
    applicable removes the one check that alone can make an area Poor. Allowed, but
    flagged for a moderator."""
    if ctx.evidence is None:
        return
    for aid, area in ctx.ev().areas.items():
        s = ctx.area_set(aid)
        dominant = {c.id for c in s.criteria if c.is_dominant} if s else set()
        for cid, f in area.findings.items():
            if f.status == "not_applicable" and cid in dominant:
                yield (
                    ctx.evidence,
                    ("areas", aid, "findings", cid, "status"),
                    f"dominant criterion {cid} is marked not_applicable",
                )


def judgement_rationale(ctx: Context) -> Iterator[Hit]:
    """A professional judgement that overrides the computed grade must give its
    rationale; an unexplained override is exactly the opacity sgc exists to remove."""
    if ctx.evidence is None:
        return
    for aid, area in ctx.ev().areas.items():
        if area.judgement is not None and not area.judgement.rationale.strip():
            yield ctx.evidence, ("areas", aid, "judgement", "rationale"), "a judgement needs a non-empty rationale"


def recommendation_targets(ctx: Context) -> Iterator[Hit]:
    """Recommendations address criteria of their own area. An id names one
    recommendation: it appears once per area, and where one recommendation is recorded in
    several areas (a force-wide one) its text is the same everywhere."""
    if ctx.evidence is None:
        return
    texts: dict[str, str] = {}
    for aid, area in ctx.ev().areas.items():
        s = ctx.area_set(aid)
        ids = [c.id for c in s.criteria] if s else []
        seen: set[str] = set()
        for i, rec in enumerate(area.recommendations):
            loc = ("areas", aid, "recommendations", i)
            if rec.id.lower() in seen:
                yield ctx.evidence, (*loc, "id"), f"recommendation id '{rec.id}' appears twice in '{aid}'"
            elif texts.setdefault(rec.id.lower(), rec.text) != rec.text:
                yield ctx.evidence, (*loc, "text"), f"recommendation {rec.id} has a different text elsewhere"
            seen.add(rec.id.lower())
            for j, cid in enumerate(rec.addresses):
                if s is not None and cid not in ids:
                    yield (
                        ctx.evidence,
                        (*loc, "addresses", j),
                        f"recommendation {rec.id} addresses unknown criterion '{cid}'{_suggest(cid, ids)}",
                    )


def fact_types(ctx: Context) -> Iterator[Hit]:
    """Every fact in the evidence is declared by a criteria set of the framework and its
    value has the declared type."""
    if ctx.evidence is None or not ctx.sets:
        return
    decls = ctx.fact_decls()
    for fid, fact in ctx.ev().facts.items():
        decl = decls.get(fid)
        if decl is None:
            yield ctx.evidence, ("facts", fid, "[key]"), f"undeclared fact '{fid}'{_suggest(fid, decls)}"
        elif why := _fits(decl, fact.value):
            yield ctx.evidence, ("facts", fid, "value"), f"fact '{fid}' is {decl.type}: {why}, got {fact.value!r}"


def missing_areas(ctx: Context) -> Iterator[Hit]:
    """Areas of the framework that the evidence leaves out are not graded; say so, in
    case one was forgotten."""
    if ctx.evidence is None:
        return
    for s in ctx.set_docs():
        if s.id not in ctx.ev().areas:
            yield ctx.evidence, ("areas",), f"area '{s.id}' of framework '{s.framework}' is not assessed"


def expected_grades(ctx: Context) -> Iterator[Hit]:
    """The grades under `expected:` must be the grades sgc gives (after any professional
    judgement), so a change to criteria or evidence that moves a grade is caught."""
    if ctx.evidence is None:
        return
    ev = ctx.ev()
    for aid, want in ev.expected.items():
        s = ctx.area_set(aid)
        if s is None:
            continue
        if aid not in ev.areas:
            yield ctx.evidence, ("expected", aid), f"'{aid}' is expected to grade {want} but has no evidence"
            continue
        got = grade_area(s, ev)
        if got.grade != want:
            yield ctx.evidence, ("expected", aid), f"'{aid}' grades {got.grade}, expected {want} ({got.reason})"


def _area_statuses(ctx: Context) -> Iterator[tuple[str, Any, dict[str, str]]]:
    """Each assessed area of the evidence with the status the engine gives each criterion."""
    ev = ctx.ev()
    for aid, area in ev.areas.items():
        s = ctx.area_set(aid)
        if s is not None:
            yield aid, area, {v.id: v.status for v in grade_area(s, ev).criteria}


def unaddressed_failures(ctx: Context) -> Iterator[Hit]:
    """A significant Fair criterion found not met (or partial) is what keeps an area from
    Fair; improvement planning needs a recommendation that addresses it."""
    if ctx.evidence is None:
        return
    for aid, area, status in _area_statuses(ctx):
        s = ctx.area_set(aid)
        assert s is not None
        addressed = {cid for rec in area.recommendations for cid in rec.addresses}
        for c in s.criteria:
            if c.is_significant and status[c.id] in ("not_met", "partial") and c.id not in addressed:
                loc = ("areas", aid, "findings", c.id, "status") if c.id in area.findings else ("areas", aid)
                yield (
                    ctx.evidence,
                    loc,
                    f"significant Fair criterion {c.id} is {status[c.id]} and no recommendation addresses it",
                )


def recommendations_on_met(ctx: Context) -> Iterator[Hit]:
    """A recommendation that addresses only criteria already met is either misfiled or
    the finding it rests on is wrong."""
    if ctx.evidence is None:
        return
    for aid, area, status in _area_statuses(ctx):
        for i, rec in enumerate(area.recommendations):
            known = [cid for cid in rec.addresses if cid in status]
            if known and all(status[cid] == "met" for cid in known):
                loc = ("areas", aid, "recommendations", i, "addresses")
                yield (
                    ctx.evidence,
                    loc,
                    f"recommendation {rec.id} addresses only criteria that are met: {', '.join(known)}",
                )


def _normalise(text: str) -> str:
    return " ".join(text.split())


def quotes_verbatim(ctx: Context) -> Iterator[Hit]:
    """With `--sources DIR`, every quote must appear verbatim in `DIR/<source id>.txt`
    (ignoring differences in whitespace and line breaks)."""
    if ctx.evidence is None or ctx.sources_dir is None:
        return
    for loc, c in _citations(ctx.ev()):
        if c.quote is None:
            continue
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", c.source):
            continue
        path = os.path.join(ctx.sources_dir, f"{c.source}.txt")
        text = ctx.source_text(path)
        if text is None:
            yield ctx.evidence, (*loc, "source"), f"no source text {path} to check the quote against"
        elif _normalise(c.quote) not in text:
            yield ctx.evidence, (*loc, "quote"), f"quote not found in {path}: {c.quote[:60]!r}"


_ALL = [
    LintRule("SGC101", "unique-ids", "error", "criteria", unique_ids),
    LintRule("SGC102", "known-references", "error", "criteria", known_references),
    LintRule("SGC103", "operator-fits-type", "error", "criteria", operator_fits_type),
    LintRule("SGC104", "fair-only-flags", "error", "criteria", fair_only_flags),
    LintRule("SGC105", "levels-not-empty", "error", "criteria", levels_not_empty),
    LintRule("SGC106", "thresholds-consistent", "error", "criteria", thresholds_consistent),
    LintRule("SGC107", "fact-declarations", "error", "criteria", fact_declarations),
    LintRule("SGC201", "known-framework", "error", "evidence", known_framework),
    LintRule("SGC202", "known-areas", "error", "evidence", known_areas),
    LintRule("SGC203", "known-criteria", "error", "evidence", known_criteria),
    LintRule("SGC204", "known-sources", "error", "evidence", known_sources),
    LintRule("SGC205", "not-applicable-note", "error", "evidence", not_applicable_note),
    LintRule("SGC206", "dominant-not-applicable", "warning", "evidence", dominant_not_applicable),
    LintRule("SGC207", "judgement-rationale", "error", "evidence", judgement_rationale),
    LintRule("SGC208", "recommendation-targets", "error", "evidence", recommendation_targets),
    LintRule("SGC209", "fact-types", "error", "evidence", fact_types),
    LintRule("SGC210", "missing-areas", "warning", "evidence", missing_areas),
    LintRule("SGC211", "expected-grades", "error", "evidence", expected_grades),
    LintRule("SGC212", "quotes-verbatim", "error", "evidence", quotes_verbatim),
    LintRule("SGC213", "unaddressed-failure", "warning", "evidence", unaddressed_failures),
    LintRule("SGC214", "recommendation-on-met", "warning", "evidence", recommendations_on_met),
]
RULES: dict[str, LintRule] = {r.id: r for r in _ALL}

# Rules whose failure means the engine would read the evidence wrongly: `sgc grade`
# refuses to grade (exit 2) when one of these fails.
REFERENCE_RULES = ("SGC201", "SGC202", "SGC203", "SGC209")


def misreadings(evidence: Loaded, sets: Sequence[Loaded]) -> list[SgcError]:
    """Errors of the REFERENCE_RULES: why the engine would misread this evidence."""
    assert isinstance(evidence.doc, Evidence)
    framework_sets = [s for s in sets if isinstance(s.doc, CriteriaSet) and s.doc.framework == evidence.doc.framework]
    ctx = Context(sets=framework_sets, evidence=evidence)
    return [e for e in run(ctx, "evidence", REFERENCE_RULES) if e.severity == "error"]


def run(ctx: Context, scope: str, only: Sequence[str] | None = None) -> list[SgcError]:
    """Apply the rules of `scope` (or just `only`) and place each problem in its file."""
    problems: list[SgcError] = []
    for rule in RULES.values():
        if rule.scope != scope or (only is not None and rule.id not in only):
            continue
        if rule.id == "SGC211" and any(p.severity == "error" for p in problems):
            continue  # grading broken evidence would only repeat those errors
        for loaded, loc, message in rule.check(ctx):
            line, col = loaded.where(*loc)
            problems.append(SgcError(loaded.path, line, col, f"{message} [{rule.id}]", rule.severity))
    return problems
