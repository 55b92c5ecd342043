"""The masks of the farmers' non-empty stock buckets, carried from day to day.

The farm kernel reads which buckets hold goods from ``held`` (yesterday's purchase left it)
instead of scanning each row; these tests hold the carried masks to a scan of the stock after
every day, with the direct channel buying (the purchase's first stage) and without.
"""

import numpy as np
import pytest

from sim import KADModel
from sim.kernels import layout as L
from sim.kernels.farm import _bucket_masks

from .conftest import BASELINE, MOU


@pytest.mark.parametrize("scenario", [BASELINE, MOU], ids=["baseline", "mou"])
def test_carried_masks_are_those_of_the_stock_every_day(scenario):
    """Middlemen's trucks too small for their farmers' output (0.8 x), so that goods stay on
    the farms, age and spoil."""
    ov = {f"commodities.{c}.truck_capacity_multiple": 0.8 for c in ("eggs", "chili")}
    model = KADModel(scenario, seed=4, days=150, scale=0.05, overrides=ov)
    trade = model.trade
    scan = np.empty_like(trade._held)
    days_with_stock = 0
    while model.running:
        model.step()
        _bucket_masks(trade.farmers.stock, scan)
        assert np.array_equal(trade._held, scan), f"day {model.day - 1}"
        days_with_stock += bool((trade._held != 0).any())
    assert days_with_stock > 100  # the farms held goods: the check was not vacuous
    assert trade.goods[:, L.G_LOST_FARM].sum() > 0.0  # and goods spoiled on the farms
    if scenario is MOU:
        assert trade.farmers.channel.any()  # enrolled farmers sold through the direct channel


def test_a_mask_drops_a_bucket_the_purchase_empties():
    """A farmer whose whole stock is bought (ratio 1) has no bucket left."""
    from sim.kernels.trade import _sell

    stock = np.array([[0.0, 3.0, 0.0, 2.0]])
    bought = np.zeros((1, 4))
    kg, left, still = _sell(stock, 0, 0b1010, 1.0, bought, 0)
    assert (kg, left, still) == (5.0, 0.0, 0)
    stock[0] = [0.0, 3.0, 0.0, 2.0]
    kg, left, still = _sell(stock, 0, 0b1010, 0.5, bought, 0)
    assert (kg, left, still) == (2.5, 2.5, 0b1010)


def test_a_wrong_mask_stops_the_run_at_the_stock_flow_check():
    """Goods in a bucket whose mask bit is clear would neither sell nor spoil: the check's
    farm total reads every row and compares its mask, so a wrong mask stops the run."""
    from sim.metrics import StockFlowError

    ov = {f"commodities.{c}.truck_capacity_multiple": 0.8 for c in ("eggs", "chili")}
    model = KADModel(BASELINE, seed=4, days=40, scale=0.05, overrides=ov)
    for _ in range(10):
        model.step()
    i = int(np.flatnonzero(model.trade._held)[0])
    model.trade._held[i] = 0  # a stand-in for a kernel that forgot to keep a mask
    with pytest.raises(StockFlowError, match="goods"):
        model.step()
