"""The trade sector's day in one kernel (sim.kernels.trade_day) against the nine bound kernels
it replaces, called one by one in the sector's order: the same arrays, bit for bit."""

import copy

import numpy as np
import pytest

from sim import KADModel
from sim.kernels import farm as KF
from sim.kernels import layout as L
from sim.kernels import market as KM
from sim.kernels import trade as KT
from sim.kernels.trade_day import bind_trade_day

from .conftest import MOU

ARRAYS = ("z_farm", "u_shock", "z_trader", "u_review", "goods", "flows", "daily", "offer_kg",
          "held", "p_hist", "fg_direct", "retail_cash")  # fmt: skip


def _state(trade) -> dict:
    """A deep copy of everything the day's kernels read or write."""
    s = {
        "farmers": copy.deepcopy(trade.farmers),
        "traders": copy.deepcopy(trade.traders),
        "direct_idx": trade.direct_idx.copy(),
        "cpar": trade.cpar.copy(),
    }
    for name in ARRAYS:
        s[name] = getattr(trade, name if hasattr(trade, name) else "_" + name).copy()
    return s


def _nine(s):
    """The nine bound kernels, as the sector called them before they were fused."""
    f, tr = s["farmers"], s["traders"]
    goods, flows, day = s["goods"], s["flows"], s["daily"]
    spoil_traders = KT.bind_spoil_traders(tr, goods)
    produce = KF.bind_spoil_and_produce(
        f, s["z_farm"], s["u_shock"], goods, flows, s["offer_kg"], s["held"]
    )
    prices = KT.bind_trader_prices(tr, s["p_hist"], s["z_trader"], s["fg_direct"], day)
    choose = KF.bind_choose_channels(f, tr, s["fg_direct"], s["u_review"], day)
    purchase = KT.bind_purchase(f, tr, s["direct_idx"], day, s["offer_kg"], s["held"])
    ship = KT.bind_ship(tr, goods, flows, day)
    arrive = KT.bind_arrive(tr)
    clear = KM.bind_clear_markets(tr, s["retail_cash"], s["p_hist"], goods, flows, day)
    adjust = KF.bind_adjust_capacity(f)

    def run(t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys, sys_active,
            bargain, cpar):  # fmt: skip
        spoil_traders(t, cpar)
        produce(t, doy, cpar)
        prices(t, lag_base, noise_base, lag_sys, noise_sys, sys_active, bargain, cpar)
        choose(t, cpar)
        purchase(cpar)
        ship(t, transit_days, cpar)
        arrive(t)
        clear(t, cpar)
        adjust(t, cpar)

    return run


def _fused(s):
    return bind_trade_day(
        s["farmers"], s["traders"], s["direct_idx"], s["z_farm"], s["u_shock"], s["z_trader"],
        s["u_review"], s["goods"], s["flows"], s["daily"], s["offer_kg"], s["held"],
        s["p_hist"], s["fg_direct"], s["retail_cash"],
    )  # fmt: skip


def _columns(s) -> dict:
    """Every array of a state, by name, the populations' columns included."""
    out = {k: v for k, v in s.items() if isinstance(v, np.ndarray)}
    for who in ("farmers", "traders"):
        for name, value in vars(s[who]).items():
            if isinstance(value, np.ndarray):
                out[f"{who}.{name}"] = value
    return out


@pytest.fixture(scope="module")
def trade():
    """A run of the cooperation scenario stopped the day after its direct channel opened (it
    buys; farmers are still switching to it: the channel choice changes the purchase)."""
    model = KADModel(MOU, seed=3, days=200, scale=0.05)
    for _ in range(61):
        model.step()
    assert model.trade.daily[:, L.D_DIRECT_KG].sum() > 0.0
    return model.trade


def test_the_fused_day_gives_the_arrays_of_the_nine_kernels(trade):
    m = trade.model
    info = m.params["information"]
    sys = m.params["programs"]["information_system"]
    states = _state(trade), _state(trade)
    runs = _nine(states[0]), _fused(states[1])
    rng = np.random.default_rng(11)
    for t in range(m.day, m.day + 20):
        draws = {
            name: rng.standard_normal(states[0][name].shape) for name in ("z_farm", "z_trader")
        }
        draws |= {name: rng.random(states[0][name].shape) for name in ("u_shock", "u_review")}
        for s in states:
            for name, value in draws.items():
                s[name][:] = value
            s["daily"][:] = 0.0
        args = (
            t, int(m.calendar.day_of_year[t]), 1 + t % 2, info["lag_days"], info["noise_sd"],
            trade.system_lag_days(), sys["noise_sd"], t % 3 != 0, sys["farmer_bargaining_share"],
        )  # fmt: skip
        for s, run in zip(states, runs, strict=True):
            run(*args, s["cpar"])
        a, b = _columns(states[0]), _columns(states[1])
        assert a.keys() == b.keys()
        for name in a:
            assert a[name].tobytes() == b[name].tobytes(), f"{name} differs on day {t}"
    # the days did something: goods were bought, shipped and sold
    day = states[1]["daily"]
    assert day[:, L.D_FARM_KG].sum() > 0.0 and day[:, L.D_SOLD].sum() > 0.0
    assert states[1]["goods"].tobytes() != _state(trade)["goods"].tobytes()


def test_the_fused_day_checks_its_scalars_and_records(trade):
    s = _state(trade)
    run = _fused(s)
    slots = s["traders"].transit.shape[1]
    args = (5, 100, slots, 7, 0.1, 1, 0.0, True, 0.5)
    with pytest.raises(ValueError, match="transit_days"):
        run(*args, s["cpar"])
    with pytest.raises(TypeError, match="transit_days"):
        run(5, 100, 1.0, *args[3:], s["cpar"])
    with pytest.raises(ValueError, match="cpar"):
        run(5, 100, 1, *args[3:], s["cpar"][:-1].copy())
    s["held"] = s["held"].astype(np.int32)
    with pytest.raises(TypeError, match="held"):
        _fused(s)


def test_the_fused_day_refuses_an_array_its_packed_arrays_cannot_hold(trade):
    # the day's arrays travel in one numba structure of fixed types: a read-only array (which
    # the kernels' checks let through) is refused by name when the day is bound
    s = _state(trade)
    s["fg_direct"].flags.writeable = False
    with pytest.raises(TypeError, match="fg_direct"):
        _fused(s)
