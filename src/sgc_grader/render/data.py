"""Results -> JSON and CSV: data for programs, in a stable shape."""

from __future__ import annotations

import csv as _csv
import io
from typing import Any

from ..results.base import adapter
from ..results.national import SummaryResult
from . import Look
from .safe import cell


def json(result: Any, look: Look) -> str:
    """A result as indented JSON, fields in declaration order (pydantic-core's serializer)."""
    return adapter(type(result)).dump_json(result, indent=2).decode() + "\n"


def csv(s: SummaryResult, look: Look) -> str:
    """The subject-by-area grade matrix (grade ids), one row per subject; no cell can be
    read as a spreadsheet formula."""
    buffer = io.StringIO()
    writer = _csv.writer(buffer, lineterminator="\n")
    writer.writerow(["subject", "source_file", *(a.id for a in s.areas)])
    for row in s.subjects:
        writer.writerow([cell(x) for x in (row.subject, row.source_file, *(row.grades.get(a.id, "") for a in s.areas))])
    return buffer.getvalue()
