"""HTML reports: self-contained, escaped, and rendered by a real browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import NORTHMOOR, ROOT, TVP, Run

Sgc = Callable[..., Run]
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


def render_in_chromium(html: str, name: str) -> str:
    """Render a page in headless Chromium: keep a screenshot in build/test-artifacts/,
    check the browser console stayed empty, and return the DOM it built."""
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed here (CI installs it)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = ARTIFACTS / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    shot = ARTIFACTS / f"{name}.png"
    shot.unlink(missing_ok=True)
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
        run = subprocess.run(  # one launch both screenshots the page and dumps its DOM
            [*flags, "--window-size=1200,2400", f"--screenshot={shot}", "--dump-dom", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 10_000
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], console
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
