"""The project's settings (sgc.toml) and the criteria search they steer."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from ..reading import config
from ..reading.config import Config
from ..reading.discover import Finder


def settings_file() -> Config:
    """The nearest sgc.toml (or [tool.sgc]) up from here, read once per folder."""
    return _settings_in(os.getcwd())


@functools.cache
def _settings_in(folder: str) -> Config:
    return config.find(Path(folder))


def project_root() -> Path:
    """The folder CI reports name files from (SARIF's SRCROOT, GitLab's paths): the one
    holding the nearest settings file (sgc.toml, .sgc.toml or a pyproject.toml with
    [tool.sgc], as `settings_file` finds it), else the nearest work tree of git (a
    `.git` folder, or the `.git` file of a linked work tree or submodule), else here."""
    here = Path.cwd().resolve()
    found = settings_file().path
    if found is not None:
        return Path(found).parent
    return next((d for d in (here, *here.parents) if (d / ".git").exists()), here)


def finder(criteria: str | None) -> Finder:
    """The criteria search: --criteria if given, else sgc.toml's, then the usual places."""
    return Finder(criteria, settings_file().criteria)
