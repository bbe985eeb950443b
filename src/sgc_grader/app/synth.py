"""Synthetic national data sets: N subjects graded against a framework's criteria sets.

Deterministic from a seed. Each subject has a strength per area, drawn so that the
national picture resembles 2007's (most areas Fair or Good, a few Excellent and Poor);
every criterion gets a finding with a citation, and a few are left unassessed.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Iterator, Sequence
from typing import Any

import yaml

from .. import vocab
from ..reading.framework import Scale
from ..reading.model import CriteriaSet, FactDecl

SOURCE = "synthetic-report"
_WORDS = (
    "the force has a clear policy and supervisors review cases at set points while partners share "
    "information through agreed protocols and training is refreshed every year for staff"
).split()


def _fact_value(decl: FactDecl, rnd: random.Random, strength: float) -> Any:
    if decl.type == "percent":
        return round(min(100.0, max(0.0, rnd.gauss(60 + 35 * strength, 12))), 1)
    if decl.type == "boolean":
        return rnd.random() < 0.3 + 0.6 * strength
    if decl.type == "enum":
        return rnd.choice(decl.values or ["x"])
    if decl.type == "integer":
        return rnd.randint(0, 100)
    if decl.type == "date":
        return dt.date(2007, rnd.randint(1, 12), rnd.randint(1, 28))
    if decl.type == "text":
        return " ".join(rnd.sample(_WORDS, 4))
    return round(rnd.uniform(200, 700), 1)


def _status(level: int, levels: int, strength: float, rnd: random.Random) -> str | None:
    """Lowest-level criteria are nearly always met, top-level ones (of three or more)
    rarely, those between in proportion to the subject's strength."""
    if rnd.random() < 0.01:
        return None  # unassessed: leaves the grade provisional
    if level == 0:
        bar = 0.985 + 0.015 * strength
    elif level == levels - 1 and levels > 2:
        bar = 0.9 * strength**2
    else:
        bar = 0.2 + 0.7 * strength
    x = rnd.random()
    if x < bar:
        return vocab.MET
    return vocab.PARTIAL if x < bar + (1 - bar) / 3 else vocab.NOT_MET


def _quote(rnd: random.Random) -> str:
    start = rnd.randrange(len(_WORDS) - 8)
    return " ".join(_WORDS[start : start + rnd.randint(4, 8)])


def subject(index: int, scale: Scale, sets: Sequence[CriteriaSet], seed: int) -> dict[str, Any]:
    """One synthetic evidence document."""
    rnd = random.Random(f"{seed}-{index}")
    strengths = {s.id: min(1.0, max(0.0, rnd.betavariate(2.2, 2.0))) for s in sets}
    facts: dict[str, Any] = {}
    for s in sets:
        for decl in s.facts:
            facts[decl.id] = {"value": _fact_value(decl, rnd, strengths[s.id])}
    areas: dict[str, Any] = {}
    for s in sets:
        findings: dict[str, Any] = {}
        for c in s.criteria:
            status = _status(scale.level_rank(c.level), len(scale.framework.levels), strengths[s.id], rnd)
            if status is None:
                continue
            finding: dict[str, Any] = {
                "status": status,
                "cite": [{"source": SOURCE, "at": f"{s.title} / section {rnd.randint(1, 9)}", "quote": _quote(rnd)}],
            }
            if status == vocab.PARTIAL:
                finding["note"] = "Partly in place."
            findings[c.id] = finding
        recs = [
            {"id": f"R{s.id[:2].upper()}{i}", "text": "That the force improves this.", "addresses": [cid]}
            for i, cid in enumerate(k for k, v in findings.items() if v["status"] == vocab.NOT_MET)
            if i < 2
        ]
        areas[s.id] = {"findings": findings, "recommendations": recs}
        if rnd.random() < 0.02:
            middle = list(scale.grades[1:-1]) or list(scale.grades)
            areas[s.id]["judgement"] = {"grade": rnd.choice(middle), "rationale": "Moderated."}
    return {
        "kind": "evidence",
        "schema_version": 1,
        "subject": f"Synthetic Force {index:04d}",
        "framework": sets[0].framework,
        "assessed": dt.date(2007, 10, 1),
        "sources": [{"id": SOURCE, "title": "A synthetic inspection report"}],
        "facts": facts,
        "areas": areas,
    }


def write(count: int, folder: str, scale: Scale, sets: Sequence[CriteriaSet], seed: int = 2007) -> Iterator[str]:
    """Write `count` evidence files into `folder`; yields each path as it is written."""
    os.makedirs(folder, exist_ok=True)
    for i in range(1, count + 1):
        path = os.path.join(folder, f"force-{i:04d}.yaml")
        with open(path, "w", encoding="utf-8") as f:
            yaml.dump(subject(i, scale, sets, seed), f, Dumper=yaml.CSafeDumper, sort_keys=False, width=100)
        yield path
