"""How far a baseline with nothing changing drifts, by the other markets' price flexibility.

    python benchmarks/steady_state.py [--flexibilities=-1,-0.5,-0.25,-0.1] [--seeds 5]
                                      [--years 10] [--scale 0.1]

Not a timing. The farms' capacity rule has no restoring force of its own: what holds output at
rest is the other markets' inverse demand, ``commodities.<name>.elsewhere_price_flexibility``
(default -1, an assumption; the screening draws it from -1 to -0.1). For each flexibility, set
on both eggs and chili, the baseline runs ``years`` years for seeds 1..``seeds`` (after its
warm-up), and for each series -- egg and chili output (t/day) and their farm-gate prices
(Rp/kg) -- this reports the drift of each seed (the mean of the last three years over the mean
of the first three, minus 1), their mean, s.d. and extremes over seeds, and the mean one-year
drift (year 2's mean over year 1's, minus 1: whole years, so the chili season cancels).
tests/test_steady_state.py checks 10 years at the default (-1) and the spread over seeds at -1
and -0.1, at scale 0.03; this shows the whole range. Prints a table and writes
``benchmarks/results/steady_state.csv``; about a minute on one core at the defaults.

The rest is one of totals: farms keep sorting by cost at any flexibility. For each run it also
writes ``steady_state_farms.csv``: by commodity, the Gini of the farms' planned capacity at the
start and the end, the shares of farms at their capacity floor and ceiling, and the correlation
of each farm's capacity change (end over start) with its unit cost factor.

``--effects direct_channel,full_package`` also runs those scenarios on the same seeds and
flexibilities and writes ``steady_state_effects.csv``: the paired effect on egg and chili output
by year (scenario over baseline, minus 1; mean over seeds). A one-year effect is a first-year
effect: near flexibility 0 it keeps growing (docs/ODD.md, "A steady state").
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
from tqdm import tqdm

from sim import KADModel
from sim.calendar import DAYS_PER_YEAR
from sim.errors import ConfigError
from sim.metrics import gini
from sim.paths import DEFAULT_SCENARIO, find_scenario

RESULTS = Path(__file__).resolve().parent / "results" / "steady_state.csv"
FARMS = RESULTS.with_name("steady_state_farms.csv")
EFFECTS = RESULTS.with_name("steady_state_effects.csv")
YEAR = int(DAYS_PER_YEAR)
COMMODITIES = ("eggs", "chili")
SERIES = tuple(f"{c}_{s}" for s in ("output", "farm_gate_price") for c in COMMODITIES)


def run(flexibility: float, seed: int, years: int, scale: float, scenario=DEFAULT_SCENARIO):
    """(daily series of the reported days, the farms' figures by commodity) of one run of
    ``scenario`` (the baseline unless told) at ``flexibility``."""
    overrides = {f"commodities.{c}.elsewhere_price_flexibility": flexibility
                 for c in COMMODITIES}  # fmt: skip
    m = KADModel(scenario, seed=seed, days=years * YEAR, scale=scale, overrides=overrides)
    f = m.farmers
    while m.running:
        m.step()
    c, w = m.recorder.c, m.warmup_days
    series, farms = {}, {}
    for name in COMMODITIES:
        k = m.commodity_names.index(name)
        series[f"{name}_output"] = c["production_t"][w:, k]
        series[f"{name}_farm_gate_price"] = c["farm_gate_price_rp_per_kg"][w:, k]
        q = m.trade.commodity_params[k]
        sel = f.comm == k
        ratio = f.cap_plan[sel] / f.cap0[sel]
        farms[name] = {
            "gini_start": gini(f.cap0[sel]),  # every plan starts at the farm's capacity
            "gini_end": gini(f.cap_plan[sel]),
            "at_floor": float(np.mean(ratio <= q["capacity_floor"] * (1 + 1e-9))),
            "at_ceiling": float(np.mean(ratio >= q["capacity_ceiling"] * (1 - 1e-9))),
            "corr_change_cost": float(np.corrcoef(np.log(ratio), f.cost_factor[sel])[0, 1]),
        }
    return series, farms


def drifts(x: np.ndarray, years: int) -> tuple[float, float]:
    """(last three years' mean over the first three's, year 2's mean over year 1's) minus 1;
    with fewer than six years, the last and first ``years // 2`` whole years."""
    span = YEAR * (3 if years >= 6 else years // 2)
    long = np.nanmean(x[-span:]) / np.nanmean(x[:span]) - 1.0
    year2 = np.nanmean(x[YEAR : 2 * YEAR]) / np.nanmean(x[:YEAR]) - 1.0
    return float(long), float(year2)


def drift_rows(runs: dict, flex: list, seeds: range, years: int, scale: float) -> list[dict]:
    """The drift table (printed) of the baseline runs ``runs[flexibility, seed]``."""
    rows = []
    print("drift: the last 3 years over the first 3; 1 year: year 2 over year 1")
    print(f"{'series':22s} {'flex':>5s} {'mean':>7s} {'s.d.':>6s} {'min':>7s} {'max':>7s} "
          f"{'1 year':>7s}")  # fmt: skip
    for k in SERIES:
        for f in flex:
            d = np.array([drifts(runs[f, s][0][k], years) for s in seeds])
            row = {"series": k, "flexibility": f, "drift_mean": d[:, 0].mean(),
                   "drift_sd": d[:, 0].std(ddof=1) if len(seeds) > 1 else float("nan"),
                   "drift_min": d[:, 0].min(), "drift_max": d[:, 0].max(),
                   "year2_drift_mean": d[:, 1].mean(), "seeds": len(seeds), "years": years,
                   "scale": scale}  # fmt: skip
            rows.append(row)
            print(f"{k:22s} {f:5.2f} {row['drift_mean']:+7.1%} {row['drift_sd']:6.1%} "
                  f"{row['drift_min']:+7.1%} {row['drift_max']:+7.1%} "
                  f"{row['year2_drift_mean']:+7.1%}")  # fmt: skip
    return rows


def farm_rows(runs: dict) -> list[dict]:
    """One row per baseline run and commodity: the farms' figures of :func:`run`."""
    return [{"flexibility": f, "seed": s, "commodity": name, **figures}
            for (f, s), (_, farms) in runs.items() for name, figures in farms.items()]  # fmt: skip


def effect_rows(scenarios: list[str], runs: dict, flex: list, seeds: range, years: int,
                scale: float, bar) -> list[dict]:  # fmt: skip
    """The paired effect by year on egg and chili output of each of ``scenarios`` against the
    baseline runs ``runs`` (same flexibility and seed), mean over seeds."""
    rows = []
    for name in scenarios:
        path = find_scenario(name)
        for f in flex:
            effects = []
            for s in seeds:
                series, _ = run(f, s, years, scale, path)
                base = runs[f, s][0]
                effects.append([[series[f"{c}_output"][y * YEAR : (y + 1) * YEAR].mean()
                                 / base[f"{c}_output"][y * YEAR : (y + 1) * YEAR].mean() - 1.0
                                 for y in range(years)] for c in COMMODITIES])  # fmt: skip
                bar.update(1)
            mean = np.mean(effects, axis=0)
            for ci, c in enumerate(COMMODITIES):
                rows.append({"scenario": name, "flexibility": f, "commodity": c,
                             **{f"year_{y + 1}": mean[ci, y] for y in range(years)},
                             "seeds": len(seeds), "scale": scale})  # fmt: skip
    return rows


def write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(exist_ok=True)
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flexibilities", default="-1,-0.5,-0.25,-0.1")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--effects", default="", help="scenarios to pair with the baseline, e.g. "
                    "direct_channel,full_package")  # fmt: skip
    a = ap.parse_args()
    if a.years < 2:
        ap.error("--years must be at least 2")
    flex = [float(f) for f in a.flexibilities.split(",")]
    seeds = range(1, a.seeds + 1)
    scenarios = [x for x in a.effects.split(",") if x]
    for name in scenarios:
        try:
            find_scenario(name)  # an unknown name stops here, before any run
        except ConfigError as err:
            ap.error(str(err))
    runs = {}
    with tqdm(total=len(flex) * a.seeds * (1 + len(scenarios)), unit="run") as bar:
        for f in flex:
            for s in seeds:
                runs[f, s] = run(f, s, a.years, a.scale)
                bar.update(1)
        effects = effect_rows(scenarios, runs, flex, seeds, a.years, a.scale, bar)
    write_csv(RESULTS, drift_rows(runs, flex, seeds, a.years, a.scale))
    write_csv(FARMS, farm_rows(runs))
    if effects:
        write_csv(EFFECTS, effects)


if __name__ == "__main__":
    main()
