"""Rendered output pinned byte for byte. Regenerate with: pytest tests/test_golden.py --update-golden"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, Run

GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "thames-valley.txt": ("grade", "evidence/thames-valley.yaml"),
    "thames-valley.md": ("grade", "evidence/thames-valley.yaml", "-f", "markdown"),
    "thames-valley.json": ("grade", "evidence/thames-valley.yaml", "-f", "json"),
    "thames-valley-sensitivity.txt": (
        "grade",
        "evidence/thames-valley.yaml",
        "--sensitivity",
        "--area",
        "missing-persons",
    ),
    "northmoor-verbose.txt": ("grade", "tests/data/northmoor.yaml", "-v"),
    "northmoor-agree.txt": ("agree", "tests/data/northmoor.yaml", "tests/data/northmoor-self.yaml"),
    "northmoor.md": ("grade", "tests/data/northmoor.yaml", "-f", "markdown"),
    "northmoor-no-judgements.json": ("grade", "tests/data/northmoor.yaml", "-f", "json", "--no-judgements"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden_file(
    name: str, sgc: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.chdir(ROOT)
    r = sgc(*CASES[name])
    assert (r.code, r.err) == (0, "")
    path: Path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(r.out, encoding="utf-8")
        # comparing the file with what was just written would pass whatever the output
        pytest.skip(f"rewrote {path.name}, so checked nothing: review `git diff`, then run without --update-golden")
    assert path.exists(), "missing golden file; run pytest tests/test_golden.py --update-golden"
    assert r.out == path.read_text(encoding="utf-8")
