"""The project's settings (sgc.toml) and the criteria search they steer.

Settings follow the file, as ruff's do: an input's settings are those of the nearest
settings file up from its own folder (a folder named on the command line: up from
itself), so `sgc grade /path/to/project/evidence/x.yaml` reads that project's sgc.toml
from anywhere. Only a run without an input path (standard input, `sgc new`) reads
them up from the current folder.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path

from ..reading import config
from ..reading.config import Config
from ..reading.discover import Finder
from ..reading.yamlread import STDIN


def settings_for(path: str | None = None) -> Config:
    """The settings that hold for `path` (a file or a folder); up from here for none."""
    return _settings_in(_folder(path))


def _folder(path: str | None) -> str:
    if path is None or path in ("-", STDIN):
        return os.getcwd()
    path = os.path.abspath(path)
    return path if os.path.isdir(path) else os.path.dirname(path)


@functools.cache
def _settings_in(folder: str) -> Config:
    return config.find(Path(folder))


def configured_criteria(evidence: str | None) -> str | None:
    """The criteria folder the settings of `evidence` name, if any."""
    return settings_for(evidence).criteria


def project_root(paths: Sequence[str] = ()) -> Path:
    """The folder CI reports name files from (SARIF's SRCROOT, GitLab's paths): the one
    holding the settings file of the inputs (sgc.toml, .sgc.toml or a pyproject.toml
    with [tool.sgc], found up from the folder that holds them all), else the nearest
    work tree of git up from there (a `.git` folder, or the `.git` file of a linked work
    tree or submodule), else the current folder."""
    folders = [_folder(p) for p in paths if p not in ("-", STDIN)]
    start = Path(os.path.commonpath(folders) if folders else os.getcwd()).resolve()
    found = _settings_in(str(start)).path
    if found is not None:
        return Path(found).parent
    return next((d for d in (start, *start.parents) if (d / ".git").exists()), Path.cwd().resolve())


def finder(criteria: str | None) -> Finder:
    """The criteria search: --criteria if given, else each evidence file's sgc.toml's,
    then the usual places."""
    return Finder(criteria, configured_criteria)
