"""The pre-commit hooks in .pre-commit-hooks.yaml, run by pre-commit itself on a project
made by `sgc init`, in a temporary git repository.

pre-commit builds a `language: python` hook's environment by installing sgc and its
dependencies from the package index, which takes a minute and the network. So the test's
copy of the hook definitions says `language: system`, and pre-commit runs the `sgc` of
the environment under test: the rest (which files a hook sees, whether it runs at all,
its entry and args) is pre-commit's own doing, from our definitions.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

DEFINITIONS = ROOT / ".pre-commit-hooks.yaml"
# What sgc check says about the evidence once criterion S2 is renamed S9.
STALE_ID = r"evidence/example\.yaml:\d+:\d+: error: 'S2' is not a criterion of 'first-area'"
HOOKS = {hook["id"]: hook for hook in yaml.safe_load(DEFINITIONS.read_text(encoding="utf-8"))}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def commit_all(repo: Path) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-verify", "--message", "test")


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git and pre-commit kept inside tmp_path, and this environment's sgc first on PATH."""
    home = tmp_path / "home"
    home.mkdir()
    values = {
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def hook_repo(tmp_path: Path, isolated: None) -> str:
    """A repository holding only our hook definitions, as `language: system`; its commit."""
    repo = tmp_path / "hooks"
    repo.mkdir()
    text = DEFINITIONS.read_text(encoding="utf-8")
    assert text.count("language: python") == len(HOOKS)
    (repo / ".pre-commit-hooks.yaml").write_text(text.replace("language: python", "language: system"))
    git(repo, "init", "--quiet")
    commit_all(repo)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True)
    return head.stdout.strip()


def make_project(tmp_path: Path, hook_repo: str, args: dict[str, list[str]] | None = None) -> Path:
    """`sgc init`, committed, with both hooks configured (`args`: a hook's own, by id)."""
    args = args or {}
    project = tmp_path / "project"
    subprocess.run([sys.executable, "-m", "sgc_grader", "init", str(project)], check=True, capture_output=True)
    hooks = [{"id": hook_id, **({"args": args[hook_id]} if hook_id in args else {})} for hook_id in HOOKS]
    config = {"repos": [{"repo": str(tmp_path / "hooks"), "rev": hook_repo, "hooks": hooks}]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git(project, "init", "--quiet")
    commit_all(project)
    return project


def pre_commit(project: Path, hook_id: str, *options: str) -> tuple[int, str]:
    """`pre-commit run HOOK` on what is staged, as at `git commit`: exit code and output."""
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook_id, "--color", "never", *options],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    return run.returncode, run.stdout + run.stderr


def rename_criterion(criteria_file: Path) -> None:
    text = criteria_file.read_text(encoding="utf-8")
    assert text.count("{id: S2,") == 1
    criteria_file.write_text(text.replace("{id: S2,", "{id: S9,"))


def test_hooks_are_defined_as_the_readme_says() -> None:
    assert list(HOOKS) == ["sgc-check", "sgc-check-project"]
    assert {hook["entry"] for hook in HOOKS.values()} == {"sgc check"}
    project = HOOKS["sgc-check-project"]
    assert project["pass_filenames"] is False and project["args"] == ["criteria", "evidence"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [hook_id for hook_id in HOOKS if f"id: {hook_id}" not in readme] == []


def test_renaming_a_criterion_fails_the_project_hook_while_the_changed_file_alone_passes(
    tmp_path: Path, hook_repo: str
) -> None:
    project = make_project(tmp_path, hook_repo)
    rename_criterion(project / "criteria" / "01-first-area.yaml")
    git(project, "add", "--all")
    code, out = pre_commit(project, "sgc-check")  # sees the criteria file, which is fine alone
    assert code == 0 and "Passed" in out, out
    code, out = pre_commit(project, "sgc-check-project")
    assert code == 1, out
    assert re.search(STALE_ID, out), out


def test_criteria_kept_elsewhere_through_sgc_toml(tmp_path: Path, hook_repo: str) -> None:
    project = make_project(tmp_path, hook_repo, {"sgc-check-project": ["standards", "evidence"]})
    (project / "criteria").rename(project / "standards")
    settings = project / "sgc.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('criteria = "criteria"', 'criteria = "standards"'))
    commit_all(project)
    code, out = pre_commit(project, "sgc-check-project", "--all-files")  # the args fit the layout
    assert code == 0 and "Passed" in out, out

    rename_criterion(project / "standards" / "01-first-area.yaml")
    git(project, "add", "--all")
    code, out = pre_commit(project, "sgc-check")  # its files: filter never sees standards/
    assert code == 0 and "Skipped" in out, out
    code, out = pre_commit(project, "sgc-check-project")
    assert code == 1 and re.search(STALE_ID, out), out


@pytest.mark.parametrize(("changed", "runs"), [("sgc.toml", True), ("README.md", False)])
def test_the_project_hook_runs_when_settings_change_and_not_for_prose(
    tmp_path: Path, hook_repo: str, changed: str, runs: bool
) -> None:
    project = make_project(tmp_path, hook_repo)
    # A change that breaks the project only through the folders the hook checks.
    rename_criterion(project / "criteria" / "01-first-area.yaml")
    commit_all(project)
    with (project / changed).open("a", encoding="utf-8") as f:
        f.write("\n# touched\n")
    git(project, "add", "--all")
    code, out = pre_commit(project, "sgc-check-project")
    assert (code, "Skipped" in out) == ((1, False) if runs else (0, True)), out
