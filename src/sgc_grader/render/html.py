"""Grade results -> one self-contained, printable HTML inspection report per subject.

Rendered by Jinja2 with autoescaping on: every piece of evidence text is escaped. No
scripts, no external resources; the national distribution is an inline SVG.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from .. import __version__
from ..errors import SgcError
from ..results.grade import AreaResult, GradeReport, SubjectResult
from ..results.national import SummaryResult
from . import Look, phrases, reach
from .phrased import phrased
from .phrases import MATRIX_MARK, SHOWN, STATUS, abbreviations, moderation, subject_names
from .safe import link, visible

_ENV = Environment(
    loader=PackageLoader("sgc_grader", "render/templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    finalize=lambda x: visible(x) if isinstance(x, str) else x,  # escaped by Jinja2, controls made visible
)


def distribution_chart(s: SubjectResult, area: AreaResult) -> list[dict[str, Any]]:
    """Bars of the national distribution, tallest = 100 units, this subject's grade marked."""
    year, dist = next(iter(sorted(area.national_distribution.items(), reverse=True)))
    top = max(dist.values()) or 1
    step = min(70, 280 // max(1, len(dist)))
    return [
        {
            "grade": s.label(g),
            "count": n,
            "height": round(100 * n / top),
            "x": 10 + i * step,
            "width": step - 20,
            "mine": g == area.grade,
            "year": year,
        }
        for i, (g, n) in enumerate(reversed(dist.items()))
    ]


def having(items: Sequence[Any], name: str, values: Container[Any]) -> list[Any]:
    """The items whose attribute `name` is one of `values`: in the report template,
    `items|selectattr(name, "in", values)|list` without Jinja's dispatch of a test per
    item, which took a fifth of the time a national site spent on each report."""
    return [x for x in items if getattr(x, name) in values]


# Light shades from the lowest grade to the highest, so dark text stays readable; every
# grade is also written out, so colour is never the only signal.
SHADES = ("#f2b8b5", "#f9d3a5", "#fbe9a6", "#c9dff5", "#b7e1bb")


def summary(s: SummaryResult, look: Look, top: int = 25) -> str:
    """The national summary as one page: grades by area beside the reference
    distribution (where a set records one), the subject-by-area matrix, the moderation
    list by kind (each capped; JSON keeps every note), and the criteria most often not
    met; each subject linked to its report where `look.links` names one (source file ->
    the report's file name beside the page)."""
    n = len(s.grades)
    short = abbreviations({g.id: g.label for g in s.grades})
    grades = [
        {"id": g.id, "label": g.label, "rank": i, "short": short[g.id], "colour": SHADES[round(i * 4 / max(1, n - 1))]}
        for i, g in enumerate(s.grades)
    ]
    marks: dict[tuple[str, str], str] = {}
    for a in s.attention:
        marks[(a.source_file, a.area)] = marks.get((a.source_file, a.area), "") + MATRIX_MARK.get(a.why, "")
    return _ENV.get_template("summary.html.j2").render(
        s=s,
        reference=any(a.reference for a in s.areas),  # a column empty in every row is left out
        groups=moderation(s),
        shown=SHOWN,
        grades=grades,
        by_id={g["id"]: g for g in grades},
        short_area=abbreviations({a.id: a.title for a in s.areas}),
        titles={a.id: a.title for a in s.areas},
        marks=marks,
        names=subject_names(s),
        links={source: link(name) for source, name in look.links.items()},
        latest=lambda ref: max(ref.items()),
        failed=len({f.path for f in s.failures}),
        top=top,
        version=__version__,
    )


def grade(report: GradeReport, look: Look) -> str:
    """The report for one subject."""
    if len(report.results) != 1:
        raise SgcError("-", 0, 0, "--format html writes one report per subject: use --output DIR/")
    subject = report.results[0]
    return _ENV.get_template("report.html.j2").render(
        s=subject,
        grade_ids=[g.id for g in subject.grades],
        status_label={k: v.label for k, v in STATUS.items()},
        chart=distribution_chart,
        having=having,
        words=phrases,
        reach=reach,
        version=__version__,
    )


def page(subject: SubjectResult) -> str:
    """One subject's report, words filled in: what the workers of a national site render
    (a module-level function, so worker processes can be handed it)."""
    return grade(phrased(GradeReport(results=[subject])), Look())
