"""The market levers' kernel (:func:`sim.kernels.trade_day.bind_market_levers`) gives, bit for
bit, what the sector's Python rules gave before it (the other markets' price with its quantity
factor, Surabaya demand, the direct channel's reach): checked on many random commodities and
days, wide ranges and edge values (flexibility 0, no reference sales, no local supply, a reach
above 1, NaN), so that ``math.exp`` and ``**`` in numba and in Python agree on them too."""

import math

import numpy as np
import pytest

from sim.kernels import layout as L
from sim.kernels import trade_day as TD


def _python_levers(t, update, demand_base, state, mq, reach_q, cpar):
    """The rules as the sector ran them in Python (TradeSector._set_market_levers,
    _else_quantity_factors and _channel_reach before the kernel), on Python floats."""
    s = {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in state.items()}
    sold = state["goods"][:, L.G_SOLD_ELSEWHERE].tolist()
    today = state["daily"][:, L.D_DIRECT_KG].tolist()
    w_reach, spill = reach_q.tolist()
    for c, row in enumerate(mq.tolist()):
        rho, sd, corr, price, rho_d, sd_d, corr_d, w, flex = row
        avg, ref = s["else_avg"][c], s["else_ref"][c]
        if update:
            avg = (1.0 - w) * avg + w * (sold[c] - s["else_prev"][c])
        s["else_avg"][c] = avg
        factor = 1.0 if flex == 0.0 or ref <= 0.0 else (max(avg, 1e-9 * ref) / ref) ** flex
        a = (1.0 - w_reach) * s["direct_avg"][c] + w_reach * today[c]
        s["direct_avg"][c] = a
        supply = s["local_supply"][c]
        share = (1.0 if a / supply > 1.0 else a / supply) if supply > 0.0 else 0.0
        cpar[c]["direct_channel_reach_today"] = spill * share
        dev = s["else_dev"][c] = rho * s["else_dev"][c] + sd * s["z_else"][c]
        cpar[c]["elsewhere_price_today_rp_per_kg"] = price * math.exp(dev - corr) * factor
        dev = s["demand_dev"][c] = rho_d * s["demand_dev"][c] + sd_d * s["z_demand"][c]
        cpar[c]["demand_today_kg_per_day"] = demand_base[t, c] * math.exp(dev - corr_d)
    s["else_prev"] = sold
    return {k: np.array(v) if isinstance(state[k], np.ndarray) else v for k, v in s.items()}


def _random_state(rng, n):
    """n commodities' arrays over wide ranges, with edge values mixed in."""
    ref = rng.uniform(0.0, 1e5, n)
    ref[::7] = 0.0  # no reference sales elsewhere: factor 1
    supply = rng.uniform(0.0, 1e5, n)
    supply[::5] = 0.0  # no local supply: reach 0
    goods = np.zeros((n, L.N_G))
    goods[:, L.G_SOLD_ELSEWHERE] = rng.uniform(0.0, 1e7, n)
    daily = np.zeros((n, L.N_D))
    daily[:, L.D_DIRECT_KG] = rng.uniform(0.0, 2e5, n)  # may exceed supply: reach capped
    daily[::11, L.D_DIRECT_KG] = np.nan
    avg = ref * rng.uniform(0.0, 3.0, n)
    avg[::13] = np.nan  # a NaN stays NaN (Python's max keeps its first argument)
    state = {
        "z_else": rng.standard_normal(n) * rng.choice([1.0, 4.0], n),
        "z_demand": rng.standard_normal(n) * rng.choice([1.0, 4.0], n),
        "goods": goods,
        "daily": daily,
        "local_supply": supply,
        "else_ref": ref,
        "else_avg": avg,
        "else_prev": goods[:, L.G_SOLD_ELSEWHERE] - rng.uniform(0.0, 2e5, n),
        "else_dev": rng.normal(0.0, 1.0, n),
        "demand_dev": rng.normal(0.0, 1.0, n),
        "direct_avg": rng.uniform(0.0, 1e5, n),
    }
    rho, rho_d = rng.uniform(-0.99, 0.99, n), rng.uniform(-0.99, 0.99, n)
    sd, sd_d = rng.uniform(0.0, 2.0, n), rng.uniform(0.0, 2.0, n)
    flex = rng.uniform(-2.0, 2.0, n)
    flex[::3] = 0.0
    mq = np.empty((n, TD.N_MQ))
    mq[:, TD.MQ_RHO_ELSE], mq[:, TD.MQ_SD_ELSE] = rho, sd
    mq[:, TD.MQ_CORR_ELSE] = 0.5 * sd * sd / (1.0 - rho * rho)
    mq[:, TD.MQ_PRICE_ELSE] = rng.uniform(1e3, 1e5, n)
    mq[:, TD.MQ_RHO_DEMAND], mq[:, TD.MQ_SD_DEMAND] = rho_d, sd_d
    mq[:, TD.MQ_CORR_DEMAND] = 0.5 * sd_d * sd_d / (1.0 - rho_d * rho_d)
    mq[:, TD.MQ_W_ELSE] = 1.0 / rng.integers(1, 120, n)
    mq[:, TD.MQ_FLEX] = flex
    reach_q = np.array([1.0 / 14.0, rng.uniform(0.0, 1.0)])
    return state, mq, reach_q


def _bind(state, mq, reach_q):
    keys = ("z_else", "z_demand", "goods", "daily", "local_supply", "else_ref", "else_avg",
            "else_prev", "else_dev", "demand_dev", "direct_avg")  # fmt: skip
    return TD.bind_market_levers(*(state[k] for k in keys), mq, reach_q)


@pytest.mark.parametrize("update", [True, False])
def test_the_kernel_gives_the_python_rules_bit_for_bit(update):
    rng = np.random.default_rng(17 + update)
    n, days = 50_000, 3  # 150,000 commodity-days: 300,000 exp and ~90,000 powers
    state, mq, reach_q = _random_state(rng, n)
    demand_base = rng.uniform(0.0, 1e6, (days, n))
    cpar = np.zeros(n, dtype=L.COMMODITY_PARAMS)
    want_cpar = cpar.copy()
    run = _bind(state, mq, reach_q)
    for t in range(days):
        want = _python_levers(t, update, demand_base, state, mq, reach_q, want_cpar)
        run(t, update, demand_base, cpar)
        for name, value in want.items():
            assert value.tobytes() == state[name].tobytes(), (name, t)
        assert cpar.tobytes() == want_cpar.tobytes(), t
        # next day: new draws and new sales, the state carried over
        state["z_else"][:] = rng.standard_normal(n)
        state["z_demand"][:] = rng.standard_normal(n)
        state["goods"][:, L.G_SOLD_ELSEWHERE] += rng.uniform(0.0, 2e5, n)
    # the cases were visited: every branch and a NaN reach
    reach = cpar["direct_channel_reach_today"]
    assert np.isnan(reach).any() and (reach == reach_q[1]).any() and (reach == 0.0).any()
    price = cpar["elsewhere_price_today_rp_per_kg"]
    assert np.isnan(price).any() and np.isfinite(price).mean() > 0.9
    assert len(np.unique(price)) > n // 2


def test_the_wrapper_checks_its_arrays_and_day():
    rng = np.random.default_rng(3)
    state, mq, reach_q = _random_state(rng, 2)
    cpar = np.zeros(2, dtype=L.COMMODITY_PARAMS)
    run = _bind(state, mq, reach_q)
    with pytest.raises(ValueError, match="t: 3"):
        run(3, True, np.zeros((3, 2)), cpar)
    with pytest.raises(ValueError, match="demand_base"):
        run(0, True, np.zeros((3, 3)), cpar)
    with pytest.raises(TypeError, match="demand_base"):
        run(0, True, np.zeros((3, 2), dtype=np.float32), cpar)
    with pytest.raises(ValueError, match="cpar"):
        run(0, True, np.zeros((3, 2)), cpar[:1].copy())
    with pytest.raises(ValueError, match="mq"):
        _bind(state, mq[:, :-1].copy(), reach_q)
    state["else_dev"] = state["else_dev"][:1].copy()
    with pytest.raises(ValueError, match="else_dev"):
        _bind(state, mq, reach_q)
