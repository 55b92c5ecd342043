"""Sweep throughput: runs per minute with 1 and 2 workers, scaling efficiency, executor overhead.

    python benchmarks/sweep_throughput.py [--runs 24] [--quick]

Each run is one simulated year of the baseline at scale 0.1, through the sweep machinery
(one atomic Parquet file per run). The overhead per run is measured with a target that does
no work (the Ishigami function), so that what remains is task dispatch, worker start-up
amortised over the runs, and the result write. Appends a row per measurement, with the date,
``--label`` and the code measured, to benchmarks/results/sweep_throughput.csv.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from run_rate import append_row, code_label  # this folder's run-rate benchmark

from sim import sweep as sw

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def _sweep_file(folder: Path, runs: int, target: str | None) -> Path:
    """A factorial sweep of ``runs`` points (distinct fuel-price indices, 1 replicate)."""
    values = ", ".join(f"{1.0 + 0.01 * k:.2f}" for k in range(runs))
    if target:
        body = (f'target = "{target}"\n[parameters.x1]\nvalues = [{values}]\n'
                "[parameters.x2]\nvalues = [0.5]\n[parameters.x3]\nvalues = [0.5]\n")  # fmt: skip
    else:
        body = ('[fixed]\n"run.scale" = 0.1\n"run.days" = 365\n'
                f'[parameters."transport.fuel_price_index"]\nvalues = [{values}]\n')  # fmt: skip
    path = folder / f"bench-{target is not None}-{runs}.toml"
    path.write_text(
        f'scenario = "{ROOT / "scenarios" / "baseline.toml"}"\ndesign = "factorial"\n{body}'
    )
    return path


def _time_sweep(path: Path, workers: int, folder: Path) -> float:
    spec = sw.load_sweep(path)
    started = time.perf_counter()
    summary = sw.run_sweep(spec, folder, workers=workers, progress=False)
    seconds = time.perf_counter() - started
    assert summary["failed"] == 0, summary["failures"]
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24, help="model runs per measurement")
    parser.add_argument("--quick", action="store_true", help="6 runs, for a smoke test")
    parser.add_argument("--label", default="", help="what is measured, for the CSV")
    args = parser.parse_args()
    runs = 6 if args.quick else args.runs
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # warm the numba cache so that no measurement includes compilation
        _time_sweep(_sweep_file(tmp, 1, None), 1, tmp / "warm")
        model = _sweep_file(tmp, runs, None)
        noop = _sweep_file(tmp, runs * 4, "sim.testfunctions:ishigami")
        for workers in (1, 2):
            sec = _time_sweep(model, workers, tmp / f"model-{workers}")
            rows.append({"what": "model, 1 year, scale 0.1", "workers": workers, "runs": runs,
                         "seconds": sec, "runs_per_minute": 60 * runs / sec})  # fmt: skip
            sec = _time_sweep(noop, workers, tmp / f"noop-{workers}")
            rows.append({"what": "no-op target (overhead)", "workers": workers, "runs": runs * 4,
                         "seconds": sec, "runs_per_minute": 60 * runs * 4 / sec})  # fmt: skip
    stamp = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
             "label": args.label, "code": code_label()}  # fmt: skip
    for row in rows:
        append_row(RESULTS / "sweep_throughput.csv", {**stamp, **row})
    print(
        f"{'what':28s} {'workers':>7s} {'runs':>5s} {'seconds':>8s} {'runs/min':>9s} {'s/run':>7s}"
    )
    for r in rows:
        print(f"{r['what']:28s} {r['workers']:7d} {r['runs']:5d} {r['seconds']:8.2f} "
              f"{r['runs_per_minute']:9.1f} {r['seconds'] / r['runs']:7.3f}")  # fmt: skip
    one, two = rows[0]["runs_per_minute"], rows[2]["runs_per_minute"]
    print(f"scaling efficiency 1 -> 2 workers: {two / one / 2:.0%}")
    print(f"executor overhead per run: {rows[1]['seconds'] / rows[1]['runs'] * 1e3:.1f} ms "
          f"(1 worker), {rows[3]['seconds'] / rows[3]['runs'] * 1e3:.1f} ms (2 workers, incl. "
          "worker start-up)")  # fmt: skip


if __name__ == "__main__":
    main()
