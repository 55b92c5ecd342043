"""The pipeline primed at set-up (``TradeSector._prime_pipeline``): each middleman's load on the
road and the accounts it feeds are, bit for bit, the per-middleman rule summed in the
middlemen's order (as the loop the sector ran before computed them)."""

import math

import numpy as np
import pytest

from sim import KADModel
from sim.kernels import layout as L

from .conftest import BASELINE, MOU, ROOT

THREE = ROOT / "scenarios" / "three_commodities.toml"  # three commodities


def _loop(trade):
    """The former per-middleman loop, on fresh accounts."""
    tr, f = trade.traders, trade.farmers
    freight = trade.model.params["transport"]["freight_rp_per_kg"]
    supply = np.bincount(f.trader, weights=f.cap0, minlength=len(tr))
    n_c = len(trade.cpar)
    loads, produced, ref = np.zeros(len(tr)), np.zeros(n_c), np.zeros(n_c)
    for j in np.flatnonzero(tr.is_direct == 0):
        c = tr.comm[j]
        row = trade.cpar[c]
        pref = row["wholesale_reference_price_rp_per_kg"]
        netback = pref * (1 - row["breakage_rate"]) * (1 - row["market_fee_share"]) - freight
        x = (
            row["surabaya_share_at_parity_logit"]
            + row["ship_sensitivity"]
            * (netback - trade.commodity_params[c]["elsewhere_price_rp_per_kg"])
            / pref
        )
        load = supply[j] / (1.0 + math.exp(min(-x, 700.0)))
        loads[j] = load
        produced[c] += load
        ref[c] += supply[j] - load
    return loads, produced, ref


@pytest.mark.parametrize(
    ("path", "seed", "scale"),
    [(BASELINE, 1, 0.1), (BASELINE, 7, 0.5), (MOU, 2, 0.05), (THREE, 4, 0.05)],
)
def test_the_primed_loads_and_accounts_are_the_per_middleman_rule(path, seed, scale):
    m = KADModel(path, seed=seed, days=5, scale=scale)
    trade = m.trade
    loads, produced, ref = _loop(trade)
    yesterday = (-1) % trade.n_buckets
    on_road = trade.traders.transit[:, 0, yesterday]
    assert on_road.tobytes() == loads.tobytes()
    assert trade.goods[:, L.G_PRODUCED].tobytes() == produced.tobytes()
    assert trade.else_ref_kg.tobytes() == ref.tobytes()
    assert trade.else_avg_kg.tobytes() == ref.tobytes()
    assert (loads[trade.traders.is_direct == 0] > 0.0).all()
