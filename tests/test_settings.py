"""Settings and authoring (issue 23): sgc.toml's `disable` entries refused at their
place, quotes read only from regular files, `sgc init` in a fresh repository, and
`# sgc: disable-file=` at the top of a file.

Each case one a user met: before, the refused entry was reported at line 0 of the
settings file, a named pipe among the sources hung `sgc check --sources`, `sgc init .`
refused a folder holding only .git, and a whole file could not be silenced.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, Run, sgc_process
from test_lint import EVIDENCE as LINT_EVIDENCE
from test_lint import UNCITED, UNKNOWN_CRITERION, UNKNOWN_SOURCE, case

Sgc = Callable[..., Run]

EVIDENCE = "kind: evidence\nschema_version: 1\nsubject: X\nframework: hmic-2007\nareas: {}\n"


@pytest.fixture
def at(sgc: Sgc, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """`sgc ARGS` run in folder `cwd`, reading the settings afresh."""

    def call(cwd: Path, *args: str | os.PathLike[str]) -> Run:
        from sgc_grader.app import settings

        settings._settings_in.cache_clear()  # a real run reads them once; tests write them between runs
        monkeypatch.chdir(cwd)
        return sgc(*args)

    return call


# --- sgc.toml's disable: each refused entry at its place -----------------------------


def test_a_refused_disable_entry_is_reported_at_its_line_and_column(at: Callable[..., Run], tmp_path: Path) -> None:
    """Before: `sgc.toml: error: disable: ...` (line 0), and only the first."""
    (tmp_path / "ev.yaml").write_text(EVIDENCE)
    (tmp_path / "sgc.toml").write_text('# ours\ndisable = [\n  "SGC213",  # why\n  "SGC2l3", "SGC101",\n]\n')
    r = at(tmp_path, "check", "ev.yaml")
    toml = (tmp_path / "sgc.toml").resolve()
    errors = [
        f"{toml}:4:3: error: disable: unknown rule 'SGC2L3' (did you mean 'SGC213'?)",
        f"{toml}:4:13: error: disable: SGC101 cannot be turned off; grading relies on it",
    ]
    assert (r.code, r.out, r.err) == (2, "", "".join(e + "\n" for e in errors))


def test_a_refused_disable_entry_in_pyproject_is_at_its_place(at: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "ev.yaml").write_text(EVIDENCE)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.sgc]\ndisable = ["SGC217", \'SGC21\']\n')
    r = at(tmp_path, "check", "ev.yaml")
    error = f"{(tmp_path / 'pyproject.toml').resolve()}:5:22: error: disable: unknown rule 'SGC21'"
    assert (r.code, r.out) == (2, "")
    assert r.err.startswith(error) and r.err.count("\n") == 1


# --- --sources: quotes are read from regular files only ------------------------------


def test_a_named_pipe_as_a_source_text_is_not_read(tmp_path: Path) -> None:
    """Before: `sgc check --sources` opened the pipe and waited for ever."""
    assert sgc_process(tmp_path, "init", "food").returncode == 0
    food = tmp_path / "food"
    (food / "sources" / "example-report.txt").unlink()
    os.mkfifo(food / "sources" / "example-report.txt")
    r = sgc_process(food, "check", "--sources", "sources", "evidence/example.yaml")
    problem = (
        "evidence/example.yaml:12:41: error: no readable source text sources/example-report.txt"
        " to check quotes against [SGC212]\n"
    )
    assert (r.returncode, r.stdout, r.stderr) == (1, problem, "1 file checked: 1 error, 0 warnings\n")


# --- sgc init into a fresh repository --------------------------------------------------

INIT_FILES = [
    "criteria/00-framework.yaml",
    "criteria/01-first-area.yaml",
    "evidence/example.yaml",
    "sources/example-report.txt",
    "sgc.toml",
    "README.md",
    "schemas/framework.schema.json",
    "schemas/criteria.schema.json",
    "schemas/evidence.schema.json",
    "schemas/result.schema.json",
]


def hidden_only(folder: Path) -> dict[str, str]:
    """A fresh repository: only hidden entries. Returns the files and their texts."""
    (folder / ".git").mkdir(parents=True)
    (folder / ".venv").mkdir()
    files = {".git/HEAD": "ref: refs/heads/main\n", ".gitignore": ".venv/\n", ".DS_Store": ""}
    for name, text in files.items():
        (folder / name).write_text(text)
    return files


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_init_here_in_a_fresh_repository(at: Callable[..., Run], tmp_path: Path) -> None:
    """Before: `.: error: already exists and is not empty` for a folder holding only .git."""
    hidden = hidden_only(tmp_path)
    r = at(tmp_path, "init", ".")
    assert (r.code, r.out, r.err) == (0, "", "".join(f"wrote ./{f}\n" for f in INIT_FILES))
    assert {name: (tmp_path / name).read_text() for name in hidden} == hidden  # left as they were
    checked = at(tmp_path, "check", "--sources", "sources", "criteria", "evidence")
    assert (checked.code, checked.out, checked.err) == (0, "", "3 files checked: 0 errors, 0 warnings\n")


def test_init_refuses_a_folder_with_anything_not_hidden(at: Callable[..., Run], tmp_path: Path) -> None:
    hidden_only(tmp_path / "repo")
    (tmp_path / "repo" / "notes.txt").write_text("mine\n")
    before = listing(tmp_path / "repo")
    r = at(tmp_path, "init", "repo")
    why = "sgc init starts a new folder, or one that holds only hidden entries such as .git"
    assert (r.code, r.out, r.err) == (2, "", f"repo: error: already exists and is not empty (notes.txt); {why}\n")
    assert listing(tmp_path / "repo") == before


def test_init_never_overwrites_and_writes_nothing_when_one_target_is_there(
    at: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that appears after the folder was looked at (another process, say) is named,
    and nothing is written: every target is looked at first."""
    from sgc_grader.app import authoring

    monkeypatch.setattr(authoring, "_fresh", lambda folder: None)  # the look came before README.md
    (tmp_path / "README.md").write_text("mine\n")
    r = at(tmp_path, "init", ".")
    assert (r.code, r.out, r.err) == (2, "", "./README.md: error: already exists; sgc init never overwrites a file\n")
    assert listing(tmp_path) == ["README.md"] and (tmp_path / "README.md").read_text() == "mine\n"


def test_init_beside_hidden_settings_is_refused(at: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / ".sgc.toml").write_text('exclude = ["drafts/*"]\n')
    r = at(tmp_path, "init", ".")
    error = "./.sgc.toml: error: settings are already here; sgc init would write sgc.toml beside them\n"
    assert (r.code, r.out, r.err) == (2, "", error)
    assert listing(tmp_path) == [".sgc.toml"]


def test_init_that_fails_half_way_leaves_nothing_behind(
    at: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sgc_grader.app import authoring

    calls = []

    def full_disk(path: str, *args: object, **kwargs: object) -> object:
        calls.append(path)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        return open(path, *args, **kwargs)

    monkeypatch.setattr(authoring, "open", full_disk, raising=False)
    hidden = hidden_only(tmp_path / "repo")
    r = at(tmp_path, "init", "repo")
    error = "repo/sgc.toml: error: cannot write: No space left on device; sgc init wrote nothing\n"
    assert (r.code, r.out, r.err) == (2, "", error)
    assert listing(tmp_path / "repo") == sorted([*hidden, ".git", ".venv"])
    calls.clear()
    r = at(tmp_path, "init", "food")  # a new folder: it is gone again
    assert (r.code, r.err) == (2, error.replace("repo", "food"))
    assert not (tmp_path / "food").exists()


# --- # sgc: disable-file= at the top of a file -----------------------------------------

# A warning (SGC217, line 12), an error (SGC204, line 14) and an error grading relies on
# (SGC203, line 21), each to be silenced for the whole file.
NOISY = LINT_EVIDENCE.replace(*UNCITED).replace(*UNKNOWN_SOURCE).replace(*UNKNOWN_CRITERION)
SGC203 = "error: 'OX1' is not a criterion of 'other' (did you mean 'OG1'?)"
PROTECTED = " (a disable comment cannot turn SGC203 off: grading relies on it)"


def test_disable_file_at_the_top_silences_rules_in_the_whole_file(sgc: Sgc, tmp_path: Path) -> None:
    """Before: no such comment; every problem was reported. The rule grading relies on
    still is, saying why."""
    crit, ev = case(tmp_path)
    top = "# Northshire, 2024 inspection\n\n# sgc: disable-file=SGC217, sgc204 (cited in the covering note)\n"
    ev.write_text("---\n" + top + "# sgc: disable-file=SGC203\n" + NOISY)
    r = sgc("check", crit, ev)
    problem = f"{ev}:{place(ev, 'OX1:')}: {SGC203}{PROTECTED} [SGC203]\n"
    assert (r.code, r.out, r.err) == (1, problem, "4 files checked: 1 error, 0 warnings\n")


@pytest.mark.parametrize(
    "where",
    [
        "after the first key",
        "in a string",
        "at the end",
    ],
)
def test_disable_file_below_the_top_silences_nothing(sgc: Sgc, tmp_path: Path, where: str) -> None:
    crit, ev = case(tmp_path)
    comment = "# sgc: disable-file=SGC217,SGC204"
    text = {
        "after the first key": NOISY.replace("kind: evidence\n", f"kind: evidence\n{comment}\n"),
        "in a string": NOISY.replace("subject: S\n", f'subject: "{comment}"\n'),
        "at the end": NOISY + comment + "\n",
    }[where]
    ev.write_text(text)
    r = sgc("check", crit, ev)
    problems = (
        f"{ev}:{place(ev, 'F1: {status: met}', 'met}')}: warning: F1 is met with no citation [SGC217]\n"
        f"{ev}:{place(ev, 'scr,')}: error: unknown source 'scr' (did you mean 'src'?) [SGC204]\n"
        f"{ev}:{place(ev, 'OX1:')}: {SGC203} [SGC203]\n"
    )
    assert (r.code, r.out, r.err) == (1, problems, "4 files checked: 2 errors, 1 warning\n")


def place(path: Path, line_holding: str, token: str | None = None) -> str:
    """`line:col` of `token` on the first line of the file holding `line_holding` (an
    oracle that reads the text, not sgc)."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if line_holding in line:
            return f"{number}:{line.index(token or line_holding) + 1}"
    raise AssertionError(line_holding)


def test_which_disable_file_comments_count() -> None:
    """The exact rule, on one text: comments before the first token of content count,
    after a directive and `---` too; one after `kind:` does not."""
    from sgc_grader.reading.load import file_disables

    text = (
        "%YAML 1.1\n--- # sgc: disable-file=SGC1\n\n# sgc: disable-file=sgc2 , SGC3\n"
        "kind: x # sgc: disable-file=SGC4\n# sgc: disable-file=SGC5\n"
    )
    assert file_disables(text) == {"SGC1", "SGC2", "SGC3"}


# --- settings follow the file: each input's own settings, from wherever sgc runs ------

PEEL = ROOT / "examples" / "peel-style"
UNASSESSED = "kind: evidence\nschema_version: 1\nsubject: Y\nframework: peel-style\nareas: {}\n"  # 3 x SGC210


def project(root: Path, settings: str = "") -> Path:
    """A project whose criteria sgc finds only through its sgc.toml (`standards/`)."""
    (root / "evidence").mkdir(parents=True)
    (root / "standards").symlink_to(PEEL / "criteria")
    (root / "evidence" / "f.yaml").write_text((PEEL / "evidence" / "fenmarch.yaml").read_text())
    (root / "evidence" / "empty.yaml").write_text(UNASSESSED)
    (root / "sgc.toml").write_text('criteria = "standards"\n' + settings)
    return root


def test_a_file_is_graded_by_its_own_projects_settings_from_an_unrelated_folder(
    at: Callable[..., Run], tmp_path: Path
) -> None:
    p, elsewhere = project(tmp_path / "p"), tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "sgc.toml").write_text('criteria = "nowhere"\n')  # the current folder's settings are not the file's
    r = at(elsewhere, "grade", p / "evidence" / "f.yaml", "-f", "json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["results"][0]["subject"] == "Fenmarch Police"
    r = at(elsewhere, "summary", p / "evidence")
    assert r.code == 0 and "Fenmarch Police" in r.out, r.err


def test_each_file_is_checked_under_its_own_settings(at: Callable[..., Run], tmp_path: Path) -> None:
    quiet = project(tmp_path / "quiet", 'disable = ["SGC210"]\nexclude = ["draft*"]\n')
    (quiet / "evidence" / "draft.yaml").write_text("kind: evidence\n")  # excluded by its own settings only
    loud = project(tmp_path / "loud")
    r = at(tmp_path, "check", quiet, loud)
    warned = [line.split(":")[0] for line in r.out.splitlines() if "[SGC210]" in line]
    assert warned == [str(loud / "evidence" / "empty.yaml")] * 3, r.out + r.err
    assert r.code == 0 and "4 files checked" in r.err


def test_a_broken_settings_file_is_an_error_at_its_place_from_anywhere(at: Callable[..., Run], tmp_path: Path) -> None:
    p = project(tmp_path / "p", 'disable = ["SGC21"]\n')
    r = at(tmp_path, "check", p / "evidence")
    assert r.code == 2 and f"{p / 'sgc.toml'}:2:12: error: disable: unknown rule 'SGC21'" in r.err, r.err
    (p / "sgc.toml").write_text('criteria = "standards"\ncritera = 1\n')
    r = at(tmp_path, "grade", p / "evidence" / "f.yaml")
    assert r.code == 2 and f"{p / 'sgc.toml'}:2:1: error: unknown key 'critera'" in r.err, r.err


def test_ci_reports_name_files_from_the_inputs_project_root(at: Callable[..., Run], tmp_path: Path) -> None:
    p = project(tmp_path / "p")
    r = at(tmp_path, "check", p, "--format", "gitlab")
    assert {i["location"]["path"] for i in json.loads(r.out)} == {"evidence/empty.yaml"}, r.out


def test_a_files_criteria_are_looked_for_from_its_folder_not_from_here(at: Callable[..., Run], tmp_path: Path) -> None:
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir()
    (here / "criteria").symlink_to(PEEL / "criteria")  # the same framework, in the folder sgc runs in
    elsewhere.mkdir()
    (elsewhere / "f.yaml").write_text((PEEL / "evidence" / "fenmarch.yaml").read_text())
    r = at(here, "grade", elsewhere / "f.yaml")
    assert r.code == 2 and "no criteria sets for framework 'peel-style'" in r.err, r.err
    assert at(here, "grade", elsewhere / "f.yaml", "--criteria", "criteria").code == 0
