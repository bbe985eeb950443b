"""Text from input made safe where it leaves: one sanitiser per output kind.

Input files are written by people and sometimes by attackers: a subject may hold a
terminal escape, a title a bidirectional override, a cell a spreadsheet formula. Every
renderer passes the text it did not write itself through the sanitiser of its output.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# C0 controls but tab and newline, DEL, C1 controls, and the invisible controls that
# reorder or separate text (bidirectional embeddings, overrides and isolates; line and
# paragraph separators)
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _shown(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Terminal (and any plain) text: every control character written out as an escape
    (`\\x1b`, `\\u202e`), so none reaches a terminal or a reader's screen as a control."""
    return _HIDDEN.sub(_shown, text) if _HIDDEN.search(text) else text


def cell(text: str) -> str:
    """A CSV cell that no spreadsheet reads as a formula: one starting with = + - @, a
    tab or a carriage return is prefixed with an apostrophe (OWASP's advice)."""
    shown = visible(text)
    return "'" + shown if text[:1] in ("=", "+", "-", "@", "\t", "\r") else shown


_MARKDOWN = re.compile(r"([\\|`\[\]])")


def md(text: str) -> str:
    """Text safe in Markdown, and in a table cell: no raw HTML, no link, no code span and
    no cell break can come from it, and control characters are made visible."""
    text = _MARKDOWN.sub(r"\\\1", visible(text).replace("\n", " "))
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)  # no HTML tag; a plain '< 0.80' stays


def code(text: str) -> str:
    """Text as a Markdown code span, fenced by more backticks than it holds."""
    text = visible(text).replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link(name: str) -> str:
    """A link to a file the site wrote beside the page: relative, with every character
    that could make it a scheme (`javascript:`) or another path percent-encoded."""
    return "./" + quote(name, safe="")
