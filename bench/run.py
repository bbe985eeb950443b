"""sgc benchmarks, each a ratio against a baseline measured in the same run.

    .venv/bin/python bench/run.py            # 2,000 and 4,000 files, 10 paired runs
    .venv/bin/python bench/run.py --small    # 200 and 400 files, a quick look
    .venv/bin/python bench/run.py --suite    # also time the test suite

(a) `sgc summary` over N generated files / a loop that only parses them with
    yaml.load(..., Loader=yaml.CSafeLoader)                         target <= 1.0
(b) `sgc summary` at 2N files / at N files                            target <= 2.1
(c) peak memory of `sgc summary` at 2N / at N files                   target <= 1.1
(d) `sgc grade evidence/thames-valley.yaml` / F2                      target <= 1.3
(e) `sgc --version` / F1                                              target <= 1.2
(f) `sgc --help` / F1                                                 target <= 1.2
(g) `sgc grade evidence/thames-valley.yaml -f json` / F2              target <= 1.4
(h) the national site, `sgc summary DIR -f html -o SITE/`, / the summary
    alone, `sgc summary DIR -f json`, at 400 and 1,000 files (--small: 400), --jobs
    as sgc chooses                                                    target <= 2.0

F1: python -c "import typer, rich.console, pydantic, yaml" (the stack's import floor).
F2: F1 plus defining one pydantic model and validating one dict with it (pydantic's
    import is lazy; this is what using it costs).

Timings are medians of paired runs: the command and its baseline run one after the
other, so a noisy machine slows both. sgc's modules are byte-compiled first, as
`pip install` does for an installed package (an editable install under
PYTHONDONTWRITEBYTECODE would otherwise compile them on every run). Nothing here is
asserted in the unit tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SGC = [str(Path(sys.executable).parent / "sgc")]
F1 = [sys.executable, "-c", "import typer, rich.console, pydantic, yaml"]
F2 = [
    sys.executable,
    "-c",
    "import typer, rich.console, pydantic, yaml\n"
    "class M(pydantic.BaseModel):\n    a: int\n"
    "M.model_validate({'a': 1})\n",
]
SITE_SIZES = {False: (400, 1000), True: (400,)}  # files in (h), by --small
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


def once(cmd: list[str]) -> tuple[float, int]:
    """Wall time in seconds and peak RSS (KiB) of one run of `cmd`."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    return float(out[0]), int(out[1])


def paired(cmd: list[str], base: list[str], runs: int) -> tuple[float, float, int]:
    """Median times of `cmd` and `base` run alternately, and the largest peak RSS of `cmd`."""
    times, bases, peak = [], [], 0
    for _ in range(runs):
        t, rss = once(cmd)
        times.append(t)
        peak = max(peak, rss)
        bases.append(once(base)[0])
    return statistics.median(times), statistics.median(bases), peak


def site(folder: str, tmp: str, runs: int) -> tuple[float, float]:
    """Median times of writing the national site of `folder` (a new output folder each
    run, removed after it) and of the summary alone in JSON, run alternately."""
    made, alone = [], []
    for i in range(runs):
        out = os.path.join(tmp, f"site-{i}")
        made.append(once([*SGC, "summary", folder, "-f", "html", "-o", out + os.sep])[0])
        shutil.rmtree(out)
        alone.append(once([*SGC, "summary", folder, "-f", "json"])[0])
    return statistics.median(made), statistics.median(alone)


def line(name: str, value: float, target: str, ok: bool, detail: str) -> None:
    print(f"{name:<46} {value:>6.2f}  target {target:<7} {'ok' if ok else 'MISSED':<6}  ({detail})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="200 and 400 files instead of 2,000 and 4,000")
    parser.add_argument("--runs", type=int, default=10, help="paired runs per single-command figure")
    parser.add_argument("--suite", action="store_true", help="also run the test suite and report its wall time")
    args = parser.parse_args()
    n = 200 if args.small else 2000
    summary_runs = 3
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "sgc_grader")], check=True)
    print(f"sgc benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    grade, f2, _ = paired([*SGC, "grade", "evidence/thames-valley.yaml"], F2, args.runs)
    line("(d) grade thames-valley / F2", grade / f2, "<= 1.3", grade / f2 <= 1.3, f"{grade:.3f}s vs {f2:.3f}s")
    js, f2j, _ = paired([*SGC, "grade", "evidence/thames-valley.yaml", "-f", "json"], F2, args.runs)
    line("(g) grade thames-valley -f json / F2", js / f2j, "<= 1.4", js / f2j <= 1.4, f"{js:.3f}s vs {f2j:.3f}s")
    version, f1, _ = paired([*SGC, "--version"], F1, args.runs)
    line("(e) sgc --version / F1", version / f1, "<= 1.2", version / f1 <= 1.2, f"{version:.3f}s vs {f1:.3f}s")
    helps, f1h, _ = paired([*SGC, "--help"], F1, args.runs)
    line("(f) sgc --help / F1", helps / f1h, "<= 1.2", helps / f1h <= 1.2, f"{helps:.3f}s vs {f1h:.3f}s")
    with tempfile.TemporaryDirectory() as tmp:
        dirs = {}
        for count in sorted({n, 2 * n, *SITE_SIZES[args.small]}):
            dirs[count] = os.path.join(tmp, str(count))
            subprocess.run([*SGC, "synth", str(count), dirs[count]], check=True, capture_output=True)
        summary = {}
        for count in (n, 2 * n):
            summary[count] = paired(
                [*SGC, "summary", dirs[count], "-f", "csv"],
                [sys.executable, "-c", PARSE_ONLY, dirs[count]],
                summary_runs,
            )
        sites = {count: site(dirs[count], tmp, summary_runs) for count in SITE_SIZES[args.small]}
    a = summary[n][0] / summary[n][1]
    b = summary[2 * n][0] / summary[n][0]
    c = summary[2 * n][2] / summary[n][2]
    line(
        f"(a) summary / parse-only loop, {n} files",
        a,
        "<= 1.0",
        a <= 1.0,
        f"{summary[n][0]:.2f}s vs {summary[n][1]:.2f}s",
    )
    line(
        f"(b) summary {2 * n} files / {n} files",
        b,
        "<= 2.1",
        b <= 2.1,
        f"{summary[2 * n][0]:.2f}s vs {summary[n][0]:.2f}s",
    )
    line(
        f"(c) peak memory {2 * n} files / {n} files",
        c,
        "<= 1.1",
        c <= 1.1,
        f"{summary[2 * n][2] / 1024:.0f} MiB vs {summary[n][2] / 1024:.0f} MiB",
    )
    for count, (made, alone) in sites.items():
        h = made / alone
        line(f"(h) national site / summary alone, {count} files", h, "<= 2.0", h <= 2.0, f"{made:.2f}s vs {alone:.2f}s")
    if args.suite:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - start
        tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "no output"
        verdict = "ok" if wall <= 45 else "MISSED"
        print(f"{'test suite wall time':<46} {wall:>6.1f}s target <= 45s   {verdict:<6}  ({tail})")


if __name__ == "__main__":
    main()
