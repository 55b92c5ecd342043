"""Stock-flow consistency (goods and money) holds every day, and the check can fail."""

import numpy as np
import pytest

from sim import KADModel
from sim.kernels.accounting import VERIFY_DAYS
from sim.metrics import StockFlowError

from .conftest import BASELINE, MOU, run_model

TOL = 1e-9

SHOCKS = {
    "avian_flu": {"commodities.eggs.shock_probability_per_day": 0.01},
    "fuel_price": {"transport.fuel_price_index": 1.5},
    "road_closure": {"transport.road_quality": 0.2},
    "lebaran_spike": {"commodities.eggs.lebaran_demand_multiplier": 3.0},
    "demand_collapse": {"commodities.chili.demand_shock_multiplier": 0.2},
    "budget_runs_out": {"programs.logistics_subsidy.budget_rp_per_year": 1e8},
    "all_programs": {
        "programs.information_system.enabled": True,
        "programs.information_system.budget_rp_per_year": 1e9,
        "programs.information_system.operating_cost_rp_per_year": 5e8,
        "programs.road.enabled": True,
        "programs.road.budget_rp_per_year": 1e11,
        "programs.road.investment_rp": 2e10,
    },
}


@pytest.mark.parametrize("scenario", [BASELINE, MOU], ids=["baseline", "mou"])
def test_every_day_consistent(scenario):
    m = run_model(scenario, days=400, scale=0.05)  # crosses a fiscal year
    goods = m.recorder.g["goods_rel_error"]
    money = m.recorder.g["money_rel_error"]
    assert np.all(np.isfinite(goods)) and np.all(np.isfinite(money))
    assert goods.max() < TOL and money.max() < TOL


@pytest.mark.parametrize("shock", list(SHOCKS), ids=list(SHOCKS))
def test_consistent_under_shocks(shock):
    m = run_model(MOU, days=200, scale=0.05, **SHOCKS[shock])
    assert max(m.recorder.g["goods_rel_error"].max(), m.recorder.g["money_rel_error"].max()) < TOL


def test_goods_leak_is_caught():
    """Eggs that appear from nowhere on a farm stop the run by the day that farm's row is read
    in full (a seventh of the rows a day, in turn)."""
    m = KADModel(BASELINE, seed=1, days=20, scale=0.02)
    for _ in range(5):
        m.step()
    m.farmers.stock[0, 0] += 1000.0  # eggs appear from nowhere
    with pytest.raises(StockFlowError, match="goods"):
        for _ in range(VERIFY_DAYS):
            m.step()


def _block_start(m, days_ahead: int) -> int:
    """The first farmer of the block of rows read in full ``days_ahead`` days from now (the
    trade sector has counted stocks once a day since day 0)."""
    n = len(m.farmers)
    return (m.day + days_ahead) % VERIFY_DAYS * n // VERIFY_DAYS


def _invisible_bucket(m, i: int) -> int:
    """A bucket of farmer i that the kernels do not see and that today's production and
    spoilage leave alone."""
    held = int(m.trade._held[i])
    today, n_b = m.day % m.farmers.stock.shape[1], m.farmers.stock.shape[1]
    spoil = (m.day - int(m.trade.cpar[m.farmers.comm[i]]["shelf_life_days"])) % n_b
    return next(b for b in range(n_b) if not held >> b & 1 and b not in (today, spoil))


@pytest.mark.parametrize("days_ahead", [0, 3])
def test_a_leak_is_caught_the_day_its_row_is_read(days_ahead):
    """Goods the kernels cannot see stop the run exactly on the day the block of rows holding
    them is read in full, not before (nothing else sees them)."""
    m = KADModel(BASELINE, seed=1, days=30, scale=0.02)
    for _ in range(8):
        m.step()
    for _ in range(3):  # a tool inspecting the stocks does not move the rotation (keyed on t)
        m.trade.count_stocks(m.day - 1)
    i = _block_start(m, days_ahead)
    m.farmers.stock[i, _invisible_bucket(m, i)] += 1000.0
    for _ in range(days_ahead):
        m.step()  # other blocks: the leak is not seen yet
    with pytest.raises(StockFlowError, match="goods"):
        m.step()


def test_goods_in_a_bucket_marked_empty_stop_the_run_when_production_reaches_it():
    """A few grams in a bucket marked empty, below the balance's tolerance, would join the
    kernels' count with the day's output when the ring brings production to that bucket (and
    then match any later reading of the row): production stops the run instead, that day."""
    m = KADModel(BASELINE, seed=1, days=30, scale=0.02)
    for _ in range(8):
        m.step()
    i = _block_start(m, 3)  # its row is not read tomorrow
    today = m.day % m.farmers.stock.shape[1]  # tomorrow's production bucket
    assert not int(m.trade._held[i]) >> today & 1
    m.farmers.stock[i, today] += 1e-5
    with pytest.raises(StockFlowError, match="nan"):
        m.step()


def test_a_leak_on_the_last_day_is_caught():
    """On the run's last day every farm's row is read, whichever block is due."""
    m = KADModel(BASELINE, seed=1, days=12, scale=0.02)
    while m.day < m.days - 1:
        m.step()
    i = _block_start(m, 3)  # not the block due today
    m.farmers.stock[i, _invisible_bucket(m, i)] += 1000.0
    with pytest.raises(StockFlowError, match="goods"):
        m.step()


def test_money_leak_is_caught():
    m = KADModel(BASELINE, seed=1, days=20, scale=0.02)
    for _ in range(5):
        m.step()
    m.traders.cash[0] += 1e6  # a payment nobody made
    with pytest.raises(StockFlowError, match="money"):
        m.step()


@pytest.mark.parametrize("owner, name", [("trade", "retail_cash"), ("farmers", "cash")])
def test_an_account_replaced_mid_run_is_read(owner, name):
    """An account replaced by a copy (not filled in place) mid-run: the kernels go on writing
    the old array, the recorder reads the new one (packed again), and the money no longer
    adds up that day: the run stops, as when every account was read afresh each day."""
    m = KADModel(BASELINE, seed=1, days=20, scale=0.01)
    for _ in range(5):
        m.step()
    holder = getattr(m, owner)
    setattr(holder, name, getattr(holder, name).copy())
    with pytest.raises(StockFlowError, match="money"):
        m.step()


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda m: m.umkm.cash.__setitem__(0, np.nan),
        lambda m: m.farmers.stock.__setitem__((0, 0), np.nan),
    ],
    ids=["money", "goods"],
)
def test_nan_account_is_caught(corrupt):
    """A NaN in an account is a broken account, not a pass (NaN compares false with the
    tolerance)."""
    m = KADModel(BASELINE, seed=1, days=20, scale=0.02)
    for _ in range(5):
        m.step()
    corrupt(m)
    with pytest.raises(StockFlowError, match="nan"):  # a farm's row is read within a week
        for _ in range(VERIFY_DAYS):
            m.step()


def test_losses_are_accounted_not_hidden():
    """A road closure and a demand collapse make real waste, and the books still balance."""
    m = run_model(MOU, days=200, scale=0.05, **SHOCKS["road_closure"], **SHOCKS["demand_collapse"])
    assert m.recorder.c["waste_t"].sum() > 0.0
    assert m.recorder.g["goods_rel_error"].max() < TOL


def test_the_recorders_count_is_the_sectors_count():
    """The goods held that the recorder's kernel counts in its own call (the fast engine) are
    bit for bit what the sector's own count gives on the same day (the same farm rows read in
    full), every day and on the last day (every row)."""
    m = KADModel(BASELINE, seed=4, days=12, scale=0.02)
    assert m.trade.stock_count() is not None
    while m.running:
        m.step()
        counted = m.trade.stocks.copy()
        t = m.day - 1
        m.trade.stocks[:] = np.nan  # recounted below, or the comparison fails
        m.trade.count_stocks(t, every_row=t + 1 >= m.days)
        assert m.trade.stocks.tobytes() == counted.tobytes(), t
    assert m.recorder._blocks == m.trade.stock_count().blocks


def test_a_sector_counting_its_own_way_is_asked_every_day():
    """A trade sector that overrides count_stocks (as the object-per-agent twin does) is
    counted by its own method each day, with the rotation's day and the last day's every_row,
    and the recorder's kernel counts nothing itself."""
    m = KADModel(BASELINE, seed=4, days=6, scale=0.02)
    calls = []

    class Counting(type(m.trade)):
        def count_stocks(self, t, every_row=False):
            calls.append((t, every_row))
            super().count_stocks(t, every_row)

    m.trade.__class__ = Counting
    assert m.trade.stock_count() is None
    while m.running:
        m.step()
    assert calls == [(t, t == m.days - 1) for t in range(m.days)]
    assert m.recorder._blocks is None
