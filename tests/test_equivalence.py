"""The object-per-agent engine (sim.reference) and the numba engine give identical runs.

Both engines apply the same rules in the same order to the same random numbers with IEEE
double arithmetic (numba without fastmath, and without SVML, so that ``exp``, ``log`` and
``cos`` come from the same libm as CPython's ``math``), so every daily series, every KPI and
every agent's final state must be equal bit for bit: no tolerance is used anywhere. A failure
means one engine's rules changed without the other's (update both), not rounding noise; it also
catches numba's on-disk cache serving kernels compiled with old ``sim.kernels.layout``
constants (numba does not invalidate a cache when another file changes).
"""

import math

import numpy as np
import pytest

from sim.config import SCHEMA
from sim.kernels import layout as L
from sim.metrics import compute_kpis
from sim.model import KADModel
from sim.reference import Farmer, ReferenceModel, Trader, make_model

from .conftest import BASELINE, MOU, SCENARIOS

SEEDS = (1, 2, 3)
# information system on (and a 1-day base lag), a detour at a quarter of the road speed (two
# days in transit, more breakage), frequent avian-flu shocks on egg farms, and farms enrolled
# in the direct channel beyond its capacity (so that it rations and middlemen take the rest)
STRESS = {
    "information.lag_days": 1,
    "programs.direct_channel.enrolment_fill_ratio": 1.5,
    "programs.information_system.enabled": True,
    "programs.information_system.budget_rp_per_year": 1e9,
    "programs.information_system.operating_cost_rp_per_year": 5e8,
    "programs.information_system.start_date": "2024-01-01",
    "transport.road_quality": 0.25,
    "commodities.eggs.shock_probability_per_day": 0.01,
}
DIRECT = ("eggs_direct_channel_t", "chili_farmers_in_direct_channel")
CASES = {
    # name: (scenario, days, scale, overrides, series that must be non-zero on some day, so
    # that the comparison covers the rules behind them)
    "baseline": (BASELINE, 120, 0.04, {}, ("eggs_shipped_to_surabaya_t", "eggs_waste_t")),
    "mou": (MOU, 160, 0.03, {}, DIRECT),
    "mou_stress": (MOU, 160, 0.03, STRESS, DIRECT),
    # information system, road and internet investment
    "full_package": (SCENARIOS / "full_package.toml", 150, 0.03, {}, DIRECT),
    # dated windows: two days in transit 1-14 February, then back to one with trucks on the
    # road; avian flu from March
    "road_closure": (SCENARIOS / "shock_road_closure.toml", 60, 0.03, {}, DIRECT),
    "avian_flu": (SCENARIOS / "shock_avian_flu.toml", 120, 0.03, {}, DIRECT),
}


def run_pair(scenario, days, scale, overrides, seed):
    """(numba model, reference model), both run to the end."""
    fast = KADModel(scenario, seed=seed, days=days, scale=scale, overrides=overrides)
    ref = ReferenceModel(scenario, seed=seed, days=days, scale=scale, overrides=overrides)
    fast.run_model()
    ref.run_model()
    return fast, ref


def differing_columns(fast, ref) -> list[str]:
    """Daily series whose values are not all identical (NaN equals NaN)."""
    a, b = fast.recorder.to_frame(), ref.recorder.to_frame()
    assert list(a.columns) == list(b.columns)
    return [col for col in a.columns if not a[col].equals(b[col])]


def differing_kpis(fast, ref) -> list[str]:
    a, b = compute_kpis(fast), compute_kpis(ref)
    assert a.keys() == b.keys()
    return [k for k in a if not (a[k] == b[k] or (math.isnan(a[k]) and math.isnan(b[k])))]


def differing_state(fast, ref) -> list[str]:
    """Agent state columns (``farmers.cash``, ``traders.inventory`` ...) that differ."""
    out = []
    for key, value in ref.agent_arrays().items():
        group, column = key.split(".")
        if not np.array_equal(value, getattr(getattr(fast, group), column)):
            out.append(key)
    return out


def assert_engines_identical(scenario, days, scale, overrides, exercised, seed):
    fast, ref = run_pair(scenario, days, scale, overrides, seed)
    frame = fast.recorder.to_frame()
    for col in exercised:
        assert (frame[col] != 0.0).any(), f"the run does not exercise {col}"
    assert differing_columns(fast, ref) == []
    assert differing_kpis(fast, ref) == []
    assert differing_state(fast, ref) == []


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("case", CASES)
def test_engines_identical(case, seed):
    assert_engines_identical(*CASES[case], seed)


@pytest.mark.parametrize(
    "nudge",
    [lambda rate: np.nextafter(rate, 1.0), lambda rate: rate * (1.0 + 1e-9)],
    ids=["one_ulp", "1e-9_relative"],
)
def test_comparison_detects_a_divergent_rule(nudge):
    """One engine's middleman margin adjustment rate moved by one ulp (or 1e-9): the
    comparison must see it, so equal frames above mean equal engines."""
    fast = KADModel(MOU, seed=1, days=60, scale=0.03)
    ref = ReferenceModel(MOU, seed=1, days=60, scale=0.03)
    ref.cpar[0, L.CP_MARGIN_RATE] = nudge(ref.cpar[0, L.CP_MARGIN_RATE])
    fast.run_model()
    ref.run_model()
    assert "eggs_middleman_margin_rp_per_kg" in differing_columns(fast, ref)
    assert "traders.margin" in differing_state(fast, ref)


def test_one_agent_per_row_in_row_order():
    ref = ReferenceModel(BASELINE, seed=1, days=1, scale=0.02)
    farmers, traders = ref.agents_by_type[Farmer], ref.agents_by_type[Trader]
    assert farmers.get("index") == list(range(len(ref.farmers)))
    assert traders.get("index") == list(range(len(ref.traders)))
    assert [f.trader.index for f in farmers] == ref.farmers.trader.tolist()
    assert [c.direct.index for c in ref.commodities] == ref.direct_idx.tolist()


def test_make_model_builds_the_numba_engine_by_default():
    model = make_model(BASELINE, days=1, scale=0.02)
    assert type(model) is KADModel


@pytest.mark.skipif(
    "python" not in SCHEMA["run"]["engine"].choices,
    reason='run.engine does not accept "python" yet (sim/config/schema.py)',
)
def test_make_model_builds_the_reference_engine_for_python():
    model = make_model(BASELINE, days=1, scale=0.02, overrides={"run.engine": "python"})
    assert type(model) is ReferenceModel
