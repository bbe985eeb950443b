"""The showing boundary: text from input is made safe where it leaves, one sanitiser per
output kind. No control character reaches text output, no CSV cell starts with a
formula character, no link leaves the site, and Markdown carries no raw HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Run

Sgc = Callable[..., Run]

# what must never come out of text output (render/safe.py makes these visible)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
RAW_HTML = re.compile(r"<[A-Za-z/!?]")
HOSTILE = [
    "\x1b]0;owned\x07\x1b[2J",  # set the title, clear the screen
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 link
    "\x9b31m",  # C1 CSI
    "\u202eevil\u202c",  # right-to-left override
    "\u2066isolate\u2069",
    "line\rover",
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "a | b ` c",
]


def q(text: str) -> str:
    """A YAML double-quoted scalar holding `text` exactly (JSON escapes are YAML escapes)."""
    return json.dumps(text)


def files(folder: Path, t: dict[str, str], name: str = "ev") -> Path:
    """A framework, a criteria set and two evidence files whose free text is `t`'s."""
    crit = folder / "criteria"
    crit.mkdir(exist_ok=True)
    (crit / "00-framework.yaml").write_text(
        f"""kind: framework
schema_version: 1
id: fw
title: {q(t["title"])}
levels: [core, more]
grades:
  - {{id: low, label: {q(t["label"])}}}
  - id: high
    label: {q(t["label"] + " high")}
    requires:
      - {{id: core-met, text: {q(t["requirement"])}, criteria: {{level: core}}, at_least: met}}
composites:
  - id: overall
    title: {q(t["title"])}
    requires:
      high: [{{id: all-high, text: {q(t["requirement"])}, areas: all, at_least: high}}]
"""
    )
    (crit / "01-area.yaml").write_text(
        f"""kind: criteria
schema_version: 1
id: area
framework: fw
title: {q(t["title"])}
criteria:
  - {{id: C1, level: core, text: {q(t["text"])}}}
  - {{id: C2, level: core, text: {q(t["text"])}}}
  - {{id: M1, level: more, text: {q(t["text"])}}}
"""
    )
    path = folder / f"{name}.yaml"
    path.write_text(
        f"""kind: evidence
schema_version: 1
subject: {q(t["subject"])}
framework: fw
sources: [{{id: s, title: {q(t["title"])}}}]
areas:
  area:
    findings:
      C1: {{status: met, cite: [{{source: s, at: {q(t["at"])}, quote: {q(t["quote"])}}}], note: {q(t["note"])}}}
      C2: {{status: partial, cite: [{{source: s, quote: {q(t["quote"])}}}], note: {q(t["note"])}}}
    judgement: {{grade: low, rationale: {q("Because " + t["note"])}, by: {q(t["subject"])}}}
    recommendations:
      - {{id: R1, text: {q(t["note"])}, addresses: [C2]}}
"""
    )
    return path


def outputs(sgc: Sgc, folder: Path, a: Path, b: Path) -> dict[str, str]:
    """Every format of every command over the files: name -> what it printed (or wrote)."""
    crit = str(folder / "criteria")
    out: dict[str, str] = {}

    def run(name: str, *args: Any) -> None:
        r = sgc(*args)
        assert r.code in (0, 1), (name, r.err)
        out[name] = r.out
        out[name + " stderr"] = r.err

    for fmt in ("text", "markdown"):
        run(f"grade {fmt}", "grade", "-v", a, "--criteria", crit, "-f", fmt)
        run(f"gap {fmt}", "gap", a, "--area", "area", "--criteria", crit, "-f", fmt)
        run(f"agree {fmt}", "agree", a, b, "--criteria", crit, "-f", fmt)
        run(f"summary {fmt}", "summary", a, b, "--criteria", crit, "-f", fmt)
    run("diff text", "diff", a, b, "--criteria", crit)
    run("summary csv", "summary", a, b, "--criteria", crit, "-f", "csv")
    run("grade html", "grade", a, "--criteria", crit, "-f", "html")
    site = folder / "site"
    run("site", "summary", a, b, "--criteria", crit, "-f", "html", "-o", f"{site}/")
    out["site index"] = (site / "index.html").read_text()
    return out


def assert_safe(out: dict[str, str], fields: list[str]) -> None:
    for name, text in out.items():
        if name.startswith(("grade text", "gap text", "agree text", "summary text", "diff text")) or "stderr" in name:
            assert not CONTROL.search(text), (name, CONTROL.findall(text))
        if name.endswith(" markdown"):
            assert not RAW_HTML.search(text), (name, RAW_HTML.findall(text))
            assert not CONTROL.search(text), name
            assert not re.search(r"(?<!\\)\]\(", text), name  # no link: an unescaped ](
    for row in list(csv.reader(io.StringIO(out["summary csv"])))[1:]:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    for name in ("grade html", "site index"):
        page = out[name]
        assert "Content-Security-Policy" in page
        assert "<script" not in page.lower().replace("&lt;script", "")
        for href in re.findall(r'href="([^"]*)"', page):
            assert href.startswith(("./", "#")), href
            assert ":" not in href.split("#")[0], href


def texts(value: str) -> dict[str, str]:
    keys = ["title", "label", "requirement", "text", "subject", "at", "quote", "note"]
    return {k: f"{k} {value}" for k in keys}


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_in_every_field_leaves_safely(sgc: Sgc, tmp_path: Path, hostile: str) -> None:
    t = texts(hostile)
    a, b = files(tmp_path, t, "a"), files(tmp_path, t | {"note": "other"}, "b")
    assert_safe(outputs(sgc, tmp_path, a, b), list(t))


def test_a_file_named_like_a_formula_or_a_script_link_stays_inert(
    sgc: Sgc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    t = texts("plain")
    files(tmp_path, t, "=1+2")
    files(tmp_path, t | {"note": "other"}, "javascript:alert(1)")
    out = outputs(sgc, Path("."), Path("=1+2.yaml"), Path("javascript:alert(1).yaml"))
    assert_safe(out, list(t))
    assert 'href="./javascript%3Aalert%281%29.html"' in out["site index"]
    assert "subject plain,'=1+2.yaml,low,low" in out["summary csv"].splitlines()


def test_a_key_with_an_escape_is_echoed_visibly_by_check(sgc: Sgc, tmp_path: Path) -> None:
    path = tmp_path / "ev.yaml"
    path.write_text('kind: evidence\nschema_version: 1\nsubject: S\nframework: fw\nareas: {}\n"x\\e[2J": 1\n')
    r = sgc("check", path)
    assert r.code == 2 and "x\\x1b[2J" in r.out and not CONTROL.search(r.out + r.err)


hostile_text = st.text(
    alphabet=st.sampled_from([*"=+-@\t\r\n<>&\"'|[]`*_\\ :/ab", "\x1b", "\x07", "\x9b", "\u202e", "\u2066"]),
    min_size=1,
    max_size=12,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({k: hostile_text for k in texts("")}))
def test_generated_hostile_text_never_leaves_unsafe(sgc: Sgc, tmp_path_factory: Any, t: dict[str, str]) -> None:
    folder = tmp_path_factory.mktemp("hostile")
    t = {k: k + v for k, v in t.items()}  # never empty, never only blanks
    a, b = files(folder, t, "a"), files(folder, t | {"note": "other"}, "b")
    assert_safe(outputs(sgc, folder, a, b), list(t))
