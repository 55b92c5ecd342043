"""How long the start-up transient lasts: the evidence for ``run.warmup_days`` (issue 15).

    python benchmarks/warmup_transient.py [--seeds 10] [--scale 0.03] [--days 240]

The model starts from its initialisation (reference prices, margins at their ceiling, the
published flocks, fresh UMKM firms). For each seed the baseline is run twice over the same
calendar days from ``run.start_date``: *cold*, without a warm-up, and *warm*, after a warm-up of
one year (365 days). Their difference on a day is the transient plus seed noise (the warm
run's draws are a year further on). For each series -- the Surabaya retail price of eggs and of
chili, the middlemen's mean margin on each, the egg and chili flocks (capacity, kg/day), and Blitar
UMKM revenue -- it reports, by
day, the relative gap between the cold and the warm runs' means over seeds (7-day trailing
means), the noise floor (the median absolute gap between the warm runs and warm runs of other
seeds), and the *settling day*: the first day from which the gap stays below twice the noise
floor (at least 1%). Prints a table and writes ``benchmarks/results/warmup_transient.csv``.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

from sim import KADModel
from sim.paths import DEFAULT_SCENARIO

RESULTS = Path(__file__).resolve().parent / "results" / "warmup_transient.csv"
WARM = 365  # the warm reference's warm-up, days
SMOOTH = 7  # days in the rolling mean
SERIES = (
    "eggs_retail_price", "chili_retail_price", "eggs_margin", "chili_margin", "eggs_flock",
    "chili_flock", "umkm_revenue",
)  # fmt: skip


def run(seed: int, scale: float, days: int, warmup: int) -> dict[str, np.ndarray]:
    """Daily series of the reported days of one baseline run."""
    m = KADModel(DEFAULT_SCENARIO, seed=seed, days=days, scale=scale,
                 overrides={"run.warmup_days": warmup})  # fmt: skip
    eggs, chili = m.commodity_names.index("eggs"), m.commodity_names.index("chili")
    flock = np.empty((m.days, 2))
    while m.running:
        m.step()
        cap, comm = m.farmers.cap, m.farmers.comm
        flock[m.day - 1] = cap[comm == eggs].sum(), cap[comm == chili].sum()
    retail = m.recorder.c["retail_price_rp_per_kg"][warmup:]
    margin = m.recorder.c["middleman_margin_rp_per_kg"][warmup:]
    return {
        "eggs_retail_price": retail[:, eggs],
        "chili_retail_price": retail[:, chili],
        "eggs_margin": margin[:, eggs],
        "chili_margin": margin[:, chili],
        "eggs_flock": flock[warmup:, 0],
        "chili_flock": flock[warmup:, 1],
        "umkm_revenue": m.recorder.g["umkm_revenue_blitar_rp"][warmup:],
    }


def smooth(x: np.ndarray) -> np.ndarray:
    """Trailing SMOOTH-day mean (shorter at the start)."""
    c = np.cumsum(np.insert(x, 0, 0.0))
    n = np.minimum(np.arange(1, x.size + 1), SMOOTH)
    return (c[1:] - c[np.arange(1, x.size + 1) - n]) / n


def gap(a: list[dict], b: list[dict]) -> dict[str, np.ndarray]:
    """Absolute relative gap between the smoothed means over seeds of two sets of runs."""
    return {
        k: np.abs(smooth(np.mean([r[k] for r in a], axis=0))
                  / smooth(np.mean([r[k] for r in b], axis=0)) - 1.0)
        for k in SERIES
    }  # fmt: skip


def settling_day(g: np.ndarray, floor: float) -> int:
    """First day from which the gap stays below max(2 x floor, 1%)."""
    above = np.nonzero(g >= max(2.0 * floor, 0.01))[0]
    return int(above[-1] + 1) if above.size else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--scale", type=float, default=0.03)
    ap.add_argument("--days", type=int, default=240)
    a = ap.parse_args()
    seeds = range(1, a.seeds + 1)
    cold = [run(s, a.scale, a.days, 0) for s in seeds]
    warm = [run(s, a.scale, a.days, WARM) for s in seeds]
    other = [run(s + 100, a.scale, a.days, WARM) for s in seeds]
    g, noise = gap(cold, warm), gap(other, warm)
    RESULTS.parent.mkdir(exist_ok=True)
    rows = []
    days = (1, 3, 7, 14, 30, 45, 60, 90)
    print(f"{'series':20s} " + " ".join(f"{'day ' + str(d):>7s}" for d in days)
          + f" {'floor':>7s} settles")  # fmt: skip
    for k in SERIES:
        floor = float(np.median(noise[k]))
        day = settling_day(g[k], floor)
        print(f"{k:20s} " + " ".join(f"{g[k][d - 1]:7.2%}" for d in days)
              + f" {floor:7.2%} day {day}")  # fmt: skip
        rows.append({"series": k, "settling_day": day, "noise_floor": floor,
                     **{f"gap_day_{d}": float(g[k][d - 1]) for d in days},
                     "seeds": a.seeds, "scale": a.scale})  # fmt: skip
    with RESULTS.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
