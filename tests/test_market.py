"""The market-clearing kernel against answers known in closed form."""

import math

import numpy as np
import pytest
from numba import njit

from sim.kernels.market import BISECTION_STEPS, clear_price, excess_demand, reservation


def _clear(demand, other, eps, eta, lots=(), floor=0.5, ceiling=3.0):
    reserve = np.array([r for r, _ in lots], dtype=float)
    qty = np.array([q for _, q in lots], dtype=float)
    sold = np.zeros(len(lots))
    x, bought = clear_price(demand, other, eps, eta, floor, ceiling, reserve, qty, sold)
    return x, bought, sold


@pytest.mark.parametrize(
    ("demand", "other", "eps", "eta"), [(100, 70, -0.4, 0.6), (50, 80, -1.0, 1.5)]
)
def test_no_producer_goods_matches_closed_form(demand, other, eps, eta):
    x, bought, _ = _clear(demand, other, eps, eta)
    expected = (demand / other) ** (1.0 / (eta - eps))
    assert x == pytest.approx(expected, rel=1e-12)
    assert bought == pytest.approx(demand * expected**eps, rel=1e-12)


def test_lots_at_the_floor_sell_in_full_when_price_is_above():
    # 30 kg offered at any price: D x^e = S x^h + 30 with D=100, S=70, e=-0.4, h=0.6
    x, bought, sold = _clear(100, 70, -0.4, 0.6, lots=[(0.5, 30.0)])
    assert 100 * x**-0.4 == pytest.approx(70 * x**0.6 + 30, rel=1e-12)
    assert sold[0] == 1.0


def test_glut_at_floor_rations_everyone():
    x, bought, sold = _clear(10, 70, -0.4, 0.6, lots=[(0.5, 500.0)])
    assert x == 0.5
    supply = 70 * 0.5**0.6 + 500
    assert sold[0] == pytest.approx(10 * 0.5**-0.4 / supply, rel=1e-12)


def test_fresh_lot_is_held_when_price_is_below_its_reservation():
    # without the lot the price is (100/70)^(1/1) = 1.4286; a lot asking 1.6 is not sold
    x, _, sold = _clear(100, 70, -0.4, 0.6, lots=[(1.6, 50.0)])
    assert x == pytest.approx(100 / 70, rel=1e-12)
    assert sold[0] == 0.0


def test_marginal_lot_sells_just_enough_to_clear_at_its_reservation():
    # at x = 1.2, excess demand without the lot is 100*1.2^-0.4 - 70*1.2^0.6 = 13.46 kg
    x, bought, sold = _clear(100, 70, -0.4, 0.6, lots=[(1.2, 50.0)])
    excess = 100 * 1.2**-0.4 - 70 * 1.2**0.6
    assert x == pytest.approx(1.2)
    assert sold[0] * 50.0 == pytest.approx(excess, rel=1e-12)


def test_shortage_at_ceiling():
    x, bought, sold = _clear(1e6, 1.0, -0.4, 0.6, lots=[(0.5, 5.0)])
    assert x == 3.0 and sold[0] == 1.0


def test_reservation_falls_with_age_to_the_floor():
    vals = [reservation(a, 14.0, 0.6, 0.85) for a in range(15)]
    assert vals[0] == 0.85 and vals[13] == 0.6 and vals[14] == 0.6
    assert all(a > b for a, b in zip(vals[:13], vals[1:13], strict=False))
    assert math.isclose(vals[1], 0.6 + 0.25 * (1 - 1 / 13))


@njit
def _clear_every_step(demand, other, eps, eta, floor, ceiling, reserve, qty, sold):
    """The clearing as it was before its bisection stopped early: every step computed (the
    same arithmetic, compiled the same way)."""
    n = reserve.shape[0]
    for k in range(n):
        sold[k] = 0.0
    lo_y = math.log(floor)
    offered = 0.0
    k = 0
    while k < n and reserve[k] <= floor:
        offered += qty[k]
        k += 1
    if excess_demand(lo_y, demand, other, offered, eps, eta) <= 0.0:
        bought = demand * math.exp(eps * lo_y)
        supply = other * math.exp(eta * lo_y) + offered
        share = bought / supply if supply > 0.0 else 0.0
        for i in range(k):
            sold[i] = share
        return floor, bought
    while True:
        hi_x = min(reserve[k] if k < n else ceiling, ceiling)
        hi_y = math.log(hi_x)
        ex_hi = excess_demand(hi_y, demand, other, offered, eps, eta)
        if ex_hi <= 0.0:
            lo, hi = lo_y, hi_y
            for _ in range(BISECTION_STEPS):
                mid = 0.5 * (lo + hi)
                if excess_demand(mid, demand, other, offered, eps, eta) > 0.0:
                    lo = mid
                else:
                    hi = mid
            y = 0.5 * (lo + hi)
            for i in range(k):
                sold[i] = 1.0
            return math.exp(y), demand * math.exp(eps * y)
        if k >= n or hi_x >= ceiling:
            for i in range(k):
                sold[i] = 1.0
            return ceiling, other * math.exp(eta * hi_y) + offered
        if qty[k] >= ex_hi and qty[k] > 0.0:
            for i in range(k):
                sold[i] = 1.0
            sold[k] = ex_hi / qty[k]
            return hi_x, demand * math.exp(eps * hi_y)
        offered += qty[k]
        lo_y = hi_y
        k += 1


def _random_market(rng):
    floor = rng.uniform(0.01, 1.0)
    ceiling = rng.uniform(1.0, 100.0) if rng.random() < 0.5 else rng.uniform(1.0, 5.0)
    demand = 10.0 ** rng.uniform(0.0, 6.0)
    other = demand * 10.0 ** rng.uniform(-3.0, 1.0) if rng.random() < 0.95 else 0.0
    # elasticities over the schema's range
    eps = -(10.0 ** rng.uniform(-4.0, 1.0))
    eta = 10.0 ** rng.uniform(-4.0, np.log10(20.0))
    n = int(rng.integers(0, 16))
    reserve = np.sort(rng.uniform(floor, floor * 4.0, n))
    reserve[: int(rng.integers(0, n + 1))] = floor  # lots at the floor
    qty = rng.uniform(0.0, demand, n) * (rng.random(n) < 0.8)
    return demand, other, eps, eta, floor, ceiling, reserve, qty


def test_the_clearing_gives_the_bits_of_every_bisection_step():
    # random markets of every size, slope and offer curve, lots or none: the bisection that
    # stops once a step changes nothing must give the same bits
    rng = np.random.default_rng(5)
    bisected = 0
    for _ in range(60_000):
        demand, other, eps, eta, floor, ceiling, reserve, qty = _random_market(rng)
        sold, sold_ref = np.zeros(len(qty)), np.zeros(len(qty))
        got = clear_price(demand, other, eps, eta, floor, ceiling, reserve, qty, sold)
        want = _clear_every_step(demand, other, eps, eta, floor, ceiling, reserve, qty, sold_ref)
        assert np.array(got).tobytes() == np.array(want).tobytes()
        assert sold.tobytes() == sold_ref.tobytes()
        if got[0] not in (floor, ceiling) and got[0] not in reserve:  # a bisected price
            bisected += 1
    assert bisected > 10_000
