"""What this run has read, so that nothing sgc writes can replace it.

Every file sgc reads (evidence, criteria, framework, settings, source texts, results)
and every folder it searches for criteria is remembered here, by its real path; the
one writer (app/write.py) refuses them as targets.
"""

from __future__ import annotations

import os

FILES: set[str] = set()
CRITERIA_FOLDERS: set[str] = set()


def file(path: str) -> None:
    """Remember a file read (or about to be read); standard input is not a file."""
    if path != "-":
        FILES.add(os.path.realpath(path))


def criteria_folder(folder: str) -> None:
    """Remember a folder searched for criteria: every YAML file in it would be read."""
    CRITERIA_FOLDERS.add(os.path.realpath(folder))
