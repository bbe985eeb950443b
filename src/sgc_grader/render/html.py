"""Grade results -> one self-contained, printable HTML inspection report per subject.

Rendered by Jinja2 with autoescaping on: every piece of evidence text is escaped. No
scripts, no external resources; the national distribution is an inline SVG.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from .. import __version__
from ..result import AreaResult, SubjectResult
from . import words

_ENV = Environment(
    loader=PackageLoader("sgc_grader", "render/templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
STATUS_LABEL = {
    "met": "Met",
    "partial": "Partly met",
    "not_met": "Not met",
    "not_applicable": "Not applicable",
    "unknown": "Unknown (fact missing)",
    "unassessed": "Not assessed",
}


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


def grade_html(subject: SubjectResult) -> str:
    """The report for one subject."""
    return _ENV.get_template("report.html.j2").render(
        s=subject,
        grade_ids=[g.id for g in subject.grades],
        status_label=STATUS_LABEL,
        chart=distribution_chart,
        words=words,
        version=__version__,
    )
