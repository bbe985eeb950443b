"""The one writer: every file sgc writes goes through here.

It never replaces what this run read or would read (evidence, criteria, a framework,
settings, results: reading/seen.py), never writes over anything but a regular file,
writes each file whole or not at all (a temporary file beside it, then a rename), and
writes a folder of reports as a whole: built beside, then swapped in, so a reader never
sees old and new reports mixed. Temporary files are removed on every exit it can catch.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import SgcError
from ..reading import seen
from ..reading.config import NAMES as SETTINGS_NAMES
from ..reading.discover import YAML_SUFFIXES

MARK = ".sgc-written"  # in a folder of reports: the files sgc wrote there, one per line


def _why(e: OSError) -> str:
    return e.strerror or str(e)


def refuse(path: str) -> None:
    """Raise unless `path` may be written: not read (or to be read) by this run, not a
    settings file, and, if it exists, a regular file (through any symlink)."""
    real = os.path.realpath(path)
    if real in seen.FILES:
        raise SgcError(path, 0, 0, "--output would overwrite a file sgc reads (an input); choose another path")
    if os.path.basename(real) in SETTINGS_NAMES:
        raise SgcError(path, 0, 0, "--output would write a settings file sgc reads; choose another path")
    if real.endswith(YAML_SUFFIXES) and any(real.startswith(folder + os.sep) for folder in seen.CRITERIA_FOLDERS):
        raise SgcError(path, 0, 0, "--output would write a YAML file into a criteria folder sgc reads")
    try:
        mode = os.stat(path).st_mode  # through every link, as the kernel sees it (/proc/self/fd/1 is a pipe)
    except FileNotFoundError:
        return
    except OSError as e:
        raise SgcError(path, 0, 0, f"--output: cannot use it: {_why(e)}") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device, pipe or socket)"
        raise SgcError(path, 0, 0, f"--output: is {kind}; sgc writes only regular files")


def write_file(path: str, text: str) -> None:
    """Write `text` to `path` whole or not at all (through a symlink, to what it names)."""
    refuse(path)
    real = os.path.realpath(path)
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        raise SgcError(path, 0, 0, f"--output: folder {os.path.dirname(path) or '.'} does not exist")
    with _temporary(path, folder) as (fd, tmp):
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; a report gets the usual permissions
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, real)


def create(path: str, text: str) -> None:
    """Write a new file at `path`, whole, and never over anything that is there (a file
    to fill in, from `sgc new`)."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.lexists(path):
        raise SgcError(path, 0, 0, "already exists; not overwritten (choose another --output)")
    if not os.path.isdir(folder):
        raise SgcError(path, 0, 0, f"--output: folder {os.path.dirname(path) or '.'} does not exist")
    with _temporary(path, folder) as (fd, tmp):
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        try:
            os.link(tmp, path)  # fails if something appeared there meanwhile
        except FileExistsError:
            raise SgcError(path, 0, 0, "already exists; not overwritten (choose another --output)") from None


@contextlib.contextmanager
def _temporary(path: str, folder: str) -> Iterator[tuple[int, str]]:
    """A temporary file in `folder`, removed unless it was renamed; OS errors as SgcError."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".sgc-", suffix=".tmp")
        yield fd, tmp
    except OSError as e:
        raise SgcError(path, 0, 0, f"cannot write: {_why(e)}") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


class Folder:
    """A folder of reports written as a whole: `add` each (name, text) into a new folder
    built beside it, and on leaving the `with` block without an error it is swapped in
    for the old one. An existing folder is replaced only when sgc wrote everything in it
    (its MARK lists its files)."""

    def __init__(self, folder: str):
        self.target = Path(folder)
        self.names: list[str] = []
        refuse_folder(self.target)
        parent = self.target.resolve().parent
        if not parent.is_dir():
            raise SgcError(folder, 0, 0, f"--output: folder {parent} does not exist")
        _sweep(parent, self.target.name)
        try:
            prefix = f".sgc-{self.target.name}-{os.getpid()}-"
            self.build = Path(tempfile.mkdtemp(dir=parent, prefix=prefix, suffix=".tmp"))
        except OSError as e:
            raise SgcError(folder, 0, 0, f"cannot write: {_why(e)}") from None

    def add(self, name: str, text: str) -> None:
        if name in self.names:
            raise SgcError(str(self.target), 0, 0, f"two reports would share the name {name}")
        try:
            (self.build / name).write_text(text, encoding="utf-8", newline="\n")
        except OSError as e:
            raise SgcError(str(self.target), 0, 0, f"cannot write: {_why(e)}") from None
        self.names.append(name)

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            if error is None:
                (self.build / MARK).write_text("".join(f"{n}\n" for n in self.names), encoding="utf-8")
                self.build.chmod(0o777 & ~_umask())
                _swap(self.build, self.target.resolve())
        except OSError as e:
            raise SgcError(str(self.target), 0, 0, f"cannot write: {_why(e)}") from None
        finally:
            shutil.rmtree(self.build, ignore_errors=True)  # after a swap: the old folder's contents


def _sweep(parent: Path, name: str) -> None:
    """Remove folders an earlier run was building beside `name` when it was killed
    (SIGKILL cannot be caught): their names carry the id of a process that is gone."""
    for stale in parent.glob(f".sgc-{name}-*.tmp"):
        found = re.fullmatch(r"(\d+)-[a-z0-9_]+\.tmp", stale.name.removeprefix(f".sgc-{name}-"))
        if found and int(found[1]) != os.getpid() and not _alive(int(found[1])):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but is another user's
        return True
    return True


def refuse_folder(target: Path) -> None:
    """Raise unless `target` is absent, empty, or holds only what sgc wrote there."""
    if not target.exists():
        return
    if not target.is_dir() or target.is_symlink():
        raise SgcError(str(target), 0, 0, "--output DIR/: is not a folder")
    held = {p.name for p in target.iterdir()}
    if not held:
        return
    mark = target / MARK
    written = set(mark.read_text(encoding="utf-8").split()) if mark.is_file() else None
    if written is None or not held <= written | {MARK}:
        raise SgcError(
            str(target), 0, 0, "--output DIR/: the folder holds files sgc did not write; choose a new or empty folder"
        )
    for name in held:
        if os.path.realpath(target / name) in seen.FILES:
            raise SgcError(str(target / name), 0, 0, "--output would overwrite a file sgc reads (an input)")


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


_RENAME_EXCHANGE = 2


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is. With a target, exchange the two atomically where the
    system can (Linux renameat2), so readers see the old folder or the new one; `new`
    then holds the old contents, which the caller removes."""
    if not target.exists():
        os.rename(new, target)
        return
    import ctypes  # only to replace a folder: every command imports this module

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_cwd = -100
        if renameat2(at_cwd, bytes(new), at_cwd, bytes(target), _RENAME_EXCHANGE) == 0:
            return
        if ctypes.get_errno() not in (errno.ENOSYS, errno.EINVAL):
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    old = new.with_name(new.name + ".old")  # no atomic exchange here: two renames
    os.rename(target, old)
    os.rename(new, target)
    os.rename(old, new)
