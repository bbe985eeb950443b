"""YAML syntax errors in our words, at the line where the mistake is.

libyaml reports where it gave up, which is often not where the writer went wrong: an
unclosed quote is reported at the end of the file, an unquoted ': ' inside a value as
"mapping values are not allowed", a line out of step as "did not find expected key".
We say what is probably wrong and where, and keep libyaml's words after ours.
"""

from __future__ import annotations

import re

Explained = tuple[int, int, str]  # line, col (1-based), message

_KEY = re.compile(r"^(\s*)(?:- +)?([^\s#'\"{\[][^:#]*?):(?:\s|$)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """The last line (up to `upto`) where a quoted value opens and does not close."""
    for number in range(min(upto, len(lines)), 0, -1):
        line = lines[number - 1]
        m = re.search(r"(?::\s+|-\s+|[{\[,]\s*)([\"'])", line)
        if not m:
            continue
        quote, start = m.group(1), m.end(1)
        rest = line[start:]
        body = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote not in body:
            return number, start
    return None


def explain(
    lines: list[str], problem: str, context: str | None, at: tuple[int, int], opened: tuple[int, int] | None
) -> Explained | None:
    """Our reading of one libyaml error, or None when we have nothing better to say.

    `at` is where libyaml stopped; `opened` where the construct it was reading began.
    """
    line, col = at
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if context == "while scanning a quoted scalar" and opened is not None:
        return opened[0], opened[1], "this quoted value is never closed; add the closing quote on the same line"
    if problem == "did not find expected ',' or '}'":
        ran_on = _ran_on(text, col)
        if ran_on is not None:
            opens, ends = ran_on
            message = f"this quoted value runs on to column {ends}, where a new quote was meant to open; "
            return line, opens, message + "is its closing quote missing?"
        comment = _comment_in_flow(lines[line - 2]) if line > 1 and _indent(text) == col - 1 else None
        if comment is not None:
            return line - 1, comment, "' #' starts a comment, which hides the rest of this line; quote the value"
    if problem.startswith("mapping values are not allowed") or problem == "did not find expected ',' or '}'":
        head = text[: col - 1]
        value_start = head.find(": ")
        if value_start >= 0 and ": " in head[value_start + 2 :] + text[col - 1 : col + 1]:
            return line, col, "a value that contains ': ' must be quoted: put the whole value in quotes"
        above = _previous_key_line(lines, line)
        if above is not None and _indent(text) > _indent(lines[above - 1]):
            return (
                line,
                _indent(text) + 1,
                f"this line is indented more than line {above} above it; keys of one mapping line up",
            )
    if problem in ("did not find expected key", "did not find expected '-' indicator") and opened is not None:
        what = "key" if problem.endswith("key") else "list item"
        where = f"column {opened[1]}, like line {opened[0]}"
        above = _previous_key_line(lines, line)
        if above is not None and _indent(lines[above - 1]) > _indent(text) >= opened[1]:
            where = f"column {_indent(lines[above - 1]) + 1}, like line {above}, or at {where}"
        return line, _indent(text) + 1, f"this line is out of step: a {what} here should start at {where}"
    unclosed = _unclosed_quote(lines, line)
    if unclosed is not None and unclosed[0] < line:
        return unclosed[0], unclosed[1] + 1, "a quoted value opened here is not closed on its line"
    return None


def _ran_on(text: str, col: int) -> tuple[int, int] | None:
    """Where the double-quoted value that ends just before `col` (1-based) opens and
    ends, when text follows it at once: likely its own closing quote is missing."""
    before = text[: col - 1].rstrip(" ")
    if not before.endswith('"') or col - 1 >= len(text) or text[col - 1] in " ,}]":
        return None
    start = before[:-1].rfind('"')
    return (start + 1, len(before)) if start >= 0 else None


def _comment_in_flow(line: str) -> int | None:
    """The column (1-based) of a ' #' that cuts a line's unclosed `{` short."""
    at = line.find(" #")
    if at < 0 or line.count('"', 0, at) % 2 or line[:at].count("{") <= line[:at].count("}"):
        return None
    return at + 2


def _previous_key_line(lines: list[str], line: int) -> int | None:
    for number in range(line - 1, 0, -1):
        if _KEY.match(lines[number - 1]):
            return number
    return None
