"""The warm-up (issue 15): run.warmup_days simulates days before run.start_date and leaves
them out of the KPIs and series. No program runs and no budget is spent during the warm-up:
the first reported day opens the first fiscal year, as day 0 of a run without a warm-up does."""

import datetime as dt

import numpy as np
import pytest

from sim.calendar import DAYS_PER_YEAR
from sim.config import load_scenario
from sim.kernels import layout as L
from sim.metrics import compute_kpis

from .conftest import BASELINE, MOU, SCENARIOS, run_model

START = dt.date(2025, 3, 1)
WARMUP, DAYS = 30, 60
# the series that hold the money account's rounding error, which differs when the same
# budget is appropriated on another day
ACCOUNTING = ["goods_rel_error", "money_rel_error"]


def _pair(scenario, **whole_overrides):
    warm = run_model(scenario, seed=4, days=DAYS, scale=0.02, **{
        "run.warmup_days": WARMUP, "run.start_date": START.isoformat()})  # fmt: skip
    whole = run_model(scenario, seed=4, days=WARMUP + DAYS, scale=0.02, **{
        "run.warmup_days": 0,
        "run.start_date": (START - dt.timedelta(WARMUP)).isoformat(), **whole_overrides})  # fmt: skip
    return warm, whole


@pytest.fixture(scope="module")
def pair():
    return _pair(BASELINE)


def test_series_are_the_reported_tail_of_the_same_run(pair):
    warm, whole = pair
    a, b = warm.recorder.to_frame(), whole.recorder.to_frame()
    assert len(a) == DAYS and a["date"].iloc[0].date() == START
    tail = b.iloc[WARMUP:].reset_index(drop=True)
    assert a.equals(tail)


def test_kpis_leave_the_warmup_out(pair):
    warm, whole = pair
    k = compute_kpis(warm)
    assert k["days"] == DAYS
    g = whole.recorder.g
    annual = DAYS_PER_YEAR / DAYS
    # farmers' cumulative revenue and cost count from the end of the warm-up
    farm = g["farmer_net_income_rp"][WARMUP:].sum() * annual
    assert k["farmers_income_rp_per_year"] == pytest.approx(farm, rel=1e-9)
    assert k["farmers_income_rp_per_year"] != pytest.approx(
        g["farmer_net_income_rp"].sum() * DAYS_PER_YEAR / (WARMUP + DAYS), rel=1e-6
    )
    c = whole.recorder.c["retail_price_rp_per_kg"][WARMUP:, whole.main]
    assert k["surabaya_retail_price_rp_per_kg"] == pytest.approx(c.mean(), rel=1e-12)


def test_programs_start_with_the_reported_period():
    """The MoU's programs (started in 2021) run from the first reported day: the warm run is
    the tail of a run whose programs start on that day, and nothing is spent before it."""
    programs = ("direct_channel", "logistics_subsidy", "training", "market_access", "promotion")
    m = run_model(MOU, seed=4, days=1, scale=0.02)
    delay = max(m.surabaya.startup_delay_days, m.blitar.startup_delay_days)
    begin = (START - dt.timedelta(delay)).isoformat()
    warm, whole = _pair(MOU, **{f"programs.{p}.start_date": begin for p in programs})
    assert warm.recorder.g["program_spending_rp"][:WARMUP].sum() == 0.0
    assert warm.recorder.g["program_spending_rp"][WARMUP:].sum() > 0.0
    a = warm.recorder.to_frame().drop(columns=ACCOUNTING)
    b = whole.recorder.to_frame().drop(columns=ACCOUNTING).iloc[WARMUP:].reset_index(drop=True)
    assert a.equals(b)


@pytest.mark.parametrize("start, fiscal_years", [("2025-01-01", 1), ("2025-03-01", 2)])
def test_reported_budget_does_not_depend_on_the_warmup(start, fiscal_years):
    """A subsidy whose budget runs out within days spends, in the reported year, exactly the
    realised budget of each fiscal year the year touches (one from 1 January, two from
    1 March), whatever the warm-up's length; the warm-up spends and appropriates nothing."""
    for warmup in (0, 45, 90):
        m = run_model(SCENARIOS / "logistics_subsidy.toml", seed=2, days=365, scale=0.02, **{
            "run.warmup_days": warmup, "run.start_date": start,
            "programs.logistics_subsidy.budget_rp_per_year": 2e8})  # fmt: skip
        prog = m.programs["logistics_subsidy"]
        g = m.recorder.g["program_spending_rp"]
        assert g[:warmup].sum() == 0.0
        expect = fiscal_years * prog.realised_rp_per_year / m.scale
        assert g[warmup:].sum() == pytest.approx(expect, rel=1e-9), warmup
        assert m.flows[L.F_APPROPRIATION_IN] == pytest.approx(
            fiscal_years * prog.realised_rp_per_year, rel=1e-12
        )


def _first_days_umkm_revenue(warmup: int, days: int = 3) -> float:
    """Blitar UMKM revenue over the first reported days, mean over 5 seeds (scale 0.03)."""
    runs = [run_model(BASELINE, seed=s, days=days, scale=0.03, **{"run.warmup_days": warmup})
            for s in range(1, 6)]  # fmt: skip
    return float(np.mean([m.recorder.g["umkm_revenue_blitar_rp"][warmup:].mean() for m in runs]))


def test_the_start_up_transient_has_settled_by_the_default_warmups_end():
    """The first reported days after the default warm-up look like days after a year's
    warm-up; without a warm-up they carry the start-up transient (benchmarks/
    warmup_transient.py measures it for prices and flocks too)."""
    default = load_scenario(BASELINE).params["run"]["warmup_days"]
    assert default >= 30
    settled = _first_days_umkm_revenue(365)
    assert abs(_first_days_umkm_revenue(default) / settled - 1.0) < 0.006
    assert abs(_first_days_umkm_revenue(0) / settled - 1.0) > 0.01
