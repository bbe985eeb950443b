"""The loader: every bad file gives `path:line:col: error: ...` lines, exit 2, no traceback."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from sgc_grader.errors import LoadErrors
from sgc_grader.reading.evidence import Evidence
from sgc_grader.reading.load import load
from sgc_grader.reading.model import AnyRule, CriteriaSet, Leaf, NotRule

EV_HEAD = "kind: evidence\nschema_version: 1\nsubject: S\nframework: fw\n"

# (name, file text, expected (line, col, message part) for each error)
CASES = [
    ("duplicate key", EV_HEAD + "areas: {}\nsubject: T\n", [(6, 1, "duplicate key 'subject' (first at line 3)")]),
    (
        "duplicate nested key",
        EV_HEAD + "areas:\n  a:\n    findings:\n      X: {status: met}\n      X: {status: met}\n",
        [(9, 7, "duplicate key 'X' (first at line 8)")],
    ),
    ("unknown key", EV_HEAD + "areas: {}\nsubjet: T\n", [(6, 1, "unknown key 'subjet' (did you mean 'subject'?)")]),
    (
        "status yes",
        EV_HEAD + "areas:\n  a:\n    findings:\n      X: {status: yes}\n",
        [(8, 19, "'status': expected 'met', 'partial', 'not_met' or 'not_applicable', got the boolean true")],
    ),
    (
        "status with a space or a capital",
        EV_HEAD + "areas:\n  a:\n    findings:\n      X: {status: not met}\n      Y: {status: Met}\n",
        [(8, 19, "got 'not met' (did you mean 'not_met'?)"), (9, 19, "got 'Met' (did you mean 'met'?)")],
    ),
    (
        "a status where a finding belongs",
        EV_HEAD + "areas:\n  a:\n    findings:\n      X: met\n      Y:\n      status: met\n",
        [
            (8, 10, "'X': expected a mapping (finding keys), got 'met'; write X: {status: met}"),
            (9, 9, "'Y': expected a mapping (finding keys), got nothing"),
            (10, 15, "'status' is itself a key of a finding: indent it under the id it belongs to"),
        ],
    ),
    (
        "a key of the wrong type",
        EV_HEAD + "areas: {}\nexpected: {1: good}\n",
        [(6, 12, "a key of 'expected': expected text, got the number 1")],
    ),
    (
        "too few grades",
        "kind: framework\nschema_version: 1\nid: f\ntitle: F\ngrades: [{id: only}]\n",
        [(5, 9, "'grades': needs at least 2 items, got 1")],
    ),
    (
        "neither of a union's members",
        "kind: framework\nschema_version: 1\nid: f\ntitle: F\ngrades: [{id: a}, {id: b}]\ncomposites:\n"
        "  - {id: o, title: O, areas: some, requires: {b: []}}\n",
        [(7, 30, "'areas': expected 'all' or a list, got 'some'")],
    ),
    (
        "schema version",
        EV_HEAD.replace("schema_version: 1", "schema_version: 2") + "areas: {}\n",
        [(2, 17, "expected 1, got 2")],
    ),
    (
        "wrong type",
        EV_HEAD + "areas:\n  a:\n    findings:\n      X: {status: met, cite: yes}\n",
        [(8, 30, "'cite': expected a valid list")],
    ),
    (
        "missing required",
        "kind: evidence\nschema_version: 1\nframework: fw\nareas: {}\n",
        [(1, 1, "missing required key 'subject'")],
    ),
    (
        "bool where text",
        EV_HEAD.replace("subject: S", "subject: no") + "areas: {}\n",
        [
            (
                3,
                10,
                "'subject': expected text, got the boolean false "
                "(unquoted yes/no/on/off/true/false are booleans in YAML; quote it)",
            )
        ],
    ),
    (
        "number where text",
        EV_HEAD.replace("subject: S", "subject: 1.10") + "areas: {}\n",
        [(3, 10, "got the number 1.1 (quote it if it is text)")],
    ),
    (
        "date where text",
        EV_HEAD.replace("subject: S", "subject: 2007-10-01") + "areas: {}\n",
        [(3, 10, "got the date 2007-10-01 (quote it if it is text)")],
    ),
    ("bad id", EV_HEAD + "sources: [{id: 'a b', title: T}]\nareas: {}\n", [(5, 16, "'a b' is not a valid id")]),
    ("number as id key", EV_HEAD + "areas:\n  1: {}\n", [(6, 3, "expected text, got the number 1")]),
    (
        "two errors reported",
        EV_HEAD + "areas: {}\nfoo: 1\nbar: 2\n",
        [(6, 1, "unknown key 'foo'"), (7, 1, "unknown key 'bar'")],
    ),
    ("empty file", "", [(1, 1, "file is empty")]),
    ("control character", "kind: evidence\nsubject: a\x00b\n", [(2, 11, "control character U+0000 is not allowed")]),
    ("only a comment", "# nothing here\n", [(1, 1, "file is empty")]),
    ("top-level list", "- a\n- b\n", [(1, 1, "found a list")]),
    ("top-level scalar", "hello\n", [(1, 1, "found the value 'hello'")]),
    ("second document", EV_HEAD + "areas: {}\n---\nkind: evidence\n", [(6, 1, "a second YAML document")]),
    ("tab indentation", "kind: evidence\nareas:\n\ta: {}\n", [(3, 1, "tab character in indentation")]),
    ("unknown kind", "kind: report\n", [(1, 7, "'kind' must be 'framework', 'criteria' or 'evidence'; got 'report'")]),
    (
        "python tag",
        EV_HEAD + "areas: !!python/object:os.system {}\n",
        [(5, 8, "tag tag:yaml.org,2002:python/object:os.system is not allowed")],
    ),
    ("custom tag", EV_HEAD + "areas: !secret x\n", [(5, 8, "tag !secret is not allowed")]),
    ("merge key", EV_HEAD + "base: &b {x: 1}\nareas:\n  <<: *b\n", [(7, 3, "merge keys (<<) are not supported")]),
    ("syntax error", "kind: evidence\nareas: [a, b\n", [(3, 1, "expected ',' or ']'")]),
    (
        "alias bomb",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)),
        [(4, 36, "aliases expand to more than 10,000 nodes")],
    ),
    ("deep nesting", "a: " + "[" * 10_000 + "]" * 10_000 + "\n", [(1, 1003, "nesting deeper than 64 levels")]),
    (
        "deep block nesting",
        "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v: 1\n",
        [(65, 129, "nesting deeper than 64 levels")],
    ),
    ("long string", "kind: evidence\nsubject: " + "x" * (1024 * 1024) + "\n", [(2, 10, "over the limit of 65,536")]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_file_reports_every_problem_at_its_place(
    tmp_path: Path, text: str, expected: list[tuple[int, int, str]]
) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadErrors) as info:
        load(str(path))
    got = [(e.line, e.col, e.message) for e in info.value.errors]
    assert len(got) == len(expected), got
    for (line, col, message), (want_line, want_col, want) in zip(got, expected, strict=True):
        assert (line, col) == (want_line, want_col), (message, want)
        assert want in message
    assert str(info.value).startswith(f"{path}:")


def _error(path: Path) -> str:
    with pytest.raises(LoadErrors) as info:
        load(str(path))
    return str(info.value)


def test_invalid_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"kind: evidence\nsubject: caf\xe9\n")
    assert _error(path) == f"{path}:2:13: error: invalid UTF-8 (byte 0xe9)"


def test_utf16_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes("kind: evidence\n".encode("utf-16"))
    assert _error(path) == f"{path}:1:1: error: file is UTF-16; save it as UTF-8"


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (EV_HEAD + "areas: {}\n").replace("\n", "\r\n").encode())
    assert isinstance(load(str(path)).doc, Evidence)


def test_file_over_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    assert _error(path) == f"{path}: error: file is 52,428,800 bytes, over the limit of 10,485,760"


def test_directory_missing_and_unreadable_files(tmp_path: Path) -> None:
    assert _error(tmp_path) == f"{tmp_path}: error: is a directory, not a file"
    assert _error(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}: error: no such file"
    loop = tmp_path / "loop.yaml"
    os.symlink(loop, loop)
    assert _error(loop) == f"{loop}: error: cannot read: {os.strerror(errno.ELOOP)}"


def test_criteria_set_loads_with_rules(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "kind: criteria\nschema_version: 1\nid: a\nframework: fw\ntitle: T\n"
        "facts: [{id: f, type: number}]\n"
        "criteria:\n  - id: F1\n    level: fair\n    text: x\n"
        "    rule: {any: [{fact: f, gte: 2}, {not: {fact: f, present: true}}]}\n"
    )
    doc = load(str(path)).doc
    assert isinstance(doc, CriteriaSet)
    rule = doc.criteria[0].rule
    assert isinstance(rule, AnyRule) and len(rule.any) == 2
    first, second = rule.any
    assert isinstance(first, Leaf) and (first.fact, first.ops()) == ("f", [("gte", 2)])
    assert isinstance(second, NotRule) and isinstance(second.not_, Leaf)
    assert (second.not_.fact, second.not_.ops()) == ("f", [("present", True)])


def test_error_inside_rule_points_at_the_leaf(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "kind: criteria\nschema_version: 1\nid: a\nframework: fw\ntitle: T\n"
        "criteria:\n  - id: F1\n    level: fair\n    text: x\n"
        "    rule:\n      all:\n        - {fact: f, gte: 2}\n        - {fact: f, bigger: 2}\n"
    )
    assert _error(path) == (
        f"{path}:13:21: error: unknown key 'bigger' (keys here: fact, eq, ne, gt, gte, lt, lte, in, present)"
    )


def test_positions_survive_anchors_and_flow_style(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(EV_HEAD + "areas:\n  a: {findings: {X: {status: maybe}}}\n")
    assert _error(path).startswith(f"{path}:6:30: error: 'status': expected")
