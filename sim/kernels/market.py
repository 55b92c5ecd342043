"""The Surabaya wholesale market: one clearing price per commodity per day.

Demand is ``D * x**elasticity`` and other origins supply ``S * x**supply_elasticity`` where
``x`` is the price over the reference price. The producer region's goods at the market are
offered by age: sellers hold fresh goods back below a reservation price that falls with age
from ``reservation_fresh`` to the floor on the last day of shelf life, so a glut is held over,
ages, and partly spoils. The price solves demand = other supply + what is offered at that
price; at the floor everything is rationed by one share; at the ceiling demand is rationed.
"""

import math

import numpy as np

from sim.kernels._jit import jit
from sim.kernels.checks import F8, check_accounts, check_array, check_commodities
from sim.kernels.layout import (
    D_DEMAND,
    D_FEES,
    D_OFFERED,
    D_PRICE,
    D_RETAIL,
    D_RETAIL_MARGIN,
    D_SOLD,
    F_CONSUMERS_IN,
    G_SOLD_CONSUMERS,
)

BISECTION_STEPS = 64  # halves the log-price bracket to below 1e-15 relative


@jit
def excess_demand(y, demand, other, offered, elasticity, other_elasticity):
    """Demand - other supply - offered at log relative price ``y`` (kg/day)."""
    return demand * math.exp(elasticity * y) - other * math.exp(other_elasticity * y) - offered


@jit
def clear_price(demand, other, elasticity, other_elasticity, floor, ceiling, reserve, qty, sold):
    """Clear one market against an offer curve of lots (``reserve[k]`` relative price, ``qty[k]``
    kg), with ``reserve`` ascending and ``>= floor``. Fills ``sold[k]`` with the share of lot k
    sold and returns (relative price x, kg bought by Surabaya in all).
    """
    n = reserve.shape[0]
    for k in range(n):
        sold[k] = 0.0
    lo_y = math.log(floor)
    # lots whose reservation is the floor are offered at the floor
    offered = 0.0
    k = 0
    while k < n and reserve[k] <= floor:
        offered += qty[k]
        k += 1
    if excess_demand(lo_y, demand, other, offered, elasticity, other_elasticity) <= 0.0:
        bought = demand * math.exp(elasticity * lo_y)
        supply = other * math.exp(other_elasticity * lo_y) + offered
        share = bought / supply if supply > 0.0 else 0.0
        for i in range(k):
            sold[i] = share
        return floor, bought
    while True:
        # between lo_y and the next lot's reservation the offer is constant
        hi_x = reserve[k] if k < n else ceiling
        hi_x = min(hi_x, ceiling)
        hi_y = math.log(hi_x)
        ex_hi = excess_demand(hi_y, demand, other, offered, elasticity, other_elasticity)
        if ex_hi <= 0.0:
            lo, hi = lo_y, hi_y
            # a step that leaves the bracket as it was (the midpoint rounds to an end, after
            # 50-odd halvings) repeats itself to the last step: stopping there gives the same
            # bracket and saves a sixth of the exps (two per step, most of the clearing's time;
            # a zero's sign, which ``==`` ignores, does not change exp(y) either)
            for _ in range(BISECTION_STEPS):
                mid = 0.5 * (lo + hi)
                if excess_demand(mid, demand, other, offered, elasticity, other_elasticity) > 0.0:
                    if mid == lo:
                        break
                    lo = mid
                else:
                    if mid == hi:
                        break
                    hi = mid
            y = 0.5 * (lo + hi)
            for i in range(k):
                sold[i] = 1.0
            return math.exp(y), demand * math.exp(elasticity * y)
        if k >= n or hi_x >= ceiling:
            # shortage at the ceiling: every lot is sold, demand is rationed
            for i in range(k):
                sold[i] = 1.0
            return ceiling, other * math.exp(other_elasticity * hi_y) + offered
        # at lot k's reservation there is still excess demand without it: it sells, fully or
        # just enough to clear
        if qty[k] >= ex_hi and qty[k] > 0.0:
            for i in range(k):
                sold[i] = 1.0
            sold[k] = ex_hi / qty[k]
            return hi_x, demand * math.exp(elasticity * hi_y)
        offered += qty[k]
        lo_y = hi_y
        k += 1


@jit
def reservation(age, shelf, floor, fresh):
    """Relative asking price of goods ``age`` days old: ``fresh`` when new, the floor on the
    last day of shelf life."""
    last = shelf - 1.0
    if age >= last or last <= 0.0:
        return floor
    return floor + (fresh - floor) * (1.0 - age / last)


@jit(inline=True)
def _clear_markets(t, comm, inventory, t_cash, retail_cash, p_hist, cpar, goods, flows, day,
                   qty, reserve, share, lot):  # fmt: skip
    """Clear every commodity's market for day ``t`` and settle the money.

    Traders receive the wholesale value less the market fee; the fee is Surabaya's PAD (paid
    out by the model); retailers sell at the markup to households (money entering the model).
    ``qty``, ``share`` (commodities x buckets), ``reserve`` and ``lot`` (buckets) are scratch.
    """
    n_comm = cpar.shape[0]
    n_buckets = inventory.shape[1]
    # lots by age, oldest (lowest reservation) first: index a' = n_buckets - 1 - age
    for c in range(n_comm):
        for k in range(n_buckets):
            qty[c, k] = 0.0
            share[c, k] = 0.0
    # bucket b's lot today, computed once per bucket: an integer division per trader and
    # bucket cost more than the rest of the clearing
    for b in range(n_buckets):
        lot[b] = n_buckets - 1 - (t - b) % n_buckets
    for j in range(comm.shape[0]):
        c = comm[j]
        for b in range(n_buckets):
            qty[c, lot[b]] += inventory[j, b]
    for c in range(n_comm):
        shelf = cpar[c].shelf_life_days
        offered = 0.0
        for k in range(n_buckets):
            age = n_buckets - 1 - k
            reserve[k] = reservation(
                age, shelf, cpar[c].price_floor_fraction, cpar[c].reservation_fresh_fraction
            )
            offered += qty[c, k]
        x, bought = clear_price(
            cpar[c].demand_today_kg_per_day,
            cpar[c].other_supply_kg_per_day,
            cpar[c].demand_elasticity,
            cpar[c].other_supply_elasticity,
            cpar[c].price_floor_fraction,
            cpar[c].price_ceiling_fraction,
            reserve,
            qty[c],
            share[c],
        )
        price = x * cpar[c].wholesale_reference_price_rp_per_kg
        day[c, D_PRICE] = price
        day[c, D_RETAIL] = price * cpar[c].retail_markup
        day[c, D_DEMAND] = bought
        day[c, D_OFFERED] = offered
        p_hist[c, t % p_hist.shape[1]] = price
    for j in range(comm.shape[0]):
        c = comm[j]
        sold = 0.0
        for b in range(n_buckets):
            q = inventory[j, b] * share[c, lot[b]]
            if q > 0.0:
                inventory[j, b] -= q
                sold += q
        if sold <= 0.0:
            continue
        price = day[c, D_PRICE]
        value = sold * price
        fee = value * cpar[c].market_fee_share
        retail_value = sold * day[c, D_RETAIL]
        t_cash[j] += value - fee
        retail_cash[c] += retail_value - value
        flows[F_CONSUMERS_IN] += retail_value
        goods[c, G_SOLD_CONSUMERS] += sold
        day[c, D_SOLD] += sold
        day[c, D_FEES] += fee
        day[c, D_RETAIL_MARGIN] += retail_value - value


def clearing_scratch(n_c: int, n_b: int) -> tuple[np.ndarray, ...]:
    """Scratch of :func:`_clear_markets` for ``n_c`` commodities and ``n_b`` age buckets,
    allocated once per run: the lots by age (kg) and the share of each sold (commodities x
    buckets), the reservation prices and each bucket's lot (buckets)."""
    return np.zeros((n_c, n_b)), np.zeros(n_b), np.zeros((n_c, n_b)), np.zeros(n_b, np.int64)


def clear_markets(t, traders, retail_cash, p_hist, cpar, goods, flows, day) -> None:
    """Clear every commodity's Surabaya market and settle the money (see
    :func:`_clear_markets`); checks every array first."""
    check_commodities(cpar)
    bind_clear_markets(traders, retail_cash, p_hist, goods, flows, day)(t, cpar)


def bind_clear_markets(traders, retail_cash, p_hist, goods, flows, day):
    """``run(t, cpar)``: :func:`clear_markets` on these arrays, checked once (for the daily
    loop, see :mod:`sim.kernels.checks`)."""
    traders.check()
    check_array("goods", goods, F8, 2)
    n_c = goods.shape[0]
    check_accounts(n_c, day, goods, flows)
    check_array("retail_cash", retail_cash, F8, 1, n_c)
    check_array("p_hist", p_hist, F8, 2, n_c)
    tr, core = traders, _clear_markets
    qty, reserve, share, lot = clearing_scratch(n_c, traders.inventory.shape[1])

    def run(t, cpar):
        if cpar.shape[0] != n_c:
            raise ValueError(f"cpar: expected {n_c} commodities, got {cpar.shape[0]}")
        core(int(t), tr.comm, tr.inventory, tr.cash, retail_cash, p_hist, cpar, goods, flows,
             day, qty, reserve, share, lot)  # fmt: skip

    return run
