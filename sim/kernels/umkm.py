"""UMKM kernels: consumers' discrete choice across sellers, costs, skills, exit and entry.

Firms of both regions sit in one struct-of-arrays population (``region`` 0 = producer region
Blitar, 1 = market region Surabaya). Each market (0, 1) and sector has a spending pool in Rp
per day; buyers split it across the outside option (shops, chains) and every visible seller by
a multinomial logit on quality, price and channel visibility; a seller's sales are capped by
its capacity (unmet demand is not spent).
"""

import math

from sim.kernels._jit import jit
from sim.kernels.layout import (
    F_UMKM_COSTS_OUT,
    F_UMKM_EXIT_OUT,
    F_UMKM_SALES_IN,
    U_ALIVE,
    U_COSTS,
    U_ONLINE,
    U_PROFIT,
    U_REVENUE,
    U_SALES_IN_MARKET,
    U_SELLING_IN_MARKET,
    U_TAX,
)

# vis[:] columns: parameters of visibility and choice (float64)
V_ONLINE = 0  # visibility of an online seller through e-Peken
V_ONLINE_NO_EPEKEN = 1  # visibility of a Blitar online seller in Surabaya without e-Peken
V_OUTLET = 2  # visibility of a Blitar firm in Surabaya outlets
V_EPEKEN = 3  # 1 while Blitar firms have e-Peken access
V_QUALITY_W = 4  # logit weight of quality
V_PRICE_W = 5  # logit weight of log price
V_THRESHOLD = 6  # literacy needed to sell online
V_COVER_0 = 7  # internet coverage, producer region
V_COVER_1 = 8  # internet coverage, market region
V_OUTSIDE = 9  # unused slot (the outside option's weights are an array)
V_TAX = 10  # local levy per Rp of sales
V_LIT_DECAY = 11  # daily relative literacy loss when offline
V_QUAL_DECAY = 12  # daily relative quality loss
N_V = 13


@jit
def is_online(region, literacy, conn_u, vis, i):
    """A firm sells online when it has internet and enough digital literacy."""
    cover = vis[V_COVER_0] if region[i] == 0 else vis[V_COVER_1]
    return conn_u[i] < cover and literacy[i] >= vis[V_THRESHOLD]


@jit
def online_visibility(region_i, legal_i, vis):
    """e-Peken (full online visibility) needs a licence, and for Blitar firms the market-access
    program; otherwise only general marketplaces and social media."""
    if legal_i == 1 and (region_i == 1 or vis[V_EPEKEN] > 0.5):
        return vis[V_ONLINE]
    return vis[V_ONLINE_NO_EPEKEN]


@jit
def visibility(region_i, market, online, outlet_i, legal_i, vis):
    """How visible a firm of ``region_i`` is to buyers in ``market`` (0 if not at all)."""
    v = 0.0
    on = online_visibility(region_i, legal_i, vis) if online else 0.0
    if region_i == market:
        v = 1.0 + on
    elif region_i == 0:  # a Blitar firm seen by Surabaya buyers: outlets, online
        v = (vis[V_OUTLET] if outlet_i == 1 else 0.0) + on
    else:  # a Surabaya firm seen by Blitar buyers online
        v = on
    return v


@jit
def attractiveness(capacity_i, quality_i, price_i, vis):
    """Logit weight before visibility: size (shelf space) x exp(quality and price terms)."""
    return capacity_i * math.exp(vis[V_QUALITY_W] * quality_i - vis[V_PRICE_W] * math.log(price_i))


@jit
def update_attractiveness(alive, capacity, quality, price, vis, attract):
    """Refresh the cached logit weights before visibility (after quality changes)."""
    for i in range(alive.shape[0]):
        attract[i] = attractiveness(capacity[i], quality[i], price[i], vis) if alive[i] else 0.0


@jit
def offer_weights(alive, region, sector, attract, literacy, legal, conn_u, outlet, online, vis,
                  weight, denom):  # fmt: skip
    """Who sells online today, and each firm's logit weight in each market (``weight``, n x 2)
    with their sums by market and sector (``denom``, 2 x n_sectors)."""
    n = alive.shape[0]
    for m in range(denom.shape[0]):
        for s in range(denom.shape[1]):
            denom[m, s] = 0.0
    for i in range(n):
        weight[i, 0] = 0.0
        weight[i, 1] = 0.0
        if alive[i] == 0:
            online[i] = 0
            continue
        on = is_online(region, literacy, conn_u, vis, i)
        online[i] = 1 if on else 0
        for m in range(2):
            v = visibility(region[i], m, on, outlet[i], legal[i], vis)
            if v > 0.0:
                w = attract[i] * v
                weight[i, m] = w
                denom[m, sector[i]] += w


@jit
def umkm_day(
    alive, region, sector, capacity, fixed_cost, attract, literacy, legal, conn_u,
    outlet, online, cash, revenue_cum, month_profit, var_cost, pools, outside, vis,
    weight, denom, flows, tax_by_region, day,
):  # fmt: skip
    """One day of UMKM trade: who is online, sales by discrete choice, costs, skill decay.

    ``pools[m, s]`` is buyers' spending in market m on sector s (Rp/day) and ``outside[m, s]``
    the outside option's logit weight; ``var_cost[s]`` the variable cost share; ``weight``
    (n, 2) and ``denom`` (2, n_sectors) are scratch.
    """
    offer_weights(alive, region, sector, attract, literacy, legal, conn_u, outlet, online, vis,
                  weight, denom)  # fmt: skip
    for i in range(alive.shape[0]):
        if alive[i] == 0:
            continue
        s = sector[i]
        sales0 = 0.0
        sales1 = 0.0
        if weight[i, 0] > 0.0:
            sales0 = pools[0, s] * weight[i, 0] / (outside[0, s] + denom[0, s])
        if weight[i, 1] > 0.0:
            sales1 = pools[1, s] * weight[i, 1] / (outside[1, s] + denom[1, s])
        total = sales0 + sales1
        if total > capacity[i]:
            cut = capacity[i] / total
            sales0 *= cut
            sales1 *= cut
            total = capacity[i]
        r = region[i]
        tax = total * vis[V_TAX]
        costs = total * var_cost[s] + fixed_cost[i]
        profit = total - costs - tax
        cash[i] += profit
        revenue_cum[i] += total
        month_profit[i] += profit
        flows[F_UMKM_SALES_IN] += total
        flows[F_UMKM_COSTS_OUT] += costs
        tax_by_region[r] += tax
        day[r, U_REVENUE] += total
        day[r, U_TAX] += tax
        day[r, U_COSTS] += costs
        day[r, U_PROFIT] += profit
        day[r, U_ALIVE] += 1.0
        if online[i] == 1:
            day[r, U_ONLINE] += 1.0
        if r == 0 and sales1 > 0.0:
            day[r, U_SALES_IN_MARKET] += sales1
            day[r, U_SELLING_IN_MARKET] += 1.0
        # digital skills fade without use (quality fades monthly, see decay_quality)
        if online[i] == 0:
            literacy[i] *= 1.0 - vis[V_LIT_DECAY]


@jit
def decay_quality(alive, quality, days, vis):
    """Quality lost over ``days`` days at the daily rate (applied at month starts)."""
    keep = (1.0 - vis[V_QUAL_DECAY]) ** days
    for i in range(alive.shape[0]):
        if alive[i] == 1:
            quality[i] *= keep


@jit
def umkm_month(
    alive, region, sector, month_profit, loss_months, cash, revenue_month, exit_after,
    entry_p, normal_margin, entry_u, flows, margin_scratch, revenue_scratch,
):  # fmt: skip
    """Month end: firms with ``exit_after`` loss-making months in a row close; vacant slots
    re-enter with a probability that rises with their sector's profit margin.

    Returns nothing; slots to re-enter are marked ``alive = 2`` for the model to refill.
    """
    for r in range(margin_scratch.shape[0]):
        for s in range(margin_scratch.shape[1]):
            margin_scratch[r, s] = 0.0
            revenue_scratch[r, s] = 0.0
    for i in range(alive.shape[0]):
        if alive[i] == 1:
            margin_scratch[region[i], sector[i]] += month_profit[i]
            revenue_scratch[region[i], sector[i]] += revenue_month[i]
    for i in range(alive.shape[0]):
        if alive[i] == 1:
            if month_profit[i] < 0.0:
                loss_months[i] += 1
            else:
                loss_months[i] = 0
            if loss_months[i] >= exit_after:
                alive[i] = 0
                flows[F_UMKM_EXIT_OUT] += cash[i]
                cash[i] = 0.0
        elif alive[i] == 0:
            rev = revenue_scratch[region[i], sector[i]]
            margin = margin_scratch[region[i], sector[i]] / rev if rev > 0.0 else 0.0
            p = entry_p * min(2.0, max(0.0, margin / normal_margin))
            if entry_u[i] < p:
                alive[i] = 2
        month_profit[i] = 0.0
        revenue_month[i] = 0.0
