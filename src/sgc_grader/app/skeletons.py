"""Files to start from: `sgc init` (a whole framework folder) and `sgc new` (one file).

Every skeleton is valid as written: `sgc check` passes on it and `sgc grade` grades it,
so a user edits a working example rather than an empty form.
"""

from __future__ import annotations

from .. import vocab
from ..reading.framework import Scale
from ..reading.model import CriteriaSet


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def framework(framework_id: str, title: str) -> str:
    return f"""# yaml-language-server: $schema=../schemas/framework.schema.json
# The grade scale and what each grade requires. Grades are listed lowest first; an area
# gets the highest grade whose requirements, and those of every grade below, all hold.
kind: framework
schema_version: 1
id: {framework_id}
title: {quote(title)}
description: >-
  Say here, in your own words, why each requirement reads your inspection method the
  way it does.
levels: [standard, good, outstanding]  # criterion levels, lowest first
thresholds: {{good_share: 0.5, outstanding_share: 0.8, partial_credit: 0.5}}
grades:
  - id: inadequate
    label: Inadequate
  - id: requires-improvement
    label: Requires improvement
    requires:
      - {{id: critical, text: Every critical criterion met, criteria: {{dominant: true}}, at_least: met}}
      - id: standards-partly
        text: Every standard at least partly met
        criteria: {{level: standard}}
        at_least: partial
    borderline:
      - id: standard-partial
        text: A standard is only partly met
        criteria: {{level: standard}}
        status: [partial]
        count: {{gte: 1}}
  - id: good
    label: Good
    requires:
      - {{id: standards-met, text: Every standard met, criteria: {{level: standard}}, at_least: met}}
      - {{id: good-share, text: Most Good criteria met, criteria: {{level: good}}, share: {{gt: good_share}}}}
  - id: outstanding
    label: Outstanding
    requires:
      - id: good-share-high
        text: Nearly all Good criteria met
        criteria: {{level: good}}
        share: {{gte: outstanding_share}}
      - {{id: outstanding-met, text: Every Outstanding criterion met, criteria: {{level: outstanding}}, at_least: met}}
      - id: outstanding-any
        text: At least one Outstanding criterion applies
        criteria: {{level: outstanding}}
        at_least: met
        count: {{gte: 1}}
# An overall grade built from area grades (see docs/format.md, "Composites"):
# composites:
#   - id: overall
#     title: Overall
#     areas: all
#     requires:
#       requires-improvement: [{{id: none-inadequate, areas: all, at_least: requires-improvement}}]
#       good: [{{id: all-good, areas: all, at_least: good}}]
#       outstanding: [{{id: two-outstanding, areas: all, at_least: outstanding, count: {{gte: 2}}}}]
"""


EXAMPLE_AREA = "first-area"
EXAMPLE_CRITERIA = [
    ("S1", "standard", "Risks to people are assessed when a case first arrives.", "dominant: true"),
    ("S2", "standard", "A named manager is accountable for the service.", ""),
    ("S3", "standard", "Staff are trained for the work they do.", ""),
    ("G1", "good", "Managers review open cases at set intervals.", ""),
    ("G2", "good", "People who use the service are told what happens next.", ""),
    ("G3", "good", "Lessons from reviews change how the work is done.", ""),
    ("O1", "outstanding", "Other organisations have adopted the practice.", ""),
]
# What the example report says about each criterion, and the status it supports.
EXAMPLE_FINDINGS = {
    "S1": (vocab.MET, "Every new case is risk-assessed on the day it arrives."),
    "S2": (vocab.MET, "The head of service is accountable for all cases."),
    "S3": (vocab.MET, "All staff have completed the core training."),
    "G1": (vocab.MET, "Managers review every open case each month."),
    "G2": (vocab.MET, "People receive a letter setting out the next steps."),
    "G3": (vocab.PARTIAL, "Reviews are discussed at team meetings, but changes are not always followed through."),
    "O1": (vocab.NOT_MET, "No other organisation has taken up the approach yet."),
}


def criteria(set_id: str, framework_id: str, title: str, scale: Scale) -> str:
    """A criteria set with one criterion to rewrite at each of the framework's levels."""
    prefix = set_id.upper()[:2]
    items = "\n".join(
        f"  - id: {prefix}-{i}\n    level: {level}\n"
        f"    text: {quote(f'Replace with what {scale.level_labels[level]} looks like in this area.')}"
        for i, level in enumerate(scale.framework.levels, start=1)
    )
    return f"""# yaml-language-server: $schema=../schemas/criteria.schema.json
kind: criteria
schema_version: 1
id: {set_id}
framework: {framework_id}
title: {quote(title)}
criteria:
{items}
"""


def example_criteria(framework_id: str) -> str:
    items = "\n".join(
        f"  - {{id: {cid}, level: {level}, text: {quote(text)}{', ' + extra if extra else ''}}}"
        for cid, level, text, extra in EXAMPLE_CRITERIA
    )
    return f"""# yaml-language-server: $schema=../schemas/criteria.schema.json
# One inspection area. Write each criterion in your own words; S1 is critical (dominant):
# failing it alone makes the area Inadequate.
kind: criteria
schema_version: 1
id: {EXAMPLE_AREA}
framework: {framework_id}
title: First area
criteria:
{items}
"""


def example_report() -> str:
    lines = [text for _, text in EXAMPLE_FINDINGS.values()]
    return "Example inspection report (replace with your own source text)\n\n" + "\n".join(lines) + "\n"


def example_evidence(framework_id: str) -> str:
    findings = []
    for cid, (status, text) in EXAMPLE_FINDINGS.items():
        cite = f"cite: [{{source: example-report, at: First area, quote: {quote(text)}}}]"
        note = ", note: Discussed but not always followed through." if status == vocab.PARTIAL else ""
        findings.append(f"      {cid}: {{status: {status}{note}, {cite}}}")
    body = "\n".join(findings)
    return f"""# yaml-language-server: $schema=../schemas/evidence.schema.json
# One organisation's inspection: a finding per criterion, each quoting its source.
kind: evidence
schema_version: 1
subject: Example Organisation
framework: {framework_id}
sources:
  - {{id: example-report, title: Example inspection report}}
areas:
  {EXAMPLE_AREA}:
    findings:
{body}
expected:
  {EXAMPLE_AREA}: good
"""


def readme(framework_id: str, title: str) -> str:
    return f"""# {title}

A framework for sgc, started with `sgc init`.

- `criteria/00-framework.yaml`: the grades and what each requires.
- `criteria/01-{EXAMPLE_AREA}.yaml`: one inspection area's criteria; add one file per area.
- `evidence/example.yaml`: an example organisation's findings, quoting `sources/example-report.txt`.
- `schemas/`: JSON Schemas, so that editors complete and check the files.
- `sgc.toml`: settings for sgc run from this folder.

Check and grade:

    sgc check --sources sources criteria evidence
    sgc grade evidence/example.yaml

Framework id: `{framework_id}`.
"""


SETTINGS = """# sgc settings for this folder and below (see `sgc check --help`).
criteria = "criteria"
exclude = []   # globs that check and summary leave out when they walk folders
disable = []   # lint rules check does not report, e.g. ["SGC213"]
"""


def evidence(subject: str, framework_id: str, scale: Scale, chosen: list[CriteriaSet]) -> str:
    """An evidence skeleton: every area and criterion listed as comments, no statuses."""
    out = [
        "kind: evidence",
        "schema_version: 1",
        f"subject: {quote(subject)}",
        f"framework: {quote(framework_id)}",
        "# assessed: YYYY-MM-DD  # the date of the assessment",
        "# period: {start: YYYY-MM-DD, end: YYYY-MM-DD}  # the period the evidence covers",
        'sources: []  # - {id: report, title: "Inspection report"}',
        "facts: {}",
    ]
    facts = [f for s in chosen for f in s.facts]
    for f in dict((f.id, f) for f in facts).values():
        out.append(f"  # {f.id}: {{value: ..., cite: []}}  # {f.type}" + (f": {f.title}" if f.title else ""))
    out.append("areas:")
    for s in chosen:
        out += [f"  {s.id}:  # {s.title}", "    findings: {}  # replace {} with one entry per criterion:"]
        for c in s.criteria:
            flags = ", dominant" if c.dominant else ", significant" if scale.significant(c) else ""
            out.append(f"      # {c.id}:  # {c.level}{flags}: {' '.join(c.text.split())}")
            out.append(
                "      #   {status: met|partial|not_met|not_applicable, cite: [{source: ..., at: ..., quote: ...}]}"
            )
    return "\n".join(out) + "\n"
