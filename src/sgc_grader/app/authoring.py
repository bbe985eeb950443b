"""Writing new files: `sgc init`, `sgc new`, `sgc schema`, and synthetic data sets."""

from __future__ import annotations

import contextlib
import json
import os
import re
from typing import Any

from pydantic import BaseModel

from .. import lint
from ..errors import LoadErrors, SgcError
from ..reading.discover import default_framework
from ..reading.evidence import Evidence
from ..reading.framework import Scale
from ..reading.model import CriteriaSet, Framework
from ..results.base import adapter
from ..results.grade import GradeReport
from . import skeletons
from .settings import finder

SCHEMAS = ("framework", "criteria", "evidence", "result")


def json_schema(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if kind == "result":
        schema.update(adapter(GradeReport).json_schema(mode="serialization"))
    else:
        models: dict[str, type[BaseModel]] = {"framework": Framework, "criteria": CriteriaSet, "evidence": Evidence}
        model = models[kind]
        schema.update(model.model_json_schema(by_alias=True))
    return schema


def new_evidence(subject: str, framework: str | None, criteria: str | None) -> str:
    """An evidence skeleton: every area and criterion listed as comments, no statuses.
    Without a framework, the one framework the criteria search finds first."""
    framework = framework or only_framework(criteria)
    scale, chosen = _framework_sets(criteria, framework)
    return skeletons.evidence(subject, framework, scale, chosen)


def new_criteria(set_id: str, title: str, framework: str | None, criteria: str | None) -> str:
    """A criteria set with one criterion to rewrite at each level of the framework."""
    framework = framework or only_framework(criteria)
    find = finder(criteria)
    scale = Scale(default_framework(framework))
    for _, folder in find.places(None):  # the framework file may be all there is so far
        found, _errors = find.read(folder)  # a file being written is not our business here
        if found.framework_docs(framework) or found.sets(framework):
            scale = found.scale(framework)
            break
    return skeletons.criteria(set_id, framework, title, scale)


def new_framework(framework_id: str, title: str) -> str:
    return skeletons.framework(framework_id, title)


def init(folder: str, framework_id: str | None = None) -> list[str]:
    """A new framework folder that checks clean and grades at once; the files written.

    The folder may be new, empty, or hold only hidden entries (`.git`, `.gitignore`,
    `.venv`: a fresh repository). No file is overwritten: every target is looked at
    before anything is written, and if a write fails what was written is removed."""
    _fresh(folder)
    name = os.path.basename(os.path.abspath(folder))
    fid = framework_id or re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "my-framework"
    title = name.replace("-", " ").replace("_", " ").strip().capitalize() or "My framework"
    files = {
        "criteria/00-framework.yaml": skeletons.framework(fid, title),
        f"criteria/01-{skeletons.EXAMPLE_AREA}.yaml": skeletons.example_criteria(fid),
        "evidence/example.yaml": skeletons.example_evidence(fid),
        "sources/example-report.txt": skeletons.example_report(),
        "sgc.toml": skeletons.SETTINGS,
        "README.md": skeletons.readme(fid, title),
    }
    files |= {f"schemas/{k}.schema.json": json.dumps(json_schema(k), indent=2) + "\n" for k in SCHEMAS}
    targets = {os.path.join(folder, rel): text for rel, text in files.items()}
    for path in targets:
        if os.path.lexists(path):
            raise SgcError(path, 0, 0, "already exists; sgc init never overwrites a file")
    hidden = os.path.join(folder, ".sgc.toml")
    if os.path.lexists(hidden):  # the sgc.toml written beside it would silently take its place
        raise SgcError(hidden, 0, 0, "settings are already here; sgc init would write sgc.toml beside them")
    written: list[str] = []
    made: list[str] = []
    path = folder
    try:
        for path, text in targets.items():
            made += _folders(os.path.dirname(path))
            with open(path, "x", encoding="utf-8", newline="\n") as f:
                written.append(path)
                f.write(text)
    except OSError as e:
        for done in reversed(written):
            with contextlib.suppress(OSError):
                os.remove(done)
        for done in reversed(made):
            with contextlib.suppress(OSError):
                os.rmdir(done)
        raise SgcError(path, 0, 0, f"cannot write: {e.strerror or e}; sgc init wrote nothing") from None
    return written


def _fresh(folder: str) -> None:
    """Raise unless sgc init may write into `folder`: missing, or a folder whose entries
    are all hidden (their names start with a dot)."""
    try:
        entries = os.listdir(folder)
    except FileNotFoundError:
        if os.path.lexists(folder):
            raise SgcError(folder, 0, 0, "is a link to nothing; sgc init starts a new folder") from None
        return
    except NotADirectoryError:
        raise SgcError(folder, 0, 0, "already exists and is not a folder; sgc init starts a new folder") from None
    except OSError as e:
        raise SgcError(folder, 0, 0, f"cannot read: {e.strerror or e}") from None
    shown = sorted(e for e in entries if not e.startswith("."))
    if shown:
        held = ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
        why = "sgc init starts a new folder, or one that holds only hidden entries such as .git"
        raise SgcError(folder, 0, 0, f"already exists and is not empty ({held}); {why}")


def _folders(folder: str) -> list[str]:
    """Make `folder` and any missing folders above it; the ones made, outermost first."""
    missing = []
    here = os.path.abspath(folder)
    while not os.path.lexists(here):
        missing.append(here)
        here = os.path.dirname(here)
    for made in reversed(missing):
        os.mkdir(made)
    return missing[::-1]


def synth(count: int, folder: str, seed: int, framework: str, criteria: str | None) -> int:
    from .synth import write as synth_write

    scale, chosen = _framework_sets(criteria, framework)
    return sum(1 for _ in synth_write(count, folder, scale, chosen, seed))


def _framework_sets(criteria: str | None, framework: str) -> tuple[Scale, list[CriteriaSet]]:
    """The scale and criteria sets of one framework found by the criteria search, or
    why they cannot be used (LoadErrors)."""
    found = finder(criteria).find(framework)
    errors = lint.refusals(found, framework)
    if errors:
        raise LoadErrors(errors)
    return found.scale(framework), found.set_docs(framework)


def only_framework(criteria: str | None) -> str:
    """The framework of the first criteria folder the search finds with a framework
    file or criteria sets, when it holds one framework; otherwise say which to choose."""
    find = finder(criteria)
    for _, folder in find.places(None):
        found, _errors = find.read(folder)
        ids = found.framework_ids()
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise SgcError(folder, 0, 0, f"holds several frameworks ({', '.join(ids)}); choose one with --framework")
    raise SgcError("--framework", 0, 0, "no criteria sets found; give --criteria DIR or --framework")
