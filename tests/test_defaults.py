"""At scale 1 the baseline reproduces Blitar's order of magnitude (docs/DATA.md)."""

import pytest

from sim.config import load_scenario
from sim.experiment import no_program_incomes
from sim.metrics import compute_kpis

from .conftest import BASELINE, SCENARIOS, run_model


@pytest.fixture(scope="module")
def full_scale():
    m = run_model(BASELINE, seed=1, days=365, scale=1.0)
    return m, compute_kpis(m)


def test_population_and_output(full_scale):
    m, k = full_scale
    assert (m.farmers.comm == 0).sum() == 3190  # layer farmers 2023
    assert k["eggs_production_t_per_year"] == pytest.approx(
        141_027, rel=0.05
    )  # official 2023 output


def test_prices_in_the_published_ranges(full_scale):
    _, k = full_scale
    assert 21_000 <= k["farm_gate_price_rp_per_kg"] <= 27_000  # Blitar farm-gate 2023-24
    assert 24_000 <= k["surabaya_retail_price_rp_per_kg"] <= 31_000  # Surabaya retail
    assert 2_000 <= k["farm_to_retail_gap_rp_per_kg"] <= 8_000  # "a few thousand Rp/kg"


def test_surabaya_volume_plausible(full_scale):
    _, k = full_scale
    # Surabaya needs ~63-72 t of eggs a day; Blitar supplies part of it
    per_day = k["eggs_blitar_to_surabaya_t_per_year"] / 365
    assert 5 <= per_day <= 72


@pytest.mark.parametrize("name", ["baseline", "kota_blitar", "blitar_raya"])
def test_williamson_references_are_the_scenarios_own_no_program_run(name):
    """Each region's ``modelled_value_added_reference_rp_per_year`` is the scenario's own
    no-program run (seed 1, 365 days, scale 1; rounded to Rp 0.1 bn), so its Williamson
    index starts from the sourced incomes. A changed model or calibration breaks this: write
    the values this test reports into the scenario file."""
    path = SCENARIOS / f"{name}.toml"
    incomes = no_program_incomes(path)
    scenario = load_scenario(path)
    for region, value in incomes.items():
        ref = scenario.get(f"{region}.modelled_value_added_reference_rp_per_year")
        assert ref == pytest.approx(value, abs=0.051e9), f"{path.name} {region}: {value:.4g}"
