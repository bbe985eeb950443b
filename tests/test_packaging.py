"""The release artefacts: what a user of PyPI gets, built as a release builds them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import HeaderParser
from pathlib import Path

from trove_classifiers import classifiers as known_classifiers

from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
REPOSITORY = PROJECT["urls"]["Repository"]
LEFT_BEHIND = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis")


def test_sdist_and_wheel_carry_license_and_docs_and_pass_twine(tmp_path: Path) -> None:
    # Built from a copy without what building leaves behind: setuptools puts every file
    # listed in an old egg-info's SOURCES.txt into the sdist, which would hide a missing
    # MANIFEST.in line here and not on a clean clone.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(*LEFT_BEHIND))
    out = tmp_path / "dist"
    # Without arguments build makes the sdist, then the wheel from the unpacked sdist, so
    # a file the sdist forgets fails here. No isolation: the test extras hold setuptools.
    build = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")

    with tarfile.open(sdist) as tar:
        top = tar.getnames()[0].split("/")[0]
        names = {name.removeprefix(top + "/") for name in tar.getnames()}
    docs = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*") if p.is_file()}
    assert docs and docs <= names, sorted(docs - names)
    assert "LICENSE" in names

    with zipfile.ZipFile(wheel) as whl:
        wheel_names = set(whl.namelist())
        (metadata_name,) = [n for n in wheel_names if n.endswith(".dist-info/METADATA")]
        metadata = HeaderParser().parsestr(whl.read(metadata_name).decode())
        licence = whl.read(metadata_name.replace("METADATA", "licenses/LICENSE")).decode()
    assert licence == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert "Typing :: Typed" in metadata.get_all("Classifier")
    assert f"Repository, {REPOSITORY}" in metadata.get_all("Project-URL")
    # What the installed package needs beside its modules: templates, criteria, schemas.
    for data in ("render/templates/report.html.j2", "criteria/00-framework.yaml", "py.typed"):
        assert f"sgc_grader/{data}" in wheel_names, data

    twine = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert twine.returncode == 0, twine.stdout + twine.stderr


def test_classifiers_are_ones_pypi_accepts() -> None:
    # PyPI refuses an upload with an unknown classifier; neither setuptools nor twine checks.
    assert set(PROJECT["classifiers"]) <= known_classifiers, set(PROJECT["classifiers"]) - known_classifiers


def test_readme_links_work_on_pypi() -> None:
    """README.md is the PyPI page, where a relative link leads nowhere: every link is
    absolute or an anchor, and every address of this repository, there and in the hook
    definitions' usage comment, is the one in pyproject."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", readme)
    assert targets, "the README links to docs/"
    assert [t for t in targets if not t.startswith(("https://", "#"))] == []
    ours = re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", readme)
    assert ours and set(ours) == {REPOSITORY}
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")  # its usage comment
    assert set(re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", hooks)) == {REPOSITORY}
    for url in PROJECT["urls"].values():
        assert url.startswith(REPOSITORY), url


def test_readme_states_no_counts_that_go_stale() -> None:
    # "399 tests" was out of date within a week; timings carry the date they were measured.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"\b\d[\d,]*\s+(?:tests?|test cases|lines of code|lines)\b", readme) == []
