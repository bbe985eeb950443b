"""Benchmarks for issue 6, as ratios against baselines measured in the same run.

    .venv/bin/python bench/run.py            # 2,000 and 4,000 files
    .venv/bin/python bench/run.py --small    # 200 and 400 files, a quick look

(a) `sgc summary` over N generated files / a bare loop that only parses the same files
    with yaml.load(..., Loader=yaml.CSafeLoader)              target <= 1.5
(b) `sgc summary` time at 2N files / at N files                 target <= 2.1
(c) peak memory of `sgc summary` at N and at 2N files          target: no growth with N
(d) `sgc grade evidence/thames-valley.yaml` / `python -c "import typer, rich.console,
    pydantic, yaml"` (the import floor)                        target <= 1.3

Each timing is the best of several runs (machines here are noisy); nothing here is
asserted in the unit tests.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SGC = [str(BIN / "sgc")]
PARSE_ONLY = (
    "import glob, sys, yaml\n"
    "for f in sorted(glob.glob(sys.argv[1] + '/*.yaml')):\n"
    "    with open(f, encoding='utf-8') as h:\n"
    "        yaml.load(h.read(), Loader=yaml.CSafeLoader)\n"
)
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def measure(cmd: list[str], runs: int) -> tuple[float, int]:
    """Best wall time in seconds and the largest peak RSS (KiB) of `cmd` over `runs` runs."""
    best, peak = float("inf"), 0
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True,
                             cwd=ROOT).stdout.split()
        best, peak = min(best, float(out[0])), max(peak, int(out[1]))
    return best, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="200 and 400 files instead of 2,000 and 4,000")
    parser.add_argument("--runs", type=int, default=3, help="runs per timing (best is kept)")
    args = parser.parse_args()
    n = 200 if args.small else 2000
    with tempfile.TemporaryDirectory() as tmp:
        dirs = {}
        for count in (n, 2 * n):
            dirs[count] = os.path.join(tmp, str(count))
            subprocess.run([*SGC, "synth", str(count), dirs[count]], check=True, capture_output=True)
        summary = {c: measure([*SGC, "summary", d, "-f", "csv"], args.runs) for c, d in dirs.items()}
        parse = {c: measure([sys.executable, "-c", PARSE_ONLY, d], args.runs) for c, d in dirs.items()}
    grade, _ = measure([*SGC, "grade", "evidence/thames-valley.yaml"], args.runs * 3)
    floor, _ = measure([sys.executable, "-c", "import typer, rich.console, pydantic, yaml"], args.runs * 3)

    def line(name: str, value: float, target: str, ok: bool, detail: str) -> None:
        print(f"{name:<44} {value:>6.2f}  target {target:<8} {'ok' if ok else 'MISSED'}   ({detail})")

    a = summary[n][0] / parse[n][0]
    b = summary[2 * n][0] / summary[n][0]
    c = summary[2 * n][1] / summary[n][1]
    d = grade / floor
    print(f"sgc benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    line(f"(a) summary / parse-only loop, {n} files", a, "<= 1.5", a <= 1.5,
         f"{summary[n][0]:.2f}s vs {parse[n][0]:.2f}s")
    line(f"(b) summary {2 * n} files / {n} files", b, "<= 2.1", b <= 2.1,
         f"{summary[2 * n][0]:.2f}s vs {summary[n][0]:.2f}s")
    line(f"(c) peak memory {2 * n} files / {n} files", c, "<= 1.1", c <= 1.1,
         f"{summary[2 * n][1] / 1024:.0f} MiB vs {summary[n][1] / 1024:.0f} MiB")
    line("(d) grade thames-valley / import floor", d, "<= 1.3", d <= 1.3, f"{grade:.3f}s vs {floor:.3f}s")


if __name__ == "__main__":
    main()
