"""One-year runs per minute per core at scale 0.1, in one process (no sweep machinery).

    python benchmarks/run_rate.py [--runs 20] [--label after]

Runs the baseline for 365 days at scale 0.1 with seeds 0..runs-1 through
:func:`sim.experiment.simulate` (model, recorder, KPIs and daily frame) after one warm-up run
(numba cache), and reports runs per minute of wall time and per minute of this process's CPU
time: on a shared machine the CPU figure is the per-core rate, the wall figure is what this
machine gave at that moment. Appends a row to benchmarks/results/run_rate.csv.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import time
from pathlib import Path

from sim.config import load_scenario
from sim.experiment import code_version, simulate
from sim.paths import DEFAULT_SCENARIO

RESULTS = Path(__file__).resolve().parent / "results" / "run_rate.csv"


def one_run(seed: int, scenario=DEFAULT_SCENARIO) -> None:
    """One year (after the warm-up) of ``scenario`` at scale 0.1 with ``seed``."""
    overrides = {"run.scale": 0.1, "run.days": 365, "run.seed": seed}
    simulate(load_scenario(scenario, overrides))


def timed(method, record):
    """``method`` that passes the wall seconds of each call to ``record(seconds)``."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            record(time.perf_counter() - start)

    return wrapper


def code_label() -> str:
    """Short commit of the code measured, marked when the work tree had changes."""
    v = code_version()
    if not v.get("commit"):
        return ""
    return v["commit"][:7] + ("+changes" if v.get("dirty") else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    one_run(10_000)  # warm the numba cache and the imports
    wall, cpu = time.perf_counter(), time.process_time()
    for seed in range(args.runs):
        one_run(seed)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    row = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "label": args.label,
        "code": code_label(),
        "runs": args.runs,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "runs_per_minute_wall": round(60 * args.runs / wall, 1),
        "runs_per_cpu_minute": round(60 * args.runs / cpu, 1),
    }
    append_row(RESULTS, row)
    print(row)


def append_row(path: Path, row: dict) -> None:
    """Append ``row`` to the CSV file ``path`` (with a header if the file is new)."""
    new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(row))
        if new:
            writer.writeheader()
        writer.writerow(row)


if __name__ == "__main__":
    main()
