"""`sgc check --format junit`: JUnit XML, the test report most CI systems show (GitLab,
Jenkins, Azure Pipelines, CircleCI and others).

One test suite per file, named from the project root. A file without problems is one
passing test case; otherwise each problem is a test case: an `<error>` for a file that
cannot be read, a `<failure>` for a lint error, and for a warning `<skipped>` (it does
not fail the check), or `<failure>` under --strict (it does).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ...errors import SgcError
from ...results.check import CheckResult
from .. import Look
from ..safe import visible
from .ci import READ_RULE, rule_of

# What XML 1.0 cannot hold at all, beyond the controls `visible` writes out
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", visible(text))


def _outcome(result: CheckResult, p: SgcError) -> str:
    if rule_of(result, p) is READ_RULE:
        return "error"
    return "failure" if p.severity == "error" or result.strict else "skipped"


def junit(result: CheckResult, look: Look) -> str:
    by_file: dict[str, list[SgcError]] = {path: [] for path in result.checked}
    for p in result.problems:
        by_file.setdefault(p.path, []).append(p)
    suites = ET.Element("testsuites", name="sgc check")
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for path, problems in by_file.items():
        name = _xml(result.where(path))
        suite = ET.SubElement(suites, "testsuite", name=name)
        counts = dict.fromkeys(("failures", "errors", "skipped"), 0)
        if not problems:
            ET.SubElement(suite, "testcase", classname=name, name="sgc check")
        for p in problems:
            rule = rule_of(result, p)
            place = f"line {p.line}, col {p.col}" if p.line else "the file"
            case = ET.SubElement(suite, "testcase", classname=name, name=f"{rule.id} {rule.name} at {place}")
            outcome = _outcome(result, p)
            counts[{"error": "errors", "failure": "failures", "skipped": "skipped"}[outcome]] += 1
            where = f"{name}:{p.line}:{p.col}" if p.line else name
            text = _xml(f"{where}: {p.severity}: {p.text()}")
            if outcome == "skipped":
                ET.SubElement(case, "skipped").text = text
            else:
                ET.SubElement(case, outcome, type=rule.id, message=_xml(p.message)).text = text
        tests = max(1, len(problems))
        suite.attrib |= {"tests": str(tests), **{k: str(v) for k, v in counts.items()}}
        totals["tests"] += tests
        for k, v in counts.items():
            totals[k] += v
    # The common schema (Jenkins') gives the whole report no count of skipped tests.
    suites.attrib |= {k: str(v) for k, v in totals.items() if k != "skipped"}
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
