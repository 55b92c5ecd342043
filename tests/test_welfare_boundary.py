"""The welfare boundary of the incidence table (issue 15, second-round referee point 3): the
other markets' buyers' surplus against the integral of their demand curve, a pure price
transfer between Blitar's sellers and those buyers netting to zero, and the two net-welfare
aggregates (all modelled parties; the two regions' residents) as sums of their groups."""

from types import SimpleNamespace

import numpy as np
import pytest
from scipy import integrate

from sim.metrics import (
    INCIDENCE_GROUPS,
    NET_WELFARE,
    NET_WELFARE_TWO_REGIONS,
    OUTSIDE_GROUPS,
    PROGRAM_COST,
    TWO_REGION_GROUPS,
    other_markets_buyers_surplus_rp,
)
from sim.metrics import registry as R

from .conftest import MOU, SCENARIOS, run_kpis, run_model

PROMOTION = SCENARIOS / "promotion.toml"


def _trade(flex: float, x: float, p0: float = 3_000.0, ref: float = 5_000.0):
    """A one-commodity stand-in for the trade sector: Blitar sells ``x`` times its reference
    volume ``ref`` (kg/day) in other markets, whose price at the reference volume is ``p0``
    (Rp/kg); today's price is ``p0 * x**flex``, as ``TradeSector._set_market_levers`` sets it."""
    cpar = np.zeros(1, dtype=[("elsewhere_price_today_rp_per_kg", np.float64)])
    cpar["elsewhere_price_today_rp_per_kg"] = p0 * x**flex
    return SimpleNamespace(
        commodity_params=[{"elsewhere_price_flexibility": flex}],
        else_ref_kg=np.array([ref]),
        else_avg_kg=np.array([x * ref]),
        cpar=cpar,
    )


@pytest.mark.parametrize("flex", [-0.3, -1.0, -1.6])
@pytest.mark.parametrize("x", [0.6, 1.0, 1.3])
def test_other_markets_buyers_surplus_is_the_area_under_their_demand_curve(flex, x):
    p0, ref = 3_000.0, 5_000.0
    price = p0 * x**flex
    area, _ = integrate.quad(lambda p: ref * (p / p0) ** (1.0 / flex), price, p0)
    got = other_markets_buyers_surplus_rp(_trade(flex, x, p0, ref))
    assert got == pytest.approx(area, rel=1e-9, abs=1e-6)
    assert np.sign(got) == np.sign(x - 1.0)  # more volume there: a lower price, buyers gain


def test_other_markets_buyers_surplus_vanishes_with_the_flexibility():
    """Continuity: as the other markets' price stops responding, so does their surplus."""
    values = [abs(other_markets_buyers_surplus_rp(_trade(f, 0.7))) for f in (-1.0, -0.1, -1e-3)]
    assert values[0] > values[1] > values[2] > 0.0
    assert values[2] < 1e-2 * values[0]
    assert other_markets_buyers_surplus_rp(_trade(0.0, 0.7)) == 0.0


@pytest.mark.parametrize("flex", [-0.3, -1.0, -1.6])
def test_a_pure_price_transfer_to_other_markets_nets_to_zero(flex):
    """Blitar's output fixed, a share d of what it sold in other markets moved to a market
    whose price does not change (P0). The buyers' loss and the sellers' gain on the units
    still sold there are one transfer; what remains of the all-parties total is the buyers'
    lost value of the moved units less what they fetch elsewhere, the triangle
    -integral_{q1}^{q0} (P(s) - P0) ds: second order, so its ratio to the transfer vanishes
    with d."""
    p0, ref = 3_000.0, 5_000.0
    ratios = []
    for d in (1e-2, 1e-3):
        x1 = 1.0 - d
        buyers = other_markets_buyers_surplus_rp(_trade(flex, x1, p0, ref))
        sellers_there = p0 * x1**flex * x1 * ref - p0 * ref
        sellers_moved = d * ref * p0
        net = buyers + sellers_there + sellers_moved
        triangle, _ = integrate.quad(lambda s: p0 * (s / ref) ** flex - p0, x1 * ref, ref)
        assert net == pytest.approx(-triangle, rel=1e-6)
        transfer = x1 * ref * (p0 * x1**flex - p0)
        ratios.append(abs(net) / abs(transfer))
    assert ratios[0] < 1e-2 and ratios[1] < ratios[0] / 5.0


def _welfare_identities(k: dict) -> None:
    cost = sum(k[key] for key in PROGRAM_COST.values())
    every = sum(k[key] for key in INCIDENCE_GROUPS.values())
    inside = sum(k[key] for key in TWO_REGION_GROUPS.values())
    outside = sum(k[INCIDENCE_GROUPS[g]] for g in OUTSIDE_GROUPS)
    assert k[NET_WELFARE] == pytest.approx(every - cost, rel=1e-12, abs=1e-3)
    assert k[NET_WELFARE_TWO_REGIONS] == pytest.approx(inside - cost, rel=1e-12, abs=1e-3)
    assert k[NET_WELFARE] - k[NET_WELFARE_TWO_REGIONS] == pytest.approx(outside, rel=1e-9, abs=1)


def test_the_two_aggregates_are_their_groups_less_the_program_cost():
    k = run_kpis(MOU, seed=3, days=90, scale=0.02)
    _welfare_identities(k)
    assert set(OUTSIDE_GROUPS) < set(INCIDENCE_GROUPS)
    assert not set(OUTSIDE_GROUPS) & set(TWO_REGION_GROUPS)  # nothing counted twice
    for key in (*INCIDENCE_GROUPS.values(), NET_WELFARE_TWO_REGIONS):
        assert R.get(key) is not None and R.get(key).period == "year", key
    for group in (*INCIDENCE_GROUPS, "net_two_regions"):
        assert R.group_label(group, "id") != group and R.group_label(group, "en") != group


def test_visitors_gain_the_package_discounts_the_promotion_pays():
    k = run_kpis(PROMOTION, seed=2, days=90, scale=0.02, **{
        "programs.promotion.package_uptake": 0.3})  # fmt: skip
    _welfare_identities(k)
    cost = 100_000.0  # package_cost_rp_per_visitor's default
    assert k["packages_used_per_year"] > 0.0
    assert k["visitors_package_discount_rp_per_year"] == pytest.approx(
        k["packages_used_per_year"] * cost, rel=1e-12
    )


def test_other_markets_buyers_surplus_is_recorded_daily_and_off_without_flexibility():
    m = run_model(MOU, seed=1, days=90, scale=0.02)
    series = m.recorder.g["other_markets_buyers_surplus_rp"]
    assert np.any(series != 0.0)
    flat = {f"commodities.{c}.elsewhere_price_flexibility": 0.0 for c in ("eggs", "chili")}
    k = run_kpis(MOU, seed=1, days=90, scale=0.02, **flat)
    assert k["other_markets_buyers_surplus_rp_per_year"] == 0.0


def test_the_brief_names_both_aggregates_and_their_difference():
    from sim.brief.prose import _headline_groups
    from sim.brief.sections import boundary_sentence

    def row(kpi, diff, verdict):
        return {"kpi": kpi, "diff": diff, "verdict": verdict}

    rows = [row("farmers_income_rp_per_year", 5e9, 1), row(NET_WELFARE, -2e9, -1),
            row(NET_WELFARE_TWO_REGIONS, 4.8e10, 1)]  # fmt: skip
    head, _ = _headline_groups(rows)
    assert [r["kpi"] for r in head[:2]] == [NET_WELFARE_TWO_REGIONS, NET_WELFARE]
    study = SimpleNamespace(days=365)
    for lang in ("id", "en"):
        text = boundary_sentence(study, rows, lang)
        assert "48" in text and "50" in text, text  # +48 bn, and the -50 bn between the two
    assert boundary_sentence(study, rows[:2], "en") == ""
