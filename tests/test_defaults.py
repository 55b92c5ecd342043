"""At scale 1 the baseline reproduces Blitar's order of magnitude (REGIONAL_DATA.md)."""

import pytest

from sim.metrics import compute_kpis

from .conftest import BASELINE, run_model


@pytest.fixture(scope="module")
def full_scale():
    m = run_model(BASELINE, seed=1, days=365, scale=1.0)
    return m, compute_kpis(m)


def test_population_and_output(full_scale):
    m, k = full_scale
    assert (m.farmers.comm == 0).sum() == 3190  # layer farmers 2023
    assert k["eggs_production_t"] == pytest.approx(141_027, rel=0.05)  # official 2023 output


def test_prices_in_the_published_ranges(full_scale):
    _, k = full_scale
    assert 21_000 <= k["farm_gate_price_rp_per_kg"] <= 27_000  # Blitar farm-gate 2023-24
    assert 24_000 <= k["surabaya_retail_price_rp_per_kg"] <= 31_000  # Surabaya retail
    assert 2_000 <= k["farm_to_retail_gap_rp_per_kg"] <= 8_000  # "a few thousand Rp/kg"


def test_surabaya_volume_plausible(full_scale):
    _, k = full_scale
    # Surabaya needs ~63-72 t of eggs a day; Blitar supplies part of it
    per_day = k["eggs_blitar_to_surabaya_t"] / 365
    assert 5 <= per_day <= 72
