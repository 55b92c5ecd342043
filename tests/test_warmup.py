"""The warm-up (issue 15): run.warmup_days simulates days before run.start_date and leaves
them out of the KPIs and series, which then equal a run's reported tail."""

import datetime as dt

import pytest

from sim.calendar import DAYS_PER_YEAR
from sim.metrics import compute_kpis

from .conftest import MOU, run_model

START = dt.date(2025, 3, 1)
WARMUP, DAYS = 30, 60


@pytest.fixture(scope="module")
def pair():
    warm = run_model(MOU, seed=4, days=DAYS, scale=0.02, **{
        "run.warmup_days": WARMUP, "run.start_date": START.isoformat()})  # fmt: skip
    whole = run_model(MOU, seed=4, days=WARMUP + DAYS, scale=0.02, **{
        "run.warmup_days": 0,
        "run.start_date": (START - dt.timedelta(WARMUP)).isoformat()})  # fmt: skip
    return warm, whole


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
    expect = g["program_spending_rp"][WARMUP:].sum() * annual
    assert k["program_spending_rp_per_year"] == pytest.approx(expect, rel=1e-12)
    assert k["program_spending_rp_per_year"] != pytest.approx(
        g["program_spending_rp"].sum() * DAYS_PER_YEAR / (WARMUP + DAYS), rel=1e-6
    )
    # farmers' cumulative revenue and cost count from the end of the warm-up
    farm = g["farmer_net_income_rp"][WARMUP:].sum() * annual
    assert k["farmers_income_rp_per_year"] == pytest.approx(farm, rel=1e-9)
    c = whole.recorder.c["retail_price_rp_per_kg"][WARMUP:, whole.main]
    assert k["surabaya_retail_price_rp_per_kg"] == pytest.approx(c.mean(), rel=1e-12)
