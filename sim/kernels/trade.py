"""Trader kernels: expectations and farm-gate prices, buying from farmers, shipping, arrivals.

Traders are middlemen (``is_direct == 0``) and one direct cooperation channel per commodity
(``is_direct == 1``), in one struct-of-arrays population. Money is in Rp, goods in kg.
"""

import math

import numpy as np
from numba.cpython.unsafe.numbers import trailing_zeros

from sim.kernels._jit import jit
from sim.kernels.checks import (
    F8,
    I8,
    check_accounts,
    check_array,
    check_commodities,
    check_scalar,
)
from sim.kernels.layout import (
    D_DIRECT_KG,
    D_DIRECT_SHIPPED,
    D_FARM_KG,
    D_FARM_VALUE,
    D_MARGIN_SUM,
    D_SHIPPED,
    D_SUBSIDY_CLAIM,
    F_ELSEWHERE_IN,
    F_FREIGHT_OUT,
    G_LOST_BREAKAGE,
    G_LOST_MARKET,
    G_LOST_TRANSIT,
    G_SOLD_ELSEWHERE,
)


@jit(inline=True)
def _trader_prices(
    t, comm, is_direct, access, margin, p_hist, info_z,
    lag_base, noise_base, lag_sys, noise_sys, sys_active, informed_share, bargain,
    cpar, exp_price, share, fg, fg_direct, day,
):  # fmt: skip
    """Each trader forms today's expected Surabaya price and posts a farm-gate price.

    Expectation: the wholesale price ``lag`` days ago times a lognormal error (the
    information system, where active and used, shortens the lag and removes the error).
    Every shipper, the direct channel included, splits goods between Surabaya and other markets
    by the same logit in the netback difference; the direct channel first sends the share its
    committed Surabaya buyers take (``direct_channel_offtake_share``) and splits the rest by
    that logit. The direct channel keeps a fixed thin margin.
    Middlemen's margins move toward what the direct channel contests (the margin that matches
    its farm-gate price, weighted by its reach: ``margin_spillover`` x the channel's share of
    local supply from its smoothed actual purchases, see
    ``sim.kernels.trade_day._market_levers``) and, while the system runs, what their informed
    farmers leave them:
    informed farmers know the price and can sell to any middleman, so a middleman whose
    farmers are ``informed_share[j]`` informed concedes ``bargain`` x that share of his margin
    above its floor.
    """
    hist = p_hist.shape[1]
    for c in range(fg_direct.shape[0]):
        fg_direct[c] = 0.0
    # pass 1: expectations and values; the direct channel posts its price
    for j in range(comm.shape[0]):
        c = comm[j]
        informed = sys_active and (is_direct[j] == 1 or access[j] == 1)
        lag = lag_sys if informed else lag_base
        sd = noise_sys if informed else noise_base
        observed = p_hist[c, (t - lag) % hist] * math.exp(sd * info_z[j] - 0.5 * sd * sd)
        # adaptive expectations: shippers weigh the newest observation against what they
        # expected before (the first day starts from the observation)
        w = cpar[c].expectation_weight
        e = observed if exp_price[j] <= 0.0 else (1.0 - w) * exp_price[j] + w * observed
        exp_price[j] = e
        netback = (
            e * (1.0 - cpar[c].breakage_today) * (1.0 - cpar[c].market_fee_share)
            - cpar[c].freight_today_rp_per_kg
        )
        if is_direct[j] == 1:
            netback += cpar[c].subsidy_today_rp_per_kg
        else:
            netback += cpar[c].subsidy_middlemen_today_rp_per_kg
        p_else = cpar[c].elsewhere_price_today_rp_per_kg
        x = (
            cpar[c].surabaya_share_at_parity_logit
            + cpar[c].ship_sensitivity
            * (netback - p_else)
            / cpar[c].wholesale_reference_price_rp_per_kg
        )
        s = 1.0 / (1.0 + math.exp(-x))
        if is_direct[j] == 1:
            # the MoU's committed Surabaya buyers take their share whatever the netback
            o = cpar[c].direct_channel_offtake_share
            s = o + (1.0 - o) * s
        share[j] = s
        value = s * netback + (1.0 - s) * p_else  # per kg, before margin
        if is_direct[j] == 1:
            price = max(0.0, value - cpar[c].margin_rp_per_kg)
            fg[j] = price
            if cpar[c].direct_channel_active_today > 0.5:
                fg_direct[c] = price
        else:
            fg[j] = value
    # pass 2: middlemen's margins respond to the direct channel's price
    for j in range(comm.shape[0]):
        if is_direct[j] == 1:
            continue
        c = comm[j]
        value = fg[j]
        m_max = cpar[c].trader_margin_max_rp_per_kg
        m_min = cpar[c].trader_margin_min_rp_per_kg
        target = m_max
        if sys_active and bargain > 0.0:
            target = m_max - bargain * informed_share[j] * (m_max - m_min)
        if cpar[c].direct_channel_active_today > 0.5:
            # a farmer who turns to the channel is served with probability ``reach``, otherwise
            # falls back on a middleman: the middleman matches that expected outside price
            matched = min(target, max(m_min, value - fg_direct[c]))
            reach = cpar[c].direct_channel_reach_today
            target = (1.0 - reach) * target + reach * matched
        margin[j] += cpar[c].margin_adjust_rate * (target - margin[j])
        fg[j] = max(0.0, value - margin[j])
        day[c, D_MARGIN_SUM] += margin[j]


@jit(inline=True)
def _purchase(
    f_comm, f_channel, f_trader, stock, f_cash, f_rev_cum, f_rev_win, f_kg_win,
    t_cap, fg, t_cash, bought, offered, direct_idx, cpar, day, offer_kg, held,
):  # fmt: skip
    """Traders buy their farmers' stock at their farm-gate price, up to their capacity.

    A farmer sells to the direct channel while enrolled and the channel operates; what the
    channel cannot take that day, and everything of other farmers, goes to the middleman.
    ``t_cap`` is kg/day (the model sets the direct channel's to today's capacity). When offers
    exceed a trader's capacity every offer is cut by the same share, bucket by bucket; what is
    not bought stays on the farm and ages.

    ``offer_kg[i]`` (kg) and ``held[i]`` (non-empty buckets) are farmer i's stock from
    :func:`sim.kernels.farm._spoil_and_produce`; selling touches only the non-empty buckets.
    On return ``offer_kg[i]`` is what farmer i has left (kg, summed in bucket order) and
    ``held[i]`` the buckets still holding goods.
    """
    # stage 1: the direct channel buys from its enrolled farmers, up to its capacity
    any_direct = False
    for c in range(direct_idx.shape[0]):
        any_direct = any_direct or cpar[c].direct_channel_active_today > 0.5
    for j in range(offered.shape[0]):
        offered[j] = 0.0
    for i in range(f_comm.shape[0] if any_direct else 0):
        c = f_comm[i]
        if f_channel[i] == 1 and cpar[c].direct_channel_active_today > 0.5:
            offered[direct_idx[c]] += offer_kg[i]
    for c in range(direct_idx.shape[0]):
        j = np.uint64(direct_idx[c])
        offered[j] = 1.0 if offered[j] <= t_cap[j] else t_cap[j] / offered[j]
    for i in range(f_comm.shape[0] if any_direct else 0):
        c = f_comm[i]
        if f_channel[i] == 1 and cpar[c].direct_channel_active_today > 0.5:
            j = np.uint64(direct_idx[c])
            kg, offer_kg[i], held[i] = _sell(stock, i, held[i], offered[j], bought, j)
            value = _settle(i, j, kg, fg[j], f_cash, f_rev_cum, f_rev_win, f_kg_win, t_cash)
            day[c, D_FARM_VALUE] += value
            day[c, D_FARM_KG] += kg
            day[c, D_DIRECT_KG] += kg
    # stage 2: middlemen buy what is left (including what the direct channel could not take)
    for j in range(offered.shape[0]):
        offered[j] = 0.0
    for i in range(f_comm.shape[0]):
        offered[np.uint64(f_trader[i])] += offer_kg[i]
    for j in range(offered.shape[0]):
        # from here on ``offered`` holds the share of each offer that is bought
        offered[j] = 1.0 if offered[j] <= t_cap[j] else t_cap[j] / offered[j]
    # a commodity's day sums run in registers and are written back when the commodity changes
    # (farmers are grouped by commodity): the same additions in the same order. Trader
    # indices are unsigned here: numba then leaves out the wraparound of negative indices
    # (a few instructions per access, about a tenth of this loop's time; the wrapper checks
    # that they are 0 .. traders - 1)
    c_run = -1
    value_run = 0.0
    kg_run = 0.0
    for i in range(f_comm.shape[0]):
        c = f_comm[i]
        if c != c_run:
            if c_run >= 0:
                day[c_run, D_FARM_VALUE] = value_run
                day[c_run, D_FARM_KG] = kg_run
            c_run = c
            value_run = day[c, D_FARM_VALUE]
            kg_run = day[c, D_FARM_KG]
        j = np.uint64(f_trader[i])
        kg, offer_kg[i], held[i] = _sell(stock, i, held[i], offered[j], bought, j)
        value_run += _settle(i, j, kg, fg[j], f_cash, f_rev_cum, f_rev_win, f_kg_win, t_cash)
        kg_run += kg
    if c_run >= 0:
        day[c_run, D_FARM_VALUE] = value_run
        day[c_run, D_FARM_KG] = kg_run


@jit
def _sell(stock, i, held_i, ratio, bought, j):
    """Move ``ratio`` of farmer i's stock, bucket by bucket, to trader j; returns the kg sold,
    the kg left (summed in bucket order) and the mask of the buckets still holding goods. Only
    buckets in the mask ``held_i`` (see :func:`sim.kernels.farm.nonzero_buckets`) can hold
    goods; empty ones are skipped, since selling or adding their 0 kg changes nothing."""
    kg = 0.0
    left = 0.0
    still = held_i
    rest = held_i
    while rest != 0:
        b = trailing_zeros(rest)
        rest &= rest - 1  # clear the lowest set bit: buckets in increasing order
        s = stock[i, b]
        q = s * ratio
        if q > 0.0:
            s -= q
            stock[i, b] = s
            bought[j, b] += q
            kg += q
            if s == 0.0:
                still &= ~(1 << b)
        left += s
    return kg, left, still


@jit
def _settle(i, j, kg, price, f_cash, f_rev_cum, f_rev_win, f_kg_win, t_cash):
    """Trader j pays farmer i for ``kg`` at ``price`` (Rp/kg); returns the value (Rp)."""
    value = kg * price
    f_cash[i] += value
    f_rev_cum[i] += value
    f_rev_win[i] += value
    f_kg_win[i] += kg
    t_cash[j] -= value
    return value


@jit(inline=True)
def _ship(
    t, transit_days, comm, is_direct, share, bought, transit, t_cash, claim, cpar, goods, flows, day
):
    """Traders sell their non-Surabaya share in other markets and truck the rest to Surabaya.

    Breakage is lost on the road; freight is paid per kg loaded; shippers the logistics
    subsidy covers claim it per kg loaded (``claim``, Rp; paid by the governments after the day).
    """
    n_buckets = bought.shape[1]
    slot = (t + transit_days) % transit.shape[1]
    for j in range(comm.shape[0]):
        c = comm[j]
        s = share[j]
        br = cpar[c].breakage_today
        p_else = cpar[c].elsewhere_price_today_rp_per_kg
        to_sby = 0.0
        for b in range(n_buckets):
            q = bought[j, b]
            if q <= 0.0:
                continue
            bought[j, b] = 0.0
            qs = q * s
            qe = q - qs
            if qe > 0.0:
                t_cash[j] += qe * p_else
                flows[F_ELSEWHERE_IN] += qe * p_else
                goods[c, G_SOLD_ELSEWHERE] += qe
            broken = qs * br
            goods[c, G_LOST_BREAKAGE] += broken
            transit[j, slot, b] += qs - broken
            to_sby += qs
        if to_sby > 0.0:
            freight = to_sby * cpar[c].freight_today_rp_per_kg
            t_cash[j] -= freight
            flows[F_FREIGHT_OUT] += freight
            day[c, D_SHIPPED] += to_sby
            if is_direct[j] == 1:
                day[c, D_DIRECT_SHIPPED] += to_sby
            rate = (
                cpar[c].subsidy_today_rp_per_kg
                if is_direct[j] == 1
                else cpar[c].subsidy_middlemen_today_rp_per_kg
            )
            claim[j] = to_sby * rate
            day[c, D_SUBSIDY_CLAIM] += claim[j]
        else:
            claim[j] = 0.0


@jit(inline=True)
def _arrive(t, transit, inventory):
    """Shipments due today join their trader's inventory at the Surabaya wholesale market."""
    n_buckets = inventory.shape[1]
    slot = t % transit.shape[1]
    for j in range(inventory.shape[0]):
        for b in range(n_buckets):
            q = transit[j, slot, b]
            if q > 0.0:
                inventory[j, b] += q
                transit[j, slot, b] = 0.0


@jit(inline=True)
def _spoil_traders(t, comm, transit, inventory, cpar, goods):
    """Goods past shelf life spoil on trucks and at the market (the day's oldest bucket), and
    goods held unsold at the market lose ``market_holding_loss_per_day`` of their weight."""
    n_buckets = inventory.shape[1]
    for j in range(comm.shape[0]):
        c = comm[j]
        b = (t - int(cpar[c].shelf_life_days)) % n_buckets
        for s in range(transit.shape[1]):
            q = transit[j, s, b]
            if q > 0.0:
                goods[c, G_LOST_TRANSIT] += q
                transit[j, s, b] = 0.0
        q = inventory[j, b]
        if q > 0.0:
            goods[c, G_LOST_MARKET] += q
            inventory[j, b] = 0.0
        # goods held over unsold lose a share each day (cracks, wilting, handling)
        h = cpar[c].market_holding_loss_per_day
        if h > 0.0:
            for k in range(n_buckets):
                q = inventory[j, k] * h
                if q > 0.0:
                    inventory[j, k] -= q
                    goods[c, G_LOST_MARKET] += q


# ---------------------------------------------------------------- checked wrappers
# As in sim.kernels.farm: each takes the populations whole, checks every array and runs the
# core; ``bind_*`` checks once and returns the core bound to the arrays of a run.


def trader_prices(t, traders, p_hist, info_z, lag_base, noise_base, lag_sys, noise_sys,
                  sys_active, bargain, cpar, fg_direct, day) -> None:  # fmt: skip
    """Traders' expectations, shipping shares, margins and farm-gate prices (see
    :func:`_trader_prices`): information lags in days, noise as the sd of a log error,
    ``sys_active`` whether the information system runs, ``bargain`` the informed farmers'
    bargaining share."""
    check_commodities(cpar)
    for name, value, kind in (
        ("lag_base", lag_base, int),
        ("noise_base", noise_base, float),
        ("lag_sys", lag_sys, int),
        ("noise_sys", noise_sys, float),
        ("sys_active", sys_active, bool),
        ("bargain", bargain, float),
    ):
        check_scalar(name, value, kind)  # fmt: skip
    bind_trader_prices(traders, p_hist, info_z, fg_direct, day)(
        t, lag_base, noise_base, lag_sys, noise_sys, sys_active, bargain, cpar
    )


def bind_trader_prices(traders, p_hist, info_z, fg_direct, day):
    """``run(t, lag_base, noise_base, lag_sys, noise_sys, sys_active, bargain, cpar)``:
    :func:`trader_prices` on these arrays (the caller checks the scalars, which may change
    with a dated schedule, when they change)."""
    traders.check()
    check_array("p_hist", p_hist, F8, 2)
    n_c = p_hist.shape[0]
    check_array("info_z", info_z, F8, 1, len(traders))
    check_array("fg_direct", fg_direct, F8, 1, n_c)
    check_accounts(n_c, day)
    tr, core = traders, _trader_prices

    def run(t, lag_base, noise_base, lag_sys, noise_sys, sys_active, bargain, cpar):
        core(int(t), tr.comm, tr.is_direct, tr.access, tr.margin, p_hist, info_z, int(lag_base),
             float(noise_base), int(lag_sys), float(noise_sys), bool(sys_active),
             tr.informed_share, float(bargain), cpar, tr.exp_price, tr.share, tr.fg, fg_direct,
             day)  # fmt: skip

    return run


def purchase(farmers, traders, direct_idx, cpar, day, offer_kg, held) -> None:
    """Traders buy their farmers' stock (see :func:`_purchase`)."""
    check_commodities(cpar)
    bind_purchase(farmers, traders, direct_idx, day, offer_kg, held)(cpar)


def bind_purchase(farmers, traders, direct_idx, day, offer_kg, held):
    """``run(cpar)``: :func:`purchase` on these arrays."""
    farmers.check()
    traders.check()
    check_array("direct_idx", direct_idx, I8, 1)
    check_accounts(direct_idx.shape[0], day)
    check_array("offer_kg", offer_kg, F8, 1, len(farmers))
    check_array("held", held, I8, 1, len(farmers))
    # the kernel indexes traders by these without numba's wraparound of negative indices
    for name, idx in (("farmers.trader", farmers.trader), ("direct_idx", direct_idx)):
        if idx.size and not 0 <= idx.min() <= idx.max() < len(traders):
            raise ValueError(f"{name}: trader indices outside 0..{len(traders) - 1}")
    f, tr, core = farmers, traders, _purchase

    def run(cpar):
        core(f.comm, f.channel, f.trader, f.stock, f.cash, f.rev_cum, f.rev_win, f.kg_win,
             tr.cap, tr.fg, tr.cash, tr.bought, tr.offered, direct_idx, cpar, day, offer_kg,
             held)  # fmt: skip

    return run


def ship(t, transit_days, traders, cpar, goods, flows, day) -> None:
    """Traders sell elsewhere and truck the rest to Surabaya (see :func:`_ship`)."""
    check_commodities(cpar)
    bind_ship(traders, goods, flows, day)(t, transit_days, cpar)


def bind_ship(traders, goods, flows, day):
    """``run(t, transit_days, cpar)``: :func:`ship` on these arrays."""
    traders.check()
    check_array("goods", goods, F8, 2)
    check_accounts(goods.shape[0], day, goods, flows)
    tr, core = traders, _ship
    slots = traders.transit.shape[1]

    def run(t, transit_days, cpar):
        check_scalar("transit_days", transit_days, int)
        if not 1 <= transit_days < slots:
            raise ValueError(f"transit_days: {transit_days} is outside 1..{slots - 1}")
        core(int(t), int(transit_days), tr.comm, tr.is_direct, tr.share, tr.bought, tr.transit,
             tr.cash, tr.claim, cpar, goods, flows, day)  # fmt: skip

    return run


def arrive(t, traders) -> None:
    """Shipments due today reach the Surabaya market (see :func:`_arrive`)."""
    bind_arrive(traders)(t)


def bind_arrive(traders):
    """``run(t)``: :func:`arrive` for these traders."""
    traders.check()
    tr, core = traders, _arrive

    def run(t):
        core(int(t), tr.transit, tr.inventory)

    return run


def spoil_traders(t, traders, cpar, goods) -> None:
    """Goods past shelf life spoil on trucks and at market (see :func:`_spoil_traders`)."""
    check_commodities(cpar)
    bind_spoil_traders(traders, goods)(t, cpar)


def bind_spoil_traders(traders, goods):
    """``run(t, cpar)``: :func:`spoil_traders` on these arrays."""
    traders.check()
    check_array("goods", goods, F8, 2)
    check_accounts(goods.shape[0], None, goods)
    tr, core = traders, _spoil_traders

    def run(t, cpar):
        core(int(t), tr.comm, tr.transit, tr.inventory, cpar, goods)

    return run
