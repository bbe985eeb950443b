"""Grade the Thames Valley evidence under other readings; print the tables docs/hmic-2007.md holds.

Run as `.venv/bin/python docs/other_readings.py`. It drives the installed `sgc` command only
(`grade --format json`, `--criteria` on temporary copies of the criteria folder, temporary copies
of the evidence), so it does not depend on how the sgc_grader package is laid out.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = ROOT / "criteria"
EVIDENCE = ROOT / "evidence" / "thames-valley.yaml"
RANK = {"not_met": 0, "partial": 1, "met": 2}
WORDS = {"not_met": "not met", "partial": "partial", "met": "met"}

# The findings the second readings in docs/hmic-2007.md call debatable, each with the other
# reading; PP-G19's note calls partial arguable.
DEBATABLE = {
    "NP-F4": "partial",
    "NP-F6": "met",
    "NP-G5": "not_met",
    "NP-G6": "not_met",
    "NP-G13": "not_met",
    "NP-E2": "partial",
    "PM-G6": "not_met",
    "PM-G7": "not_met",
    "PM-G15": "partial",
    "CA-F1": "partial",
    "CA-G2": "not_met",
    "DV-G14": "met",
    "DV-E2": "met",
    "PP-G15": "not_met",
    "PP-G19": "partial",
    "MP-E2": "partial",
}

Doc = dict[str, Any]
# libyaml when PyYAML has it: the pure-Python reader takes most of a second over the evidence.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def read(path: Path) -> Doc:
    doc: Doc = yaml.load(path.read_text(), Loader=Loader)
    return doc


def sgc() -> str:
    beside = Path(sys.executable).with_name("sgc")
    found = str(beside) if beside.exists() else shutil.which("sgc")
    if found is None:
        sys.exit("other_readings.py: no sgc command beside this Python or on PATH")
    return found


def grade(criteria: Path, *evidence: Path) -> list[Doc]:
    """One `sgc grade` run: each evidence file's result, in order."""
    args = [sgc(), "grade", "--format", "json", "--sensitivity", "--criteria", str(criteria), *map(str, evidence)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"other_readings.py: {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    results: list[Doc] = json.loads(done.stdout)["results"]
    assert [Path(r["source_file"]).resolve() for r in results] == [e.resolve() for e in evidence]
    return results


def write(data: Doc, path: Path) -> Path:
    path.write_text(yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=1000))
    return path


def criteria_copy(where: Path, framework: Callable[[Doc], None], sets: Callable[[Doc], None] = lambda s: None) -> Path:
    """The criteria folder with `framework` applied to the framework file and `sets` to each set."""
    where.mkdir()
    for path in sorted(CRITERIA.glob("*.yaml")):
        doc = read(path)
        (framework if doc["kind"] == "framework" else sets)(doc)
        write(doc, where / path.name)
    return where


def evidence_copy(where: Path, statuses: dict[str, str]) -> Path:
    doc = read(EVIDENCE)
    for area in doc["areas"].values():
        for cid, finding in area.get("findings", {}).items():
            finding["status"] = statuses.get(cid, finding["status"])
    return write(doc, where)


def requirement(framework: Doc, grade_id: str, condition: str) -> Doc:
    grade_doc = next(g for g in framework["grades"] if g["id"] == grade_id)
    found: Doc = next(c for c in grade_doc["requires"] if c["id"] == condition)
    return found


def partial_credit(value: float) -> Callable[[Doc], None]:
    return lambda fw: fw["thresholds"].update(partial_credit=value)


def fair_needs_all_met(fw: Doc) -> None:
    requirement(fw, "fair", "significant")["at_least"] = "met"


def excellent_tests_optional(fw: Doc) -> None:
    excellent = next(g for g in fw["grades"] if g["id"] == "excellent")
    excellent["requires"] = [c for c in excellent["requires"] if c["id"] == "good-share-high"]


def poor_fair_failures() -> int:
    docs = [read(p) for p in CRITERIA.glob("*.yaml")]
    failures: int = next(d for d in docs if d["kind"] == "framework")["thresholds"]["poor_fair_failures"]
    return failures


def poor_needs_a_significant_number(where: Path) -> Path:
    """Fair holds unless poor_fair_failures significant Fair criteria are not met (a dominant
    failure still gives Poor): each set's floor is its significant Fair count less that number, plus 1."""
    failures = poor_fair_failures()

    def framework(fw: Doc) -> None:
        fw["thresholds"]["fair_floor"] = 0
        requirement(fw, "fair", "significant")["count"] = {"gte": "fair_floor"}

    def floor(cset: Doc) -> None:
        significant = [
            c for c in cset["criteria"] if c["level"] == "fair" and (c.get("significant", True) or c.get("dominant"))
        ]
        cset["thresholds"] = {"fair_floor": len(significant) - failures + 1}

    return criteria_copy(where, framework, floor)


def label(result: Doc, grade_id: str) -> str:
    return str(next(g["label"] for g in result["grades"] if g["id"] == grade_id))


def cell(result: Doc, area: str, published: str, computed: bool = True) -> str:
    found = next(a for a in result["areas"] if a["id"] == area)
    grade_id = found["computed_grade" if computed else "grade"]
    text = label(result, grade_id)
    if not computed and found["judged"]:
        text += f" (judged; computed {label(result, found['computed_grade'])})"
    return text if grade_id == published else f"**{text}**"


def thresholds(result: Doc, area: Doc) -> str:
    """The nearest threshold values at which the grade moves, from `sgc grade --sensitivity`."""
    moves = []
    for name, s in (area["sensitivity"] or {}).items():
        for side, ops in (("below", "<≤"), ("above", ">≥")):
            if at := s[side]:
                moves.append(f"{name} {ops[at['included']]} {at['exact']} gives {label(result, at['grade'])}")
    return "; ".join(moves) or "none"


def margin(result: Doc, area: Doc, side: str) -> str:
    """The fewest findings that would move the grade (`sgc grade`'s margin), and where to."""
    by = area["margin"][f"{side}_by"]
    if by is None:
        return "none"
    below = " or below" if side == "down" and by["to"] != result["grades"][0]["id"] else ""
    return f"{area['margin'][side]} to {label(result, by['to'])}{below}"


def main() -> None:
    evidence = read(EVIDENCE)
    published: dict[str, str] = evidence["expected"]
    current = {cid: f["status"] for a in evidence["areas"].values() for cid, f in a["findings"].items()}
    area_of = {cid: aid for aid, a in evidence["areas"].items() for cid in a["findings"]}
    assert all(current[cid] != other for cid, other in DEBATABLE.items()), "a debatable finding already reads so"
    failures = poor_fair_failures()
    down = {cid: s for cid, s in DEBATABLE.items() if RANK[s] < RANK[current[cid]]}
    up = {cid: s for cid, s in DEBATABLE.items() if RANK[s] > RANK[current[cid]]}

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        # Readings of the rules: the evidence as recorded against changed copies of the criteria.
        rules = {
            "partial 0": criteria_copy(tmp / "p0", partial_credit(0)),
            "partial 1": criteria_copy(tmp / "p1", partial_credit(1)),
            "poor": poor_needs_a_significant_number(tmp / "poor"),
            "fair": criteria_copy(tmp / "fair", fair_needs_all_met),
            "excellent": criteria_copy(tmp / "excellent", excellent_tests_optional),
        }
        # Readings of the findings, against the criteria as they are. Each debatable finding is
        # also read on its own; areas are graded independently (the framework has no
        # composite), so one file can hold one such finding from every area.
        findings = {
            "as graded": EVIDENCE,
            "down": evidence_copy(tmp / "down.yaml", down),
            "up": evidence_copy(tmp / "up.yaml", up),
        }
        by_area: dict[str, list[str]] = {}
        for cid in DEBATABLE:
            by_area.setdefault(area_of[cid], []).append(cid)
        for n in range(max(map(len, by_area.values()))):
            flips = {ids[n]: DEBATABLE[ids[n]] for ids in by_area.values() if n < len(ids)}
            findings[f"single {n}"] = evidence_copy(tmp / f"single-{n}.yaml", flips)
        with ThreadPoolExecutor(max_workers=4) as pool:
            rule_runs = {name: pool.submit(grade, crit, EVIDENCE) for name, crit in rules.items()}
            finding_run = pool.submit(grade, CRITERIA, *findings.values())
            results = {name: run.result()[0] for name, run in rule_runs.items()}
            results.update(zip(findings, finding_run.result(), strict=True))

    base = results["as graded"]
    columns = {
        "partial 0": "Partial credit 0",
        "as graded": "½ (as graded)",
        "partial 1": "1",
        "poor": f"Poor only at {failures} not met (L133)",
        "fair": "Fair only with all met (L129)",
        "excellent": "Excellent tests not required (L118)",
        "down": "Debatable read down",
        "up": "Debatable read up",
    }
    print("| Area | Published | " + " | ".join(columns.values()) + " |")
    print("|---" * (len(columns) + 2) + "|")
    for area in base["areas"]:
        aid, pub = area["id"], published[area["id"]]
        cells = [cell(results[name], aid, pub, computed=name != "as graded") for name in columns]
        print(f"| {area['title']} | {label(base, pub)} | " + " | ".join(cells) + " |")
    print()
    print("| Debatable finding | As recorded | Read the other way | Its area's grade then |")
    print("|---|---|---|---|")
    for cid, other in DEBATABLE.items():
        aid = area_of[cid]
        alone = results[f"single {by_area[aid].index(cid)}"]
        print(f"| {cid} | {WORDS[current[cid]]} | {WORDS[other]} | {cell(alone, aid, published[aid])} |")
    print()
    print("| Area | Good share | Down | Up | Thresholds that would move it |")
    print("|---|---|---|---|---|")
    for area in base["areas"]:
        share = area["share_exact"]["good"]
        print(
            f"| {area['title']} | {share} | {margin(base, area, 'down')} | {margin(base, area, 'up')} "
            f"| {thresholds(base, area)} |"
        )


if __name__ == "__main__":
    main()
