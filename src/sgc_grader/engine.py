"""The grading engine (SPEC section 2): criteria set + evidence -> an area result.

Pure: no IO, no printing. Shares are exact fractions, so a share equal to a threshold
compares as equal.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from . import result as r
from .model import GRADES, AreaEvidence, CriteriaSet, Criterion, Evidence, Grade, Scalar
from .rules import evaluate, facts_read

MISSING = ("unknown", "unassessed")
RULE_STATUS: dict[bool | None, r.VerdictStatus] = {True: "met", False: "not_met", None: "unknown"}
RULE_VALUE: dict[bool | None, Literal["true", "false", "unknown"]] = {True: "true", False: "false", None: "unknown"}


@dataclass(frozen=True)
class Options:
    use_judgements: bool = True


@dataclass(frozen=True)
class Decision:
    grade: Grade
    step: r.Step
    reason: str
    borderline: bool
    share: Fraction
    numerator: Fraction
    applicable_good: int


@functools.lru_cache(maxsize=64)
def frac(x: float) -> Fraction:
    """The decimal a user wrote (0.8 means 4/5, not the nearest binary float)."""
    return Fraction(str(x))


def _num(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"


def _gain(status: str, partial_credit: Fraction) -> Fraction:
    """What meeting one not-yet-met Good criterion adds to the share's numerator."""
    return 1 - partial_credit if status == "partial" else Fraction(1)


def _numerator(statuses: Sequence[str], partial_credit: Fraction, assume_missing_met: bool = False) -> Fraction:
    """Met + partial_credit x partial, exactly."""
    met = sum(1 for x in statuses if x == "met" or (assume_missing_met and x in MISSING))
    return met + partial_credit * sum(1 for x in statuses if x == "partial")


def decide(cset: CriteriaSet, status: Mapping[str, str], assume_missing_met: bool = False) -> Decision:
    """Apply the five steps of SPEC section 2 to criterion statuses."""
    t = cset.thresholds

    def met(c: Criterion) -> bool:
        s = status[c.id]
        return s == "met" or (assume_missing_met and s in MISSING)

    applicable = [c for c in cset.criteria if status[c.id] != "not_applicable"]
    fair = [c for c in applicable if c.level == "fair"]
    good = [c for c in applicable if c.level == "good"]
    excellent = [c for c in applicable if c.level == "excellent"]
    numerator = _numerator([status[c.id] for c in good], frac(t.partial_credit), assume_missing_met)
    share = numerator / len(good) if good else Fraction(0)

    def done(grade: Grade, step: r.Step, reason: str, borderline: bool = False) -> Decision:
        return Decision(grade, step, reason, borderline, share, numerator, len(good))

    dominant = [c.id for c in fair if c.is_dominant and not met(c)]
    if dominant:
        return done("poor", "dominant", f"dominant Fair criterion not met: {', '.join(dominant)}")
    significant = [c.id for c in fair if c.is_significant and not met(c)]
    if significant:
        n = len(significant)
        borderline = n < t.poor_fair_failures
        note = f" (fewer than {t.poor_fair_failures}: borderline)" if borderline else ""
        return done(
            "poor",
            "fair_not_reached",
            f"{n} significant Fair {'criterion' if n == 1 else 'criteria'} not met: {', '.join(significant)}{note}",
            borderline,
        )
    fair_missed = [c.id for c in fair if not met(c)]

    def share_text(op: str, threshold: Fraction) -> str:
        return f"Good share {_num(numerator)}/{len(good)} = {float(share):.2f} {op} {float(threshold):.2f}"

    if fair_missed:
        return done("fair", "good_not_reached", f"Fair criteria not met: {', '.join(fair_missed)}")
    if share <= frac(t.good_share):
        return done("fair", "good_not_reached", share_text("<=", frac(t.good_share)))
    if share < frac(t.excellent_share):
        return done("good", "excellent_not_reached", share_text("<", frac(t.excellent_share)))
    if not excellent:
        return done("good", "excellent_not_reached", "no applicable Excellent criterion (beacon and innovation tests)")
    excellent_missed = [c.id for c in excellent if not met(c)]
    if excellent_missed:
        return done("good", "excellent_not_reached", f"Excellent criteria not met: {', '.join(excellent_missed)}")
    return done("excellent", "excellent", share_text(">=", frac(t.excellent_share)) + "; all Fair and Excellent met")


def _plus_any(
    candidates: Sequence[tuple[str, Fraction]], numerator: Fraction, target: Fraction, strict: bool
) -> tuple[int, list[str]] | None:
    """Smallest k such that meeting ANY k candidates lifts numerator past target."""

    def enough(x: Fraction) -> bool:
        return x > target if strict else x >= target

    if enough(numerator):
        return 0, []
    useful = [(cid, gain) for cid, gain in candidates if gain > 0]
    total = numerator
    for k, gain in enumerate(sorted(g for _, g in useful), start=1):
        total += gain
        if enough(total):
            return k, [cid for cid, _ in useful]
    return None


_COST = {"partial": 0, "unknown": 1, "unassessed": 1, "not_met": 2}
_LEVEL_RANK = {"fair": 0, "good": 1, "excellent": 2}


def cheapest_first(criteria: Iterable[Criterion], status: Mapping[str, str]) -> list[str]:
    """Ids ordered by the effort to meet them: Fair before Good before Excellent,
    significant before not, already partial before unassessed before not met."""
    ranked = sorted(criteria, key=lambda c: (_LEVEL_RANK[c.level], not c.is_significant, _COST.get(status[c.id], 3)))
    return [c.id for c in ranked]


def _unreachable(target: Grade, must: list[str], why: str) -> r.NextGrade:
    return r.NextGrade(grade=target, reachable=False, must_meet=must, plus_any=0, of=[], why_not=why)


def requirements(cset: CriteriaSet, status: Mapping[str, str], target: Grade) -> r.NextGrade:
    """What reaching `target` needs: every criterion of `must_meet`, plus any `plus_any`
    of `of`; cheapest first."""
    applicable = [c for c in cset.criteria if status[c.id] != "not_applicable"]
    not_met = [c for c in applicable if status[c.id] != "met"]
    if target == "poor":
        return r.NextGrade(grade=target, reachable=True, must_meet=[], plus_any=0, of=[])
    if target == "fair":
        must = cheapest_first((c for c in not_met if c.is_significant), status)
        return r.NextGrade(grade=target, reachable=True, must_meet=must, plus_any=0, of=[])
    levels = ("fair",) if target == "good" else ("fair", "excellent")
    must = cheapest_first((c for c in not_met if c.level in levels), status)
    if target == "excellent" and not any(c.level == "excellent" for c in applicable):
        return _unreachable(
            target, must, "no applicable Excellent criterion; the beacon and innovation tests are required"
        )
    pc = frac(cset.thresholds.partial_credit)
    good = [c for c in applicable if c.level == "good"]
    numerator = _numerator([status[c.id] for c in good], pc)
    order = cheapest_first((c for c in good if status[c.id] != "met"), status)
    gains = [(cid, _gain(status[cid], pc)) for cid in order]
    threshold = frac(cset.thresholds.good_share if target == "good" else cset.thresholds.excellent_share)
    found = _plus_any(gains, numerator, threshold * len(good), strict=target == "good") if good else None
    if found is None:
        op = "above" if target == "good" else "reach"
        return _unreachable(
            target, must, f"the Good share cannot {op} {float(threshold):.2f} even with every Good criterion met"
        )
    k, of = found
    return r.NextGrade(grade=target, reachable=True, must_meet=must, plus_any=k, of=of)


def next_grade(cset: CriteriaSet, status: Mapping[str, str], grade: Grade) -> r.NextGrade | None:
    """What the grade above `grade` needs (None above Excellent)."""
    return None if grade == "excellent" else requirements(cset, status, GRADES[GRADES.index(grade) + 1])


def _verdict(c: Criterion, area: AreaEvidence, evidence: Evidence, facts: dict[str, Scalar]) -> r.Verdict:
    finding = area.findings.get(c.id)
    value = evaluate(c.rule, facts) if c.rule is not None else None
    read = list(dict.fromkeys(facts_read(c.rule))) if c.rule is not None else []
    rule_value = None if c.rule is None else RULE_VALUE[value]
    cites = [r.Cited(source=x.source, at=x.at, quote=x.quote) for x in finding.cite] if finding else []
    status: r.VerdictStatus
    by: Literal["finding", "rule", "none"]
    if finding is not None:
        status, by = finding.status, "finding"
        conflict = value is not None and status != "not_applicable" and value != (status == "met")
    elif c.rule is not None:
        status, by, conflict = RULE_STATUS[value], "rule", False
        cites = [
            r.Cited(source=x.source, at=x.at, quote=x.quote)
            for f in read
            if f in evidence.facts
            for x in evidence.facts[f].cite
        ]
    else:
        status, by, conflict = "unassessed", "none", False
    return r.Verdict(
        id=c.id,
        level=c.level,
        text=c.text,
        theme=c.theme,
        significant=c.is_significant,
        dominant=c.is_dominant,
        status=status,
        decided_by=by,
        conflict=conflict,
        rule_value=rule_value,
        facts_read=[r.FactRead(fact=f, present=f in facts, value=facts.get(f)) for f in read],
        citations=cites,
        note=finding.note if finding else None,
        recommendations=[x.id for x in area.recommendations if c.id in x.addresses],
    )


def grade_area(cset: CriteriaSet, evidence: Evidence, options: Options = Options()) -> r.AreaResult:
    """Grade one area of `evidence` against its criteria set."""
    area = evidence.areas.get(cset.id, AreaEvidence())
    facts = {k: v.value for k, v in evidence.facts.items()}
    verdicts = [_verdict(c, area, evidence, facts) for c in cset.criteria]
    status = {v.id: v.status for v in verdicts}
    d = decide(cset, status)
    best = decide(cset, status, assume_missing_met=True)
    provisional = GRADES.index(best.grade) > GRADES.index(d.grade)
    j = area.judgement
    judged = j is not None and options.use_judgements
    judgement = None
    if j is not None:
        jump = abs(GRADES.index(j.grade) - GRADES.index(d.grade)) > 1
        judgement = r.Judged(grade=j.grade, rationale=j.rationale, by=j.by, jump=jump, applied=judged)
    good_applicable = d.applicable_good
    return r.AreaResult(
        id=cset.id,
        title=cset.title,
        criteria_version=cset.version,
        grade=j.grade if judged and j is not None else d.grade,
        computed_grade=d.grade,
        judged=judged,
        judgement=judgement,
        deciding_step=d.step,
        reason=d.reason,
        provisional=provisional,
        best_possible=best.grade if provisional else d.grade,
        missing=[v.id for v in verdicts if v.status in MISSING] if provisional else [],
        borderline=d.borderline,
        shares={"good": round(float(d.share), 4)},
        share_exact={"good": f"{_num(d.numerator)}/{good_applicable}"},
        counts=_counts(verdicts),
        national_distribution={k: v.model_dump() for k, v in cset.national_distribution.items()},
        criteria=verdicts,
        recommendations=[r.Rec(id=x.id, text=x.text, addresses=list(x.addresses)) for x in area.recommendations],
        next_grade=next_grade(cset, status, d.grade),
    )


def _counts(verdicts: Iterable[r.Verdict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in verdicts:
        key = f"{v.level}_{v.status}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def grade(
    evidence: Evidence,
    sets: Sequence[CriteriaSet],
    source_file: str,
    area: str | None = None,
    options: Options = Options(),
) -> r.SubjectResult:
    """Grade every area the evidence covers (or just `area`), in criteria-file order."""
    chosen = [
        s
        for s in sets
        if s.framework == evidence.framework and s.id in evidence.areas and (area is None or s.id == area)
    ]
    return r.SubjectResult(
        subject=evidence.subject,
        framework=evidence.framework,
        source_file=source_file,
        areas=[grade_area(s, evidence, options) for s in chosen],
    )
