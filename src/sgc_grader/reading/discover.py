"""Finding and loading frameworks and criteria sets (docs/format.md section 1)."""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from fnmatch import fnmatch
from pathlib import Path

from ..errors import LoadErrors, SgcError
from ..records import record
from . import seen
from .framework import Scale
from .load import Loaded, load
from .model import CriteriaSet, Framework
from .yamlread import STDIN

YAML_SUFFIXES = (".yaml", ".yml")


def shipped_criteria_dir() -> Path:
    """The criteria sets installed with the package."""
    return Path(__file__).parent.parent / "criteria"


@functools.cache
def default_framework(framework_id: str) -> Framework:
    """The rules a framework without a framework file is graded by (docs/format.md section 6): those of
    the shipped HMIC 2007 framework file, under the framework's own id."""
    shipped = load(str(shipped_criteria_dir() / "00-framework.yaml")).doc
    assert isinstance(shipped, Framework)
    description = "The default framework (HMIC 2007's rules); no framework file was found."
    return shipped.model_copy(update={"id": framework_id, "title": framework_id, "description": description})


def expand(paths: Iterable[str], exclude: Sequence[str] = (), skip: Sequence[str] = ()) -> list[str]:
    """Files as given; folders become their YAML files, sorted by name, recursively,
    leaving out hidden folders (.git, .github, .venv), folders below named in `skip`,
    and paths that match `exclude` (globs matched against the path below the folder,
    or the file name)."""
    out: list[str] = []
    for p in paths:
        if not os.path.isdir(p):
            out.append(p)
            continue
        found = []
        for root, dirs, files in os.walk(p, followlinks=False):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d not in skip]
            for f in files:
                path = os.path.join(root, f)
                rel = Path(os.path.relpath(path, p)).as_posix()
                if f.endswith(YAML_SUFFIXES) and not any(fnmatch(rel, g) or fnmatch(f, g) for g in exclude):
                    found.append(path)
        out.extend(sorted(found))
    return out


def load_all(paths: Iterable[str]) -> tuple[list[Loaded], list[SgcError], set[str]]:
    """Load every file; the ones that fail give their errors instead of a document.
    Also the ids of frameworks whose framework file failed (their sets cannot be checked)."""
    docs: list[Loaded] = []
    errors: list[SgcError] = []
    broken: set[str] = set()
    for path in paths:
        try:
            docs.append(load(path))
        except LoadErrors as e:
            errors.extend(e.errors)
            broken.update([e.framework] if e.framework else [])
    return docs, errors, broken


@record(kw_only=False)
class Catalog:
    """Frameworks and criteria sets (of a criteria folder, or named on a command line).

    A framework with no framework file is graded by the default framework.
    """

    docs: list[Loaded]
    # lint problems, once per run: by (framework, errors only)
    checked: dict[tuple[str, bool], list[SgcError]] = field(default_factory=dict)
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


def load_catalog(folder: str) -> tuple[Catalog, list[SgcError]]:
    """Every framework and criteria set of one folder, in file-name order."""
    docs, errors, _ = load_all(expand([folder]))
    return catalog(docs), errors


def _named(folder: Path) -> str:
    """A folder as messages name it (and so the files in it): from the current folder
    when it is below it, as `criteria/np.yaml`; else in full."""
    here = Path.cwd()
    return str(folder.relative_to(here)) if folder.is_relative_to(here) else str(folder)


def _own_folder(evidence: str | None) -> Path | None:
    """The folder of the evidence file, where the search for criteria/ folders starts;
    None for standard input or no file, whose search starts here."""
    return None if evidence is None or evidence == STDIN else Path(evidence).resolve().parent


class Finder:
    """Where the criteria of an evidence file's framework are (docs/format.md section 1): the
    folder given with --criteria; else the first of the folder the evidence file's
    settings name, a criteria/ folder beside or above the evidence file (for standard
    input: ./criteria and those above it), and the sets shipped with sgc that holds
    criteria sets of that framework. Each folder is read once.

    A folder with a YAML file that cannot be read stops the search: its sets would
    otherwise be passed over for other criteria (the shipped ones, say) without a word.
    A folder named explicitly (--criteria, or `criteria` in sgc.toml) must be one."""

    def __init__(
        self, explicit: str | None = None, configured: Callable[[str | None], str | None] = lambda evidence: None
    ):
        self.explicit = explicit
        self.configured = configured  # the folder an evidence file's settings name
        self._read: dict[str, tuple[Catalog, list[SgcError]]] = {}
        self._named: dict[str, LoadErrors | None] = {}

    def places(self, evidence: str | None) -> list[tuple[str, str]]:
        """(how it was chosen, folder) in the order they are tried."""
        if self.explicit is not None:
            return [("--criteria", self.explicit)]
        try:
            configured = self.configured(evidence)
        except SgcError as e:  # a broken settings file: its own error, at its own place
            raise LoadErrors([e]) from None
        out = [("sgc.toml", configured)] if configured else []
        own = _own_folder(evidence)
        if own is None:  # a file's criteria are looked for from its own folder
            out.append(("./criteria", "criteria"))
        here = own or Path.cwd()
        out += [("beside the evidence", _named(d / "criteria")) for d in (here, *here.parents)]
        out.append(("shipped with sgc", str(shipped_criteria_dir())))
        unique: dict[str, tuple[str, str]] = {}
        for how, folder in out:
            unique.setdefault(os.path.realpath(folder), (how, folder))
        return list(unique.values())

    def read(self, folder: str) -> tuple[Catalog, list[SgcError]]:
        key = os.path.realpath(folder)
        seen.criteria_folder(folder)
        if key not in self._read:
            self._read[key] = load_catalog(folder) if os.path.isdir(folder) else (Catalog([]), [])
        return self._read[key]

    def named(self, how: str, folder: str) -> None:
        """Raise LoadErrors (the same one each time, so it is reported once) when a
        folder named by `how` is missing or is not a folder."""
        if folder not in self._named:
            try:
                is_folder = stat.S_ISDIR(os.stat(folder).st_mode)
                problem = None if is_folder else "not a folder"
            except FileNotFoundError:
                problem = "no such folder"
            except OSError as e:
                problem = f"cannot read: {e.strerror or e}"
            self._named[folder] = LoadErrors([SgcError(folder, 0, 0, f"{how}: {problem}")]) if problem else None
        error = self._named[folder]
        if error is not None:
            raise error

    def find(self, framework: str, evidence: str | None = None) -> Catalog:
        """The catalog that holds `framework`; raises LoadErrors when a folder tried has
        unreadable files or a folder named explicitly is not there, SgcError listing
        every place tried when none holds it."""
        tried: list[str] = []
        start = _own_folder(evidence) or Path.cwd()
        for how, folder in self.places(evidence):
            if how in ("--criteria", "sgc.toml"):
                self.named(f"{how} criteria" if how == "sgc.toml" else how, folder)
            if how == "beside the evidence" and not any(t.startswith("every criteria/") for t in tried):
                tried.append(f"every criteria/ folder in {start} and above")
            found, errors = self.read(folder)
            if errors:
                raise LoadErrors(errors)
            if found.sets(framework):
                return found
            if os.path.isdir(folder):
                held = ", ".join(found.framework_ids()) or "no criteria sets"
                tried.append(f"{folder} ({how}; holds {held})")
            elif how != "beside the evidence":
                tried.append(f"{folder} ({how}; no such folder)")
        where = evidence or framework
        raise SgcError(where, 0, 0, f"no criteria sets for framework '{framework}'; looked in " + "; ".join(tried))
