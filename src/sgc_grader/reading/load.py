"""Files -> validated models, with every problem reported at its `path:line:col`."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import field
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from .. import vocab
from ..errors import LoadErrors, SgcError
from ..records import record
from . import evidence, model, seen
from .yamlread import DEFAULT_LIMITS, STDIN, Limits, LocDict, LocList, Pos, Span, comments, parse, read_text

Document = model.CriteriaSet | evidence.Evidence | model.Framework
_KINDS: dict[str, type[BaseModel]] = {
    "framework": model.Framework,
    "criteria": model.CriteriaSet,
    "evidence": evidence.Evidence,
}
_RULE_TAGS = {"all", "any", "not", "leaf"}


@record(kw_only=False)
class Loaded:
    """A validated document, the file it came from, its located YAML tree, the lint rules
    its `# sgc: disable=RULE` comments silence, by line, and those its
    `# sgc: disable-file=RULE` comments at the top silence in the whole file."""

    path: str
    doc: Document
    tree: Any
    disabled: dict[int, set[str]] = field(default_factory=dict)
    disabled_file: frozenset[str] = frozenset()

    def where(self, *loc: Any) -> Pos:
        return where(self.tree, loc)


_DISABLE = re.compile(r"#\s*sgc:\s*disable=([A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)")


def disables(text: str, hashed: list[Span]) -> dict[int, set[str]]:
    """`# sgc: disable=SGC213` silences those rules on its own line and the next. Only a
    YAML comment counts: the same words inside a quoted or block string are text
    (`hashed`: where `parse` found the scalars that hold a `#`)."""
    out: dict[int, set[str]] = {}
    if "sgc:" not in text:
        return out
    found = [(number, m) for number, line in enumerate(text.splitlines(), start=1) for m in _DISABLE.finditer(line)]
    real = comments(text, [(number, m.start()) for number, m in found], hashed)
    for number, m in found:
        if (number, m.start()) in real:
            for n in (number, number + 1):
                out.setdefault(n, set()).update(_codes(m))
    return out


_DISABLE_FILE = re.compile(r"#\s*sgc:\s*disable-file=([A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)")
_PREAMBLE = (yaml.StreamStartToken, yaml.DirectiveToken, yaml.DocumentStartToken)


def file_disables(text: str) -> frozenset[str]:
    """`# sgc: disable-file=SGC213` silences those rules in the whole file, when it is a
    comment at the top: before the first token of the document's content (`kind:`,
    say), with only comments, blank lines, directives and `---` above it. Further down
    it silences nothing, and the same words in a string are text."""
    if "disable-file" not in text:
        return frozenset()
    lines = text.splitlines()
    found = [(number, m) for number, line in enumerate(lines, start=1) for m in _DISABLE_FILE.finditer(line)]
    preamble: list[tuple[Pos, Pos]] = []  # directives and `---`: text that is not a comment
    top: Pos = (len(lines) + 1, 0)
    for token in yaml.scan(text, Loader=yaml.CSafeLoader):
        start: Pos = (token.start_mark.line + 1, token.start_mark.column)
        if not isinstance(token, _PREAMBLE):
            top = start
            break
        preamble.append((start, (token.end_mark.line + 1, token.end_mark.column)))
    rules: set[str] = set()
    for number, m in found:
        at = (number, m.start())
        if at < top and not any(first <= at < last for first, last in preamble):
            rules |= _codes(m)
    return frozenset(rules)


def _codes(m: re.Match[str]) -> set[str]:
    """The rule codes a disable comment names: `SGC213, sgc211` -> {SGC213, SGC211}."""
    return {r.strip().upper() for r in m.group(1).split(",")}


def _strip_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the union tags pydantic puts in a location; they are not keys of the file."""
    out: list[Any] = []
    for i, key in enumerate(loc):
        if key == "leaf" or (key in _RULE_TAGS and loc[i + 1 : i + 2] == (key,)):
            continue
        out.append(key)
    return tuple(out)


def where(tree: Any, loc: tuple[Any, ...]) -> Pos:
    """The (line, col) of the node at `loc`, or of its nearest existing ancestor.

    A location ending in `(key, "[key]")` means the key itself rather than its value.
    """
    node, pos = tree, getattr(tree, "pos", (1, 1))
    loc = _strip_tags(tuple(loc))
    for i, key in enumerate(loc):
        if isinstance(node, LocDict) and key in node:
            if loc[i + 1 : i + 2] == ("[key]",):
                return node.kpos[key]
            pos, node = node.vpos[key], node[key]
        elif isinstance(node, LocList) and isinstance(key, int) and 0 <= key < len(node):
            pos, node = node.ipos[key], node[key]
        else:
            break
    return pos


def load(path: str, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Read, parse and validate one framework, criteria or evidence file (`-`: standard
    input, named <stdin>). Raises LoadErrors."""
    seen.file(path)
    try:
        text = read_text(path, limits)
    except SgcError as e:
        raise LoadErrors([e]) from None
    path = STDIN if path == "-" else path
    try:
        tree, problems, hashed = parse(path, text, limits)
    except SgcError as e:
        raise LoadErrors([e], _claimed_framework(text)) from None
    if not isinstance(tree, LocDict):
        what = "a list" if isinstance(tree, LocList) else f"the value {tree!r}"
        raise LoadErrors([SgcError(path, 1, 1, f"expected a mapping with 'kind:' at the top level, found {what}")])
    kind = tree.get("kind")
    cls = _KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        line, col = tree.vpos.get("kind", (1, 1))
        got = f"got {kind!r}" if "kind" in tree else "it is missing"
        problems.append(SgcError(path, line, col, f"'kind' must be 'framework', 'criteria' or 'evidence'; {got}"))
        raise LoadErrors(problems)
    try:
        doc = cls.model_validate(tree)
    except ValidationError as e:
        # A value the reader already refused (1:30 read as 90, say) is not reported twice.
        misread = {(p.line, p.col) for p in problems}
        problems.extend(x for x in _schema_errors(path, cls, tree, e) if (x.line, x.col) not in misread)
    if problems:
        problems.sort(key=lambda p: (p.line, p.col))
        raise LoadErrors(problems, _claimed_framework(text))
    assert isinstance(doc, (model.CriteriaSet, evidence.Evidence, model.Framework))
    return Loaded(path, doc, tree, disables(text, hashed), file_disables(text))


def _claimed_framework(text: str) -> str | None:
    """The id a framework file that cannot be read gives at its top level, if it says
    `kind: framework`: its sets are then not read against the default framework."""
    if not re.search(r"^kind:\s*['\"]?framework\b", text, re.M):
        return None
    found = re.search(r"^id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9._-]*)", text, re.M)
    return found.group(1) if found else None


def _unwrap(t: Any) -> Any:
    if isinstance(t, str):  # list["Rule"] in the rule models, which are built on first use
        t = vars(model)[t]
    while get_origin(t) is Annotated:
        t = get_args(t)[0]
    return t


def _members(union: Any) -> list[Any]:
    """A union's members, nested unions flattened (each keeps its own Annotated tags)."""
    out: list[Any] = []
    for m in get_args(union):
        inner = _unwrap(m)
        if get_origin(inner) in (Union, UnionType):
            out += _members(inner)
        elif m is not type(None):
            out.append(m)
    return out


def _member(union: Any, key: Any) -> tuple[Any, bool] | None:
    """The member of a union that `key` (a tag in pydantic's location) names, and
    whether the key was that tag; else the union's only model member."""
    members = _members(union)
    for m in members:
        if get_origin(m) is Annotated and any(getattr(x, "tag", None) == key for x in get_args(m)[1:]):
            return _unwrap(m), True
    models = [_unwrap(m) for m in members if isinstance(_unwrap(m), type) and issubclass(_unwrap(m), BaseModel)]
    return (models[0], False) if len(models) == 1 else None


def keys_at(cls: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys valid in the mapping at `loc` of a `cls` document (none if unclear)."""
    t: Any = cls
    keys = list(loc)
    while True:
        t = _unwrap(t)
        if get_origin(t) in (Union, UnionType):
            found = _member(t, keys[0] if keys else None)
            if found is None:
                return []
            t, used = found
            keys = keys[1:] if used else keys
            continue
        if not keys:
            break
        key, keys = keys[0], keys[1:]
        if isinstance(t, type) and issubclass(t, BaseModel):
            by_key = {f.alias or n: f for n, f in t.model_fields.items()}
            if key not in by_key:
                return []
            t = by_key[key].annotation
        elif get_origin(t) in (list, dict):
            t = get_args(t)[-1]
        else:
            return []
    if isinstance(t, type) and issubclass(t, BaseModel):
        return [f.alias or n for n, f in t.model_fields.items()]
    return []


_SCALAR_MEMBERS = {"bool", "int", "float", "str", "date"}
_RANGE = {
    "greater_than_equal": "at least",
    "greater_than": "more than",
    "less_than_equal": "at most",
    "less_than": "less than",
}


def _member_type(tag: Any) -> str:
    """The simple type a union member's location tag stands for ('' when not a member);
    a literal member keeps its values: "literal['all']"."""
    name = str(tag).removeprefix("constrained-")
    if name.startswith("literal["):
        return name
    return name if name in _SCALAR_MEMBERS else "list" if name.startswith("list[") else ""


_MEMBER_NAMES = {"bool": "true or false", "int": "a number", "float": "a number", "str": "text", "date": "a date"}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()} (unquoted yes/no/on/off/true/false are booleans in YAML; quote it)"
    if isinstance(value, (int, float)):
        return f"the number {value!r} (quote it if it is text)"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()} (quote it if it is text)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    return repr(value)


def _message(cls: type[BaseModel], err: Any) -> str:
    kind, loc, value = err["type"], err["loc"], err.get("input")
    name = next((str(k) for k in reversed(loc) if isinstance(k, str) and k not in _RULE_TAGS), "value")
    head = f"'{name}'"
    if loc and loc[-1] == "[key]":  # a mapping's key, not a value
        head = "a key of '" + next((str(k) for k in reversed(loc[:-1]) if isinstance(k, str)), "value") + "'"
    if kind == "missing":
        return f"missing required key '{name}'"
    if kind == "extra_forbidden":
        valid = [k for k in keys_at(cls, loc[:-1]) if k != loc[-1]]
        close = difflib.get_close_matches(str(loc[-1]), valid, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (keys here: {', '.join(valid)})" if valid else ""
        return f"unknown key '{loc[-1]}'{hint}"
    if kind == "string_pattern_mismatch":
        return f"{head}: {value!r} is not a valid id (letters, digits, '.', '_', '-'; starting with a letter or digit)"
    if kind == "literal_error":
        return f"'{name}': expected {err['ctx']['expected']}, got " + _not_one_of(err["ctx"]["expected"], value)
    if kind == "model_type":
        return f"'{name}': " + _wants_mapping(name, err["ctx"]["class_name"], value)
    if kind.endswith("_type") or kind == "union_tag_invalid":
        msg = err["msg"].replace("Input should be", "expected").replace("a valid string", "text")
        return f"{head}: {msg}, got {_describe(value)}"
    if kind == "finite_number":
        return f"{head}: must be a finite number, got {_non_finite(value)}"
    if kind == "too_short":
        return f"{head}: {_too_short(name, err['ctx']['min_length'], err['ctx']['actual_length'])}"
    return f"{head}: {err['msg']}"


# Lists whose emptiness would change their meaning: a selector of nothing makes a test
# of nothing, which holds ("0 of 0 areas"), and no status matches nothing.
_EMPTY = {
    "areas": "an empty list selects nothing; list at least one area, or write all",
    "ids": "an empty list selects nothing; list at least one criterion id, or leave ids out to select all",
    "status": "an empty list matches nothing; list at least one status",
}


def _too_short(name: str, least: int, got: int) -> str:
    if got == 0 and least == 1 and name in _EMPTY:
        return _EMPTY[name]
    return f"needs at least {least} item{'s' if least != 1 else ''}, got {got}"


def _non_finite(value: Any) -> str:
    """.nan, .inf or -.inf as YAML writes them (Python would say nan, inf)."""
    if isinstance(value, float) and value != value:
        return ".nan"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


def _not_one_of(expected: str, value: Any) -> str:
    """A value outside a fixed list: the close one when there is one, and advice to quote
    only when the quoted text would be valid."""
    words = re.findall(r"'([^']*)'", expected)
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()} (YAML reads unquoted yes/no/on/off/true/false as booleans)"
    if isinstance(value, (int, float)) and str(value) not in words:
        return repr(value)
    if not isinstance(value, str) or not words:
        return _describe(value)
    same = [w for w in words if w == re.sub(r"[\s-]+", "_", value.strip().lower())]
    close = same or difflib.get_close_matches(value, words, n=1)
    return f"{value!r} (did you mean '{close[0]}'?)" if close else repr(value)


def _wants_mapping(name: str, class_name: str, value: Any) -> str:
    """A value given where a mapping (one of our models) belongs, with the likely fix."""
    noun = re.sub(r"(?<!^)(?=[A-Z])", " ", class_name).lower()
    said = f"expected a mapping ({noun} keys), got {_describe(value)}"
    target = getattr(model, class_name, None) or getattr(evidence, class_name, None)
    fields = target.model_fields if isinstance(target, type) and issubclass(target, BaseModel) else {}
    if name in fields:
        return f"{said}; '{name}' is itself a key of a {noun}: indent it under the id it belongs to"
    if isinstance(value, str) and value in vocab.FINDING_STATUSES and "status" in fields:
        return f"{said}; write {name}: {{status: {value}}}"
    return said


def _schema_errors(path: str, cls: type[BaseModel], tree: Any, exc: ValidationError) -> list[SgcError]:
    out: list[SgcError] = []
    errors = exc.errors(include_url=False)
    # A value that fits none of a union's members gives one error per member: say it once,
    # and when a member of the right type refused it for its range, say that.
    members: dict[tuple[Any, ...], list[str]] = {}
    ranges: dict[tuple[Any, ...], str] = {}
    for err in errors:
        loc = err["loc"]
        if loc and _member_type(loc[-1]):
            tag = _member_type(loc[-1])
            name = tag.removeprefix("literal[")[:-1] if tag.startswith("literal[") else _MEMBER_NAMES.get(tag, "a list")
            members.setdefault(loc[:-1], []).append(name)
            if err["type"] in _RANGE:
                bound = next(iter(err["ctx"].values()))
                ranges.setdefault(loc[:-1], f"must be {_RANGE[err['type']]} {bound:g}, got {err.get('input')!r}")
            if err["type"] == "too_short":
                name = next((str(k) for k in reversed(loc[:-1]) if isinstance(k, str)), "value")
                ranges.setdefault(loc[:-1], _too_short(name, err["ctx"]["min_length"], err["ctx"]["actual_length"]))
            if err["type"] == "finite_number":
                ranges.setdefault(loc[:-1], f"must be a finite number, got {_non_finite(err.get('input'))}")
    for err in errors:
        loc = err["loc"]
        if loc and _member_type(loc[-1]):
            names = list(dict.fromkeys(members.pop(loc[:-1], [])))
            if names:  # the first member's error speaks for all of them
                line, col = where(tree, loc[:-1])
                name = next((str(k) for k in reversed(loc[:-1]) if isinstance(k, str)), "value")
                wanted = ", ".join(names[:-1]) + (" or " if len(names) > 1 else "") + names[-1]
                told = ranges.get(loc[:-1]) or f"expected {wanted}, got {_describe(err.get('input'))}"
                out.append(SgcError(path, line, col, f"'{name}': {told}"))
            continue
        line, col = where(tree, (*loc, "[key]")) if err["type"] == "extra_forbidden" else where(tree, loc)
        out.append(SgcError(path, line, col, _message(cls, err)))
    return out
