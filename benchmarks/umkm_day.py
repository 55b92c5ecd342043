"""Cost of the UMKM sector's day in one-year runs at scale 0.1, in one process.

    python benchmarks/umkm_day.py [--seeds 3] [--repeats 2] [--scenario baseline.toml]

Runs a shipped scenario (the baseline by default) for 365 days (425 simulated with the warm-up)
at scale 0.1 through :func:`sim.experiment.simulate` for seeds 0..seeds-1 after one warm-up run
(numba cache, imports), ``repeats`` times, and reports, in wall time around each call
(perf_counter): the daily kernel bound by :func:`sim.kernels.umkm.bind_umkm_day` in
microseconds a call, median and mean, apart on days that recompute who is online and the logit
weights (``refresh``: month starts) and on the others; ``UmkmSector.step`` (kernel, Python and
month starts) likewise a call; and the whole run in this process's CPU time, milliseconds. Each
figure is its least disturbed repeat (the machine may be shared). A kernel call runs after the
other sectors' work of the day, with caches and branch predictors as they leave them: it costs
more than the same call repeated on the same arrays.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time

from run_rate import one_run, timed  # this folder's run-rate benchmark

from sim.kernels import umkm as K
from sim.paths import DEFAULT_SCENARIO
from sim.sectors.umkm import UmkmSector

calls: dict[str, list[float]] = {"kernel": [], "kernel_refresh": [], "step": []}  # seconds


def _timed_kernel(bind):
    @functools.wraps(bind)
    def binder(*args, **kwargs):
        run = bind(*args, **kwargs)

        def timed(refresh):
            start = time.perf_counter()
            valid = run(refresh)
            calls["kernel_refresh" if refresh else "kernel"].append(time.perf_counter() - start)
            return valid

        return timed

    return binder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO.name)
    args = parser.parse_args()
    K.bind_umkm_day = _timed_kernel(K.bind_umkm_day)  # the sector binds through the module
    UmkmSector.step = timed(UmkmSector.step, calls["step"].append)
    scenario = DEFAULT_SCENARIO.parent / args.scenario
    one_run(10_000, scenario)  # warm the numba cache and the imports
    rows = []
    for _ in range(args.repeats):
        for v in calls.values():
            v.clear()
        cpu = time.process_time()
        for seed in range(args.seeds):
            one_run(seed, scenario)
        row = {"run_cpu_ms": 1e3 * (time.process_time() - cpu) / args.seeds}
        for name, v in calls.items():
            row[f"{name}_median_us"] = 1e6 * statistics.median(v)
            row[f"{name}_mean_us"] = 1e6 * statistics.fmean(v)
        print({k: round(v, 1) for k, v in row.items()}, flush=True)
        rows.append(row)
    print("best:", {k: round(min(r[k] for r in rows), 1) for k in rows[0]})


if __name__ == "__main__":
    main()
