"""`sgc summary` and the synthetic data generator."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, TVP, Run

Sgc = Callable[..., Run]
FORCES = 20  # a national set, small enough to grade in a test


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sgc_grader.app.authoring import synth as synth_files

    folder = tmp_path_factory.mktemp("national") / "forces"
    assert synth_files(FORCES, str(folder), 2007, "hmic-2007", str(ROOT / "criteria")) == FORCES
    return folder


def test_synth_is_deterministic(national: Path, tmp_path: Path, sgc: Sgc) -> None:
    assert sgc("synth", str(FORCES), tmp_path / "again").code == 0
    for name in ("force-0001.yaml", f"force-{FORCES:04d}.yaml"):
        assert (tmp_path / "again" / name).read_bytes() == (national / name).read_bytes()
    r = sgc("synth", "2", tmp_path / "again")
    assert r.code == 2 and "is not empty" in r.err


def test_national_counts_equal_a_recount_of_the_graded_results(national: Path, sgc: Sgc) -> None:
    r = sgc("summary", national, "-f", "json")
    assert r.code == 0, r.err
    summary = json.loads(r.out)
    files = sorted(national.glob("*.yaml"))
    graded = json.loads(sgc("grade", *files, "-f", "json").out)["results"]
    recount: dict[str, Counter[str]] = {}
    for result in graded:
        for area in result["areas"]:
            recount.setdefault(area["id"], Counter())[area["grade"]] += 1
    assert {a["id"]: a["counts"] for a in summary["areas"]} == {
        area: {g: c[g] for g in ("poor", "fair", "good", "excellent")} for area, c in recount.items()
    }
    assert [g["id"] for g in summary["grades"]] == ["poor", "fair", "good", "excellent"]
    assert summary["files"] == FORCES and len(summary["subjects"]) == FORCES
    provisional = {(r["source_file"], a["id"]) for r in graded for a in r["areas"] if a["provisional"]}
    assert provisional == {(n["source_file"], n["area"]) for n in summary["attention"] if n["why"] == "provisional"}
    short: Counter[tuple[str, str, str]] = Counter(
        (a["id"], v["id"], v["status"])
        for result in graded
        for a in result["areas"]
        for v in a["criteria"]
        if v["status"] in ("not_met", "partial", "unknown", "unassessed")
    )
    got = {
        (s["area"], s["id"], key): s[key]
        for s in summary["shortfalls"]
        for key in ("not_met", "partial", "missing")
        if s[key]
    }
    kind = {"not_met": "not_met", "partial": "partial", "unknown": "missing", "unassessed": "missing"}
    want: Counter[tuple[str, str, str]] = Counter()
    for (area, cid, status), n in short.items():
        want[(area, cid, kind[status])] += n
    assert got == dict(want)
    totals = [s["not_met"] + s["partial"] + s["missing"] for s in summary["shortfalls"]]
    assert totals == sorted(totals, reverse=True) and all(s["graded"] == FORCES for s in summary["shortfalls"])


def test_negative_jobs_is_a_usage_error(sgc: Sgc) -> None:
    r = sgc("summary", "-j", "-1", TVP)
    assert r.code == 2 and "--jobs" in r.err


def test_jobs_give_the_same_answer(national: Path, sgc: Sgc) -> None:
    one = sgc("summary", national, "-f", "json", "--jobs", "1").out
    assert sgc("summary", national, "-f", "json", "--jobs", "2").out == one


def test_text_markdown_csv(national: Path, sgc: Sgc) -> None:
    text = sgc("summary", national).out
    assert (
        f"National summary of judgements ({FORCES} subjects, framework hmic-2007)" in text
        and "Grades by subject" in text
    )
    assert "NP Neighbourhood Policing" in text and all(len(line) <= 80 for line in text.splitlines())
    md = sgc("summary", national, "-f", "markdown").out
    assert md.startswith(f"# National summary of judgements ({FORCES} subjects)") and "| Missing persons |" in md
    rows = list(csv.reader(io.StringIO(sgc("summary", national, "-f", "csv").out)))
    assert rows[0][:3] == ["subject", "source_file", "neighbourhood-policing"] and len(rows) == FORCES + 1


def test_html_page_links_every_report_and_escapes(national: Path, sgc: Sgc, tmp_path: Path) -> None:
    from html.parser import HTMLParser

    ev = tmp_path / "xss.yaml"
    ev.write_text(TVP.read_text().replace("subject: Thames Valley Police", 'subject: "<script>alert(1)</script>"'))
    out = tmp_path / "national"
    r = sgc("summary", national / "force-0001.yaml", national / "force-0002.yaml", ev, "-f", "html", "-o", f"{out}/")
    assert r.code == 0, r.err
    written = ["force-0001.html", "force-0002.html", "index.html", "xss.html"]
    assert sorted(p.name for p in out.iterdir()) == [".sgc-written", *written]
    page = (out / "index.html").read_text()

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.links: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)
            self.links += [v or "" for k, v in attrs if k in ("href", "src")]

    tags = Tags()
    tags.feed(page)
    assert "script" not in tags.tags and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert sorted(tags.links) == [f"./{name}" for name in written if name != "index.html"]
    for heading in ("Grades by area", "Grades by subject", "For moderation", "Criteria most often not met"):
        assert heading in page
    assert sgc("summary", national, "-f", "csv", "-o", f"{out}/").code == 2


def test_failures_are_listed_and_the_rest_still_counted(national: Path, sgc: Sgc, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: evidence\nsubject: [\n")
    r = sgc("summary", TVP, bad, national / "force-0001.yaml")
    assert r.code == 1
    assert "Not graded: 1 file (errors on stderr)" in r.out
    assert r.err.splitlines() == [f"{bad}:3:1: error: did not find expected node content (while parsing a flow node)"]
    data = json.loads(sgc("summary", TVP, bad, "-f", "json").out)
    assert [s["subject"] for s in data["subjects"]] == ["Thames Valley Police"]
    assert data["failures"][0]["path"] == str(bad)


def test_nothing_readable_says_so_without_empty_tables(sgc: Sgc, tmp_path: Path) -> None:
    r = sgc("summary", tmp_path / "missing.yaml")
    assert r.code == 1
    assert r.out == "No evidence graded: 1 file, none readable (errors on stderr).\n"
    assert r.err == f"{tmp_path / 'missing.yaml'}: error: no such file\n"


def test_moderation_list_names_grades_one_finding_from_another(sgc: Sgc) -> None:
    """One finding from the next grade up, or from a lower one through a share: listed.
    One finding from Poor only because every significant Fair criterion must be met
    (true of every Fair area): not listed."""
    composite = ROOT / "tests" / "cases" / "composite-limiting"
    r = sgc("summary", TVP, ROOT / "tests" / "data" / "northmoor.yaml", "-f", "json")
    margins = {(n["subject"], n["area"]): n["detail"] for n in json.loads(r.out)["attention"] if n["why"] == "margin"}
    assert margins == {
        (
            "Thames Valley Police",
            "performance-management",
        ): "1 finding from Fair or below, through 'most Good criteria met'",
        (
            "Northmoor Constabulary",
            "performance-management",
        ): "1 finding from Fair or below, through 'most Good criteria met'",
        ("Northmoor Constabulary", "domestic-violence"): "1 finding from Good: DV-F4",
    }
    text = sgc("summary", TVP).out
    assert "G±" in text and "± one finding from another grade" in " ".join(text.split())
    r = sgc("summary", composite / "evidence.yaml", "--criteria", composite / "criteria", "-f", "json")
    notes = [(n["area"], n["detail"]) for n in json.loads(r.out)["attention"] if n["why"] == "margin"]
    assert ("overall", "1 area from Good: safe") in notes


def test_files_that_share_a_subject_are_told_apart_by_file_name(sgc: Sgc) -> None:
    data = ROOT / "tests" / "data"
    for fmt in ("text", "markdown", "html"):
        out = sgc("summary", TVP, data / "northmoor.yaml", data / "northmoor-self.yaml", "-f", fmt).out
        assert "Thames Valley Police (" not in out, fmt
        assert "Northmoor Constabulary (northmoor)" in out and "Northmoor Constabulary (northmoor-self)" in out, fmt
        assert "Northmoor Constabulary (northmoor), " in " ".join(out.split()), fmt  # in the moderation list


def test_worker_processes_end_with_the_summary(national: Path) -> None:
    """The pool ends its workers with SIGTERM; a worker that inherited the command line's
    clean exit on SIGTERM would hang the summary for ever."""
    r = subprocess.run(
        [sys.executable, "-m", "sgc_grader", "summary", str(national), "--jobs", "2", "-f", "json"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["files"] == len(list(national.glob("*.yaml")))


OFSTED = ROOT / "examples" / "ofsted-style"
# The longest labels a framework might give, on the ofsted-style example: grade labels,
# key question titles and an overall rating long enough that neither the grade-count
# table nor the matrix fits in 80 columns by full names, and subjects with long names
# (one a single word too long for any column).
LONG_GRADES = {
    "Inadequate": "Inadequate, with enforcement action under way",
    "Requires improvement": "Requires improvement before it can be rated good",
    "Good": "Good in every key question inspected",
    "Outstanding": "Outstanding, and a model for other homes",
}
LONG_SUBJECTS = [
    "Marrowby Grange Residential and Nursing Home for Older People",
    "Marrowby-Grange-Residential-and-Nursing-Home-Trust-(East-Wing)",
    "Small Home",
]


def long_labels(folder: Path) -> Path:
    """The ofsted-style example with every label long: returns its evidence folder."""
    crit = folder / "criteria"
    crit.mkdir(parents=True)
    for src in (OFSTED / "criteria").glob("*.yaml"):
        text = src.read_text()
        if src.name == "00-framework.yaml":
            for short, long in LONG_GRADES.items():
                text = text.replace(f"label: {short}\n", f"label: {long}\n")
            text = text.replace("title: Overall rating\n", "title: Overall rating of the home across five questions\n")
        else:
            text = text.replace("\ntitle: ", "\ntitle: How far the home is ", 1)
        (crit / src.name).write_text(text)
    evidence = folder / "evidence"
    evidence.mkdir()
    original = (OFSTED / "evidence" / "marrowby-grange.yaml").read_text()
    for n, subject in enumerate(LONG_SUBJECTS):
        (evidence / f"home-{n}.yaml").write_text(
            original.replace("subject: Marrowby Grange\n", f"subject: {subject}\n")
        )
    return evidence


@pytest.mark.parametrize("width", [80, 60])
def test_summary_text_keeps_within_the_width(
    national: Path, sgc: Sgc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Every line within the width, for grade labels like "Requires improvement", for
    the longest labels, and for a national set; abbreviations are explained."""
    monkeypatch.setenv("COLUMNS", str(width))
    sets = {
        "ofsted-style": (OFSTED / "evidence",),
        "long labels": (long_labels(tmp_path),),
        "national": (national,),
    }
    for name, args in sets.items():
        r = sgc("summary", *args)
        assert r.code == 0, (name, r.err)
        assert [line for line in r.out.splitlines() if len(line) > width] == [], name
    text = " ".join(sgc("summary", tmp_path / "evidence").out.split())
    for label in LONG_GRADES.values():
        assert label in text  # each abbreviation's legend
    for subject in LONG_SUBJECTS[::2]:
        assert subject in text  # in the moderation list, whole


def test_summary_text_tables_are_unchanged_where_they_fit(sgc: Sgc) -> None:
    """Within 80 columns the tables read as they always have."""
    out = sgc("summary", TVP, ROOT / "tests" / "data" / "northmoor.yaml").out.splitlines()
    assert out[1:4] == [
        "Area                    Excellent  Good  Fair  Poor  █ E ▓ G ▒ F ░ P",
        "──────────────────────  ─────────  ────  ────  ────  ───────────────────────────",
        "Neighbourhood Policing  1          0     1     0     ██████████▒▒▒▒▒▒▒▒▒▒",
    ]
    start = out.index("Grades by subject")
    assert out[start + 1 : start + 5] == [
        "Subject                 NP  PM  CA  DV   PP  MP",
        "──────────────────────  ──  ──  ──  ───  ──  ───────────────────────────────────",
        "Thames Valley Police    F~  G±  F~  F~   F   F",
        "Northmoor Constabulary  E   G±  P   F~±  -   P?",
    ]


KINDS = {
    "provisional": "Provisional",
    "borderline": "Borderline",
    "judged": "Judged",
    "margin": "One finding from another grade",
}
SHOWN = 10  # notes shown of each kind; the rest are counted ("and N more")


def test_moderation_list_is_grouped_by_kind_and_capped(national: Path, sgc: Sgc) -> None:
    """Text, Markdown and HTML: a heading per kind with its count, at most SHOWN notes
    under it and how many more; JSON keeps every note."""
    notes = json.loads(sgc("summary", national, "-f", "json").out)["attention"]
    count = Counter(n["why"] for n in notes)
    assert len(notes) == sum(count.values()) and max(count.values()) > SHOWN + 1  # the set needs a cap
    text = sgc("summary", national).out.splitlines()
    md = sgc("summary", national, "-f", "markdown").out.splitlines()
    html = sgc("summary", national, "-f", "html").out
    for why, heading in KINDS.items():
        if not count[why]:
            continue
        shown = count[why] if count[why] <= SHOWN + 1 else SHOWN
        more = count[why] - shown
        rest = [f"and {more} more, listed by sgc summary --format json"] if more else []
        start = text.index(f"  {heading} ({count[why]})")
        end = next(i for i in range(start + 1, len(text)) if not text[i].startswith("    "))
        entries = [line for line in text[start + 1 : end] if not line.startswith("      ")]  # not continued
        assert [line.strip() for line in entries[shown:]] == rest and len(entries) == shown + len(rest), why
        start = md.index(f"### {heading} ({count[why]})")
        end = next(i for i in range(start + 2, len(md)) if not md[i].startswith("- "))
        items = md[start + 2 : end]
        assert items[shown:] == [
            f"- {line.replace('sgc summary --format json', '`sgc summary --format json`')}" for line in rest
        ]
        assert len(items) == shown + len(rest), why
        section = html.split(f"{heading} ({count[why]})</h3>")[1].split("<h")[0]
        assert section.split("</ul>")[0].count("<li>") == shown, why
        assert re.findall(r"and \d+ more", section) == [f"and {more} more"] * len(rest), why
    assert "margin:" not in " ".join(text) and "- margin:" not in md  # the heading says the kind


def test_moderation_list_names_areas_by_title(sgc: Sgc) -> None:
    """Lay readers see area and composite titles, not ids: in each note's heading and
    in a composite's margin (the areas one change away); requirements in words."""
    data = ROOT / "tests" / "data"
    files = (TVP, data / "northmoor.yaml", data / "northmoor-2006.yaml")
    for fmt in ("text", "markdown", "html"):
        out = html.unescape(" ".join(sgc("summary", *files, "-f", fmt).out.split()))
        assert "Thames Valley Police, Performance management Good: 1 finding from Fair" in out, fmt
        assert "through 'most Good criteria met'" in out and "through good-share" not in out, fmt
        assert "Northmoor Constabulary (northmoor-2006), Child abuse Fair: up to Excellent" in out, fmt
        assert "performance-management" not in out and "child-abuse" not in out, fmt
    composite = ROOT / "tests" / "cases" / "composite-limiting"
    for fmt in ("text", "markdown", "html"):
        r = sgc("summary", composite / "evidence.yaml", "--criteria", composite / "criteria", "-f", fmt)
        out = " ".join(r.out.split())
        assert "Case home, Overall Requires improvement: 1 area from Good: Safe" in out, fmt
        assert "Case home, Well led Outstanding" in out, fmt
    r = sgc("summary", composite / "evidence.yaml", "--criteria", composite / "criteria", "-f", "json")
    assert ("overall", "1 area from Good: safe") in [(n["area"], n["detail"]) for n in json.loads(r.out)["attention"]]


def test_a_matrix_cell_with_every_mark_keeps_its_row_in_line() -> None:
    """A grade provisional, borderline, judged and one finding from another ("F?~!±")
    is wider than its area's abbreviation: its column widens rather than push the rest
    of the row out of line (as in `sgc synth 200`, where two rows were)."""
    from sgc_grader.render import Look, renderer
    from sgc_grader.results.base import GradeLabel
    from sgc_grader.results.national import AreaCount, Attention, Row, SummaryResult

    grades = [GradeLabel(id=g, label=g.title()) for g in ("poor", "fair", "good")]
    areas = [
        AreaCount(id=a, title=t, composite=False, counts={"poor": 0, "fair": 1, "good": 1}, reference={})
        for a, t in (("one", "First area"), ("two", "Second area"))
    ]
    rows = [
        Row(subject=s, source_file=f"{s}.yaml", grades={"one": g, "two": g}) for s, g in (("A", "fair"), ("B", "good"))
    ]
    notes = [
        Attention(subject="A", source_file="A.yaml", area="one", grade="fair", why=why, best_possible="good")
        for why in ("provisional", "borderline", "judged", "margin")
    ]
    result = SummaryResult(
        framework="fw", grades=grades, files=2, areas=areas, subjects=rows, attention=notes, shortfalls=[], failures=[]
    )
    out = renderer("summary", "text")(result, Look(width=80)).plain.splitlines()
    start = out.index("Grades by subject")
    assert out[start + 1 : start + 5] == [
        "Subject  FA     SA",
        "───────  ─────  " + "─" * 64,
        "A        F?~!±  F",
        "B        G      G",
    ]


def test_a_subject_named_like_markdown_stays_text_in_the_moderation_list(sgc: Sgc, tmp_path: Path) -> None:
    """Each note starts with its subject's name: "# x" or "1. x" must not make a list
    item a heading or a numbered list."""
    for n, subject in enumerate(["# Loud", "1. Numbered", "~~~ fence"]):
        ev = tmp_path / f"ev{n}.yaml"
        ev.write_text(TVP.read_text().replace("subject: Thames Valley Police", f'subject: "{subject}"'))
    out = sgc("summary", *sorted(tmp_path.glob("*.yaml")), "--criteria", ROOT / "criteria", "-f", "markdown").out
    items = [line for line in out.splitlines() if line.startswith("- ")]
    assert {line.split(",")[0] for line in items} == {r"- \# Loud", r"- 1\. Numbered", r"- \~~~ fence"}


def test_standard_input_is_named_as_every_other_answer_names_it(tmp_path: Path) -> None:
    """Standard input is `<stdin>` in a summary's rows and notes, as in grade, gap, diff
    and agree (once, a summary alone called it `-`)."""
    done = subprocess.run(
        [sys.executable, "-m", "sgc_grader", "summary", "-", "-f", "json"],
        input=TVP.read_text(),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    s = json.loads(done.stdout)
    named = {row["source_file"] for row in s["subjects"]} | {n["source_file"] for n in s["attention"]}
    assert named == {"<stdin>"} and s["attention"]
