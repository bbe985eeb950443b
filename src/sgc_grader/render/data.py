"""Results -> JSON and CSV: data for programs, in a stable shape."""

from __future__ import annotations

import csv as _csv
import io
from typing import Any

import pydantic_core

from ..results.national import SummaryResult
from . import Look
from .safe import cell


def json(result: Any, look: Look) -> str:
    """A result as indented JSON, fields in declaration order (pydantic-core's serializer).

    Written from the records themselves rather than through `adapter(type(result))`,
    whose schema costs more to build than the answer does to grade (`sgc grade -f json`
    spent about 0.1 s of 0.75 s on it). The bytes are the same, which tests/test_json.py
    checks on every kind of result: every field typed `float` holds a float (the one
    place the two could differ: the adapter writes an int there as `1.0`)."""
    return pydantic_core.to_json(result, indent=2, inf_nan_mode="null").decode() + "\n"


def csv(s: SummaryResult, look: Look) -> str:
    """The subject-by-area grade matrix (grade ids), one row per subject; no cell can be
    read as a spreadsheet formula."""
    buffer = io.StringIO()
    writer = _csv.writer(buffer, lineterminator="\n")
    writer.writerow(["subject", "source_file", *(a.id for a in s.areas)])
    for row in s.subjects:
        writer.writerow([cell(x) for x in (row.subject, row.source_file, *(row.grades.get(a.id, "") for a in s.areas))])
    return buffer.getvalue()
