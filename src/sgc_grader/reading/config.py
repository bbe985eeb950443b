"""Project settings: the nearest `sgc.toml`, `.sgc.toml` or `pyproject.toml` with a
`[tool.sgc]` table, looking up from the current folder.

    criteria = "standards/criteria"   # where the framework and criteria sets are
    exclude = ["drafts/*", "*.ci.yml"] # globs left out when check or summary walk folders
    disable = ["SGC213"]               # lint rules check does not report

Every problem is an error at `path:line:col` (exit 2), never a crash: the file is read
as a regular UTF-8 file within the YAML limits, nesting is capped before tomllib
recurses, and since tomllib gives values without places, a key's place is found in the
text (`_Places`).
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import LoadErrors, SgcError
from . import seen
from .yamlread import DEFAULT_LIMITS, place, read_text

NAMES = ("sgc.toml", ".sgc.toml", "pyproject.toml")
KEYS = ("criteria", "exclude", "disable")
_EXAMPLES = {"exclude": '["drafts/*"]', "disable": '["SGC213"]'}


class Config(NamedTuple):
    path: str | None = None  # the file the settings came from; None when there is none
    criteria: str | None = None  # resolved against the file's folder
    exclude: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    disable_at: tuple[tuple[int, int], ...] = ()  # where each entry of `disable` is written (line, col)


def find(start: Path | None = None) -> Config:
    """The settings of the nearest config file up from `start` (default: here)."""
    folder = (start or Path.cwd()).resolve()
    for d in (folder, *folder.parents):
        for name in NAMES:
            path = d / name
            try:
                os.stat(path)
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError as e:
                raise SgcError(str(path), 0, 0, f"cannot read: {e.strerror or e}") from None
            seen.file(str(path))
            text = read_text(str(path), DEFAULT_LIMITS)  # refuses a pipe, a folder, UTF-16
            table = _read(path, text)
            if table is not None:
                return _settings(path, text, table)
    return Config()


def _read(path: Path, text: str) -> dict[str, Any] | None:
    """The sgc table of a config file (None for a pyproject.toml without one)."""
    import tomllib  # only when there is a file to read

    deep = _too_deep(text, DEFAULT_LIMITS.max_depth)
    if deep is not None:
        raise SgcError(str(path), *deep, f"nesting deeper than {DEFAULT_LIMITS.max_depth} levels")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        raise SgcError(str(path), line, col, f"invalid TOML: {str(e).split(' (at line')[0]}") from None
    except RecursionError:  # _too_deep misread the text; still the user's file, not a bug
        raise SgcError(str(path), 1, 1, "nesting too deep") from None
    if path.name != "pyproject.toml":
        return data
    places = _Places(text)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise SgcError(str(path), *places.key(("tool",)), "'tool' must be a table; sgc's settings go in [tool.sgc]")
    table = tool.get("sgc")
    if table is not None and not isinstance(table, dict):
        raise SgcError(str(path), *places.key(("tool", "sgc")), "'tool.sgc' must be a table of sgc's settings")
    return table


def _settings(path: Path, text: str, table: dict[str, Any]) -> Config:
    pyproject = path.name == "pyproject.toml"
    prefix: tuple[str, ...] = ("tool", "sgc") if pyproject else ()
    places = _Places(text)
    problems: list[SgcError] = []

    def problem(key: str, message: str, value: bool = True) -> None:
        line, col = places.value((*prefix, key)) if value else places.key((*prefix, key))
        problems.append(SgcError(str(path), line, col, message))

    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"keys: {', '.join(KEYS)}"
            problem(key, f"unknown key '{key}'{' in [tool.sgc]' if pyproject else ''} ({hint})", value=False)
    criteria = table.get("criteria")
    resolved = None
    if criteria is not None and not isinstance(criteria, str):
        problem("criteria", f"'criteria' must be a folder path in quotes, got {_toml(criteria)}")
    elif criteria is not None:
        resolved = os.path.normpath(path.parent / criteria)
        why = _not_a_folder(criteria, resolved)
        if why:
            problem("criteria", f"'criteria': {why}")
    lists = {}
    for key in ("exclude", "disable"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            problem(key, f"'{key}' must be a list of strings, e.g. {key} = {_EXAMPLES[key]}")
            value = []
        lists[key] = tuple(value)
    if problems:
        raise LoadErrors(sorted(problems, key=lambda p: (p.line, p.col)))
    return Config(
        path=str(path),
        criteria=resolved,
        exclude=lists["exclude"],
        disable=tuple(x.upper() for x in lists["disable"]),
        disable_at=places.items((*prefix, "disable"), len(lists["disable"])),
    )


def _not_a_folder(written: str, folder: str) -> str | None:
    """Why the configured criteria folder cannot be used, or None: a folder named there
    must be one (sgc would otherwise look elsewhere, and grade against other criteria)."""
    try:
        if stat.S_ISDIR(os.stat(folder).st_mode):
            return None
        return f"'{written}' is not a folder"
    except FileNotFoundError:
        parent = os.path.dirname(folder)
        try:
            siblings = [e.name for e in os.scandir(parent) if e.is_dir()]
        except OSError:
            siblings = []
        close = difflib.get_close_matches(os.path.basename(folder), siblings, n=1)
        hint = f" (did you mean '{os.path.join(os.path.dirname(written), close[0])}'?)" if close else ""
        return f"no such folder '{written}'{hint}"
    except OSError as e:
        return f"'{written}': cannot read: {e.strerror or e}"


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a table"
    return str(value)


# Tokens that may hold a bracket that is not one: strings and comments.
_BRACKETS = re.compile(
    r'"""(?:\\[\s\S]|[^\\])*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'
)


def _too_deep(text: str, limit: int) -> tuple[int, int] | None:
    """Where arrays and inline tables first nest deeper than `limit`, if they do (tomllib
    recurses once per level, and Python's recursion limit is not a user's error)."""
    depth = 0
    for m in _BRACKETS.finditer(text):
        token = m.group()
        if token == "[" or token == "{":
            depth += 1
            if depth > limit:
                return place(text, m.start())
        elif token == "]" or token == "}":
            depth -= 1
    return None


_PART = r'[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\''
_DOTTED = rf"(?:{_PART})(?:[ \t]*\.[ \t]*(?:{_PART}))*"
_HEADER = re.compile(rf"^([ \t]*\[\[?[ \t]*)({_DOTTED})[ \t]*\]")
_ASSIGN = re.compile(rf"^([ \t]*)({_DOTTED})[ \t]*=[ \t]*")


class _Places:
    """Where each key of a TOML text is written (tomllib keeps no positions): the
    1-based (line, col) of a key, by its full dotted path, and of its value."""

    def __init__(self, text: str):
        self.text = text
        self.keys: dict[tuple[str, ...], tuple[int, int]] = {}
        self.values: dict[tuple[str, ...], tuple[int, int]] = {}
        table: tuple[str, ...] = ()
        in_string = False
        for number, line in enumerate(text.splitlines(), start=1):
            if not in_string:
                header = _HEADER.match(line)
                assign = None if header else _ASSIGN.match(line)
                if header:
                    table = self._add((), number, len(header.group(1)), header.group(2))
                elif assign:
                    full = self._add(table, number, len(assign.group(1)), assign.group(2))
                    self.values.setdefault(full, (number, assign.end() + 1))
            if (line.count('"""') + line.count("'''")) % 2:  # a multi-line string opens or closes
                in_string = not in_string

    def _add(self, table: tuple[str, ...], number: int, offset: int, dotted: str) -> tuple[str, ...]:
        """Record each part of a dotted key written at `offset` (0-based) of a line, under
        `table`, at its own column; return the key's full path."""
        path = table
        for part in re.finditer(_PART, dotted):
            path = (*path, part.group().strip("\"'"))
            self.keys.setdefault(path, (number, offset + part.start() + 1))
        return path

    def key(self, path: tuple[str, ...]) -> tuple[int, int]:
        """Where the key is written; else where its name first appears as a key (in an
        inline table, say); else its table's place; else the top of the file."""
        if path in self.keys:
            return self.keys[path]
        m = re.search(rf"(?<![\w\"'-])[\"']?{re.escape(path[-1])}[\"']?[ \t]*=", self.text)
        if m:
            return place(self.text, m.start())
        return self.key(path[:-1]) if len(path) > 1 else (1, 1)

    def value(self, path: tuple[str, ...]) -> tuple[int, int]:
        return self.values.get(path) or self.key(path)

    def items(self, path: tuple[str, ...], count: int) -> tuple[tuple[int, int], ...]:
        """Where each of the `count` strings of the array at `path` is written: the
        strings inside its brackets, in order (tomllib has read it as that many strings).
        Where the text cannot be read so, every item is placed at the array itself."""
        line, col = self.value(path)
        at = sum(len(x) for x in self.text.splitlines(keepends=True)[: line - 1]) + col - 1
        found: list[tuple[int, int]] = []
        depth = 0
        for m in _BRACKETS.finditer(self.text, at):
            token = m.group()
            if token == "[":
                depth += 1
            elif token == "]":
                depth -= 1
                if depth <= 0:
                    break
            elif depth == 1 and token[0] in "\"'":
                found.append(place(self.text, m.start()))
        return tuple(found) if len(found) == count else ((line, col),) * count
