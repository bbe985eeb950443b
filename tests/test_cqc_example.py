"""The CQC-style example (examples/cqc-style): its README's hand-worked tables are what sgc
gives, the judgement on a composite quotes its report word for word, and the overall
rating agrees, for every one of the 4^5 combinations of key-question ratings, with the
README's table of the principles as settled, written here as a function of its own."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Run

EXAMPLE = ROOT / "examples" / "cqc-style"
CRITERIA = EXAMPLE / "criteria"
FRAMEWORK = yaml.safe_load((CRITERIA / "00-framework.yaml").read_text(encoding="utf-8"))
SETS = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(CRITERIA.glob("0[1-9]-*.yaml"))]
KEY_QUESTIONS = [s["id"] for s in SETS]
GRADES = [g["id"] for g in FRAMEWORK["grades"]]
INADEQUATE, REQUIRES_IMPROVEMENT, GOOD, OUTSTANDING = GRADES


def test_the_framework_is_the_one_the_readme_describes() -> None:
    """Four ratings, five key questions, each with exactly one regulations criterion."""
    assert GRADES == ["inadequate", "requires-improvement", "good", "outstanding"]
    assert KEY_QUESTIONS == ["safe", "effective", "caring", "responsive", "well-led"]
    assert [[c["id"] for c in s["criteria"] if c.get("theme") == "regulations"] for s in SETS] == [
        ["S-REG"],
        ["E-REG"],
        ["C-REG"],
        ["R-REG"],
        ["W-REG"],
    ]


# --- the README's hand-worked tables ---------------------------------------------------


def readme_tables() -> dict[str, dict[str, tuple[str, str]]]:
    """Per evidence file, per rated id (key question or composite): (final, computed) grade
    ids, from the tables under '### Name (`evidence/FILE`)' in 'What comes out, and why'."""
    text = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    part = text.split("## What comes out, and why", 1)[1]
    ids = {s["title"]: s["id"] for s in SETS} | {"Overall": "overall"}
    label = {g.get("label", g["id"]): g["id"] for g in FRAMEWORK["grades"]}
    tables: dict[str, dict[str, tuple[str, str]]] = {}
    for head, body in re.findall(r"^### [^\n]*\(`evidence/([^`]+)`\)\n(.*?)(?=^### |\Z)", part, re.M | re.S):
        rows = {}
        for line in body.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not line.startswith("|") or cells[0] in ("Rated", "---"):
                continue
            m = re.fullmatch(r"(.+?)(?: \(judged; computed (.+)\))?", cells[1])
            assert m, line
            final = label[m.group(1)]
            rows[ids[cells[0]]] = (final, label[m.group(2)] if m.group(2) else final)
        tables[head] = rows
    return tables


TABLES = readme_tables()


def test_the_readme_works_every_service_by_hand() -> None:
    assert sorted(TABLES) == sorted(p.name for p in (EXAMPLE / "evidence").glob("*.yaml"))
    for rows in TABLES.values():
        assert list(rows) == [*KEY_QUESTIONS, "overall"]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_grades_are_the_readme_tables(sgc: Callable[..., Run], name: str) -> None:
    evidence = EXAMPLE / "evidence" / name
    r = sgc("grade", "--strict", "--criteria", CRITERIA, evidence, "-f", "json")
    assert r.code == 0, r.err
    result = json.loads(r.out)["results"][0]
    got = {a["id"]: (a["grade"], a["computed_grade"]) for a in [*result["areas"], *result["composites"]]}
    assert got == TABLES[name]
    expected = yaml.safe_load(evidence.read_text(encoding="utf-8"))["expected"]
    assert {k: final for k, (final, _) in TABLES[name].items()} == expected


def test_the_example_shows_a_cap_a_gap_an_outstanding_and_a_judged_overall() -> None:
    """The three services between them show what the README says they show."""
    overall = {name: rows["overall"] for name, rows in TABLES.items()}
    assert overall == {
        "quillmoor-house.yaml": (OUTSTANDING, OUTSTANDING),
        "ebbcombe-lodge.yaml": (REQUIRES_IMPROVEMENT, REQUIRES_IMPROVEMENT),
        "corriby-home-care.yaml": (INADEQUATE, REQUIRES_IMPROVEMENT),
    }
    # Ebbcombe Lodge: without principle 1, one Requires improvement and four Good is Good
    assert sorted(g for k, (g, _) in TABLES["ebbcombe-lodge.yaml"].items() if k != "overall") == [
        GOOD,
        GOOD,
        GOOD,
        GOOD,
        REQUIRES_IMPROVEMENT,
    ]
    # Corriby Home Care: one Inadequate and one Requires improvement, the gap
    corriby = [g for k, (g, _) in TABLES["corriby-home-care.yaml"].items() if k != "overall"]
    assert (corriby.count(INADEQUATE), corriby.count(REQUIRES_IMPROVEMENT)) == (1, 1)


def test_a_judgements_rationale_quotes_the_report_word_for_word() -> None:
    """sgc check --sources verifies the quotes of citations; a rationale's quotes are ours to check."""
    seen = 0
    for path in sorted((EXAMPLE / "evidence").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        (source,) = doc["sources"]
        report = " ".join((EXAMPLE / "sources" / f"{source['id']}.txt").read_text(encoding="utf-8").split())
        said = [*doc["areas"].values(), *doc.get("composites", {}).values()]
        for judgement in (x["judgement"] for x in said if "judgement" in x):
            quotes = re.findall(r'"([^"]+)"', judgement["rationale"])
            assert quotes, f"{path.name}: a judgement's rationale quotes the report"
            for quote in quotes:
                assert " ".join(quote.split()) in report, (path.name, quote)
                seen += 1
    assert seen >= 1


# --- every combination of key-question ratings -------------------------------------------


def settled(ratings: tuple[str, ...], breach: bool) -> str:
    """The README's 'The rules as settled' table, by counts of Inadequate and Requires
    improvement (and of Outstanding, where neither is present)."""
    inadequate = ratings.count("inadequate")
    requires_improvement = ratings.count("requires-improvement")
    if inadequate >= 2:
        return "inadequate"
    if inadequate == 1 or requires_improvement >= 2 or breach:
        return "requires-improvement"
    if requires_improvement == 0 and ratings.count("outstanding") >= 2:
        return "outstanding"
    return "good"


def test_the_settled_table_is_what_the_readme_counts() -> None:
    """The README's counts of gaps and overlaps among the published principles 3 to 6."""
    matched = []
    for ratings in itertools.product(GRADES, repeat=5):
        i, ri, o = ratings.count(INADEQUATE), ratings.count(REQUIRES_IMPROVEMENT), ratings.count(OUTSTANDING)
        rules = {3: o >= 2 and ri == 0 and i == 0, 4: i == 0 and ri <= 1, 5: ri >= 2, 6: i >= 2}
        matched.append(frozenset(k for k, v in rules.items() if v))
    counts = {k: matched.count(k) for k in set(matched)}
    assert sum(n for k, n in counts.items() if len(k) == 1) == 678
    assert (counts[frozenset()], counts[frozenset({5, 6})], counts[frozenset({3, 4})]) == (240, 80, 26)


REGULATIONS = {s["id"]: next(c["id"] for c in s["criteria"] if c.get("theme") == "regulations") for s in SETS}


def evidence_for(n: int, ratings: tuple[str, ...], breach: bool) -> str:
    """Evidence whose key questions are judged at `ratings`, with every regulations
    criterion met except, with `breach`, that of key question n mod 5."""
    lines = ["kind: evidence", "schema_version: 1", f"subject: Combination {n}", "framework: care-principles-style"]
    lines.append("areas:")
    for k, (area, rating) in enumerate(zip(KEY_QUESTIONS, ratings, strict=True)):
        status = "not_met" if breach and k == n % 5 else "met"
        lines += [
            f"  {area}:",
            f"    findings: {{{REGULATIONS[area]}: {{status: {status}}}}}",
            f"    judgement: {{grade: {rating}, rationale: The combination under test.}}",
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("breach", [False, True], ids=["no-breach", "breach"])
def test_every_combination_of_ratings_aggregates_as_the_readme_table(
    sgc: Callable[..., Run], tmp_path: Path, breach: bool
) -> None:
    combinations = list(itertools.product(GRADES, repeat=5))
    assert len(combinations) == 1024
    for n, ratings in enumerate(combinations):
        (tmp_path / f"c{n:04d}.yaml").write_text(evidence_for(n, ratings, breach), encoding="utf-8")
    r = sgc("summary", "-f", "csv", "-j", "1", "--criteria", CRITERIA, tmp_path)
    assert (r.code, r.err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert len(rows) == 1024
    wrong = []
    for row in rows:
        n = int(row["subject"].removeprefix("Combination "))
        ratings = combinations[n]
        assert tuple(row[a] for a in KEY_QUESTIONS) == ratings
        if row["overall"] != settled(ratings, breach):
            wrong.append((ratings, row["overall"], settled(ratings, breach)))
    assert wrong == []
