"""Cost of the tourism sector's day in a one-year run at scale 0.1, in one process.

    python benchmarks/tourism_step.py [--seeds 10] [--repeats 3] [--scenario baseline.toml]

Runs a shipped scenario (the baseline by default) for 365 days at scale 0.1 through
:func:`sim.experiment.simulate` for seeds 0..seeds-1 after one warm-up run (numba cache,
imports), ``repeats`` times, and reports milliseconds per run: the whole run in this process's
CPU time, and the tourism sector's setup and daily calls (``TourismSector.__init__``, ``step``,
``update_awareness``, ``visitors_error``) in wall time measured around each call
(perf_counter), each figure its least disturbed repeat (the machine may be shared).
"""

from __future__ import annotations

import argparse
import functools
import time

from sim.config import load_scenario
from sim.experiment import simulate
from sim.paths import DEFAULT_SCENARIO
from sim.sectors.tourism import TourismSector

TIMED = ("__init__", "step", "update_awareness", "visitors_error")
spent = dict.fromkeys(TIMED, 0.0)  # seconds in each timed method


def _timed(name: str, method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start

    return wrapper


def one_run(seed: int, scenario=DEFAULT_SCENARIO) -> None:
    overrides = {"run.scale": 0.1, "run.days": 365, "run.seed": seed}
    simulate(load_scenario(scenario, overrides))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO.name)
    args = parser.parse_args()
    for name in TIMED:
        setattr(TourismSector, name, _timed(name, getattr(TourismSector, name)))
    scenario = DEFAULT_SCENARIO.parent / args.scenario
    one_run(10_000, scenario)  # warm the numba cache and the imports
    rows = []
    for _ in range(args.repeats):
        for name in TIMED:
            spent[name] = 0.0
        cpu = time.process_time()
        for seed in range(args.seeds):
            one_run(seed, scenario)
        cpu = time.process_time() - cpu
        row = {"run_cpu_ms": 1e3 * cpu / args.seeds}
        sector = {f"{name.strip('_')}_ms": 1e3 * spent[name] / args.seeds for name in TIMED}
        row |= sector | {"tourism_ms": sum(sector.values())}
        print({k: round(v, 2) for k, v in row.items()}, flush=True)
        rows.append(row)
    # each figure's least disturbed repeat
    print("best:", {k: round(min(r[k] for r in rows), 2) for k in rows[0]})


if __name__ == "__main__":
    main()
