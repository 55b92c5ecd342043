"""Who gains and who loses (issue 15): the incidence KPIs, incidence.csv and its identity, the
consumer surplus against its integral, and the share of farmers' gain taken from middlemen."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import integrate

from sim.brief.reader import INCIDENCE_COLUMNS
from sim.compare import incidence, transfer_share, transfer_share_ci
from sim.experiment import compare
from sim.kernels import layout as L
from sim.metrics import (
    INCIDENCE_GROUPS,
    NET_WELFARE,
    NET_WELFARE_TWO_REGIONS,
    OUTSIDE_GROUPS,
    PROGRAM_COST,
    TWO_REGION_GROUPS,
    compute_kpis,
    consumer_surplus_rp,
    other_origins_retail_margin_rp,
    other_origins_surplus_rp,
)
from sim.metrics import registry as R

from .conftest import BASELINE, MOU, run_kpis, run_model

SHORT = {"run.days": 60, "run.scale": 0.02}


def test_net_welfare_is_the_groups_less_the_program_cost():
    k = run_kpis(MOU, seed=3, days=90, scale=0.02)
    groups = sum(k[key] for key in INCIDENCE_GROUPS.values())
    cost = sum(k[key] for key in PROGRAM_COST.values())
    assert cost > 0.0
    assert k["program_cost_rp_per_year"] == pytest.approx(cost, rel=1e-12)
    assert k["program_cost_rp_per_year"] == pytest.approx(
        k["program_spending_rp_per_year"], rel=1e-9
    )
    assert k[NET_WELFARE] == pytest.approx(groups - cost, rel=1e-12)
    for key in (*INCIDENCE_GROUPS.values(), *PROGRAM_COST.values(), NET_WELFARE):
        assert R.get(key) is not None and R.get(key).period == "year", key


def test_incidence_csv_rows_sum_to_net(tmp_path):
    folder, _, ce = compare(BASELINE, MOU, 3, overrides=SHORT, workers=1, out=tmp_path / "c")
    table = pd.read_csv(folder / "incidence.csv")
    assert set(INCIDENCE_COLUMNS) <= set(table.columns)
    assert list(table["group"]) == [*TWO_REGION_GROUPS, *PROGRAM_COST, "net_two_regions",
                                    *OUTSIDE_GROUPS, "net"]  # fmt: skip
    by = table.set_index("group")["diff"]
    inside = table[table["boundary"] == "two_regions"]["diff"].sum()
    every = table[table["boundary"] != "total"]["diff"].sum()
    assert by["net_two_regions"] == pytest.approx(inside, rel=1e-9, abs=1e-3)
    assert by["net"] == pytest.approx(every, rel=1e-9, abs=1e-3)
    assert set(table[table["boundary"] == "outside"]["group"]) == set(OUTSIDE_GROUPS)
    # the program costs something, so the cost rows are losses
    assert (table.set_index("group").loc[list(PROGRAM_COST), "diff"] < 0).all()
    for group in table["group"]:
        assert R.group_label(group, "en") != group
    assert "farmers_gain_share_from_middlemen" in ce.columns
    assert {"transfer_share_ci_low", "transfer_share_ci_high"} <= set(ce.columns)
    assert {NET_WELFARE, NET_WELFARE_TWO_REGIONS} <= set(ce["kpi"])


def test_transfer_share_counts_what_middlemen_lose():
    seeds = pd.Series([1, 2])
    a = pd.DataFrame({"seed": seeds, INCIDENCE_GROUPS["farmers"]: [10.0, 10.0],
                      INCIDENCE_GROUPS["middlemen"]: [5.0, 5.0]})  # fmt: skip
    b = a.copy()
    b[INCIDENCE_GROUPS["farmers"]] += 4.0
    b[INCIDENCE_GROUPS["middlemen"]] -= 1.0
    assert transfer_share(a, b) == pytest.approx(0.25)
    assert math.isnan(transfer_share(b, a))  # farmers lose: no share to speak of


def test_transfer_share_has_a_bootstrap_interval_around_it():
    rng = np.random.default_rng(4)
    seeds = pd.Series(range(8))
    a = pd.DataFrame({"seed": seeds, INCIDENCE_GROUPS["farmers"]: 10.0,
                      INCIDENCE_GROUPS["middlemen"]: 5.0})  # fmt: skip
    b = a.copy()
    b[INCIDENCE_GROUPS["farmers"]] += 4.0 + rng.normal(0.0, 1.0, 8)
    b[INCIDENCE_GROUPS["middlemen"]] -= 1.0 + rng.normal(0.0, 0.5, 8)
    lo, hi = transfer_share_ci(a, b, seed=1)
    assert 0.0 <= lo < transfer_share(a, b) < hi <= 1.0
    assert transfer_share_ci(a, b, seed=1) == (lo, hi)  # reproducible
    assert all(math.isnan(x) for x in transfer_share_ci(b, a))


def test_incidence_refuses_unpaired_seeds():
    a = pd.DataFrame({"seed": [1, 2], **{k: [0.0, 0.0] for k in INCIDENCE_GROUPS.values()}})
    b = a.assign(seed=[2, 1])
    with pytest.raises(ValueError):
        incidence(a, b)


@pytest.mark.parametrize("elasticity", [-0.3668, -1.0, -2.5, 0.0])
@pytest.mark.parametrize("x", [0.6, 1.0, 1.3])
def test_consumer_surplus_is_the_area_under_the_demand_curve(elasticity, x):
    ref, markup, d0 = 25_000.0, 1.2, 1_000.0
    cpar = np.zeros(1, dtype=L.COMMODITY_PARAMS)
    cpar["wholesale_reference_price_rp_per_kg"] = ref
    cpar["retail_markup"] = markup
    cpar["demand_elasticity"] = elasticity
    cpar["demand_today_kg_per_day"] = d0
    daily = np.zeros((1, L.N_D))
    daily[0, L.D_PRICE] = x * ref
    r = ref * markup
    area, _ = integrate.quad(lambda p: d0 * (p / r) ** elasticity, x * r, r)
    assert consumer_surplus_rp(cpar, daily) == pytest.approx(area, rel=1e-9, abs=1e-6)


def test_rates_per_year_count_every_loss_and_waste_splits():
    """waste_t_per_year is every modelled loss (farm, breakage, transit, market) of the goods
    account per year; its Surabaya-bound part the losses after loading; rates are per year.
    Chili that keeps one day on a slow road with few trucks makes every kind of loss occur."""
    m = run_model(MOU, seed=2, days=120, scale=0.02, **{
        "run.warmup_days": 0, "commodities.chili.shelf_life_days": 1,
        "commodities.chili.truck_capacity_multiple": 0.5, "transport.road_quality": 0.2})  # fmt: skip
    k = compute_kpis(m)
    annual = 365.25 / 120
    g = m.goods / 1000.0 / m.scale * annual  # t per year, by commodity
    every = (L.G_LOST_FARM, L.G_LOST_BREAKAGE, L.G_LOST_TRANSIT, L.G_LOST_MARKET)
    bound_parts = (L.G_LOST_BREAKAGE, L.G_LOST_TRANSIT, L.G_LOST_MARKET)
    assert (g[:, every].sum(axis=0) > 0.0).all()
    assert k["waste_t_per_year"] == pytest.approx(g[:, every].sum(), rel=1e-9)
    assert k["waste_surabaya_bound_t_per_year"] == pytest.approx(g[:, bound_parts].sum(), rel=1e-9)
    for ci, c in enumerate(m.commodity_names):
        assert k[f"{c}_waste_t_per_year"] == pytest.approx(g[ci, every].sum(), rel=1e-9)
    visits = m.recorder.g["tourist_arrivals_blitar"].sum() * annual
    assert k["blitar_visits_per_year"] == pytest.approx(visits, rel=1e-12)
    for rate in ("waste_t_per_year", "blitar_visits_per_year", "eggs_production_t_per_year"):
        assert R.get(rate) is not None and R.get(rate).period == "year"
    bound = k["waste_surabaya_bound_t_per_year"]
    assert 0.0 < bound <= k["waste_t_per_year"]
    parts = sum(k[f"{c}_waste_surabaya_bound_t_per_year"] for c in ("eggs", "chili"))
    assert parts == pytest.approx(bound, rel=1e-9)


def _market(x, demand_e, supply_e, d0=1_000.0, s0=600.0, ref=25_000.0, markup=1.2):
    """A one-commodity market cleared at relative price ``x`` on the model's curves: Surabaya
    buys ``d0 x**demand_e``, the other origins sell ``s0 x**supply_e``, Blitar the rest."""
    cpar = np.zeros(1, dtype=L.COMMODITY_PARAMS)
    cpar["wholesale_reference_price_rp_per_kg"] = ref
    cpar["retail_markup"] = markup
    cpar["demand_elasticity"] = demand_e
    cpar["demand_today_kg_per_day"] = d0
    cpar["other_supply_elasticity"] = supply_e
    cpar["other_supply_kg_per_day"] = s0
    daily = np.zeros((1, L.N_D))
    daily[0, L.D_PRICE] = x * ref
    daily[0, L.D_RETAIL] = x * ref * markup
    daily[0, L.D_DEMAND] = d0 * x**demand_e
    daily[0, L.D_SOLD] = d0 * x**demand_e - s0 * x**supply_e  # Blitar's sales
    return cpar, daily


def _market_welfare(cpar, daily) -> float:
    """Consumers' and other origins' surplus, retailers' markup on all goods and Blitar's
    sellers' wholesale receipts, Rp/day (what the incidence table adds up at the market)."""
    blitar = daily[0, L.D_SOLD]
    return (
        consumer_surplus_rp(cpar, daily)
        + other_origins_surplus_rp(cpar, daily)
        + other_origins_retail_margin_rp(daily)
        + blitar * (daily[0, L.D_RETAIL] - daily[0, L.D_PRICE])
        + blitar * daily[0, L.D_PRICE]
    )


@pytest.mark.parametrize("elasticity", [0.0, 0.4, 0.6, 1.5])
@pytest.mark.parametrize("x", [0.6, 1.0, 1.3])
def test_other_origins_surplus_is_the_area_left_of_their_supply_curve(elasticity, x):
    cpar, daily = _market(x, -0.5, elasticity)
    ref, s0 = 25_000.0, 600.0
    area, _ = integrate.quad(lambda p: s0 * (p / ref) ** elasticity, ref, x * ref)
    assert other_origins_surplus_rp(cpar, daily) == pytest.approx(area, rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("x", [0.7, 0.95, 1.2])
def test_a_price_change_is_a_pure_transfer_when_nothing_responds(x):
    """Inelastic demand and other supply, Blitar's quantity fixed: a lower price moves money
    from Blitar's sellers to consumers, other origins lose their quantity x the fall, and the
    market's welfare is unchanged to rounding (a subsidy that only moves the price is worth
    exactly its cost less nothing: net welfare = -cost)."""
    before = _market_welfare(*_market(1.0, 0.0, 0.0))
    after = _market_welfare(*_market(x, 0.0, 0.0))
    assert after - before == pytest.approx(0.0, abs=1e-6 * before)
    cpar, daily = _market(x, 0.0, 0.0)
    assert other_origins_surplus_rp(cpar, daily) == pytest.approx(600.0 * 25_000.0 * (x - 1.0))


def test_the_market_welfare_change_goes_to_zero_with_the_elasticities():
    """As demand and the other origins' supply become inelastic, what a 10% price fall changes
    at the market (beyond transfers) shrinks continuously to nothing."""
    base = [_market_welfare(*_market(1.0, -e, e)) for e in (0.6, 0.1, 1e-2, 1e-4)]
    moved = [_market_welfare(*_market(0.9, -e, e)) for e in (0.6, 0.1, 1e-2, 1e-4)]
    change = [abs(m - b) / b for m, b in zip(moved, base, strict=True)]
    assert all(a > b for a, b in zip(change, change[1:], strict=False))
    assert change[-1] < 1e-3 * change[0]  # linear in the elasticity


def test_tourism_counts_value_added_with_the_taxes_once():
    """With every rupiah of spending value added, tourism's group is exactly the businesses'
    receipts net of the taxes (which the governments count); below that it loses the inputs'
    share of the spending, in proportion. Gross spending is never welfare."""
    from .conftest import SCENARIOS, run_model

    def run(share):
        m = run_model(SCENARIOS / "promotion.toml", seed=2, days=60, scale=0.02,
                      **{"tourism.value_added_share": share})  # fmt: skip
        g = m.recorder.g
        return np.nansum(g["tourism_value_added_rp"]), np.nansum(g["tourism_business_income_rp"])

    (va1, receipts1), (va0, receipts0), (va4, _) = run(1.0), run(0.0), run(0.4)
    assert receipts0 == receipts1 > 0.0  # the share changes the accounting, not the run
    assert va1 == pytest.approx(receipts1, rel=1e-12)
    assert va0 < 0.0 < va4 < va1  # at share 0 only the taxes' negative remains
    assert va4 == pytest.approx(0.4 * va1 + 0.6 * va0, rel=1e-12)
