"""Strict, safe YAML reading with source positions (docs/format.md sections 2 and 14).

Builds plain Python values from libyaml's event stream (`CSafeLoader`), iteratively, so
that every limit is enforced while reading rather than after: nesting depth, string
length, the number of nodes aliases expand to, one document per file, no object tags,
no duplicate keys. Mappings and lists carry the 1-based (line, col) of themselves and of
each entry, which is how every later error finds its place in the file.
"""

from __future__ import annotations

import math
import os
import stat
import sys
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

import yaml

from ..errors import SgcError
from .yamlerrors import explain

Pos = tuple[int, int]
STDIN = "<stdin>"  # how messages name standard input


class Limits(NamedTuple):
    max_bytes: int = 10 * 1024 * 1024
    max_depth: int = 64
    max_alias_nodes: int = 10_000
    max_string: int = 64 * 1024


DEFAULT_LIMITS = Limits()


class LocDict(dict[Any, Any]):
    """A mapping that remembers where it, each key and each value stand."""

    pos: Pos = (1, 1)
    kpos: dict[Any, Pos]
    vpos: dict[Any, Pos]


class LocList(list[Any]):
    """A sequence that remembers where it and each item stand."""

    pos: Pos = (1, 1)
    ipos: list[Pos]


_STR = "tag:yaml.org,2002:str"
_SAFE_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
_BUILD = {
    "tag:yaml.org,2002:null": lambda n: None,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": _constructor.construct_yaml_timestamp,
    _STR: lambda n: n.value,
}


def read_text(path: str, limits: Limits) -> str:
    """Read a file as UTF-8 text (a BOM is dropped), or raise one clear error. The path
    `-` reads standard input. Only a regular file is read: a named pipe or a device
    would block or never end, so it is refused by name without being opened for
    reading."""
    if path == "-":
        data = sys.stdin.buffer.read(limits.max_bytes + 1)
        if len(data) > limits.max_bytes:
            raise SgcError(STDIN, 0, 0, f"input is over the limit of {limits.max_bytes:,} bytes")
        return decode(STDIN, data)
    try:
        status = os.stat(path)
        regular(path, status.st_mode)
        size = status.st_size
        if size > limits.max_bytes:
            raise SgcError(path, 0, 0, f"file is {size:,} bytes, over the limit of {limits.max_bytes:,}")
        # Non-blocking, in case the path became a pipe after the check above.
        with open(path, "rb", opener=_nonblocking) as f:
            regular(path, os.fstat(f.fileno()).st_mode)
            data = f.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise SgcError(path, 0, 0, "no such file") from None
    except PermissionError:
        raise SgcError(path, 0, 0, "permission denied") from None
    except OSError as e:
        raise SgcError(path, 0, 0, f"cannot read: {e.strerror or e}") from None
    if len(data) > limits.max_bytes:
        raise SgcError(path, 0, 0, f"file is over the limit of {limits.max_bytes:,} bytes")
    return decode(path, data)


_NOT_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def place(text: str, at: int) -> Pos:
    """The 1-based (line, col) of the character at offset `at` of `text`."""
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def regular(path: str, mode: int) -> None:
    """Raise unless `mode` (from a stat of `path`) is a regular file's."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise SgcError(path, 0, 0, "is a directory, not a file")
    what = next((name for test, name in _NOT_FILES if test(mode)), "not a regular file")
    raise SgcError(path, 0, 0, f"is {what}, not a regular file; sgc reads regular files only")


def _nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def decode(path: str, data: bytes) -> str:
    """Bytes as UTF-8 text (a BOM is dropped), or one error saying where they are not."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise SgcError(path, 1, 1, "file is UTF-16; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise SgcError(path, line, col, f"invalid UTF-8 (byte 0x{data[e.start]:02x})") from None


def _yaml_error(path: str, text: str, e: yaml.MarkedYAMLError, limits: Limits) -> SgcError:
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = e.problem or "invalid YAML"
    if "maximum nesting depth" in message:  # libyaml's own cap, met before ours in flow style
        return SgcError(path, line, col, f"nesting deeper than {limits.max_depth} levels")
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]:
        return SgcError(path, line, col, "tab character in indentation; YAML indents with spaces")
    libyaml = message + (f" ({e.context})" if e.context else "")
    opened = (e.context_mark.line + 1, e.context_mark.column + 1) if e.context_mark else None
    ours = explain(lines, message, e.context, (line, col), opened)
    if ours is None:
        return SgcError(path, line, col, libyaml)
    return SgcError(path, ours[0], ours[1], f"{ours[2]} (YAML: {libyaml})")


Span = tuple[Pos, Pos, bool]  # where a scalar's text starts and ends (line 1-based, column 0-based), exact?


def parse(path: str, text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, list[SgcError], list[Span]]:
    """Parse one YAML document into located values.

    Returns the root value, the recoverable problems (duplicate keys) and the spans of
    the scalars whose text holds a `#` (see `comments`); raises SgcError for a problem
    that stops reading.
    """
    loader = yaml.CSafeLoader(text)
    try:
        return _build(path, loader, limits)
    except yaml.MarkedYAMLError as e:
        raise _yaml_error(path, text, e, limits) from None
    except yaml.reader.ReaderError as e:  # a character YAML forbids; `position` counts characters
        code = ord(e.character) if isinstance(e.character, str) else e.character
        message = f"control character U+{code:04X} is not allowed in YAML"
        raise SgcError(path, *place(text, e.position), message) from None
    except yaml.YAMLError as e:
        raise SgcError(path, 1, 1, f"invalid YAML: {e}") from None
    finally:
        loader.dispose()


def _build(path: str, loader: Any, limits: Limits) -> tuple[Any, list[SgcError], list[Span]]:
    problems: list[SgcError] = []
    hashed: list[Span] = []
    anchors: dict[str, tuple[Any, int]] = {}
    expanded = 0
    # Each frame: [container, nodes counted, pending key, key position, anchor]
    stack: list[list[Any]] = []
    root: Any = None
    have_root = False
    loader.get_event()  # StreamStart
    if loader.check_event(yaml.StreamEndEvent):
        raise SgcError(path, 1, 1, "file is empty; expected a mapping with 'kind:'")
    loader.get_event()  # DocumentStart

    def fail(pos: Pos, message: str) -> SgcError:
        return SgcError(path, pos[0], pos[1], message)

    get_event = loader.get_event
    max_string = limits.max_string
    while True:
        event = get_event()
        cls = type(event)
        mark = event.start_mark
        pos = (mark.line + 1, mark.column + 1)
        if cls is _SCALAR:
            value = event.value
            if "#" in value:  # (libyaml allows no `#` in an anchor's name)
                hashed.append(_span(event))
            # Fast path: a plain or quoted string that no implicit resolver could claim.
            if (
                event.tag is not None
                or len(value) > max_string
                or (event.implicit[0] and (not value or value[0] in _IMPLICIT_FIRST))
            ):
                value = _scalar(event, pos, fail, limits, problems)
            count = 1
            if event.anchor:
                anchors[event.anchor] = (value, 1)
        elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            if len(stack) >= limits.max_depth:
                raise fail(pos, f"nesting deeper than {limits.max_depth} levels")
            if event.tag and event.tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                raise fail(pos, f"tag {event.tag} is not allowed (sgc reads plain YAML only)")
            container: Any
            if cls is yaml.MappingStartEvent:
                container = LocDict()
                container.kpos, container.vpos = {}, {}
            else:
                container = LocList()
                container.ipos = []
            container.pos = pos
            stack.append([container, 1, _NO_KEY, pos, event.anchor])
            continue
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            container, count, _, _, anchor = stack.pop()
            value, pos = container, container.pos
            if anchor:
                anchors[anchor] = (container, count)
        elif cls is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise fail(pos, f"alias *{event.anchor} refers to an anchor that is not complete")
            value, count = anchors[event.anchor]
            expanded += count
            if expanded > limits.max_alias_nodes:
                raise fail(pos, f"aliases expand to more than {limits.max_alias_nodes:,} nodes")
        else:  # DocumentEnd
            break
        if not stack:
            root, have_root = value, True
            continue
        frame = stack[-1]
        frame[1] += count
        parent = frame[0]
        if isinstance(parent, LocList):
            parent.append(value)
            parent.ipos.append(pos)
        elif frame[2] is _NO_KEY:
            if isinstance(value, (LocDict, LocList)):
                raise fail(pos, "a mapping key must be a plain value, not a mapping or list")
            if value in parent.kpos:
                first = parent.kpos[value]
                problems.append(fail(pos, f"duplicate key {value!r} (first at line {first[0]})"))
                frame[2] = _DUPLICATE
            else:
                frame[2], frame[3] = value, pos
        else:
            if frame[2] is not _DUPLICATE:
                parent[frame[2]] = value
                parent.kpos[frame[2]] = frame[3]
                parent.vpos[frame[2]] = pos
            frame[2] = _NO_KEY
    if loader.check_event(yaml.DocumentStartEvent):
        mark = loader.peek_event().start_mark
        raise SgcError(path, mark.line + 1, mark.column + 1, "a second YAML document; a file holds one")
    assert have_root
    return root, problems, hashed


def _span(event: Any) -> Span:
    """Where a scalar's text stands. A block scalar's text starts on the line below its
    `|`. A scalar with an anchor or a tag starts at that property, and a comment may
    stand between it and the value: such a span is not exact."""
    start, end = event.start_mark, event.end_mark
    first = (start.line + 2, 0) if event.style in ("|", ">") else (start.line + 1, start.column)
    exact = not (event.anchor or event.tag)
    return first, (end.line + 1, end.column), exact


def comments(text: str, hashes: list[Pos], hashed: list[Span]) -> set[Pos]:
    """The `#` positions (1-based line, 0-based column) among `hashes` that start a YAML
    comment: those inside no scalar, quoted or block, of `text`. `hashed` is where
    `parse` found the scalars that hold a `#`; only a `#` within a span that is not
    exact is looked for again, in the file's tokens."""
    real: set[Pos] = set()
    doubt: list[Pos] = []
    for h in hashes:
        within = [exact for first, last, exact in hashed if first <= h < last]
        if not within:
            real.add(h)
        elif not all(within):
            doubt.append(h)
    return (real | _comments(text, doubt)) if doubt else real


def _comments(text: str, hashes: list[Pos]) -> set[Pos]:
    """`comments` by the file's tokens, read as far as the last `#` still in doubt."""
    left, beyond = set(hashes), max(hashes)
    for token in yaml.scan(text, Loader=yaml.CSafeLoader):
        start, end = token.start_mark, token.end_mark
        first, last = (start.line + 1, start.column), (end.line + 1, end.column)
        if first > beyond:  # tokens come in order: none further on holds a `#` left
            break
        if getattr(token, "style", None) in ("|", ">"):  # a block scalar's text starts below its `|`
            first = (start.line + 2, 0)
        if first < last:
            left -= {h for h in left if first <= h < last}
            if not left:
                break
            beyond = max(left)
    return left


_NO_KEY = object()
_DUPLICATE = object()
_SCALAR = yaml.ScalarEvent
# First characters with which a plain scalar may resolve to something other than a string.
_IMPLICIT_FIRST = frozenset(k for k in _resolver.yaml_implicit_resolvers if k is not None)
assert None not in _resolver.yaml_implicit_resolvers  # no wildcard resolver: the fast path is exact


def _scalar(event: Any, pos: Pos, fail: Any, limits: Limits, problems: list[SgcError]) -> Any:
    value = event.value
    if len(value) > limits.max_string:
        raise fail(pos, f"string of {len(value):,} characters, over the limit of {limits.max_string:,}")
    tag = event.tag
    if tag is None or tag == "!":
        tag = _resolver.resolve(yaml.ScalarNode, value, event.implicit)  # type: ignore[no-untyped-call]
    if tag == "tag:yaml.org,2002:merge":
        raise fail(pos, "merge keys (<<) are not supported; write the keys out")
    if tag not in _SAFE_TAGS:
        raise fail(pos, f"tag {tag} is not allowed (sgc reads plain YAML only)")
    try:
        built = _BUILD[tag](yaml.ScalarNode(tag, value))  # type: ignore[no-untyped-call]
    except (ValueError, yaml.YAMLError):
        raise fail(pos, f"{value!r} is not a valid {tag.rsplit(':', 1)[-1]}") from None
    # Only base 60, a leading 0 and long or exponent text can be misread (see _misread).
    if tag in _NUMBERS and (value[0] in "0+-" or len(value) > 15 or ":" in value or "e" in value or "E" in value):
        misread = _misread(value, built)
        if misread is not None:
            problems.append(fail(pos, misread))
    return built


_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _misread(text: str, number: float) -> str | None:
    """Why the number YAML made of `text` is not the number written, or None when it is.

    YAML 1.1 reads 1:30 as 90 (base 60) and 010 as 8 (octal), and a float keeps about 15
    significant digits: 0.99999999999999999999 is 1.0, and 1.0e+999 is infinity. Text of
    at most 15 characters with no exponent always survives as a float, so only longer
    text pays for the exact comparison."""
    quote = ", or quote it if it is text"
    if ":" in text:
        return f"YAML 1.1 reads {text} as {number!r} (base 60, like a time); write {number!r}{quote}"
    digits = text.replace("_", "").lstrip("+-")
    if isinstance(number, int):
        if len(digits) > 1 and digits[0] == "0" and digits.isdigit() and int(digits, 10) != abs(number):
            return f"YAML 1.1 reads {text} as {number} (a leading 0 means octal); write {number}{quote}"
        return None
    if len(text) <= 15 and "e" not in text and "E" not in text:
        return None
    try:
        written = Decimal(text.replace("_", ""))
    except InvalidOperation:
        return None
    if not written.is_finite() or Decimal(repr(number)) == written:
        return None
    if math.isinf(number):
        shown = ".inf" if number > 0 else "-.inf"
        return f"YAML reads {text} as {shown} (too large for a number); write a smaller number{quote}"
    if number == 0:
        return f"YAML reads {text} as 0.0 (too small for a number); write 0.0{quote}"
    return f"YAML reads {text} as {number!r} (a number keeps about 15 significant digits); write {number!r}{quote}"
