"""`sgc check` in CI (issue 23): where reports name files from (the project root), and
the formats CI systems read: GitHub annotations, SARIF for code scanning, GitLab Code
Quality and JUnit XML, each checked by a real consumer where one can be had."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sgc_grader.app import settings
from sgc_grader.app.check import located


@pytest.fixture
def here() -> Iterator[None]:
    """Settings read afresh in each folder the test moves to (a run reads them once)."""
    settings._settings_in.cache_clear()
    yield
    settings._settings_in.cache_clear()


def tree(tmp_path: Path, *names: str) -> Path:
    """Folders and files below tmp_path: a name ending in / is a folder; `x=text` a file."""
    for name in names:
        path, _, text = name.partition("=")
        if path.endswith("/"):
            (tmp_path / path).mkdir(parents=True, exist_ok=True)
        else:
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    ("files", "cwd", "root"),
    [
        (["repo/.git/", "repo/sgc.toml=", "repo/criteria/"], "repo/criteria", "repo"),
        (["repo/.git/", "repo/std/.sgc.toml=", "repo/std/criteria/"], "repo/std/criteria", "repo/std"),
        (["repo/.git/", "repo/pyproject.toml=[tool.sgc]\n", "repo/c/"], "repo/c", "repo"),
        # a pyproject.toml without [tool.sgc] is no settings file: the work tree's root is
        (["repo/.git/", "repo/sub/pyproject.toml=[project]\n", "repo/sub/c/"], "repo/sub/c", "repo"),
        # a linked work tree (or a submodule) has a .git file
        (["wt/.git=gitdir: /elsewhere\n", "wt/criteria/"], "wt/criteria", "wt"),
        (["plain/criteria/"], "plain/criteria", "plain/criteria"),
    ],
)
def test_the_project_root_is_the_settings_file_else_the_work_tree_else_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, here: None, files: list[str], cwd: str, root: str
) -> None:
    tree(tmp_path, *files)
    monkeypatch.chdir(tmp_path / cwd)
    assert settings.project_root() == (tmp_path / root).resolve()


def test_paths_are_named_from_the_root_as_written_or_through_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(tmp_path, "repo/criteria/a.yaml=", "outside/b.yaml=")
    (tmp_path / "repo" / "linked").symlink_to(tmp_path / "outside")
    (tmp_path / "repo-link").symlink_to(tmp_path / "repo")
    root = tmp_path / "repo"
    monkeypatch.chdir(root / "criteria")
    got = located(root, ["a.yaml", "../linked/b.yaml", str(tmp_path / "repo-link" / "criteria" / "a.yaml")])
    assert got == {
        "a.yaml": "criteria/a.yaml",
        "../linked/b.yaml": "linked/b.yaml",  # the link is inside the root, as written
        str(tmp_path / "repo-link" / "criteria" / "a.yaml"): "criteria/a.yaml",  # once links are followed
    }
    outside = tmp_path / "outside" / "b.yaml"
    assert located(root, [str(outside), "<stdin>"]) == {str(outside): outside.as_posix(), "<stdin>": "<stdin>"}
