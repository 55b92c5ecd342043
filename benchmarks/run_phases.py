"""Where a one-year run at scale 0.1 spends its time: each phase of the day, in one process.

    python benchmarks/run_phases.py [--seeds 10] [--repeats 3] [--scenario baseline.toml]

Runs a shipped scenario (the baseline by default) for 365 days at scale 0.1 through
:func:`sim.experiment.simulate` for seeds 0..seeds-1 after one warm-up run (numba cache,
imports), ``repeats`` times, and reports milliseconds per run: the whole run in this process's
CPU time, and each timed phase (:data:`PHASES`: the model's set-up, the trade sector's draws,
levers and farmers' and traders' kernels, the tourism and UMKM sectors' days, the programs'
settlement, the recorder with its stock-flow check) in wall time measured around each call
(perf_counter), each figure its least disturbed repeat (the machine may be shared). A phase
nested in another (the stock-flow check in the recorder) is counted in both. Appends the best
figures to ``results/run_phases.csv``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import time
from pathlib import Path

from run_rate import append_row, code_label, one_run, timed  # this folder's run-rate benchmark

from sim.metrics import DailyRecorder
from sim.model import KADModel
from sim.paths import DEFAULT_SCENARIO
from sim.sectors.tourism import TourismSector
from sim.sectors.trade import TradeSector
from sim.sectors.umkm import UmkmSector

RESULTS = Path(__file__).resolve().parent / "results" / "run_phases.csv"
# (label, class, method) of each timed phase
PHASES = (
    ("setup", KADModel, "__init__"),
    ("trade_draws", TradeSector, "_draw"),
    ("trade_levers", TradeSector, "_set_levers"),
    ("trade_agents", TradeSector, "_step_agents"),
    ("tourism", TourismSector, "step"),
    ("tourism_awareness", TourismSector, "update_awareness"),
    ("umkm", UmkmSector, "step"),
    ("settle_programs", KADModel, "_settle_programs"),
    ("record", DailyRecorder, "record"),
    ("stock_flow_check", KADModel, "stock_flow_errors"),
)
spent = {label: 0.0 for label, _, _ in PHASES}  # seconds in each timed phase


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


if __name__ == "__main__":
    main()
