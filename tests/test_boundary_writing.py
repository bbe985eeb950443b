"""The writing boundary: one writer for every output (app/write.py). It never replaces
what the run reads or would read, never writes over anything but a regular file, writes
each file whole and a folder of reports as a whole, and leaves nothing behind."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import NORTHMOOR, ROOT, TVP, Run

Sgc = Callable[..., Run]


def project(tmp_path: Path) -> Path:
    """A copy of the HMIC criteria and the Thames Valley evidence, with an sgc.toml."""
    shutil.copytree(ROOT / "criteria", tmp_path / "criteria")
    (tmp_path / "evidence").mkdir()
    shutil.copy(TVP, tmp_path / "evidence" / "tv.yaml")
    (tmp_path / "sgc.toml").write_text('criteria = "criteria"\n')
    return tmp_path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".sgc-") and p.name != ".sgc-written")


@pytest.mark.parametrize(
    "target",
    ["criteria/02-performance-management.yaml", "criteria/00-framework.yaml", "sgc.toml", "evidence/tv.yaml"],
)
def test_output_never_replaces_a_file_the_run_reads(
    sgc: Sgc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    root = project(tmp_path)
    monkeypatch.chdir(root)
    before = (root / target).read_bytes()
    r = sgc("grade", "evidence/tv.yaml", "-f", "json", "-o", target)
    assert (r.code, r.out) == (2, "")
    assert r.err.startswith(f"{target}: error: --output would "), r.err
    assert (root / target).read_bytes() == before
    assert leftovers(root / Path(target).parent) == []


def test_a_new_yaml_file_in_a_criteria_folder_read_is_refused(
    sgc: Sgc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    monkeypatch.chdir(root)
    r = sgc("grade", "evidence/tv.yaml", "-f", "json", "-o", "criteria/report.yaml")
    assert r.code == 2 and "into a criteria folder sgc reads" in r.err
    assert not (root / "criteria" / "report.yaml").exists()


@pytest.mark.parametrize("kind", ["device", "fifo", "symlink-to-stdout", "folder"])
def test_output_onto_anything_but_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out"
    if kind == "device":
        target = Path("/dev/null")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink-to-stdout":
        target.symlink_to("/proc/self/fd/1")
    else:
        target.mkdir()
    r = subprocess.run(
        [sys.executable, "-m", "sgc_grader", "grade", str(TVP), "-f", "json", "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,  # a FIFO opened for writing would block for ever
        check=False,
    )
    assert (r.returncode, r.stdout) == (2, ""), r.stderr
    assert "--output" in r.stderr and "Traceback" not in r.stderr
    if kind == "device":
        assert Path("/dev/null").is_char_device()
    elif kind == "fifo":
        assert target.is_fifo()
    elif kind == "symlink-to-stdout":
        assert target.is_symlink() and os.readlink(target) == "/proc/self/fd/1"


@pytest.mark.parametrize("failure", [errno.EROFS, errno.ENOSPC, errno.EACCES])
def test_a_write_that_fails_is_one_error_and_leaves_nothing(
    sgc: Sgc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: int
) -> None:
    """A read-only folder, a full disk, a folder sgc may not write in: exit 2, one line,
    no temporary file, the old report untouched (tested as root, so the failure is made)."""
    out = tmp_path / "report.md"
    out.write_text("the old report\n")

    def fail(*_a: object, **_k: object) -> None:
        raise OSError(failure, os.strerror(failure))

    monkeypatch.setattr("os.replace", fail)
    r = sgc("grade", TVP, "-f", "markdown", "-o", out)
    assert (r.code, r.out) == (2, "")
    assert r.err == f"{out}: error: cannot write: {os.strerror(failure)}\n"
    assert out.read_text() == "the old report\n"
    assert leftovers(tmp_path) == []


def test_a_folder_of_reports_is_replaced_as_a_whole(sgc: Sgc, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert sgc("grade", TVP, NORTHMOOR, "-f", "html", "-o", f"{site}/").code == 0
    first = {p.name: p.read_bytes() for p in site.iterdir()}
    assert set(first) == {".sgc-written", "thames-valley.html", "northmoor.html"}
    # a second run with fewer subjects: the folder is exactly what that run wrote
    assert sgc("grade", NORTHMOOR, "-f", "html", "-o", f"{site}/").code == 0
    assert sorted(p.name for p in site.iterdir()) == [".sgc-written", "northmoor.html"]
    assert leftovers(tmp_path) == []


def test_a_folder_holding_files_sgc_did_not_write_is_refused(sgc: Sgc, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("mine\n")
    r = sgc("grade", TVP, "-f", "html", "-o", f"{site}/")
    assert r.code == 2 and "holds files sgc did not write" in r.err
    assert sorted(p.name for p in site.iterdir()) == ["notes.txt"]


def test_a_failure_while_building_a_folder_leaves_the_old_one_whole(
    sgc: Sgc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    assert sgc("grade", TVP, NORTHMOOR, "-f", "html", "-o", f"{site}/").code == 0
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    calls = []

    def second_fails(self: Path, text: str, **kw: object) -> int:
        calls.append(self.name)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return original(self, text, **kw)  # type: ignore[arg-type]

    original = Path.write_text
    monkeypatch.setattr(Path, "write_text", second_fails)
    r = sgc("grade", TVP, NORTHMOOR, "-f", "html", "-o", f"{site}/")
    monkeypatch.setattr(Path, "write_text", original)
    assert r.code == 2 and "No space left on device" in r.err
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before
    assert leftovers(tmp_path) == []


def test_a_killed_site_build_never_mixes_old_and_new_and_is_swept_next_time(tmp_path: Path) -> None:
    data = tmp_path / "national"
    subprocess.run([sys.executable, "-m", "sgc_grader", "synth", "60", str(data)], check=True, capture_output=True)
    site = tmp_path / "site"
    cmd = [sys.executable, "-m", "sgc_grader", "summary", str(data), "-f", "html", "-o", f"{site}/", "--jobs", "1"]
    subprocess.run(cmd, check=True, capture_output=True)
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    (data / "force-0001.yaml").unlink()  # the next site would differ
    run = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".sgc-site-*.tmp")) and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before  # old, whole
    subprocess.run(cmd, check=True, capture_output=True)
    assert leftovers(tmp_path) == []
    assert "force-0001.html" not in {p.name for p in site.iterdir()}


def test_sigterm_during_a_write_removes_what_was_being_built(tmp_path: Path) -> None:
    data = tmp_path / "national"
    subprocess.run([sys.executable, "-m", "sgc_grader", "synth", "80", str(data)], check=True, capture_output=True)
    site = tmp_path / "site"
    cmd = [sys.executable, "-m", "sgc_grader", "summary", str(data), "-f", "html", "-o", f"{site}/", "--jobs", "1"]
    run = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".sgc-site-*.tmp")) and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.01)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 128 + signal.SIGTERM, err
    assert b"Traceback" not in err
    assert leftovers(tmp_path) == [] and not site.exists()


def test_new_never_overwrites_even_a_dangling_link(sgc: Sgc, tmp_path: Path) -> None:
    link = tmp_path / "new.yaml"
    link.symlink_to(tmp_path / "elsewhere.yaml")
    r = sgc("new", "framework", "--id", "x", "-o", link)
    assert r.code == 2 and "already exists" in r.err
    assert link.is_symlink() and not (tmp_path / "elsewhere.yaml").exists()
