"""Reading boundaries (issues 20 and 23): every number finite and in range for its use,
every selector meaningful, every `at_least` able to fail, numbers YAML cannot hold as
written refused at their line, disable comments only in real comments, and sgc.toml
errors at `path:line:col`.

Each case a hostile tester met: before, sgc graded it silently (exit 0), or failed with
an internal error (exit 3).
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Run
from test_fuzz import run as run_in_process
from test_lint import CRITERIA, EVIDENCE, FRAMEWORK
from test_lint import EXTRA_SET as OTHER

Sgc = Callable[..., Run]
FILES = {"framework": "c/00-framework.yaml", "criteria": "c/area.yaml", "evidence": "ev.yaml"}

# The test_lint example with a plain number fact, which any finite value fits.
CRITERIA_N = CRITERIA.replace(
    "  - {id: f.flag, type: boolean}\n", "  - {id: f.flag, type: boolean}\n  - {id: f.n, type: number}\n"
)
EVIDENCE_N = EVIDENCE.replace("areas:\n", "  f.n: {value: 4}\nareas:\n")


def write(folder: Path, texts: dict[str, str]) -> Path:
    (folder / "c").mkdir(exist_ok=True)
    (folder / "c" / "other.yaml").write_text(OTHER)
    for which, text in texts.items():
        (folder / FILES[which]).write_text(text)
    return folder / "ev.yaml"


def changed(which: str, old: str, new: str) -> dict[str, str]:
    """The example files with one text replaced in one of them."""
    texts = {"framework": FRAMEWORK, "criteria": CRITERIA_N, "evidence": EVIDENCE_N}
    assert texts[which].count(old) == 1, old
    texts[which] = texts[which].replace(old, new)
    return texts


def at(texts: dict[str, str], which: str, token: str) -> str:
    """`path:line:col` of the first `token` in one of the files (an oracle that reads the
    text, not sgc)."""
    for number, line in enumerate(texts[which].splitlines(), start=1):
        if token in line:
            return f"{FILES[which]}:{number}:{line.index(token) + 1}"
    raise AssertionError(token)


@pytest.fixture
def grade(sgc: Sgc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], Run]:
    monkeypatch.chdir(tmp_path)

    def call(texts: dict[str, str]) -> Run:
        write(tmp_path, texts)
        return sgc("grade", "ev.yaml", "--criteria", "c")

    return call


def test_the_example_grades(grade: Callable[[dict[str, str]], Run]) -> None:
    """The baseline every case below departs from by one change."""
    r = grade(changed("evidence", "f.n: {value: 4}", "f.n: {value: 4.5}"))
    assert (r.code, r.err) == (0, "")


# (case, file, old, new, token the error points at, message)
REFUSED = [
    # facts and rule operands: finite
    (
        "fact-nan",
        "evidence",
        "f.n: {value: 4}",
        "f.n: {value: .nan}",
        ".nan",
        "'value': must be a finite number, got .nan",
    ),
    (
        "fact-inf",
        "evidence",
        "f.n: {value: 4}",
        "f.n: {value: .inf}",
        ".inf",
        "'value': must be a finite number, got .inf",
    ),
    (
        "fact-minus-inf",
        "evidence",
        "f.n: {value: 4}",
        "f.n: {value: -.Inf}",
        "-.Inf",
        "'value': must be a finite number, got -.inf",
    ),
    (
        "fact-too-large",
        "evidence",
        "f.n: {value: 4}",
        "f.n: {value: 1.0e+999}",
        "1.0e+999",
        "YAML reads 1.0e+999 as .inf (too large for a number); write a smaller number, or quote it if it is text",
    ),
    ("operand-nan", "criteria", "gte: 50}", "gte: .nan}", ".nan", "'gte': must be a finite number, got .nan"),
    ("in-nan", "criteria", "in: [a]}", "in: [a, .NaN]}", ".NaN", "'in': must be a finite number, got .nan"),
    # thresholds: finite (`.inf` used to crash: exit 3)
    (
        "threshold-inf",
        "criteria",
        "good_share: 0.5",
        "good_share: .inf",
        ".inf",
        "'good_share': must be a finite number, got .inf",
    ),
    (
        "framework-threshold-nan",
        "framework",
        "levels: [fair, good, excellent]\n",
        "levels: [fair, good, excellent]\nthresholds: {excellent_share: .nan}\n",
        ".nan",
        "'excellent_share': must be a finite number, got .nan",
    ),
    # numbers YAML cannot hold as written
    (
        "too-precise",
        "criteria",
        "good_share: 0.5",
        "good_share: 0.99999999999999999999",
        "0.99999999999999999999",
        "YAML reads 0.99999999999999999999 as 1.0 (a number keeps about 15 significant digits); write 1.0, "
        "or quote it if it is text",
    ),
    (
        "sexagesimal",
        "evidence",
        "  f.pct: {value: 60, cite: [{source: src, quote: sixty per cent}]}\n",
        "  f.pct:\n    value: 1:30\n",
        "1:30",
        "YAML 1.1 reads 1:30 as 90 (base 60, like a time); write 90, or quote it if it is text",
    ),
    (
        "octal",
        "framework",
        "at_least: met, count: {gte: 1}}\n",
        "at_least: met, count: {gte: 010}}\n",
        "010",
        "YAML 1.1 reads 010 as 8 (a leading 0 means octal); write 8, or quote it if it is text",
    ),
    # selectors: an empty list selects nothing
    (
        "composite-areas-empty",
        "framework",
        "areas: [area, other]",
        "areas: []",
        "[]",
        "'areas': an empty list selects nothing; list at least one area, or write all",
    ),
    (
        "condition-areas-empty",
        "framework",
        "{id: no-poor, areas: all,",
        "{id: no-poor, areas: [],",
        "[]",
        "'areas': an empty list selects nothing; list at least one area, or write all",
    ),
    (
        "ids-empty",
        "framework",
        "{id: dominant, criteria: {dominant: true}",
        "{id: dominant, criteria: {ids: []}",
        "[]",
        "'ids': an empty list selects nothing; list at least one criterion id, or leave ids out to select all",
    ),
    (
        "status-empty",
        "framework",
        "status: [partial]",
        "status: []",
        "[]",
        "'status': an empty list matches nothing; list at least one status",
    ),
    # at_least that always holds
    (
        "at-least-not-met",
        "framework",
        "significant: true}, at_least: partial}",
        "significant: true}, at_least: not_met}",
        "not_met}",
        "condition 'significant': at_least not_met always holds (every criterion is at least not met); "
        "use partial or met [SGC301]",
    ),
    (
        "at-least-lowest-grade",
        "framework",
        "{id: no-poor, areas: all, at_least: fair}",
        "{id: no-poor, areas: all, at_least: poor}",
        "poor}",
        "condition 'no-poor': at_least poor always holds (every area grades at least Poor); "
        "use a grade above it [SGC301]",
    ),
    # thresholds and numbers in range for their use
    (
        "framework-share-threshold",
        "framework",
        "levels: [fair, good, excellent]\n",
        "levels: [fair, good, excellent]\nthresholds: {good_share: 1.5}\n",
        "1.5",
        "good_share 1.5 is compared with a share (condition 'good-share'), which is from 0 to 1 [SGC306]",
    ),
    (
        "set-share-threshold",
        "criteria",
        "good_share: 0.5",
        "good_share: 7",
        "7",
        "good_share 7 is compared with a share (condition 'good-share'), which is from 0 to 1 [SGC306]",
    ),
    (
        "set-count-threshold",
        "criteria",
        "poor_fair_failures: 2",
        "poor_fair_failures: 2.5",
        "2.5",
        "poor_fair_failures 2.5 is compared with a count (condition 'few'), which is a whole number [SGC306]",
    ),
    (
        "count-operand",
        "framework",
        "at_least: met, count: {gte: 1}}\n",
        "at_least: met, count: {gte: 1.5}}\n",
        "1.5",
        "condition 'all' compares a count with 1.5; a count is a whole number [SGC306]",
    ),
    (
        "share-operand",
        "framework",
        "share: {gt: good_share}",
        "share: {gt: 1.01}",
        "1.01",
        "condition 'good-share' compares a share with 1.01; a share is from 0 to 1 [SGC306]",
    ),
]


@pytest.mark.parametrize(("case", "which", "old", "new", "token", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_grade_refuses_at_the_line(
    grade: Callable[[dict[str, str]], Run], case: str, which: str, old: str, new: str, token: str, message: str
) -> None:
    texts = changed(which, old, new)
    r = grade(texts)
    assert (r.code, r.out, r.err) == (2, "", f"{at(texts, which, token)}: error: {message}\n")


# A criteria set that cannot be read leaves its framework's other files naming an area
# that is not there, so those cases give more than their own line: grade shows them.
CHECKED = [c for c in REFUSED if c[1] != "criteria" or " [SGC" in c[5]]


@pytest.mark.parametrize(("case", "which", "old", "new", "token", "message"), CHECKED, ids=[c[0] for c in CHECKED])
def test_check_reports_what_grade_refuses(
    sgc: Sgc,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    which: str,
    old: str,
    new: str,
    token: str,
    message: str,
) -> None:
    """Before, check was clean on several of these (areas: [], at_least: not_met, numbers
    YAML misread); a lint error exits 1, a file that cannot be read 2."""
    monkeypatch.chdir(tmp_path)
    texts = changed(which, old, new)
    write(tmp_path, texts)
    r = sgc("check", "c", "ev.yaml")
    code = 1 if message.endswith("]") else 2
    line = f"{at(texts, which, token)}: error: {message}\n"
    assert (r.code, r.out, r.err) == (code, line, "4 files checked: 1 error, 0 warnings\n")


def test_check_says_error_where_it_said_warning(sgc: Sgc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A share threshold out of range was a warning that the top grade cannot be reached
    (SGC105); now it is an error, the one grade refuses."""
    monkeypatch.chdir(tmp_path)
    texts = changed("criteria", "good_share: 0.5", "good_share: 7")
    write(tmp_path, texts)
    r = sgc("check", "c")
    where = at(texts, "criteria", "7")
    message = "good_share 7 is compared with a share (condition 'good-share'), which is from 0 to 1 [SGC306]"
    assert (r.code, r.out, r.err) == (1, f"{where}: error: {message}\n", "3 files checked: 1 error, 0 warnings\n")


# --- disable comments: only a real comment counts -----------------------------------

# The judgement says good while `expected` says fair: SGC211 on the `expected` line.
MISMATCH = changed("evidence", "judgement: {grade: fair,", "judgement: {grade: good,")["evidence"].replace(
    "subject: S\n", ""
)
SGC211 = "'area' grades good, expected fair"


@pytest.mark.parametrize(
    "line_above",
    [
        'subject: "S # sgc: disable=SGC211"\n',
        "subject: 'S # sgc: disable=SGC211'\n",
        "subject: |\n  S # sgc: disable=SGC211\n",
    ],
    ids=["double-quoted", "single-quoted", "block"],
)
def test_a_disable_inside_a_string_silences_nothing(
    sgc: Sgc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line_above: str
) -> None:
    monkeypatch.chdir(tmp_path)
    text = MISMATCH.replace("expected:\n  area: fair\n", line_above + "expected: {area: fair}\n")
    write(tmp_path, {"framework": FRAMEWORK, "criteria": CRITERIA_N, "evidence": text})
    r = sgc("check", "ev.yaml", "--criteria", "c")
    line = text.count("\n")
    assert (r.code, r.err) == (1, "1 file checked: 1 error, 0 warnings\n")
    assert r.out.startswith(f"ev.yaml:{line}:18: error: {SGC211}") and r.out.endswith(" [SGC211]\n")
    assert r.out.count("\n") == 1


def test_a_disable_in_a_real_comment_still_silences(sgc: Sgc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control for the test above: the same line, the comment outside the string."""
    monkeypatch.chdir(tmp_path)
    text = MISMATCH.replace("expected:\n  area: fair\n", 'subject: "S" # sgc: disable=SGC211\nexpected: {area: fair}\n')
    write(tmp_path, {"framework": FRAMEWORK, "criteria": CRITERIA_N, "evidence": text})
    r = sgc("check", "ev.yaml", "--criteria", "c")
    assert (r.code, r.out, r.err) == (0, "", "1 file checked: 0 errors, 0 warnings\n")


def test_which_disables_are_real_comments() -> None:
    """The exact rule, on one text: a comment after a block scalar's `|` counts, the
    same words in its text or in a quoted string do not, a comment after a string does."""
    text = 'a: |  # sgc: disable=SGC1\n  x # sgc: disable=SGC2\nb: "# sgc: disable=SGC3"  # sgc: disable=sgc4\n'
    assert real_disables(text) == {1: {"SGC1"}, 2: {"SGC1"}, 3: {"SGC4"}, 4: {"SGC4"}}
    text = '# sgc: disable=SGC5\na: 1\nb: "x # sgc: disable=SGC6"\nc: |\n  # sgc: disable=SGC7\nd: 2\n'
    assert real_disables(text) == {1: {"SGC5"}, 2: {"SGC5"}}


def test_a_disable_between_a_property_and_its_value_is_a_comment() -> None:
    """An anchor or a tag may stand before a comment and the value below it: the parser's
    span of that value starts at the property, so those comments are read from the tokens."""
    text = 'a: &x # sgc: disable=SGC1\n  "y # sgc: disable=SGC2"\n'
    text += 'b: !!str # sgc: disable=SGC3\n  "z#sgc: disable=SGC4"\nc: *x\n'
    assert real_disables(text) == {1: {"SGC1"}, 2: {"SGC1"}, 3: {"SGC3"}, 4: {"SGC3"}}


def real_disables(text: str) -> dict[int, set[str]]:
    from sgc_grader.reading.load import disables
    from sgc_grader.reading.yamlread import parse

    return disables(text, parse("t.yaml", text)[2])


# --- sgc.toml (issue 23) ------------------------------------------------------------


def settings_run(sgc: Sgc, monkeypatch: pytest.MonkeyPatch, folder: Path, name: str, data: bytes) -> Run:
    from sgc_grader.app import settings

    settings._settings_in.cache_clear()  # a real run reads the settings once; each test writes its own
    monkeypatch.chdir(folder)
    write(folder, {"framework": FRAMEWORK, "criteria": CRITERIA_N, "evidence": EVIDENCE_N})
    (folder / name).write_bytes(data)
    return sgc("grade", "ev.yaml", "--criteria", "c")


SETTINGS = [
    (
        "utf16",
        "sgc.toml",
        b"\xff\xfe" + 'criteria = "c"\n'.encode("utf-16-le"),
        "1:1",
        "file is UTF-16; save it as UTF-8",
    ),
    ("invalid-utf8", "sgc.toml", b'exclude = ["caf\xc3\x28"]\n', "1:16", "invalid UTF-8 (byte 0xc3)"),
    (
        "deep-arrays",
        "sgc.toml",
        b"x = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "1:69",
        "nesting deeper than 64 levels",
    ),
    (
        "tool-a-string",
        "pyproject.toml",
        b'tool = "x"\n[project]\nname = "x"\n',
        "1:1",
        "'tool' must be a table; sgc's settings go in [tool.sgc]",
    ),
    ("sgc-not-a-table", "pyproject.toml", b"[tool]\nsgc = 1\n", "2:1", "'tool.sgc' must be a table of sgc's settings"),
    (
        "unknown-key",
        "sgc.toml",
        b'exclude = ["drafts/*"]\ndisabel = ["SGC213"]\n',
        "2:1",
        "unknown key 'disabel' (did you mean 'disable'?)",
    ),
    (
        "unknown-key-in-pyproject",
        "pyproject.toml",
        b'[project]\nname = "x"\n\n[tool.sgc]\n  "disabel" = ["SGC213"]\n',
        "5:3",
        "unknown key 'disabel' in [tool.sgc] (did you mean 'disable'?)",
    ),
    (
        "unknown-dotted-key",
        "pyproject.toml",
        b'[tool]\nsgc.critera = "c"\n',
        "2:5",
        "unknown key 'critera' in [tool.sgc] (did you mean 'criteria'?)",
    ),
    (
        "unknown-key-no-close-match",
        "sgc.toml",
        b"[sgc]\ncriteria = 1\n",
        "1:2",
        "unknown key 'sgc' (keys: criteria, exclude, disable)",
    ),
    ("criteria-a-number", "sgc.toml", b"\ncriteria = 1\n", "2:12", "'criteria' must be a folder path in quotes, got 1"),
    (
        "exclude-a-string",
        "sgc.toml",
        b'exclude = "drafts/*"\n',
        "1:11",
        "'exclude' must be a list of strings, e.g. exclude = [\"drafts/*\"]",
    ),
    (
        "disable-a-number-in-the-list",
        "sgc.toml",
        b'disable = [\n  "SGC213",\n  213,\n]\n',
        "1:11",
        "'disable' must be a list of strings, e.g. disable = [\"SGC213\"]",
    ),
]


@pytest.mark.parametrize(("case", "name", "data", "where", "message"), SETTINGS, ids=[s[0] for s in SETTINGS])
def test_settings_errors_are_one_line_at_their_place(
    sgc: Sgc,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    name: str,
    data: bytes,
    where: str,
    message: str,
) -> None:
    r = settings_run(sgc, monkeypatch, tmp_path, name, data)
    path = (tmp_path / name).resolve()
    assert (r.code, r.out) == (2, "")
    assert r.err.startswith(f"{path}:{where}: error: {message}") and r.err.count("\n") == 1


# --- the property ---------------------------------------------------------------------


def yaml_number(x: float | int) -> str:
    """A number as YAML 1.1 reads it back as that number (a float always with a dot)."""
    if isinstance(x, int):
        return str(x)
    if math.isnan(x):
        return ".nan"
    if math.isinf(x):
        return ".inf" if x > 0 else "-.inf"
    mantissa, e, exponent = repr(x).partition("e")  # Python writes the exponent's sign
    return (mantissa if "." in mantissa else mantissa + ".0") + e + exponent


def is_share(x: float) -> bool:
    return 0 <= x <= 1


def is_count(x: float) -> bool:
    return math.isfinite(x) and x >= 0 and float(x).is_integer()


def is_percent(x: float) -> bool:
    return 0 <= x <= 100


# site -> (file, text of the example, the same with # where the number goes, what fits there)
SITES: dict[str, tuple[str, str, str, Callable[[float], bool]]] = {
    "number-fact": ("evidence", "f.n: {value: 4}", "f.n: {value: #}", math.isfinite),
    "percent-fact": ("evidence", "f.pct: {value: 60,", "f.pct: {value: #,", is_percent),
    "rule-operand": ("criteria", "gte: 50}", "gte: #}", is_percent),
    "set-threshold": ("criteria", "good_share: 0.5", "good_share: #", is_share),
    "count-threshold": ("criteria", "poor_fair_failures: 2", "poor_fair_failures: #", is_count),
    "count": ("framework", "met, count: {gte: 1}}\n", "met, count: {gte: #}}\n", is_count),
    "share": ("framework", "share: {gt: good_share}", "share: {gt: #}", is_share),
}
NUMBERS = st.one_of(
    st.floats(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([".NaN", "-.Inf", "1.0e+999", "-1.0e+999", "0.99999999999999999999", "1:30", "1:30.5"]),
)


@settings(
    max_examples=int(os.environ.get("SGC_PROPERTY_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(site=st.sampled_from(sorted(SITES)), number=NUMBERS)
def test_any_number_out_of_place_gives_exit_2(site: str, number: float | int | str) -> None:
    """A non-finite or out-of-range number in a fact, rule operand, threshold or count
    never grades (exit 0) and never crashes (exit 3): `sgc grade` exits 2, naming the file.
    A longer run: SGC_PROPERTY_EXAMPLES=2000 .venv/bin/python -m pytest -k any_number"""
    which, old, template, fits = SITES[site]
    if not isinstance(number, str) and fits(number):
        return  # a number that belongs there: not this property's business
    text = number if isinstance(number, str) else yaml_number(number)
    texts = changed(which, old, template.replace("#", text))
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), texts)
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            code, output = run_in_process("grade", "ev.yaml", "--criteria", "c")
        finally:
            os.chdir(cwd)
    assert code == 2, (site, text, output)
    assert "internal error" not in output, output
    assert FILES[which] in output, output
