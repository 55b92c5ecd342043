"""Steady state (issue 15): with nothing changing, a 10-year baseline over 5 seeds does not
drift: the mean of years 8-10 lies within 5% of the mean of years 1-3 for each series."""

import numpy as np
import pytest

from .conftest import BASELINE, run_model

YEAR = 365
SEEDS = range(1, 6)


def _series(m) -> dict:
    """The reported days (after the warm-up) of each series."""
    c, g, w = m.recorder.c, m.recorder.g, m.warmup_days
    return {
        "egg_output": c["production_t"][w:, 0],
        "chili_output": c["production_t"][w:, 1],
        "farm_gate_price": c["farm_gate_price_rp_per_kg"][w:, m.main],
        "retail_price": c["retail_price_rp_per_kg"][w:, m.main],
        "blitar_umkm_revenue": g["umkm_revenue_blitar_rp"][w:],
        "blitar_visits": g["tourist_arrivals_blitar"][w:],
    }


@pytest.fixture(scope="module")
def drift():
    out = []
    for s in SEEDS:
        m = run_model(BASELINE, seed=s, days=10 * YEAR, scale=0.03)
        out.append({
            k: np.nanmean(v[7 * YEAR:]) / np.nanmean(v[: 3 * YEAR]) - 1.0
            for k, v in _series(m).items()
        })  # fmt: skip
    return {k: float(np.mean([d[k] for d in out])) for k in out[0]}


@pytest.mark.slow
@pytest.mark.parametrize(
    "series",
    [
        "egg_output",
        "chili_output",
        "farm_gate_price",
        "retail_price",
        "blitar_umkm_revenue",  # stationary since only trained quality fades (issue 16)
        "blitar_visits",
    ],
)
def test_a_ten_year_baseline_is_stationary(drift, series):
    assert abs(drift[series]) <= 0.05, drift


@pytest.mark.parametrize("flexibility", [-1.0, -0.1])  # the ends of the screened range
def test_over_one_year_the_baseline_moves_little_at_any_screened_flexibility(flexibility):
    """docs/ODD.md ("A steady state"): the 10-year rest holds only near flexibility -1, but
    one-year comparisons (the screening's horizon) are not drift: year 2's egg and chili
    output lies within 5% of year 1's on average over 5 seeds at both ends of the range the
    screening draws (at scale 0.1, benchmarks/steady_state.py: within 3%)."""
    flex = {f"commodities.{c}.elsewhere_price_flexibility": flexibility for c in ("eggs", "chili")}
    drift = []
    for s in SEEDS:
        m = run_model(BASELINE, seed=s, days=2 * YEAR, scale=0.03, **flex)
        x = m.recorder.c["production_t"][m.warmup_days :]
        drift.append(x[YEAR:].mean(axis=0) / x[:YEAR].mean(axis=0) - 1.0)
    mean = np.mean(drift, axis=0)
    assert np.all(np.abs(mean) <= 0.05), (flexibility, mean, drift)
