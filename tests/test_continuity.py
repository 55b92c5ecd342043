"""Every program's effect goes continuously to zero as the program shrinks (issue 15).

Each lever is scaled by 0, 0.1%, 1%, 10%, 100% and 300% of its scenario value; the effect is
the mean over 10 paired seeds of the KPI's difference from the lever at 0. At 0.1% the effect
is at most 5% of the effect at the default, and it never falls as the lever grows.
"""

import pytest

from .conftest import SCENARIOS, SEEDS, shared_kpis

DAYS = 365
SCALE = 0.03
FRACTIONS = (0.001, 0.01, 0.1, 1.0, 3.0)

# lever: (scenario, {key: value at the scenario's default}, KPI that measures the effect)
LEVERS = {
    "direct_channel_capacity": (
        "direct_channel.toml",
        {
            "commodities.eggs.direct_channel_capacity_kg_per_day": 20_000.0,
            "commodities.chili.direct_channel_capacity_kg_per_day": 3_000.0,
            "programs.direct_channel.budget_rp_per_year": 4e10,
        },
        "farmers_income_rp_per_year",
    ),
    "subsidy_per_kg": (
        "logistics_subsidy.toml",
        {
            "programs.logistics_subsidy.subsidy_rp_per_kg": 500.0,
            "programs.logistics_subsidy.budget_rp_per_year": 4e10,
        },
        "farmers_income_rp_per_year",
    ),
    "training_places": (
        "training.toml",
        {
            "programs.training.places_per_month": 300.0,
            "programs.training.budget_rp_per_year": 6e9,
        },
        "umkm_revenue_rp_per_year",
    ),
    "promotion_budget": (
        "promotion.toml",
        {"programs.promotion.budget_rp_per_year": 3e9},
        "blitar_visits_per_year",
    ),
    "information_coverage": (
        "information_system_farmers.toml",
        # shares cannot exceed 1: the "default" here is a third of full coverage and reach
        {
            "programs.information_system.coverage": 0.3,
            "programs.information_system.farmer_reach": 0.3,
        },
        "farmers_income_rp_per_year",
    ),
}
# budgets that only make room for another lever: held at their value, not scaled
FIXED = {
    "programs.direct_channel.budget_rp_per_year",
    "programs.logistics_subsidy.budget_rp_per_year",
    "programs.training.budget_rp_per_year",
}


def _overrides(levels: dict, fraction: float) -> dict:
    return {k: v if k in FIXED else v * fraction for k, v in levels.items()}


def _mean(scenario, kpi, overrides) -> float:
    vals = [shared_kpis(SCENARIOS / scenario, s, DAYS, SCALE, **overrides)[kpi] for s in SEEDS]
    return sum(vals) / len(vals)


@pytest.mark.slow
@pytest.mark.parametrize("lever", sorted(LEVERS))
def test_effect_vanishes_continuously_as_the_program_shrinks(lever):
    scenario, levels, kpi = LEVERS[lever]
    zero = _mean(scenario, kpi, _overrides(levels, 0.0))
    gain = {f: _mean(scenario, kpi, _overrides(levels, f)) - zero for f in FRACTIONS}
    assert gain[1.0] != 0.0, "the lever has no effect at its default"
    sign = 1.0 if gain[1.0] > 0 else -1.0
    assert sign * gain[0.001] <= 0.05 * sign * gain[1.0], gain
    steps = [sign * gain[f] for f in FRACTIONS]
    assert all(b >= a for a, b in zip(steps, steps[1:], strict=False)), gain


@pytest.mark.slow
@pytest.mark.parametrize("lever", ["direct_channel_capacity", "subsidy_per_kg"])
def test_net_welfare_change_vanishes_as_the_program_shrinks(lever):
    """Net welfare (every incidence group less the program cost) moves continuously to its
    value without the program: at 0.1% of the lever the change is at most 5% of the change at
    the default, in either direction. A margin rule keyed to nominal capacity, or a group left
    out, shows here as a welfare change that stays while the program vanishes."""
    scenario, levels, _ = LEVERS[lever]
    kpi = "net_welfare_rp_per_year"
    zero = _mean(scenario, kpi, _overrides(levels, 0.0))
    change = {f: _mean(scenario, kpi, _overrides(levels, f)) - zero for f in (0.001, 1.0)}
    assert change[1.0] != 0.0, "the program changes nothing at its default"
    assert abs(change[0.001]) <= 0.05 * abs(change[1.0]), change
