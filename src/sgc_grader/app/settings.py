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


def finder(criteria: str | None) -> Finder:
    """The criteria search: --criteria if given, else sgc.toml's, then the usual places."""
    return Finder(criteria, settings_file().criteria)
