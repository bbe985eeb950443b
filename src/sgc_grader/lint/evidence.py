"""Lint rules for evidence files: references, sources, notes, judgements, expectations, quotes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from .. import vocab
from ..reading.evidence import Evidence, Judgement
from ..results.grade import AreaResult, CompositeResult
from ..vocab import written
from .context import Context, Hit, fits, normalise, one_of, rule, shown, suggest


@rule("SGC201", "known-framework", "error", "evidence", reference=True)
def known_framework(ctx: Context) -> Iterator[Hit]:
    """The evidence's `framework` must have criteria sets (from the files checked, or the
    criteria search: `--criteria DIR`, the file's sgc.toml, `criteria/` beside or above it, the
    sets shipped with sgc)."""
    if ctx.evidence is not None and not ctx.sets:
        yield ctx.evidence, ("framework",), f"no criteria sets found for framework '{ctx.ev().framework}'"


@rule("SGC202", "known-areas", "error", "evidence", reference=True)
def known_areas(ctx: Context) -> Iterator[Hit]:
    """Every area under `areas` must be a criteria set of the framework, every key of
    `composites` a composite of the framework, and every key of `expected` an area or a
    composite of the framework."""
    if ctx.evidence is None or not ctx.sets:
        return
    ids = [s.id for s in ctx.set_docs()]
    for area in ctx.ev().areas:
        if area not in ids:
            yield ctx.evidence, ("areas", area, "[key]"), f"unknown area '{area}'{suggest(area, ids)}"
    composites = [c.id for c in ctx.fw().composites]
    for comp in ctx.ev().composites:
        if comp not in composites:
            yield ctx.evidence, ("composites", comp, "[key]"), f"unknown composite '{comp}'{one_of(comp, composites)}"
    names = ids + composites
    for name in ctx.ev().expected:
        if name not in names:
            yield ctx.evidence, ("expected", name, "[key]"), f"unknown area or composite '{name}'{suggest(name, names)}"


@rule("SGC215", "known-grades", "error", "evidence", reference=True)
def known_grades(ctx: Context) -> Iterator[Hit]:
    """A judgement's grade (an area's or a composite's) and every grade under `expected`
    are grade ids of the framework (labels are for reading: `good`, not `Good`)."""
    if ctx.evidence is None:
        return
    grades = list(ctx.scale.grades)
    for part, key, judgement in _judgements(ctx.ev()):
        if judgement.grade not in grades:
            g = judgement.grade
            yield ctx.evidence, (part, key, "judgement", "grade"), f"unknown grade '{g}'{ctx.unknown_grade(g)}"
    for name, g in ctx.ev().expected.items():
        if g not in grades:
            yield ctx.evidence, ("expected", name), f"unknown grade '{g}'{ctx.unknown_grade(g)}"


@rule("SGC203", "known-criteria", "error", "evidence", reference=True)
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
        known = set(ids)
        for cid in area.findings:
            if cid not in known:
                yield (
                    ctx.evidence,
                    ("areas", area_id, "findings", cid, "[key]"),
                    f"'{cid}' is not a criterion of '{area_id}'{suggest(cid, ids)}",
                )


def _citations(ev: Evidence) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for fid, fact in ev.facts.items():
        for i, c in enumerate(fact.cite):
            yield ("facts", fid, "cite", i), c
    for aid, area in ev.areas.items():
        for cid, finding in area.findings.items():
            for i, c in enumerate(finding.cite):
                yield ("areas", aid, "findings", cid, "cite", i), c


@rule("SGC204", "known-sources", "error", "evidence")
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
            yield ctx.evidence, (*loc, "source"), f"unknown source '{c.source}'{suggest(c.source, declared)}"


@rule("SGC205", "not-applicable-note", "error", "evidence")
def not_applicable_note(ctx: Context) -> Iterator[Hit]:
    """A `not_applicable` finding takes the criterion out of every count, so it must say
    why in a `note`."""
    if ctx.evidence is None:
        return
    for aid, area in ctx.ev().areas.items():
        for cid, f in area.findings.items():
            if f.status == vocab.NOT_APPLICABLE and not (f.note or "").strip():
                yield (
                    ctx.evidence,
                    ("areas", aid, "findings", cid, "status"),
                    f"{cid} is not_applicable without a note saying why",
                )


@rule("SGC206", "dominant-not-applicable", "warning", "evidence")
def dominant_not_applicable(ctx: Context) -> Iterator[Hit]:
    """A dominant criterion marks a critical risk to the public; marking it not
    applicable removes the one check that alone can make an area Poor. Allowed, but
    flagged for a moderator."""
    if ctx.evidence is None:
        return
    for aid, area in ctx.ev().areas.items():
        s = ctx.area_set(aid)
        dominant = {c.id for c in s.criteria if c.dominant} if s else set()
        for cid, f in area.findings.items():
            if f.status == vocab.NOT_APPLICABLE and cid in dominant:
                yield (
                    ctx.evidence,
                    ("areas", aid, "findings", cid, "status"),
                    f"dominant criterion {cid} is marked not_applicable",
                )


@rule("SGC207", "judgement-rationale", "error", "evidence")
def judgement_rationale(ctx: Context) -> Iterator[Hit]:
    """A professional judgement that overrides the computed grade must give its
    rationale; an unexplained override is exactly the opacity sgc exists to remove."""
    if ctx.evidence is None:
        return
    for part, key, judgement in _judgements(ctx.ev()):
        if not judgement.rationale.strip():
            yield ctx.evidence, (part, key, "judgement", "rationale"), "a judgement needs a non-empty rationale"


def _judgements(ev: Evidence) -> Iterator[tuple[str, str, Judgement]]:
    """Every judgement the evidence records: ("areas" or "composites", its id, it)."""
    for part, items in (("areas", ev.areas), ("composites", ev.composites)):
        for key, item in items.items():
            if item.judgement is not None:
                yield part, key, item.judgement


@rule("SGC208", "recommendation-targets", "error", "evidence")
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
        known = set(ids)
        seen: set[str] = set()
        for i, rec in enumerate(area.recommendations):
            loc = ("areas", aid, "recommendations", i)
            if rec.id.lower() in seen:
                yield ctx.evidence, (*loc, "id"), f"recommendation id '{rec.id}' appears twice in '{aid}'"
            elif texts.setdefault(rec.id.lower(), rec.text) != rec.text:
                yield ctx.evidence, (*loc, "text"), f"recommendation {rec.id} has a different text elsewhere"
            seen.add(rec.id.lower())
            for j, cid in enumerate(rec.addresses):
                if s is not None and cid not in known:
                    yield (
                        ctx.evidence,
                        (*loc, "addresses", j),
                        f"recommendation {rec.id} addresses unknown criterion '{cid}'{suggest(cid, ids)}",
                    )


@rule("SGC209", "fact-types", "error", "evidence", reference=True)
def fact_types(ctx: Context) -> Iterator[Hit]:
    """Every fact in the evidence is declared by a criteria set of the framework and its
    value has the declared type."""
    if ctx.evidence is None or not ctx.sets:
        return
    decls = ctx.fact_decls()
    for fid, fact in ctx.ev().facts.items():
        decl = decls.get(fid)
        if decl is None:
            yield ctx.evidence, ("facts", fid, "[key]"), f"undeclared fact '{fid}'{suggest(fid, decls)}"
        elif why := fits(decl, fact.value):
            yield ctx.evidence, ("facts", fid, "value"), f"fact '{fid}' is {decl.type}: {why}, got {shown(fact.value)}"


@rule("SGC210", "missing-areas", "warning", "evidence")
def missing_areas(ctx: Context) -> Iterator[Hit]:
    """Areas of the framework that the evidence leaves out are not graded; say so, in
    case one was forgotten."""
    if ctx.evidence is None:
        return
    for s in ctx.set_docs():
        if s.id not in ctx.ev().areas:
            yield ctx.evidence, ("areas",), f"area '{s.id}' of framework '{s.framework}' is not assessed"


@rule("SGC211", "expected-grades", "error", "evidence", grading=True)
def expected_grades(ctx: Context) -> Iterator[Hit]:
    """The grades under `expected:` must be the grades sgc gives (after any professional
    judgement), for areas and composites, so a change to criteria or evidence that moves
    a grade is caught."""
    if ctx.evidence is None:
        return
    ev = ctx.ev()
    result = ctx.result()
    words = ctx.words()
    graded: dict[str, tuple[str, str]] = {}
    both: list[AreaResult | CompositeResult] = [*result.areas, *result.composites]
    for a in both:
        why = f"a judgement; computed {a.computed_grade}" if a.judged else words.reason(a)
        graded[a.id] = (a.grade, why)
    missing = {n.id: n.missing for n in result.not_graded}
    for name, want in ev.expected.items():
        if name in missing:
            why = f"not graded: no evidence for {', '.join(missing[name])}"
            yield ctx.evidence, ("expected", name), f"'{name}' is expected to grade {want} but is {why}"
        elif ctx.area_set(name) is not None and name not in ev.areas:
            yield ctx.evidence, ("expected", name), f"'{name}' is expected to grade {want} but has no evidence"
        elif name in graded and graded[name][0] != want:
            got, why = graded[name]
            yield ctx.evidence, ("expected", name), f"'{name}' grades {got}, expected {want} ({why})"


def _area_statuses(ctx: Context) -> Iterator[tuple[str, Any, dict[str, str]]]:
    """Each assessed area of the evidence with the status the engine gives each criterion."""
    for aid, area in ctx.ev().areas.items():
        result = ctx.area_result(aid)
        if result is not None:
            yield aid, area, {v.id: v.status for v in result.criteria}


@rule("SGC213", "unaddressed-failure", "warning", "evidence", grading=True)
def unaddressed_failures(ctx: Context) -> Iterator[Hit]:
    """A significant criterion found not met (or partial) is what keeps an area from its
    acceptable grade; improvement planning needs a recommendation that addresses it."""
    if ctx.evidence is None:
        return
    for aid, area, status in _area_statuses(ctx):
        s = ctx.area_set(aid)
        assert s is not None
        addressed = {cid for rec in area.recommendations for cid in rec.addresses}
        for c in s.criteria:
            if ctx.scale.significant(c) and status[c.id] in (vocab.NOT_MET, vocab.PARTIAL) and c.id not in addressed:
                loc = ("areas", aid, "findings", c.id, "status") if c.id in area.findings else ("areas", aid)
                yield (
                    ctx.evidence,
                    loc,
                    f"significant criterion {c.id} is {status[c.id]} and no recommendation addresses it",
                )


@rule("SGC214", "recommendation-on-met", "warning", "evidence", grading=True)
def recommendations_on_met(ctx: Context) -> Iterator[Hit]:
    """A recommendation that addresses only criteria already met is either misfiled or
    the finding it rests on is wrong."""
    if ctx.evidence is None:
        return
    for aid, area, status in _area_statuses(ctx):
        for i, rec in enumerate(area.recommendations):
            known = [cid for cid in rec.addresses if cid in status]
            if known and all(status[cid] == vocab.MET for cid in known):
                loc = ("areas", aid, "recommendations", i, "addresses")
                yield (
                    ctx.evidence,
                    loc,
                    f"recommendation {rec.id} addresses only criteria that are met: {', '.join(known)}",
                )


@rule("SGC216", "finding-contradicts-rule", "warning", "evidence", grading=True)
def finding_contradicts_rule(ctx: Context) -> Iterator[Hit]:
    """A finding overrides its criterion's rule, but when the rule can be evaluated and
    says otherwise (met while the rule is false, not met while it is true, partly met
    while it is false or true) one of them is wrong: the inspector should say why in
    the note, or fix the fact or the finding."""
    if ctx.evidence is None:
        return
    for aid in ctx.ev().areas:
        result = ctx.area_result(aid)
        for v in result.criteria if result else []:
            if v.decided_by != "finding" or v.rule_value not in ("true", "false"):
                continue
            if v.conflict or (v.status == vocab.PARTIAL and v.rule_value == "false"):
                read = ", ".join(
                    f"{f.fact} = {written(f.value)}" if f.present else f"{f.fact} absent" for f in v.facts_read
                )
                loc = ("areas", aid, "findings", v.id, "status")
                yield ctx.evidence, loc, f"{v.id} is {v.status} but its rule is {v.rule_value} ({read})"


@rule("SGC217", "finding-cited", "warning", "evidence")
def findings_cited(ctx: Context) -> Iterator[Hit]:
    """A finding that credits a criterion (met or partial) cites what it rests on, so a
    reader can check it against the source."""
    if ctx.evidence is None:
        return
    for aid, area in ctx.ev().areas.items():
        for cid, f in area.findings.items():
            if vocab.credits(f.status) and not f.cite:
                yield ctx.evidence, ("areas", aid, "findings", cid, "status"), f"{cid} is {f.status} with no citation"


@rule("SGC212", "quotes-verbatim", "error", "evidence")
def quotes_verbatim(ctx: Context) -> Iterator[Hit]:
    """With `--sources DIR`, every quote must appear verbatim in `DIR/<source id>.txt`
    (ignoring differences in whitespace and line breaks)."""
    if ctx.evidence is None or ctx.sources_dir is None:
        return
    missing: set[str] = set()
    for loc, c in _citations(ctx.ev()):
        if c.quote is None:
            continue
        path = os.path.join(ctx.sources_dir, f"{c.source}.txt")  # ids cannot contain '/' or '..'
        text = ctx.source_text(path)
        if text is None:
            if path not in missing:  # once per source, at its first quote
                missing.add(path)
                yield ctx.evidence, (*loc, "source"), f"no readable source text {path} to check quotes against"
        elif normalise(c.quote) not in text:
            yield ctx.evidence, (*loc, "quote"), f"quote not found in {path}: {c.quote[:60]!r}"
