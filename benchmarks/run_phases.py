"""Where a one-year run at scale 0.1 spends its time: each phase of the day, in one process.

    python benchmarks/run_phases.py [--seeds 10] [--repeats 3] [--scenario baseline.toml]

Runs a shipped scenario (the baseline by default) for 365 days at scale 0.1 through
:func:`sim.experiment.simulate` for seeds 0..seeds-1 after one warm-up run (numba cache,
imports), ``repeats`` times, and reports milliseconds per run: the whole run in this process's
CPU time, and each timed phase (:data:`PHASES`: the model's set-up, the trade sector's day (its
draws, levers and farmers' and traders' kernels), the tourism and UMKM sectors' days, the
programs' settlement, the recorder with its stock-flow check, and the numba kernels of the
recorder and of the tourism sector) in wall time measured around each call (perf_counter), each
figure its least disturbed repeat (the machine may be shared). A phase nested in another (the
recorder's kernel in the recorder, the tourism kernels in the tourism day) is counted in both;
a label listed twice adds both methods' time. Appends the best
figures to ``results/run_phases.csv``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import os
import tempfile
import time
from pathlib import Path

from run_rate import code_label, one_run, timed  # this folder's run-rate benchmark

from sim.kernels import accounting
from sim.kernels import tourism as tourism_kernels
from sim.metrics import DailyRecorder
from sim.model import KADModel
from sim.paths import DEFAULT_SCENARIO
from sim.sectors.tourism import TourismSector
from sim.sectors.trade import TradeSector
from sim.sectors.umkm import UmkmSector

RESULTS = Path(__file__).resolve().parent / "results" / "run_phases.csv"
# (label, class or module, method) of each timed phase
PHASES = (
    ("setup", KADModel, "__init__"),
    # the trade sector's day: its draws, levers and farmers and traders, in one kernel call
    # after the program levers' Python (wrapping _draw, _set_levers or _step_agents would
    # time the separate calls, which the sector makes only where those are not its own)
    ("trade", TradeSector, "step"),
    ("tourism", TourismSector, "step"),
    ("tourism_awareness", TourismSector, "update_awareness"),
    ("umkm", UmkmSector, "step"),
    ("settle_programs", KADModel, "_settle_programs"),
    ("record", DailyRecorder, "record"),
    # the recorder's kernel: the goods held (read for the stock-flow check: a seventh of the
    # farms' rows a day), copies, cash totals, surpluses and the stock-flow errors
    ("record_kernel", accounting, "_record_day_packed"),
    # the tourism sector's fused day (draws, arrivals, the tourists' day), inside "tourism"
    ("tourism_kernels", tourism_kernels, "_tourism_day"),
)
spent = dict.fromkeys((label for label, _, _ in PHASES), 0.0)  # seconds in each timed phase


def _add(label: str, seconds: float) -> None:
    spent[label] += seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO.name)
    args = parser.parse_args()
    for label, cls, name in PHASES:
        setattr(cls, name, timed(getattr(cls, name), functools.partial(_add, label)))
    scenario = DEFAULT_SCENARIO.parent / args.scenario
    one_run(10_000, scenario)  # warm the numba cache and the imports
    rows = []
    for _ in range(args.repeats):
        for label in spent:
            spent[label] = 0.0
        cpu = time.process_time()
        for seed in range(args.seeds):
            one_run(seed, scenario)
        cpu = time.process_time() - cpu
        row = {"run_cpu_ms": 1e3 * cpu / args.seeds}
        row |= {f"{label}_ms": 1e3 * s / args.seeds for label, s in spent.items()}
        print({k: round(v, 2) for k, v in row.items()}, flush=True)
        rows.append(row)
    best = {k: round(min(r[k] for r in rows), 2) for k in rows[0]}  # least disturbed repeat
    print("best:", best)
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    out = {"date": when, "code": code_label(), "scenario": args.scenario, "seeds": args.seeds}
    out |= {"repeats": args.repeats} | best
    append_row(RESULTS, out)


def append_row(path: Path, row: dict) -> None:
    """Append ``row`` to the CSV file ``path``; when the phases changed since the file was
    begun, its header becomes the union of both (old columns first, blank where a row has no
    figure), rewritten atomically, so that no figure lands under another phase's name."""
    rows, fields = [], list(row)
    if path.exists():
        with open(path, newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            old = list(reader.fieldnames or [])
        fields = old + [k for k in row if k not in old]
    path.parent.mkdir(parents=True, exist_ok=True)
    # a temporary file of its own (two runs at once do not write into one); they may still
    # both read the file before either replaces it: run benchmarks one at a time
    with tempfile.NamedTemporaryFile(
        "w", newline="", dir=path.parent, prefix=path.name, suffix=".tmp", delete=False
    ) as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows([*rows, row])
    os.replace(fh.name, path)


if __name__ == "__main__":
    main()
