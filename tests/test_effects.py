"""Known directions of policy effects, each averaged over 10 seeds (common random numbers)."""

import pytest

from .conftest import BASELINE, MOU, SEEDS, run_kpis, shared_kpis

DAYS = 365
SCALE = 0.1


def _mean(scenario, key, **overrides):
    vals = [shared_kpis(scenario, s, DAYS, SCALE, **overrides)[key] for s in SEEDS]
    return sum(vals) / len(vals)


@pytest.mark.slow
def test_logistics_subsidy_raises_volume_and_farm_gate_price():
    no = {"programs.logistics_subsidy.subsidy_rp_per_kg": 0.0}
    yes = {
        "programs.logistics_subsidy.subsidy_rp_per_kg": 800.0,
        "programs.logistics_subsidy.budget_rp_per_year": 1e11,
    }
    for key in ("blitar_to_surabaya_t_per_year", "farm_gate_price_rp_per_kg"):
        assert _mean(MOU, key, **yes) > _mean(MOU, key, **no), key


@pytest.mark.slow
def test_subsidy_for_all_shippers_works_without_direct_channel():
    on = {
        "programs.logistics_subsidy.enabled": True,
        "programs.logistics_subsidy.budget_rp_per_year": 1e11,
        "programs.logistics_subsidy.subsidy_rp_per_kg": 800.0,
        "programs.logistics_subsidy.start_date": "2024-01-01",
    }
    assert _mean(BASELINE, "blitar_to_surabaya_t_per_year", **on) > _mean(
        BASELINE, "blitar_to_surabaya_t_per_year"
    )


@pytest.mark.slow
def test_shorter_information_lag_lowers_waste_and_volatility():
    slow = {"information.lag_days": 5}
    fast = {"information.lag_days": 1, "information.noise_sd": 0.0}
    for key in ("waste_t_per_year", "surabaya_price_cv"):
        assert _mean(BASELINE, key, **fast) < _mean(BASELINE, key, **slow), key


@pytest.mark.slow
def test_information_system_program_lowers_volatility():
    system = {
        "programs.information_system.enabled": True,
        "programs.information_system.budget_rp_per_year": 1e9,
        "programs.information_system.operating_cost_rp_per_year": 5e8,
        "programs.information_system.start_date": "2024-01-01",
    }
    assert _mean(BASELINE, "surabaya_price_cv", **system) < _mean(BASELINE, "surabaya_price_cv")


@pytest.mark.slow
def test_information_reaching_farmers_raises_farm_gate_price_and_income():
    """Farmers who get the system's prices bargain middlemen's margins down: more reach gives
    a higher farm-gate price, higher farmer income and a lower middleman margin."""
    system = {
        "programs.information_system.enabled": True,
        "programs.information_system.budget_rp_per_year": 1e9,
        "programs.information_system.operating_cost_rp_per_year": 5e8,
        "programs.information_system.start_date": "2024-01-01",
    }
    reach = {**system, "programs.information_system.farmer_reach": 0.5}
    for key in ("farm_gate_price_rp_per_kg", "farmer_income_mean_rp"):
        assert _mean(BASELINE, key, **reach) > _mean(BASELINE, key, **system), key
    key = "middleman_margin_rp_per_kg"
    assert _mean(BASELINE, key, **reach) < _mean(BASELINE, key, **system)


def test_informed_farmers_bargain_margins_to_the_analytic_level():
    """Without a direct channel each middleman's margin moves geometrically (rate r a day)
    from its largest value m_max toward m_max - b * phi_j * (m_max - m_min), phi_j the informed
    share of his farmers and b the bargaining share: after T days of the system it is
    target + (m_max - target) * (1 - r)^T. Uninformed reach leaves m_max exactly."""
    import numpy as np

    from .conftest import run_model

    days, b = 40, 0.8
    system = {
        "programs.information_system.enabled": True,
        "programs.information_system.budget_rp_per_year": 1e9,
        "programs.information_system.operating_cost_rp_per_year": 5e8,
        "programs.information_system.start_date": "2024-01-01",
        "programs.information_system.farmer_reach": 0.6,
        "programs.information_system.farmer_bargaining_share": b,
    }
    m = run_model(BASELINE, seed=4, days=days, scale=0.05, **system)
    tr = m.traders
    mid = tr.is_direct == 0
    phi = np.array([m.farmers.informed[m.farmers.trader == j].mean() for j in np.flatnonzero(mid)])
    assert 0.3 < phi.mean() < 0.9 and phi.min() < phi.max()
    m_max = m.cpar["trader_margin_max_rp_per_kg"][tr.comm[mid]]
    m_min = m.cpar["trader_margin_min_rp_per_kg"][tr.comm[mid]]
    r = m.cpar["margin_adjust_rate"][tr.comm[mid]]
    target = m_max - b * phi * (m_max - m_min)
    expected = target + (m_max - target) * (1.0 - r) ** days
    assert np.allclose(tr.margin[mid], expected, rtol=1e-9, atol=1e-6)
    off = run_model(BASELINE, seed=4, days=days, scale=0.05,
                    **{**system, "programs.information_system.farmer_reach": 0.0})  # fmt: skip
    assert np.array_equal(off.traders.margin[mid], m_max)


def test_reaching_farmers_costs_the_program_per_farmer_reached():
    """The system pays cost_rp_per_farmer_per_year / 365.25 a day for every farmer reached,
    on top of its operating cost (here 0): 30 days at Rp 365.25 a year cost Rp 30 each."""
    from .conftest import run_model

    system = {
        "programs.information_system.enabled": True,
        "programs.information_system.budget_rp_per_year": 1e9,
        "programs.information_system.operating_cost_rp_per_year": 0.0,
        "programs.information_system.start_date": "2024-01-01",
        "programs.information_system.farmer_reach": 0.5,
        "programs.information_system.cost_rp_per_farmer_per_year": 365.25,
    }
    m = run_model(BASELINE, seed=2, days=30, scale=0.05, **system)
    n = int(m.farmers.informed.sum())
    assert 0.4 * len(m.farmers) < n < 0.6 * len(m.farmers)
    assert m.programs["information_system"].spent_rp == 30.0 * n


def test_no_budget_means_no_program_effect():
    """With every budget at zero the MoU scenario is the baseline, bit for bit."""
    from sim.config import SCHEMA

    zero = {f"programs.{p}.budget_rp_per_year": 0.0 for p in SCHEMA["programs"]}
    for seed in (1, 2, 3):
        a = run_kpis(MOU, seed=seed, days=200, scale=SCALE, **zero)
        b = run_kpis(BASELINE, seed=seed, days=200, scale=SCALE)
        assert a == b
        assert a["program_spending_rp_per_year"] == 0.0


def test_program_pauses_when_budget_is_spent_and_restarts_next_year():
    from sim import KADModel

    budget = 3e8
    m = KADModel(
        MOU,
        seed=1,
        days=500,
        scale=SCALE,
        overrides={"programs.logistics_subsidy.budget_rp_per_year": budget},
    )
    subsidy = m.programs["logistics_subsidy"]
    active, spent_by_year = [], {}
    while m.running:
        before = subsidy.spent_rp
        m.step()
        year = m.calendar.dates[m.day - 1].year
        active.append(subsidy.active(m.day - 1))
        spent_by_year[year] = spent_by_year.get(year, 0.0) + subsidy.spent_rp - before
    dates = m.calendar.dates
    realised = budget * SCALE * 0.85  # both funders realise 85%
    for year, spent in spent_by_year.items():
        assert spent <= realised * (1 + 1e-12), year
    assert spent_by_year[2025] > 0.99 * realised  # the year's money was used up ...
    off_2025 = [d for d, a in zip(dates, active, strict=False) if d.year == 2025 and not a]
    assert off_2025 and off_2025[-1].month == 12  # ... then the program paused to year end
    on_2026 = [d for d, a in zip(dates, active, strict=False) if d.year == 2026 and a]
    assert on_2026[0].isoformat() == "2026-01-01"  # and restarted with the new fiscal year
