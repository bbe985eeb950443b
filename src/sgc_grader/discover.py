"""Finding and loading frameworks and criteria sets (SPEC section 3)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import LoadErrors, SgcError
from .framework import Scale, default_framework
from .load import Loaded, load
from .model import CriteriaSet, Framework

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


@dataclass
class Catalog:
    """Frameworks and criteria sets (of a criteria folder, or named on a command line).

    A framework with no framework file is graded by the default framework.
    """

    docs: list[Loaded]
    checked: dict[str, list[SgcError]] = field(default_factory=dict)  # lint problems, once per run
    _scales: dict[str, Scale] = field(default_factory=dict)

    def framework_ids(self) -> list[str]:
        """Every framework that has a file or a criteria set, in first-seen order."""
        ids = [d.doc.id if isinstance(d.doc, Framework) else d.doc.framework for d in self.docs]
        return list(dict.fromkeys(ids))

    def framework_docs(self, framework: str) -> list[Loaded]:
        return [d for d in self.docs if isinstance(d.doc, Framework) and d.doc.id == framework]

    def sets(self, framework: str) -> list[Loaded]:
        return [d for d in self.docs if isinstance(d.doc, CriteriaSet) and d.doc.framework == framework]

    def set_docs(self, framework: str) -> list[CriteriaSet]:
        return [d.doc for d in self.sets(framework) if isinstance(d.doc, CriteriaSet)]

    def scale(self, framework: str) -> Scale:
        """The framework's file (the first, if two claim the id), else the default."""
        if framework not in self._scales:
            docs = self.framework_docs(framework)
            fw = docs[0].doc if docs else default_framework(framework)
            assert isinstance(fw, Framework)
            self._scales[framework] = Scale(fw)
        return self._scales[framework]


def catalog(docs: Iterable[Loaded]) -> Catalog:
    return Catalog([d for d in docs if isinstance(d.doc, (CriteriaSet, Framework))])


def load_catalog(explicit: str | None) -> tuple[Catalog, list[SgcError]]:
    """Every framework and criteria set found by the search order, in file-name order."""
    folder = criteria_dir(explicit)
    docs, errors = load_all(expand([str(folder)]))
    return catalog(docs), errors
