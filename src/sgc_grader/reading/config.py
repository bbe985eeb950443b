"""Project settings: the nearest `sgc.toml`, `.sgc.toml` or `pyproject.toml` with a
`[tool.sgc]` table, looking up from the current folder.

    criteria = "standards/criteria"   # where the framework and criteria sets are
    exclude = ["drafts/*", "*.ci.yml"] # globs left out when check or summary walk folders
    disable = ["SGC213"]               # lint rules check does not report
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import SgcError
from . import seen

NAMES = ("sgc.toml", ".sgc.toml", "pyproject.toml")
KEYS = ("criteria", "exclude", "disable")


class Config(NamedTuple):
    path: str | None = None  # the file the settings came from; None when there is none
    criteria: str | None = None  # resolved against the file's folder
    exclude: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()


def find(start: Path | None = None) -> Config:
    """The settings of the nearest config file up from `start` (default: here)."""
    folder = (start or Path.cwd()).resolve()
    for d in (folder, *folder.parents):
        for name in NAMES:
            path = d / name
            if path.is_file():
                table = _read(path)
                if table is not None:
                    return _settings(path, table)
    return Config()


def _read(path: Path) -> dict[str, Any] | None:
    """The sgc table of a config file (None for a pyproject.toml without one)."""
    import tomllib  # only when there is a file to read

    seen.file(str(path))
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        raise SgcError(str(path), line, col, f"invalid TOML: {str(e).split(' (at line')[0]}") from None
    except OSError as e:
        raise SgcError(str(path), 0, 0, f"cannot read: {e.strerror or e}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("sgc")
        return table if isinstance(table, dict) else None
    return data


def _settings(path: Path, table: dict[str, Any]) -> Config:
    where = "[tool.sgc]" if path.name == "pyproject.toml" else "the file"
    for key in table:
        if key not in KEYS:
            raise SgcError(str(path), 0, 0, f"unknown key '{key}' in {where}; keys: {', '.join(KEYS)}")
    criteria = table.get("criteria")
    if criteria is not None and not isinstance(criteria, str):
        raise SgcError(str(path), 0, 0, "'criteria' is a folder path, in quotes")
    lists = {}
    for key in ("exclude", "disable"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise SgcError(str(path), 0, 0, f"'{key}' is a list of strings, e.g. {key} = [\"...\"]")
        lists[key] = tuple(value)
    folder = path.parent
    return Config(
        path=str(path),
        criteria=os.path.normpath(folder / criteria) if criteria is not None else None,
        exclude=lists["exclude"],
        disable=tuple(x.upper() for x in lists["disable"]),
    )
