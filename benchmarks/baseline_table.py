"""The README's table "Baseline at full scale, one year": the model's values, seed 1 and seeds
1-5 (mean and range), printed as the table's Markdown rows, plus the figures docs/ODD.md's
pattern table quotes.

    python benchmarks/baseline_table.py [--workers 2]

Five full-scale one-year runs of the baseline (about 10 s each on one core). Paste the rows into
README.md ("What it measures") and the model values into docs/ODD.md (§1, Patterns).
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor

import numpy as np

SEEDS = (1, 2, 3, 4, 5)
# (row label, KPI, format, published figure)
ROWS = (
    ("egg output, Kabupaten Blitar", "eggs_production_t_per_year", "t",
     "141,027 t (2023, official)"),
    ("chili output", "chili_production_t_per_year", "t", "71,337 t (2021)"),
    ("layer farmers", "eggs_farmers", "n", "3,190 (2023)"),
    ("farm-gate egg price", "eggs_farm_gate_price_rp_per_kg", "rp_kg",
     "Rp 21,000-27,000/kg (2023-24)"),
    ("Surabaya retail egg price", "surabaya_retail_price_rp_per_kg", "rp_kg",
     "Rp 24,000-31,000/kg"),
    ("farm-to-retail gap", "farm_to_retail_gap_rp_per_kg", "rp_kg", "Rp 4,000-5,000/kg (2022)"),
    ("daily retail price variation (CV)", "surabaya_price_cv", "cv",
     "about 0.07 (estimate from 2022 quotes)"),
    ("Blitar UMKM operating (end of year)", "umkm_alive", "n", "34,675 (2023)"),
    ("Blitar UMKM online", "umkm_online_share", "pct", "42% nationally (2023)"),
    ("e-Peken turnover (whole platform)", "epeken_turnover_rp_per_year", "bn",
     "Rp 51.5 bn/year (Oct 2021-Jan 2026 mean)"),
    ("visits to Blitar", "blitar_visits_per_year", "m", "2.6 M (2022)"),
    ("visits to Surabaya", "surabaya_visits_per_year", "m", "17.4 M (2023)"),
    ("length of stay in Blitar", "blitar_length_of_stay_days", "days",
     "1.5 nights (national hotel guests)"),
)  # fmt: skip
ODD = ("eggs_blitar_to_surabaya_t_per_year", "blitar_visits_from_surabaya_per_year",
       "eggs_production_t_per_year", "eggs_farm_gate_price_rp_per_kg",
       "farm_to_retail_gap_rp_per_kg", "surabaya_retail_price_rp_per_kg", "surabaya_price_cv",
       "umkm_alive", "surabaya_visits_per_year", "blitar_visits_per_year")  # fmt: skip


def one(seed: int) -> dict:
    from sim.calibration.moments import run_moments
    from sim.paths import DEFAULT_SCENARIO

    return run_moments(DEFAULT_SCENARIO, {}, seed=seed, days=365, scale=1.0)


def fmt(x: float, kind: str, unit: bool = True) -> str:
    if kind == "t":
        return f"{round(x, -2):,.0f}" + (" t" if unit else "")
    if kind == "n":
        return f"{round(x, -1) if x > 10_000 else x:,.0f}"
    if kind == "rp_kg":
        return ("Rp " if unit else "") + f"{round(x, -2):,.0f}" + ("/kg" if unit else "")
    if kind == "cv":
        return f"{x:.3f}"
    if kind == "pct":
        return f"{100 * x:.1f}%"
    if kind == "bn":
        return ("Rp " if unit else "") + f"{x / 1e9:.1f}" + (" bn/year" if unit else "")
    if kind == "m":
        return f"{x / 1e6:.2f}" + (" M" if unit else "")
    return f"{x:.2f}" + (" days" if unit else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    with ProcessPoolExecutor(a.workers) as pool:
        runs = list(pool.map(one, SEEDS))
    for label, key, kind, published in ROWS:
        v = np.array([r[key] for r in runs])
        lo, hi = fmt(v.min(), kind, False), fmt(v.max(), kind, False)
        spread = fmt(v.mean(), kind) + (f" ({lo}-{hi})" if lo != hi else "")
        print(f"| {label} | {fmt(v[0], kind)} | {spread} | {published} |")
    print()
    for key in ODD:
        v = np.array([r[key] for r in runs])
        print(f"{key}: seed 1 {v[0]:,.4g}; seeds 1-5 mean {v.mean():,.4g}")


if __name__ == "__main__":
    main()
