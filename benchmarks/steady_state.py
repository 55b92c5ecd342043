"""How far a baseline with nothing changing drifts, by the other markets' price flexibility.

    python benchmarks/steady_state.py [--flexibilities -1,-0.5,-0.25,-0.1] [--seeds 5]
                                      [--years 10] [--scale 0.1]

Not a timing. The farms' capacity rule has no restoring force of its own: what holds output at
rest is the other markets' inverse demand, ``commodities.<name>.elsewhere_price_flexibility``
(default -1, an assumption; the screening draws it from -1 to -0.1). For each flexibility, set
on both eggs and chili, the baseline runs ``years`` years for seeds 1..``seeds`` (after its
warm-up), and for each series -- egg and chili output (t/day) and their farm-gate prices
(Rp/kg) -- this reports the drift of each seed (the mean of the last three years over the mean
of the first three, minus 1), their mean, s.d. and extremes over seeds, and the mean one-year
drift (year 2's mean over year 1's, minus 1: whole years, so the chili season cancels).
tests/test_steady_state.py checks 10 years at the default (-1) and one year at -1 and -0.1, at
scale 0.03; this shows the whole range. Prints a table and writes
``benchmarks/results/steady_state.csv``; about a minute on one core at the defaults.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
from tqdm import tqdm

from sim import KADModel
from sim.calendar import DAYS_PER_YEAR
from sim.paths import DEFAULT_SCENARIO

RESULTS = Path(__file__).resolve().parent / "results" / "steady_state.csv"
YEAR = int(DAYS_PER_YEAR)
COMMODITIES = ("eggs", "chili")
SERIES = tuple(f"{c}_{s}" for s in ("output", "farm_gate_price") for c in COMMODITIES)


def run(flexibility: float, seed: int, years: int, scale: float) -> dict[str, np.ndarray]:
    """Daily series (the reported days) of one baseline run at ``flexibility``."""
    overrides = {f"commodities.{c}.elsewhere_price_flexibility": flexibility
                 for c in COMMODITIES}  # fmt: skip
    m = KADModel(DEFAULT_SCENARIO, seed=seed, days=years * YEAR, scale=scale,
                 overrides=overrides)  # fmt: skip
    while m.running:
        m.step()
    c, w = m.recorder.c, m.warmup_days
    out = {}
    for name in COMMODITIES:
        k = m.commodity_names.index(name)
        out[f"{name}_output"] = c["production_t"][w:, k]
        out[f"{name}_farm_gate_price"] = c["farm_gate_price_rp_per_kg"][w:, k]
    return out


def drifts(x: np.ndarray, years: int) -> tuple[float, float]:
    """(last three years' mean over the first three's, year 2's mean over year 1's) minus 1;
    with fewer than six years, the last and first whole thirds of the run's years."""
    span = YEAR * (3 if years >= 6 else years // 2)
    long = np.nanmean(x[-span:]) / np.nanmean(x[:span]) - 1.0
    year2 = np.nanmean(x[YEAR : 2 * YEAR]) / np.nanmean(x[:YEAR]) - 1.0
    return float(long), float(year2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flexibilities", default="-1,-0.5,-0.25,-0.1")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--scale", type=float, default=0.1)
    a = ap.parse_args()
    if a.years < 2:
        ap.error("--years must be at least 2")
    flex = [float(f) for f in a.flexibilities.split(",")]
    seeds = range(1, a.seeds + 1)
    runs = {}
    with tqdm(total=len(flex) * a.seeds, unit="run") as bar:
        for f in flex:
            for s in seeds:
                runs[f, s] = run(f, s, a.years, a.scale)
                bar.update(1)
    rows = []
    print("drift: the last 3 years over the first 3; 1 year: year 2 over year 1")
    print(f"{'series':22s} {'flex':>5s} {'mean':>7s} {'s.d.':>6s} {'min':>7s} {'max':>7s} "
          f"{'1 year':>7s}")  # fmt: skip
    for k in SERIES:
        for f in flex:
            d = np.array([drifts(runs[f, s][k], a.years) for s in seeds])
            row = {"series": k, "flexibility": f, "drift_mean": d[:, 0].mean(),
                   "drift_sd": d[:, 0].std(ddof=1) if a.seeds > 1 else float("nan"),
                   "drift_min": d[:, 0].min(), "drift_max": d[:, 0].max(),
                   "year2_drift_mean": d[:, 1].mean(), "seeds": a.seeds, "years": a.years,
                   "scale": a.scale}  # fmt: skip
            rows.append(row)
            print(f"{k:22s} {f:5.2f} {row['drift_mean']:+7.1%} {row['drift_sd']:6.1%} "
                  f"{row['drift_min']:+7.1%} {row['drift_max']:+7.1%} "
                  f"{row['year2_drift_mean']:+7.1%}")  # fmt: skip
    RESULTS.parent.mkdir(exist_ok=True)
    with RESULTS.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
