"""Finding and loading the criteria sets of a framework (SPEC section 3)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from .errors import LoadErrors, SgcError
from .load import Loaded, load
from .model import CriteriaSet

YAML_SUFFIXES = (".yaml", ".yml")


def shipped_criteria_dir() -> Path:
    """The criteria sets installed with the package."""
    return Path(str(resources.files("sgc_grader") / "criteria"))


def criteria_dir(explicit: str | None) -> Path:
    """`--criteria DIR`, else `./criteria`, else the sets shipped in the package."""
    if explicit is not None:
        if not os.path.isdir(explicit):
            raise SgcError(explicit, 0, 0, "criteria folder not found")
        return Path(explicit)
    local = Path("criteria")
    return local if local.is_dir() else shipped_criteria_dir()


def expand(paths: Iterable[str]) -> list[str]:
    """Files as given; folders become their YAML files, sorted by name, recursively."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = [
                os.path.join(root, f)
                for root, _, files in os.walk(p, followlinks=False)
                for f in files
                if f.endswith(YAML_SUFFIXES)
            ]
            out.extend(sorted(found))
        else:
            out.append(p)
    return out


def load_all(paths: Iterable[str]) -> tuple[list[Loaded], list[SgcError]]:
    """Load every file; the ones that fail give their errors instead of a document."""
    docs: list[Loaded] = []
    errors: list[SgcError] = []
    for path in paths:
        try:
            docs.append(load(path))
        except LoadErrors as e:
            errors.extend(e.errors)
    return docs, errors


def criteria_sets(docs: Iterable[Loaded]) -> list[Loaded]:
    return [d for d in docs if isinstance(d.doc, CriteriaSet)]


def load_criteria(explicit: str | None) -> tuple[list[Loaded], list[SgcError]]:
    """Every criteria set found by the search order, in file-name order."""
    folder = criteria_dir(explicit)
    docs, errors = load_all(expand([str(folder)]))
    return criteria_sets(docs), errors


def of_framework(sets: Iterable[Loaded], framework: str) -> list[Loaded]:
    return [s for s in sets if isinstance(s.doc, CriteriaSet) and s.doc.framework == framework]
