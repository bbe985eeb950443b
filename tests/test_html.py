"""HTML reports: self-contained, escaped, and rendered by a real browser."""

from __future__ import annotations

import html as markup
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import NORTHMOOR, ROOT, TVP, Run

Sgc = Callable[..., Run]
EXAMPLES = ROOT / "examples"
ARTIFACTS = ROOT / "build" / "test-artifacts"
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{ 7*7 }} {% raw %}",
    "</textarea><iframe src=//evil>",
]


class Tags(HTMLParser):
    """Every element and attribute the browser would create, and all text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    p = Tags()
    p.feed(html)
    return p


def test_report_is_self_contained_and_structured(sgc: Sgc) -> None:
    r = sgc("grade", TVP, "-f", "html")
    assert r.code == 0, r.err
    page = parse(r.out)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert not [v for k, v in page.attrs if k in ("src", "href") and v and not v.startswith("#")]
    assert {"table", "th", "svg", "details", "summary", "h1", "h2", "h3", "figure"} <= set(page.tags)
    assert page.tags.count("section") == 7  # the summary, then six areas
    text = " ".join(page.text)
    for phrase in (
        "Thames Valley Police",
        "Summary of judgements",
        "Areas for improvement",
        "Recommendations",
        "That the force revises its missing persons policy",
        "this grade",
    ):
        assert phrase in text
    assert "@page { size: A4" in r.out and "@media print" in r.out


def test_provisional_borderline_and_judged_are_explained(sgc: Sgc, tmp_path: Path) -> None:
    ev = tmp_path / "judged.yaml"
    ev.write_text(
        NORTHMOOR.read_text().replace(
            "  child-abuse:\n    findings:\n",
            "  child-abuse:\n    judgement: {grade: good, rationale: Fixed after fieldwork., by: Lead inspector}\n"
            "    findings:\n",
        )
    )
    text = " ".join(parse(sgc("grade", ev, "-f", "html").out).text)
    assert "Provisional:" in text and "could be as high as Excellent" in text
    assert "Professional judgement" in text and "It moves the grade by more than one step." in text


def test_evidence_text_is_escaped(sgc: Sgc, tmp_path: Path) -> None:
    ev = tmp_path / "xss.yaml"
    data = yaml.safe_load(TVP.read_text())
    np_area = data["areas"]["neighbourhood-policing"]
    data["subject"] = PAYLOADS[0]
    np_area["findings"]["NP-G1"]["note"] = PAYLOADS[1]
    np_area["findings"]["NP-G1"]["cite"][0]["quote"] = PAYLOADS[2]
    np_area["findings"]["NP-F1"]["cite"][0]["at"] = PAYLOADS[3]
    np_area["recommendations"][0]["text"] = PAYLOADS[4]
    np_area["judgement"] = {"grade": "fair", "rationale": PAYLOADS[5], "by": PAYLOADS[1]}
    ev.write_text(yaml.safe_dump(data, sort_keys=False))
    r = sgc("grade", ev, "-f", "html")
    assert r.code == 0, r.err
    page = parse(r.out)
    assert not {"script", "img", "iframe", "textarea"} & set(page.tags)
    assert page.tags.count("svg") == 6  # only the six charts
    assert not [k for k, _ in page.attrs if k.startswith("on")]
    body = "".join(page.text)
    for payload in PAYLOADS:
        assert payload in body, payload


def test_output_dir_writes_one_report_per_subject(sgc: Sgc, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    r = sgc("grade", TVP, NORTHMOOR, "-f", "html", "-o", f"{out}/")
    assert r.code == 0, r.err
    assert sorted(p.name for p in out.iterdir()) == [".sgc-written", "northmoor.html", "thames-valley.html"]
    r = sgc("grade", TVP, NORTHMOOR, "-f", "html")
    assert r.code == 2 and "use --output DIR/" in r.err
    r = sgc("grade", TVP, NORTHMOOR, "-f", "markdown", "-o", f"{out}/")
    assert r.code == 0 and (out / "thames-valley.md").read_text().startswith("# Thames Valley Police")


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(html: str, name: str, *actions: str) -> subprocess.CompletedProcess[str]:
    """Open a page (kept as build/test-artifacts/NAME.html) in headless Chromium with
    `actions` (screenshot, DOM dump, print to PDF), checking that the browser succeeded
    and its console stayed empty."""
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed here (CI installs it)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = ARTIFACTS / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        flags = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--hide-scrollbars",
        ]
        run = subprocess.run(
            [*flags, *actions, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], console
    return run


def render_in_chromium(html: str, name: str, window: tuple[int, int] = (1200, 2400)) -> str:
    """Render a page in headless Chromium: keep a screenshot in build/test-artifacts/,
    check the browser console stayed empty, and return the DOM it built."""
    shot = ARTIFACTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    # one launch both screenshots the page and dumps its DOM
    run = run_chromium(html, name, f"--window-size={window[0]},{window[1]}", f"--screenshot={shot}", "--dump-dom")
    assert shot.exists() and shot.stat().st_size > 10_000
    return run.stdout


@pytest.mark.parametrize("evidence", [TVP, NORTHMOOR], ids=["thames-valley", "northmoor"])
def test_report_renders_in_headless_chromium(sgc: Sgc, evidence: Path) -> None:
    dom = render_in_chromium(sgc("grade", evidence, "-f", "html").out, evidence.stem)
    assert "Summary of judgements" in dom and "<details>" in dom


def test_national_summary_page_renders_in_headless_chromium(sgc: Sgc) -> None:
    dom = render_in_chromium(sgc("summary", TVP, NORTHMOOR, "-f", "html").out, "national-summary")
    assert "Grades by area" in dom and "Criteria most often not met" in dom and "Northmoor Constabulary" in dom


def test_margins_and_sensitivity_are_shown_and_escaped(sgc: Sgc, tmp_path: Path) -> None:
    """Grade labels come from the framework file and appear in the margin and
    sensitivity lines: a hostile label stays text."""
    case = tmp_path / "case"
    shutil.copytree(ROOT / "tests" / "cases" / "composite-limiting", case)
    framework = case / "criteria" / "00-framework.yaml"
    framework.write_text(framework.read_text().replace("label: Good", f"label: '{PAYLOADS[0]}'"))
    r = sgc("grade", case / "evidence.yaml", "--criteria", case / "criteria", "-f", "html", "--sensitivity")
    assert r.code == 0, r.err
    page = parse(r.out)
    assert "script" not in page.tags
    text = " ".join(page.text)
    assert f"1 finding from {PAYLOADS[0]}: S-S2" in text  # Safe's margin up
    assert f"1 area from {PAYLOADS[0]}: safe" in text  # the composite counts areas
    assert "partial_credit 0.5:" in text


PHONE = 390  # CSS px: the viewport of a common phone, held upright
# Each page is laid out in an iframe, because headless Chromium will not make its window
# narrower than 500 px; several side by side cost one browser launch. A page goes in as
# srcdoc: same origin as the frame around it, so the script (in this test's wrapper only;
# the pages have none) can read its layout. It measures each page as sent and again with
# every <details> open, as a reader would open them.
FRAME = (
    '<iframe id="{name}" title="{name}" width="{width}" height="2400" style="border: 0; flex: none"'
    ' srcdoc="{page}"></iframe>'
)
MEASURE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{width} px</title></head>
<body style="margin: 0; display: flex; gap: 10px; align-items: flex-start">
{frames}
<pre id="measured"></pre>
<script>
addEventListener("load", () => {{
  const measured = {{}};
  for (const frame of document.querySelectorAll("iframe")) {{
    const doc = frame.contentDocument;
    const boxes = () => [...doc.querySelectorAll("body *")].filter(
      (e) => getComputedStyle(e).overflowX === "auto" && e.scrollWidth > e.clientWidth);
    const measure = () => ({{
      page: doc.documentElement.scrollWidth,
      viewport: doc.documentElement.clientWidth,
      scrolling_boxes: boxes().length,
    }});
    const closed = measure();
    doc.querySelectorAll("details").forEach((d) => {{ d.open = true; }});
    measured[frame.id] = {{closed, open: measure()}};
  }}
  document.getElementById("measured").textContent = JSON.stringify(measured);
}});
</script>
</body></html>
"""


def measure_at_width(pages: dict[str, str], name: str, width: int = PHONE) -> dict[str, dict[str, dict[str, int]]]:
    """How wide each page lays out in a `width` px viewport, as sent ("closed") and with
    its <details> open ("open"): the document's scroll width ("page"), the viewport's
    width, and how many boxes scroll sideways inside it because what they hold is wider.
    The screenshot shows the pages side by side."""
    frames = "\n".join(
        FRAME.format(name=key, width=width, page=markup.escape(page, quote=True)) for key, page in pages.items()
    )
    wrapper = MEASURE.format(width=width, frames=frames)
    dom = render_in_chromium(wrapper, f"{name}-{width}px", window=(len(pages) * (width + 10), 2400))
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found and found.group(1), "the measuring script did not run"
    measured: dict[str, dict[str, dict[str, int]]] = json.loads(markup.unescape(found.group(1)))
    assert sorted(measured) == sorted(pages)
    return measured


def fits(measured: dict[str, dict[str, int]]) -> bool:
    """The viewport is the phone's, and the page is no wider, with <details> shut or open."""
    return all(m["viewport"] == PHONE and m["page"] <= PHONE for m in measured.values())


PEEL, OFSTED = EXAMPLES / "peel-style", EXAMPLES / "ofsted-style"
# name: the sgc arguments that make the page, and whether its widest table, laid out in
# full, is wider than a phone: as sent ("closed"), once the full trail is opened ("open"),
# or never ("", a report with composites, checked for fit alone).
PHONE_PAGES: dict[str, tuple[tuple[str | Path, ...], str]] = {
    "national-summary": (("summary", TVP, NORTHMOOR), "closed"),
    "peel-style-summary": (("summary", PEEL / "evidence", "--criteria", PEEL / "criteria"), "closed"),
    "thames-valley": (("grade", TVP), "open"),
    "marrowby-grange": (("grade", OFSTED / "evidence" / "marrowby-grange.yaml", "--criteria", OFSTED / "criteria"), ""),
}


def test_pages_fit_a_phone_screen_and_tables_scroll_in_their_own_box(sgc: Sgc) -> None:
    pages = {}
    for name, (args, _) in PHONE_PAGES.items():
        r = sgc(*args, "-f", "html")
        assert r.code == 0, (name, r.err)
        pages[name] = r.out
    measured = measure_at_width(pages, "phone")
    assert [name for name in pages if not fits(measured[name])] == [], measured  # no sideways scrolling
    for name, (_, wide) in PHONE_PAGES.items():
        if wide:  # a table wider than the phone is there, and scrolls inside its own box
            assert measured[name][wide]["scrolling_boxes"] >= 1, (name, measured[name])


def test_long_unbroken_words_wrap_on_a_phone_screen(sgc: Sgc, tmp_path: Path) -> None:
    """A path, an address or a name with nowhere to break must not widen the page."""
    folder = tmp_path / "inspectionsfortheyeartwothousandandsevenacrossthewholeregion"
    folder.mkdir()
    ev = folder / "thamesvalleypoliceinspectionevidencerecordedbythefieldworkteam.yaml"
    data = yaml.safe_load(TVP.read_text())
    data["subject"] = "ThamesValleyPoliceTogetherWithItsNeighbouringForcesJointInspection"
    np_area = data["areas"]["neighbourhood-policing"]
    np_area["findings"]["NP-G1"]["note"] = (
        "See https://www.example.org/reports/2007/thamesvalleypolice/annexes/full.html"
    )
    np_area["recommendations"][0]["text"] = "Neighbourhoodpolicingimplementationprogrammeoversightandassurance."
    ev.write_text(yaml.safe_dump(data, sort_keys=False))
    pages = {}
    for command in ("summary", "grade"):
        r = sgc(command, ev, "--criteria", ROOT / "criteria", "-f", "html")
        assert r.code == 0, r.err
        pages[command] = r.out
    measured = measure_at_width(pages, "long-words")
    assert fits(measured["summary"]) and fits(measured["grade"]), measured


def print_in_chromium(html: str, name: str) -> list[list[str]]:
    """Print a page to PDF as a reader's browser would (kept in build/test-artifacts/)
    and return each printed page's lines of text."""
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.unlink(missing_ok=True)
    run_chromium(html, name, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    pages = [page.extract_text().splitlines() for page in PdfReader(pdf).pages]
    return [[line.strip() for line in lines if line.strip()] for lines in pages]


# Before headings were kept with what follows, these printed "Grades by subject" and
# "Criteria most often not met", and "Areas for improvement", alone at the foot of a page.
@pytest.mark.parametrize(
    ("name", "heading"), [("national-summary", "Grades by subject"), ("marrowby-grange", "Areas for improvement")]
)
def test_printed_pages_never_end_with_a_heading(sgc: Sgc, name: str, heading: str) -> None:
    page = sgc(*PHONE_PAGES[name][0], "-f", "html").out
    headings = {markup.unescape(h) for h in re.findall(r"<h[1-3][^>]*>([^<]+)</h[1-3]>", page)}
    assert heading in headings  # the check below reads the page's own headings
    printed = print_in_chromium(page, f"{name}-print")
    assert len(printed) > 1 and all(printed), "printed on one page, or a page came out empty"
    assert [(n, lines[-1]) for n, lines in enumerate(printed, 1) if lines[-1] in headings] == []


def summary_columns(page: str) -> list[list[str]]:
    """The column headings of each table of a summary page."""
    return [re.findall(r"<th[^>]*>([^<]*)</th>", head) for head in re.findall(r"<thead>(.*?)</thead>", page, re.S)]


def test_summary_page_drops_a_column_empty_in_every_row(sgc: Sgc) -> None:
    """The reference distribution column only where some set records one: not a column
    of "none recorded" (the ofsted-style sets record none; the HMIC sets do)."""
    page = sgc("summary", OFSTED / "evidence", "-f", "html").out
    assert summary_columns(page)[0] == [
        "Area",
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
        "These subjects",
    ]
    assert "none recorded" not in page
    page = sgc("summary", TVP, NORTHMOOR, "-f", "html").out
    assert summary_columns(page)[0] == ["Area", "Excellent", "Good", "Fair", "Poor", "These subjects", "Reference"]
