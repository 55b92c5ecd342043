"""Cost of the UMKM sector's day in one-year runs at scale 0.1, in one process.

    python benchmarks/umkm_day.py [--seeds 3] [--repeats 2] [--scenario baseline.toml]
                                  [--standalone]

Runs a shipped scenario (the baseline by default) for 365 days at scale 0.1 through
:func:`sim.experiment.simulate` for seeds 0..seeds-1 after one warm-up run (numba cache,
imports), ``repeats`` times, and reports, in wall time around each call (perf_counter): the
daily kernel bound by :func:`sim.kernels.umkm.bind_open_and_day` (the day's opening and
trade, one call) in microseconds a call, median and mean, apart on days that recompute who
is online and the logit weights (``refresh``: month starts) and on the others;
``UmkmSector.step`` (kernel, Python and month starts) likewise a call; and the whole run in
this process's CPU time, milliseconds. Each figure is its least disturbed repeat (the machine
may be shared).

``--standalone`` also times the kernel core (:func:`sim.kernels.umkm._umkm_day`) on its own,
on the arguments of one day (day 200 of a run, no refresh) of each of four seeds: the same
day called again and again, and the four days in turn, each copied into the same arrays
before its call. The first is faster when the kernel branches on random firm traits (over
capacity, selling to the market region, ...): the branch predictor learns the one day's
pattern, as it cannot in a run, where every day comes once among the other sectors' work. The
second is the in-run cost of the loop; with a loop without such branches both agree.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time

import numpy as np
from run_rate import one_run, timed  # this folder's run-rate benchmark

from sim.kernels import umkm as K
from sim.paths import DEFAULT_SCENARIO
from sim.sectors.umkm import UmkmSector

calls: dict[str, list[float]] = {"kernel": [], "kernel_refresh": [], "step": []}  # seconds
SNAPSHOT_DAY = 200  # the call (day of the run, warm-up included) whose arguments are timed
SNAPSHOT_SEEDS = 4


def _timed_kernel(bind):
    @functools.wraps(bind)
    def binder(*args, **kwargs):
        run = bind(*args, **kwargs)

        def timed(souvenir_rp, refresh):
            start = time.perf_counter()
            valid = run(souvenir_rp, refresh)
            calls["kernel_refresh" if refresh else "kernel"].append(time.perf_counter() - start)
            return valid

        return timed

    return binder


def snapshot(seed: int, scenario, day: int = SNAPSHOT_DAY) -> tuple:
    """Copies of the arguments of the kernel core's call on ``day`` of a run with ``seed``
    (the packed day's arrays after its opening, and its ``refresh``)."""
    core, count, args = K._umkm_day_packed, [0], []

    def spy(packed, souvenir_rp, refresh):
        count[0] += 1
        if count[0] != day + 1:
            return core(packed, souvenir_rp, refresh)
        arrays = K.unpack_day(packed)
        # the day's opening alone, then the core on the same arrays (copied before its call)
        K._open_day(arrays[-2], souvenir_rp, arrays[-1], arrays[17], arrays[-3], arrays[-4])
        args.extend(x.copy() if isinstance(x, np.ndarray) else x for x in arrays[:-2])
        args.append(refresh)
        return K._umkm_day(*arrays[:-2], refresh)

    K._umkm_day_packed = spy  # the bound day calls the packed core through the module
    try:
        one_run(seed, scenario)
    finally:
        K._umkm_day_packed = core
    return tuple(args)


def time_standalone(days: list[tuple], order: list[int], calls_n: int = 300) -> float:
    """Median microseconds of the kernel core on ``days`` (snapshots) called in ``order``
    (repeated), each copied into the same arrays before its call."""
    work = tuple(x.copy() if isinstance(x, np.ndarray) else x for x in days[0])
    seconds = []
    for k in range(calls_n):
        for w, x in zip(work, days[order[k % len(order)]], strict=True):
            if isinstance(w, np.ndarray):
                np.copyto(w, x)
        start = time.perf_counter()
        K._umkm_day(*work)
        seconds.append(time.perf_counter() - start)
    return 1e6 * statistics.median(seconds)


def standalone(scenario, repeats: int) -> None:
    days = [snapshot(seed, scenario) for seed in range(SNAPSHOT_SEEDS)]
    n_firms = int(np.count_nonzero(days[0][0]))
    for _ in range(repeats):
        same = time_standalone(days, [0])
        turns = time_standalone(days, list(range(SNAPSHOT_SEEDS)))
        per_firm = 1e3 * turns / n_firms
        print(f"standalone day {SNAPSHOT_DAY}: same day repeated {same:.1f} us, "
              f"{SNAPSHOT_SEEDS} days in turn {turns:.1f} us "
              f"({per_firm:.1f} ns per firm, {n_firms} firms)", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO.name)
    parser.add_argument("--standalone", action="store_true")
    args = parser.parse_args()
    scenario = DEFAULT_SCENARIO.parent / args.scenario
    one_run(10_000, scenario)  # warm the numba cache and the imports
    if args.standalone:
        standalone(scenario, args.repeats)
    # the sector binds through the module
    K.bind_open_and_day = _timed_kernel(K.bind_open_and_day)
    UmkmSector.step = timed(UmkmSector.step, calls["step"].append)
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
